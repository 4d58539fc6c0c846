// How the practice runner starts: a probe that skips Python's site import, and a given
// interpreter that starts the program while it is probed.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPractice, findPythonInfo, PythonNotFoundError } from '../../core/practice';
import { fixture, removeTempDirs, tempDir } from './practiceFixtures';

const ACCEPTED = 'Scalability in ML Systems: accepted\n';
const REAL_PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

/**
 * A stand-in interpreter: a run of a file first leaves its process id in `marker`, then becomes
 * the real Python; the probe (`-S -c ...`) answers only once that run has started, with
 * `probeAnswer` when given, else the real one. Run one after the other, the probe gives up.
 */
function interpreterProbedDuringRun(probeAnswer?: string): { command: string; marker: string } {
  const dir = tempDir('mlp-probed-during-run-');
  const marker = path.join(dir, 'run-started');
  const answer = probeAnswer === undefined ? `exec ${REAL_PYTHON} "$@"` : `echo "${probeAnswer}"`;
  const command = path.join(dir, 'python');
  fs.writeFileSync(command, `#!/bin/sh
if [ "$1" = "-S" ]; then
  i=0
  while [ ! -s "${marker}" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  [ -s "${marker}" ] || { echo "the program was not started before the probe ended" >&2; exit 3; }
  ${answer}
  exit 0
fi
echo $$ > "${marker}"
exec ${REAL_PYTHON} "$@"
`, { mode: 0o755 });
  return { command, marker };
}

function isLiving(pid: number): boolean {
  try {
    const ps = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    const stat = ps.trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false;
  }
}

describe('practice start-up', () => {
  after(removeTempDirs);

  it('probes the interpreter without importing site', async () => {
    const site = tempDir('mlp-noisy-site-');
    fs.writeFileSync(path.join(site, 'sitecustomize.py'), 'print("noise from sitecustomize")\n');
    const saved = process.env.PYTHONPATH;
    process.env.PYTHONPATH = site;
    try {
      const info = await findPythonInfo('python3');
      assert.equal(info.executable, REAL_PYTHON);
      assert.match(info.version, /^3\.\d+\.\d+$/);
    } finally {
      if (saved === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = saved;
    }
  });

  it('starts the program with a given interpreter before its probe answers', async () => {
    const { command } = interpreterProbedDuringRun();
    const file = fixture('accepted.py');
    const result = await checkPractice({ file, expected: ACCEPTED, python: command });
    assert.equal(result.verdict, 'pass');
    assert.equal(result.python, REAL_PYTHON, 'the verdict names the interpreter the probe found');
    assert.match(result.pythonVersion ?? '', /^3\.\d+\.\d+$/);
  });

  it('stops the program and names the interpreter when the probe rejects it', async () => {
    const { command, marker } = interpreterProbedDuringRun(`${REAL_PYTHON}\n2.7.18`);
    const file = fixture('infinite_loop.py');
    const checking = checkPractice({ file, expected: '', python: command });
    await assert.rejects(checking, (error: Error) => {
      assert.ok(error instanceof PythonNotFoundError);
      assert.ok(error.message.includes(command), error.message);
      assert.match(error.message, /Python 3 is needed/);
      return true;
    });
    const pid = Number(fs.readFileSync(marker, 'utf8'));
    assert.equal(isLiving(pid), false, `the program (pid ${pid}) still runs`);
  });
});
