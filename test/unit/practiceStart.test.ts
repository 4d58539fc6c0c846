// How the practice runner starts: a probe that skips Python's site import, a given interpreter
// that runs nothing before it is confirmed, and a remembered probe answer that saves the probe.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkPractice,
  findPythonInfo,
  PythonNotFoundError,
  type CheckResult,
} from '../../core/practice';
import {
  cacheFile,
  interpreterIdentity,
  rememberPython,
} from '../../core/practice/interpreterCache';
import { fixture, removeTempDirs, tempDir } from './practiceFixtures';
import { ProbeAbortedError, probePython } from '../../core/practice/python';

const ACCEPTED = 'Scalability in ML Systems: accepted\n';
const REAL_PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

/**
 * A stand-in interpreter: the probe (`-S -c ...`) gets `probe` as a shell command; a run of a
 * file leaves a mark in `marker`, then becomes the real Python.
 */
function standIn(probe: string): { command: string; marker: string } {
  const dir = tempDir('mlp-stand-in-');
  const marker = path.join(dir, 'ran');
  const command = path.join(dir, 'python');
  fs.writeFileSync(command, `#!/bin/sh
if [ "$1" = "-S" ]; then
  ${probe}
  exit 0
fi
echo ran > "${marker}"
exec ${REAL_PYTHON} "$@"
`, { mode: 0o755 });
  return { command, marker };
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

  it('runs nothing with a given interpreter until it has proved to be Python 3', async () => {
    const { command, marker } = standIn(`echo "${REAL_PYTHON}"; echo 2.7.18`);
    const checking = checkPractice({ file: fixture('accepted.py'), expected: '', python: command });
    await assert.rejects(checking, (error: Error) => {
      assert.ok(error instanceof PythonNotFoundError);
      assert.ok(error.message.includes(command), error.message);
      assert.match(error.message, /Python 3 is needed/);
      return true;
    });
    assert.equal(fs.existsSync(marker), false, 'the practice file was run');
  });

  it('says a program that answers with no version is not Python', async () => {
    const { command } = standIn('echo "$@"');
    const checking = checkPractice({ file: fixture('accepted.py'), expected: '', python: command });
    await assert.rejects(checking, /cannot be used \(it ran but is not Python: asked for its version, it printed '-S -c/);
  });

  it('never hands the practice file to a program that is not Python', async () => {
    const dir = tempDir('mlp-not-python-');
    const marker = path.join(dir, 'side-effect');
    const file = path.join(dir, 'practice.py');
    fs.writeFileSync(file, `touch "${marker}"\n`);
    await assert.rejects(
      checkPractice({ file, expected: '', python: '/bin/sh' }),
      PythonNotFoundError,
    );
    assert.equal(fs.existsSync(marker), false, '/bin/sh ran the practice file');
  });

  it("gives up on an interpreter that does not answer within the check's timeout", async () => {
    const { command, marker } = standIn('sleep 30');
    const checking = checkPractice({
      file: fixture('accepted.py'),
      expected: ACCEPTED,
      python: command,
      timeoutMs: 1000,
    });
    await assert.rejects(checking, /did not answer within 1 s/);
    assert.equal(fs.existsSync(marker), false);
  });

  it('ends a candidate that does not answer together with what it started', async () => {
    const dir = tempDir('mlp-stubborn-');
    const started = path.join(dir, 'started');
    const command = path.join(dir, 'python3');
    fs.writeFileSync(
      command,
      `#!/bin/sh\ntrap '' TERM INT HUP\n/bin/sleep 300 &\necho $! > "${started}"\n` +
        'while :; do /bin/sleep 1; done\n',
      { mode: 0o755 },
    );
    await assert.rejects(probePython(command, 500), /did not answer within 0\.5 s/);
    assert.equal(await stopsRunning(Number(fs.readFileSync(started, 'utf8'))), true);
  });

  it('stops probing at once when the check is called off', async () => {
    const { command } = standIn('/bin/sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const began = Date.now();
    await assert.rejects(findPythonInfo(command, 20_000, controller.signal), ProbeAbortedError);
    assert.ok(Date.now() - began < 10_000, 'the probe ran on after it was called off');
  });

  it("quotes the line of a failed probe's stderr that says what went wrong", async () => {
    const dir = tempDir('mlp-failing-probe-');
    const shim = path.join(dir, 'python2');
    fs.writeFileSync(shim, `#!/bin/sh
echo "pyenv: python2: command not found" >&2
echo "" >&2
echo "The python2 command exists in these Python versions:" >&2
echo "      Python versions to be found at the same time." >&2
exit 127
`, { mode: 0o755 });
    await assert.rejects(findPythonInfo(shim), (error: Error) =>
      /exited with status 127: pyenv: python2: command not found\)/.test(error.message) &&
      /mlPractice\.pythonPath setting, or --python on the command line/.test(error.message));

    const broken = path.join(dir, 'python');
    fs.writeFileSync(broken, `#!/bin/sh
echo "Traceback (most recent call last):" >&2
echo '  File "<string>", line 1, in <module>' >&2
echo "ImportError: broken install" >&2
exit 1
`, { mode: 0o755 });
    await assert.rejects(findPythonInfo(broken), /exited with status 1: ImportError: broken install\)/);
  });

  it('says when every interpreter on PATH was too slow for the timeout', async () => {
    const dir = tempDir('mlp-slow-path-');
    for (const name of ['python3', 'python']) {
      fs.writeFileSync(path.join(dir, name), '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
    }
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      await assert.rejects(
        findPythonInfo(undefined, 250),
        /^PythonNotFoundError: No Python 3 interpreter answered within 0\.25 s: .*--python PATH/,
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it('says why each interpreter on PATH was passed over', async () => {
    const dir = tempDir('mlp-slow-path-');
    fs.writeFileSync(path.join(dir, 'python3'), '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      await assert.rejects(
        findPythonInfo(undefined, 250),
        /\(python3: it did not answer within 0\.25 s; python: no such file or command\)/,
      );
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('remembered interpreters', () => {
  let savedCacheHome: string | undefined;

  beforeEach(() => {
    savedCacheHome = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = tempDir('mlp-cache-home-');
  });

  afterEach(() => {
    if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCacheHome;
  });

  after(removeTempDirs);

  function checkAccepted(python = REAL_PYTHON): Promise<CheckResult> {
    return checkPractice({ file: fixture('accepted.py'), expected: ACCEPTED, python });
  }

  function remembered(): Record<string, { executable: string; version: string }> {
    return JSON.parse(fs.readFileSync(cacheFile(), 'utf8')).interpreters;
  }

  it("remembers a native interpreter's probe answer after a check", async () => {
    const result = await checkAccepted();
    assert.equal(result.verdict, 'pass');
    const entry = remembered()[REAL_PYTHON];
    assert.equal(entry.executable, REAL_PYTHON);
    assert.equal(entry.version, result.pythonVersion);
  });

  it('runs an unchanged remembered interpreter without probing it', async () => {
    const identity = interpreterIdentity(REAL_PYTHON);
    assert.ok(identity, `${REAL_PYTHON} is not recognised as a native executable`);
    rememberPython(REAL_PYTHON, identity, { executable: '/remembered/python3', version: '3.99.1' });

    const result = await checkAccepted();
    assert.equal(result.verdict, 'pass');
    assert.equal(result.python, '/remembered/python3');
    assert.equal(result.pythonVersion, '3.99.1');
  });

  it('probes again when the binary is no longer the one remembered', async () => {
    const stale = { executable: '/remembered/python3', version: '3.99.1' };
    rememberPython(REAL_PYTHON, '1:2:3:4:5', stale);

    const result = await checkAccepted();
    assert.equal(result.python, REAL_PYTHON);
    assert.match(result.pythonVersion ?? '', /^3\.\d+\.\d+$/);
    assert.notEqual(result.pythonVersion, '3.99.1');
    assert.equal(remembered()[REAL_PYTHON].version, result.pythonVersion);
  });

  it('probes again when the remembered path now leads to another file', async () => {
    const link = path.join(tempDir('mlp-linked-python-'), 'python3');
    fs.symlinkSync(REAL_PYTHON, link);
    const identity = interpreterIdentity(link);
    assert.ok(identity, `${link} is not recognised as a native executable`);
    rememberPython(link, identity, { executable: '/remembered/python3', version: '3.99.1' });

    const { command, marker } = standIn(`echo "${REAL_PYTHON}"; echo 2.7.18`);
    fs.rmSync(link);
    fs.symlinkSync(command, link);
    await assert.rejects(checkAccepted(link), /Python 3 is needed/);
    assert.equal(fs.existsSync(marker), false, 'the practice file was run');
  });

  it('reports a remembered interpreter that is gone as one that cannot be used', async () => {
    const gone = path.join(tempDir('mlp-gone-python-'), 'python3');
    rememberPython(gone, '1:2:3:4:5', { executable: gone, version: '3.99.1' });
    await assert.rejects(checkAccepted(gone), (error: Error) => {
      assert.ok(error instanceof PythonNotFoundError, String(error));
      assert.match(error.message, /no such file or command/);
      return true;
    });
  });

  it('never remembers a script standing in for an interpreter', async () => {
    const { command } = standIn(`exec ${REAL_PYTHON} "$@"`);
    assert.equal(interpreterIdentity(command), undefined);
    assert.equal(interpreterIdentity('python3'), undefined, 'a command found on PATH');

    const result = await checkAccepted(command);
    assert.equal(result.verdict, 'pass');
    assert.equal(fs.existsSync(cacheFile()), false);
  });

  it("gives the probe's error when a remembered interpreter no longer starts", async () => {
    rememberPython(REAL_PYTHON, interpreterIdentity(REAL_PYTHON)!, {
      executable: REAL_PYTHON,
      version: '3.99.1',
    });
    const saved = process.env.PYTHONHOME;
    process.env.PYTHONHOME = path.join(tempDir('mlp-no-home-'), 'missing');
    try {
      const checking = checkAccepted();
      await assert.rejects(checking, (error: Error) => {
        assert.ok(error instanceof PythonNotFoundError, String(error));
        assert.match(error.message, /cannot be used/);
        assert.ok(error.message.includes(REAL_PYTHON), error.message);
        return true;
      });
    } finally {
      if (saved === undefined) delete process.env.PYTHONHOME;
      else process.env.PYTHONHOME = saved;
    }
  });

  it('checks as usual when the cache folder cannot be made', async () => {
    const notAFolder = path.join(tempDir('mlp-cache-blocked-'), 'file');
    fs.writeFileSync(notAFolder, 'a file where the cache folder would go\n');
    process.env.XDG_CACHE_HOME = notAFolder;

    const first = await checkAccepted();
    const second = await checkAccepted();
    assert.equal(first.verdict, 'pass');
    assert.equal(second.pythonVersion, first.pythonVersion);
    assert.deepEqual(fs.readdirSync(path.dirname(notAFolder)), ['file']);
  });

  it('keeps the 32 interpreters checked most recently', () => {
    const info = { executable: '/usr/bin/python3', version: '3.11.7' };
    for (let n = 1; n <= 40; n++) rememberPython(`/opt/python-${n}/bin/python3`, `id-${n}`, info);
    rememberPython('/opt/python-5/bin/python3', 'id-5', info);

    const kept = Object.keys(remembered());
    assert.equal(kept.length, 32);
    assert.equal(kept[0], '/opt/python-10/bin/python3');
    assert.equal(kept[31], '/opt/python-5/bin/python3');
  });

  it('probes when the cache file is damaged, and replaces it', async () => {
    fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
    fs.writeFileSync(cacheFile(), '{"interpreters": {"x": ');

    const result = await checkAccepted();
    assert.equal(result.verdict, 'pass');
    assert.equal(remembered()[REAL_PYTHON].version, result.pythonVersion);
  });
});

/** Whether the process runs: one that is gone, or dead and waiting to be reaped, does not. */
/** Whether the process is gone within a second: a killed process takes a moment to die. */
async function stopsRunning(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 1000; waited += 20) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isRunning(pid);
}

function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
