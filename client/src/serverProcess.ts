// The Node flags the language server process runs with. The client starts the server with
// them, and so do the benchmark and the server tests, so what they measure is what users run.

/**
 * The server's heap is mostly garbage between full collections: its live data is the open
 * documents' text and the kept diagnostics (about 30 MB with 100 documents of 5,000 lines),
 * while each analysis allocates and drops several MB. With V8's defaults on a machine with
 * much memory, the heap may grow to 4 times its live data before a full collection, and the
 * process keeps the pages it grew to.
 *
 * - `--max-semi-space-size=16`: a young generation of 2 × 16 MB, which is V8's default on
 *   64-bit machines; it is set so that the server does not depend on that default. One
 *   analysis of a 5,000-line document allocates about 8 MB, and much of it (the facts it
 *   builds) stays alive until the analysis ends, so every scavenge during an analysis copies
 *   it again. With 8 MB (V8 takes only powers of two), scavenges ran about once per edit and
 *   took a quarter of the server's time while someone typed; 16 MB costs about 15 MB more
 *   resident memory.
 * - `--max-old-space-size=1536`: V8 scales how far the heap may grow past its live data by
 *   this limit (1.8 times at 1.5 GB, against 4 times at 2 GB and above). The largest document
 *   the server lints (5 MB, about 120,000 lines) needs under 200 MB of heap at its peak.
 */
export const SERVER_EXEC_ARGV: readonly string[] = [
  '--max-semi-space-size=16',
  '--max-old-space-size=1536',
];
