// lintSource and lintNotebook over the real engine: options and suppressions change what
// the rules report, and the ignore-on-this-line fix silences the finding it is offered for.
import * as assert from 'assert';
import { ignoreOnLineFix, lintNotebook, lintSource } from '../../core/lint';
import type { Finding, NotebookCell, TextEdit } from '../../core/lint/types';

const SCRIPT = [
  'import json',
  'import sys',
  '',
  'import numpy as np',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.model_selection import train_test_split',
  '',
  'X = np.array([[0.0], [1.0], [2.0], [3.0]])',
  'y = np.array([0, 0, 1, 1])',
  'X_train, X_test, y_train, y_test = train_test_split(X, y)',
  'model = LogisticRegression().fit(X_train, y_train)',
  'payload = json.loads(sys.stdin.read())',
  'print(model.predict(payload["features"]))',
  '',
].join('\n');

function codes(findings: Finding[]): string[] {
  return findings.map((finding) => finding.code).sort();
}

function withLine(text: string, line: number, change: (old: string) => string): string {
  const lines = text.split('\n');
  lines[line] = change(lines[line]);
  return lines.join('\n');
}

function applyEdit(text: string, edit: TextEdit): string {
  return withLine(
    text,
    edit.span.start.line,
    (line) =>
      line.slice(0, edit.span.start.column) + edit.newText + line.slice(edit.span.end.column),
  );
}

describe('lintSource with the rule engine', () => {
  it('reports every rule by default', () => {
    assert.deepStrictEqual(codes(lintSource(SCRIPT)), ['ML001', 'ML003', 'ML007']);
  });

  it('applies select, ignore and severity options', () => {
    assert.deepStrictEqual(codes(lintSource(SCRIPT, { select: ['ML001'] })), ['ML001']);
    assert.deepStrictEqual(codes(lintSource(SCRIPT, { ignore: ['ML00'] })), []);
    const findings = lintSource(SCRIPT, { severity: { ML007: 'information', ML003: 'off' } });
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity]).sort(), [
      ['ML001', 'warning'],
      ['ML007', 'information'],
    ]);
  });

  it('honours line and file directives in comments only', () => {
    const onLine = withLine(SCRIPT, 12, (line) => `${line}  # ml-practice: ignore[ML001, ML003]`);
    assert.deepStrictEqual(codes(lintSource(onLine)), ['ML007']);

    const inString = withLine(SCRIPT, 12, (line) => `${line}; note = "# ml-practice: ignore"`);
    assert.deepStrictEqual(codes(lintSource(inString)), ['ML001', 'ML003', 'ML007']);

    const fileWide = `# ml-practice: ignore-file[ML007]\n${SCRIPT}`;
    assert.deepStrictEqual(codes(lintSource(fileWide)), ['ML001', 'ML003']);
  });

  it('offers an ignore fix whose result lints clean of that rule, for every finding', () => {
    for (const finding of lintSource(SCRIPT)) {
      const fix = ignoreOnLineFix(SCRIPT, finding);
      assert.ok(fix, `no fix for ${finding.code}`);
      const fixed = applyEdit(SCRIPT, fix.edits[0]);
      const left = codes(lintSource(fixed));
      assert.ok(!left.includes(finding.code), `${finding.code} still reported: ${left}`);
      assert.strictEqual(left.length, 2, 'the other findings stay');
    }
  });
});

describe('lintNotebook with the rule engine', () => {
  const cells: NotebookCell[] = [
    {
      kind: 'code',
      source:
        'import json, sys\nfrom sklearn.linear_model import LogisticRegression\n' +
        'model = LogisticRegression()\n',
      executionCount: 1,
    },
    { kind: 'markdown', source: '# ml-practice: ignore-file[ML001]' },
    {
      kind: 'code',
      source: '%time payload = json.loads(sys.stdin.read())\nmodel.predict(payload)\n',
      executionCount: 2,
    },
    {
      kind: 'code',
      source: '!pip install x\nmodel.predict(json.loads(input()))\n',
      executionCount: 3,
    },
  ];

  it('reports findings on the right cell and line', () => {
    const findings = lintNotebook(cells);
    assert.deepStrictEqual(
      findings.map((f) => [f.code, f.cell, f.span.start.line]),
      [
        ['ML001', 2, 1],
        ['ML001', 3, 1],
      ],
    );
  });

  it('honours cell tags and comments in cells with magics', () => {
    const tagged = cells.map((cell, index) =>
      index === 3 ? { ...cell, tags: ['ml-practice: ignore[ML001]'] } : cell,
    );
    assert.deepStrictEqual(
      lintNotebook(tagged).map((f) => f.cell),
      [2],
    );

    const commented = cells.map((cell, index) =>
      index === 2 ? { ...cell, source: `${cell.source}# ml-practice: ignore-file[ML001]\n` } : cell,
    );
    assert.deepStrictEqual(lintNotebook(commented), []);

    const fileTag = cells.map((cell, index) =>
      index === 0 ? { ...cell, tags: ['ml-practice: ignore-file[ML]'] } : cell,
    );
    assert.deepStrictEqual(lintNotebook(fileTag), []);
  });

  it('applies options to notebooks', () => {
    assert.deepStrictEqual(lintNotebook(cells, { select: ['NB'] }), []);
    assert.deepStrictEqual(
      lintNotebook(cells, { severity: { ML001: 'error' } }).map((f) => f.severity),
      ['error', 'error'],
    );
  });
});
