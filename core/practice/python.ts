// Finds the Python interpreter that runs practice files: an explicit path, else python3 or
// python on PATH, each confirmed by actually running it.
import { spawn, type ChildProcess } from 'node:child_process';
import { killTree } from './processGroup';

/** No usable interpreter; the message says what to install or select. */
export class PythonNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PythonNotFoundError';
  }
}

export interface PythonInfo {
  /** The interpreter's own idea of its path (sys.executable), or the command when empty. */
  executable: string;
  /** e.g. "3.11.7". */
  version: string;
}

/** A candidate interpreter that did not say what it is in time. */
class ProbeTimeoutError extends Error {}

/** How long an interpreter may take to say what it is, unless a shorter limit is given. */
export const PROBE_TIMEOUT_MS = 15_000;

const PROBE = 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])';

/** The most of a probe's output that is kept: its answer is two short lines. */
const PROBE_OUTPUT_LIMIT = 64 * 1024;

/** The probe was called off by `signal`, as when the check is stopped. */
export class ProbeAbortedError extends Error {
  constructor() {
    super('the check was stopped');
    this.name = 'ProbeAbortedError';
  }
}

/**
 * Runs the candidate once; resolves to its details, or rejects with why it could not run.
 * `-S` skips the `site` import, most of a bare interpreter's start-up, which the answer does
 * not depend on. The environment is left as it is: a PYTHONHOME may be what lets it start.
 * The candidate runs in a process group of its own, killed whole when the probe ends, times
 * out or is called off, so nothing it started outlives the probe.
 */
export function probePython(
  command: string,
  timeoutMs = PROBE_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<PythonInfo> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, ['-S', '-c', PROBE], {
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      reject(error);
      return;
    }

    const output = { stdout: '', stderr: '' };
    const keep = (stream: 'stdout' | 'stderr') => (chunk: string) => {
      if (output[stream].length < PROBE_OUTPUT_LIMIT) output[stream] += chunk;
    };
    child.stdout?.setEncoding('utf8').on('data', keep('stdout'));
    child.stderr?.setEncoding('utf8').on('data', keep('stderr'));

    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      killTree(child);
      child.stdout?.destroy();
      child.stderr?.destroy();
      outcome();
    };
    // A probe cut short settles once the candidate has exited, so it is not left unreaped.
    const cutShort = (error: Error): void => {
      if (settled) return;
      if (child.exitCode !== null || child.signalCode !== null) settle(() => reject(error));
      else {
        child.once('exit', () => settle(() => reject(error)));
        killTree(child);
      }
    };
    const timer = setTimeout(() => {
      cutShort(new ProbeTimeoutError(`it did not answer within ${seconds(timeoutMs)}`));
    }, timeoutMs);
    const onAbort = (): void => cutShort(new ProbeAbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    child.on('error', (error) => settle(() => reject(error)));
    child.on('close', (code, exitSignal) => {
      settle(() => {
        if (code !== 0) reject(new Error(exitReason(code, exitSignal, output.stderr)));
        else answer(output.stdout, command, resolve, reject);
      });
    });
  });
}

function exitReason(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = code !== null ? `it exited with status ${code}` : `it was ended by ${signal}`;
  const lines = stderr.trim().split(/\r?\n/).filter((line) => line.trim() !== '');
  // A traceback ends with its exception; a launcher such as a version manager's shim says
  // what went wrong first and explains after.
  const telling = lines[0]?.startsWith('Traceback') ? lines[lines.length - 1] : lines[0];
  return telling ? `${how}: ${telling.trim()}` : how;
}

function answer(
  stdout: string,
  command: string,
  resolve: (info: PythonInfo) => void,
  reject: (error: Error) => void,
): void {
  const [executable, version] = stdout.trim().split(/\r?\n/);
  if (!version) {
    const said = stdout.trim() === '' ? 'nothing' : `'${stdout.trim().slice(0, 80)}'`;
    reject(new Error(`it ran but is not Python: asked for its version, it printed ${said}`));
    return;
  }
  if (!/^3\./.test(version)) {
    reject(new Error(`it reports version '${version}', and Python 3 is needed`));
    return;
  }
  resolve({ executable: executable || command, version });
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or command';
  if (code === 'EACCES') return 'it is not executable';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** A duration in seconds for messages: `10 s`, `1.5 s`, `0.001 s`. */
export function seconds(ms: number): string {
  const value = ms / 1000;
  return `${value >= 1 ? Number(value.toFixed(1)) : Number(value.toPrecision(2))} s`;
}

/** Like findPython, with the version too. */
export async function findPythonInfo(
  explicit?: string,
  timeoutMs = PROBE_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<PythonInfo> {
  if (explicit !== undefined && explicit.trim() !== '') {
    try {
      return await probePython(explicit, timeoutMs, signal);
    } catch (error) {
      if (error instanceof ProbeAbortedError) throw error;
      throw new PythonNotFoundError(
        `The Python interpreter '${explicit}' cannot be used (${reason(error)}). ` +
          'Give the path of a working Python 3 interpreter (the mlPractice.pythonPath setting, ' +
          'or --python on the command line), or none to use python3 from PATH.',
      );
    }
  }

  const failures: string[] = [];
  let timedOut = 0;
  for (const candidate of ['python3', 'python']) {
    try {
      return await probePython(candidate, timeoutMs, signal);
    } catch (error) {
      if (error instanceof ProbeAbortedError) throw error;
      if (error instanceof ProbeTimeoutError) timedOut++;
      failures.push(`${candidate}: ${reason(error)}`);
    }
  }
  if (timedOut === failures.length) {
    throw new PythonNotFoundError(
      `No Python 3 interpreter answered within ${seconds(timeoutMs)}: neither python3 nor ` +
        `python said which Python it is in time (${failures.join('; ')}). The check waits for ` +
        'the interpreter no longer than its own timeout: give it more time, or name the ' +
        'interpreter (in the editor: the setting mlPractice.pythonPath; on the command line: ' +
        '--python PATH).',
    );
  }
  throw new PythonNotFoundError(
    'No Python 3 interpreter was found: neither python3 nor python runs from PATH ' +
      `(${failures.join('; ')}). ` +
      'Install Python 3 (https://www.python.org/downloads/), or select an interpreter ' +
      '(in the editor: the Python extension or the setting mlPractice.pythonPath; ' +
      'on the command line: --python PATH).',
  );
}

/** The interpreter to run practice files with: its path, confirmed to run Python 3. */
export async function findPython(explicit?: string): Promise<string> {
  return (await findPythonInfo(explicit)).executable;
}
