// Gives memory back once the server has had nothing to do for a while: an idle server
// allocates nothing, so V8 would collect nothing and keep what the last analyses grew.

/** When the young generation is given back, in milliseconds after the server's last work. */
export const YOUNG_GENERATION_BACK_MS = 8000;

/** When all that the analyses left is collected, in milliseconds after the last work. */
export const FULL_COLLECTION_MS = 30_000;

/** A collection the server runs once it has rested `afterMs` since its last work. */
export interface IdleStep {
  afterMs: number;
  run(): void;
}

/** The timers an `IdleCollection` uses; the real ones by default. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): { unref?(): unknown };
  clearTimeout(timer: unknown): void;
}

/**
 * Runs each step (in ascending order of `afterMs`) once the server has rested that long since
 * the last call to `busy()`, as long as no call comes in between, and none again until the
 * server has been busy since. The timers never keep the process alive.
 */
export class IdleCollection {
  private timer: ReturnType<Timers['setTimeout']> | undefined;

  constructor(
    private readonly steps: readonly IdleStep[],
    private readonly timers: Timers = { setTimeout, clearTimeout },
  ) {}

  /** Work happened now. */
  busy(): void {
    this.dispose();
    this.wait(0, 0);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wait(index: number, elapsedMs: number): void {
    const step = this.steps[index];
    if (step === undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      step.run();
      this.wait(index + 1, step.afterMs);
    }, step.afterMs - elapsedMs);
    this.timer.unref?.();
  }
}

type Collector = (options?: { type: 'minor' }) => void;

/**
 * The collections of a server at rest, when the process was started with `--expose-gc` (the
 * extension's client starts the server so); otherwise none.
 *
 * - 2 s after the last work, a young-generation collection takes what the last analyses left
 *   in the young generation.
 * - 8 s after it, another. V8 shrinks its young generation at a collection that finds little
 *   allocated since the one before over at least about five seconds, which the first makes
 *   true of the second: about 30 MB back.
 * - 30 s after it, a full collection (`gc()`: about 9 ms with 100 documents of 5,000 lines
 *   open, 19 ms after a 5 MB one) frees what the analyses left in the old generation: the
 *   facts and flat trees of analyses that outlived a young-generation collection, which
 *   nothing else collects while the server allocates nothing. The first edit after it runs
 *   10–20 ms slower, so it waits until the rest is a long one.
 */
export function idleCollections(): IdleStep[] {
  const gc = (globalThis as { gc?: Collector }).gc;
  if (gc === undefined) return [];
  const young = (): void => gc({ type: 'minor' });
  return [
    { afterMs: 2000, run: young },
    { afterMs: YOUNG_GENERATION_BACK_MS, run: young },
    { afterMs: FULL_COLLECTION_MS, run: () => gc() },
  ];
}
