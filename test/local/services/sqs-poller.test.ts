/**
 * SQS event source mappings end to end: real handlers in worker threads polled from simulated
 * queues. Receives happen when no handler runs, so the times they imply (visibility timeouts,
 * delays, windows) are exact; what a handler logs is stamped with the simulated time it ran
 * (cold starts and handler durations included), so those times are compared with a tolerance.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InputRecord } from '../../../lib/local/ledger.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, queue, sqsMapping, startRuntime, testPlan } from '../helpers.js';

/** The simulated epoch at time 0 (startRuntime's default). */
const START = Date.UTC(2026, 0, 1);
/** How long after the time a receive implies a handler may log (cold start, handler, a loaded machine). */
const SLACK_S = 5;

interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
}

/** What a handler logged (one JSON value per console.log), with the simulated second it logged at. */
function logged<T>(rt: Runtime, fnName: string): Array<{ t: number; value: T }> {
  const out: Array<{ t: number; value: T }> = [];
  for (const line of rt.functions.logs(`Test/${fnName}`)) {
    const m = /^(\S+)\t\S+\tINFO\t(.*)$/s.exec(line);
    if (m) out.push({ t: (Date.parse(m[1]!) - START) / 1000, value: JSON.parse(m[2]!) as T });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** `t` (simulated seconds) is at or after `expected`, within SLACK_S. */
function expectAround(t: number, expected: number): void {
  expect(t).toBeGreaterThanOrEqual(expected - 0.001);
  expect(t).toBeLessThan(expected + SLACK_S);
}

/** Sends `body` to `Test/<queueName>` as a new input; returns the input and the message id the queue gave it. */
function send(rt: Runtime, queueName: string, body: string, options: Parameters<Runtime['sendMessage']>[3] = {}): { input: InputRecord; messageId: string } {
  const id = `Test/${queueName}`;
  const input = rt.ledger.create(0, id);
  rt.sendMessage(id, body, input, options);
  return { input, messageId: rt.queue(id).pending().at(-1)!.messageId };
}

const metrics = (rt: Runtime, name: string) => rt.functions.metrics(`Test/${name}`);

describe('redrive through a mapping', () => {
  it('an always-failing handler: N receives (N invocations, receive counts 1..N, one per visibility timeout), then the DLQ at N·V with the message’s id and body; maxReceiveCount 1 is one invocation', async () => {
    const failing = 'export const handler = async (event) => { console.log(JSON.stringify(event.Records)); throw new Error("no"); };';
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Fail4', failing), fn('Fail1', failing)],
        queues: [
          queue('Dlq4'),
          queue('Dlq1'),
          queue('Jobs4', { visibilityTimeoutSeconds: 30, deadLetter: { queue: 'Test/Dlq4', maxReceiveCount: 4 } }),
          queue('Jobs1', { visibilityTimeoutSeconds: 30, deadLetter: { queue: 'Test/Dlq1', maxReceiveCount: 1 } }),
        ],
        mappings: [sqsMapping('Jobs4', 'Fail4'), sqsMapping('Jobs1', 'Fail1')],
      }),
    );
    const four = send(rt, 'Jobs4', 'poison four');
    const one = send(rt, 'Jobs1', 'poison one');
    await rt.sim.run();

    const calls = logged<SqsRecord[]>(rt, 'Fail4');
    expect(calls.map((c) => c.value.length)).toEqual([1, 1, 1, 1]);
    calls.forEach((c, i) => expectAround(c.t, i * 30));
    expect(calls.map((c) => c.value[0]!.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3', '4']);
    // Every receive shows when the message was sent and first received (both at time 0).
    expect(new Set(calls.map((c) => `${c.value[0]!.attributes.SentTimestamp}/${c.value[0]!.attributes.ApproximateFirstReceiveTimestamp}`))).toEqual(new Set([`${START}/${START}`]));
    expect(new Set(calls.map((c) => c.value[0]!.messageId))).toEqual(new Set([four.messageId]));
    expect(new Set(calls.map((c) => c.value[0]!.receiptHandle)).size).toBe(4);
    expect(four.input).toMatchObject({ disposition: 'deadLetter', where: 'Test/Dlq4', attempts: 4, receives: 4 });
    expectAround(four.input.endedAt!, 120);
    expect(metrics(rt, 'Fail4')).toMatchObject({ Invocations: 4, Errors: 4 });
    expect(rt.queue('Test/Jobs4').counts).toEqual({ sent: 1, deleted: 0, movedToDeadLetter: 1, expired: 0 });
    expect(rt.queue('Test/Dlq4').pending().map((m) => [m.messageId, m.body])).toEqual([[four.messageId, 'poison four']]);

    expect(logged(rt, 'Fail1').length).toBe(1);
    expect(one.input).toMatchObject({ disposition: 'deadLetter', where: 'Test/Dlq1', attempts: 1, receives: 1 });
    expectAround(one.input.endedAt!, 30);
    expect(metrics(rt, 'Fail1')).toMatchObject({ Invocations: 1, Errors: 1 });
    expect(rt.queue('Test/Dlq1').pending().map((m) => [m.messageId, m.body])).toEqual([[one.messageId, 'poison one']]);
  });
});

describe('the event Lambda sends', () => {
  it('standard and FIFO records have the keys, key order and values of the AWS documentation’s examples', async () => {
    const logEvent = 'export const handler = async (event) => { console.log(JSON.stringify(event)); };';
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Std', logEvent), fn('Fifo', logEvent)],
        queues: [queue('Jobs'), queue('Orders', { fifo: true, contentBasedDeduplication: true })],
        mappings: [sqsMapping('Jobs', 'Std'), sqsMapping('Orders', 'Fifo')],
      }),
    );
    const std = send(rt, 'Jobs', 'Test message.', { attributes: { color: { dataType: 'String', stringValue: 'red' } } });
    const f1 = send(rt, 'Orders', 'Test message.', { groupId: 'g1' });
    const f2 = send(rt, 'Orders', 'second', { groupId: 'g2', deduplicationId: 'dedup-2' });
    await rt.sim.run();

    const [stdEvent] = logged<{ Records: SqsRecord[] }>(rt, 'Std');
    expect(Object.keys(stdEvent!.value)).toEqual(['Records']);
    const [rec] = stdEvent!.value.Records;
    expect(Object.keys(rec!)).toEqual(['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion']);
    expect(Object.keys(rec!.attributes)).toEqual(['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']);
    expect(rec).toEqual({
      messageId: std.messageId,
      receiptHandle: expect.stringMatching(/^\S+$/),
      body: 'Test message.',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(START), SenderId: 'AROAEXAMPLE:lambdaform', ApproximateFirstReceiveTimestamp: String(START) },
      messageAttributes: { color: { stringValue: 'red', stringListValues: [], binaryListValues: [], dataType: 'String' } },
      // The MD5 of "Test message." in the AWS documentation's example.
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:Test-Jobs',
      awsRegion: 'us-east-1',
    });
    expect(Object.keys(rec!.messageAttributes['color'] as object)).toEqual(['stringValue', 'stringListValues', 'binaryListValues', 'dataType']);

    const fifo = logged<{ Records: SqsRecord[] }>(rt, 'Fifo').flatMap((c) => c.value.Records);
    expect(fifo.map((r) => r.body)).toEqual(['Test message.', 'second']);
    expect(Object.keys(fifo[0]!.attributes)).toEqual(['ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp']);
    expect(fifo[0]).toEqual({
      messageId: f1.messageId,
      receiptHandle: expect.stringMatching(/^\S+$/),
      body: 'Test message.',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(START),
        SequenceNumber: '00000000000000000001',
        MessageGroupId: 'g1',
        SenderId: 'AROAEXAMPLE:lambdaform',
        // Content-based deduplication: the SHA-256 of the body.
        MessageDeduplicationId: createHash('sha256').update('Test message.').digest('hex'),
        // Received at time 0, or just after if the other mapping's handler was already running.
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:Test-Orders.fifo',
      awsRegion: 'us-east-1',
    });
    expectAround((Number(fifo[0]!.attributes.ApproximateFirstReceiveTimestamp) - START) / 1000, 0);
    expect(fifo[1]).toMatchObject({ messageId: f2.messageId, md5OfBody: createHash('md5').update('second').digest('hex'), attributes: { SequenceNumber: '00000000000000000002', MessageGroupId: 'g2', MessageDeduplicationId: 'dedup-2' } });
    expect(std.input.disposition).toBe('processed');
  });

  for (const handlers of ['worker-threads', 'in-process'] as const) {
    it(`${handlers}: md5OfBody is the MD5 of the body as sent, read after the handler changed the body; in its place among the keys; assignable`, async () => {
      // The runtime sends the records without md5OfBody and the keys after it; the handler's side adds them, the MD5 made when read.
      const source = `export const handler = async (event) => {
  const [a, b] = event.Records;
  const keys = Object.keys(a);
  a.body = 'changed';
  const changed = a.md5OfBody;
  const spread = { ...b }.md5OfBody;
  b.md5OfBody = 'mine';
  console.log(JSON.stringify({ keys, changed, spread, mine: JSON.parse(JSON.stringify(b)).md5OfBody, own: Reflect.ownKeys(b).length, region: b.awsRegion }));
};`;
      const rt = await startRuntime(testPlan({ functions: [fn('Md5', source)], queues: [queue('Jobs')], mappings: [sqsMapping('Jobs', 'Md5', { batchSize: 2 })] }), { handlers });
      send(rt, 'Jobs', 'first');
      send(rt, 'Jobs', 'Grüße 🎉');
      await rt.sim.run();
      const [seen] = logged<Record<string, unknown>>(rt, 'Md5');
      expect(seen!.value).toEqual({
        keys: ['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion'],
        changed: createHash('md5').update('first').digest('hex'),
        spread: createHash('md5').update('Grüße 🎉').digest('hex'),
        mine: 'mine',
        own: 9,
        region: 'us-east-1',
      });
    });
  }
});

