// Ending a child process together with everything it started: the child runs in a process
// group of its own (a job on Windows), and the whole group is killed. On Linux, what left the
// group (`setsid`, `start_new_session=True`) is found by a mark in its environment.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kills the child's whole process group (or tree on Windows); a gone group is not an error. */
export function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: every process of the group has already ended.
  }
}

/**
 * The environment variable that names the run a process belongs to. Every process the program
 * starts inherits it, unless it is started with an environment of its own.
 */
export const RUN_VARIABLE = 'ML_PRACTICE_RUN';

let runsStarted = 0;

/** A name for a new run, used by no other run on this machine. */
export function newRunName(): string {
  return `${process.pid}.${++runsStarted}.${Date.now()}`;
}

/**
 * Kills every process that carries `run`'s name in its environment (see RUN_VARIABLE), the
 * ones that left the run's process group included, with the process group each of them is in:
 * that takes the processes it started with an environment of their own, and one that keeps
 * forking and exiting, which has a new process id by the time it is killed but stays in its
 * group. Only on Linux, where `/proc` shows each process's environment; elsewhere the group
 * kill is all there is.
 */
export function killRun(run: string): void {
  if (process.platform !== 'linux') return;
  const mark = Buffer.from(`${RUN_VARIABLE}=${run}\0`);
  const ownGroup = groupOf(process.pid);
  for (const pid of processIds()) {
    if (pid === process.pid || !carries(environmentOf(pid), mark)) continue;
    // A process can only join a group of its own session, and the run made those sessions.
    const group = groupOf(pid);
    if (group !== undefined && group > 1 && group !== ownGroup) signal(-group);
    signal(pid);
  }
}

function processIds(): number[] {
  try {
    return readdirSync('/proc')
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

/** The environment a process shows in `/proc`; empty for another user's or an ended one. */
function environmentOf(pid: number): Buffer {
  try {
    return readFileSync(`/proc/${pid}/environ`);
  } catch {
    return EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);

/** The process group of a process, from `/proc/PID/stat`; undefined once it has ended. */
function groupOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name, in parentheses, may hold spaces and parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const group = Number(fields[2]);
  return Number.isInteger(group) ? group : undefined;
}

/** SIGKILL to a process, or to a group for a negative id; one that has ended is no error. */
function signal(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // ESRCH: it ended meanwhile.
  }
}

/** Whether an environment block (NUL-separated `NAME=value` entries) holds `entry`. */
function carries(environment: Buffer, entry: Buffer): boolean {
  for (let at = environment.indexOf(entry); at >= 0; at = environment.indexOf(entry, at + 1)) {
    if (at === 0 || environment[at - 1] === 0) return true;
  }
  return false;
}
