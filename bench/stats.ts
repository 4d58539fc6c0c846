// Summary statistics for benchmark samples.

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('no samples to summarise');
  if (samples.some((value) => !Number.isFinite(value))) {
    throw new Error(`samples must be finite numbers, got ${samples.join(', ')}`);
  }
  return [...samples].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks, the method of
 * NumPy's default, so that figures can be checked with `np.percentile`.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0..100, got ${p}`);
  const values = sorted(samples);
  const rank = (p / 100) * (values.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return values[low] + (values[high] - values[low]) * (rank - low);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function mean(samples: readonly number[]): number {
  const values = sorted(samples);
  return values.reduce((total, value) => total + value, 0) / values.length;
}

export function min(samples: readonly number[]): number {
  return sorted(samples)[0];
}

export function max(samples: readonly number[]): number {
  const values = sorted(samples);
  return values[values.length - 1];
}

/** Rounds for display and for results.json, keeping three significant decimals at most. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
