// Entry point of the ML Practice extension: wires lessons, the practice runner and the
// language client to one log channel.
import * as vscode from 'vscode';
import type { MlPracticeApi } from './contracts';
import { startLanguageClient, stopLanguageClient } from './languageClient';
import { registerLessonFeatures } from './lessons';
import { registerPracticeFeatures } from './practice';

export function activate(context: vscode.ExtensionContext): MlPracticeApi {
  const log = vscode.window.createOutputChannel('ML Practice', { log: true });
  context.subscriptions.push(log);
  log.info(`ML Practice ${context.extension.packageJSON.version} activating`);

  const catalog = registerLessonFeatures(context, log);
  const practice = registerPracticeFeatures(context, log, catalog);
  catalog.attachPractice(practice);
  void startLanguageClient(context, log);
  return { lessons: catalog, practice };
}

export function deactivate(): Promise<void> {
  // The editor waits for the returned promise, so the server gets a clean shutdown.
  return stopLanguageClient();
}
