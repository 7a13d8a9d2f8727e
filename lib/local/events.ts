/**
 * Sample events in the shapes AWS sends them to a function: `lambdaform generate-event`, and (next)
 * the local runtime's triggers. Ids come from a seeded generator, so the same options give the
 * same event; times from `now`.
 *
 * Shapes: the Lambda developer guide's pages for each event source (sqs, sns, s3, kinesis,
 * dynamodb streams, EventBridge scheduled and custom events, API Gateway REST proxy (payload 1.0),
 * HTTP API (payload 2.0) and ALB target events).
 */
import { createHash } from 'node:crypto';

/** The event sources `generate-event` knows. */
export const EVENT_SOURCES = ['sqs', 'sns', 's3', 'schedule', 'eventbridge', 'apigw-http', 'apigw-rest', 'alb', 'kinesis', 'dynamodb'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Options of every event (each source reads those that apply to it). */
export interface EventOptions {
  /** Region of the ARNs. @default us-east-1 */
  readonly region?: string;
  /** Account of the ARNs. @default 123456789012 */
  readonly account?: string;
  /** Records in the event (sqs, sns, s3, kinesis, dynamodb). @default 1 */
  readonly count?: number;
  /** Message body (sqs), message (sns), record data (kinesis, written base64), request body (apigw-*, alb). */
  readonly body?: string;
  /** Queue name (sqs). @default MyQueue */
  readonly queue?: string;
  /** Topic name (sns). @default MyTopic */
  readonly topic?: string;
  /** Bucket (s3). @default my-bucket */
  readonly bucket?: string;
  /** Object key (s3). @default uploads/image.jpg */
  readonly key?: string;
  /** S3 event name. @default ObjectCreated:Put */
  readonly eventName?: string;
  /** Stream name (kinesis) or table name (dynamodb). @default MyStream / MyTable */
  readonly stream?: string;
  /** Partition key (kinesis). @default key-1 */
  readonly partitionKey?: string;
  /** HTTP method (apigw-*, alb). @default GET */
  readonly method?: string;
  /** Request path (apigw-*, alb). @default /items/1 */
  readonly path?: string;
  /** EventBridge source and detail type (eventbridge). @default my.app / MyEvent */
  readonly source?: string;
  readonly detailType?: string;
  /** EventBridge detail, as JSON text. @default {} */
  readonly detail?: string;
  /** Seed of the ids. @default 1 */
  readonly seed?: number;
}

/** A seeded id generator: the same seed, the same ids. */
class Ids {
  private n = 0;
  constructor(private readonly seed: number) {}
  public hex(chars: number): string {
    this.n++;
    return createHash('sha256').update(`${this.seed}:${this.n}`).digest('hex').slice(0, chars);
  }
  public uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  public digits(n: number): string {
    return BigInt(`0x${this.hex(24)}`).toString().padStart(n, '0').slice(0, n);
  }
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A query string's values by name, repeated names keeping every value in order. */
function queryValues(rawQuery: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(rawQuery)) values.set(k, [...(values.get(k) ?? []), v]);
  return values;
}

/** An event of `source`, as AWS sends it. */
export function generateEvent(source: EventSource, options: EventOptions = {}, now: Date = new Date()): unknown {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new RangeError(`count must be a whole number from 1 to 10000, got ${count}`);
  const ids = new Ids(options.seed ?? 1);
  const ms = now.getTime();
  const iso = now.toISOString();
  const times = (f: (i: number) => unknown) => Array.from({ length: count }, (_, i) => f(i));
  switch (source) {
    case 'sqs': {
      const queue = options.queue ?? 'MyQueue';
      const body = options.body ?? '{"hello":"world"}';
      return {
        Records: times(() => ({
          messageId: ids.uuid(),
          receiptHandle: `AQEB${ids.hex(40)}`,
          body,
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(ms), SenderId: `AIDA${ids.hex(16).toUpperCase()}`, ApproximateFirstReceiveTimestamp: String(ms + 3) },
          messageAttributes: {},
          md5OfBody: md5(body),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${region}:${account}:${queue}`,
          awsRegion: region,
        })),
      };
    }
    case 'sns': {
      const topicArn = `arn:aws:sns:${region}:${account}:${options.topic ?? 'MyTopic'}`;
      return {
        Records: times(() => {
          const subscription = ids.uuid();
          return {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: `${topicArn}:${subscription}`,
            Sns: {
              Type: 'Notification',
              MessageId: ids.uuid(),
              TopicArn: topicArn,
              Subject: null,
              Message: options.body ?? '{"hello":"world"}',
              Timestamp: iso,
              SignatureVersion: '1',
              Signature: Buffer.from(ids.hex(64)).toString('base64'),
              SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-${ids.hex(32)}.pem`,
              UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${subscription}`,
              MessageAttributes: {},
            },
          };
        }),
      };
    }
    case 's3': {
      const bucket = options.bucket ?? 'my-bucket';
      // Object keys arrive URL-encoded, spaces as '+'.
      const key = encodeURIComponent(options.key ?? 'uploads/image.jpg').replace(/%2F/g, '/').replace(/%20/g, '+');
      // The record names the event without the `s3:` of the notification configuration.
      const eventName = (options.eventName ?? 'ObjectCreated:Put').replace(/^s3:/, '');
      // A removal's object has its key and sequencer, no size or ETag (AWS's sample s3 delete event).
      const removed = eventName.startsWith('ObjectRemoved:');
      return {
        Records: times(() => ({
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: region,
          eventTime: iso,
          eventName,
          userIdentity: { principalId: `AWS:AIDA${ids.hex(16).toUpperCase()}` },
          requestParameters: { sourceIPAddress: '203.0.113.10' },
          responseElements: { 'x-amz-request-id': ids.hex(16).toUpperCase(), 'x-amz-id-2': Buffer.from(ids.hex(48)).toString('base64') },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: ids.uuid(),
            bucket: { name: bucket, ownerIdentity: { principalId: ids.hex(14).toUpperCase() }, arn: `arn:aws:s3:::${bucket}` },
            object: removed ? { key, sequencer: ids.hex(18).toUpperCase() } : { key, size: 1024, eTag: md5(key), sequencer: ids.hex(18).toUpperCase() },
          },
        })),
      };
    }
    case 'schedule':
      return { version: '0', id: ids.uuid(), 'detail-type': 'Scheduled Event', source: 'aws.events', account, time: iso.replace(/\.\d{3}Z$/, 'Z'), region, resources: [`arn:aws:events:${region}:${account}:rule/my-schedule`], detail: {} };
    case 'eventbridge':
      return {
        version: '0',
        id: ids.uuid(),
        'detail-type': options.detailType ?? 'MyEvent',
        source: options.source ?? 'my.app',
        account,
        time: iso.replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: [],
        detail: JSON.parse(options.detail ?? '{}') as unknown,
      };
    case 'apigw-http': {
      const method = (options.method ?? 'GET').toUpperCase();
      const path = options.path ?? '/items/1';
      const [rawPath, rawQuery = ''] = path.split('?');
      return {
        version: '2.0',
        routeKey: '$default',
        rawPath,
        rawQueryString: rawQuery,
        headers: { accept: '*/*', 'content-type': 'application/json', host: `abcdef1234.execute-api.${region}.amazonaws.com`, 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '203.0.113.10', 'x-forwarded-port': '443', 'x-forwarded-proto': 'https' },
        // Payload 2.0 joins the values of a repeated name with commas.
        ...(rawQuery ? { queryStringParameters: Object.fromEntries([...queryValues(rawQuery)].map(([k, v]) => [k, v.join(',')])) } : {}),
        requestContext: {
          accountId: account,
          apiId: 'abcdef1234',
          domainName: `abcdef1234.execute-api.${region}.amazonaws.com`,
          domainPrefix: 'abcdef1234',
          http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
          requestId: `${ids.hex(8)}=`,
          routeKey: '$default',
          stage: '$default',
          time: now.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000'),
          timeEpoch: ms,
        },
        ...(options.body !== undefined ? { body: options.body } : {}),
        isBase64Encoded: false,
      };
    }
    case 'apigw-rest': {
      const method = (options.method ?? 'GET').toUpperCase();
      const [path, rawQuery = ''] = (options.path ?? '/items/1').split('?');
      // Payload 1.0: the single-value field holds the last of repeated values, the multi-value field all of them.
      const multi = rawQuery ? queryValues(rawQuery) : null;
      const query = multi && Object.fromEntries([...multi].map(([k, v]) => [k, v[v.length - 1]!]));
      const headers = { Accept: '*/*', Host: `abcdef1234.execute-api.${region}.amazonaws.com`, 'User-Agent': 'curl/8.5.0', 'X-Forwarded-For': '203.0.113.10', 'X-Forwarded-Port': '443', 'X-Forwarded-Proto': 'https' };
      return {
        resource: path,
        path,
        httpMethod: method,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: query,
        multiValueQueryStringParameters: multi && Object.fromEntries(multi),
        pathParameters: null,
        stageVariables: null,
        requestContext: {
          accountId: account,
          apiId: 'abcdef1234',
          resourceId: ids.hex(6),
          resourcePath: path,
          httpMethod: method,
          path: `/prod${path}`,
          protocol: 'HTTP/1.1',
          stage: 'prod',
          requestId: ids.uuid(),
          requestTime: now.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000'),
          requestTimeEpoch: ms,
          identity: { sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
          domainName: `abcdef1234.execute-api.${region}.amazonaws.com`,
        },
        body: options.body ?? null,
        isBase64Encoded: false,
      };
    }
    case 'alb': {
      const [path, rawQuery = ''] = (options.path ?? '/items/1').split('?');
      return {
        requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/my-targets/${ids.hex(16)}` } },
        httpMethod: (options.method ?? 'GET').toUpperCase(),
        path,
        queryStringParameters: rawQuery ? Object.fromEntries(new URLSearchParams(rawQuery)) : {},
        headers: { accept: '*/*', host: `my-alb-123456789.${region}.elb.amazonaws.com`, 'user-agent': 'curl/8.5.0', 'x-amzn-trace-id': `Root=1-${ids.hex(8)}-${ids.hex(24)}`, 'x-forwarded-for': '203.0.113.10', 'x-forwarded-port': '80', 'x-forwarded-proto': 'http' },
        body: options.body ?? '',
        isBase64Encoded: false,
      };
    }
    case 'kinesis': {
      const stream = options.stream ?? 'MyStream';
      const data = Buffer.from(options.body ?? '{"hello":"world"}').toString('base64');
      // The records of a batch come from one shard in order: their sequence numbers increase.
      const first = BigInt(ids.digits(56));
      return {
        Records: times((i) => {
          const sequenceNumber = (first + BigInt(i)).toString().padStart(56, '0');
          return {
            kinesis: { kinesisSchemaVersion: '1.0', partitionKey: options.partitionKey ?? 'key-1', sequenceNumber, data, approximateArrivalTimestamp: ms / 1000 },
            eventSource: 'aws:kinesis',
            eventVersion: '1.0',
            eventID: `shardId-000000000000:${sequenceNumber}`,
            eventName: 'aws:kinesis:record',
            invokeIdentityArn: `arn:aws:iam::${account}:role/my-function-role`,
            awsRegion: region,
            eventSourceARN: `arn:aws:kinesis:${region}:${account}:stream/${stream}`,
          };
        }),
      };
    }
    case 'dynamodb': {
      const table = options.stream ?? 'MyTable';
      const label = iso.replace(/Z$/, '');
      // Stream records of a shard in order: increasing sequence numbers.
      const firstSequence = BigInt(ids.digits(21));
      return {
        Records: times((i) => ({
          eventID: ids.hex(32),
          eventName: 'INSERT',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: region,
          dynamodb: {
            ApproximateCreationDateTime: Math.floor(ms / 1000),
            Keys: { id: { S: String(i + 1) } },
            NewImage: { id: { S: String(i + 1) }, message: { S: options.body ?? 'hello' } },
            SequenceNumber: (firstSequence + BigInt(i)).toString().padStart(21, '0'),
            SizeBytes: 26,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: `arn:aws:dynamodb:${region}:${account}:table/${table}/stream/${label}`,
        })),
      };
    }
  }
}
