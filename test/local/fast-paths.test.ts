/**
 * The local runtime's fast paths give what the slow paths they replace give: a UUID written into
 * one buffer as the concatenated one; an SQS event's value made directly as JSON.parse of its
 * text; a heap that drops cancelled timers fires the others in the same order; a queue that finds
 * a message by index finds the ones a search would; the context an in-process handler gets,
 * written out property by property, is the one a worker's handler gets.
 */
import { hash } from 'node:crypto';
import * as util from 'node:util';
import { describe, expect, it } from 'vitest';
import type { PlanQueue } from '../../lib/local/plan/types.js';
import { SqsEventWriter } from '../../lib/local/services/sqs-event.js';
import { SimQueue, type SqsMessage } from '../../lib/local/services/sqs.js';
import { Simulation, type Timer } from '../../lib/local/sim/clock.js';
import { Random } from '../../lib/local/sim/random.js';
import { Ledger } from '../../lib/local/ledger.js';
import { fn, queue, startRuntime, testPlan } from './helpers.js';

/** The UUID as it was written before: by concatenation of hex pieces. */
function concatenatedUuid(words: () => number): string {
  const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');
  const a = words();
  const b = words();
  const c = (words() & 0x3fffffff) | 0x80000000;
  const d = words();
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xffff, 4).slice(1)}-${hex(c >>> 16, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
}

describe('Random.uuid', () => {
  it('is the UUID the concatenation wrote, from the same words of the stream', () => {
    const r = new Random(99);
    const oracle = new Random(99);
    const word = (): number => Math.floor(oracle.next() * 4294967296) >>> 0;
    for (let i = 0; i < 5000; i++) {
      const u = r.uuid();
      expect(u).toBe(concatenatedUuid(word));
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

/** Messages received from a queue, as a poller receives them. */
function received(plan: PlanQueue, sends: Array<{ body: string; groupId?: string; deduplicationId?: string; attributes?: SqsMessage['attributes'] }>): { messages: SqsMessage[]; sim: Simulation; q: SimQueue } {
  const sim = new Simulation({ startEpochMs: Date.UTC(2026, 0, 1) });
  const q = new SimQueue(plan, sim, { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
  const ledger = new Ledger();
  const random = new Random(3);
  for (const s of sends) q.send(ledger.create(0, plan.id), s.body, { messageId: random.uuid(), ...s });
  return { messages: q.receive(10), sim, q };
}

describe('SqsEventWriter', () => {
  const standard = queue('Jobs');
  const fifo = queue('Orders', { fifo: true, contentBasedDeduplication: true });
  const cases: Array<[string, PlanQueue, Parameters<typeof received>[1]]> = [
    ['standard queue, plain bodies', standard, [{ body: 'Test message.' }, { body: '{"i": 1}' }]],
    ['message attributes (and a __proto__ one)', standard, [{ body: 'x', attributes: { color: { dataType: 'String', stringValue: 'red' }, ['__proto__']: { dataType: 'Number', stringValue: '1' } } }]],
    ['bodies JSON must escape: quotes, control characters, non-ASCII, a lone surrogate', standard, [{ body: '"quoted"\n\t\u0001' }, { body: 'Grüße 🎉' }, { body: 'half \ud83d' }]],
    ['FIFO queue', fifo, [{ body: 'first', groupId: 'g1', deduplicationId: 'd1' }, { body: 'second', groupId: 'g2', deduplicationId: 'dedup "2"' }]],
  ];
  for (const [name, plan, sends] of cases) {
    it(`${name}: the value is JSON.parse of the text, key order included, new objects at every call`, () => {
      const { messages, sim } = received(plan, sends);
      const writer = new SqsEventWriter(plan, 'us-east-1', sim.startEpochMs);
      const text = writer.json(messages, sim.now());
      const make = writer.value(messages, sim.now());
      const value = make();
      const parsed = JSON.parse(text) as { Records: Array<Record<string, unknown>> };
      expect(value).toEqual(parsed);
      expect(JSON.stringify(value)).toBe(JSON.stringify(parsed));
      const records = (value as typeof parsed).Records;
      records.forEach((r, i) => {
        expect(Object.keys(r)).toEqual(Object.keys(parsed.Records[i]!));
        expect(Object.keys(r.attributes as object)).toEqual(Object.keys(parsed.Records[i]!.attributes as object));
        expect(Object.keys(r.messageAttributes as object)).toEqual(Object.keys(parsed.Records[i]!.messageAttributes as object));
        expect(r.md5OfBody).toBe(hash('md5', r.body as string));
        // A plain object, as JSON.parse makes: its prototype, its constructor, how it prints.
        expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
        expect(r.constructor).toBe(Object);
        expect(util.inspect(r, { depth: 0 }).startsWith('{')).toBe(true);
      });
      expect(make()).not.toBe(value);
      expect((make() as typeof parsed).Records[0]).not.toBe(records[0]);
    });
  }

  it("gives each record its message's id: ids made from the queue's numbers (made together) and ids given at the send, in one batch", () => {
    const sim = new Simulation({ startEpochMs: Date.UTC(2026, 0, 1) });
    const q = new SimQueue(standard, sim, { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
    const ledger = new Ledger();
    const given = ['given-1', undefined, undefined, 'given-4', undefined];
    for (const [i, messageId] of given.entries()) q.send(ledger.create(0, standard.id), `m${i}`, messageId === undefined ? {} : { messageId });
    const messages = q.receive(10);
    const expected = messages.map((m) => m.messageId);
    expect(expected[0]).toBe('given-1');
    expect(expected[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(expected).size).toBe(5);
    const writer = new SqsEventWriter(standard, 'us-east-1', sim.startEpochMs);
    const ids = (e: unknown): unknown[] => (e as { Records: Array<{ messageId: unknown }> }).Records.map((r) => r.messageId);
    expect(ids(JSON.parse(writer.json(messages, sim.now())))).toEqual(expected);
    expect(ids(writer.value(messages, sim.now())())).toEqual(expected);
    const event = writer.event(messages, sim.now());
    expect(ids(JSON.parse(event.partialJson()))).toEqual(expected);
    // Made ids only (the common batch), and a batch of one.
    expect(ids(writer.value(messages.slice(1, 3), sim.now())())).toEqual(expected.slice(1, 3));
    expect(ids(writer.value([messages[2]!], sim.now())())).toEqual([expected[2]]);
  });

  it("makes an in-process record's md5OfBody when it is read: the MD5 of the body as sent, a key where JSON puts it, assignable", () => {
    const { messages, sim } = received(standard, [{ body: 'first' }, { body: 'Grüße' }]);
    const writer = new SqsEventWriter(standard, 'us-east-1', sim.startEpochMs);
    const records = (writer.value(messages, sim.now())() as { Records: Array<Record<string, unknown>> }).Records;
    const [a, b] = records as [Record<string, unknown>, Record<string, unknown>];
    // The body changed before md5OfBody is read: still the MD5 of the body as sent, as Lambda's event has it.
    a.body = 'changed';
    expect(a.md5OfBody).toBe(hash('md5', 'first'));
    expect(a.md5OfBody).toBe(a.md5OfBody);
    expect({ ...b }.md5OfBody).toBe(hash('md5', 'Grüße'));
    expect('md5OfBody' in b).toBe(true);
    expect(JSON.parse(JSON.stringify(b)).md5OfBody).toBe(hash('md5', 'Grüße'));
    expect(Object.keys(b)).toEqual(['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion']);
    // Nothing else is visible: the body kept for the MD5 is no key, symbol or JSON property.
    expect(Reflect.ownKeys(b)).toEqual(Object.keys(b));
    b.md5OfBody = 'mine';
    expect(b.md5OfBody).toBe('mine');
    expect(JSON.stringify(b)).toContain('"md5OfBody":"mine"');
    delete b.md5OfBody;
    expect('md5OfBody' in b).toBe(false);
  });

  it('reads the messages as they were at the receive, whenever the event is made', async () => {
    const { messages, sim, q } = received(standard, [{ body: 'a' }]);
    const writer = new SqsEventWriter(standard, 'us-east-1', sim.startEpochMs);
    const make = writer.value(messages, sim.now());
    const text = writer.json(messages, sim.now());
    // Received again: another receive count and receipt handle.
    const first = messages[0]!.receiptHandle!;
    expect(q.changeVisibility(messages[0]!, first, 0)).toBe(true);
    await sim.run();
    const [again] = q.receive(10);
    expect([again!.receiveCount, again!.receiptHandle === first]).toEqual([2, false]);
    expect(make()).toEqual(JSON.parse(text));
  });
});

describe('Simulation with most timers cancelled', () => {
  it('fires the others at their times and in their order, as without cancellations', async () => {
    const run = async (cancelSome: boolean): Promise<string[]> => {
      const sim = new Simulation();
      const fired: string[] = [];
      const timers: Timer[] = [];
      for (let i = 0; i < 2000; i++) {
        const t = (i * 7919) % 1000;
        timers.push(sim.at(t, () => fired.push(`${i}@${sim.now()}`)));
        // Most of them cancelled as they are made (as invocation timeouts are): the heap drops them in between.
        if (cancelSome && i % 10 !== 0) timers[i]!.cancel();
      }
      await sim.run();
      return fired;
    };
    const all = await run(false);
    const some = await run(true);
    expect(some).toEqual(all.filter((f) => Number(f.split('@')[0]) % 10 === 0));
    expect(some).toHaveLength(200);
  });

  it('a cancelled event does not keep the run going; cancelling twice or after it fired changes nothing', async () => {
    const sim = new Simulation();
    const a = sim.at(10, () => undefined);
    for (let i = 0; i < 200; i++) sim.at(1_000_000 + i, () => undefined).cancel();
    let fired = 0;
    const b = sim.at(20, () => fired++);
    a.cancel();
    a.cancel();
    await sim.run();
    b.cancel();
    expect(fired).toBe(1);
    expect(sim.now()).toBe(20);
  });
});

describe('SimQueue.byReceipt', () => {
  it('finds a message by its receipt handle after the queue dropped its front, and not a gone or re-received one', () => {
    const plan = queue('Jobs', { visibilityTimeoutSeconds: 30 });
    const sim = new Simulation();
    const q = new SimQueue(plan, sim, { moveToDeadLetter: () => undefined, expired: () => undefined, visible: () => undefined });
    const ledger = new Ledger();
    for (let i = 0; i < 5000; i++) q.send(ledger.create(0, plan.id), `m${i}`, { messageId: `id-${i}` });
    // Receive and delete most of them (the queue drops deleted messages from its front now and then).
    for (let i = 0; i < 450; i++) for (const m of q.receive(10)) q.delete(m);
    const live = q.receive(10);
    for (const m of live) expect(q.byReceipt(m.receiptHandle!)).toBe(m);
    q.delete(live[0]!);
    expect(q.byReceipt(live[0]!.receiptHandle!)).toBeUndefined();
    expect(q.byReceipt('not a handle')).toBeNull();
    expect(q.byReceipt('rh-1-999999')).toBeUndefined();
  });
});

describe("the handler's context, written out property by property", () => {
  it('has the keys, order, value types and function names in-process that it has in a worker thread', async () => {
    const source = `export const handler = async (event, context) => ({
  keys: Object.keys(context),
  types: Object.keys(context).map((k) => typeof context[k]),
  names: ['getRemainingTimeInMillis', 'done', 'succeed', 'fail'].map((k) => context[k].name),
  stable: [context.functionName, context.functionVersion, context.memoryLimitInMB, context.logGroupName],
  stream: context.logStreamName.replace(/\\d+$/, 'N'),
  remaining: context.getRemainingTimeInMillis() > 0,
});`;
    const seen: unknown[] = [];
    for (const handlers of ['worker-threads', 'in-process'] as const) {
      const rt = await startRuntime(testPlan({ functions: [fn('Ctx', source)] }), { handlers });
      const out = await rt.invoke({ function: 'Test/Ctx' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Ctx'));
      seen.push(JSON.parse(out!.json!));
      await rt.shutdown();
    }
    expect(seen[1]).toEqual(seen[0]);
    expect((seen[0] as { keys: string[] }).keys).toEqual(['functionName', 'functionVersion', 'memoryLimitInMB', 'logGroupName', 'logStreamName', 'awsRequestId', 'invokedFunctionArn', 'callbackWaitsForEmptyEventLoop', 'getRemainingTimeInMillis', 'done', 'succeed', 'fail']);
  });
});
