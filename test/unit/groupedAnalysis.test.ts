// A script is analysed in groups of statements that share nothing, and after an edit only the
// groups it touched run again. The findings must be those of one run over the whole script,
// fresh or after any sequence of edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRng, generateScript } from '../../bench/corpus';
import { IncrementalParser, lintSource } from '../../core/lint';
import { AnalysisCache, analyzeScript } from '../../core/lint/engine/components';
import { findingsOf } from '../../core/lint/engine/index';
import { unitOf } from '../../core/lint/engine/parse';
import { withLineFeeds } from '../../core/lint/engine/source';
import { repoRoot } from './lint-engine-helpers';

function scriptsUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Findings in groups and in one run, and how the grouped analysis went. */
function bothWays(source: string): { grouped: unknown; oneRun: unknown; cache: AnalysisCache } {
  const text = withLineFeeds(source);
  const cache = new AnalysisCache(1);
  const grouped = findingsOf(analyzeScript(unitOf(text), cache));
  const oneRun = findingsOf(analyzeScript(unitOf(text)));
  return { grouped, oneRun, cache };
}

/** What is bound and which imports are shared: an editor's cache reads them as a fresh one. */
function assertSameReading(kept: AnalysisCache, fresh: AnalysisCache, message: string): void {
  assert.deepEqual([...kept.bound].sort(), [...fresh.bound].sort(), message);
  const shared = (cache: AnalysisCache): boolean[] => cache.statements.map((s) => s.shared);
  assert.deepEqual(shared(kept), shared(fresh), message);
}

/** Lints `versions` in turn in one editor: each as a fresh lint finds and reads it. */
function assertReadAsFresh(versions: string[]): void {
  const parser = new IncrementalParser();
  for (const [index, text] of versions.entries()) {
    assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `version ${index}`);
    if (index > 1) assertSameReading(parser.analyses, bothWays(text).cache, `version ${index}`);
  }
}

const TYPED = ['x', '_', '1', '(', ')', ' ', ':', '\n', '\n    ', '=', '.', '"', '#'];
const PASTED = [
  'import numpy as np\n',
  'def f(p):\n    return model.predict(p)\n',
  'X = load()\n',
  'model = LogisticRegression()\n',
  'global X\n',
  'del X_train\n',
  'self.model = None\n',
];

/** Typing, deleting, pasting code, or moving a line elsewhere. */
function edited(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const kind = random();
  const pick = (items: string[]): string => items[Math.floor(random() * items.length)];
  if (kind < 0.45) return text.slice(0, at) + pick(TYPED) + text.slice(at);
  if (kind < 0.55) return text.slice(0, at) + pick(PASTED) + text.slice(at);
  if (kind < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 12));
  const lines = text.split('\n');
  const [line] = lines.splice(Math.floor(random() * lines.length), 1);
  lines.splice(Math.floor(random() * lines.length), 0, line);
  return lines.join('\n');
}

