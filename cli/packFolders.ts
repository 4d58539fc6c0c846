// The pack folders a folder named on the command line stands for.
import { realpathSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { holdsPackFile, packDirsIn } from '../core/lessons/bundled';
import { PACK_FILE } from '../core/lessons/files';
import { UsageError } from './args';

/**
 * The folder itself when it holds pack.yaml, else the packs in its subfolders. `label` names
 * the folder in errors, as the user gave it (`--pack DIR`, or `DIR`).
 */
export function packFoldersFor(dir: string, label: string): string[] {
  if (dir === '') throw new UsageError(`${label || 'DIR'}: empty; expected a folder`);
  const resolved = resolve(dir);
  let stat: Stats;
  try {
    stat = statSync(resolved);
  } catch (error) {
    throw new UsageError(`${label}: ${folderFailure(error)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${label}: not a folder`);
  let inside: string[];
  try {
    if (holdsPackFile(resolved)) return [resolved];
    inside = packDirsIn(resolved);
  } catch (error) {
    throw new UsageError(`${label}: ${folderFailure(error)}`);
  }
  if (inside.length === 0) {
    throw new UsageError(`${label}: no ${PACK_FILE} in it or in its subfolders`);
  }
  return inside;
}

function folderFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such folder';
  if (code === 'EACCES') return 'not readable (permission denied)';
  return (error as Error).message;
}

/** Each folder once, in the order first given, however it was reached (links included). */
export function distinctFolders(dirs: readonly string[]): string[] {
  const seen = new Set<string>();
  return dirs.filter((dir) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      real = dir;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}
