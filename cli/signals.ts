// Stopping a command that runs programs when the CLI is asked to stop. The programs run in
// process groups of their own, so a terminal's Ctrl-C or hangup reaches only the CLI, which
// ends them.

/** The signals that stop such a command, with their numbers. */
const STOPPING_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

export type StoppingSignal = keyof typeof STOPPING_SIGNALS;

export interface SignalStop {
  /** Aborted when one of the signals arrives. */
  signal: AbortSignal;
  /** The first of the signals that arrived. */
  received: StoppingSignal | undefined;
  /** Gives the signals back to Node's default handling. */
  dispose(): void;
}

/** Catches the stopping signals until disposed, aborting `signal` at the first. */
export function stopOnSignals(): SignalStop {
  const controller = new AbortController();
  const handlers = (Object.keys(STOPPING_SIGNALS) as StoppingSignal[]).map((name) => {
    const handler = (): void => {
      stop.received ??= name;
      controller.abort();
    };
    process.on(name, handler);
    return { name, handler };
  });
  const stop: SignalStop = {
    signal: controller.signal,
    received: undefined,
    dispose: () => handlers.forEach(({ name, handler }) => process.off(name, handler)),
  };
  return stop;
}

/** Says on stderr that `command` was stopped and what was ended; the exit code to return. */
export function stopped(command: string, signal: StoppingSignal, ended: string): number {
  process.stderr.write(`ml-practice ${command}: stopped by ${signal}; ${ended}\n`);
  return 128 + STOPPING_SIGNALS[signal];
}