describe('grouped analysis', function () {
  this.timeout(120_000);

  it('gives the findings of one run for every fixture script, lesson and example', () => {
    const root = repoRoot();
    const files = ['test/fixtures', 'lessons', 'examples'].flatMap((dir) =>
      scriptsUnder(path.join(root, dir)),
    );
    assert.ok(files.length > 100, `${files.length} scripts`);
    let apart = 0;
    for (const file of files) {
      const { grouped, oneRun, cache } = bothWays(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(grouped, oneRun, path.relative(root, file));
      if (cache.last.groups > 1) apart++;
    }
    assert.ok(apart > files.length / 2, `${apart} of ${files.length} scripts in groups`);
  });

  it('analyses a document once in one run, and in groups from its first edit', () => {
    const text = generateScript(3, 400);
    const parser = new IncrementalParser();
    lintSource(text, {}, parser);
    assert.deepEqual(parser.analyses.last, { groups: 0, ran: 1, inOneRun: true });
    const edited = `${text}x = 1\n`;
    assert.deepEqual(lintSource(edited, {}, parser), lintSource(edited));
    assert.equal(parser.analyses.last.inOneRun, false);
    assert.equal(parser.analyses.last.ran, parser.analyses.last.groups);
  });

  it('splits a long script into its independent parts and runs only the edited one again', () => {
    const text = generateScript(3, 2000);
    const parser = new IncrementalParser();
    lintSource(text, {}, parser);
    lintSource(text, {}, parser);
    const { groups } = parser.analyses.last;
    assert.ok(groups > 50, `${groups} groups`);

    const at = text.indexOf('pred_7 = ');
    assert.ok(at > 0);
    const typed = `${text.slice(0, at)}x${text.slice(at)}`;
    assert.deepEqual(lintSource(typed, {}, parser), lintSource(typed));
    assert.ok(parser.analyses.last.ran <= 2, `${parser.analyses.last.ran} groups ran`);

    // Closing the edit again finds the groups of the first version, moved back.
    assert.deepEqual(lintSource(text, {}, parser), lintSource(text));
    assert.ok(parser.analyses.last.ran <= 2, `${parser.analyses.last.ran} groups ran`);
  });

  it('reads again the ties of only the statements that mention a name bound or assigned anew', () => {
    const base = generateScript(3, 600);
    const version = (cutoff: string, rate: string, path = 'path_r'): string =>
      base +
      [
        'from os import path as path_q',
        `${path} = 1`,
        'where_q = path_q.join("a")',
        `${cutoff} = make_cutoff()`,
        // A call of a name ties its statement to the name's only while something binds it.
        'strict_q = cutoff_q(2)',
        'loose_q = cutoff_q(3)',
        'def configure_q(appq):',
        `    appq.${rate} = 0.1`,
        'def step_q(appq):',
        '    return appq.rate_q * 3',
        '',
      ].join('\n');
    // The cutoff unbound and bound again, the attribute assigned and no longer, then a name
    // an import binds bound by an assignment too, which makes the import one like any other.
    const versions = [
      version('cutoff_q', 'rat_q'),
      version('cutoff', 'rat_q'),
      version('cutoff_q', 'rat_q'),
      version('cutoff_q', 'rate_q'),
      version('cutoff_q', 'rat_q'),
      version('cutoff_q', 'rat_q', 'path_q'),
      version('cutoff_q', 'rat_q'),
    ];
    const parser = new IncrementalParser();
    lintSource(versions[0], {}, parser);
    for (const [index, text] of versions.entries()) {
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `version ${index}`);
      const kept = parser.analyses;
      const fresh = bothWays(text).cache;
      const { groups, inOneRun } = kept.last;
      assert.deepEqual({ groups, inOneRun }, { groups: fresh.last.groups, inOneRun: false });
      assertSameReading(kept, fresh, `version ${index}`);
      // The edited statement, and the two that mention what it binds or assigns.
      if (index > 0 && index < 5) {
        assert.ok(parser.analyses.retied <= 3, `${parser.analyses.retied} read`);
      }
    }
  });

  it('reads again a statement whose text, unchanged, now parses otherwise', () => {
    // Next to the broken import, lezer's error recovery reads `data_ [pd, *X]:` as binding
    // nothing, where on its own the line binds three names.
    const rest = [
      'match list:',
      '    data_ [pd, *X]:',
      '        pass',
      'np = self.fit(self, train_test_split)',
      'X_train, X_test, y_train, y_test = train_test_split(x, f)(',
      'pd: int = a',
      'with open(pd) as list:',
      '    pass(',
      'match pd:',
      '    case [np, *y]:',
      '        y',
      '',
    ].join('\r\n');
    const versions = ['', rest, `import numpy train_test_split a(\r\n${rest}`, rest];
    assertReadAsFresh(versions);
    // A statement that left the text comes back only if it parses as it did.
    assertReadAsFresh(['', 'match list:\r\n    data_ [pd, *X]:\r\n', '', '    data_ [pd, *X]:\r\n']);

    // Under a stray `@`, lezer reads the `with` statement with errors, binding neither name in
    // the brackets; once the `@` goes, the statement is read as it parses now. Read otherwise,
    // `model` stays outside data and its prediction is reported as unvalidated.
    const script = [
      'import numpy as np',
      'from flask import request',
      'with np as (model, c): pass',
      'def f():',
      '    body = request.get_json()',
      '    model.predict(body)',
      '',
    ];
    const broken = [...script.slice(0, 2), '@', ...script.slice(2)].join('\n');
    const fixed = script.join('\n');
    assertReadAsFresh(['', broken, fixed]);
    assertReadAsFresh(['', fixed, broken, fixed]);
    assertReadAsFresh(['', `@\n${script[2]}\n`, '', `${script[2]}\n`]);
  });

  it('brings back the statements a broken bracket swallowed when it is closed', () => {
    const text = generateScript(4, 1500);
    const parser = new IncrementalParser();
    lintSource(text, {}, parser);
    lintSource(text, {}, parser);
    const at = text.indexOf('counts.sum()') + 'counts.su'.length;
    assert.ok(at > 'counts.su'.length);
    const broken = `${text.slice(0, at)}(${text.slice(at)}`;
    assert.deepEqual(lintSource(broken, {}, parser), lintSource(broken));
    assert.equal(parser.analyses.last.inOneRun, false, 'the broken version stays in groups');
    assert.deepEqual(lintSource(text, {}, parser), lintSource(text));
    assert.equal(parser.analyses.last.ran, 0, 'groups that ran again');
  });

  it('analyses in one run a script whose parts meet where the syntax does not show it', () => {
    // `f` reads `X` before binding it: in one run that finds the module's `X`.
    const text = [
      'import joblib',
      'from flask import request',
      'X = request.get_json()',
      'model = joblib.load("m.joblib")',
      'def f():',
      '    y = model.predict(X)',
      '    X = 1',
      '    return y',
      '',
    ].join('\n');
    const { grouped, oneRun, cache } = bothWays(text);
    assert.deepEqual(grouped, oneRun);
    assert.equal(cache.last.inOneRun, true);
    assert.ok(
      (oneRun as { code: string }[]).some((finding) => finding.code === 'ML001'),
      'the unvalidated payload is found',
    );

    // `clf` is bound nowhere: the module reads it as outside data, which `serve` then finds.
    const unbound = [
      'clf.fit(features, labels)',
      'def serve(p):',
      '    out = clf.predict(p)',
      '    clf = None',
      '    return out',
      '',
    ].join('\n');
    const both = bothWays(unbound);
    assert.deepEqual(both.grouped, both.oneRun);
    assert.equal(both.cache.last.inOneRun, true);
    assert.ok((both.oneRun as { code: string }[]).some((finding) => finding.code === 'ML003'));
  });

  it("keeps apart statements that only call the same unknown functions or use Python's builtins", () => {
    const text = [
      'a = load_a()',
      'print(isinstance(a, list), float(len(a)), helper(a))',
      'b = load_b()',
      'print(isinstance(b, list), float(len(b)), helper(b))',
      '',
    ].join('\n');
    const { grouped, oneRun, cache } = bothWays(text);
    assert.deepEqual(grouped, oneRun);
    assert.deepEqual(cache.last, { groups: 2, ran: 2, inOneRun: false });
  });

  it('runs a group again when two imports of a name it uses change places', () => {
    const first = 'from sklearn.model_selection import train_test_split\n';
    const other = 'import mylib as train_test_split\n';
    const use = 'X_train, X_test, y_train, y_test = train_test_split(X, y)\n';
    const parser = new IncrementalParser();
    const versions = [first + other + use, first + other, other, other + first, other + first + use];
    lintSource(versions[0], {}, parser);
    for (const [index, text] of versions.entries()) {
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `version ${index + 1}`);
    }
    assert.ok(lintSource(versions[4]).some((finding) => finding.code === 'ML007'));
  });

  it('runs the groups using a shared import again when the module it imports changes', () => {
    const body = [
      'from sklearn.preprocessing import StandardScaler',
      'X_all = StandardScaler().fit_transform(X)',
      'X_train, X_test, y_train, y_test = tts(X_all, y, random_state=0)',
      'other = 1',
      '',
    ].join('\n');
    const versions = [
      'from sklearn.model_selection import train_test_split as tts',
      'from sklearn.model_selectio import train_test_split as tts',
      'from sklearn.model_selection import train_test_split as tts',
    ].map((head) => `${head}\n${body}`);
    const parser = new IncrementalParser();
    const found = versions.map((text, index) => {
      const findings = lintSource(text, {}, parser);
      assert.deepEqual(findings, lintSource(text), `version ${index + 1}`);
      return findings.some((finding) => finding.code === 'ML004');
    });
    assert.deepEqual(found, [true, false, true], 'the split is a split only from sklearn');
  });

  it('keeps no imports read for a group in a version analysed in one run after all', () => {
    const imports = Array.from({ length: 6 }, (_, index) => `import m${index}\n`).join('');
    const uses = Array.from(
      { length: 10 },
      (_, index) => `a${index} = train_test_split(m0, m1, m2, m3, m4, m5)\n`,
    ).join('');
    const split = 'from sklearn.model_selection import train_test_split\n';
    // The third version's groups would run more imports than one run costs, so it runs once;
    // the fourth changes no binding.
    const versions = [imports + uses, `${imports + uses}\n`, `${split + imports + uses}\n`];
    versions.push(split + imports + uses);
    const parser = new IncrementalParser();
    for (const [index, text] of versions.entries()) {
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `version ${index + 1}`);
    }
    assert.equal(lintSource(versions[3]).filter((finding) => finding.code === 'ML007').length, 10);
  });

  it('runs a group again when a statement comes back across a shared import', () => {
    const imports = 'import xgboost as xgb';
    const unseeded = 'xgb.XGBClassifier(n_estimators=50)';
    const head = 'seeded = xgb.XGBClas';
    const tail = '    sifier(n_estimators=50, random_state=1)';
    // Half-typed text: statements break apart and come back, and the import moves among them.
    const versions = [
      [imports, '', `booseter = ${unseeded}`, `${head}${tail.trim()}`, ''],
      [imports, '', `booseter = ${unseeded}`, head, tail, ''],
      [imports, '', 'booglobal x', `seter = ${unseeded}`, head, tail, ''],
      ['', 'booglobal x', `seter = ${unseeded}`, head, imports, tail, ''],
      ['', 'booglX_testobal x', `seter = ${unseeded}`, head, imports, tail, ''],
      ['', '', 'booglX_testobal x', `seter = ${unseeded}`, head, imports, tail],
    ].map((lines) => lines.join('\n'));
    const parser = new IncrementalParser();
    for (const [index, text] of versions.entries()) {
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `version ${index + 1}`);
    }
  });

  it('runs a group again when a statement came back in a version analysed in one run', () => {
    const draw = 'r = np.random.rand(3)\n';
    const numpy = 'import numpy as np\n';
    const other = 'import m1 as np\n';
    const rest = 'y = 2\n';
    // Importing one name more than 64 times has a version analysed in one run.
    const many = 'import m2\n'.repeat(65);
    const versions = [
      numpy + draw + other + rest,
      numpy + draw + other + rest,
      numpy + other + rest,
      numpy + other + draw + rest + many,
      numpy + other + draw + rest,
      `${numpy + other + draw + rest}z = 1\n`,
    ];
    const parser = new IncrementalParser();
    for (const [index, text] of versions.entries()) {
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `version ${index + 1}`);
    }
    assert.ok(lintSource(versions[0]).some((finding) => finding.code === 'ML007'));
  });

  it('checks kept groups against what a new statement binds', () => {
    const before = [
      'from sklearn.linear_model import LogisticRegression',
      'def evaluate(candidates):',
      '    print(model.predict(X_test))',
      '    return [model for model in candidates]',
      '',
    ];
    const after = [...before];
    after.splice(1, 0, 'model = LogisticRegression().fit(X_train, y_train)');
    const parser = new IncrementalParser();
    lintSource(before.join('\n'), {}, parser);
    lintSource(before.join('\n'), {}, parser);
    const text = after.join('\n');
    assert.deepEqual(lintSource(text, {}, parser), lintSource(text));
    assert.ok(lintSource(text).some((finding) => finding.code === 'ML003'));

    // A condition that calls outside data another statement filled in validates it.
    const called = [
      'from flask import request',
      'import joblib',
      "model = joblib.load('m')",
      'check[0] = request.get_json()',
      'if not check():',
      '    raise SystemExit(1)',
      'print(model.predict(check))',
      '',
    ].join('\n');
    const both = bothWays(called);
    assert.deepEqual(both.grouped, both.oneRun);
  });

  it('sees a name bound by `:=` among a call\'s arguments', () => {
    const text = 'import numpy as np\nprint(np := 5)\nx = np.random.rand(3)\n';
    const { grouped, oneRun } = bothWays(text);
    assert.deepEqual(grouped, oneRun);
    assert.deepEqual(oneRun, []);
  });

  it('analyses in one run a script whose imports of a name bind many names between them', () => {
    const uses = Array.from({ length: 40 }, (_, index) => `x_${index} = np.random.rand(${index})`);
    const groupedAfterEdit = (imports: string[]): boolean => {
      const text = [...imports, ...uses, ''].join('\n');
      const parser = new IncrementalParser();
      lintSource(text, {}, parser);
      assert.deepEqual(lintSource(`${text}#\n`, {}, parser), lintSource(`${text}#\n`));
      return !parser.analyses.last.inOneRun;
    };
    const aliases = (count: number): string =>
      Array.from({ length: count }, (_, index) => `numpy as a${index}`).join(', ');
    assert.equal(groupedAfterEdit(['import numpy as np', 'import numpy as np']), true);
    assert.equal(groupedAfterEdit(Array.from({ length: 70 }, () => 'import numpy as np')), false);
    assert.equal(groupedAfterEdit([`import numpy as np, ${aliases(80)}`]), false);
  });

  it('reads no statement for groups while a script imports a name too often', () => {
    // Each statement would see every import of `a`: reading them all costs the square of the
    // imports, minutes for thousands, and the script is read in one run anyway.
    const text = 'import a\n'.repeat(200);
    const parser = new IncrementalParser();
    for (let version = 0; version < 4; version++) {
      const next = `${text}${'w = 1\n'.repeat(version)}`;
      assert.deepEqual(lintSource(next, {}, parser), lintSource(next), `version ${version + 1}`);
      assert.equal(parser.analyses.last.inOneRun, true);
    }
    const read = parser.analyses.statements.filter((statement) => statement.imports.length > 0);
    assert.equal(read.length, 0, 'statements read for their imports');
  });

  it('analyses in one run a script whose many small groups would each run many imports', () => {
    const groupedAfterEdit = (imports: number): boolean => {
      const uses = Array.from({ length: 500 }, (_, index) => `y_${index} = a.f(${index})`);
      const text = ['import a\n'.repeat(imports), ...uses, ''].join('\n');
      const parser = new IncrementalParser();
      lintSource(text, {}, parser);
      assert.deepEqual(lintSource(`${text}#\n`, {}, parser), lintSource(`${text}#\n`));
      return !parser.analyses.last.inOneRun;
    };
    assert.equal(groupedAfterEdit(2), true);
    assert.equal(groupedAfterEdit(40), false);
  });

  it('keeps in groups functions that each read a name of their own before binding it', () => {
    // Half-typed code often reads a local before the line that binds it.
    const text = [
      'def first(values):',
      '    print(row)',
      '    row = values[0]',
      '    return row',
      '',
      'def second(values):',
      '    print(row)',
      '    row = values[-1]',
      '    return row',
      '',
    ].join('\n');
    const { grouped, oneRun, cache } = bothWays(text);
    assert.deepEqual(grouped, oneRun);
    assert.deepEqual(cache.last, { groups: 2, ran: 2, inOneRun: false });
  });

  it("builds each edit's flat tree in the memory of the tree two versions before", () => {
    let text = generateScript(3, 400);
    const parser = new IncrementalParser();
    const cache = parser.analyses;
    lintSource(text, {}, parser);
    const random = createRng(5);
    let handedOver = 0;
    for (let edit = 1; edit <= 12; edit++) {
      const retired = cache.retired;
      const bytes = retired?.bytes;
      text = edited(text, random);
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `edit ${edit}`);
      if (retired !== undefined && retired.bytes === 0) {
        handedOver++;
        assert.equal(cache.flat!.bytes, bytes, `edit ${edit}`);
        assert.equal(retired.count, 0, `edit ${edit}: the retired tree is left with no nodes`);
      }
      // The first edit starts the groups; from the second, the tree before is kept to reuse.
      assert.equal(cache.retired !== undefined, edit >= 2, `edit ${edit}`);
    }
    assert.ok(handedOver >= 8, `only ${handedOver} of 10 edits reused a tree's memory`);

    // A tree larger than the limit is let go instead.
    cache.maxRetiredBytes = cache.flat!.bytes - 1;
    lintSource(`${text}x = 1\n`, {}, parser);
    assert.equal(cache.retired, undefined);
  });

  it('keeps no memory of the larger versions of a document that shrank', () => {
    const parser = new IncrementalParser();
    let text = 'x = 1\n';
    for (let edit = 0; edit < 3; edit++) lintSource((text += 'y = 2\n'), {}, parser);
    const pasted = text + generateScript(1, 3000);
    lintSource(pasted, {}, parser);
    lintSource(`${pasted}z = 3\n`, {}, parser);
    const large = parser.analyses.flat!.bytes;
    for (let edit = 0; edit < 5; edit++) lintSource((text += `w${edit} = ${edit}\n`), {}, parser);
    const kept = parser.analyses.flat!.bytes + (parser.analyses.retired?.bytes ?? 0);
    assert.ok(kept < large / 50, `${kept} bytes kept for a 10-line document`);
  });

  it("gives a fresh analysis's findings after many edits, moves and pastes", () => {
    const random = createRng(11);
    for (const seed of [1, 2]) {
      let text = generateScript(seed, 500);
      const parser = new IncrementalParser();
      lintSource(text, {}, parser);
      for (let edit = 1; edit <= 80; edit++) {
        text = edited(text, random);
        assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `seed ${seed}, edit ${edit}`);
        assertSameReading(parser.analyses, bothWays(text).cache, `seed ${seed}, edit ${edit}`);
      }
    }
  });
});
