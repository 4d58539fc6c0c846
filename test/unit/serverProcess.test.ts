// How the client starts the language server: the environment it adds to the extension host's.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER_EXEC_ARGV, serverEnvironment } from '../../client/src/serverProcess';

describe('the language server process', () => {
  it("fixes glibc's threshold for memory served straight from the system", () => {
    assert.deepEqual(serverEnvironment({ PATH: '/usr/bin' }), {
      MALLOC_MMAP_THRESHOLD_: String(8 * 1024 * 1024),
    });
  });

  it("leaves glibc's allocator to a user who set it", () => {
    for (const name of ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'GLIBC_TUNABLES']) {
      assert.deepEqual(serverEnvironment({ [name]: '65536' }), {}, name);
    }
  });

  it('starts Node with the flags and the environment together', () => {
    const shown = spawnSync(
      process.execPath,
      [...SERVER_EXEC_ARGV, '-e', 'console.log(process.env.MALLOC_MMAP_THRESHOLD_)'],
      { env: { ...process.env, ...serverEnvironment({}) }, encoding: 'utf8' },
    );
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout.trim(), String(8 * 1024 * 1024));
  });
});
