// Stopping what an app started: its process group (an app in a process of its own) or the
// processes started by an app run in the CLI's process.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/** How long a stopped app gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2000;

/** Stops a process group: SIGTERM, then SIGKILL for what is left after the grace period. */
export async function stopGroup(pgid: number | undefined): Promise<void> {
  if (pgid === undefined) return;
  signalGroup(pgid, 'SIGTERM');
  if (await groupGone(pgid, KILL_GRACE_MS)) return;
  signalGroup(pgid, 'SIGKILL');
  await groupGone(pgid, 1000);
}

export function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Waits up to `ms` for the group to end; true when it did. */
async function groupGone(pgid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Whether a process of the group still runs. Zombies (ended, waiting for a parent to collect
 * them, which an init process in a container may never do) are ended: on Linux, the group's
 * members are looked up in /proc.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  if (!fs.existsSync('/proc/self')) return true;
  return safeReaddir('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    const f = statFields(entry); // undefined: ended meanwhile
    return f !== undefined && f.pgrp === pgid && f.state !== 'Z' && f.state !== 'X';
  });
}


/** The processes this process started, and theirs, recursively (an app run in this process may start some). */
export function descendants(pid = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const [child, parent] of parentsOf()) {
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** [pid, parent pid] of every live process: /proc on Linux, `ps` elsewhere. */
function parentsOf(): Array<[number, number]> {
  if (process.platform === 'linux') {
    const out: Array<[number, number]> = [];
    for (const entry of safeReaddir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = statFields(entry);
      if (fields && fields.state !== 'Z' && fields.state !== 'X') out.push([Number(entry), fields.ppid]);
    }
    return out;
  }
  try {
    return execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter((f): f is [number, number] => f.length === 2 && f.every(Number.isInteger));
  } catch {
    return [];
  }
}

/** Stops processes: SIGTERM, then SIGKILL for those left after the grace period. */
export async function stopProcesses(pids: readonly number[]): Promise<void> {
  const signal = (s: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, s);
      } catch {
        // ESRCH: gone already.
      }
    }
  };
  const alive = (): boolean => pids.some((pid) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    return process.platform !== 'linux' || (statFields(String(pid))?.state ?? 'X') !== 'Z';
  });
  if (pids.length === 0) return;
  signal('SIGTERM');
  for (const end = Date.now() + KILL_GRACE_MS; alive() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  if (alive()) signal('SIGKILL');
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** State, parent and process group of a process, from /proc/<pid>/stat; undefined when it is gone. */
function statFields(pid: string): { state: string; ppid: number; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
  const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: state!, ppid: Number(ppid), pgrp: Number(pgrp) };
}
