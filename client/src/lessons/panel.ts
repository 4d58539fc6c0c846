// Lesson panels: one webview per lesson, restored after a reload, wired to practice files,
// the practice checker and the progress store through validated messages.
import * as crypto from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Lesson } from '../../../core/lessons/types';
import type { CheckResult } from '../../../core/practice/types';
import type { PracticeChecks } from '../contracts';
import type { PackCatalog } from './catalog';
import { escapeHtml } from './html';
import { lessonRuntime } from './lazy';
import type { HostMessage, WebviewMessage } from './messages';
import type { ProgressStore } from './progress';

export const PANEL_VIEW_TYPE = 'mlPractice.lesson';

export interface PanelState {
  lessonId: string | undefined;
  visible: boolean;
  quizAnswers: Record<string, number>;
}

interface OpenPanel {
  panel: vscode.WebviewPanel;
  lessonId: string;
  packId: string;
}

export class LessonPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  private lastActive: OpenPanel | undefined;
  private practice: PracticeChecks | undefined;
  private readonly lineDecoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    borderColor: new vscode.ThemeColor('focusBorder'),
    borderStyle: 'solid',
    borderWidth: '0 0 0 2px',
  });

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly catalog: PackCatalog,
    private readonly progress: ProgressStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  attachPractice(practice: PracticeChecks): vscode.Disposable {
    this.practice = practice;
    return practice.onDidCheck((event) => this.onChecked(event.lesson, event.result));
  }

  /** Opens the lesson's panel beside the code, or reveals it when already open. */
  show(lesson: Lesson): void {
    const existing = this.open.get(keyOf(lesson.packId, lesson.id));
    if (existing) {
      existing.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      lesson.title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      this.webviewOptions(lesson),
    );
    this.attach(panel, lesson);
  }

  /** Rebuilds a panel the editor kept across a window reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const ids = savedIds(state);
    const lesson = ids && this.catalog.find(ids.lessonId, ids.packId);
    if (!lesson) {
      this.log.warn(`A lesson panel could not be restored: lesson ${ids?.lessonId ?? '(unknown)'} not found`);
      panel.webview.html = missingLessonHtml(ids?.lessonId);
      return;
    }
    panel.webview.options = this.webviewOptions(lesson);
    this.attach(panel, lesson);
  }

  /** Re-renders open panels after packs reload, so edits to a lesson show at once. */
  refresh(): void {
    for (const entry of this.open.values()) {
      const lesson = this.catalog.find(entry.lessonId, entry.packId);
      if (lesson) entry.panel.webview.html = this.html(entry.panel, lesson);
    }
  }

  /** Sends stored quiz answers to every open panel, after a reset or an import. */
  progressChanged(): void {
    for (const entry of this.open.values()) {
      const quizAnswers = this.progress.lesson(entry.packId, entry.lessonId)?.quiz ?? {};
      this.post(entry, { type: 'restore', quizAnswers });
    }
  }

  /** The most recently active panel's state; `lessonId` is undefined when no panel is open. */
  state(): PanelState {
    const entry = this.lastActive;
    if (!entry) return { lessonId: undefined, visible: false, quizAnswers: {} };
    return {
      lessonId: entry.lessonId,
      visible: entry.panel.visible,
      quizAnswers: { ...(this.progress.lesson(entry.packId, entry.lessonId)?.quiz ?? {}) },
    };
  }

  dispose(): void {
    [...this.open.values()].forEach((entry) => entry.panel.dispose());
    this.lineDecoration.dispose();
  }

  private attach(panel: vscode.WebviewPanel, lesson: Lesson): void {
    const entry: OpenPanel = { panel, lessonId: lesson.id, packId: lesson.packId };
    const key = keyOf(lesson.packId, lesson.id);
    this.open.set(key, entry);
    this.lastActive = entry;

    panel.title = lesson.title;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'ml-practice.svg');
    panel.webview.html = this.html(panel, lesson);
    panel.webview.onDidReceiveMessage((raw) => this.receive(entry, raw));
    panel.onDidChangeViewState(() => {
      if (panel.active) this.lastActive = entry;
    });
    panel.onDidDispose(() => {
      this.open.delete(key);
      if (this.lastActive === entry) this.lastActive = undefined;
    });

    void this.progress.markOpened(lesson.packId, lesson.id);
    this.log.info(`Lesson opened: ${lesson.packId}/${lesson.id}`);
  }

  private webviewOptions(lesson: Lesson): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const pack = this.catalog.packOf(lesson);
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'media'),
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.file(pack?.dir ?? lesson.dir),
      ],
    };
  }

  private html(panel: vscode.WebviewPanel, lesson: Lesson): string {
    const webview = panel.webview;
    const asset = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    return lessonRuntime().renderLessonHtml(lesson, {
      nonce: crypto.randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      styleUri: asset('media', 'panel.css'),
      scriptUri: asset('dist', 'panel.js'),
      resourceUri: (file) => webview.asWebviewUri(vscode.Uri.file(file)).toString(),
      packDir: this.catalog.packOf(lesson)?.dir ?? lesson.dir,
    });
  }

  private receive(entry: OpenPanel, raw: unknown): void {
    const parsed = lessonRuntime().parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Dropped a malformed message from the lesson panel: ${parsed.error}`);
      return;
    }
    const lesson = this.catalog.find(entry.lessonId, entry.packId);
    if (!lesson) {
      this.log.warn(`Lesson ${entry.packId}/${entry.lessonId} is no longer loaded`);
      return;
    }
    this.handle(entry, lesson, parsed.message).catch((error: Error) => {
      this.log.error(`Lesson panel action ${parsed.message.type} failed: ${error.stack ?? error}`);
      this.post(entry, { type: 'notice', level: 'error', text: error.message });
    });
  }

  private async handle(entry: OpenPanel, lesson: Lesson, message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.post(entry, {
          type: 'restore',
          quizAnswers: this.progress.lesson(lesson.packId, lesson.id)?.quiz ?? {},
        });
      case 'startPractice':
        return this.startPractice(entry, lesson);
      case 'copyExample':
        await vscode.env.clipboard.writeText(lesson.example.code);
        return this.post(entry, { type: 'notice', level: 'info', text: 'Example copied.' });
      case 'check':
        return this.check(entry, lesson);
      case 'quizAnswer':
        return this.answer(lesson, message.questionId, message.choice);
      case 'selectLine':
        return this.highlightPracticeLine(lesson, message.line);
      case 'openLink':
        return this.openLink(entry, lesson, message.href);
      case 'revealSolution':
        this.log.info(`Solution revealed: ${lesson.packId}/${lesson.id}`);
        return;
    }
  }

  private post(entry: OpenPanel, message: HostMessage): void {
    void entry.panel.webview.postMessage(message);
  }

  private practiceUri(lesson: Lesson): vscode.Uri | undefined {
    const fromPractice = this.practice?.practiceUri(lesson);
    if (fromPractice) return fromPractice;

    const folder = vscode.workspace.workspaceFolders?.[0];
    const relative = path.normalize(lesson.practiceFile);
    if (!folder || path.isAbsolute(relative) || relative.startsWith('..')) return undefined;
    return vscode.Uri.joinPath(folder.uri, ...relative.split(path.sep));
  }

  private async startPractice(entry: OpenPanel, lesson: Lesson): Promise<void> {
    const uri = this.practiceUri(lesson);
    if (!uri) {
      const text = 'Open a folder first: the practice file is created in the workspace.';
      return this.post(entry, { type: 'notice', level: 'error', text });
    }

    const choice = (await exists(uri)) ? await this.confirmReplace(uri) : 'replace';
    if (choice === 'cancel') return;
    if (choice === 'replace') {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, Buffer.from(lesson.starter.code, 'utf8'));
      this.log.info(`Practice file created from the starter: ${uri.fsPath}`);
    }

    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, {
      viewColumn: besideColumn(entry.panel),
      preview: false,
    });
  }

  /** Replaces an existing file only when the learner explicitly chooses to. */
  private async confirmReplace(uri: vscode.Uri): Promise<'replace' | 'open' | 'cancel'> {
    const replace = 'Replace with Starter';
    const choice = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(uri)} already exists.`,
      { modal: true, detail: 'Replace it with the lesson\'s starter code, or open it as it is?' },
      replace,
      'Open Existing',
    );
    if (choice === undefined) return 'cancel';
    return choice === replace ? 'replace' : 'open';
  }

  private async check(entry: OpenPanel, lesson: Lesson): Promise<void> {
    const uri = this.practiceUri(lesson);
    if (!this.practice) {
      return this.post(entry, { type: 'notice', level: 'error', text: 'Practice checks are not available.' });
    }
    if (!uri || !(await exists(uri))) {
      const text = 'No practice file yet: choose Start practice first.';
      return this.post(entry, { type: 'notice', level: 'error', text });
    }

    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) await open.save();

    this.post(entry, { type: 'checking' });
    try {
      await this.practice.check(lesson, uri);
    } catch (error) {
      const message = `The check could not run: ${(error as Error).message}`.slice(0, 2_000);
      this.log.error(message);
      this.post(entry, { type: 'verdict', verdict: 'error', message, diff: '', actual: '' });
    }
  }

  /** Every check, whoever started it, updates progress and the lesson's panel. */
  private onChecked(lesson: Lesson, result: CheckResult): void {
    if (result.verdict === 'pass') void this.progress.markPassed(lesson.packId, lesson.id);
    const entry = this.open.get(keyOf(lesson.packId, lesson.id));
    if (!entry) return;
    this.post(entry, {
      type: 'verdict',
      verdict: result.verdict,
      message: result.message.slice(0, 2_000),
      diff: result.diff.slice(0, 200_000),
      actual: result.actual.slice(0, 200_000),
    });
  }

  private async answer(lesson: Lesson, questionId: string, choice: number): Promise<void> {
    const question = lesson.quiz.find((q) => q.id === questionId);
    if (!question || choice >= question.options.length) {
      this.log.warn(`Dropped a quiz answer for an unknown option: ${questionId} #${choice}`);
      return;
    }
    await this.progress.recordQuizAnswer(lesson.packId, lesson.id, questionId, choice);
  }

  /** Highlights, in the open practice file, the line whose text matches the example's line. */
  private highlightPracticeLine(lesson: Lesson, line: number): void {
    const uri = this.practiceUri(lesson);
    const wanted = lesson.example.code.split('\n')[line - 1]?.trim();
    const editor = vscode.window.visibleTextEditors.find(
      (e) => uri && e.document.uri.toString() === uri.toString(),
    );
    if (!editor) return;

    const match = wanted ? findLine(editor.document, wanted) : undefined;
    if (match === undefined) {
      editor.setDecorations(this.lineDecoration, []);
      return;
    }
    const range = editor.document.lineAt(match).range;
    editor.setDecorations(this.lineDecoration, [range]);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Web links open in the browser; relative links open only files inside the lesson's pack. */
  private async openLink(entry: OpenPanel, lesson: Lesson, href: string): Promise<void> {
    if (/^(https?|mailto):/i.test(href)) {
      await vscode.env.openExternal(vscode.Uri.parse(href, true));
      return;
    }
    const packDir = this.catalog.packOf(lesson)?.dir ?? lesson.dir;
    const target = lessonRuntime().resolveInsidePack(href, lesson.dir, packDir);
    if (!target || !(await exists(vscode.Uri.file(target)))) {
      this.log.warn(`Lesson link not opened: ${href}`);
      const text = `Not opened: ${href} (only web links and files inside the pack open).`;
      return this.post(entry, { type: 'notice', level: 'error', text });
    }
    const linked = this.catalog.lessons().find((l) => l.file === target);
    if (linked) return this.show(linked);
    await vscode.window.showTextDocument(vscode.Uri.file(target), { viewColumn: besideColumn(entry.panel) });
  }
}

