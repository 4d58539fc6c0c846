// Generates the JSON Schemas the editor uses to complete and check pack.yaml and lesson front
// matter, from the same zod schemas the loader checks with.
import * as z from 'zod';
import { lessonFrontMatterSchema, packManifestSchema } from './schema';

export const SCHEMA_FILES = {
  'pack.schema.json': { schema: packManifestSchema, title: 'ML Practice lesson pack (pack.yaml)' },
  'lesson-frontmatter.schema.json': {
    schema: lessonFrontMatterSchema,
    title: 'ML Practice lesson front matter (the YAML between --- lines at the top of lesson.md)',
  },
} as const;

/** File name to file content, exactly as committed under schemas/. */
export function generateSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SCHEMA_FILES).map(([name, { schema, title }]) => {
      // io "input": fields with defaults are optional for the person writing the file.
      const json = { title, ...z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) };
      return [name, `${JSON.stringify(json, null, 2)}\n`];
    }),
  );
}
