// Repeats a measured action until a time budget is spent, after a warm-up, so that the JIT has
// compiled the code under test before any sample is kept.
import { performance } from 'node:perf_hooks';

export interface Budget {
  warmupRuns: number;
  minRuns: number;
  minMs: number;
}

/** Milliseconds per run of `action(run)`, one sample per run after the warm-up. */
export function sampleRuns(action: (run: number) => void, budget: Budget): number[] {
  let run = 0;
  for (; run < budget.warmupRuns; run++) action(run);

  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < budget.minRuns || performance.now() - started < budget.minMs) {
    const before = performance.now();
    action(run++);
    samples.push(performance.now() - before);
  }
  return samples;
}
