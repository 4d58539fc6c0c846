// Valid Python that @lezer/python does not parse, rewritten at the same length before parsing
// so that positions still match the source: a bare `yield`, parenthesised context managers on
// one line, and a parenthesised target after `with ... as`.
import type { Change } from './changes';

/** `yield` with nothing to yield: `yield`, `x = yield`, `(yield)`. */
const BARE_YIELD = /\byield\b(?=[ \t]*(?:$|#|\)|\]|\}|,|;))/gm;

/** `with (a as b, c as d):` written on one line. */
const PARENTHESISED_WITH = /^([ \t]*(?:async[ \t]+)?with[ \t]*)\((.*\bas\b.*)\)([ \t]*:)/gm;

/** `with ctx as (a, b):` on one line. */
const PARENTHESISED_TARGET = /^([ \t]*(?:async[ \t]+)?with\b.*\bas[ \t]*)\(([^()\n]*)\)([ \t]*:)/gm;

export function fillGrammarGaps(text: string): string {
  if (!text.includes('yield') && !text.includes('with')) return text;

  return text
    .replace(BARE_YIELD, 'None ')
    .replace(PARENTHESISED_WITH, (_all, head: string, items: string, colon: string) =>
      `${head} ${items} ${colon}`)
    .replace(PARENTHESISED_TARGET, (_all, head: string, target: string, colon: string) =>
      `${head} ${target} ${colon}`);
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
