// Sample events in the shapes AWS sends them: each source's fields, options, and the same event
// for the same seed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCES, generateEvent } from '../../lib/local/events.js';
import { generateEventCommand } from '../../lib/cli/generate-event.js';
import { CliError } from '../../lib/cli/errors.js';

const NOW = new Date('2026-11-22T10:20:30.456Z');
type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const records = (e: unknown) => (e as { Records: Rec[] }).Records;

describe('generateEvent', () => {
  it('sqs: a record per message, its body, md5 and queue ARN, as Lambda receives them', () => {
    const [r, ...rest] = records(generateEvent('sqs', { body: 'hello', queue: 'Jobs', count: 2, region: 'eu-west-1', account: '111122223333' }, NOW));
    expect(rest).toHaveLength(1);
    expect(Object.keys(r!)).toEqual(['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion']);
    expect(r).toMatchObject({ body: 'hello', md5OfBody: createHash('md5').update('hello').digest('hex'), eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:Jobs', awsRegion: 'eu-west-1' });
    expect(r!.attributes).toMatchObject({ ApproximateReceiveCount: '1', SentTimestamp: String(NOW.getTime()) });
    expect(r!.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rest[0]!.messageId).not.toBe(r!.messageId);
  });

  it('sns: the notification with its topic and message', () => {
    const [r] = records(generateEvent('sns', { body: 'hi', topic: 'Events' }, NOW));
    expect(r).toMatchObject({ EventSource: 'aws:sns', EventVersion: '1.0', Sns: { Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-1:123456789012:Events', Message: 'hi', Subject: null, Timestamp: NOW.toISOString(), MessageAttributes: {} } });
    expect(r!.EventSubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:Events:[0-9a-f-]{36}$/);
  });

  it('s3: the bucket and the URL-encoded key (spaces as +)', () => {
    const [r] = records(generateEvent('s3', { bucket: 'uploads', key: 'in/my photo.jpg', eventName: 'ObjectRemoved:Delete' }, NOW));
    expect(r).toMatchObject({ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectRemoved:Delete', eventTime: NOW.toISOString(), s3: { s3SchemaVersion: '1.0', bucket: { name: 'uploads', arn: 'arn:aws:s3:::uploads' }, object: { key: 'in/my+photo.jpg' } } });
  });

  it('kinesis: base64 data, in shard order', () => {
    const rs = records(generateEvent('kinesis', { body: '{"n":1}', partitionKey: 'k1', stream: 'Clicks', count: 3 }, NOW));
    expect(Buffer.from(rs[0]!.kinesis.data, 'base64').toString()).toBe('{"n":1}');
    expect(rs[0]).toMatchObject({ eventSource: 'aws:kinesis', eventName: 'aws:kinesis:record', eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', kinesis: { partitionKey: 'k1', kinesisSchemaVersion: '1.0', approximateArrivalTimestamp: NOW.getTime() / 1000 } });
    expect(rs[0]!.eventID).toBe(`shardId-000000000000:${rs[0]!.kinesis.sequenceNumber}`);
  });

  it('dynamodb: INSERT records with keys and the new image', () => {
    const [r] = records(generateEvent('dynamodb', { stream: 'Orders' }, NOW));
    expect(r).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { Keys: { id: { S: '1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    expect(r!.eventSourceARN).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/Orders\/stream\/2026-11-22T10:20:30\.456$/);
  });

  it('schedule and eventbridge: the EventBridge envelope', () => {
    expect(generateEvent('schedule', {}, NOW)).toMatchObject({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-22T10:20:30Z', detail: {} });
    expect(generateEvent('eventbridge', { source: 'app.orders', detailType: 'created', detail: '{"id":1}' }, NOW)).toMatchObject({ source: 'app.orders', 'detail-type': 'created', detail: { id: 1 }, resources: [] });
  });

  it('apigw-http: payload format 2.0 with the raw path and query', () => {
    expect(generateEvent('apigw-http', { method: 'post', path: '/items/7?x=1&y=2', body: '{}' }, NOW)).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/items/7',
      rawQueryString: 'x=1&y=2',
      queryStringParameters: { x: '1', y: '2' },
      requestContext: { http: { method: 'POST', path: '/items/7' }, stage: '$default', timeEpoch: NOW.getTime() },
      body: '{}',
      isBase64Encoded: false,
    });
  });

  it('apigw-rest: payload format 1.0 with multi-value headers and query', () => {
    const e = generateEvent('apigw-rest', { path: '/items?id=3' }, NOW) as Rec;
    expect(e).toMatchObject({ resource: '/items', path: '/items', httpMethod: 'GET', queryStringParameters: { id: '3' }, multiValueQueryStringParameters: { id: ['3'] }, body: null, isBase64Encoded: false, requestContext: { stage: 'prod', requestTimeEpoch: NOW.getTime() } });
    expect(e.multiValueHeaders.Accept).toEqual(['*/*']);
  });

  it('alb: the target group and the request', () => {
    expect(generateEvent('alb', { method: 'delete', path: '/x' }, NOW)).toMatchObject({ httpMethod: 'DELETE', path: '/x', queryStringParameters: {}, body: '', isBase64Encoded: false, requestContext: { elb: { targetGroupArn: expect.stringMatching(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/my-targets\//) } } });
  });

  it('apigw-http and apigw-rest: a repeated query name keeps all its values (2.0 comma-joined; 1.0 the last, and the list)', () => {
    expect((generateEvent('apigw-http', { path: '/items?a=1&a=2&b=x%20y' }, NOW) as Rec).queryStringParameters).toEqual({ a: '1,2', b: 'x y' });
    const rest = generateEvent('apigw-rest', { path: '/items?a=1&a=2' }, NOW) as Rec;
    expect(rest.queryStringParameters).toEqual({ a: '2' });
    expect(rest.multiValueQueryStringParameters).toEqual({ a: ['1', '2'] });
  });

  it('s3: a removal has no size or ETag; an event name given with s3: is written without it', () => {
    const [removed] = records(generateEvent('s3', { eventName: 'ObjectRemoved:Delete' }, NOW));
    expect(Object.keys(removed!.s3.object)).toEqual(['key', 'sequencer']);
    const [put] = records(generateEvent('s3', { eventName: 's3:ObjectCreated:Put' }, NOW));
    expect(put!.eventName).toBe('ObjectCreated:Put');
    expect(Object.keys(put!.s3.object)).toEqual(['key', 'size', 'eTag', 'sequencer']);
  });

  it('kinesis and dynamodb: the records of one event have increasing sequence numbers', () => {
    const kinesis = records(generateEvent('kinesis', { count: 5 }, NOW)).map((r) => BigInt(r.kinesis.sequenceNumber));
    const dynamodb = records(generateEvent('dynamodb', { count: 5 }, NOW)).map((r) => BigInt(r.dynamodb.SequenceNumber));
    for (const seq of [kinesis, dynamodb]) for (let i = 1; i < seq.length; i++) expect(seq[i]! > seq[i - 1]!).toBe(true);
    expect(records(generateEvent('kinesis', { count: 2 }, NOW))[1]!.kinesis.sequenceNumber).toHaveLength(56);
  });

  it('alb: the host is in the region of the event', () => {
    expect((generateEvent('alb', { region: 'eu-west-1' }, NOW) as Rec).headers.host).toBe('my-alb-123456789.eu-west-1.elb.amazonaws.com');
  });

  it.each(EVENT_SOURCES)('%s: the same seed gives the same event, another seed other ids', (source) => {
    expect(generateEvent(source, { seed: 7 }, NOW)).toEqual(generateEvent(source, { seed: 7 }, NOW));
    if (!['alb', 'apigw-http'].includes(source)) expect(JSON.stringify(generateEvent(source, { seed: 8 }, NOW))).not.toBe(JSON.stringify(generateEvent(source, { seed: 7 }, NOW)));
  });
});

describe('lambdaform generate-event', () => {
  const run = (source: string, opts = {}) => {
    let out = '';
    generateEventCommand(source, opts, (t) => (out += t));
    return JSON.parse(out) as unknown;
  };
  it('prints the event as JSON', () => {
    expect(records(run('sqs', { count: 3 }))).toHaveLength(3);
  });
  it('takes SAM\'s <service> <event> names: sqs receive-message, apigateway http-api-proxy, s3 delete, ...', () => {
    const sam = (source: string, event: string, opts = {}) => {
      let out = '';
      generateEventCommand(source, opts, (t) => (out += t), event);
      return JSON.parse(out) as Rec;
    };
    expect(records(sam('sqs', 'receive-message', { body: 'hi' }))[0]).toMatchObject({ body: 'hi', eventSource: 'aws:sqs' });
    expect(sam('apigateway', 'http-api-proxy')).toMatchObject({ version: '2.0', routeKey: '$default' });
    expect(sam('apigateway', 'aws-proxy')).toMatchObject({ httpMethod: 'GET', multiValueHeaders: expect.any(Object) });
    expect(records(sam('s3', 'delete'))[0]!.eventName).toBe('ObjectRemoved:Delete');
    expect(records(sam('s3', 'put', { bucket: 'b' }))[0]).toMatchObject({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' } } });
    expect(records(sam('s3', 'delete', { eventName: 'ObjectRemoved:DeleteMarkerCreated' }))[0]!.eventName).toBe('ObjectRemoved:DeleteMarkerCreated');
    expect(sam('cloudwatch', 'scheduled-event')).toMatchObject({ 'detail-type': 'Scheduled Event' });
    expect(records(sam('sns', 'notification'))[0]).toMatchObject({ EventSource: 'aws:sns' });
    expect(records(sam('dynamodb', 'update'))[0]).toMatchObject({ eventSource: 'aws:dynamodb' });
    expect(records(sam('kinesis', 'get-records'))[0]).toMatchObject({ eventSource: 'aws:kinesis' });
    expect(sam('alb', 'request')).toMatchObject({ requestContext: { elb: expect.any(Object) } });
    expect(() => sam('sqs', 'send')).toThrow("generate-event: unknown event 'sqs send'; sqs has receive-message (or name a source alone: sqs, sns, s3, schedule, eventbridge, apigw-http, apigw-rest, alb, kinesis, dynamodb)");
    expect(() => run('apigateway')).toThrow("unknown event source 'apigateway'; choose one of sqs, sns, s3, schedule, eventbridge, apigw-http, apigw-rest, alb, kinesis, dynamodb, or SAM's 'apigateway aws-proxy' or 'apigateway http-api-proxy'");
  });
  it.each([
    ['nope', {}, /unknown event source 'nope'; choose one of sqs, sns, s3/],
    ['eventbridge', { detail: '{id' }, /--detail must be JSON/],
    ['sqs', { count: 0 }, /--count must be a whole number from 1 to 10000, got 0/],
  ])('refuses %s %j', (source, opts, message) => {
    expect(() => run(source, opts)).toThrow(CliError);
    expect(() => run(source, opts)).toThrow(message);
  });
});
