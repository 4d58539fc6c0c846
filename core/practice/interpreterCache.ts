// Remembers what the probe said about an interpreter binary, so that checking again with the
// same, unchanged interpreter starts one Python process instead of two.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { PythonInfo } from './python';
import { statOrUndefined } from './stat';

const CACHE_FILE = 'interpreters.json';
const MAX_ENTRIES = 32;

interface Entry {
  identity: string;
  executable: string;
  version: string;
}

/** The per-user cache folder: $XDG_CACHE_HOME when set, else the platform's usual place. */
export function cacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'ml-practice');
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) {
    return join(process.env.LOCALAPPDATA, 'ml-practice', 'Cache');
  }
  if (process.platform === 'darwin') return join(homeDir(), 'Library', 'Caches', 'ml-practice');
  return join(homeDir(), '.cache', 'ml-practice');
}

/** Node does not load its os module at start-up; with $XDG_CACHE_HOME set, no check needs it. */
function homeDir(): string {
  return (require('node:os') as typeof import('node:os')).homedir();
}

export function cacheFile(): string {
  return join(cacheDir(), CACHE_FILE);
}

/** ELF, Mach-O (thin and fat) and PE executables start with these bytes. */
function isNativeExecutable(head: Buffer): boolean {
  const word = head.readUInt32BE(0);
  const machO = [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe];
  return word === 0x7f454c46 || machO.includes(word) || head.readUInt16BE(0) === 0x4d5a;
}

/**
 * What identifies this interpreter's binary (device, inode, size and times of the file a path
 * leads to), or undefined when its probe answer must not be remembered: a command found on
 * PATH, or a script such as a pyenv shim, which may run another interpreter tomorrow without
 * changing itself.
 */
export function interpreterIdentity(command: string): string | undefined {
  if (!isAbsolute(command)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(command, 'r');
    const stat = fstatSync(fd);
    const head = Buffer.alloc(4);
    if (!stat.isFile() || readSync(fd, head, 0, 4, 0) < 4 || !isNativeExecutable(head)) {
      return undefined;
    }
    return identityOf(stat);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function identityOf(stat: Stats): string {
  return [stat.dev, stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs].join(':');
}

function isEntry(value: unknown): value is Entry {
  const entry = value as Partial<Entry> | null;
  return (
    typeof entry === 'object' && entry !== null &&
    typeof entry.identity === 'string' &&
    typeof entry.executable === 'string' &&
    typeof entry.version === 'string'
  );
}

/** The remembered answers; a missing or damaged file holds none. */
function readEntries(): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  try {
    const data = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { interpreters?: unknown };
    const stored = data.interpreters;
    if (typeof stored !== 'object' || stored === null) return entries;
    for (const [command, entry] of Object.entries(stored)) {
      if (isEntry(entry)) entries.set(command, entry);
    }
  } catch {
    return entries;
  }
  return entries;
}

/**
 * The probe's answer for `command` when the file its path leads to is still the binary that
 * gave it. One stat suffices: only a native executable's identity is ever stored, and a file
 * with the same device, inode, size and times is that same, unchanged file.
 */
export function rememberedPython(command: string): PythonInfo | undefined {
  if (!isAbsolute(command)) return undefined;
  const stat = statOrUndefined(command);
  if (!stat?.isFile()) return undefined;

  const entry = readEntries().get(command);
  if (entry?.identity !== identityOf(stat)) return undefined;
  return { executable: entry.executable, version: entry.version };
}

/**
 * Stores the probe's answer for `command`, the most recent last, the oldest dropped beyond
 * MAX_ENTRIES. The file is replaced whole by a rename, so a check running at the same time
 * reads the old or the new one, never half of one. A cache that cannot be written only means
 * probing again next time.
 */
export function rememberPython(command: string, identity: string, info: PythonInfo): void {
  const entries = readEntries();
  entries.delete(command);
  entries.set(command, { identity, executable: info.executable, version: info.version });
  const kept = [...entries].slice(-MAX_ENTRIES);

  const file = cacheFile();
  const partial = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const text = JSON.stringify({ interpreters: Object.fromEntries(kept) }, null, 2);
    writeFileSync(partial, `${text}\n`);
    renameSync(partial, file);
  } catch {
    removeQuietly(partial);
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Its folder could not be made either, so there is nothing to remove.
  }
}
