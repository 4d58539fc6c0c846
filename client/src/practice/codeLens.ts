// The "Check against expected output" lens at the top of each practice file.
import * as vscode from 'vscode';
import type { LessonCatalog } from '../contracts';
import { lessonForFile } from './discovery';
import type { PracticeRunner } from './runner';

export class PracticeCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly catalog: LessonCatalog,
    private readonly runner: PracticeRunner,
  ) {}

  /** Lessons reloaded or a verdict arrived: the lenses may differ. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lesson = lessonForFile(this.catalog, document.uri);
    if (!lesson) return [];

    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: 'Check against expected output',
        tooltip: `Run this file and compare its output with "${lesson.title}"`,
        command: 'mlPractice.checkPractice',
        arguments: [lesson.id, document.uri],
      }),
    ];

    const last = this.runner.lastCheck(lesson);
    if (last && last.result.verdict !== 'pass') {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `Last check: ${last.result.verdict} — show diff`,
          command: 'mlPractice.showDiff',
          arguments: [lesson.id],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
