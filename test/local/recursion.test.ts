/**
 * Recursive loops at run time: handlers that write to their own trigger through the real AWS SDK
 * loop in the simulation as in AWS, and Lambda's recursive loop detection stops the 17th
 * invocation from one event (RecursiveLoop: Terminate), to the DLQ when there is one; with
 * RecursiveLoop: Allow the loop runs until the run's end.
 */
import { describe, expect, it } from 'vitest';
import type { PlanFunction } from '../../lib/local/plan/types.js';
import type { Runtime } from '../../lib/local/runtime.js';
import { fn, queue, sqsMapping, startRuntime, testPlan } from './helpers.js';
import { bucket, notification, subscription, topic } from './services/helpers.js';

/** A handler that sends every message it gets back to its own queue. */
const RESEND = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  for (const r of event.Records) await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: r.body }));
};`;

/** A handler that writes every object it is told of back to its own bucket. */
const WRITE_BACK = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  const r = event.Records[0].s3;
  await s3.send(new PutObjectCommand({ Bucket: r.bucket.name, Key: 'copy-' + r.object.key, Body: 'again' }));
};`;

function selfResendPlan(props: Partial<PlanFunction>, withDlq: boolean) {
  const jobs = queue('Jobs', { visibilityTimeoutSeconds: 30, ...(withDlq ? { deadLetter: { queue: 'Test/JobsDlq', maxReceiveCount: 5 } } : {}) });
  return testPlan({
    // Reserved concurrency 1: one warm environment takes every hop (a send made mid-invocation would otherwise start another).
    functions: [fn('Looper', RESEND, { environment: { QUEUE_URL: jobs.url }, reservedConcurrency: 1, ...props })],
    queues: [jobs, ...(withDlq ? [queue('JobsDlq')] : [])],
    mappings: [sqsMapping('Jobs', 'Looper', { batchSize: 1 })],
  });
}

function sendFirst(rt: Runtime): void {
  rt.sendMessage('Test/Jobs', 'loop', rt.ledger.create(0, 'Test/Jobs'));
}

