// `ml-practice lint` on files with findings: text, JSON and SARIF output, exit 1, and the
// configuration and suppressions that change what is reported.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sarifProblems } from '../unit/sarifCheck';
import { productInfo } from '../../core/productInfo';

function repoRoot(): string {
  return productInfo().root;
}

const CLI = path.join(repoRoot(), 'dist', 'cli.js');

function lint(
  cwd: string,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SERVE = [
  'import json',
  'import sys',
  'from sklearn.linear_model import LogisticRegression',
  'model = LogisticRegression()',
  'payload = json.loads(sys.stdin.read())',
  'print(model.predict(payload["features"]))',
  '',
].join('\n');

const SPLIT = [
  'import numpy as np',
  'from sklearn.model_selection import train_test_split',
  'X = np.zeros((4, 1))',
  'y = np.array([0, 1, 0, 1])',
  'X_train, X_test, y_train, y_test = train_test_split(X, y)',
  '',
].join('\n');

function notebook(): string {
  const cell = (type: string, source: string, count: number | null = null): object => ({
    cell_type: type,
    metadata: {},
    source: source.split(/(?<=\n)/),
    ...(type === 'code' ? { execution_count: count, outputs: [] } : {}),
  });
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        cell('markdown', '# Serving check'),
        cell(
          'code',
          'import json, sys\nfrom sklearn.linear_model import LogisticRegression\n' +
            'model = LogisticRegression()\n',
          1,
        ),
        cell('code', '%time payload = json.loads(sys.stdin.read())\nmodel.predict(payload)\n', 2),
      ],
    },
    null,
    1,
  );
}

