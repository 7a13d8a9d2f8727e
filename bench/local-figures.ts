/**
 * The local runtime's figures for `npm run bench` when bench/local.ts cannot print them as JSON
 * (`npm run bench` uses `bench/local.ts --json` when it can), measured as bench/local.ts measures them: SQS messages per second through
 * a trivial handler on the simulated clock (from the first send to the last delete, environments
 * already started), in worker threads and, when the runtime has it, in the runtime's own thread
 * (`inProcess`); and the wall time of a 6-hour scenario of examples/sqs-worker.
 *
 * `node bin/run-ts.mjs bench/local-figures.ts` prints one JSON line (`LocalFigures`).
 * BENCH_MESSAGES (default 100,000) and BENCH_RUNS (default 3, after one warm-up) change the sizes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Code, Duration, Function, Queue, Runtime as LambdaRuntime, SqsEventSource, Stack } from '../lib/all.js';
import { loadAppModel } from '../lib/cli/run-app.js';
import { toPlan } from '../lib/local/plan/build.js';
import { Runtime, type RuntimeOptions } from '../lib/local/runtime.js';
import { parseScenario } from '../lib/local/scenario/parse.js';
import { runScenario } from '../lib/local/scenario/run.js';
import { BENCH_NOW } from './common.js';
import { median } from './measure.js';
import { ROOT } from './project.js';

/** One throughput configuration's runs. */
export interface Throughput {
  readonly messages: number;
  readonly batchSize: number;
  readonly mode: 'worker-threads' | 'in-process';
  /** Messages per second of each measured run (after the warm-up); empty when the mode does not exist. */
  readonly runs: readonly number[];
  readonly median: number | null;
  readonly note?: string;
}

/** What `npm run bench` reports of the local runtime. */
export interface LocalFigures {
  /** What measured them. */
  readonly source?: string;
  readonly throughput: readonly Throughput[];
  /** Wall milliseconds of each 6-hour scenario run (after the warm-up). */
  readonly sixHoursRuns: readonly number[];
  readonly sixHoursMedian: number;
}

/** Whether the runtime can run handlers in its own thread (the `handlers: 'in-process'` option, or an `inProcess` flag). */
export function hasInProcessMode(): 'handlers' | 'inProcess' | undefined {
  const source = fs.readFileSync(path.join(ROOT, 'lib', 'local', 'runtime.ts'), 'utf8');
  const options = /export interface RuntimeOptions \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  if (/\breadonly handlers\??:/.test(options)) return 'handlers';
  if (/\breadonly inProcess\??:/.test(options)) return 'inProcess';
  return undefined;
}

/** Messages per second of one run: `messages` sent to a queue a trivial handler consumes at `batchSize`. */
async function throughputRun(messages: number, batchSize: number, inProcess: boolean): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-'));
  try {
    fs.writeFileSync(path.join(dir, 'index.mjs'), 'export const handler = async () => ({});\n');
    const app = new App({ now: BENCH_NOW });
    const stack = new Stack(app, 'Bench');
    const queue = new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(30) });
    const fn = new Function(stack, 'Worker', { runtime: LambdaRuntime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset(dir), timeout: Duration.seconds(5) });
    fn.addEventSource(new SqsEventSource(queue, { batchSize }));
    const plan = toPlan(app.synth(), { appDir: process.cwd() });
    const mode = inProcess ? hasInProcessMode() : undefined;
    const options: RuntimeOptions = { planDir: process.cwd(), ...(mode === 'handlers' ? ({ handlers: 'in-process' } as object) : mode === 'inProcess' ? ({ inProcess: true } as object) : {}) };
    const rt = new Runtime(plan, options);
    await rt.start();
    try {
      const q = rt.resolve('queue', 'Jobs');
      const t = performance.now();
      for (let i = 0; i < messages; i++) rt.sendMessage(q, `{"i": ${i}}`, rt.ledger.create(0, q));
      await rt.sim.run();
      const ms = performance.now() - t;
      const processed = rt.ledger.inputs.filter((r) => r.disposition === 'processed').length;
      if (processed !== messages) throw new Error(`only ${processed} of ${messages} messages were processed`);
      return messages / (ms / 1000);
    } finally {
      await rt.shutdown();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(messages: number, batchSize: number, mode: Throughput['mode'], runs: number): Promise<Throughput> {
  if (mode === 'in-process' && !hasInProcessMode()) return { messages, batchSize, mode, runs: [], median: null, note: 'n/a (not implemented)' };
  const rates: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const rate = await throughputRun(messages, batchSize, mode === 'in-process');
    if (i > 0) rates.push(rate);
  }
  return { messages, batchSize, mode, runs: rates, median: median(rates) };
}

/** Wall milliseconds of the sqs-worker example's scenario run to 6 hours, environments included. */
async function sixHours(): Promise<number> {
  const model = await loadAppModel(path.join(ROOT, 'examples/sqs-worker/app.ts'), ROOT);
  const plan = toPlan(model, { appDir: ROOT });
  const text = `${fs.readFileSync(path.join(ROOT, 'examples/sqs-worker/scenario.yaml'), 'utf8')}\nuntil: 6h\n`;
  const scenario = parseScenario(text.replace(/\n {2}- simulatedSeconds:.*\n/, '\n'), 'scenario.yaml');
  const t = performance.now();
  const report = await runScenario(plan, scenario, { planDir: ROOT });
  const ms = performance.now() - t;
  if (!report.ok) throw new Error('the 6-hour scenario of examples/sqs-worker failed its checks');
  return ms;
}

/** Every local runtime figure `npm run bench` reports. */
export async function localFigures(messages = 100_000, runs = 3): Promise<LocalFigures> {
  const out: Throughput[] = [];
  for (const batchSize of [10, 1]) for (const mode of ['worker-threads', 'in-process'] as const) out.push(await throughput(messages, batchSize, mode, runs));
  const six: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const ms = await sixHours();
    if (i > 0) six.push(ms);
  }
  return { source: 'bench/local-figures.ts', throughput: out, sixHoursRuns: six, sixHoursMedian: median(six) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'bench', 'local-figures.ts')) {
  console.log(JSON.stringify(await localFigures(Number(process.env.BENCH_MESSAGES ?? 100_000), Number(process.env.BENCH_RUNS ?? 3))));
}
