// Finds the lesson packs shipped with the product, wherever the code runs from: the bundles in
// dist/, the compiled tests in out/, or an installed extension.
import * as fs from 'fs';
import * as path from 'path';
import { PACK_FILE } from './files';

/**
 * The `lessons` folder of the product: the nearest folder at or above `from` that holds both a
 * package.json and a `lessons` folder.
 */
export function bundledLessonsDir(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const lessons = path.join(dir, 'lessons');
    if (fs.existsSync(path.join(dir, 'package.json')) && isDirectory(lessons)) return lessons;

    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`no folder with package.json and lessons/ found above ${from}`);
    dir = parent;
  }
}

/** The pack folders (those holding pack.yaml) directly inside `root`, sorted by name. */
export function packDirsIn(root: string): string[] {
  if (!isDirectory(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, PACK_FILE)))
    .map((entry) => path.join(root, entry.name))
    .sort();
}

/** The bundled pack folders. */
export function bundledPackDirs(): string[] {
  return packDirsIn(bundledLessonsDir());
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
