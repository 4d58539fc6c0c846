// The pack folders a folder named on the command line stands for.
import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { holdsPackFile, packDirsIn } from '../core/lessons/bundled';
import { PACK_FILE } from '../core/lessons/files';
import { UsageError } from './args';

/**
 * The folder itself when it holds pack.yaml, else the packs in its subfolders. `label` names
 * the folder in errors, as the user gave it (`--pack DIR`, or `DIR`).
 */
export function packFoldersFor(dir: string, label: string): string[] {
  const resolved = resolve(dir);
  let stat: Stats;
  try {
    stat = statSync(resolved);
  } catch {
    throw new UsageError(`${label}: no such folder`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${label}: not a folder`);
  if (holdsPackFile(resolved)) return [resolved];
  const inside = packDirsIn(resolved);
  if (inside.length === 0) {
    throw new UsageError(`${label}: no ${PACK_FILE} in it or in its subfolders`);
  }
  return inside;
}

/** Each folder once, in the order first given. */
export function distinctFolders(dirs: readonly string[]): string[] {
  return [...new Set(dirs)];
}
