// The engine's API: parsing, notebooks (cells, magics, positions), messages, related
// locations, and fixes that make their finding go away.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { IncrementalParser, lintNotebook, lintSource } from '../../core/lint';
import { analyzeNotebook, analyzeSource, parsePython } from '../../core/lint/engine/index';
import { Analyzer } from '../../core/lint/engine/analyzer';
import { unitOf } from '../../core/lint/engine/parse';
import { FlatTree } from '../../core/lint/engine/syntax';
import { maskIPython } from '../../core/lint/engine/ipython';
import { withLineFeeds } from '../../core/lint/engine/source';
import { MAX_NAMES, namesKept } from '../../core/lint/engine/knowledge';
import { unseededRandomness } from '../../core/lint/rules/unseeded-randomness';
import { NO_NAMES, noFacts, RecordedCall, type CallFact } from '../../core/lint/engine/facts';
import type { Finding, NotebookCell } from '../../core/lint/types';
import { generateScript } from '../../bench/corpus';
import {
  applyEdits,
  cellsFromIpynb,
  compiles,
  errorLines,
  errorPlaces,
  repoRoot,
} from './lint-engine-helpers';

const fixtures = path.join(repoRoot(), 'test', 'fixtures', 'lint');

function fixture(relative: string): string {
  return fs.readFileSync(path.join(fixtures, relative), 'utf8');
}

function only(findings: Finding[], code: string): Finding {
  const matching = findings.filter((finding) => finding.code === code);
  assert.strictEqual(matching.length, 1, `expected one ${code}, got ${JSON.stringify(findings)}`);
  return matching[0];
}

/** The sklearn module, imported in the ML002 tests, that holds a class. */
function modulePrefix(className: string): string {
  if (/NB$/.test(className)) return 'naive_bayes.';
  if (/SV[CR]$/.test(className)) return 'svm.';
  if (/^GradientBoosting/.test(className)) return 'ensemble.';
  if (/^KNeighbors/.test(className)) return 'neighbors.';
  return 'linear_model.';
}

/**
 * Checks each text's ML000 findings against python3: none where it compiles, else one, on the
 * line python3 names, with a message matching `message`. Returns python3's lines.
 */
function assertReportedAsPython(texts: string[], message: RegExp): (number | null)[] {
  const lines = errorLines(texts);
  texts.forEach((text, index) => {
    const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
    if (lines[index] === null) return assert.deepStrictEqual(errors, [], text);
    assert.strictEqual(errors.length, 1, `${text}: ${JSON.stringify(errors)}`);
    assert.strictEqual(errors[0].span.start.line + 1, lines[index], text);
    assert.match(errors[0].message, message, text);
  });
  return lines;
}

/**
 * Each text's one ML000 finding, its message as `message` says (a pattern to match, or with
 * `unlike` one not to), at the line and column python3 reports.
 */
function assertPlacedAsPython(texts: string[], message: RegExp, unlike = false): Finding[] {
  const places = errorPlaces(texts);
  return texts.map((text, index) => {
    const error = only(analyzeSource(text), 'ML000');
    if (unlike) assert.doesNotMatch(error.message, message, text);
    else assert.match(error.message, message, text);
    const { line, column } = error.span.start;
    assert.deepStrictEqual([line + 1, column + 1], places[index], text);
    return error;
  });
}

/** Each case's text has one ML000, matching its pattern, where python3 reports its error. */
function assertCasesPlacedAsPython(cases: [string, RegExp][]): void {
  const errors = assertPlacedAsPython(cases.map(([text]) => text), /./);
  cases.forEach(([text, message], index) => assert.match(errors[index].message, message, text));
}

/** Each text's ML000 findings, beside whether python3 compiles it. */
function judged(texts: string[]): { text: string; valid: boolean; errors: Finding[] }[] {
  const verdicts = compiles(texts);
  return texts.map((text, index) => ({
    text,
    valid: verdicts[index],
    errors: analyzeSource(text).filter((finding) => finding.code === 'ML000'),
  }));
}

function count(findings: Finding[], code: string): number {
  return findings.filter((finding) => finding.code === code).length;
}

