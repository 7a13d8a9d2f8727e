/**
 * `npm run bench:cdk`: the benchmark app (bench/generate.ts) with lambdaform and with the real
 * AWS CDK (aws-cdk-lib 2.276.0, installed into bench/cdk/ by this script: its own package.json,
 * never a dependency of lambdaform), timed in one interleaved loop so the ratios come from one run
 * on one machine: for each N, for each repetition, lambdaform, then CDK with validation off, then
 * CDK with validation on.
 *
 * - lambdaform: `node dist/bin/lambdaform.js synth --app generate.ts --format cfn --no-lint --out
 *   out-cfn-<N>`, whole process, in a user's project (bench/project.ts: the compiled package);
 * - CDK: the same file with its import specifiers `lambdaform` → `aws-cdk-lib`, compiled to
 *   JavaScript once (esbuild's transform: no ts-node/tsx in the timing), run as `node app.mjs`
 *   with CDK_OUTDIR a fresh temporary directory (the app process only: `cdk synth` adds its CLI).
 *   "Validation off" calls `app.synth({ skipValidation: true })` (no construct's `node.validate()`)
 *   with CDK_VALIDATION=false in the environment (no built-in CloudFormation validation plugin:
 *   aws-cdk-lib 2.276 checks every template with @aws/cloudformation-validate, WebAssembly, after
 *   synthesis, which `skipValidation` does not turn off; `cdk synth --no-validation` sets it);
 *   "validation on" is CDK's default, `app.synth()` with both.
 *
 * Both run the split app (BENCH_SPLIT=1: at most 50 units, 378 resources, a stack), as
 * lambdaform refuses a stack over 500 resources. Sizes: BENCH_CDK_SIZES (default 10,100,1000,2000);
 * BENCH_RUNS (default 3) runs after a warm-up; CDK with validation on runs BENCH_CDK_ON_LARGE_RUNS
 * times (default 1, no warm-up) at N >= 1000 and not at all at N >= 2000, as it takes most of a
 * minute there. Writes bench/results-cdk.json.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { cdkSource } from './cdk-source.js';
import { measure, median, type ProcessRun } from './measure.js';
import { COMPILED_CLI, ROOT, ensureBuild, makeUserProject } from './project.js';

const CDK_DIR = path.join(ROOT, 'bench', 'cdk');
const SIZES = (process.env.BENCH_CDK_SIZES ?? '10,100,1000,2000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ON_LARGE_RUNS = Number(process.env.BENCH_CDK_ON_LARGE_RUNS ?? 1);
const RESULTS = path.join(ROOT, 'bench', 'results-cdk.json');
const KINDS = ['lambdaform', 'cdk-off', 'cdk-on'] as const;
type Kind = (typeof KINDS)[number];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Installs aws-cdk-lib and constructs into bench/cdk/ (from its package-lock.json) when they are not there. */
function ensureCdk(): void {
  if (fs.existsSync(path.join(CDK_DIR, 'node_modules', 'aws-cdk-lib', 'package.json'))) return;
  const lock = fs.existsSync(path.join(CDK_DIR, 'package-lock.json'));
  log(`bench:cdk: installing aws-cdk-lib into bench/cdk (npm ${lock ? 'ci' : 'install'})`);
  execFileSync('npm', [lock ? 'ci' : 'install', '--prefix', CDK_DIR, '--no-audit', '--no-fund'], { cwd: CDK_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** A folder with the CDK copy (app.mjs), the app's asset and layer, and node_modules from bench/cdk. */
function makeCdkProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-cdk-'));
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-cdk-app', private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'app.mjs'), cdkSource(fs.readFileSync(path.join(ROOT, 'bench', 'generate.ts'), 'utf8')));
  fs.cpSync(path.join(ROOT, 'bench', 'app'), path.join(dir, 'app'), { recursive: true });
  fs.symlinkSync(path.join(CDK_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Resources per type over the templates of a directory (CDK's *.template.json, lambdaform's *.template.yaml). */
function countTypes(dir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of fs.readdirSync(dir)) {
    if (!/\.template\.(json|yaml)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    // Short-form tags (!Ref, !GetAtt, ...) are read as plain values: only the types are counted.
    const t = (f.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { customTags: (tags) => tags, logLevel: 'silent' })) as { Resources: Record<string, { Type: string }> };
    for (const r of Object.values(t.Resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  }
  return counts;
}

type RawRun = Omit<ProcessRun, 'stdout' | 'stderr'>;
const raw = (r: ProcessRun): RawRun => ({ ms: r.ms, rssMb: r.rssMb, processes: r.processes, code: r.code });

ensureCdk();
ensureBuild(log);
const cdkVersion = (JSON.parse(fs.readFileSync(path.join(CDK_DIR, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')) as { version: string }).version;
const user = makeUserProject();
const cdk = makeCdkProject();
const results: Record<number, Record<Kind, { runs: RawRun[]; warmup?: RawRun; medianMs?: number; medianRssMb?: number }>> = {};
let typeCounts: { n: number; lambdaform: Record<string, number>; cdk: Record<string, number> } | undefined;

/** One run of one kind at N; the CDK out directory is made before and removed after, outside the timing. */
async function runOnce(kind: Kind, n: number, keepOut?: (dir: string) => void): Promise<ProcessRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_N: String(n), BENCH_SPLIT: '1', NO_COLOR: '1' };
  if (kind === 'lambdaform') {
    // Each N its own directory, as bench/run.ts: synth leaves the templates of stacks a larger N had, which the resource count would read.
    const out = `out-cfn-${n}`;
    const r = await measure(process.execPath, [COMPILED_CLI, 'synth', '--app', 'generate.ts', '--format', 'cfn', '--no-lint', '--out', out], { cwd: user.dir, env });
    keepOut?.(path.join(user.dir, out));
    return r;
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-cdk-out-'));
  try {
    // Off: construct validation skipped (skipValidation) and the built-in CloudFormation validation plugin off (CDK_VALIDATION=false, as `cdk synth --no-validation`).
    const { CDK_VALIDATION: _, ...rest } = env;
    const cdkEnv = kind === 'cdk-on' ? { ...rest, BENCH_CDK_VALIDATION: 'on' } : { ...rest, BENCH_CDK_VALIDATION: 'off', CDK_VALIDATION: 'false' };
    const r = await measure(process.execPath, ['app.mjs'], { cwd: cdk, env: { ...cdkEnv, CDK_OUTDIR: out } });
    keepOut?.(out);
    return r;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

try {
  for (const n of SIZES) {
    log(`bench:cdk: N=${n}`);
    const runs: Record<Kind, ProcessRun[]> = { lambdaform: [], 'cdk-off': [], 'cdk-on': [] };
    let warm: Partial<Record<Kind, ProcessRun>> = {};
    // The resource types are counted once, on the warm-up runs of the first N of at least 100.
    const countHere = typeCounts === undefined && n >= 100;
    for (let rep = 0; rep <= RUNS; rep++) {
      for (const kind of KINDS) {
        if (kind === 'cdk-on' && n >= 2000) continue;
        // Validation on at N >= 1000: most of a minute a run; no warm-up and BENCH_CDK_ON_LARGE_RUNS runs.
        if (kind === 'cdk-on' && n >= 1000 && (rep === 0 || rep > ON_LARGE_RUNS)) continue;
        const counting = countHere && rep === 0 && kind !== 'cdk-on';
        const r = await runOnce(kind, n, counting ? (dir) => {
          if (kind === 'lambdaform') typeCounts = { n, lambdaform: countTypes(dir), cdk: {} };
          else typeCounts!.cdk = countTypes(dir);
        } : undefined);
        log(`  N=${n} ${rep === 0 ? 'warm-up' : `run ${rep}`}: ${kind} ${r.ms.toFixed(0)} ms, ${r.rssMb.toFixed(0)} MB`);
        if (rep === 0) warm[kind] = r;
        else runs[kind].push(r);
      }
    }
    results[n] = Object.fromEntries(
      KINDS.map((k) => [k, { warmup: warm[k] && raw(warm[k]!), runs: runs[k].map(raw), medianMs: runs[k].length ? median(runs[k].map((r) => r.ms)) : undefined, medianRssMb: runs[k].length ? median(runs[k].map((r) => r.rssMb)) : undefined }]),
    ) as (typeof results)[number];
    warm = {};
  }
} finally {
  fs.rmSync(user.dir, { recursive: true, force: true });
  fs.rmSync(cdk, { recursive: true, force: true });
}

const lines: string[] = [];
const fmt = (ms?: number, mb?: number) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s / ${mb!.toFixed(0)} MB`);
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}x`);
lines.push(`lambdaform vs aws-cdk-lib ${cdkVersion}, bench/generate.ts split in stacks of at most 50 units (BENCH_SPLIT=1), interleaved, whole process wall time / peak RSS summed over the process tree, median of ${RUNS} after a warm-up (CDK validation on at N >= 1000: ${ON_LARGE_RUNS} run${ON_LARGE_RUNS === 1 ? '' : 's'}, no warm-up)`);
lines.push('lambdaform: node dist/bin/lambdaform.js synth --format cfn --no-lint (user project, compiled package); CDK: node app.mjs (app process only, no CDK CLI)');
const header = ['N', 'lambdaform cfn', 'CDK validation off', 'CDK validation on', 'CDK off / lf', 'CDK on / lf', 'RSS CDK off / lf', 'RSS CDK on / lf'];
const rows = SIZES.map((n) => {
  const r = results[n]!;
  return [String(n), fmt(r.lambdaform.medianMs, r.lambdaform.medianRssMb), fmt(r['cdk-off'].medianMs, r['cdk-off'].medianRssMb), fmt(r['cdk-on'].medianMs, r['cdk-on'].medianRssMb), ratio(r['cdk-off'].medianMs, r.lambdaform.medianMs), ratio(r['cdk-on'].medianMs, r.lambdaform.medianMs), ratio(r['cdk-off'].medianRssMb, r.lambdaform.medianRssMb), ratio(r['cdk-on'].medianRssMb, r.lambdaform.medianRssMb)];
});
lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`));
if (typeCounts) {
  const tc = typeCounts as NonNullable<typeof typeCounts>;
  lines.push('', `resources per type at N=${tc.n} (all stacks): type, lambdaform, CDK`);
  const types = [...new Set([...Object.keys(tc.lambdaform), ...Object.keys(tc.cdk)])].sort();
  for (const t of types) lines.push(`  ${t.padEnd(40)} ${String(tc.lambdaform[t] ?? 0).padStart(6)} ${String(tc.cdk[t] ?? 0).padStart(6)}${(tc.lambdaform[t] ?? 0) === (tc.cdk[t] ?? 0) ? '' : '   <- differs'}`);
}
console.log(lines.join('\n'));
fs.writeFileSync(
  RESULTS,
  `${JSON.stringify({ machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString() }, settings: { sizes: SIZES, runs: RUNS, cdkOnLargeRuns: ON_LARGE_RUNS, cdkVersion, split: 'BENCH_SPLIT=1 (at most 50 units a stack)' }, results, typeCounts: typeCounts ?? null, table: lines.join('\n') }, null, 2)}\n`,
);
log(`bench:cdk: wrote ${path.relative(process.cwd(), RESULTS)}`);
