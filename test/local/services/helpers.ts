/**
 * Plan builders for the push and stream sources (streams, tables, topics, subscriptions, buckets,
 * notifications, rules, APIs, stream mappings), with AWS's defaults unless a test says otherwise,
 * and readers of what handlers saw.
 */
import type { PlanApi, PlanBucket, PlanMapping, PlanNotification, PlanRoute, PlanRule, PlanRuleTarget, PlanStream, PlanSubscription, PlanTable, PlanTopic } from '../../../lib/local/plan/types.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { sqsMapping } from '../helpers.js';

export { ACCOUNT, REGION } from '../helpers.js';
import { ACCOUNT, REGION } from '../helpers.js';
/** The simulated epoch at time 0 (startRuntime's default). */
export const START = Date.UTC(2026, 0, 1);

/** A Kinesis stream `Test/<name>` (one shard unless given). */
export function stream(name: string, props: Partial<PlanStream> = {}): PlanStream {
  return { id: `Test/${name}`, logicalId: name, stack: 'Test', name: `Test-${name}`, arn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/Test-${name}`, shardCount: 1, retentionHours: 24, ...props };
}

/** A DynamoDB table `Test/<name>` with partition key `id` (S) and a NEW_AND_OLD_IMAGES stream unless given. */
export function table(name: string, props: Partial<PlanTable> = {}): PlanTable {
  return {
    id: `Test/${name}`,
    logicalId: name,
    stack: 'Test',
    name: `Test-${name}`,
    arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Test-${name}`,
    partitionKey: { name: 'id', type: 'S' },
    stream: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Test-${name}/stream/2026-01-01T00:00:00.000`, viewType: 'NEW_AND_OLD_IMAGES' },
    ...props,
  };
}

/** A stream mapping (Kinesis or DynamoDB) from `Test/<source>` to `Test/<fn>`, Lambda's defaults (batch 100, retry forever). */
export function streamMapping(sourceType: 'kinesis' | 'dynamodb', sourceName: string, fnName: string, props: Partial<PlanMapping> = {}): PlanMapping {
  return sqsMapping(sourceName, fnName, { sourceType, batchSize: 100, startingPosition: 'TRIM_HORIZON', ...props });
}

export function topic(name: string, props: Partial<PlanTopic> = {}): PlanTopic {
  return { id: `Test/${name}`, logicalId: name, stack: 'Test', name: `Test-${name}`, arn: `arn:aws:sns:${REGION}:${ACCOUNT}:Test-${name}`, fifo: false, ...props };
}

/** An SNS subscription of `Test/<topic>` to a queue (`{ queue }`) or a function (`{ fn }`). */
export function subscription(topicName: string, to: { queue: string } | { fn: string }, props: Partial<PlanSubscription> = {}): PlanSubscription {
  const name = 'queue' in to ? to.queue : to.fn;
  return {
    id: `Test/${topicName}/${name}Subscription`,
    logicalId: `${topicName}${name}Subscription`,
    stack: 'Test',
    topic: `Test/${topicName}`,
    ...('queue' in to ? { protocol: 'sqs' as const, queue: `Test/${to.queue}` } : { protocol: 'lambda' as const, target: { function: `Test/${to.fn}` } }),
    filterPolicyScope: 'MessageAttributes',
    rawMessageDelivery: false,
    ...props,
  };
}

export function bucket(name: string): PlanBucket {
  const n = `test-${name.toLowerCase()}`;
  return { id: `Test/${name}`, logicalId: name, stack: 'Test', name: n, arn: `arn:aws:s3:::${n}` };
}

/** An S3 notification of `Test/<bucket>` to `Test/<fn>`. */
export function notification(bucketName: string, fnName: string, events: readonly string[], props: Partial<PlanNotification> = {}): PlanNotification {
  return { id: `Test/${bucketName}/${fnName}Notification`, logicalId: `${bucketName}${fnName}Notification`, stack: 'Test', bucket: `Test/${bucketName}`, function: `Test/${fnName}`, events, ...props };
}

/** A rule with one target per function named. */
export function rule(name: string, targets: ReadonlyArray<string | (Partial<PlanRuleTarget> & { fn: string })>, props: Partial<PlanRule> = {}): PlanRule {
  return {
    id: `Test/${name}`,
    logicalId: name,
    stack: 'Test',
    name: `Test-${name}`,
    arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Test-${name}`,
    enabled: true,
    targets: targets.map((t) => {
      const { fn, ...rest } = typeof t === 'string' ? { fn: t } : t;
      return { function: `Test/${fn}`, retryAttempts: 185, maxEventAgeSeconds: 86_400, ...rest };
    }),
    ...props,
  };
}

/** A route `method path` to `Test/<fn>` (payload 2.0, 30 s unless given). */
export function route(method: string, path: string, fnName: string, props: Partial<PlanRoute> = {}): PlanRoute {
  return { function: `Test/${fnName}`, method, path, payloadFormatVersion: '2.0', timeoutMillis: 30_000, ...props };
}

/** An API `Test/<name>` (HTTP API on the `$default` stage unless given). */
export function api(name: string, routes: readonly PlanRoute[], props: Partial<PlanApi> = {}): PlanApi {
  return { id: `Test/${name}`, logicalId: name, stack: 'Test', name: `Test-${name}`, type: 'http', stage: '$default', routes, ...props };
}

/** What a handler logged (console.log of one JSON value per call): each line's value and its simulated time (ms from the start). */
export interface Logged<T = unknown> {
  readonly t: number;
  readonly value: T;
}

/** The JSON values a function's handler logged, in order, with the simulated time of each. */
export function logged<T = unknown>(rt: Runtime, fnId: string): Array<Logged<T>> {
  const out: Array<Logged<T>> = [];
  for (const line of rt.functions.logs(fnId)) {
    const m = /^(\S+)\t\S+\tINFO\t(.*)$/s.exec(line);
    if (!m) continue;
    out.push({ t: Date.parse(m[1]!) - START, value: JSON.parse(m[2]!) as T });
  }
  return out;
}

/** A handler that logs its event (one JSON line) and returns `result` (JSON text). */
export function logEvent(result = 'undefined'): string {
  return `export const handler = async (event) => { console.log(JSON.stringify(event)); return ${result}; };`;
}

/** The Init Duration (ms) of a function's first cold start, from its REPORT line (0 when none). */
export function firstInitMs(rt: Runtime, fnId: string): number {
  for (const line of rt.functions.logs(fnId)) {
    const m = /^REPORT .*\tInit Duration: ([\d.]+) ms/.exec(line);
    if (m) return Number(m[1]);
  }
  return 0;
}
