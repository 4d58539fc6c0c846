// The practice runner's public data: how a run is asked for and what the verdict says.

export type ComparisonMode = 'normalized' | 'exact' | 'contains' | 'regex' | 'numeric';

export type Verdict = 'pass' | 'fail' | 'error' | 'timeout';

export interface NumericTolerance {
  absolute?: number;
  relative?: number;
}

export interface CheckRequest {
  /** Absolute path of the program to run. */
  file: string;
  expected: string;
  mode?: ComparisonMode;
  tolerance?: NumericTolerance;
  /** Interpreter to run; discovered when absent. */
  python?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Text given on stdin; stdin is closed when absent. */
  stdin?: string;
  cwd?: string;
  /** Cancels the run; the process tree is killed. */
  signal?: AbortSignal;
  /** Called with output as it arrives, for live display. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export interface ErrorLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based; known for syntax errors. */
  column?: number;
}

export interface CheckResult {
  verdict: Verdict;
  expected: string;
  actual: string;
  stderr: string;
  /** Unified diff of expected against actual; empty on pass. */
  diff: string;
  exitCode: number | null;
  durationMs: number;
  python: string;
  /** One or two sentences for a person: why this verdict. */
  message: string;
  /** The last line of a Python traceback, for `error`. */
  errorSummary?: string;
  errorLocation?: ErrorLocation;
  /** True when the verdict differs from what a byte-for-byte comparison would give. */
  normalizationChangedVerdict?: boolean;
  /** The version of the interpreter that ran, e.g. "3.11.7". */
  pythonVersion?: string;
  /** True when the output passed the size limit and the run was stopped. */
  outputTruncated?: boolean;
}
