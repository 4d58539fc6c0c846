// Finding where two versions of a text differ, with native string comparisons rather than a
// loop over characters, so that an edit to a long text costs little outside the change itself.

/** Where `after` differs from `before`: `after` is `before` with [from, to) of it replaced. */
export interface Change {
  /** Both texts agree before this position. */
  from: number;
  /** From here on `after` agrees with `before` from `to - shift` on. */
  to: number;
  /** `after.length - before.length`. */
  shift: number;
}

/** Below this many characters a plain loop is cheaper than another pair of slices. */
const SHORT = 32;

/** The smallest change that turns `before` into `after`. */
export function changeBetween(before: string, after: string): Change {
  const from = commonPrefix(before, after);
  const room = Math.min(before.length, after.length) - from;
  const suffix = commonSuffix(before, after, room);
  return { from, to: after.length - suffix, shift: after.length - before.length };
}

/** `change` widened to whole lines of `after` (a line ends at `\n`, which it excludes). */
export function wholeLines(after: string, change: Change): Change {
  const from = change.from === 0 ? 0 : after.lastIndexOf('\n', change.from - 1) + 1;
  const end = after.indexOf('\n', change.to);
  return { from, to: end === -1 ? after.length : end, shift: change.shift };
}

/**
 * The length of the common prefix, narrowed down by halving: each comparison of two slices is
 * one native comparison, and the slices halve, so the whole search reads each character about
 * once.
 */
export function commonPrefix(a: string, b: string): number {
  let agreed = 0;
  let most = Math.min(a.length, b.length);
  while (most - agreed > SHORT) {
    const middle = (agreed + most) >>> 1;
    if (a.slice(agreed, middle) === b.slice(agreed, middle)) agreed = middle;
    else most = middle - 1;
  }
  while (agreed < most && a.charCodeAt(agreed) === b.charCodeAt(agreed)) agreed++;
  return agreed;
}

/** The length of the common suffix, at most `limit`, found as `commonPrefix` finds its. */
export function commonSuffix(a: string, b: string, limit: number): number {
  let agreed = 0;
  let most = Math.min(limit, a.length, b.length);
  while (most - agreed > SHORT) {
    const middle = (agreed + most) >>> 1;
    const ours = a.slice(a.length - middle, a.length - agreed);
    if (ours === b.slice(b.length - middle, b.length - agreed)) agreed = middle;
    else most = middle - 1;
  }
  while (
    agreed < most &&
    a.charCodeAt(a.length - 1 - agreed) === b.charCodeAt(b.length - 1 - agreed)
  ) {
    agreed++;
  }
  return agreed;
}