describe('ReportBatchItemFailures', () => {
  // One function behind ten mappings; queue k gets its 10 messages at k seconds, so one warm environment serves them all.
  const cases = [
    { queue: 'Two', firstDeleted: 8, retried: ['2', '7'] },
    { queue: 'EmptyList', firstDeleted: 10, retried: [] },
    { queue: 'NullList', firstDeleted: 10, retried: [] },
    { queue: 'EmptyObject', firstDeleted: 10, retried: [] },
    { queue: 'Null', firstDeleted: 10, retried: [] },
    { queue: 'UnknownId', firstDeleted: 0, retried: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    { queue: 'EmptyId', firstDeleted: 0, retried: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    { queue: 'NullId', firstDeleted: 0, retried: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    { queue: 'BadKey', firstDeleted: 0, retried: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    // The mapping does not report failures: the response is ignored and the batch succeeded.
    { queue: 'NotReported', firstDeleted: 10, retried: [] },
  ];
  const handler = `
export const handler = async (event) => {
  const r = event.Records;
  const name = r[0].eventSourceARN.split(':').pop().slice('Test-'.length);
  console.log(JSON.stringify({ queue: name, records: r.map((x) => [x.body, x.attributes.ApproximateReceiveCount]) }));
  if (r[0].attributes.ApproximateReceiveCount !== '1') return {};
  switch (name) {
    case 'Two': case 'NotReported': return { batchItemFailures: r.filter((x) => x.body === '2' || x.body === '7').map((x) => ({ itemIdentifier: x.messageId })) };
    case 'EmptyList': return { batchItemFailures: [] };
    case 'NullList': return { batchItemFailures: null };
    case 'EmptyObject': return {};
    case 'Null': return null;
    case 'UnknownId': return { batchItemFailures: [{ itemIdentifier: r[0].messageId }, { itemIdentifier: 'not-in-this-batch' }] };
    case 'EmptyId': return { batchItemFailures: [{ itemIdentifier: '' }] };
    case 'NullId': return { batchItemFailures: [{ itemIdentifier: null }] };
    case 'BadKey': return { batchItemFailures: [{ itemidentifier: r[0].messageId }] };
  }
};`;

  it('deletes the messages not reported; an empty or null list, {} or null deletes all; an unknown, empty, null or misnamed itemIdentifier fails the whole batch; without ReportBatchItemFailures the response is ignored', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reporter', handler)],
        queues: cases.map((c) => queue(c.queue, { visibilityTimeoutSeconds: 30 })),
        mappings: cases.map((c) => sqsMapping(c.queue, 'Reporter', { reportBatchItemFailures: c.queue !== 'NotReported' })),
      }),
    );
    const inputs = new Map<string, InputRecord[]>();
    cases.forEach((c, k) => {
      inputs.set(c.queue, []);
      rt.sim.at(k * 1000, () => {
        for (let i = 0; i < 10; i++) inputs.get(c.queue)!.push(send(rt, c.queue, String(i)).input);
      });
    });

    await rt.sim.run(29_500);
    for (const c of cases) {
      const q = rt.queue(`Test/${c.queue}`);
      expect([c.queue, q.counts.deleted, q.inFlight]).toEqual([c.queue, c.firstDeleted, 10 - c.firstDeleted]);
    }
    await rt.sim.run();

    const calls = logged<{ queue: string; records: Array<[string, string]> }>(rt, 'Reporter');
    cases.forEach((c, k) => {
      const mine = calls.filter((x) => x.value.queue === c.queue);
      expect([c.queue, mine.length]).toEqual([c.queue, c.retried.length > 0 ? 2 : 1]);
      expect(mine[0]!.value.records).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((b) => [b, '1']));
      expectAround(mine[0]!.t, k);
      if (c.retried.length > 0) {
        // Only the failed messages come back, after the visibility timeout.
        expect([c.queue, mine[1]!.value.records]).toEqual([c.queue, c.retried.map((b) => [b, '2'])]);
        expectAround(mine[1]!.t, k + 30);
      }
      expect([c.queue, rt.queue(`Test/${c.queue}`).counts]).toEqual([c.queue, { sent: 10, deleted: 10, movedToDeadLetter: 0, expired: 0 }]);
      for (const input of inputs.get(c.queue)!) {
        expect(input.disposition).toBe('processed');
        expect(input.endedAt! >= k + 30).toBe(c.retried.includes(String(inputs.get(c.queue)!.indexOf(input))));
      }
    });
    // Ten first batches, and five retried ones (Two and the four invalid responses).
    expect(metrics(rt, 'Reporter')).toMatchObject({ Invocations: 15, Errors: 0 });
  });
});

