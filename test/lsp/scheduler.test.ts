// The lint scheduler on its own: lone edits linted at once, bursts coalesced, one analysis per
// version, superseded work dropped, failures clearing stale diagnostics. Targets here are small
// in-memory documents, and analyses are timed with a clock the tests move.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import {
  LintScheduler,
  type ResolvedOptions,
  type SchedulerHost,
} from '../../server/src/scheduler';
import type { LintTarget } from '../../server/src/targets';

interface FakeDocument {
  version: number;
  uris: string[];
  /** Diagnostics per document URI, or an error the analysis throws. */
  result: Record<string, string[]> | Error;
}

const diagnostic = (message: string): Diagnostic => ({
  message,
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
});

class Host implements SchedulerHost {
  readonly documents = new Map<string, FakeDocument>();
  readonly published: { uri: string; messages: string[] }[] = [];
  readonly errors: string[] = [];
  readonly analysed: string[] = [];
  optionsGate: Promise<void> = Promise.resolve();
  /** The scheduler's clock, in milliseconds; each analysis advances it by `analysisMs`. */
  clock = 0;
  analysisMs = 0;
  /** How far each publication moves the clock: sending many diagnostics takes time too. */
  publishMs = 0;
  /** How many times the server has found no input waiting. */
  waits = 0;
  private waiting: { uri: string; messages: string[]; resolve: () => void }[] = [];
  /** While set, publications are not sent until `sendHeld` is called: an editor not reading. */
  holdSends = false;
  private held: (() => void)[] = [];

  target(uri: string): LintTarget | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const snapshot = { ...document };
    return {
      uri,
      versionKey: String(snapshot.version),
      documentUris: snapshot.uris,
      documentVersions: snapshot.uris.map(() => snapshot.version),
      analyse: () => {
        this.analysed.push(`${uri}@${snapshot.version}`);
        this.clock += this.analysisMs;
        if (snapshot.result instanceof Error) throw snapshot.result;
        const entries = Object.entries(snapshot.result);
        return new Map(entries.map(([key, messages]) => [key, messages.map(diagnostic)]));
      },
    };
  }

  async options(): Promise<ResolvedOptions> {
    await this.optionsGate;
    return { enable: true, options: {} };
  }

  publish(uri: string, diagnostics: Diagnostic[]): Promise<void> | void {
    this.clock += this.publishMs;
    const messages = diagnostics.map((d) => d.message);
    this.published.push({ uri, messages });
    const arrived = this.waiting.filter(
      (wait) => wait.uri === uri && wait.messages.join() === messages.join(),
    );
    this.waiting = this.waiting.filter((wait) => !arrived.includes(wait));
    for (const wait of arrived) wait.resolve();
    if (this.holdSends) return new Promise((resolve) => this.held.push(resolve));
  }

  /** Sends the publications held so far, and those to come. */
  sendHeld(): void {
    this.holdSends = false;
    for (const send of this.held.splice(0)) send();
  }

  /** Resolves when these diagnostics are published on the URI, however long that takes. */
  publication(uri: string, messages: string[]): Promise<void> {
    return new Promise((resolve) => this.waiting.push({ uri, messages, resolve }));
  }

  logError(message: string): void {
    this.errors.push(message);
  }

  waitsForInput(): number {
    return this.waits;
  }

  /** An edit to version `version` of `uri` comes in. */
  edit(uri: string, version: number, result: Record<string, string[]>): void {
    this.documents.set(uri, { version, uris: [uri], result });
  }

  lastPublished(uri: string): string[] | undefined {
    return this.published.filter((entry) => entry.uri === uri).at(-1)?.messages;
  }
}

