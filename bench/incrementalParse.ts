// Times IncrementalParser on the editor benchmark's document: seeded one-character edits of the
// 5,000-line script, each typed and then deleted, against a fresh parse of each version.
// Usage: npx esbuild bench/incrementalParse.ts --bundle --platform=node \
//          --outfile=out/bench-run/incrementalParse.js && node out/bench-run/incrementalParse.js
import { performance } from 'node:perf_hooks';
import { IncrementalParser, parsePython } from '../core/lint/engine/parse';
import { createRng, generateScript, pick } from './corpus';

const EDITS = 500;
const ROUNDS = 3;

/** Each edit types one character at a random place, the next deletes it again. */
function versions(text: string, seed: number): string[] {
  const rng = createRng(seed);
  const all: string[] = [];
  for (let edit = 0; edit < EDITS / 2; edit++) {
    const at = Math.floor(rng() * text.length);
    all.push(text.slice(0, at) + pick(rng, ['e', 'x', '_', '1', '(', ' ']) + text.slice(at), text);
  }
  return all;
}

function msPerVersion(texts: string[], parse: (text: string) => unknown): number {
  const started = performance.now();
  for (const text of texts) parse(text);
  return (performance.now() - started) / texts.length;
}

const text = generateScript(5, 5000);
const edited = versions(text, 8);
for (let round = 1; round <= ROUNDS; round++) {
  const parser = new IncrementalParser();
  parser.parse(text);
  const incremental = msPerVersion(edited, (version) => parser.parse(version));
  const fresh = msPerVersion(edited.slice(0, 40), (version) => parsePython(version));
  console.log(
    `round ${round}: incremental ${incremental.toFixed(3)} ms an edit, ` +
      `fresh parse ${fresh.toFixed(2)} ms (${text.length} characters)`,
  );
}
