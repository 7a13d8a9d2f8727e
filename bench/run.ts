/**
 * `npm run bench`: the benchmark app (bench/generate.ts, split into stacks of at most 50 units:
 * BENCH_SPLIT=1, as lambdaform refuses a stack over 500 resources) at N = 10, 100, 300, 1000 and
 * 2000 units (BENCH_SIZES=10,100 to choose), each figure the median of BENCH_RUNS (default 5)
 * runs after one warm-up; the sizes are interleaved (each repetition runs every size), so that a
 * change in the machine's speed during the run does not fall on the largest sizes alone and skew
 * the growth ratios:
 *
 * - whole process, as a user runs it (bench/project.ts: the compiled package in a project of its
 *   own), wall time and peak RSS summed over the process tree (bench/measure.ts):
 *   `lambdaform synth --format cfn|sam|plan --no-lint`, `synth --format cfn` with its lint,
 *   `lambdaform lint --app generate.ts`, and `lambdaform lint out-cfn-<N>` (the directory of the
 *   CloudFormation templates `synth --format cfn` wrote: every stack's template, as a user lints
 *   a synth output or a cdk.out);
 * - in process (bench/stages.ts, a fresh process a run, modules loaded first): constructs, model,
 *   lint, cfn, sam, plan, yaml, import; and lintInSynth (the linter as `synth --format cfn` runs
 *   it, handed the templates synth rendered: in a second process, `BENCH_STAGES=synth-lint`);
 * - the local runtime (bench/local.ts --json): SQS messages per second at batch 10 and 1, in
 *   worker threads and in process, in one process: each configuration's first run (V8 has not yet
 *   optimized the runtime's code), then BENCH_RUNS more whose median is the steady rate; and a
 *   6-hour scenario's wall time, a process a run (BENCH_LOCAL=0 skips them, BENCH_MESSAGES
 *   changes the message count).
 *
 * It prints one table and the growth ratios time(2000)/time(1000), and writes bench/results.json
 * (machine, settings, every raw run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { measure, median, type ProcessRun } from './measure.js';
import { COMPILED_CLI, ROOT, ensureBuild, makeUserProject, type UserProject } from './project.js';
import type { StageTimes } from './stages.js';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,300,1000,2000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LOCAL = process.env.BENCH_LOCAL !== '0';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const RESULTS = path.join(ROOT, 'bench', 'results.json');
const RUN_TS = path.join(ROOT, 'bin', 'run-ts.mjs');

/**
 * The whole-process measures: name, CLI arguments at N units. Each N writes and lints its own
 * output directories (a synth does not delete the templates of stacks an earlier, larger app had).
 */
const COMMANDS: ReadonlyArray<readonly [string, (n: number) => readonly string[]]> = [
  ['synth cfn', (n) => ['synth', '--app', 'generate.ts', '--format', 'cfn', '--no-lint', '--out', `out-cfn-${n}`]],
  ['synth cfn + lint', (n) => ['synth', '--app', 'generate.ts', '--format', 'cfn', '--out', `out-cfn-lint-${n}`]],
  ['synth sam', (n) => ['synth', '--app', 'generate.ts', '--format', 'sam', '--no-lint', '--out', `out-sam-${n}`]],
  ['synth plan', (n) => ['synth', '--app', 'generate.ts', '--format', 'plan', '--no-lint', '--out', `out-plan-${n}`]],
  ['lint app', () => ['lint', '--app', 'generate.ts', '--fail-on', 'none']],
  ['lint templates', (n) => ['lint', `out-cfn-${n}`, '--fail-on', 'none']],
];
const STAGES = ['constructs', 'model', 'lint', 'lintInSynth', 'cfn', 'sam', 'plan', 'yaml', 'import'] as const;

