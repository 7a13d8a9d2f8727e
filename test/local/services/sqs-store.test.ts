/**
 * A queue keeps its messages in chunks of CHUNK_SIZE consecutive sequence numbers and lets a
 * chunk go once all its messages are gone: receives, listings and receipt handles skip such
 * chunks, in the middle of the queue too; a message's view read after its chunk went still
 * reads what it was; views are the same object while their message is in the queue.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../lib/local/ledger.js';
import { CHUNK_SIZE } from '../../../lib/local/services/sqs-store.js';
import { SimQueue, type SqsMessage } from '../../../lib/local/services/sqs.js';
import { Simulation } from '../../../lib/local/sim/clock.js';
import { queue } from '../helpers.js';

function filled(count: number): { q: SimQueue; sim: Simulation } {
  const plan = queue('Jobs', { visibilityTimeoutSeconds: 30 });
  const sim = new Simulation();
  const q = new SimQueue(plan, sim, { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
  const ledger = new Ledger();
  for (let i = 0; i < count; i++) q.send(ledger.create(0, plan.id), `m${i}`, {});
  return { q, sim };
}

describe('SimQueue chunks', () => {
  it('skips a chunk that is all gone between chunks that are not; a view outlives its chunk', () => {
    const { q } = filled(3 * CHUNK_SIZE);
    const all: SqsMessage[] = [];
    for (let got = q.receive(10); got.length > 0; got = q.receive(10)) all.push(...got);
    expect(all.map((m) => m.body)).toEqual(Array.from({ length: 3 * CHUNK_SIZE }, (_, i) => `m${i}`));
    expect(new Set(all.map((m) => m.messageId)).size).toBe(3 * CHUNK_SIZE);
    // The whole second chunk deleted, and all of the first but its first message.
    const kept = [all[0]!, ...all.slice(2 * CHUNK_SIZE)];
    const gone = all.slice(CHUNK_SIZE, 2 * CHUNK_SIZE);
    const id = gone[5]!.messageId;
    const handle = gone[5]!.receiptHandle!;
    for (const m of all.slice(1, 2 * CHUNK_SIZE)) expect(q.delete(m)).toBe(true);
    expect(q.pending()).toEqual(kept);
    expect(q.pending()[0]).toBe(all[0]);
    expect(q.inFlight).toBe(kept.length);
    expect(q.byReceipt(handle)).toBeUndefined();
    expect(q.byReceipt(kept[1]!.receiptHandle!)).toBe(kept[1]);
    // Read after its chunk went.
    expect([gone[5]!.state, gone[5]!.body, gone[5]!.messageId, gone[5]!.receiveCount]).toEqual(['gone', `m${CHUNK_SIZE + 5}`, id, 1]);
    expect(q.delete(gone[5]!)).toBe(false);
    // Those left come back in order after their visibility timeout, past the gone chunk.
    for (const m of kept) expect(q.changeVisibility(m, m.receiptHandle!, 0)).toBe(true);
  });

  it('receives past a gone chunk once its messages are visible again, in arrival order', async () => {
    const { q, sim } = filled(2 * CHUNK_SIZE + 3);
    const first = q.receive(1)[0]!;
    const rest: SqsMessage[] = [];
    for (let got = q.receive(10); got.length > 0; got = q.receive(10)) rest.push(...got);
    for (const m of rest.slice(CHUNK_SIZE - 1, 2 * CHUNK_SIZE - 1)) q.delete(m);
    await sim.run();
    expect(q.visible).toBe(1 + (CHUNK_SIZE - 1) + 3);
    const again: SqsMessage[] = [];
    for (let got = q.receive(10); got.length > 0; got = q.receive(10)) again.push(...got);
    expect(again[0]).toBe(first);
    expect(again.map((m) => m.body)).toEqual([...Array.from({ length: CHUNK_SIZE }, (_, i) => `m${i}`), `m${2 * CHUNK_SIZE}`, `m${2 * CHUNK_SIZE + 1}`, `m${2 * CHUNK_SIZE + 2}`]);
    expect(again.every((m) => m.receiveCount === 2)).toBe(true);
    expect(q.oldestAge()).toBe(sim.now());
  });

  it('keeps an id given at the send, and gives one otherwise', () => {
    const plan = queue('Jobs');
    const q = new SimQueue(plan, new Simulation(), { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
    const ledger = new Ledger();
    const given = q.send(ledger.create(0, plan.id), 'a', { messageId: 'given-id' })!;
    const made = q.send(ledger.create(0, plan.id), 'b', {})!;
    expect(given.messageId).toBe('given-id');
    expect(made.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(q.pending().map((m) => m.messageId)).toEqual(['given-id', made.messageId]);
  });

  it("keeps each message's input, from whichever ledger it comes", () => {
    const plan = queue('Jobs');
    const q = new SimQueue(plan, new Simulation(), { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
    const [a, b] = [new Ledger(), new Ledger()];
    const inputs = [a.create(1, 'A'), b.create(2, 'B'), b.create(3, 'B'), a.create(4, 'A')];
    inputs.forEach((input, i) => q.send(input, `m${i}`, {}));
    const got = q.receive(10);
    expect(got.map((m) => [m.input.source, m.input.step, m.input.id])).toEqual([
      ['A', 1, 'in-1'],
      ['B', 2, 'in-1'],
      ['B', 3, 'in-2'],
      ['A', 4, 'in-2'],
    ]);
    // Written through the message's input, read through the ledger's.
    got[2]!.input.attempts = 5;
    expect(b.inputs[1]!.attempts).toBe(5);
  });

  it('expires messages at the end of their retention in order of time, then sequence number, those with an earlier send time among them', async () => {
    const plan = queue('Jobs', { retentionPeriodSeconds: 100 });
    const sim = new Simulation();
    const expired: string[] = [];
    const q = new SimQueue(plan, sim, { moveToDeadLetter: () => undefined, expired: (_q, m) => void expired.push(`${m.body}@${sim.now()}`), visible: () => undefined });
    const ledger = new Ledger();
    const send = (body: string, sentAt?: number): void => void q.send(ledger.create(0, plan.id), body, sentAt === undefined ? {} : { sentAt });
    send('a');
    for (let i = 0; i < CHUNK_SIZE; i++) send(`gone${i}`);
    for (const m of q.receive(CHUNK_SIZE + 1).slice(1)) q.delete(m);
    sim.at(10_000, () => send('b', 0));
    sim.at(20_000, () => send('c'));
    sim.at(30_000, () => send('d', 5_000));
    sim.at(40_000, () => send('e', 5_000));
    sim.at(500_000, () => undefined);
    await sim.run();
    expect(expired).toEqual(['a@100000', 'b@100000', 'd@105000', 'e@105000', 'c@120000']);
    expect(q.counts.expired).toBe(5);
  });
});

describe('QueuedMessage.receiptHandlesOf', () => {
  it("gives each message of a batch its receiptHandle, undefined for one not in flight, whatever the numbers' digits", async () => {
    const { Chunk, QueuedMessage, receiptHandle } = await import('../../../lib/local/services/sqs-store.js');
    const { MessageIds } = await import('../../../lib/local/sim/message-ids.js');
    const { q } = filled(25);
    const batch = q.receive(10);
    expect(QueuedMessage.receiptHandlesOf(batch)).toEqual(batch.map((m) => m.receiptHandle));
    expect(batch[0]!.receiptHandle).toMatch(/^rh-\d+-1$/);
    // One deleted meanwhile: as its view reads it.
    q.delete(batch[3]!);
    expect(QueuedMessage.receiptHandlesOf(batch)).toEqual(batch.map((m) => m.receiptHandle));
    // Numbers of every length, up to 2^53 - 1 (the receipt number and the sequence number).
    const chunk = new Chunk(0);
    // (0: never received, no handle)
    const numbers = [1, 9, 0, 10, 99, 100, 12_345, 999_999_999, 1_000_000_000, 2_147_483_647, 2_147_483_648, 4_294_967_296, 2 ** 52 + 7, Number.MAX_SAFE_INTEGER];
    const views = numbers.map((n, i) => {
      chunk.receipt[i] = n;
      return new QueuedMessage(chunk, i, numbers[numbers.length - 1 - i]!, new MessageIds(1), 1);
    });
    const handles = QueuedMessage.receiptHandlesOf(views);
    expect(handles).toEqual(views.map((v, i) => (numbers[i] === 0 ? undefined : receiptHandle(numbers[i]!, v.sequence))));
    expect(handles).toEqual(views.map((v) => v.receiptHandle));
    expect(handles[2]).toBeUndefined();
    expect(handles[13]).toBe('rh-9007199254740991-1');
    expect(handles[0]).toBe('rh-1-9007199254740991');
    // A batch larger than the buffer first held (16), and an empty one.
    const { q: big } = filled(60);
    const many = [...big.receive(10), ...big.receive(10), ...big.receive(10)];
    expect(QueuedMessage.receiptHandlesOf(many)).toEqual(many.map((m) => m.receiptHandle));
    expect(QueuedMessage.receiptHandlesOf([])).toEqual([]);
  });
});
