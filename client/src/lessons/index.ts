// Registers the lesson features: the pack catalog, the Lessons view, lesson panels, progress
// and the commands that drive them.
import * as vscode from 'vscode';
import { bundledLessonsDir, holdsPackFile, packDirsIn } from '../../../core/lessons/bundled';
import type { Lesson, Pack } from '../../../core/lessons/types';
import type { LessonCatalog, PracticeChecks } from '../contracts';
import { PackCatalog } from './catalog';
import { lessonRuntime } from './lazy';
import { LessonPanels, PANEL_VIEW_TYPE } from './panel';
import { PROGRESS_KEY, ProgressStore } from './progress';
import { LessonNode, LessonTreeProvider } from './tree';

export interface LessonFeatures extends LessonCatalog {
  /** Gives the lesson panel its Check button once the practice features exist. */
  attachPractice(practice: PracticeChecks): void;
}

export function registerLessonFeatures(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): LessonFeatures {
  const load = (packDirs: string[]) => lessonRuntime().loadPacks(packDirs);
  const catalog = new PackCatalog(load, findPacks, bundledDir(log), log);
  const progressChanged = new vscode.EventEmitter<void>();
  context.globalState.setKeysForSync([PROGRESS_KEY]);
  const progress = openProgress(context, log, () => progressChanged.fire());
  const panels = new LessonPanels(context.extensionUri, catalog, progress, log);
  const tree = new LessonTreeProvider(catalog, progress);

  context.subscriptions.push(
    catalog,
    panels,
    tree,
    progressChanged,
    vscode.window.createTreeView('mlPractice.lessons', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => panels.restore(panel, state),
    }),
    catalog.onDidChange(() => {
      tree.refresh();
      panels.refresh();
    }),
    progressChanged.event(() => {
      tree.refresh();
      panels.progressChanged();
    }),
    ...registerCommands(catalog, panels, progress, log),
  );

  return {
    packs: () => catalog.packs(),
    lessons: () => catalog.lessons(),
    find: (lessonId, packId) => catalog.find(lessonId, packId),
    onDidChange: catalog.onDidChange,
    attachPractice: (practice) => context.subscriptions.push(panels.attachPractice(practice)),
  };
}

function bundledDir(log: vscode.LogOutputChannel): string | undefined {
  try {
    return bundledLessonsDir();
  } catch (error) {
    log.error(`The bundled lesson packs were not found: ${(error as Error).message}`);
    return undefined;
  }
}

function findPacks(sourceDir: string): string[] {
  return holdsPackFile(sourceDir) ? [sourceDir] : packDirsIn(sourceDir);
}

/** Reads stored progress; a store that cannot be read is kept aside and a fresh one started. */
function openProgress(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  onChange: () => void,
): ProgressStore {
  try {
    return new ProgressStore(context.globalState, onChange);
  } catch (error) {
    const backupKey = `${PROGRESS_KEY}.unreadable`;
    log.error(`Stored lesson progress could not be read (${(error as Error).message}); ` +
      `it was kept under ${backupKey} and progress starts afresh.`);
    void context.globalState.update(backupKey, context.globalState.get(PROGRESS_KEY));
    void context.globalState.update(PROGRESS_KEY, undefined);
    return new ProgressStore(context.globalState, onChange);
  }
}

function registerCommands(
  catalog: PackCatalog,
  panels: LessonPanels,
  progress: ProgressStore,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const command = (id: string, run: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, run);

  return [
    command('mlPractice.openLesson', async (lessonId?: unknown, packId?: unknown) => {
      const lesson = typeof lessonId === 'string'
        ? catalog.find(lessonId, typeof packId === 'string' ? packId : undefined)
        : await pickLesson(catalog, 'Open a lesson');
      if (lesson) panels.show(lesson);
      else if (typeof lessonId === 'string') {
        void vscode.window.showErrorMessage(`No loaded lesson has the id "${lessonId}".`);
      }
    }),
    command('mlPractice.searchLessons', async () => {
      const lesson = await pickLesson(catalog, 'Search lessons by title or tag');
      if (lesson) panels.show(lesson);
    }),
    command('mlPractice.refreshLessons', () => catalog.reload()),
    command('mlPractice.resetLessonProgress', async (node?: LessonNode) => {
      const lesson = node?.kind === 'lesson' ? node.lesson : await pickLesson(catalog, 'Reset which lesson?');
      if (lesson && (await confirm(`Reset your progress on "${lesson.title}"?`))) {
        await progress.resetLesson(lesson.packId, lesson.id);
      }
    }),
    command('mlPractice.resetPackProgress', async (node?: LessonNode) => {
      const pack = node?.kind === 'pack' ? node.pack : await pickPack(catalog);
      if (pack && (await confirm(`Reset your progress on every lesson of "${pack.title}"?`))) {
        await progress.resetPack(pack.id);
      }
    }),
    command('mlPractice.resetAllProgress', async () => {
      if (await confirm('Reset your progress on all lessons of all packs?')) await progress.resetAll();
    }),
    command('mlPractice.exportProgress', () => exportProgress(progress, log)),
    command('mlPractice.importProgress', () => importProgress(progress, log)),
    command('mlPractice.debug.panelState', () => panels.state()),
  ];
}

async function pickLesson(catalog: PackCatalog, placeHolder: string): Promise<Lesson | undefined> {
  const packs = new Map(catalog.packs().map((pack) => [pack.id, pack.title]));
  const items = catalog.lessons().map((lesson) => ({
    label: lesson.title,
    description: packs.get(lesson.packId) ?? lesson.packId,
    detail: lesson.tags.length > 0 ? `Tags: ${lesson.tags.join(', ')}` : undefined,
    lesson,
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No lessons are loaded. See the ML Practice log.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.lesson;
}

async function pickPack(catalog: PackCatalog): Promise<Pack | undefined> {
  const items = catalog.packs().map((pack) => ({ label: pack.title, description: pack.id, pack }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Reset which pack?' });
  return picked?.pack;
}

async function confirm(question: string): Promise<boolean> {
  const reset = 'Reset';
  const choice = await vscode.window.showWarningMessage(
    question,
    { modal: true, detail: 'This cannot be undone, unless you exported your progress.' },
    reset,
  );
  return choice === reset;
}

async function exportProgress(progress: ProgressStore, log: vscode.LogOutputChannel): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'ml-practice-progress.json') : undefined,
    filters: { 'Progress (JSON)': ['json'] },
    saveLabel: 'Export Progress',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(progress.exportJson(), 'utf8'));
  log.info(`Lesson progress exported to ${target.fsPath}`);
  void vscode.window.showInformationMessage(`Progress exported to ${target.fsPath}.`);
}

async function importProgress(progress: ProgressStore, log: vscode.LogOutputChannel): Promise<void> {
  const [source] = (await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Progress (JSON)': ['json'] },
    openLabel: 'Import Progress',
  })) ?? [];
  if (!source) return;
  try {
    const text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
    const count = await progress.importJson(text, source.fsPath);
    log.info(`Lesson progress imported from ${source.fsPath}: ${count} lessons`);
    void vscode.window.showInformationMessage(`Imported progress for ${count} lessons.`);
  } catch (error) {
    log.error(`Progress import failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`Progress not imported: ${(error as Error).message}`);
  }
}
