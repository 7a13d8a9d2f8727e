/**
 * The simulated SQS queue alone (no consumer): visibility timeout, receive counts, the redrive
 * policy, dead-letter queue retention, retention, delay, FIFO ordering and deduplication, and the
 * maximum message size. Nothing runs a handler here, so simulated times are exact.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import type { InputRecord } from '../../../lib/local/ledger.js';
import type { PlanQueue } from '../../../lib/local/plan/types.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import type { SqsMessage } from '../../../lib/local/services/sqs.js';
import { queue, startRuntime, testPlan } from '../helpers.js';

async function queues(...qs: PlanQueue[]): Promise<Runtime> {
  return startRuntime(testPlan({ queues: qs }));
}

/** Sends `body` to `Test/<name>` as a new input; returns the input and the message the queue holds for it. */
function send(rt: Runtime, name: string, body: string, options: Parameters<Runtime['sendMessage']>[3] = {}): { input: InputRecord; message: SqsMessage | undefined } {
  const id = `Test/${name}`;
  const input = rt.ledger.create(0, id);
  const before = rt.queue(id).counts.sent;
  rt.sendMessage(id, body, input, options);
  const q = rt.queue(id);
  return { input, message: q.counts.sent > before ? q.pending().at(-1) : undefined };
}

/** Moves the clock to `ms` (a background no-op there, so the clock gets there even with nothing else scheduled). */
async function runTo(rt: Runtime, ms: number): Promise<void> {
  rt.sim.at(ms, () => undefined, true);
  await rt.sim.run(ms);
}

function refusal(f: () => unknown): LambdaformError {
  try {
    f();
  } catch (e) {
    if (e instanceof LambdaformError) return e;
    throw e;
  }
  throw new Error('expected a LambdaformError, nothing was thrown');
}

describe('visibility timeout and receive counts', () => {
  it('hides a received message for exactly the visibility timeout, then returns it with its receive count; a stale receipt handle deletes nothing', async () => {
    const rt = await queues(queue('Jobs', { visibilityTimeoutSeconds: 45 }));
    const q = rt.queue('Test/Jobs');
    const { message } = send(rt, 'Jobs', 'a');
    const [m] = q.receive(10);
    expect(m).toBe(message);
    expect(m!.receiveCount).toBe(1);
    expect(m!.firstReceiveAt).toBe(0);
    expect([q.visible, q.inFlight, q.delayed]).toEqual([0, 1, 0]);
    expect(q.receive(10)).toEqual([]);
    const firstHandle = m!.receiptHandle!;

    await runTo(rt, 44_999);
    expect([q.visible, q.inFlight]).toEqual([0, 1]);
    await runTo(rt, 45_000);
    expect([q.visible, q.inFlight]).toEqual([1, 0]);

    const [again] = q.receive(10);
    expect(again).toBe(m);
    expect(again!.receiveCount).toBe(2);
    expect(again!.firstReceiveAt).toBe(0);
    expect(again!.receiptHandle).not.toBe(firstHandle);
    expect(q.delete(again!, firstHandle)).toBe(false);
    expect(q.delete(again!)).toBe(true);
    expect(q.delete(again!)).toBe(false);
    expect(q.counts).toEqual({ sent: 1, deleted: 1, movedToDeadLetter: 0, expired: 0 });
    expect([q.visible, q.inFlight, q.pending().length]).toEqual([0, 0, 0]);
  });

  it('ChangeMessageVisibility of one message of a received batch: it comes back at its new time, the others at the batch\'s', async () => {
    const rt = await queues(queue('Jobs', { visibilityTimeoutSeconds: 30 }));
    const q = rt.queue('Test/Jobs');
    send(rt, 'Jobs', 'a');
    send(rt, 'Jobs', 'b');
    send(rt, 'Jobs', 'c');
    const [a, b, c] = q.receive(10);
    // a: extended to 300 s; c: shortened to 10 s; b: the receive's 30 s.
    expect(q.changeVisibility(a!, a!.receiptHandle!, 300)).toBe(true);
    expect(q.changeVisibility(c!, c!.receiptHandle!, 10)).toBe(true);
    await runTo(rt, 10_000);
    expect([a!.state, b!.state, c!.state]).toEqual(['inflight', 'inflight', 'visible']);
    await runTo(rt, 30_000);
    expect([a!.state, b!.state, c!.state]).toEqual(['inflight', 'visible', 'visible']);
    await runTo(rt, 299_999);
    expect(a!.state).toBe('inflight');
    await runTo(rt, 300_000);
    expect(a!.state).toBe('visible');
    expect([q.visible, q.inFlight]).toEqual([3, 0]);
  });

  it('returns at most `max` messages in arrival order, and at most `maxBytes` of them (at least one)', async () => {
    const rt = await queues(queue('Jobs'));
    const q = rt.queue('Test/Jobs');
    for (let i = 0; i < 5; i++) send(rt, 'Jobs', `${i}`.repeat(100));
    expect(q.receive(2).map((m) => m.body[0])).toEqual(['0', '1']);
    // 100 bytes of body + 20 per message: two fit in 240 bytes, not three.
    expect(q.receive(10, 30, 240, 20).map((m) => m.body[0])).toEqual(['2', '3']);
    expect(q.receive(10, 30, 10, 0).map((m) => m.body[0])).toEqual(['4']);
    expect(q.visible).toBe(0);
  });
});

