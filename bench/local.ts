/**
 * Local runtime benchmarks (`npm run bench:local`):
 * 1. throughput: SQS messages per second through a trivial handler (batch 10) on the simulated
 *    clock, measured from the first send to the last delete (environments already started);
 * 2. a scenario of the sqs-worker example that simulates 6 hours (retries, visibility timeouts,
 *    the dead-letter queue): wall time of the whole run, environments included;
 * 3. handlers that send on through the AWS SDK: a consumer of the first queue sends each message
 *    (SendMessageBatch, batches of 10) to a second queue with its own consumer; messages per
 *    second end to end, and SDK calls per second served by the local endpoint.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App, Code, Duration, Function, Queue, Runtime as LambdaRuntime, SqsEventSource, Stack } from '../lib/all.js';
import { toPlan } from '../lib/local/plan/build.js';
import { Runtime } from '../lib/local/runtime.js';
import { parseScenario } from '../lib/local/scenario/parse.js';
import { runScenario } from '../lib/local/scenario/run.js';
import { loadAppModel } from '../lib/cli/run-app.js';
import { BENCH_NOW } from './common.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);

async function throughput(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-bench-'));
  fs.writeFileSync(path.join(dir, 'index.mjs'), 'export const handler = async () => ({});\n');
  const app = new App({ now: BENCH_NOW });
  const stack = new Stack(app, 'Bench');
  const queue = new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(30) });
  const fn = new Function(stack, 'Worker', { runtime: LambdaRuntime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset(dir), timeout: Duration.seconds(5) });
  fn.addEventSource(new SqsEventSource(queue, { batchSize: 10 }));
  const plan = toPlan(app.synth(), { appDir: process.cwd() });
  const rt = new Runtime(plan, { planDir: process.cwd() });
  await rt.start();
  const q = rt.resolve('queue', 'Jobs');
  const t = performance.now();
  for (let i = 0; i < MESSAGES; i++) rt.sendMessage(q, `{"i": ${i}}`, rt.ledger.create(0, q));
  const sent = performance.now();
  await rt.sim.run();
  const ms = performance.now() - t;
  const processing = performance.now() - sent;
  const processed = rt.ledger.inputs.filter((r) => r.disposition === 'processed').length;
  await rt.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
  if (processed !== MESSAGES) throw new Error(`only ${processed} of ${MESSAGES} messages were processed`);
  const rate = (wall: number): string => Math.round(MESSAGES / (wall / 1000)).toLocaleString('en-US');
  console.log(
    `sqs throughput: ${MESSAGES} messages, batch 10, trivial handler: ${ms.toFixed(0)} ms wall sent and processed (${rate(ms)} messages/s), ` +
      `${processing.toFixed(0)} ms of it processing (${rate(processing)} messages/s through the mapping), ${(rt.sim.now() / 1000).toFixed(2)} s simulated (target: >= 50,000 messages/s)`,
  );
}

async function sixHours(): Promise<void> {
  const model = await loadAppModel(path.join(root, 'examples/sqs-worker/app.ts'), root);
  const plan = toPlan(model, { appDir: root });
  const text = `${fs.readFileSync(path.join(root, 'examples/sqs-worker/scenario.yaml'), 'utf8')}\nuntil: 6h\n`;
  const scenario = parseScenario(text.replace(/\n {2}- simulatedSeconds:.*\n/, '\n'), 'scenario.yaml');
  const t = performance.now();
  const report = await runScenario(plan, scenario, { planDir: root });
  const ms = performance.now() - t;
  console.log(`6-hour scenario (sqs-worker, 100 jobs, 3 to the DLQ): ${report.simulatedSeconds} s simulated in ${ms.toFixed(0)} ms wall, environments included (target: < 1,000 ms); checks ${report.ok ? 'hold' : 'FAILED'}`);
}

const CHAIN_MESSAGES = Number(process.env.BENCH_CHAIN_MESSAGES ?? 20_000);

async function sdkChain(): Promise<void> {
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
  const common = { runtime: LambdaRuntime.NODEJS_22_X, code: Code.fromAsset(dir), timeout: Duration.seconds(5) };
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
  console.log(
    `sdk chain: ${CHAIN_MESSAGES} messages forwarded by a handler through the SDK (SendMessageBatch) to a second consumer: ${ms.toFixed(0)} ms wall, environments included ` +
      `(${Math.round(CHAIN_MESSAGES / (ms / 1000)).toLocaleString('en-US')} messages/s end to end, ${Math.round(calls / (ms / 1000)).toLocaleString('en-US')} SDK calls/s)`,
  );
}

await throughput();
await sixHours();
await sdkChain();
