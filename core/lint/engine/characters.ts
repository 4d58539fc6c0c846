// Characters Python's tokenizer refuses outside strings and comments: typographic quotes and
// dashes pasted from a document, non-breaking or zero-width spaces, symbols such as `×`. The
// grammar reads most of them as part of a name, so they need a look of their own.
import { skipString } from './segments';
import { someLineMatches, type FlatTree, type Spliced } from './syntax';

export interface InvalidCharacter {
  from: number;
  to: number;
  message: string;
}

const HASH = 35;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;

/**
 * What a name may hold besides ASCII; Python normalises names, but every such part passes.
 * The zero-width joiner and non-joiner, which JavaScript names may hold, are not among them.
 */
const NAME_PART = /(?![\u200c\u200d])[\p{ID_Continue}\u00b7\u0387\u1369-\u1371\u19da]/u;
/** What may begin a name: a character that may only continue one (`·`, a combining mark) may not. */
const NAME_START = /[\p{ID_Start}_]/u;
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const BEYOND_ASCII = /[^\x00-\x7f]/;
const BYTE_ORDER_MARK = '\ufeff';
/** A comment, a string or a character beyond ASCII. */
const NEXT_TO_LOOK_AT = /[#'"\u0080-\uffff]/g;

/** What to type instead of a character that usually comes from a word processor or a slide. */
const INSTEAD: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u201b\u2039\u203a]/u, "type a straight quote, `'`"],
  [/[\u201c\u201d\u201e\u201f\u00ab\u00bb]/u, 'type a straight quote, `"`'],
  [/[\u2010-\u2015\u2212]/u, 'type a plain minus, `-`'],
  [/[\u00d7\u22c5\u2217]/u, 'type `*`'],
  [/[\u00f7\u2044\u2215]/u, 'type `/`'],
  [/[\u2264\u2265\u2260]/u, 'type `<=`, `>=` or `!=`'],
  [/\p{Zs}/u, 'type a plain space'],
];

/**
 * The first character outside strings and comments that Python cannot tokenize: one beyond
 * ASCII that cannot be part of a name. `tree` is the flat parse of `text`: each segment it
 * reuses from an earlier parse is read once, and only the text parsed anew is read again. A
 * byte order mark may open a file (`isFile`), not a notebook cell.
 */
export function invalidCharacter(
  text: string,
  tree: FlatTree,
  isFile: boolean,
): InvalidCharacter | undefined {
  if (!someLineMatches(text, tree, BEYOND_ASCII, segmentsBeyondAscii)) return undefined;
  let at = 0;
  for (const segment of tree.spliced) {
    const fresh = invalidCharacterIn(text, at, segment.start, isFile);
    if (fresh !== undefined) return fresh;
    const reused = invalidInSegment(text, segment, isFile);
    if (reused !== undefined) {
      return { ...reused, from: reused.from + segment.start, to: reused.to + segment.start };
    }
    at = segment.start + segment.copy.to(segment.copy.root);
  }
  return invalidCharacterIn(text, at, text.length, isFile);
}

const segmentsBeyondAscii = new WeakMap<FlatTree, boolean>();

/** What was found in each reused segment, relative to its start, or null for nothing. */
const foundInSegments = new WeakMap<FlatTree, InvalidCharacter | null>();

function invalidInSegment(
  text: string,
  segment: Spliced,
  isFile: boolean,
): InvalidCharacter | undefined {
  let found = foundInSegments.get(segment.copy);
  if (found === undefined) {
    const end = segment.start + segment.copy.to(segment.copy.root);
    const invalid = invalidCharacterIn(text, segment.start, end, isFile);
    found = invalid === undefined
      ? null
      : { ...invalid, from: invalid.from - segment.start, to: invalid.to - segment.start };
    foundInSegments.set(segment.copy, found);
  }
  return found ?? undefined;
}

/**
 * The first invalid character in `text` from `from` to `to`, which lie between statements.
 * A replacement field of an f-string is read as part of the string.
 */
function invalidCharacterIn(
  text: string,
  from: number,
  to: number,
  isFile: boolean,
): InvalidCharacter | undefined {
  if (!BEYOND_ASCII.test(text.slice(from, to))) return undefined;
  let at = from;
  while (at < to) {
    NEXT_TO_LOOK_AT.lastIndex = at;
    if (NEXT_TO_LOOK_AT.exec(text) === null) return undefined;
    at = NEXT_TO_LOOK_AT.lastIndex - 1;
    if (at >= to) return undefined;
    const code = text.charCodeAt(at);
    if (code === HASH) {
      const end = text.indexOf('\n', at);
      at = end === -1 ? to : end;
    } else if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      at = skipString(text, at, code);
    } else {
      const char = String.fromCodePoint(text.codePointAt(at)!);
      const opening = !NAME_PART.test(text[at - 1] ?? ' ') && !isLowSurrogate(text, at - 1);
      const fits = NAME_PART.test(char) && (!opening || NAME_START.test(char));
      if (!fits && !(isFile && at === 0 && char === BYTE_ORDER_MARK)) return describe(char, at);
      at += char.length;
    }
  }
  return undefined;
}

/** Whether the code unit at `at` ends a character written as two (beyond U+FFFF). */
function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

function describe(char: string, from: number): InvalidCharacter {
  const point = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = NON_PRINTABLE.test(char)
    ? `an invisible character (${point})`
    : `the character \`${char}\` (${point})`;
  const instead = INSTEAD.find(([pattern]) => pattern.test(char))?.[1];
  return {
    from,
    to: from + char.length,
    message:
      `Python cannot parse this: ${what} cannot stand outside a string or comment; ` +
      `${instead ?? 'delete it, or put it in a string'}.`,
  };
}
