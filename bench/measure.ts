/**
 * Whole-process measurement for the benchmarks: a command's wall time and its peak memory summed
 * over its process tree.
 *
 * While the command runs, /proc is polled every few milliseconds: the root process and every
 * descendant (found through /proc/<pid>/task/<tid>/children) has its VmHWM (the process's own peak
 * resident set) read from /proc/<pid>/status; each process's highest reading is kept, and the peak
 * of the tree is their sum. A process that lives less than one poll interval may be missed, and
 * processes that did not overlap in time are still added: the figure is an upper bound of what
 * the tree held at once, and the figure a user's machine has to have free. Linux only.
 *
 * Where GNU time is installed (`/usr/bin/time`), the command runs under it: the root process's
 * peak is then its exact maximum resident set as the kernel reports it at exit, and only its
 * descendants are polled, every 25 ms. Polling every few milliseconds on a 2-core machine took
 * CPU from the measured process: a 0.5 s synth measured 0.55-0.78 s polled every 4 ms, 0.50 s
 * every 50 ms. Without GNU time the whole tree is polled every `pollMs`.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/** One run of a command. */
export interface ProcessRun {
  /** Wall time from spawn to exit, in milliseconds. */
  readonly ms: number;
  /** The sum of each process's peak resident set (VmHWM), in MB (2^20 bytes). */
  readonly rssMb: number;
  /** How many processes the tree had (the root included). */
  readonly processes: number;
  /** Exit code (null when a signal ended it). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run a measured command. */
export interface MeasureOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Poll interval in milliseconds. @default 4 */
  readonly pollMs?: number;
  /** Exit codes that are not failures. @default [0] */
  readonly okCodes?: readonly number[];
  /** Keep stdout (otherwise it is read and dropped: a big template on a pipe costs the same either way). @default false */
  readonly keepStdout?: boolean;
}

/** VmHWM of a process in kB, or undefined when it is gone (or a zombie, which has none). */
function peakKb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The children of every thread of a process. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) if (c.trim()) out.push(Number(c));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** GNU time (`/usr/bin/time` that takes `-f` and `-o`), where installed. */
const GNU_TIME = ((): string | undefined => {
  if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr) ? '/usr/bin/time' : undefined;
})();
let runs = 0;

/**
 * Runs `command args` and measures it; throws when it exits with a code not in `okCodes`
 * (with the end of its stderr).
 */
export function measure(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<ProcessRun> {
  const okCodes = options.okCodes ?? [0];
  const timed = GNU_TIME !== undefined;
  const rootFile = timed ? path.join(os.tmpdir(), `lambdaform-measure-${process.pid}-${++runs}.txt`) : undefined;
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const [cmd, argv] = timed ? [GNU_TIME!, ['-f', '%M', '-o', rootFile!, command, ...args]] : [command, [...args]];
    const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const peaks = new Map<number, number>();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      if (options.keepStdout) stdout.push(b);
    });
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    const poll = (): void => {
      if (child.pid === undefined) return;
      const seen = new Set<number>();
      // Under GNU time: the measured process is time's child, whose peak time reports; its descendants are polled.
      const todo = timed ? childrenOf(child.pid).flatMap((root) => childrenOf(root)) : [child.pid];
      while (todo.length) {
        const pid = todo.pop()!;
        if (seen.has(pid)) continue;
        seen.add(pid);
        const kb = peakKb(pid);
        if (kb !== undefined && kb > (peaks.get(pid) ?? 0)) peaks.set(pid, kb);
        todo.push(...childrenOf(pid));
      }
    };
    poll();
    const timer = setInterval(poll, options.pollMs ?? (timed ? 25 : 4));
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    // 'exit' comes before the zombie is reaped: one last reading of the root is still possible on some kernels; 'close' waits for the pipes.
    child.on('exit', () => poll());
    child.on('close', (code) => {
      const ms = performance.now() - t;
      clearInterval(timer);
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === null || !okCodes.includes(code)) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? 'a signal'}:\n${err.slice(-2000)}`));
        return;
      }
      let kb = 0;
      for (const v of peaks.values()) kb += v;
      let processes = peaks.size;
      if (rootFile !== undefined) {
        const text = fs.existsSync(rootFile) ? fs.readFileSync(rootFile, 'utf8') : '';
        fs.rmSync(rootFile, { force: true });
        const root = /(\d+)\s*$/.exec(text);
        if (!root) {
          reject(new Error(`GNU time wrote no maximum resident set for ${command} ${args.join(' ')}: ${JSON.stringify(text)}`));
          return;
        }
        kb += Number(root[1]);
        processes++;
      }
      resolve({ ms, rssMb: kb / 1024, processes, code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: err });
    });
  });
}

/** The median of some numbers (the lower middle for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}
