// Valid Python that @lezer/python does not parse, rewritten at the same length before parsing
// so that positions still match the source: a bare `yield`, parenthesised context managers on
// one line, a parenthesised target after `with ... as`, a number ending at its decimal point
// (`255.`), and form feeds.
import type { Change } from './changes';

/** `yield` with nothing to yield: `yield`, `x = yield`, `(yield)`. */
const BARE_YIELD = /\byield\b(?=[ \t]*(?:$|#|\)|\]|\}|,|;))/gm;

/** `with (a as b, c as d):` written on one line. */
const PARENTHESISED_WITH = /^([ \t]*(?:async[ \t]+)?with[ \t]*)\((.*\bas\b.*)\)([ \t]*:)/gm;

/** A line that starts a `with` statement: only there does the target below get rewritten. */
const WITH_LINE = /^[ \t]*(?:async[ \t]+)?with\b.*/gm;

/** `as (a, b):` ending the line: a target in parentheses. */
const PARENTHESISED_TARGET = /(\bas[ \t]*)\(([^()\n]*)\)([ \t]*:)/g;

/**
 * `1.`, `255.`: a float written without digits after its point, which lezer reads as an
 * attribute missing its name. Not part of a name (`é1.`) or of another number (`1.0.`), and
 * with underscores only between digits, as Python has them.
 */
const TRAILING_POINT = /(?<![\w.\u0080-\uffff])(\d(?:_?\d)*)\.(?![\w.\u0080-\uffff])/g;

/** A line with a form feed, which Python reads as a space (in indentation, as a new start). */
const FORM_FEED_LINE = /^[^\n\f]*\f[^\n]*/gm;

export function fillGrammarGaps(text: string): string {
  let filled = text;
  if (filled.includes('yield')) filled = filled.replace(BARE_YIELD, 'None ');
  if (filled.includes('with')) {
    filled = filled.replace(PARENTHESISED_WITH, bracketsAround).replace(WITH_LINE, withTargets);
  }
  if (filled.includes('\f')) filled = filled.replace(FORM_FEED_LINE, spacedFormFeeds);
  return filled.replace(TRAILING_POINT, '$1 ');
}

/**
 * What the pattern matched, the brackets around its middle group as spaces, if those two
 * brackets are a pair: in `with (a) as b, f(c):` they are not.
 */
function bracketsAround(all: string, head: string, inside: string, colon: string): string {
  let depth = 0;
  for (const character of inside) {
    if (character === '(' || character === '[' || character === '{') depth++;
    else if (character === ')' || character === ']' || character === '}') depth--;
    if (depth < 0) return all;
  }
  return depth === 0 ? `${head} ${inside} ${colon}` : all;
}

/** A `with` line's targets in parentheses, as names. */
function withTargets(line: string): string {
  return line.includes('as') ? line.replace(PARENTHESISED_TARGET, bracketsAround) : line;
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
