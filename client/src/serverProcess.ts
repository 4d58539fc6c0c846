// How the language server process is started: its Node flags and what its environment adds.
// The client starts the server this way, and so do the benchmark and the server tests, so what
// they measure is what users run.

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

/**
 * What the server's environment adds to its parent's (which it otherwise inherits).
 *
 * `MALLOC_MMAP_THRESHOLD_` (read by 64-bit glibc, ignored elsewhere): glibc serves a block of
 * memory above a threshold straight from the system, and by default raises the threshold to
 * the size of each such block freed, and with it how much free memory it keeps at the top of
 * its heaps rather than give back (twice the threshold). Each analysis allocates and frees a
 * flat copy of the syntax tree of about 2 MB for a 5,000-line document, so after a burst of
 * analyses the server kept about 10 MB it had freed. A threshold set once stops that raising:
 * blocks up to 8 MB still come from the heap, and free memory above glibc's 128 KB at a heap's
 * top is given back.
 *
 * A user's own thresholds are left as they are: a number in `MALLOC_MMAP_THRESHOLD_` or
 * `MALLOC_TRIM_THRESHOLD_`, or either threshold among `GLIBC_TUNABLES` (which glibc prefers to
 * the variables anyway). A `MALLOC_MMAP_THRESHOLD_` that is not a number is replaced: glibc
 * reads it as 0 and would serve every block, however small, from the system.
 */
export function serverEnvironment(parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const isNumber = (value: string | undefined): boolean => /^\d+$/.test(value ?? '');
  const tunables = (parent.GLIBC_TUNABLES ?? '').split(':').map((entry) => entry.split('=')[0]);
  const userSetting =
    isNumber(parent.MALLOC_MMAP_THRESHOLD_) ||
    isNumber(parent.MALLOC_TRIM_THRESHOLD_) ||
    tunables.includes('glibc.malloc.mmap_threshold') ||
    tunables.includes('glibc.malloc.trim_threshold');
  return userSetting ? {} : { MALLOC_MMAP_THRESHOLD_: String(8 * 1024 * 1024) };
}
