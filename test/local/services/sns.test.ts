import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import type { SnsAttribute } from '../../../lib/local/services/sns.js';
import { fn, queue, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, REGION, logEvent, logged, subscription, topic } from './helpers.js';

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:Test-Events`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUBSCRIPTION_ARN = new RegExp(`^${TOPIC_ARN}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function publish(rt: Runtime, message: string, attributes: Record<string, SnsAttribute> = {}, subject?: string) {
  const input = rt.ledger.create(0, 'Test/Events');
  expect(rt.topics.publish('Test/Events', message, attributes, input, false, subject)).toBe(true);
  return input;
}

function bodies(rt: Runtime, queueId: string): string[] {
  return rt.queue(queueId).pending().map((m) => m.body);
}

interface SnsEvent {
  Records: Array<{ EventSource: string; EventVersion: string; EventSubscriptionArn: string; Sns: Record<string, unknown> }>;
}

describe('SNS topics', () => {
  it('fans a message out to two queues and a function; each delivery is a new input sent on from the publish, which is processed', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', logEvent())],
        queues: [queue('A'), queue('B')],
        topics: [topic('Events')],
        subscriptions: [subscription('Events', { queue: 'A' }), subscription('Events', { queue: 'B' }), subscription('Events', { fn: 'Worker' })],
      }),
    );
    const input = publish(rt, '{"order": 1}');
    await rt.sim.run();
    expect(input.disposition).toBe('processed');
    expect(input.endedAt).toBe(0);
    const children = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(children.map((c) => c.source).sort()).toEqual(['Test/A', 'Test/B', 'Test/Worker']);
    // The queues hold their copies (queued); the function's delivery is processed.
    expect(children.map((c) => [c.source, c.disposition ?? 'queued']).sort()).toEqual([
      ['Test/A', 'queued'],
      ['Test/B', 'queued'],
      ['Test/Worker', 'processed'],
    ]);
    expect(rt.ledger.inputs).toHaveLength(4);
    const a = JSON.parse(bodies(rt, 'Test/A')[0]!) as Record<string, unknown>;
    const b = JSON.parse(bodies(rt, 'Test/B')[0]!) as Record<string, unknown>;
    const event = logged<SnsEvent>(rt, 'Test/Worker')[0]!.value;
    // One message: the same MessageId everywhere.
    expect(a.MessageId).toMatch(UUID);
    expect(b.MessageId).toBe(a.MessageId);
    expect(event.Records[0]!.Sns.MessageId).toBe(a.MessageId);
    expect(a.Message).toBe('{"order": 1}');
    expect(rt.functions.metrics('Test/Worker').AsyncEventsReceived).toBe(1);
  });

  it('puts the JSON envelope in the SQS body (SigningCertURL, UnsubscribeURL; Subject and MessageAttributes only when given)', async () => {
    const rt = await startRuntime(testPlan({ queues: [queue('A')], topics: [topic('Events')], subscriptions: [subscription('Events', { queue: 'A' })] }));
    rt.sim.at(1500, () => {
      publish(rt, 'plain');
      publish(rt, 'with extras', { color: { Type: 'String', Value: 'red' }, size: { Type: 'Number', Value: '3' } }, 'Hello');
    });
    await rt.sim.run();
    const [plain, extras] = bodies(rt, 'Test/A').map((b) => JSON.parse(b) as Record<string, unknown>);
    const common = (m: Record<string, unknown>) => ({
      Type: 'Notification',
      MessageId: m.MessageId,
      TopicArn: TOPIC_ARN,
      Timestamp: '2026-01-01T00:00:01.500Z',
      SignatureVersion: '1',
      Signature: m.Signature,
      SigningCertURL: expect.stringMatching(new RegExp(`^https://sns\\.${REGION}\\.amazonaws\\.com/SimpleNotificationService-[0-9a-f]+\\.pem$`)) as unknown,
      UnsubscribeURL: expect.stringMatching(new RegExp(`^https://sns\\.${REGION}\\.amazonaws\\.com/\\?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:[0-9a-f-]{36}$`)) as unknown,
    });
    expect(plain).toEqual({ ...common(plain!), Message: 'plain' });
    expect(Object.keys(plain!)).not.toContain('Subject');
    expect(Object.keys(plain!)).not.toContain('MessageAttributes');
    expect(extras).toEqual({
      ...common(extras!),
      Subject: 'Hello',
      Message: 'with extras',
      MessageAttributes: { color: { Type: 'String', Value: 'red' }, size: { Type: 'Number', Value: '3' } },
    });
    expect(plain!.Signature).toEqual(expect.stringMatching(/^[A-Za-z0-9+/]+=*$/));
    expect(plain!.MessageId).not.toBe(extras!.MessageId);
    // No SQS attributes without raw delivery.
    expect(rt.queue('Test/A').pending()[1]!.attributes).toEqual({});
  });

  it('with raw message delivery puts the message itself in the body and its attributes on the SQS message', async () => {
    const rt = await startRuntime(
      testPlan({ queues: [queue('Raw')], topics: [topic('Events')], subscriptions: [subscription('Events', { queue: 'Raw' }, { rawMessageDelivery: true })] }),
    );
    publish(rt, '{"order": 2}', { color: { Type: 'String', Value: 'red' } });
    await rt.sim.run();
    const [m] = rt.queue('Test/Raw').pending();
    expect(m!.body).toBe('{"order": 2}');
    expect(m!.attributes).toEqual({ color: { dataType: 'String', stringValue: 'red' } });
  });

  it('invokes a function asynchronously with the SNS event shape (SigningCertUrl, UnsubscribeUrl, Subject null, MessageAttributes)', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Worker', logEvent())], topics: [topic('Events')], subscriptions: [subscription('Events', { fn: 'Worker' })] }));
    publish(rt, 'hello', { color: { Type: 'String', Value: 'red' } });
    await rt.sim.run();
    const events = logged<SnsEvent>(rt, 'Test/Worker');
    expect(events).toHaveLength(1);
    const record = events[0]!.value.Records[0]!;
    expect(events[0]!.value.Records).toHaveLength(1);
    expect(record.EventSubscriptionArn).toMatch(SUBSCRIPTION_ARN);
    expect(record).toEqual({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: record.EventSubscriptionArn,
      Sns: {
        Type: 'Notification',
        MessageId: expect.stringMatching(UUID) as unknown,
        TopicArn: TOPIC_ARN,
        Subject: null,
        Message: 'hello',
        Timestamp: '2026-01-01T00:00:00.000Z',
        SignatureVersion: '1',
        Signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) as unknown,
        SigningCertUrl: expect.stringMatching(new RegExp(`^https://sns\\.${REGION}\\.amazonaws\\.com/SimpleNotificationService-[0-9a-f]+\\.pem$`)) as unknown,
        UnsubscribeUrl: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${record.EventSubscriptionArn}`,
        MessageAttributes: { color: { Type: 'String', Value: 'red' } },
      },
    });
    expect(record.Sns.Timestamp).toMatch(ISO_MS);
  });

  it('delivers only to the subscriptions whose filter policy (MessageAttributes scope) the message matches', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', logEvent())],
        queues: [queue('All'), queue('Red')],
        topics: [topic('Events')],
        subscriptions: [
          subscription('Events', { queue: 'All' }),
          subscription('Events', { queue: 'Red' }, { filterPolicy: { color: ['red'] } }),
          subscription('Events', { fn: 'Worker' }, { filterPolicy: { size: [{ numeric: ['>=', 10] }] } }),
        ],
      }),
    );
    const blue = publish(rt, 'blue', { color: { Type: 'String', Value: 'blue' } });
    const red = publish(rt, 'red', { color: { Type: 'String', Value: 'red' } });
    const none = publish(rt, 'no attributes');
    const big = publish(rt, 'big', { size: { Type: 'Number', Value: '10' } });
    const small = publish(rt, 'small', { size: { Type: 'Number', Value: '9.99' } });
    // The policy looks at attributes, not at the body.
    const redBody = publish(rt, '{"color": "red"}');
    await rt.sim.run();
    expect(bodies(rt, 'Test/All').map((b) => (JSON.parse(b) as { Message: string }).Message)).toEqual(['blue', 'red', 'no attributes', 'big', 'small', '{"color": "red"}']);
    expect(bodies(rt, 'Test/Red').map((b) => (JSON.parse(b) as { Message: string }).Message)).toEqual(['red']);
    expect(logged<SnsEvent>(rt, 'Test/Worker').map((e) => e.value.Records[0]!.Sns.Message)).toEqual(['big']);
    const deliveries = (i: { id: string }) => rt.ledger.inputs.filter((c) => c.parent === i.id).map((c) => c.source);
    expect(deliveries(blue)).toEqual(['Test/All']);
    expect(deliveries(red)).toEqual(['Test/All', 'Test/Red']);
    expect(deliveries(none)).toEqual(['Test/All']);
    expect(deliveries(big)).toEqual(['Test/All', 'Test/Worker']);
    expect(deliveries(small)).toEqual(['Test/All']);
    expect(deliveries(redBody)).toEqual(['Test/All']);
  });

  it('applies a MessageBody-scoped policy to the JSON body', async () => {
    const rt = await startRuntime(
      testPlan({ queues: [queue('Red')], topics: [topic('Events')], subscriptions: [subscription('Events', { queue: 'Red' }, { filterPolicy: { color: ['red'] }, filterPolicyScope: 'MessageBody' })] }),
    );
    const red = publish(rt, '{"color": "red"}');
    const attr = publish(rt, 'x', { color: { Type: 'String', Value: 'red' } });
    await rt.sim.run();
    expect(bodies(rt, 'Test/Red').map((b) => (JSON.parse(b) as { Message: string }).Message)).toEqual(['{"color": "red"}']);
    expect(red.disposition).toBe('processed');
    expect(attr.disposition).toBe('discarded');
  });

  it('discards a message no subscription takes, saying why', async () => {
    const rt = await startRuntime(
      testPlan({ queues: [queue('Red')], topics: [topic('Events'), topic('Empty')], subscriptions: [subscription('Events', { queue: 'Red' }, { filterPolicy: { color: ['red'] } })] }),
    );
    const filtered = publish(rt, 'blue', { color: { Type: 'String', Value: 'blue' } });
    const lonely = rt.ledger.create(0, 'Test/Empty');
    rt.topics.publish('Test/Empty', 'anyone?', {}, lonely);
    await rt.sim.run();
    expect(filtered.disposition).toBe('discarded');
    expect(filtered.reason).toBe("matched no subscription's filter policy on Test/Events");
    expect(lonely.disposition).toBe('discarded');
    expect(lonely.reason).toBe('Test/Empty has no subscriptions');
    expect(rt.ledger.inputs).toHaveLength(2);
    expect(rt.queue('Test/Red').visible).toBe(0);
  });

  it('returns false for a topic that is not in the plan', async () => {
    const rt = await startRuntime(testPlan({ topics: [topic('Events')] }));
    expect(rt.topics.publish('Test/Nope', 'x', {}, rt.ledger.create(0, 'Test/Nope'))).toBe(false);
  });
});

describe('deliveries a subscriber refuses, and the message size limit', () => {
  it("publishes a message a subscribed queue refuses (larger than its maximum message size): the other subscribers get it, that delivery is discarded with the reason", async () => {
    const rt = await startRuntime(
      testPlan({ queues: [queue('Small', { maxMessageSizeBytes: 1024 }), queue('Big')], topics: [topic('Events')], subscriptions: [subscription('Events', { queue: 'Small' }), subscription('Events', { queue: 'Big' })] }),
    );
    const input = publish(rt, 'x'.repeat(2000));
    await rt.sim.run();
    expect(input.disposition).toBe('processed');
    expect(bodies(rt, 'Test/Small')).toHaveLength(0);
    expect(bodies(rt, 'Test/Big')).toHaveLength(1);
    const [small, big] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(small!.disposition).toBe('discarded');
    expect(small!.reason).toMatch(/SNS could not deliver it to Test\/Small: .*maximum message size.*not retried/);
    expect(big!.disposition).toBeUndefined(); // still in the queue
  });

  it("sends what a subscribed queue refuses to the subscription's dead-letter queue (RedrivePolicy), as the queue would have got it; the input ends there", async () => {
    const rt = await startRuntime(
      testPlan({
        queues: [queue('Small', { maxMessageSizeBytes: 1024 }), queue('Undelivered')],
        topics: [topic('Events')],
        subscriptions: [subscription('Events', { queue: 'Small' }, { rawMessageDelivery: true, deadLetterQueue: 'Test/Undelivered' })],
      }),
    );
    const input = publish(rt, 'x'.repeat(2000), { kind: { Type: 'String', Value: 'big' } });
    await rt.sim.run();
    expect(bodies(rt, 'Test/Small')).toHaveLength(0);
    const [dead] = rt.queue('Test/Undelivered').pending();
    expect(dead!.body).toBe('x'.repeat(2000));
    expect(dead!.attributes).toEqual({ kind: { dataType: 'String', stringValue: 'big' } });
    const [carrier] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(carrier).toMatchObject({ disposition: 'deadLetter', where: 'Test/Undelivered' });
    expect(carrier!.reason).toMatch(/^SNS could not deliver it to Test\/Small: .*maximum message size/);
  });

  it("refuses a message over SNS's 256 KiB limit (body and attributes), as Publish does", async () => {
    const rt = await startRuntime(testPlan({ queues: [queue('Big', { maxMessageSizeBytes: 1_048_576 })], topics: [topic('Events')], subscriptions: [subscription('Events', { queue: 'Big' })] }));
    expect(rt.topics.publish('Test/Events', 'x'.repeat(262_144), {}, rt.ledger.create(0, 'Test/Events'))).toBe(true);
    expect(() => rt.topics.publish('Test/Events', 'x'.repeat(262_140), { k: { Type: 'String', Value: 'v' } }, rt.ledger.create(0, 'Test/Events'))).toThrow(/larger than SNS's limit \(262144 bytes\)/);
  });
});
