// Runs a learner's practice file under limits (time, output size, closed or given stdin) in its
// own process group, and turns what happened into a verdict.
import { spawn } from 'node:child_process';
import { dirname, resolve as resolvePath } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { compareOutput, fullMatch } from './compare';
import { interpreterIdentity, rememberedPython, rememberPython } from './interpreterCache';
import {
  findPythonInfo,
  PROBE_TIMEOUT_MS,
  PythonNotFoundError,
  seconds,
  type PythonInfo,
} from './python';
import { killRun, killTree, newRunName, RUN_VARIABLE } from './processGroup';
import { statOrUndefined } from './stat';
import { deepestFrameIn, distributionFor, missingModule, parseTraceback } from './traceback';
import type { CheckRequest, CheckResult, Verdict } from './types';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1_000_000;

/** The longest delay Node's timers accept; a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The practice file cannot be read. */
export class PracticeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PracticeFileError';
  }
}

interface RawRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  truncated: boolean;
  cancelled: boolean;
  durationMs: number;
}

export async function checkPractice(req: CheckRequest): Promise<CheckResult> {
  const file = resolvePath(req.file);
  ensureReadable(file);
  ensureTimeout(req.timeoutMs);
  if (req.mode === 'regex') fullMatch(req.expected, '');

  const given = req.python?.trim() ? req.python : undefined;
  if (given !== undefined) return runGiven(asSpawned(given), file, req);

  const python = await findPythonInfo(undefined, probeTimeout(req), req.signal);
  const raw = await runProgram(python.executable, file, req);
  return judge(req, file, python.executable, python.version, raw);
}

/** A given interpreter runs the program at once when it is remembered, else after a probe. */
function runGiven(command: string, file: string, req: CheckRequest): Promise<CheckResult> {
  const known = rememberedPython(command);
  if (known) return runRemembered(command, known, file, req);
  return runAfterProbing(command, interpreterIdentity(command), file, req);
}

/**
 * An interpreter whose probe answer is remembered runs the program alone. A run that fails
 * without a Python traceback may be an interpreter that no longer starts (a PYTHONHOME gone
 * wrong, say): it is probed then after all, so that the probe's error stands as it would have.
 */
async function runRemembered(
  command: string,
  known: PythonInfo,
  file: string,
  req: CheckRequest,
): Promise<CheckResult> {
  const raw = await runProgram(command, file, req);
  if (!mayNotHaveStarted(raw)) return judge(req, file, known.executable, known.version, raw);

  const python = await findPythonInfo(command, probeTimeout(req), req.signal);
  return judge(req, file, python.executable, python.version, raw);
}

function mayNotHaveStarted(raw: RawRun): boolean {
  const stopped = raw.timedOut || raw.cancelled || raw.truncated;
  return raw.exitCode !== 0 && !stopped && parseTraceback(raw.stderr) === undefined;
}

/**
 * An interpreter nothing is known about is probed before it runs anything: a path to some
 * other program must not be handed the practice file. A native interpreter's answer is
 * remembered for the next check.
 */
async function runAfterProbing(
  command: string,
  identity: string | undefined,
  file: string,
  req: CheckRequest,
): Promise<CheckResult> {
  const python = await findPythonInfo(command, probeTimeout(req), req.signal);
  if (identity !== undefined) rememberPython(command, identity, python);
  return judge(req, file, python.executable, python.version, await runProgram(command, file, req));
}

/** The probe waits no longer than the run itself may take. */
function probeTimeout(req: CheckRequest): number {
  return Math.min(req.timeoutMs ?? DEFAULT_TIMEOUT_MS, PROBE_TIMEOUT_MS);
}

/** A relative interpreter path means one from here, not from the program's working folder. */
function asSpawned(command: string): string {
  return /[\\/]/.test(command) ? resolvePath(command) : command;
}

function ensureReadable(file: string): void {
  const stat = statOrUndefined(file);
  if (!stat) throw new PracticeFileError(`${file}: no such file`);
  if (!stat.isFile()) throw new PracticeFileError(`${file}: not a file`);
}

function ensureTimeout(timeoutMs: number | undefined): void {
  if (timeoutMs === undefined) return;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new RangeError(
      `timeoutMs must be a positive number of milliseconds up to ${MAX_TIMEOUT_MS}, got ${timeoutMs}`,
    );
  }
}

/** Spawns the interpreter and collects its output until it ends or a limit stops it. */
function runProgram(python: string, file: string, req: CheckRequest): Promise<RawRun> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const started = Date.now();

  return new Promise((resolve, reject) => {
    const run = newRunName();
    const child = spawn(python, [file], {
      cwd: req.cwd ?? dirname(file),
      env: { ...childEnv(), [RUN_VARIABLE]: run },
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });

    const out = new Collector(maxBytes);
    const state = { timedOut: false, truncated: false, cancelled: false };
    let settled = false;

    const stop = (): void => killTree(child);
    const timer = setTimeout(() => {
      state.timedOut = true;
      stop();
    }, timeoutMs);
    const onAbort = (): void => {
      state.cancelled = true;
      stop();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    if (req.signal?.aborted) onAbort();

    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = out.add(stream, chunk);
      if (text && req.onOutput) req.onOutput(text, stream);
      if (out.full && !state.truncated) {
        state.truncated = true;
        stop();
      }
    };
    child.stdout!.on('data', take('stdout'));
    child.stderr!.on('data', take('stderr'));

    child.stdin!.on('error', () => undefined);
    child.stdin!.end(req.stdin ?? '');

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      killTree(child);
      resolve({ ...out.result(), exitCode, signal, ...state, durationMs: Date.now() - started });
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const why = `The Python interpreter '${python}' could not be started (${error.message}).`;
      reject(new PythonNotFoundError(why));
    });

    // A grandchild can hold the pipes open after the interpreter exits; the group is killed on
    // exit, with whatever left it, and a short grace period covers a descendant that escaped
    // both.
    child.on('exit', (code, signal) => {
      killTree(child);
      killRun(run);
      const grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      }, 500);
      child.on('close', () => {
        clearTimeout(grace);
        finish(code, signal);
      });
    });
  });
}

