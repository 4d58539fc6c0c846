// Quick fixes for ml-practice diagnostics: the finding's own fixes (the first one preferred)
// and "Ignore <CODE> on this line", built against the document's current text.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver/node';
import { isDiagnosticData, SOURCE, toTextEdit, type FixData } from './diagnostics';
import { ignoreOnLineFix, type Finding } from './engine';

export function codeActionsFor(uri: string, text: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || !isDiagnosticData(diagnostic.data)) continue;

    diagnostic.data.fixes.forEach((fix, index) => {
      actions.push(toAction(uri, diagnostic, fix, index === 0));
    });
    const ignore = ignoreFix(text, diagnostic.data.code, diagnostic.range);
    if (ignore !== undefined) actions.push(toAction(uri, diagnostic, ignore, false));
  }
  return actions;
}

function ignoreFix(text: string, code: string, range: Range): FixData | undefined {
  const finding: Finding = {
    code,
    slug: '',
    severity: 'warning',
    message: '',
    span: {
      start: { line: range.start.line, column: range.start.character },
      end: { line: range.end.line, column: range.end.character },
    },
    related: [],
    fixes: [],
  };
  const fix = ignoreOnLineFix(text, finding);
  return fix && { title: fix.title, edits: fix.edits.map(toTextEdit) };
}

function toAction(
  uri: string,
  diagnostic: Diagnostic,
  fix: FixData,
  isPreferred: boolean,
): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred,
    edit: { changes: { [uri]: fix.edits } },
  };
}
