// Valid Python that @lezer/python does not parse, rewritten at the same length before parsing
// so that positions still match the source: a bare `yield`, parenthesised context managers on
// one line, a parenthesised or attribute target after `with ... as`, a number ending at its
// decimal point (`255.`), and form feeds.
import type { Change } from './changes';

/** `yield` with nothing to yield: `yield`, `x = yield`, `(yield)`. */
const BARE_YIELD = /\byield\b(?=[ \t]*(?:$|#|\)|\]|\}|,|;))/gm;

/** `with (a as b, c as d):` written on one line. */
const PARENTHESISED_WITH = /^([ \t]*(?:async[ \t]+)?with[ \t]*)\((.*\bas\b.*)\)([ \t]*:)/gm;

/**
 * `with ctx as (a, b):`, the target on one line, which may be the last line of the statement.
 * Only a `with` target can follow `as` in parentheses.
 */
const PARENTHESISED_TARGET = /(\bas[ \t]*)\(([^()\n]*)\)([ \t]*:)/gm;

/** `with ctx as self.file:`: an attribute as the target, read as a name (`self_file`). */
const ATTRIBUTE_TARGET = /\bas[ \t]+[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?=[ \t]*[:,])/g;

/** `1.`, `255.`: a float written without digits after its point; lezer wants an attribute. */
const TRAILING_POINT = /\b(\d[\d_]*)\.(?![\w.])/g;

/** A line with a form feed, which Python reads as a space (in indentation, as a new start). */
const FORM_FEED_LINE = /^[^\n\f]*\f[^\n]*/gm;

export function fillGrammarGaps(text: string): string {
  let filled = text;
  if (filled.includes('yield')) filled = filled.replace(BARE_YIELD, 'None ');
  if (filled.includes('with')) filled = filled.replace(PARENTHESISED_WITH, unbracketed);
  if (filled.includes('as')) {
    filled = filled
      .replace(PARENTHESISED_TARGET, unbracketed)
      .replace(ATTRIBUTE_TARGET, (target) => target.replace(/\./g, '_'));
  }
  if (filled.includes('\f')) filled = filled.replace(FORM_FEED_LINE, spacedFormFeeds);
  return filled.replace(TRAILING_POINT, '$1 ');
}

/** What the pattern matched, the brackets around its middle group as spaces. */
function unbracketed(_all: string, head: string, inside: string, colon: string): string {
  return `${head} ${inside} ${colon}`;
}

/**
 * A line's form feeds as spaces, except in the indentation of a line with code: there a form
 * feed restarts the count of columns, which a space would not do.
 */
function spacedFormFeeds(line: string): string {
  const code = line.search(/[^ \t\f]/);
  if (code === -1) return line.replace(/\f/g, ' ');
  return line.slice(0, code) + line.slice(code).replace(/\f/g, ' ');
}

/**
 * `fillGrammarGaps(after)`, given `filledBefore = fillGrammarGaps(before)`, `lines`, the change
 * from `before` to `after` widened to whole lines of `after`, and `filledLines`, those lines
 * filled. Every pattern matches within one line and looks no further than its ends, so the
 * lines outside the change are filled as they were.
 */
export function refillGrammarGaps(
  filledBefore: string,
  filledLines: string,
  lines: Change,
): string {
  const after = filledBefore.slice(lines.to - lines.shift);
  return filledBefore.slice(0, lines.from) + filledLines + after;
}
