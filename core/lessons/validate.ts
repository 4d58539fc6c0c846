// Checks lesson packs the way learners will meet them: the format, and then the code itself
// (the example prints what the lesson promises, the starter leaves work to do, the solution
// passes, the example is deterministic and lint-clean).
import { spawn } from 'child_process';
import * as path from 'path';
import { lintSource } from '../lint';
import { checkPractice, requestForLesson, unifiedDiff, type CheckResult } from '../practice';
import { killRun, killTree, newRunName, RUN_VARIABLE } from '../practice/processGroup';
import { frontMatterFieldLine, loadPacks } from './load';
import { upgradeAdvice } from './migrate';
import type { Lesson, LessonProblem, Pack } from './types';

export type ValidationProblem = LessonProblem;

export interface PackReport {
  /** Absolute path of the pack folder. */
  dir: string;
  /** Absent when pack.yaml could not be read. */
  id?: string;
  valid: boolean;
  /** Lessons the pack lists or holds, valid or not. */
  lessons: number;
  /** Lessons that passed every check, their code included. */
  validLessons: number;
  /** Lessons whose code was not run because the interpreter lacks modules they require. */
  notRun: number;
  problems: ValidationProblem[];
  /** Things worth knowing that do not make the pack invalid. */
  notes: string[];
}

// Each lesson runs four programs at once; a few lessons together keep a pack quick to check
// without crowding a small machine.
const LESSONS_AT_ONCE = 3;

export interface ValidateOptions {
  /** The interpreter that runs the lessons' code. */
  python: string;
  /** Stops the programs running and leaves the rest of the lessons' code unrun. */
  signal?: AbortSignal;
}

/** Validates the packs in `dirs`; ids are checked for uniqueness across all of them. */
export async function validatePacks(
  dirs: readonly string[],
  options: ValidateOptions,
): Promise<PackReport[]> {
  const resolved = dirs.map((dir) => path.resolve(dir));
  const { packs, problems } = loadPacks(resolved);

  const reports: PackReport[] = [];
  for (const dir of resolved) {
    const pack = packs.find((candidate) => candidate.dir === dir);
    const own = problems.filter((problem) => isInside(dir, problem.file));
    reports.push(await validatePack(dir, pack, own, options));
  }
  return reports;
}

async function validatePack(
  dir: string,
  pack: Pack | undefined,
  loadProblems: ValidationProblem[],
  options: ValidateOptions,
): Promise<PackReport> {
  const problems = [...loadProblems];
  const notes: string[] = [];
  if (pack?.migratedFrom !== undefined) {
    notes.push(
      `written in format version ${pack.migratedFrom} and migrated on load; ` +
        `to update it: ${upgradeAdvice(pack.migratedFrom)}`,
    );
  }

  const results = await inBatches(pack?.lessons ?? [], LESSONS_AT_ONCE, (lesson) =>
    checkLesson(lesson, options),
  );
  for (const result of results) {
    problems.push(...result.problems);
    if (result.note) notes.push(result.note);
  }
  const notRun = new Set(
    results.flatMap((result, i) => (result.note ? [pack!.lessons[i].id] : [])),
  );

  const loaded = pack?.lessons.map((lesson) => lesson.id) ?? [];
  const broken = new Set(problems.flatMap((problem) => (problem.lesson ? [problem.lesson] : [])));
  const all = new Set([...loaded, ...broken]);
  return {
    dir,
    id: pack?.id,
    valid: problems.length === 0,
    lessons: all.size,
    validLessons: loaded.filter((id) => !broken.has(id) && !notRun.has(id)).length,
    notRun: notRun.size,
    problems,
    notes,
  };
}

async function checkLesson(
  lesson: Lesson,
  options: ValidateOptions,
): Promise<{ problems: LessonProblem[]; note?: string }> {
  const { python, signal } = options;
  const lint = checkLint(lesson);
  if (signal?.aborted) return { problems: lint };
  const missing = await missingModules(python, lesson.requires, signal);
  if (missing === 'timeout') {
    const note =
      `${lesson.id}: code not run: ${python} did not say within ${PROBE_TIMEOUT_MS / 1000} s ` +
      `whether it can import ${lesson.requires.join(', ')}`;
    return { problems: lint, note };
  }
  if (missing.length) {
    const note =
      `${lesson.id}: code not run, it needs ${missing.join(', ')}, ` +
      `which ${python} cannot import (use --python)`;
    return { problems: lint, note };
  }
  return { problems: [...(await checkLessonCode(lesson, options)), ...lint] };
}

/** Maps `items` through `task`, `size` at a time, keeping their order. */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(task))));
  }
  return results;
}

