// Statistics and the results table of the benchmark.
import * as assert from 'node:assert/strict';
import { formatTable, statusOf } from '../../bench/report';
import { performance } from 'node:perf_hooks';
import { max, mean, median, min, percentile, round } from '../../bench/stats';
import {
  fastestOfSweeps,
  measureLintSize,
  sweepOrder,
  type LintSizeResult,
} from '../../bench/lint';
import { sampleInTurn, sampleRuns } from '../../bench/timing';

describe('bench statistics', () => {
  it('takes the median of odd and even samples', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('interpolates percentiles between closest ranks, as numpy.percentile does', () => {
    const samples = Array.from({ length: 200 }, (_, index) => index + 1);
    assert.ok(Math.abs(percentile(samples, 95) - 190.05) < 1e-9);
    assert.equal(percentile([10, 20, 30, 40], 50), 25);
    assert.equal(percentile([10, 20, 30, 40], 0), 10);
    assert.equal(percentile([10, 20, 30, 40], 100), 40);
  });

  it("does not reorder the caller's samples", () => {
    const samples = [3, 1, 2];
    median(samples);
    assert.deepEqual(samples, [3, 1, 2]);
  });

  it('summarises with mean, min and max', () => {
    assert.equal(mean([1, 2, 3, 6]), 3);
    assert.equal(min([4, -1, 9]), -1);
    assert.equal(max([4, -1, 9]), 9);
    assert.equal(round(1.23456), 1.235);
  });

  it('refuses empty samples, non-finite values and percentiles out of range', () => {
    assert.throws(() => median([]), /no samples/);
    assert.throws(() => mean([1, Number.NaN]), /finite/);
    assert.throws(() => percentile([1], 101), /within 0\.\.100/);
  });
});

describe('bench results table', () => {
  it('marks a figure at or under its target ok, over it MISSED, and without a value ERROR', () => {
    assert.equal(statusOf({ name: 'a', value: 30, target: 30, unit: 'ms' }), 'ok');
    assert.equal(statusOf({ name: 'a', value: 30.5, target: 30, unit: 'ms' }), 'MISSED');
    assert.equal(statusOf({ name: 'a', target: 30, unit: 'ms', error: 'server died' }), 'ERROR');
  });

  it('prints one row per figure with its value, target and status', () => {
    const table = formatTable([
      { name: 'lsp.editP95Ms', value: 241.2, target: 30, unit: 'ms' },
      { name: 'lsp.rssMb', value: 76.75, target: 150, unit: 'MB' },
      { name: 'runner.overheadMs', target: 60, unit: 'ms', error: 'no python3' },
    ]);
    const rows = table.trim().split('\n').slice(2);
    assert.match(rows[0], /^lsp\.editP95Ms\s+241 ms\s+≤ 30 ms\s+MISSED$/);
    assert.match(rows[1], /^lsp\.rssMb\s+76\.75 MB\s+≤ 150 MB\s+ok$/);
    assert.match(rows[2], /^runner\.overheadMs\s+- ms\s+≤ 60 ms\s+ERROR: no python3$/);
  });
});

describe('bench timing', () => {
  it('warms up for the given runs and the given time before taking samples', () => {
    const calls: Array<{ run: number; at: number }> = [];
    const samples = sampleRuns((run) => calls.push({ run, at: performance.now() }), {
      warmupRuns: 2,
      warmupMs: 30,
      minRuns: 3,
      minMs: 0,
    });

    const sampled = calls.slice(-samples.wallMs.length);
    const warmup = calls.slice(0, calls.length - sampled.length);
    assert.equal(samples.wallMs.length, 3);
    assert.ok(warmup.length >= 2);
    assert.ok(sampled[0].at - warmup[0].at >= 30, 'samples start after the warm-up time');
    assert.deepEqual(
      calls.map((call) => call.run),
      calls.map((_, index) => index),
    );
  });

  it('runs several actions in turn, each round starting with the next, each with its own samples', () => {
    const calls: string[] = [];
    const runs: number[] = [];
    const record = (name: string) => (run: number) => {
      calls.push(name);
      runs.push(run);
    };
    const [first, second] = sampleInTurn([record('full'), record('parse')], {
      warmupRuns: 2,
      minRuns: 3,
      minMs: 0,
    });

    assert.deepEqual(calls, ['full', 'parse', 'full', 'parse', 'full', 'parse', 'parse', 'full',
      'full', 'parse']);
    assert.deepEqual(runs, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(first.wallMs.length, 3);
    assert.equal(second.cpuMs.length, 3);
  });
});

describe('bench lint sweeps', () => {
  const size = (lines: number, fullMs: number): LintSizeResult => ({
    lines,
    fullMs,
    parseMs: fullMs / 4,
    usPerLine: (fullMs * 1000) / lines,
    parseUsPerLine: (fullMs * 250) / lines,
    cpuUsPerLine: 0,
    cpuParseUsPerLine: 0,
    findings: 1,
    runs: 5,
  });

  it('sweeps the sizes smallest first, then largest first, in turn', () => {
    const sizes = [4000, 1000, 64000, 16000];
    assert.deepEqual(sweepOrder(sizes, 1), [1000, 4000, 16000, 64000]);
    assert.deepEqual(sweepOrder(sizes, 2), [64000, 16000, 4000, 1000]);
    assert.deepEqual(sweepOrder(sizes, 3), [1000, 4000, 16000, 64000]);
    assert.deepEqual(sizes, [4000, 1000, 64000, 16000]);
  });

  it('keeps for each size the sweep whose full lint was fastest, with its own parse', () => {
    const first = [size(1000, 4), size(64000, 300)];
    const second = [size(1000, 3), size(64000, 320)];
    const best = fastestOfSweeps([first, second]);
    assert.equal(best[0], second[0]);
    assert.equal(best[1], first[1]);
    assert.equal(fastestOfSweeps([first])[1], first[1]);
  });

  it('collects garbage before measuring a size, when the process allows it', function () {
    this.timeout(60000);
    const scope = globalThis as { gc?: () => void };
    const saved = scope.gc;
    let collections = 0;
    scope.gc = () => collections++;
    try {
      const result = measureLintSize(16000, 7);
      assert.equal(collections, 1);
      assert.ok(result.runs >= 3 && result.findings > 0);
    } finally {
      scope.gc = saved;
    }
  });
});
