// Locates the practice fixtures from compiled tests, which run from out/.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export function fixture(name: string): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'practice', name);
}

export function readFixture(name: string): string {
  return fs.readFileSync(fixture(name), 'utf8');
}
