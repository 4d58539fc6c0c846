// Runs practice checks for the editor: trust, interpreter choice, saving the file, publishing
// tracebacks as diagnostics, and announcing every verdict.
import * as vscode from 'vscode';
import type { Lesson } from '../../../core/lessons/types';
import {
  checkPractice,
  EDITOR_DIFF_LINES,
  formatVerdict,
  requestForLesson,
  type CheckResult,
} from '../../../core/practice';
import type { PracticeCheckEvent, PracticeChecks } from '../contracts';
import { chooseInterpreter } from './interpreter';

export const UNTRUSTED_MESSAGE =
  'ML Practice runs practice files only in trusted workspaces, because checking a practice ' +
  'executes the Python code in this folder. Lessons and linting keep working; trust the ' +
  'workspace to run checks.';

/** The workspace is not trusted, so no code may run. */
export class UntrustedWorkspaceError extends Error {
  constructor() {
    super(UNTRUSTED_MESSAGE);
    this.name = 'UntrustedWorkspaceError';
  }
}

export interface RunOptions {
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export class PracticeRunner implements PracticeChecks, vscode.Disposable {
  private readonly checked = new vscode.EventEmitter<PracticeCheckEvent>();
  readonly onDidCheck = this.checked.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ml-practice-run');
  private readonly last = new Map<string, PracticeCheckEvent>();
  private latest: PracticeCheckEvent | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  practiceUri(lesson: Lesson): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || !lesson.practiceFile) return undefined;
    return vscode.Uri.joinPath(folder.uri, ...lesson.practiceFile.split(/[\\/]+/).filter(Boolean));
  }

  check(lesson: Lesson, file: vscode.Uri): Promise<CheckResult> {
    return this.run(lesson, file);
  }

  /** Like check, with live output and cancellation for the task terminal and the Testing view. */
  async run(lesson: Lesson, file: vscode.Uri, options: RunOptions = {}): Promise<CheckResult> {
    if (!vscode.workspace.isTrusted) {
      void explainUntrusted();
      throw new UntrustedWorkspaceError();
    }
    await saveIfDirty(file);

    const interpreter = await chooseInterpreter(file, this.log);
    const folder = vscode.workspace.getWorkspaceFolder(file);
    const request = requestForLesson(lesson, file.fsPath, {
      python: interpreter.python,
      cwd: folder?.uri.fsPath,
      onOutput: options.onOutput,
      signal: options.signal,
    });

    this.log.info(
      `Checking ${file.fsPath} against lesson ${lesson.id} (interpreter from ${interpreter.source})`,
    );
    const result = await checkPractice(request);
    this.log.info(formatVerdict(result, { diffLines: EDITOR_DIFF_LINES }).trimEnd());

    const event = { lesson, file, result };
    this.publishDiagnostics(file, result);
    this.last.set(lessonKey(lesson), event);
    this.latest = event;
    this.checked.fire(event);
    return result;
  }

  /** The last check of a lesson, or the last check of all when no lesson is named. */
  lastCheck(lesson?: Lesson): PracticeCheckEvent | undefined {
    return lesson ? this.last.get(lessonKey(lesson)) : this.latest;
  }

  /** Editing a file makes its traceback stale. */
  clearDiagnostics(file: vscode.Uri): void {
    this.diagnostics.delete(file);
  }

  private publishDiagnostics(file: vscode.Uri, result: CheckResult): void {
    const location = result.errorLocation;
    if (result.verdict !== 'error' || !location) {
      this.diagnostics.delete(file);
      return;
    }
    const line = Math.max(0, location.line - 1);
    const start = location.column ? location.column - 1 : 0;
    const range = new vscode.Range(line, start, line, Number.MAX_SAFE_INTEGER);
    const diagnostic = new vscode.Diagnostic(
      range,
      result.errorSummary ?? result.message,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'ml-practice';
    diagnostic.code = 'practice-run';
    this.diagnostics.set(vscode.Uri.file(location.file), [diagnostic]);
  }

  dispose(): void {
    this.checked.dispose();
    this.diagnostics.dispose();
  }
}

export function lessonKey(lesson: Lesson): string {
  return `${lesson.packId}/${lesson.id}`;
}

/** Said wherever the refused check came from (command, task, panel, Testing view). */
async function explainUntrusted(): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}

async function saveIfDirty(file: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (document?.isDirty) await document.save();
}
