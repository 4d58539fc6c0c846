import * as vscode from 'vscode';

export async function startLanguageClient(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): Promise<void> {}
