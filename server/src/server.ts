// The ML Practice language server: lint diagnostics, quick fixes and rule hovers for Python
// files and Jupyter notebooks. Speaks LSP over stdio or node IPC; logs only via the connection.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  NotebookDocuments,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from './codeActions';
import { sameDiagnostic, SOURCE } from './diagnostics';
import { hoverFor } from './hover';
import { ProjectConfigs } from './projectConfig';
import { LintScheduler, type ResolvedOptions } from './scheduler';
import {
  DEFAULT_SETTINGS,
  lintOptions,
  parseEditorSettings,
  type EditorLintSettings,
} from './settings';
import { notebookTarget, Parsers, scriptTarget, type LintTarget } from './targets';

/** The longest an edit in a burst waits for the one before it to be linted. */
const MAX_DELAY_MS = 200;

const connection = createConnection(ProposedFeatures.all);
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
    publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    logError: (message) => connection.console.error(message),
    idleMs: () => performance.eventLoopUtilization().idle,
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
documents.onDidChangeContent((event) => scheduler.schedule(event.document.uri));
documents.onDidClose((event) => {
  parsers.close(event.document.uri);
  scheduler.close(event.document.uri);
});

notebooks.onDidOpen((notebook) => {
  openNotebooks.add(notebook.uri);
  void scheduler.flush(notebook.uri);
});
notebooks.onDidChange((event) => scheduler.schedule(event.notebookDocument.uri));
notebooks.onDidClose((notebook) => {
  openNotebooks.delete(notebook.uri);
  parsers.close(notebook.uri);
  scheduler.close(notebook.uri);
});

connection.onCodeAction(async (params) => {
  const uri = params.textDocument.uri;
  await scheduler.flush(targetUriOf(uri));
  const diagnostics = askedAbout(uri, params.context.diagnostics, params.range);
  const script = documents.get(uri);
  const document = script ?? notebooks.cellTextDocuments.get(uri);
  if (document === undefined) return [];
  const text = document.getText();
  const parse = script === undefined ? undefined : () => parsers.forScript(uri).parse(text);
  return codeActionsFor(uri, text, diagnostics, parse);
});

connection.onHover(async (params) => {
  const uri = params.textDocument.uri;
  await scheduler.flush(targetUriOf(uri));
  return hoverFor(scheduler.diagnosticsOf(uri), params.position);
});

/**
 * The diagnostics of the current text that a code action request is about: those the client
 * names, else every one overlapping the range. The client may name diagnostics published for
 * an older version of the text; the range is always in the current one.
 */
function askedAbout(uri: string, named: Diagnostic[], range: Diagnostic['range']): Diagnostic[] {
  const ours = named.filter((diagnostic) => diagnostic.source === SOURCE);
  const current = scheduler.diagnosticsOf(uri);
  const matching = current.filter((diagnostic) =>
    ours.some((asked) => sameDiagnostic(diagnostic, asked)),
  );
  return matching.length > 0 ? matching : overlapping(uri, range);
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

process.on('uncaughtException', (error) => {
  connection.console.error(`Unexpected error: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unexpected rejection: ${String(reason)}`);
});

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
