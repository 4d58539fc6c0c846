// Public entry of the lint engine, used by the language server, the CLI and the tests:
// runs every rule, then applies the options and the suppression directives.
import { analyzeNotebook, analyzeSource, parsePython, type CellParsers } from './engine';
import type { IncrementalParser } from './engine';
import { withLineFeeds } from './engine/source';
import { applyOptions } from './options';
import { filterSuppressed, filterSuppressedInNotebook } from './suppression';
import type { Finding, LintOptions, NotebookCell } from './types';

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
  text = withLineFeeds(text);
  const tree = parser === undefined ? parsePython(text) : parser.parse(text);
  const findings = applyOptions(analyzeSource(text, tree), options);
  return filterSuppressed(text, findings, tree);
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
  return filterSuppressedInNotebook(cells, findings);
}
