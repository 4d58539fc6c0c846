// Lint options (select, ignore, severity) and suppression directives in scripts and notebooks.
import * as assert from 'assert';
import { applyOptions, isRuleEnabled, mergeOptions } from '../../core/lint/options';
import {
  collectSuppressions,
  filterSuppressed,
  filterSuppressedInNotebook,
  ignoreOnLineFix,
  parseDirectives,
} from '../../core/lint/suppression';
import { lintNotebook, lintSource } from '../../core/lint';
import type { Finding, NotebookCell, Severity, TextEdit } from '../../core/lint/types';

function finding(code: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    code,
    slug: `slug-of-${code}`,
    severity: 'warning' as Severity,
    message: `message of ${code}`,
    span: { start: { line, column: 0 }, end: { line, column: 5 } },
    related: [],
    fixes: [],
    ...extra,
  };
}

function applyEdit(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const line = lines[edit.span.start.line];
  lines[edit.span.start.line] =
    line.slice(0, edit.span.start.column) + edit.newText + line.slice(edit.span.end.column);
  return lines.join('\n');
}

describe('lint options', () => {
  const all = [finding('ML001', 0), finding('ML007', 1), finding('NB001', 2)];

  it('keeps every finding without options', () => {
    assert.deepStrictEqual(
      applyOptions(all, {}).map((f) => f.code),
      ['ML001', 'ML007', 'NB001'],
    );
  });

  it('selects by exact code and by prefix', () => {
    assert.deepStrictEqual(
      applyOptions(all, { select: ['ML001'] }).map((f) => f.code),
      ['ML001'],
    );
    assert.deepStrictEqual(
      applyOptions(all, { select: ['ML'] }).map((f) => f.code),
      ['ML001', 'ML007'],
    );
  });

  it('ignores by code and prefix, after selecting', () => {
    assert.deepStrictEqual(
      applyOptions(all, { ignore: ['NB'] }).map((f) => f.code),
      ['ML001', 'ML007'],
    );
    const both = applyOptions(all, { select: ['ML'], ignore: ['ML007'] });
    assert.deepStrictEqual(
      both.map((f) => f.code),
      ['ML001'],
    );
  });

  it('overrides severity per rule, exact code before prefix, and "off" drops the rule', () => {
    const result = applyOptions(all, {
      severity: { ML: 'error', ML007: 'information', NB001: 'off' },
    });
    assert.deepStrictEqual(
      result.map((f) => [f.code, f.severity]),
      [
        ['ML001', 'error'],
        ['ML007', 'information'],
      ],
    );
    assert.strictEqual(all[0].severity, 'warning', 'the input findings are not changed');
  });

  it('reports whether a rule runs', () => {
    assert.strictEqual(isRuleEnabled('ML002', { select: ['ML001'] }), false);
    assert.strictEqual(isRuleEnabled('ML001', { select: [] }), true);
    assert.strictEqual(isRuleEnabled('ML001', { severity: { ML001: 'off' } }), false);
  });

  it('merges layers: later ones win for what they set, severities per rule', () => {
    const editor = {
      select: ['ML'],
      ignore: ['ML003'],
      severity: { ML001: 'error' as const, ML007: 'hint' as const },
    };
    const project = { ignore: ['ML002'], severity: { ML007: 'information' as const } };
    assert.deepStrictEqual(mergeOptions(editor, project), {
      select: ['ML'],
      ignore: ['ML002'],
      severity: { ML001: 'error', ML007: 'information' },
    });
  });
});

