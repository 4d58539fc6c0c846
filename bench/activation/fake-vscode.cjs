// A stand-in for the `vscode` module, for timing the extension's activation outside an editor:
// it records what the extension registers and answers queries as an empty, trusted workspace.
'use strict';
const path = require('node:path');

const registrations = [];
/** Every line the extension writes to its output channels, to check that activation succeeded. */
const outputLines = [];

class Disposable {
  constructor(onDispose) {
    this.onDispose = onDispose;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item?.dispose?.()));
  }
  dispose() {
    this.onDispose?.();
    this.onDispose = undefined;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener, thisArg) => {
      const bound = thisArg === undefined ? listener : listener.bind(thisArg);
      this.listeners.add(bound);
      return new Disposable(() => this.listeners.delete(bound));
    };
  }
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Uri {
  constructor(scheme, authority, uriPath, query, fragment) {
    Object.assign(this, { scheme, authority, path: uriPath, query, fragment });
  }
  get fsPath() {
    return this.path;
  }
  static file(fsPath) {
    return new Uri('file', '', path.resolve(fsPath), '', '');
  }
  static parse(value) {
    const match = /^([a-z][\w+.-]*):(?:\/\/([^/]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(value);
    if (match === null) return new Uri('file', '', value, '', '');
    return new Uri(match[1], match[2] ?? '', decodeURIComponent(match[3]), match[4] ?? '', match[5] ?? '');
  }
  static from(parts) {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
  }
  static joinPath(base, ...segments) {
    return base.with({ path: path.posix.join(base.path, ...segments) });
  }
  with(change) {
    const next = { ...this, ...change };
    return new Uri(next.scheme, next.authority, next.path, next.query, next.fragment);
  }
  toString() {
    const query = this.query ? `?${this.query}` : '';
    return `${this.scheme}://${this.authority}${encodeURI(this.path)}${query}`;
  }
  toJSON() {
    return { scheme: this.scheme, authority: this.authority, path: this.path };
  }
}

/** Value classes the extension constructs: they keep their arguments and nothing else. */
function valueClass(name) {
  return {
    [name]: class {
      constructor(...args) {
        this.args = args;
      }
    },
  }[name];
}

class Position {
  constructor(line, character) {
    Object.assign(this, { line, character });
  }
}

class Range {
  constructor(a, b, c, d) {
    this.start = typeof a === 'number' ? new Position(a, b) : a;
    this.end = typeof a === 'number' ? new Position(c, d) : b;
  }
}

/** An enum whose members are distinct numbers, created as they are read. */
function enumeration() {
  const values = new Map();
  return new Proxy({}, {
    get: (_target, key) => {
      if (typeof key !== 'string') return undefined;
      if (!values.has(key)) values.set(key, values.size + 1);
      return values.get(key);
    },
  });
}

function record(kind, args) {
  registrations.push({ kind, id: typeof args[0] === 'string' ? args[0] : undefined });
  return new Disposable();
}

/** An event the editor would fire; the extension's listeners are recorded, never called. */
function event(name) {
  return (...args) => record(`event:${name}`, args);
}

function configuration() {
  return {
    get: (_key, defaultValue) => defaultValue,
    has: () => false,
    inspect: () => undefined,
    update: async () => undefined,
  };
}

function outputChannel(name) {
  const lines = outputLines;
  const write = (level) => (message) => lines.push(`[${level}] ${message}`);
  return {
    name,
    lines,
    logLevel: 2,
    onDidChangeLogLevel: event('logLevel'),
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    append: write('append'),
    appendLine: write('line'),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

/** A namespace whose `onDid…`/`onWill…` members are events and `register…` members record. */
function namespace(name, members) {
  return new Proxy(members, {
    get: (target, key) => {
      if (key in target || typeof key !== 'string') return target[key];
      if (/^on(Did|Will)/.test(key)) return event(`${name}.${key}`);
      if (/^register/.test(key)) return (...args) => record(`${name}.${key}`, args);
      throw new Error(`the fake vscode module has no ${name}.${key}; add it to bench/activation`);
    },
  });
}

class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other) {
    return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other) {
    return this.contains(other) || other.contains(this);
  }
}
for (const [name, value] of Object.entries({ Empty: '', QuickFix: 'quickfix', Refactor: 'refactor', Source: 'source' })) {
  CodeActionKind[name] = new CodeActionKind(value);
}

class CancellationTokenSource {
  constructor() {
    const cancelled = new EventEmitter();
    this.cancelled = cancelled;
    this.token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
  }
  cancel() {
    this.token.isCancellationRequested = true;
    this.cancelled.fire();
  }
  dispose() {
    this.cancelled.dispose();
  }
}

const statusBarItem = () => ({ show() {}, hide() {}, dispose() {} });

const members = {
  version: '1.95.0',
  Disposable,
  EventEmitter,
  CancellationTokenSource,
  CodeActionKind,
  CancellationError: class CancellationError extends Error {},
  Uri,
  Position,
  Range,
  ...Object.fromEntries(
    [
      'CodeLens',
      'CustomExecution',
      'Diagnostic',
      'Location',
      'MarkdownString',
      'RelativePattern',
      'Task',
      'TestMessage',
      'TestRunRequest',
      'ThemeColor',
      'ThemeIcon',
      'TreeItem',
    ].map((name) => [name, valueClass(name)]),
  ),
  DiagnosticSeverity: enumeration(),
  TextEditorRevealType: enumeration(),
  TreeItemCollapsibleState: enumeration(),
  NotebookCellKind: { Markup: 1, Code: 2 },
  StatusBarAlignment: enumeration(),
  ProgressLocation: enumeration(),
  TaskScope: enumeration(),
  TaskRevealKind: enumeration(),
  TaskGroup: { Test: { id: 'test' }, Build: { id: 'build' } },
  TestRunProfileKind: enumeration(),
  FileType: enumeration(),
  ViewColumn: enumeration(),
  ExtensionMode: enumeration(),
  window: namespace('window', {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: { all: [] },
    createOutputChannel: (name) => outputChannel(name),
    createStatusBarItem: statusBarItem,
    createTextEditorDecorationType: () => ({ key: 'decoration', dispose() {} }),
    createTreeView: (id) => {
      record('window.createTreeView', [id]);
      return { ...namespace(`treeView.${id}`, {}), reveal: async () => undefined, dispose() {} };
    },
    showQuickPick: async () => undefined,
    withProgress: async (_options, task) => task({ report() {} }, new CancellationTokenSource().token),
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showInformationMessage: async () => undefined,
  }),
  workspace: namespace('workspace', {
    isTrusted: true,
    workspaceFolders: undefined,
    textDocuments: [],
    notebookDocuments: [],
    getConfiguration: configuration,
    getWorkspaceFolder: () => undefined,
    asRelativePath: (value) => (typeof value === 'string' ? value : value.fsPath),
    fs: namespace('fs', {
      stat: async () => {
        throw new Error('no such file in the empty workspace');
      },
      readFile: async () => {
        throw new Error('no such file in the empty workspace');
      },
      readDirectory: async () => [],
    }),
    createFileSystemWatcher: () => namespace('watcher', { dispose() {} }),
  }),
  languages: namespace('languages', {
    match: () => 0,
    createDiagnosticCollection: (name) => ({
      name,
      set() {},
      delete() {},
      clear() {},
      forEach() {},
      get: () => undefined,
      has: () => false,
      dispose() {},
    }),
  }),
  commands: namespace('commands', { executeCommand: async () => undefined }),
  tasks: namespace('tasks', {}),
  tests: namespace('tests', {
    createTestController: (id) => {
      record('tests.createTestController', [id]);
      return {
        id,
        items: { add() {}, delete() {}, replace() {}, forEach() {}, get: () => undefined, size: 0 },
        createRunProfile: () => ({ dispose() {} }),
        createTestItem: (itemId, label) => ({ id: itemId, label, children: { add() {}, replace() {} } }),
        createTestRun: () => ({ passed() {}, failed() {}, errored() {}, end() {} }),
        dispose() {},
      };
    },
  }),
  extensions: namespace('extensions', { getExtension: () => undefined, all: [] }),
  env: namespace('env', { appName: 'bench', language: 'en', machineId: 'bench', uiKind: 1 }),
  l10n: { t: (message) => message },
};

/**
 * Any other capitalised name is a value class (the language client subclasses several at load
 * time); any other lowercase name is an error naming what is missing.
 */
const valueClasses = new Map();
const vscode = new Proxy(members, {
  get: (target, key) => {
    if (key in target || typeof key !== 'string') return target[key];
    if (key === '__esModule' || key === 'default') return undefined;
    if (!/^[A-Z]/.test(key)) throw new Error(`the fake vscode module has no ${key}`);
    if (!valueClasses.has(key)) valueClasses.set(key, valueClass(key));
    return valueClasses.get(key);
  },
});

module.exports = { vscode, registrations, outputLines, Uri, EventEmitter };
