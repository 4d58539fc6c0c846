// The ML Practice language server: lint diagnostics, quick fixes and rule hovers for Python
// files and Jupyter notebooks. Speaks LSP over stdio or node IPC; logs through the connection.
import { Console } from 'node:console';
import {
  CodeActionKind,
  CodeActionRequest,
  CodeActionTriggerKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  HoverRequest,
  LSPErrorCodes,
  NotebookDocuments,
  ProposedFeatures,
  ResponseError,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type ConnectionOptions,
  type Diagnostic,
  type DidChangeNotebookDocumentParams,
  type InitializeResult,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from './codeActions';
import { diagnosticKey, SOURCE } from './diagnostics';
import { hoverFor } from './hover';
import { documentParamsProblem } from './documentParams';
import { FramedMessageReader } from './frames';
import { immediatesPending, InputWatch, transportOf } from './inputWatch';
import { Lifecycle, Refusal, REFUSED_METHOD } from './lifecycle';
import { vetNotebookChange } from './notebookChanges';
import { ProjectConfigs } from './projectConfig';
import { LintScheduler, type ResolvedOptions } from './scheduler';
import {
  DEFAULT_SETTINGS,
  lintOptions,
  parseEditorSettings,
  type EditorLintSettings,
} from './settings';
import { noteChange, notebookTarget, Parsers, scriptTarget, type LintTarget } from './targets';

/** The longest an edit in a burst waits for the one before it to be linted. */
const MAX_DELAY_MS = 200;

const lifecycle = new Lifecycle();
const connectionOptions: ConnectionOptions = {
  messageStrategy: {
    handleMessage: (message, next) => {
      const admitted = lifecycle.admit(message);
      if (admitted === undefined) return;
      type Fields = Partial<Record<'method' | 'id' | 'params', unknown>>;
      const { method, id, params } = admitted as Fields;
      const problem =
        typeof method === 'string' && id === undefined
          ? documentParamsProblem(method, params)
          : undefined;
      if (problem === undefined) return next(admitted);
      connection.console.warn(`${method as string} is left out: ${problem}.`);
    },
  },
};
const stdio = process.argv.includes('--stdio');
const connection = stdio
  ? stdioConnection()
  : createConnection(ProposedFeatures.all, connectionOptions);
const transport = transportOf(process.argv);
let shutdownRequested = false;
connection.onShutdown(() => {
  shutdownRequested = true;
});
connection.onRequest(REFUSED_METHOD, (refusal: unknown) =>
  refusal instanceof Refusal
    ? new ResponseError(refusal.code, refusal.message)
    : new ResponseError(ErrorCodes.MethodNotFound, `${REFUSED_METHOD} is not for clients`),
);

/**
 * The connection over stdin and stdout. The server reads the frames itself, so that input it
 * cannot read is answered or reported instead of leaving it waiting; whatever writes to the
 * console goes to stderr, since stdout carries the protocol.
 */
function stdioConnection(): Connection {
  globalThis.console = new Console(process.stderr, process.stderr);
  const say = (text: string): boolean =>
    process.stderr.write(`ML Practice language server: ${text}\n`);
  const writer = new StreamMessageWriter(process.stdout);
  let leaving = false;
  const reader = new FramedMessageReader(process.stdin, {
    refuse: (error) => {
      say(error.message);
      void writer.write({ jsonrpc: '2.0', id: null, error } as ResponseMessage);
    },
    broken: (error) => {
      leaving = true;
      say(`${error.message}. Nothing after it can be read; exiting.`);
      exitOnceAnswered(() => 1);
    },
    // Without input the server is of no use: once it has handled what it read, it exits,
    // saying why unless it was asked to stop.
    ended: (unread) => {
      if (leaving) return;
      leaving = true;
      if (unread > 0) say(`the input ended ${unread} bytes into a message, which is not read.`);
      exitOnceAnswered(() => {
        if (!shutdownRequested) say('the connection to the editor is closed; exiting.');
        return shutdownRequested ? 0 : 1;
      });
    },
  });
  return createConnection(ProposedFeatures.all, reader, writer, connectionOptions);
}

/** The longest the server waits, once its input is gone, for what it owes to be sent. */
const MAX_WAIT_BEFORE_EXIT_MS = 5000;
const QUIET_CHECK_MS = 10;

/**
 * Exits with `code()` once the server owes nothing it can still send: the messages already
 * read are handled (an `exit` among them ends the server itself; the connection hands them over
 * one per turn of the event loop), no analysis that a request or a publication waits on is
 * under way, and stdout has taken all that was written to it (or is closed). It waits at most
 * MAX_WAIT_BEFORE_EXIT_MS, since a request may wait on an editor that will not answer.
 */
function exitOnceAnswered(code: () => number): void {
  const deadline = performance.now() + MAX_WAIT_BEFORE_EXIT_MS;
  const check = (): void => {
    const output = process.stdout;
    const sent = output.writableLength === 0 || output.destroyed;
    const quiet = sent && !immediatesPending() && scheduler.idle;
    if (quiet || performance.now() > deadline) process.exit(code());
    else setTimeout(check, QUIET_CHECK_MS);
  };
  setImmediate(check);
}
const inputWatch = new InputWatch(transport.inputs, { output: transport.output });
const documents = new TextDocuments(TextDocument);
const notebooks = new NotebookDocuments(TextDocument);
const openNotebooks = new Set<string>();
const parsers = new Parsers();
const editorSettings = new Map<string, Promise<EditorLintSettings>>();
const projects = new ProjectConfigs((message) => warnOnce(message));
const warned = new Set<string>();
let capabilities: ClientCapabilities = {};
/** Settings pushed with didChangeConfiguration, for clients that cannot be asked for them. */
let globalSettings: EditorLintSettings = { ...DEFAULT_SETTINGS };

const scheduler = new LintScheduler(
  {
    target: currentTarget,
    options: resolveOptions,
    publish: (uri, diagnostics, version) =>
      connection.sendDiagnostics({ uri, diagnostics, version }),
    logError: (message) => connection.console.error(message),
    waitsForInput: () => inputWatch.waits(),
  },
  MAX_DELAY_MS,
);

connection.onInitialize((params): InitializeResult => {
  capabilities = params.capabilities;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      // Markdown cells are synchronised too, so cell positions match the notebook's.
      notebookDocumentSync: {
        notebookSelector: [
          {
            notebook: { notebookType: 'jupyter-notebook' },
            cells: [{ language: 'python' }, { language: 'markdown' }],
          },
        ],
      },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
    },
    serverInfo: { name: 'ml-practice' },
  };
});

