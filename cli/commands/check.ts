// `ml-practice check`: runs a practice file and compares its output with a lesson's expected
// output (or a file's), printing the verdict as text or JSON.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import { resolve } from 'node:path';
import { choice, parseArgs, stringFlag, UsageError, type ParsedArgs } from '../args';
import { distinctFolders, packFoldersFor } from '../packFolders';
import { stopOnSignals, stopped } from '../signals';
import {
  checkPractice,
  COMPARISON_MODES,
  DEFAULT_MAX_OUTPUT_BYTES,
  DIFF_LINES_SHOWN,
  formatVerdict,
  InvalidPatternError,
  PracticeFileError,
  PythonNotFoundError,
  type CheckRequest,
  type CheckResult,
  type ComparisonMode,
  type NumericTolerance,
  lessonExpectedOutput,
  lessonTolerance,
} from '../../core/practice';
import { bundledPackDirs } from '../../core/lessons/bundled';
import { badByte, decodeUtf8Text } from '../../core/lint/sourceText';
import type * as LessonLoading from '../../core/lessons/load';

const HELP = `usage: ml-practice check FILE (--lesson ID | --expected-file F) [options]

Runs FILE with Python and compares its output with the expected output.

options:
  --lesson ID            check against this lesson's expected output, mode, input and timeout
  --pack DIR             also load lessons from this pack folder
  --expected-file F      check against the text of F instead of a lesson
  --mode M               normalized (default), exact, contains, regex or numeric
  --abs-tolerance X      numeric mode: accept numbers within X of the expected
  --rel-tolerance X      numeric mode: accept numbers within X times the expected
  --timeout S            stop the program after S seconds (default 10, at most 86400)
  --python P             the interpreter to run (default: python3, else python, on PATH)
  --stdin-file F         give the program the text of F (UTF-8, at most 16 MB) on stdin
                         (default: stdin closed)
  --format text|json     how to print the verdict (default text)

exit codes: 0 pass; 1 fail, error or timeout; 2 usage error, missing file, unknown lesson or
no interpreter; 130, 143 or 129 when stopped by Ctrl-C, SIGTERM or a hangup, which end the
program too.
`;

const VALUE_FLAGS = [
  'lesson',
  'pack',
  'expected-file',
  'mode',
  'abs-tolerance',
  'rel-tolerance',
  'timeout',
  'python',
  'stdin-file',
  'format',
];

/** What the lesson (or the command line alone) asks the check to use. */
interface Target {
  expected: string;
  mode?: ComparisonMode;
  tolerance?: NumericTolerance;
  timeoutSeconds?: number;
  stdin?: string;
  lessonId?: string;
}

