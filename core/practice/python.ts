// Finds the Python interpreter that runs practice files: an explicit path, else python3 or
// python on PATH, each confirmed by actually running it.
import { execFile } from 'node:child_process';

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

/** How long an interpreter may take to say what it is, unless a shorter limit is given. */
export const PROBE_TIMEOUT_MS = 15_000;

const PROBE = 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])';

/**
 * Runs the candidate once; resolves to its details, or rejects with why it could not run.
 * `-S` skips the `site` import, most of a bare interpreter's start-up, which the answer does
 * not depend on. The environment is left as it is: a PYTHONHOME may be what lets it start.
 */
export function probePython(command: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<PythonInfo> {
  return new Promise((resolve, reject) => {
    const options = { timeout: timeoutMs, windowsHide: true };
    execFile(command, ['-S', '-c', PROBE], options, (error, stdout) => {
      if (error?.killed) {
        reject(new Error(`it did not answer within ${seconds(timeoutMs)}`));
        return;
      }
      if (error) {
        reject(error);
        return;
      }
      const [executable, version] = stdout.trim().split(/\r?\n/);
      if (!version || !/^3\./.test(version)) {
        reject(new Error(`it reports version '${version ?? ''}', and Python 3 is needed`));
        return;
      }
      resolve({ executable: executable || command, version });
    });
  });
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or command';
  if (code === 'EACCES') return 'it is not executable';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${value >= 1 ? Number(value.toFixed(1)) : Number(value.toPrecision(2))} s`;
}

/** Like findPython, with the version too. */
export async function findPythonInfo(
  explicit?: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<PythonInfo> {
  if (explicit !== undefined && explicit.trim() !== '') {
    try {
      return await probePython(explicit, timeoutMs);
    } catch (error) {
      throw new PythonNotFoundError(
        `The Python interpreter '${explicit}' could not be run (${reason(error)}). ` +
          'Give the path of a working Python 3 interpreter, or leave it empty to use python3 ' +
          'from PATH.',
      );
    }
  }

  const failures: string[] = [];
  for (const candidate of ['python3', 'python']) {
    try {
      return await probePython(candidate, timeoutMs);
    } catch (error) {
      failures.push(`${candidate}: ${reason(error)}`);
    }
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
