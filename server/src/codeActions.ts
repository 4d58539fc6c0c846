// Quick fixes for ml-practice diagnostics: the finding's own fixes (the first one preferred)
// and "Ignore <CODE> on this line".
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { isDiagnosticData, SOURCE, type FixData } from './diagnostics';

export function codeActionsFor(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || !isDiagnosticData(diagnostic.data)) continue;
    const data = diagnostic.data;

    data.fixes.forEach((fix, index) => {
      actions.push(toAction(uri, diagnostic, fix, index === 0));
    });
    if (data.ignore !== undefined) {
      actions.push(toAction(uri, diagnostic, data.ignore, false));
    }
  }
  return actions;
}

function toAction(uri: string, diagnostic: Diagnostic, fix: FixData, isPreferred: boolean): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred,
    edit: { changes: { [uri]: fix.edits } },
  };
}