describe('failed invocations', () => {
  it('a handler error, or a timeout, returns the whole batch after the visibility timeout', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [
          fn('Throws', 'export const handler = async (event) => { console.log(JSON.stringify(event.Records.map((r) => [r.messageId, r.attributes.ApproximateReceiveCount]))); if (event.Records[0].attributes.ApproximateReceiveCount === "1") throw new Error("first time"); };'),
          fn(
            'Hangs',
            'export const handler = async (event) => { console.log(JSON.stringify(event.Records.map((r) => [r.messageId, r.attributes.ApproximateReceiveCount]))); if (event.Records[0].attributes.ApproximateReceiveCount === "1") await new Promise((r) => setTimeout(r, 60_000)); };',
            { timeoutSeconds: 1 },
          ),
        ],
        queues: [queue('ErrJobs', { visibilityTimeoutSeconds: 10 }), queue('SlowJobs', { visibilityTimeoutSeconds: 5 })],
        mappings: [sqsMapping('ErrJobs', 'Throws'), sqsMapping('SlowJobs', 'Hangs')],
      }),
    );
    const errIds = ['a', 'b', 'c'].map((b) => send(rt, 'ErrJobs', b).messageId);
    const slowIds = ['a', 'b', 'c'].map((b) => send(rt, 'SlowJobs', b).messageId);
    await rt.sim.run(4_900);
    expect([rt.queue('Test/SlowJobs').inFlight, rt.queue('Test/ErrJobs').inFlight]).toEqual([3, 3]);
    await rt.sim.run();

    const thrown = logged<Array<[string, string]>>(rt, 'Throws');
    expect(thrown.map((c) => c.value)).toEqual([errIds.map((id) => [id, '1']), errIds.map((id) => [id, '2'])]);
    expectAround(thrown[1]!.t, 10);
    // (What the timed-out invocation logged is lost with its environment: only the second call's line is there.)
    const hung = logged<Array<[string, string]>>(rt, 'Hangs');
    expect(hung.map((c) => c.value).at(-1)).toEqual(slowIds.map((id) => [id, '2']));
    expectAround(hung.at(-1)!.t, 5);
    for (const name of ['Throws', 'Hangs']) expect(metrics(rt, name)).toMatchObject({ Invocations: 2, Errors: 1 });
    expect(rt.functions.logs('Test/Hangs').some((l) => /Task timed out after 1\.00 seconds/.test(l))).toBe(true);
    // The timed-out environment was replaced: two cold starts.
    expect(metrics(rt, 'Hangs').ColdStarts).toBe(2);
    expect(rt.queue('Test/SlowJobs').counts.deleted).toBe(3);
    expect(rt.queue('Test/ErrJobs').counts.deleted).toBe(3);
  });
});

