// Timing helpers: repeated in-process runs after a warm-up, and CPU time read from /proc, which
// stays meaningful when other work on a shared machine stretches wall-clock time.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Budget {
  warmupRuns: number;
  /** Warm-up goes on until this much time has passed too: V8 optimises by time spent, not runs. */
  warmupMs?: number;
  minRuns: number;
  minMs: number;
}

export interface Samples {
  wallMs: number[];
  cpuMs: number[];
}

/** Wall-clock and CPU milliseconds per run of `action(run)`, one sample per run after the warm-up. */
export function sampleRuns(action: (run: number) => void, budget: Budget): Samples {
  return sampleInTurn([action], budget)[0];
}

/**
 * The samples of several actions run in turn, one run of each per round, so that a machine that
 * slows down or speeds up while they are measured affects them alike; each round starts with
 * the next action, so that none always runs after the same one (and meets its garbage). Warm-up
 * and budget count rounds; each run of an action gets its own `run` number, counted over all
 * actions.
 */
export function sampleInTurn(actions: Array<(run: number) => void>, budget: Budget): Samples[] {
  let run = 0;
  const warming = performance.now();
  const warm = (round: number): boolean =>
    round < budget.warmupRuns || performance.now() - warming < (budget.warmupMs ?? 0);
  for (let round = 0; warm(round); round++) for (const action of actions) action(run++);

  const samples: Samples[] = actions.map(() => ({ wallMs: [], cpuMs: [] }));
  const started = performance.now();
  const more = (round: number): boolean =>
    round < budget.minRuns || performance.now() - started < budget.minMs;
  for (let round = 0; more(round); round++) {
    actions.forEach((_, turn) => {
      const index = (round + turn) % actions.length;
      const action = actions[index];
      const cpu = process.cpuUsage();
      const before = performance.now();
      action(run++);
      samples[index].wallMs.push(performance.now() - before);
      const used = process.cpuUsage(cpu);
      samples[index].cpuMs.push((used.user + used.system) / 1000);
    });
  }
  return samples;
}

const TICK_MS = 10;

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces. */
function statFields(pid: number | 'self'): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time of a running process (user + system), in ms at the kernel's 10 ms tick. */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU time of this process's finished, waited-for children and their descendants. */
export function childrenCpuMs(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}