describe('lint engine', () => {
  describe('parsePython', () => {
    it('returns a lezer tree of the whole text, even with a syntax error', () => {
      const tree = parsePython('x = (1,\ny = 2\n');
      assert.strictEqual(tree.topNode.name, 'Script');
      assert.strictEqual(tree.length, 'x = (1,\ny = 2\n'.length);
    });
  });

  describe('messages and related locations', () => {
    it('ML001 names the call, the payload, where it was read, and the lesson', () => {
      const text = fixture('unvalidated-predict/stdin-json-loads.py');
      const finding = only(analyzeSource(text), 'ML001');
      assert.strictEqual(
        finding.message,
        '`model.predict([payload["features"]])` uses `[payload["features"]]`, read from ' +
          '`json.loads` on line 7, without validation. Validate it first (a schema, ' +
          '`check_array`, or a guard that raises). See lesson `data-contracts-and-input-validation`.',
      );
      assert.deepStrictEqual(finding.span.start, { line: 7, column: 6 });
      assert.deepStrictEqual(finding.related[0].span.start, { line: 6, column: 10 });
      assert.strictEqual(finding.severity, 'warning');
    });

    it('ML004 points at the split that comes after the fitted step', () => {
      const finding = only(
        analyzeSource(fixture('preprocessing-before-split/scaler-before-split.py')),
        'ML004',
      );
      assert.match(
        finding.message,
        /fits StandardScaler on `X` before that data is split into train and test on line 7/,
      );
      assert.deepStrictEqual(finding.related[0].span.start, { line: 6, column: 35 });
    });

    it('ML005 points at the split and at the earlier fit on training data', () => {
      const finding = only(
        analyzeSource(fixture('fit-on-held-out/fit-transform-test.py')),
        'ML005',
      );
      assert.deepStrictEqual(
        finding.related.map((location) => location.span.start.line),
        [5, 7],
      );
    });

    it('ML000 explains an unclosed bracket and the rest of the file is still analysed', () => {
      const findings = analyzeSource(fixture('syntax-error/stray-bracket-rest-analysed.py'));
      assert.match(only(findings, 'ML000').message, /`\]` closes no open bracket/);
      assert.strictEqual(count(findings, 'ML007'), 1);
      const unclosed = only(analyzeSource('values = foo(1,\nprint(values)\n'), 'ML000');
      assert.match(unclosed.message, /`\(` opened on line 1 is never closed; expected `\)`/);
    });

    it('ML000 names a missing `:`, an unindented block, `else if` and `=` in a condition', () => {
      const cases: [string, RegExp][] = [
        ['if x == 1\n    pass\n', /the `if` line must end with `:`/],
        ['def f()\n    return 1\n', /the `def` line must end with `:`/],
        ['def f(x) -> int\n    pass\n', /the `def` line must end with `:`/],
        ['for i in range(10)\n    print(i)\n', /the `for` line must end with `:`/],
        ['class A(B)\n    x = 1\n', /the `class` line must end with `:`/],
        ['if x:\n    pass\nelse\n    pass\n', /the `else` line must end with `:`/],
        ['with open(f) as fh\n    pass\n', /the `with` line must end with `:`/],
        ['match x:\n    case 1\n        pass\n', /the `case` line must end with `:`/],
        ['match x:\n    case 1 if y  # c\n        pass\n', /the `case` line must end with `:`/],
        ['def f():\n    match x\n        case 1:\n            pass\n', /the `match` line must end/],
        // Lines that are no header without its colon, before a line indented too deep.
        ['def outer():\n    if x: pass\n        z\n', /unexpected indent/],
        ['class A:\n    match = 1\n        z\n', /unexpected indent/],
        ["class A:\n    if x == '#': y = 1\n        z\n", /unexpected indent/],
        ['def outer():\n    match (x)\n        case 1:\n            pass\n', /unexpected indent/],
        ['def f():\nreturn 1\n', /the block after the `def` on line 1 must be indented/],
        ['if x:\n\nprint(1)\n', /the block after the `if` on line 1 must be indented/],
        ['while x:\n', /the block after the `while` on line 1 must be indented/],
        ['def f(u):\n  # todo\n\n\nx = 1\n', /the block after the `def` on line 1 must be indented/],
        ['def f():\n    # only comment\n', /the block after the `def` on line 1 must be indented/],
        ['if x:\n    pass\nelse if y:\n    pass\n', /writes `else if` as `elif`/],
        ['if x = 1:\n    pass\n', /`=` assigns a value; to compare, write `==`/],
        // What is missing is more than the `:`.
        ['for x in\n    pass\n', /the statement is incomplete/],
        ['if x ==\n    pass\n', /an operator is missing its right-hand side/],
        ['def f(\n    a,\n    b\n)\n    pass\n', /the header of the `def` must end with `:`/],
        ['if (x > 0 and\n    y > 0)\n    pass\n', /the header of the `if` must end with `:`/],
        ['with open(\n    f\n) as fh\n    pass\n', /the header of the `with` must end with `:`/],
        // A block that has begun.
        ['def f():\n    x = (1,\n    return x\n', /`\(` opened on line 2 is never closed/],
      ];
      const lines = errorLines(cases.map(([text]) => text));
      cases.forEach(([text, message], index) => {
        const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
        assert.match(errors[0]?.message ?? '', message, text);
        assert.strictEqual(errors[0].span.start.line + 1, lines[index], text);
        const misread = errors.filter((error) => /must (end with `:`|be indented)/.test(error.message));
        assert.ok(misread.length <= 1 && (misread.length === 0 || misread[0] === errors[0]), text);
      });
      // A header with its `:` before a statement on the same line.
      const oneLine = analyzeSource('x = (1,\n\ndef f(): pass\n)\n');
      assert.ok(!oneLine.some((finding) => /must end with `:`/.test(finding.message)));
    });

    it('ML000 reads a very long broken statement without failing', () => {
      // The grammar's recovery from it leaves nodes of no known type in its tree.
      const text = `x = [${'f(x)[0] '.repeat(1500)}]\n`;
      assert.ok(analyzeSource(text).some((finding) => finding.code === 'ML000'));
    });

    it('ML000 puts a bracket that closes nothing, or the wrong one, where python3 does', () => {
      const texts = [
        'x = 1\n]\ny = 2\n', 'model.fit(X, y))\n', 'def f(values):\n]    return 1\n',
        'x = [1, 2)\n', 'x = (1,\n     2]\n', 'a = 1\n)\n', 'y = f(a)]\n',
        // After errors the wrong bracket causes, which are not reported.
        'x = [\n    (1, )None),\n]\n', 'd = {\n    "a": (1, 2,\n    "b": 3,\n}\n',
        'if x:\n    y = 1\n    )\n',
      ];
      assertPlacedAsPython(texts, /closes no open bracket|does not match the/);
      assert.match(
        only(analyzeSource('x = (1,\n     2]\n'), 'ML000').message,
        /`\]` does not match the `\(` opened on line 1; expected `\)`/,
      );
    });

    it('ML000 reports a string left open inside brackets, not the brackets it swallows', () => {
      const texts = ['m = {"a": 1,\n     "b": 2, c": 3}\n', 'x = f(1,\n      "a)\n'];
      assertPlacedAsPython(texts, /never closed/, true);
    });

    it('ML000 puts a bracket never closed where it opens, where python3 does', () => {
      const texts = [
        'values = foo(1,\nprint(values)\n', 'x = foo(1,\n', 'x = [1, 2\nprint(x)\n',
        'model.fit(X, y\nmodel.predict(X)\n', "d = {'a': 1,\n'b': 2\n",
        'if x:\n    y = (\nz = 1\n', 'def f():\n    x = (1,\n    return x\n',
        's = f("x",\n     g(1)\n', "print('a'\n", 'rows = [f(a), (b,\n',
        // The parse goes on past the line, but Python names the bracket the text never closes.
        'y = frame["label".to_numpy()\n\nX, y = split(X, y, test_size=0.2)\nprint(X)\n',
        'noise = np.random.ran[d(120)\nprint(summary(noise))\n',
      ];
      for (const error of assertPlacedAsPython(texts, /is never closed/)) {
        assert.strictEqual(error.span.end.column, error.span.start.column + 1);
      }
      // A string left open swallows the closing bracket: Python reports the string alone.
      const string = only(analyzeSource("print('hi)\n"), 'ML000');
      assert.match(string.message, /the string is not closed/);
    });

    it('ML000 reports two expressions in a row as a missing comma, where python3 does', () => {
      const texts = [
        'params = dict(\n    a=1\n    b=2,\n)\n', 'x = [\n    1\n    2,\n]\n',
        'model = make_pipeline(\n    StandardScaler()\n    LogisticRegression(),\n)\n',
        'cfg = {\n    "a": 1\n    "b": 2,\n}\n', 'f(a\n  b)\n', 'print("a"\n      x)\n',
        't = (alpha\n     beta)\n', 'f(a b)\n', 'steps = [make_scaler()\n         model]\n',
        // A second expression that opens its line, indented, and more items after it.
        "d = {'a': 1\n     'b': 2}\n", "f(1\n  'b', 2)\n",
        "params = {\n    'lr': 0.1\n    'epochs': 10}\n",
        'd = {\n    "a": 1\n    "b": 2\n    "c": 3\n}\n',
        // After a continuation, a float's point, a condition, a loop or beyond ASCII.
        'f(a \\\n  b)\n', 'x = [1.\n 2]\n', 'f(1 if a else 2\n  b)\n', 'f(a\n  \u00e9)\n',
        '[v for v\n e in b]\n',
        // A dictionary or set after another item.
        'x = [{"a": 1} {"b": 2}]\n', 'x = [1 {2}]\n', 'x = [\n    {"a": 1}\n    {"b": 2},\n]\n',
      ];
      assertPlacedAsPython(texts, /two expressions in a row, `.+` and `.+`; perhaps a comma/);
      assert.match(
        only(analyzeSource('x = [\n    1\n    2,\n]\n'), 'ML000').message,
        /two expressions in a row, `1` and `2`/,
      );
      // Python pairs no parameters this way, nor a first expression that starts with a name
      // that begins a soft keyword; it reports the second expression.
      const others = [
        'def s(values, bin\ns=5):\n    pass\n', 'f(c\nv)\n', 'f(m.x\n  y)\n',
        // Nor a loop's iterable.
        'x = [a for a in b c]\n', 'x = [a for a in b\n     c]\n', 'f(a for a in b c)\n',
      ];
      const otherPlaces = errorPlaces(others);
      others.forEach((text, index) => {
        const error = only(analyzeSource(text), 'ML000');
        assert.doesNotMatch(error.message, /comma is missing/, text);
        assert.strictEqual(error.span.start.line + 1, otherPlaces[index]?.[0], text);
      });
      // It pairs a starred item (Python reports the name after its `*`).
      assert.match(only(analyzeSource('x = [*a b]\n'), 'ML000').message, /`\*a` and `b`/);
      // Nor does it pair a double-starred item, which is no comprehension either.
      for (const text of ['x = {**a\n b: 1}\n', "x = {**a 'b': 1}\n"]) {
        const messages = analyzeSource(text).map((finding) => finding.message);
        assert.ok(!messages.some((message) => /comma is missing|comprehension/.test(message)), text);
      }
    });
  });

  describe('notebooks', () => {
    it('reports findings on the right cell, counting markdown cells, with cell-relative spans', () => {
      const findings = analyzeNotebook(cellsFromIpynb(fixture('notebooks/magics-findings.ipynb')));
      const scaled = only(findings, 'ML004');
      assert.strictEqual(scaled.cell, 2);
      assert.deepStrictEqual(scaled.span.start, { line: 2, column: 4 });
      assert.strictEqual(scaled.related[0].cell, 4);
      assert.match(scaled.message, /split into train and test on cell 5, line 1/);
    });

    it('follows a payload across cells and gives the related location its cell', () => {
      const finding = only(
        analyzeNotebook(cellsFromIpynb(fixture('notebooks/cross-cell-payload.ipynb'))),
        'ML001',
      );
      assert.strictEqual(finding.cell, 3);
      assert.strictEqual(finding.related[0].cell, 1);
      assert.match(finding.message, /read from `json.load` on cell 2, line 2/);
    });

    it('a %%time cell still defines the names it assigns', () => {
      const cells: NotebookCell[] = [
        { kind: 'code', source: 'import json\nimport joblib\nmodel = joblib.load("m")' },
        { kind: 'code', source: '%%time\npayload = json.loads(input())' },
        { kind: 'code', source: '%time result = model.predict(payload)' },
      ];
      const finding = only(analyzeNotebook(cells), 'ML001');
      assert.strictEqual(finding.cell, 2);
      assert.deepStrictEqual(finding.span.start, { line: 0, column: 15 });
    });

    it('reports out-of-order execution once, on the first offending cell, as information', () => {
      const finding = only(
        analyzeNotebook(cellsFromIpynb(fixture('notebooks/out-of-order.ipynb'))),
        'NB001',
      );
      assert.strictEqual(finding.cell, 2);
      assert.strictEqual(finding.severity, 'information');
    });

    it('a syntax error in one cell leaves the other cells analysed', () => {
      const cells: NotebookCell[] = [
        { kind: 'code', source: 'import numpy as np\nx = np.array([1, 2\n' },
        { kind: 'code', source: 'y = np.random.rand(3)\n' },
      ];
      const findings = analyzeNotebook(cells);
      assert.deepStrictEqual(
        findings.map((finding) => [finding.code, finding.cell]),
        [
          ['ML000', 0],
          ['ML007', 1],
        ],
      );
    });
  });

  describe('IPython masking', () => {
    it('keeps every line length and leaves Python lines alone', () => {
      const source =
        '!pip install x\n%matplotlib inline\n%time y = f(1)\nz = 2\nnp.mean?\nout = !ls -la\n';
      const masked = maskIPython(source);
      assert.deepStrictEqual(
        masked.split('\n').map((line) => line.length),
        source.split('\n').map((line) => line.length),
      );
      assert.strictEqual(masked.split('\n')[2], '0;    y = f(1)');
      assert.strictEqual(masked.split('\n')[3], 'z = 2');
      assert.strictEqual(parsePython(masked).topNode.toString().includes('⚠'), false);
    });

    it('keeps the statement of a line magic at the magic\'s indentation', () => {
      const source = 'if ready:\n    %who\n%time model = fit(1)\nif ready:\n    %timeit f(2)\n';
      assert.deepStrictEqual(maskIPython(source).split('\n').slice(2, 5), [
        '0;    model = fit(1)',
        'if ready:',
        '    0;      f(2)',
      ]);
      assert.deepStrictEqual(analyzeNotebook([{ kind: 'code', source }]), []);
    });

    it('passes over the options of a line magic, with the values some of them take', () => {
      const source =
        '%prun -s cumulative sum(range(10))\n%prun -q -D out.prof f()\n%prun -qs time f()\n' +
        '%debug --breakpoint a.py:10 f()\n%memit -i 0.1 f()\n%timeit -n10 -r 3 -o f()\n' +
        '%mprun -f g -f h g(1)\n%prun -T \'my file.txt\' f()\n%prun -D "a b" -s time f()\n';
      const lines = maskIPython(source).split('\n');
      assert.deepStrictEqual(
        lines.map((line) => line.replace(/^0; +/, '')),
        ['sum(range(10))', 'f()', 'f()', 'f()', 'f()', 'f()', 'g(1)', 'f()', 'f()', ''],
      );
      assert.deepStrictEqual(analyzeNotebook([{ kind: 'code', source }]), []);
    });

    it('hides the body of non-Python cell magics', () => {
      assert.strictEqual(maskIPython('%%bash\necho hi\n').trim(), '');
    });

    // Each cell has a line that would be IPython's at the start of a logical line.
    const continuations = [
      'message = ("accuracy %s"\n    % score)\n',
      'total = first \\\n% second\n',
      'query = """\n%(name)s\n"""\n',
      'query = """say "hi"\n%(name)s\n"""\n',
      "note = 'it\\\n%s'\n",
      'run(\n    ls -la)\n',
      'values = f(a  # (\n    % b)\n',
      '%time y = f(1) \\\n    % 3\n',
    ];
    for (const source of continuations) {
      it(`reads a line that continues a logical line as Python: ${JSON.stringify(source)}`, () => {
        const lines = maskIPython(source).split('\n');
        assert.strictEqual(lines[1], source.split('\n')[1]);
        const cells: NotebookCell[] = [{ kind: 'code', source }];
        assert.deepStrictEqual(
          analyzeNotebook(cells).filter((finding) => finding.code === 'ML000'),
          [],
        );
      });
    }

    it('reports a shell escape inside brackets as Python does', () => {
      const source = 'x = [\n    !ls\n]\n';
      assert.strictEqual(maskIPython(source), source);
      const error = only(analyzeNotebook([{ kind: 'code', source }]), 'ML000');
      assert.deepStrictEqual(error.span.start, { line: 1, column: 4 });
    });

    it('masks IPython lines once a bracket, string or continuation has ended', () => {
      const source =
        'x = (1,\n     2)\n%matplotlib inline\ns = "it\'s"\n!ls\n' +
        "!echo it's\n!pwd\ny = 1 \\\n    + 2\n%who\n" +
        'z = 2  # ([ it\'s\n%who\nq = """a\nb""" + \'(\\\'\'\n!ls\n';
      const lines = maskIPython(source).split('\n');
      for (const index of [2, 4, 5, 6, 9, 11, 14]) {
        assert.match(lines[index], /^0 *$/, `line ${index}`);
      }
      assert.deepStrictEqual(analyzeNotebook([{ kind: 'code', source }]), []);
    });

    it('masks an IPython line after a string left open, where Python stops', () => {
      const source = 'path = "data.csv\n%who\n';
      assert.match(maskIPython(source).split('\n')[1], /^0 *$/);
      const error = only(analyzeNotebook([{ kind: 'code', source }]), 'ML000');
      assert.strictEqual(error.span.start.line, 0);
    });

    it('blanks the lines a shell escape or magic carries on with a backslash', () => {
      const source = '!pip install numpy \\\n    pandas \\\n    scikit-learn\nz = 1\n';
      const lines = maskIPython(source).split('\n');
      assert.deepStrictEqual(lines.slice(1, 4), [' '.repeat(12), ' '.repeat(16), 'z = 1']);
      assert.deepStrictEqual(analyzeNotebook([{ kind: 'code', source }]), []);
    });
  });

  describe('call arguments Python refuses to compile', () => {
    const calls = [
      'f(a=1, a=2)',
      'print(end="", end="")',
      'f(x=1, *a, x=2)',
      'f(a=1, **k, a=2)',
      'f(a=1)(b=2, b=3)',
      'f(a=1, b)',
      'f(a=1, (b))',
      'f(*k, a=1, b)',
      'f(**k, b)',
      'f(a=1, **k, b)',
      'f(**k, *b)',
      'f(*a, **k, *b)',
      'f(b=2, a:=1)',
      'f(1, x for x in y)',
      'f(x for x in y, )',
      'f(x for a, b in c, d)',
      'f(x for a in c if d, e)',
      'sum(a == b for a, b in zip(x, y))',
      'f(x for a, b in c for d, e in g if d)',
      'f(x async for a, b in c)',
      'class A(metaclass=M, B): pass',
      'f(*a, b)',
      'f(a=1, *b)',
      'f(**k, a=1)',
      'f(a=1, **k, b=2)',
      'f(*a, *b, **c, **d)',
      'f(b, a=1, *c, d=2, **e)',
      'f(a:=1, b=2)',
      'f(a:=1, a:=2)',
      'f(x for x in y)',
      'f(x=1 for x in y)',
      'f(x = (1 for x in y))',
      'f(y := 1 for x in z)',
      'f(x for x in y if z == 1)',
      'f((x for x in y), 1)',
      'f(x for x in (1, 2))',
      'class A(B, metaclass=M): pass',
      'f(g(a=1), a=2)',
      'f(\n    a=1,  # a comment\n    b=2,\n)',
      'f(b=0, a= # c\n  1)',
      'f(b=0, * # c\n  a)',
      'f(**k, ** # c\n  a)',
      'f(b=0, a # c\n  =1)',
      'h(type=  # c\n 1, x)',
      'f(a=1, await=2)',
      "f(ur'K', re.U)",
      `f(${Array.from({ length: 40 }, (_, index) => `k${index}=${index}`).join(', ')})`,
      `f(${Array.from({ length: 40 }, (_, index) => `k${index % 39}=${index}`).join(', ')})`,
    ];

    it('reports ML000 exactly where python3 refuses to compile the call', () => {
      const results = judged(calls.map((call) => `${call}\n`));
      assert.ok(results.some((r) => r.valid) && results.some((r) => !r.valid));
      for (const { text, valid, errors } of results) {
        assert.strictEqual(errors.length, valid ? 0 : 1, `${text}: ${JSON.stringify(errors)}`);
      }
    });

    it('names the problem and points at the argument', () => {
      const text = 'import sklearn\nmodel.fit(X, y, sample_weight=w, sample_weight=v)\n';
      const error = only(analyzeSource(text), 'ML000');
      assert.match(error.message, /keyword argument `sample_weight` is repeated/);
      assert.deepStrictEqual(error.span, {
        start: { line: 1, column: 33 },
        end: { line: 1, column: 48 },
      });
      const generator = only(analyzeSource('f(1, x for x in y)\n'), 'ML000');
      assert.match(generator.message, /generator expression among other arguments/);
      assert.deepStrictEqual(generator.span, {
        start: { line: 0, column: 5 },
        end: { line: 0, column: 17 },
      });
      const positional = only(analyzeSource('split(X, test_size=0.2, 42)\n'), 'ML000');
      assert.match(positional.message, /positional argument follows a keyword argument/);
      assert.strictEqual(positional.span.start.column, 24);
    });

    it('keeps finding them in segments an editor parse reuses, at their new place', () => {
      const filler = Array.from({ length: 600 }, (_, index) => `value_${index} = ${index}`);
      const bad = 'model.fit(X, y, sample_weight=w, sample_weight=v)';
      const parser = new IncrementalParser();
      let text = [...filler, bad, ...filler].join('\n');
      for (let version = 0; version < 4; version++) {
        text = `extra_${version} = 1\n${text}`;
        const syntaxErrors = (findings: Finding[]) => findings.filter((f) => f.code === 'ML000');
        const errors = syntaxErrors(lintSource(text, {}, parser));
        assert.deepStrictEqual(errors, syntaxErrors(lintSource(text)));
        assert.strictEqual(errors.length, 1);
        assert.strictEqual(errors[0].span.start.line, filler.length + version + 1);
      }
      assert.ok(new FlatTree(parser.parse(text)).spliced.length > 0, 'no segment was reused');

      text = text.replace('sample_weight=v', 'weights=v');
      assert.strictEqual(count(lintSource(text, {}, parser), 'ML000'), 0);
    });

    it('counts neither comments nor assignment expressions as keyword arguments', () => {
      const unseeded = 'import numpy as np\nrng = np.random.default_rng(  # seeded later\n)\n';
      assert.strictEqual(count(analyzeSource(unseeded), 'ML007'), 1);
      const walrus = 'from sklearn.model_selection import train_test_split\n' +
        'parts = train_test_split(X, y, random_state := 0)\n';
      assert.strictEqual(count(analyzeSource(walrus), 'ML007'), 1);
    });

    for (const [condition, checksGood] of [
      ['is_valid(payload)', true],
      ['isinstance(payload, dict) and "features" in payload', true],
      ['("features" in payload)', true],
      ['len(payload["features"]) == 4', true],
      ['len(payload["features"]) > 0', true],
      ['payload is not None and "features" in payload', true],
      ['not is_valid(payload)', false],
      ['"features" not in payload', false],
      ['payload is None or len(payload["features"]) != 4', false],
    ] as const) {
      const where = checksGood ? 'after it' : 'in its block';
      it(`ML001 on a predict ${where} with \`if ${condition}: return ...predict\``, () => {
        const text = [
          'import json',
          'import joblib',
          'model = joblib.load("model.joblib")',
          'def handler(event, context):',
          '    payload = json.loads(event["body"])',
          `    if ${condition}:`,
          '        return model.predict([payload["features"]])',
          '    return model.predict([payload["features"]])',
          '',
        ].join('\n');
        const lines = analyzeSource(text)
          .filter((finding) => finding.code === 'ML001')
          .map((finding) => finding.span.start.line + 1);
        // A check's block predicts on validated input, the code after it on unchecked input;
        // a guard's block handles bad input, the code after it good input.
        assert.deepStrictEqual(lines, checksGood ? [8] : [7]);
      });
    }

    for (const [condition, leave] of [
      ['np.isnan(x).any()', 'return {"error": "nan"}, 400'],
      ['problems', 'return {"error": problems}, 400'],
      ['isinstance(x, str)', 'raise TypeError("expected numbers")'],
      ['len(x) == 0', 'return {"error": "empty"}, 400'],
      ['None in x', 'raise ValueError("missing values")'],
      ['len(x) != 4', 'abort(400)'],
      ['x is None', 'flask.abort(400, "no input")'],
      ['x is None', 'sys.exit(1)'],
    ]) {
      it(`ML001 after \`if ${condition}: ${leave.split(/[ (]/)[0]}\`: validated`, () => {
        const text = [
          'import joblib',
          'import numpy as np',
          'from flask import request',
          'model = joblib.load("model.joblib")',
          'def predict():',
          '    x = np.array(request.get_json()["x"])',
          '    problems = find_problems(x)',
          `    if ${condition}:`,
          `        ${leave}`,
          '    return {"y": model.predict([x]).tolist()}',
          '',
        ].join('\n');
        assert.deepStrictEqual(
          analyzeSource(text).filter((finding) => finding.code === 'ML001'),
          [],
        );
      });
    }

    it('ML001: a guard that skips a row with continue validates the rest of the loop', () => {
      const text = [
        'import joblib',
        'from flask import request',
        'model = joblib.load("model.joblib")',
        'def predict():',
        '    out = []',
        '    for row in request.get_json()["rows"]:',
        '        if len(row) != 4:',
        '            continue',
        '        out.append(model.predict([row]).tolist())',
        '    return {"y": out}',
        '',
      ].join('\n');
      assert.deepStrictEqual(analyzeSource(text), []);
    });

    describe('ML001 guards and checks', () => {
      const flagged = (body: string[]): number[] => {
        const text = [
          'import joblib',
          'from flask import abort, request',
          'model = joblib.load("model.joblib")',
          'def route():',
          '    p = request.get_json()',
          ...body.map((line) => `    ${line}`),
          '',
        ].join('\n');
        return analyzeSource(text)
          .filter((finding) => finding.code === 'ML001')
          .map((finding) => finding.span.start.line - 4);
      };

      it('validate with a validating call in a guard\'s condition', () => {
        assert.deepStrictEqual(
          flagged(['if not validate_payload(p):', '    abort(400)', 'return model.predict(p)']),
          [],
        );
      });

      it('take only abort(), flask.abort() and exits as never coming back', () => {
        const after = ['return model.predict(p)'];
        assert.deepStrictEqual(flagged(['if p is None:', '    upload.abort()', ...after]), [3]);
      });

      it('validate in a check\'s block, wherever in it the prediction is', () => {
        const lines = [
          'if valid(p):',
          '    try:',
          '        return model.predict(p)',
          '    except ValueError:',
          '        abort(500)',
          'result = model.predict(p)',
        ];
        assert.deepStrictEqual(flagged(lines), [6]);
        assert.deepStrictEqual(flagged(['if valid(p):', '    result = model.predict(p)']), []);
      });

      it('validate nothing after checks of an elif chain that each predict', () => {
        const lines = [
          'if valid_a(p):',
          '    return model.predict(p["a"])',
          'elif valid_b(p):',
          '    return model.predict(p["b"])',
          'return model.predict(p["c"])',
        ];
        assert.deepStrictEqual(flagged(lines), [5]);
      });

      it('take a special case that returns an answer for no guard', () => {
        for (const check of [
          ['if p["id"] in cache:', '    return cache[p["id"]]'],
          ['if p.get("mode") == "health":', '    return "ok"'],
          ['if p.get("dry_run"):', '    return {"ok": True}'],
        ]) {
          assert.deepStrictEqual(flagged([...check, 'return model.predict(p)']), [3], check[0]);
        }
        const rejected = ['if p.get("dry_run"):', '    return {"error": "no dry runs"}, 400'];
        assert.deepStrictEqual(flagged([...rejected, 'return model.predict(p)']), []);
      });

      it('offer a guard for the payload, not for a keyword argument\'s name', () => {
        const text = [
          'import joblib',
          'from flask import request',
          'model = joblib.load("model.joblib")',
          'data = request.get_json()',
          'def route():',
          '    p = request.get_json()',
          '    return model.predict(prepare(data=p))',
          '',
        ].join('\n');
        const [found] = analyzeSource(text).filter((finding) => finding.code === 'ML001');
        assert.deepEqual(
          found.fixes.map((fix) => fix.title),
          ['Insert a validation guard for `p`'],
        );
      });

      it('validate the branch of a conditional expression that its check lets through', () => {
        assert.deepStrictEqual(flagged(['return model.predict(p) if valid(p) else None']), []);
        assert.deepStrictEqual(flagged(['return None if not valid(p) else model.predict(p)']), []);
        assert.deepStrictEqual(
          flagged(['y = model.predict(p) if "x" in p else None', 'return model.predict(p)']),
          [2],
        );
        assert.deepStrictEqual(flagged(['return model.predict(p) if ready else None']), [1]);
        assert.deepStrictEqual(flagged(['return None if valid(p) else model.predict(p)']), [1]);
      });

      it('validate after a check whose else turns the input away', () => {
        const lines = ['if "x" in p:', '    pass', 'else:', '    return "bad", 400'];
        assert.deepStrictEqual(flagged([...lines, 'return model.predict(p)']), []);
      });

      it('validate with a guard on a validating call\'s stored result', () => {
        for (const lines of [
          ['ok = validate_payload(p)', 'if not ok:', '    abort(400)'],
          ['ok, errors = validate_payload(p)', 'if not ok:', '    return {"errors": errors}, 422'],
          ['errors = schema.validate(p)', 'if errors:', '    return {"errors": errors}, 400'],
        ]) {
          assert.deepStrictEqual(flagged([...lines, 'return model.predict(p)']), [], lines[0]);
        }
      });

      it('validate for the rest of a loop body only, after a guard that skips', () => {
        const lines = [
          'for row in p["rows"]:',
          '    if row is None or len(row) != 4:',
          '        continue',
          '    model.predict([row])',
          'model.predict(p["rows"])',
        ];
        assert.deepStrictEqual(flagged(lines), [5]);
      });

      it('validate nothing with a loop skip on a check, such as a quit command', () => {
        const lines = [
          'while True:',
          '    line = input("> ")',
          '    if line == "quit":',
          '        break',
          '    model.predict([[float(v) for v in line.split(",")]])',
        ];
        assert.deepStrictEqual(flagged(lines), [5]);
        const keys = ['for key in p:', '    if key.startswith("_"):', '        continue'];
        assert.deepStrictEqual(flagged([...keys, 'model.predict(p)']), [4]);
      });
    });

    it('binds the name of an assignment expression, in a test or an argument', () => {
      const text = [
        'import joblib',
        'from flask import request',
        'model = joblib.load("model.joblib")',
        'payload = request.get_json()',
        'if (rows := payload.get("rows")):',
        '    model.predict(rows)',
        'print(len(features := payload["features"]))',
        'model.predict(features)',
        '',
      ].join('\n');
      const lines = analyzeSource(text)
        .filter((finding) => finding.code === 'ML001')
        .map((finding) => finding.span.start.line);
      assert.deepStrictEqual(lines, [5, 7]);
    });

    it('finds them in notebook cells and inside functions that are never called', () => {
      const cells: NotebookCell[] = [
        { kind: 'code', source: 'x = 1' },
        { kind: 'code', source: 'def unused():\n    return f(**k, *b)\n' },
      ];
      const error = only(analyzeNotebook(cells), 'ML000');
      assert.strictEqual(error.cell, 1);
      assert.match(error.message, /`\*` unpacking follows `\*\*` unpacking/);
    });
  });

  describe('line breaks', () => {
    const lines = ['import numpy as np', 'x = 1', 'y = np.random.rand(3)', ''];
    const positions = (findings: Finding[]) =>
      findings
        .filter((f) => f.code === 'ML007')
        .map((f) => [f.span.start.line, f.span.start.column]);

    it('end lines at \\n, \\r\\n and a lone \\r alike, as editors do', () => {
      for (const ending of ['\n', '\r\n', '\r']) {
        const text = lines.join(ending);
        assert.deepStrictEqual(positions(lintSource(text)), [[2, 4]], JSON.stringify(ending));
        assert.deepStrictEqual(positions(analyzeSource(text)), [[2, 4]], JSON.stringify(ending));
        const cell = ['%matplotlib inline', ...lines].join(ending);
        const cells: NotebookCell[] = [{ kind: 'code', source: cell }];
        assert.deepStrictEqual(positions(lintNotebook(cells)), [[3, 4]], JSON.stringify(ending));
        assert.deepStrictEqual(positions(analyzeNotebook(cells)), [[3, 4]], JSON.stringify(ending));
      }
    });

    it('find in a CRLF copy of every fixture and lesson what they find in the original', () => {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(file);
          else if (file.endsWith('.py')) files.push(file);
        }
      };
      walk(path.join(repoRoot(), 'test/fixtures'));
      walk(path.join(repoRoot(), 'lessons'));
      assert.ok(files.length > 50, 'the fixtures were found');
      // A syntax error at a line's end may cover the `\r`, which editors do not show.
      const placed = (findings: Finding[]) =>
        findings.map((f) => `${f.code} ${JSON.stringify(f.span.start)} ${f.fixes.length}`);
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
        const crlf = text.replace(/\n/g, '\r\n');
        assert.deepStrictEqual(placed(lintSource(crlf)), placed(lintSource(text)), file);
      }
    });

    it('keep a line continuation before \\r\\n, only after an odd number of backslashes', () => {
      const texts = [
        'import numpy as np\r\ntotal = 1 + \\\r\n    2\r\nx = np.random.rand(total)\r\n',
        'import numpy as np\r\nname = "a\\\r\nb"\r\nx = np.random.rand(3)\r\n',
        'import numpy as np\r\nname = \'\'\'a\\\\\r\nb\'\'\'\r\nx = np.random.rand(3)\r\n',
        'import numpy as np\r\ntotal = 1 + \\ \r\n    2\r\nx = np.random.rand(total)\r\n',
      ];
      const verdicts = compiles(texts);
      assert.deepStrictEqual(verdicts, [true, true, true, false]);
      texts.forEach((text, index) => {
        const findings = lintSource(text);
        assert.strictEqual(count(findings, 'ML000') === 0, verdicts[index], text);
        const line = text.split('\n').findIndex((l) => l.startsWith('x = '));
        if (verdicts[index]) assert.deepStrictEqual(positions(findings), [[line, 4]], text);
      });
      assert.strictEqual(withLineFeeds('a\\\r\nb\\\\\r\nc\r'), 'a \\\nb\\\\ \nc\n');
    });

    it('let an editor parse a CRLF document once for linting and for code actions', () => {
      const parser = new IncrementalParser();
      const text = lines.join('\r\n');
      lintSource(text, {}, parser);
      const tree = parser.parse(text);
      lintSource(text, {}, parser);
      assert.strictEqual(parser.parse(text), tree);
    });

    it('apply a directive on a line ended by a lone \\r to that line only', () => {
      const text = 'import numpy as np\rx = np.random.rand(3)  # ml-practice: ignore[ML007]\r' +
        'y = np.random.rand(3)\r';
      assert.deepStrictEqual(positions(lintSource(text)), [[2, 4]]);
    });
  });

  describe('valid Python that lezer reads with errors', () => {
    const texts = [
      '@buttons[0].on_click\ndef f():\n    pass\n\n\n@(lambda f: f)\n@a()()\nclass A:\n    pass\n',
      '@app.get("/").after\nasync def g():\n    pass\n',
      'for x in *a, *b:\n    pass\nfor y in c, *d,:\n    pass\n',
      'X_scaled = X / 255.\n',
      'values = [1., 2.5, 3.]\nf(1., y=2.)\nz = 1_000.\n',
      'tolerances = [1.e-05, 2.E+3, 1_0.e0_1, 3.j, 4.e5J]\n',
      'import math\n\f\ndef f():\n    return math.pi \f* 2\n',
      'class Store:\n    def open(self, path):\n        with open(path) as self.file, ' +
        'open(path) as self.copy.file:\n            pass\n',
      'with connect(host,\n             port) as (reader, writer):\n    pass\n',
      'with (\n    open("a") as first,\n    open("b") as second,\n):\n    pass\n',
      'async def f():\n    async with (\n        lock() as held,\n        session() as s\n' +
        '    ):\n        pass\n',
      'with connect() as (\n    reader,\n    writer,\n):\n    pass\n',
      'names = [name for name, *_ in items]\nfirst = {k: v for *k, v in rows}\n',
      'def f():\n    x = (yield\n         a)\n    y = [(yield\n    ), 2]\n    z = yield\n' +
        '    w = (yield  # sent\n         b)\n    yield\n',
      'def g():\n    return {"k": (yield\n        value), "j": (yield\n)}\n',
      'def f(*args: *Ts, **k): pass\ndef g(*args:*tuple[int, ...]): pass\n',
      'f = lambda a, /: a\ng = lambda a, /, b,: 0\nh = lambda a, *, b,: 0\n' +
        'def k(self, *, key=lambda x, /: x):\n    pass\n',
      'def f(c):\n    if f("as (", c):\n        pass\n',
      'print = functools.partial(print, flush=True)\nprint, echo = echo, print\nprint += 1\n' +
        'print: int = 3\nprint;print\nprint[0] = 1\n',
      'print == 3 or print in y\nprint >> f, x\nprint * 2\nprint if a else b\nprint not in z\n',
      'print -x, y\nprint +1, 2\n',
      'label = f"{x:=^10}|{y:=10}|{z!r:=>8}"\n',
      'x[*a]\nx[*a, b] = 1\nT = Tuple[*Ts]\ny = [*a][*b,]\nz = x[1:2, ::3, a:b:c, :]\n',
      'with x as [a, b]:\n    pass\nwith f() as [\n    c,\n]:\n    pass\n',
      'with (x) as w, f(p):\n    pass\n',
      'with open(\n    path,\n) as store.file:\n    pass\n',
      'with f() as (a, (b, *c)):\n    pass\nwith g() as self.a[0].b, h() as ():\n    pass\n',
      'é1 = 3\nx = é1. real\n',
      'x = 1. +\n',
      'x = 1.2.3\n',
      'with (\n    open("a") as first\n) as second:\n    pass\n',
      'x = 1.0.\n',
      'x = 1_.\n',
      'x = é1.\n',
      'try:\n    pass\nexcept E as e.f:\n    pass\n',
      'match x:\n    case 1 as (y):\n        pass\n',
      'y = [a for *a, *b in x]\n',
      'y = [a for *a in x]\n',
      'y = [a for a, *f() in x]\n',
      'with ((a as b)):\n    pass\n',
      'for x in *a:\n    pass\n',
    ];

    it('reads a bare yield ending its line as Python does: alone in parentheses only', () => {
      assertCasesPlacedAsPython([
        ['def f():\n    x = [yield\n    ]\n', /unexpected `yield`/],
        ['def f():\n    x = (yield\n    , 2)\n', /unexpected `,`/],
      ]);
      const valid = ['def f():\n    x = (yield\n    )\n    y = (yield  # sent\n    )\n'];
      for (const { text, valid: compiled, errors } of judged(valid)) {
        assert.ok(compiled, text);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('reports ML000 exactly where python3 refuses to compile it', () => {
      const results = judged(texts);
      const validCount = texts.length - 13;
      assert.deepStrictEqual(results.map((r) => r.valid), texts.map((_, i) => i < validCount));
      for (const { text, valid, errors } of results) {
        assert.strictEqual(errors.length > 0, !valid, `${text}: ${JSON.stringify(errors)}`);
      }
    });
  });

  describe("what the grammar accepts from older Python or reads too loosely", () => {
    it('reports each at the line and column python3 reports', () => {
      const cases: [string, RegExp][] = [
        ['x = a<>b\n', /`<>` is Python 2's not-equal/],
        ['if a:\n    pass\nelif:\n    pass\n', /`elif` needs a condition/],
        ['try:\n    pass\nexcept E, e:\n    pass\n', /several exception types go in paren/],
        ['try:\n    pass\nexcept* E:\n    pass\nexcept F:\n    pass\n', /both `except` and/],
        ['try:\n    pass\nexcept*:\n    pass\n', /`except\*` needs the exception types/],
        ['raise E, "msg"\n', /raises an exception object/],
        ['raise E, v, tb\n', /raises an exception object/],
        ['a: int = b = 1\n', /an annotated assignment has one target/],
        ['x = 1__0\n', /invalid decimal literal/],
        ['x = 1_\n', /invalid decimal literal/],
        ['x = 1.5_\n', /invalid decimal literal/],
        ['x = 1_e5\n', /invalid decimal literal/],
        ['x = 0xf__f\n', /invalid hexadecimal literal/],
        ['x = 0b1_\n', /invalid binary literal/],
        ['f = lambda ,: 1\n', /unexpected `,`/],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('reports parameters out of order at the parameter python3 names', () => {
      const cases: [string, RegExp][] = [
        ['def f(*, **k):\n    pass\n', /a bare `\*` must be followed/],
        ['def f(a, *):\n    pass\n', /a bare `\*` must be followed/],
        ['def f(**k, a):\n    pass\n', /no parameter can follow the `\*\*` one/],
        ['def f(a, a):\n    pass\n', /the parameter `a` is named twice/],
        ['def f(a, *a):\n    pass\n', /the parameter `a` is named twice/],
        ['def f(/, a):\n    pass\n', /at least one parameter must come before `\/`/],
        ['def f(a, /, b, /):\n    pass\n', /`\/` may appear only once/],
        ['def f(a, *, b, /):\n    pass\n', /`\/` must come before `\*`/],
        ['def f(*a, *b):\n    pass\n', /`\*` may appear only once/],
        ['def f(a=1, /, b):\n    pass\n', /without a default follows one with a default/],
        ['def f(**a, /): pass\n', /no parameter can follow the `\*\*` one/],
        // Order first, then names given twice, positional, keyword-only, `*` and `**` in turn.
        ['def f(b, b, *a,\n  /, c):\n    pass\n', /`\/` must come before `\*`/],
        ['def f(x,\n  **x,\n  b=1):\n    pass\n', /no parameter can follow the `\*\*` one/],
        ['def f(c=1, c=2,\n  b):\n    pass\n', /without a default follows one with a default/],
        ['def f(*x, \\\n  y=1, x=2):\n    pass\n', /the parameter `x` is named twice/],
        ['def f(*a, b, a):\n    pass\n', /the parameter `a` is named twice/],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('reports compile-time errors of where code stands, where python3 does', () => {
      const cases: [string, RegExp][] = [
        ['yield 1\n', /`yield` outside a function/],
        ['yield\n', /`yield` outside a function/],
        ['x = yield\n', /`yield` outside a function/],
        ['class C:\n    y = (yield)\n', /`yield` outside a function/],
        ['@(yield)\ndef f(): pass\n', /`yield` outside a function/],
        ['def f(a=(yield 1)): pass\n', /`yield` outside a function/],
        ['async def f(a=await x): pass\n', /`await` outside a function/],
        ['class C:\n    y = (yield 1)\n', /`yield` outside a function/],
        ['async def f():\n    yield from x\n', /`yield from` inside an `async def`/],
        ['await x\n', /`await` outside a function/],
        ['class C:\n    await x\n', /`await` outside a function/],
        ['async def f():\n    class C:\n        await x\n', /`await` outside a function/],
        ['def f():\n    await x\n', /`await` inside a function that is not asynchronous/],
        ['async def f():\n    g = lambda: await x\n', /not asynchronous/],
        ['async def f():\n    def g():\n        await x\n', /not asynchronous/],
        ['x = [y async for y in z]\n', /an asynchronous comprehension outside/],
        ['def f():\n    return {y async for y in z}\n', /an asynchronous comprehension outside/],
        ['nonlocal x\n', /`nonlocal` at module level/],
        ['def f():\n    from os import *\n', /`import \*` is allowed only at module level/],
        ['class C:\n    from os import *\n', /`import \*` is allowed only at module level/],
        ['async for x in y:\n    pass\n', /`async for` outside an `async def`/],
        ['def f():\n    async with a as b:\n        pass\n', /`async with` outside an `async def`/],
        ['async def f():\n    class C:\n        async for x in y: pass\n', /`async for` outside/],
        ['async def f():\n    def g():\n        async with a:\n            pass\n', /`async with`/],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('finds nothing in `await` in a generator that is a call\'s only argument', () => {
      // Such a generator is asynchronous, which Python allows in any scope.
      const texts = [
        'f(await x for x in y)\n',
        'def g():\n    f(await x for x in y)\n    h(x for x in y if await z)\n',
        'class C:\n    f(await x for x in y)\n',
        'async def g():\n    f([x async for x in y] for z in w)\n',
      ];
      for (const { text, valid, errors } of judged(texts)) {
        assert.ok(valid, `python3 compiles ${text}`);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('reports `global` and `nonlocal` after what they declare was used, where python3 does', () => {
      const before = /is used or assigned in this scope before `(global|nonlocal) x`/;
      const cases: [string, RegExp][] = [
        ['def f():\n    print(x)\n    global x\n', before],
        ['def f():\n    x = 1\n    global x\n', before],
        ['def f():\n    if a:\n        x = 1\n    else:\n        global x\n', before],
        ['def g():\n    x = 1\n    def f():\n        print(x)\n        nonlocal x\n', before],
        ['def f():\n    def g(a=x): pass\n    global x\n', before],
        ['def f():\n    h = lambda a=x: a\n    global x\n', before],
        ['def f():\n    [1 for _ in x]\n    global x\n', before],
        ['def f():\n    @x\n    def g(): pass\n    global x\n', before],
        ['def f():\n    print(f"{x}")\n    global x\n', before],
        ['def f():\n    match v:\n        case [x]: pass\n    global x\n', before],
        ['class C:\n    x = 1\n    global x\n', before],
        ['def f():\n    global x\n    x = 1\n    global x\n', before],
        ['def f(x):\n    global x\n', /`x` is a parameter of this function/],
        ['def f(a, *, x=1):\n    nonlocal x\n', /`x` is a parameter of this function/],
        ['def f():\n    x: int\n    global x\n', /`x` is annotated in this scope/],
        ['def f():\n    global x, y\n    y: int = 1\n', /`y` is annotated in this scope/],
        ['def f():\n    sum(a for a in x)\n    global x\n', before],
        ['def f():\n    \uff58 = 1\n    global x\n', before],
        ['def f(\uff58):\n    global x\n', /`x` is a parameter of this function/],
        ['def f():\n    (x): int = 1\n    global x\n', before],
        ['def f():\n    (x.a): int\n    global x\n', before],
        ['x = 1\nglobal x\n', before],
        ['print(x)\nglobal x\n', before],
        ['for x in y: pass\nglobal x\n', before],
        ['x: int\nglobal x\n', /`x` is annotated in this scope/],
        // The whole module is one scope, however it was cut into segments.
        [`print(x)\n${'a = 1\n'.repeat(400)}global x\n`, before],
        ['def g():\n    x = 1\n    def f():\n        global x\n        nonlocal x\n', /declared both/],
        ['def g():\n    x = 1\n    def f():\n        nonlocal x\n        global x\n', /declared both/],
        // `:=` in a comprehension binds in the scope around it.
        ['def f():\n    [x := 1 for _ in ()]\n    global x\n', before],
        ['def g():\n    x = 0\n    def f():\n        any((x := v) for v in w)\n        nonlocal x\n', before],
        ['def f():\n    [[x := 1 for _ in a] for b in c]\n    global x\n', before],
        // A use between the two declarations is what Python reports, and all it reports.
        ['def g():\n    x = 1\n    def f():\n        global x\n        print(x)\n        nonlocal x\n', before],
        // Annotations count as uses unless `from __future__ import annotations` defers them.
        ['def f():\n    y: x = 1\n    global x\n', before],
        ['def f():\n    def g(a: x) -> int: pass\n    global x\n', before],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('reports a `:=` Python refuses for the comprehensions around it, where python3 does', () => {
      const iterable = /`:=` in the iterable of a comprehension \(after `in`\)/;
      const rebinds = (name: string): RegExp =>
        new RegExp(`\`:=\` cannot assign \`${name}\`, a loop variable of the comprehension`);
      const inClass = /`:=` in a comprehension in a class body, outside its methods/;
      const innerLoop = /this loop assigns `j`, which a `:=` before it in the same comprehension/;
      const cases: [string, RegExp][] = [
        ['[x for x in (y := [1])]\n', iterable],
        ['[j for i in x for j in (k := i)]\n', iterable],
        ['[x for x in [y for y in (z := w)]]\n', iterable],
        ['[x for x in [(z := 1) for y in w]]\n', iterable],
        ['[x for x in (lambda: (y := 1))()]\n', iterable],
        ['class C:\n    y = [x for x in (z := 1)]\n', iterable],
        ['[i := 0 for i in x]\n', rebinds('i')],
        ['(i := 1 for i in x)\n', rebinds('i')],
        ['{(k := 1): v for k, v in w}\n', rebinds('k')],
        ['[x for i, (j, *k) in z if (k := 1)]\n', rebinds('k')],
        ['[x for x in y if (x := 1)]\n', rebinds('x')],
        ['[(j := 1) for a in b for j in c]\n', rebinds('j')],
        ['[[j := 0 for k in z] for j in x]\n', rebinds('j')],
        ['[f"{(i := 1)}" for i in x]\n', rebinds('i')],
        ['class C:\n    y = [(x := 1) for _ in ()]\n', inClass],
        ['def f():\n    class C:\n        y = [(x := 1) for _ in ()]\n', inClass],
        ['class C:\n    z = [[(w := 1) for x in [1]] for _ in ()]\n', inClass],
        ['class C:\n    y = [lambda a=(x := 1): a for _ in ()]\n', inClass],
        // A loop variable of the comprehension comes before the class.
        ['class C:\n    y = [(x := 1) for x in ()]\n', rebinds('x')],
        // Defaults, annotations and lambda defaults of a method are read in the class body.
        ['class C:\n    def m(self, a=[(y := 1) for x in r]): pass\n', inClass],
        ['class C:\n    def m(self) -> [(y := 1) for x in r]: pass\n', inClass],
        ['class C:\n    m = lambda self, a=[(y := 1) for x in r]: a\n', inClass],
        // Names are compared as Python normalises them, loop variables as a class mangles them.
        ['[(\ufb01 := 1) for fi in r]\n', /`:=` cannot assign `fi`/],
        ['class C:\n    def m(self):\n        [(_C__x := 1) for __x in r]\n', /`_C__x`/],
        // A generator that is a call's only argument, and `:=` a call's brackets hold alone.
        ['f(x for x in (y := r))\n', iterable],
        ['f((x := 1) for x in r)\n', rebinds('x')],
        ['f(x := 1 for x in r)\n', rebinds('x')],
        ['[x for x in r if any((q := 1) for q in s)]\n', rebinds('q')],
        ['class C:\n    f(x for x in r if (y := 1))\n', inClass],
        ['[x for x in range(y := 3)]\n', iterable],
        ['[x for x in r if f(x := 1)]\n', rebinds('x')],
        ['class C:\n    [x for x in r if f(y := 1)]\n', inClass],
        ['[x for a in b if (j := 1) for j in c]\n', innerLoop],
        ['[x for a in b if (j := 1) for k in c for (m, j) in d]\n', innerLoop],
        ['def f():\n    global j\n    return [x for a in b if (j := 1) for j in c]\n', innerLoop],
        ['class C:\n    def m(self):\n        [a for a in b if (__x := 1) for __x in c]\n',
          /this loop assigns `__x`/],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('finds nothing in a `:=` in a comprehension that python3 compiles', () => {
      const texts = [
        '[x for _ in y if (x := 1)]\n',
        '[(y := 1) for x in z if x]\n',
        '[(lambda: (i := 1)) for i in x]\n',
        '[a for a in b if (c := a) for d in e if (a2 := d)]\n',
        '[x for a in b if [(j := 1) for q in r] for j in c]\n',
        'f(y := 1)\nclass C:\n    f(x for x in r)\n    g(a, y := 1)\n',
        '[x for x in r if f(x=1)]\nclass C:\n    [x for x in r if f(y=1)]\n',
        // A class's bases and keywords are read in the scope around it.
        'class D([(y := 1) for x in r]): pass\n',
        'def f():\n    class D(metaclass=[(y := 1) for x in r][0], **{k: (z := 1) for k in r}):\n' +
          '        pass\n',
        // Python compares the name as written with the loop variable as mangled.
        'class C:\n    def m(self):\n        [(__x := 1) for __x in r]\n',
        'class C:\n    y = [lambda: (x := 1) for _ in ()]\n',
        'class C:\n    def f(self):\n        return [(x := 1) for _ in ()]\n',
        'class C:\n    y = (x := [1])\n    z = [v for v in x]\n',
        '[x for x in y]\nz = (x := 1)\n',
      ];
      for (const { text, valid, errors } of judged(texts)) {
        assert.ok(valid, `python3 compiles ${text}`);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('reports a `nonlocal` that no function around it binds, where python3 does', () => {
      const none = /`nonlocal x` refers to a name of a function around this one, and there is/;
      const unbound = (name: string): RegExp =>
        new RegExp(`no function around this one binds \`${name}\`, so \`nonlocal ${name}\``);
      const cases: [string, RegExp][] = [
        ['def f():\n    nonlocal x\n', none],
        ['x = 1\ndef f():\n    nonlocal x\n', none],
        ['class C:\n    nonlocal x\n', none],
        ['class C:\n    x = 1\n    def f(self):\n        nonlocal x\n', none],
        ['def o():\n    print(x)\n    def f():\n        nonlocal x\n', unbound('x')],
        ['def o():\n    a[0] = 1\n    a.b = 2\n    def f():\n        nonlocal b\n', unbound('b')],
        ['def o():\n    global x\n    x = 1\n    def f():\n        nonlocal x\n', unbound('x')],
        ['def o():\n    x = 1\n    def m():\n        global x\n        def f():\n' +
          '            nonlocal x\n', unbound('x')],
        ['def o():\n    def m():\n        x = 1\n    def f():\n        nonlocal x\n', unbound('x')],
        ['def o():\n    [y for y in z]\n    lambda w: w\n    def f():\n        nonlocal y\n',
          unbound('y')],
        ['def o():\n    x = 1\n    def f():\n        nonlocal x, y\n', unbound('y')],
        ['def f():\n    nonlocal __class__\n', /`nonlocal __class__` refers to a name/],
        // Neither a name in brackets annotated without a value nor the wildcard `_` is bound.
        ['def o():\n    (x): int\n    def f():\n        nonlocal x\n', unbound('x')],
        ['def o(v):\n    match v:\n        case [*_] | _:\n            pass\n    def f():\n' +
          '        nonlocal _\n', unbound('_')],
        // In a class, Python looks for `_C__x`, which `__x` in the function around it is not.
        ['def o():\n    __x = 1\n    class C:\n        def m(self):\n            nonlocal __x\n',
          unbound('__x')],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('passes over a `nonlocal` or `:=` on a line of IPython syntax, compiled when it runs', () => {
      const cell = (source: string): NotebookCell => ({ kind: 'code', source });
      const errors = (source: string): Finding[] =>
        lintNotebook([cell(source)]).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(errors('def f():\n    def g():\n        %time nonlocal x\n'), []);
      assert.deepStrictEqual(errors('x = 1\n%time [(x := 1) for x in r]\n'), []);
      // The same code on a line of Python's own syntax is reported.
      assert.equal(errors('def f():\n    def g():\n        nonlocal x\n').length, 1);
      assert.equal(errors('x = 1\n[(x := 1) for x in r]\n').length, 1);
    });

    it('reports a name declared both ways as that, not as a `nonlocal` with no binding', () => {
      const cases: [string, RegExp][] = [
        ['def f():\n    nonlocal x\n    global x\n', /declared both/],
        ['def f():\n    global x\n    nonlocal x\n', /declared both/],
      ];
      assertCasesPlacedAsPython(cases);
      for (const [text] of cases) assert.equal(count(analyzeSource(text), 'ML000'), 1, text);
    });

    it('reports a `nonlocal` with no binding beside what Python reports before it', () => {
      // Python reads every scope before it looks for what `nonlocal` names, so it reports the
      // first problem; the second is still there once the first is fixed.
      const text = 'def o():\n    def f():\n        print(x)\n        nonlocal x\n' +
        '        nonlocal y\n';
      const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
      assert.deepEqual(
        errors.map((error) => [error.span.start.line, error.message.slice(28, 80)]),
        [
          [3, '`x` is used or assigned in this scope before `nonloc'],
          [4, 'no function around this one binds `y`, so `nonlocal '],
        ],
      );
    });

    it('finds nothing in a `nonlocal` that a function around it binds, as python3 does', () => {
      const texts = [
        'def o():\n    import x\n    from m import y as z\n    def f():\n        nonlocal x, z\n',
        'def o():\n    x: int\n    del y\n    w += 1\n    def f():\n        nonlocal x, y, w\n',
        'def o(a, /, b, *c, d=1, **e):\n    def f():\n        nonlocal a, b, c, d, e\n',
        'def o():\n    for a, (b, *c) in d:\n        pass\n    def f():\n' +
          '        nonlocal a, b, c\n',
        'def o():\n    [e, *f] = (g,) = h = 1\n    (i): int = 2\n    def f():\n' +
          '        nonlocal e, f, g, h, i\n',
        'def o():\n    with p as q, r as s:\n        pass\n    try:\n        pass\n' +
          '    except E as e:\n        pass\n    def f():\n        nonlocal q, s, e\n',
        'def o():\n    match z:\n        case [a, *b] | {"k": a, **b} as c:\n            pass\n' +
          '        case P(x=d) if d:\n            pass\n' +
          '    def f():\n        nonlocal a, b, c, d\n',
        'def o():\n    [y := 1 for _ in ()]\n    def g(a=(x := 1)): pass\n    def f():\n' +
          '        nonlocal x, y\n',
        'def o():\n    @d\n    def g(): pass\n    class C: pass\n    def f():\n' +
          '        nonlocal g, C, f\n',
        'async def o():\n    async for a in b:\n        pass\n    async with c as d:\n' +
          '        pass\n    def f():\n        nonlocal a, d\n',
        'def o():\n    def f():\n        nonlocal x\n        x = 1\n    x = 2\n',
        'def o():\n    x = 1\n    class C:\n        def f(self):\n            nonlocal x\n',
        'def o():\n    x = 1\n    def m():\n        nonlocal x\n        def f():\n' +
          '            nonlocal x\n',
        'def o():\n    x = 1\n    class C:\n        global x\n        def f(self):\n' +
          '            nonlocal x\n',
        'def o():\n    class C(y := B):\n        pass\n    def f():\n        nonlocal y\n',
        'class C:\n    def f(self):\n        nonlocal __class__\n',
        'def o():\n    class C:\n        nonlocal __class__\n    __class__ = 1\n',
        'def o():\n    _C__x = 1\n    class C:\n        def m(self):\n            nonlocal __x\n',
        'class C:\n    def m(self):\n        def __x(): pass\n        def g():\n' +
          '            nonlocal _C__x, __x\n',
        // Python counts a form feed in the indentation as a new start of it.
        'def o():\n    x = 1\n\f    def f():\n        nonlocal x\n',
      ];
      for (const { text, valid, errors } of judged(texts)) {
        assert.ok(valid, `python3 compiles ${text}`);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('finds nothing in `global` and `nonlocal` statements python3 compiles', () => {
      const texts = [
        'def f():\n    g(x=1)\n    global x\n',
        'def f():\n    class C(x=M):\n        x = 1\n    global x\n',
        'def f():\n    def g(x=1): return x\n    h = lambda x: x\n    global x\n',
        'def f():\n    [x for _ in y]\n    {k: x for k in y}\n    global x\n',
        'def f():\n    [a for b in c if x]\n    (a for b in c for d in x)\n    global x\n',
        'def f():\n    match v:\n        case P(x=1): pass\n    global x\n',
        'def f():\n    from m import x as y\n    import z\n    global y, z\n',
        'def f():\n    global x\n    def g():\n        x: int = 1\n',
        'def f():\n    global x\n    global x\n    print(x)\n    x = 2\n',
        'def g():\n    def f():\n        nonlocal x\n    x = 1\n',
        'def g():\n    x = 1\n    class C:\n        nonlocal x\n        x = 2\n',
        'def f():\n    print(x for x in y)\n    sum(a for a in y if x)\n    global x\n',
        'def f():\n    @d(x for x in y)\n    def g(): pass\n    global x\n',
        'def f():\n    g(x  # why\n      =1)\n    global x\n',
        'def f():\n    match a:\n        case [*_]: pass\n        case C(_, y=_): pass\n    global _\n',
        'def f():\n    (x): int\n    ((y)): int  # why\n    global x, y\n',
        'global x\nx = 1\nprint(x)\nx: int = 2\n',
        'def f():\n    x = 1\nclass C:\n    x = 2\nglobal x\n',
        'import x\nfrom m import y\nglobal x, y\n',
        'g(x=1)\nglobal x\n',
        'def g():\n    x = 1\n    def f():\n        nonlocal x\n    def h():\n        global x\n',
        'from __future__ import annotations\ny: x = 1\nglobal x\n',
        'def f():\n    [lambda: (x := 1) for _ in ()]\n    [y for y in z]\n    global x, y\n',
        '[(x := 1) for y in z]\n{v: (w := 1) for v in z}\nif 0:\n    pass\nelse:\n    global x, w\n',
        '"Doc."\nfrom __future__ import (division, annotations as a)\ndef f(p: x) -> x:\n' +
          '    y: x[1] = 1\n    def g(a: x) -> x: pass\n    global x\n',
      ];
      for (const { text, valid, errors } of judged(texts)) {
        assert.ok(valid, `python3 compiles ${text}`);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('reports `from __future__` imports python3 refuses, where it does', () => {
      const late = /`from __future__` imports must come first in the file/;
      const cases: [string, RegExp][] = [
        ['import os\nfrom __future__ import annotations\n', late],
        ['"""Doc."""\n"""More."""\nfrom __future__ import annotations\n', late],
        ['b"""Doc."""\nfrom __future__ import annotations\n', late],
        ['f"""Doc."""\nfrom __future__ import annotations\n', late],
        ['"Doc, " f"{1}"\nfrom __future__ import annotations\n', late],
        ['from __future__ import annotations; import os\nfrom __future__ import division\n', late],
        ['import __future__\nfrom __future__ import annotations\n', late],
        ['def f():\n    from __future__ import annotations\n', late],
        ['from __future__ import annotations\nclass C:\n    from __future__ import division\n', late],
        ['import os\nfrom __future__ import nope\n', late],
        ['from __future__ import braces\n', /`from __future__ import braces` is a joke/],
        ['from .__future__ import braces\n', /`from __future__ import braces` is a joke/],
        ['from __future__ import *\n', /`from __future__ import \*` is not allowed/],
        ['from __future__ import annotations, nope\n', /`nope` is not a feature of `__future__`/],
        ['from __future__ import (division,\n    nope)\n', /`nope` is not a feature/],
        ['x = 1\nfrom __\uff46uture__ import annotations\n', late],
      ];
      assertCasesPlacedAsPython(cases);
    });

    it('reports a late `from __future__` import after others on its line at its own column', () => {
      const text = 'from __future__ import annotations; import os; from __future__ import division\n';
      const error = only(analyzeSource(text), 'ML000');
      assert.match(error.message, /must come first in the file/);
      assert.deepStrictEqual(error.span.start, { line: 0, column: text.lastIndexOf('from') });
    });

    it('reports a misplaced block rather than the compile-time error at its place', () => {
      const texts = ['x = 1\n    yield 2\n', 'x = 1\n    from __future__ import division\n'];
      assert.deepStrictEqual(assertReportedAsPython(texts, /unexpected indent/), [2, 2]);
    });

    it('finds nothing in `from __future__` imports python3 compiles', () => {
      const texts = [
        '"""Doc."""\nfrom __future__ import annotations\nfrom __future__ import division\n',
        '#!/usr/bin/env python3\n# A comment.\n\nfrom __future__ import annotations\nx = 1\n',
        '# A comment.\n"""Doc."""  # why\nfrom __future__ import annotations as a\n',
        '("""Doc.""")\nfrom __future__ import generator_stop\n',
        '"Doc, " "continued."\nfrom __future__ import (print_function,\n    division,)\n',
        'r"""Doc."""\nfrom __future__ import annotations; from __future__ import division\n',
        '"""Doc."""; from __future__ import annotations\nimport __future__\n',
        'from __future__ import nested_scopes, generators, with_statement\n',
        'from __future__ import absolute_import, unicode_literals, barry_as_FLUFL\n',
        'from __future__ import annotations\nimport os\nfrom __future__fake import x\n',
        'from __future__ import \uff41nnotations\n',
        'import os\nfrom __future__.sub import x\n',
      ];
      for (const { text, valid, errors } of judged(texts)) {
        assert.ok(valid, `python3 compiles ${text}`);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('judges a module-level `global` in a cell by the cell alone, IPython lines apart', () => {
      const cell = (source: string): NotebookCell => ({ kind: 'code', source, executionCount: null });
      const cells = [
        cell('x = 1\n'),
        cell('global x\n'),
        cell('%time y = 1\nglobal y\n'),
        cell('z = 1\n%time global z\n'),
        cell('from __future__ import annotations\nv: w = 1\nglobal w\n'),
        cell('u = 1\nglobal u\n'),
      ];
      const errors = analyzeNotebook(cells).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(errors.map((e) => [e.cell, e.span.start.line]), [[5, 1]]);
      assert.match(errors[0].message, /`u` is used or assigned in this scope before `global u`/);
    });

    it('takes each top-level statement of a cell alone in `from __future__` imports', () => {
      const cell = (source: string): NotebookCell => ({ kind: 'code', source, executionCount: null });
      // IPython compiles each top-level statement of a cell on its own.
      const cells = [
        cell('import os\n'),
        cell('from __future__ import annotations\nx = 1\n'),
        cell('x = 2\nfrom __future__ import division\nif x:\n    from __future__ import braces\n'),
        cell('%%time\nfrom __future__ import annotations\n'),
        cell('x = 3\n%time from __future__ import annotations\n'),
        cell('x = 4; from __future__ import nope\n'),
      ];
      const errors = analyzeNotebook(cells).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(errors.map((e) => [e.cell, e.span.start.line]), [[2, 3], [5, 0]]);
      assert.match(errors[0].message, /must come first/);
      assert.match(errors[1].message, /`nope` is not a feature/);
    });

    it('finds nothing in what python3 compiles', () => {
      const texts = [
        'a = f"{x:\\N{DIGIT ONE}}"\nb = f"{y:\\N{LEFT CURLY BRACKET}>{w}}" + f"{z:=10}"\n',
        'c = f"{x:\\t>9}" + f"{y:=10}"; d = f"{x:\\"}" + f\'{y:\\\'}\' + f"{z:=10}"\n',
        'x = a != b\nif a:\n    pass\nelif b:\n    pass\n',
        'try:\n    pass\nexcept (E, F) as e:\n    pass\nexcept G:\n    pass\n',
        'try:\n    pass\nexcept* E:\n    pass\nexcept* (F, G) as group:\n    pass\n',
        'raise E("msg") from cause\na: int = 1\nb = c = 1\n',
        'x = [0x_ff, 0b_1, 0o_7, 1_000.5_5e1_0, 1_0j, 0_0, 00_0, 0xf_f]\n',
        'def f(a, /, b=1, *c, d, e=2, **f):\n    pass\ndef g(a, /):\n    pass\n',
        'def h(a, *, b):\n    pass\n',
        'def i(\n    a=1,\n    # **z\n    **kwargs,\n):\n    pass\n',
        'def j(*, a,  # x/y\n):\n    pass\n',
        'from os import (path,)\nfrom os import *\n',
        'def f():\n    g = (await x for x in y)\n    return [x for x in (yield)]\n',
        'g = (await x for x in y)\nh = (x async for x in y)\n',
        'async def f():\n    return [await x for x in y], [x async for x in y]\n',
        'async def f():\n    return [[y async for y in z] for z in w]\n',
        'async def f():\n    async with a as b:\n        await b\n    yield 1\n',
        'async def f():\n    async for x in y:\n        async with x:\n            pass\n',
        'for x in y:\n    pass\nwith a as b:\n    pass\n',
        'class C:\n    def g(self):\n        yield 1\n    h = lambda self: (yield)\n',
        'def f():\n    def g():\n        nonlocal y\n    y = 1\n',
        'async def g():\n    def f(b: await y, a=await x) -> await z: pass\n',
        'async def g():\n    return lambda a=await x: a\n',
        'async def g():\n    class C(await x, metaclass=await y): pass\n',
        'def g():\n    class C((yield 1), x=(yield)): pass\n',
        'def g():\n    async def f(a=(yield from x)): pass\n    @(yield)\n    def h(): pass\n',
        'async def g():\n    def f(a=[x async for x in y]): pass\n',
        'x = None\nclass C:\n    y = None\n',
        "pattern = rf'([{quote}])(@\\{{[0-9a-f]*\\}})([{quote}])'\nz = 1\n",
        "text = f'\\{{{value}\\}}' + '\\{{'\n",
      ];
      for (const { text, valid, errors } of judged(texts)) {
        assert.ok(valid, `python3 compiles ${text}`);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('lets a notebook cell await and loop asynchronously at its top level', () => {
      const cells: NotebookCell[] = [
        {
          kind: 'code',
          source:
            'data = await fetch()\nrows = [r async for r in stream()]\n' +
            'async for row in stream():\n    print(row)\nasync with lock:\n    pass\n',
          executionCount: null,
        },
        { kind: 'code', source: 'class C:\n    x = await y\n', executionCount: null },
      ];
      const errors = analyzeNotebook(cells).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(errors.map((e) => [e.cell, e.span.start.line]), [[1, 1]]);
    });

    it('judges top-level await apart for a script and a cell that share a parse', () => {
      // Enough statements for several segments, whose flat copies later analyses reuse.
      const statements = Array.from({ length: 600 }, (_, i) => `value_${i} = ${i}\n`).join('');
      const text = `import asyncio\n${statements}rows = await asyncio.sleep(0, [1])\n`;
      const parser = new IncrementalParser();
      const cells: NotebookCell[] = [{ kind: 'code', source: text, executionCount: null }];
      const errors = (findings: Finding[]) => findings.filter((f) => f.code === 'ML000').length;
      assert.strictEqual(errors(lintNotebook(cells, {}, () => parser)), 0);
      assert.strictEqual(errors(lintNotebook(cells, {}, () => parser)), 0);
      assert.strictEqual(errors(lintSource(text, {}, parser)), 1);
      assert.strictEqual(errors(lintNotebook(cells, {}, () => parser)), 0);
    });

    it('reports no compile-time error in a text Python cannot parse', () => {
      const errors = analyzeSource('yield 1\nx = (\n').filter((f) => f.code === 'ML000');
      assert.deepStrictEqual(errors.map((e) => e.span.start.line), [1]);
    });
  });

  describe('errors lezer lets through', () => {
    const texts = [
      'x = "abc\ny = 1\n',
      "print('hi)\n",
      'x = ("abc\n, 1)\n',
      "path = r'C:\\'\n",
      'x = f"{y}\n',
      'x = b"abc" "def\n',
      'x = "abc\\\\"\n',
      "x = ''\n",
      'x = "a\\\nb"\n',
      's = \'\'\'a\nb\'\'\'\n',
      'x = f"{y[\'k\']}" + "\\""\n',
    ];

    it('a string left open is reported where python3 refuses it, once, alone on its line', () => {
      const results = judged(texts);
      assert.ok(results.some((r) => r.valid) && results.some((r) => !r.valid));
      for (const { text, valid, errors } of results) {
        if (valid) {
          assert.deepStrictEqual(errors, [], text);
        } else {
          assert.strictEqual(errors.length, 1, `${text}: ${JSON.stringify(errors)}`);
          assert.match(errors[0].message, /the string is not closed before its line ends/, text);
          assert.strictEqual(errors[0].span.start.line, 0, text);
        }
      }
    });

    it('a triple-quoted string never closed is reported where it opens, as python3 does', () => {
      const texts = [
        'x = """abc\ny = 1\n', 'x = f"""abc\ny = 1\n', "x = '''\n", 'x = 1\ns = rb"""abc\n\n\n',
        'def f():\n    """doc\n    return 1\n\ndef g():\n    pass\n', 'x = ("""a\n',
        'x = (1,\ns = """\n',
      ];
      assertPlacedAsPython(texts, /the triple-quoted string is never closed; end it with/);
      assert.deepStrictEqual(analyzeSource('x = """a"""\ny = """"""\n'), []);
    });

    it('a `}` alone in an f-string is reported on the line python3 refuses it', () => {
      const texts = [
        "s = f'a}b'\n", "s = f'{a}}b'\n", "s = rf'x}'\n", "s = f'{a}b}'\n", "s = f'{a!r}}'\n",
        "s = f'{x:}>10}'\n", "s = f'{x:{w}}}'\n", 's = f"""a\n}b"""\n', "s = f'{f\"{b}\"}}'\n",
        's = f"a\\}"\n',
        // Valid: doubled braces, braces in fields, strings and format specs.
        "s = f'a}}b'\n", "s = f'{\"}\"}'\n", "s = f'{x:>{w}}'\n", "s = f'{{}}'\n",
        "s = f'{a}' '}'\n", "s = f'{x!r:>10}'\n", "s = f'{ {1: 2}[1] }'\n", "s = f'{a:{b}{c}}'\n",
        // A field after a backslash, which the grammar reads as text.
        's = rf"\\{x}a"\n', 's = f"\\{x}"\n', 's = rf"^[0-9]+\\{point}[0-9]*$"\n',
        's = rf"\\{x}}"\n',
      ];
      const lines = assertReportedAsPython(texts, /an f-string cannot hold a `}` alone/);
      assert.ok(lines.some((line) => line === null) && lines.some((line) => line !== null));
      const error = only(analyzeSource("s = f'{a}b}'\n"), 'ML000');
      assert.deepStrictEqual(error.span.start, { line: 0, column: 10 });
    });

    it('an escape python3 cannot decode is reported on its line, at the escape', () => {
      const texts = [
        'x = "C:\\Users\\me"\n', 'x = "\\u12"\n', 'x = "\\U1234"\n', 'x = "\\x4"\n', 'x = "\\N"\n',
        'x = b"\\x4"\n', 'x = f"C:\\Users\\{x}"\n', 'x = u"\\u12"\n', 'x = "C:\\new\\users"\n',
        'x = "\\U00110000"\n', 'x = f"{x!r}\\u12"\n', 'x = "\\N{}"\n', 'x = "data\\x_train.csv"\n',
        // Valid: raw strings, escaped backslashes, bytes, whole escapes and character names.
        'x = b"\\u12"\n', 'x = "\\\\u12"\n', 'x = r"C:\\Users"\n', 'x = rb"\\x4"\n', 'x = "\\u00e9"\n',
        'x = "\\N{EM DASH}"\n', 'x = "\\U0001F600"\n', 'x = b"\\N{DASH}"\n', 'x = "a\\\\\\x41"\n',
        'x = "\\101\\n\\t\\q"\n', 'x = f"{a}\\N{EM DASH}{b}"\n',
        // A format spec is text too, in a nested field as well; raw and whole escapes are fine.
        'x = f"{a:\\x4}"\n', 'x = f"{a:{b:\\u201}}"\n', 'x = f"{a:\\x41>9}"\n', 'x = rf"{a:\\x4}"\n',
        'x = f"{a:\\N{EN DASH}}"\n',
      ];
      const lines = assertReportedAsPython(texts, /starts (an escape of|the name of a character)/);
      assert.ok(lines.some((line) => line === null) && lines.some((line) => line !== null));
      const error = only(analyzeSource('df = pd.read_csv("C:\\Users\\me\\data.csv")\n'), 'ML000');
      assert.deepStrictEqual(error.span.start, { line: 0, column: 20 });
      assert.match(error.message, /`\\U` starts an escape of eight hex digits; .* raw/);
    });

    for (const { what, pattern, texts: cases } of [
      {
        what: 'an integer with leading zeros',
        pattern: /a decimal integer cannot start with 0/,
        texts: ['x = 0777\n', 'x = 0_1\n', 'x = 00\n', 'x = 0_0\n', 'x = 007j\n', 'x = 00.5\n',
          'x = 09.5\n', 'x = 00e5\n', 'x = 0x0F + 0o17 + 0b01\n', 'x = [1.e-05, 1.e-5]\n'],
      },
      {
        what: 'a parameter without a default after one with a default',
        pattern: /a parameter without a default follows one with a default/,
        texts: ['def f(a=1, b): pass\n', 'def f(a, b=1, /, c): pass\n',
          'def f(a: int = 1, b: str): pass\n', 'f = lambda a=1, b: a\n', 'def f(a=b, c): pass\n',
          'def f(a=1, *, b): pass\n', 'def f(a=1, *args, b): pass\n', 'def f(a=1, /, b=2): pass\n',
          'f = lambda a, b=1: a\n', 'def f(*, a=1, b): pass\n', 'f = lambda *a, b: 1\n',
          'def f(a=(1, 2), b=[x for x in y]): pass\n', 'def f(a=1, b=2,): pass\n'],
      },
      {
        what: 'a try block without handlers',
        pattern: /a `try` block needs an `except` or a `finally` clause/,
        texts: ['try:\n    x = 1\nprint(x)\n', 'def f():\n    try:\n        x = 1\n    y = 2\n',
          'try:\n    pass\nelse:\n    pass\n', 'try:\n    x = 1\nexcept E:\n    pass\n',
          'try:\n    x = 1\nfinally:\n    pass\n', 'try:\n    x = 1\nexcept* E:\n    pass\n'],
      },
    ]) {
      it(`${what} is reported, once, where python3 refuses it`, () => {
        const results = judged(cases);
        assert.ok(results.some((r) => r.valid) && results.some((r) => !r.valid));
        for (const { text, valid, errors } of results) {
          assert.strictEqual(errors.length, valid ? 0 : 1, `${text}: ${JSON.stringify(errors)}`);
          if (!valid) assert.match(errors[0].message, pattern, text);
        }
      });
    }

    it('return, break and continue outside what they leave are reported where python3 refuses them', () => {
      const texts = [
        'return 1\n', 'class A:\n    return 1\n', 'def f():\n    class A:\n        return 1\n',
        'for a in b:\n    pass\nelse:\n    break\n', 'def f():\n    break\n', 'x = 1; return\n',
        'for a in b:\n    def g():\n        continue\n', 'match x:\n    case 1:\n        return\n',
        'def f():\n    for a in b:\n        if c:\n            return\n', 'while x:\n    if y: continue\n',
        'for a in b:\n    try:\n        pass\n    finally:\n        continue\n',
        'async def f():\n    async for a in b:\n        break\n    return 2\n',
        'def f():\n    @dec\n    def g():\n        return 1\n    return g\n',
        'for a in b:\n    pass\nelse:\n    for c in d:\n        break\n',
      ];
      const lines = assertReportedAsPython(
        texts,
        /`(return|break|continue)` outside a (function|loop)/,
      );
      assert.ok(lines.some((line) => line === null) && lines.some((line) => line !== null));
    });

    it('a refused target (assigned to, deleted, annotated) is reported where python3 refuses it', () => {
      const texts = [
        'f() = 1\n', 'a + b = 1\n', 'x, f() = y\n', 'None = 1\n', 'True = 1\n', '"s" = 1\n',
        'b"x" = 1\n', '... = 1\n', 'f"{a}" = 1\n', '-a = 1\n', 'not a = 1\n', 'a < b = 1\n',
        'a and b = 1\n', 'lambda: 1 = 2\n', 'a if b else c = 1\n', '{a} = 1\n', '{a: b} = 1\n',
        '[x for x in y] = 1\n', '(x for x in y) = 1\n', '{x: 1 for x in y} = 1\n',
        '(x := 1) = 2\n', 'async def f():\n    await x = 1\n', 'x = y = f() = 1\n',
        'a, (b, c + d) = x\n', '*a, f() = x\n', '((a, f())) = 1\n', 'a.b() = 1\n',
        'for f() in x:\n    pass\n', 'for a, (b, g()) in x:\n    pass\n', '[x for f() in y]\n',
        'y = {k: v for k, g() in z}\n', 'x = [a for a in b for c.d() in e]\n',
        'with a as f():\n    pass\n', 'with a as b, c() as (d, [e, g()]):\n    pass\n',
        'del f()\n', 'del (a, f())\n', 'del a + b\n', 'f() += 1\n', 'a, b += 1\n',
        '(a, b) += 1\n', '[a] += 1\n', 'f(): int = 1\n', '(a, b): int = 1\n', '[a]: int\n',
        '1: int\n', '__debug__ = 1\n', 'a.__debug__ = 1\n', 'del __debug__\n',
        'for __debug__ in x:\n    pass\n', 'with x as [*a, *b]:\n    pass\n',
        '(a, (*b, *c)) = x\n', 'for a, [*b, *c] in x:\n    pass\n', 'x = [y for (*a, *b) in z]\n',
        'del (*a, b)\n', 'with ctx() as [rows for rows in x]:\n    pass\n',
        'with ctx() as (a, rows)(c):\n    pass\n', 'with ctx() as (count, rows := 1):\n    pass\n',
        'with x as (True):\n    pass\n', 'with x as (1, 2):\n    pass\n', 'None += 1\n',
        'True: int = 1\n', '__debug__ += 1\n', 'x.__debug__: int\n', '(a,\n (*b,\n *c)) = x\n',
        'with x as (a,\n  *b, *c):\n    pass\n', '[x for a in y for (b,\n *c, *d) in z]\n',
        '[x for a, *b, *c in y]\n', '{k: 1 for *a, *b in y}\n', '(x for a in b for *c, *d in e)\n',
        '[x for a, *f() in y]\n', '[x for a, *b.c in y]\n', '[x for a, *b[0] in y]\n',
        '[x for *a.b, c in y]\n', '[x for a, *(b) in y]\n',
        // Valid: names, attributes, items, and tuples or lists of them.
        'f(x)[0] = 1\n', 'obj.method().attr = 2\n', 'lst[f()] = 1\n', '(a) = 1\n', '() = x\n',
        '[] = x\n', '[*a, b] = x\n', '(*a,) = x\n', 'a, = b\n', 'x[0], y.z, *w = v\n',
        'for (a, b), [c, *d] in e:\n    pass\n', 'with a as b, c as (d, [e, *f]):\n    pass\n',
        'del a.b, c[0], (d, [e])\n', 'del (), []\n', '(a) += 1\n', '(a.b) += 1\n',
        'd[k] += 1\n', '(a): int = 1\n', 'self.a: int = 0\n', 'a[f()]: int = 1\n',
        'x: f() = 1\n', 'f().x: int\n', 'print = 1\n', 'x = [f() for y in z]\n',
        'with x as (a, b)[1:2]:\n    pass\n', 'with x as [a, b].c:\n    pass\n',
        'with x as ((a), [(b), *c]):\n    pass\n', 'x.__debug__ += 1\n',
        'del x.__debug__, y\n', 'x[__debug__] = 1\n',
      ];
      const refused = new RegExp(
        [
          'cannot be (assigned to|deleted)',
          'augmented assignment \\(`\\+=`\\) cannot change',
          'only one name, attribute or item can be annotated',
          '`__debug__` is a constant',
          'can unpack into one starred target only',
          '`del` cannot take a starred name',
        ].join('|'),
      );
      const lines = assertReportedAsPython(texts, refused);
      assert.ok(lines.some((line) => line === null) && lines.some((line) => line !== null));
    });

    it('a `:=` target that is not a plain name is reported where python3 refuses it', () => {
      const texts = [
        '[x.y := 1]\n', '{x.y := 1}\n', '{(x) := 1}\n', 'f(a[0] := 1, b)\n',
        'if (lambda: 1 := 2):\n    pass\n', 'print([(x, y) := (1, 2)])\n',
        // Valid: a name, in a set too, bare or in a comprehension.
        '{x := 1}\n', '{x := 1, 2, *y}\n', '{y := 1 for _ in z}\n', 'if (n := len(a)) > 1:\n    pass\n',
      ];
      const lines = assertReportedAsPython(texts, /`:=` assigns to a plain name only|unexpected/);
      assert.deepStrictEqual(lines.slice(-4), [null, null, null, null]);
      assert.ok(lines.slice(0, -4).every((line) => line !== null));
    });

    it('says whether `__debug__` was assigned to or deleted', () => {
      const message = (text: string) => only(analyzeSource(text), 'ML000').message;
      assert.match(message('x.__debug__ = 1\n'), /is a constant and cannot be assigned to\./);
      assert.match(message('del __debug__\n'), /is a constant and cannot be deleted\./);
    });

    it('a target with a parse error in it is left to the parse error', () => {
      for (const text of ['a + = 1\n', 'for f( in x:\n    pass\n', 'x, f( = 1\n']) {
        const messages = analyzeSource(text).map((finding) => finding.message);
        assert.ok(messages.length > 0, text);
        assert.ok(!messages.some((message) => /cannot be assigned to/.test(message)), text);
      }
    });

    it('a try block is not judged beside a parse error, where the grammar may split it', () => {
      const text = 'try:\n    x = 1\n      y = 2\nexcept E:\n    pass\n';
      const messages = analyzeSource(text).map((finding) => finding.message);
      assert.ok(messages.some((message) => /unexpected indent/.test(message)), text);
      assert.ok(!messages.some((message) => /a `try` block needs/.test(message)), text);
    });

    it('a Python 2 print statement is reported, once, alone on its line', () => {
      const texts = ['print "legacy"\n', 'print x, y\n', 'print not done\n', 'print é\n'];
      texts.push('print -1\n');
      const results = judged(texts);
      assert.deepStrictEqual(results.map((r) => r.valid), [false, false, false, false, true]);
      for (const { text, valid, errors } of results) {
        assert.strictEqual(errors.length, valid ? 0 : 1, `${text}: ${JSON.stringify(errors)}`);
        if (!valid) assert.match(errors[0].message, /`print` is a function in Python 3/);
      }
      // Valid in Python 3, though the grammar still reads these as a `print` statement.
      const expressions = ['print in x\n', 'print is None\n', 'print if a else b\n'];
      assert.deepStrictEqual(compiles(expressions), [true, true, true]);
      for (const text of expressions) {
        const messages = analyzeSource(text).map((finding) => finding.message);
        assert.ok(!messages.some((message) => /`print` is a function/.test(message)), text);
      }
    });
  });

  describe('characters Python cannot tokenize', () => {
    const texts = [
      'print(\u201chello\u201d)\n',
      'x = 1\u00a0+ 2\n',
      'if ready:\n\u00a0   y = 1\n',
      'x = 5 \u2013 3\n',
      'total = a\u200b\n',
      'area = width \u00d7 height\n',
      'x = 1\ny = \u2018a\u2019\n',
      'ok = 2 \u2264 3\n',
      'joined = a\u200db\n',
      'f(a, \u00b7b)\n',
      'name = "caf\u00e9"  # \u00b5s, \u00b0C \u2014 \u201cnoted\u201d\nd\u00e9j\u00e0 = 1\n\u03c0 = 3.14\n',
      "s = '''\u201cquoted\u201d\n\u2013 dash'''\nt = f\"{x} \u00d7 {y}\"\nz = x\u00b7y\n",
    ];

    it('are reported where python3 refuses them, with what to type instead', () => {
      const message = /cannot stand outside a string or comment; (type|delete)/;
      const lines = assertReportedAsPython(texts, message);
      assert.deepStrictEqual(lines.map((line) => line !== null), texts.map((_, i) => i < 10));
      const [quote] = analyzeSource(texts[0]);
      assert.deepStrictEqual([quote.span.start.column, quote.span.end.column], [6, 7]);
      assert.match(quote.message, /the character `\u201c` \(U\+201C\) .*; type a straight quote, `"`/);
      assert.match(analyzeSource(texts[4])[0].message, /an invisible character \(U\+200B\)/);
      assert.deepStrictEqual(analyzeSource('\ufeffx = 1\n'), [], 'a byte order mark may open a file');
      const cell = analyzeNotebook([{ kind: 'code', source: '\ufeffx = 1\n' }]);
      assert.match(only(cell, 'ML000').message, /U\+FEFF/, 'but not a notebook cell');
    });

    it('come before what follows from them on their line, but after a bad indentation', () => {
      const first = (text: string) =>
        analyzeSource(text)
          .filter((finding) => finding.code === 'ML000')
          .map((finding) => [finding.span.start.line, finding.span.start.column, finding.message]);
      const inCall = first('f(a=1,\n  \u00b0  )\n');
      assert.strictEqual(inCall.length, 1);
      assert.match(String(inCall[0][2]), /the character `\u00b0` \(U\+00B0\)/);
      const inIndentation = first('if x:\n    y = 1\n  \u2013  z = 2\n');
      assert.strictEqual(inIndentation.length, 1);
      assert.match(String(inIndentation[0][2]), /dedented to a column no enclosing block/);
    });

    it('are found after edits as in a fresh lint, reading only what was parsed again', () => {
      const base = generateScript(3, 1500).replace(/# Section/g, '# S\u00e9ction \u2014');
      const parser = new IncrementalParser();
      const ml000 = (text: string, using?: IncrementalParser) =>
        JSON.stringify(lintSource(text, {}, using).filter((finding) => finding.code === 'ML000'));
      assert.strictEqual(ml000(base, parser), '[]');
      for (const line of [40, 700, 1400]) {
        const at = base.split('\n').slice(0, line).join('\n').length + 5;
        const typed = `${base.slice(0, at)}\u2013${base.slice(at)}`;
        const incremental = ml000(typed, parser);
        assert.match(incremental, /U\+2013/);
        assert.strictEqual(incremental, ml000(typed));
        assert.strictEqual(ml000(base, parser), '[]');
      }
      // A character in a segment reused from earlier parses, found while typing further down.
      const lines = base.split('\n');
      lines[40] = `${lines[40]} \u2013`;
      for (const suffix of ['', ' ', '  ', ' ']) {
        lines[1400] = `# typing${suffix}`;
        const text = lines.join('\n');
        const incremental = ml000(text, parser);
        assert.match(incremental, /U\+2013/);
        assert.strictEqual(incremental, ml000(text));
      }
    });
  });

  describe('statements nested deeper than Python parses', () => {
    it('are one ML000 from their first code, found without the grammar parser', () => {
      // A small heap: handing such a statement to the grammar's parser runs it out of memory.
      const engine = require.resolve('../../core/lint/engine/index');
      const script = [
        `const { analyzeSource } = require(${JSON.stringify(engine)});`,
        "const text = 'a = 1\\n# why\\nx = ' + 'not '.repeat(300000) + 'True\\nb = (1 +)\\n';",
        'const errors = analyzeSource(text).filter((finding) => finding.code === "ML000");',
        'process.stdout.write(JSON.stringify(errors));',
      ].join('\n');
      const child = spawnSync(process.execPath, ['--max-old-space-size=256', '-e', script], {
        encoding: 'utf8',
        timeout: 60000,
      });
      assert.strictEqual(child.status, 0, child.stderr.slice(0, 300));
      const errors = JSON.parse(child.stdout) as Finding[];
      assert.deepStrictEqual(
        errors.map((error) => [error.span.start.line, error.span.start.column]),
        [[2, 0], [3, 8]],
      );
      assert.match(errors[0].message, /the statement is nested too deeply/);
      assert.doesNotMatch(errors[1].message, /nested too deeply/);
    });

    it('brackets more than 200 deep are reported where python3 refuses them', () => {
      const nested = (open: string, close: string, depth: number) =>
        `x = ${open.repeat(depth)}1${close.repeat(depth)}\n`;
      const texts = [200, 201, 500].flatMap((depth) => [
        nested('(', ')', depth),
        nested('f(', ')', depth),
        `rows = 1\n${nested('[', ']', depth)}y = 2\n`,
      ]);
      texts.push(`x = (\n${'['.repeat(150)}\n${'{'.repeat(60)}${'}'.repeat(60)}${']'.repeat(150)})\n`);
      texts.push(`x = (\n${'['.repeat(150)}\n${'{'.repeat(49)}${'}'.repeat(49)}${']'.repeat(150)})\n`);
      const lines = assertReportedAsPython(texts, /brackets more than 200 deep/);
      assert.deepEqual(lines.map((line) => line !== null), [
        false, false, false, true, true, true, true, true, true, true, false,
      ]);
    });

    it('blocks indented more than 99 levels deep are reported where python3 refuses them', () => {
      const nested = (levels: number, body = 'pass') =>
        [...Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}if x:`),
          `${' '.repeat(levels)}${body}`].join('\n') + '\n';
      const texts = [
        nested(99),
        nested(100),
        `import os\n${nested(150)}print(os.sep)\n`,
        // Brackets and continuation lines hold no indentation.
        nested(99, 'y = (\n' + ' '.repeat(120) + '1)'),
      ];
      const lines = assertReportedAsPython(texts, /indented more than 99 levels deep/);
      assert.deepEqual(lines, [null, 101, 102, null]);
    });
  });

  describe('starred parts, numbers and bytes the grammar accepts', () => {
    const texts = [
      'first, *rest = values\n*head, = values\nx = *a, *b\nfor a, *b in rows:\n    pass\n',
      'flat = [x for part in parts for x in part]\nmerged = {**a, **b}\n',
      'real = 1..real\nkind = 1..__class__\nhexa = 0x1.real\nspaced = 1 .real\ny = 1.0.real\n',
      'a = 1.if b else 2\nc = [1.for d in e]\nf = 1.not in g\nh = 1.or 2\ni = 1 if 1.else 2\n',
      'a = 01.\nb = 1.e5or 2\nc = [1.e5for d in e]\nf = 1.jor 2\ng = 00.5\n',
      'a, *b = *c, d = x\ny = (*a, b)\ndef f():\n    return *a, b\n[a, *b] = c\nprint(*a)\n',
      'escaped = b"caf\\xc3\\xa9"\ntext = "caf\u00e9"\nformatted = f"\u00e9{x}"\n',
      'x = *a\n',
      'for *a in rows:\n    pass\n',
      '*a = values\n',
      'a = *b = values\n',
      'flat = [\n    *part for part in parts\n]\n',
      'unique = {*part for part in parts}\n',
      'lazy = (*part for part in parts)\n',
      'merged = {**d for d in dicts}\n',
      'x = 1.real\n',
      'x = 1_0.__class__\n',
      'x = 1.iffy\n',
      'x = 01.real\n',
      'def f():\n    return *items\n',
      'def f():\n    yield *items\n',
      '*f()\n',
      'x = (*a)\n',
      'x: int = *a\n',
      '*a, *b = values\n',
      '[*a, *b] = values\n',
      'data = b"caf\u00e9"\n',
      'raw = rb\'\'\'\n\u00e9\'\'\'\n',
    ];

    it('is reported on the line python3 refuses, once, and nowhere it compiles', () => {
      const message =
        /^Python cannot (compile|parse) this: (a starred|iter|dict|a number|an assignment|a bytes)/;
      const lines = assertReportedAsPython(texts, message);
      assert.deepStrictEqual(lines.slice(0, 7), [null, null, null, null, null, null, null]);
      assert.ok(lines.slice(7).every((line) => line !== null));
    });
  });

  describe('indentation', () => {
    it('reports a clause indented like the block above it at the clause, alone', () => {
      assertCasesPlacedAsPython([
        ['try:\n    pass\n    except E:\n    pass\n', /`except` is indented like the statements/],
        ['if a:\n    pass\n    else:\n        pass\n', /`else` is indented like .* the `if`, `for`/],
        ['for x in y:\n    pass\n    else:\n    pass\n', /`else` is indented like/],
        ['try:\n    x = 1\n    finally:\n    pass\n', /`finally` is indented like .* the `try`/],
        ['def f():\n    if a:\n        x = 1\n        elif b:\n        y = 2\n', /`elif` is/],
        ['try:\n    x = 1\n    # note\n\n    except E:\n        pass\n', /`except` is/],
        ['try:\n    x = (1,\n    2)\n    except E:\n    pass\n', /`except` is indented/],
        ['if a:\n    x = 1 +\n    else_value = 2\n', /missing its right-hand side/],
        ['if x:\n    y = 1 +\nelse:\n    pass\n', /missing its right-hand side/],
        ['if x:\n    y = (a\n    else: b)\n', /`else` cannot stand inside brackets/],
        ['if x:\n    y = [1,\nelse:\n    pass\n]\n', /`else` cannot stand inside brackets/],
        ['if x:\n    f(a\n    else:\n        pass\n', /`\(` opened on line 2 is never closed/],
      ]);
      const valid = [
        'if a:\n    x = 1\n    else_value = 2\n',
        'try:\n    pass\nexcept E:\n    pass\n',
      ];
      for (const { text, valid: compiled, errors } of judged(valid)) {
        assert.ok(compiled, text);
        assert.deepStrictEqual(errors, [], text);
      }
    });

    const texts = [
      'x = 1\ny = 2\n',
      'if a:\n    x = 1\nelse:\n    x = 2\n',
      'x = (1,\n      2)\ny = [\n  3]\n',
      'x = 1 + \\\n    2\n',
      's = """\n    indented\n"""\n',
      'def f():\n    x = 1\n        # a comment deeper\n  # and one shallower\n    return x\n',
      'if a:\n\tx = 1\n\ty = 2\n',
      'class A:\n    @property\n    def f(self):\n        return 1\n',
      'if a: x = 1\ny = 2\n',
      'match x:\n    case 1:\n        pass\n    case _:\n        pass\ny = 1\n',
      'if a:\n    if b:\n        x = 1\n    y = 2\nz = 3\n',
      'try:\n    x = 1\nexcept E:\n    x = 2\nfinally:\n    y = 3\n',
      'x = 1\n    y = 2\n',
      'import os\n  import sys\n',
      'def f():\n    x = 1\n      y = 2\n    return x\n',
      'def f():\n    x = 1\n    # c\n        y = 2\n',
      'if a:\n    x = 1\n  y = 2\n',
      'if a:\n    if b:\n        x = 1\n      y = 2\n',
      '@dec\n  def f():\n    pass\n',
      'class A:\n    x = 1\n     y = 2\n',
      'for i in x:\n    pass\n        z = 1\n',
      'match x:\n    case 1:\n        pass\n       y = 1\n',
    ];

    it('is reported where python3 refuses it, once, and nowhere it compiles', () => {
      const lines = assertReportedAsPython(texts, /unexpected indent|dedented to a column/);
      assert.ok(lines.some((line) => line === null) && lines.some((line) => line !== null));
    });

    it('is a TabError where tabs and spaces disagree on a line\'s depth, as python3 says', () => {
      const mixed = [
        'if x:\n        a = 1\n\tb = 2\n',
        'if x:\n\ta = 1\n        b = 2\n',
        'if x:\n\tif y:\n\t        a = 1\n\t\tb = 2\n',
        'if x:\n\ta = 1\n\tif y:\n\t\tb = 2\n        c = 3\n',
        'class A:\n    def f(self):\n\treturn 1\n',
        'if x:\n\ta = (1,\n        2)\n\tb = 2\n',
        'def f():\n\tx = 1\n\treturn x\n',
        'x = 1\n\n\t# comment\nif x:\n\tpass\n',
        's = """\n\tinside\n        text\n"""\nif s:\n    pass\n',
        'if x:\n    a = 1 + \\\n\t2\n    b = 3\n',
        'if x:\n        a = 1\n\t# note\n        b = 2\n',
      ];
      const lines = assertReportedAsPython(mixed, /mixes tabs and spaces .* \(TabError\)/);
      assert.deepStrictEqual(lines.map((line) => line !== null), mixed.map((_, i) => i < 5));
    });

    it('comes before a jump out of place, which Python finds only in a text it can parse', () => {
      const texts = [
        'def f():\n    x = 1\nreturn\n    y = 2\n',
        'for i in x:\n    pass\nbreak\nif a:\n        b = 1\n    c = 2\n',
        'while x:\n    continue\ncontinue\nif a:\n    b = 1\n  c = 2\n',
        'return\nif a:\n\tb = 1\n        c = 2\n',
      ];
      const lines = assertReportedAsPython(texts, /unexpected indent|dedented to a column|TabError/);
      assert.deepStrictEqual(lines, [4, 6, 6, 4]);
    });

    it('is no TabError on a dedent to no open level, which Python reports as it is', () => {
      // After a parse error the block walk stops; the dedent after it is Python's second error.
      const text = 'y = )\nif x:\n\tif y:\n\t\ta = 1\n    b = 2\n';
      const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(errors.map((error) => error.span.start.line), [0]);
    });

    it('is not judged on a line inside brackets left open, which Python reads on', () => {
      for (const text of ['x = (a\n     b c\ny = 2\n', 'def f():\n    x = (a\n         b c\n']) {
        const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
        assert.ok(errors.length > 0, text);
        assert.match(errors[0].message, /`\(` opened on line \d+ is never closed/, text);
        assert.ok(!errors.some((error) => /unexpected indent/.test(error.message)), text);
      }
    });

    it('is not judged after a parse error, where the recovery decides the structure', () => {
      const text = 'class A:\n    def f(self):\n    r = 1\n        e = 2\n';
      assert.deepStrictEqual(compiles([text]), [false]);
      const messages = analyzeSource(text).map((finding) => finding.message);
      assert.ok(messages.length > 0);
      assert.ok(!messages.some((message) => /unexpected indent|dedented/.test(message)), text);
    });

    it('is not judged in notebook cells, whose magics and indentation IPython rewrites', () => {
      const cell = (source: string): NotebookCell => ({ kind: 'code', source });
      const findings = lintNotebook([
        cell('for m in models:\n    %time m.fit(X, y)\n    print(m.score(X, y))\n'),
        cell('    import numpy as np\nimport pandas as pd\n'),
        cell('%%time\n    x = 1\n    y = 2\n'),
      ]).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(findings, []);
    });

    it('takes a backslash at the end of a comment for a comment, and passes over form feeds', () => {
      const texts = [
        'class A:  # C:\\temp\\\n    @property\n    def f(self):\n        return 1\n',
        'def f():\n    a = 1\n\f    b = 2\n    c = 3\n',
        '\f# c\nx = 1\n',
        'if x:\n    \f# c\n    y = 1\n',
      ];
      assert.deepStrictEqual(compiles(texts), [true, true, true, true]);
      for (const text of texts) {
        const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
        assert.deepStrictEqual(errors, [], text);
      }
    });

    it('is judged beside a form feed that indents no line of code', () => {
      const texts = [
        'x = 1\n  y = 2\n# page\f\n',
        's = "\f"\nif s:\n        a = 1\n    b = 2\n',
        'x = 1 \f+ 2\nif x:\n    y = 3\n      z = 4\n',
        'import os\n    import posixpath\n\f# c\n',
        'x = 1\n\f\n    y = 2\n',
      ];
      const lines = assertReportedAsPython(texts, /unexpected indent|dedented to a column/);
      assert.deepStrictEqual(lines, [2, 4, 4, 2, 3]);
    });
  });

  describe('match statements', () => {
    const statement = (subject: string, ...cases: string[]): string =>
      [`match ${subject}:`, ...cases.flatMap((c) => [`    case ${c}:`, '        pass'])].join('\n');
    const statements = [
      statement('command', '1', '_'),
      statement('x > 0', 'True'),
      statement('a, b', '(1, 2)', '_'),
      statement('*rest, last', '[*_]'),
      statement('a,', '(1,)'),
      statement('not done', 'False'),
      statement('x if ready else y', '_'),
      statement('{"k": x}', '{"k": 1}', '{**rest}'),
      statement('(y := f())', '_'),
      statement('x', '[]', '()', '{}'),
      statement('x', 'str() as text', 'Point(x=0, y=0) | Point()'),
      statement('x', '[1, 2, *others] if others', '-1 | 1 + 2j'),
      statement('x', '{Color.RED: 1, "a" "b": 2}', '"c" "d"'),
      statement('x', 'f"{y}"'),
      statement('x', '1 +'),
      statement('x', 'f(1)(2)'),
      statement('', '_'),
      statement('x', '1 if (y := 2)', '2 if y := 3'),
    ];

    it('reports ML000 exactly where python3 refuses to compile them', () => {
      const results = judged(statements.map((text) => `${text}\n`));
      assert.ok(results.some((r) => r.valid) && results.some((r) => !r.valid));
      for (const { text, valid, errors } of results) {
        assert.strictEqual(errors.length > 0, !valid, `${text}: ${JSON.stringify(errors)}`);
      }
    });

    it('are read as Python reads them beside a statement left to lezer', () => {
      const valid = statements.filter((_, index) => compiles(statements)[index]);
      const beside = 'total = (1 + \\\n\n         2)\nbroken = (1 +)\n';
      const text = [beside, ...valid].join('\n');
      const errors = analyzeSource(text).filter((finding) => finding.code === 'ML000');
      assert.deepStrictEqual(errors.map((error) => error.span.start.line), [3], text);
    });

    it('binds what each case captures to a part of the subject', () => {
      const text = [
        'import joblib',
        'from flask import request',
        'model = joblib.load("model.joblib")',
        'payload = request.get_json()',
        statement('payload', '{"rows": rows}'),
        '        model.predict(rows)',
        statement('payload', '[first, *rest] if first'),
        '        model.predict(rest)',
        statement('payload', '{"x": 1} as whole'),
        '        model.predict(whole)',
        statement('payload', '_'),
        '        model.predict([[1, 2]])',
        '',
      ].join('\n');
      const lines = analyzeSource(text)
        .filter((finding) => finding.code === 'ML001')
        .map((finding) => finding.span.start.line);
      assert.deepStrictEqual(lines, [7, 11, 15]);
    });

    it('analyses each case\'s guard and body', () => {
      const text = [
        'import joblib',
        'from flask import request',
        'model = joblib.load("model.joblib")',
        'payload = request.get_json()',
        statement('payload.get("kind")', '"one" if model.predict(payload["rows"])'),
        statement('payload.get("kind")', '"many"'),
        '        model.predict(payload["rows"])',
        '',
      ].join('\n');
      const lines = analyzeSource(text)
        .filter((finding) => finding.code === 'ML001')
        .map((finding) => finding.span.start.line);
      assert.deepStrictEqual(lines, [5, 10]);
    });
  });

  describe('robustness', () => {
    it('analyses truncated and damaged versions of every fixture without throwing', () => {
      const files = fs
        .readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.py'));
      let variants = 0;
      for (const file of files) {
        const text = fixture(file);
        for (let at = 0; at < text.length; at += 211) {
          for (const damaged of [text.slice(0, at), `${text.slice(0, at)})${text.slice(at + 2)}`]) {
            assert.ok(Array.isArray(analyzeSource(damaged)), `${file} at ${at}`);
            variants++;
          }
        }
      }
      assert.ok(variants > 300, `only ${variants} variants`);
    });

    it('keeps ML007 verdicts for a bounded number of called names, and the same findings', () => {
      const calls = Array.from({ length: MAX_NAMES + 500 }, (_, i) => `sk.utils.helper_${i}(X)\n`);
      const text =
        'import numpy as np\nimport sklearn as sk\n' +
        calls.join('') +
        'x = np.random.rand(3)\nsk.model_selection.train_test_split(X, y)\n';
      const lines = analyzeSource(text)
        .filter((finding) => finding.code === 'ML007')
        .map((finding) => finding.span.start.line);
      assert.ok(namesKept() <= MAX_NAMES, `${namesKept()} names kept`);
      assert.deepStrictEqual(lines, [MAX_NAMES + 502, MAX_NAMES + 503]);
      assert.deepStrictEqual(
        analyzeSource(text)
          .filter((finding) => finding.code === 'ML007')
          .map((finding) => finding.span.start.line),
        lines,
        'the next analysis, with the names kept, finds the same',
      );
    });

    it('records the names an estimator is bound to, in order, each once', () => {
      const text = [
        'from sklearn.ensemble import RandomForestClassifier',
        'model = RandomForestClassifier()',
        'baseline = model',
        'model = model',
        'copy = baseline',
        'RandomForestClassifier().fit([[0]], [0])',
        '',
      ].join('\n');
      const [named, unnamed] = new Analyzer().analyze([unitOf(text)]).estimators;
      assert.deepStrictEqual(named.names, ['model', 'baseline', 'copy']);
      assert.strictEqual(unnamed.names, NO_NAMES, 'an estimator bound to no name shares the list');
      assert.deepStrictEqual(NO_NAMES, []);
    });

    it('records only the calls that can make results depend on randomness', () => {
      const text = [
        'import numpy as np',
        'from sklearn.metrics import accuracy_score',
        'from sklearn.model_selection import KFold, train_test_split',
        'from sklearn.neighbors import KNeighborsClassifier',
        'from sklearn.ensemble import RandomForestClassifier',
        'from sklearn.dummy import DummyClassifier',
        'X = np.random.rand(10, 2)',
        'm = np.mean(X)',
        'a, b = train_test_split(X, random_state=0)',
        'KFold(n_splits=3)',
        'KNeighborsClassifier().fit(a, a)',
        'RandomForestClassifier(random_state=0)',
        'DummyClassifier()',
        'accuracy_score(a, b)',
        '',
      ].join('\n');
      const calls = new Analyzer().analyze([unitOf(text)]).calls.map((call) => call.qname);
      assert.deepStrictEqual(calls, [
        'numpy.random.rand',
        'sklearn.model_selection.train_test_split',
        'sklearn.model_selection.KFold',
        'sklearn.ensemble.RandomForestClassifier',
        'sklearn.dummy.DummyClassifier',
      ]);
    });

    it('keeps the keyword texts a call read when an edit moves it', () => {
      const text = 'import sklearn\nsklearn.model_selection.KFold(n_splits=3, shuffle=True)\n';
      const unit = unitOf(text);
      const call = new Analyzer().analyze([unit]).calls[0] as RecordedCall;
      const read = call.keywords;
      assert.equal(read.get('shuffle')?.text, 'True');
      call.detach();
      const added = '# moved\n';
      unit.text = added + text;
      call.move(added.length);
      assert.strictEqual(call.keywords, read, 'the texts are not read again');
      const shuffle = call.keywords.get('shuffle')!;
      assert.equal(unit.text.slice(shuffle.loc.from, shuffle.loc.to), 'True');
      assert.equal(shuffle.text, 'True');
    });

    it('classifies a kept call for ML007 once, and a call no later analysis sees each time', () => {
      const unit = unitOf('from sklearn.model_selection import KFold\nKFold(n_splits=3)\n');
      const loc = { unit, from: 42, to: 59 };
      const reads = { kept: 0, fresh: 0 };
      const call = (kept: boolean): CallFact => ({
        qname: 'sklearn.model_selection.KFold',
        loc,
        calleeLoc: { unit, from: 42, to: 47 },
        argListLoc: { unit, from: 47, to: 59 },
        positional: 0,
        kept,
        get keywords() {
          reads[kept ? 'kept' : 'fresh']++;
          return new Map([['n_splits', { text: '3', loc: { unit, from: 57, to: 58 } }]]);
        },
      });
      const facts = noFacts([unit]);
      facts.calls.push(call(true), call(false));
      assert.deepStrictEqual(unseededRandomness.check(facts), []);
      const first = { ...reads };
      assert.ok(first.kept > 0 && first.fresh > 0, JSON.stringify(first));
      assert.deepStrictEqual(unseededRandomness.check(facts), []);
      assert.equal(reads.kept, first.kept, 'the kept call is not classified again');
      assert.equal(reads.fresh, 2 * first.fresh);
    });

    it('analyses binary junk, deep nesting and notebooks without code', () => {
      const junk = Array.from({ length: 5000 }, (_, index) => String.fromCharCode((index * 7919) % 256));
      assert.ok(Array.isArray(analyzeSource(junk.join(''))));
      assert.ok(Array.isArray(analyzeSource(`x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`)));
      const cells: NotebookCell[] = [
        { kind: 'markdown', source: '# title' },
        { kind: 'code', source: '' },
        { kind: 'code', source: '%%' },
      ];
      assert.deepStrictEqual(analyzeNotebook(cells), []);
    });
  });

  describe('fixes', () => {
    const fixable: [string, string][] = [
      ['unvalidated-predict/stdin-json-loads.py', 'ML001'],
      ['unvalidated-predict/flask-route.py', 'ML001'],
      ['unvalidated-predict/lambda-handler.py', 'ML001'],
      ['missing-baseline/accuracy-no-baseline.py', 'ML002'],
      ['missing-baseline/score-method.py', 'ML002'],
      ['missing-baseline/cross-val-score.py', 'ML002'],
      ['missing-baseline/metrics-module-alias.py', 'ML002'],
      ['fit-on-held-out/fit-transform-test.py', 'ML005'],
      ['unseeded-randomness/split-no-seed.py', 'ML007'],
      ['unseeded-randomness/random-forest-no-seed.py', 'ML007'],
      ['unseeded-randomness/numpy-global.py', 'ML007'],
      ['unseeded-randomness/default-rng.py', 'ML007'],
      ['unseeded-randomness/mlp-multiline.py', 'ML007'],
    ];
    for (const [file, code] of fixable) {
      it(`${code} in ${file}: applying each fix removes that finding and parses`, () => {
        const text = fixture(file);
        const before = analyzeSource(text);
        const targets = before.filter((finding) => finding.code === code);
        assert.ok(targets.length > 0);
        for (const target of targets) {
          assert.ok(target.fixes.length > 0, `no fix for ${target.message}`);
          const fixed = applyEdits(text, target.fixes[0].edits);
          const after = analyzeSource(fixed);
          assert.strictEqual(count(after, code), count(before, code) - 1, fixed);
          assert.strictEqual(count(after, 'ML000'), 0, fixed);
        }
      });
    }

    it('ML007 inserts random_state=0 as the last argument', () => {
      const finding = only(analyzeSource(fixture('unseeded-randomness/split-no-seed.py')), 'ML007');
      const fixed = applyEdits(
        fixture('unseeded-randomness/split-no-seed.py'),
        finding.fixes[0].edits,
      );
      assert.match(fixed, /train_test_split\(X, y, test_size=0\.3, random_state=0\)/);
    });

    it('ML007 rewrites a global NumPy draw to a seeded generator', () => {
      const fixed = applyEdits(
        'import numpy as np\nx = np.random.rand(3, 2)\n',
        only(analyzeSource('import numpy as np\nx = np.random.rand(3, 2)\n'), 'ML007').fixes[0]
          .edits,
      );
      assert.strictEqual(
        fixed,
        'import numpy as np\nx = np.random.default_rng(0).random((3, 2))\n',
      );
    });

    it('ML007 keeps a draw\'s own name when it is one every JavaScript object has', () => {
      const text = 'import numpy as np\nx = np.random.constructor(3)\n';
      const fixed = applyEdits(text, only(analyzeSource(text), 'ML007').fixes[0].edits);
      assert.strictEqual(fixed, 'import numpy as np\nx = np.random.default_rng(0).constructor(3)\n');
    });

    it('ML005 replaces fit_transform by transform', () => {
      const text = fixture('fit-on-held-out/fit-transform-test.py');
      const fixed = applyEdits(text, only(analyzeSource(text), 'ML005').fixes[0].edits);
      assert.match(fixed, /X_test_scaled = scaler\.transform\(X_test\)/);
    });

    it('ML002 adds a Dummy baseline fitted and scored like the model, with its import', () => {
      const text = fixture('missing-baseline/accuracy-no-baseline.py');
      const fixed = applyEdits(text, only(analyzeSource(text), 'ML002').fixes[0].edits);
      assert.match(fixed, /^from sklearn\.dummy import DummyClassifier$/m);
      assert.match(fixed, /^baseline = DummyClassifier\(\)\.fit\(X_train, y_train\)$/m);
      assert.match(fixed, /accuracy_score\(y_test, baseline\.predict\(X_test\)\)/);
    });

    for (const [className, metric, dummy] of [
      ['LogisticRegression', 'accuracy_score', 'DummyClassifier'],
      ['LogisticRegressionCV', 'f1_score', 'DummyClassifier'],
      ['RidgeClassifier', 'accuracy_score', 'DummyClassifier'],
      ['LinearSVC', 'accuracy_score', 'DummyClassifier'],
      ['GaussianNB', 'accuracy_score', 'DummyClassifier'],
      ['LinearRegression', 'r2_score', 'DummyRegressor'],
      ['Ridge', 'mean_squared_error', 'DummyRegressor'],
      ['SVR', 'r2_score', 'DummyRegressor'],
      ['GradientBoostingRegressor', 'mean_absolute_error', 'DummyRegressor'],
      ['KNeighborsClassifier', 'accuracy_score', 'DummyClassifier'],
      ['OrthogonalMatchingPursuit', 'score', 'DummyRegressor'],
      ['Unknown', 'mean_pinball_loss', 'DummyRegressor'],
      ['Unknown', 'd2_tweedie_score', 'DummyRegressor'],
    ]) {
      it(`ML002 suggests a ${dummy} for a ${className}`, () => {
        const text = [
          'from sklearn import linear_model, naive_bayes, svm, ensemble, neighbors',
          metric === 'score' ? '' : `from sklearn.metrics import ${metric}`,
          'from sklearn.model_selection import train_test_split',
          'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
          `model = ${modulePrefix(className)}${className}().fit(X_train, y_train)`,
          metric === 'score'
            ? 'print(model.score(X_test, y_test))'
            : `print(${metric}(y_test, model.predict(X_test)))`,
          '',
        ].join('\n');
        const finding = only(analyzeSource(text), 'ML002');
        assert.match(finding.message, new RegExp(`\`${dummy}\``));
        const fixed = applyEdits(text, finding.fixes[0].edits);
        assert.match(fixed, new RegExp(`^from sklearn\\.dummy import ${dummy}$`, 'm'));
      });
    }

    it('ML002 gives a ranker no dummy to fit, and asks for a named baseline', () => {
      const text = fixture('missing-baseline/ranker-no-baseline.py');
      const finding = only(analyzeSource(text), 'ML002');
      assert.doesNotMatch(finding.message, /Dummy/);
      assert.match(finding.message, /bound to a name containing `baseline`/);
      assert.deepStrictEqual(finding.fixes, []);
    });

    for (const [className, module] of [
      ['KMeans', 'cluster'],
      ['BisectingKMeans', 'cluster'],
      ['SpectralClustering', 'cluster'],
      ['DBSCAN', 'cluster'],
      ['GaussianMixture', 'mixture'],
      ['IsolationForest', 'ensemble'],
      ['OneClassSVM', 'svm'],
      ['LocalOutlierFactor', 'neighbors'],
      ['GraphicalLasso', 'covariance'],
      ['MinCovDet', 'covariance'],
    ]) {
      it(`ML002, ML003 and ML006 leave a ${className} alone: it learns without labels`, () => {
        const judgedCodes = ['ML002', 'ML003', 'ML006'];
        const codes = (modelModule: string, modelClass: string, use: string): string[] => {
          const text = [
            `from sklearn.${modelModule} import ${modelClass}`,
            'from sklearn.metrics import f1_score',
            `model = ${modelClass}().fit(X)`,
            use,
            '',
          ].join('\n');
          return analyzeSource(text)
            .map((finding) => finding.code)
            .filter((code) => judgedCodes.includes(code));
        };
        const scored = 'print(f1_score(y, model.predict(X)))';
        const unscored = 'print(model.predict(X))';
        assert.deepStrictEqual(codes(module, className, scored), []);
        assert.deepStrictEqual(codes(module, className, unscored), []);
        // The same code with a classifier is judged.
        const classifier = ['linear_model', 'LogisticRegression'] as const;
        assert.deepStrictEqual(codes(...classifier, scored).sort(), ['ML002', 'ML006']);
        assert.deepStrictEqual(codes(...classifier, unscored), ['ML003']);
      });
    }

    describe('loops and comprehensions over written-out collections', () => {
      const header = [
        'from sklearn.dummy import DummyClassifier',
        'from sklearn.ensemble import RandomForestClassifier',
        'from sklearn.metrics import accuracy_score',
        'X_train, X_test, y_train, y_test = split(X, y)',
      ];
      const findings = (lines: string[]): Finding[] =>
        analyzeSource([...header, ...lines, ''].join('\n'));
      const forest = 'RandomForestClassifier(random_state=0)';

      it('leave the last item bound after the loop, as Python does', () => {
        const after = findings([
          'for model in [DummyClassifier(), RandomForestClassifier(random_state=0)]:',
          '    model.fit(X_train, y_train)',
          'print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.match(only(after, 'ML002').message, /`model` \(RandomForestClassifier\)/);
      });

      it('run the body for every value of a dictionary, by .values() and by .items()', () => {
        for (const loop of [
          'for model in models.values():',
          'for name, model in models.items():',
          'for _, model in sorted(models.items()):',
        ]) {
          const found = findings([
            `models = {"forest": ${forest}, "dummy": DummyClassifier()}`,
            loop,
            '    model.fit(X_train, y_train)',
            '    print(accuracy_score(y_test, model.predict(X_test)))',
          ]);
          assert.deepStrictEqual(found, [], loop);
        }
      });

      it('count the values of the dictionaries a dictionary unpacks', () => {
        const found = findings([
          'extra = {"dummy": DummyClassifier()}',
          'models = {"forest": RandomForestClassifier(random_state=0), **extra}',
          'for model in models.values():',
          '    model.fit(X_train, y_train)',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.deepStrictEqual(found, []);
      });

      it('see the items of sorted, list, reversed, enumerate, zip and dict(...)', () => {
        for (const [setup, loop] of [
          ['', 'for model in sorted([forest, dummy], key=str):'],
          ['', 'for model in reversed(list((forest, dummy))):'],
          ['', 'for index, model in enumerate([forest, dummy]):'],
          ['', 'for name, model in zip(["forest", "dummy"], [forest, dummy]):'],
          ['models = dict(forest=forest, dummy=dummy)', 'for model in models.values():'],
          ['models = {"forest": forest, "dummy": dummy}', 'for k, model in list(models.items()):'],
        ]) {
          const found = findings([
            'forest = RandomForestClassifier(random_state=0)',
            'dummy = DummyClassifier()',
            setup,
            loop,
            '    model.fit(X_train, y_train)',
            '    print(accuracy_score(y_test, model.predict(X_test)))',
          ]);
          assert.deepStrictEqual(found, [], loop);
        }
      });

      it('take a later entry of a dictionary over an earlier one with the same key', () => {
        const found = findings([
          `defaults = {"model": DummyClassifier(), "other": ${forest}}`,
          "models = {**defaults, 'model': RandomForestClassifier(random_state=1)}",
          'for model in models.values():',
          '    model.fit(X_train, y_train)',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.deepStrictEqual(found.map((finding) => finding.code), ['ML002']);
      });

      it('stop following the entries of a dictionary once an item is assigned to it', () => {
        const found = findings([
          'models = {"forest": RandomForestClassifier(random_state=0)}',
          'models["dummy"] = DummyClassifier()',
          'for model in models.values():',
          '    model.fit(X_train, y_train)',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        // The dummy is not followed into the loop; the forest is not named as if it were alone.
        assert.doesNotMatch(only(found, 'ML002').message, /RandomForestClassifier/);
      });

      it('stop splitting a list or dictionary changed in place, or a loop that skips', () => {
        const list = 'models = [RandomForestClassifier(random_state=0), DummyClassifier()]';
        const dictionary = 'models = {"rf": RandomForestClassifier(), "dummy": DummyClassifier()}';
        const scored = [
          '    model.fit(X_train, y_train)',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ];
        for (const lines of [
          [list, 'models.pop()', 'for model in models:'],
          [list, 'del models[1]', 'for model in models:'],
          [dictionary, 'del models["dummy"]', 'for model in models.values():'],
        ]) {
          const codes = findings([...lines, ...scored]).map((finding) => finding.code);
          assert.ok(codes.includes('ML002'), lines[1]);
        }
        for (const skip of ['continue', 'break']) {
          const found = findings([
            list,
            'for model in models:',
            '    if isinstance(model, DummyClassifier):',
            `        ${skip}`,
            ...scored,
          ]);
          assert.deepStrictEqual(found.map((finding) => finding.code), ['ML002'], skip);
        }
      });

      it('pass over the items nothing is known of, numbers and strings', () => {
        const found = findings([
          `for model in [${forest}, 1, "forest"]:`,
          '    model.fit(X_train, y_train)',
          'print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.match(only(found, 'ML002').message, /`model` \(RandomForestClassifier\)/);
      });

      it('run the else block of a loop once, after it', () => {
        const found = findings([
          'for model in [DummyClassifier(), RandomForestClassifier(random_state=0)]:',
          '    model.fit(X_train, y_train)',
          'else:',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.match(only(found, 'ML002').message, /RandomForestClassifier/);
      });

      it('run a loop over numbers once, keeping the runs for a loop over models in it', () => {
        const found = findings([
          'for seed in [0, 1, 2, 3, 4, 5, 6, 7]:',
          '    for model in [RandomForestClassifier(random_state=seed), DummyClassifier()]:',
          '        model.fit(X_train, y_train)',
          '        print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.deepStrictEqual(found, []);
      });

      it('keep, of the findings a loop gives at one place, one with a fix', () => {
        const found = findings([
          'from lightgbm import LGBMRanker',
          'for model in [LGBMRanker(), RandomForestClassifier(random_state=0)]:',
          '    model.fit(X_train, y_train)',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        assert.strictEqual(only(found, 'ML002').fixes.length, 1);
      });

      it('follow no more than a few entries of dictionaries that unpack each other', () => {
        const doubling = Array.from({ length: 40 }, () => 'd = {**d, **d}');
        const text = ['d = {"a": 1}', ...doubling, 'print(len(d))', ''].join('\n');
        assert.deepStrictEqual(analyzeSource(text), []);
      });

      it('evaluate the iterable of a comprehension once, however comprehensions nest', () => {
        let iterable = '[np.random.rand(1), other]';
        for (let level = 0; level < 12; level++) {
          iterable = `[[x${level} for x${level} in ${iterable}], other]`;
        }
        const text = `import numpy as np\nr = [y for y in ${iterable}]\n`;
        const analyzer = new Analyzer();
        analyzer.analyze([unitOf(text, undefined, parsePython(text))]);
        assert.strictEqual(analyzer.facts.calls.length, 1);
      });

      it('run no statement more than eight times, however loops and comprehensions nest', () => {
        const items = (count: number): string =>
          `[${Array.from({ length: count }, (_, index) => `value_${index}`).join(', ')}]`;
        const counted = (outer: number, inner: string[]): number => {
          const text = ['import numpy as np', `for a in ${items(outer)}:`, ...inner, ''].join('\n');
          const analyzer = new Analyzer();
          analyzer.analyze([unitOf(text, undefined, parsePython(text))]);
          return analyzer.facts.calls.length;
        };
        const loop = [`    for b in ${items(2)}:`, '        np.random.rand(3)'];
        const comprehension = [`    draws = [np.random.rand(3) for b in ${items(2)}]`];
        for (const inner of [loop, comprehension]) {
          assert.strictEqual(counted(4, inner), 8);
          assert.strictEqual(counted(5, inner), 5);
          assert.strictEqual(counted(9, inner), 2);
        }
      });
    });

    for (const [className, metric] of [
      ['LogisticRegression', 'accuracy_score(y_test, predictions)'],
      ['Ridge', 'mean_absolute_error(y_test, predictions)'],
      ['GradientBoostingRegressor', 'mean_absolute_error(y_test, predictions)'],
      ['XGBRanker', 'ndcg_score([y_test], [predictions])'],
    ]) {
      it(`ML003 suggests \`${metric}\` for a ${className}`, () => {
        const root = className.startsWith('XGB')
          ? 'xgboost'
          : `sklearn.${modulePrefix(className).slice(0, -1)}`;
        const text = [
          `from ${root} import ${className}`,
          `model = ${className}().fit(X_train, y_train)`,
          'print(model.predict(X_test))',
          '',
        ].join('\n');
        const finding = only(analyzeSource(text), 'ML003');
        assert.ok(finding.message.includes(`(e.g. \`${metric}\`)`), finding.message);
      });
    }

    describe('ML002 baseline lines', () => {
      const header = [
        'from sklearn import model_selection',
        'from sklearn.linear_model import LogisticRegression',
        'from sklearn.metrics import accuracy_score, f1_score',
        'X_train, X_test, y_train, y_test = model_selection.train_test_split(X, y, random_state=0)',
      ];
      const fixedBy = (lines: string[]): string => {
        const text = [...header, ...lines, ''].join('\n');
        const fixed = applyEdits(text, only(analyzeSource(text), 'ML002').fixes[0].edits);
        assert.deepStrictEqual(compiles([fixed]), [true], fixed);
        return fixed;
      };

      it('put the dummy in place of the estimator argument, not of its first mention', () => {
        for (const name of ['model', 's', 'e']) {
          const fixed = fixedBy([
            `${name} = LogisticRegression()`,
            `print(model_selection.cross_val_score(${name}, X, y, cv=3).mean())`,
          ]);
          const call = 'model_selection.cross_val_score(DummyClassifier(), X, y, cv=3)';
          assert.ok(fixed.includes(`print("baseline cross_val_score:", ${call}.mean())`), fixed);
        }
      });

      it('keep the metric call whole, swapping only the predictions', () => {
        const fixed = fixedBy([
          'model = LogisticRegression().fit(X_train, y_train)',
          'print(f1_score(y_test, model.predict(X_test), average="macro"))',
        ]);
        assert.match(fixed, /f1_score\(y_test, baseline\.predict\(X_test\), average="macro"\)\)$/m);

        const byKeyword = fixedBy([
          'model = LogisticRegression().fit(X_train, y_train)',
          'predicted = model.predict(X_test)',
          'print(accuracy_score(y_true=y_test, y_pred=predicted))',
        ]);
        const call = 'accuracy_score(y_true=y_test, y_pred=baseline.predict(X_test))';
        assert.ok(byKeyword.includes(`${call})\n`), byKeyword);
      });

      it('go before a return, where they still run', () => {
        const fixed = fixedBy([
          'def evaluate():',
          '    model = LogisticRegression().fit(X_train, y_train)',
          '    return accuracy_score(y_test, model.predict(X_test))',
        ]);
        const lines = fixed.split('\n');
        const fit = lines.indexOf('    baseline = DummyClassifier().fit(X_train, y_train)');
        assert.ok(fit > 0, fixed);
        assert.match(lines[fit + 2], /^ {4}return accuracy_score/);
      });

      it('are not offered where whole lines cannot go next to the metric', () => {
        for (const lines of [
          ['model = LogisticRegression().fit(X_train, y_train)',
            'if accuracy_score(y_test, model.predict(X_test)) > 0.5:', '    print("good")'],
          ['for fold in range(3):', '    model = LogisticRegression().fit(X_train, y_train)',
            '    print(accuracy_score(y_test, model.predict(X_test))); break'],
        ]) {
          const text = [...header, ...lines, ''].join('\n');
          assert.deepStrictEqual(only(analyzeSource(text), 'ML002').fixes, [], text);
        }
      });

      it('keep what is done with predictions made in the metric, swapping only the model', () => {
        for (const [predictions, baseline] of [
          ['model.predict(X_test) > 0.5', 'baseline.predict(X_test) > 0.5'],
          ['model.predict_proba(X_test)[:, 1]', 'baseline.predict_proba(X_test)[:, 1]'],
          ['[p for p in model.predict(X_test)]', '[p for p in baseline.predict(X_test)]'],
          ['model.decision_function(X_test)', 'baseline.predict(X_test)'],
        ]) {
          const fixed = fixedBy([
            'model = LogisticRegression().fit(X_train, y_train)',
            `print(f1_score(y_test, ${predictions}))`,
          ]);
          assert.ok(fixed.includes(`f1_score(y_test, ${baseline}))\n`), fixed);
        }
      });

      it('are offered only where the data the model was fitted on can be seen', () => {
        const offered = (lines: string[]): boolean => {
          const text = [...header, ...lines, ''].join('\n');
          return only(analyzeSource(text), 'ML002').fixes.length > 0;
        };
        const fittedInFunction = [
          'def train(X, y):',
          '    X_tr, X_te, y_tr, y_te = model_selection.train_test_split(X, y)',
          '    return LogisticRegression().fit(X_tr, y_tr), X_te, y_te',
          'model, X_te, y_te = train(X, y)',
          'print(accuracy_score(y_te, model.predict(X_te)))',
        ];
        const fittedInComprehension = [
          'model = LogisticRegression()',
          'fitted = [model.fit(Xf, yf) for Xf, yf in folds]',
          'print(accuracy_score(y_test, model.predict(X_test)))',
        ];
        const scoredInComprehension = [
          'model = LogisticRegression().fit(X_train, y_train)',
          'print([accuracy_score(yf, model.predict(Xf)) for Xf, yf in folds])',
        ];
        const predictedInFunction = [
          'model = LogisticRegression().fit(X_train, y_train)',
          'def predicted(X_new):',
          '    return model.predict(X_new)',
          'print(accuracy_score(y_test, predicted(X_test)))',
        ];
        const scoredInFunction = [
          'model = LogisticRegression().fit(X_train, y_train)',
          'def report():',
          '    print(accuracy_score(y_test, model.predict(X_test)))',
        ];
        assert.strictEqual(offered(fittedInFunction), false);
        assert.strictEqual(offered(fittedInComprehension), false);
        assert.strictEqual(offered(scoredInComprehension), false);
        assert.strictEqual(offered(predictedInFunction), false);
        assert.strictEqual(offered(scoredInFunction), true);
        fixedBy(scoredInFunction);
      });

      it('go at the line\'s indentation after a line magic in a notebook cell', () => {
        const cells: NotebookCell[] = [
          {
            kind: 'code',
            source: [...header, 'model = LogisticRegression().fit(X_train, y_train)'].join('\n'),
          },
          { kind: 'code', source: '%time print(accuracy_score(y_test, model.predict(X_test)))' },
        ];
        const finding = only(analyzeNotebook(cells), 'ML002');
        const fixed = applyEdits(cells[1].source, finding.fixes[0].edits);
        assert.match(fixed, /\nbaseline = DummyClassifier\(\)\.fit\(X_train, y_train\)\n/);
        assert.match(fixed, /\nprint\("baseline accuracy_score:"/);
      });

      it('give a DummyRegressor only predict, which is all it has', () => {
        const fixed = fixedBy([
          'from sklearn.semi_supervised import LabelSpreading',
          'from sklearn.metrics import mean_squared_error',
          'model = LabelSpreading().fit(X_train, y_train)',
          'print(mean_squared_error(y_test, model.predict_proba(X_test)[:, 1]))',
        ]);
        const call = 'mean_squared_error(y_test, baseline.predict(X_test)[:, 1])';
        assert.ok(fixed.includes(call), fixed);
      });

      it('fit the dummy on the data alone, not on the model\'s own fit parameters', () => {
        const fixed = fixedBy([
          'model = LogisticRegression()',
          'model.fit(X_train, y_train, logisticregression__sample_weight=None, sample_weight=w)',
          'print(accuracy_score(y_test, model.predict(X_test)))',
        ]);
        const fit = 'baseline = DummyClassifier().fit(X_train, y_train, sample_weight=w)';
        assert.ok(fixed.split('\n').includes(fit), fixed);
      });

      it('are not offered where the copy would rebind a name or a generator hides one', () => {
        const offered = (lines: string[]): boolean =>
          only(analyzeSource([...header, ...lines, ''].join('\n')), 'ML002').fixes.length > 0;
        assert.strictEqual(offered([
          'model = LogisticRegression().fit(X_train, y_train)',
          'print(accuracy_score(y_test, (predicted := model.predict(X_test))))',
        ]), false);
        assert.strictEqual(offered([
          'model = LogisticRegression()',
          'fitted = list(model.fit(Xf, yf) for Xf, yf in folds)',
          'print(accuracy_score(y_test, model.predict(X_test)))',
        ]), false);
        assert.strictEqual(offered([
          'model = LogisticRegression().fit(X_train, y_train)',
          'print(max(accuracy_score(yf, model.predict(Xf)) for Xf, yf in folds))',
        ]), false);
      });

      it('are offered in CRLF files with a comment after the metric', () => {
        const text = [...header, 'model = LogisticRegression().fit(X_train, y_train)',
          'print(accuracy_score(y_test, model.predict(X_test)))  # the score', ''].join('\r\n');
        assert.strictEqual(only(analyzeSource(text), 'ML002').fixes.length, 1);
      });

      it('do to the baseline\'s score what the statement does to the model\'s', () => {
        for (const [scored, baseline] of [
          ['model_selection.cross_val_score(model, X, y, cv=3).mean()',
            'model_selection.cross_val_score(DummyClassifier(), X, y, cv=3).mean()'],
          ['model_selection.cross_validate(model, X, y)["test_score"].mean()',
            'model_selection.cross_validate(DummyClassifier(), X, y)["test_score"].mean()'],
          ['model.fit(X_train, y_train).score(X_test, y_test).round(2)',
            'baseline.score(X_test, y_test).round(2)'],
        ]) {
          const fixed = fixedBy(['model = LogisticRegression()', `print(${scored})`]);
          assert.ok(fixed.includes(`:", ${baseline})\n`), fixed);
        }
      });

      it('take a name the program does not use yet', () => {
        const fixed = fixedBy([
          'baseline = 0.9',
          'model = LogisticRegression().fit(X_train, y_train)',
          'print(accuracy_score(y_test, model.predict(X_test)) > baseline)',
        ]);
        assert.match(fixed, /^baseline_2 = DummyClassifier\(\)\.fit\(X_train, y_train\)$/m);
        assert.match(fixed, /^baseline = 0\.9$/m);
      });
    });

    for (const [wrap, dummy] of [
      ['make_pipeline(StandardScaler(), SVR())', 'DummyRegressor'],
      ['make_pipeline(StandardScaler(), SVC())', 'DummyClassifier'],
      ['GridSearchCV(SVR(), {"C": [1, 10]})', 'DummyRegressor'],
      ['GridSearchCV(make_pipeline(StandardScaler(), LinearSVR()), {})', 'DummyRegressor'],
      ['GridSearchCV(SVR(), {"C": [1, 10]}, cv=KFold(3))', 'DummyRegressor'],
    ]) {
      it(`ML002 suggests a ${dummy} for ${wrap}, by the model it wraps`, () => {
        const text = [
          'from sklearn.model_selection import GridSearchCV, KFold, cross_val_score',
          'from sklearn.pipeline import make_pipeline',
          'from sklearn.preprocessing import StandardScaler',
          'from sklearn.svm import SVC, SVR, LinearSVR',
          `model = ${wrap}`,
          'print(cross_val_score(model, X, y, cv=3).mean())',
          '',
        ].join('\n');
        const finding = only(analyzeSource(text), 'ML002');
        assert.match(finding.message, new RegExp(`\`${dummy}\``));
      });
    }

    it('ML002 in a notebook cell puts the import in the inserted lines of that cell', () => {
      const cells = cellsFromIpynb(fixture('notebooks/magics-findings.ipynb'));
      const finding = only(analyzeNotebook(cells), 'ML002');
      const cell = finding.cell as number;
      const fixedCells = cells.map((c, index) =>
        index === cell ? { ...c, source: applyEdits(c.source, finding.fixes[0].edits) } : c,
      );
      assert.match(
        fixedCells[cell].source,
        /from sklearn\.dummy import DummyClassifier\nbaseline = /,
      );
      assert.strictEqual(count(analyzeNotebook(fixedCells), 'ML002'), 0);
    });

    it('ML001 inserts a guard that raises before the call, at its indentation', () => {
      const text = fixture('unvalidated-predict/flask-route.py');
      const fixed = applyEdits(text, only(analyzeSource(text), 'ML001').fixes[0].edits);
      assert.match(
        fixed,
        /\n {4}if features is None or len\(features\) == 0:\n {8}raise ValueError/,
      );
    });
  });
});
