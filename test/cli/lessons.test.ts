// `ml-practice lessons` from the built CLI: the bundled lessons in text and JSON, --pack, exit codes.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledLessonsDir, SECTION_KEYS } from '../../core/lessons';

const root = path.dirname(bundledLessonsDir(__dirname));
const fixture = (name: string) => path.join(root, 'test', 'fixtures', 'lessons', name);

function lessons(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'lessons', ...args],
    {
      encoding: 'utf8',
      cwd: root,
      timeout: 60_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BUNDLED = [
  'scalability-in-ml-systems',
  'latency-budgets-and-timeouts',
  'data-contracts-and-input-validation',
  'baselines-and-metrics',
  'leakage-and-split-strategy',
  'reproducibility-seeds-versions-artifacts',
  'monitoring-and-drift',
  'reliability-fallbacks-and-degradation',
];

describe('ml-practice lessons', () => {
  it('lists every bundled lesson as JSON, in pack order, each with all fifteen sections', () => {
    const run = lessons('--format', 'json');
    assert.strictEqual(run.status, 0, run.stderr);
    const listed = JSON.parse(run.stdout) as {
      id: string;
      title: string;
      pack: string;
      sections: string[];
    }[];
    assert.deepStrictEqual(
      listed.map((lesson) => lesson.id),
      BUNDLED,
    );
    for (const lesson of listed) {
      assert.strictEqual(lesson.pack, 'ml-systems');
      assert.deepStrictEqual(lesson.sections, [...SECTION_KEYS], lesson.id);
    }
    assert.strictEqual(listed[0].title, 'Scalability in ML Systems');
  });

  it('lists packs and lesson titles as text', () => {
    const run = lessons();
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /^ML Systems \(ml-systems\)$/m);
    assert.match(run.stdout, /^ {2}scalability-in-ml-systems +Scalability in ML Systems$/m);
  });

  it('lists the packs given with --pack instead of the bundled ones', () => {
    const run = lessons(
      '--pack',
      fixture('good'),
      `--pack=${fixture('v0-pack')}`,
      '--format',
      'json',
    );
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(
      JSON.parse(run.stdout).map((lesson: { id: string }) => lesson.id),
      ['good-hello', 'v0-pack-hello'],
    );
  });

  it('exits 1 and names file, line and field when a lesson does not load', () => {
    const run = lessons(
      '--pack',
      fixture('good'),
      '--pack',
      fixture('wrong-type'),
      '--format',
      'json',
    );
    assert.strictEqual(run.status, 1);
    assert.deepStrictEqual(
      JSON.parse(run.stdout).map((lesson: { id: string }) => lesson.id),
      ['good-hello'],
    );
    assert.match(
      run.stderr,
      /wrong-type-hello\/lesson\.md:5:1: timeout: expected a number, got a string/,
    );
  });

  it('exits 2 naming a missing --pack folder as given', () => {
    const run = lessons('--pack', '/nonexistent/ml-practice-pack');
    assert.strictEqual(run.status, 2);
    assert.match(run.stderr, /--pack \/nonexistent\/ml-practice-pack: no such folder/);
    assert.doesNotMatch(run.stderr, /\.\.\//);
  });

  it('lists the lessons of a pack given twice once', () => {
    const pack = path.join(root, 'test', 'fixtures', 'lessons', 'good');
    const once = lessons('--pack', pack, '--format', 'json');
    const twice = lessons('--pack', pack, '--pack', pack, '--format', 'json');
    assert.strictEqual(twice.status, 0, twice.stderr);
    assert.strictEqual(twice.stdout, once.stdout);
  });

  it('exits 2 when a --pack folder holds no pack', () => {
    const run = lessons('--pack', path.join(root, 'test', 'fixtures', 'lint'));
    assert.strictEqual(run.status, 2);
    assert.match(run.stderr, /--pack \S+lint: no pack\.yaml in it or in its subfolders/);
  });

  it('exits 2 when a pack.yaml cannot be read, naming it with its absolute path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'pack.yaml'), 'id: [unclosed\n');
      const run = lessons('--pack', dir);
      assert.strictEqual(run.status, 2);
      assert.ok(run.stderr.startsWith(path.join(dir, 'pack.yaml')), run.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors', () => {
    assert.strictEqual(lessons('--format', 'xml').status, 2);
    assert.strictEqual(lessons('--pack').status, 2);
    assert.strictEqual(lessons('extra').status, 2);
  });
});
