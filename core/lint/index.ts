// Public entry of the lint engine, used by the language server, the CLI and the tests:
// runs every rule, then applies the options and the suppression directives.
import { analyzeNotebook, analyzeSource, parsePython, type CellParsers } from './engine';
import type { IncrementalParser } from './engine';
import { withLineFeeds } from './engine/source';
import { applyOptions } from './options';
import { filterSuppressed, filterSuppressedInNotebook } from './suppression';
import type { Finding, Fix, LintOptions, NotebookCell, TextEdit } from './types';

export * from './types';
export { applyOptions, isRuleEnabled, matchesCode, mergeOptions, SEVERITIES } from './options';
export { ignoreOnLineFix, parseDirectives } from './suppression';
export { IncrementalParser, type CellParsers } from './engine';

/**
 * Lints one Python script. Positions in the findings are 0-based, with lines ended by `\n`,
 * `\r\n` or a lone `\r`, as in the Language Server Protocol. An editor passes the
 * document's `parser`, so each version re-parses only what changed since the last one.
 */
export function lintSource(
  text: string,
  options: LintOptions = {},
  parser?: IncrementalParser,
): Finding[] {
  // Once here, so that the parse and the analysis, which read line breaks the same way, find
  // no `\r` left to rewrite on every edit of a CRLF document.
  const lineBreak = lineBreakOf(text);
  text = withLineFeeds(text);
  const tree = parser === undefined ? parsePython(text) : parser.parse(text);
  const findings = applyOptions(analyzeSource(text, tree), options);
  const kept = filterSuppressed(text, findings, tree);
  return lineBreak === '\n' ? kept : withFixLineBreaks(kept, () => lineBreak);
}

/**
 * Lints a notebook's cells together in document order. Each finding's `cell` is the 0-based
 * index among all cells and its span is relative to that cell's source.
 */
export function lintNotebook(
  cells: NotebookCell[],
  options: LintOptions = {},
  parsers?: CellParsers,
): Finding[] {
  const findings = applyOptions(analyzeNotebook(cells, parsers), options);
  const lineBreaks = new Map<number | undefined, string>();
  const lineBreakOfCell = (cell: number | undefined): string => {
    let lineBreak = lineBreaks.get(cell);
    if (lineBreak === undefined) {
      lineBreak = lineBreakOf(cell === undefined ? '' : (cells[cell]?.source ?? ''));
      lineBreaks.set(cell, lineBreak);
    }
    return lineBreak;
  };
  return withFixLineBreaks(filterSuppressedInNotebook(cells, findings), lineBreakOfCell);
}

/** How a text ends its lines, going by its first line break; `\n` when it has none. */
function lineBreakOf(text: string): string {
  const at = text.search(/[\r\n]/);
  if (at === -1 || text[at] === '\n') return '\n';
  return text[at + 1] === '\n' ? '\r\n' : '\r';
}

/**
 * The findings with the lines their fixes insert ended as the text they edit ends its own
 * (the rules write `\n`), so that applying a fix to a CRLF file keeps it CRLF.
 */
function withFixLineBreaks(
  findings: Finding[],
  lineBreakOfCell: (cell: number | undefined) => string,
): Finding[] {
  return findings.map((finding) => {
    const lineBreak = lineBreakOfCell(finding.cell);
    if (lineBreak === '\n' || !finding.fixes.some(insertsLines)) return finding;
    const ended = (edit: TextEdit): TextEdit => ({
      ...edit,
      newText: edit.newText.replace(/\n/g, lineBreak),
    });
    const fixes = finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(ended) }));
    return { ...finding, fixes };
  });
}

function insertsLines(fix: Fix): boolean {
  return fix.edits.some((edit) => edit.newText.includes('\n'));
}