describe('ml-practice lint findings (CLI)', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-lint-findings-'));
    fs.writeFileSync(path.join(tmp, 'serve.py'), SERVE);
    fs.writeFileSync(path.join(tmp, 'split.py'), SPLIT);
    fs.writeFileSync(path.join(tmp, 'check.ipynb'), notebook());
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints path:line:col: CODE slug message, [cell N] for notebooks, and exits 1', () => {
    const run = lint(tmp, '.');
    assert.strictEqual(run.status, 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(
      lines[0],
      /^check\.ipynb\[cell 3\]:2:1: ML001 unvalidated-predict `model\.predict\(payload\)` /,
    );
    assert.match(
      lines[1],
      /^serve\.py:6:7: ML001 unvalidated-predict `model\.predict\(payload\["features"\]\)`/,
    );
    assert.match(lines[2], /^split\.py:5:36: ML007 unseeded-randomness /);
    assert.strictEqual(lines[3], '3 findings in 3 files.');
    assert.strictEqual(run.stderr, '');
  });

  it('counts the files with findings apart from the files checked', () => {
    fs.writeFileSync(path.join(tmp, 'clean.py'), 'print(sum([1, 2]))\n');
    const run = lint(tmp, '.');
    assert.strictEqual(run.status, 1, run.stderr);
    assert.strictEqual(run.stdout.trimEnd().split('\n').pop(), '3 findings in 3 of 4 files.');
  });

  it('writes the JSON report with 1-based positions and cells', () => {
    const run = lint(tmp, 'check.ipynb', 'serve.py', '--format', 'json');
    assert.strictEqual(run.status, 1);
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, []);
    const [inNotebook, inScript] = report.findings;
    assert.deepStrictEqual(Object.keys(inNotebook), [
      'path',
      'cell',
      'line',
      'column',
      'endLine',
      'endColumn',
      'code',
      'slug',
      'severity',
      'message',
    ]);
    assert.deepStrictEqual(
      { ...inNotebook, message: undefined },
      {
        path: 'check.ipynb',
        cell: 3,
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 23,
        code: 'ML001',
        slug: 'unvalidated-predict',
        severity: 'warning',
        message: undefined,
      },
    );
    assert.strictEqual(inScript.cell, undefined);
    assert.deepStrictEqual(
      [inScript.line, inScript.column, inScript.endLine, inScript.endColumn],
      [6, 7, 6, 41],
    );
  });

  it('writes SARIF with rule metadata that passes the checker', () => {
    const run = lint(tmp, '.', '--format', 'sarif');
    assert.strictEqual(run.status, 1);
    const log = JSON.parse(run.stdout);
    assert.deepStrictEqual(sarifProblems(log), []);
    const sarifRun = log.runs[0];
    const ids = sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id);
    assert.deepStrictEqual(ids, [
      'ML000',
      'ML001',
      'ML002',
      'ML003',
      'ML004',
      'ML005',
      'ML006',
      'ML007',
      'NB001',
    ]);
    assert.deepStrictEqual(
      sarifRun.results.map((r: { ruleId: string; ruleIndex: number }) => [r.ruleId, r.ruleIndex]),
      [
        ['ML001', 1],
        ['ML001', 1],
        ['ML007', 7],
      ],
    );
    assert.strictEqual(sarifRun.results[0].properties.cell, 3);
    const notebookLines = notebook().split('\n');
    const predictLine = notebookLines.findIndex((line) => line.includes('"model.predict(payload)')) + 1;
    assert.strictEqual(sarifRun.results[0].locations[0].physicalLocation.region.startLine, predictLine);
    assert.match(
      sarifRun.tool.driver.rules[1].helpUri,
      /docs\/rules\/ML001-unvalidated-predict\.md$/,
    );
  });

  it('applies --select and --ignore', () => {
    const selected = JSON.parse(lint(tmp, '.', '--select', 'ML007', '--format', 'json').stdout);
    assert.deepStrictEqual(
      selected.findings.map((f: { code: string }) => f.code),
      ['ML007'],
    );

    const ignored = lint(tmp, '.', '--ignore', 'ml001,ML007');
    assert.strictEqual(ignored.status, 0);
    assert.strictEqual(ignored.stdout, 'No findings in 3 files.\n');
  });

  it("applies pyproject settings, with --select replacing the file's select", () => {
    fs.writeFileSync(
      path.join(tmp, 'pyproject.toml'),
      '[tool.ml-practice]\nselect = ["ML001"]\nseverity = { ML001 = "error", ML007 = "hint" }\n',
    );
    const fromFile = JSON.parse(lint(tmp, '.', '--format', 'json').stdout);
    assert.deepStrictEqual(
      fromFile.findings.map((f: { code: string; severity: string }) => [f.code, f.severity]),
      [
        ['ML001', 'error'],
        ['ML001', 'error'],
      ],
    );

    const overridden = JSON.parse(lint(tmp, '.', '--select', 'ML007', '--format', 'json').stdout);
    assert.deepStrictEqual(
      overridden.findings.map((f: { code: string; severity: string }) => [f.code, f.severity]),
      [['ML007', 'hint']],
    );
  });

  it('honours suppression comments', () => {
    fs.writeFileSync(
      path.join(tmp, 'serve.py'),
      SERVE.replace('["features"]))', '["features"]))  # ml-practice: ignore[ML001]'),
    );
    fs.writeFileSync(path.join(tmp, 'split.py'), `# ml-practice: ignore-file[ML007]\n${SPLIT}`);
    const run = lint(tmp, 'serve.py', 'split.py');
    assert.strictEqual(run.status, 0, run.stdout);
  });

  it('still reports findings when another input cannot be read, and exits 2', () => {
    fs.writeFileSync(path.join(tmp, 'broken.ipynb'), '{"cells": 3, "nbformat": 4}');
    const run = lint(tmp, '.', '--format', 'json');
    assert.strictEqual(run.status, 2);
    const report = JSON.parse(run.stdout);
    assert.strictEqual(report.findings.length, 3);
    assert.deepStrictEqual(report.errors, [
      { path: 'broken.ipynb', message: '"cells": expected a list of cells, got number 3' },
    ]);
  });
});
