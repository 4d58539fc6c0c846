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

const NEWLINE = 10;
const RETURN = 13;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const AT = 64;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;

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

/** How Python's tokenizer pairs a text's brackets. */
export interface Pairing {
  /** The brackets still open at the end, outermost first; undefined after a stray closer. */
  open: number[] | undefined;
  /**
   * The first closing bracket that closes no open bracket, or (with `opener`) not the one
   * open, where Python's tokenizer stops.
   */
  stray?: { at: number; opener?: number };
  /** Where a string that its line or the text ends before opens, where the tokenizer stops. */
  unterminated?: number;
}

/** How Python's tokenizer pairs the brackets of `text`, strings and comments passed over. */
export function pairBrackets(text: string): Pairing {
  const open: number[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === HASH) {
      i = lineEndFrom(text, i);
      continue;
    }
    if (code === BACKSLASH) {
      i += 2;
      continue;
    }
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      const end = skipString(text, i, code);
      if (!closesString(text, i, end, code)) return { open: undefined, unterminated: i };
      i = end;
      continue;
    }
    if (code === 40 || code === 91 || code === 123) {
      open.push(i);
    } else if (code === 41 || code === 93 || code === 125) {
      const opener = open.pop();
      if (opener === undefined) return { open: undefined, stray: { at: i } };
      if (MATCHING[text.charCodeAt(opener)] !== code) {
        return { open: undefined, stray: { at: i, opener } };
      }
    }
    i++;
  }
  return { open };
}

/** Whether the string whose quote is at `from`, read up to `end` by skipString, is closed. */
function closesString(text: string, from: number, end: number, quote: number): boolean {
  const triple = text.charCodeAt(from + 1) === quote && text.charCodeAt(from + 2) === quote;
  const quotes = triple ? 3 : 1;
  return end - from >= 2 * quotes && text.charCodeAt(end - 1) === quote;
}

/** Each opening bracket's closing one, by character code. */
const MATCHING: Record<number, number> = { 40: 41, 91: 93, 123: 125 };

/** Two expressions in a row inside brackets, where a comma is likely missing between them. */
export interface MissingComma {
  /** Where the first expression starts and ends, and where the second one's first token does. */
  from: number;
  firstEnd: number;
  second: number;
  to: number;
  /** Where the brackets they are in close (the end of the text if they do not). */
  close: number;
}

/**
 * The brackets of a statement, read from its start up to a position, and on from there as
 * errors further in ask: each bracket open there, where its current item starts (after the last
 * `,`, `=` or `:` in it), and where the last code before the position ends.
 */
export class BracketReader {
  readonly opens: number[] = [];
  readonly starts: number[] = [];
  codeEnd = -1;
  position: number;

  constructor(
    readonly text: string,
    readonly statement: number,
  ) {
    this.position = statement;
  }

  readTo(at: number): void {
    const { text, opens, starts } = this;
    let i = this.position;
    while (i < at) {
      const code = text.charCodeAt(i);
      if (code === HASH) {
        i = lineEndFrom(text, i);
        continue;
      }
      if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
        i = this.codeEnd = skipString(text, i, code);
        continue;
      }
      if (code === BACKSLASH) {
        // A line continuation is no code.
        i += 2;
        continue;
      }
      if (code === 40 || code === 91 || code === 123) {
        opens.push(i);
        starts.push(i + 1);
      } else if (code === 41 || code === 93 || code === 125) {
        opens.pop();
        starts.pop();
      } else if (separates(text, i)) {
        starts[starts.length - 1] = i + 1;
      }
      if (!isBlank(code)) this.codeEnd = i + 1;
      i++;
    }
    this.position = Math.max(i, this.position);
  }
}

/**
 * Whether the code at `failed` (where a parse failed, or after it) is a second expression after
 * another one inside brackets, as in `f(a\n  b)` or `[1\n 2]`: what Python reports as a forgotten
 * comma, at the first expression, which starts after the last `,`, `=` or `:` in the brackets.
 * `reader` reads the statement the error is in, and must not have read past `failed`.
 */
export function missingComma(reader: BracketReader, failed: number): MissingComma | undefined {
  const text = reader.text;
  const at = codeAfter(text, failed);
  reader.readTo(at);
  const { opens, starts, codeEnd } = reader;
  if (starts.length === 0) return undefined;
  const opener = opens[opens.length - 1];
  const itemStart = codeAfter(text, starts[starts.length - 1]);
  // The first expression is what follows the item's last `if`, `else`, `for` or `lambda`.
  const keywordEnd = lastKeywordEnd(text.slice(itemStart, codeEnd));
  if (keywordEnd < 0) return undefined;
  const from = codeAfter(text, itemStart + keywordEnd);
  if (from >= codeEnd || codeEnd > at) return undefined;
  if (PARAMETERS.test(text.slice(Math.max(0, opener - 200), opener))) return undefined;
  const first = text.slice(from, codeEnd);
  const next = tokenAt(text, at);
  if (next === undefined || !endsAtom(first) || NOT_AN_OPERAND.test(stringsBlanked(first))) {
    return undefined;
  }
  // A double-starred item is no expression Python would pair this way (a starred one is).
  if (first.startsWith('**')) return undefined;
  // A name and a string are Python 2's `print "x"`, which Python reports otherwise; so is a
  // first expression that starts with a name that begins a soft keyword (`m`, `ca`, `_`).
  if (/^[A-Za-z_]\w*$/.test(first) && next.string) return undefined;
  const name = /^[A-Za-z_]\w*/.exec(first)?.[0];
  if (name && ['match', 'case', '_'].some((keyword) => keyword.startsWith(name))) return undefined;
  const close = closeOf(text, at, starts.length);
  return { from, firstEnd: codeEnd, second: at, to: next.end, close };
}