describe('suppression directives', () => {
  it('reads code lists, bare forms and file scope', () => {
    assert.deepStrictEqual(parseDirectives('# ml-practice: ignore[ML001, ML007]'), [
      { scope: 'line', codes: ['ML001', 'ML007'] },
    ]);
    assert.deepStrictEqual(parseDirectives('# noqa  # ml-practice:ignore'), [
      { scope: 'line', codes: 'all' },
    ]);
    assert.deepStrictEqual(parseDirectives('# ml-practice: ignore-file[ML002]'), [
      { scope: 'file', codes: ['ML002'] },
    ]);
    assert.deepStrictEqual(parseDirectives('# ml-practice: ignored'), []);
  });

  it('takes directives only from real comments, not from strings', () => {
    const text = [
      'x = "# ml-practice: ignore[ML001]"',
      'y = 1  # ml-practice: ignore[ML007]',
      's = """',
      '# ml-practice: ignore-file[ML002]',
      '"""',
    ].join('\n');
    const found = collectSuppressions(text);
    assert.deepStrictEqual([...found.lines.entries()], [[1, [['ML007']]]]);
    assert.deepStrictEqual(found.file, []);
  });

  it('drops script findings named on their line or for the file', () => {
    const text = [
      'model.predict(x)  # ml-practice: ignore[ML001]',
      'model.predict(y)',
      'train_test_split(X, y)  # ml-practice: ignore',
      '# ml-practice: ignore-file[ML002]',
    ].join('\n');
    const findings = [
      finding('ML001', 0),
      finding('ML007', 0),
      finding('ML001', 1),
      finding('ML007', 2),
      finding('ML002', 1),
    ];
    const kept = filterSuppressed(text, findings);
    assert.deepStrictEqual(
      kept.map((f) => [f.code, f.span.start.line]),
      [
        ['ML007', 0],
        ['ML001', 1],
      ],
    );
  });

  it('still reads directives in cells with IPython magics', () => {
    const text =
      '%matplotlib inline\n!pip install x\nmodel.predict(p)  # ml-practice: ignore[ML001]\n';
    assert.deepStrictEqual(filterSuppressed(text, [finding('ML001', 2)]), []);
  });

  it('suppresses in notebooks by comment, by cell tag and by file tag', () => {
    const cells: NotebookCell[] = [
      { kind: 'markdown', source: '# ml-practice: ignore-file[ML001]' },
      {
        kind: 'code',
        source: 'a\nb  # ml-practice: ignore[ML003]',
        tags: ['ml-practice: ignore[ML007]'],
      },
      { kind: 'code', source: 'c\nd', tags: ['ml-practice: ignore-file[ML004]'] },
      { kind: 'code', source: 'e\nf' },
    ];
    const findings = [
      finding('ML001', 0, { cell: 3 }),
      finding('ML003', 1, { cell: 1 }),
      finding('ML003', 0, { cell: 1 }),
      finding('ML007', 0, { cell: 1 }),
      finding('ML007', 1, { cell: 3 }),
      finding('ML004', 1, { cell: 3 }),
    ];
    const kept = filterSuppressedInNotebook(cells, findings);
    assert.deepStrictEqual(
      kept.map((f) => [f.code, f.cell, f.span.start.line]),
      [
        ['ML001', 3, 0],
        ['ML003', 1, 0],
        ['ML007', 3, 1],
      ],
    );
  });
});

describe('ignore-on-this-line fix', () => {
  it('appends a directive to a line without a comment', () => {
    const text = 'x = 1\ny = model.predict(p)   \nz = 2';
    const fix = ignoreOnLineFix(text, finding('ML001', 1));
    assert.ok(fix);
    assert.strictEqual(fix.title, 'Ignore ML001 on this line');
    const fixed = applyEdit(text, fix.edits[0]);
    assert.strictEqual(
      fixed.split('\n')[1],
      'y = model.predict(p)  # ml-practice: ignore[ML001]   ',
    );
    assert.deepStrictEqual(filterSuppressed(fixed, [finding('ML001', 1)]), []);
  });

  it('adds the code to an existing directive on the line', () => {
    const text = 'y = model.predict(p)  # ml-practice: ignore[ML007] because reasons';
    const fix = ignoreOnLineFix(text, finding('ML001', 0));
    assert.ok(fix);
    const fixed = applyEdit(text, fix.edits[0]);
    assert.strictEqual(
      fixed,
      'y = model.predict(p)  # ml-practice: ignore[ML007, ML001] because reasons',
    );
  });

  it('appends after an unrelated comment and keeps CRLF line ends intact', () => {
    const text = 'a = 1\r\ny = model.predict(p)  # noqa\r\n';
    const fix = ignoreOnLineFix(text, finding('ML001', 1));
    assert.ok(fix);
    const fixed = applyEdit(text, fix.edits[0]);
    assert.strictEqual(
      fixed,
      'a = 1\r\ny = model.predict(p)  # noqa  # ml-practice: ignore[ML001]\r\n',
    );
  });

  it('uses the last line when the first one ends inside a string', () => {
    const text = 'q = f("""a\nb""", model.predict(p))';
    const span = { start: { line: 0, column: 0 }, end: { line: 1, column: 20 } };
    const fix = ignoreOnLineFix(text, finding('ML001', 0, { span }));
    assert.ok(fix);
    assert.strictEqual(fix.edits[0].span.start.line, 1);
    assert.deepStrictEqual(
      filterSuppressed(applyEdit(text, fix.edits[0]), [finding('ML001', 0, { span })]),
      [],
    );
  });

  it('offers nothing when no line of the finding can take a comment', () => {
    const text = 's = """a\nb\nc"""';
    const span = { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } };
    assert.strictEqual(ignoreOnLineFix(text, finding('ML001', 1, { span })), undefined);
  });
});

