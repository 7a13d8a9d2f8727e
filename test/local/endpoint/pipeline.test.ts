/**
 * A pipeline of handlers that call AWS through the real SDK v3 clients, all served by the
 * simulator: HTTP → Ingest → Orders queue → Process → topic → Billing and Shipping queues →
 * Bill and Ship → Ledger table. Every input (the requests and everything the handlers sent on) is
 * accounted for.
 */
import { describe, expect, it } from 'vitest';
import { fn, queue, sqsMapping, startRuntime, testPlan } from '../helpers.js';
import { api, route, subscription, table, topic } from '../services/helpers.js';

const INGEST = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const r = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.ORDERS_URL, MessageBody: event.body }));
  return { statusCode: 202, body: JSON.stringify({ messageId: r.MessageId }) };
};`;

const PROCESS = `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async (event) => {
  for (const r of event.Records) {
    const order = JSON.parse(r.body);
    if (order.quantity <= 0) throw new Error('invalid order ' + order.id);
    await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: r.body, MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } }));
  }
};`;

const record = (prefix: string) => `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  for (const r of event.Records) {
    const order = JSON.parse(JSON.parse(r.body).Message);
    await db.send(new PutCommand({ TableName: process.env.TABLE, Item: { id: '${prefix}#' + order.id, quantity: order.quantity } }));
  }
};`;

describe('a pipeline of handlers calling AWS through the SDK', () => {
  it('processes N orders end to end, every input accounted for', async () => {
    const orders = queue('Orders', { visibilityTimeoutSeconds: 10, deadLetter: { queue: 'Test/OrdersDlq', maxReceiveCount: 2 } });
    const events = topic('OrderEvents');
    const ledger = table('Ledger', { stream: undefined });
    const plan = testPlan({
      functions: [
        fn('Ingest', INGEST, { environment: { ORDERS_URL: orders.url } }),
        // Reserved concurrency 1: one warm environment per consumer (the test is about the flow, not scaling).
        fn('Process', PROCESS, { environment: { TOPIC_ARN: events.arn }, reservedConcurrency: 1 }),
        fn('Bill', record('bill'), { environment: { TABLE: ledger.name }, reservedConcurrency: 1 }),
        fn('Ship', record('ship'), { environment: { TABLE: ledger.name }, reservedConcurrency: 1 }),
      ],
      queues: [orders, queue('OrdersDlq'), queue('Billing'), queue('Shipping')],
      topics: [events],
      subscriptions: [subscription('OrderEvents', { queue: 'Billing' }), subscription('OrderEvents', { queue: 'Shipping' })],
      tables: [ledger],
      apis: [api('Shop', [route('POST', '/orders', 'Ingest')])],
      mappings: [sqsMapping('Orders', 'Process', { batchSize: 1 }), sqsMapping('Billing', 'Bill'), sqsMapping('Shipping', 'Ship')],
    });
    const rt = await startRuntime(plan);
    const n = 20;
    const bad = new Set([4, 13]);
    const responses: Array<Promise<{ status: number }>> = [];
    for (let i = 0; i < n; i++) {
      const body = JSON.stringify({ id: `o-${i}`, quantity: bad.has(i) ? 0 : i + 1 });
      // A second apart: warm environments take the next request, as a steady trickle of orders would.
      rt.sim.at(i * 1000, () => responses.push(rt.http.request('Test/Shop', { method: 'POST', path: '/orders', headers: { 'content-type': 'application/json' }, body }, rt.ledger.create(0, 'Test/Shop'))));
    }
    await rt.sim.run();
    expect((await Promise.all(responses)).map((r) => r.status)).toEqual(Array(n).fill(202));

    const good = n - bad.size;
    const by = (source: string) => rt.ledger.inputs.filter((r) => r.source === source);
    expect(by('Test/Shop')).toHaveLength(n);
    expect(by('Test/Orders')).toHaveLength(n);
    expect(by('Test/OrderEvents')).toHaveLength(good);
    expect(by('Test/Billing')).toHaveLength(good);
    expect(by('Test/Shipping')).toHaveLength(good);
    expect(by('Test/Ledger')).toHaveLength(2 * good);
    // Each input sent on names the one it came from: an order's table writes lead back to its request.
    const byId = new Map(rt.ledger.inputs.map((r) => [r.id, r]));
    const chain = (id: string): string[] => {
      const r = byId.get(id)!;
      return r.parent ? [...chain(r.parent), r.source] : [r.source];
    };
    for (const w of by('Test/Ledger')) expect(chain(w.id)).toEqual(['Test/Shop', 'Test/Orders', 'Test/OrderEvents', expect.stringMatching(/^Test\/(Billing|Shipping)$/), 'Test/Ledger']);

    const summary: Record<string, number> = {};
    for (const r of rt.ledger.inputs) summary[r.disposition ?? 'queued'] = (summary[r.disposition ?? 'queued'] ?? 0) + 1;
    expect(summary).toEqual({ processed: n + good + good + 2 * good + 2 * good, deadLetter: bad.size });
    expect(rt.ledger.inputs.filter((r) => r.disposition === 'deadLetter').map((r) => r.where)).toEqual(['Test/OrdersDlq', 'Test/OrdersDlq']);
    expect(rt.queue('Test/OrdersDlq').pending().map((m) => JSON.parse(m.body).id).sort()).toEqual(['o-13', 'o-4']);

    const items = rt.streams.scanItems('Test/Ledger');
    expect(items).toHaveLength(2 * good);
    expect(rt.streams.getItem('Test/Ledger', { id: { S: 'bill#o-7' } })).toEqual({ id: { S: 'bill#o-7' }, quantity: { N: '8' } });
    expect(rt.streams.getItem('Test/Ledger', { id: { S: 'ship#o-4' } })).toBeUndefined();
    expect(rt.functions.metrics('Test/Process').Errors).toBe(2 * bad.size);
  });
});
