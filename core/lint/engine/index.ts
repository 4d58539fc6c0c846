// The lint engine: parses Python scripts and notebook cells once, collects the program's facts
// in one pass, and runs every rule over them. Suppression and options live in ../index.ts.
import type { Tree } from '@lezer/common';
import type { Finding, NotebookCell } from '../types';
import { runRules } from '../rules/index';
import { Analyzer } from './analyzer';
import { maskIPython } from './ipython';
import { parsePython as parse, syntaxErrors, unitOf } from './parse';
import type { Unit } from './source';

/** Parses Python text into a @lezer/python tree (error-tolerant; never throws on bad syntax). */
export function parsePython(text: string): Tree {
  return parse(text);
}

/** Every rule over one Python file, with default severities and no suppression. */
export function analyzeSource(text: string): Finding[] {
  return analyzeUnits([unitOf(text)]);
}

/**
 * Every rule over a notebook's code cells, analysed together in document order. Findings are
 * positioned relative to their cell, with `cell` the index among all cells.
 */
export function analyzeNotebook(cells: NotebookCell[]): Finding[] {
  const units: Unit[] = [];
  cells.forEach((cell, index) => {
    if (cell.kind === 'code') units.push(unitOf(maskIPython(cell.source), index));
  });
  return analyzeUnits(units, cells);
}

function analyzeUnits(units: Unit[], cells?: NotebookCell[]): Finding[] {
  const facts = new Analyzer().analyze(units);
  facts.cells = cells;
  facts.syntaxErrors = units.flatMap(syntaxErrors);
  return runRules(facts);
}
