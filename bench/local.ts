/**
 * Local runtime benchmarks (`npm run bench:local`; `--json` prints one JSON document instead of
 * lines, `--only throughput,sixHours,sdkChain` runs some of them):
 * 1. throughput: SQS messages per second through a trivial handler on the simulated clock, batch
 *    10 and batch 1, handlers in worker threads and in-process (`handlers: 'in-process'`),
 *    measured from the first send to the last delete (environments already started: a warm-up
 *    batch for each of the mapping's first 5 concurrent batches runs before, not counted; the
 *    processing-only rate is reported too). Each configuration runs 1 + BENCH_THROUGHPUT_RUNS
 *    times (default 3) in this process, each on a new runtime: the first run, in a process whose
 *    code is not yet optimized by V8 (what one short run, such as a single test, sees), is
 *    reported as `first`; the median of the runs after it, as the steady rate (`throughput`: what
 *    a long run, a test suite's later tests or a benchmark's measured runs after its warm-up, see);
 * 2. six hours: each example with a scenario (examples/*\/scenario.yaml) run for 6 simulated
 *    hours (`until: 6h`; the scenario's own checks of the simulated time left out): wall time of
 *    the whole run, environments included;
 * 3. handlers that send on through the AWS SDK: a consumer of the first queue sends each message
 *    (SendMessageBatch, batches of 10) to a second queue with its own consumer; messages per
 *    second end to end, and SDK calls per second served by the local endpoint.
 *
 * JSON: `{ messages, throughput: { batch10: { workers, inProcess }, batch1: { workers, inProcess } }
 * (steady: the median after the first run), throughputFirst: (the same, the first run),
 * throughputRuns: (the same, every run after the first), throughputProcessing: (steady, processing only), sixHours: { <example>: ms }, sixHoursChecks:
 * { <example>: boolean }, sdkChain: { messagesPerSec, sdkCallsPerSec } }`, rates in messages per second.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App, Code, Duration, Function, Queue, Runtime as LambdaRuntime, SqsEventSource, Stack } from '../lib/all.js';
import { toPlan } from '../lib/local/plan/build.js';
import { Runtime, type HandlerMode } from '../lib/local/runtime.js';
import { parseScenario } from '../lib/local/scenario/parse.js';
import { runScenario } from '../lib/local/scenario/run.js';
import { loadAppModel } from '../lib/cli/run-app.js';
import { BENCH_NOW } from './common.js';
import { median } from './measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const json = process.argv.includes('--json');
const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1]! : process.argv[process.argv.indexOf(onlyArg) + 1]!).split(',')) : undefined;
const runs = (name: string): boolean => !only || only.has(name);
const say = (line: string): void => {
  if (!json) console.log(line);
};
const rate = (n: number, ms: number): number => Math.round(n / (ms / 1000));
const fmt = (n: number): string => n.toLocaleString('en-US');

/** Messages per second from the first send to the last delete, and of the processing alone. */
async function throughput(batchSize: number, handlers: HandlerMode, messages = MESSAGES): Promise<{ total: number; processing: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-'));
  fs.writeFileSync(path.join(dir, 'index.mjs'), 'export const handler = async () => ({});\n');
  const app = new App({ now: BENCH_NOW });
  const stack = new Stack(app, 'Bench');
  const queue = new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(30) });
  const fn = new Function(stack, 'Worker', { runtime: LambdaRuntime.NODEJS_24_X, handler: 'index.handler', code: Code.fromAsset(dir), timeout: Duration.seconds(5) });
  fn.addEventSource(new SqsEventSource(queue, { batchSize }));
  const plan = toPlan(app.synth(), { appDir: process.cwd() });
  const rt = new Runtime(plan, { planDir: process.cwd(), handlers });
  await rt.start();
  const q = rt.resolve('queue', 'Jobs');
  // Environments already started, as the figures say: one batch for each of the mapping's first 5
  // concurrent batches, processed before the clock starts (they are not counted).
  const warmUp = 5 * batchSize;
  for (let i = 0; i < warmUp; i++) rt.sendMessage(q, `{"warmUp": ${i}}`, rt.ledger.create(0, q));
  await rt.sim.run();
  const simStart = rt.sim.now();
  const t = performance.now();
  for (let i = 0; i < messages; i++) rt.sendMessage(q, `{"i": ${i}}`, rt.ledger.create(0, q));
  const sent = performance.now();
  await rt.sim.run();
  const ms = performance.now() - t;
  const processing = performance.now() - sent;
  let processed = -warmUp;
  for (const r of rt.ledger.inputs) if (r.disposition === 'processed') processed++;
  const simulated = (rt.sim.now() - simStart) / 1000;
  await rt.shutdown();
  // The environments' threads end after shutdown returns: the next configuration is measured without them still tearing down.
  await rt.functions.environmentsEnded();
  fs.rmSync(dir, { recursive: true, force: true });
  if (processed !== messages) throw new Error(`only ${processed} of ${messages} messages were processed`);
  const result = { total: rate(messages, ms), processing: rate(messages, processing) };
  say(
    `sqs throughput: ${messages} messages, batch ${batchSize}, trivial handler, ${handlers}: ${ms.toFixed(0)} ms wall sent and processed (${fmt(result.total)} messages/s), ` +
      `${processing.toFixed(0)} ms of it processing (${fmt(result.processing)} messages/s through the mapping), ${simulated.toFixed(2)} s simulated` +
      (batchSize === 10 ? ` (target: >= ${handlers === 'in-process' ? '1,000,000' : '100,000'} messages/s)` : ''),
  );
  return result;
}

