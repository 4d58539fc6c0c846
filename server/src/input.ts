// Watches the input the editor sends on the transport the connection reads, so the scheduler
// can tell whether edits are still coming in behind an analysis.

export interface InputWatch {
  /** Chunks of input received so far. */
  received(): number;
  /** Starts counting; call it once the connection listens, so no chunk is read before. */
  listen(): void;
}

/**
 * A watch on stdin (`--stdio`) or on node IPC messages (`--node-ipc`), the transports the
 * server is started with; undefined for the others.
 */
export function watchInput(argv: readonly string[] = process.argv): InputWatch | undefined {
  let chunks = 0;
  const count = (): void => {
    chunks++;
  };
  if (argv.includes('--stdio')) {
    return { received: () => chunks, listen: () => void process.stdin.on('data', count) };
  }
  if (argv.includes('--node-ipc')) {
    return { received: () => chunks, listen: () => void process.on('message', count) };
  }
  return undefined;
}
