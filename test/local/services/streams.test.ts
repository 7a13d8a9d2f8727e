import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import { streamLane } from '../../../lib/local/services/stream-poller.js';
import { attributesSize, dynamoDbSequenceNumber, kinesisSequenceNumber } from '../../../lib/local/services/streams.js';
import { STREAM_RETRY_MAX_MS, STREAM_RETRY_START_MS } from '../../../lib/local/limits.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, queue, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, REGION, START, firstInitMs, logged, stream, streamMapping, table } from './helpers.js';

/** Simulated times compare with this tolerance (ms): a handler's own wall time moves the clock. */
const SLACK = 250;

interface KinesisRecord {
  kinesis: { kinesisSchemaVersion: string; partitionKey: string; sequenceNumber: string; data: string; approximateArrivalTimestamp: number };
  eventID: string;
}

/**
 * A Kinesis handler that logs `{ id, data }` for each call (`data`: the records' data decoded),
 * waits `waitMs` of wall time, logs `{ end: true, data }`, and throws when a record's data is
 * `poison` (or whatever `extra` decides).
 */
function kinesisHandler(waitMs = 0, extra = ''): string {
  return `
export const handler = async (event, context) => {
  const data = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString());
  const seqs = event.Records.map((r) => r.kinesis.sequenceNumber);
  console.log(JSON.stringify({ id: context.awsRequestId, data, seqs }));
  ${waitMs > 0 ? `await new Promise((r) => setTimeout(r, ${waitMs}));` : ''}
  ${waitMs > 0 ? `console.log(JSON.stringify({ end: true, data }));` : ''}
  ${extra}
  if (data.includes('poison')) throw new Error('poison record');
};`;
}

interface Call {
  id?: string;
  end?: boolean;
  data: string[];
  seqs: string[];
}

/** The starts of a handler's calls (what kinesisHandler logged first), with their simulated times. */
function calls(rt: Runtime, fnId: string): Array<{ t: number; data: string[]; seqs: string[]; id: string }> {
  return logged<Call>(rt, fnId)
    .filter((l) => !l.value.end)
    .map((l) => ({ t: l.t, data: l.value.data, seqs: l.value.seqs, id: l.value.id! }));
}

/** The shard (of `count`) Kinesis puts a partition key in: the MD5 hash key range split evenly. */
function shardOf(partitionKey: string, count: number): number {
  const h = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
  return Number((h * BigInt(count)) >> 128n);
}

/** A partition key of `prefix` that lands where `ok` says. */
function keyWhere(prefix: string, ok: (k: string) => boolean): string {
  for (let i = 0; ; i++) if (ok(`${prefix}${i}`)) return `${prefix}${i}`;
}

function put(rt: Runtime, streamId: string, key: string, data: string) {
  const input = rt.ledger.create(0, streamId);
  rt.streams.putRecord(streamId, key, data, input);
  return input;
}

