// Test helpers for the lint engine: the repository root, notebooks from .ipynb JSON or from the
// percent format, applying fixes, scoring findings against expected ones, and asking python3
// what compiles.
import { execFileSync } from 'node:child_process';
import type { Finding, NotebookCell, TextEdit } from '../../core/lint/types';
import { productInfo } from '../../core/productInfo';

export function repoRoot(): string {
  return productInfo().root;
}

interface IpynbCell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  metadata?: { tags?: string[] };
}

/** The cells of a notebook file, for tests (the product has its own reader). */
export function cellsFromIpynb(json: string): NotebookCell[] {
  const notebook = JSON.parse(json) as { cells: IpynbCell[] };
  return notebook.cells.map((cell) => ({
    kind: cell.cell_type === 'code' ? 'code' : cell.cell_type === 'markdown' ? 'markdown' : 'raw',
    source: Array.isArray(cell.source) ? cell.source.join('') : cell.source,
    executionCount: cell.execution_count ?? null,
    tags: cell.metadata?.tags,
  }));
}

/** Cells from the percent format: each `# %% [n]` line starts a code cell with count n. */
export function cellsFromPercent(text: string): NotebookCell[] {
  const cells: NotebookCell[] = [];
  for (const chunk of text.split(/^# %%/m).slice(1)) {
    const newline = chunk.indexOf('\n');
    const header = chunk.slice(0, newline);
    const count = /\[(\d+)\]/.exec(header);
    cells.push({
      kind: 'code',
      source: chunk.slice(newline + 1),
      executionCount: count ? Number(count[1]) : null,
    });
  }
  return cells;
}

/** Applies non-overlapping edits (0-based positions) to the text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++)
    if (text[index] === '\n') lineStarts.push(index + 1);
  const offset = (line: number, column: number): number =>
    line < lineStarts.length ? lineStarts[line] + column : text.length;
  const sorted = [...edits].sort(
    (a, b) =>
      offset(b.span.start.line, b.span.start.column) -
      offset(a.span.start.line, a.span.start.column),
  );
  let result = text;
  for (const edit of sorted) {
    const from = offset(edit.span.start.line, edit.span.start.column);
    const to = offset(edit.span.end.line, edit.span.end.column);
    result = result.slice(0, from) + edit.newText + result.slice(to);
  }
  return result;
}

export interface ExpectedFinding {
  code: string;
  line: number;
  column: number;
  cell?: number;
}

/** A finding in the 1-based form the expected files use. */
export function asExpected(finding: Finding): ExpectedFinding {
  const result: ExpectedFinding = {
    code: finding.code,
    line: finding.span.start.line + 1,
    column: finding.span.start.column + 1,
  };
  if (finding.cell !== undefined) result.cell = finding.cell + 1;
  return result;
}

export function key(finding: ExpectedFinding): string {
  return `${finding.code}@${finding.cell ?? 0}:${finding.line}:${finding.column}`;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** Per-rule true/false positives and false negatives of actual against expected findings. */
export function scoreFindings(
  scores: Map<string, Score>,
  actual: ExpectedFinding[],
  expected: ExpectedFinding[],
): void {
  const bucket = (code: string): Score => {
    let score = scores.get(code);
    if (!score) {
      score = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
      scores.set(code, score);
    }
    return score;
  };
  const expectedKeys = new Set(expected.map(key));
  const actualKeys = new Set(actual.map(key));
  for (const found of actual) {
    if (expectedKeys.has(key(found))) bucket(found.code).truePositives++;
    else bucket(found.code).falsePositives++;
  }
  for (const wanted of expected)
    if (!actualKeys.has(key(wanted))) bucket(wanted.code).falseNegatives++;
}

export function precisionRecall(score: Score): { precision: number; recall: number } {
  const found = score.truePositives + score.falsePositives;
  const wanted = score.truePositives + score.falseNegatives;
  return {
    precision: found === 0 ? 1 : score.truePositives / found,
    recall: wanted === 0 ? 1 : score.truePositives / wanted,
  };
}

/** What a structural edit types: brackets, quotes that open strings, lines that end them. */
const STRUCTURAL = [
  '(', ')', '[', ']', '{', '}', '"""', "'''", '"', "'", '\\', '#', '\n', '\n\n', 'x', ' ',
  '\ndef f():\n', '\nimport os\n', '\n@decorator\n', '\nelse:\n', 'yield', '\r\n', '\r',
  '\nwith (open(a) as b):\n', '\nwith c as (d, e):\n', 'x = yield\n', ' / 255.', '1.', '\f',
  ' as self.f:', ' 1.e-05', '2.j',
];

/**
 * Typing a piece that changes the text's structure, often at the start of a line, in place of
 * nothing or of a run of the text; deleting a run, sometimes across many lines; or pasting a
 * piece of the text elsewhere.
 */
export function structuralEdit(text: string, random: () => number): string {
  let at = Math.floor(random() * (text.length + 1));
  if (random() < 0.4) at = text.lastIndexOf('\n', at - 1) + 1;
  const run = (): number =>
    random() < 0.8 ? 1 + Math.floor(random() * 8) : Math.floor(random() * 3000);
  const kind = random();
  if (kind < 0.55) {
    const typed = STRUCTURAL[Math.floor(random() * STRUCTURAL.length)];
    const replaced = random() < 0.3 ? run() : 0;
    return text.slice(0, at) + typed + text.slice(at + replaced);
  }
  if (kind < 0.8) return text.slice(0, at) + text.slice(at + run());
  const from = Math.floor(random() * text.length);
  const pasted = text.slice(from, from + Math.floor(random() * 2000));
  return text.slice(0, at) + pasted + text.slice(at);
}

/** The 1-based line python3 reports each text's syntax error on, or null when it compiles. */
export function errorLines(texts: string[]): (number | null)[] {
  return errorPlaces(texts).map((place) => place && place[0]);
}

/**
 * The 1-based line and column python3 reports each text's syntax error at, or null when it
 * compiles.
 */
export function errorPlaces(texts: string[]): ([number, number] | null)[] {
  const script = [
    'import json, sys',
    'def place(source):',
    '    try:',
    '        compile(source, "<text>", "exec")',
    '        return None',
    '    except SyntaxError as error:',
    '        return [error.lineno, error.offset]',
    'print(json.dumps([place(text) for text in json.load(sys.stdin)]))',
  ].join('\n');
  const output = execFileSync('python3', ['-W', 'ignore', '-c', script], { input: JSON.stringify(texts) });
  return JSON.parse(output.toString()) as ([number, number] | null)[];
}

/** Whether Python 3 compiles each line, asked of python3 itself. */
export function compiles(lines: string[]): boolean[] {
  const script = [
    'import json, sys',
    'def ok(source):',
    '    try:',
    '        compile(source, "<call>", "exec")',
    '        return True',
    '    except SyntaxError:',
    '        return False',
    'print(json.dumps([ok(line) for line in json.load(sys.stdin)]))',
  ].join('\n');
  const output = execFileSync('python3', ['-W', 'ignore', '-c', script], { input: JSON.stringify(lines) });
  return JSON.parse(output.toString()) as boolean[];
}