function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONIOENCODING: 'utf-8',
    PYTHONUNBUFFERED: '1',
    NO_COLOR: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}


/** Keeps stdout and stderr up to a shared byte budget, decoding UTF-8 with replacement. */
class Collector {
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly text = { stdout: '', stderr: '' };
  private bytes = 0;
  full = false;

  constructor(private readonly maxBytes: number) {}

  add(stream: 'stdout' | 'stderr', chunk: Buffer): string {
    if (this.full) return '';
    const room = this.maxBytes - this.bytes;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.bytes += kept.length;
    if (chunk.length > room) this.full = true;

    const text = this.decoders[stream].write(kept);
    this.text[stream] += text;
    return text;
  }

  result(): { stdout: string; stderr: string; truncated: boolean } {
    return {
      stdout: this.text.stdout + this.decoders.stdout.end(),
      stderr: this.text.stderr + this.decoders.stderr.end(),
      truncated: this.full,
    };
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1000) return `${+(bytes / 1000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

/** Decides the verdict and writes the message a learner reads. */
function judge(req: CheckRequest, file: string, python: string, version: string, raw: RawRun): CheckResult {
  const mode = req.mode ?? 'normalized';
  const limitNotice = raw.truncated
    ? `\n[output stopped: more than ${formatBytes(req.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES)}; ` +
      'the rest was discarded and the run was stopped]\n'
    : '';
  const base = {
    expected: req.expected,
    actual: raw.stdout + limitNotice,
    stderr: raw.stderr,
    exitCode: raw.exitCode,
    durationMs: raw.durationMs,
    python,
    pythonVersion: version,
    outputTruncated: raw.truncated,
  };
  const result = (verdict: Verdict, message: string, extra: Partial<CheckResult> = {}): CheckResult => ({
    ...base,
    verdict,
    message,
    diff: '',
    ...extra,
  });

  if (raw.timedOut) {
    const limit = seconds(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return result('timeout', `timed out after ${limit} — is there an infinite loop?`);
  }
  if (raw.cancelled) return result('error', 'The check was cancelled before the program finished.');
  if (raw.truncated) {
    const diff = compareOutput(req.expected, base.actual, mode, req.tolerance).diff;
    return result(
      'fail',
      `The program printed more than ${formatBytes(req.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES)}; ` +
        'the run was stopped and the rest of its output discarded. Is a loop printing more than it should?',
      { diff },
    );
  }
  if (raw.exitCode !== 0) return errorResult(req, file, python, raw, result);

  const comparison = compareOutput(req.expected, raw.stdout, mode, req.tolerance);
  const changed = comparison.normalizationChangedVerdict;
  if (comparison.passed) {
    const note = changed
      ? ` Only after normalisation (${normalisationNote(mode)}); byte for byte it differs.`
      : '';
    return result('pass', `The output matches the expected output (${mode} comparison).${note}`, {
      normalizationChangedVerdict: changed,
    });
  }
  const note = changed ? ` Normalisation changed the verdict: byte for byte it would match.` : '';
  const what =
    raw.stdout === '' ? 'The program printed nothing' : 'The output differs from the expected output';
  return result('fail', `${what} (${mode} comparison).${note}`, {
    diff: comparison.diff,
    normalizationChangedVerdict: changed,
  });
}

function normalisationNote(mode: string): string {
  if (mode === 'numeric') {
    return 'numbers compared to the precision written, line endings and trailing blanks ignored';
  }
  return 'line endings, trailing blanks and colour codes ignored';
}

function errorResult(
  req: CheckRequest,
  file: string,
  python: string,
  raw: RawRun,
  result: (verdict: Verdict, message: string, extra?: Partial<CheckResult>) => CheckResult,
): CheckResult {
  const traceback = parseTraceback(raw.stderr);
  const frame = traceback ? deepestFrameIn(traceback, file) : undefined;
  const extra: Partial<CheckResult> = {};
  if (traceback) extra.errorSummary = traceback.summary;
  if (frame) extra.errorLocation = { file, line: frame.line, column: traceback?.column };

  const output = compareOutput(req.expected, raw.stdout, req.mode ?? 'normalized', req.tolerance);
  const rightOutput = output.passed
    ? ' Its output was right, but a check passes only when the program also ends without error.'
    : '';
  const where = frame ? ` (line ${frame.line})` : '';

  if (traceback?.exception === 'EOFError') {
    const why = req.stdin === undefined
      ? 'The program reads input with input(), but this lesson provides no input: stdin is ' +
        'closed. Remove the input() call and use the values the task gives.'
      : 'The program reads more input than the lesson provides.';
    return result('error', `${why} (${traceback.summary}${where})`, extra);
  }

  const moduleName = traceback ? missingModule(traceback.summary) : undefined;
  if (moduleName) {
    return result(
      'error',
      `The module '${moduleName}' is not installed for ${python}. Install it with ` +
        `'${python} -m pip install ${distributionFor(moduleName)}', or select an interpreter ` +
        'that has it.',
      extra,
    );
  }

  if (traceback) {
    const text = `The program stopped with an error${where}: ${traceback.summary}.${rightOutput}`;
    return result('error', text, extra);
  }
  if (raw.signal) {
    return result('error', `The program was stopped by signal ${raw.signal}.${rightOutput}`, extra);
  }
  return result('error', `The program exited with code ${raw.exitCode}.${rightOutput}`, extra);
}
