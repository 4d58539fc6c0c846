// Finds the lesson packs shipped with the product, wherever the code runs from: the bundles in
// dist/, the compiled tests in out/, or an installed extension.
import { existsSync, lstatSync, readdirSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { PACK_FILE } from './files';

/**
 * The `lessons` folder of the product: the nearest folder at or above `from` that holds both a
 * package.json and a `lessons` folder.
 */
export function bundledLessonsDir(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const lessons = join(dir, 'lessons');
    if (existsSync(join(dir, 'package.json')) && isDirectory(lessons)) return lessons;

    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`no folder with package.json and lessons/ found above ${from}`);
    dir = parent;
  }
}

/** The pack folders (those holding pack.yaml) directly inside `root`, sorted by name. */
export function packDirsIn(root: string): string[] {
  if (!isDirectory(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && holdsPackFile(join(root, entry.name)))
    .map((entry) => join(root, entry.name))
    .sort();
}

/**
 * Whether a folder has a pack.yaml, even one that cannot be read (a broken link, a loop of
 * links): loading the pack then says what is wrong with it, where skipping it would not.
 */
export function holdsPackFile(dir: string): boolean {
  try {
    lstatSync(join(dir, PACK_FILE));
    return true;
  } catch {
    return false;
  }
}

/** The bundled pack folders. */
export function bundledPackDirs(): string[] {
  return packDirsIn(bundledLessonsDir());
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
