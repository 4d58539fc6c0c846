// Lint throughput in process: a full lint (parse and every rule) and a parse alone over the same
// generated corpus at growing sizes.
import { lintNotebook, lintSource } from '../core/lint';
import { parsePython } from '../core/lint/engine';
import type { NotebookCell } from '../core/lint/types';
import { generateCorpus, type Corpus } from './corpus';
import { median } from './stats';
import { sampleInTurn, sampleRuns, type Budget } from './timing';

export const LINT_SIZES = [1000, 4000, 16000, 64000];

export interface LintSizeResult {
  lines: number;
  fullMs: number;
  parseMs: number;
  usPerLine: number;
  parseUsPerLine: number;
  /** The same figure from CPU time, less sensitive to other load on the machine. */
  cpuUsPerLine: number;
  cpuParseUsPerLine: number;
  findings: number;
  runs: number;
}

/**
 * Every run sees a slightly different text (a trailing comment naming the run), so a cache
 * keyed on the text cannot turn repeated runs into lookups.
 */
function variant(corpus: Corpus, run: number): { script: string; notebook: NotebookCell[] } {
  const notebook = corpus.notebook.slice();
  const last = notebook[notebook.length - 1];
  notebook[notebook.length - 1] = { ...last, source: `${last.source}\n# run ${run}` };
  return { script: `${corpus.script}# run ${run}\n`, notebook };
}

/** The text the parser sees for a notebook: code cells in order, IPython lines blanked. */
export function notebookParseText(cells: NotebookCell[]): string {
  return cells
    .filter((cell) => cell.kind === 'code')
    .map((cell) => cell.source.replace(/^[ \t]*[%!].*$/gm, ''))
    .join('\n');
}

/** The small sizes run first, in a fresh process: they warm up long enough for V8 to optimise. */
function budgetFor(lines: number): Budget {
  return lines >= 16000
    ? { warmupRuns: 1, minRuns: 5, minMs: 0 }
    : { warmupRuns: 5, warmupMs: 3000, minRuns: 5, minMs: 1000 };
}

/**
 * A full lint and a parse of the corpus at one size, run in turn so that their ratio compares
 * runs made in the same state of the machine. With `--expose-gc`, a full collection first, so
 * that no size pays for the garbage of the one measured before it.
 */
export function measureLintSize(totalLines: number, seed: number): LintSizeResult {
  const corpus = generateCorpus(seed, totalLines);
  const budget = budgetFor(corpus.lines);
  let findings = 0;
  (globalThis as { gc?: () => void }).gc?.();

  const [full, parse] = sampleInTurn(
    [
      (run) => {
        const { script, notebook } = variant(corpus, run);
        findings = lintSource(script).length + lintNotebook(notebook).length;
      },
      (run) => {
        const { script, notebook } = variant(corpus, run);
        parsePython(script);
        parsePython(notebookParseText(notebook));
      },
    ],
    budget,
  );

  const fullMs = median(full.wallMs);
  const parseMs = median(parse.wallMs);
  const perLine = (ms: number): number => (ms * 1000) / corpus.lines;
  return {
    lines: corpus.lines,
    fullMs,
    parseMs,
    usPerLine: perLine(fullMs),
    parseUsPerLine: perLine(parseMs),
    cpuUsPerLine: perLine(median(full.cpuMs)),
    cpuParseUsPerLine: perLine(median(parse.cpuMs)),
    findings,
    runs: full.wallMs.length,
  };
}

/**
 * The order a sweep measures the sizes in: the smallest first in the first sweep, the largest
 * first in the next, and so on, so that a slow spell at the start of the benchmark, or at its
 * end, does not fall on the same size in every sweep.
 */
export function sweepOrder(sizes: readonly number[], sweep: number): number[] {
  const ascending = [...sizes].sort((a, b) => a - b);
  return sweep % 2 === 1 ? ascending : ascending.reverse();
}

/**
 * Of several sweeps over the sizes, each size's run from the sweep where its full lint was
 * fastest: a passing slowdown of the machine lengthens runs, never shortens them.
 */
export function fastestOfSweeps(sweeps: LintSizeResult[][]): LintSizeResult[] {
  const faster = (best: LintSizeResult, each: LintSizeResult): LintSizeResult =>
    each.fullMs < best.fullMs ? each : best;
  return sweeps[0].map((_, size) => sweeps.map((sweep) => sweep[size]).reduce(faster));
}

/** One statement of `items` parts, for each shape a long literal or call can take. */
export const LONG_STATEMENTS: Record<string, (items: number) => string> = {
  list: (items) => `rows = [${parts(items, (i) => `row${i}`, ', ')}]\n`,
  numbers: (items) => `values = [${parts(items, (i) => `${i}`, ', ')}]\n`,
  dict: (items) => `features = {${parts(items, (i) => `"f${i}": v${i}`, ', ')}}\n`,
  keywords: (items) => `model = Model(${parts(items, (i) => `p${i}=v${i}`, ', ')})\n`,
  fstring: (items) => `line = f"${parts(items, (i) => `{v${i}}`, '')}"\n`,
  predictions:
    (items) => 'from flask import request\nrows = request.json\n' +
      `labels = [${parts(items, (i) => `model.predict(rows[${i}])`, ', ')}]\n`,
};

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function parts(items: number, part: (index: number) => string, separator: string): string {
  return Array.from({ length: items }, (_, index) => part(index)).join(separator);
}

export const LONG_STATEMENT_ITEMS = [5000, 20000];

export interface LongStatementResult {
  shape: string;
  /** Median ms of a full lint of the statement, at each of LONG_STATEMENT_ITEMS. */
  ms: number[];
  /** Time per item at the largest count over time per item at the smallest: 1 when linear. */
  growth: number;
}

/** A full lint of one very long statement of each shape, at a few sizes. */
export function measureLongStatements(): LongStatementResult[] {
  return Object.entries(LONG_STATEMENTS).map(([shape, make]) => {
    const ms = LONG_STATEMENT_ITEMS.map((items) => {
      const text = make(items);
      const samples = sampleRuns((run) => lintSource(`${text}# run ${run}\n`), {
        warmupRuns: 1,
        minRuns: 3,
        minMs: 0,
      });
      return round(median(samples.wallMs));
    });
    const [fewest, most] = LONG_STATEMENT_ITEMS;
    const growth = ms[ms.length - 1] / most / (ms[0] / fewest);
    return { shape, ms, growth };
  });
}
