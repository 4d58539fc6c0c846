// Brackets as Python's tokenizer pairs them, read straight from the text (strings and
// comments passed over): which stay open, which close the wrong one, and two expressions in a
// row inside them, which is where Python's parser asks whether a comma was forgotten.
import {
  BACKSLASH,
  DOUBLE_QUOTE,
  FORM_FEED,
  HASH,
  NEWLINE,
  RETURN,
  SINGLE_QUOTE,
  SPACE,
  TAB,
  skipString,
} from './segments';

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

/**
 * How Python's tokenizer pairs the brackets of `text`, strings and comments passed over. With
 * `marks` (positions in increasing order), `depths` receives how many brackets are open at each
 * mark the reading reaches; a mark inside a string or comment counts the brackets open around it.
 */
export function pairBrackets(text: string, marks: number[] = [], depths: number[] = []): Pairing {
  const open: number[] = [];
  const length = text.length;
  let i = 0;
  let mark = 0;
  while (i < length) {
    while (mark < marks.length && marks[mark] <= i) depths[mark++] = open.length;
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
  while (mark < marks.length) depths[mark++] = open.length;
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
export function closeOf(text: string, at: number, depth: number): number {
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
export function stringsBlanked(text: string): string {
  return text.replace(
    /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g,
    (string) => `"${' '.repeat(string.length - 2)}"`,
  );
}
