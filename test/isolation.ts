// Loaded by mocha before any test: the tests, and the CLI and server processes they start, keep
// their caches in a folder of their own instead of the user's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-test-cache-'));
process.env.XDG_CACHE_HOME = cache;

export const mochaHooks = {
  afterAll(): void {
    fs.rmSync(cache, { recursive: true, force: true });
  },
};
