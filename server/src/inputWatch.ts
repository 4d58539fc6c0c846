// Tells an edit that was waiting while the server worked from one the editor sent afterwards.
import type { EventEmitter } from 'node:events';

/** The part of a writable stream the watch reads: what is still to go out, and when it has. */
export interface Output {
  readonly writableLength: number;
  readonly writableNeedDrain: boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** What an `InputWatch` asks of the process; each has a default that reads the real one. */
export interface WatchedProcess {
  /** Where the server's messages go, when the watch can see it. */
  output?: Output;
  /**
   * Whether other callbacks wait for the next turn of the event loop: the connection hands
   * over one message per turn, so messages it has read and not yet handled keep one waiting.
   */
  otherWorkPending?: () => boolean;
  /** How long the event loop has waited for input so far, in milliseconds. */
  idleMs?: () => number;
}

/**
 * Counts the times the server, its work done and its output sent, found no input waiting.
 *
 * `waits()` returns the count and starts looking if no look is under way. A look checks once
 * per turn of the event loop, after the loop has read its input. While the server's own output
 * is still going out, it looks again (after a while, only once it has drained); in the turn
 * that output is done, the count grows, since nothing read by then can answer it. Otherwise
 * the count grows in the first turn that reads no input and leaves no other callback waiting
 * for the next. So a value taken when an analysis ends stays the same for the messages that
 * were waiting while it ran, read or not, and has grown by the time the server handles a
 * message the editor sent after receiving what the analysis published.
 *
 * Without an input to watch (a transport it cannot see), the count grows whenever the event
 * loop has been idle since the last call, which mistakes an answer the editor sends while the
 * server is still busy for one that was waiting.
 */
export class InputWatch {
  private count = 0;
  private looking = false;
  private inputThisTurn = false;
  private lastIdle = 0;
  /** How many times this look found output still going out. */
  private outputChecks = 0;
  private readonly output: Output | undefined;
  private readonly otherWorkPending: () => boolean;
  private readonly idleMs: () => number;

  constructor(
    private readonly inputs: readonly (readonly [EventEmitter, string])[],
    watched: WatchedProcess = {},
  ) {
    this.output = watched.output;
    this.otherWorkPending = watched.otherWorkPending ?? immediatesPending;
    this.idleMs = watched.idleMs ?? (() => performance.eventLoopUtilization().idle);
    for (const [emitter, event] of inputs) {
      emitter.on(event, () => {
        this.inputThisTurn = true;
      });
    }
  }

  waits(): number {
    if (this.inputs.length === 0) {
      const idle = this.idleMs();
      if (idle > this.lastIdle) this.count++;
      this.lastIdle = idle;
      return this.count;
    }
    if (!this.looking) {
      this.looking = true;
      this.inputThisTurn = false;
      setImmediate(() => this.look());
    }
    return this.count;
  }

  private look(): void {
    const output = this.output;
    if (output !== undefined && output.writableLength > 0) {
      if (this.outputChecks++ < OUTPUT_CHECK_TURNS) {
        // Every turn at first: the turn it is done in is the one that counts.
        setImmediate(() => this.look());
      } else if (output.writableNeedDrain) {
        // An editor that stops reading must not keep the server busy.
        output.once('drain', () => setImmediate(() => this.look()));
      } else {
        const delay = 2 ** Math.min(this.outputChecks - OUTPUT_CHECK_TURNS, 6);
        setTimeout(() => this.look(), delay);
      }
      return;
    }
    const quiet = this.outputChecks > 0 || (!this.inputThisTurn && !this.otherWorkPending());
    this.outputChecks = 0;
    this.inputThisTurn = false;
    if (quiet) {
      this.looking = false;
      this.count++;
    } else {
      setImmediate(() => this.look());
    }
  }
}

/**
 * For how many turns a look checks on output that is still going out, before it waits for the
 * output to drain (or, for less than a buffer's worth, whose end is not announced, checks less
 * and less often, up to every 64 ms).
 */
export const OUTPUT_CHECK_TURNS = 100;

/** Whether a callback other than the running one waits for the next turn's check phase. */
export function immediatesPending(): boolean {
  return process.getActiveResourcesInfo().includes('Immediate');
}

/**
 * What the server reads its messages from, as `createConnection` picks it from the arguments,
 * and where it writes them when that is a stream the watch can see.
 */
export function transportOf(argv: readonly string[]): {
  inputs: (readonly [EventEmitter, string])[];
  output?: Output;
} {
  if (argv.includes('--stdio')) {
    return { inputs: [[process.stdin, 'data']], output: process.stdout };
  }
  if (argv.includes('--node-ipc')) return { inputs: [[process, 'message']] };
  return { inputs: [] };
}
