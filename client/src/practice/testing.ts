// The Testing view: one test per lesson, run through the practice runner, with a diff on failure.
import * as vscode from 'vscode';
import type { Lesson } from '../../../core/lessons/types';
import type { CheckResult } from '../../../core/practice';
import type { LessonCatalog, PracticeCheckEvent } from '../contracts';
import { fileExists } from './discovery';
import { lessonKey, type PracticeRunner } from './runner';

export class PracticeTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('mlPractice', 'ML Practice');
  private readonly lessons = new Map<string, Lesson>();
  /** Checks this controller started report through their own run, not onDidCheck. */
  private readonly ownRuns = new Set<string>();

  constructor(
    private readonly catalog: LessonCatalog,
    private readonly runner: PracticeRunner,
  ) {
    this.controller.createRunProfile('Check practice', vscode.TestRunProfileKind.Run, (request, token) =>
      this.runTests(request, token), true);
    this.controller.refreshHandler = () => this.refresh();
  }

  /** Rebuilds the tree from the catalog, on each of its loads: a pack per group, a test a lesson. */
  refresh(): void {
    this.lessons.clear();
    const packs = this.catalog.packs().map((pack) => {
      const group = this.controller.createTestItem(`pack:${pack.id}`, pack.title);
      for (const lesson of pack.lessons) {
        const key = lessonKey(lesson);
        this.lessons.set(key, lesson);
        const item = this.controller.createTestItem(key, lesson.title, this.runner.practiceUri(lesson));
        group.children.add(item);
      }
      return group;
    });
    this.controller.items.replace(packs);
  }

  /** Shows a verdict that came from elsewhere (command, lens, task) as a finished test run. */
  record(event: PracticeCheckEvent): void {
    const key = lessonKey(event.lesson);
    if (this.ownRuns.has(key)) return;
    const item = this.item(key);
    if (!item) return;
    const run = this.controller.createTestRun(new vscode.TestRunRequest([item]), event.lesson.title, false);
    report(run, item, event.result);
    run.end();
  }

  private item(key: string): vscode.TestItem | undefined {
    const [packId] = key.split('/');
    return this.controller.items.get(`pack:${packId}`)?.children.get(key);
  }

  private async runTests(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const items = this.selected(request);
    for (const item of items) run.enqueued(item);

    for (const item of items) {
      if (token.isCancellationRequested) {
        run.skipped(item);
        continue;
      }
      await this.runOne(run, item, token);
    }
    run.end();
  }

  private selected(request: vscode.TestRunRequest): vscode.TestItem[] {
    const roots: vscode.TestItem[] = [];
    if (request.include) roots.push(...request.include);
    else this.controller.items.forEach((item) => roots.push(item));

    const excluded = new Set((request.exclude ?? []).map((item) => item.id));
    const leaves: vscode.TestItem[] = [];
    const visit = (item: vscode.TestItem): void => {
      if (excluded.has(item.id)) return;
      if (item.children.size === 0) leaves.push(item);
      else item.children.forEach(visit);
    };
    roots.forEach(visit);
    return leaves.filter((item) => this.lessons.has(item.id));
  }

  private async runOne(
    run: vscode.TestRun,
    item: vscode.TestItem,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const lesson = this.lessons.get(item.id)!;
    const file = this.runner.practiceUri(lesson);
    if (!file || !(await fileExists(file))) {
      run.skipped(item);
      run.appendOutput(`${lesson.title}: no practice file at ${lesson.practiceFile}\r\n`, undefined, item);
      return;
    }

    run.started(item);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    this.ownRuns.add(item.id);
    try {
      const result = await this.runner.run(lesson, file, {
        signal: abort.signal,
        onOutput: (chunk) => run.appendOutput(chunk.replace(/\r?\n/g, '\r\n'), undefined, item),
      });
      report(run, item, result);
    } catch (error) {
      run.errored(item, new vscode.TestMessage(error instanceof Error ? error.message : String(error)));
    } finally {
      this.ownRuns.delete(item.id);
      cancel.dispose();
    }
  }

  dispose(): void {
    this.controller.dispose();
  }
}

function report(run: vscode.TestRun, item: vscode.TestItem, result: CheckResult): void {
  if (result.verdict === 'pass') {
    run.passed(item, result.durationMs);
    return;
  }

  const message =
    result.verdict === 'fail'
      ? vscode.TestMessage.diff(result.message, result.expected, result.actual)
      : new vscode.TestMessage(`${result.message}${result.stderr ? `\n\n${result.stderr}` : ''}`);
  const where = result.errorLocation;
  if (where) {
    const line = Math.max(0, where.line - 1);
    message.location = new vscode.Location(vscode.Uri.file(where.file), new vscode.Position(line, 0));
  } else if (item.uri) {
    message.location = new vscode.Location(item.uri, new vscode.Position(0, 0));
  }

  run.failed(item, message, result.durationMs);
}