describe('batch size and batching window', () => {
  it('window 0: 25 messages in batches of 10, 10 and 5 at once; a window gathers up to it (30 of 100 at 20 s); a full batch, or 6 MB of event, goes before the window ends; FIFO has no window', async () => {
    const logSize = 'export const handler = async (event) => { console.log(JSON.stringify({ queue: event.Records[0].eventSourceARN.split(":").pop(), n: event.Records.length, bytes: Buffer.byteLength(JSON.stringify(event)), bodies: event.Records.map((r) => r.body.slice(0, 3)) })); };';
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Batch', logSize), fn('Window', logSize)],
        queues: [queue('NoWindow'), queue('Gather'), queue('Full'), queue('Big'), queue('Ordered', { fifo: true })],
        mappings: [
          sqsMapping('NoWindow', 'Batch', { batchSize: 10 }),
          sqsMapping('Gather', 'Window', { batchSize: 100, maxBatchingWindowSeconds: 20 }),
          sqsMapping('Full', 'Window', { batchSize: 10, maxBatchingWindowSeconds: 20 }),
          sqsMapping('Big', 'Window', { batchSize: 10, maxBatchingWindowSeconds: 20 }),
          sqsMapping('Ordered', 'Window', { batchSize: 10, maxBatchingWindowSeconds: 20 }),
        ],
      }),
    );
    for (let i = 0; i < 25; i++) send(rt, 'NoWindow', `n${i}`);
    for (let i = 0; i < 30; i++) send(rt, 'Gather', `g${i}`);
    for (let i = 0; i < 15; i++) send(rt, 'Full', `f${i}`);
    // Seven messages of 1 MiB: five make a 5.2 MB event, six would pass the 6 MB synchronous payload limit.
    for (let i = 0; i < 7; i++) send(rt, 'Big', `b${i}${'x'.repeat(1_048_576 - 2)}`);
    for (let i = 0; i < 3; i++) send(rt, 'Ordered', `o${i}`, { groupId: 'g', deduplicationId: String(i) });
    await rt.sim.run();

    type Size = { queue: string; n: number; bytes: number; bodies: string[] };
    const batches = logged<Size>(rt, 'Batch');
    expect(batches.map((b) => b.value.n).sort((a, b) => a - b)).toEqual([5, 10, 10]);
    for (const b of batches) expectAround(b.t, 0);
    expect(metrics(rt, 'Batch').Invocations).toBe(3);

    const of = (q: string) => logged<Size>(rt, 'Window').filter((c) => c.value.queue === `Test-${q}`);
    const gather = of('Gather');
    expect(gather.map((c) => c.value.n)).toEqual([30]);
    expectAround(gather[0]!.t, 20);
    const full = of('Full');
    expect(full.map((c) => c.value.n)).toEqual([10, 5]);
    expectAround(full[0]!.t, 0);
    expectAround(full[1]!.t, 20);
    const big = of('Big');
    expect(big.map((c) => c.value.n)).toEqual([5, 2]);
    expect(big.map((c) => c.value.bodies)).toEqual([['b0x', 'b1x', 'b2x', 'b3x', 'b4x'], ['b5x', 'b6x']]);
    expect(big[0]!.value.bytes).toBeGreaterThan(5 * 1_048_576);
    expect(big[0]!.value.bytes).toBeLessThanOrEqual(6_291_456);
    expectAround(big[0]!.t, 0);
    expectAround(big[1]!.t, 20);
    const ordered = of('Ordered.fifo');
    expect(ordered.map((c) => c.value.bodies)).toEqual([['o0', 'o1', 'o2']]);
    expectAround(ordered[0]!.t, 0);
  });

  it('a window receives the messages when it opens: their visibility timeout runs while they are gathered (receives at 0, 60 and 120 s, invocations 20 s later each, the DLQ at 180 s), and ApproximateFirstReceiveTimestamp is the first receive', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Fails', 'export const handler = async (event) => { for (const r of event.Records) console.log(JSON.stringify([r.attributes.ApproximateReceiveCount, r.attributes.ApproximateFirstReceiveTimestamp])); throw new Error("no"); };')],
        queues: [queue('JobsDlq'), queue('Jobs', { visibilityTimeoutSeconds: 60, deadLetter: { queue: 'Test/JobsDlq', maxReceiveCount: 3 } })],
        mappings: [sqsMapping('Jobs', 'Fails', { batchSize: 10, maxBatchingWindowSeconds: 20 })],
      }),
    );
    const { input } = send(rt, 'Jobs', 'job');
    await rt.sim.run();
    const calls = logged<[string, string]>(rt, 'Fails');
    expect(calls.map((c) => c.value)).toEqual([
      ['1', String(START)],
      ['2', String(START)],
      ['3', String(START)],
    ]);
    [20, 80, 140].forEach((t, i) => expectAround(calls[i]!.t, t));
    expect(input).toMatchObject({ disposition: 'deadLetter', where: 'Test/JobsDlq', attempts: 3 });
    expectAround(input.endedAt!, 180);
  });

  it.each([10, 2])('a message gathered again after its visibility timeout ended during the window is in the batch once, and counts once toward the batch size (%i)', async (batchSize) => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Counts', 'export const handler = async (event) => { console.log(JSON.stringify(event.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount]))); };')],
        queues: [queue('Short', { visibilityTimeoutSeconds: 5 })],
        mappings: [sqsMapping('Short', 'Counts', { batchSize, maxBatchingWindowSeconds: 12 })],
      }),
    );
    const { input } = send(rt, 'Short', 'a');
    await rt.sim.run();
    const calls = logged<Array<[string, string]>>(rt, 'Counts');
    // Received at 0, back at 5, received again at 5 (and at 10) by the same gathering poller; invoked once at 12.
    expect(calls.map((c) => c.value)).toEqual([[['a', '3']]]);
    expectAround(calls[0]!.t, 12);
    expect(input.disposition).toBe('processed');
  });
});

