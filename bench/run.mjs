// Bundles the TypeScript benchmark (it imports the lint engine from core/) and runs it in a
// fresh Node process, passing the command-line flags through and returning its exit code.
// Usage: node bench/run.mjs [--check] [--only lint,lsp,runner,extension] [--cpu-prof]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'out', 'bench-run', 'main.js');

await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});

// --cpu-prof profiles the in-process measurements (the lint figures) into out/bench-run/profiles.
const args = process.argv.slice(2);
const profile = args.includes('--cpu-prof')
  ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, 'out', 'bench-run', 'profiles')]
  : [];
const benchArgs = args.filter((arg) => arg !== '--cpu-prof');
// --expose-gc lets the lint section collect before each size (never inside a timed run).
const flags = [...profile, '--expose-gc', '--enable-source-maps'];
const result = spawnSync(process.execPath, [...flags, outfile, ...benchArgs], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
