// Runs one analysis per document version: a lone edit is linted at once, a burst of edits is
// coalesced, a newer version supersedes a pending or in-flight one, and a failed analysis
// clears its diagnostics instead of leaving stale ones behind.
import type { Diagnostic } from 'vscode-languageserver/node';
import type { LintOptions } from './engine';
import type { LintTarget } from './targets';

export interface ResolvedOptions {
  enable: boolean;
  options: LintOptions;
}

export interface SchedulerHost {
  /** The target as it is now, or undefined once it is closed. */
  target(uri: string): LintTarget | undefined;
  options(target: LintTarget): Promise<ResolvedOptions>;
  /**
   * Sends a document's diagnostics, with the version of the document they are of when it is
   * open; a promise returned settles once they are handed to the transport (for a stream, once
   * its write is done).
   */
  publish(uri: string, diagnostics: Diagnostic[], version?: number): Promise<void> | void;
  logError(message: string): void;
  /**
   * How many times so far the server, its work done, found no input waiting (an `InputWatch`).
   * Without it, every edit soon after an analysis waits the rest.
   */
  waitsForInput?(): number;
}

/** A request that its sender may cancel. */
export interface Cancellable {
  readonly isCancellationRequested: boolean;
}

interface Published {
  key: string;
  uris: string[];
}

/**
 * When the target's last analysis ended (its diagnostics sent) and how long the analysis
 * itself took, in clock milliseconds, and how many times the server had found no input
 * waiting by then.
 */
interface LastRun {
  endedAt: number;
  durationMs: number;
  waits: number | undefined;
}

/**
 * An edit handled before the server has found no input waiting since an analysis of its target
 * ended was queued behind that analysis: the next analysis waits until d / 2 after that one
 * ended, for an analysis of d ms (at most the scheduler's maximum delay). The rest of such a
 * burst, queued behind it, is then applied first and linted once at the newest version, and
 * linting takes at most two thirds of the CPU while someone types faster than the target is
 * analysed. An edit that comes once the server has found no input waiting is linted at once.
 */
const REST_PER_DURATION = 0.5;

/**
 * How many targets keep their diagnostics for hovers and code actions. Those are asked about
 * the documents being worked on, which were analysed last; a request about another target
 * analyses it again, so merely open documents hold no diagnostics in the server.
 */
export const KEPT_TARGETS = 8;

/** How often a flush starts over when newer text or settings supersede its analysis. */
const FLUSH_ATTEMPTS = 3;

export class LintScheduler {
  /** Targets whose next run waits, for its rest or for its last diagnostics to go out. */
  private readonly waiting = new Map<string, { cancel(): void }>();
  /** Targets whose last diagnostics are still going out, with when they will have. */
  private readonly sending = new Map<string, Promise<void>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly published = new Map<string, Published>();
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly lastRuns = new Map<string, LastRun>();
  /** Targets whose diagnostics are kept, the least recently analysed first. */
  private readonly kept = new Set<string>();
  private generation = 0;

  /**
   * `maxDelayMs` caps how long an edit in a burst waits; `now` is the clock that analyses are
   * timed with; `keptTargets` is how many targets keep their diagnostics.
   */
  constructor(
    private readonly host: SchedulerHost,
    private readonly maxDelayMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly keptTargets: number = KEPT_TARGETS,
  ) {}

  /**
   * Lints the target at once when it is idle; an edit that comes while an analysis is running,
   * or was waiting behind one that ended, waits, and every edit of such a burst collapses into
   * one run. A run also waits until the target's last diagnostics have gone out, so that an
   * editor that reads slowly, or not at all for a while, is sent the newest diagnostics when it
   * catches up instead of one set per edit.
   */
  /** Whether no analysis is waiting, running, or waiting for its diagnostics to be sent. */
  get idle(): boolean {
    return this.waiting.size === 0 && this.running.size === 0 && this.sending.size === 0;
  }

  schedule(uri: string): void {
    if (this.waiting.has(uri)) return;

    const running = this.running.has(uri);
    const wait = running ? 0 : this.waitBeforeNextRun(uri);
    if (!running && wait <= 0) {
      this.runOnceSent(uri);
      return;
    }
    const timer = setTimeout(() => {
      this.waiting.delete(uri);
      this.runOnceSent(uri);
    }, Math.max(wait, 0));
    this.waiting.set(uri, { cancel: () => clearTimeout(timer) });
  }

  private runOnceSent(uri: string): void {
    const sending = this.sending.get(uri);
    if (sending === undefined) {
      void this.run(uri);
      return;
    }
    let cancelled = false;
    this.waiting.set(uri, { cancel: () => (cancelled = true) });
    void sending.then(() => {
      if (cancelled) return;
      this.waiting.delete(uri);
      this.runOnceSent(uri);
    });
  }

  private stopWaiting(uri: string): void {
    this.waiting.get(uri)?.cancel();
    this.waiting.delete(uri);
  }

  private waitBeforeNextRun(uri: string): number {
    const last = this.lastRuns.get(uri);
    if (last === undefined) return 0;
    if (last.waits !== undefined && this.host.waitsForInput!() > last.waits) return 0;
    const rest = Math.min(this.maxDelayMs, REST_PER_DURATION * last.durationMs);
    return last.endedAt + rest - this.now();
  }

  /** Settings or project files changed: every open target is linted again. */
  invalidateAll(uris: string[]): void {
    this.generation++;
    for (const uri of uris) this.schedule(uri);
  }

