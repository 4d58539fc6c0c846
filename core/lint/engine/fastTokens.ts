// Tokenizer for the fast Python parser: cuts source into the tokens @lezer/python's grammar sees,
// with INDENT/DEDENT, comments kept on the side and f-string fields split into their parts.

/** Token kinds. Keywords come last, from `Tok.and` on, in the order of `KEYWORDS`. */
export const enum Tok {
  eof, newline, indent, dedent, name, number, string, fstring, fstringEnd, escape,
  fieldOpen, fieldClose, selfDoc, conversion, specColon,
  lparen, rparen, lbrack, rbrack, lbrace, rbrace, dot, comma, semi, colon, at, star, dstar,
  ellipsis, arrow, assign, walrus, compare, update, plus, minus, tilde, slash, dslash, percent,
  pipe, amp, caret, lshift, rshift,
  and, as, assert, async, await, break, class, continue, def, del, elif, else, except,
  finally, for, from, global, if, import, in, is, lambda, nonlocal, not, or, pass, raise,
  return, try, while, with, yield, None, True, False,
}

const KEYWORDS = [
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'None',
  'True', 'False',
];
const KEYWORD_KIND = new Map<string, number>(KEYWORDS.map((word, i) => [word, Tok.and + i]));

/** Thrown for anything the fast path does not model; the caller then falls back to lezer. */
export class Unsupported {}
export const UNSUPPORTED = new Unsupported();

/** Thrown for a bracket nested deeper than Python's tokenizer takes, with where it opens. */
export class TooDeepBracket {
  constructor(readonly at: number) {}
}

/** How deep Python's tokenizer nests brackets: one more is "too many nested parentheses". */
const MAX_BRACKET_DEPTH = 200;

/** Thrown for a line indented a level deeper than Python's tokenizer takes, with its start. */
export class TooDeepIndent {
  constructor(readonly at: number) {}
}

/** How many levels of indentation Python's tokenizer keeps, the unindented one included. */
const MAX_INDENT_LEVELS = 100;

/** The tokens of the last `tokenize` call, as parallel arrays (reused between calls). */
export const tokens = {
  count: 0,
  kind: new Int32Array(1024),
  from: new Int32Array(1024),
  to: new Int32Array(1024),
  /** Escapes following a string token; the index of the matching end for an f-string. */
  aux: new Int32Array(1024),
  /** How many comments lie before the token. */
  commentsBefore: new Int32Array(1024),
  commentCount: 0,
  commentFrom: new Int32Array(256),
  commentTo: new Int32Array(256),
};

const SPACE = 32, TAB = 9, NEWLINE = 10, HASH = 35, BACKSLASH = 92, QUOTE = 39, DQUOTE = 34;
const LBRACE = 123, RBRACE = 125;

let src = '';
let end = 0;
let pos = 0;
let depth = 0;
const indents: number[] = [];

/** Past this many tokens the arrays are dropped after use, so one huge file is not kept. */
const KEPT_CAPACITY = 1 << 16;

export function releaseLargeTokenArrays(): void {
  if (tokens.kind.length <= KEPT_CAPACITY) return;
  for (const key of ['kind', 'from', 'to', 'aux', 'commentsBefore'] as const) {
    tokens[key] = new Int32Array(1024);
  }
  tokens.count = 0;
}

function grow(): void {
  const size = tokens.kind.length * 2;
  for (const key of ['kind', 'from', 'to', 'aux', 'commentsBefore'] as const) {
    const bigger = new Int32Array(size);
    bigger.set(tokens[key]);
    tokens[key] = bigger;
  }
}

function push(kind: number, from: number, to: number): number {
  const index = tokens.count;
  if (index === tokens.kind.length) grow();
  tokens.kind[index] = kind;
  tokens.from[index] = from;
  tokens.to[index] = to;
  tokens.aux[index] = 0;
  tokens.commentsBefore[index] = tokens.commentCount;
  tokens.count = index + 1;
  return index;
}

