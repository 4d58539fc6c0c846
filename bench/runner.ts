// What `ml-practice check` adds to running a practice program: the CLI run minus the program run
// alone with the same interpreter, both as fresh processes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, round } from './stats';
import { childrenCpuMs } from './timing';

const RUNS = 15;
const WARMUP_RUNS = 2;

/**
 * Node reads and parses the certificate bundle this variable names at start-up, before any of
 * the CLI's code runs, and the CLI opens no network connection: on a machine that sets it, it
 * is a cost of that machine's Node, not of the product. The figure is measured without it; the
 * caller's environment is measured too and kept in the details.
 */
const START_UP_VARIABLE = 'NODE_EXTRA_CA_CERTS';

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** One environment's medians: the check, the program alone, and Node doing nothing. */
export interface EnvironmentOverhead {
  overheadMs: number;
  /** The same difference in CPU time (10 ms resolution), less sensitive to other load. */
  overheadCpuMs: number;
  checkMedianMs: number;
  checkCpuMs: number;
  pythonMedianMs: number;
  pythonCpuMs: number;
  /** `node -e 0`: the start-up any Node program pays in this environment. */
  nodeStartMs: number;
  nodeStartCpuMs: number;
}

export interface RunnerOverhead extends EnvironmentOverhead {
  /** Which environment the figure comes from. */
  environment: string;
  /** The same measurement with the caller's environment as it is. */
  callerEnvironment: EnvironmentOverhead & { [START_UP_VARIABLE]: string | null };
  /**
   * The first check of the measurement, with nothing remembered about the interpreter yet: it
   * probes the interpreter beside the run. Later checks reuse the remembered answer.
   */
  firstCheck: Timing;
  python: string;
  runs: number;
}

/**
 * A line for under the table when the caller's environment set START_UP_VARIABLE, which the
 * runner figure leaves out: what the overhead is with it.
 */
export function callerEnvironmentNote(runner: RunnerOverhead): string | undefined {
  const value = runner.callerEnvironment[START_UP_VARIABLE];
  if (value === null) return undefined;
  return (
    `note: runner.overheadMs is measured without ${START_UP_VARIABLE} (here ${value}), which ` +
    `makes every Node start read a certificate bundle; with it the overhead is ` +
    `${runner.callerEnvironment.overheadMs.toFixed(1)} ms\n`
  );
}

/** A copy of `env` without START_UP_VARIABLE; everything else as it is. */
export function withoutStartUpVariable(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[START_UP_VARIABLE];
  return copy;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Timing {
  const cpu = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
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

function medians(runs: Timing[]): Timing {
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
  };
}

function roundTiming(timing: Timing): Timing {
  return { wallMs: round(timing.wallMs), cpuMs: round(timing.cpuMs) };
}

interface Setup {
  check: string[];
  program: string;
  python: string;
}

/**
 * Check, program alone and `node -e 0`, run in turn, warm-up rounds first; also the very first
 * check. The interpreter cache lives in `cacheHome`, empty at the start.
 */
function measureIn(
  setup: Setup,
  env: NodeJS.ProcessEnv,
  cacheHome: string,
): { figure: EnvironmentOverhead; firstCheck: Timing } {
  fs.rmSync(cacheHome, { recursive: true, force: true });
  const runEnv = { ...env, XDG_CACHE_HOME: cacheHome };
  const checks: Timing[] = [];
  const programs: Timing[] = [];
  const nodes: Timing[] = [];
  let firstCheck: Timing | undefined;
  for (let run = 0; run < WARMUP_RUNS + RUNS; run++) {
    const check = timed(process.execPath, setup.check, runEnv);
    const program = timed(setup.python, [setup.program], runEnv);
    const node = timed(process.execPath, ['-e', '0'], runEnv);
    firstCheck ??= check;
    if (run < WARMUP_RUNS) continue;
    checks.push(check);
    programs.push(program);
    nodes.push(node);
  }

  const check = medians(checks);
  const program = medians(programs);
  const node = medians(nodes);
  const figure = {
    overheadMs: round(check.wallMs - program.wallMs),
    overheadCpuMs: round(check.cpuMs - program.cpuMs),
    checkMedianMs: round(check.wallMs),
    checkCpuMs: round(check.cpuMs),
    pythonMedianMs: round(program.wallMs),
    pythonCpuMs: round(program.cpuMs),
    nodeStartMs: round(node.wallMs),
    nodeStartCpuMs: round(node.cpuMs),
  };
  return { figure, firstCheck: roundTiming(firstCheck!) };
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
    const setup = { check, program, python };
    const cacheHome = path.join(dir, 'cache');

    const { figure, firstCheck } = measureIn(setup, withoutStartUpVariable(process.env), cacheHome);
    const caller = measureIn(setup, process.env, cacheHome).figure;
    return {
      ...figure,
      environment: `the caller's, without ${START_UP_VARIABLE}`,
      callerEnvironment: { ...caller, [START_UP_VARIABLE]: process.env[START_UP_VARIABLE] ?? null },
      firstCheck,
      python,
      runs: RUNS,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
