// The pack validator: it runs every lesson's code and says which lesson is wrong, where, and
// what the program printed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledLessonsDir, loadPack, scaffoldPack, ScaffoldError } from '../../core/lessons';
import { validatePacks, type PackReport } from '../../core/lessons/validate';
import { findPython } from '../../core/practice';

const root = path.dirname(bundledLessonsDir(__dirname));
const fixture = (name: string) => path.join(root, 'test', 'fixtures', 'lessons', name);

const RUN_FIXTURES = [
  'good',
  'wrong-output',
  'starter-passes',
  'solution-fails',
  'nondeterministic',
  'expect-absent-finding',
  'unexpected-finding',
  'shows-finding',
  'needs-module',
  'path-escape',
  'missing-field',
  'duplicate-a',
  'duplicate-b',
  'v0-pack',
  'newer-version',
];

describe('pack validator', function () {
  this.timeout(180_000);
  let reports: Map<string, PackReport>;

  before(async () => {
    const python = await findPython();
    const list = await validatePacks(RUN_FIXTURES.map(fixture), { python });
    reports = new Map(list.map((report) => [path.basename(report.dir), report]));
  });

  const report = (name: string): PackReport => reports.get(name)!;
  const lessonFile = (name: string) => path.join(fixture(name), `${name}-hello`, 'lesson.md');

  it('passes a pack whose lessons are all right', () => {
    assert.deepStrictEqual(report('good').problems, []);
    assert.strictEqual(report('good').valid, true);
    assert.strictEqual(report('good').validLessons, 1);
  });

  it('names the lesson whose example prints something else, and shows what it printed', () => {
    const { problems, valid } = report('wrong-output');
    assert.strictEqual(valid, false);
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].lesson, 'wrong-output-hello');
    assert.strictEqual(problems[0].file, lessonFile('wrong-output'));
    assert.strictEqual(problems[0].field, 'expectedOutput');
    assert.strictEqual(problems[0].line, 5);
    assert.match(problems[0].message, /example\.py does not print the expected output \(fail\)/);
    assert.match(problems[0].message, /it printed:\n {4}hello from somewhere else/);
    assert.match(problems[0].message, /-hello from wrong-output\n\s+\+hello from somewhere else/);
  });

  it('rejects a starter that already passes', () => {
    const [problem] = report('starter-passes').problems;
    assert.strictEqual(problem.field, 'starter');
    assert.match(problem.message, /starter\.py already passes/);
  });

  it('rejects a solution that does not pass, with its output', () => {
    const [problem] = report('solution-fails').problems;
    assert.strictEqual(problem.field, 'solution');
    assert.match(problem.message, /solution\.py does not pass \(fail\)/);
    assert.match(problem.message, /it printed:\n {4}hello from nowhere/);
  });

  it('rejects an example whose output changes between runs', () => {
    const problems = report('nondeterministic').problems;
    assert.strictEqual(problems.length, 1, JSON.stringify(problems));
    assert.strictEqual(problems[0].field, 'example');
    assert.match(problems[0].message, /different on a second run/);
    assert.match(problems[0].message, /--- first run\n\+\+\+ second run/);
  });

  it('rejects a lesson that promises a lint finding its example does not show', () => {
    const [problem] = report('expect-absent-finding').problems;
    assert.strictEqual(problem.field, 'expectFindings');
    assert.strictEqual(problem.line, 5);
    assert.match(
      problem.message,
      /expectFindings lists ML001, but lint finds no ML001 in example\.py/,
    );
  });

  it('rejects an example with a lint finding the lesson does not mean to show, with its place', () => {
    const problems = report('unexpected-finding').problems;
    assert.strictEqual(problems.length, 1, JSON.stringify(problems));
    assert.strictEqual(problems[0].field, 'expectFindings');
    assert.match(problems[0].message, /^example\.py:10:7: ML001 unvalidated-predict: /);
    assert.match(
      problems[0].message,
      /list ML001 under expectFindings if the lesson means to show it/,
    );
  });

  it('accepts an example that shows the finding its lesson lists', () => {
    assert.deepStrictEqual(report('shows-finding').problems, []);
  });

  it('does not run a lesson whose required modules are missing, and says so', () => {
    const { valid, problems, notes } = report('needs-module');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(valid, true);
    assert.strictEqual(report('needs-module').notRun, 1);
    assert.strictEqual(report('needs-module').validLessons, 0);
    assert.match(
      notes[0],
      /needs-module-hello: code not run, it needs ml_practice_module_nobody_has/,
    );
    assert.match(notes[0], /use --python/);
  });

  it('reports load problems (a .. escape, a missing field) against their pack', () => {
    assert.match(report('path-escape').problems[0].message, /leads outside the pack folder/);
    assert.strictEqual(report('missing-field').problems[0].field, 'title');
    assert.strictEqual(report('missing-field').validLessons, 0);
    assert.strictEqual(report('missing-field').lessons, 1);
  });

  it('reports a lesson id used in two packs against the second', () => {
    assert.strictEqual(report('duplicate-a').valid, true);
    const [problem] = report('duplicate-b').problems;
    assert.strictEqual(problem.lesson, 'shared-lesson');
    assert.strictEqual(problem.line, 2);
    assert.match(problem.message, /also used in pack 'duplicate-a'/);
  });

  it('accepts a migrated pack and says how to update it', () => {
    assert.strictEqual(report('v0-pack').valid, true);
    assert.match(
      report('v0-pack').notes[0],
      /format version 0 .* rename 'expected' to 'expectedOutput'/,
    );
  });

  it('marks a pack it cannot read as invalid and unnamed', () => {
    assert.strictEqual(report('newer-version').id, undefined);
    assert.strictEqual(report('newer-version').valid, false);
  });
});

describe('pack scaffold', function () {
  this.timeout(60_000);
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-test-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('creates a pack whose one lesson prints hello from its id and validates', async () => {
    const dir = scaffoldPack('my-pack', scratch);
    const { pack, problems } = loadPack(dir);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(pack?.lessons[0].expectedOutput, 'hello from my-pack');

    const [report] = await validatePacks([dir], { python: await findPython() });
    assert.deepStrictEqual(report.problems, []);
    assert.strictEqual(report.valid, true);
  });

  it('refuses a bad id and an existing folder', () => {
    assert.throws(() => scaffoldPack('My Pack', scratch), ScaffoldError);
    fs.mkdirSync(path.join(scratch, 'taken'));
    assert.throws(() => scaffoldPack('taken', scratch), /already exists/);
  });
});