function comment(): void {
  const from = pos;
  let at = src.indexOf('\n', pos);
  if (at < 0) at = end;
  if (src.charCodeAt(at - 1) === 13) throw UNSUPPORTED;
  const index = tokens.commentCount;
  if (index === tokens.commentFrom.length) {
    const from2 = new Int32Array(index * 2), to2 = new Int32Array(index * 2);
    from2.set(tokens.commentFrom);
    to2.set(tokens.commentTo);
    tokens.commentFrom = from2;
    tokens.commentTo = to2;
  }
  tokens.commentFrom[index] = from;
  tokens.commentTo[index] = at;
  tokens.commentCount = index + 1;
  pos = at;
}

/** Fills `tokens` from `text`; throws `UNSUPPORTED` on anything outside the modelled subset. */
export function tokenize(text: string): void {
  src = text;
  end = text.length;
  pos = 0;
  depth = 0;
  indents.length = 0;
  indents.push(0);
  tokens.count = 0;
  tokens.commentCount = 0;

  let lineStart = true;
  for (;;) {
    if (lineStart) {
      lineStart = false;
      if (!startLine()) break;
    }
    const c = src.charCodeAt(pos);
    if (c === SPACE || c === TAB) {
      pos++;
    } else if (c === NEWLINE) {
      if (depth > 0) {
        pos++;
      } else {
        push(Tok.newline, pos, pos + 1);
        pos++;
        lineStart = true;
      }
    } else if (c === HASH) {
      comment();
    } else if (c === BACKSLASH) {
      continuation();
    } else if (pos >= end) {
      break;
    } else if (c === 40 || c === 91 || c === LBRACE) {
      if (depth === MAX_BRACKET_DEPTH) throw new TooDeepBracket(pos);
      push(c === 40 ? Tok.lparen : c === 91 ? Tok.lbrack : Tok.lbrace, pos, ++pos);
      depth++;
    } else if (c === 41 || c === 93 || c === RBRACE) {
      push(c === 41 ? Tok.rparen : c === 93 ? Tok.rbrack : Tok.rbrace, pos, ++pos);
      if (--depth < 0) throw UNSUPPORTED;
    } else {
      token(c);
    }
  }

  if (depth > 0) throw UNSUPPORTED;
  for (let i = indents.length - 1; i > 0; i--) push(Tok.dedent, end, end);
  push(Tok.eof, end, end);
}

/**
 * Reads the indentation of a logical line, skipping blank and comment-only lines, and emits the
 * INDENT or DEDENTs it implies. Returns false at the end of the text.
 */
function startLine(): boolean {
  for (;;) {
    const lineFrom = pos;
    let column = 0;
    let c = src.charCodeAt(pos);
    while (c === SPACE || c === TAB) {
      column = c === TAB ? column + 8 - (column % 8) : column + 1;
      c = src.charCodeAt(++pos);
    }
    if (pos >= end) return false;
    if (c === NEWLINE) {
      pos++;
      continue;
    }
    if (c === HASH) {
      comment();
      if (pos >= end) return false;
      pos++;
      continue;
    }
    if (c === 13 || c === 12) throw UNSUPPORTED;

    // lezer reads no indentation on the first line: it only looks after a line break.
    const current = indents[indents.length - 1];
    if (tokens.count === 0 && lineFrom === 0) return true;
    if (column > current) {
      if (tokens.count === 0) throw UNSUPPORTED;
      if (indents.length === MAX_INDENT_LEVELS) throw new TooDeepIndent(lineFrom);
      indents.push(column);
      push(Tok.indent, pos, pos);
    } else if (column < current) {
      while (column < indents[indents.length - 1]) {
        indents.pop();
        push(Tok.dedent, lineFrom, lineFrom);
      }
      if (column !== indents[indents.length - 1]) throw UNSUPPORTED;
    }
    return true;
  }
}

/** A backslash joins the next line, which must carry code (lezer treats blank ones otherwise). */
function continuation(): void {
  if (src.charCodeAt(pos + 1) !== NEWLINE) throw UNSUPPORTED;
  const last = tokens.count > 0 ? tokens.kind[tokens.count - 1] : Tok.newline;
  if (last === Tok.newline || last === Tok.indent || last === Tok.dedent) throw UNSUPPORTED;
  pos += 2;
  let c = src.charCodeAt(pos);
  while (c === SPACE || c === TAB) c = src.charCodeAt(++pos);
  if (pos >= end || c === NEWLINE || c === HASH || c === BACKSLASH) throw UNSUPPORTED;
}

