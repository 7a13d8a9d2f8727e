/**
 * The local endpoint's SNS API (query protocol) through the real `@aws-sdk/client-sns`: Publish
 * and PublishBatch from handlers of the plan and from the test process, deliveries to the
 * subscriptions whose filter policies match, and the errors SNS answers.
 */
import { ListTopicsCommand, PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, queue, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, REGION, logEvent, logged, subscription, topic } from '../services/helpers.js';
import { failure, invoke } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EVENTS_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:Test-Events`;
const ORDERS_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:Test-Orders.fifo`;

/**
 * A handler that runs SNS commands in order (`{ calls: [{ command: 'PublishCommand', input }] }`;
 * a TopicArn `$EVENTS` is the environment variable EVENTS) and returns each output without
 * $metadata, or `{ error, message }`.
 */
const SDK_RUNNER = `
import * as sns from '@aws-sdk/client-sns';
const client = new sns.SNSClient({});
export const handler = async (event) => {
  const out = [];
  for (const c of event.calls) {
    const input = { ...c.input };
    if (typeof input.TopicArn === 'string' && input.TopicArn.startsWith('$')) input.TopicArn = process.env[input.TopicArn.slice(1)];
    try {
      const { $metadata, ...r } = await client.send(new sns[c.command](input));
      out.push(r);
    } catch (e) {
      out.push({ error: e.name, message: e.message });
    }
  }
  return out;
};`;



/** The SNS envelopes a queue holds (each removed from the queue). */
function takeEnvelopes(rt: Runtime, queueId: string): Array<Record<string, unknown>> {
  const q = rt.queue(queueId);
  const out: Array<Record<string, unknown>> = [];
  for (const m of q.pending()) {
    out.push(JSON.parse(m.body) as Record<string, unknown>);
    q.take(m);
  }
  return out;
}

interface SnsEvent {
  Records: Array<{ Sns: { MessageId: string; TopicArn: string; Message: string; Subject: string | null; MessageAttributes: Record<string, unknown> } }>;
}

