// The engine's API: parsing, notebooks (cells, magics, positions), messages, related
// locations, and fixes that make their finding go away.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeNotebook, analyzeSource, parsePython } from '../../core/lint/engine/index';
import { maskIPython } from '../../core/lint/engine/ipython';
import type { Finding, NotebookCell } from '../../core/lint/types';
import { applyEdits, cellsFromIpynb, repoRoot } from './lint-engine-helpers';

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
          '`check_array`, or a guard that raises) — see lesson `data-contracts-and-input-validation`.',
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
      assert.match(only(findings, 'ML000').message, /unexpected `\]`/);
      assert.strictEqual(count(findings, 'ML007'), 1);
      const unclosed = only(analyzeSource('values = foo(1,\nprint(values)\n'), 'ML000');
      assert.match(unclosed.message, /`\(` opened on line 1 is never closed; expected `\)`/);
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
      assert.strictEqual(masked.split('\n')[2], '      y = f(1)');
      assert.strictEqual(masked.split('\n')[3], 'z = 2');
      assert.strictEqual(parsePython(masked).topNode.toString().includes('⚠'), false);
    });

    it('hides the body of non-Python cell magics', () => {
      assert.strictEqual(maskIPython('%%bash\necho hi\n').trim(), '');
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
    ]) {
      it(`ML002 suggests a ${dummy} for a ${className}`, () => {
        const text = [
          'from sklearn import linear_model, naive_bayes, svm, ensemble, neighbors',
          `from sklearn.metrics import ${metric}`,
          'from sklearn.model_selection import train_test_split',
          'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
          `model = ${modulePrefix(className)}${className}().fit(X_train, y_train)`,
          `print(${metric}(y_test, model.predict(X_test)))`,
          '',
        ].join('\n');
        const finding = only(analyzeSource(text), 'ML002');
        assert.match(finding.message, new RegExp(`\`${dummy}\``));
        const fixed = applyEdits(text, finding.fixes[0].edits);
        assert.match(fixed, new RegExp(`^from sklearn\\.dummy import ${dummy}$`, 'm'));
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