connection.onInitialized(() => {
  connection.console.info('ML Practice language server started');
  const workspace = capabilities.workspace;
  if (workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, {
      section: 'mlPractice',
    });
  }
  if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/pyproject.toml' }],
    });
  }
});

function currentTarget(uri: string): LintTarget | undefined {
  const notebook = notebooks.getNotebookDocument(uri);
  if (notebook !== undefined) return notebookTarget(notebook, notebooks, parsers);

  const document = documents.get(uri);
  return document?.languageId === 'python' ? scriptTarget(document, parsers) : undefined;
}

/** The target a document belongs to: its notebook for a cell, else the document itself. */
function targetUriOf(documentUri: string): string {
  return notebooks.findNotebookDocumentForCell(documentUri)?.uri ?? documentUri;
}

async function resolveOptions(target: LintTarget): Promise<ResolvedOptions> {
  const editor = await settingsFor(target.uri);
  const project = projects.settingsFor(target.uri);
  return {
    enable: editor.enable && !project.excluded,
    options: lintOptions(editor, project.options),
  };
}

function settingsFor(scopeUri: string): Promise<EditorLintSettings> {
  let settings = editorSettings.get(scopeUri);
  if (settings === undefined) {
    settings = fetchSettings(scopeUri);
    editorSettings.set(scopeUri, settings);
  }
  return settings;
}

async function fetchSettings(scopeUri: string): Promise<EditorLintSettings> {
  if (!capabilities.workspace?.configuration) return globalSettings;
  try {
    const raw: unknown = await connection.workspace.getConfiguration({
      scopeUri,
      section: 'mlPractice.lint',
    });
    return parseEditorSettings(raw, warnOnce);
  } catch (error) {
    connection.console.error(`Reading mlPractice.lint settings failed: ${String(error)}`);
    return { ...DEFAULT_SETTINGS };
  }
}

function warnOnce(message: string): void {
  connection.console.warn(message);
  if (warned.has(message)) return;
  warned.add(message);
  void connection.window.showWarningMessage(`ML Practice: ${message}`);
}

