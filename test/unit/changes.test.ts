// Finding where two versions of a text differ: the change found is the smallest one, whatever
// the lengths and wherever the texts differ, and refilling grammar gaps on the changed lines
// gives what filling the whole text gives.
import * as assert from 'node:assert/strict';
import {
  changeBetween,
  commonPrefix,
  commonSuffix,
  wholeLines,
} from '../../core/lint/engine/changes';
import { fillLineGaps, refillLineGaps } from '../../core/lint/engine/grammarGaps';
import { createRng, generateScript } from '../../bench/corpus';
import { structuralEdit } from './lint-engine-helpers';

function slowPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function slowSuffix(a: string, b: string, limit: number): number {
  let length = 0;
  while (length < limit && length < a.length && length < b.length) {
    if (a[a.length - 1 - length] !== b[b.length - 1 - length]) break;
    length++;
  }
  return length;
}

/** A text of `length` characters from a small alphabet, so that near misses are common. */
function randomText(random: () => number, length: number): string {
  return Array.from({ length }, () => 'ab\n'[Math.floor(random() * 3)]).join('');
}

describe('finding the change between two texts', function () {
  it('finds the common prefix and suffix a character loop finds', function () {
    const random = createRng(11);
    for (let round = 0; round < 2000; round++) {
      const base = randomText(random, Math.floor(random() * 300));
      const at = Math.floor(random() * (base.length + 1));
      const cut = at + Math.floor(random() * 5);
      const typed = randomText(random, Math.floor(random() * 4));
      const other = base.slice(0, at) + typed + base.slice(cut);
      const limit = Math.floor(random() * 320);
      const context = `round ${round}`;
      assert.equal(commonPrefix(base, other), slowPrefix(base, other), context);
      assert.equal(commonSuffix(base, other, limit), slowSuffix(base, other, limit), context);
    }
  });

  it('gives the smallest change, its end in the new text', function () {
    assert.deepEqual(changeBetween('abcdef', 'abXYef'), { from: 2, to: 4, shift: 0 });
    assert.deepEqual(changeBetween('abcdef', 'abcdef!'), { from: 6, to: 7, shift: 1 });
    assert.deepEqual(changeBetween('aaaa', 'aaa'), { from: 3, to: 3, shift: -1 });
    assert.deepEqual(changeBetween('', 'new'), { from: 0, to: 3, shift: 3 });
  });

  it('widens a change to the whole lines it touches', function () {
    const after = 'one\ntwo three\nfour\n';
    const lines = (from: number, to: number, text = after): [number, number] => {
      const widened = wholeLines(text, { from, to, shift: 1 });
      return [widened.from, widened.to];
    };
    assert.deepEqual(lines(6, 9), [4, 13]);
    assert.deepEqual(lines(0, 0), [0, 3]);
    assert.deepEqual(lines(4, 4), [4, 13]);
    assert.deepEqual(lines(19, 19), [19, 19]);
    assert.deepEqual(lines(0, 0, '\nx'), [0, 0]);
  });

  it('refills grammar gaps on the changed lines as filling the whole text does', function () {
    const random = createRng(12);
    const corners = [
      'def gen():\n    yield\n    value = yield\n    total = (yield)\n    sent = (yield\n    x)\n',
      'with (open(a) as f, open(b) as g):\n    pass\n',
      'with ctx() as (first, second):\n    pass\n',
      'with ctx(a,\n         b) as (first, second), other() as self.file:\n    pass\n',
      'scaled = X / 255.\n\f\nvalues = [1., 2.]\n',
      'f = lambda a, /, b,: a\n',
      'def f(*args: *Ts): pass\n',
    ].join('');
    let before = generateScript(3, 300).replace(/\n\n/g, `\n${corners}\n`);
    let filled = fillLineGaps(before);
    assert.notEqual(filled, before, 'the text has gaps to fill');

    for (let edit = 1; edit <= 400; edit++) {
      const after = structuralEdit(before, random);
      const lines = wholeLines(after, changeBetween(before, after));
      const filledLines = fillLineGaps(after.slice(lines.from, lines.to));
      const refilled = refillLineGaps(filled, filledLines, lines);
      assert.equal(refilled, fillLineGaps(after), `after edit ${edit}`);
      before = after;
      filled = refilled;
    }
  });
});
