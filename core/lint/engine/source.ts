// A parsed piece of Python (a script or one notebook cell) and conversions between offsets
// and the 0-based line/column positions that findings use.
import type { Tree } from '@lezer/common';
import type { Position, Span } from '../types';

export interface Unit {
  /** The text that was parsed (IPython syntax masked in notebook cells). */
  text: string;
  tree: Tree;
  /** Index of the cell among all cells of the notebook; absent for scripts. */
  cell?: number;
  lineStarts: number[];
  /** The cell as written, when masking changed it: the same length, line for line. */
  source?: string;
}

export interface Loc {
  unit: Unit;
  from: number;
  to: number;
}

const LONE_CARRIAGE_RETURN = /\r(?!\n)/g;

/**
 * The text with each lone `\r` (an old Mac line break) as `\n`. Python and editors end a line
 * there too; the text keeps its length, so offsets into it are offsets into the original.
 */
export function withLineFeeds(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(LONE_CARRIAGE_RETURN, '\n');
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let index = text.indexOf('\n');
  while (index !== -1) {
    starts.push(index + 1);
    index = text.indexOf('\n', index + 1);
  }
  return starts;
}

/** The 0-based line holding `offset`, given the offsets where lines start. */
export function lineIndexAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function positionAt(unit: Unit, offset: number): Position {
  const line = lineIndexAt(unit.lineStarts, offset);
  return { line, column: offset - unit.lineStarts[line] };
}

export function spanOf(loc: Loc): Span {
  return { start: positionAt(loc.unit, loc.from), end: positionAt(loc.unit, loc.to) };
}

export function textOf(loc: Loc): string {
  return loc.unit.text.slice(loc.from, loc.to);
}

/** 1-based line number for messages. */
export function lineNumber(loc: Loc): number {
  return positionAt(loc.unit, loc.from).line + 1;
}

/** "line 3", or "cell 2, line 3" when the location is in another notebook cell. */
export function describeLine(loc: Loc, from?: Loc): string {
  const line = `line ${lineNumber(loc)}`;
  if (loc.unit.cell === undefined || loc.unit === from?.unit) return line;
  return `cell ${loc.unit.cell + 1}, ${line}`;
}

/** First line of a code excerpt, shortened so messages stay readable. */
export function excerpt(text: string, max = 40): string {
  const end = text.indexOf('\n');
  const firstLine = (end === -1 ? text : text.slice(0, end)).trim();
  return firstLine.length > max ? `${firstLine.slice(0, max - 1)}…` : firstLine;
}
