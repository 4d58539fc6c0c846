// Public entry of the lint engine, used by the language server, the CLI and the tests:
// runs every rule, then applies the options and the suppression directives.
import { analyzeNotebook, analyzeSource } from './engine';
import { applyOptions } from './options';
import { filterSuppressed, filterSuppressedInNotebook } from './suppression';
import type { Finding, LintOptions, NotebookCell } from './types';

export * from './types';
export { applyOptions, isRuleEnabled, matchesCode, mergeOptions, SEVERITIES } from './options';
export { ignoreOnLineFix, parseDirectives } from './suppression';

/** Lints one Python script. Positions in the findings are 0-based. */
export function lintSource(text: string, options: LintOptions = {}): Finding[] {
  const findings = applyOptions(analyzeSource(text), options);
  return filterSuppressed(text, findings);
}

/**
 * Lints a notebook's cells together in document order. Each finding's `cell` is the 0-based
 * index among all cells and its span is relative to that cell's source.
 */
export function lintNotebook(cells: NotebookCell[], options: LintOptions = {}): Finding[] {
  const findings = applyOptions(analyzeNotebook(cells), options);
  return filterSuppressedInNotebook(cells, findings);
}
