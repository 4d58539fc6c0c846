// How the client starts the language server: the environment it adds to the extension host's.
import * as assert from 'node:assert/strict';
import { serverEnvironment } from '../../client/src/serverProcess';

const FIXED = { MALLOC_MMAP_THRESHOLD_: String(8 * 1024 * 1024) };

describe('the language server process', () => {
  it("fixes glibc's threshold for memory served straight from the system", () => {
    assert.deepEqual(serverEnvironment({ PATH: '/usr/bin' }), FIXED);
  });

  it("leaves glibc's allocator to a user who set it", () => {
    for (const [name, value] of [
      ['MALLOC_MMAP_THRESHOLD_', '65536'],
      ['MALLOC_TRIM_THRESHOLD_', '65536'],
      ['GLIBC_TUNABLES', 'glibc.pthread.rseq=0:glibc.malloc.arena_max=2'],
    ]) {
      assert.deepEqual(serverEnvironment({ [name]: value }), {}, name);
    }
  });

  it('counts a variable set to nothing, or tunables of other parts of glibc, as no setting', () => {
    assert.deepEqual(serverEnvironment({ MALLOC_MMAP_THRESHOLD_: '' }), FIXED);
    assert.deepEqual(serverEnvironment({ MALLOC_TRIM_THRESHOLD_: '' }), FIXED);
    assert.deepEqual(serverEnvironment({ GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }), FIXED);
  });
});