const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/Test-Clicks`;

describe('Kinesis stream mappings', () => {
  it('sends each record in the event shape Lambda uses', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', 'export const handler = async (event) => { console.log(JSON.stringify(event)); };')], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader')] }),
    );
    put(rt, 'Test/Clicks', 'k1', '{"n": 1}');
    put(rt, 'Test/Clicks', 'k2', 'plain text');
    await rt.sim.run();
    const events = logged<{ Records: KinesisRecord[] }>(rt, 'Test/Reader');
    expect(events).toHaveLength(1);
    const [r1, r2] = events[0]!.value.Records;
    const seq1 = r1!.kinesis.sequenceNumber;
    const seq2 = r2!.kinesis.sequenceNumber;
    expect(seq1).toMatch(/^\d{56}$/);
    expect(seq2).toMatch(/^\d{56}$/);
    expect(BigInt(seq2) > BigInt(seq1)).toBe(true);
    expect(events[0]!.value.Records).toEqual([
      {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'k1', sequenceNumber: seq1, data: Buffer.from('{"n": 1}').toString('base64'), approximateArrivalTimestamp: START / 1000 },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${seq1}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: expect.stringMatching(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/.+`)) as unknown,
        awsRegion: REGION,
        eventSourceARN: STREAM_ARN,
      },
      {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'k2', sequenceNumber: seq2, data: Buffer.from('plain text').toString('base64'), approximateArrivalTimestamp: START / 1000 },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${seq2}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: expect.stringMatching(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/.+`)) as unknown,
        awsRegion: REGION,
        eventSourceARN: STREAM_ARN,
      },
    ]);
  });

  it('processes the records of a shard in order, one batch at a time', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', kinesisHandler(20))], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 2 })] }),
    );
    const inputs = ['a', 'b', 'c', 'd', 'e'].map((d, i) => put(rt, 'Test/Clicks', `key-${i}`, d));
    await rt.sim.run();
    expect(calls(rt, 'Test/Reader').map((c) => c.data)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    // Each batch starts after the previous one ended.
    const lines = logged<Call>(rt, 'Test/Reader');
    expect(lines.map((l) => `${l.value.end ? 'end' : 'start'}:${l.value.data.join('')}`)).toEqual(['start:ab', 'end:ab', 'start:cd', 'end:cd', 'start:e', 'end:e']);
    expect(rt.functions.metrics('Test/Reader').ConcurrentExecutions).toBe(1);
    expect(rt.functions.metrics('Test/Reader').Invocations).toBe(3);
    expect(inputs.map((i) => [i.disposition, i.attempts])).toEqual(Array(5).fill(['processed', 1]));
  });

  it('reads two shards independently: a failing shard does not hold up the other', async () => {
    const k0 = keyWhere('s0-', (k) => shardOf(k, 2) === 0);
    const k1 = keyWhere('s1-', (k) => shardOf(k, 2) === 1);
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', kinesisHandler())],
        streams: [stream('Clicks', { shardCount: 2 })],
        mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 1, maxRetryAttempts: 2 })],
      }),
    );
    const poison = put(rt, 'Test/Clicks', k0, 'poison');
    const after0 = put(rt, 'Test/Clicks', k0, 'after-poison');
    const others = ['x', 'y', 'z'].map((d) => put(rt, 'Test/Clicks', k1, d));
    await rt.sim.run();
    const c = calls(rt, 'Test/Reader');
    const shard1 = c.filter((x) => ['x', 'y', 'z'].includes(x.data[0]!));
    expect(shard1.map((x) => x.data[0])).toEqual(['x', 'y', 'z']);
    // Shard 1 is done before shard 0's poison record has had its first retry (1 s after its failure).
    const poisonCalls = c.filter((x) => x.data[0] === 'poison');
    expect(poisonCalls).toHaveLength(3);
    for (const o of others) {
      expect(o.disposition).toBe('processed');
      expect(o.endedAt! * 1000).toBeLessThan(poisonCalls[1]!.t);
    }
    expect(poison.disposition).toBe('discarded');
    expect(after0.disposition).toBe('processed');
    expect(after0.endedAt!).toBeGreaterThanOrEqual(3);
  });

  it('blocks a shard on a poison record, invokes it 1 + maxRetryAttempts times with the backoff, then sends the batch description to onFailure and moves on', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', kinesisHandler())],
        queues: [queue('Failures')],
        streams: [stream('Clicks')],
        mappings: [
          streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 10, maxRetryAttempts: 2, onFailure: { type: 'sqs', id: 'Test/Failures', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Failures` } }),
        ],
      }),
    );
    const batch = ['first', 'poison', 'third'].map((d) => put(rt, 'Test/Clicks', 'k', d));
    const later: ReturnType<typeof put>[] = [];
    rt.sim.at(500, () => {
      later.push(put(rt, 'Test/Clicks', 'k', 'later-1'), put(rt, 'Test/Clicks', 'k', 'later-2'));
    });
    await rt.sim.run();
    const c = calls(rt, 'Test/Reader');
    // 3 invocations of the failing batch (later records wait), then the later records.
    expect(c.map((x) => x.data)).toEqual([['first', 'poison', 'third'], ['first', 'poison', 'third'], ['first', 'poison', 'third'], ['later-1', 'later-2']]);
    // Retries wait 1 s, then 2 s (limits.ts), after the previous failure.
    expect(STREAM_RETRY_START_MS).toBe(1000);
    expect(c[1]!.t - c[0]!.t).toBeGreaterThanOrEqual(1000);
    expect(c[1]!.t - c[0]!.t).toBeLessThan(1000 + SLACK);
    expect(c[2]!.t - c[1]!.t).toBeGreaterThanOrEqual(2000);
    expect(c[2]!.t - c[1]!.t).toBeLessThan(2000 + SLACK);
    // The shard moves on at once.
    expect(c[3]!.t - c[2]!.t).toBeLessThan(SLACK);

    const messages = rt.queue('Test/Failures').pending();
    expect(messages).toHaveLength(1);
    const record = JSON.parse(messages[0]!.body) as Record<string, unknown>;
    const [seqFirst, , seqLast] = c[0]!.seqs;
    expect(record).toEqual({
      requestContext: { requestId: c[2]!.id, functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Test-Reader`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^2026-01-01T00:00:0\d\.\d{3}Z$/) as unknown,
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: seqFirst,
        endSequenceNumber: seqLast,
        approximateArrivalOfFirstRecord: '2026-01-01T00:00:00.000Z',
        approximateArrivalOfLastRecord: '2026-01-01T00:00:00.000Z',
        batchSize: 3,
        streamArn: STREAM_ARN,
      },
    });
    expect(Date.parse(record.timestamp as string) - START).toBeGreaterThanOrEqual(c[2]!.t);
    expect(Date.parse(record.timestamp as string) - START).toBeLessThan(c[2]!.t + SLACK);
    for (const i of batch) {
      expect(i.disposition).toBe('failureDestination');
      expect(i.where).toBe('Test/Failures');
      expect(i.attempts).toBe(3);
    }
    for (const i of later) {
      expect(i.disposition).toBe('processed');
      expect(i.attempts).toBe(1);
    }
    expect(rt.functions.metrics('Test/Reader').Errors).toBe(3);
  });

  it('processes a batch that succeeds on its last allowed retry (maxRetryAttempts 2, third invocation)', async () => {
    const flaky = kinesisHandler(0, `globalThis.n = (globalThis.n ?? 0) + 1; if (globalThis.n <= 2) throw new Error('flaky ' + globalThis.n);`);
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', flaky)],
        queues: [queue('Failures')],
        streams: [stream('Clicks')],
        mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { maxRetryAttempts: 2, onFailure: { type: 'sqs', id: 'Test/Failures', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Failures` } })],
      }),
    );
    const input = put(rt, 'Test/Clicks', 'k', 'ok');
    await rt.sim.run();
    expect(calls(rt, 'Test/Reader')).toHaveLength(3);
    expect(input.disposition).toBe('processed');
    expect(input.attempts).toBe(3);
    expect(rt.queue('Test/Failures').pending()).toHaveLength(0);
  });

  it('with maxRetryAttempts 0 gives up after the first failure, with no destination discards the batch', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', kinesisHandler())], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { maxRetryAttempts: 0 })] }),
    );
    const poison = put(rt, 'Test/Clicks', 'k', 'poison');
    await rt.sim.run();
    expect(calls(rt, 'Test/Reader')).toHaveLength(1);
    expect(poison.disposition).toBe('discarded');
    expect(poison.reason).toMatch(/failed 1 invocations \(maxRetryAttempts 0\) with no on-failure destination/);
    expect(poison.attempts).toBe(1);
  });

  it('bisects a failing batch of 8 until only the bad record 5 goes to onFailure; the 7 others are processed, in order', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', kinesisHandler())],
        queues: [queue('Failures')],
        streams: [stream('Clicks')],
        mappings: [
          streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 8, maxRetryAttempts: 0, bisectBatchOnError: true, onFailure: { type: 'sqs', id: 'Test/Failures', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Failures` } }),
        ],
      }),
    );
    const inputs = ['1', '2', '3', '4', 'poison', '6', '7', '8'].map((d) => put(rt, 'Test/Clicks', 'k', d));
    await rt.sim.run();
    const c = calls(rt, 'Test/Reader');
    expect(c.map((x) => x.data.join(','))).toEqual(['1,2,3,4,poison,6,7,8', '1,2,3,4', 'poison,6,7,8', 'poison,6', 'poison', '6', '7,8']);
    const messages = rt.queue('Test/Failures').pending();
    expect(messages).toHaveLength(1);
    const record = JSON.parse(messages[0]!.body) as { requestContext: { approximateInvokeCount: number; condition: string }; KinesisBatchInfo: { batchSize: number; startSequenceNumber: string; endSequenceNumber: string } };
    const badSeq = c[4]!.seqs[0]!;
    expect(record.KinesisBatchInfo.batchSize).toBe(1);
    expect(record.KinesisBatchInfo.startSequenceNumber).toBe(badSeq);
    expect(record.KinesisBatchInfo.endSequenceNumber).toBe(badSeq);
    // Splits do not consume the retry quota: the lone bad record still had its one invocation.
    expect(record.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 });
    expect(inputs.map((i) => i.disposition)).toEqual(['processed', 'processed', 'processed', 'processed', 'failureDestination', 'processed', 'processed', 'processed']);
    expect(inputs.map((i) => i.attempts)).toEqual([2, 2, 2, 2, 4, 4, 3, 3]);
    // Failures wait the backoff (1 s, 1 s after the reset by the success of 1-4, then 2 s): the bad record ends at ~4 s.
    const bad = inputs[4]!.endedAt! * 1000 - c[0]!.t;
    expect(bad).toBeGreaterThanOrEqual(4000);
    expect(bad).toBeLessThan(4000 + SLACK);
  });

  it('discards records older than maxRecordAgeSeconds when their batch is next read (RecordAgeExceeded): 60 s → 6 invocations, 64 s → 7', async () => {
    const failures = { type: 'sqs' as const, id: 'Test/Failures', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Failures` };
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', kinesisHandler()), fn('Reader64', kinesisHandler())],
        queues: [queue('Failures')],
        streams: [stream('Clicks'), stream('Other')],
        mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { maxRecordAgeSeconds: 60, onFailure: failures }), streamMapping('kinesis', 'Other', 'Reader64', { maxRecordAgeSeconds: 64 })],
      }),
    );
    const aged = put(rt, 'Test/Clicks', 'k', 'poison');
    const aged64 = put(rt, 'Test/Other', 'k', 'poison');
    await rt.sim.run();
    // Backoff 1, 2, 4, 8, 16, 32 s: invocations at ~0, 1, 3, 7, 15, 31 s; at ~63 s the record is 63 s old.
    const c = calls(rt, 'Test/Reader');
    expect(c).toHaveLength(6);
    const gaps = c.slice(1).map((x, i) => x.t - c[i]!.t);
    [1000, 2000, 4000, 8000, 16_000].forEach((g, i) => {
      expect(gaps[i]!).toBeGreaterThanOrEqual(g);
      expect(gaps[i]!).toBeLessThan(g + SLACK);
    });
    expect(aged.disposition).toBe('failureDestination');
    expect(aged.attempts).toBe(6);
    // (Times from the first invocation's start: the cold start before it is wall time.)
    const agedEnd = aged.endedAt! * 1000 - c[0]!.t;
    expect(agedEnd).toBeGreaterThanOrEqual(63_000);
    expect(agedEnd).toBeLessThan(63_000 + SLACK);
    const record = JSON.parse(rt.queue('Test/Failures').pending()[0]!.body) as { requestContext: unknown; responseContext: unknown };
    expect(record.requestContext).toEqual({ requestId: c[5]!.id, functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Test-Reader`, condition: 'RecordAgeExceeded', approximateInvokeCount: 6 });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    // 64 s: at ~63 s the record is still young enough; the next retry waits the 60 s ceiling.
    expect(STREAM_RETRY_MAX_MS).toBe(60_000);
    expect(calls(rt, 'Test/Reader64')).toHaveLength(7);
    expect(aged64.disposition).toBe('discarded');
    expect(aged64.reason).toMatch(/older than the maximum record age \(64 s\) with no on-failure destination/);
    const c64 = calls(rt, 'Test/Reader64');
    const aged64End = aged64.endedAt! * 1000 - c64[0]!.t;
    expect(aged64End).toBeGreaterThanOrEqual(123_000);
    expect(aged64End).toBeLessThan(123_000 + SLACK);
  });

  it('with ParallelizationFactor 2 processes two partition keys of one shard concurrently, each key in order', async () => {
    const ka = keyWhere('a-', (k) => streamLane(k, 2) === 0);
    const kb = keyWhere('b-', (k) => streamLane(k, 2) === 1);
    // Two provisioned environments (alias `live`): both lanes start warm at once, whatever cold starts cost.
    const reader = fn('Reader', kinesisHandler(100), { versions: [{ version: '1', id: 'Test/Reader/V1' }], aliases: [{ name: 'live', id: 'Test/Reader/Live', version: '1', additionalVersions: [], provisionedConcurrency: 2 }] });
    const plan = (factor: number) =>
      testPlan({ functions: [reader], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 1, parallelizationFactor: factor, qualifier: 'live' })] });
    const rt = await startRuntime(plan(2));
    for (let i = 1; i <= 3; i++) {
      put(rt, 'Test/Clicks', ka, `a${i}`);
      put(rt, 'Test/Clicks', kb, `b${i}`);
    }
    await rt.sim.run();
    const lines = logged<Call>(rt, 'Test/Reader');
    const order = (prefix: string) => lines.filter((l) => l.value.data[0]!.startsWith(prefix)).map((l) => `${l.value.end ? 'end' : 'start'}:${l.value.data[0]}`);
    // Each key: in order, one record at a time.
    expect(order('a')).toEqual(['start:a1', 'end:a1', 'start:a2', 'end:a2', 'start:a3', 'end:a3']);
    expect(order('b')).toEqual(['start:b1', 'end:b1', 'start:b2', 'end:b2', 'start:b3', 'end:b3']);
    // The two keys overlap: b1 starts before a1 ends (by the simulated times the handlers logged).
    const at = (tag: string) => lines.find((l) => `${l.value.end ? 'end' : 'start'}:${l.value.data[0]}` === tag)!.t;
    expect(at('start:b1')).toBeLessThan(at('end:a1'));
    expect(at('start:a1')).toBeLessThan(at('end:b1'));
    expect(rt.functions.metrics('Test/Reader').ConcurrentExecutions).toBe(2);
    expect(rt.functions.metrics('Test/Reader').ColdStarts).toBe(0);

    // Factor 1: the same records one at a time, in shard order.
    const rt1 = await startRuntime(plan(1));
    for (let i = 1; i <= 3; i++) {
      put(rt1, 'Test/Clicks', ka, `a${i}`);
      put(rt1, 'Test/Clicks', kb, `b${i}`);
    }
    await rt1.sim.run();
    expect(calls(rt1, 'Test/Reader').map((x) => x.data[0])).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(rt1.functions.metrics('Test/Reader').ConcurrentExecutions).toBe(1);
  });

  it('with ReportBatchItemFailures retries from the lowest failed sequence number; the records before it are not retried', async () => {
    // First call: report records 3 and 4 (index 2, 3) as failed; then succeed.
    const handler = kinesisHandler(
      0,
      `globalThis.n = (globalThis.n ?? 0) + 1;
  if (globalThis.n === 1) return { batchItemFailures: [{ itemIdentifier: seqs[3] }, { itemIdentifier: seqs[2] }] };
  return { batchItemFailures: [] };`,
    );
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', handler)], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { reportBatchItemFailures: true })] }),
    );
    const inputs = ['r0', 'r1', 'r2', 'r3', 'r4'].map((d) => put(rt, 'Test/Clicks', 'k', d));
    await rt.sim.run();
    const c = calls(rt, 'Test/Reader');
    expect(c.map((x) => x.data)).toEqual([
      ['r0', 'r1', 'r2', 'r3', 'r4'],
      ['r2', 'r3', 'r4'],
    ]);
    expect(c[1]!.t - c[0]!.t).toBeGreaterThanOrEqual(STREAM_RETRY_START_MS);
    expect(c[1]!.t - c[0]!.t).toBeLessThan(STREAM_RETRY_START_MS + SLACK);
    expect(inputs.map((i) => [i.disposition, i.attempts])).toEqual([
      ['processed', 1],
      ['processed', 1],
      ['processed', 2],
      ['processed', 2],
      ['processed', 2],
    ]);
    // r0 and r1 were done at the first call's end, r2-r4 at the second's.
    expect(inputs[1]!.endedAt!).toBeLessThan(c[1]!.t / 1000);
    expect(inputs[2]!.endedAt!).toBeGreaterThanOrEqual(c[1]!.t / 1000);
  });

  it('with ReportBatchItemFailures retries the whole batch when an itemIdentifier is not in it', async () => {
    const handler = kinesisHandler(
      0,
      `globalThis.n = (globalThis.n ?? 0) + 1;
  if (globalThis.n === 1) return { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] };
  return {};`,
    );
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', handler)], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { reportBatchItemFailures: true })] }),
    );
    const inputs = ['r0', 'r1'].map((d) => put(rt, 'Test/Clicks', 'k', d));
    await rt.sim.run();
    expect(calls(rt, 'Test/Reader').map((x) => x.data)).toEqual([
      ['r0', 'r1'],
      ['r0', 'r1'],
    ]);
    expect(inputs.map((i) => [i.disposition, i.attempts])).toEqual([
      ['processed', 2],
      ['processed', 2],
    ]);
  });

  it('filters records on data fields: the others are discarded without an invocation', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', kinesisHandler())],
        streams: [stream('Clicks')],
        mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { filters: [{ Pattern: '{"data": {"kind": ["keep"]}}' }] })],
      }),
    );
    const inputs = ['{"kind": "keep", "n": 1}', '{"kind": "drop", "n": 2}', 'kind keep', '{"kind": "keep", "n": 4}'].map((d) => put(rt, 'Test/Clicks', 'k', d));
    await rt.sim.run();
    expect(calls(rt, 'Test/Reader').map((x) => x.data)).toEqual([['{"kind": "keep", "n": 1}', '{"kind": "keep", "n": 4}']]);
    expect(inputs.map((i) => i.disposition)).toEqual(['processed', 'discarded', 'discarded', 'processed']);
    expect(inputs[1]!.reason).toBe('matched none of the filters of Test/Reader/ClicksSource');
    expect(inputs[1]!.attempts).toBe(0);
    expect(rt.functions.metrics('Test/Reader').Invocations).toBe(1);
  });

  it('waits up to the batching window for a full batch, and not at all once the batch is full', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', kinesisHandler())], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 3, maxBatchingWindowSeconds: 5 })] }),
    );
    put(rt, 'Test/Clicks', 'k', 'a');
    put(rt, 'Test/Clicks', 'k', 'b');
    rt.sim.at(10_000, () => ['c', 'd', 'e'].forEach((d) => put(rt, 'Test/Clicks', 'k', d)));
    await rt.sim.run();
    const c = calls(rt, 'Test/Reader');
    expect(c.map((x) => x.data)).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    // The first call's handler started after the cold start that followed the window's end.
    // (Init Duration is measured in the main thread and the handler's time in the worker: they may differ by a fraction of a millisecond.)
    const firstStart = c[0]!.t - firstInitMs(rt, 'Test/Reader');
    expect(firstStart).toBeGreaterThanOrEqual(4999);
    expect(firstStart).toBeLessThan(5000 + SLACK);
    expect(c[1]!.t).toBeGreaterThanOrEqual(10_000);
    expect(c[1]!.t).toBeLessThan(10_000 + SLACK);
  });
});

describe('Kinesis batches and the 6 MB payload', () => {
  // AWS: an event source mapping's batch is at most the batch size or 6 MB of invocation payload
  // (Lambda's synchronous invocation limit), whichever comes first.
  it('cuts a batch before its event would pass 6 MB: ten 1 MB records with batchSize 100 make batches of 4, 4 and 2, in order', async () => {
    const count = 'export const handler = async (e) => { console.log(JSON.stringify({ n: e.Records.length, size: JSON.stringify(e).length, first: e.Records[0].kinesis.partitionKey })); };';
    const rt = await startRuntime(testPlan({ functions: [fn('Reader', count)], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 100, maxBatchingWindowSeconds: 5 })] }));
    const data = Buffer.alloc(1_000_000, 1);
    for (let i = 0; i < 10; i++) {
      const input = rt.ledger.create(0, 'Test/Clicks');
      rt.streams.putRecord('Test/Clicks', `k${i}`, data, input);
    }
    await rt.sim.run();
    const batches = logged<{ n: number; size: number; first: string }>(rt, 'Test/Reader').map((l) => l.value);
    expect(batches.map((b) => b.n)).toEqual([4, 4, 2]);
    expect(batches.map((b) => b.first)).toEqual(['k0', 'k4', 'k8']);
    for (const b of batches) expect(b.size).toBeLessThanOrEqual(6_291_456);
    // A batch the size limit filled does not wait for the batching window (5 s; the handler's own work on 4 MB of
    // event takes wall time, which the simulated clock follows, so the bound is half the window, not SLACK).
    expect(logged(rt, 'Test/Reader')[0]!.t - firstInitMs(rt, 'Test/Reader')).toBeLessThan(2_500);
    expect(rt.ledger.inputs.every((i) => i.disposition === 'processed')).toBe(true);
  });
});

// ------------------------------------------------------------------ DynamoDB streams

interface DdbRecord {
  eventID: string;
  eventName: string;
  dynamodb: { SequenceNumber: string } & Record<string, unknown>;
}

const TABLE_STREAM_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Test-Orders/stream/2026-01-01T00:00:00.000`;

function putItem(rt: Runtime, item: Record<string, unknown>) {
  const input = rt.ledger.create(0, 'Test/Orders');
  rt.streams.putItem('Test/Orders', item, input);
  return input;
}

describe('DynamoDB stream mappings', () => {
  const ordersTable = (viewType: 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE') => table('Orders', { partitionKey: { name: 'Id', type: 'N' }, stream: { arn: TABLE_STREAM_ARN, viewType } });

  it('sends INSERT then MODIFY records with keys, both images, sequence numbers and sizes (NEW_AND_OLD_IMAGES)', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', 'export const handler = async (event) => { console.log(JSON.stringify(event)); };')], tables: [ordersTable('NEW_AND_OLD_IMAGES')], mappings: [streamMapping('dynamodb', 'Orders', 'Reader')] }),
    );
    const first = putItem(rt, { Id: { N: '101' }, Message: { S: 'New item!' } });
    const second = putItem(rt, { Id: { N: '101' }, Message: { S: 'This item has changed' } });
    await rt.sim.run();
    const events = logged<{ Records: DdbRecord[] }>(rt, 'Test/Reader');
    expect(events).toHaveLength(1);
    const [insert, modify] = events[0]!.value.Records;
    expect(insert!.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(modify!.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(modify!.eventID).not.toBe(insert!.eventID);
    const s1 = insert!.dynamodb.SequenceNumber;
    const s2 = modify!.dynamodb.SequenceNumber;
    expect(s1).toMatch(/^\d{21}$/);
    expect(BigInt(s2) > BigInt(s1)).toBe(true);
    // The sizes of AWS's own example (Id 101, "New item!" → "This item has changed"): 26 and 59 bytes.
    expect(events[0]!.value.Records).toEqual([
      {
        eventID: insert!.eventID,
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: REGION,
        dynamodb: { ApproximateCreationDateTime: START / 1000, Keys: { Id: { N: '101' } }, NewImage: { Id: { N: '101' }, Message: { S: 'New item!' } }, SequenceNumber: s1, SizeBytes: 26, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        eventSourceARN: TABLE_STREAM_ARN,
      },
      {
        eventID: modify!.eventID,
        eventName: 'MODIFY',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: REGION,
        dynamodb: {
          ApproximateCreationDateTime: START / 1000,
          Keys: { Id: { N: '101' } },
          NewImage: { Id: { N: '101' }, Message: { S: 'This item has changed' } },
          OldImage: { Id: { N: '101' }, Message: { S: 'New item!' } },
          SequenceNumber: s2,
          SizeBytes: 59,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: TABLE_STREAM_ARN,
      },
    ]);
    expect([first.disposition, second.disposition]).toEqual(['processed', 'processed']);
  });

  it('KEYS_ONLY records carry no images', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', 'export const handler = async (event) => { console.log(JSON.stringify(event)); };')], tables: [ordersTable('KEYS_ONLY')], mappings: [streamMapping('dynamodb', 'Orders', 'Reader')] }),
    );
    putItem(rt, { Id: { N: '101' }, Message: { S: 'New item!' } });
    putItem(rt, { Id: { N: '101' }, Message: { S: 'changed' } });
    await rt.sim.run();
    const records = logged<{ Records: DdbRecord[] }>(rt, 'Test/Reader')[0]!.value.Records;
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    for (const r of records) {
      expect(r.dynamodb).toEqual({ ApproximateCreationDateTime: START / 1000, Keys: { Id: { N: '101' } }, SequenceNumber: r.dynamodb.SequenceNumber, SizeBytes: 5, StreamViewType: 'KEYS_ONLY' });
    }
  });

  it('refuses an item without its key attribute (nothing stored, no record); a put that changes nothing writes no record', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', 'export const handler = async (event) => { console.log(JSON.stringify(event)); };')], tables: [ordersTable('NEW_IMAGE')], mappings: [streamMapping('dynamodb', 'Orders', 'Reader')] }),
    );
    expect(() => putItem(rt, { Message: { S: 'no key' } })).toThrow(LambdaformError);
    expect(() => putItem(rt, { Message: { S: 'no key' } })).toThrow(/key attribute 'Id' as \{ N: \.\.\. \}/);
    expect(() => putItem(rt, { Id: { S: '101' } })).toThrow(/key attribute 'Id'/);
    const insert = putItem(rt, { Id: { N: '7' }, Message: { S: 'x' } });
    const same = putItem(rt, { Message: { S: 'x' }, Id: { N: '7' } });
    await rt.sim.run();
    const records = logged<{ Records: DdbRecord[] }>(rt, 'Test/Reader').flatMap((e) => e.value.Records);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT']);
    expect(insert.disposition).toBe('processed');
    expect(same.disposition).toBe('processed');
    expect(same.attempts).toBe(0);
  });

  it('describes a discarded batch with DDBStreamBatchInfo', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', 'export const handler = async (event, context) => { console.log(JSON.stringify(context.awsRequestId)); throw new Error("no"); };')],
        queues: [queue('Failures')],
        tables: [ordersTable('NEW_AND_OLD_IMAGES')],
        mappings: [streamMapping('dynamodb', 'Orders', 'Reader', { maxRetryAttempts: 1, onFailure: { type: 'sqs', id: 'Test/Failures', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Failures` } })],
      }),
    );
    rt.sim.at(1500, () => {
      putItem(rt, { Id: { N: '1' } });
      putItem(rt, { Id: { N: '2' } });
    });
    await rt.sim.run();
    const ids = logged<string>(rt, 'Test/Reader');
    expect(ids).toHaveLength(2);
    const messages = rt.queue('Test/Failures').pending();
    expect(messages).toHaveLength(1);
    const record = JSON.parse(messages[0]!.body) as { DDBStreamBatchInfo: { startSequenceNumber: string; endSequenceNumber: string } };
    const { startSequenceNumber, endSequenceNumber } = record.DDBStreamBatchInfo;
    // Given up right after the second invocation, which came 1 s after the first.
    expect(ids[1]!.t - ids[0]!.t).toBeGreaterThanOrEqual(1000);
    expect(ids[1]!.t - ids[0]!.t).toBeLessThan(1000 + SLACK);
    const discardedAt = Date.parse((record as unknown as { timestamp: string }).timestamp) - START;
    expect(discardedAt).toBeGreaterThanOrEqual(ids[1]!.t);
    expect(discardedAt).toBeLessThan(ids[1]!.t + SLACK);
    expect(BigInt(endSequenceNumber) > BigInt(startSequenceNumber)).toBe(true);
    expect(record).toEqual({
      requestContext: { requestId: ids[1]!.value, functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Test-Reader`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^2026-01-01T00:00:0\d\.\d{3}Z$/) as unknown,
      // Stream record times are whole seconds.
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/) as unknown,
        startSequenceNumber,
        endSequenceNumber,
        approximateArrivalOfFirstRecord: '2026-01-01T00:00:01Z',
        approximateArrivalOfLastRecord: '2026-01-01T00:00:01Z',
        batchSize: 2,
        streamArn: TABLE_STREAM_ARN,
      },
    });
  });
});