// lezer's identifiers take every character from U+00A1 up (surrogate pairs included); the
// few from U+0080 to U+00A0 are left to it.
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0xa1;
}

function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57) ||
    c >= 0xa1
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** One token that is not a bracket, space, newline or comment. */
function token(c: number): void {
  if (isNameStart(c)) return word();
  if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(pos + 1)))) return number();
  if (c === QUOTE || c === DQUOTE) return string(pos, 0);
  if (c >= 128) throw UNSUPPORTED;
  operator(c);
}

function word(): void {
  const from = pos;
  let c = src.charCodeAt(++pos);
  while (isNameChar(c)) c = src.charCodeAt(++pos);
  if (c >= 128) throw UNSUPPORTED;
  const length = pos - from;
  if ((c === QUOTE || c === DQUOTE) && length <= 2) {
    const flags = prefixFlags(from, length);
    if (flags >= 0) return string(from, flags);
  }
  const keyword = length >= 2 && length <= 8 ? KEYWORD_KIND.get(src.slice(from, pos)) : undefined;
  push(keyword ?? Tok.name, from, pos);
}

const RAW = 1, FORMAT = 2;

/** String flags for a prefix as lezer's grammar reads it, or -1 for a name before a quote. */
function prefixFlags(from: number, length: number): number {
  const a = src.charCodeAt(from) | 32;
  if (length === 1) {
    if (a === 117 || a === 98) return 0;
    if (a === 114) return RAW;
    if (a === 102) return FORMAT;
    return -1;
  }
  const b = src.charCodeAt(from + 1) | 32;
  if ((a === 114 && b === 98) || (a === 98 && b === 114)) return RAW;
  if ((a === 114 && b === 102) || (a === 102 && b === 114)) return RAW | FORMAT;
  return -1;
}

function digits(c: number): number {
  while (isDigit(c) || c === 95) c = src.charCodeAt(++pos);
  return c;
}

function number(): void {
  const from = pos;
  let c = src.charCodeAt(pos);
  const base = c === 48 ? src.charCodeAt(pos + 1) | 32 : 0;
  if (base === 98 || base === 111 || base === 120) {
    pos += 2;
    const start = pos;
    c = src.charCodeAt(pos);
    while (
      c === 95 ||
      (base === 98 ? c === 48 || c === 49 : base === 111 ? c >= 48 && c <= 55 : isHex(c))
    ) {
      c = src.charCodeAt(++pos);
    }
    if (pos === start) throw UNSUPPORTED;
  } else {
    if (c !== 46) c = digits(c);
    if (c === 46 && isDigit(src.charCodeAt(pos + 1))) c = digits(src.charCodeAt(++pos));
    if ((c | 32) === 101) {
      let next = pos + 1;
      const sign = src.charCodeAt(next);
      if (sign === 43 || sign === 45) next++;
      if (isDigit(src.charCodeAt(next))) {
        pos = next;
        c = digits(src.charCodeAt(pos));
      }
    }
    if ((c | 32) === 106) c = src.charCodeAt(++pos);
  }
  // As in lezer, `1.e5` is the number 1 and an attribute, and `1if` a number and a keyword.
  if (c >= 128) throw UNSUPPORTED;
  push(Tok.number, from, pos);
}

