// Giving memory back once the server is idle: the timing in process with fake timers, and the
// real server's resident memory after it has been idle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { generateScript } from '../../bench/corpus';
import { SERVER_EXEC_ARGV } from '../../client/src/serverProcess';
import {
  FULL_COLLECTION_MS,
  IdleCollection,
  idleCollections,
  YOUNG_GENERATION_BACK_MS,
  type IdleStep,
  type Timers,
} from '../../server/src/idleMemory';
import { ServerUnderTest } from './harness';

/** Timers that fire only when the test moves the clock. */
class FakeTimers implements Timers {
  now = 0;
  private pending: { at: number; callback: () => void; unrefed: boolean }[] = [];

  setTimeout(callback: () => void, ms: number) {
    const timer = { at: this.now + ms, callback, unrefed: false };
    this.pending.push(timer);
    return { unref: () => (timer.unrefed = true), timer };
  }

  clearTimeout(handle: unknown): void {
    const { timer } = handle as { timer: unknown };
    this.pending = this.pending.filter((pending) => pending !== timer);
  }

  /** Moves the clock on by `ms`, firing each timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = this.pending
        .filter((timer) => timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.pending = this.pending.filter((timer) => timer !== next);
      this.now = next.at;
      next.callback();
    }
    this.now = end;
  }

  get keepsAlive(): boolean {
    return this.pending.some((timer) => !timer.unrefed);
  }
}

/** Steps at 1 s and 6 s that record when they ran, and which. */
function recordingSteps(timers: FakeTimers, ran: string[]): IdleStep[] {
  return [
    { afterMs: 1000, run: () => ran.push(`first@${timers.now}`) },
    { afterMs: 6000, run: () => ran.push(`second@${timers.now}`) },
  ];
}

describe('idle collection', function () {
  it('runs each step at its delay after the last work, and then no more', function () {
    const timers = new FakeTimers();
    const ran: string[] = [];
    const idle = new IdleCollection(recordingSteps(timers, ran), timers);
    idle.busy();
    timers.advance(999);
    assert.deepEqual(ran, []);
    timers.advance(1);
    assert.deepEqual(ran, ['first@1000']);
    timers.advance(5000);
    assert.deepEqual(ran, ['first@1000', 'second@6000']);
    timers.advance(60_000);
    assert.deepEqual(ran, ['first@1000', 'second@6000'], 'a resting server stops collecting');
  });

  it('counts from the last work, however long the work goes on', function () {
    const timers = new FakeTimers();
    const ran: string[] = [];
    const idle = new IdleCollection(recordingSteps(timers, ran), timers);
    for (let i = 0; i < 50; i++) {
      idle.busy();
      timers.advance(500);
    }
    assert.deepEqual(ran, []);
    timers.advance(500);
    assert.deepEqual(ran, ['first@25500']);
    timers.advance(2000);
    idle.busy();
    timers.advance(6000);
    assert.deepEqual(
      ran,
      ['first@25500', 'first@28500', 'second@33500'],
      'work between the steps starts over',
    );
  });

  it('never keeps the process alive, and stops when disposed', function () {
    const timers = new FakeTimers();
    const ran: string[] = [];
    const idle = new IdleCollection(recordingSteps(timers, ran), timers);
    idle.busy();
    assert.equal(timers.keepsAlive, false);
    timers.advance(1000);
    assert.equal(timers.keepsAlive, false);
    idle.dispose();
    timers.advance(10_000);
    assert.deepEqual(ran, ['first@1000']);
  });

  it('collects the young generation twice, then everything, when the process lets it', function () {
    const exposed = (globalThis as { gc?: unknown }).gc !== undefined;
    assert.equal(idleCollections().length, exposed ? 3 : 0);
    assert.ok(SERVER_EXEC_ARGV.includes('--expose-gc'), 'the server is started with a collector');
    const calls: unknown[] = [];
    const global = globalThis as { gc?: unknown };
    const saved = global.gc;
    global.gc = (options: unknown) => calls.push(options);
    try {
      const steps = idleCollections();
      for (const step of steps) step.run();
      assert.deepEqual(
        steps.map((step) => step.afterMs),
        [2000, YOUNG_GENERATION_BACK_MS, FULL_COLLECTION_MS],
      );
      assert.deepEqual(calls, [{ type: 'minor' }, { type: 'minor' }, undefined]);
    } finally {
      global.gc = saved;
    }
  });
});

describe('language server memory when idle', function () {
  // The server must rest until its last collection.
  this.timeout(FULL_COLLECTION_MS + 30_000);

  let server: ServerUnderTest | undefined;
  after(() => server?.kill());

  /** Resident anonymous memory of a process in MB (Linux's /proc). */
  const anonymousMb = (pid: number): number => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^RssAnon:\s+(\d+) kB/m.exec(status)![1]) / 1024;
  };

  it('gives back the young generation its analyses grew once it rests, hovered or not', async function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    server = await ServerUnderTest.start();
    let last = '';
    for (let i = 0; i < 10; i++) {
      last = `file:///idle/open_${i}.py`;
      const text = generateScript(200 + i, 5000);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: last, languageId: 'python', version: 1, text },
      });
      await server.waitForDiagnostics(last, () => true);
    }
    const busy = anonymousMb(server.pid);
    // A hover on an analysed document starts no analysis, so the rest goes on through them.
    const restEnds = Date.now() + YOUNG_GENERATION_BACK_MS + 2000;
    while (Date.now() < restEnds) {
      const hover: unknown = await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: last },
        position: { line: 0, character: 0 },
      });
      assert.equal(hover, null);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const rested = anonymousMb(server.pid);
    // Analyses of 5,000-line scripts grow V8's young generation to 2 × 16 MB.
    assert.ok(
      busy - rested >= 16,
      `resident memory went from ${busy.toFixed(1)} MB to ${rested.toFixed(1)} MB`,
    );
  });

  it('gives back what a closed large document left behind once it rests', async function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    server?.kill();
    server = await ServerUnderTest.start();
    const uri = 'file:///idle/large.py';
    const text = generateScript(300, 30_000);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
    await server.waitForDiagnostics(uri, () => true);
    // Edits make the server keep the document's analysis in groups, as it does while typing.
    for (let version = 2; version <= 3; version++) {
      const at = { line: 5, character: 0 };
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: at, end: at }, text: version === 2 ? ' ' : '' }],
      });
      await server.waitForDiagnostics(uri, () => server!.publishedVersions.get(uri) === version);
    }
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
    const closed = anonymousMb(server.pid);
    await new Promise((resolve) => setTimeout(resolve, FULL_COLLECTION_MS + 2000));
    const rested = anonymousMb(server.pid);
    // The young generation alone gives back about 30 MB; the analysis's leftovers in the old
    // generation (facts, flat trees) about as much again.
    assert.ok(
      closed - rested >= 45,
      `resident memory went from ${closed.toFixed(1)} MB to ${rested.toFixed(1)} MB`,
    );
  });
});