/** The examples with a scenario, each run for 6 simulated hours: wall ms, and whether its checks hold. */
async function sixHours(handlers: HandlerMode = 'worker-threads'): Promise<{ ms: Record<string, number>; ok: Record<string, boolean> }> {
  const ms: Record<string, number> = {};
  const ok: Record<string, boolean> = {};
  const examples = fs.readdirSync(path.join(root, 'examples')).filter((e) => fs.existsSync(path.join(root, 'examples', e, 'scenario.yaml'))).sort();
  for (const name of examples) {
    const dir = path.join(root, 'examples', name);
    const model = await loadAppModel(path.join(dir, 'app.ts'), root);
    const plan = toPlan(model, { appDir: root });
    const original = fs.readFileSync(path.join(dir, 'scenario.yaml'), 'utf8');
    // Six hours: the scenario's own end time (if any) replaced, its checks of the simulated time left out.
    const text = `${original.replace(/^until:.*\n/m, '').replace(/\n {2}- simulatedSeconds:.*(?=\n|$)/g, '')}\nuntil: 6h\n`;
    const scenario = parseScenario(text, 'scenario.yaml');
    const t = performance.now();
    const report = await runScenario(plan, scenario, { planDir: root, handlers });
    ms[name] = Math.round(performance.now() - t);
    ok[name] = report.ok;
    say(`6-hour scenario (${name}${handlers === 'in-process' ? ', in-process' : ''}): ${report.simulatedSeconds} s simulated in ${ms[name]} ms wall, environments included (target: < 1,000 ms); checks ${report.ok ? 'hold' : 'FAILED'}`);
  }
  return { ms, ok };
}

const CHAIN_MESSAGES = Number(process.env.BENCH_CHAIN_MESSAGES ?? 20_000);