describe('delay', () => {
  it('a delay of 60 s on the queue, on a message, or on a FIFO queue: the handler gets the message at 60 s', async () => {
    const logRecords = 'export const handler = async (event) => { console.log(JSON.stringify(event.Records.map((r) => [r.eventSourceARN.split(":").pop(), r.attributes.SentTimestamp, r.attributes.ApproximateFirstReceiveTimestamp]))); };';
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Late', logRecords)],
        queues: [queue('DelayQueue', { delaySeconds: 60 }), queue('Plain'), queue('DelayFifo', { fifo: true, delaySeconds: 60 })],
        mappings: [sqsMapping('DelayQueue', 'Late'), sqsMapping('Plain', 'Late'), sqsMapping('DelayFifo', 'Late')],
      }),
    );
    const a = send(rt, 'DelayQueue', 'q');
    const b = send(rt, 'Plain', 'm', { delaySeconds: 60 });
    const c = send(rt, 'DelayFifo', 'f', { groupId: 'g', deduplicationId: '1' });
    await rt.sim.run();
    const records = logged<Array<[string, string, string]>>(rt, 'Late').flatMap((x) => x.value.map((r) => ({ t: x.t, r })));
    expect(records.map((x) => [x.r[0], x.r[1]]).sort()).toEqual([
      ['Test-DelayFifo.fifo', String(START)],
      ['Test-DelayQueue', String(START)],
      ['Test-Plain', String(START)],
    ]);
    for (const x of records) {
      expectAround(x.t, 60);
      expectAround((Number(x.r[2]) - START) / 1000, 60);
    }
    for (const { input } of [a, b, c]) expect(input.disposition).toBe('processed');
  });
});

