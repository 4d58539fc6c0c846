// The CLI as a whole: its usage text, unknown commands, and a reader that closes the pipe early.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';
import { bundledLessonsDir } from '../../core/lessons';

const root = path.dirname(bundledLessonsDir(__dirname));
const cli = path.join(root, 'dist', 'cli.js');

describe('ml-practice', () => {
  it('prints its commands for --help and exits 0', () => {
    const result = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.strictEqual(result.status, 0);
    for (const command of ['lessons', 'lint', 'check', 'packs']) {
      assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'));
    }
  });

  it('names an unknown command on stderr and exits 2', () => {
    const result = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' });
    assert.strictEqual(result.status, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });

  it('ends quietly when its reader closes the pipe early', async () => {
    const child = spawn(process.execPath, [cli, 'lessons', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());

    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    assert.doesNotMatch(stderr, /EPIPE|internal error/);
    assert.notStrictEqual(code, 2);
  });
});