async function sdkChain(): Promise<{ messagesPerSec: number; sdkCallsPerSec: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-'));
  fs.writeFileSync(
    path.join(dir, 'forward.mjs'),
    `import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: process.env.NEXT_URL, Entries: event.Records.map((r, i) => ({ Id: String(i), MessageBody: r.body })) }));
};\n`,
  );
  fs.writeFileSync(path.join(dir, 'sink.mjs'), 'export const handler = async () => ({});\n');
  const app = new App({ now: BENCH_NOW });
  const stack = new Stack(app, 'Bench');
  const first = new Queue(stack, 'First', { visibilityTimeout: Duration.seconds(30) });
  const second = new Queue(stack, 'Second', { visibilityTimeout: Duration.seconds(30) });
  const common = { runtime: LambdaRuntime.NODEJS_24_X, code: Code.fromAsset(dir), timeout: Duration.seconds(5) };
  const forward = new Function(stack, 'Forward', { ...common, handler: 'forward.handler', environment: { NEXT_URL: second.queueUrl } });
  forward.addEventSource(new SqsEventSource(first, { batchSize: 10 }));
  new Function(stack, 'Sink', { ...common, handler: 'sink.handler' }).addEventSource(new SqsEventSource(second, { batchSize: 10 }));
  const plan = toPlan(app.synth(), { appDir: process.cwd() });
  const rt = new Runtime(plan, { planDir: process.cwd() });
  await rt.start();
  const q = rt.resolve('queue', 'First');
  const t = performance.now();
  for (let i = 0; i < CHAIN_MESSAGES; i++) rt.sendMessage(q, `{"i": ${i}}`, rt.ledger.create(0, q));
  await rt.sim.run();
  const ms = performance.now() - t;
  const processed = rt.ledger.inputs.filter((r) => r.disposition === 'processed').length;
  const calls = rt.functions.metrics(rt.resolve('function', 'Forward')).Invocations;
  await rt.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
  if (processed !== 2 * CHAIN_MESSAGES) throw new Error(`only ${processed} of ${2 * CHAIN_MESSAGES} inputs were processed`);
  say(
    `sdk chain: ${CHAIN_MESSAGES} messages forwarded by a handler through the SDK (SendMessageBatch) to a second consumer: ${ms.toFixed(0)} ms wall, environments included ` +
      `(${Math.round(CHAIN_MESSAGES / (ms / 1000)).toLocaleString('en-US')} messages/s end to end, ${Math.round(calls / (ms / 1000)).toLocaleString('en-US')} SDK calls/s)`,
  );
  return { messagesPerSec: rate(CHAIN_MESSAGES, ms), sdkCallsPerSec: rate(calls, ms) };
}

const result: Record<string, unknown> = { messages: MESSAGES };
const THROUGHPUT_RUNS = Number(process.env.BENCH_THROUGHPUT_RUNS ?? 3);
if (!Number.isInteger(THROUGHPUT_RUNS) || THROUGHPUT_RUNS < 1) throw new Error(`BENCH_THROUGHPUT_RUNS must be a whole number >= 1, got ${process.env.BENCH_THROUGHPUT_RUNS}`);

/** One configuration: its first run in this process, then THROUGHPUT_RUNS more (the steady rate is their median). */
async function repeated(batchSize: number, handlers: HandlerMode): Promise<{ first: number; runs: number[]; steady: number; steadyProcessing: number }> {
  say(`-- batch ${batchSize}, ${handlers}: the first run in this process, then ${THROUGHPUT_RUNS} more`);
  const first = await throughput(batchSize, handlers);
  const later: Array<{ total: number; processing: number }> = [];
  for (let i = 0; i < THROUGHPUT_RUNS; i++) later.push(await throughput(batchSize, handlers));
  const runs = later.map((r) => r.total);
  const steady = Math.round(median(runs));
  say(`   batch ${batchSize}, ${handlers}: first run ${fmt(first.total)} messages/s; steady (median of the ${THROUGHPUT_RUNS} after it) ${fmt(steady)} messages/s`);
  return { first: first.total, runs, steady, steadyProcessing: Math.round(median(later.map((r) => r.processing))) };
}

if (runs('throughput')) {
  const b10w = await repeated(10, 'worker-threads');
  const b10i = await repeated(10, 'in-process');
  const b1w = await repeated(1, 'worker-threads');
  const b1i = await repeated(1, 'in-process');
  result.throughput = { batch10: { workers: b10w.steady, inProcess: b10i.steady }, batch1: { workers: b1w.steady, inProcess: b1i.steady } };
  result.throughputFirst = { batch10: { workers: b10w.first, inProcess: b10i.first }, batch1: { workers: b1w.first, inProcess: b1i.first } };
  result.throughputRuns = { batch10: { workers: b10w.runs, inProcess: b10i.runs }, batch1: { workers: b1w.runs, inProcess: b1i.runs } };
  result.throughputProcessing = { batch10: { workers: b10w.steadyProcessing, inProcess: b10i.steadyProcessing }, batch1: { workers: b1w.steadyProcessing, inProcess: b1i.steadyProcessing } };
}
if (runs('sixHours')) {
  const six = await sixHours();
  result.sixHours = six.ms;
  result.sixHoursChecks = six.ok;
}
if (runs('sixHours') || runs('sixHoursInProcess')) {
  const six = await sixHours('in-process');
  result.sixHoursInProcess = six.ms;
  result.sixHoursInProcessChecks = six.ok;
}
if (runs('sdkChain')) result.sdkChain = await sdkChain();
if (json) console.log(JSON.stringify(result));