describe('FIFO ordering', () => {
  it('batch size 1: group A’s poison first message blocks A (its later messages wait, in order) while group B is processed; after 3 receives it moves to the DLQ and A goes on in order', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Ordered', 'export const handler = async (event) => { for (const r of event.Records) { console.log(JSON.stringify([r.body, r.attributes.ApproximateReceiveCount])); if (r.body === "A1") throw new Error("poison"); } };')],
        queues: [queue('OrdersDlq', { fifo: true }), queue('Orders', { fifo: true, visibilityTimeoutSeconds: 10, deadLetter: { queue: 'Test/OrdersDlq', maxReceiveCount: 3 } })],
        mappings: [sqsMapping('Orders', 'Ordered', { batchSize: 1 })],
      }),
    );
    const inputs: Record<string, InputRecord> = {};
    for (const body of ['A1', 'B1', 'A2', 'B2', 'A3', 'B3']) inputs[body] = send(rt, 'Orders', body, { groupId: body[0]!, deduplicationId: body }).input;
    await rt.sim.run();

    const calls = logged<[string, string]>(rt, 'Ordered');
    const groupA = calls.filter((c) => c.value[0].startsWith('A'));
    const groupB = calls.filter((c) => c.value[0].startsWith('B'));
    expect(groupB.map((c) => c.value)).toEqual([['B1', '1'], ['B2', '1'], ['B3', '1']]);
    for (const c of groupB) expectAround(c.t, 0);
    expect(groupA.map((c) => c.value)).toEqual([['A1', '1'], ['A1', '2'], ['A1', '3'], ['A2', '1'], ['A3', '1']]);
    [0, 10, 20, 30, 30].forEach((t, i) => expectAround(groupA[i]!.t, t));
    expect(inputs['A1']).toMatchObject({ disposition: 'deadLetter', where: 'Test/OrdersDlq', endedAt: 30, attempts: 3 });
    for (const b of ['B1', 'B2', 'B3']) expect(inputs[b]!.endedAt!).toBeLessThan(SLACK_S);
    for (const a of ['A2', 'A3']) {
      expect(inputs[a]!.disposition).toBe('processed');
      expect(inputs[a]!.endedAt!).toBeGreaterThanOrEqual(30);
    }
    expect(rt.queue('Test/OrdersDlq').pending().map((m) => [m.body, m.groupId])).toEqual([['A1', 'A']]);
  });

  it('batch size 10 with partial failures: a batch holds several messages of a group in order; the group’s later messages, reported back unprocessed, count receives too and follow the poison message to the DLQ', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [
          fn(
            'Partial',
            `export const handler = async (event) => {
  console.log(JSON.stringify(event.Records.map((r) => r.body + '#' + r.attributes.ApproximateReceiveCount)));
  const failed = new Set();
  const out = [];
  for (const r of event.Records) {
    const group = r.attributes.MessageGroupId;
    if (failed.has(group) || r.body === 'A1') { failed.add(group); out.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures: out };
};`,
          ),
        ],
        queues: [queue('PartialDlq', { fifo: true }), queue('Partial', { fifo: true, visibilityTimeoutSeconds: 10, deadLetter: { queue: 'Test/PartialDlq', maxReceiveCount: 3 } })],
        mappings: [sqsMapping('Partial', 'Partial', { batchSize: 10, reportBatchItemFailures: true })],
      }),
    );
    for (const body of ['A1', 'B1', 'A2', 'B2', 'A3', 'B3']) send(rt, 'Partial', body, { groupId: body[0]!, deduplicationId: body });
    await rt.sim.run();
    const calls = logged<string[]>(rt, 'Partial');
    expect(calls.map((c) => c.value)).toEqual([['A1#1', 'B1#1', 'A2#1', 'B2#1', 'A3#1', 'B3#1'], ['A1#2', 'A2#2', 'A3#2'], ['A1#3', 'A2#3', 'A3#3']]);
    [0, 10, 20].forEach((t, i) => expectAround(calls[i]!.t, t));
    expect(rt.queue('Test/Partial').counts).toEqual({ sent: 6, deleted: 3, movedToDeadLetter: 3, expired: 0 });
    expect(rt.queue('Test/PartialDlq').pending().map((m) => m.body)).toEqual(['A1', 'A2', 'A3']);
  });
});

