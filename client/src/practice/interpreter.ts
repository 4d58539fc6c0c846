// Chooses the Python interpreter for a file: the Python extension's selection for its workspace
// folder, else the setting mlPractice.pythonPath, else python3 or python on PATH.
import * as vscode from 'vscode';

/** Where the interpreter came from, for the log and the verdict. */
export interface InterpreterChoice {
  /** An explicit interpreter path, or undefined to search PATH. */
  python?: string;
  source: 'python-extension' | 'setting' | 'path';
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string } | undefined;
  resolveEnvironment(
    environment: { id: string; path: string } | string,
  ): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
}

/** The Python extension's public environments API, when it is installed and exposes one. */
async function pythonEnvironments(log: vscode.LogOutputChannel): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension('ms-python.python');
  if (!extension) return undefined;
  try {
    const exports = (extension.isActive ? extension.exports : await extension.activate()) as
      | { environments?: Partial<PythonEnvironmentsApi> }
      | undefined;
    const api = exports?.environments;
    if (typeof api?.getActiveEnvironmentPath !== 'function' || typeof api.resolveEnvironment !== 'function') {
      return undefined;
    }
    return api as PythonEnvironmentsApi;
  } catch (error) {
    log.warn(`The Python extension could not be asked for an interpreter: ${String(error)}`);
    return undefined;
  }
}

async function fromPythonExtension(
  file: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const api = await pythonEnvironments(log);
  if (!api) return undefined;
  try {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    const active = api.getActiveEnvironmentPath(folder?.uri ?? file);
    if (!active) return undefined;
    const resolved = await api.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? (active.path || undefined);
  } catch (error) {
    log.warn(`The Python extension's interpreter could not be resolved: ${String(error)}`);
    return undefined;
  }
}

export async function chooseInterpreter(
  file: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<InterpreterChoice> {
  const selected = await fromPythonExtension(file, log);
  if (selected) return { python: selected, source: 'python-extension' };

  const setting = vscode.workspace.getConfiguration('mlPractice', file).get<string>('pythonPath', '').trim();
  if (setting) return { python: setting, source: 'setting' };

  return { source: 'path' };
}
