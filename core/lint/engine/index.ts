// The lint engine: parses Python scripts and notebook cells once, collects the program's facts
// in one pass, and runs every rule over them. Suppression and options live in ../index.ts.
import type { Tree } from '@lezer/common';
import type { Finding, NotebookCell } from '../types';
import { runRules } from '../rules/index';
import { Analyzer } from './analyzer';
import { analyzeScript, type Analysis, type AnalysisCache } from './components';
import { maskIPython } from './ipython';
import { IncrementalParser, parsePython as parse, syntaxErrors, unitOf } from './parse';
import type { SegmentLimits } from './segments';
import type { SyntaxErrorFact } from './facts';
import { positionAt, withLineFeeds, type Unit } from './source';

export { IncrementalParser } from './parse';
export { AnalysisCache } from './components';

/** Parses Python text into a @lezer/python tree (error-tolerant; never throws on bad syntax). */
export function parsePython(text: string, limits?: SegmentLimits): Tree {
  return parse(text, limits);
}

/**
 * Every rule over one Python file, with default severities and no suppression. `tree`, when
 * given, must be a parse of exactly `text` (from `parsePython` or an `IncrementalParser`).
 * `cache`, kept by an editor from one version of a document to the next, lets an edit
 * re-analyse only the statements that depend on what changed.
 */
export function analyzeSource(text: string, tree?: Tree, cache?: AnalysisCache): Finding[] {
  const unit = unitOf(withLineFeeds(text), undefined, tree);
  return findingsOf(analyzeScript(unit, cache));
}

/** The parser that keeps one notebook cell's previous tree, by the cell's index. */
export type CellParsers = (index: number) => IncrementalParser | undefined;

/**
 * Every rule over a notebook's code cells, analysed together in document order. Findings are
 * positioned relative to their cell, with `cell` the index among all cells. `parsers` lets an
 * editor re-parse only what changed in each cell since its last analysis.
 */
export function analyzeNotebook(cells: NotebookCell[], parsers?: CellParsers): Finding[] {
  const units: Unit[] = [];
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    const source = withLineFeeds(cell.source);
    const masked = maskIPython(source);
    const unit = unitOf(masked, index, parsers?.(index)?.parse(masked));
    if (masked !== source) unit.source = source;
    units.push(unit);
  });
  return analyzeUnits(units, cells);
}

function analyzeUnits(units: Unit[], cells?: NotebookCell[]): Finding[] {
  const analyzer = new Analyzer();
  const facts = analyzer.analyze(units);
  facts.cells = cells;
  return findingsOf({ facts, unitsWithErrors: analyzer.unitsWithErrors });
}

/** The findings of every rule over an analysis. */
export function findingsOf({ facts, unitsWithErrors }: Analysis): Finding[] {
  const parseErrors = unitsWithErrors.flatMap(syntaxErrors);
  facts.syntaxErrors = causesOnly(parseErrors, facts.syntaxErrors);
  return runRules(facts);
}

/**
 * The parse errors and the refused code, less each parse error that follows, on its line, an
 * error that causes the rest, and each one that an error of the refused code hides: Python
 * reports that cause alone. Refused code a parse error makes unreadable (see `covers`) goes too.
 */
function causesOnly(parseErrors: SyntaxErrorFact[], all: SyntaxErrorFact[]): SyntaxErrorFact[] {
  const covering = parseErrors.filter((error) => error.covers !== undefined);
  const refused = all.filter(
    (error) =>
      !covering.some(
        (cover) =>
          cover.loc.unit === error.loc.unit &&
          cover.loc.from <= error.loc.from &&
          error.loc.from < (cover.covers as number),
      ),
  );
  const causes = refused.filter((error) => error.causesRest || error.hidesFrom !== undefined);
  if (causes.length === 0) return parseErrors.concat(refused);
  const line = (unit: Unit, offset: number): number => positionAt(unit, offset).line;
  const follows = (error: SyntaxErrorFact): boolean => {
    const found = error.foundAt ?? error.loc.from;
    return causes.some(
      (cause) =>
        cause.loc.unit === error.loc.unit &&
        ((cause.causesRest === true &&
          cause.loc.from <= found &&
          line(cause.loc.unit, cause.loc.from) === line(error.loc.unit, found)) ||
          (cause.hidesFrom !== undefined &&
            cause.hidesFrom <= found &&
            found <= cause.loc.from)),
    );
  };
  return parseErrors.filter((error) => !follows(error)).concat(refused);
}