describe('lint scheduler', function () {
  let host: Host;
  let scheduler: LintScheduler;

  beforeEach(function () {
    host = new Host();
    // A delay no test waits for: deferred work runs only when a test flushes it.
    scheduler = new LintScheduler(host, 60_000, () => host.clock);
  });

  afterEach(function () {
    for (const uri of host.documents.keys()) scheduler.close(uri);
  });

  it('collapses quick edits into one analysis of the newest version', async function () {
    for (const version of [1, 2, 3]) {
      host.documents.set('a.py', { version, uris: ['a.py'], result: { 'a.py': [`v${version}`] } });
      scheduler.schedule('a.py');
    }
    await scheduler.flush('a.py');

    assert.deepEqual(host.analysed, ['a.py@3']);
    assert.deepEqual(host.lastPublished('a.py'), ['v3']);
    assert.deepEqual(
      scheduler.diagnosticsOf('a.py').map((d) => d.message),
      ['v3'],
    );
  });

  it('lints a lone edit at once, without waiting for a quiet period', async function () {
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['v1'] } });
    const published = host.publication('a.py', ['v1']);
    scheduler.schedule('a.py');
    await published;

    host.clock += 1_000;
    host.documents.set('a.py', { version: 2, uris: ['a.py'], result: { 'a.py': ['v2'] } });
    const next = host.publication('a.py', ['v2']);
    scheduler.schedule('a.py');
    await next;
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@2']);
  });

  /** Version 1 analysed and published, taking `host.analysisMs` on the scheduler's clock. */
  async function analyseFirstVersion(): Promise<void> {
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['v1'] } });
    const published = host.publication('a.py', ['v1']);
    scheduler.schedule('a.py');
    await published;
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Versions 2 to 4 edited in quick succession, `stepMs` apart on the scheduler's clock. */
  async function editThreeTimes(stepMs: number): Promise<void> {
    for (const version of [2, 3, 4]) {
      host.clock += stepMs;
      host.edit('a.py', version, { 'a.py': [`v${version}`] });
      scheduler.schedule('a.py');
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('coalesces edits that come soon after an analysis started', async function () {
    host.analysisMs = 10_000;
    await analyseFirstVersion();
    await editThreeTimes(0);
    assert.deepEqual(host.analysed, ['a.py@1']);

    await scheduler.flush('a.py');
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@4']);
    assert.deepEqual(host.lastPublished('a.py'), ['v4']);
  });

  for (const { name, analysisMs, publishMs, restMs } of [
    { name: 'behind a long analysis, at the real maximum', analysisMs: 2_000, publishMs: 0,
      restMs: 200 },
    { name: 'behind a slow publication, from when it was sent', analysisMs: 100,
      publishMs: 1_000, restMs: 50 },
  ]) {
    it(`coalesces edits queued ${name}`, async function () {
      scheduler = new LintScheduler(host, 200, () => host.clock);
      host.analysisMs = analysisMs;
      host.publishMs = publishMs;
      await analyseFirstVersion();
      await editThreeTimes(1);
      assert.deepEqual(host.analysed, ['a.py@1']);

      const last = host.publication('a.py', ['v4']);
      host.clock += restMs;
      await last;
      assert.deepEqual(host.analysed, ['a.py@1', 'a.py@4']);
    });
  }

  it('lints an edit at once when it came after the analysis, however long that took', async function () {
    scheduler = new LintScheduler(host, 200, () => host.clock);
    host.analysisMs = 2_000;
    await analyseFirstVersion();
    // The server finds no input waiting before the editor's next message.
    host.waits += 1;

    host.edit('a.py', 2, { 'a.py': ['v2'] });
    scheduler.schedule('a.py');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@2']);
  });

  it('lints edits made while its diagnostics are unsent once they are sent, at the newest version', async function () {
    host.holdSends = true;
    await analyseFirstVersion();
    // Every edit comes after the server found no input waiting: none was queued.
    for (const version of [2, 3, 4, 5]) {
      host.waits += 1;
      host.edit('a.py', version, { 'a.py': [`v${version}`] });
      scheduler.schedule('a.py');
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(host.analysed, ['a.py@1']);

    const last = host.publication('a.py', ['v5']);
    host.sendHeld();
    await last;
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@5']);
  });

  /** Version 1 analysed with its diagnostics unsent, then an edit after them to version 2. */
  async function editWhileUnsent(): Promise<void> {
    host.holdSends = true;
    await analyseFirstVersion();
    host.waits += 1;
    host.edit('a.py', 2, { 'a.py': ['v2'] });
    scheduler.schedule('a.py');
  }

  it('flushes once diagnostics are sent, then analyses the newest version once', async function () {
    await editWhileUnsent();
    const flushes = [scheduler.flush('a.py'), scheduler.flush('a.py')];
    host.edit('a.py', 3, { 'a.py': ['v3'] });
    scheduler.schedule('a.py');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(host.analysed, ['a.py@1']);

    host.sendHeld();
    assert.deepEqual(await Promise.all(flushes), [true, true]);
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@3']);
    assert.deepEqual(scheduler.diagnosticsOf('a.py').map((d) => d.message), ['v3']);
  });

  it('starts no analysis for a request cancelled while diagnostics are unsent, and loses no edit', async function () {
    await editWhileUnsent();
    const request = { isCancellationRequested: false };
    const flushed = scheduler.flush('a.py', request);
    request.isCancellationRequested = true;
    const published = host.publication('a.py', ['v2']);
    host.sendHeld();

    assert.equal(await flushed, false);
    await published;
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@2']);
  });

  it('lints a document reopened while its diagnostics before the close are unsent once they are sent', async function () {
    await editWhileUnsent();
    scheduler.close('a.py');
    host.edit('a.py', 1, { 'a.py': ['reopened'] });
    const reopened = host.publication('a.py', ['reopened']);
    const opened = scheduler.flush('a.py');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(host.analysed, ['a.py@1']);

    host.sendHeld();
    await reopened;
    assert.equal(await opened, true);
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@1']);
    assert.deepEqual(host.published.map((entry) => entry.messages), [['v1'], [], ['reopened']]);
  });

  it('waits after an analysis while the messages queued behind it are handled', async function () {
    scheduler = new LintScheduler(host, 200, () => host.clock);
    host.analysisMs = 2_000;
    await analyseFirstVersion();
    // Other messages queued behind the analysis are handled first; the server never finds its
    // input empty.
    for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));

    host.edit('a.py', 2, { 'a.py': ['v2'] });
    scheduler.schedule('a.py');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(host.analysed, ['a.py@1']);
    await scheduler.flush('a.py');
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@2']);
  });

  it('lints an edit made during an analysis right after it, never the stale version', async function () {
    let release!: () => void;
    host.optionsGate = new Promise((resolve) => (release = resolve));
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['old'] } });
    scheduler.schedule('a.py');

    host.documents.set('a.py', { version: 2, uris: ['a.py'], result: { 'a.py': ['new'] } });
    const published = host.publication('a.py', ['new']);
    scheduler.schedule('a.py');
    release();
    await published;

    assert.deepEqual(host.analysed, ['a.py@2']);
    assert.deepEqual(host.published, [{ uri: 'a.py', messages: ['new'] }]);
  });

  it('analyses a version once, however often it is asked for', async function () {
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['x'] } });
    await scheduler.flush('a.py');
    await scheduler.flush('a.py');
    await Promise.all([scheduler.flush('a.py'), scheduler.flush('a.py')]);

    assert.deepEqual(host.analysed, ['a.py@1']);
  });

  it('analyses the same version again after settings change', async function () {
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['x'] } });
    await scheduler.flush('a.py');
    scheduler.invalidateAll(['a.py']);
    await scheduler.flush('a.py');

    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@1']);
  });

  it('analyses a version once for every request that waited on an analysis reading settings', async function () {
    await analyseFirstVersion();
    let release!: () => void;
    host.optionsGate = new Promise((resolve) => (release = resolve));
    scheduler.invalidateAll(['a.py']);
    await new Promise((resolve) => setImmediate(resolve));
    host.edit('a.py', 2, { 'a.py': ['v2'] });
    scheduler.schedule('a.py');
    const requests = [1, 2, 3, 4, 5].map(() => scheduler.flush('a.py'));
    release();

    assert.deepEqual(await Promise.all(requests), [true, true, true, true, true]);
    assert.deepEqual(host.analysed, ['a.py@1', 'a.py@2']);
    assert.deepEqual(host.published.map((entry) => entry.messages), [['v1'], ['v2']]);
  });

  it('drops work that a newer version superseded while settings were being read', async function () {
    let release!: () => void;
    host.optionsGate = new Promise((resolve) => (release = resolve));
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['old'] } });
    const first = scheduler.flush('a.py');

    host.documents.set('a.py', { version: 2, uris: ['a.py'], result: { 'a.py': ['new'] } });
    release();
    // The flush starts over for the newer version, so its caller reads that version's results.
    assert.equal(await first, true);
    assert.deepEqual(host.analysed, ['a.py@2']);
    assert.deepEqual(host.published, [{ uri: 'a.py', messages: ['new'] }]);
    assert.equal(scheduler.isCurrent('a.py'), true);
  });

  it('says when a flush could not catch up with the edits', async function () {
    let version = 1;
    host.documents.set('a.py', { version, uris: ['a.py'], result: { 'a.py': ['v1'] } });
    // Every settings read sees a newer version arrive while it waits.
    const options = host.options.bind(host);
    host.options = async () => {
      version++;
      host.documents.set('a.py', { version, uris: ['a.py'], result: { 'a.py': [`v${version}`] } });
      return options();
    };

    assert.equal(await scheduler.flush('a.py'), false);
    assert.equal(scheduler.isCurrent('a.py'), false);
    assert.deepEqual(host.analysed, []);
  });

  it('clears stale diagnostics and logs when an analysis throws, then recovers', async function () {
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['stale'] } });
    await scheduler.flush('a.py');

    host.documents.set('a.py', {
      version: 2,
      uris: ['a.py'],
      result: new Error('parser exploded'),
    });
    await scheduler.flush('a.py');
    assert.deepEqual(host.lastPublished('a.py'), []);
    assert.equal(host.errors.length, 1);
    assert.match(host.errors[0], /Linting a\.py failed: .*parser exploded/);

    host.documents.set('a.py', { version: 3, uris: ['a.py'], result: { 'a.py': ['fresh'] } });
    await scheduler.flush('a.py');
    assert.deepEqual(host.lastPublished('a.py'), ['fresh']);
  });

  it('clears the diagnostics of a notebook cell that was removed', async function () {
    const cells = ['nb#0', 'nb#1'];
    host.documents.set('nb', { version: 1, uris: cells, result: { 'nb#1': ['in cell 1'] } });
    await scheduler.flush('nb');
    assert.deepEqual(host.lastPublished('nb#1'), ['in cell 1']);

    host.documents.set('nb', { version: 2, uris: ['nb#0'], result: {} });
    await scheduler.flush('nb');
    assert.deepEqual(host.lastPublished('nb#1'), []);
    assert.deepEqual(host.lastPublished('nb#0'), []);
  });

  it('clears every document of a target when it closes', async function () {
    host.documents.set('nb', { version: 1, uris: ['nb#0'], result: { 'nb#0': ['x'] } });
    await scheduler.flush('nb');
    host.documents.delete('nb');
    scheduler.close('nb');

    assert.deepEqual(host.lastPublished('nb#0'), []);
    assert.deepEqual(scheduler.diagnosticsOf('nb#0'), []);
  });

  describe('keeping diagnostics for requests', function () {
    const messagesOf = (uri: string) => scheduler.diagnosticsOf(uri).map((d) => d.message);

    beforeEach(async function () {
      scheduler = new LintScheduler(host, 60_000, () => host.clock, 2);
      host.documents.set('nb', {
        version: 1,
        uris: ['nb#0', 'nb#1'],
        result: { 'nb#0': ['in cell 0'], 'nb#1': ['in cell 1'] },
      });
      for (const uri of ['b.py', 'c.py']) {
        host.documents.set(uri, { version: 1, uris: [uri], result: { [uri]: [`in ${uri}`] } });
      }
      for (const uri of ['nb', 'b.py', 'c.py']) await scheduler.flush(uri);
    });

    it('keeps them for the last analysed targets only, each with all its documents', function () {
      assert.deepEqual(messagesOf('nb#0'), []);
      assert.deepEqual(messagesOf('nb#1'), []);
      assert.deepEqual(messagesOf('b.py'), ['in b.py']);
      assert.deepEqual(messagesOf('c.py'), ['in c.py']);
      assert.deepEqual(host.lastPublished('nb#1'), ['in cell 1']);
    });

    it('analyses a target again when its let-go diagnostics are asked for', async function () {
      await scheduler.flush('c.py');
      await scheduler.flush('nb');

      assert.deepEqual(host.analysed, ['nb@1', 'b.py@1', 'c.py@1', 'nb@1']);
      assert.deepEqual(messagesOf('nb#1'), ['in cell 1']);
      assert.deepEqual(messagesOf('b.py'), []);
    });
  });
});