describe('scaling', () => {
  it('200 messages and a slow handler: at most 5 concurrent batches at first, at most maxConcurrency (2) with it; after a minute with messages waiting, up to 300 more', async () => {
    const slow = 'export const handler = async () => { await new Promise((r) => setTimeout(r, 50)); };';
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Default', slow), fn('Capped', slow), fn('Grows', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); };')],
        queues: [queue('Many'), queue('Capped'), queue('Later')],
        mappings: [sqsMapping('Many', 'Default'), sqsMapping('Capped', 'Capped', { maxConcurrency: 2 }), sqsMapping('Later', 'Grows')],
      }),
    );
    // 60 messages now: 5 batches at a time, and messages wait, so the mapping scales up a minute after that first
    // poll (at 60 s: sent first, this queue is polled at exactly 0), when 60 more become visible: then their 6
    // batches run at once.
    for (let i = 0; i < 60; i++) send(rt, 'Later', String(i));
    for (let i = 0; i < 60; i++) send(rt, 'Later', String(i), { delaySeconds: 60 });
    for (let i = 0; i < 200; i++) {
      send(rt, 'Many', String(i));
      send(rt, 'Capped', String(i));
    }
    const grows = rt.pollers.find((p) => p.mapping.source === 'Test/Later')!;
    await rt.sim.run(1_000);
    expect(metrics(rt, 'Grows').ConcurrentExecutions).toBe(5);
    expect(grows.concurrency).toBe(5);
    await rt.sim.run();

    expect(metrics(rt, 'Default')).toMatchObject({ Invocations: 20, ConcurrentExecutions: 5, Throttles: 0 });
    expect(metrics(rt, 'Capped')).toMatchObject({ Invocations: 20, ConcurrentExecutions: 2, Throttles: 0 });
    expect(metrics(rt, 'Grows')).toMatchObject({ Invocations: 12, ConcurrentExecutions: 6, Throttles: 0 });
    // Back to 5 once the queue is empty.
    expect(grows.concurrency).toBe(5);
    for (const q of ['Many', 'Capped']) expect(rt.queue(`Test/${q}`).counts.deleted).toBe(200);
    expect(rt.queue('Test/Later').counts.deleted).toBe(120);
  });

  it('reserved concurrency 1 and 5 pollers: throttled batches are retried (1 s, 2 s, …) while their visibility timeout lasts, then come back with a higher receive count; with maxReceiveCount 1 they go to the DLQ never invoked', async () => {
    const handler = 'export const handler = async (event) => { if (event.Records) console.log(JSON.stringify(event.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount]))); await new Promise((r) => setTimeout(r, 50)); };';
    const rt = await startRuntime(
      testPlan({
        functions: [fn('One', handler, { reservedConcurrency: 1, timeoutSeconds: 4 }), fn('OneDlq', handler, { reservedConcurrency: 1, timeoutSeconds: 4 })],
        queues: [queue('Throttled', { visibilityTimeoutSeconds: 4 }), queue('ThrottledDlq'), queue('ThrottledRedrive', { visibilityTimeoutSeconds: 4, deadLetter: { queue: 'Test/ThrottledDlq', maxReceiveCount: 1 } })],
        mappings: [sqsMapping('Throttled', 'One', { batchSize: 1 }), sqsMapping('ThrottledRedrive', 'OneDlq', { batchSize: 1 })],
      }),
    );
    // Warm both functions first, so the timeline below does not depend on how long a cold start takes.
    const warm = ['One', 'OneDlq'].map((name) => rt.invoke({ function: `Test/${name}` }, '{}', 'RequestResponse', rt.ledger.create(0, `Test/${name}`)));
    await rt.sim.run();
    await Promise.all(warm);
    const t0 = rt.sim.now() / 1000;
    const plain = ['1', '2', '3', '4', '5'].map((b) => send(rt, 'Throttled', b).input);
    const redriven = ['1', '2', '3', '4', '5'].map((b) => send(rt, 'ThrottledRedrive', b).input);
    await rt.sim.run();

    // t0: 1 runs, 2-5 throttled; +1 s: 2 runs, 3-5 throttled; +3 s: 3 runs, 4-5 throttled, their next try (+7 s) is
    // past the visibility timeout (+4 s): given up; +4 s: 4 and 5 received again, 4 runs, 5 throttled; +5 s: 5 runs.
    const calls = logged<Array<[string, string]>>(rt, 'One');
    expect(calls.map((c) => c.value[0])).toEqual([['1', '1'], ['2', '1'], ['3', '1'], ['4', '2'], ['5', '2']]);
    [0, 1, 3, 4, 5].forEach((t, i) => {
      expect(calls[i]!.t).toBeGreaterThanOrEqual(t0 + t - 0.001);
      expect(calls[i]!.t).toBeLessThan(t0 + t + 0.5);
    });
    expect(metrics(rt, 'One')).toMatchObject({ Invocations: 6, Throttles: 10, ConcurrentExecutions: 1, Errors: 0 });
    expect(plain.map((i) => [i.disposition, i.receives, i.attempts])).toEqual([
      ['processed', 1, 1],
      ['processed', 1, 1],
      ['processed', 1, 1],
      ['processed', 2, 1],
      ['processed', 2, 1],
    ]);

    expect(logged<Array<[string, string]>>(rt, 'OneDlq').map((c) => c.value[0])).toEqual([['1', '1'], ['2', '1'], ['3', '1']]);
    expect(metrics(rt, 'OneDlq')).toMatchObject({ Invocations: 4, Throttles: 9 });
    expect(redriven.slice(3).map((i) => [i.disposition, i.where, i.receives, i.attempts])).toEqual([
      ['deadLetter', 'Test/ThrottledDlq', 1, 0],
      ['deadLetter', 'Test/ThrottledDlq', 1, 0],
    ]);
    for (const i of redriven.slice(3)) {
      expect(i.endedAt!).toBeGreaterThanOrEqual(t0 + 4 - 0.001);
      expect(i.endedAt!).toBeLessThan(t0 + 4.5);
    }
    expect(rt.queue('Test/ThrottledDlq').pending().map((m) => m.body)).toEqual(['4', '5']);
  });
});

