// Reading lesson.md: front matter boundaries and the `## ` sections.
import * as assert from 'assert';
import { parseSections, PROSE_SECTIONS, splitFrontMatter } from '../../core/lessons/markdown';

function allSections(extra = ''): string {
  return (
    PROSE_SECTIONS.map((section) => `## ${section.title}\n\nAbout ${section.key}.\n`).join('\n') +
    extra
  );
}

describe('lesson Markdown', () => {
  it('splits front matter from the body and tells where each starts', () => {
    const split = splitFrontMatter('---\nid: a\ntitle: b\n---\n# Title\n');
    assert.ok(!('message' in split));
    assert.strictEqual(split.yaml, 'id: a\ntitle: b');
    assert.strictEqual(split.yamlLine, 2);
    assert.strictEqual(split.bodyLine, 5);
  });

  it('reports a file without front matter, and front matter that is not closed', () => {
    assert.match(
      (splitFrontMatter('# Title\n') as { message: string }).message,
      /start with YAML front matter/,
    );
    assert.match((splitFrontMatter('---\nid: a\n') as { message: string }).message, /not closed/);
  });

  it('reads every section, matching titles without regard to case', () => {
    const body = allSections().replace('## Real-world uses', '## REAL-WORLD USES');
    const { sections, problems } = parseSections(body, 1);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(sections.realWorldUses, 'About realWorldUses.');
    assert.strictEqual(Object.keys(sections).length, PROSE_SECTIONS.length);
  });

  it('keeps ## lines inside fenced code as part of the section', () => {
    const body = allSections().replace('About syntax.', '```python\n## not a heading\nx = 1\n```');
    const { sections, problems } = parseSections(body, 1);
    assert.deepStrictEqual(problems, []);
    assert.match(sections.syntax ?? '', /## not a heading/);
  });

  it('reports unknown, repeated and empty sections with their lines', () => {
    const body = allSections('\n## Further reading\n\nx\n\n## Summary\n\nagain\n').replace(
      'About howItWorks.',
      '',
    );
    const { problems } = parseSections(body, 10);
    const messages = problems.map((problem) => `${problem.line}: ${problem.message}`);
    assert.ok(
      messages.some((m) =>
        /unknown section 'Further reading': expected one of Summary, Syntax/.test(m),
      ),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /section 'Summary' appears twice \(first on line 10\)/.test(m)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /section '## How it works' is empty/.test(m)),
      messages.join('\n'),
    );
  });

  it('reports prose before the first section, which would never be shown', () => {
    const { problems } = parseSections(`# Title\n\nStray words.\n\n${allSections()}`, 20);
    assert.deepStrictEqual(
      problems.map((problem) => problem.line),
      [22],
    );
  });
});
