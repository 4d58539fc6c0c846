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

const CARRIAGE_RETURN = 13;
const LINE_FEED = 10;
const BACKSLASH = 92;

/**
 * The text as the parser reads it, every line ended by `\n` alone: a lone `\r` (an old Mac line
 * break) becomes `\n`, and the `\r` of `\r\n` a space before the `\n`, or before the backslash
 * of a line continuation (`\\\r\n`), which must stay last on its line. The text keeps its
 * length and its line breaks' places, so offsets and positions into it are the original's.
 */
export function withLineFeeds(text: string): string {
  let at = text.indexOf('\r');
  if (at === -1) return text;
  const parts: string[] = [];
  let copied = 0;
  for (; at !== -1; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== LINE_FEED) {
      parts.push(text.slice(copied, at), '\n');
    } else if (isEscaped(text, at)) {
      parts.push(text.slice(copied, at - 1), ' \\');
    } else {
      parts.push(text.slice(copied, at), ' ');
    }
    copied = at + 1;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Whether an odd number of backslashes, after `start`, comes right before `at`: the last one
 * escapes the character there.
 */
export function isEscaped(text: string, at: number, start = 0): boolean {
  let before = at;
  while (before > start && text.charCodeAt(before - 1) === BACKSLASH) before--;
  return (at - before) % 2 === 1;
}

/** Where each line starts; a line ends at `\n`, `\r\n` or a lone `\r`, as in editors. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') !== -1) {
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === LINE_FEED) starts.push(at + 1);
      else if (code === CARRIAGE_RETURN && text.charCodeAt(at + 1) !== LINE_FEED) {
        starts.push(at + 1);
      }
    }
    return starts;
  }
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

/** Where the code before `offset` ends: back over spaces, tabs and line breaks. */
export function backOverSpace(text: string, offset: number): number {
  let position = offset;
  while (position > 0 && /\s/.test(text[position - 1])) position--;
  return position;
}

/** A name as Python compares names: NFKC-normalized (`ｘ` is `x`). */
export function identifier(name: string): string {
  return /^[\x00-\x7f]*$/.test(name) ? name : name.normalize('NFKC');
}
