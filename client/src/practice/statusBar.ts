// A status bar item with the last practice verdict; clicking it shows the diff or checks again.
import * as vscode from 'vscode';
import type { PracticeCheckEvent } from '../contracts';

const ICONS = { pass: '$(pass)', fail: '$(error)', error: '$(bug)', timeout: '$(watch)' } as const;

export function createVerdictStatus(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('mlPractice.verdict', vscode.StatusBarAlignment.Left, 50);
  item.name = 'ML Practice verdict';
  return item;
}

export function showVerdict(item: vscode.StatusBarItem, event: PracticeCheckEvent): void {
  const { lesson, result } = event;
  item.text = `${ICONS[result.verdict]} Practice: ${result.verdict}`;
  item.tooltip = `${lesson.title}\n${result.message}\nPython: ${result.python}`;
  item.backgroundColor =
    result.verdict === 'pass' ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
  item.command =
    result.verdict === 'pass'
      ? { title: 'Check again', command: 'mlPractice.checkPractice', arguments: [lesson.id, event.file] }
      : { title: 'Show diff', command: 'mlPractice.showDiff', arguments: [lesson.id] };
  item.show();
}
