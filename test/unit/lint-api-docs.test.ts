// The committed rule docs are exactly what `npm run docs:rules` generates from the rules.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  PROJECT_URL,
  renderRuleDoc,
  renderRuleDocs,
  ruleDocPath,
  TOOL_VERSION,
} from '../../core/lint/ruleDocs';
import { RULES } from '../../core/lint/rules';
import type { RuleMeta } from '../../core/lint/types';
import { productInfo } from '../../core/productInfo';

function repoRoot(): string {
  return productInfo().root;
}

describe('rule docs', () => {
  const docsDir = path.join(repoRoot(), 'docs', 'rules');

  it('match the generator output; run `npm run docs:rules` after changing a rule', () => {
    const expected = renderRuleDocs(RULES);
    for (const [name, text] of expected) {
      const file = path.join(docsDir, name);
      assert.ok(fs.existsSync(file), `docs/rules/${name} is missing`);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), text, `docs/rules/${name} is out of date`);
    }
    const stale = fs
      .readdirSync(docsDir)
      .filter((name) => name.endsWith('.md') && !expected.has(name));
    assert.deepStrictEqual(stale, [], 'pages of rules that no longer exist');
  });

  it('link to the project and version the package manifest names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    assert.strictEqual(PROJECT_URL, manifest.repository.url.replace(/\.git$/, ''));
    assert.strictEqual(TOOL_VERSION, manifest.version);
  });

  it('give every rule a page at the path the links use', () => {
    for (const rule of RULES) {
      assert.ok(fs.existsSync(path.join(repoRoot(), ruleDocPath(rule))), ruleDocPath(rule));
    }
  });

  it('render the summary, examples, lesson and how to turn a rule off', () => {
    const rule: RuleMeta = {
      code: 'ML009',
      slug: 'demo-rule',
      defaultSeverity: 'hint',
      summary: 'A demonstration.',
      explanation: 'Because **reasons**.',
      bad: 'bad()\n',
      good: 'good()\n',
      lesson: 'some-lesson',
    };
    const page = renderRuleDoc(rule);
    assert.match(page, /^# ML009 demo-rule\n\nA demonstration\.\n/m);
    assert.match(page, /Default severity: \*\*hint\*\*\.\nTaught in the lesson `some-lesson`/);
    assert.match(page, /## Flagged\n\n```python\nbad\(\)\n```/);
    assert.match(page, /## Clean\n\n```python\ngood\(\)\n```/);
    assert.match(page, /`# ml-practice: ignore\[ML009\]`/);
    assert.match(page, /ignore = \["ML009"\]/);
    assert.ok(
      renderRuleDocs([rule])
        .get('README.md')!
        .includes('| [ML009](ML009-demo-rule.md) | demo-rule | hint |'),
    );
  });
});
