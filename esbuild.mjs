// Bundles the extension client (with its lesson runtime apart), the language server, the CLI
// and the lesson panel's script into dist/.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  external: ['vscode'],
};

// The client requires the lesson runtime only on first use; this keeps that require as it is,
// so dist/client.js loads dist/lessonRuntime.js then instead of carrying it.
const lessonRuntimeApart = {
  name: 'lesson-runtime-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/lessonRuntime$/ }, () => ({
      path: './lessonRuntime.js',
      external: true,
    }));
  },
};

const entries = [
  {
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    plugins: [lessonRuntimeApart],
  },
  { entryPoints: ['client/src/lessons/lessonRuntime.ts'], outfile: 'dist/lessonRuntime.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  {
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: ['media/panel.ts'],
    outfile: 'dist/panel.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
  },
];

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
