// Read-only virtual documents holding a check's expected and actual output, for the diff view.
import * as vscode from 'vscode';
import type { PracticeCheckEvent } from '../contracts';

export const OUTPUT_SCHEME = 'ml-practice-output';

export class OutputDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Stores both sides of a check and returns their addresses. */
  store(event: PracticeCheckEvent): { expected: vscode.Uri; actual: vscode.Uri } {
    const base = `/${encodeURIComponent(event.lesson.packId)}/${encodeURIComponent(event.lesson.id)}`;
    const expected = vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `${base}/expected output` });
    const actual = vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `${base}/actual output` });
    this.texts.set(expected.path, event.result.expected);
    this.texts.set(actual.path, event.result.actual);
    this.changed.fire(expected);
    this.changed.fire(actual);
    return { expected, actual };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
