/**
 * The local endpoint's DynamoDB API (AWS JSON 1.0) through the real `@aws-sdk/client-dynamodb`
 * and `@aws-sdk/lib-dynamodb`: from the test process (writes without a caller: their inputs are
 * roots) and from a handler of the plan (its write is an input sent on from the invocation's);
 * every write feeds the table's stream as DynamoDB Streams records it.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand as RawQueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanTable } from '../../../lib/local/plan/types.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, REGION, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, START, logged, streamMapping, table } from '../services/helpers.js';
import { failure } from './helpers.js';


function clients(rt: Runtime): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const raw = new DynamoDBClient({ region: REGION, endpoint: rt.endpoint.address, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  return { raw, doc: DynamoDBDocumentClient.from(raw) };
}

const noStream = (name: string, props: Partial<PlanTable> = {}): PlanTable => ({ ...table(name, props), stream: undefined });

describe('the local DynamoDB API', () => {
  let rt: Runtime;
  let raw: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  beforeAll(async () => {
    rt = await startRuntime(
      testPlan({
        tables: [
          noStream('Items'),
          noStream('Orders', { partitionKey: { name: 'customer', type: 'S' }, sortKey: { name: 'orderId', type: 'S' } }),
          noStream('Scores', { partitionKey: { name: 'player', type: 'S' }, sortKey: { name: 'score', type: 'N' } }),
          noStream('Bulk'),
        ],
      }),
    );
    ({ raw, doc } = clients(rt));
  });

  it('PutItem and GetItem keep every attribute type (numbers as DynamoDB normalises them), by table name or ARN', async () => {
    const item = { id: 'all', n: 42, f: 1.5, s: 'text', b: true, nil: null, list: [1, 'two', { three: 3 }], map: { a: { b: 'c' } }, ss: new Set(['x', 'y']), ns: new Set([1, 2]), bin: new Uint8Array([0, 255]) };
    expect(await doc.send(new PutCommand({ TableName: 'Test-Items', Item: item }))).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    const got = await doc.send(new GetCommand({ TableName: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Test-Items`, Key: { id: 'all' } }));
    expect(got.Item).toEqual(item);
    // In DynamoDB JSON: numbers without redundant zeros.
    await raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { S: 'num' }, n: { N: '0001.500' }, e: { N: '1.5E3' }, ns: { NS: ['2.0', '10'] } } }));
    expect((await raw.send(new GetItemCommand({ TableName: 'Test-Items', Key: { id: { S: 'num' } } }))).Item).toEqual({ id: { S: 'num' }, n: { N: '1.5' }, e: { N: '1500' }, ns: { NS: ['2', '10'] } });
    // No such item: no Item.
    expect((await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'none' } }))).Item).toBeUndefined();
    // Capacity as DynamoDB counts it: a write unit per KB written, half a read unit per 4 KB read eventually consistent.
    const big = { id: 'units', data: 'x'.repeat(5000) };
    expect((await doc.send(new PutCommand({ TableName: 'Test-Items', Item: big, ReturnConsumedCapacity: 'TOTAL' }))).ConsumedCapacity).toEqual({ TableName: 'Test-Items', CapacityUnits: 5 });
    expect((await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'units' }, ReturnConsumedCapacity: 'TOTAL' }))).ConsumedCapacity).toEqual({ TableName: 'Test-Items', CapacityUnits: 1 });
    expect((await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'units' }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }))).ConsumedCapacity).toEqual({ TableName: 'Test-Items', CapacityUnits: 2 });
  });

  it('GetItem with a ProjectionExpression returns the paths named', async () => {
    await doc.send(new PutCommand({ TableName: 'Test-Items', Item: { id: 'proj', name: 'Ann', address: { city: 'Oslo', zip: '0150' }, tags: ['a', 'b', 'c'], other: 1 } }));
    const got = await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'proj' }, ProjectionExpression: '#n, address.city, tags[2]', ExpressionAttributeNames: { '#n': 'name' } }));
    expect(got.Item).toEqual({ name: 'Ann', address: { city: 'Oslo' }, tags: ['c'] });
  });

  it('a conditional PutItem: ConditionalCheckFailedException when the condition fails, the item as it was; ALL_OLD on request', async () => {
    const first = { TableName: 'Test-Items', Item: { id: 'cond', v: 1 }, ConditionExpression: 'attribute_not_exists(id)' };
    await doc.send(new PutCommand(first));
    const e = await failure(doc.send(new PutCommand({ ...first, Item: { id: 'cond', v: 2 } })));
    expect(e.name).toBe('ConditionalCheckFailedException');
    expect(e.message).toBe('The conditional request failed');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.Item).toBeUndefined();
    expect((await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'cond' } }))).Item).toEqual({ id: 'cond', v: 1 });
    const withOld = await failure(doc.send(new PutCommand({ ...first, Item: { id: 'cond', v: 2 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));
    expect(withOld.name).toBe('ConditionalCheckFailedException');
    expect(withOld.Item).toEqual({ id: { S: 'cond' }, v: { N: '1' } });
    // A condition that holds: the put replaces the item; ALL_OLD returns the one replaced.
    const put = await doc.send(new PutCommand({ TableName: 'Test-Items', Item: { id: 'cond', v: 3 }, ConditionExpression: 'v = :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'ALL_OLD' }));
    expect(put.Attributes).toEqual({ id: 'cond', v: 1 });
  });

  it('UpdateItem: SET with arithmetic, if_not_exists and list_append, REMOVE, ADD to a set; each ReturnValues', async () => {
    const key = { id: 'upd' };
    const t = 'Test-Items';
    // On no item: the item is made from the key. UPDATED_NEW: the attributes the update wrote.
    const created = await doc.send(
      new UpdateCommand({
        TableName: t,
        Key: key,
        UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one, events = list_append(if_not_exists(events, :empty), :e1), note = :note',
        ExpressionAttributeNames: { '#c': 'counter' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':empty': [], ':e1': ['created'], ':note': 'temp' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(created.Attributes).toEqual({ counter: 1, events: ['created'], note: 'temp' });

    const incremented = await doc.send(
      new UpdateCommand({
        TableName: t,
        Key: key,
        UpdateExpression: 'SET #c = #c + :one, events = list_append(events, :e2) REMOVE note ADD tags :tags',
        ExpressionAttributeNames: { '#c': 'counter' },
        ExpressionAttributeValues: { ':one': 1, ':e2': ['incremented'], ':tags': new Set(['a', 'b']) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(incremented.Attributes).toEqual({ id: 'upd', counter: 2, events: ['created', 'incremented'], tags: new Set(['a', 'b']) });

    const old = await doc.send(
      new UpdateCommand({ TableName: t, Key: key, UpdateExpression: 'ADD tags :more, #c :ten', ExpressionAttributeNames: { '#c': 'counter' }, ExpressionAttributeValues: { ':more': new Set(['b', 'c']), ':ten': 10 }, ReturnValues: 'UPDATED_OLD' }),
    );
    expect(old.Attributes).toEqual({ counter: 2, tags: new Set(['a', 'b']) });

    const allOld = await doc.send(new UpdateCommand({ TableName: t, Key: key, UpdateExpression: 'DELETE tags :a', ExpressionAttributeValues: { ':a': new Set(['a']) }, ReturnValues: 'ALL_OLD' }));
    expect(allOld.Attributes).toEqual({ id: 'upd', counter: 12, events: ['created', 'incremented'], tags: new Set(['a', 'b', 'c']) });

    const none = await doc.send(new UpdateCommand({ TableName: t, Key: key, UpdateExpression: 'SET events[0] = :v', ExpressionAttributeValues: { ':v': 'first' } }));
    expect(none.Attributes).toBeUndefined();
    expect((await doc.send(new GetCommand({ TableName: t, Key: key }))).Item).toEqual({ id: 'upd', counter: 12, events: ['first', 'incremented'], tags: new Set(['b', 'c']) });

    // A condition that fails: nothing changes.
    const e = await failure(doc.send(new UpdateCommand({ TableName: t, Key: key, UpdateExpression: 'SET #c = :v', ConditionExpression: '#c < :v', ExpressionAttributeNames: { '#c': 'counter' }, ExpressionAttributeValues: { ':v': 5 } })));
    expect([e.name, e.message]).toEqual(['ConditionalCheckFailedException', 'The conditional request failed']);
    // A key attribute cannot be updated.
    const k = await failure(doc.send(new UpdateCommand({ TableName: t, Key: key, UpdateExpression: 'SET id = :v', ExpressionAttributeValues: { ':v': 'x' } })));
    expect([k.name, k.message]).toEqual(['ValidationException', 'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key']);
    // Arithmetic on an attribute the item does not have.
    const missing = await failure(doc.send(new UpdateCommand({ TableName: t, Key: key, UpdateExpression: 'SET absent = absent + :v', ExpressionAttributeValues: { ':v': 1 } })));
    expect([missing.name, missing.message]).toEqual(['ValidationException', 'The provided expression refers to an attribute that does not exist in the item']);
  });

  it('DeleteItem: conditional, ALL_OLD', async () => {
    await doc.send(new PutCommand({ TableName: 'Test-Items', Item: { id: 'del', state: 'open' } }));
    const e = await failure(doc.send(new DeleteCommand({ TableName: 'Test-Items', Key: { id: 'del' }, ConditionExpression: '#s = :closed', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':closed': 'closed' } })));
    expect(e.name).toBe('ConditionalCheckFailedException');
    const deleted = await doc.send(new DeleteCommand({ TableName: 'Test-Items', Key: { id: 'del' }, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':open': 'open' }, ReturnValues: 'ALL_OLD' }));
    expect(deleted.Attributes).toEqual({ id: 'del', state: 'open' });
    expect((await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'del' } }))).Item).toBeUndefined();
    // Deleting what is not there succeeds, without Attributes.
    expect((await doc.send(new DeleteCommand({ TableName: 'Test-Items', Key: { id: 'del' }, ReturnValues: 'ALL_OLD' }))).Attributes).toBeUndefined();
  });

  describe('Query', () => {
    beforeAll(async () => {
      const orders = ['2024-01-05', '2024-02-10', '2024-02-20', '2024-03-01', '2025-01-01'].map((d, i) => ({ PutRequest: { Item: { customer: 'c1', orderId: `order#${d}`, amount: (i + 1) * 10, status: i % 2 ? 'shipped' : 'open' } } }));
      await doc.send(new BatchWriteCommand({ RequestItems: { 'Test-Orders': [...orders, { PutRequest: { Item: { customer: 'c2', orderId: 'order#2024-02-15', amount: 99, status: 'open' } } }] } }));
      await doc.send(new BatchWriteCommand({ RequestItems: { 'Test-Scores': [100, 2, 10, -5, 2.5].map((score) => ({ PutRequest: { Item: { player: 'p', score } } })) } }));
    });

    const ids = (items: Array<Record<string, unknown>> | undefined) => (items ?? []).map((i) => i.orderId);

    it('on the partition key, in sort key order; begins_with, BETWEEN, comparisons', async () => {
      const all = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c1' } }));
      expect(ids(all.Items)).toEqual(['order#2024-01-05', 'order#2024-02-10', 'order#2024-02-20', 'order#2024-03-01', 'order#2025-01-01']);
      expect([all.Count, all.ScannedCount, all.LastEvaluatedKey]).toEqual([5, 5, undefined]);
      const feb = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c AND begins_with(orderId, :p)', ExpressionAttributeValues: { ':c': 'c1', ':p': 'order#2024-02' } }));
      expect(ids(feb.Items)).toEqual(['order#2024-02-10', 'order#2024-02-20']);
      const between = await doc.send(
        new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c AND orderId BETWEEN :a AND :b', ExpressionAttributeValues: { ':c': 'c1', ':a': 'order#2024-02-10', ':b': 'order#2024-03-01' } }),
      );
      expect(ids(between.Items)).toEqual(['order#2024-02-10', 'order#2024-02-20', 'order#2024-03-01']);
      const after = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c AND orderId > :a', ExpressionAttributeValues: { ':c': 'c1', ':a': 'order#2024-03-01' } }));
      expect(ids(after.Items)).toEqual(['order#2025-01-01']);
    });

    it('orders numeric sort keys by value; ScanIndexForward false reverses', async () => {
      const q = (forward: boolean) => doc.send(new QueryCommand({ TableName: 'Test-Scores', KeyConditionExpression: 'player = :p', ExpressionAttributeValues: { ':p': 'p' }, ScanIndexForward: forward }));
      expect((await q(true)).Items!.map((i) => i.score)).toEqual([-5, 2, 2.5, 10, 100]);
      expect((await q(false)).Items!.map((i) => i.score)).toEqual([100, 10, 2.5, 2, -5]);
      const top = await doc.send(new QueryCommand({ TableName: 'Test-Scores', KeyConditionExpression: 'player = :p AND score >= :min', ExpressionAttributeValues: { ':p': 'p', ':min': 2.5 }, ScanIndexForward: false, Limit: 2 }));
      expect(top.Items!.map((i) => i.score)).toEqual([100, 10]);
      expect(top.LastEvaluatedKey).toEqual({ player: 'p', score: 10 });
    });

    it('Limit pages through with LastEvaluatedKey / ExclusiveStartKey, forwards and backwards', async () => {
      for (const forward of [true, false]) {
        const pages: unknown[][] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const r = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c1' }, Limit: 2, ScanIndexForward: forward, ExclusiveStartKey: start }));
          pages.push(ids(r.Items));
          start = r.LastEvaluatedKey;
        } while (start);
        const expected = [['order#2024-01-05', 'order#2024-02-10'], ['order#2024-02-20', 'order#2024-03-01'], ['order#2025-01-01']];
        expect(pages).toEqual(forward ? expected : [['order#2025-01-01', 'order#2024-03-01'], ['order#2024-02-20', 'order#2024-02-10'], ['order#2024-01-05']]);
      }
      // A page that ends exactly at the limit still names the key to go on from; the next one is empty.
      const exact = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c2' }, Limit: 1 }));
      expect(exact.LastEvaluatedKey).toEqual({ customer: 'c2', orderId: 'order#2024-02-15' });
      const next = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c2' }, Limit: 1, ExclusiveStartKey: exact.LastEvaluatedKey }));
      expect([next.Items, next.Count, next.LastEvaluatedKey]).toEqual([[], 0, undefined]);
    });

    it('a FilterExpression applies after the key condition and Limit; ProjectionExpression; Select COUNT', async () => {
      const shipped = await doc.send(
        new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', FilterExpression: '#s = :s AND amount > :min', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':c': 'c1', ':s': 'shipped', ':min': 20 } }),
      );
      expect(ids(shipped.Items)).toEqual(['order#2024-03-01']);
      expect([shipped.Count, shipped.ScannedCount]).toEqual([1, 5]);
      const limited = await doc.send(
        new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':c': 'c1', ':s': 'shipped' }, Limit: 3 }),
      );
      expect([ids(limited.Items), limited.Count, limited.ScannedCount, limited.LastEvaluatedKey]).toEqual([['order#2024-02-10'], 1, 3, { customer: 'c1', orderId: 'order#2024-02-20' }]);
      const projected = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ProjectionExpression: 'amount', ExpressionAttributeValues: { ':c': 'c2' } }));
      expect(projected.Items).toEqual([{ amount: 99 }]);
      const count = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c1' }, Select: 'COUNT' }));
      expect([count.Items, count.Count, count.ScannedCount]).toEqual([undefined, 5, 5]);
      // A filter on a key attribute is refused.
      const e = await failure(doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', FilterExpression: 'orderId = :o', ExpressionAttributeValues: { ':c': 'c1', ':o': 'x' } })));
      expect([e.name, e.message]).toEqual(['ValidationException', 'Filter Expression can only contain non-primary key attributes: Primary key attribute: orderId']);
    });

    it('refuses an IndexName (the plan has no indexes) and a bad key condition', async () => {
      const e = await failure(doc.send(new QueryCommand({ TableName: 'Test-Orders', IndexName: 'ByStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'open' } })));
      expect(e.name).toBe('UnsupportedOperation');
      expect(e.message).toBe("lambdaform's local runtime does not serve DynamoDB Query on an index (IndexName: ByStatus): the app's plan has no secondary indexes. The call did not reach AWS.");
      const k = await failure(raw.send(new RawQueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': { S: 'x' } } })));
      expect([k.name, k.message]).toEqual(['ValidationException', 'Query condition missed key schema element: customer']);
    });
  });

  it('Scan: every item once, FilterExpression, Limit with paging, segments that split the table', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `k${String(i).padStart(2, '0')}`, n: i }));
    for (let i = 0; i < items.length; i += 25) await doc.send(new BatchWriteCommand({ RequestItems: { 'Test-Bulk': items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    const seen: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const r = await doc.send(new ScanCommand({ TableName: 'Test-Bulk', Limit: 7, ExclusiveStartKey: start, FilterExpression: 'n >= :ten', ExpressionAttributeValues: { ':ten': 10 } }));
      expect(r.ScannedCount).toBe(pages < 4 ? 7 : 2);
      seen.push(...r.Items!.map((i) => i.n));
      start = r.LastEvaluatedKey;
      pages++;
    } while (start);
    expect(pages).toBe(5);
    expect([...seen].sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
    const segments = await Promise.all([0, 1, 2].map((Segment) => doc.send(new ScanCommand({ TableName: 'Test-Bulk', Segment, TotalSegments: 3 }))));
    const fromSegments = segments.flatMap((s) => s.Items!.map((i) => i.id as string));
    expect(fromSegments).toHaveLength(30);
    expect(new Set(fromSegments).size).toBe(30);
    const count = await doc.send(new ScanCommand({ TableName: 'Test-Bulk', Select: 'COUNT' }));
    expect([count.Count, count.Items]).toEqual([30, undefined]);
  });

  it('a Query or Scan page reads at most 1 MB of items', async () => {
    // Items of 100 KB and a little: ten fit in 1 MB, the eleventh does not.
    const data = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 12; i++) await doc.send(new PutCommand({ TableName: 'Test-Orders', Item: { customer: 'large', orderId: `o${String(i).padStart(2, '0')}`, data } }));
    const first = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'large' }, ProjectionExpression: 'orderId' }));
    expect([first.Count, first.ScannedCount, first.LastEvaluatedKey]).toEqual([10, 10, { customer: 'large', orderId: 'o09' }]);
    const rest = await doc.send(new QueryCommand({ TableName: 'Test-Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'large' }, ProjectionExpression: 'orderId', ExclusiveStartKey: first.LastEvaluatedKey }));
    expect([rest.Items, rest.LastEvaluatedKey]).toEqual([[{ orderId: 'o10' }, { orderId: 'o11' }], undefined]);
    for (let i = 0; i < 12; i++) await doc.send(new DeleteCommand({ TableName: 'Test-Orders', Key: { customer: 'large', orderId: `o${String(i).padStart(2, '0')}` } }));
  });

  it('BatchWriteItem puts and deletes; BatchGetItem reads from several tables, with projection', async () => {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          'Test-Items': [{ PutRequest: { Item: { id: 'b1', v: 1 } } }, { PutRequest: { Item: { id: 'b2', v: 2 } } }, { PutRequest: { Item: { id: 'b3', v: 3 } } }],
          'Test-Scores': [{ PutRequest: { Item: { player: 'batch', score: 1, extra: 'x' } } }],
        },
      }),
    );
    const r = await doc.send(new BatchWriteCommand({ RequestItems: { 'Test-Items': [{ DeleteRequest: { Key: { id: 'b3' } } }] } }));
    expect(r.UnprocessedItems).toEqual({});
    const got = await doc.send(
      new BatchGetCommand({
        RequestItems: {
          'Test-Items': { Keys: [{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }], ProjectionExpression: 'v' },
          'Test-Scores': { Keys: [{ player: 'batch', score: 1 }] },
        },
      }),
    );
    expect(got.Responses!['Test-Items']!.map((i) => i.v).sort()).toEqual([1, 2]);
    expect(got.Responses!['Test-Scores']).toEqual([{ player: 'batch', score: 1, extra: 'x' }]);
    expect(got.UnprocessedKeys).toEqual({});
    const dup = await failure(doc.send(new BatchWriteCommand({ RequestItems: { 'Test-Items': [{ PutRequest: { Item: { id: 'd' } } }, { DeleteRequest: { Key: { id: 'd' } } }] } })));
    expect([dup.name, dup.message]).toEqual(['ValidationException', 'Provided list of item keys contains duplicates']);
  });

  it('TransactWriteItems writes all or nothing: a failed condition cancels it with a reason per item; TransactGetItems reads in order', async () => {
    await doc.send(new PutCommand({ TableName: 'Test-Bulk', Item: { id: 'stock', count: 5 } }));
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'Test-Bulk', Item: { id: 'order-1', qty: 2 }, ConditionExpression: 'attribute_not_exists(id)' } },
          { Update: { TableName: 'Test-Bulk', Key: { id: 'stock' }, UpdateExpression: 'SET #c = #c - :q', ConditionExpression: '#c >= :q', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':q': 2 } } },
        ],
      }),
    );
    const cancelled = await failure(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'Test-Bulk', Item: { id: 'order-2', qty: 9 } } },
            { Update: { TableName: 'Test-Bulk', Key: { id: 'stock' }, UpdateExpression: 'SET #c = #c - :q', ConditionExpression: '#c >= :q', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':q': 9 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
          ],
        }),
      ),
    );
    expect(cancelled.name).toBe('TransactionCanceledException');
    expect((cancelled as unknown as { CancellationReasons: unknown }).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'stock' }, count: { N: '3' } } },
    ]);
    const got = await doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'Test-Bulk', Key: { id: 'stock' } } }, { Get: { TableName: 'Test-Bulk', Key: { id: 'order-2' } } }, { Get: { TableName: 'Test-Bulk', Key: { id: 'order-1' } } }] }));
    // Nothing of the cancelled transaction was written.
    expect(got.Responses).toEqual([{ Item: { id: 'stock', count: 3 } }, {}, { Item: { id: 'order-1', qty: 2 } }]);
    const twice = await failure(doc.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: 'Test-Bulk', Key: { id: 'stock' } } }, { ConditionCheck: { TableName: 'Test-Bulk', Key: { id: 'stock' }, ConditionExpression: 'attribute_exists(id)' } }] })));
    expect([twice.name, twice.message]).toEqual(['ValidationException', 'Transaction request cannot include multiple operations on one item']);
  });

  it('a table not in the plan: ResourceNotFoundException naming it and the tables there are', async () => {
    const e = await failure(doc.send(new GetCommand({ TableName: 'Nope', Key: { id: '1' } })));
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.message).toBe("Requested resource not found: Table: Nope not found. It is not in the app's plan, whose tables are Test-Items, Test-Orders, Test-Scores, Test-Bulk.");
  });

  it('an operation it does not serve: an error naming DynamoDB and the operation', async () => {
    const e = await failure(raw.send(new CreateTableCommand({ TableName: 'New', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })));
    expect(e.name).toBe('UnsupportedOperation');
    expect(e.message).toBe(
      "lambdaform's local runtime does not serve DynamoDB CreateTable; it serves PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem, TransactWriteItems, TransactGetItems. The call did not reach AWS.",
    );
    expect((await failure(raw.send(new DescribeTableCommand({ TableName: 'Test-Items' })))).message).toMatch(/^lambdaform's local runtime does not serve DynamoDB DescribeTable;/);
  });

  it('ValidationException for a bad key, a bad expression and an item over 400 KB', async () => {
    const cases: Array<[Promise<unknown>, string]> = [
      [raw.send(new GetItemCommand({ TableName: 'Test-Items', Key: { id: { N: '1' } } })), 'The provided key element does not match the schema'],
      [raw.send(new GetItemCommand({ TableName: 'Test-Items', Key: { id: { S: '1' }, extra: { S: 'x' } } })), 'The provided key element does not match the schema'],
      [raw.send(new GetItemCommand({ TableName: 'Test-Orders', Key: { customer: { S: '1' } } })), 'The provided key element does not match the schema'],
      [raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { other: { S: 'x' } } })), 'One or more parameter values were invalid: Missing the key id in the item'],
      [raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { N: '1' } } })), 'One or more parameter values were invalid: Type mismatch for key id expected: S actual: N'],
      [raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { S: '' } } })), 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id'],
      [
        raw.send(new UpdateItemCommand({ TableName: 'Test-Items', Key: { id: { S: '1' } }, UpdateExpression: 'SET a = :v,', ExpressionAttributeValues: { ':v': { N: '1' } } })),
        'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","',
      ],
      [
        raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { S: '1' } }, ConditionExpression: 'attribute_not_exists(id) AND AND', ExpressionAttributeValues: { ':v': { N: '1' } } })),
        'Invalid ConditionExpression: Syntax error; token: "AND", near: "AND AND"',
      ],
      [
        raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { S: '1' } }, ConditionExpression: 'attribute_not_exists(id)', ExpressionAttributeValues: { ':v': { N: '1' } } })),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}',
      ],
      [raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { S: 'big' }, data: { S: 'x'.repeat(400 * 1024) } } })), 'Item size has exceeded the maximum allowed size'],
    ];
    for (const [p, message] of cases) {
      const e = await failure(p);
      expect([e.name, e.message, e.$metadata?.httpStatusCode]).toEqual(['ValidationException', message, 400]);
    }
    // Just under the limit (item size: name and value bytes) is fine.
    await raw.send(new PutItemCommand({ TableName: 'Test-Items', Item: { id: { S: 'big' }, data: { S: 'x'.repeat(400 * 1024 - 'id'.length - 'big'.length - 'data'.length) } } }));
  });

  it('a write from the test process is a root input, processed at once on a table without a stream', async () => {
    const before = rt.ledger.inputs.length;
    await doc.send(new PutCommand({ TableName: 'Test-Items', Item: { id: 'ledger' } }));
    // A failed condition writes nothing: no input.
    await failure(doc.send(new PutCommand({ TableName: 'Test-Items', Item: { id: 'ledger' }, ConditionExpression: 'attribute_not_exists(id)' })));
    // Reads are not inputs.
    await doc.send(new GetCommand({ TableName: 'Test-Items', Key: { id: 'ledger' } }));
    expect(rt.ledger.inputs.slice(before)).toEqual([expect.objectContaining({ source: 'Test/Items', parent: undefined, disposition: 'processed', lineage: {} })]);
  });
});

// ------------------------------------------------------------ streams

const READER = 'export const handler = async (event) => { console.log(JSON.stringify(event)); };';
const STREAM_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Test-Orders/stream/2026-01-01T00:00:00.000`;

interface StreamEvent {
  Records: Array<{ eventName: string; eventSourceARN: string; dynamodb: Record<string, unknown> & { SequenceNumber: string; Keys: unknown } }>;
}

describe('the table stream of writes through the API', () => {
  const views = ['NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'OLD_IMAGE', 'KEYS_ONLY'] as const;
  const keys = { customer: { S: 'c1' }, orderId: { N: '7' } };
  const v1 = { ...keys, state: { S: 'new' } };
  const v2 = { ...keys, state: { S: 'paid' }, paid: { N: '12.5' } };

  it.each(views)('put, update, delete give INSERT, MODIFY, REMOVE with the %s images, to the mapping function', async (view) => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Reader', READER)],
        tables: [table('Orders', { partitionKey: { name: 'customer', type: 'S' }, sortKey: { name: 'orderId', type: 'N' }, stream: { arn: STREAM_ARN, viewType: view } })],
        mappings: [streamMapping('dynamodb', 'Orders', 'Reader')],
      }),
    );
    const { raw, doc } = clients(rt);
    await doc.send(new PutCommand({ TableName: 'Test-Orders', Item: { customer: 'c1', orderId: 7, state: 'new' } }));
    // The same item again: no change, no record.
    await doc.send(new PutCommand({ TableName: 'Test-Orders', Item: { state: 'new', orderId: 7, customer: 'c1' } }));
    await raw.send(new UpdateItemCommand({ TableName: 'Test-Orders', Key: keys, UpdateExpression: 'SET #s = :s, paid = :p', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':s': { S: 'paid' }, ':p': { N: '12.50' } } }));
    // An update that changes nothing: no record.
    await raw.send(new UpdateItemCommand({ TableName: 'Test-Orders', Key: keys, UpdateExpression: 'SET paid = :p', ExpressionAttributeValues: { ':p': { N: '12.5' } } }));
    await doc.send(new DeleteCommand({ TableName: 'Test-Orders', Key: { customer: 'c1', orderId: 7 } }));
    // Deleting what is not there: no record.
    await doc.send(new DeleteCommand({ TableName: 'Test-Orders', Key: { customer: 'c1', orderId: 7 } }));
    await rt.sim.run();

    const records = logged<StreamEvent>(rt, 'Test/Reader').flatMap((l) => l.value.Records);
    const images = (n: object | undefined, o: object | undefined) => ({ ...(n && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? { NewImage: n } : {}), ...(o && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? { OldImage: o } : {}) });
    expect(records.map((r) => [r.eventName, r.eventSourceARN])).toEqual([
      ['INSERT', STREAM_ARN],
      ['MODIFY', STREAM_ARN],
      ['REMOVE', STREAM_ARN],
    ]);
    const expected = [images(v1, undefined), images(v2, v1), images(undefined, v2)];
    records.forEach((r, i) => {
      expect(r.dynamodb).toEqual({ ApproximateCreationDateTime: START / 1000, Keys: keys, ...expected[i], SequenceNumber: r.dynamodb.SequenceNumber, SizeBytes: expect.any(Number) as unknown, StreamViewType: view });
    });
    const seqs = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
    expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
    // Six writes: three carried by the stream to the function, three that changed nothing, processed at once.
    const inputs = rt.ledger.inputs.filter((i) => i.source === 'Test/Orders');
    expect(inputs.map((i) => [i.disposition, i.attempts])).toEqual([
      ['processed', 1],
      ['processed', 0],
      ['processed', 1],
      ['processed', 0],
      ['processed', 1],
      ['processed', 0],
    ]);
  });

  it('the REMOVE record of NEW_AND_OLD_IMAGES carries the keys and the old image, and its size', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Reader', READER)], tables: [table('Orders', { stream: { arn: STREAM_ARN, viewType: 'NEW_AND_OLD_IMAGES' } })], mappings: [streamMapping('dynamodb', 'Orders', 'Reader')] }),
    );
    const { doc } = clients(rt);
    await doc.send(new PutCommand({ TableName: 'Test-Orders', Item: { id: 'x', note: 'hello' } }));
    await doc.send(new DeleteCommand({ TableName: 'Test-Orders', Key: { id: 'x' } }));
    await rt.sim.run();
    const [, remove] = logged<StreamEvent>(rt, 'Test/Reader').flatMap((l) => l.value.Records);
    // Keys: "id" + "x" = 3; OldImage: 3 + "note" + "hello" = 12.
    expect(remove!.dynamodb).toEqual({ ApproximateCreationDateTime: START / 1000, Keys: { id: { S: 'x' } }, OldImage: { id: { S: 'x' }, note: { S: 'hello' } }, SequenceNumber: remove!.dynamodb.SequenceNumber, SizeBytes: 15, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });
});

// ------------------------------------------------------------ handlers

const WRITER = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: { id: 'from-handler', n: 1, tags: new Set(['a']) } }));
  const { Attributes } = await doc.send(new UpdateCommand({ TableName: process.env.TABLE, Key: { id: 'from-handler' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }));
  return Attributes;
};`;

describe('a handler writing through the AWS SDK', () => {
  it('stores the item; the write is an input sent on from the invocation, not counted as a recursion hop', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Writer', WRITER, { environment: { TABLE: 'Test-Plain' }, timeoutSeconds: 30 })], tables: [noStream('Plain')] }));
    const input = rt.ledger.create(0, 'Test/Writer');
    const p = rt.invoke({ function: 'Test/Writer' }, '{}', 'RequestResponse', input);
    await rt.sim.run();
    const outcome = (await p)!;
    expect(outcome.status).toBe('success');
    expect(JSON.parse(outcome.json!)).toEqual({ n: 2 });
    expect(rt.streams.getItem('Test/Plain', { id: { S: 'from-handler' } })).toEqual({ id: { S: 'from-handler' }, n: { N: '2' }, tags: { SS: ['a'] } });
    const writes = rt.ledger.inputs.filter((i) => i.source === 'Test/Plain');
    expect(writes).toHaveLength(2);
    for (const w of writes) expect(w).toMatchObject({ parent: input.id, step: 0, disposition: 'processed', lineage: {} });
    expect(input.disposition).toBe('processed');
  });
});
