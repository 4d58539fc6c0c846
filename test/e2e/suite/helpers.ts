// Helpers shared by the real-editor tests: polling with a deadline, the fixture workspace,
// the extension under test, and screenshots taken by the launcher.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MlPracticeApi, PracticeCheckEvent } from '../../../client/src/contracts';

export const EXTENSION_ID = 'ml-practice.ml-practice';

/** Calls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The fixture workspace folder the editor was opened on. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor has no workspace folder open');
  return folder.uri;
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** Activates the extension under test and returns its handle. */
export async function activateExtension(): Promise<vscode.Extension<MlPracticeApi>> {
  const extension = vscode.extensions.getExtension<MlPracticeApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

/** The API the extension returns from activation. */
export async function extensionApi(): Promise<MlPracticeApi> {
  const api = (await activateExtension()).exports;
  assert.ok(api?.practice && api?.lessons, 'the extension returned no API from activation');
  return api;
}

/**
 * Starts something that runs a practice check and resolves with the check on `file`.
 * The listener is attached before `start` runs, so no check can be missed.
 */
export async function nextCheckOf(
  file: vscode.Uri,
  start: () => unknown,
  timeoutMs = 60_000,
): Promise<PracticeCheckEvent> {
  const { practice } = await extensionApi();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no practice check of ${file.path} finished within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = practice.onDidCheck((event) => {
      if (event.file.toString() === file.toString()) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(event);
      }
    });
    Promise.resolve()
      .then(start)
      .catch((error: unknown) => {
        clearTimeout(timer);
        subscription.dispose();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}

/** ML Practice's diagnostics on a document, once at least one with `code` is there. */
export async function findingsWith(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`${code} on ${path.basename(uri.path)}`, () => {
    const ours = ourDiagnostics(uri);
    return ours.some((d) => codeOf(d) === code) ? ours : undefined;
  });
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ml-practice');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) {
    return undefined;
  }
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * Asks the launcher for a screenshot of the editor as it is now, and waits until it is saved.
 * Launchers without a browser to photograph (a desktop editor) leave no channel; then it returns.
 */
export async function screenshot(name: string): Promise<void> {
  const channel = process.env.ML_PRACTICE_E2E_CHANNEL;
  if (!channel) {
    return;
  }
  fs.writeFileSync(path.join(channel, `${name}.request`), '');
  await waitFor(`screenshot ${name}`, () =>
    fs.existsSync(path.join(channel, `${name}.done`)) ? true : undefined,
  );
}

/**
 * The text of the elements matching `selector` in the workbench page (and in its webviews when
 * `inWebviews`), read by the launcher; undefined when the launcher drives no browser.
 */
export async function visibleText(
  selector: string,
  inWebviews = false,
): Promise<string[] | undefined> {
  const channel = process.env.ML_PRACTICE_E2E_CHANNEL;
  if (!channel) {
    return undefined;
  }
  const name = `query-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  fs.writeFileSync(path.join(channel, `${name}.query`), JSON.stringify({ selector, frames: inWebviews }));
  const answer = path.join(channel, `${name}.answer`);
  return waitFor(`the page's text at ${selector}`, () =>
    fs.existsSync(answer) ? (JSON.parse(fs.readFileSync(answer, 'utf8')) as string[]) : undefined,
  );
}

/**
 * Clicks the first element matching `selector` in the workbench or its webviews, as a user
 * would; false when the launcher drives no browser, so the caller can say the test cannot run.
 */
export async function click(selector: string): Promise<boolean> {
  const channel = process.env.ML_PRACTICE_E2E_CHANNEL;
  if (!channel) {
    return false;
  }
  const name = `click-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  fs.writeFileSync(path.join(channel, `${name}.click`), JSON.stringify({ selector }));
  const answer = path.join(channel, `${name}.clicked`);
  const clicked = await waitFor(`a click on ${selector}`, () =>
    fs.existsSync(answer) ? (JSON.parse(fs.readFileSync(answer, 'utf8')) as boolean) : undefined,
  );
  assert.ok(clicked, `nothing on the page matches ${selector}`);
  return true;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
