// The JSON Schemas under schemas/ are generated from the zod schema and must stay in step with it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledLessonsDir } from '../../core/lessons';
import { generateSchemas } from '../../core/lessons/jsonSchema';

const root = path.dirname(bundledLessonsDir(__dirname));

describe('generated JSON Schemas', () => {
  const generated = generateSchemas();

  for (const [name, text] of Object.entries(generated)) {
    it(`schemas/${name} equals a fresh generation (run npm run schemas after changing the format)`, () => {
      const committed = fs.readFileSync(path.join(root, 'schemas', name), 'utf8');
      assert.strictEqual(committed, text);
    });
  }

  it('describes the pack manifest with its required fields and no others', () => {
    const schema = JSON.parse(generated['pack.schema.json']);
    assert.deepStrictEqual(schema.required, [
      'id',
      'title',
      'description',
      'formatVersion',
      'lessons',
    ]);
    assert.strictEqual(schema.additionalProperties, false);
    assert.strictEqual(schema.properties.formatVersion.const, 1);
  });

  it('leaves fields with defaults optional in the front matter schema', () => {
    const schema = JSON.parse(generated['lesson-frontmatter.schema.json']);
    for (const optional of [
      'comparison',
      'timeout',
      'practiceFile',
      'expectFindings',
      'example',
      'expectedOutput',
    ]) {
      assert.ok(!schema.required.includes(optional), optional);
    }
    assert.ok(schema.required.includes('quiz'));
  });

  it('is registered for pack.yaml in the extension manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const entry = manifest.contributes.yamlValidation.find(
      (item: { url: string }) => item.url === './schemas/pack.schema.json',
    );
    assert.ok(entry, 'contributes.yamlValidation has no entry for the pack schema');
    assert.ok(entry.fileMatch.includes('**/pack.yaml'));
    assert.ok(fs.existsSync(path.join(root, entry.url)));
  });
});