export async function checkCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, VALUE_FLAGS, ['help']);
  if (args.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }

  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const file = practiceFile(args);
  const target = resolveTarget(args);

  const stop = stopOnSignals();
  let request: CheckRequest;
  let result: CheckResult;
  let started = false;
  try {
    // A --stdin-file may be a pipe that is slow to end, so reading it can be stopped too.
    const stdinFile = stringFlag(args, 'stdin-file');
    const stdin = stdinFile === undefined ? target.stdin : await readStdin(stdinFile, stop.signal);
    request = buildRequest(args, file, target, stdin);
    started = true;
    result = await run({ ...request, signal: stop.signal });
  } catch (error) {
    if (stop.received === undefined) throw error;
    const ended = started ? 'the program was ended' : 'the program was not started';
    return stopped('check', stop.received, ended);
  } finally {
    stop.dispose();
  }
  if (stop.received !== undefined) return stopped('check', stop.received, 'the program was ended');
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(toJson(result, request, target), null, 2)}\n`);
  } else {
    const diffLines = { most: DIFF_LINES_SHOWN, whereAll: '--format json gives all of it' };
    process.stdout.write(formatVerdict(result, { includeStderr: true, diffLines }));
  }
  return result.verdict === 'pass' ? 0 : 1;
}

function practiceFile(args: ParsedArgs): string {
  if (args.positionals.length !== 1) {
    throw new UsageError(`expected exactly one practice FILE, got ${args.positionals.length}\n\n${HELP}`);
  }
  const given = args.positionals[0];
  const file = resolve(given);
  let stat: Stats;
  try {
    stat = statSync(file);
    if (stat.isFile()) closeSync(openSync(file, 'r'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A path through a file is as missing as a path to nothing.
    if (code === 'ENOTDIR') throw new UsageError(`${given}: no such file`);
    throw new UsageError(`${given}: ${readFailure(error as NodeJS.ErrnoException)}`);
  }
  if (!stat.isFile()) throw new UsageError(`${given}: not a file`);
  return file;
}

function resolveTarget(args: ParsedArgs): Target {
  const lessonId = stringFlag(args, 'lesson');
  const expectedFile = stringFlag(args, 'expected-file');
  if ((lessonId === undefined) === (expectedFile === undefined)) {
    throw new UsageError('give exactly one of --lesson ID or --expected-file F');
  }
  if (expectedFile !== undefined) {
    if (stringFlag(args, 'pack') !== undefined) {
      throw new UsageError('--pack goes with --lesson: it names the packs to find the lesson in');
    }
    return { expected: readExpected(expectedFile) };
  }
  return lessonTarget(lessonId!, stringFlag(args, 'pack'));
}

/** The lesson's expected output and settings, from the bundled packs and --pack. */
function lessonTarget(lessonId: string, pack: string | undefined): Target {
  // Required here, so a check against an expected file does not load the YAML and schema code.
  const { loadPacks } = require('../../core/lessons/load') as typeof LessonLoading;
  const given = pack === undefined ? [] : packFoldersFor(pack, `--pack ${pack}`);
  const { packs, problems } = loadPacks(distinctFolders([...bundledPacks(), ...given]));
  const lesson = packs.flatMap((p) => p.lessons).find((l) => l.id === lessonId);
  if (!lesson) {
    const known = packs.flatMap((p) => p.lessons.map((l) => l.id));
    const broken = problems.length > 0 ? `; ${problems.length} problem(s) while loading packs, ` +
      `first: ${problems[0].file}: ${problems[0].message}` : '';
    throw new UsageError(
      `unknown lesson '${lessonId}' (known: ${known.join(', ') || 'none'})${broken}`,
    );
  }

  return {
    expected: lessonExpectedOutput(lesson),
    mode: lesson.comparison.mode,
    tolerance: lessonTolerance(lesson),
    timeoutSeconds: lesson.timeoutSeconds,
    stdin: lesson.stdin,
    lessonId: lesson.id,
  };
}

/** The packs shipped with the product; none when the CLI runs outside it. */
function bundledPacks(): string[] {
  try {
    return bundledPackDirs();
  } catch {
    return [];
  }
}

/** The most `--stdin-file` gives a program. */
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

/** The text a program is given on stdin: UTF-8, as Python reads it with PYTHONIOENCODING. */
async function readStdin(file: string, signal: AbortSignal): Promise<string> {
  const flag = '--stdin-file';
  let bytes: Buffer;
  try {
    // At most one byte more than the limit: a device or pipe may never end.
    bytes = await readAtMostUntil(file, MAX_STDIN_BYTES + 1, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UsageError(`${flag} ${file}: ${readFailure(error as NodeJS.ErrnoException)}`);
  }
  if (bytes.length > MAX_STDIN_BYTES) {
    throw new UsageError(`${flag} ${file}: more than ${MAX_STDIN_BYTES} bytes, the most a ` +
      'program is given on stdin');
  }
  const decoded = decodeUtf8Text(bytes, 'save it as UTF-8');
  if ('error' in decoded) throw new UsageError(`${flag} ${file}: ${decoded.error}`);
  return decoded.text;
}

/** The expected output's file: UTF-8 text, no larger than a program's output may be. */
function readExpected(file: string): string {
  const flag = '--expected-file';
  let bytes: Buffer;
  try {
    // At most one byte more than the limit: a device or pipe may never end.
    bytes = readAtMost(file, DEFAULT_MAX_OUTPUT_BYTES + 1);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${readFailure(error as NodeJS.ErrnoException)}`);
  }
  if (bytes.length > DEFAULT_MAX_OUTPUT_BYTES) {
    throw new UsageError(`${flag} ${file}: more than ${DEFAULT_MAX_OUTPUT_BYTES} bytes; a ` +
      `program's output is compared up to ${DEFAULT_MAX_OUTPUT_BYTES} bytes, so this cannot be ` +
      'the text meant');
  }
  const zero = bytes.indexOf(0);
  if (zero >= 0) {
    throw new UsageError(`${flag} ${file}: a binary file, not text: NUL ${badByte(bytes, zero)}`);
  }
  const decoded = decodeUtf8Text(bytes, 'save it as UTF-8');
  if ('error' in decoded) throw new UsageError(`${flag} ${file}: ${decoded.error}`);
  return decoded.text;
}

/**
 * The first `limit` bytes of a file, or all of it when it is shorter. A pipe is read as the
 * process reads its own input, so that a writer that keeps it open holds nothing up: the read
 * stops with the signal's reason when it aborts.
 */
