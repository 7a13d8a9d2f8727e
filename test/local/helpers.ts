/**
 * Plans for the local runtime's tests: handlers written as source text into a temporary directory,
 * resources with AWS's defaults unless a test says otherwise.
 *
 *   const plan = testPlan({ functions: [fn('Worker', 'export const handler = async () => 1;')], queues: [queue('Jobs')] });
 *   const rt = await startRuntime(plan);
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Plan, PlanFunction, PlanMapping, PlanQueue } from '../../lib/local/plan/types.js';
import { Runtime, type RuntimeOptions } from '../../lib/local/runtime.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

const dirs: string[] = [];
const runtimes: Runtime[] = [];

/**
 * Ends the runtimes and removes the directories the tests of a file made. test/setup.ts runs it
 * after every file (test files share this module: vitest runs them without isolation).
 */
export async function cleanUpLocal(): Promise<void> {
  for (const rt of runtimes.splice(0)) await rt.shutdown();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A fresh directory for a test's handler files (removed after the file's tests). */
export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-test-'));
  dirs.push(d);
  return d;
}

/** Handler files: `{ 'index.mjs': 'export const handler = ...' }` written into a fresh directory. */
export function handlerDir(files: Readonly<Record<string, string>>): string {
  const d = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), text);
  }
  return d;
}

/**
 * A function whose handler is `source` (an ES module exporting `handler`, written as index.mjs),
 * or the files given (`{ 'index.cjs': ... }` with `file`). Its id is `Test/<name>`.
 */
export function fn(name: string, source: string | Readonly<Record<string, string>>, props: Partial<PlanFunction> & { file?: string } = {}): PlanFunction {
  const files = typeof source === 'string' ? { 'index.mjs': source } : source;
  const dir = handlerDir(files);
  const file = props.file ?? Object.keys(files)[0]!;
  const { file: _file, ...rest } = props;
  void _file;
  return {
    id: `Test/${name}`,
    logicalId: name,
    stack: 'Test',
    name: `Test-${name}`,
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Test-${name}`,
    runtime: 'nodejs22.x',
    handlerSetting: `${file.replace(/\.[^.]+$/, '')}.handler`,
    handler: { codeDir: dir, file, export: 'handler' },
    memoryMb: 128,
    timeoutSeconds: 3,
    ephemeralStorageMb: 512,
    environment: {},
    layers: [],
    versions: [],
    aliases: [],
    async: { maxRetryAttempts: 2, maxEventAgeSeconds: 21_600 },
    recursiveLoop: 'Terminate',
    ...rest,
  };
}

/** A queue `Test/<name>` with SQS's defaults. */
export function queue(name: string, props: Partial<PlanQueue> = {}): PlanQueue {
  const fifo = props.fifo ?? false;
  const qn = `Test-${name}${fifo && !name.endsWith('.fifo') ? '.fifo' : ''}`;
  return {
    id: `Test/${name}`,
    logicalId: name,
    stack: 'Test',
    name: qn,
    url: `http://localhost:4566/${ACCOUNT}/${qn}`,
    arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${qn}`,
    fifo,
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds: 30,
    retentionPeriodSeconds: 345_600,
    delaySeconds: 0,
    receiveWaitTimeSeconds: 0,
    maxMessageSizeBytes: 1_048_576,
    ...props,
  };
}

/** An SQS mapping from queue `Test/<queue>` to function `Test/<fn>`, Lambda's defaults. */
export function sqsMapping(queueName: string, fnName: string, props: Partial<PlanMapping> = {}): PlanMapping {
  return {
    id: `Test/${fnName}/${queueName}Source`,
    logicalId: `${fnName}${queueName}Source`,
    stack: 'Test',
    function: `Test/${fnName}`,
    sourceType: 'sqs',
    source: `Test/${queueName}`,
    enabled: true,
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    bisectBatchOnError: false,
    maxRetryAttempts: -1,
    maxRecordAgeSeconds: -1,
    parallelizationFactor: 1,
    reportBatchItemFailures: false,
    filters: [],
    ...props,
  };
}

/** A plan of the parts given (everything else empty). */
export function testPlan(parts: Partial<Plan>): Plan {
  return {
    version: 1,
    region: REGION,
    account: ACCOUNT,
    endpoint: 'http://localhost:4566',
    stacks: ['Test'],
    functions: [],
    queues: [],
    topics: [],
    buckets: [],
    tables: [],
    streams: [],
    rules: [],
    apis: [],
    mappings: [],
    subscriptions: [],
    notifications: [],
    warnings: [],
    ...parts,
  };
}

/** A started runtime for a plan (shut down after the file's tests). Handler paths in test plans are absolute. */
export async function startRuntime(plan: Plan, options: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  const rt = new Runtime(plan, { planDir: '/', startEpochMs: Date.UTC(2026, 0, 1), ...options });
  runtimes.push(rt);
  await rt.start();
  return rt;
}
