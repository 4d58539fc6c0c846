// Ending a child process together with everything it started: the child runs in a process
// group of its own (a job on Windows), and the whole group is killed.
import { spawnSync, type ChildProcess } from 'node:child_process';

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
