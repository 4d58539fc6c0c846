// What `ml-practice check` adds to running a practice program: the CLI run minus the program run
// alone with the same interpreter, both as fresh processes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats';
import { childrenCpuMs } from './timing';

const RUNS = 15;
const WARMUP_RUNS = 2;

export interface RunnerOverhead {
  overheadMs: number;
  checkMedianMs: number;
  pythonMedianMs: number;
  /** The same difference in CPU time (10 ms resolution), less sensitive to other load. */
  overheadCpuMs: number;
  python: string;
  runs: number;
}

function timed(command: string, args: string[]): { wallMs: number; cpuMs: number } {
  const cpu = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}${result.stdout}`,
    );
  }
  return { wallMs: elapsed, cpuMs: childrenCpuMs() - cpu };
}

/** The absolute path of `python3` on PATH, so that both runs use the same interpreter. */
function resolvePython(): string {
  const result = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`python3 on PATH could not run: ${result.stderr}`);
  return result.stdout.trim();
}

export function measureRunnerOverhead(cliPath: string): RunnerOverhead {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-bench-'));
  try {
    const program = path.join(dir, 'hello.py');
    const expected = path.join(dir, 'hello.expected.txt');
    fs.writeFileSync(program, 'print("hello, practice")\n');
    fs.writeFileSync(expected, 'hello, practice\n');
    const python = resolvePython();
    const check = [cliPath, 'check', program, '--expected-file', expected, '--python', python];

    const checkRuns: Array<{ wallMs: number; cpuMs: number }> = [];
    const pythonRuns: Array<{ wallMs: number; cpuMs: number }> = [];
    for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
      const checkRun = timed(process.execPath, check);
      const pythonRun = timed(python, [program]);
      if (run < WARMUP_RUNS) continue;
      checkRuns.push(checkRun);
      pythonRuns.push(pythonRun);
    }
    const checkMedianMs = median(checkRuns.map((run) => run.wallMs));
    const pythonMedianMs = median(pythonRuns.map((run) => run.wallMs));
    const overheadCpuMs =
      median(checkRuns.map((run) => run.cpuMs)) - median(pythonRuns.map((run) => run.cpuMs));
    return {
      overheadMs: checkMedianMs - pythonMedianMs,
      checkMedianMs,
      pythonMedianMs,
      overheadCpuMs,
      python,
      runs: RUNS,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