function openTargets(): string[] {
  const scripts = documents.all().filter((document) => document.languageId === 'python');
  return [...scripts.map((document) => document.uri), ...openNotebooks];
}

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as { mlPractice?: { lint?: unknown } } | null)?.mlPractice?.lint;
  if (pushed !== undefined) globalSettings = parseEditorSettings(pushed, warnOnce);
  editorSettings.clear();
  scheduler.invalidateAll(openTargets());
});

connection.onDidChangeWatchedFiles((change) => {
  if (!change.changes.some((event) => event.uri.endsWith('/pyproject.toml'))) return;
  connection.console.info('pyproject.toml changed; linting open documents again');
  projects.clear();
  warned.clear();
  scheduler.invalidateAll(openTargets());
});

documents.onDidOpen((event) => void scheduler.flush(event.document.uri));
documents.onDidChangeContent((event) => {
  noteChange(event.document);
  scheduler.schedule(event.document.uri);
});
documents.onDidClose((event) => {
  parsers.close(event.document.uri);
  scheduler.close(event.document.uri);
});

notebooks.onDidOpen((notebook) => {
  openNotebooks.add(notebook.uri);
  void scheduler.flush(notebook.uri);
});
notebooks.onDidChange((event) => {
  noteChange(event.notebookDocument);
  scheduler.schedule(event.notebookDocument.uri);
});
notebooks.onDidClose((notebook) => {
  openNotebooks.delete(notebook.uri);
  parsers.close(notebook.uri);
  scheduler.close(notebook.uri);
});

// Registered as plain requests: the library's own helpers read progress tokens from the params
// before a handler could tell the client its params are missing.
connection.onRequest(CodeActionRequest.type, async (params, token) => {
  const uri: unknown = params?.textDocument?.uri;
  if (typeof uri !== 'string' || !isRange(params.range)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'textDocument/codeAction: expected textDocument.uri and a range',
    );
  }
  const context: unknown = params.context;
  const named: unknown[] =
    isRecord(context) && Array.isArray(context.diagnostics) ? context.diagnostics : [];
  // An editor asks on its own wherever the cursor goes, naming the diagnostics it shows there.
  // Where it shows none of ours there is nothing to fix, and answering must not analyse a
  // document in the middle of a burst of edits.
  const automatic = isRecord(context) && context.triggerKind === CodeActionTriggerKind.Automatic;
  if (automatic && !named.some(isOurs)) return [];
  // Every action offered is a quick fix: a request for other kinds only gets none.
  if (isRecord(context) && !asksFor(context.only, CodeActionKind.QuickFix)) return [];
  // Fixes are read from the diagnostics of the text they edit, or none are offered.
  if (!(await scheduler.flush(targetUriOf(uri), token))) return notAnswered(token, []);
  const diagnostics = askedAbout(uri, named, params.range);
  const script = documents.get(uri);
  const document = script ?? notebooks.cellTextDocuments.get(uri);
  if (document === undefined) return [];
  const text = document.getText();
  const parse = script === undefined ? undefined : () => parsers.forScript(uri).parse(text);
  return codeActionsFor(uri, text, diagnostics, parse);
});

connection.onRequest(HoverRequest.type, async (params, token) => {
  const uri: unknown = params?.textDocument?.uri;
  if (typeof uri !== 'string' || !isPosition(params.position)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'textDocument/hover: expected textDocument.uri and a position',
    );
  }
  if (!(await scheduler.flush(targetUriOf(uri), token))) return notAnswered(token, null);
  return hoverFor(scheduler.diagnosticsOf(uri), params.position);
});

/**
 * The answer to a request whose diagnostics could not be brought up to date: the protocol's
 * cancellation error when the client cancelled it, else `empty`.
 */
function notAnswered<T>(token: CancellationToken, empty: T): T {
  if (token.isCancellationRequested) {
    throw new ResponseError(LSPErrorCodes.RequestCancelled, 'the request was cancelled');
  }
  return empty;
}

/**
 * The diagnostics of the current text that a code action request is about: those the client
 * names, else every one overlapping the range. The client may name diagnostics published for
 * an older version of the text; the range is always in the current one.
 */