type RawRun = Omit<ProcessRun, 'stdout' | 'stderr'>;
interface WholeResult {
  readonly runs: RawRun[];
  readonly warmup: RawRun;
  readonly medianMs: number;
  readonly medianRssMb: number;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function raw(r: ProcessRun): RawRun {
  return { ms: r.ms, rssMb: r.rssMb, processes: r.processes, code: r.code };
}

/**
 * Checks that the user's project runs the compiled package: the app reports what `lambdaform`
 * resolves to, and (with strace) no TypeScript file of lib/ is opened.
 */
function checkCompiled(): { resolved: string; libTsOpened: number | null; distOpened: number | null } {
  const check = makeUserProject(`\nprocess.stderr.write(\`bench-check: lambdaform resolves to \${import.meta.resolve('lambdaform')}\\n\`);\n`);
  try {
    const env = { ...process.env, BENCH_N: '10', BENCH_SPLIT: '1' };
    const args = [COMPILED_CLI, 'synth', '--app', check.app, '--format', 'cfn', '--no-lint', '--out', 'out'];
    const hasStrace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
    const trace = path.join(check.dir, 'strace.txt');
    const r = hasStrace
      ? spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', trace, process.execPath, ...args], { cwd: check.dir, env, encoding: 'utf8' })
      : spawnSync(process.execPath, args, { cwd: check.dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the check run failed: ${r.stderr}`);
    const resolved = /bench-check: lambdaform resolves to (\S+)/.exec(r.stderr)?.[1] ?? '(not printed)';
    let libTsOpened: number | null = null;
    let distOpened: number | null = null;
    if (hasStrace) {
      const text = fs.readFileSync(trace, 'utf8');
      const count = (re: RegExp) => text.split('\n').filter((l) => re.test(l) && !/ENOENT/.test(l)).length;
      const esc = ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      libTsOpened = count(new RegExp(`"${esc}/lib/[^"]*\\.ts"`));
      distOpened = count(new RegExp(`"${esc}/dist/[^"]*\\.js"`));
    }
    if (!resolved.includes('/dist/lib/index.js') || (libTsOpened ?? 0) > 0) {
      throw new Error(`the user's project does not run the compiled package: lambdaform resolves to ${resolved}, ${libTsOpened} TypeScript files of lib/ opened`);
    }
    return { resolved, libTsOpened, distOpened };
  } finally {
    check.remove();
  }
}

/**
 * The whole-process measures of every size, interleaved: each repetition runs every command at
 * every size once (the first repetition is the warm-up), so a drift in the machine's speed spreads
 * over all sizes and commands instead of landing on the last size (and on the growth ratios).
 */
async function wholeProcess(project: UserProject, sizes: readonly number[]): Promise<Record<number, Record<string, WholeResult>>> {
  const runs: Record<number, Record<string, ProcessRun[]>> = Object.fromEntries(sizes.map((n) => [n, Object.fromEntries(COMMANDS.map(([name]) => [name, []]))]));
  for (let rep = 0; rep <= RUNS; rep++) {
    for (const n of sizes) {
      const env = { ...process.env, BENCH_N: String(n), BENCH_SPLIT: '1', NO_COLOR: '1' };
      for (const [name, args] of COMMANDS) {
        const r = await measure(process.execPath, [COMPILED_CLI, ...args(n)], { cwd: project.dir, env });
        runs[n]![name]!.push(r);
        log(`  N=${n} ${rep === 0 ? 'warm-up' : `run ${rep}`}: ${name} ${r.ms.toFixed(0)} ms, ${r.rssMb.toFixed(0)} MB (${r.processes} process${r.processes === 1 ? '' : 'es'})`);
      }
    }
  }
  const out: Record<number, Record<string, WholeResult>> = {};
  for (const n of sizes) {
    out[n] = {};
    for (const [name] of COMMANDS) {
      const [warm, ...measured] = runs[n]![name]!;
      out[n][name] = { warmup: raw(warm!), runs: measured.map(raw), medianMs: median(measured.map((r) => r.ms)), medianRssMb: median(measured.map((r) => r.rssMb)) };
    }
  }
  return out;
}

/** The in-process stage times of every size, interleaved as `wholeProcess` runs them (a fresh process a run). */
async function inProcess(sizes: readonly number[]): Promise<Record<number, { runs: StageTimes[]; median: Record<string, number> }>> {
  const runs: Record<number, StageTimes[]> = Object.fromEntries(sizes.map((n) => [n, []]));
  const stagesOf = async (n: number, only?: string): Promise<StageTimes> => {
    const env = { ...process.env, BENCH_SPLIT: '1', ...(only ? { BENCH_STAGES: only } : {}) };
    const r = await measure(process.execPath, [RUN_TS, path.join(ROOT, 'bench', 'stages.ts'), String(n)], { cwd: ROOT, env, keepStdout: true });
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as StageTimes;
  };
  for (let rep = 0; rep <= RUNS; rep++) {
    for (const n of sizes) {
      // The linter as synth runs it is timed in a process of its own, where it runs cold, as in synth.
      const times = { ...(await stagesOf(n)), lintInSynth: (await stagesOf(n, 'synth-lint')).lintInSynth };
      log(`  N=${n} ${rep === 0 ? 'warm-up' : `run ${rep}`}: stages ${STAGES.map((s) => `${s} ${times[s].toFixed(0)}`).join(', ')} ms`);
      if (rep > 0) runs[n]!.push(times);
    }
  }
  return Object.fromEntries(
    sizes.map((n) => [n, { runs: runs[n]!, median: Object.fromEntries([...STAGES, 'tsMorphLoad'].map((s) => [s, median(runs[n]!.map((t) => t[s as keyof StageTimes] as number))])) }]),
  );
}

/** What `bench/local.ts --json` prints (the fields read here; rates in messages per second). */
interface LocalJson {
  readonly messages?: number;
  readonly throughput?: Record<string, { workers?: number; inProcess?: number | null }>;
  readonly throughputFirst?: Record<string, { workers?: number; inProcess?: number | null }>;
  readonly throughputRuns?: Record<string, { workers?: number[]; inProcess?: number[] }>;
  readonly sixHours?: Record<string, number>;
}

/** One throughput figure of the local runtime. */
interface Throughput {
  readonly messages: number;
  readonly batchSize: number;
  readonly mode: 'worker-threads' | 'in-process';
  /** Messages per second of the first run in the process (V8 has not optimized the runtime's code yet). */
  readonly first: number | null;
  /** Messages per second of each run after the first, in the same process; empty when not reported. */
  readonly runs: readonly number[];
  /** The steady rate: the median of `runs`. */
  readonly median: number | null;
  readonly note?: string;
}

/** What `npm run bench` reports of the local runtime. */
interface LocalFigures {
  /** What measured them. */
  readonly source?: string;
  readonly throughput: readonly Throughput[];
  /** Wall milliseconds of each 6-hour scenario run (after the warm-up). */
  readonly sixHoursRuns: readonly number[];
  readonly sixHoursMedian: number;
}

/**
 * The local runtime's figures from `bench/local.ts --json`: the throughput in one process (each
 * configuration's first run, then RUNS more, whose median is the steady rate), and the 6-hour
 * scenarios in a fresh process a run (a warm-up, then RUNS).
 */
async function local(): Promise<LocalFigures & { raw?: LocalJson[] }> {
  const localTs = path.join(ROOT, 'bench', 'local.ts');
  const run = async (only: string): Promise<LocalJson> => {
    const r = await measure(process.execPath, [RUN_TS, localTs, '--json', '--only', only], { cwd: ROOT, env: { ...process.env, BENCH_MESSAGES: String(MESSAGES), BENCH_THROUGHPUT_RUNS: String(RUNS) }, keepStdout: true });
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as LocalJson;
  };
  const t = await run('throughput');
  log(`  local throughput: first runs ${JSON.stringify(t.throughputFirst)}; steady ${JSON.stringify(t.throughput)}`);
  const docs: LocalJson[] = [t];
  const six: number[] = [];
  for (let rep = 0; rep <= RUNS; rep++) {
    const doc = await run('sixHours');
    log(`  local 6 hours ${rep === 0 ? 'warm-up' : `run ${rep}`}: ${JSON.stringify(doc.sixHours)}`);
    if (rep === 0) continue;
    docs.push(doc);
    // The sqs-worker example's 6 hours, as the issue names it; every example's is in `raw`.
    six.push(doc.sixHours?.['sqs-worker'] ?? Object.values(doc.sixHours ?? {}).reduce((a, b) => Math.max(a, b), 0));
  }
  const throughput = [10, 1].flatMap((batchSize) =>
    (['workers', 'inProcess'] as const).map((key) => {
      const runs = t.throughputRuns?.[`batch${batchSize}`]?.[key] ?? [];
      const first = t.throughputFirst?.[`batch${batchSize}`]?.[key] ?? null;
      return { messages: MESSAGES, batchSize, mode: key === 'workers' ? ('worker-threads' as const) : ('in-process' as const), first, runs, median: runs.length ? median(runs) : null, ...(runs.length ? {} : { note: 'n/a (not reported)' }) };
    }),
  );
  return { source: 'bench/local.ts --json --only throughput (one process), --only sixHours (a process a run)', throughput, sixHoursRuns: six, sixHoursMedian: median(six), raw: docs };
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

ensureBuild(log);
const compiled = checkCompiled();
log(`bench: the user's project runs the compiled package: lambdaform resolves to ${compiled.resolved}` + (compiled.libTsOpened === null ? ' (strace not found: files opened not checked)' : `; strace: ${compiled.distOpened} files of dist/ opened, ${compiled.libTsOpened} TypeScript files of lib/`));

const project = makeUserProject();
let whole: Record<number, Record<string, WholeResult>>;
let stages: Awaited<ReturnType<typeof inProcess>>;
const meta: Record<number, { stacks: number; resources: number }> = {};
try {
  log(`bench: whole process, N = ${SIZES.join(', ')} interleaved`);
  whole = await wholeProcess(project, SIZES);
  log(`bench: in process, N = ${SIZES.join(', ')} interleaved`);
  stages = await inProcess(SIZES);
  for (const n of SIZES) meta[n] = { stacks: stages[n]!.runs[0]!.stacks, resources: stages[n]!.runs[0]!.resources };
} finally {
  project.remove();
}
const localFigures = LOCAL ? (log('bench: local runtime'), await local()) : undefined;

// The table: one row per measure, one column per N.
const header = ['units N', ...SIZES.map(String)];
const rows: string[][] = [
  ['resources (stacks)', ...SIZES.map((n) => `${meta[n]!.resources} (${meta[n]!.stacks})`)],
  ...COMMANDS.map(([name]) => [`${name} (ms / MB)`, ...SIZES.map((n) => `${whole[n]![name]!.medianMs.toFixed(0)} / ${whole[n]![name]!.medianRssMb.toFixed(0)}`)]),
  ...STAGES.map((s) => [`in-process ${s} (ms)`, ...SIZES.map((n) => stages[n]!.median[s]!.toFixed(0))]),
];
const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
const lines: string[] = [];
lines.push(`lambdaform, bench/generate.ts split in stacks of at most 50 units (BENCH_SPLIT=1), median of ${RUNS} after a warm-up; whole process: compiled package, wall ms / peak RSS MB summed over the process tree`);
lines.push(pad(header, widths));
for (const r of rows) lines.push(pad(r, widths));

const growth: Record<string, number> = {};
if (SIZES.includes(1000) && SIZES.includes(2000)) {
  for (const name of ['synth cfn', 'synth sam', 'lint app', 'lint templates']) growth[`whole ${name}`] = whole[2000]![name]!.medianMs / whole[1000]![name]!.medianMs;
  for (const s of ['cfn', 'sam', 'lint', 'lintInSynth', 'import'] as const) growth[`in-process ${s}`] = stages[2000]!.median[s]! / stages[1000]!.median[s]!;
  lines.push('');
  lines.push(`growth time(2000)/time(1000) (target <= 2.0): ${Object.entries(growth).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
}
if (localFigures) {
  lines.push('');
  lines.push(`local runtime, ${MESSAGES.toLocaleString('en-US')} SQS messages through a trivial handler on the simulated clock (messages/s): steady, the median of ${RUNS} runs after a first run in the same process; and that first run`);
  for (const t of localFigures.throughput) lines.push(`  batch ${String(t.batchSize).padEnd(2)} ${t.mode.padEnd(14)} steady ${t.median === null ? t.note ?? 'n/a' : Math.round(t.median).toLocaleString('en-US')}, first run ${t.first === null ? 'n/a' : Math.round(t.first).toLocaleString('en-US')}`);
  lines.push(`  6-hour scenario (examples/sqs-worker): ${localFigures.sixHoursMedian.toFixed(0)} ms wall`);
}
console.log(lines.join('\n'));

const results = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString() },
  settings: { sizes: SIZES, runs: RUNS, split: 'BENCH_SPLIT=1 (at most 50 units a stack)', messages: MESSAGES, cli: 'node dist/bin/lambdaform.js, in a user project (bench/project.ts)' },
  compiledCheck: compiled,
  apps: meta,
  wholeProcess: whole,
  inProcess: stages,
  growth,
  local: localFigures ?? null,
  table: lines.join('\n'),
};
fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
log(`bench: wrote ${path.relative(process.cwd(), RESULTS)}`);