describe('the local SNS API', () => {
  let rt: Runtime;
  let sns: SNSClient;
  beforeAll(async () => {
    rt = await startRuntime(
      testPlan({
        functions: [fn('Publisher', SDK_RUNNER, { environment: { EVENTS: EVENTS_ARN, ORDERS: ORDERS_ARN } }), fn('Worker', logEvent())],
        queues: [queue('All'), queue('Red'), queue('Ordered', { fifo: true })],
        topics: [topic('Events'), topic('Orders.fifo', { fifo: true })],
        subscriptions: [
          subscription('Events', { queue: 'All' }),
          subscription('Events', { queue: 'Red' }, { filterPolicy: { color: ['red'] } }),
          subscription('Events', { fn: 'Worker' }, { filterPolicy: { color: ['blue'], n: [{ numeric: ['>', 2] }] } }),
          subscription('Orders.fifo', { queue: 'Ordered' }),
        ],
      }),
    );
    sns = new SNSClient({ region: REGION, endpoint: rt.endpoint.address, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  });

  it('a handler publishes with attributes: the queue and the function whose policy matches get it, the other subscription is filtered out; inputs sent on from the invocation', async () => {
    const { outcome, input } = await invoke(rt, 'Publisher', {
      calls: [
        {
          command: 'PublishCommand',
          input: {
            TopicArn: '$EVENTS',
            Message: '{"order":1}',
            Subject: 'New order',
            MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' }, n: { DataType: 'Number', StringValue: '3' } },
          },
        },
      ],
    });
    expect(outcome.status).toBe('success');
    const [published] = JSON.parse(outcome.json!) as [{ MessageId: string }];
    expect(Object.keys(published)).toEqual(['MessageId']);
    expect(published.MessageId).toMatch(UUID);

    // The publish: an input sent on from the invocation's, one more in the publisher's lineage; processed once delivered.
    const [publish, ...others] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(others).toEqual([]);
    expect(publish).toMatchObject({ source: 'Test/Events', parent: input.id, lineage: { 'Test/Publisher': 1 }, disposition: 'processed' });
    // Its deliveries: the queue without a policy and the function whose policy matches; not the queue for red.
    const deliveries = rt.ledger.inputs.filter((i) => i.parent === publish!.id);
    expect(deliveries.map((d) => [d.source, d.lineage, d.disposition ?? 'queued'])).toEqual([
      ['Test/All', { 'Test/Publisher': 1 }, 'queued'],
      ['Test/Worker', { 'Test/Publisher': 1 }, 'processed'],
    ]);
    expect(rt.queue('Test/Red').pending()).toHaveLength(0);

    const [envelope] = takeEnvelopes(rt, 'Test/All');
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId: published.MessageId,
      TopicArn: EVENTS_ARN,
      Subject: 'New order',
      Message: '{"order":1}',
      MessageAttributes: { color: { Type: 'String', Value: 'blue' }, n: { Type: 'Number', Value: '3' } },
    });
    const events = logged<SnsEvent>(rt, 'Test/Worker');
    expect(events).toHaveLength(1);
    expect(events[0]!.value.Records[0]!.Sns).toMatchObject({
      MessageId: published.MessageId,
      TopicArn: EVENTS_ARN,
      Subject: 'New order',
      Message: '{"order":1}',
      MessageAttributes: { color: { Type: 'String', Value: 'blue' }, n: { Type: 'Number', Value: '3' } },
    });
  });

  it('a message every filter policy refuses reaches only the subscription without one; red reaches the red queue', async () => {
    const before = rt.ledger.inputs.length;
    const red = await sns.send(new PublishCommand({ TopicArn: EVENTS_ARN, Message: 'red one', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } }));
    const small = await sns.send(new PublishCommand({ TopicArn: EVENTS_ARN, Message: 'small blue', MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' }, n: { DataType: 'Number', StringValue: '2' } } }));
    await rt.sim.run();
    const [redInput, smallInput] = rt.ledger.inputs.slice(before).filter((i) => i.parent === undefined);
    expect(redInput).toMatchObject({ source: 'Test/Events', lineage: {}, disposition: 'processed' });
    expect(rt.ledger.inputs.filter((i) => i.parent === redInput!.id).map((i) => i.source)).toEqual(['Test/All', 'Test/Red']);
    expect(rt.ledger.inputs.filter((i) => i.parent === smallInput!.id).map((i) => i.source)).toEqual(['Test/All']);
    expect(takeEnvelopes(rt, 'Test/All').map((e) => [e.MessageId, e.Message])).toEqual([
      [red.MessageId, 'red one'],
      [small.MessageId, 'small blue'],
    ]);
    expect(takeEnvelopes(rt, 'Test/Red').map((e) => e.Message)).toEqual(['red one']);
    expect(logged(rt, 'Test/Worker')).toHaveLength(1);
  });

  it('PublishBatch with 2 entries: both published (ids and message ids), each an input of its own; a bad third entry fails alone', async () => {
    const before = rt.ledger.inputs.length;
    const out = await sns.send(
      new PublishBatchCommand({
        TopicArn: EVENTS_ARN,
        PublishBatchRequestEntries: [
          { Id: 'first', Message: 'one', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } },
          { Id: 'second', Message: 'two' },
        ],
      }),
    );
    expect(out.Successful!.map((s) => s.Id)).toEqual(['first', 'second']);
    for (const s of out.Successful!) expect(s.MessageId).toMatch(UUID);
    expect(out.Successful![0]!.MessageId).not.toBe(out.Successful![1]!.MessageId);
    expect(out.Failed ?? []).toEqual([]);
    await rt.sim.run();
    const publishes = rt.ledger.inputs.slice(before).filter((i) => i.parent === undefined);
    expect(publishes.map((p) => [p.source, p.disposition])).toEqual([
      ['Test/Events', 'processed'],
      ['Test/Events', 'processed'],
    ]);
    expect(takeEnvelopes(rt, 'Test/All').map((e) => [e.MessageId, e.Message])).toEqual([
      [out.Successful![0]!.MessageId, 'one'],
      [out.Successful![1]!.MessageId, 'two'],
    ]);
    expect(takeEnvelopes(rt, 'Test/Red').map((e) => e.Message)).toEqual(['one']);

    const mixed = await sns.send(
      new PublishBatchCommand({
        TopicArn: EVENTS_ARN,
        PublishBatchRequestEntries: [
          { Id: 'ok', Message: 'fine' },
          { Id: 'bad', Message: 'x', MessageAttributes: { color: { DataType: 'Colour', StringValue: 'red' } } },
        ],
      }),
    );
    expect(mixed.Successful!.map((s) => s.Id)).toEqual(['ok']);
    expect(mixed.Failed).toEqual([
      {
        Id: 'bad',
        Code: 'InvalidParameter',
        Message: "Invalid parameter: MessageAttributes Reason: The message attribute 'color' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
        SenderFault: true,
      },
    ]);
    await rt.sim.run();
    expect(takeEnvelopes(rt, 'Test/All').map((e) => e.Message)).toEqual(['fine']);
  });

  it('a FIFO topic needs a MessageGroupId (InvalidParameter, the SDK\'s InvalidParameterException); with one, a sequence number and the group on the FIFO queue', async () => {
    const { outcome, input } = await invoke(rt, 'Publisher', {
      calls: [
        { command: 'PublishCommand', input: { TopicArn: '$ORDERS', Message: 'no group' } },
        { command: 'PublishCommand', input: { TopicArn: '$ORDERS', Message: 'no deduplication id', MessageGroupId: 'g1' } },
        { command: 'PublishCommand', input: { TopicArn: '$ORDERS', Message: 'grouped', MessageGroupId: 'g1', MessageDeduplicationId: 'd1' } },
      ],
    });
    const [noGroup, noDedup, grouped] = JSON.parse(outcome.json!) as [{ error: string; message: string }, { error: string; message: string }, { MessageId: string; SequenceNumber: string }];
    // SNS's code InvalidParameter, as the SDK names its exception.
    expect(noGroup).toEqual({ error: 'InvalidParameterException', message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics' });
    // The topic has no content-based deduplication: a deduplication id is required.
    expect(noDedup).toEqual({ error: 'InvalidParameterException', message: 'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly' });
    expect(grouped.MessageId).toMatch(UUID);
    expect(grouped.SequenceNumber).toMatch(/^\d{20}$/);
    // Only the grouped publish is an input.
    expect(rt.ledger.inputs.filter((i) => i.parent === input.id).map((i) => [i.source, i.lineage, i.disposition])).toEqual([['Test/Orders.fifo', { 'Test/Publisher': 1 }, 'processed']]);
    const [m] = rt.queue('Test/Ordered').pending();
    expect(m!.groupId).toBe('g1');
    expect((JSON.parse(m!.body) as { Message: string }).Message).toBe('grouped');

    const e = await failure(sns.send(new PublishCommand({ TopicArn: ORDERS_ARN, Message: 'no group either' })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.Error?.Code).toBe('InvalidParameter');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  });

  it('a topic not in the plan: NotFound (404; the SDK\'s NotFoundException), naming the plan\'s topics', async () => {
    const arn = `arn:aws:sns:${REGION}:${ACCOUNT}:Nope`;
    const e = await failure(sns.send(new PublishCommand({ TopicArn: arn, Message: 'x' })));
    // SNS's code NotFound, as the SDK names its exception.
    expect(e.name).toBe('NotFoundException');
    expect(e.Error?.Code).toBe('NotFound');
    expect(e.$metadata?.httpStatusCode).toBe(404);
    expect(e.message).toBe(`Topic does not exist: ${arn} is not a topic of the app's plan (its topics: ${EVENTS_ARN}, ${ORDERS_ARN}).`);
    // From a handler too.
    const { outcome, input } = await invoke(rt, 'Publisher', { calls: [{ command: 'PublishCommand', input: { TopicArn: arn, Message: 'x' } }] });
    expect(JSON.parse(outcome.json!)).toEqual([{ error: 'NotFoundException', message: e.message }]);
    expect(rt.ledger.inputs.filter((i) => i.parent === input.id)).toEqual([]);
  });

  it('an action the local runtime does not serve fails naming SNS and the operation', async () => {
    const e = await failure(sns.send(new ListTopicsCommand({})));
    expect(e.name).toBe('UnsupportedOperation');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe("lambdaform's local runtime does not serve SNS ListTopics; it serves Publish, PublishBatch. The call did not reach AWS.");
  });

  it('an unsigned request gets a 400 saying the local runtime does not serve it', async () => {
    const res = await fetch(rt.endpoint.address, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=Publish&TopicArn=${encodeURIComponent(EVENTS_ARN)}&Message=x` });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string; message: string };
    expect(body.__type).toBe('UnsupportedOperation');
    expect(body.message).toBe("lambdaform's local runtime does not serve an unsigned request (POST /); it serves SQS, SNS, S3, Lambda, DynamoDB, Kinesis, EventBridge. The call did not reach AWS.");
  });
});
