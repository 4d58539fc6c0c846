// The "Lessons" tree in the ML Practice view: packs, their lessons with the learner's state,
// and any lesson files that failed to load, each opening the broken file at the line.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Lesson, LessonProblem, Pack } from '../../../core/lessons/types';
import type { PackCatalog } from './catalog';
import { lessonState, LessonState, ProgressStore } from './progress';

export type LessonNode =
  | { kind: 'pack'; pack: Pack }
  | { kind: 'lesson'; lesson: Lesson }
  | { kind: 'problems'; problems: LessonProblem[] }
  | { kind: 'problem'; problem: LessonProblem };

const STATES: Record<LessonState, { label: string; icon: string; colour?: string }> = {
  new: { label: 'new', icon: 'circle-large-outline' },
  opened: { label: 'opened', icon: 'eye' },
  quizAnswered: { label: 'quiz answered', icon: 'pass', colour: 'charts.blue' },
  passed: { label: 'practice passed', icon: 'pass-filled', colour: 'testing.iconPassed' },
};

export class LessonTreeProvider implements vscode.TreeDataProvider<LessonNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LessonNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly catalog: PackCatalog,
    private readonly progress: ProgressStore,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: LessonNode): LessonNode[] {
    if (!node) return this.roots();
    if (node.kind === 'pack') return node.pack.lessons.map((lesson) => ({ kind: 'lesson', lesson }));
    if (node.kind === 'problems') return node.problems.map((problem) => ({ kind: 'problem', problem }));
    return [];
  }

  getTreeItem(node: LessonNode): vscode.TreeItem {
    switch (node.kind) {
      case 'pack':
        return this.packItem(node.pack);
      case 'lesson':
        return this.lessonItem(node.lesson);
      case 'problems':
        return problemsItem(node.problems);
      case 'problem':
        return problemItem(node.problem);
    }
  }

  private roots(): LessonNode[] {
    const packs: LessonNode[] = this.catalog.packs().map((pack) => ({ kind: 'pack', pack }));
    const problems = this.catalog.problems();
    return problems.length > 0 ? [...packs, { kind: 'problems', problems }] : packs;
  }

  private packItem(pack: Pack): vscode.TreeItem {
    const item = new vscode.TreeItem(pack.title, vscode.TreeItemCollapsibleState.Expanded);
    const passed = pack.lessons.filter((lesson) => this.stateOf(lesson) === 'passed').length;
    item.id = `pack:${pack.dir}`;
    item.description = `${passed}/${pack.lessons.length} passed`;
    item.tooltip = new vscode.MarkdownString().appendText(`${pack.title}\n\n${pack.description}`);
    item.iconPath = new vscode.ThemeIcon('book');
    item.contextValue = 'pack';
    return item;
  }

  private lessonItem(lesson: Lesson): vscode.TreeItem {
    const state = STATES[this.stateOf(lesson)];
    const item = new vscode.TreeItem(lesson.title, vscode.TreeItemCollapsibleState.None);
    item.id = `lesson:${lesson.packId}/${lesson.id}`;
    item.description = state.label;
    item.tooltip = new vscode.MarkdownString()
      .appendText(`${lesson.title} (${state.label})`)
      .appendMarkdown(lesson.tags.length > 0 ? `\n\nTags: ${lesson.tags.map(code).join(', ')}` : '');
    item.iconPath = new vscode.ThemeIcon(
      state.icon,
      state.colour ? new vscode.ThemeColor(state.colour) : undefined,
    );
    item.accessibilityInformation = { label: `${lesson.title}, ${state.label}` };
    item.contextValue = 'lesson';
    item.command = {
      command: 'mlPractice.openLesson',
      title: 'Open Lesson',
      arguments: [lesson.id, lesson.packId],
    };
    return item;
  }

  private stateOf(lesson: Lesson): LessonState {
    return lessonState(this.progress.lesson(lesson.packId, lesson.id), lesson);
  }
}

function code(text: string): string {
  return '`' + text.replace(/`/g, '') + '`';
}

function problemsItem(problems: LessonProblem[]): vscode.TreeItem {
  const item = new vscode.TreeItem('Lesson problems', vscode.TreeItemCollapsibleState.Expanded);
  item.description = `${problems.length}`;
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.tooltip = 'Lesson files that could not be loaded. Select one to open it at the fault.';
  return item;
}

function problemItem(problem: LessonProblem): vscode.TreeItem {
  const where = problem.line ? `${path.basename(problem.file)}:${problem.line}` : path.basename(problem.file);
  const item = new vscode.TreeItem(where, vscode.TreeItemCollapsibleState.None);
  item.description = problem.field ? `${problem.field}: ${problem.message}` : problem.message;
  item.tooltip = `${problem.file}${problem.line ? `:${problem.line}` : ''}\n${item.description}`;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  item.contextValue = 'lessonProblem';

  const line = Math.max((problem.line ?? 1) - 1, 0);
  const column = Math.max((problem.column ?? 1) - 1, 0);
  const selection = new vscode.Range(line, column, line, column);
  item.command = {
    command: 'vscode.open',
    title: 'Open File',
    arguments: [vscode.Uri.file(problem.file), { selection } satisfies vscode.TextDocumentShowOptions],
  };
  return item;
}
