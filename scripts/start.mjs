// npm start: builds, lints the sample workspace and checks its practice file with the CLI, then
// opens ML Practice in a real editor on it (desktop VS Code when `code` is on PATH, else
// code-server on 127.0.0.1 with the freshly packaged extension). Ctrl-C stops what it started.
// The editor is skipped when stdin is not a terminal or ML_PRACTICE_NO_EDITOR=1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './e2e-code-server.mjs';
import {
  killGroup,
  makeEditorDirs,
  runCodeServerCli,
  startCodeServer,
  waitForExit,
  writeUserSettings,
} from './e2e-editor.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACE = path.join(ROOT, 'examples', 'workspace');
const FIRST_LESSON = 'scalability-in-ml-systems';
const PRACTICE = path.join(WORKSPACE, 'practice', 'scalability_in_ml_systems.py');

const cleanups = [];
/** Set once Ctrl-C or a signal asks everything to stop. */
let stopping = false;

main().catch(async (error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  await stopAll();
  process.exit(1);
});

async function main() {
  run('npm', ['run', '--silent', 'build']);
  mainJob();

  if (!process.stdin.isTTY || process.env.ML_PRACTICE_NO_EDITOR === '1') {
    console.log('\nNo editor opened (stdin is not a terminal, or ML_PRACTICE_NO_EDITOR=1).');
    return;
  }
  onInterrupt();
  if (onPath('code')) {
    await openDesktop();
  } else {
    await openCodeServer();
  }
}

/** The CLI's two jobs on the sample; findings are the point of the sample, not a failure. */
function mainJob() {
  console.log(`\n$ ml-practice lint ${path.relative(ROOT, WORKSPACE)}`);
  const lint = cli(['lint', WORKSPACE]);
  if (lint > 1) {
    throw new Error(`ml-practice lint could not read the sample workspace (exit ${lint})`);
  }

  console.log(`\n$ ml-practice check ${path.relative(ROOT, PRACTICE)} --lesson ${FIRST_LESSON}`);
  const check = cli(['check', PRACTICE, '--lesson', FIRST_LESSON]);
  if (check > 1) {
    throw new Error(`ml-practice check could not run the practice file (exit ${check})`);
  }
}

function cli(args) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return result.status ?? 2;
}

/** Desktop VS Code with the extension loaded from this folder, until its window closes. */
async function openDesktop() {
  console.log(`\nOpening VS Code on ${WORKSPACE} with ML Practice under development.`);
  const child = spawn(
    'code',
    ['--new-window', '--wait', `--extensionDevelopmentPath=${ROOT}`, WORKSPACE],
    { stdio: 'inherit', detached: true },
  );
  cleanups.push(async () => {
    killGroup(child);
    await waitForExit(child);
  });
  await new Promise((resolve) => child.once('exit', resolve));
}

/** code-server with the packaged extension installed, until Ctrl-C. */
async function openCodeServer() {
  const paths = ensureCodeServer(ROOT, (line) => console.log(line));
  const dirs = makeEditorDirs('ml-practice-start-');
  cleanups.push(() => dirs.remove());
  writeUserSettings(dirs);

  const vsix = path.join(dirs.root, 'ml-practice.vsix');
  console.log('\nPackaging the extension');
  run('npm', ['run', '--silent', 'package', '--', '-o', vsix]);
  await runCodeServerCli(paths, dirs, ['--install-extension', vsix, '--force']);

  const server = await startCodeServer(paths, dirs, { folder: WORKSPACE });
  cleanups.push(async () => {
    server.stop();
    await waitForExit(server.child);
  });
  const url = new URL(server.url);
  url.searchParams.set('folder', WORKSPACE);
  console.log(`\nML Practice is open in code-server: ${url}`);
  console.log('Press Ctrl-C to stop it.');
  await new Promise((resolve) => server.child.once('exit', resolve));
  // Stopped on purpose, code-server's exit is no error.
  if (!stopping) throw new Error('code-server stopped');
}

/** Ctrl-C, a kill, or the terminal closing (SIGHUP) all stop code-server and clean up. */
function onInterrupt() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, async () => {
      stopping = true;
      // With the terminal gone, writing to it fails; cleaning up matters more than saying so.
      process.stdout.on('error', () => {});
      if (signal !== 'SIGHUP') console.log('\nStopping');
      await stopAll();
      process.exit(0);
    });
  }
}

async function stopAll() {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
  cleanups.length = 0;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function onPath(command) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && existsSync(path.join(dir, command)));
}
