// The lesson packs the editor shows: bundled ones, the workspace's `.ml-practice/packs`, and the
// folders in `mlPractice.packs`; reloaded when a pack file changes or the setting does.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Lesson, LessonProblem, Pack } from '../../../core/lessons/types';
import type { LessonCatalog } from '../contracts';

export type PackLoader = (packDirs: string[]) => { packs: Pack[]; problems: LessonProblem[] };

/** The pack folders a source folder provides: itself when it is a pack, else its sub-folders. */
export type PackFinder = (sourceDir: string) => string[];

const RELOAD_DELAY_MS = 300;

export class PackCatalog implements LessonCatalog, vscode.Disposable {
  private loaded: { packs: Pack[]; problems: LessonProblem[] } = { packs: [], problems: [] };
  private watchers: vscode.Disposable[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private firstLoad: NodeJS.Timeout | undefined;
  private hasLoaded = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly load: PackLoader,
    private readonly findPacks: PackFinder,
    private readonly bundledDir: string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlPractice.packs')) this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
    );
    // Packs load just after activation; anyone asking for them sooner gets them loaded at once.
    this.firstLoad = setTimeout(() => this.ensureLoaded(), 0);
  }

  packs(): Pack[] {
    this.ensureLoaded();
    return this.loaded.packs;
  }

  lessons(): Lesson[] {
    return this.packs().flatMap((pack) => pack.lessons);
  }

  problems(): LessonProblem[] {
    this.ensureLoaded();
    return this.loaded.problems;
  }

  find(lessonId: string, packId?: string): Lesson | undefined {
    return this.lessons().find((l) => l.id === lessonId && (!packId || l.packId === packId));
  }

  packOf(lesson: Lesson): Pack | undefined {
    return this.packs().find((pack) => pack.id === lesson.packId && pack.lessons.includes(lesson));
  }

  /** Reads every pack source again and re-creates the file watchers. */
  reload(): void {
    clearTimeout(this.firstLoad);
    this.hasLoaded = true;
    const dirs = this.sourceDirs();
    try {
      this.loaded = this.load([...new Set(dirs.flatMap((dir) => this.findPacks(dir)))]);
    } catch (error) {
      this.log.error(`Lesson packs could not be loaded: ${(error as Error).message}`);
      this.loaded = { packs: [], problems: [] };
    }
    this.logLoaded(dirs);
    this.watch(this.watchPatterns(dirs));
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.firstLoad);
    clearTimeout(this.reloadTimer);
    this.watchers.forEach((watcher) => watcher.dispose());
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }

  private ensureLoaded(): void {
    if (!this.hasLoaded) this.reload();
  }

  private sourceDirs(): string[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const workspacePacks = folders.map((folder) =>
      path.join(folder.uri.fsPath, '.ml-practice', 'packs'),
    );
    const configured = vscode.workspace.getConfiguration('mlPractice').get<string[]>('packs', []);
    const base = folders[0]?.uri.fsPath ?? os.homedir();
    const settingPacks = configured
      .filter((entry) => typeof entry === 'string' && entry.trim() !== '')
      .map((entry) => path.resolve(base, entry.replace(/^~(?=$|[\\/])/, os.homedir())));
    const bundled = this.bundledDir ? [this.bundledDir] : [];
    return [...new Set([...bundled, ...workspacePacks, ...settingPacks])];
  }

  private logLoaded(dirs: string[]): void {
    for (const pack of this.loaded.packs) {
      this.log.info(`Lesson pack "${pack.id}" (${pack.lessons.length} lessons) loaded from ${pack.dir}`);
    }
    for (const problem of this.loaded.problems) {
      const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
      this.log.warn(`Lesson problem in ${where}: ${problem.message}`);
    }
    this.log.debug(`Lesson pack sources: ${dirs.join(', ')}`);
  }

  /** Workspace packs are watched from the folder root, so a pack folder created later counts. */
  private watchPatterns(dirs: string[]): vscode.RelativePattern[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const inWorkspace = folders.map(
      (folder) => new vscode.RelativePattern(folder, '.ml-practice/packs/**'),
    );
    const workspaceDirs = new Set(
      folders.map((folder) => path.join(folder.uri.fsPath, '.ml-practice', 'packs')),
    );
    const configured = dirs
      .filter((dir) => dir !== this.bundledDir && !workspaceDirs.has(dir))
      .map((dir) => new vscode.RelativePattern(vscode.Uri.file(dir), '**/*'));
    return [...inWorkspace, ...configured];
  }

  private watch(patterns: vscode.RelativePattern[]): void {
    this.watchers.forEach((watcher) => watcher.dispose());
    this.watchers = patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const schedule = () => this.scheduleReload();
      watcher.onDidChange(schedule);
      watcher.onDidCreate(schedule);
      watcher.onDidDelete(schedule);
      return watcher;
    });
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.reload(), RELOAD_DELAY_MS);
  }
}
