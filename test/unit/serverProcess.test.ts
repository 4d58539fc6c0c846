// How the client starts the language server: the environment it adds to the extension host's.
import * as assert from 'node:assert/strict';
import { serverEnvironment } from '../../client/src/serverProcess';

const FIXED = { MALLOC_MMAP_THRESHOLD_: String(8 * 1024 * 1024) };

describe('the language server process', () => {
  it("fixes glibc's threshold for memory served straight from the system", () => {
    assert.deepEqual(serverEnvironment({ PATH: '/usr/bin' }), FIXED);
  });

  it("leaves a user's own thresholds as they are", () => {
    for (const parent of [
      { MALLOC_MMAP_THRESHOLD_: '65536' },
      { MALLOC_TRIM_THRESHOLD_: '0' },
      { GLIBC_TUNABLES: 'glibc.pthread.rseq=0:glibc.malloc.mmap_threshold=65536' },
      { GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=' },
    ]) {
      assert.deepEqual(serverEnvironment(parent), {}, JSON.stringify(parent));
    }
  });

  it('replaces a threshold glibc would read as 0, and ignores tunables of anything else', () => {
    for (const parent of [
      { MALLOC_MMAP_THRESHOLD_: '' },
      { MALLOC_MMAP_THRESHOLD_: ' ' },
      { MALLOC_MMAP_THRESHOLD_: 'abc' },
      { MALLOC_TRIM_THRESHOLD_: '' },
      { GLIBC_TUNABLES: 'glibc.pthread.rseq=0:glibc.malloc.arena_max=2' },
      { GLIBC_TUNABLES: 'xglibc.malloc.mmap_threshold=65536' },
      { GLIBC_TUNABLES: 'glibc.pthread.rseq=glibc.malloc.mmap_threshold' },
    ]) {
      assert.deepEqual(serverEnvironment(parent), FIXED, JSON.stringify(parent));
    }
  });
});
