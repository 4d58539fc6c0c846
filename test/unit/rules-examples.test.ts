// Every rule's documented `bad` example is flagged by that rule and its `good` example is clean.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeNotebook, analyzeSource } from '../../core/lint/engine/index';
import { RULES } from '../../core/lint/rules/index';
import type { Finding, RuleMeta } from '../../core/lint/types';
import { cellsFromPercent, repoRoot } from './lint-engine-helpers';

function analyzeExample(rule: RuleMeta, text: string): Finding[] {
  return rule.code.startsWith('NB') ? analyzeNotebook(cellsFromPercent(text)) : analyzeSource(text);
}

const LESSONS: Record<string, string> = {
  ML000: 'scalability-in-ml-systems',
  ML001: 'data-contracts-and-input-validation',
  ML002: 'baselines-and-metrics',
  ML003: 'baselines-and-metrics',
  ML004: 'leakage-and-split-strategy',
  ML005: 'leakage-and-split-strategy',
  ML006: 'baselines-and-metrics',
  ML007: 'reproducibility-seeds-versions-artifacts',
  NB001: 'reproducibility-seeds-versions-artifacts',
};

describe('rule examples', () => {
  it('lists every rule once, each in a file named by its slug, linked to its lesson', () => {
    assert.deepStrictEqual(
      RULES.map((rule) => rule.code),
      Object.keys(LESSONS),
    );
    for (const rule of RULES) {
      assert.strictEqual(rule.lesson, LESSONS[rule.code], rule.code);
      const file = path.join(repoRoot(), 'core', 'lint', 'rules', `${rule.slug}.ts`);
      assert.ok(fs.existsSync(file), `${rule.code}: no ${file}`);
      assert.ok(rule.summary.length > 0 && rule.explanation.length > 0, rule.code);
    }
  });

  for (const rule of RULES) {
    it(`${rule.code} ${rule.slug}: the bad example is flagged`, () => {
      const codes = analyzeExample(rule, rule.bad).map((finding) => finding.code);
      assert.ok(codes.includes(rule.code), `${rule.code} not in [${codes.join(', ')}]`);
    });

    it(`${rule.code} ${rule.slug}: the good example is clean`, () => {
      assert.deepStrictEqual(analyzeExample(rule, rule.good), []);
    });
  }
});