describe('recursive loop detection at run time', () => {
  it('stops an SQS self-resend after 16 invocations and moves the 17th message to the DLQ', async () => {
    const rt = await startRuntime(selfResendPlan({}, true));
    sendFirst(rt);
    await rt.sim.run();
    const m = rt.functions.metrics('Test/Looper');
    expect(m.Invocations).toBe(16);
    expect(m.RecursiveInvocationsDropped).toBe(1);
    const inputs = rt.ledger.inputs;
    // The original message and the 16 the handler sent: a chain, each the child of the one before.
    expect(inputs).toHaveLength(17);
    inputs.slice(1).forEach((r, i) => expect(r.parent).toBe(inputs[i]!.id));
    expect(inputs.slice(0, 16).every((r) => r.disposition === 'processed')).toBe(true);
    const last = inputs[16]!;
    expect(last.lineage).toEqual({ 'Test/Looper': 16 });
    expect(last.disposition).toBe('deadLetter');
    expect(last.where).toBe('Test/JobsDlq');
    expect(last.reason).toBe('recursive loop stopped: Test/Looper was invoked 16 times from one event (RecursiveLoop: Terminate)');
    expect(rt.queue('Test/JobsDlq').pending().map((x) => x.body)).toEqual(['loop']);
    expect(rt.queue('Test/Jobs').pending()).toHaveLength(0);
  });

  it('discards the 17th message when the queue has no DLQ, saying why', async () => {
    const rt = await startRuntime(selfResendPlan({}, false));
    sendFirst(rt);
    await rt.sim.run();
    expect(rt.functions.metrics('Test/Looper').Invocations).toBe(16);
    expect(rt.functions.metrics('Test/Looper').RecursiveInvocationsDropped).toBe(1);
    const last = rt.ledger.inputs.at(-1)!;
    expect(last.disposition).toBe('discarded');
    expect(last.reason).toMatch(/recursive loop stopped: Test\/Looper/);
  });

  it('lets the loop run with RecursiveLoop: Allow until the run ends', async () => {
    const rt = await startRuntime(selfResendPlan({ recursiveLoop: 'Allow' }, true));
    sendFirst(rt);
    const m = rt.functions.metrics('Test/Looper');
    // Until 20 invocations (well past where Terminate stops it): the loop's pace is the handlers' wall time.
    const check = (): void => {
      if (m.Invocations >= 20) rt.sim.stop();
      else rt.sim.after(50, check);
    };
    check();
    await rt.sim.run(600_000);
    expect(m.RecursiveInvocationsDropped).toBe(0);
    expect(m.Invocations).toBeGreaterThanOrEqual(20);
    // Still going: the last message sent is on its way.
    expect(rt.ledger.inputs.at(-1)!.disposition).toBeUndefined();
    expect(rt.queue('Test/JobsDlq').pending()).toHaveLength(0);
  });

  it('counts per function: a chain through two functions stops when one of them reaches 16', async () => {
    // A → topic → B → queue → A ...: each function's count rises once per round.
    const a = queue('ToA');
    const plan = testPlan({
      functions: [
        fn('A', `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
export const handler = async (e) => { await new SNSClient({}).send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'x' })); };`, { environment: { TOPIC: 'arn:aws:sns:us-east-1:123456789012:Test-ToB' }, reservedConcurrency: 1 }),
        fn('B', `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
export const handler = async (e) => { await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: e.Records[0].Sns.Message })); };`, { environment: { QUEUE_URL: a.url }, reservedConcurrency: 1 }),
      ],
      queues: [a],
      topics: [topic('ToB')],
      subscriptions: [subscription('ToB', { fn: 'B' })],
      mappings: [sqsMapping('ToA', 'A', { batchSize: 1 })],
    });
    const rt = await startRuntime(plan);
    rt.sendMessage('Test/ToA', 'go', rt.ledger.create(0, 'Test/ToA'));
    await rt.sim.run();
    expect(rt.functions.metrics('Test/A').Invocations).toBe(16);
    expect(rt.functions.metrics('Test/B').Invocations).toBe(16);
    expect(rt.functions.metrics('Test/A').RecursiveInvocationsDropped).toBe(1);
    expect(rt.functions.metrics('Test/B').RecursiveInvocationsDropped).toBe(0);
    const summary = new Map<string, number>();
    for (const r of rt.ledger.inputs) summary.set(r.disposition ?? 'queued', (summary.get(r.disposition ?? 'queued') ?? 0) + 1);
    expect(summary.get('queued')).toBeUndefined();
  });

  it('stops an S3 write-back loop after 16 invocations, the event to the async DLQ', async () => {
    const plan = testPlan({
      functions: [fn('Copier', WRITE_BACK, { reservedConcurrency: 1, async: { maxRetryAttempts: 2, maxEventAgeSeconds: 21_600, deadLetter: { type: 'sqs', id: 'Test/CopierDlq', arn: 'arn:aws:sqs:us-east-1:123456789012:Test-CopierDlq' } } })],
      queues: [queue('CopierDlq')],
      buckets: [bucket('Uploads')],
      notifications: [notification('Uploads', 'Copier', ['s3:ObjectCreated:*'])],
    });
    const rt = await startRuntime(plan);
    rt.buckets.put('Test/Uploads', 'a.txt', 'first', rt.ledger.create(0, 'Test/Uploads'));
    await rt.sim.run();
    const m = rt.functions.metrics('Test/Copier');
    expect(m.Invocations).toBe(16);
    expect(m.RecursiveInvocationsDropped).toBe(1);
    expect(rt.buckets.object('Test/Uploads', `${'copy-'.repeat(16)}a.txt`)).toBeDefined();
    expect(rt.buckets.object('Test/Uploads', `${'copy-'.repeat(17)}a.txt`)).toBeUndefined();
    const dlq = rt.queue('Test/CopierDlq').pending();
    expect(dlq).toHaveLength(1);
    expect(JSON.parse(dlq[0]!.body).Records[0].s3.object.key).toBe(`${'copy-'.repeat(16)}a.txt`);
    const dropped = rt.ledger.inputs.filter((r) => r.disposition === 'deadLetter');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.where).toBe('Test/CopierDlq');
    expect(dropped[0]!.reason).toBe('recursive loop stopped: Test/Copier was invoked 16 times from one event (RecursiveLoop: Terminate)');
    expect(rt.ledger.inputs.every((r) => r.disposition !== undefined)).toBe(true);
  });
});