/** Runs example (twice), starter and solution as a learner's check would. */
async function checkLessonCode(
  lesson: Lesson,
  options: ValidateOptions,
): Promise<ValidationProblem[]> {
  const run = (file: string) => runChecked(lesson, file, options);
  const [first, second, starter, solution] = await Promise.all([
    run(lesson.example.path),
    run(lesson.example.path),
    run(lesson.starter.path),
    run(lesson.solution.path),
  ]);

  const problems: ValidationProblem[] = [];
  const at = (field: string) => ({
    file: lesson.file,
    lesson: lesson.id,
    field,
    ...frontMatterFieldLine(lesson.file, field),
  });
  const example = path.basename(lesson.example.path);
  const outputField = frontMatterFieldLine(lesson.file, 'expectedOutputFile').line
    ? 'expectedOutputFile'
    : 'expectedOutput';

  if (typeof first === 'string') {
    problems.push({ ...at('example'), message: `${example} could not be run: ${first}` });
  } else if (first.verdict !== 'pass') {
    problems.push({
      ...at(outputField),
      message:
        `${example} does not print the expected output (${first.verdict}): ` +
        `${first.message}${printed(first)}`,
    });
  }

  if (typeof first !== 'string' && typeof second !== 'string' && first.actual !== second.actual) {
    const diff = unifiedDiff(first.actual, second.actual, {
      expectedLabel: 'first run',
      actualLabel: 'second run',
    });
    problems.push({
      ...at('example'),
      message:
        `${example} printed something different on a second run; make it deterministic ` +
        `(seed random generators, sort sets, leave out times and addresses)
${diff}`,
    });
  }

  if (typeof starter === 'string') {
    problems.push({
      ...at('starter'),
      message: `${path.basename(lesson.starter.path)} could not be run: ${starter}`,
    });
  } else if (starter.verdict === 'pass') {
    problems.push({
      ...at('starter'),
      message:
        `${path.basename(lesson.starter.path)} already passes; ` +
        'leave the gap the practice task asks the learner to fill',
    });
  }

  if (typeof solution === 'string') {
    problems.push({
      ...at('solution'),
      message: `${path.basename(lesson.solution.path)} could not be run: ${solution}`,
    });
  } else if (solution.verdict !== 'pass') {
    problems.push({
      ...at('solution'),
      message:
        `${path.basename(lesson.solution.path)} does not pass (${solution.verdict}): ` +
        `${solution.message}${printed(solution)}`,
    });
  }
  return problems;
}

/** A check result, or the reason the run could not even start. */
async function runChecked(
  lesson: Lesson,
  file: string,
  { python, signal }: ValidateOptions,
): Promise<CheckResult | string> {
  try {
    return await checkPractice(requestForLesson(lesson, file, { python, cwd: lesson.dir, signal }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What the program printed and how it differs, indented under the problem. */
function printed(result: CheckResult): string {
  const parts = [`\nit printed:\n${indent(result.actual || '(nothing)')}`];
  if (result.diff) parts.push(`\ndiff:\n${indent(result.diff)}`);
  if (result.verdict === 'error' && result.errorSummary)
    parts.push(`\nerror: ${result.errorSummary}`);
  return parts.join('');
}

/** The example lints clean, except for the findings the lesson says it means to show. */
function checkLint(lesson: Lesson): ValidationProblem[] {
  const findings = lintSource(lesson.example.code);
  const expected = new Set(lesson.expectFindings);
  const example = path.relative(lesson.dir, lesson.example.path);
  const at = {
    file: lesson.file,
    lesson: lesson.id,
    field: 'expectFindings',
    ...frontMatterFieldLine(lesson.file, 'expectFindings'),
  };

  const unexpected = findings
    .filter((finding) => !expected.has(finding.code))
    .map((finding) => ({
      ...at,
      message:
        `${example}:${finding.span.start.line + 1}:${finding.span.start.column + 1}: ` +
        `${finding.code} ${finding.slug}: ${finding.message} ` +
        `(fix the example, or list ${finding.code} under expectFindings ` +
        'if the lesson means to show it)',
    }));
  const found = new Set(findings.map((finding) => finding.code));
  const absent = lesson.expectFindings
    .filter((code) => !found.has(code))
    .map((code) => ({
      ...at,
      message: `expectFindings lists ${code}, but lint finds no ${code} in ${example}`,
    }));
  return [...unexpected, ...absent];
}

/** How long the interpreter may take to say which of a lesson's modules it can import. */
const PROBE_TIMEOUT_MS = 20_000;

/**
 * Which of `modules` the interpreter cannot import, or 'timeout' when it did not say in time.
 * Finding a module runs its packages' code, so the probe runs as a program of its own: in its
 * own process group, with what it starts ended when it ends (see killRun).
 */
function missingModules(
  python: string,
  modules: readonly string[],
  signal: AbortSignal | undefined,
): Promise<string[] | 'timeout'> {
  if (modules.length === 0) return Promise.resolve([]);
  const probe =
    'import importlib.util, sys\n' +
    'print("\\n".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))';
  const run = newRunName();
  return new Promise((resolve) => {
    const child = spawn(python, ['-c', probe, ...modules], {
      detached: process.platform !== 'win32',
      env: { ...process.env, [RUN_VARIABLE]: run },
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < PROBE_OUTPUT_LIMIT) stdout += chunk;
    });
    let timedOut = false;
    const stop = (): void => killTree(child);
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, PROBE_TIMEOUT_MS);
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    const end = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      killTree(child);
      killRun(run);
    };
    // What the probe started may hold its output open: it is ended when the probe exits.
    child.on('exit', end);
    child.on('error', () => {
      end();
      resolve([...modules]);
    });
    child.on('close', (code) => {
      if (timedOut) resolve('timeout');
      else resolve(code === 0 ? stdout.split('\n').filter(Boolean) : [...modules]);
    });
  });
}

const PROBE_OUTPUT_LIMIT = 64 * 1024;

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
