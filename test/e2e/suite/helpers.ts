// Helpers shared by the real-editor tests: polling with a deadline, the fixture workspace,
// the extension under test, and screenshots taken by the launcher.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

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
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
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

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
