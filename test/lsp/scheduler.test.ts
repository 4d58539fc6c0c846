// The lint scheduler on its own: one analysis per version, superseded work dropped, failures
// clearing stale diagnostics. Targets here are small in-memory documents.
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

  target(uri: string): LintTarget | undefined {
    const document = this.documents.get(uri);
    if (document === undefined) return undefined;
    const snapshot = { ...document };
    return {
      uri,
      versionKey: String(snapshot.version),
      documentUris: snapshot.uris,
      analyse: () => {
        this.analysed.push(`${uri}@${snapshot.version}`);
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

  publish(uri: string, diagnostics: Diagnostic[]): void {
    this.published.push({ uri, messages: diagnostics.map((d) => d.message) });
  }

  logError(message: string): void {
    this.errors.push(message);
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
    // A delay no test waits for: work runs only when a test flushes it.
    scheduler = new LintScheduler(host, 60_000);
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

  it('drops work that a newer version superseded while settings were being read', async function () {
    let release!: () => void;
    host.optionsGate = new Promise((resolve) => (release = resolve));
    host.documents.set('a.py', { version: 1, uris: ['a.py'], result: { 'a.py': ['old'] } });
    const first = scheduler.flush('a.py');

    host.documents.set('a.py', { version: 2, uris: ['a.py'], result: { 'a.py': ['new'] } });
    release();
    await first;
    assert.deepEqual(host.analysed, []);

    await scheduler.flush('a.py');
    assert.deepEqual(host.analysed, ['a.py@2']);
    assert.deepEqual(host.lastPublished('a.py'), ['new']);
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
});
