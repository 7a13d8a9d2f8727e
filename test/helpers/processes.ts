import * as fs from 'node:fs';

/** True while the process runs; a zombie (ended, not yet collected by its parent) has ended. */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
  // The container's init may never collect orphaned zombies: they stay listed, in state Z.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
