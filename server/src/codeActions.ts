// Quick fixes for ml-practice diagnostics: the finding's own fixes (the first one preferred)
// and "Ignore <CODE> on this line", built against the document's current text.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver/node';
import { fixesOf, SOURCE, toTextEdit, type FixData } from './diagnostics';
import { ignoreOnLineFix, lineStartsOf, parsePython, type Finding, type Tree } from './engine';

/**
 * `diagnostics` are those the server built for the document's current text, so their fixes are
 * at hand. `parse` gives the tree of `text` (an editor asks for code actions whenever the cursor
 * moves, so the server passes the document's cached parse); it is called at most once.
 */
export function codeActionsFor(
  uri: string,
  text: string,
  diagnostics: Diagnostic[],
  parse: () => Tree = () => parsePython(text),
): CodeAction[] {
  const actions: CodeAction[] = [];
  let parsed: Parsed | undefined;
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;

    fixesOf(diagnostic).forEach((fix, index) => {
      actions.push(toAction(uri, diagnostic, fix, index === 0));
    });
    parsed ??= { tree: parse(), starts: lineStartsOf(text) };
    const ignore = ignoreFix(text, parsed, diagnostic.code, diagnostic.range);
    if (ignore !== undefined) actions.push(toAction(uri, diagnostic, ignore, false));
  }
  return actions;
}

/** The text's tree and where its lines start, found once for all of a request's fixes. */
interface Parsed {
  tree: Tree;
  starts: number[];
}

function ignoreFix(text: string, parsed: Parsed, code: string, range: Range): FixData | undefined {
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
  const fix = ignoreOnLineFix(text, finding, parsed.tree, parsed.starts);
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
