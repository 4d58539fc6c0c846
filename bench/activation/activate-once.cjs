// Loads and activates the bundled extension once in this fresh process, with the fake `vscode`
// module, prints the timings as JSON on stdout, then deactivates it so its server stops.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { vscode, registrations, outputLines, Uri } = require('./fake-vscode.cjs');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
const FAKE_ID = path.join(__dirname, 'vscode.fake');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? FAKE_ID : resolveFilename.call(this, request, ...rest);
};
const fake = new Module(FAKE_ID);
fake.filename = FAKE_ID;
fake.loaded = true;
fake.exports = vscode;
require.cache[FAKE_ID] = fake;

function memento() {
  const values = new Map();
  return {
    get: (key, defaultValue) => (values.has(key) ? values.get(key) : defaultValue),
    update: async (key, value) => void values.set(key, value),
    keys: () => [...values.keys()],
    setKeysForSync: () => undefined,
  };
}

function extensionContext() {
  const storage = Uri.file(path.join(root, 'out', 'bench-storage'));
  return {
    subscriptions: [],
    extension: { id: 'ml-practice.ml-practice', packageJSON: require(path.join(root, 'package.json')) },
    extensionUri: Uri.file(root),
    extensionPath: root,
    asAbsolutePath: (relative) => path.join(root, relative),
    globalState: memento(),
    workspaceState: memento(),
    storageUri: storage,
    globalStorageUri: storage,
    logUri: storage,
    extensionMode: 1,
  };
}

async function main() {
  const context = extensionContext();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const extension = require(path.join(root, 'dist', 'client.js'));
  const loaded = performance.now();
  const loadCpu = process.cpuUsage(cpu);
  await extension.activate(context);
  const activated = performance.now();
  const used = process.cpuUsage(cpu);
  // Activation may leave the server starting (and the packs loading); the run counts only
  // once the server has started and nothing went wrong on the way.
  const serverStarted = await waitForLine('Language server started', 30_000);
  const errors = outputLines.filter((line) => /^\[(error|warn)\]|\[Error/.test(line));
  if (errors.length > 0) throw new Error(`the extension logged errors while activating:\n${errors.join('\n')}`);
  if (!serverStarted) {
    throw new Error(`the language client did not report a started server:\n${outputLines.join('\n')}`);
  }

  process.stdout.write(`${JSON.stringify({
    loadMs: loaded - started,
    activateMs: activated - loaded,
    totalMs: activated - started,
    cpuMs: (used.user + used.system) / 1000,
    loadCpuMs: (loadCpu.user + loadCpu.system) / 1000,
    registrations: registrations.length,
  })}\n`);

  for (const item of context.subscriptions) await item?.dispose?.();
  await extension.deactivate?.();
  await reapChildren();
}

async function waitForLine(text, timeoutMs) {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (outputLines.some((line) => line.includes(text))) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** The language server stops after its client; wait for that, and stop it if it lingers. */
async function reapChildren() {
  const children = () => {
    try {
      const fs = require('node:fs');
      const text = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8');
      return text.trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  for (let waited = 0; waited < 3000 && children().length > 0; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const pid of children()) process.kill(pid, 'SIGTERM');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`activation failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