describe('attributesSize', () => {
  it('counts item sizes as DynamoDB does', () => {
    expect(attributesSize({ Id: { N: '101' } })).toBe(5);
    expect(attributesSize({ a: { S: 'héllo' } })).toBe(1 + 6);
    expect(attributesSize({ n: { N: '-12.3400' } })).toBe(1 + 3);
    expect(attributesSize({ b: { BOOL: true }, z: { NULL: true } })).toBe(4);
    expect(attributesSize({ l: { L: [{ S: 'ab' }, { N: '1' }] } })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(attributesSize({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(attributesSize({ s: { SS: ['a', 'bc'] } })).toBe(1 + 3);
  });
});

describe('sequence numbers', () => {
  it('increase with arrival, as numbers and as text, across 9 -> 10, 99 -> 100 and beyond (Kinesis: 56 digits; DynamoDB streams: 21)', () => {
    const seqs = [1n, 2n, 9n, 10n, 11n, 99n, 100n, 101n, 999n, 1000n, 123456789n, 10n ** 15n];
    for (const [make, digits] of [[kinesisSequenceNumber, 56], [dynamoDbSequenceNumber, 21]] as const) {
      const numbers = seqs.map(make);
      for (const n of numbers) expect(n).toMatch(new RegExp(`^[1-9][0-9]{${digits - 1}}$`));
      for (let i = 1; i < numbers.length; i++) {
        expect(BigInt(numbers[i]!)).toBeGreaterThan(BigInt(numbers[i - 1]!));
        expect(numbers[i]! > numbers[i - 1]!).toBe(true);
      }
    }
  });
});
