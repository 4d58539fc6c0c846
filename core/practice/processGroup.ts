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
 * ones that left the run's process group included. Only on Linux, where `/proc` shows the
 * environment each process started with; elsewhere the group kill is all there is.
 */
export function killRun(run: string): void {
  if (process.platform !== 'linux') return;
  const mark = Buffer.from(`${RUN_VARIABLE}=${run}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    let environment: Buffer;
    try {
      environment = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // Another user's process, or one that ended since the listing.
    }
    if (!carries(environment, mark)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // It ended meanwhile.
    }
  }
}

/** Whether an environment block (NUL-separated `NAME=value` entries) holds `entry`. */
function carries(environment: Buffer, entry: Buffer): boolean {
  for (let at = environment.indexOf(entry); at >= 0; at = environment.indexOf(entry, at + 1)) {
    if (at === 0 || environment[at - 1] === 0) return true;
  }
  return false;
}
