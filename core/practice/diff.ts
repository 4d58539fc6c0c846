// A line diff (Myers' greedy algorithm) rendered as a unified diff, with invisible characters
// such as trailing spaces, tabs and carriage returns made visible on changed lines.

export type EditKind = 'same' | 'removed' | 'added';

export interface Edit {
  kind: EditKind;
  text: string;
}

/** Past this many differences the middle is reported as one replaced block. */
const MAX_EDIT_DISTANCE = 2000;

/** Diffs two line arrays; common prefix and suffix are peeled off before the search. */
export function diffLines(a: string[], b: string[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;

  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const head = a.slice(0, start).map((text): Edit => ({ kind: 'same', text }));
  const tail = a.slice(endA).map((text): Edit => ({ kind: 'same', text }));
  const middle = myers(a.slice(start, endA), b.slice(start, endB));
  return [...head, ...middle, ...tail];
}

/**
 * Myers' O(ND) search. Only the frontier of each round is kept, so memory grows with D², not
 * with N×M; beyond MAX_EDIT_DISTANCE the inputs are so different that a block replace is as
 * readable as a minimal script.
 */
function myers(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return blockReplace(a, b);

  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];

  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return blockReplace(a, b);
}

/** Walks the saved frontiers back from the end to recover the edit script. */
function backtrack(trace: Int32Array[], a: string[], b: string[], last: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;

  for (let d = last; d > 0; d--) {
    const frontier = trace[d];
    const at = (k: number): number => frontier[k + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;

    while (x > prevX && y > prevY) {
      edits.push({ kind: 'same', text: a[--x] });
      y--;
    }
    if (down) edits.push({ kind: 'added', text: b[--y] });
    else edits.push({ kind: 'removed', text: a[--x] });
  }

  while (x > 0 && y > 0) {
    edits.push({ kind: 'same', text: a[--x] });
    y--;
  }
  return edits.reverse();
}

function blockReplace(a: string[], b: string[]): Edit[] {
  return [
    ...a.map((text): Edit => ({ kind: 'removed', text })),
    ...b.map((text): Edit => ({ kind: 'added', text })),
  ];
}

/** Shows what a reader cannot see: trailing blanks, tabs, carriage returns, odd spaces. */
export function makeVisible(line: string): string {
  const trailing = /[ \t]+$/.exec(line.replace(/\r$/, ''));
  let body = line;
  let shownTail = '';
  if (trailing) {
    body = line.slice(0, trailing.index);
    shownTail = trailing[0].replace(/ /g, '·').replace(/\t/g, '→');
    if (line.endsWith('\r')) shownTail += '\r';
  }
  return (body + shownTail)
    .replace(/\t/g, '→')
    .replace(/\r/g, '␍')
    .replace(/\u00a0/g, '⍽')
    .replace(/\u001b/g, '␛')
    .replace(/[\u200b\ufeff]/g, '⌑');
}

export interface UnifiedDiffOptions {
  context?: number;
  expectedLabel?: string;
  actualLabel?: string;
}

/** Splits text into lines, remembering whether the last one ended with a newline. */
export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/** A unified diff of expected against actual; empty when they are equal. */
export function unifiedDiff(expected: string, actual: string, options: UnifiedDiffOptions = {}): string {
  if (expected === actual) return '';
  const context = options.context ?? 3;
  const a = splitLines(expected);
  const b = splitLines(actual);

  const edits = diffLines(a.lines, b.lines);
  if (a.finalNewline !== b.finalNewline) markMissingNewline(edits, a, b);

  const header = `--- ${options.expectedLabel ?? 'expected'}\n+++ ${options.actualLabel ?? 'actual'}\n`;
  return header + renderHunks(edits, context);
}

const NO_NEWLINE = '\\ No newline at end of file';

/** When only the final newline differs, the last lines must show up as changed. */
function markMissingNewline(
  edits: Edit[],
  a: { lines: string[]; finalNewline: boolean },
  b: { lines: string[]; finalNewline: boolean },
): void {
  const last = edits.length - 1;
  if (last < 0 || edits[last].kind !== 'same') return;
  const text = edits[last].text;
  edits.splice(
    last,
    1,
    { kind: 'removed', text: a.finalNewline ? text : `${text}\n${NO_NEWLINE}` },
    { kind: 'added', text: b.finalNewline ? text : `${text}\n${NO_NEWLINE}` },
  );
}

function renderHunks(edits: Edit[], context: number): string {
  const changed = edits.map((e, i) => (e.kind === 'same' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';

  const groups: Array<[number, number]> = [];
  for (const i of changed) {
    const lo = Math.max(0, i - context);
    const hi = Math.min(edits.length - 1, i + context);
    const open = groups[groups.length - 1];
    if (open && lo <= open[1] + 1) open[1] = hi;
    else groups.push([lo, hi]);
  }

  const out: string[] = [];
  for (const [lo, hi] of groups) out.push(renderHunk(edits, lo, hi));
  return out.join('');
}

function renderHunk(edits: Edit[], lo: number, hi: number): string {
  let lineA = 1;
  let lineB = 1;
  for (let i = 0; i < lo; i++) {
    if (edits[i].kind !== 'added') lineA++;
    if (edits[i].kind !== 'removed') lineB++;
  }

  let countA = 0;
  let countB = 0;
  const body: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const edit = edits[i];
    if (edit.kind !== 'added') countA++;
    if (edit.kind !== 'removed') countB++;
    body.push(renderEdit(edit));
  }

  const range = (start: number, count: number): string =>
    count === 0 ? `${start - 1},0` : count === 1 ? `${start}` : `${start},${count}`;
  return `@@ -${range(lineA, countA)} +${range(lineB, countB)} @@\n${body.join('')}`;
}

function renderEdit(edit: Edit): string {
  if (edit.kind === 'same') return ` ${edit.text.replace(/\r/g, '␍')}\n`;
  const sign = edit.kind === 'removed' ? '-' : '+';
  const [line, ...notes] = edit.text.split('\n');
  return `${sign}${makeVisible(line)}\n${notes.map((n) => `${n}\n`).join('')}`;
}