describe('redrive policy', () => {
  for (const maxReceiveCount of [1, 3]) {
    it(`moves a message to the dead-letter queue at the receive after its ${maxReceiveCount}${maxReceiveCount === 1 ? 'st' : 'rd'}, keeping its id, body, attributes and send time`, async () => {
      const rt = await queues(queue('Dlq'), queue('Jobs', { visibilityTimeoutSeconds: 20, deadLetter: { queue: 'Test/Dlq', maxReceiveCount } }));
      const q = rt.queue('Test/Jobs');
      const dlq = rt.queue('Test/Dlq');
      const { input, message } = send(rt, 'Jobs', 'poison', { attributes: { kind: { dataType: 'String', stringValue: 'x' } } });
      for (let i = 1; i <= maxReceiveCount; i++) {
        const got = q.receive(10);
        expect(got.map((m) => m.receiveCount)).toEqual([i]);
        await runTo(rt, i * 20_000);
      }
      expect(q.visible).toBe(1);
      expect(q.receive(10)).toEqual([]);
      expect(q.counts).toEqual({ sent: 1, deleted: 0, movedToDeadLetter: 1, expired: 0 });
      expect([q.visible, q.inFlight]).toEqual([0, 0]);
      expect(input).toMatchObject({ disposition: 'deadLetter', where: 'Test/Dlq', endedAt: maxReceiveCount * 20 });
      const [moved] = dlq.pending();
      expect(dlq.visible).toBe(1);
      expect(moved).toMatchObject({ messageId: message!.messageId, body: 'poison', attributes: { kind: { dataType: 'String', stringValue: 'x' } }, sentAt: 0, enqueuedAt: maxReceiveCount * 20_000, input });
    });
  }

  it('keeps a standard message’s original enqueue time in a standard dead-letter queue: it expires there at send + the DLQ’s retention', async () => {
    const rt = await queues(queue('Dlq', { retentionPeriodSeconds: 150 }), queue('Jobs', { visibilityTimeoutSeconds: 100, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 1 } }));
    const q = rt.queue('Test/Jobs');
    const dlq = rt.queue('Test/Dlq');
    const { input } = send(rt, 'Jobs', 'x');
    q.receive(1);
    await runTo(rt, 100_000);
    expect(q.receive(1)).toEqual([]);
    expect(dlq.visible).toBe(1);
    await runTo(rt, 120_000);
    // ApproximateAgeOfOldestMessage counts from the move, not from the send.
    expect(dlq.oldestAge()).toBe(20_000);
    await runTo(rt, 149_999);
    expect(dlq.counts.expired).toBe(0);
    await runTo(rt, 150_000);
    expect(dlq.counts.expired).toBe(1);
    expect(dlq.visible).toBe(0);
    // The input ended in the dead-letter queue; its expiry there does not settle it again.
    expect(input).toMatchObject({ disposition: 'deadLetter', where: 'Test/Dlq', endedAt: 100 });
  });

  it('restarts the retention period of a FIFO message moved to a FIFO dead-letter queue: it expires at move + the DLQ’s retention', async () => {
    const rt = await queues(
      queue('Dlq', { fifo: true, retentionPeriodSeconds: 150 }),
      queue('Jobs', { fifo: true, visibilityTimeoutSeconds: 100, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 1 } }),
    );
    const q = rt.queue('Test/Jobs');
    const dlq = rt.queue('Test/Dlq');
    const { message } = send(rt, 'Jobs', 'x', { groupId: 'g', deduplicationId: 'd' });
    q.receive(1);
    await runTo(rt, 100_000);
    expect(q.receive(1)).toEqual([]);
    const [moved] = dlq.pending();
    expect(moved).toMatchObject({ messageId: message!.messageId, groupId: 'g', sentAt: 0, enqueuedAt: 100_000 });
    await runTo(rt, 249_999);
    expect(dlq.counts.expired).toBe(0);
    expect(dlq.visible).toBe(1);
    await runTo(rt, 250_000);
    expect(dlq.counts.expired).toBe(1);
  });
});

