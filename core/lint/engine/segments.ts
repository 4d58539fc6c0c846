// Splitting a Python text into runs of whole top-level statements that parse independently.
// Parsing a long file in segments keeps @lezer/lr's guard against deep left-associative trees
// from cutting a flat module into spurious errors (it fires after ~300 top-level statements
// once the module is past ~2,000 characters), and lets an edit re-parse only its own segment.
import type { Change } from './changes';

export interface Segment {
  from: number;
  to: number;
}

export interface SegmentLimits {
  /** A segment closes at the first statement boundary after this many characters... */
  minChars: number;
  /** ...where the next line's hash says so, so that an edit leaves later cuts where they were... */
  cutOneIn: number;
  /** ...or at the first boundary after this many characters or statements, whatever the hash. */
  maxChars: number;
  maxStatements: number;
}

export const SEGMENT_LIMITS: SegmentLimits = {
  minChars: 1024,
  cutOneIn: 4,
  maxChars: 16384,
  maxStatements: 200,
};

// Character codes the scans of a text test for.
export const NEWLINE = 10;
export const RETURN = 13;
export const SPACE = 32;
export const TAB = 9;
export const FORM_FEED = 12;
export const HASH = 35;
export const BACKSLASH = 92;
export const SINGLE_QUOTE = 39;
export const DOUBLE_QUOTE = 34;
const AT = 64;

/**
 * Deciding whether a line starts a segment reads at most this many characters of it (and the
 * state the lines above leave), which is what lets an edit after them leave the cut in place.
 */
const HEAD = 80;

/** Clauses that continue the compound statement above them, so a segment never starts there. */
const CONTINUATIONS = /^(?:else|elif|except|finally)\b/;

/**
 * Lines that can only be statements, never the continuation of an expression in brackets: at
 * column 0 they end a bracket left open above them, so an unclosed bracket is a syntax error in
 * its own segment instead of swallowing the rest of the file.
 */
const ONLY_STATEMENTS = new RegExp(
  '^(?:(?:async[ \\t]+)?def|class|import|return|try|while|with|raise|assert|del|pass|global|' +
    'nonlocal|break|continue)\\b|^from[ \\t]+[\\w.]+[ \\t]+import\\b',
);

/**
 * The segments of `text`, in order and covering it. A segment starts only at a column-0 line
 * outside any bracket, string or backslash continuation that does not continue the statement
 * before it (`else:`, `except:`, the function under a decorator); comment and blank lines
 * belong to the segment before them. A bracket still open at a column-0 `def`, `import` or
 * other statement-only keyword is taken as never closed.
 */
export function segmentsOf(text: string, limits = SEGMENT_LIMITS): Segment[] {
  return between([0, ...cutsFrom(text, 0, limits)], text.length);
}

/** The segments of an edited text, as old segments kept, new ones, and old ones moved. */
export interface Resegmented {
  /** The old segments before this index are segments of the new text as they are. */
  kept: number;
  /** The segments that follow them, up to the first of the moved ones. */
  middle: Segment[];
  /** The old segments from this index on, moved by the change's shift, end the new text. */
  moved: number;
}

/**
 * `segmentsOf(text)` for a text that is the text of `old` with `change` made to it, scanning
 * only around the change. A scan from a segment start depends on nothing before it (the
 * scanner's state there is clean: no bracket, string or decorator open, no statement counted),
 * and only on the text after it. So the scan can start at the last old start that the change
 * cannot have moved, one whose line head (`HEAD`) ends before the change; and once it cuts at a
 * position past the change that, shifted back, is an old start, it would find the old cuts
 * from there on again.
 */
export function segmentsAfterEdit(
  old: readonly Segment[],
  text: string,
  change: Change,
  limits = SEGMENT_LIMITS,
): Resegmented {
  const kept = lastStartBefore(old, change.from - HEAD);
  const from = old[kept].from;
  let moved = old.length;
  const cuts = cutsFrom(text, from, limits, (cut) => {
    if (cut < change.to) return false;
    const index = startingAt(old, cut - change.shift);
    if (index === -1) return false;
    moved = index;
    return true;
  });

  const starts = [from, ...cuts];
  if (moved < old.length) {
    starts.pop();
    return { kept, middle: between(starts, old[moved].from + change.shift), moved };
  }
  return { kept, middle: between(starts, text.length), moved };
}