/** One-character operators that take a `=` to make an augmented assignment. */
const UPDATABLE = new Set<number>([
  Tok.plus, Tok.minus, Tok.star, Tok.slash, Tok.at, Tok.percent, Tok.amp, Tok.pipe, Tok.caret,
]);

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function operator(c: number): void {
  const from = pos;
  const next = src.charCodeAt(pos + 1);
  let kind: number;
  let length = 1;
  switch (c) {
    case 46:
      if (next === 46 && src.charCodeAt(pos + 2) === 46) {
        kind = Tok.ellipsis;
        length = 3;
      } else {
        kind = Tok.dot;
      }
      break;
    case 44: kind = Tok.comma; break;
    case 59: kind = Tok.semi; break;
    case 58:
      if (next === 61) {
        kind = Tok.walrus;
        length = 2;
      } else {
        kind = Tok.colon;
      }
      break;
    case 126: kind = Tok.tilde; break;
    case 61:
      if (next === 61) {
        kind = Tok.compare;
        length = 2;
      } else {
        kind = Tok.assign;
      }
      break;
    case 33:
      if (next !== 61) throw UNSUPPORTED;
      kind = Tok.compare;
      length = 2;
      break;
    case 42:
      if (next === 42) {
        length = 2;
        kind = Tok.dstar;
        if (src.charCodeAt(pos + 2) === 61) {
          kind = Tok.update;
          length = 3;
        }
      } else {
        kind = Tok.star;
      }
      break;
    case 47:
      if (next === 47) {
        length = 2;
        kind = Tok.dslash;
        if (src.charCodeAt(pos + 2) === 61) {
          kind = Tok.update;
          length = 3;
        }
      } else {
        kind = Tok.slash;
      }
      break;
    case 60:
    case 62:
      if (next === c) {
        length = 2;
        kind = c === 60 ? Tok.lshift : Tok.rshift;
        if (src.charCodeAt(pos + 2) === 61) {
          kind = Tok.update;
          length = 3;
        }
      } else if (next === 61) {
        kind = Tok.compare;
        length = 2;
      } else if (c === 60 && next === 62) {
        throw UNSUPPORTED;
      } else {
        kind = Tok.compare;
      }
      break;
    case 45:
      if (next === 62) {
        kind = Tok.arrow;
        length = 2;
      } else {
        kind = Tok.minus;
      }
      break;
    case 43: kind = Tok.plus; break;
    case 64: kind = Tok.at; break;
    case 37: kind = Tok.percent; break;
    case 38: kind = Tok.amp; break;
    case 124: kind = Tok.pipe; break;
    case 94: kind = Tok.caret; break;
    default:
      throw UNSUPPORTED;
  }
  if (length === 1 && next === 61 && UPDATABLE.has(kind)) {
    kind = Tok.update;
    length = 2;
  }
  pos += length;
  push(kind, from, pos);
}

/**
 * A string literal from its prefix at `from`; `pos` is at the opening quote. Follows lezer's
 * string tokenizer: escapes become tokens, and f-string fields are tokenized in place.
 */
function string(from: number, flags: number): void {
  const quote = src.charCodeAt(pos);
  const long = src.charCodeAt(pos + 1) === quote && src.charCodeAt(pos + 2) === quote;
  pos += long ? 3 : 1;
  const format = (flags & FORMAT) !== 0;
  const escapes = (flags & RAW) === 0;
  const index = push(format ? Tok.fstring : Tok.string, from, from);
  let escapeCount = 0;

  for (;;) {
    const c = src.charCodeAt(pos);
    if (pos >= end) throw UNSUPPORTED;
    if (format && c === LBRACE) {
      if (src.charCodeAt(pos + 1) === LBRACE) pos += 2;
      else field(quote);
    } else if (c === BACKSLASH) {
      if (escapes) {
        escape();
        escapeCount++;
      } else {
        pos += 2;
      }
    } else if (c === quote) {
      if (!long) {
        pos++;
        break;
      }
      if (src.charCodeAt(pos + 1) === quote && src.charCodeAt(pos + 2) === quote) {
        pos += 3;
        break;
      }
      pos++;
    } else if (c === NEWLINE) {
      if (!long) throw UNSUPPORTED;
      pos++;
    } else if (c === 13) {
      throw UNSUPPORTED;
    } else {
      pos++;
    }
  }

  tokens.to[index] = pos;
  // `push` may replace the arrays, so the end's index is taken before writing it.
  const aux = format ? push(Tok.fstringEnd, pos, pos) : escapeCount;
  tokens.aux[index] = aux;
}