function askedAbout(uri: string, named: unknown[], range: Diagnostic['range']): Diagnostic[] {
  const asked = new Set<string>();
  for (const diagnostic of named) {
    if (isOurs(diagnostic)) asked.add(diagnosticKey(diagnostic));
  }
  const current = scheduler.diagnosticsOf(uri);
  const matching = current.filter((diagnostic) => asked.has(diagnosticKey(diagnostic)));
  return matching.length > 0 ? matching : overlapping(uri, range);
}

function isPosition(value: unknown): value is Diagnostic['range']['start'] {
  const position = value as Partial<Diagnostic['range']['start']> | null | undefined;
  return typeof position?.line === 'number' && typeof position.character === 'number';
}

function isRange(value: unknown): value is Diagnostic['range'] {
  const range = value as Partial<Diagnostic['range']> | null | undefined;
  return isPosition(range?.start) && isPosition(range?.end);
}

/** A diagnostic as a client may send it back: malformed ones are passed over. */
function isDiagnostic(value: unknown): value is Diagnostic {
  const diagnostic = value as Partial<Diagnostic> | null | undefined;
  return typeof diagnostic?.message === 'string' && isRange(diagnostic.range);
}

/**
 * Whether a code action request's `only` lets through actions of `kind`: when it is not a
 * list, or some kind in it is `kind` or a kind above it (`a` is above `a.b`; `""` above all).
 */
function asksFor(only: unknown, kind: string): boolean {
  if (!Array.isArray(only)) return true;
  return only.some(
    (wanted) =>
      typeof wanted === 'string' &&
      (wanted === '' || kind === wanted || kind.startsWith(`${wanted}.`)),
  );
}

function isOurs(value: unknown): value is Diagnostic {
  return isDiagnostic(value) && value.source === SOURCE;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function overlapping(uri: string, range: Diagnostic['range']): Diagnostic[] {
  return scheduler
    .diagnosticsOf(uri)
    .filter(
      (diagnostic) =>
        !isBefore(diagnostic.range.end, range.start) &&
        !isBefore(range.end, diagnostic.range.start),
    );
}

function isBefore(a: Diagnostic['range']['start'], b: Diagnostic['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * Logs what no handler caught and keeps serving; once the client is gone and the log cannot
 * reach it, there is no one left to serve, so the server says why on stderr and exits.
 */
function reportUnexpected(message: string): void {
  try {
    connection.console.error(message);
  } catch {
    process.stderr.write(
      `ML Practice language server: the connection to the editor is closed; exiting. ${message}\n`,
    );
    process.exit(1);
  }
}
process.on('uncaughtException', (error) => {
  reportUnexpected(`Unexpected error: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (reason) => {
  reportUnexpected(`Unexpected rejection: ${String(reason)}`);
});

documents.listen(connection);
notebooks.listen(withCellListChanges(connection));
connection.listen();

/**
 * The connection as the notebook library listens on it (through `notebooks.synchronization`
 * alone), with a step before and after each notebook change. Before: the change is vetted (see
 * notebookChanges.ts), since the library would stop halfway through one it cannot apply.
 * After: the library reports a change only when cells were opened, closed or edited; a cell
 * moved or removed without that changes the order of the cells all the same, which the
 * analysis reads, so a change to the list of cells schedules the notebook too.
 */
function withCellListChanges(connection: Connection): Connection {
  const synchronization = connection.notebooks.synchronization;
  const view = {
    notebooks: {
      synchronization: {
        ...synchronization,
        onDidChangeNotebookDocument: (handle: (params: DidChangeNotebookDocumentParams) => void) =>
          synchronization.onDidChangeNotebookDocument((params) => {
            const now = notebooks.getNotebookDocument(params?.notebookDocument?.uri);
            const cellsNow = now?.cells.map((cell) => cell.document);
            const vetted = vetNotebookChange(params, cellsNow);
            vetted.warnings.forEach((warning) => connection.console.warn(warning));
            if (vetted.params === undefined) return;
            handle(vetted.params);
            const uri = params?.notebookDocument?.uri;
            const listChanged = params?.change?.cells?.structure !== undefined;
            const notebook = notebooks.getNotebookDocument(uri);
            if (listChanged && notebook !== undefined) {
              noteChange(notebook);
              scheduler.schedule(uri);
            }
          }),
      },
    },
  };
  return view as unknown as Connection;
}
