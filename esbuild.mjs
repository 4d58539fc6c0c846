// Bundles the extension client (with its lesson runtime apart), the language server, the CLI
// (each command apart) and the lesson panel's script into dist/.
// Usage: node esbuild.mjs [--production] [--watch]
import * as path from 'node:path';
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

// The CLI's entry only dispatches; each command is its own bundle, required when it runs, so that
// `ml-practice check` parses the practice runner and not the linter, YAML or schema code. The
// check command's lesson loading (only for --lesson) is apart as well. The client likewise
// requires the lesson runtime (dist/lessonRuntime.js) only on first use, and the language client
// library (dist/languageClient.js) only after activation. The code a check runs imports Node's
// modules by name: for `import * as fs` the bundle copies every export of fs into a new object
// at load, about a millisecond for fs, path and os before the program can start.
const CLI_COMMANDS = ['check', 'lessons', 'lint', 'packs'];

/** Keeps a require matching `filter` as it is, aimed at the bundle `rename(path)` in dist/. */
function requiredApart(filter, rename) {
  return {
    name: 'required-apart',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: `./${rename(args.path)}`, external: true }));
    },
  };
}

const cliEntries = [
  {
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [requiredApart(/^\.\/commands\/\w+$/, (from) => `cli-${path.basename(from)}.js`)],
  },
  ...CLI_COMMANDS.map((command) => ({
    entryPoints: [`cli/commands/${command}.ts`],
    outfile: `dist/cli-${command}.js`,
    plugins: command === 'check'
      ? [requiredApart(/^\.\.\/\.\.\/core\/lessons\/load$/, () => 'cli-lessonLoad.js')]
      : [],
  })),
  { entryPoints: ['core/lessons/load.ts'], outfile: 'dist/cli-lessonLoad.js' },
];

const entries = [
  {
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    plugins: [
      requiredApart(/^\.\/lessonRuntime$/, () => 'lessonRuntime.js'),
      requiredApart(/^\.\/languageClientLibrary$/, () => 'languageClient.js'),
    ],
  },
  { entryPoints: ['client/src/lessons/lessonRuntime.ts'], outfile: 'dist/lessonRuntime.js' },
  { entryPoints: ['client/src/languageClientLibrary.ts'], outfile: 'dist/languageClient.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  ...cliEntries,
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
