// Gives the young generation's memory back once the server has had nothing to do for a while.

/**
 * When the server collects, in milliseconds after its last work. V8 shrinks its young
 * generation at a collection that finds little allocated since the collection before, over at
 * least about five seconds. An idle server allocates nothing, so without collections of its own
 * the young generation stays at the size the last analyses grew it to. The first collection
 * takes what those analyses left behind; the second, more than five seconds later, finds
 * nothing allocated since and lets V8 shrink.
 */
export const IDLE_COLLECTIONS_MS: readonly number[] = [2000, 8000];

/** When the young generation is given back, in milliseconds after the server's last work. */
export const IDLE_COLLECTION_MS = IDLE_COLLECTIONS_MS[IDLE_COLLECTIONS_MS.length - 1];

/** The timers an `IdleCollection` uses; the real ones by default. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): { unref?(): unknown };
  clearTimeout(timer: unknown): void;
}

/**
 * Runs `collect` at each of `afterMs` (ascending) counted from the last call to `busy()`, as
 * long as no call comes in between, and not again until the server has been busy since. The
 * timers never keep the process alive.
 */
export class IdleCollection {
  private timer: ReturnType<Timers['setTimeout']> | undefined;

  constructor(
    private readonly collect: () => void,
    private readonly afterMs: readonly number[] = IDLE_COLLECTIONS_MS,
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

  private wait(step: number, elapsedMs: number): void {
    if (step >= this.afterMs.length) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.collect();
      this.wait(step + 1, this.afterMs[step]);
    }, this.afterMs[step] - elapsedMs);
    this.timer.unref?.();
  }
}

type Collector = (options: { type: 'minor' | 'major' }) => void;

/**
 * A young-generation collection, when the process was started with `--expose-gc` (the
 * extension's client starts the server so); otherwise nothing to collect with.
 */
export function youngGenerationCollection(): (() => void) | undefined {
  const gc = (globalThis as { gc?: Collector }).gc;
  return gc === undefined ? undefined : () => gc({ type: 'minor' });
}
