// The CLI as a whole: its usage text, unknown commands, a reader that closes the pipe early, and
// its bundles, one per command.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isUsageError, UsageError } from '../../cli/args';
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

  it('keeps its own exit code when its reader closes the pipe early', async () => {
    const fixtures = path.join(root, 'test', 'fixtures', 'lint');
    const missing = path.join(root, 'test', 'fixtures', 'no-such-file.py');
    const exitWithClosedReader = async (args: string[], closeStderr: boolean) => {
      const child = spawn(process.execPath, [cli, 'lint', ...args], { stdio: 'pipe' });
      child.stdout.destroy();
      if (closeStderr) child.stderr.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, stderr };
    };

    const findings = await exitWithClosedReader([fixtures], false);
    assert.strictEqual(findings.code, 1, findings.stderr);
    assert.doesNotMatch(findings.stderr, /EPIPE|internal error/);
    const unreadable = await exitWithClosedReader([missing, fixtures], false);
    assert.strictEqual(unreadable.code, 2, unreadable.stderr);
    assert.match(unreadable.stderr, /no-such-file\.py/);
    const bothClosed = await exitWithClosedReader([missing, fixtures], true);
    assert.strictEqual(bothClosed.code, 2);
  });

  it('exits 2 and says so when its output cannot be written', function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const full = fs.openSync('/dev/full', 'w');
    try {
      const lesson = 'scalability-in-ml-systems';
      const example = path.join(bundledLessonsDir(__dirname), 'ml-systems', lesson, 'example.py');
      const commands = [
        ['lessons'],
        ['lint', path.join(root, 'test', 'fixtures', 'lint')],
        ['check', example, '--lesson', lesson],
      ];
      for (const args of commands) {
        const result = spawnSync(process.execPath, [cli, ...args], {
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
        });
        assert.strictEqual(result.status, 2, `${args[0]}: ${result.stderr}`);
        assert.match(result.stderr, /could not write the output: ENOSPC/);
        assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
      }
    } finally {
      fs.closeSync(full);
    }
  });

  it('requires each command from its bundle; check carries no linter, YAML or schemas', () => {
    const entry = fs.readFileSync(cli, 'utf8');
    for (const command of ['check', 'lessons', 'lint', 'packs']) {
      assert.match(entry, new RegExp(`require\\(["']\\./cli-${command}\\.js["']\\)`));
    }
    assert.ok(!entry.includes('node_modules/'), 'dist/cli.js carries a dependency');

    const check = fs.readFileSync(path.join(root, 'dist', 'cli-check.js'), 'utf8');
    assert.match(check, /require\(["']\.\/cli-lessonLoad\.js["']\)/);
    for (const heavy of ['node_modules/@lezer/', 'node_modules/yaml/', 'node_modules/zod/']) {
      assert.ok(!check.includes(heavy), `dist/cli-check.js bundles ${heavy}`);
    }
  });

  it("check's bundle uses Node's modules as they are, without copying their exports first", () => {
    const check = fs.readFileSync(path.join(root, 'dist', 'cli-check.js'), 'utf8');
    const wrapped = /\w+\(require\(["'](?:node:)?\w+["']\)\)/.exec(check);
    assert.strictEqual(wrapped, null, `dist/cli-check.js wraps a Node module: ${wrapped?.[0]}`);
    assert.match(check, /require\(["']node:child_process["']\)/);
  });

  it("recognises a usage error thrown by a command bundle's own copy of the class", () => {
    class BundledUsageError extends Error {
      constructor(message: string) {
        super(message);
        this.name = 'UsageError';
      }
    }
    assert.ok(isUsageError(new UsageError('from the entry')));
    assert.ok(isUsageError(new BundledUsageError('from a command bundle')));
    assert.ok(!isUsageError(new Error('an internal error')));
  });
});
