import * as vscode from 'vscode';
import type { LessonCatalog, PracticeChecks } from '../contracts';

export interface LessonFeatures extends LessonCatalog {
  /** Gives the lesson panel its Check button once the practice features exist. */
  attachPractice(practice: PracticeChecks): void;
}

export function registerLessonFeatures(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): LessonFeatures {
  const onDidChange = new vscode.EventEmitter<void>();
  return {
    packs: () => [],
    lessons: () => [],
    find: () => undefined,
    onDidChange: onDidChange.event,
    attachPractice: () => undefined,
  };
}