describe('retention', () => {
  it('a run with only waiting messages ends at once (expiry is a background event); run to a time past the retention and the message expires then, its input discarded', async () => {
    const rt = await queues(queue('Jobs', { retentionPeriodSeconds: 60 }));
    const q = rt.queue('Test/Jobs');
    const { input } = send(rt, 'Jobs', 'forgotten');
    await rt.sim.run();
    expect(rt.sim.now()).toBe(0);
    expect(q.visible).toBe(1);
    expect(input.disposition).toBeUndefined();

    await rt.sim.run(59_999);
    expect(rt.sim.now()).toBe(59_999);
    expect([q.visible, q.counts.expired]).toEqual([1, 0]);
    await rt.sim.run(120_000);
    expect(q.counts).toEqual({ sent: 1, deleted: 0, movedToDeadLetter: 0, expired: 1 });
    expect([q.visible, q.inFlight, q.pending().length]).toEqual([0, 0, 0]);
    expect(input).toMatchObject({ disposition: 'discarded', endedAt: 60, reason: 'expired from Test/Jobs after its retention period (60 s)' });
  });

  it('expires a message in flight too, and each message at its own time', async () => {
    const rt = await queues(queue('Jobs', { retentionPeriodSeconds: 60, visibilityTimeoutSeconds: 600 }));
    const q = rt.queue('Test/Jobs');
    const a = send(rt, 'Jobs', 'a');
    await runTo(rt, 10_000);
    const b = send(rt, 'Jobs', 'b');
    expect(q.receive(1).map((m) => m.body)).toEqual(['a']);
    await runTo(rt, 60_000);
    expect(a.input).toMatchObject({ disposition: 'discarded', endedAt: 60 });
    expect(b.input.disposition).toBeUndefined();
    expect([q.visible, q.inFlight]).toEqual([1, 0]);
    await runTo(rt, 70_000);
    expect(b.input).toMatchObject({ disposition: 'discarded', endedAt: 70 });
    expect(q.counts.expired).toBe(2);
  });
});

