// Runs the real-editor suite offline: code-server under Node 24 on loopback, driven by Debian's
// Chromium through playwright-core; prints the suite's report and exits with its status.
// Usage: node test/e2e/run-code-server.mjs [--grep PATTERN]
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from '../../scripts/e2e-code-server.mjs';
import {
  makeEditorDirs,
  startCodeServer,
  waitForExit,
  writeUserSettings,
} from '../../scripts/e2e-editor.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUITE = path.join(ROOT, 'out/test/e2e/suite/index.js');
const FIXTURE = path.join(ROOT, 'test/e2e/workspace');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SUITE_DEADLINE_MS = 10 * 60 * 1000;
const VIEWPORT = { width: 1400, height: 900 };

// Settings the suite relies on, on top of the offline ones.
const SUITE_SETTINGS = {
  'mlPractice.pythonPath': '/usr/bin/python3',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

const cleanups = [];

main().then(
  (code) => finish(code),
  (error) => {
    console.error(`e2e: ${error instanceof Error ? error.stack ?? error.message : error}`);
    finish(1);
  },
);
process.once('SIGINT', () => finish(130));
process.once('SIGTERM', () => finish(143));

async function main() {
  const started = Date.now();
  buildIfStale();
  const paths = ensureCodeServer(ROOT, (line) => console.log(`e2e: ${line}`));

  const dirs = makeEditorDirs('ml-practice-e2e-');
  cleanups.push(() => dirs.remove());
  const workspace = path.join(dirs.root, 'workspace');
  cpSync(FIXTURE, workspace, { recursive: true });
  writeUserSettings(dirs, SUITE_SETTINGS);

  const channel = path.join(dirs.root, 'channel');
  mkdirSync(channel);
  const resultsFile = path.join(channel, 'results.log');
  writeFileSync(resultsFile, '');
  mkdirSync(ARTIFACTS, { recursive: true });

  const serverLog = [];
  const server = await startCodeServer(paths, dirs, {
    smokeTestDriver: true,
    env: {
      ML_PRACTICE_E2E_CHANNEL: channel,
      ML_PRACTICE_E2E_GREP: grepArgument() ?? '',
    },
    onLog: (text) => serverLog.push(text),
  });
  cleanups.push(async () => {
    server.stop();
    await waitForExit(server.child);
  });
  // A last resort should the launcher end before its cleanups run.
  process.once('exit', () => server.stop());
  console.log(`e2e: code-server ${server.url} (workspace ${workspace})`);

  const authority = await remoteAuthority(server.url);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The launcher's own handlers close the browser after the suite's other processes.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  cleanups.push(() => browser.close().catch(() => undefined));

  const page = await openWorkbench(browser, server.url, authority, workspace);
  const exit = waitForAutomationExit(page);
  const tail = tailFile(resultsFile, (text) => process.stdout.write(text));
  const requests = serveRequests(page, channel);
  cleanups.push(() => tail.stop(), () => requests.stop());

  const code = await Promise.race([exit, deadline(SUITE_DEADLINE_MS)]);
  tail.flush();
  if (code === 'deadline') {
    console.error(`e2e: the suite did not finish within ${SUITE_DEADLINE_MS / 1000} s`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'deadline.png') }).catch(() => undefined);
    console.error(serverLog.join('').slice(-4000));
    return 1;
  }

  const counts = countResults(readFileSync(resultsFile, 'utf8'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (counts.passed + counts.failed === 0) {
    console.error('e2e: the suite ran no test');
    return 1;
  }
  if (counts.failed > 0 || code !== 0) {
    keepLogs(dirs.userData);
  }
  console.log(`e2e: ${counts.passed} passed, ${counts.failed} failed`);
  console.log(`e2e: finished in ${seconds} s, screenshots in ${path.relative(ROOT, ARTIFACTS)}/`);
  return counts.failed > 0 && code === 0 ? 1 : code;
}

/** Rebuilds the bundles and the compiled tests when a source file is newer than them. */
function buildIfStale() {
  const outputs = [path.join(ROOT, 'dist/client.js'), SUITE];
  const oldestOutput = Math.min(
    ...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)),
  );
  const sources = ['client', 'server', 'core', 'cli', 'test/e2e/suite', 'package.json'];
  const newestSource = Math.max(...sources.map((entry) => newestMtime(path.join(ROOT, entry))));
  if (oldestOutput >= newestSource) {
    return;
  }
  for (const script of ['build', 'compile-tests']) {
    console.log(`e2e: npm run ${script}`);
    const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error(`npm run ${script} failed`);
    }
  }
}

function newestMtime(entry) {
  if (!existsSync(entry)) {
    return 0;
  }
  const stat = statSync(entry);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))),
  );
}

/** Copies the editor's logs (the extension's own log among them) next to the screenshots. */
function keepLogs(userData) {
  const logs = path.join(userData, 'logs');
  if (existsSync(logs)) {
    const target = path.join(ARTIFACTS, 'logs');
    rmSync(target, { recursive: true, force: true });
    cpSync(logs, target, { recursive: true });
    console.log(`e2e: editor logs kept in ${path.relative(ROOT, target)}/`);
  }
}