function readAtMostUntil(file: string, limit: number, signal: AbortSignal): Promise<Buffer> {
  // Opened without waiting for a writer; only a pipe is read that way.
  const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(descriptor).isFIFO()) {
    closeSync(descriptor);
    return Promise.resolve(readAtMost(file, limit));
  }
  return new Promise((resolve, reject) => {
    const pipe = new Socket({ fd: descriptor, readable: true, writable: false });
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (outcome: () => void): void => {
      signal.removeEventListener('abort', abort);
      pipe.destroy();
      outcome();
    };
    const abort = (): void => finish(() => reject(signal.reason));
    signal.addEventListener('abort', abort, { once: true });
    pipe.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= limit) finish(() => resolve(Buffer.concat(chunks).subarray(0, limit)));
    });
    pipe.on('end', () => finish(() => resolve(Buffer.concat(chunks))));
    pipe.on('error', (error) => finish(() => reject(error)));
    if (signal.aborted) abort();
  });
}

/** The first `limit` bytes of a file, or all of it when it is shorter. */
function readAtMost(file: string, limit: number): Buffer {
  const descriptor = openSync(file, 'r');
  try {
    // In pieces, so that a short file costs no more than its size.
    const chunks: Buffer[] = [];
    let filled = 0;
    while (filled < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, limit - filled));
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      filled += read;
    }
    return Buffer.concat(chunks, filled);
  } finally {
    closeSync(descriptor);
  }
}

const READ_CHUNK_BYTES = 64 * 1024;

function readFailure(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file';
  if (error.code === 'EISDIR') return 'not a file (it is a folder)';
  if (error.code === 'EACCES') return 'not readable (permission denied)';
  return error.message;
}

function buildRequest(
  args: ParsedArgs,
  file: string,
  target: Target,
  stdin: string | undefined,
): CheckRequest {
  const mode = choice(args, 'mode', COMPARISON_MODES, target.mode ?? 'normalized');
  const timeoutSeconds = timeoutFlag(args) ?? target.timeoutSeconds;

  const tolerance: NumericTolerance = { ...target.tolerance };
  const absolute = nonNegativeNumber(args, 'abs-tolerance');
  const relative = nonNegativeNumber(args, 'rel-tolerance');
  if (absolute !== undefined) tolerance.absolute = absolute;
  if (relative !== undefined) tolerance.relative = relative;
  if ((absolute !== undefined || relative !== undefined) && mode !== 'numeric') {
    const flag = absolute !== undefined ? '--abs-tolerance' : '--rel-tolerance';
    throw new UsageError(`${flag} applies to numeric comparisons only; add --mode numeric ` +
      `(the mode here is ${mode})`);
  }

  return {
    file,
    expected: target.expected,
    mode,
    tolerance,
    python: stringFlag(args, 'python'),
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    stdin,
    cwd: process.cwd(),
  };
}

/** A tolerance may be 0, which widens nothing, as a lesson's may. */
function nonNegativeNumber(args: ParsedArgs, name: string): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${name} must be a number, zero or more, got '${raw}'`);
  }
  return value;
}

function positiveNumber(args: ParsedArgs, name: string): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive number, got '${raw}'`);
  }
  return value;
}

/** A day is far beyond any practice program, and well within what a timer can wait. */
const MAX_TIMEOUT_SECONDS = 24 * 60 * 60;

function timeoutFlag(args: ParsedArgs): number | undefined {
  const seconds = positiveNumber(args, 'timeout');
  if (seconds !== undefined && seconds > MAX_TIMEOUT_SECONDS) {
    const given = stringFlag(args, 'timeout');
    throw new UsageError(`--timeout must be at most ${MAX_TIMEOUT_SECONDS} seconds (24 h), got '${given}'`);
  }
  return seconds;
}

async function run(request: CheckRequest): Promise<CheckResult> {
  try {
    return await checkPractice(request);
  } catch (error) {
    const known =
      error instanceof PythonNotFoundError ||
      error instanceof PracticeFileError ||
      error instanceof InvalidPatternError;
    if (known) throw new UsageError(error.message);
    throw error;
  }
}

function toJson(result: CheckResult, request: CheckRequest, target: Target): Record<string, unknown> {
  return {
    verdict: result.verdict,
    expected: result.expected,
    actual: result.actual,
    diff: result.diff,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    python: result.python,
    pythonVersion: result.pythonVersion,
    message: result.message,
    file: request.file,
    lesson: target.lessonId,
    mode: request.mode,
    stderr: result.stderr,
    errorSummary: result.errorSummary,
    errorLocation: result.errorLocation,
    normalizationChangedVerdict: result.normalizationChangedVerdict ?? false,
    outputTruncated: result.outputTruncated ?? false,
  };
}