describe('filters and enabled', () => {
  it('deletes messages that match none of the filters without invoking (input discarded with the reason); matching ones invoke', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Filtered', 'export const handler = async (event) => { console.log(JSON.stringify(event.Records.map((r) => r.body))); };')],
        queues: [queue('Mixed')],
        mappings: [sqsMapping('Mixed', 'Filtered', { filters: [{ body: { type: ['job'] } }, { body: [{ prefix: 'hel' }] }] })],
      }),
    );
    const bodies = ['{"type":"job","n":1}', '{"type":"other"}', 'hello', 'goodbye', '{"hello":1}'];
    const inputs = bodies.map((b) => send(rt, 'Mixed', b).input);
    await rt.sim.run();
    expect(logged(rt, 'Filtered').map((c) => c.value)).toEqual([['{"type":"job","n":1}', 'hello']]);
    expect(metrics(rt, 'Filtered').Invocations).toBe(1);
    expect(inputs.map((i) => i.disposition)).toEqual(['processed', 'discarded', 'processed', 'discarded', 'discarded']);
    for (const i of [inputs[1]!, inputs[3]!, inputs[4]!]) expect(i).toMatchObject({ reason: 'matched none of the filters of Test/Filtered/MixedSource', endedAt: 0, attempts: 0 });
    expect(rt.queue('Test/Mixed').counts).toEqual({ sent: 5, deleted: 5, movedToDeadLetter: 0, expired: 0 });
  });

  it('a disabled mapping never polls: the messages stay queued, and the run does not wait for their retention', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Off', 'export const handler = async () => {};')],
        queues: [queue('Idle', { retentionPeriodSeconds: 60 })],
        mappings: [sqsMapping('Idle', 'Off', { enabled: false })],
      }),
    );
    const { input } = send(rt, 'Idle', 'waiting');
    await rt.sim.run();
    expect(rt.sim.now()).toBe(0);
    expect(rt.queue('Test/Idle').visible).toBe(1);
    rt.sim.at(59_000, () => undefined, true);
    await rt.sim.run(59_000);
    expect(rt.queue('Test/Idle').visible).toBe(1);
    expect(input.disposition).toBeUndefined();
    expect(metrics(rt, 'Off').Invocations).toBe(0);
    await rt.sim.run(61_000);
    expect(input).toMatchObject({ disposition: 'discarded', endedAt: 60, attempts: 0 });
  });
});