describe('delay', () => {
  it('keeps a message of a delay queue invisible for exactly the queue’s delay', async () => {
    const rt = await queues(queue('Jobs', { delaySeconds: 60 }));
    const q = rt.queue('Test/Jobs');
    send(rt, 'Jobs', 'later');
    expect([q.visible, q.delayed]).toEqual([0, 1]);
    expect(q.receive(10)).toEqual([]);
    await runTo(rt, 59_999);
    expect([q.visible, q.delayed]).toEqual([0, 1]);
    await runTo(rt, 60_000);
    expect([q.visible, q.delayed]).toEqual([1, 0]);
  });

  it('a standard queue takes a per-message delay instead of the queue’s (0 included)', async () => {
    const rt = await queues(queue('Jobs', { delaySeconds: 60, visibilityTimeoutSeconds: 600 }));
    const q = rt.queue('Test/Jobs');
    send(rt, 'Jobs', 'soon', { delaySeconds: 30 });
    send(rt, 'Jobs', 'now', { delaySeconds: 0 });
    expect(q.receive(10).map((m) => m.body)).toEqual(['now']);
    await runTo(rt, 29_999);
    expect(q.visible).toBe(0);
    await runTo(rt, 30_000);
    expect(q.receive(10).map((m) => m.body)).toEqual(['soon']);
  });

  it('a FIFO queue refuses a per-message delay (SQS: "you can\'t set DelaySeconds per message"), and delays every message by the queue’s', async () => {
    const rt = await queues(queue('Jobs', { fifo: true, delaySeconds: 60 }));
    const q = rt.queue('Test/Jobs');
    const e = refusal(() => send(rt, 'Jobs', 'x', { groupId: 'g', deduplicationId: '1', delaySeconds: 5 }));
    expect(e.code).toBe('local-fifo-delay');
    expect(e.message).toBe("Test/Jobs: a FIFO queue takes no per-message delay (delaySeconds 5); set the queue's delay instead");
    expect(q.counts.sent).toBe(0);
    send(rt, 'Jobs', 'x', { groupId: 'g', deduplicationId: '2' });
    expect(q.delayed).toBe(1);
    await runTo(rt, 59_999);
    expect(q.visible).toBe(0);
    await runTo(rt, 60_000);
    expect(q.visible).toBe(1);
  });
});

describe('FIFO', () => {
  it('returns a group’s messages in order, several in one receive, and none of a group with a message in flight', async () => {
    const rt = await queues(queue('Jobs', { fifo: true, visibilityTimeoutSeconds: 30 }));
    const q = rt.queue('Test/Jobs');
    for (const [body, groupId] of [['A1', 'A'], ['B1', 'B'], ['A2', 'A'], ['B2', 'B'], ['A3', 'A'], ['C1', 'C']] as const) send(rt, 'Jobs', body, { groupId, deduplicationId: body });
    const [a1] = q.receive(1);
    expect(a1!.body).toBe('A1');
    expect(q.receive(10).map((m) => m.body)).toEqual(['B1', 'B2', 'C1']);
    expect(q.receive(10)).toEqual([]);
    q.delete(a1!);
    expect(q.receive(10).map((m) => m.body)).toEqual(['A2', 'A3']);
    // Nothing deleted: at the visibility timeout every group is back, in order, all in one receive.
    await runTo(rt, 30_000);
    expect(q.receive(10).map((m) => `${m.body}#${m.receiveCount}`)).toEqual(['B1#2', 'A2#2', 'B2#2', 'A3#2', 'C1#2']);
  });

  it('a receive cut short by size keeps the group’s later messages behind', async () => {
    const rt = await queues(queue('Jobs', { fifo: true }));
    const q = rt.queue('Test/Jobs');
    for (const [body, groupId] of [['A1', 'A'], ['A2', 'A'], ['B1', 'B']] as const) send(rt, 'Jobs', body.repeat(50), { groupId, deduplicationId: body });
    expect(q.receive(10, 30, 100, 0).map((m) => m.body.slice(0, 2))).toEqual(['A1']);
    expect(q.receive(10, 30, 100, 0).map((m) => m.body.slice(0, 2))).toEqual(['B1']);
  });

  it('drops a message whose deduplication id was accepted less than 5 minutes before (even after it was deleted), accepts it at 5 minutes; a duplicate does not extend the interval', async () => {
    const rt = await queues(queue('Jobs', { fifo: true }));
    const q = rt.queue('Test/Jobs');
    send(rt, 'Jobs', 'one', { groupId: 'g', deduplicationId: 'd1' });
    q.delete(q.receive(1)[0]!);
    await runTo(rt, 200_000);
    const dup = send(rt, 'Jobs', 'one again', { groupId: 'g', deduplicationId: 'd1' });
    expect(dup.message).toBeUndefined();
    expect(dup.input).toMatchObject({ disposition: 'discarded', endedAt: 200, reason: 'a duplicate of a message sent to Test/Jobs within the 5-minute deduplication interval' });
    await runTo(rt, 299_999);
    expect(send(rt, 'Jobs', 'still a duplicate', { groupId: 'g', deduplicationId: 'd1' }).message).toBeUndefined();
    await runTo(rt, 300_000);
    const accepted = send(rt, 'Jobs', 'accepted', { groupId: 'g', deduplicationId: 'd1' });
    expect(accepted.message?.body).toBe('accepted');
    expect(accepted.input.disposition).toBeUndefined();
    expect(q.counts.sent).toBe(2);
    expect(q.pending().map((m) => m.body)).toEqual(['accepted']);
  });

  it('content-based deduplication: the same body without a deduplication id is a duplicate, another body is not; the id is the body’s SHA-256', async () => {
    const rt = await queues(queue('Jobs', { fifo: true, contentBasedDeduplication: true }));
    const q = rt.queue('Test/Jobs');
    const first = send(rt, 'Jobs', 'same', { groupId: 'g' });
    expect(first.message?.deduplicationId).toBe(createHash('sha256').update('same').digest('hex'));
    expect(send(rt, 'Jobs', 'same', { groupId: 'other group' }).input.disposition).toBe('discarded');
    expect(send(rt, 'Jobs', 'different', { groupId: 'g' }).message?.body).toBe('different');
    // An explicit id wins over the content.
    expect(send(rt, 'Jobs', 'same', { groupId: 'g', deduplicationId: 'explicit' }).message?.body).toBe('same');
    expect(q.counts.sent).toBe(3);
  });

  it('refuses a message without a group id, and (without content-based deduplication) without a deduplication id', async () => {
    const rt = await queues(queue('Jobs', { fifo: true }));
    expect(refusal(() => send(rt, 'Jobs', 'x', { deduplicationId: '1' })).code).toBe('local-fifo-group');
    expect(refusal(() => send(rt, 'Jobs', 'x', { groupId: 'g' })).code).toBe('local-fifo-dedup');
    expect(rt.queue('Test/Jobs').counts.sent).toBe(0);
  });
});

