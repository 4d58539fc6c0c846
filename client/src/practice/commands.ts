// The Check Practice and Show Diff commands.
import * as vscode from 'vscode';
import type { Lesson } from '../../../core/lessons/types';
import { PythonNotFoundError } from '../../../core/practice';
import type { LessonCatalog } from '../contracts';
import { fileExists, lessonForFile } from './discovery';
import type { OutputDocuments } from './outputDocuments';
import { UntrustedWorkspaceError, type PracticeRunner } from './runner';

export class PracticeCommands {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly runner: PracticeRunner,
    private readonly documents: OutputDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Arguments are optional: a lesson id (or a file), then a file. */
  async checkPractice(first?: unknown, second?: unknown): Promise<void> {
    const explicitFile = [first, second].find((arg): arg is vscode.Uri => arg instanceof vscode.Uri);
    const lesson = await this.pickLesson(typeof first === 'string' ? first : undefined, explicitFile);
    if (!lesson) return;

    const file = explicitFile ?? (await this.fileFor(lesson));
    if (!file) {
      void vscode.window.showErrorMessage(
        `"${lesson.title}" has no practice file open or in the workspace ` +
          `(expected at ${lesson.practiceFile}).`,
      );
      return;
    }

    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Checking ${lesson.title}` },
        () => this.runner.run(lesson, file),
      );
      await this.announce(lesson, result.verdict, result.message);
    } catch (error) {
      await this.reportFailure(error);
    }
  }

  async showDiff(lessonId?: unknown): Promise<void> {
    const lesson = typeof lessonId === 'string' ? this.catalog.find(lessonId) : undefined;
    const last = this.runner.lastCheck(lesson);
    if (!last) {
      void vscode.window.showInformationMessage(
        'No practice check has run yet: run "ML Practice: Check Practice" first.',
      );
      return;
    }
    const { expected, actual } = this.documents.store(last);
    const title = `${last.lesson.title}: expected ↔ actual (${last.result.verdict})`;
    await vscode.commands.executeCommand('vscode.diff', expected, actual, title, { preview: true });
  }

  private async pickLesson(
    lessonId: string | undefined,
    file: vscode.Uri | undefined,
  ): Promise<Lesson | undefined> {
    if (lessonId) {
      const lesson = this.catalog.find(lessonId);
      if (!lesson) void vscode.window.showErrorMessage(`No lesson has the id '${lessonId}'.`);
      return lesson;
    }

    const candidate = file ?? vscode.window.activeTextEditor?.document.uri;
    const fromFile = candidate ? lessonForFile(this.catalog, candidate) : undefined;
    if (fromFile) return fromFile;

    const lessons = this.catalog.lessons();
    if (lessons.length === 0) {
      void vscode.window.showErrorMessage('No lessons are loaded, so there is nothing to check against.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      lessons.map((l) => ({ label: l.title, description: `${l.packId} · ${l.practiceFile}`, lesson: l })),
      { title: 'Check the practice of which lesson?', matchOnDescription: true },
    );
    return picked?.lesson;
  }

  /** The active editor when it is this lesson's file, else the workspace practice file when it
   * exists, else the active Python editor. */
  private async fileFor(lesson: Lesson): Promise<vscode.Uri | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (active && lessonForFile(this.catalog, active.uri) === lesson) return active.uri;

    const inWorkspace = this.runner.practiceUri(lesson);
    if (inWorkspace && (await fileExists(inWorkspace))) return inWorkspace;
    if (active?.languageId === 'python' && active.uri.scheme === 'file') return active.uri;
    return undefined;
  }

  private async announce(lesson: Lesson, verdict: string, message: string): Promise<void> {
    const text = `${lesson.title}: ${verdict} — ${message}`;
    if (verdict === 'pass') {
      void vscode.window.showInformationMessage(text);
      return;
    }
    const choice = await vscode.window.showWarningMessage(text, 'Show Diff', 'Show Log');
    if (choice === 'Show Diff') await this.showDiff(lesson.id);
    if (choice === 'Show Log') this.log.show(true);
  }

  private async reportFailure(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.log.error(message);
    // The runner has already explained the refusal, with a way to grant trust.
    if (error instanceof UntrustedWorkspaceError) return;
    if (error instanceof PythonNotFoundError) {
      const choice = await vscode.window.showErrorMessage(message, 'Open Settings');
      if (choice) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'mlPractice.pythonPath');
      }
      return;
    }
    void vscode.window.showErrorMessage(message);
  }
}
