/**
 * The local endpoint's SQS API (AWS JSON 1.0) through the real `@aws-sdk/client-sqs`: from the
 * test process (calls without a caller: their inputs are roots) and from handlers of the plan
 * (their sends are inputs sent on from the invocation's input, one more in the sender's lineage).
 */
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import { ACCOUNT, fn, queue, REGION, sqsMapping, startRuntime, testPlan } from '../helpers.js';
import { failure, invoke } from './helpers.js';

const START = Date.UTC(2026, 0, 1);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const url = (name: string): string => `http://localhost:4566/${ACCOUNT}/Test-${name}`;
const md5 = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');

/**
 * MD5OfMessageAttributes as the SQS documentation describes it, written here apart from the
 * endpoint's: for each attribute in name order, the name, the data type (each as a 4-byte
 * big-endian length and its UTF-8 bytes), one transport byte (1 String/Number, 2 Binary) and the
 * value (length and bytes).
 */
function documentedMd5(attributes: Record<string, MessageAttributeValue>): string {
  const h = createHash('md5');
  const field = (bytes: Uint8Array): void => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    h.update(len).update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(a.DataType!, 'utf8'));
    const binary = a.BinaryValue !== undefined;
    h.update(Buffer.from([binary ? 2 : 1]));
    field(binary ? a.BinaryValue! : Buffer.from(a.StringValue!, 'utf8'));
  }
  return h.digest('hex');
}

/**
 * A handler that runs SQS commands in order (`{ calls: [{ command: 'SendMessageCommand', queue:
 * 'ENV_NAME', input }] }`; `queue` names the environment variable with the QueueUrl; a
 * ReceiptHandle `$received` is the one of the last message received) and returns each output
 * without $metadata, or `{ error, message }`.
 */
const SDK_RUNNER = `
import * as sqs from '@aws-sdk/client-sqs';
const client = new sqs.SQSClient({});
export const handler = async (event) => {
  const out = [];
  let received;
  for (const c of event.calls) {
    const input = { ...c.input, ...(c.queue ? { QueueUrl: process.env[c.queue] } : {}) };
    if (input.ReceiptHandle === '$received') input.ReceiptHandle = received;
    try {
      const { $metadata, ...r } = await client.send(new sqs[c.command](input));
      if (r.Messages) received = r.Messages[0].ReceiptHandle;
      out.push(r);
    } catch (e) {
      out.push({ error: e.name, message: e.message });
    }
  }
  return out;
};`;

/** A FIFO consumer (batch size 1): logs the start and the end of each message's invocation, 40 ms apart. */
const GROUP_CONSUMER = `
export const handler = async (event) => {
  const r = event.Records[0];
  console.log(JSON.stringify({ phase: 'start', body: r.body, group: r.attributes.MessageGroupId }));
  await new Promise((res) => setTimeout(res, 40));
  console.log(JSON.stringify({ phase: 'end', body: r.body, group: r.attributes.MessageGroupId }));
};`;

interface Logged {
  t: number;
  value: { phase: 'start' | 'end'; body: string; group: string };
}

function logged(rt: Runtime, fnId: string): Logged[] {
  const out: Logged[] = [];
  for (const line of rt.functions.logs(fnId)) {
    const m = /^(\S+)\t\S+\tINFO\t(.*)$/s.exec(line);
    if (m) out.push({ t: Date.parse(m[1]!) - START, value: JSON.parse(m[2]!) as Logged['value'] });
  }
  return out;
}



const QUEUE_NAMES = ['Test-Jobs', 'Test-Visibility', 'Test-Counts', 'Test-Batch', 'Test-Small', 'Test-Out', 'Test-Purged', 'Test-Orders.fifo', 'Test-Dedup.fifo', 'Test-Groups.fifo'];