describe('maximum message size', () => {
  it('accepts a body of exactly the maximum size in bytes and refuses one byte more', async () => {
    const rt = await queues(queue('Jobs', { maxMessageSizeBytes: 1024 }));
    const q = rt.queue('Test/Jobs');
    expect(send(rt, 'Jobs', 'x'.repeat(1024)).message?.size).toBe(1024);
    const e = refusal(() => send(rt, 'Jobs', 'x'.repeat(1025)));
    expect(e.code).toBe('local-message-too-large');
    expect(e.message).toBe("Test/Jobs: a message of 1025 bytes is larger than the queue's maximum message size (1024 bytes)");
    // Bytes, not characters: é is two bytes in UTF-8.
    expect(send(rt, 'Jobs', 'é'.repeat(512)).message?.size).toBe(1024);
    expect(refusal(() => send(rt, 'Jobs', `${'é'.repeat(512)}x`)).code).toBe('local-message-too-large');
    expect(q.counts.sent).toBe(2);
  });

  it('counts message attributes (name, type and value) toward the maximum size', async () => {
    const rt = await queues(queue('Jobs', { maxMessageSizeBytes: 1024 }));
    const attributes = { n: { dataType: 'String', stringValue: 'v' } }; // 1 + 6 + 1 = 8 bytes
    expect(send(rt, 'Jobs', 'x'.repeat(1016), { attributes }).message?.size).toBe(1024);
    const e = refusal(() => send(rt, 'Jobs', 'x'.repeat(1017), { attributes }));
    expect(e.code).toBe('local-message-too-large');
    expect(e.message).toBe("Test/Jobs: a message of 1025 bytes (body and attributes) is larger than the queue's maximum message size (1024 bytes)");
    expect(rt.queue('Test/Jobs').counts.sent).toBe(1);
  });
});
