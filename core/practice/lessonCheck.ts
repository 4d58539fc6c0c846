// Connects lessons to the runner: which lesson a practice file belongs to, and the check
// request a lesson asks for.
import { posix as posixPath, resolve } from 'node:path';
import type { Lesson } from '../lessons/types';
import { DEFAULT_TIMEOUT_MS } from './run';
import type { CheckRequest, NumericTolerance } from './types';

/** A workspace-relative path in one spelling: forward slashes, no "./", no trailing slash. */
export function normalizeRelativePath(relative: string): string {
  const posix = relative.replace(/\\/g, '/');
  const normal = posixPath.normalize(posix).replace(/^\.\//, '').replace(/\/$/, '');
  return process.platform === 'win32' ? normal.toLowerCase() : normal;
}

/** The lessons whose practice file sits at this workspace-relative path. */
export function lessonsForPracticeFile(lessons: readonly Lesson[], relative: string): Lesson[] {
  const wanted = normalizeRelativePath(relative);
  return lessons.filter((l) => l.practiceFile && normalizeRelativePath(l.practiceFile) === wanted);
}

/** The absolute path of a lesson's practice file in a workspace folder. */
export function practiceFilePath(lesson: Lesson, workspaceFolder: string): string {
  return resolve(workspaceFolder, lesson.practiceFile);
}

/** The tolerance a lesson declares, or undefined when it declares none. */
export function lessonTolerance(lesson: Lesson): NumericTolerance | undefined {
  const { absoluteTolerance, relativeTolerance } = lesson.comparison;
  if (absoluteTolerance === undefined && relativeTolerance === undefined) return undefined;
  return { absolute: absoluteTolerance, relative: relativeTolerance };
}

/**
 * A lesson's expected output as a program prints it. Lesson files usually write the text
 * without its final newline (YAML `|-`, or an editor that strips it), while print() ends every
 * line with one; the newline is restored so that even the exact mode can pass.
 */
export function lessonExpectedOutput(lesson: Lesson): string {
  const text = lesson.expectedOutput;
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** The check a lesson asks for on a file: its expected output, mode, limits and input. */
export function requestForLesson(
  lesson: Lesson,
  file: string,
  extra: Partial<CheckRequest> = {},
): CheckRequest {
  return {
    file,
    expected: lessonExpectedOutput(lesson),
    mode: lesson.comparison.mode,
    tolerance: lessonTolerance(lesson),
    timeoutMs: lesson.timeoutSeconds !== undefined ? lesson.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS,
    stdin: lesson.stdin,
    ...extra,
  };
}
