// Starts code-server on loopback with throwaway user-data, extensions and config folders and
// settings that keep the editor offline; stops it as a process group. Used by the real-editor
// test launcher and by npm start.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { node24Env } from './e2e-code-server.mjs';

const HOST = '127.0.0.1';

// Everything that would reach beyond this machine, or put a page in front of the tests, is off.
export const OFFLINE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'chat.agent.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'typescript.disableAutomaticTypeAcquisition': true,
  'npm.fetchOnlinePackageInfo': false,
  'git.enabled': false,
  'git.autofetch': false,
  'security.workspace.trust.enabled': false,
};

/** A port on the loopback address that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Makes the temporary folders one editor run uses; `remove()` deletes them all. */
export function makeEditorDirs(prefix = 'ml-practice-editor-') {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    config: path.join(root, 'config'),
    data: path.join(root, 'data'),
    cache: path.join(root, 'cache'),
    runtime: path.join(root, 'runtime'),
  };
  for (const dir of Object.values(dirs)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  return { ...dirs, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes the offline settings, plus any given, as the user's settings. */
export function writeUserSettings(dirs, extra = {}) {
  const userDir = path.join(dirs.userData, 'User');
  mkdirSync(userDir, { recursive: true });
  const settings = { ...OFFLINE_SETTINGS, ...extra };
  writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** The environment for code-server: Node 24 first, XDG folders inside the run, no gallery. */
export function codeServerEnv(paths, dirs, extra = {}) {
  return {
    ...node24Env(paths),
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime,
    // An empty gallery description leaves the editor without an extension marketplace.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Runs code-server's CLI once (installing an extension, for instance) and waits for it. */
export function runCodeServerCli(paths, dirs, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(paths.node, [paths.entry, ...commonArgs(dirs), ...args], {
      env: codeServerEnv(paths, dirs),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`code-server ${args.join(' ')} exited with ${code}:\n${output}`));
      }
    });
  });
}

/**
 * Starts code-server in its own process group and resolves once it listens.
 * Returns the base URL, the child process and `stop()`, which ends the whole group.
 */
export async function startCodeServer(paths, dirs, options = {}) {
  const port = await freePort();
  const configFile = path.join(dirs.config, 'config.yaml');
  writeFileSync(configFile, `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);

  const args = [
    paths.entry,
    ...commonArgs(dirs),
    '--config', configFile,
    '--bind-addr', `${HOST}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.folder ? [options.folder] : []),
  ];
  const child = spawn(paths.node, args, {
    env: codeServerEnv(paths, dirs, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });

  const stop = () => killGroup(child);
  const url = `http://${HOST}:${port}/`;
  try {
    await waitForListening(child, options.onLog ?? (() => undefined));
  } catch (error) {
    stop();
    throw error;
  }
  return { url, port, child, stop };
}

/** Ends a detached child and everything it started. */
export function killGroup(child) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const hard = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }, 3000);
  hard.unref();
}

/** Resolves when the group has exited, ending it hard if it lingers. */
export function waitForExit(child, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function commonArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

function waitForListening(child, onLog) {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      onLog(text);
      if (/HTTP server listening on/.test(output)) {
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      reject(new Error(`code-server exited before listening (${code ?? signal}):\n${output}`));
    });
  });
}