  /**
   * Brings the target's diagnostics up to date, for requests that read them, once its last
   * diagnostics have gone out, and says whether they are: an edit or a settings change while
   * the analysis waits for settings starts it over, a few times at most. A request cancelled
   * while it waits for them to go out starts no analysis.
   */
  async flush(uri: string, request?: Cancellable): Promise<boolean> {
    for (let attempt = 0; attempt < FLUSH_ATTEMPTS; attempt++) {
      if (this.isCurrent(uri)) return true;
      // The last diagnostics go out first, as for an edit: an editor that is not reading is
      // sent one set when it reads again, however many requests it makes meanwhile.
      await this.sending.get(uri);
      if (request?.isCancellationRequested) return false;
      this.stopWaiting(uri);
      await this.run(uri);
    }
    return this.isCurrent(uri);
  }

  /** Whether the kept diagnostics of the target are those of its current text and settings. */
  isCurrent(uri: string): boolean {
    const target = this.host.target(uri);
    if (target === undefined || !this.kept.has(uri)) return false;
    return this.published.get(uri)?.key === `${this.generation}/${target.versionKey}`;
  }

  /**
   * The diagnostics last published on a document, while its target is among those that keep
   * them; flush the target first to be sure of them.
   */
  diagnosticsOf(documentUri: string): Diagnostic[] {
    return this.diagnostics.get(documentUri) ?? [];
  }

  /**
   * Clears the target's diagnostics. If it is opened again, its first analysis waits, as an
   * edit's does, until what was sent on it before has gone out.
   */
  close(uri: string): void {
    this.stopWaiting(uri);
    this.lastRuns.delete(uri);
    this.kept.delete(uri);
    const previous = this.published.get(uri);
    this.published.delete(uri);
    const sent: Promise<void>[] = [];
    for (const documentUri of previous?.uris ?? []) this.publish(documentUri, [], sent);
    this.awaitSending(uri, sent);
  }

  private async run(uri: string): Promise<void> {
    // One analysis of a target at a time: of several runs that waited for the same one, the
    // first starts the next and the others wait for it in turn, then find its diagnostics.
    for (let inFlight = this.running.get(uri); inFlight; inFlight = this.running.get(uri)) {
      await inFlight;
    }

    const work = this.analyse(uri);
    this.running.set(uri, work);
    try {
      await work;
    } finally {
      if (this.running.get(uri) === work) this.running.delete(uri);
    }
  }

  private async analyse(uri: string): Promise<void> {
    const target = this.host.target(uri);
    if (target === undefined) return;

    const key = `${this.generation}/${target.versionKey}`;
    if (this.published.get(uri)?.key === key && this.kept.has(uri)) return;

    let results: Map<string, Diagnostic[]>;
    let durationMs: number | undefined;
    try {
      const resolved = await this.host.options(target);
      if (this.isSuperseded(uri, key)) return;
      if (resolved.enable) {
        const started = this.now();
        results = target.analyse(resolved.options);
        durationMs = this.now() - started;
      } else {
        results = new Map();
      }
    } catch (error) {
      this.host.logError(`Linting ${uri} failed: ${describe(error)}`);
      results = new Map();
    }

    this.replace(uri, key, target, results);
    if (durationMs !== undefined) {
      // The rest starts once the diagnostics are sent: encoding many of them takes a while too.
      const waits = this.host.waitsForInput?.();
      this.lastRuns.set(uri, { endedAt: this.now(), durationMs, waits });
    }
  }

  private isSuperseded(uri: string, key: string): boolean {
    const current = this.host.target(uri);
    return current === undefined || `${this.generation}/${current.versionKey}` !== key;
  }

  private replace(
    uri: string,
    key: string,
    target: LintTarget,
    results: Map<string, Diagnostic[]>,
  ): void {
    const uris = target.documentUris;
    const stale = new Set(this.published.get(uri)?.uris ?? []);
    const sent: Promise<void>[] = [];
    uris.forEach((documentUri, index) => {
      stale.delete(documentUri);
      const version = target.documentVersions[index];
      this.publish(documentUri, results.get(documentUri) ?? [], sent, version);
    });
    for (const documentUri of stale) this.publish(documentUri, [], sent);
    this.published.set(uri, { key, uris });
    this.keep(uri);
    this.awaitSending(uri, sent);
  }

  /** Makes the target's next analysis wait until `sent`, its latest publications, are sent. */
  private awaitSending(uri: string, sent: Promise<void>[]): void {
    if (sent.length === 0) return;
    const allSent: Promise<void> = Promise.all(sent).then(() => {
      if (this.sending.get(uri) === allSent) this.sending.delete(uri);
    });
    this.sending.set(uri, allSent);
  }

  /** Marks the target as the latest analysed, and lets go of the oldest kept diagnostics. */
  private keep(uri: string): void {
    this.kept.delete(uri);
    this.kept.add(uri);
    for (const oldest of this.kept) {
      if (this.kept.size <= this.keptTargets) break;
      this.kept.delete(oldest);
      for (const documentUri of this.published.get(oldest)?.uris ?? []) {
        this.diagnostics.delete(documentUri);
      }
    }
  }

  /** Publishes, and adds to `sent` when the publication will have gone out. */
  private publish(
    documentUri: string,
    diagnostics: Diagnostic[],
    sent: Promise<void>[],
    version?: number,
  ): void {
    if (diagnostics.length === 0) this.diagnostics.delete(documentUri);
    else this.diagnostics.set(documentUri, diagnostics);
    const sending = this.host.publish(documentUri, diagnostics, version);
    // A failed write is the connection's to report; here it only ends the wait.
    if (sending !== undefined) sent.push(sending.catch(() => undefined));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