function escape(): void {
  const from = pos;
  pos++;
  if (pos >= end) throw UNSUPPORTED;
  const escaped = src.charCodeAt(pos++);
  if (escaped === 111) {
    for (let i = 0; i < 2 && src.charCodeAt(pos) >= 48 && src.charCodeAt(pos) <= 55; i++) pos++;
  } else if (escaped === 120 || escaped === 117 || escaped === 85) {
    const count = escaped === 120 ? 2 : escaped === 117 ? 4 : 8;
    for (let i = 0; i < count && isHex(src.charCodeAt(pos)); i++) pos++;
  } else if (escaped === 78 && src.charCodeAt(pos) === LBRACE) {
    pos++;
    let c = src.charCodeAt(pos);
    while (pos < end && c !== RBRACE && c !== QUOTE && c !== DQUOTE && c !== NEWLINE) {
      c = src.charCodeAt(++pos);
    }
    if (c === RBRACE) pos++;
  }
  push(Tok.escape, from, pos);
}

/**
 * A replacement field of an f-string, from its `{`: the expression's tokens, then `=`, `!r`,
 * a format spec (with nested fields) and the closing `}`. Newlines and comments inside are
 * left to lezer.
 */
function field(quote: number): void {
  push(Tok.fieldOpen, pos, ++pos);
  let level = 0;
  for (;;) {
    const c = src.charCodeAt(pos);
    if (pos >= end) throw UNSUPPORTED;
    if (c === SPACE || c === TAB) {
      pos++;
    } else if (c === NEWLINE || c === HASH || c === BACKSLASH || c === 13) {
      throw UNSUPPORTED;
    } else if (c === 40 || c === 91 || c === LBRACE) {
      push(c === 40 ? Tok.lparen : c === 91 ? Tok.lbrack : Tok.lbrace, pos, ++pos);
      level++;
    } else if (c === RBRACE && level === 0) {
      push(Tok.fieldClose, pos, ++pos);
      return;
    } else if (c === 41 || c === 93 || c === RBRACE) {
      push(c === 41 ? Tok.rparen : c === 93 ? Tok.rbrack : Tok.rbrace, pos, ++pos);
      if (--level < 0) throw UNSUPPORTED;
    } else if (level === 0 && c === 58) {
      // Even before `=`: a walrus in a field needs brackets, and `{x:=^9}` is a format spec.
      push(Tok.specColon, pos, ++pos);
      spec(quote);
      return;
    } else if (level === 0 && c === 33 && isConversion(src.charCodeAt(pos + 1))) {
      push(Tok.conversion, pos, (pos += 2));
    } else if (level === 0 && c === 61 && src.charCodeAt(pos + 1) !== 61) {
      push(Tok.selfDoc, pos, ++pos);
    } else {
      token(c);
    }
  }
}

function isConversion(c: number): boolean {
  return c === 115 || c === 114 || c === 97;
}

/** The format spec after a field's `:`, up to and including the field's closing `}`. */
function spec(quote: number): void {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (pos >= end) throw UNSUPPORTED;
    if (c === LBRACE) {
      field(quote);
    } else if (c === RBRACE) {
      push(Tok.fieldClose, pos, ++pos);
      return;
    } else if (c === BACKSLASH && isSpecEscape(src.charCodeAt(pos + 1))) {
      // `f"{x:\t>9}"`: an escape is spec text, with no node of its own.
      pos += 2;
    } else if (c === BACKSLASH && src.startsWith('N{', pos + 1)) {
      // `f"{x:\N{DASH}}"`: a named character, whose braces open no field (as lezer has it).
      const close = src.indexOf('}', pos + 3);
      const name = close < 0 ? '' : src.slice(pos + 3, close);
      if (!/^[A-Za-z0-9 -]+$/.test(name)) throw UNSUPPORTED;
      pos = close + 1;
    } else if (c === NEWLINE || c === BACKSLASH || c === quote || c === 13) {
      throw UNSUPPORTED;
    } else {
      pos++;
    }
  }
}

/**
 * What may follow a backslash in a format spec for the spec to read as lezer reads it: a letter
 * or digit (not `N`, which may open a named character), a second backslash or a quote.
 */
function isSpecEscape(c: number): boolean {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90 && c !== 78);
  return letter || (c >= 48 && c <= 57) || c === BACKSLASH || c === QUOTE || c === DQUOTE;
}