describe('the local SQS API', () => {
  let rt: Runtime;
  let sqs: SQSClient;
  beforeAll(async () => {
    rt = await startRuntime(
      testPlan({
        functions: [
          fn('Sender', SDK_RUNNER, {
            environment: { OUT: url('Out'), GROUPS: url('Groups.fifo'), DEDUP: url('Dedup.fifo'), ORDERS: url('Orders.fifo'), SMALL: url('Small') },
          }),
          fn('Consumer', GROUP_CONSUMER),
        ],
        queues: [
          queue('Jobs'),
          queue('Visibility'),
          queue('Counts'),
          queue('Batch'),
          queue('Small', { maxMessageSizeBytes: 1024 }),
          queue('Out'),
          queue('Purged'),
          queue('Orders', { fifo: true }),
          queue('Dedup', { fifo: true, contentBasedDeduplication: true }),
          queue('Groups', { fifo: true, contentBasedDeduplication: true }),
        ],
        mappings: [sqsMapping('Groups', 'Consumer', { batchSize: 1 })],
      }),
    );
    sqs = new SQSClient({ region: REGION, endpoint: rt.endpoint.address, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  });

  it('GetQueueUrl answers the URL on the runtime endpoint, which the client sends to', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'Test-Jobs' }));
    expect(QueueUrl).toBe(`${rt.endpoint.address}/${ACCOUNT}/Test-Jobs`);
    // A client without an endpoint of its own, as the SDK's default: it sends to the QueueUrl's host.
    const byUrl = new SQSClient({ region: REGION, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const sent = await byUrl.send(new SendMessageCommand({ QueueUrl, MessageBody: 'via the queue URL' }));
    expect(sent.MD5OfMessageBody).toBe(md5('via the queue URL'));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs') }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['via the queue URL']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Jobs'), ReceiptHandle: got.Messages![0]!.ReceiptHandle }));
    byUrl.destroy();
  });

  it('send, receive and delete: body, MD5OfBody, message attributes and MD5OfMessageAttributes (values AWS returned), a root input processed on delete', async () => {
    const before = rt.ledger.inputs.length;
    // Attributes and digests as AWS answered them (recorded against AWS in LocalStack's SQS snapshot tests).
    const attributes: Record<string, MessageAttributeValue> = {
      General: { DataType: 'String', StringValue: 'Kenobi' },
      Hello: { DataType: 'String', StringValue: 'There' },
      'Help.Me': { DataType: 'String', StringValue: 'Me' },
    };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url('Jobs'), MessageBody: 'msg', MessageAttributes: attributes }));
    expect(sent.MD5OfMessageBody).toBe('6e2baaf3b97dbeef01c0043275f9a0e7');
    expect(sent.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
    expect(sent.MessageId).toMatch(UUID);
    expect(sent.SequenceNumber).toBeUndefined();
    expect(rt.ledger.inputs).toHaveLength(before + 1);
    const input = rt.ledger.inputs.at(-1)!;
    expect(input).toMatchObject({ source: 'Test/Jobs', parent: undefined, lineage: {} });
    expect(input.disposition).toBeUndefined();

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs'), MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages![0]!;
    expect(m).toEqual({
      MessageId: sent.MessageId,
      ReceiptHandle: expect.stringMatching(/^\S+$/) as unknown,
      MD5OfBody: '6e2baaf3b97dbeef01c0043275f9a0e7',
      Body: 'msg',
      Attributes: {
        SenderId: expect.any(String) as unknown,
        SentTimestamp: String(START + rt.sim.now()),
        ApproximateReceiveCount: '1',
        ApproximateFirstReceiveTimestamp: String(START + rt.sim.now()),
      },
      MessageAttributes: attributes,
      MD5OfMessageAttributes: '4c360f3fdafd970e05fae2f149d997f5',
    });
    // In flight: a second receive gets nothing.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs') }))).Messages).toBeUndefined();
    expect(input.receives).toBe(1);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Jobs'), ReceiptHandle: m.ReceiptHandle }));
    expect(input.disposition).toBe('processed');
    expect(rt.queue('Test/Jobs').pending()).toHaveLength(0);
    // A second delete with the same handle is no error (SQS ignores it) and changes nothing.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Jobs'), ReceiptHandle: m.ReceiptHandle }));
    expect(rt.queue('Test/Jobs').counts.deleted).toBe(2);
  });

  it('MessageAttributeNames picks attributes (names, a prefix .*); MD5OfMessageAttributes is of the ones returned (values AWS returned), absent with none', async () => {
    const attributes: Record<string, MessageAttributeValue> = {
      General: { DataType: 'String', StringValue: 'Kenobi' },
      Hello: { DataType: 'String', StringValue: 'There' },
      'Help.Me': { DataType: 'String', StringValue: 'Me' },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: url('Jobs'), MessageBody: 'msg', MessageAttributes: attributes }));
    const receive = async (names: string[]) => {
      const m = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs'), MessageAttributeNames: names, VisibilityTimeout: 0 }))).Messages![0]!;
      await rt.sim.run(rt.sim.now());
      return m;
    };
    const two = await receive(['General', 'Hello']);
    expect(Object.keys(two.MessageAttributes!).sort()).toEqual(['General', 'Hello']);
    expect(two.MD5OfMessageAttributes).toBe('fca026605781cb4126a1e9044df24232');
    const one = await receive(['Hello', 'Nope']);
    expect(Object.keys(one.MessageAttributes!)).toEqual(['Hello']);
    expect(one.MD5OfMessageAttributes).toBe('a311262e065454b75da111d535b8dacd');
    const prefix = await receive(['Help.*']);
    expect(prefix.MessageAttributes).toEqual({ 'Help.Me': { DataType: 'String', StringValue: 'Me' } });
    expect(prefix.MD5OfMessageAttributes).toBe(documentedMd5({ 'Help.Me': attributes['Help.Me']! }));
    const none = await receive(['Nope']);
    expect(none.MessageAttributes).toBeUndefined();
    expect(none.MD5OfMessageAttributes).toBeUndefined();
    const all = await receive(['.*']);
    expect(all.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
    const last = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs') }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Jobs'), ReceiptHandle: last.Messages![0]!.ReceiptHandle }));
    expect(rt.queue('Test/Jobs').pending()).toHaveLength(0);
  });

  it('Number, custom and Binary attributes: the digest of the documented algorithm; Binary comes back as bytes; a name filter returns only those', async () => {
    const attributes: Record<string, MessageAttributeValue> = {
      zeta: { DataType: 'Number', StringValue: '42' },
      alpha: { DataType: 'String.custom', StringValue: 'héllo' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) },
    };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url('Jobs'), MessageBody: 'héllo wörld', MessageAttributes: attributes }));
    expect(sent.MD5OfMessageBody).toBe(md5(Buffer.from('héllo wörld', 'utf8')));
    expect(sent.MD5OfMessageAttributes).toBe(documentedMd5(attributes));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs'), MessageAttributeNames: ['All'] }));
    const m = got.Messages![0]!;
    expect(m.Body).toBe('héllo wörld');
    expect(m.MD5OfMessageAttributes).toBe(documentedMd5(attributes));
    expect(m.MessageAttributes!.blob!.DataType).toBe('Binary');
    expect([...m.MessageAttributes!.blob!.BinaryValue!]).toEqual([0, 1, 255]);
    expect(m.MessageAttributes!.zeta).toEqual({ DataType: 'Number', StringValue: '42' });
    expect(m.MessageAttributes!.alpha).toEqual({ DataType: 'String.custom', StringValue: 'héllo' });
    // Returned to the queue at once, then received asking for one attribute by name.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('Jobs'), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    await rt.sim.run(rt.sim.now());
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Jobs'), MessageAttributeNames: ['zeta'] }));
    expect(again.Messages![0]!.MessageAttributes).toEqual({ zeta: { DataType: 'Number', StringValue: '42' } });
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Jobs'), ReceiptHandle: again.Messages![0]!.ReceiptHandle }));
  });

  it('ApproximateReceiveCount counts each receive (1, then 2 after the message came back)', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url('Counts'), MessageBody: 'count me' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Counts'), MessageSystemAttributeNames: ['ApproximateReceiveCount'], VisibilityTimeout: 2 }));
    expect(first.Messages![0]!.Attributes).toEqual({ ApproximateReceiveCount: '1' });
    await rt.sim.run(rt.sim.now() + 2000);
    // The older AttributeNames (typed as queue attribute names in the SDK) names message system attributes too.
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Counts'), AttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'] as never }));
    expect(second.Messages![0]!.MessageId).toBe(first.Messages![0]!.MessageId);
    expect(second.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('2');
    expect(Object.keys(second.Messages![0]!.Attributes!).sort()).toEqual(['ApproximateReceiveCount', 'SentTimestamp']);
    expect(second.Messages![0]!.ReceiptHandle).not.toBe(first.Messages![0]!.ReceiptHandle);
    expect(rt.queue('Test/Counts').pending()[0]!.input.receives).toBe(2);
  });

  it('ChangeMessageVisibility: the message comes back when the new timeout ends (on the simulated clock), not the old one; a stale handle is refused', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url('Visibility'), MessageBody: 'later' }));
    const t0 = rt.sim.now();
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Visibility'), VisibilityTimeout: 10 }));
    const handle = got.Messages![0]!.ReceiptHandle!;
    // Longer: 40 s from now instead of 10 s.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('Visibility'), ReceiptHandle: handle, VisibilityTimeout: 40 }));
    await rt.sim.run(t0 + 10_000);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Visibility') }))).Messages).toBeUndefined();
    await rt.sim.run(t0 + 39_999);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Visibility') }))).Messages).toBeUndefined();
    await rt.sim.run(t0 + 40_000);
    expect(rt.sim.now()).toBe(t0 + 40_000);
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Visibility'), VisibilityTimeout: 30, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(back.Messages!.map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount])).toEqual([['later', '2']]);
    // Shorter: 5 s instead of 30.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('Visibility'), ReceiptHandle: back.Messages![0]!.ReceiptHandle, VisibilityTimeout: 5 }));
    await rt.sim.run(t0 + 44_999);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Visibility') }))).Messages).toBeUndefined();
    await rt.sim.run(t0 + 45_000);
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Visibility') }));
    expect(third.Messages!.map((m) => m.Body)).toEqual(['later']);
    // The first receive's handle is stale now.
    const stale = await failure(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('Visibility'), ReceiptHandle: handle, VisibilityTimeout: 0 })));
    expect(stale.name).toBe('MessageNotInflight');
    expect(stale.$metadata?.httpStatusCode).toBe(400);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Visibility'), ReceiptHandle: third.Messages![0]!.ReceiptHandle }));
  });

  it('SendMessageBatch with one bad entry: the others sent, the bad one in Failed with its code; DeleteMessageBatch deletes them', async () => {
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url('Batch'),
        Entries: [
          { Id: 'one', MessageBody: 'first' },
          { Id: 'bad', MessageBody: 'too late', DelaySeconds: 901 },
          { Id: 'two', MessageBody: 'second', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        ],
      }),
    );
    expect(sent.Successful!.map((s) => [s.Id, s.MD5OfMessageBody, s.MD5OfMessageAttributes])).toEqual([
      ['one', md5('first'), undefined],
      ['two', md5('second'), documentedMd5({ k: { DataType: 'String', StringValue: 'v' } })],
    ]);
    expect(sent.Failed).toEqual([{ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 901 for parameter DelaySeconds is invalid. Reason: must be an integer from 0 to 900.' }]);
    // No input for the refused entry.
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Batch')).toHaveLength(2);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Batch'), MaxNumberOfMessages: 10 }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['first', 'second']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url('Batch'),
        Entries: [
          { Id: 'a', ReceiptHandle: got.Messages![0]!.ReceiptHandle },
          { Id: 'b', ReceiptHandle: got.Messages![1]!.ReceiptHandle },
          { Id: 'c', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'a' }, { Id: 'b' }]);
    expect(deleted.Failed).toEqual([{ Id: 'c', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "not-a-handle" is not a valid receipt handle.' }]);
    expect(rt.queue('Test/Batch').pending()).toHaveLength(0);
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Batch').map((i) => i.disposition)).toEqual(['processed', 'processed']);
  });

  it('a handler sends, receives and deletes: its send is an input sent on from the invocation (lineage +1), processed on its delete', async () => {
    const { outcome, input } = await invoke(rt, 'Sender', {
      calls: [
        { command: 'SendMessageCommand', queue: 'OUT', input: { MessageBody: '{"order":7}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } } },
        { command: 'ReceiveMessageCommand', queue: 'OUT', input: { MessageAttributeNames: ['All'], WaitTimeSeconds: 1 } },
        { command: 'ChangeMessageVisibilityCommand', queue: 'OUT', input: { ReceiptHandle: '$received', VisibilityTimeout: 60 } },
        { command: 'DeleteMessageCommand', queue: 'OUT', input: { ReceiptHandle: '$received' } },
      ],
    });
    expect(outcome.status).toBe('success');
    const [sent, got, changed, deleted] = JSON.parse(outcome.json!) as [Record<string, string>, { Messages: Array<Record<string, unknown>> }, unknown, unknown];
    expect(sent).toEqual({ MD5OfMessageBody: md5('{"order":7}'), MD5OfMessageAttributes: documentedMd5({ kind: { DataType: 'String', StringValue: 'order' } }), MessageId: expect.stringMatching(UUID) as unknown });
    expect(got.Messages).toHaveLength(1);
    expect(got.Messages[0]).toMatchObject({ MessageId: sent.MessageId, Body: '{"order":7}', MD5OfBody: md5('{"order":7}'), MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } });
    expect(changed).toEqual({});
    expect(deleted).toEqual({});
    const children = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({ source: 'Test/Out', parent: input.id, lineage: { 'Test/Sender': 1 }, receives: 1, disposition: 'processed' });
    expect(input.disposition).toBe('processed');
    expect(rt.queue('Test/Out').pending()).toHaveLength(0);
  });

  it('FIFO: a handler sends A1 A2 A3 (group A) and B1 B2 (group B); the consumer gets each group in order, one message of a group in flight at a time', async () => {
    const sends = ['A1', 'B1', 'A2', 'B2', 'A3'].map((b) => ({ command: 'SendMessageCommand', queue: 'GROUPS', input: { MessageBody: b, MessageGroupId: b[0] } }));
    const { outcome, input } = await invoke(rt, 'Sender', { calls: sends });
    const results = JSON.parse(outcome.json!) as Array<{ MessageId: string; SequenceNumber: string }>;
    expect(results).toHaveLength(5);
    for (const r of results) expect(r.SequenceNumber).toMatch(/^\d{20}$/);
    // Sequence numbers grow in send order.
    const seqs = results.map((r) => BigInt(r.SequenceNumber));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    const children = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(children.map((c) => [c.source, c.lineage])).toEqual(Array(5).fill(['Test/Groups', { 'Test/Sender': 1 }]));
    expect(children.map((c) => c.disposition)).toEqual(Array(5).fill('processed'));

    const calls = logged(rt, 'Test/Consumer');
    const group = (g: string): Logged[] => calls.filter((c) => c.value.group === g);
    expect(group('A').map((c) => `${c.value.phase} ${c.value.body}`)).toEqual(['start A1', 'end A1', 'start A2', 'end A2', 'start A3', 'end A3']);
    expect(group('B').map((c) => `${c.value.phase} ${c.value.body}`)).toEqual(['start B1', 'end B1', 'start B2', 'end B2']);
    // One in flight per group: each start of a group after the end of its previous message.
    for (const g of ['A', 'B']) {
      const list = group(g);
      for (let i = 2; i < list.length; i += 2) expect(list[i]!.t).toBeGreaterThanOrEqual(list[i - 1]!.t);
    }
    expect(rt.functions.metrics('Test/Consumer').Invocations).toBe(5);
  });

  it('FIFO: MessageGroupId is required (MissingParameter); without content-based deduplication a MessageDeduplicationId too', async () => {
    const noGroup = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url('Orders.fifo'), MessageBody: 'x', MessageDeduplicationId: 'd1' })));
    expect(noGroup.name).toBe('MissingParameter');
    expect(noGroup.message).toBe('The request must contain the parameter MessageGroupId.');
    expect(noGroup.$metadata?.httpStatusCode).toBe(400);
    const noDedup = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url('Orders.fifo'), MessageBody: 'x', MessageGroupId: 'g' })));
    expect(noDedup.name).toBe('InvalidParameterValue');
    expect(noDedup.message).toBe('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    // The same from a handler.
    const { outcome } = await invoke(rt, 'Sender', { calls: [{ command: 'SendMessageCommand', queue: 'ORDERS', input: { MessageBody: 'y', MessageDeduplicationId: 'd2' } }] });
    expect(JSON.parse(outcome.json!)).toEqual([{ error: 'MissingParameter', message: 'The request must contain the parameter MessageGroupId.' }]);
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Orders')).toHaveLength(0);
  });

  it('FIFO content-based deduplication: the same body within 5 minutes is accepted but dropped (its input discarded, saying why); after 5 minutes it is a new message', async () => {
    const { outcome, input } = await invoke(rt, 'Sender', {
      calls: [
        { command: 'SendMessageCommand', queue: 'DEDUP', input: { MessageBody: 'same', MessageGroupId: 'g' } },
        { command: 'SendMessageCommand', queue: 'DEDUP', input: { MessageBody: 'same', MessageGroupId: 'g' } },
        { command: 'SendMessageCommand', queue: 'DEDUP', input: { MessageBody: 'other', MessageGroupId: 'g' } },
      ],
    });
    const results = JSON.parse(outcome.json!) as Array<Record<string, string>>;
    for (const r of results) expect(r.MD5OfMessageBody).toBeDefined();
    const [first, dup, other] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(first!.disposition).toBeUndefined();
    expect(dup).toMatchObject({ source: 'Test/Dedup', lineage: { 'Test/Sender': 1 }, disposition: 'discarded', reason: 'a duplicate of a message sent to Test/Dedup within the 5-minute deduplication interval' });
    expect(other!.disposition).toBeUndefined();
    expect(rt.queue('Test/Dedup').pending().map((m) => m.body)).toEqual(['same', 'other']);
    expect(rt.queue('Test/Dedup').pending()[0]!.deduplicationId).toBe(createHash('sha256').update('same').digest('hex'));
    // 5 minutes after the first send, the same body is a message again.
    await rt.sim.run(rt.sim.now() + 300_000);
    await sqs.send(new SendMessageCommand({ QueueUrl: url('Dedup.fifo'), MessageBody: 'same', MessageGroupId: 'g' }));
    expect(rt.queue('Test/Dedup').pending().map((m) => m.body)).toEqual(['same', 'other', 'same']);
    expect(rt.ledger.inputs.at(-1)!.disposition).toBeUndefined();
  });

  it('FIFO sequence numbers: 20 digits, increasing past 9 and 99 (SendMessage and the received SequenceNumber attribute)', async () => {
    const sent: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const r = await sqs.send(new SendMessageCommand({ QueueUrl: url('Orders.fifo'), MessageBody: `m${i}`, MessageGroupId: 'seq', MessageDeduplicationId: `seq-${i}` }));
      sent.push(r.SequenceNumber!);
    }
    const increasing = (list: string[]): void => {
      for (const n of list) expect(n).toMatch(/^\d{20}$/);
      for (let i = 1; i < list.length; i++) expect(BigInt(list[i]!) > BigInt(list[i - 1]!)).toBe(true);
    };
    increasing(sent);
    const received: Array<{ body: string; seq: string }> = [];
    for (let round = 0; round < 2; round++) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Orders.fifo'), MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['SequenceNumber', 'MessageGroupId'] }));
      for (const m of got.Messages!) {
        expect(m.Attributes!.MessageGroupId).toBe('seq');
        received.push({ body: m.Body!, seq: m.Attributes!.SequenceNumber! });
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Orders.fifo'), ReceiptHandle: m.ReceiptHandle }));
      }
    }
    expect(received.map((r) => r.body)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i + 1}`));
    increasing(received.map((r) => r.seq));
  });

  // Bug: SendMessage answers a sequence number of its own (an endpoint-wide counter), not the message's,
  // which ReceiveMessage and the Lambda event report. Passes once they are the same: then make it an `it`.
  it('FIFO: the SequenceNumber SendMessage answers is the one the message is received with', async () => {
    const r = await sqs.send(new SendMessageCommand({ QueueUrl: url('Orders.fifo'), MessageBody: 'which', MessageGroupId: 'one', MessageDeduplicationId: 'which' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('Orders.fifo'), MessageSystemAttributeNames: ['SequenceNumber'] }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url('Orders.fifo'), ReceiptHandle: got.Messages![0]!.ReceiptHandle }));
    expect(got.Messages![0]!.Attributes!.SequenceNumber).toBe(r.SequenceNumber);
  });

  it('QueueDoesNotExist for a queue not in the plan: error name, query code and a message naming the plan\'s queues', async () => {
    const e = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url('Nope'), MessageBody: 'x' })));
    expect(e.name).toBe('QueueDoesNotExist');
    // The query-compatible code SQS sends in x-amzn-query-error, as the SDK exposes it.
    expect(e.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe(`The specified queue does not exist: ${url('Nope')} is not a queue of the app's plan (its queues: ${QUEUE_NAMES.join(', ')}).`);
    const byName = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'Nope' })));
    expect(byName.name).toBe('QueueDoesNotExist');
    expect(byName.message).toBe(`The specified queue does not exist: Nope is not a queue of the app's plan (its queues: ${QUEUE_NAMES.join(', ')}).`);
  });

  it('a message over the queue\'s maximum size is refused (InvalidParameterValue); the input it started is discarded with the reason', async () => {
    const ok = await sqs.send(new SendMessageCommand({ QueueUrl: url('Small'), MessageBody: 'x'.repeat(1024) }));
    expect(ok.MD5OfMessageBody).toBe(md5('x'.repeat(1024)));
    const { outcome, input } = await invoke(rt, 'Sender', { calls: [{ command: 'SendMessageCommand', queue: 'SMALL', input: { MessageBody: 'x'.repeat(1025) } }] });
    expect(JSON.parse(outcome.json!)).toEqual([
      { error: 'InvalidParameterValue', message: "One or more parameters are invalid. Reason: a message of 1025 bytes is larger than the queue's maximum message size (1024 bytes)" },
    ]);
    const child = rt.ledger.inputs.find((i) => i.parent === input.id)!;
    expect(child).toMatchObject({ source: 'Test/Small', disposition: 'discarded', reason: "refused by Test/Small: a message of 1025 bytes is larger than the queue's maximum message size (1024 bytes)" });
    // Body and attributes count together.
    const withAttrs = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url('Small'), MessageBody: 'x'.repeat(1000), MessageAttributes: { pad: { DataType: 'String', StringValue: 'y'.repeat(30) } } })));
    expect(withAttrs.name).toBe('InvalidParameterValue');
    expect(rt.queue('Test/Small').pending().map((m) => m.size)).toEqual([1024]);
  });

  it('GetQueueAttributes answers the queue\'s settings and counts; PurgeQueue empties it, once a minute', async () => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url('Jobs'), AttributeNames: ['QueueArn', 'VisibilityTimeout', 'ApproximateNumberOfMessages'] }));
    const visible = rt.queue('Test/Jobs').visible;
    expect(Attributes).toEqual({ QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Jobs`, VisibilityTimeout: String(rt.queue('Test/Jobs').plan.visibilityTimeoutSeconds), ApproximateNumberOfMessages: String(visible) });
    const all = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url('Jobs'), AttributeNames: ['All'] }))).Attributes!;
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['QueueArn', 'ApproximateNumberOfMessagesNotVisible', 'MessageRetentionPeriod', 'MaximumMessageSize', 'DelaySeconds']));
    const bad = await failure(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url('Jobs'), AttributeNames: ['Nope' as never] })));
    expect(bad.name).toBe('InvalidAttributeName');

    await sqs.send(new SendMessageCommand({ QueueUrl: url('Purged'), MessageBody: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url('Purged'), MessageBody: 'b' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url('Purged') }));
    expect(rt.queue('Test/Purged').pending()).toEqual([]);
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Purged').map((i) => [i.disposition, i.reason])).toEqual([
      ['discarded', 'purged from Test/Purged'],
      ['discarded', 'purged from Test/Purged'],
    ]);
    const again = await failure(sqs.send(new PurgeQueueCommand({ QueueUrl: url('Purged') })));
    expect(again.name).toBe('PurgeQueueInProgress');
  });

  it('an operation the local runtime does not serve fails naming SQS and the operation', async () => {
    for (const [command, op] of [
      [new ListQueuesCommand({}), 'ListQueues'],
      [new CreateQueueCommand({ QueueName: 'Other' }), 'CreateQueue'],
    ] as const) {
      const e = await failure(sqs.send(command as never));
      expect(e.name).toBe('UnsupportedOperation');
      expect(e.$metadata?.httpStatusCode).toBe(400);
      expect(e.message).toBe(
        `lambdaform's local runtime does not serve SQS ${op}; it serves SendMessage, SendMessageBatch, ReceiveMessage, DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility, GetQueueAttributes, PurgeQueue, GetQueueUrl. The call did not reach AWS.`,
      );
    }
  });

  it('an unsigned request gets a 400 saying the local runtime does not serve it', async () => {
    const res = await fetch(`${rt.endpoint.address}/${ACCOUNT}/Test-Jobs`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string; message: string };
    expect(body.__type).toBe('UnsupportedOperation');
    expect(body.message).toBe(
      `lambdaform's local runtime does not serve an unsigned request (POST /${ACCOUNT}/Test-Jobs); it serves SQS, SNS, S3, Lambda, DynamoDB, Kinesis, EventBridge. The call did not reach AWS.`,
    );
  });
});
