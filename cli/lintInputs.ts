// Finds the files `ml-practice lint` should read and reads them defensively: missing,
// unreadable, binary, oversized and undecodable inputs become errors instead of crashes.
import * as fs from 'fs';
import * as path from 'path';
import { MAX_LINT_BYTES } from '../core/lint/limits';
import { describeFsError } from '../core/fsErrors';
import { badByte, decodePythonSource, decodeUtf8Text } from '../core/lint/sourceText';

/** Files larger than this are skipped with an error rather than parsed. */
export const MAX_FILE_BYTES = MAX_LINT_BYTES;

const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'site-packages', 'venv']);
const LINTED_EXTENSIONS = new Set(['.py', '.ipynb']);

export interface Input {
  /** Path as reported: relative to the working directory when inside it. */
  path: string;
  absolute: string;
  kind: 'script' | 'notebook';
}

export interface InputError {
  path: string;
  message: string;
}

/** Expands files and directories into the inputs to lint, in a stable order. */
export function discoverInputs(
  targets: string[],
  cwd: string,
): { inputs: Input[]; errors: InputError[] } {
  const inputs: Input[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  const add = (absolute: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    inputs.push({ path: displayPath(absolute, cwd), absolute, kind: kindOf(absolute) });
  };

  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      errors.push({ path: target, message: describeFsError(error, absolute) });
      continue;
    }
    if (stat.isDirectory()) walk(absolute, cwd, add, errors);
    else add(absolute);
  }
  return { inputs, errors };
}

function walk(dir: string, cwd: string, add: (file: string) => void, errors: InputError[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const reason = describeFsError(error);
    errors.push({ path: displayPath(dir, cwd), message: `cannot list directory: ${reason}` });
    return;
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedDir(entry.name, full)) walk(full, cwd, add, errors);
    } else if (LINTED_EXTENSIONS.has(path.extname(entry.name)) && isFileOrLinkToFile(entry, full)) {
      add(full);
    }
  }
}

/** Hidden directories, dependency folders and virtual environments are not the project's code. */
function isSkippedDir(name: string, full: string): boolean {
  if (name.startsWith('.') || SKIPPED_DIRS.has(name)) return true;
  return fs.existsSync(path.join(full, 'pyvenv.cfg'));
}

/** Symbolic links to files are followed; links to directories are not, so walks always end. */
function isFileOrLinkToFile(entry: fs.Dirent, full: string): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(full).isFile();
  } catch {
    return true;
  }
}

function kindOf(file: string): Input['kind'] {
  return path.extname(file).toLowerCase() === '.ipynb' ? 'notebook' : 'script';
}

function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative;
}

/** Reads an input as text (in its declared encoding), or says why it cannot be linted. */
export function readInput(input: Input): { text: string } | { error: string } {
  try {
    const stats = fs.statSync(input.absolute);
    if (!stats.isFile()) {
      return { error: 'not a regular file (a device, pipe or socket); expected Python source ' +
        'or a Jupyter notebook' };
    }
    const size = stats.size;
    if (size > MAX_FILE_BYTES) {
      const limit = megabytes(MAX_FILE_BYTES);
      return { error: `file is ${megabytes(size)}; files over ${limit} are skipped` };
    }

    const bytes = fs.readFileSync(input.absolute);
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      return {
        error:
          `binary file (it contains NUL bytes, the first ${badByte(bytes, nul)}); expected ` +
          'Python source or a Jupyter notebook',
      };
    }
    return input.kind === 'notebook'
      ? decodeUtf8Text(bytes, 'a notebook is JSON, which is always UTF-8')
      : decodePythonSource(bytes);
  } catch (error) {
    return { error: describeFsError(error, input.absolute) };
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
