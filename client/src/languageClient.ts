// Starts the bundled ML Practice language server for Python files and notebook cells, and
// offers a command to restart it.
import * as vscode from 'vscode';
import type * as LanguageClientLibrary from './languageClientLibrary';
import type {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV, serverEnvironment } from './serverProcess';

const LESSON_COMMAND = 'mlPractice.openLesson';

let client: LanguageClient | undefined;
let pendingStart: { timer: NodeJS.Immediate; done: () => void } | undefined;

/**
 * Creates the client and starts the server just after activation, which need not wait for
 * either; the returned promise settles when the start does (or is called off by a stop).
 */
export function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('mlPractice.restartServer', () => restart(log)),
    { dispose: () => void stopLanguageClient() },
  );

  return new Promise((resolve) => {
    const timer = setImmediate(() => {
      pendingStart = undefined;
      client = createClient(context, log);
      void startSafely(client, log).then(resolve);
    });
    pendingStart = { timer, done: resolve };
  });
}

/** Stops the server; the extension's deactivate awaits this so the process exits cleanly. */
export async function stopLanguageClient(): Promise<void> {
  if (pendingStart) {
    clearImmediate(pendingStart.timer);
    pendingStart.done();
    pendingStart = undefined;
  }
  const running = client;
  client = undefined;
  if (running?.needsStop()) await running.stop();
}

function createClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): LanguageClient {
  // Required here, from its own bundle: compiling and setting up the client library would be
  // most of loading the extension, and activation does not wait for the client.
  const { LanguageClient, TransportKind } =
    require('./languageClientLibrary') as typeof LanguageClientLibrary;
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    module,
    transport: TransportKind.ipc,
    // Added to the extension host's environment by the client library.
    options: { execArgv: [...SERVER_EXEC_ARGV], env: serverEnvironment() },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    synchronize: { configurationSection: 'mlPractice' },
    outputChannel: log,
    traceOutputChannel: log,
    markdown: { isTrusted: { enabledCommands: [LESSON_COMMAND] }, supportHtml: false },
  };

  return new LanguageClient('mlPractice', 'ML Practice', serverOptions, clientOptions);
}

async function startSafely(
  languageClient: LanguageClient,
  log: vscode.LogOutputChannel,
): Promise<void> {
  try {
    await languageClient.start();
    log.info('Language server started');
  } catch (error) {
    log.error(`The language server did not start: ${String(error)}`);
  }
}

async function restart(log: vscode.LogOutputChannel): Promise<void> {
  if (client === undefined) return;
  log.info('Restarting the language server');
  try {
    await client.restart();
  } catch (error) {
    log.error(`The language server did not restart: ${String(error)}`);
    void vscode.window.showErrorMessage(
      'ML Practice: the language server did not restart; see the ML Practice log.',
    );
  }
}
