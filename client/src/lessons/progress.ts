// Learner progress per pack id and lesson id, kept in a key-value store (the editor's global
// state), with a format version, a migration from the older flat format, and export/import.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { Lesson } from '../../../core/lessons/types';

export const PROGRESS_KEY = 'mlPractice.progress';
export const PROGRESS_FORMAT_VERSION = 1;

/** The subset of vscode.Memento the store needs, so it runs in tests without the editor. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

// The mini build with one locale keeps zod's other locales out of the activation bundle.
z.config(en());

const idSchema = z.string().check(z.minLength(1), z.maxLength(200));
const quizChoice = z.int().check(z.minimum(0));

const lessonProgressSchema = z.strictObject({
  openedAt: z.optional(z.string()),
  practicePassedAt: z.optional(z.string()),
  /** Chosen option index per quiz question id. */
  quiz: z.record(idSchema, quizChoice),
});

const progressV1Schema = z.strictObject({
  formatVersion: z.literal(1),
  exportedAt: z.optional(z.string()),
  packs: z.record(idSchema, z.record(idSchema, lessonProgressSchema)),
});

/** The first format: one flat map keyed "packId/lessonId", flags instead of times. */
const progressV0Schema = z.record(
  z.string(),
  z.strictObject({
    opened: z.optional(z.boolean()),
    passed: z.optional(z.boolean()),
    quiz: z.optional(z.record(z.string(), quizChoice)),
  }),
);

export type LessonProgress = z.infer<typeof lessonProgressSchema>;
export type ProgressData = z.infer<typeof progressV1Schema>;
export type LessonState = 'new' | 'opened' | 'quizAnswered' | 'passed';

export class ProgressFormatError extends Error {}

/** Reads any known format into the current one; throws ProgressFormatError naming the field. */
export function migrateProgress(raw: unknown, now: Date = new Date()): ProgressData {
  if (raw === undefined || raw === null) return emptyProgress();

  const isVersioned = typeof raw === 'object' && 'formatVersion' in raw;
  if (isVersioned) return parseOrThrow(progressV1Schema, raw);

  return migrateV0(parseOrThrow(progressV0Schema, raw), now);
}

function migrateV0(old: z.infer<typeof progressV0Schema>, now: Date): ProgressData {
  const data = emptyProgress();
  for (const [key, entry] of Object.entries(old)) {
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1) {
      throw new ProgressFormatError(`${key}: expected a key of the form "packId/lessonId"`);
    }
    const progress: LessonProgress = { quiz: { ...(entry.quiz ?? {}) } };
    if (entry.opened || entry.passed) progress.openedAt = now.toISOString();
    if (entry.passed) progress.practicePassedAt = now.toISOString();
    setLesson(data, key.slice(0, slash), key.slice(slash + 1), progress);
  }
  return data;
}

function parseOrThrow<T>(schema: z.ZodMiniType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new ProgressFormatError(`${where}: ${issue.message}`);
}

function emptyProgress(): ProgressData {
  return { formatVersion: PROGRESS_FORMAT_VERSION, packs: {} };
}

function setLesson(data: ProgressData, packId: string, lessonId: string, value: LessonProgress) {
  data.packs[packId] = { ...(data.packs[packId] ?? {}), [lessonId]: value };
}

/** Where a lesson stands, from the furthest step reached. */
export function lessonState(progress: LessonProgress | undefined, lesson: Lesson): LessonState {
  if (!progress) return 'new';
  if (progress.practicePassedAt) return 'passed';
  const answered = lesson.quiz.filter((question) => question.id in progress.quiz).length;
  if (lesson.quiz.length > 0 && answered === lesson.quiz.length) return 'quizAnswered';
  return progress.openedAt ? 'opened' : 'new';
}

export class ProgressStore {
  private data: ProgressData;

  constructor(
    private readonly store: KeyValueStore,
    private readonly onChange: () => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.data = migrateProgress(store.get(PROGRESS_KEY), now());
  }

  lesson(packId: string, lessonId: string): LessonProgress | undefined {
    return this.data.packs[packId]?.[lessonId];
  }

  snapshot(): ProgressData {
    return structuredClone(this.data);
  }

  markOpened(packId: string, lessonId: string): Promise<void> {
    return this.change(packId, lessonId, (p) => ({ ...p, openedAt: p.openedAt ?? this.stamp() }));
  }

  recordQuizAnswer(packId: string, lessonId: string, questionId: string, choice: number) {
    return this.change(packId, lessonId, (p) => ({ ...p, quiz: { ...p.quiz, [questionId]: choice } }));
  }

  markPassed(packId: string, lessonId: string): Promise<void> {
    return this.change(packId, lessonId, (p) => ({
      ...p,
      openedAt: p.openedAt ?? this.stamp(),
      practicePassedAt: p.practicePassedAt ?? this.stamp(),
    }));
  }

  resetLesson(packId: string, lessonId: string): Promise<void> {
    const lessons = { ...(this.data.packs[packId] ?? {}) };
    delete lessons[lessonId];
    this.data.packs[packId] = lessons;
    return this.save();
  }

  resetPack(packId: string): Promise<void> {
    delete this.data.packs[packId];
    return this.save();
  }

  resetAll(): Promise<void> {
    this.data = emptyProgress();
    return this.save();
  }

  exportJson(): string {
    const exported: ProgressData = { ...this.snapshot(), exportedAt: this.stamp() };
    return JSON.stringify(exported, null, 2) + '\n';
  }

  /** Merges an exported file into the store; imported lessons replace the stored ones. */
  async importJson(text: string, fileName: string): Promise<number> {
    const imported = parseImport(text, fileName, this.now());
    let count = 0;
    for (const [packId, lessons] of Object.entries(imported.packs)) {
      for (const [lessonId, progress] of Object.entries(lessons)) {
        setLesson(this.data, packId, lessonId, progress);
        count += 1;
      }
    }
    await this.save();
    return count;
  }

  private change(packId: string, lessonId: string, update: (p: LessonProgress) => LessonProgress) {
    setLesson(this.data, packId, lessonId, update(this.lesson(packId, lessonId) ?? { quiz: {} }));
    return this.save();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private async save(): Promise<void> {
    await this.store.update(PROGRESS_KEY, this.snapshot());
    this.onChange();
  }
}

function parseImport(text: string, fileName: string, now: Date): ProgressData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProgressFormatError(`${fileName}: not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProgressFormatError(`${fileName}: expected a JSON object with "formatVersion"`);
  }
  try {
    return migrateProgress(raw, now);
  } catch (error) {
    throw new ProgressFormatError(`${fileName}: ${(error as Error).message}`);
  }
}
