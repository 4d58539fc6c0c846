// `ml-practice packs validate` and `packs new` from the built CLI: verdicts, messages, exit codes.
import * as assert from 'assert';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledLessonsDir } from '../../core/lessons';
import { cliWithoutPrivileges } from './withoutPrivileges';

const root = path.dirname(bundledLessonsDir(__dirname));
const fixture = (name: string) => path.join(root, 'test', 'fixtures', 'lessons', name);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    cwd,
    timeout: 170_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const packs = (...args: string[]) => cli(root, 'packs', ...args);

describe('ml-practice packs', function () {
  this.timeout(180_000);

  describe('validate', () => {
    it('passes the bundled packs, with a summary line per pack', () => {
      const run = packs('validate');
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ml-systems: valid \(8 lessons, 8 valid\)$/m);
    });

    it('passes the example pack of the format documentation', () => {
      const run = packs('validate', path.join(root, 'docs', 'example-pack'));
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.strictEqual(run.stdout, 'example-pack: valid (1 lesson, 1 valid)\n');
    });

    it('names the lesson whose example prints something else, and what it printed', () => {
      const run = packs('validate', fixture('wrong-output'), fixture('good'));
      assert.strictEqual(run.status, 1);
      assert.match(
        run.stdout,
        /wrong-output-hello\/lesson\.md:5: expectedOutput: example\.py does not print the expected output/,
      );
      assert.match(run.stdout, /it printed:\n {4}hello from somewhere else/);
      assert.match(run.stdout, /^wrong-output: invalid \(1 lesson, 0 valid, 1 problem\)$/m);
      assert.match(run.stdout, /^good: valid \(1 lesson, 1 valid\)$/m);
    });

    it('names the file and the field that is missing', () => {
      const run = packs('validate', fixture('missing-field'));
      assert.strictEqual(run.status, 1);
      assert.match(
        run.stdout,
        /missing-field-hello\/lesson\.md:2:1: title: is missing: expected a string/,
      );
    });

    it('rejects a lesson file reached through ..', () => {
      const run = packs('validate', fixture('path-escape'));
      assert.strictEqual(run.status, 1);
      assert.match(
        run.stdout,
        /lesson\.md:5:1: example: '\.\.\/\.\.\/outside\.py' leads outside the pack folder/,
      );
    });

    it('rejects a lesson id used by two packs', () => {
      const run = packs('validate', fixture('duplicate-a'), fixture('duplicate-b'));
      assert.strictEqual(run.status, 1);
      assert.match(
        run.stdout,
        /duplicate-b\/shared-lesson\/lesson\.md:2: id: lesson id 'shared-lesson' is also used in pack 'duplicate-a'/,
      );
    });

    it('prints a JSON report for tools', () => {
      const run = packs('validate', fixture('starter-passes'), '--format', 'json');
      assert.strictEqual(run.status, 1);
      const report = JSON.parse(run.stdout);
      assert.strictEqual(report.valid, false);
      assert.strictEqual(report.packs[0].id, 'starter-passes');
      assert.deepStrictEqual(
        report.packs[0].problems.map((problem: { lesson: string; field: string }) => [
          problem.lesson,
          problem.field,
        ]),
        [['starter-passes-hello', 'starter']],
      );
    });

    it('exits 2 on usage errors', () => {
      assert.strictEqual(packs('validate', path.join(root, 'no-such-folder')).status, 2);
      assert.strictEqual(packs('validate', '--format', 'xml').status, 2);
      assert.match(
        packs('validate', fixture('good'), '--python', '/no/such/python').stderr,
        /python/i,
      );
      assert.strictEqual(
        packs('validate', fixture('good'), '--python', '/no/such/python').status,
        2,
      );
      assert.strictEqual(packs('frobnicate').status, 2);
    });

    it('exits 2 on a folder that is no pack and holds none, or a file, naming it as given', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-empty-'));
      try {
        const none = packs('validate', empty);
        assert.strictEqual(none.status, 2, none.stdout + none.stderr);
        assert.match(none.stderr, /: no pack\.yaml in it or in its subfolders/);
        const file = path.join(fixture('good'), 'pack.yaml');
        const notFolder = packs('validate', file);
        assert.strictEqual(notFolder.status, 2, notFolder.stdout + notFolder.stderr);
        assert.strictEqual(notFolder.stderr, `ml-practice packs: ${file}: not a folder\n`);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });

    it('checks a pack given twice once, through a link too', () => {
      const run = packs('validate', fixture('good'), fixture('good'));
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.strictEqual(run.stdout, 'good: valid (1 lesson, 1 valid)\n');
      const links = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-link-'));
      try {
        fs.symlinkSync(fixture('good'), path.join(links, 'good-again'));
        const linked = packs('validate', fixture('good'), path.join(links, 'good-again'));
        assert.strictEqual(linked.status, 0, linked.stdout + linked.stderr);
        assert.strictEqual(linked.stdout, 'good: valid (1 lesson, 1 valid)\n');
      } finally {
        fs.rmSync(links, { recursive: true, force: true });
      }
    });

    it('exits 2 on an empty folder name, or a folder it may not read', () => {
      const empty = packs('validate', '');
      assert.strictEqual(empty.status, 2);
      assert.strictEqual(empty.stderr, 'ml-practice packs: DIR: empty; expected a folder\n');
      const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-locked-'));
      try {
        // Nobody may list it, its owner included; anyone may pass through it.
        fs.chmodSync(locked, 0o311);
        const run = cliWithoutPrivileges(['packs', 'validate', locked]);
        assert.strictEqual(run.status, 2, run.stdout + run.stderr);
        assert.strictEqual(
          run.stderr,
          `ml-practice packs: ${locked}: not readable (permission denied)\n`,
        );
      } finally {
        fs.chmodSync(locked, 0o755);
        fs.rmSync(locked, { recursive: true, force: true });
      }
    });
  });

  describe('validate, stopped', () => {
    let scratch: string;
    beforeEach(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-stop-'));
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    /** True while a process runs; a zombie awaiting its reaper has ended. */
    const isLiving = (pid: number): boolean => {
      try {
        const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
        return stat.trim() !== '' && !stat.trim().startsWith('Z');
      } catch {
        return false;
      }
    };

    interface Stopped {
      code: number | null;
      stderr: string;
      /** The listed processes still running a moment after the CLI ended (then killed). */
      living: number[];
    }

    /**
     * Runs `packs validate ARGS`, sends `signal` once the file `pids` lists `count` process ids
     * (written by what the validation runs), and says how the CLI ended and what it left.
     */
    async function stopWhenStarted(
      args: string[],
      pids: string,
      count: number,
      signal: NodeJS.Signals,
      cwd = root,
    ): Promise<Stopped> {
      const child = spawn(
        process.execPath,
        [path.join(root, 'dist', 'cli.js'), 'packs', 'validate', ...args],
        { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      const started = (): number[] =>
        fs.existsSync(pids)
          ? fs.readFileSync(pids, 'utf8').split(/\s+/).filter(Boolean).map(Number)
          : [];
      for (let waited = 0; started().length < count; waited += 20) {
        assert.ok(waited < 30_000, `${count} processes were not started: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill(signal);
      const code = await closed;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const living = started().filter(isLiving);
      for (const pid of living) process.kill(pid, 'SIGKILL');
      return { code, stderr, living };
    }

    it('ends the interpreter it is confirming, when stopped', async () => {
      const pids = path.join(scratch, 'pids');
      const python = path.join(scratch, 'slow-python');
      // An interpreter that never answers, with a helper of its own.
      fs.writeFileSync(python, `#!/bin/sh\nsleep 120 &\necho $$ $! > ${pids}\nwait\n`);
      fs.chmodSync(python, 0o755);
      const run = await stopWhenStarted([fixture('good'), '--python', python], pids, 2, 'SIGINT');
      assert.strictEqual(run.code, 130, run.stderr);
      assert.match(run.stderr, /stopped by SIGINT/);
      assert.deepStrictEqual(run.living, []);
    });

    it('ends what the check of a lesson\'s modules started, when stopped', async () => {
      assert.strictEqual(packs('new', 'probe-pack', '--dir', scratch).status, 0);
      const lesson = path.join(scratch, 'probe-pack', 'probe-pack-hello', 'lesson.md');
      fs.writeFileSync(
        lesson,
        fs.readFileSync(lesson, 'utf8').replace('tags: [', 'requires: [hangmod.sub]\ntags: ['),
      );
      // Finding a module in a package runs the package, which starts helpers and never ends.
      const pids = path.join(scratch, 'pids');
      fs.mkdirSync(path.join(scratch, 'hangmod'));
      fs.writeFileSync(
        path.join(scratch, 'hangmod', '__init__.py'),
        'import subprocess, sys, time\n' +
          'sleep = [sys.executable, "-c", "import time; time.sleep(120)"]\n' +
          'helpers = [subprocess.Popen(sleep), subprocess.Popen(sleep, start_new_session=True)]\n' +
          `with open(${JSON.stringify(pids)}, "w") as f:\n` +
          '    f.write(" ".join(str(h.pid) for h in helpers))\n' +
          'time.sleep(120)\n',
      );
      const pack = path.join(scratch, 'probe-pack');
      const run = await stopWhenStarted([pack], pids, 2, 'SIGTERM', scratch);
      assert.strictEqual(run.code, 143, run.stderr);
      assert.match(run.stderr, /stopped by SIGTERM; the lessons' programs were ended/);
      assert.deepStrictEqual(run.living, []);
    });

    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      it(`ends the lessons' programs and exits ${code} when it gets ${signal}`, async () => {
        assert.strictEqual(packs('new', 'stop-pack', '--dir', scratch).status, 0);
        const pack = path.join(scratch, 'stop-pack');
        const pids = path.join(scratch, 'pids');
        // The example runs for ever, with a helper that left its session.
        fs.writeFileSync(
          path.join(pack, 'stop-pack-hello', 'example.py'),
          'import os, subprocess, sys, time\n' +
            'helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],' +
            ' start_new_session=True)\n' +
            `with open(${JSON.stringify(pids)}, "a") as f:\n` +
            '    f.write(f"{os.getpid()} {helper.pid}\\n")\n' +
            'while True:\n    time.sleep(0.05)\n',
        );
        // Both runs of the example have started.
        const run = await stopWhenStarted([pack], pids, 4, signal);
        assert.strictEqual(run.code, code, run.stderr);
        const message = `stopped by ${signal}; the lessons' programs were ended`;
        assert.match(run.stderr, new RegExp(message));
        assert.deepStrictEqual(run.living, []);
      });
    }
  });

  describe('new', () => {
    let scratch: string;
    beforeEach(() => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-cli-'));
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('scaffolds a pack that validates as created', () => {
      const created = packs('new', 'team-pack', '--dir', scratch);
      assert.strictEqual(created.status, 0, created.stderr);
      assert.ok(fs.existsSync(path.join(scratch, 'team-pack', 'pack.yaml')));
      assert.match(
        fs.readFileSync(path.join(scratch, 'team-pack', 'team-pack-hello', 'example.py'), 'utf8'),
        /hello from team-pack/,
      );

      const run = packs('validate', path.join(scratch, 'team-pack'));
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^team-pack: valid \(1 lesson, 1 valid\)$/m);
    });

    it('prints the created folder as --dir was given, not relative to here', () => {
      const run = packs('new', 'shown-pack', '--dir', scratch);
      assert.strictEqual(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^created ${escape(path.join(scratch, 'shown-pack'))}$`, 'm'));
      assert.doesNotMatch(run.stdout, /\.\.\//);
    });

    it('creates one new --dir folder but refuses one whose parent is missing', () => {
      const fresh = path.join(scratch, 'fresh');
      assert.strictEqual(packs('new', 'one-pack', '--dir', fresh).status, 0);
      assert.ok(fs.existsSync(path.join(fresh, 'one-pack', 'pack.yaml')));

      const deep = path.join(scratch, 'missing', 'deep');
      const run = packs('new', 'x', '--dir', deep);
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, new RegExp(`--dir ${escape(deep)}: no such folder`));
      assert.strictEqual(fs.existsSync(path.join(scratch, 'missing')), false);
    });

    it('refuses a --dir that is a file', () => {
      const file = path.join(scratch, 'file.txt');
      fs.writeFileSync(file, 'x');
      const run = packs('new', 'x', '--dir', file);
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, /file\.txt: not a folder/);
    });

    it('refuses an id too long for a folder name, saying how long it may be', () => {
      const run = packs('new', 'a'.repeat(300), '--dir', scratch);
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, /is 300 characters long; at most 58/);
      assert.doesNotMatch(run.stderr, /internal error/);

      assert.strictEqual(packs('new', 'b'.repeat(59), '--dir', scratch).status, 2);
      const longest = packs('new', 'c'.repeat(58), '--dir', scratch);
      assert.strictEqual(longest.status, 0, longest.stderr);
      assert.strictEqual(packs('validate', path.join(scratch, 'c'.repeat(58))).status, 0);
    });

    it('reports a pack.yaml whose aliases explode, and still loads the other packs', () => {
      assert.strictEqual(packs('new', 'good-pack', '--dir', scratch).status, 0);
      assert.strictEqual(packs('new', 'bad-pack', '--dir', scratch).status, 0);
      const aliases = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
      for (let level = 1; level < 9; level++) {
        aliases.push(`a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]`);
      }
      fs.appendFileSync(path.join(scratch, 'bad-pack', 'pack.yaml'), `\n${aliases.join('\n')}\n`);

      const run = packs('validate', scratch);
      assert.strictEqual(run.status, 1, run.stderr);
      assert.match(run.stdout, /bad-pack[\\/]pack\.yaml:1:1: YAML: Excessive alias count/);
      assert.match(run.stdout, /^good-pack: valid \(1 lesson, 1 valid\)$/m);
      const listed = cli(root, 'lessons', '--pack', scratch);
      assert.match(listed.stdout, /good-pack-hello/);
      assert.doesNotMatch(listed.stderr, /internal error/);

      assert.strictEqual(packs('new', 'deep-pack', '--dir', scratch).status, 0);
      fs.appendFileSync(path.join(scratch, 'deep-pack', 'pack.yaml'), `extra:\n  ${'- '.repeat(3000)}x\n`);
      const deep = packs('validate', scratch);
      assert.match(deep.stdout, /deep-pack[\\/]pack\.yaml:\d+:\d+: YAML: .*(deep|stack)/);
      assert.match(deep.stdout, /^good-pack: valid/m);

      const here = cli(path.join(scratch, 'bad-pack'), 'packs', 'validate', '.');
      assert.match(here.stdout, /^\S*bad-pack: invalid, not loaded \(1 problem\)$/m);
    });

    it('exits 2 without an id, or when the folder exists', () => {
      assert.strictEqual(packs('new', '--dir', scratch).status, 2);
      fs.mkdirSync(path.join(scratch, 'taken'));
      const run = packs('new', 'taken', '--dir', scratch);
      assert.strictEqual(run.status, 2);
      assert.match(run.stderr, /already exists/);
    });
  });
});
