// `ml-practice check` from the built CLI: exit codes, text and JSON output, usage errors.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture, removeTempDirs, repoRoot, tempDir } from '../unit/practiceFixtures';
import { cliWithoutPrivileges } from './withoutPrivileges';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const result = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'check', ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EXPECTED = ['--expected-file', fixture('accepted.expected.txt')];
const REAL_PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

describe('ml-practice check', () => {
  after(removeTempDirs);

  it('exits 0 on pass and prints the verdict with the interpreter', () => {
    const r = cli([fixture('accepted.py'), ...EXPECTED]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^PASS: /);
    assert.match(r.stdout, /Python 3\.\d+\.\d+ \//);
  });

  it('exits 1 on fail with a diff', () => {
    const r = cli([fixture('rejected.py'), ...EXPECTED]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^FAIL: /);
    assert.match(r.stdout, /^-Scalability in ML Systems: accepted$/m);
    assert.match(r.stdout, /^\+Scalability in ML Systems: rejected$/m);
  });

  it('exits 1 on error and shows the traceback', () => {
    const r = cli([fixture('exception_in_function.py'), ...EXPECTED]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^ERROR: /);
    assert.match(r.stdout, /ZeroDivisionError: division by zero/);
    assert.match(r.stdout, /exception_in_function\.py:3$/m);
  });

  it('exits 1 on timeout', () => {
    const r = cli([fixture('infinite_loop.py'), ...EXPECTED, '--timeout', '1']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^TIMEOUT: timed out after 1 s — is there an infinite loop\?/);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`ends the program and exits ${code} when it gets ${signal}`, async () => {
      const dir = tempDir('mlp-check-signal-');
      const pidFile = path.join(dir, 'pid');
      const program = path.join(dir, 'forever.py');
      fs.writeFileSync(
        program,
        `import os, time\nopen(${JSON.stringify(pidFile)}, "w").write(str(os.getpid()))\n` +
          'while True:\n    time.sleep(0.05)\n',
      );
      const child = spawn(
        process.execPath,
        [path.join(repoRoot(), 'dist', 'cli.js'), 'check', program, ...EXPECTED, '--timeout', '60'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));

      while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const programPid = Number(fs.readFileSync(pidFile, 'utf8'));
      child.kill(signal);

      assert.equal(await closed, code, stderr);
      assert.match(stderr, new RegExp(`stopped by ${signal}; the program was ended`));
      assert.throws(() => process.kill(programPid, 0), /ESRCH/, 'the program still runs');
    });
  }

  it('exits 2 on a stdin file that is not UTF-8 text, or that never ends', () => {
    const dir = tempDir('mlp-check-stdin-');
    const latin1 = path.join(dir, 'latin1.in');
    fs.writeFileSync(latin1, Buffer.from('caf\xe9\n', 'latin1'));
    const notText = cli([fixture('accepted.py'), ...EXPECTED, '--stdin-file', latin1]);
    assert.equal(notText.status, 2, notText.stdout + notText.stderr);
    assert.match(notText.stderr, /--stdin-file \S+latin1\.in: not UTF-8 text: byte 0xE9 at/);
    const endless = cli([fixture('accepted.py'), ...EXPECTED, '--stdin-file', '/dev/zero']);
    assert.equal(endless.status, 2, endless.stdout + endless.stderr);
    assert.match(endless.stderr, /--stdin-file \/dev\/zero: more than 16777216 bytes/);
  });

  it('can be stopped while a --stdin-file pipe waits for more', async () => {
    const dir = tempDir('mlp-check-fifo-');
    const fifo = path.join(dir, 'input');
    execFileSync('mkfifo', [fifo]);
    // A writer that sends a little and keeps the pipe open.
    const writer = spawn('sh', ['-c', `exec 3>${fifo}; printf partial >&3; exec sleep 30`], {
      stdio: 'ignore',
    });
    try {
      const child = spawn(
        process.execPath,
        [path.join(repoRoot(), 'dist', 'cli.js'), 'check', fixture('accepted.py'), ...EXPECTED,
          '--stdin-file', fifo],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 700));
      child.kill('SIGTERM');
      assert.equal(await closed, 143, stderr);
      assert.match(stderr, /stopped by SIGTERM; the program was not started/);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('exits 2 naming a practice file it may not read', () => {
    const dir = tempDir('mlp-check-unreadable-');
    fs.chmodSync(dir, 0o755);
    const program = path.join(dir, 'secret.py');
    fs.writeFileSync(program, 'print("hello")\n');
    fs.chmodSync(program, 0o000);
    const r = cliWithoutPrivileges(['check', program, ...EXPECTED]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /secret\.py: not readable \(permission denied\)/);
    // Nor in a folder it may not enter, which is no missing file either.
    fs.chmodSync(program, 0o644);
    fs.chmodSync(dir, 0o000);
    const inLocked = cliWithoutPrivileges(['check', program, ...EXPECTED]);
    fs.chmodSync(dir, 0o755);
    assert.equal(inLocked.status, 2, inLocked.stdout + inLocked.stderr);
    assert.match(inLocked.stderr, /secret\.py: not readable \(permission denied\)/);
  });

  it('prints the JSON shape', () => {
    const r = cli([fixture('rejected.py'), ...EXPECTED, '--format', 'json']);
    assert.equal(r.status, 1);
    const json = JSON.parse(r.stdout);
    for (const key of ['verdict', 'expected', 'actual', 'diff', 'exitCode', 'durationMs', 'python', 'message']) {
      assert.ok(key in json, `missing ${key}`);
    }
    assert.equal(json.verdict, 'fail');
    assert.equal(json.expected, 'Scalability in ML Systems: accepted\n');
    assert.equal(json.actual, 'Scalability in ML Systems: rejected\n');
    assert.equal(json.exitCode, 0);
    assert.equal(typeof json.durationMs, 'number');
    assert.ok(path.isAbsolute(json.python));
    assert.match(json.diff, /^\+Scalability in ML Systems: rejected$/m);
  });

  it('applies --mode', () => {
    const expected = path.join(tempDir('mlp-check-'), 'expected.txt');
    fs.writeFileSync(expected, 'accuracy: 0.833\n');
    const numeric = cli([fixture('float_ratio.py'), '--expected-file', expected, '--mode', 'numeric']);
    assert.equal(numeric.status, 0, numeric.stdout);
    const normalized = cli([fixture('float_ratio.py'), '--expected-file', expected]);
    assert.equal(normalized.status, 1);
    // A tolerance of zero widens nothing: the precision written still decides, as in a lesson.
    const exact = ['--mode', 'numeric', '--abs-tolerance', '0', '--rel-tolerance', '0'];
    const exactly = cli([fixture('float_ratio.py'), '--expected-file', expected, ...exact]);
    assert.equal(exactly.status, 0, exactly.stderr);
  });

  it('gives the program --stdin-file on stdin, and closes stdin otherwise', () => {
    const withInput = cli([
      fixture('reads_input.py'),
      '--expected-file',
      fixture('reads_input.expected.txt'),
      '--stdin-file',
      fixture('reads_input.stdin.txt'),
    ]);
    assert.equal(withInput.status, 0, withInput.stdout);
    const closed = cli([fixture('reads_input.py'), '--expected-file', fixture('reads_input.expected.txt')]);
    assert.equal(closed.status, 1);
    assert.match(closed.stdout, /provides no input/);
  });

  it('starts the program before it sets up its own output', () => {
    const hook = path.join(repoRoot(), 'test', 'fixtures', 'cli', 'stdout-after-spawn.cjs');
    const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
    }).trim();
    const args = [fixture('accepted.py'), ...EXPECTED, '--python', python];
    const result = spawnSync(
      process.execPath,
      ['--require', hook, path.join(repoRoot(), 'dist', 'cli.js'), 'check', ...args],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^stdout first used after a child process started$/m);
  });

  it('loads no Node module it does not need before the program starts', () => {
    const hook = path.join(repoRoot(), 'test', 'fixtures', 'cli', 'modules-before-spawn.cjs');
    const cacheHome = tempDir('mlp-cli-cache-');
    const args = [fixture('accepted.py'), ...EXPECTED, '--python', REAL_PYTHON];
    const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
    const run = (): string[] => {
      const result = spawnSync(
        process.execPath,
        ['--require', hook, path.join(repoRoot(), 'dist', 'cli.js'), 'check', ...args],
        { encoding: 'utf8', env, timeout: 60_000 },
      );
      assert.equal(result.status, 0, result.stderr);
      const listed = /^modules before spawn: (.*)$/m.exec(result.stderr);
      assert.ok(listed, result.stderr);
      return listed[1].split(' ');
    };

    const first = run();
    const remembered = run();
    assert.ok(first.includes('node:child_process'), first.join(' '));
    for (const modules of [first, remembered]) {
      assert.ok(!modules.includes('node:os') && !modules.includes('os'), modules.join(' '));
    }
  });

  it('writes all of a long verdict before it exits', () => {
    const dir = tempDir('mlp-long-verdict-');
    const program = path.join(dir, 'long.py');
    fs.writeFileSync(program, 'for n in range(20000):\n    print("line", n)\n');
    const expected = path.join(dir, 'long.expected.txt');
    fs.writeFileSync(expected, 'nothing like it\n');

    const r = cli([program, '--expected-file', expected, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const verdict = JSON.parse(r.stdout);
    assert.equal(verdict.verdict, 'fail');
    assert.ok(r.stdout.length > 200_000, `${r.stdout.length} characters`);
    assert.match(verdict.actual, /^line 19999$/m);
  });

  it('runs the interpreter given with --python', () => {
    const r = cli([fixture('accepted.py'), ...EXPECTED, '--python', '/usr/bin/python3', '--format', 'json']);
    assert.equal(r.status, 0);
    assert.equal(JSON.parse(r.stdout).python, '/usr/bin/python3');
  });

  describe('with --lesson', () => {
    const lessonDir = (): string => path.join(repoRoot(), 'lessons', 'ml-systems', 'scalability-in-ml-systems');
    const inputPack = (): string => fixture('input-pack');

    it("passes the first lesson's own example", () => {
      const r = cli([path.join(lessonDir(), 'example.py'), '--lesson', 'scalability-in-ml-systems', '--format', 'json']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const json = JSON.parse(r.stdout);
      assert.equal(json.verdict, 'pass');
      assert.equal(json.lesson, 'scalability-in-ml-systems');
      assert.equal(json.expected, 'Scalability in ML Systems: accepted\n');
    });

    it('fails a practice that prints rejected, with a diff', () => {
      const rejected = path.join(tempDir('mlp-check-'), 'practice.py');
      fs.writeFileSync(rejected, 'print("Scalability in ML Systems: rejected")\n');
      const r = cli([rejected, '--lesson', 'scalability-in-ml-systems']);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^\+Scalability in ML Systems: rejected$/m);
    });

    it("gives the program a --pack lesson's declared input", () => {
      const example = path.join(inputPack(), 'input-pack-hello', 'example.py');
      const r = cli([example, '--lesson', 'input-pack-hello', '--pack', inputPack()]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });

    it('accepts a folder of packs for --pack', () => {
      const example = path.join(inputPack(), 'input-pack-hello', 'example.py');
      const r = cli([example, '--lesson', 'input-pack-hello', '--pack', path.dirname(inputPack())]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });

    it('refuses a --pack folder without packs', () => {
      const empty = tempDir('mlp-no-pack-');
      const r = cli([fixture('accepted.py'), '--lesson', 'input-pack-hello', '--pack', empty]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /no pack\.yaml/);
    });

    it('names a --pack folder that does not exist as such', () => {
      const r = cli([fixture('accepted.py'), '--lesson', 'x', '--pack', '/nonexistent/packs']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /--pack \/nonexistent\/packs: no such folder/);
    });

    it('refuses --pack beside --expected-file, where it would mean nothing', () => {
      const r = cli([fixture('accepted.py'), ...EXPECTED, '--pack', inputPack()]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /--pack goes with --lesson/);
    });
  });

  it('refuses an expected-output file that is binary, not UTF-8, or larger than any output', () => {
    const dir = tempDir('mlp-check-expected-');
    const files: Array<[string, Buffer, RegExp]> = [
      ['binary.txt', Buffer.from('ok\n\0\n'), /a binary file, not text: NUL byte 0x00 at offset 3 \(line 2, column 1\)/],
      ['latin1.txt', Buffer.from('caf\xe9\n', 'latin1'), /not UTF-8 text: byte 0xE9 at offset 3 \(line 1, column 4\); save it as UTF-8/],
      ['huge.txt', Buffer.alloc(1_000_001, 'a'), /more than 1000000 bytes; a program's output is compared up to 1000000 bytes/],
    ];
    for (const [name, content, message] of files) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const r = cli([fixture('accepted.py'), '--expected-file', file]);
      assert.equal(r.status, 2, name);
      assert.match(r.stderr, message, name);
      assert.ok(r.stderr.includes(`--expected-file ${file}: `), name);
    }
    const endless = cli([fixture('accepted.py'), '--expected-file', '/dev/zero']);
    assert.equal(endless.status, 2);
    assert.match(endless.stderr, /--expected-file \/dev\/zero: more than 1000000 bytes/);
  });

  it('prints the first 200 lines of a long diff and says where the rest is', () => {
    const dir = tempDir('mlp-check-long-');
    const program = path.join(dir, 'many.py');
    fs.writeFileSync(program, 'for i in range(500):\n    print(i)\n');
    const expected = path.join(dir, 'expected.txt');
    fs.writeFileSync(expected, 'nothing\n');
    const r = cli([program, '--expected-file', expected]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /\n\.\.\. \d+ more lines of the diff \(--format json gives all of it\)\n/);
    assert.doesNotMatch(r.stdout, /^\+499$/m);
    const json = JSON.parse(cli([program, '--expected-file', expected, '--format', 'json']).stdout);
    assert.match(json.diff, /^\+499$/m);
  });

  describe('usage errors exit 2 with a message on stderr', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['a missing practice file', [fixture('nope.py'), ...EXPECTED], /nope\.py: no such file/],
      [
        'a practice path through a file',
        [fixture('accepted.py/nope.py'), ...EXPECTED],
        /accepted\.py\/nope\.py: no such file/,
      ],
      ['a practice file that is a folder', [fixture(''), ...EXPECTED], /: not a file/],
      [
        'a missing expected file',
        [fixture('accepted.py'), '--expected-file', fixture('nope.txt')],
        /nope\.txt: no such file/,
      ],
      [
        'a missing stdin file',
        [fixture('accepted.py'), ...EXPECTED, '--stdin-file', fixture('nope.in')],
        /nope\.in/,
      ],
      [
        'an expected file that is a folder',
        [fixture('accepted.py'), '--expected-file', fixture('')],
        /--expected-file \S+: not a file/,
      ],
      [
        'a stdin file that is a folder',
        [fixture('accepted.py'), ...EXPECTED, '--stdin-file', fixture('')],
        /--stdin-file \S+: not a file/,
      ],
      ['neither --lesson nor --expected-file', [fixture('accepted.py')], /exactly one of --lesson/],
      [
        'an unknown mode',
        [fixture('accepted.py'), ...EXPECTED, '--mode', 'fuzzy'],
        /--mode must be one of/,
      ],
      [
        'a bad timeout',
        [fixture('accepted.py'), ...EXPECTED, '--timeout', '-1'],
        /--timeout must be a positive number/,
      ],
      [
        'a timeout longer than a day',
        [fixture('accepted.py'), ...EXPECTED, '--timeout', '1e9'],
        /--timeout must be at most 86400 seconds/,
      ],
      [
        'a timeout that is not finite',
        [fixture('accepted.py'), ...EXPECTED, '--timeout', 'Infinity'],
        /--timeout must be a positive number/,
      ],
      [
        'an unknown lesson',
        [fixture('accepted.py'), '--lesson', 'no-such-lesson'],
        /unknown lesson 'no-such-lesson'/,
      ],
      [
        'an interpreter that does not run',
        [fixture('accepted.py'), ...EXPECTED, '--python', '/nonexistent/python'],
        /\/nonexistent\/python/,
      ],
      [
        'a negative tolerance',
        [fixture('accepted.py'), ...EXPECTED, '--mode', 'numeric', '--rel-tolerance', '-0.1'],
        /--rel-tolerance must be a number, zero or more, got '-0.1'/,
      ],
      [
        'a tolerance outside numeric mode',
        [fixture('accepted.py'), ...EXPECTED, '--abs-tolerance', '0.01'],
        /--abs-tolerance applies to numeric comparisons only; add --mode numeric \(the mode here is normalized\)/,
      ],
      [
        'an invalid regex',
        [fixture('accepted.py'), '--expected-file', fixture('invalid_pattern.expected.txt'), '--mode', 'regex'],
        /not a valid regular expression \(Unterminated group\): accuracy: \(\\d\+\n/,
      ],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const r = cli(args);
        assert.equal(r.status, 2, r.stdout);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /Warning|EISDIR/);
        assert.equal(r.stdout, '');
      });
    }

    it('no interpreter on PATH', () => {
      const empty = tempDir('mlp-empty-path-');
      const r = cli([fixture('accepted.py'), ...EXPECTED], { ...process.env, PATH: empty });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /No Python 3 interpreter was found/);
      assert.match(r.stderr, /\(python3: no such file or command; python: no such file or command\)/);
    });
  });
});
