// The `ml-practice` task type: one task per practice file, run in a pseudoterminal that streams
// the program's output and ends with the verdict.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Lesson } from '../../../core/lessons/types';
import { EDITOR_DIFF_LINES, formatVerdict } from '../../../core/practice';
import type { LessonCatalog } from '../contracts';
import { findPracticeFiles, lessonForFile } from './discovery';
import type { PracticeRunner } from './runner';

export const TASK_TYPE = 'ml-practice';

interface PracticeTaskDefinition extends vscode.TaskDefinition {
  file: string;
  lesson?: string;
}

export class PracticeTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly catalog: LessonCatalog,
    private readonly runner: PracticeRunner,
  ) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const files = await findPracticeFiles(this.catalog);
    return files.map(({ lesson, folder }) =>
      this.makeTask({ type: TASK_TYPE, file: lesson.practiceFile, lesson: lesson.id }, folder, lesson.title),
    );
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as PracticeTaskDefinition;
    if (typeof definition.file !== 'string') return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return this.makeTask(definition, folder, task.name);
  }

  private makeTask(
    definition: PracticeTaskDefinition,
    folder: vscode.WorkspaceFolder | undefined,
    name: string,
  ): vscode.Task {
    const execution = new vscode.CustomExecution(async (resolved) =>
      new PracticeTerminal(this.catalog, this.runner, resolved as PracticeTaskDefinition, folder),
    );
    const task = new vscode.Task(
      definition,
      folder ?? vscode.TaskScope.Workspace,
      `Check ${name}`,
      'ML Practice',
      execution,
    );
    task.group = vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
    return task;
  }
}

/** Streams one check into a terminal; closing the terminal cancels the run. */
class PracticeTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly abort = new AbortController();

  constructor(
    private readonly catalog: LessonCatalog,
    private readonly runner: PracticeRunner,
    private readonly definition: PracticeTaskDefinition,
    private readonly folder: vscode.WorkspaceFolder | undefined,
  ) {}

  open(): void {
    void this.start();
  }

  close(): void {
    this.abort.abort();
  }

  private write(text: string): void {
    this.written.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private async start(): Promise<void> {
    const file = this.fileUri();
    const lesson = this.lesson(file);
    if (!lesson) {
      this.write(
        `No lesson has a practice file at ${file.fsPath}. ` +
          'Name the lesson in the task\'s "lesson" field.\n',
      );
      this.closed.fire(2);
      return;
    }

    this.write(`Checking ${file.fsPath} against "${lesson.title}"\n\n`);
    try {
      const result = await this.runner.run(lesson, file, {
        signal: this.abort.signal,
        onOutput: (chunk) => this.write(chunk),
      });
      this.write(`\n${formatVerdict(result, { diffLines: EDITOR_DIFF_LINES })}`);
      this.closed.fire(result.verdict === 'pass' ? 0 : 1);
    } catch (error) {
      this.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
      this.closed.fire(2);
    }
  }

  private fileUri(): vscode.Uri {
    const file = this.definition.file;
    if (path.isAbsolute(file) || !this.folder) return vscode.Uri.file(path.resolve(file));
    return vscode.Uri.joinPath(this.folder.uri, ...file.split(/[\\/]+/).filter(Boolean));
  }

  private lesson(file: vscode.Uri): Lesson | undefined {
    if (this.definition.lesson) return this.catalog.find(this.definition.lesson);
    return lessonForFile(this.catalog, file);
  }
}
