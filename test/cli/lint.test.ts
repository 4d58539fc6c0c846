// `ml-practice lint` as a process: inputs, formats, exit codes and unreadable inputs.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sarifProblems } from '../unit/sarifCheck';
import { cliWithoutPrivileges } from './withoutPrivileges';
import { productInfo } from '../../core/productInfo';

function repoRoot(): string {
  return productInfo().root;
}

const CLI = path.join(repoRoot(), 'dist', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function lint(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(dir: string, relative: string, content: string | Buffer): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function notebookJson(
  cells: { type?: string; source: string; count?: number | null; tags?: string[] }[],
): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: cells.map((cell) => ({
        cell_type: cell.type ?? 'code',
        metadata: cell.tags ? { tags: cell.tags } : {},
        source: cell.source.split(/(?<=\n)/),
        ...((cell.type ?? 'code') === 'code'
          ? { execution_count: cell.count ?? null, outputs: [] }
          : {}),
      })),
    },
    null,
    1,
  );
}

const CLEAN = 'total = sum([1, 2, 3])\nprint(total)\n';

describe('ml-practice lint (CLI)', function () {
  let tmp: string;

  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-lint-cli-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints help and exits 0', () => {
    const run = lint(tmp, '--help');
    assert.strictEqual(run.status, 0);
    assert.match(run.stdout, /^usage: ml-practice lint PATH\.\.\. \[options\]/);
    assert.match(run.stdout, /--format FORMAT {4}text \(default\), json or sarif/);
  });

  it('exits 2 on usage errors with a message on stderr', () => {
    const none = lint(tmp);
    assert.strictEqual(none.status, 2);
    assert.match(none.stderr, /give at least one file or directory to lint/);

    const format = lint(tmp, '.', '--format', 'xml');
    assert.strictEqual(format.status, 2);
    assert.match(format.stderr, /--format must be one of text, json, sarif/);

    const flag = lint(tmp, '.', '--fix');
    assert.strictEqual(flag.status, 2);
    assert.match(flag.stderr, /unknown option --fix/);

    const code = lint(tmp, '.', '--select', 'unvalidated-predict');
    assert.strictEqual(code.status, 2);
    assert.match(code.stderr, /--select: "UNVALIDATED-PREDICT" is not a rule code or prefix/);

    for (const [flag, value] of [['--select', ''], ['--select', ',,,'], ['--ignore', ' , ']]) {
      const empty = lint(tmp, '.', flag, value);
      assert.strictEqual(empty.status, 2, `${flag} ${JSON.stringify(value)}`);
      assert.match(empty.stderr, new RegExp(`${flag}: expected comma-separated rule codes`));
    }

    const config = lint(tmp, '.', '--config', 'nowhere.toml');
    assert.strictEqual(config.status, 2);
    assert.match(config.stderr, /--config nowhere\.toml: no such file/);
    fs.mkdirSync(path.join(tmp, 'settings'));
    const folder = lint(tmp, '.', '--config', 'settings');
    assert.strictEqual(folder.status, 2);
    assert.match(folder.stderr, /--config settings: is a folder; expected a pyproject\.toml file/);
    const device = lint(tmp, '.', '--config', '/dev/null');
    assert.strictEqual(device.status, 2);
    assert.match(device.stderr, /--config \/dev\/null: is not a regular file/);
  });

  it('exits 0 on clean inputs in every format', () => {
    write(tmp, 'clean.py', CLEAN);
    write(tmp, 'clean.ipynb', notebookJson([{ source: CLEAN, count: 1 }]));

    const text = lint(tmp, 'clean.py', 'clean.ipynb');
    assert.strictEqual(text.status, 0, text.stderr);
    assert.strictEqual(text.stdout, 'No findings in 2 files.\n');
    assert.strictEqual(text.stderr, '');

    const json = lint(tmp, '.', '--format', 'json');
    assert.strictEqual(json.status, 0);
    assert.deepStrictEqual(JSON.parse(json.stdout), { findings: [], errors: [] });

    const sarif = lint(tmp, '.', '--format', 'sarif');
    assert.strictEqual(sarif.status, 0);
    const log = JSON.parse(sarif.stdout);
    assert.deepStrictEqual(sarifProblems(log), []);
    assert.deepStrictEqual(
      log.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri),
      ['clean.ipynb', 'clean.py'],
    );
    assert.strictEqual(log.runs[0].invocations[0].executionSuccessful, true);
  });

  it('searches directories, skipping hidden, dependency and venv folders', () => {
    write(tmp, 'proj/a.py', CLEAN);
    write(tmp, 'proj/sub/b.ipynb', notebookJson([{ source: CLEAN }]));
    write(tmp, 'proj/notes.txt', Buffer.from([0, 1, 2]));
    const broken = Buffer.from([0, 159, 146, 150]);
    for (const skipped of ['.git', '.venv', 'node_modules', '__pycache__', 'myenv', 'venv']) {
      write(tmp, `proj/${skipped}/bad.py`, broken);
    }
    write(tmp, 'proj/myenv/pyvenv.cfg', 'home = /usr/bin\n');

    const run = lint(tmp, 'proj', '--format', 'sarif');
    assert.strictEqual(run.status, 0, run.stderr);
    const uris = JSON.parse(run.stdout).runs[0].artifacts.map(
      (a: { location: { uri: string } }) => a.location.uri,
    );
    assert.deepStrictEqual(uris, ['proj/a.py', 'proj/sub/b.ipynb']);
  });

  it('lints readable inputs and names each unreadable one, exiting 2', () => {
    write(tmp, 'good.py', CLEAN);
    write(tmp, 'binary.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    write(tmp, 'latin1.py', Buffer.from('x = "caf\xe9"\n', 'latin1'));
    write(tmp, 'huge.py', Buffer.alloc(5 * 1024 * 1024 + 10, 'x = 1\n'));
    write(tmp, 'broken.ipynb', '{"cells": [\n  {"cell_type": "code", "source": 3}\n]}');
    write(tmp, 'truncated.ipynb', '{"nbformat": 4, "cells": [');
    fs.symlinkSync(path.join(tmp, 'gone.py'), path.join(tmp, 'dangling.py'));

    const run = lint(tmp, '.', 'missing.py', '--format', 'json');
    assert.strictEqual(run.status, 2);
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.findings, []);
    const reasons = Object.fromEntries(
      report.errors.map((e: { path: string; message: string }) => [e.path, e.message]),
    );
    assert.deepStrictEqual(Object.keys(reasons).sort(), [
      'binary.py',
      'broken.ipynb',
      'dangling.py',
      'huge.py',
      'latin1.py',
      'missing.py',
      'truncated.ipynb',
    ]);
    assert.match(reasons['binary.py'], /^binary file/);
    assert.strictEqual(
      reasons['latin1.py'],
      'not UTF-8 text: byte 0xE9 at offset 8 (line 1, column 9); save the file as UTF-8, ' +
        'or declare its encoding on line 1, e.g. # -*- coding: latin-1 -*-',
    );
    assert.match(reasons['huge.py'], /^file is 5\.0 MB; files over 5\.0 MB are skipped/);
    assert.match(
      reasons['broken.ipynb'],
      /^cells\[0\]\.source: expected a string or a list of strings, got number 3/,
    );
    assert.match(reasons['truncated.ipynb'], /^not valid JSON at line 1, column 27/);
    assert.strictEqual(
      reasons['dangling.py'],
      `a symbolic link to ${path.join(tmp, 'gone.py')}, which does not exist`,
    );
    assert.match(reasons['missing.py'], /^no such file or directory/);
    assert.match(run.stderr, /^binary\.py: error: binary file/m);

    const text = lint(tmp, 'good.py', 'binary.py');
    assert.strictEqual(text.status, 2);
    assert.strictEqual(text.stdout, 'No findings in 1 file (1 error on stderr).\n');
    const nul =
      'binary file (it contains NUL bytes, the first byte 0x00 at offset 4 (line 1, column 5))';
    assert.ok(text.stderr.startsWith(`binary.py: error: ${nul}`), text.stderr);

    const sarif = lint(tmp, 'good.py', 'binary.py', '--format', 'sarif');
    const log = JSON.parse(sarif.stdout);
    assert.deepStrictEqual(sarifProblems(log), []);
    assert.strictEqual(log.runs[0].invocations[0].executionSuccessful, false);
  });

  it('refuses a device or a pipe instead of reading it without end', () => {
    const fifo = path.join(tmp, 'pipe.py');
    spawnSync('mkfifo', [fifo]);
    const run = lint(tmp, '/dev/zero', 'pipe.py');
    assert.strictEqual(run.status, 2);
    const reason = 'not a regular file (a device, pipe or socket); expected Python source';
    assert.ok(run.stderr.includes(`/dev/zero: error: ${reason}`), run.stderr);
    assert.ok(run.stderr.includes(`pipe.py: error: ${reason}`), run.stderr);
  });

  it('reads a file in the encoding its PEP 263 coding line declares', () => {
    const source = '# -*- coding: latin-1 -*-\nfrom sklearn.linear_model import LogisticRegression\n' +
      'model = LogisticRegression()\nmodel.fit([[0]], [0])\nprint("caf\xe9", model.predict(x))\n';
    write(tmp, 'latin.py', Buffer.from(source, 'latin1'));

    const run = lint(tmp, 'latin.py', '--format', 'json');
    assert.strictEqual(run.stderr, '');
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, []);
    assert.ok(report.findings.length > 0, run.stdout);
  });

  it('reports a broken pyproject.toml by file, line and key, and still lints', () => {
    write(
      tmp,
      'pyproject.toml',
      '[project]\nname = "x"\n\n[tool.ml-practice]\nignore = ["ML001"]\nsevrity = {}\n',
    );
    write(tmp, 'pkg/good.py', CLEAN);

    const run = lint(tmp, 'pkg', '--format', 'json');
    assert.strictEqual(run.status, 2);
    assert.deepStrictEqual(JSON.parse(run.stdout).errors, [
      {
        path: path.join(tmp, 'pyproject.toml'),
        message:
          'line 6: tool.ml-practice.sevrity: unknown key; ' +
          'expected one of select, ignore, severity, exclude (linting with the default settings)',
      },
    ]);
  });

  it('reports a pyproject.toml it may not read, and why, instead of passing over it', () => {
    fs.chmodSync(tmp, 0o755);
    write(tmp, 'pyproject.toml', '[tool.ml-practice]\nselect = ["ML007"]\n');
    write(tmp, 'good.py', CLEAN);
    fs.chmodSync(path.join(tmp, 'pyproject.toml'), 0o000);
    const result = cliWithoutPrivileges(['lint', 'good.py'], { cwd: tmp });
    assert.strictEqual(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /pyproject\.toml: error: cannot be read \(permission denied\)/);
  });

  it('reports a pyproject.toml whose [tool.ml-practice header is broken', () => {
    write(tmp, 'pyproject.toml', '[tool.ml-practice\nignore = ["ML001"]\n');
    write(tmp, 'good.py', CLEAN);

    const run = lint(tmp, 'good.py');
    assert.strictEqual(run.status, 2);
    assert.match(run.stderr, /pyproject\.toml: error: line 1: not valid TOML: /);
  });

  it('warns when nothing was linted, and says why', () => {
    fs.mkdirSync(path.join(tmp, 'empty', 'node_modules'), { recursive: true });
    write(tmp, 'empty/node_modules/skipped.py', CLEAN);
    const empty = lint(tmp, 'empty');
    assert.strictEqual(empty.status, 0);
    assert.strictEqual(empty.stdout, 'No findings in 0 files.\n');
    assert.match(empty.stderr, /warning: nothing was linted: no Python file \(\.py\) or notebook/);

    write(tmp, 'pyproject.toml', '[tool.ml-practice]\nexclude = ["old"]\n');
    write(tmp, 'old/a.py', CLEAN);
    const excluded = lint(tmp, 'old', '--format', 'json');
    assert.strictEqual(excluded.status, 0);
    assert.match(excluded.stderr, /the 1 file found is excluded by the configuration's exclude/);

    write(tmp, 'main.py', CLEAN);
    const some = lint(tmp, '.');
    assert.strictEqual(some.stdout, 'No findings in 1 file.\n');
    assert.strictEqual(some.stderr, '', 'a file was linted');
  });

  it('skips files the configuration excludes, even when named', () => {
    write(tmp, 'pyproject.toml', '[tool.ml-practice]\nexclude = ["vendor", "*.bin.py"]\n');
    write(tmp, 'vendor/blob.py', Buffer.from([0, 1]));
    write(tmp, 'data.bin.py', Buffer.from([0, 1]));
    write(tmp, 'main.py', CLEAN);

    const run = lint(tmp, '.', 'data.bin.py');
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout, 'No findings in 1 file.\n');

    fs.writeFileSync(path.join(tmp, 'bare.toml'), '[project]\n');
    const bare = lint(tmp, 'main.py', '--config', 'bare.toml');
    assert.strictEqual(bare.status, 2);
    const named = `${fs.realpathSync(tmp)}${path.sep}bare.toml: error: has no [tool.ml-practice] table`;
    assert.ok(bare.stderr.startsWith(named), bare.stderr);

    const other = path.join(tmp, 'other.toml');
    fs.writeFileSync(other, '[tool.ml-practice]\n');
    assert.strictEqual(
      lint(tmp, '.', '--config', other).status,
      2,
      'the pinned file excludes nothing',
    );
  });
});
