// Runs the engine over every fixture under test/fixtures/lint and compares the findings with
// the `<fixture>.expected.json` stored beside it; adding a fixture needs no code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeNotebook, analyzeSource } from '../../core/lint/engine/index';
import {
  asExpected,
  cellsFromIpynb,
  precisionRecall,
  repoRoot,
  scoreFindings,
  type ExpectedFinding,
  type Score,
} from './lint-engine-helpers';

const fixtureRoot = path.join(repoRoot(), 'test', 'fixtures', 'lint');

function fixtureFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return fixtureFiles(full);
      return /\.(py|ipynb)$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

export function lintFixture(file: string): ExpectedFinding[] {
  const text = fs.readFileSync(file, 'utf8');
  const findings = file.endsWith('.ipynb')
    ? analyzeNotebook(cellsFromIpynb(text))
    : analyzeSource(text);
  return findings.map(asExpected);
}

function readExpected(file: string): ExpectedFinding[] {
  const expectedFile = `${file}.expected.json`;
  assert.ok(fs.existsSync(expectedFile), `missing ${path.relative(repoRoot(), expectedFile)}`);
  return JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as ExpectedFinding[];
}

describe('lint rules over the fixture corpus', () => {
  const files = fixtureFiles(fixtureRoot);

  it('has at least 60 fixtures, each with its expected findings', () => {
    assert.ok(files.length >= 60, `only ${files.length} fixtures`);
    for (const file of files) readExpected(file);
  });

  for (const file of files) {
    it(path.relative(fixtureRoot, file), () => {
      assert.deepStrictEqual(lintFixture(file), readExpected(file));
    });
  }

  it('scores precision and recall of 1 for every rule over the corpus', () => {
    const scores = new Map<string, Score>();
    for (const file of files) scoreFindings(scores, lintFixture(file), readExpected(file));
    const summary = [...scores]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, score]) => {
        const { precision, recall } = precisionRecall(score);
        return `${code} P=${precision.toFixed(2)} R=${recall.toFixed(2)} (tp ${score.truePositives})`;
      });
    console.log(`      ${summary.join('; ')}`);
    for (const [code, score] of scores) {
      assert.deepStrictEqual(
        { code, ...precisionRecall(score) },
        { code, precision: 1, recall: 1 },
      );
    }
  });
});
