// Tells an edit that was waiting while the server worked from one the editor sent afterwards.
import type { EventEmitter } from 'node:events';

/** What an `InputWatch` asks of the process; each has a default that reads the real one. */
export interface WatchedProcess {
  /** Whether output the server wrote is still going out. */
  outputPending?: () => boolean;
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
 * is still going out, it looks again the next turn; in the turn that output is done, the count
 * grows, since nothing read by then can answer it. Otherwise the count grows in the first turn
 * that reads no input and leaves no other callback waiting for the next. So a value taken when
 * an analysis ends stays the same for the messages that were waiting while it ran, read or not,
 * and has grown by the time the server handles a message the editor sent after receiving what
 * the analysis published.
 *
 * Without an input to watch (a transport it cannot see), the count grows whenever the event
 * loop has been idle since the last call, which mistakes an answer the editor sends while the
 * server is still busy for one that was waiting.
 */
export class InputWatch {
  private count = 0;
  private looking = false;
  private inputThisTurn = false;
  private outputWasPending = false;
  private lastIdle = 0;
  private readonly outputPending: () => boolean;
  private readonly otherWorkPending: () => boolean;
  private readonly idleMs: () => number;

  constructor(
    private readonly inputs: readonly (readonly [EventEmitter, string])[],
    watched: WatchedProcess = {},
  ) {
    this.outputPending = watched.outputPending ?? (() => false);
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
      this.outputWasPending = false;
      setImmediate(() => this.look());
    }
    return this.count;
  }

  private look(): void {
    const pending = this.outputPending();
    const quiet =
      !pending && (this.outputWasPending || (!this.inputThisTurn && !this.otherWorkPending()));
    this.outputWasPending = pending;
    this.inputThisTurn = false;
    if (quiet) {
      this.looking = false;
      this.count++;
    } else {
      setImmediate(() => this.look());
    }
  }
}

/** Whether a callback other than the running one waits for the next turn's check phase. */
function immediatesPending(): boolean {
  return process.getActiveResourcesInfo().includes('Immediate');
}

/**
 * What the server reads its messages from, as `createConnection` picks it from the arguments,
 * and whether what it writes back is still going out.
 */
export function transportOf(argv: readonly string[]): {
  inputs: (readonly [EventEmitter, string])[];
  outputPending?: () => boolean;
} {
  if (argv.includes('--stdio')) {
    return {
      inputs: [[process.stdin, 'data']],
      outputPending: () => process.stdout.writableLength > 0,
    };
  }
  if (argv.includes('--node-ipc')) return { inputs: [[process, 'message']] };
  return { inputs: [] };
}
