// The practice features in the editor: the Check Practice command, the ml-practice task type,
// tracebacks as problems, a CodeLens, a status bar verdict, the diff view and the Testing view.
import * as vscode from 'vscode';
import type { LessonCatalog, PracticeChecks } from '../contracts';
import { PracticeCodeLens } from './codeLens';
import { PracticeCommands } from './commands';
import { OUTPUT_SCHEME, OutputDocuments } from './outputDocuments';
import { PracticeRunner } from './runner';
import { createVerdictStatus, showVerdict } from './statusBar';
import { PracticeTaskProvider, TASK_TYPE } from './tasks';
import { PracticeTests } from './testing';

export function registerPracticeFeatures(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  catalog: LessonCatalog,
): PracticeChecks {
  const runner = new PracticeRunner(log);
  const documents = new OutputDocuments();
  const commands = new PracticeCommands(catalog, runner, documents, log);
  const lenses = new PracticeCodeLens(catalog, runner);
  const tests = new PracticeTests(catalog, runner);
  const status = createVerdictStatus();

  context.subscriptions.push(
    runner,
    documents,
    lenses,
    tests,
    status,
    vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, documents),
    vscode.commands.registerCommand('mlPractice.checkPractice', (a?: unknown, b?: unknown) =>
      commands.checkPractice(a, b),
    ),
    vscode.commands.registerCommand('mlPractice.showDiff', (lessonId?: unknown) => commands.showDiff(lessonId)),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new PracticeTaskProvider(catalog, runner)),
    vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses),
    catalog.onDidChange(() => {
      lenses.refresh();
      tests.refresh();
    }),
    runner.onDidCheck((event) => {
      showVerdict(status, event);
      lenses.refresh();
      tests.record(event);
      if (event.result.verdict !== 'pass') documents.store(event);
    }),
    vscode.workspace.onDidChangeTextDocument((change) => {
      if (change.contentChanges.length > 0) runner.clearDiagnostics(change.document.uri);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('Workspace trusted: practice checks can run.')),
  );

  if (!vscode.workspace.isTrusted) {
    log.info('Workspace not trusted: practice checks are disabled until it is.');
  }
  return runner;
}
