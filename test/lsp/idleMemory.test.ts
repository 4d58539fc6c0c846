// Giving memory back once the server is idle: the timing in process with fake timers, and the
// real server's resident memory after it has been idle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateScript } from '../../bench/corpus';
import { SERVER_EXEC_ARGV } from '../../client/src/serverProcess';
import {
  IDLE_COLLECTION_MS,
  IdleCollection,
  youngGenerationCollection,
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

describe('idle collection', function () {
  it('collects at each delay after the last work, and then no more', function () {
    const timers = new FakeTimers();
    const collected: number[] = [];
    const idle = new IdleCollection(() => collected.push(timers.now), [1000, 6000], timers);
    idle.busy();
    timers.advance(999);
    assert.deepEqual(collected, []);
    timers.advance(1);
    assert.deepEqual(collected, [1000]);
    timers.advance(5000);
    assert.deepEqual(collected, [1000, 6000]);
    timers.advance(60_000);
    assert.deepEqual(collected, [1000, 6000], 'an idle server stops collecting');
  });

  it('counts from the last work, however long the work goes on', function () {
    const timers = new FakeTimers();
    const collected: number[] = [];
    const idle = new IdleCollection(() => collected.push(timers.now), [1000, 6000], timers);
    for (let i = 0; i < 50; i++) {
      idle.busy();
      timers.advance(500);
    }
    assert.deepEqual(collected, []);
    timers.advance(500);
    assert.deepEqual(collected, [25_500]);
    timers.advance(2000);
    idle.busy();
    timers.advance(6000);
    assert.deepEqual(collected, [25_500, 28_500, 33_500], 'work in between starts over');
  });

  it('never keeps the process alive, and stops when disposed', function () {
    const timers = new FakeTimers();
    let collected = 0;
    const idle = new IdleCollection(() => collected++, [1000, 6000], timers);
    idle.busy();
    assert.equal(timers.keepsAlive, false);
    timers.advance(1000);
    assert.equal(timers.keepsAlive, false);
    idle.dispose();
    timers.advance(10_000);
    assert.equal(collected, 1);
  });

  it('collects with V8 only when the process exposes its collector', function () {
    const exposed = (globalThis as { gc?: unknown }).gc !== undefined;
    assert.equal(youngGenerationCollection() !== undefined, exposed);
    assert.ok(SERVER_EXEC_ARGV.includes('--expose-gc'), 'the server is started with a collector');
  });
});

describe('language server memory when idle', function () {
  // The server must sit idle for the collection delay.
  this.timeout(IDLE_COLLECTION_MS + 30_000);

  let server: ServerUnderTest | undefined;
  after(() => server?.kill());

  /** Resident anonymous memory of a process in MB (Linux's /proc). */
  const anonymousMb = (pid: number): number => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^RssAnon:\s+(\d+) kB/m.exec(status)![1]) / 1024;
  };

  it('gives back the young generation its analyses grew, once it has been idle', async function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    server = await ServerUnderTest.start();
    for (let i = 0; i < 10; i++) {
      const document = TextDocument.create(`file:///idle/open_${i}.py`, 'python', 1, '');
      const text = generateScript(200 + i, 5000);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: document.uri, languageId: 'python', version: 1, text },
      });
      await server.waitForDiagnostics(document.uri, () => true);
    }
    const busy = anonymousMb(server.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_COLLECTION_MS + 2000));
    const idle = anonymousMb(server.pid);
    // Analyses of 5,000-line scripts grow V8's young generation to 2 × 16 MB.
    assert.ok(busy - idle >= 16, `resident memory went from ${busy.toFixed(1)} MB to ${idle.toFixed(1)} MB`);
  });
});
