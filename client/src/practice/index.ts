import * as vscode from 'vscode';
import type { LessonCatalog, PracticeChecks } from '../contracts';

export function registerPracticeFeatures(
  _context: vscode.ExtensionContext,
  _log: vscode.LogOutputChannel,
  _catalog: LessonCatalog,
): PracticeChecks {
  const onDidCheck = new vscode.EventEmitter<never>();
  return {
    practiceUri: () => undefined,
    check: () => Promise.reject(new Error('practice checks are not available in this build')),
    onDidCheck: onDidCheck.event,
  };
}
