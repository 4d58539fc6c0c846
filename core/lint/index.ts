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
  const lineEnds = fixLineEnds(text);
  text = withLineFeeds(text);
  const tree = parser === undefined ? parsePython(text) : parser.parse(text);
  const findings = applyOptions(analyzeSource(text, tree, parser?.analyses), options);
  const kept = filterSuppressed(text, findings, tree);
  return lineEnds === undefined ? kept : withFixLineEnds(kept, () => lineEnds);
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
  const lineEnds = new Map<number | undefined, LineEnds | undefined>();
  const lineEndsOfCell = (cell: number | undefined): LineEnds | undefined => {
    if (!lineEnds.has(cell)) {
      lineEnds.set(cell, fixLineEnds(cell === undefined ? '' : (cells[cell]?.source ?? '')));
    }
    return lineEnds.get(cell);
  };
  return withFixLineEnds(filterSuppressedInNotebook(cells, findings), lineEndsOfCell);
}

/** Rewrites the text of a fix for the line ends of the text it edits. */
type LineEnds = (newText: string) => string;

/**
 * How the lines a fix writes must end in `text`: as its first line break does, while the rules
 * write `\n`. Code a fix copies from a text that ends every line with `\r\n` reads ` \n` there
 * (and ` \\\n` after a backslash), as `withLineFeeds` rewrote it. Undefined when the fixes are
 * right as they are.
 */
function fixLineEnds(text: string): LineEnds | undefined {
  const at = text.search(/[\r\n]/);
  if (at === -1 || text[at] === '\n') return undefined;
  const lineBreak = text[at + 1] === '\n' ? '\r\n' : '\r';
  const onlyCrLf = lineBreak === '\r\n' && !/\r(?!\n)|(?<!\r)\n/.test(text);
  const written = onlyCrLf ? / ?(\\?)\n/g : /()\n/g;
  return (newText) => newText.replace(written, `$1${lineBreak}`);
}

/**
 * The findings with the lines their fixes write ended as the text they edit ends its own, so
 * that applying a fix to a CRLF file keeps it CRLF and the code it copies unchanged.
 */
function withFixLineEnds(
  findings: Finding[],
  lineEndsOfCell: (cell: number | undefined) => LineEnds | undefined,
): Finding[] {
  return findings.map((finding) => {
    const lineEnds = lineEndsOfCell(finding.cell);
    if (lineEnds === undefined || !finding.fixes.some(insertsLines)) return finding;
    const ended = (edit: TextEdit): TextEdit => ({ ...edit, newText: lineEnds(edit.newText) });
    const fixes = finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(ended) }));
    return { ...finding, fixes };
  });
}

function insertsLines(fix: Fix): boolean {
  return fix.edits.some((edit) => edit.newText.includes('\n'));
}