/** The segments from each start to the next, the last one to `end`. */
function between(starts: number[], end: number): Segment[] {
  return starts.map((from, index) => ({ from, to: starts[index + 1] ?? end }));
}

/** The index of the last segment starting at or before `position`, or the first one. */
function lastStartBefore(segments: readonly Segment[], position: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (segments[middle].from <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The index of the segment starting at `position`, or -1. */
function startingAt(segments: readonly Segment[], position: number): number {
  const index = lastStartBefore(segments, position);
  return segments[index].from === position ? index : -1;
}

/**
 * The segment starts a scan of `text` finds after `from`, itself a segment start, to the end
 * of the text or to the first start for which `stop` says so (that one included).
 */
function cutsFrom(
  text: string,
  from: number,
  limits: SegmentLimits,
  stop: (cut: number) => boolean = () => false,
): number[] {
  const cuts: number[] = [];
  const length = text.length;
  let start = from;
  let statements = 0;
  let depth = 0;
  let afterDecorator = false;
  let position = from;

  while (position < length) {
    const lineStart = position;
    const first = text.charCodeAt(lineStart);
    if (depth > 0 && ONLY_STATEMENTS.test(text.slice(lineStart, lineStart + HEAD))) depth = 0;
    const startsStatement =
      depth === 0 &&
      first !== SPACE &&
      first !== TAB &&
      first !== FORM_FEED &&
      first !== HASH &&
      first !== NEWLINE &&
      first !== RETURN;

    const boundary =
      startsStatement && lineStart > start && !afterDecorator && !continuesAbove(text, lineStart);
    if (boundary) {
      statements++;
      const size = lineStart - start;
      if (
        (size >= limits.minChars && hashOfLine(text, lineStart) % limits.cutOneIn === 0) ||
        size >= limits.maxChars ||
        statements >= limits.maxStatements
      ) {
        cuts.push(lineStart);
        if (stop(lineStart)) return cuts;
        start = lineStart;
        statements = 0;
      }
    }
    if (startsStatement) afterDecorator = first === AT;

    const scanned = scanLine(text, lineStart, depth);
    depth = scanned.depth;
    position = scanned.next;
  }
  return cuts;
}

function continuesAbove(text: string, lineStart: number): boolean {
  return CONTINUATIONS.test(text.slice(lineStart, lineStart + 8));
}

function hashOfLine(text: string, lineStart: number): number {
  let hash = 2166136261 | 0;
  const end = Math.min(text.length, lineStart + 24);
  for (let i = lineStart; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE || code === RETURN) break;
    hash = Math.imul(hash ^ code, 16777619);
  }
  return (hash >>> 24) ^ ((hash >>> 16) & 0xff);
}

/**
 * Scans one line from `from`, through strings (triple-quoted ones across lines) and backslash
 * continuations, to the start of the next line. Returns that position and the bracket depth
 * there.
 */
export function scanLine(
  text: string,
  from: number,
  depthIn: number,
): { next: number; depth: number } {
  const length = text.length;
  let depth = depthIn;
  let i = from;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE || code === RETURN) {
      i += code === RETURN && text.charCodeAt(i + 1) === NEWLINE ? 2 : 1;
      return { next: i, depth };
    }
    if (code === HASH) {
      while (i < length && text.charCodeAt(i) !== NEWLINE && text.charCodeAt(i) !== RETURN) i++;
      continue;
    }
    if (code === BACKSLASH) {
      i += 2;
      if (text.charCodeAt(i - 1) === RETURN && text.charCodeAt(i) === NEWLINE) i++;
      continue;
    }
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      i = skipString(text, i, code);
      continue;
    }
    if (code === 40 || code === 91 || code === 123) depth++;
    else if ((code === 41 || code === 93 || code === 125) && depth > 0) depth--;
    i++;
  }
  return { next: length, depth };
}

/** The position after the string literal whose opening quote is at `from`. */
export function skipString(text: string, from: number, quote: number): number {
  const length = text.length;
  const triple = text.charCodeAt(from + 1) === quote && text.charCodeAt(from + 2) === quote;
  let i = from + (triple ? 3 : 1);
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      i += 2;
      continue;
    }
    if (code === quote) {
      if (!triple) return i + 1;
      if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) return i + 3;
    } else if (!triple && (code === NEWLINE || code === RETURN)) {
      return i;
    }
    i++;
  }
  return length;
}
