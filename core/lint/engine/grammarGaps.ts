// Valid Python that @lezer/python does not parse, rewritten at the same length before parsing
// so that positions still match the source: a bare `yield`, a number with no digits after its
// decimal point (`255.`, `1.e-05`), a lambda's `/` or trailing comma, a `*` parameter's
// unpacked annotation (`*args: *Ts`), a backslash before a doubled brace in an f-string
// (`rf'\{{'`), and form feeds.
// (Bracketed `with` targets and context managers, which lezer misreads too, are read by the
// hand-written parser.)
import { codeAfter, pairBrackets } from './brackets';
import type { Change } from './changes';

/** `yield` with nothing to yield before something on its line: `(yield)`, `f(yield, 1)`. */
const BARE_YIELD = /\byield\b(?=[ \t]*(?:\)|\]|\}|,|;))/g;

/**
 * `yield` ending its line (a comment aside): bare, as in `x = yield`, unless brackets are open
 * around it and the next line goes on with what it yields, as in `x = (yield\n    value)`.
 */
const LINE_END_YIELD = /\byield\b(?=[ \t]*(?:#[^\n]*)?$)/gm;

/**
 * A backslash before `{{` or `}}`: in an f-string the doubled brace is one brace either way
 * (`rf'\{{'` is a backslash and a brace), while lezer takes the backslash for an escape of the
 * first brace and the second for a replacement field. Outside f-strings it changes nothing lezer
 * reads.
 */
const BACKSLASH_BEFORE_BRACES = /\\(?=\{\{|\}\})/g;

/** A keyword Python reads straight after a number (`1.if x else y`), with a warning. */
const KEYWORD_AFTER_NUMBER = '(?=(?:and|else|for|if|in|is|not|or)(?![\\w\\u0080-\\uffff]))';

/**
 * `1.`, `255.`: a float written without digits after its point, which lezer reads as an
 * attribute missing its name. Not part of a name (`é1.`) or of another number (`1.0.`), and
 * with underscores only between digits, as Python has them. An attribute of such a float
 * (`1..real`) counts too, and so does one followed at once by a keyword Python lets follow a
 * number (`1.if x else y`, `[1.for x in y]`).
 */
const TRAILING_POINT = new RegExp(
  '(?<![\\w.\\u0080-\\uffff])(\\d(?:_?\\d)*)\\.' +
    `(?:(?![\\w\\u0080-\\uffff]|\\.(?![A-Za-z_\\u0080-\\uffff]))|${KEYWORD_AFTER_NUMBER})`,
  'g',
);

/**
 * `1.e-05`, `2.j`: a float with an exponent or an imaginary `j` straight after its point,
 * which lezer reads as an attribute of an integer (`1 .e - 05`). The point moves to the end as
 * a space: `1e-05 `.
 */
const POINT_BEFORE_SUFFIX = new RegExp(
  '(?<![\\w.\\u0080-\\uffff])(\\d(?:_?\\d)*)\\.((?:[eE][+-]?\\d(?:_?\\d)*[jJ]?|[jJ]))' +
    `(?:(?![\\w.\\u0080-\\uffff])|${KEYWORD_AFTER_NUMBER})`,
  'g',
);

/**
 * A lambda's parameters, up to its `:` on the same line: lezer takes neither a `/` among them
 * (`lambda a, /: a`) nor a comma after the last (`lambda a,: a`). A default holding a `:` of its
 * own ends the match early, and is left as it is.
 */
const LAMBDA_PARAMETERS = /\blambda\b([^:\n]*)(?=:)/g;

/** A `/` parameter with the comma before it, as blanks: `lambda a, /, b:` as `lambda a   , b:`. */
const SLASH_PARAMETER = /,[ \t]*\/(?=[ \t]*(?:,|$))/g;

/** A comma after the last parameter, as a blank. */
const TRAILING_COMMA = /(?<=[^ \t,])([ \t]*),(?=[ \t]*$)/;

function lambdaParametersFilled(match: string, parameters: string): string {
  const filled = parameters
    .replace(SLASH_PARAMETER, (slash) => ' '.repeat(slash.length))
    .replace(TRAILING_COMMA, '$1 ');
  return filled === parameters ? match : `lambda${filled}`;
}

/**
 * `*args: *Ts`: a `*` parameter annotated with an unpacked type (PEP 646), which lezer refuses;
 * the annotation's `*` becomes a blank.
 */
const UNPACKED_ANNOTATION = /(\*[ \t]*[\p{L}_][\p{L}\p{N}_]*[ \t]*:[ \t]*)\*(?=[ \t]*[\p{L}_(])/gu;

/** A line with a form feed, which Python reads as a space (in indentation, as a new start). */
const FORM_FEED_LINE = /^[^\n\f]*\f[^\n]*/gm;

/** Every grammar gap of a whole text (or of a part of it that starts outside brackets). */
export function fillGrammarGaps(text: string): string {
  return fillLineEndYields(fillLineGaps(text));
}

/**
 * The grammar gaps whose filling depends on nothing but their line: all but a `yield` ending its
 * line (see `fillLineEndYields`).
 */
export function fillLineGaps(text: string): string {
  let filled = text;
  if (filled.includes('yield')) filled = filled.replace(BARE_YIELD, 'None ');
  if (filled.includes('lambda')) filled = filled.replace(LAMBDA_PARAMETERS, lambdaParametersFilled);
  if (filled.includes('*')) filled = filled.replace(UNPACKED_ANNOTATION, '$1 ');
  if (filled.includes('\f')) filled = filled.replace(FORM_FEED_LINE, spacedFormFeeds);
  if (/\\(?:\{\{|\}\})/.test(filled)) filled = filled.replace(BACKSLASH_BEFORE_BRACES, ' ');
  if (/\d\.[eEjJ]/.test(filled)) filled = filled.replace(POINT_BEFORE_SUFFIX, '$1$2 ');
  return filled.replace(TRAILING_POINT, '$1 ');
}

/**
 * Each `yield` ending its line that yields nothing, in `text`, which must start outside brackets
 * (a whole text, or a segment of one). Whether the next line goes on with what it yields depends
 * on the brackets open before it, so this is filled segment by segment, not line by line.
 */
export function fillLineEndYields(text: string): string {
  if (!text.includes('yield')) return text;
  const ends: number[] = [];
  for (const match of text.matchAll(LINE_END_YIELD)) ends.push(match.index! + match[0].length);
  if (ends.length === 0) return text;
  const depths: number[] = [];
  pairBrackets(text, ends, depths);
  let filled = '';
  let copied = 0;
  ends.forEach((end, index) => {
    if (depths[index] > 0 && !CLOSES_ITEM.test(text.charAt(codeAfter(text, end)))) return;
    filled += text.slice(copied, end - 'yield'.length) + 'None ';
    copied = end;
  });
  return copied === 0 ? text : filled + text.slice(copied);
}

/**
 * What may follow a bare `yield` inside brackets: the `)` that closes them (Python takes a bare
 * `yield` alone in parentheses, never as an item of a list, a dict or a tuple).
 */
const CLOSES_ITEM = /^\)?$/;

/**
 * A line's form feeds as spaces, except in the indentation of a line with code: there a form
 * feed restarts the count of columns, which a space would not do. A comment's indentation
 * counts for nothing.
 */
function spacedFormFeeds(line: string): string {
  const code = line.search(/[^ \t\f]/);
  if (code === -1 || line[code] === '#') return line.replace(/\f/g, ' ');
  return line.slice(0, code) + line.slice(code).replace(/\f/g, ' ');
}

/**
 * `fillLineGaps(after)`, given `filledBefore = fillLineGaps(before)`, `lines`, the change
 * from `before` to `after` widened to whole lines of `after`, and `filledLines`, those lines
 * filled. Every pattern matches within one line and looks no further than its ends, so the
 * lines outside the change are filled as they were.
 */
export function refillLineGaps(
  filledBefore: string,
  filledLines: string,
  lines: Change,
): string {
  const after = filledBefore.slice(lines.to - lines.shift);
  return filledBefore.slice(0, lines.from) + filledLines + after;
}
