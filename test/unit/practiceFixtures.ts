// Locates the practice fixtures from compiled tests, which run from out/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { productInfo } from '../../core/productInfo';

/** The folder with package.json and tsconfig.json; out/ may hold a copy of package.json only. */
export function repoRoot(): string {
  return productInfo().root;
}

export function fixture(name: string): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'practice', name);
}

export function readFixture(name: string): string {
  return fs.readFileSync(fixture(name), 'utf8');
}

const made: string[] = [];

/** A fresh temporary folder, removed after the suite. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
