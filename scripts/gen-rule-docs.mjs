// Writes docs/rules/<CODE>-<slug>.md and docs/rules/README.md from the rule records in
// core/lint/rules, removing pages of rules that no longer exist. Usage: npm run docs:rules
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'rules');

async function loadRenderer() {
  // Inside the repository, so that the bundled code finds the product manifest above it.
  const cache = path.join(root, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cache, 'ml-practice-docs-'));
  const bundle = path.join(tmp, 'render.cjs');
  try {
    await esbuild.build({
      stdin: {
        contents: "export { RULES } from './core/lint/rules';\n" +
          "export { renderRuleDocs } from './core/lint/ruleDocs';\n",
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'warning',
    });
    return createRequire(import.meta.url)(bundle);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const { RULES, renderRuleDocs } = await loadRenderer();
const pages = renderRuleDocs(RULES);

fs.mkdirSync(outDir, { recursive: true });
for (const name of fs.readdirSync(outDir)) {
  if (name.endsWith('.md') && !pages.has(name)) {
    fs.rmSync(path.join(outDir, name));
    console.log(`removed docs/rules/${name}`);
  }
}
for (const [name, text] of pages) {
  const file = path.join(outDir, name);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (old !== text) {
    fs.writeFileSync(file, text);
    console.log(`wrote docs/rules/${name}`);
  }
}
console.log(`${RULES.length} rules documented in docs/rules`);
