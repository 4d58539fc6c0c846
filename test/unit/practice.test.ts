// The practice runner against real Python processes: each verdict, the limits, stdin, and the
// messages a learner reads.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkPractice,
  EDITOR_DIFF_LINES,
  findPython,
  formatVerdict,
  PracticeFileError,
  PythonNotFoundError,
} from '../../core/practice';
import { killRun, newRunName, RUN_VARIABLE } from '../../core/practice/processGroup';
import { fixture, readFixture, removeTempDirs, repoRoot, tempDir } from './practiceFixtures';

const ACCEPTED = 'Scalability in ML Systems: accepted\n';

function check(name: string, expected: string, extra: Record<string, unknown> = {}) {
  return checkPractice({ file: fixture(name), expected, ...extra });
}

/** Processes of a group that still live (zombies awaiting a reaper do not count). */
function livingMembers(pgid: number): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((row) => row.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && stat !== undefined && !stat.startsWith('Z'))
    .map(([pid]) => pid);
}

/** True while a process runs; a zombie awaiting its reaper has ended. */
function isLiving(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false;
  }
}

/** Whether a process has ended within two seconds: a killed one takes a moment to go. */
async function ends(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 2000; waited += 50) {
    if (!isLiving(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isLiving(pid);
}

describe('findPython', () => {
  after(removeTempDirs);

  it('finds python3 on PATH and reports its real path', async () => {
    const python = await findPython();
    assert.ok(path.isAbsolute(python), python);
    assert.ok(fs.existsSync(python));
  });

  it('uses an explicit interpreter that runs', async () => {
    assert.equal(await findPython('/usr/bin/python3'), '/usr/bin/python3');
  });

  it('rejects an explicit path that does not exist, naming it', async () => {
    await assert.rejects(findPython('/nonexistent/python9'), (error: Error) => {
      assert.ok(error instanceof PythonNotFoundError);
      assert.match(error.message, /\/nonexistent\/python9/);
      return true;
    });
  });

  it('says what to install when PATH has no Python', async () => {
    const saved = process.env.PATH;
    process.env.PATH = tempDir('mlp-empty-path-');
    try {
      await assert.rejects(findPython(), (error: Error) => {
        assert.ok(error instanceof PythonNotFoundError);
        assert.match(error.message, /Install Python 3/);
        assert.match(error.message, /mlPractice\.pythonPath/);
        return true;
      });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('checkPractice verdicts', () => {
  after(removeTempDirs);

  it('passes the right output and names the interpreter that ran', async () => {
    const r = await check('accepted.py', ACCEPTED);
    assert.equal(r.verdict, 'pass');
    assert.equal(r.exitCode, 0);
    assert.equal(r.actual, ACCEPTED);
    assert.equal(r.diff, '');
    assert.ok(path.isAbsolute(r.python));
    assert.match(r.pythonVersion ?? '', /^3\.\d+\.\d+$/);
    assert.match(formatVerdict(r), /^PASS: /);
    assert.ok(formatVerdict(r).includes(r.python));
  });

  it('runs the interpreter it is given', async () => {
    const r = await check('accepted.py', ACCEPTED, { python: '/usr/bin/python3' });
    assert.equal(r.python, '/usr/bin/python3');
  });

  it('fails wrong output with a diff of exactly the changed line', async () => {
    const r = await check('rejected.py', ACCEPTED);
    assert.equal(r.verdict, 'fail');
    assert.match(r.diff, /^-Scalability in ML Systems: accepted$/m);
    assert.match(r.diff, /^\+Scalability in ML Systems: rejected$/m);
    assert.match(formatVerdict(r), /^FAIL: /);
  });

  it('shortens a long diff to the lines asked for, saying how many were left out', async () => {
    const r = await check('rejected.py', ACCEPTED);
    const diff = `${Array.from({ length: 10 }, (_, i) => `+line ${i}`).join('\n')}\n`;
    const long = { ...r, diff };
    const text = formatVerdict(long, { diffLines: { most: 4, whereAll: 'see all' } });
    assert.match(text, /\+line 3\n\.\.\. 6 more lines of the diff \(see all\)\n/);
    assert.doesNotMatch(text, /\+line 4/);
    assert.match(formatVerdict(long), /\+line 9/);
    assert.match(formatVerdict(long, { diffLines: { most: 10, whereAll: 'see all' } }), /\+line 9/);
  });

  it("points the editor's shortened diffs at a command the extension contributes", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    const titles = manifest.contributes.commands.map(
      (command: { category?: string; title: string }) => `${command.category}: ${command.title}`,
    );
    const named = /"([^"]+)"/.exec(EDITOR_DIFF_LINES.whereAll)?.[1];
    assert.ok(named !== undefined && titles.includes(named), `${named} in ${titles.join(', ')}`);
  });

  it('reports an uncaught exception at the deepest line of the learner file', async () => {
    const r = await check('exception_in_function.py', 'inf\n');
    assert.equal(r.verdict, 'error');
    assert.equal(r.errorSummary, 'ZeroDivisionError: division by zero');
    assert.deepEqual(r.errorLocation, { file: fixture('exception_in_function.py'), line: 3, column: undefined });
    assert.match(r.message, /ZeroDivisionError/);
  });

  it('reports the line of a file Python cannot decode', async () => {
    const file = path.join(tempDir('mlp-latin1-'), 'latin1.py');
    fs.writeFileSync(file, Buffer.from('x = 1\nprint("caf\xe9")\n', 'latin1'));
    const r = await checkPractice({ file, expected: 'café\n' });
    assert.equal(r.verdict, 'error');
    assert.match(r.errorSummary ?? '', /^SyntaxError: Non-UTF-8 code starting with '\\xe9'/);
    assert.deepEqual(r.errorLocation, { file, line: 2, column: undefined });
    assert.match(r.message, /\(line 2\)/);
  });

  it('reports a syntax error with its line', async () => {
    const r = await check('syntax_error.py', 'x\n');
    assert.equal(r.verdict, 'error');
    assert.match(r.errorSummary ?? '', /^SyntaxError: /);
    assert.equal(r.errorLocation?.line, 2);
    assert.equal(r.errorLocation?.column, 6);
  });

  it('reports a non-zero exit code', async () => {
    const r = await check('exit_code.py', '');
    assert.equal(r.verdict, 'error');
    assert.equal(r.exitCode, 3);
    assert.match(r.message, /exited with code 3/);
  });

  it('calls right output followed by exit 1 an error, and says the output was right', async () => {
    const r = await check('right_then_exit1.py', ACCEPTED);
    assert.equal(r.verdict, 'error');
    assert.equal(r.exitCode, 1);
    assert.match(r.message, /output was right/);
  });

  it('names a missing module and how to install it', async () => {
    const r = await check('missing_module.py', 'x\n');
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /'ml_practice_module_that_does_not_exist' is not installed/);
    assert.match(r.message, /-m pip install ml_practice_module_that_does_not_exist/);
  });

  it('maps an import name to its pip distribution', async () => {
    const r = await check('missing_sklearn.py', 'x\n');
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /pip install scikit-learn/);
    assert.match(r.message, /select an interpreter/);
  });

  it('refuses a timeout a timer cannot wait for instead of timing out at once', async () => {
    for (const timeoutMs of [1e12, Infinity, 0, -5, NaN]) {
      await assert.rejects(check('accepted.py', '', { timeoutMs }), /timeoutMs must be a positive/);
    }
  });

  it('throws a typed error for a missing practice file', async () => {
    await assert.rejects(check('no_such_file.py', ''), PracticeFileError);
  });
});

describe('checkPractice normalisation with real output', () => {
  it('passes CRLF output and says normalisation changed the verdict', async () => {
    const r = await check('crlf.py', readFixture('two_lines.expected.txt'));
    assert.equal(r.verdict, 'pass');
    assert.equal(r.normalizationChangedVerdict, true);
    assert.match(r.message, /normalisation/);
  });

  it('fails CRLF output in exact mode, showing the carriage returns', async () => {
    const r = await check('crlf.py', readFixture('two_lines.expected.txt'), { mode: 'exact' });
    assert.equal(r.verdict, 'fail');
    assert.match(r.diff, /^\+first␍$/m);
  });

  it('passes trailing spaces and trailing newlines', async () => {
    const expected = readFixture('two_lines.expected.txt');
    assert.equal((await check('trailing_spaces.py', expected)).verdict, 'pass');
    assert.equal((await check('trailing_newlines.py', expected)).verdict, 'pass');
  });

  it('compares floats to the written precision', async () => {
    assert.equal((await check('float_ratio.py', 'accuracy: 0.833\n', { mode: 'numeric' })).verdict, 'pass');
    assert.equal((await check('float_ratio.py', 'accuracy: 0.84\n', { mode: 'numeric' })).verdict, 'fail');
    assert.equal((await check('float_ratio.py', 'accuracy: 0.833\n')).verdict, 'fail');
  });

  it('decodes unicode output as UTF-8', async () => {
    const r = await check('unicode.py', 'café — ✓ 数据\n');
    assert.equal(r.verdict, 'pass');
  });

  it('replaces undecodable bytes instead of crashing', async () => {
    const r = await check('invalid_bytes.py', 'ok done\n');
    assert.equal(r.verdict, 'fail');
    assert.equal(r.actual, 'ok \ufffd\ufffd done\n');
  });

  it('strips colour codes', async () => {
    assert.equal((await check('colour.py', 'ready\n')).verdict, 'pass');
  });

  it('matches a regular expression against the whole output', async () => {
    assert.equal((await check('float_ratio.py', 'accuracy: 0\\.8\\d+', { mode: 'regex' })).verdict, 'pass');
    assert.equal((await check('float_ratio.py', 'accuracy', { mode: 'regex' })).verdict, 'fail');
  });

  it('finds expected text inside longer output', async () => {
    assert.equal((await check('accepted.py', 'accepted', { mode: 'contains' })).verdict, 'pass');
  });
});

describe('checkPractice stdin', () => {
  it('explains an input() call when the lesson provides no input', async () => {
    const r = await check('reads_input.py', 'hello Ada\n');
    assert.equal(r.verdict, 'error');
    assert.match(r.errorSummary ?? '', /^EOFError/);
    assert.match(r.message, /reads input with input\(\), but this lesson provides no input/);
    assert.equal(r.errorLocation?.line, 2);
  });

  it('feeds the given input', async () => {
    const r = await check('reads_input.py', readFixture('reads_input.expected.txt'), {
      stdin: readFixture('reads_input.stdin.txt'),
    });
    assert.equal(r.verdict, 'pass');
  });

  it('says so when the program reads more input than the lesson gives', async () => {
    const r = await check('reads_input.py', 'hello Ada\n', { stdin: '' });
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /reads more input than the lesson provides/);
  });
});

describe('checkPractice empty output', () => {
  it('says when the program printed nothing', async () => {
    const r = await check('exit_zero_silent.py', ACCEPTED);
    assert.equal(r.verdict, 'fail');
    assert.match(r.message, /^The program printed nothing/);
    assert.match(r.diff, /^-Scalability in ML Systems: accepted$/m);
  });
});

describe('checkPractice limits', () => {
  after(removeTempDirs);

  it('stops an infinite loop at the timeout', async () => {
    const r = await check('infinite_loop.py', '', { timeoutMs: 1000 });
    assert.equal(r.verdict, 'timeout');
    assert.equal(r.message, 'timed out after 1 s — is there an infinite loop?');
    assert.match(formatVerdict(r), /^TIMEOUT: timed out after 1 s/);
  });

  it('gives a timeout of a few milliseconds as it was given', async () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = tempDir('mlp-cache-home-');
    try {
      const python = await findPython();
      await check('accepted.py', ACCEPTED, { python });
      const r = await check('infinite_loop.py', '', { python, timeoutMs: 1 });
      assert.equal(r.message, 'timed out after 0.001 s — is there an infinite loop?');
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it('kills the whole process group, children included', async () => {
    let reported = '';
    const r = await check('child_sleeps.py', '', {
      timeoutMs: 1500,
      onOutput: (chunk: string) => {
        reported += chunk;
      },
    });
    assert.equal(r.verdict, 'timeout');

    const match = /pids (\d+) (\d+) group (\d+)/.exec(r.actual);
    assert.ok(match, `no pids in ${JSON.stringify(r.actual)}`);
    assert.equal(reported, r.actual);
    const [, parent, child, group] = match.map(Number);
    assert.equal(group, parent, 'the program leads its own process group');
    assert.deepEqual(livingMembers(group), []);
    assert.equal(isLiving(child), false, `child ${child} still runs`);
  });

  for (const [name, ending, options] of [
    ['session_escapes.py', 'ends', {}],
    ['session_escapes_then_loops.py', 'times out', { timeoutMs: 3000 }],
  ] as const) {
    it(`kills what left the process group when the program ${ending}`, async () => {
      const r = await check(name, '', options);
      const match = /escaped (\d+) session (\d+) own (\d+)/.exec(r.actual);
      assert.ok(match, `no pids in ${JSON.stringify(r.actual)} ${r.stderr}`);
      const [, escaped, session, own] = match.map(Number);
      assert.notEqual(session, own, 'the process left the program\'s session');
      assert.equal(r.verdict, ending === 'ends' ? 'fail' : 'timeout');
      assert.equal(await ends(escaped), true, `process ${escaped} still runs`);
    });
  }

  it('kills the process group of what left the program\'s, with what it started there', async () => {
    const r = await check('session_escapes_with_helper.py', '');
    const match = /escaped (\d+) helper (\d+)/.exec(r.actual);
    assert.ok(match, `no pids in ${JSON.stringify(r.actual)} ${r.stderr}`);
    const [, escaped, helper] = match.map(Number);
    try {
      assert.equal(await ends(escaped), true, `process ${escaped} still runs`);
      assert.equal(await ends(helper), true, `its helper ${helper} still runs`);
    } finally {
      for (const pid of [escaped, helper]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Ended, as it should have.
        }
      }
    }
  });

  it('kills by the run\'s name only the processes that carry exactly that name', async () => {
    const run = newRunName();
    const sleeper = (environment: Record<string, string>) =>
      spawn('sleep', ['30'], { env: { ...process.env, ...environment }, stdio: 'ignore' });
    const carrier = sleeper({ [RUN_VARIABLE]: run });
    const others = [
      sleeper({ [`OTHER_${RUN_VARIABLE}`]: run }),
      sleeper({ [RUN_VARIABLE]: `${run}0` }),
      sleeper({ OTHER: `${RUN_VARIABLE}=${run}` }),
      sleeper({ [RUN_VARIABLE]: newRunName() }),
    ];
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      killRun(run);
      assert.equal(await ends(carrier.pid!), true, 'the process of the run still runs');
      for (const other of others) assert.equal(isLiving(other.pid!), true, `${other.pid} was killed`);
    } finally {
      for (const each of [carrier, ...others]) each.kill('SIGKILL');
    }
  });

  it('caps tens of megabytes of output and stops the run', async () => {
    const r = await check('huge_output.py', 'x\n');
    assert.equal(r.verdict, 'fail');
    assert.equal(r.outputTruncated, true);
    assert.ok(r.actual.length < 1_100_000, `kept ${r.actual.length} characters`);
    assert.match(r.actual, /\[output stopped: more than 1 MB/);
    assert.match(r.message, /printed more than 1 MB/);
  });

  it('honours a smaller output cap', async () => {
    const r = await check('huge_output.py', 'x\n', { maxOutputBytes: 1000 });
    assert.equal(r.outputTruncated, true);
    assert.ok(r.actual.startsWith('x'.repeat(99)));
    assert.match(r.message, /more than 1 kB/);
  });

  it('stops the run when cancelled', async () => {
    const controller = new AbortController();
    const running = check('infinite_loop.py', '', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const r = await running;
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /cancelled/);
  });
});
