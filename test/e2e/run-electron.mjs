// Runs the real-editor suite in a desktop VS Code through @vscode/test-electron: the editor at
// VSCODE_EXECUTABLE when set, else the one test-electron downloads (needs the network).
// Usage: [VSCODE_EXECUTABLE=/path/to/code] node test/e2e/run-electron.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { OFFLINE_SETTINGS } from '../../scripts/e2e-editor.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

for (const script of ['build', 'compile-tests']) {
  if (spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' }).status !== 0) {
    console.error(`npm run ${script} failed`);
    process.exit(1);
  }
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'ml-practice-electron-'));
const workspace = path.join(temp, 'workspace');
cpSync(path.join(ROOT, 'test/e2e/workspace'), workspace, { recursive: true });
const userData = path.join(temp, 'user-data');
mkdirSync(path.join(userData, 'User'), { recursive: true });
writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({ ...OFFLINE_SETTINGS, 'window.restoreWindows': 'none' }, null, 2),
);

let status = 1;
try {
  status = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/test/e2e/suite/index.js'),
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--extensions-dir', path.join(temp, 'extensions'),
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (error) {
  // runTests rejects when the editor exits non-zero; the suite has printed its report by then.
  console.error(`the real-editor suite failed: ${error instanceof Error ? error.message : error}`);
  status = typeof error?.code === 'number' && error.code > 0 ? error.code : 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(status);