describe('quick fixes in files with other line ends', () => {
  const script = [
    'import json, sys',
    'from sklearn.linear_model import LogisticRegression',
    'model = LogisticRegression()',
    'payload = json.loads(sys.stdin.read())',
    'print(model.predict([payload["x"]]))',
    '',
  ];

  /** The inserted text of each fix that adds lines, for the ML001 finding of `text`. */
  function insertedLines(findings: Finding[]): string[] {
    const ml001 = findings.find((f) => f.code === 'ML001');
    assert.ok(ml001, `codes: ${findings.map((f) => f.code).join(', ')}`);
    const texts = ml001.fixes.flatMap((fix) => fix.edits.map((edit) => edit.newText));
    return texts.filter((newText) => /[\r\n]/.test(newText));
  }

  it('end the lines they insert with CRLF in a CRLF script, and with LF otherwise', () => {
    const crlf = insertedLines(lintSource(script.join('\r\n')));
    const lf = insertedLines(lintSource(script.join('\n')));

    assert.ok(crlf.length > 0, 'no fix inserts lines');
    assert.deepStrictEqual(crlf, lf.map((newText) => newText.replace(/\n/g, '\r\n')));
    for (const newText of lf) assert.doesNotMatch(newText, /\r/);
  });

  it('copy code spanning lines of a CRLF file as it is written there', () => {
    const lines = [
      'from sklearn.linear_model import LogisticRegression',
      'from sklearn.metrics import accuracy_score',
      'X, y = load()',
      'm = LogisticRegression(random_state=0).fit(X, y)',
      'print(accuracy_score(y,',
      '                     m.predict(X)), \\',
      '      """a',
      'b""")',
      '',
    ];
    const ml002 = lintSource(lines.join('\r\n')).find((f) => f.code === 'ML002');
    assert.ok(ml002?.fixes.length, 'no ML002 fix');
    const inserted = ml002.fixes[0].edits.map((edit) => edit.newText).join('');

    assert.match(inserted, /accuracy_score\(y,\r\n {21}baseline\.predict\(X\)\)/);
    assert.doesNotMatch(inserted, / \r\n|(^|[^\r])\n/);
  });

  it('keep the spaces of copied code in a file that mixes line ends', () => {
    const lines = [
      'from sklearn.linear_model import LogisticRegression',
      'from sklearn.metrics import accuracy_score',
      'X, y = load()',
      'm = LogisticRegression(random_state=0).fit(X, y)',
      'print(accuracy_score(y,   ',
      '                     m.predict(X)))',
      '',
    ];
    const text = `${lines[0]}\r\n${lines.slice(1).join('\n')}`;
    const ml002 = lintSource(text).find((f) => f.code === 'ML002');
    assert.ok(ml002?.fixes.length, 'no ML002 fix');
    const inserted = ml002.fixes[0].edits.map((edit) => edit.newText).join('');

    assert.match(inserted, /accuracy_score\(y, {3}\r\n {21}baseline\.predict\(X\)\)/);
  });

  it('end them as the cell does in a notebook', () => {
    const cells: NotebookCell[] = [
      { kind: 'code', source: script.join('\r\n'), executionCount: 1 },
    ];
    const inserted = insertedLines(lintNotebook(cells));
    assert.ok(inserted.length > 0, 'no fix inserts lines');
    for (const newText of inserted) assert.doesNotMatch(newText, /(^|[^\r])\n/);
  });
});