function grepArgument() {
  const at = process.argv.indexOf('--grep');
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The remote authority the workbench page names in its configuration. */
async function remoteAuthority(baseUrl) {
  const response = await fetch(baseUrl);
  const html = await response.text();
  const match = /id="vscode-workbench-web-configuration"[^>]*data-settings="([^"]*)"/.exec(html);
  if (!match) {
    throw new Error(`no workbench configuration in the page at ${baseUrl}`);
  }
  const settings = JSON.parse(decodeHtml(match[1]));
  if (typeof settings.remoteAuthority !== 'string') {
    throw new Error(`the workbench configuration at ${baseUrl} names no remoteAuthority`);
  }
  return settings.remoteAuthority;
}

function decodeHtml(text) {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Opens the workbench on the workspace with the extension and its tests loaded. */
async function openWorkbench(browser, baseUrl, authority, workspace) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await keepOnLoopback(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`e2e: page error: ${error.message}`));
  page.on('crash', () => console.error('e2e: the page crashed'));
  page.on('console', (message) => {
    if (process.env.ML_PRACTICE_E2E_VERBOSE === '1') {
      console.log(`e2e [page ${message.type()}] ${message.text()}`);
    }
  });

  const remote = (file) => `vscode-remote://${authority}${pathToFileURL(file).pathname}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(SUITE)],
    ['skipWelcome', 'true'],
  ]);
  const url = new URL(baseUrl);
  url.searchParams.set('folder', workspace);
  url.searchParams.set('payload', payload);

  await page.goto(url.toString());
  return page;
}

/** Aborts every request the page makes to anything but this machine, and says so. */
async function keepOnLoopback(context) {
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
    if (local || ['data:', 'blob:', 'vscode-file:'].includes(target.protocol)) {
      return route.continue();
    }
    console.error(`e2e: blocked a request to ${target.origin}`);
    return route.abort('blockedbyclient');
  });
}

/** Resolves with the exit code the workbench reports when the extension host ends the run. */
async function waitForAutomationExit(page) {
  return new Promise((resolve, reject) => {
    page
      .exposeFunction('codeAutomationExit', (code) => resolve(typeof code === 'number' ? code : 1))
      .then(() => page.exposeFunction('codeAutomationLog', () => undefined))
      .catch(reject);
  });
}

function deadline(ms) {
  return new Promise((resolve) => setTimeout(() => resolve('deadline'), ms).unref());
}

/** Follows a file as the suite appends to it, handing each new piece to `write`. */
function tailFile(file, write) {
  let offset = 0;
  const flush = () => {
    const text = readFileSync(file, 'utf8');
    if (text.length > offset) {
      write(text.slice(offset));
      offset = text.length;
    }
  };
  const timer = setInterval(flush, 200);
  return { flush, stop: () => clearInterval(timer) };
}

/**
 * Answers the suite's requests about what the page shows. The suite writes NAME.request to get
 * test-artifacts/NAME.png (answered by NAME.done), or NAME.query holding a CSS selector to get
 * the text of the matching elements (answered by NAME.answer), in webview frames too when asked,
 * or NAME.click holding a CSS selector whose first match, in any frame, is clicked (answered by
 * NAME.clicked with true, or false when nothing matched).
 */
function serveRequests(page, channel) {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) {
      return;
    }
    busy = true;
    try {
      for (const file of readdirSync(channel)) {
        await answer(page, channel, file);
      }
    } catch (error) {
      console.error(`e2e: request failed: ${error instanceof Error ? error.message : error}`);
    } finally {
      busy = false;
    }
  }, 150);
  return { stop: () => clearInterval(timer) };
}

async function answer(page, channel, file) {
  const extension = path.extname(file);
  const name = path.basename(file, extension);
  const replies = { '.request': '.done', '.query': '.answer', '.click': '.clicked' };
  if (!(extension in replies)) {
    return;
  }
  const reply = path.join(channel, `${name}${replies[extension]}`);
  if (existsSync(reply)) {
    return;
  }

  if (extension === '.click') {
    const { selector } = JSON.parse(readFileSync(path.join(channel, file), 'utf8'));
    writeFileSync(reply, JSON.stringify(await clickFirst(page, selector)));
    return;
  }

  if (extension === '.request') {
    const target = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: target });
    writeFileSync(reply, target);
    return;
  }

  const { selector, frames } = JSON.parse(readFileSync(path.join(channel, file), 'utf8'));
  const texts = [];
  for (const frame of frames ? page.frames() : [page.mainFrame()]) {
    const found = await frame
      .$$eval(selector, (elements) =>
        elements.map((element) => element.getAttribute('aria-label') || element.textContent || ''),
      )
      .catch(() => []);
    texts.push(...found);
  }
  writeFileSync(reply, JSON.stringify(texts));
}

/** Clicks the first element matching `selector` in the page or any of its webview frames. */
async function clickFirst(page, selector) {
  for (const frame of page.frames()) {
    const element = await frame.$(selector).catch(() => null);
    if (element) {
      await element.click();
      return true;
    }
  }
  return false;
}

/** Reads the counts from mocha's closing summary. */
function countResults(report) {
  const passing = /^\s*(\d+) passing/m.exec(report);
  const failing = /^\s*(\d+) failing/m.exec(report);
  return {
    passed: passing ? Number(passing[1]) : 0,
    failed: failing ? Number(failing[1]) : 0,
  };
}

let finishing = false;

async function finish(code) {
  if (finishing) {
    return;
  }
  finishing = true;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`e2e: cleanup failed: ${error instanceof Error ? error.message : error}`);
    }
  }
  process.exit(code);
}