/** What comes before the brackets of a function's parameters. */
const PARAMETERS = /\bdef\s+\w+\s*$/;

/** Keywords that cannot end an expression or be a part of one Python would pair this way. */
const NOT_AN_OPERAND = new RegExp(
  '(?:^|[^\\w.])(?:if|else|for|async|lambda|yield|from|import|return|del|pass|with|as|assert|' +
    'raise|global|nonlocal|while|def|class|try|except|finally|break|continue|elif)(?!\\w)',
);

/** Whether the code `text` ends in a name, number, string or closing bracket. */
function endsAtom(text: string): boolean {
  return /(?:[\p{L}\p{Nd}\p{Mn}\p{Mc}_'")\]}]|\d\.)$/u.test(text);
}

/**
 * Where, in the code of an item, the part after its last `if`, `else`, `for` or `lambda`
 * outside brackets and strings starts; 0 when it has none, -1 when it is a loop's iterable.
 */
function lastKeywordEnd(item: string): number {
  const bare = stringsBlanked(item);
  let depth = 0;
  let end = 0;
  for (let index = 0; index < bare.length; index++) {
    const character = bare[index];
    if (character === '(' || character === '[' || character === '{') depth++;
    else if (character === ')' || character === ']' || character === '}') depth--;
    else if (depth === 0 && !NAME_PART.test(bare[index - 1] ?? ' ')) {
      const word = KEYWORD_AT.exec(bare.slice(index, index + 7))?.[0];
      if (word !== 'in') {
        if (word) end = index + word.length;
      } else if (/(?:^|[^\p{L}\p{Nd}_.])for\s/u.test(bare.slice(0, index))) {
        // Python pairs no loop's iterable this way: after its `in`, there is nothing to pair.
        return -1;
      }
    }
  }
  return end;
}

/** What may continue a name (letters, digits, marks, `_`), and a point before an attribute. */
const NAME_PART = /[\p{L}\p{Nd}\p{Mn}\p{Mc}_.]/u;
const KEYWORD_AT = /^(?:if|else|for|lambda|in)(?![\p{L}\p{Nd}\p{Mn}\p{Mc}_])/u;

/**
 * The name, number, string or braces (a dictionary or set) at `at`, if one starts there, and
 * where it ends.
 */
function tokenAt(text: string, at: number): { end: number; string: boolean } | undefined {
  if (text.charCodeAt(at) === 123) return { end: closeOf(text, at + 1, 1), string: false };
  const word = /^(?:[\p{L}_][\p{L}\p{Nd}\p{Mn}\p{Mc}_]*|\d[\w.]*)/u.exec(text.slice(at, at + 200));
  const prefix = word && /^[rbfuRBFU]{1,2}$/.test(word[0]) ? word[0].length : 0;
  const quote = text.charCodeAt(at + prefix);
  if (quote === SINGLE_QUOTE || quote === DOUBLE_QUOTE) {
    return { end: skipString(text, at + prefix, quote), string: true };
  }
  if (!word || KEYWORDS.has(word[0])) return undefined;
  return { end: at + word[0].length, string: false };
}

/** Python's keywords, but for the constants, which are expressions. */
const KEYWORDS = new Set(
  (
    'and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/** Whether the character at `i` separates the items of brackets: `,`, `:`, or `=` alone. */
function separates(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === 44) return true;
  const next = text.charCodeAt(i + 1);
  if (code === 58) return next !== 61;
  if (code !== 61 || next === 61) return false;
  const before = text.charCodeAt(i - 1);
  return !'=<>!:+-*/%&|^@'.includes(String.fromCharCode(before));
}

/** Where the brackets open at `at`, `depth` deep, close, or the end of the text. */
function closeOf(text: string, at: number, depth: number): number {
  let open = depth;
  let i = at;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === HASH) i = lineEndFrom(text, i);
    else if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) i = skipString(text, i, code);
    else {
      if (code === 40 || code === 91 || code === 123) open++;
      else if ((code === 41 || code === 93 || code === 125) && --open < depth) return i + 1;
      i++;
    }
  }
  return text.length;
}

/** The first position from `from` that is neither blank nor in a comment. */
export function codeAfter(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === HASH) i = lineEndFrom(text, i);
    else if (isBlank(code) || code === BACKSLASH) i++;
    else break;
  }
  return i;
}

function isBlank(code: number): boolean {
  return (
    code === SPACE || code === TAB || code === NEWLINE || code === RETURN || code === FORM_FEED
  );
}

function lineEndFrom(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== NEWLINE && text.charCodeAt(i) !== RETURN) i++;
  return i;
}

/** `text` with what its one-line strings hold blanked (same length), so no word in them counts. */
function stringsBlanked(text: string): string {
  return text.replace(
    /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g,
    (string) => `"${' '.repeat(string.length - 2)}"`,
  );
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
