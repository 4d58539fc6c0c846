// Combining what the analysis knows: lists of taints and data merge by identity, in order,
// without copying when nothing is added.
import * as assert from 'node:assert/strict';
import { EMPTY, merge, NOTHING, union, unionData, Val } from '../../core/lint/engine/values';

const item = (id: number): { id: number } => ({ id });

describe('merging lists of taints or data', () => {
  it('gives back the first list itself when the second adds nothing', () => {
    const into = [item(1), item(2)];
    assert.equal(merge(into, []), into);
    assert.equal(merge(into, [item(2)]), into);
    assert.equal(merge(into, [item(1), item(2)]), into);
  });

  it('gives back the second list itself when the first is empty', () => {
    const list = [item(3)];
    assert.equal(merge([], list), list);
  });

  it('appends what is new, in order, once each, leaving both lists unchanged', () => {
    const into = [item(1), item(2)];
    const list = [item(3), item(1), item(4), item(3)];
    const merged = merge(into, list);
    assert.deepEqual(merged.map((each) => each.id), [1, 2, 3, 4]);
    assert.equal(merged.length, 4);
    assert.deepEqual(into.map((each) => each.id), [1, 2]);
    assert.deepEqual(list.map((each) => each.id), [3, 1, 4, 3]);
  });

  it('does the same for lists long enough to be merged through a set', () => {
    const into = Array.from({ length: 300 }, (_, index) => item(index * 2));
    const list = Array.from({ length: 300 }, (_, index) => item(300 - index));
    const merged = merge(into, [...list, ...list]);
    const expected = [
      ...into.map((each) => each.id),
      ...list.map((each) => each.id).filter((id) => id % 2 === 1 || id >= 600),
    ];
    assert.deepEqual(merged.map((each) => each.id), expected);
    assert.equal(merge(into, into.slice(100)), into);
  });

  it('appends a single new item to a copy', () => {
    const into = [item(1)];
    const merged = merge(into, [item(5)]);
    assert.notEqual(merged, into);
    assert.deepEqual(merged.map((each) => each.id), [1, 5]);
  });
});

describe('values', () => {
  it('copy what they know, and a copy changed later leaves the original as it was', () => {
    const original = new Val(NOTHING, NOTHING);
    const first = new Val(NOTHING, NOTHING);
    original.qname = 'sklearn.ensemble';
    original.items = [first];
    original.stat = true;
    original.schema = true;
    original.localClass = true;
    original.className = 'Payload';
    original.preds = [];
    original.entries = [];
    const copy = original.copy();
    assert.deepEqual(
      [copy.qname, copy.items, copy.stat, copy.schema, copy.localClass, copy.className],
      ['sklearn.ensemble', [first], true, true, true, 'Payload'],
    );
    assert.equal(copy.preds, original.preds);
    assert.equal(copy.entries, original.entries);

    copy.items = [];
    copy.className = undefined;
    copy.stat = undefined;
    assert.deepEqual(original.items, [first]);
    assert.equal(original.className, 'Payload');
    assert.equal(original.stat, true);

    const plain = new Val(NOTHING, NOTHING);
    plain.items = undefined;
    assert.equal(plain.items, undefined);
    assert.equal(plain.copy().items, undefined);
  });
});

describe('unions of many values', () => {
  /** Values with overlapping taints and data, some with predictions, statistics or estimators. */
  const values = (count: number): Val[] =>
    Array.from({ length: count }, (_, index) => {
      if (index % 17 === 5) return EMPTY;
      const taints = index % 3 === 0 ? NOTHING : [item(index % 11), item(100 + index)];
      const data = index % 7 === 0 ? NOTHING : [item(1000 + (index % 23)), item(2000 + index)];
      const val = new Val(taints as never[], data as never[]);
      if (index % 9 === 4) val.preds = [{ index } as never];
      if (index === 61) val.stat = true;
      if (index % 13 === 12) val.est = { index } as never;
      return val;
    });

  const reading = (val: Val) => ({
    taints: val.taints.map((each) => (each as { id: number }).id),
    data: val.data.map((each) => (each as { id: number }).id),
    preds: val.preds,
    stat: val.stat,
    est: val.est,
  });

  const snapshot = (vals: Val[]) =>
    vals.map((val) => [val.taints.slice(), val.data.slice(), val.preds?.slice()]);

  for (const [name, unite] of [
    ['union', union],
    ['unionData', unionData],
  ] as const) {
    it(`${name}: what uniting them one at a time gives, leaving each value as it was`, () => {
      for (const count of [2, 33, 34, 40, 200]) {
        const vals = values(count);
        const before = snapshot(vals);
        let oneAtATime = vals[0];
        for (const val of vals.slice(1)) oneAtATime = unite([oneAtATime, val]);
        const atOnce = unite(vals);
        assert.deepEqual(reading(atOnce), reading(oneAtATime), `${count} values`);
        assert.deepEqual(snapshot(vals), before, `${count} values`);
      }
    });
  }

  it("keeps the first value's lists when the others add nothing to them", () => {
    const first = new Val([item(1)] as never[], [item(2)] as never[]);
    const same = Array.from({ length: 50 }, () => new Val(first.taints, first.data));
    const united = union([first, ...same]);
    assert.equal(united.taints, first.taints);
    assert.equal(united.data, first.data);
  });
});
