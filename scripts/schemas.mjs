// Writes schemas/*.json from the lesson format's zod schemas (npm run schemas).
import * as esbuild from 'esbuild';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'ml-practice-schemas-'));

try {
  const bundle = join(scratch, 'jsonSchema.cjs');
  await esbuild.build({
    entryPoints: [join(root, 'core/lessons/jsonSchema.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });

  const { generateSchemas } = createRequire(import.meta.url)(bundle);
  const outDir = join(root, 'schemas');
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(generateSchemas())) {
    writeFileSync(join(outDir, name), text);
    console.log(`wrote schemas/${name}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