function keyOf(packId: string, lessonId: string): string {
  return `${packId}/${lessonId}`;
}

function savedIds(state: unknown): { lessonId: string; packId?: string } | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { lessonId, packId } = state as Record<string, unknown>;
  if (typeof lessonId !== 'string' || lessonId === '') return undefined;
  return { lessonId, packId: typeof packId === 'string' && packId !== '' ? packId : undefined };
}

function besideColumn(panel: vscode.WebviewPanel): vscode.ViewColumn {
  const column = panel.viewColumn ?? vscode.ViewColumn.One;
  return column > vscode.ViewColumn.One ? column - 1 : vscode.ViewColumn.Beside;
}

function findLine(document: vscode.TextDocument, text: string): number | undefined {
  for (let line = 0; line < document.lineCount; line += 1) {
    if (document.lineAt(line).text.trim() === text) return line;
  }
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function missingLessonHtml(lessonId: string | undefined): string {
  const csp = lessonRuntime().contentSecurityPolicy({ nonce: crypto.randomBytes(16).toString('base64'), cspSource: "'none'" });
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}"><title>Lesson not found</title></head>
<body><h1>Lesson not found</h1><p>The lesson ${escapeHtml(lessonId ?? '')} is not in any loaded pack.
Check the ML Practice view for lesson problems.</p></body></html>`;
}
