import type { Construct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, P, rangeProblem, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { madeAt } from '../core/source.js';
import { Token } from '../core/tokens.js';
import { visibilityProblem } from '../model/check.js';
import { LIMITS, type Limit } from '../model/defaults.js';
import type { EventSourceMappingEdgeProps as ModelMappingProps } from '../model/types.js';
import { bindableSpec, resolveDeliveryTarget, type IDeliveryTarget, type IEventSourceDlq } from './destination.js';
import type { IFunction } from './function-base.js';
import { Queue } from './queue.js';
import { Stream } from './stream.js';
import { Table } from './table.js';

/** Where a stream mapping starts reading. */
export enum StartingPosition {
  /** The oldest record in the shard. */
  TRIM_HORIZON = 'TRIM_HORIZON',
  /** Only new records. */
  LATEST = 'LATEST',
  /** From `startingPositionTimestamp` (Kinesis only). */
  AT_TIMESTAMP = 'AT_TIMESTAMP',
}

/** Options shared by every mapping. */
export interface MappingCommonOptions {
  /** Records per batch. SQS: 1-10,000 (above 10 needs a batching window), FIFO 1-10; streams 1-10,000. @default 10 for SQS, 100 for streams */
  readonly batchSize?: number;
  /** How long to gather records before invoking, 0-300 seconds (not for FIFO queues). @default no window */
  readonly maxBatchingWindow?: Duration;
  /** Let the function report failed items (`{ batchItemFailures: [...] }`) so only they are retried. @default false */
  readonly reportBatchItemFailures?: boolean;
  /**
   * EventBridge-style patterns; only matching records invoke the function (at most 5): pattern
   * objects (`{ body: { type: ['order'] } }`), or as aws-cdk-lib writes them, `{ pattern: '<JSON>' }`.
   * @default no filtering
   */
  readonly filters?: ReadonlyArray<Record<string, unknown>>;
  /** Whether the mapping polls. @default true */
  readonly enabled?: boolean;
}

/** Options of an SQS mapping. */
export interface SqsMappingOptions extends MappingCommonOptions {
  /** Most concurrent invocations this mapping drives, 2-1,000. @default no limit beyond the function's */
  readonly maxConcurrency?: number;
}

/** Options of a Kinesis or DynamoDB stream mapping. */
export interface StreamMappingOptions extends MappingCommonOptions {
  /** Where to start reading. */
  readonly startingPosition: StartingPosition;
  /** With AT_TIMESTAMP: the time to start from, in Unix time seconds as aws-cdk-lib takes it, or a `Date`. @default none */
  readonly startingPositionTimestamp?: number | Date;
  /** On error, split the batch in two and retry each half. @default false */
  readonly bisectBatchOnError?: boolean;
  /** Retries of a failed batch, 0-10,000; undefined retries until the record expires. @default retry until expiry (-1) */
  readonly retryAttempts?: number;
  /** Discard records older than this, 60 seconds to 7 days. @default no limit (-1) */
  readonly maxRecordAge?: Duration;
  /** Concurrent batches per shard, 1-10. @default 1 */
  readonly parallelizationFactor?: number;
  /** Tumbling window for stateful aggregation, 0-900 seconds. @default none */
  readonly tumblingWindow?: Duration;
  /**
   * Where the records of discarded batches are described: `new SqsDlq(queue)`, `new SnsDlq(topic)`
   * or `new S3OnFailureDestination(bucket)` (lambdaform/aws-lambda-event-sources).
   * @default none (discarded records are dropped)
   */
  readonly onFailure?: IEventSourceDlq;
}

/** Properties of an `EventSourceMapping`. */
export interface EventSourceMappingProps extends SqsMappingOptions, Partial<Omit<StreamMappingOptions, keyof MappingCommonOptions>> {
  /** The function, version or alias to invoke. */
  readonly target: IFunction;
  /**
   * The queue, Kinesis stream or DynamoDB table (with a stream) to read from; or give
   * `eventSourceArn`. @default the resource `eventSourceArn` names
   */
  readonly source?: Queue | Stream | Table;
  /**
   * The ARN of the queue, stream or table stream to read from, as aws-cdk-lib takes it: a
   * construct's `queueArn`, `streamArn` or `tableStreamArn`, or the ARN of one outside the app
   * (read as `Queue.fromQueueArn`, `Stream.fromStreamArn` or `Table.fromTableAttributes` would).
   * @default the ARN of `source`
   */
  readonly eventSourceArn?: string;
}

const SM = LIMITS.streamMapping;

/** The description of the mapping options (SQS and stream); which apply depends on the source. */
export const MAPPING_OPTIONS: Fields = {
  batchSize: P.number({ integer: true }),
  maxBatchingWindow: P.duration({ example: 'Duration.seconds(5)' }),
  reportBatchItemFailures: P.boolean(),
  filters: P.array(P.jsonObject()),
  enabled: P.boolean(),
  maxConcurrency: P.number({ limit: LIMITS.sqsMapping.maxConcurrency }),
  startingPosition: P.enumOf(StartingPosition, 'StartingPosition'),
  startingPositionTimestamp: P.date({ orEpochSeconds: true }),
  bisectBatchOnError: P.boolean(),
  retryAttempts: P.number({ limit: SM.retryAttempts }),
  maxRecordAge: P.duration({ limit: SM.maxRecordAge, example: 'Duration.hours(1)' }),
  parallelizationFactor: P.number({ limit: SM.parallelizationFactor }),
  tumblingWindow: P.duration({ limit: SM.tumblingWindow }),
  onFailure: bindableSpec('an IEventSourceDlq such as new SqsDlq(queue) (lambdaform/aws-lambda-event-sources)', (t) => {
    const cls = ({ sqs: 'SqsDlq', sns: 'SnsDlq', s3: 'S3OnFailureDestination' } as Record<string, string>)[t.destinationType];
    if (!cls) return 'onFailure: new SqsDlq(queue), new SnsDlq(topic) or new S3OnFailureDestination(bucket) (a function cannot be a stream failure destination)';
    return `onFailure: new ${cls}(${t.node.id.charAt(0).toLowerCase()}${t.node.id.slice(1)}) (import { ${cls} } from 'lambdaform/aws-lambda-event-sources')`;
  }),
};

const MAPPING_PROPS: Fields = {
  ...MAPPING_OPTIONS,
  target: P.instance('Function, Version or Alias', (v) => typeof v === 'object' && v !== null && 'functionArn' in v, { required: true }),
  source: P.instance('Queue, Stream or Table', (v) => v instanceof Queue || v instanceof Stream || v instanceof Table),
  eventSourceArn: P.string(),
};

/**
 * The resource a mapping reads: `source`, or the one `eventSourceArn` names (a construct's ARN
 * token, or the ARN of a queue, stream or table stream outside the app, imported in the
 * mapping's scope as `<id>Source`).
 */
function sourceOf(mapping: EventSourceMapping, path: string, props: EventSourceMappingProps): Queue | Stream | Table {
  const { source, eventSourceArn: arn } = props;
  if (source !== undefined && arn !== undefined) throw new LambdaformError(path, 'give either source or eventSourceArn, not both', 'conflicting-properties');
  if (source !== undefined) return source;
  if (arn === undefined) throw new LambdaformError(path, "eventSourceArn is required: the ARN of the queue, stream or table stream to read (queue.queueArn, stream.streamArn, table.tableStreamArn), or source: the construct itself", 'missing-property');
  const target = Token.targetOf(arn);
  if (target?.kind === 'ref') {
    const t = target.target;
    if ((t instanceof Queue || t instanceof Stream) && target.attr === 'Arn') return t;
    if (t instanceof Table && target.attr === 'StreamArn') return t;
    throw new LambdaformError(path, `eventSourceArn is the ${target.attr} of ${t.node.path}, which is no event source: give a queue's queueArn, a stream's streamArn or a table's tableStreamArn`, 'wrong-type');
  }
  const scope = mapping.node.scope!;
  const id = `${mapping.node.id}Source`;
  if (Token.isUnresolved(arn)) {
    throw new LambdaformError(path, 'eventSourceArn is a deploy-time value (a parameter or Fn function): lambdaform must know which kind of source it is; import it first (Queue.fromQueueArn, Stream.fromStreamArn or Table.fromTableAttributes) and give that as source', 'unsupported-intrinsic');
  }
  const service = /^arn:[^:]+:([^:]+):/.exec(arn)?.[1];
  if (service === 'sqs') return Queue.fromQueueArn(scope, id, arn) as Queue;
  if (service === 'kinesis') return Stream.fromStreamArn(scope, id, arn) as Stream;
  if (service === 'dynamodb' && arn.includes('/stream/')) return Table.fromTableAttributes(scope, id, { tableArn: arn.slice(0, arn.indexOf('/stream/')), tableStreamArn: arn }) as Table;
  throw new LambdaformError(path, `eventSourceArn must be the ARN of an SQS queue, a Kinesis stream or a DynamoDB table stream, got '${arn}'`, 'invalid-format');
}

/** The options only a stream source takes; `SQS_ONLY` those only an SQS source takes (the rest of MAPPING_OPTIONS both take). */
export const STREAM_ONLY = ['startingPosition', 'startingPositionTimestamp', 'bisectBatchOnError', 'retryAttempts', 'maxRecordAge', 'parallelizationFactor', 'tumblingWindow', 'onFailure'] as const;
export const SQS_ONLY = ['maxConcurrency'] as const;

/**
 * Lambda polling a queue or stream and invoking a function with batches
 * (`AWS::Lambda::EventSourceMapping`). The target's role gets exactly what polling needs.
 */
export class EventSourceMapping extends Resource {
  /** `sqs`, `kinesis` or `dynamodb`. */
  public readonly sourceType: ModelMappingProps['sourceType'];
  private readonly props: EventSourceMappingProps & { readonly source: Queue | Stream | Table };
  private readonly onFailure: IDeliveryTarget | undefined;

  constructor(scope: Construct, id: string, props: EventSourceMappingProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'EventSourceMappingProps', MAPPING_PROPS, props);
    throwProblems(path, problems);
    const source = sourceOf(this, path, props);
    const withSource = { ...props, source };
    this.sourceType = source instanceof Queue ? 'sqs' : source instanceof Stream ? 'kinesis' : 'dynamodb';
    this.props = withSource;
    const rules = [...commonRules(path, withSource), ...(source instanceof Queue ? sqsRules(path, withSource, source) : streamRules(path, withSource, this.sourceType))];
    throwProblems(path, rules);

    const role = props.target.lambda;
    // The queue's grant is the mapping's, made for the user's line that made it (the streams' and
    // tables' grants are public methods a subclass may override: their source is captured).
    if (source instanceof Queue) madeAt(this.source, () => source._grantPoll(role, 'EventSourceMapping'));
    else if (source instanceof Stream) source.grantRead(role, 'EventSourceMapping');
    else source.grantStreamRead(role, 'EventSourceMapping');
    this.onFailure = props.onFailure && resolveDeliveryTarget(path, 'onFailure', props.onFailure.bind(this, props.target)?.destination, ['sqs', 'sns', 's3']);
    this.onFailure?.grantDeliver(role, 'EventSourceMapping onFailure');
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    const isStream = this.sourceType !== 'sqs';
    b.addEdge({
      kind: 'eventSourceMapping',
      resource: this,
      from: p.source,
      to: p.target,
      props: {
        sourceType: this.sourceType,
        enabled: p.enabled ?? true,
        batchSize: p.batchSize,
        maxBatchingWindowSeconds: p.maxBatchingWindow?.toSeconds(),
        startingPosition: p.startingPosition,
        startingPositionTimestamp: p.startingPositionTimestamp === undefined ? undefined : typeof p.startingPositionTimestamp === 'number' ? p.startingPositionTimestamp : p.startingPositionTimestamp.getTime() / 1000,
        bisectBatchOnError: p.bisectBatchOnError,
        maxRetryAttempts: isStream ? (p.retryAttempts ?? -1) : undefined,
        maxRecordAgeSeconds: isStream ? (p.maxRecordAge?.toSeconds() ?? -1) : undefined,
        parallelizationFactor: p.parallelizationFactor,
        tumblingWindowSeconds: p.tumblingWindow?.toSeconds(),
        reportBatchItemFailures: p.reportBatchItemFailures ?? false,
        maxConcurrency: p.maxConcurrency,
        filters: (p.filters ?? []).map((f) => b.resolve(filterPattern(f) ?? f, this.node.path)),
        onFailure: this.onFailure?.node.path,
      },
    });
  }
}

function problem(path: string, property: string, message: string, code = 'invalid-input'): Problem {
  return { code, path, property, message };
}

function inRange(path: string, property: string, value: number | undefined, limit: Pick<Limit, 'min' | 'max' | 'unit'>): Problem[] {
  if (value === undefined || (value >= limit.min && value <= limit.max)) return [];
  return [rangeProblem(path, property, limit, value)];
}

/**
 * The pattern of a filter given as aws-cdk-lib writes it (`FilterCriteria.filter(...)` returns
 * `{ pattern: '<JSON>' }`): the parsed object; undefined for a plain pattern object. A field's value
 * in a pattern is always an array, so `pattern` holding a string can only be this form.
 */
export function filterPattern(f: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = Object.keys(f);
  if (keys.length !== 1 || keys[0] !== 'pattern' || typeof f.pattern !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(f.pattern);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function commonRules(path: string, p: EventSourceMappingProps): Problem[] {
  const filters = p.filters ?? [];
  const out: Problem[] = [];
  if (filters.length > LIMITS.mapping.filters.max) out.push(problem(path, 'filters', `filters must have at most ${LIMITS.mapping.filters.max} patterns, got ${filters.length}`, 'out-of-range'));
  for (const f of filters) {
    const cdkForm = Object.keys(f).length === 1 && typeof f.pattern === 'string';
    if (cdkForm && filterPattern(f) === undefined) {
      out.push(problem(path, 'filters', `a filter's pattern must be the JSON text of an event pattern object (as FilterCriteria.filter writes it), got ${JSON.stringify(f.pattern)}`, 'invalid-pattern'));
    } else if (Object.keys(filterPattern(f) ?? f).length === 0) {
      out.push(problem(path, 'filters', `each filter must be a non-empty pattern object such as { body: { type: ['order'] } }, got ${JSON.stringify(f)}`, 'empty-pattern'));
    }
  }
  return out;
}

function sqsRules(path: string, p: EventSourceMappingProps, queue: Queue): Problem[] {
  const out: Problem[] = [];
  const l = LIMITS.sqsMapping;
  for (const k of STREAM_ONLY) {
    if (k === 'onFailure') continue;
    if (p[k] !== undefined) out.push(problem(path, k, `${k} is only valid for stream sources (Kinesis, DynamoDB), not for the SQS queue ${queue.node.path}`, 'stream-only'));
  }
  if (p.onFailure) {
    out.push(problem(path, 'onFailure', `an SQS mapping has no onFailure destination; give the queue ${queue.node.path} a deadLetterQueue instead (the DLQ belongs on the queue)`, 'stream-only'));
  }
  const windowSeconds = p.maxBatchingWindow?.toSeconds() ?? 0;
  if (p.maxBatchingWindow) {
    if (queue.fifo) out.push(problem(path, 'maxBatchingWindow', `maxBatchingWindow is not supported for FIFO queues (${queue.node.path})`, 'fifo-unsupported'));
    else out.push(...windowProblems(path, p.maxBatchingWindow, l.maxBatchingWindow));
  }
  const visibility = visibilityProblem(queue.node.path, queue.visibilityTimeoutSeconds, p.target.lambda.node.path, p.target.lambda.timeout.toSeconds());
  if (visibility) out.push(problem(path, 'source', visibility, 'visibility-below-timeout'));
  if (p.batchSize !== undefined) {
    if (queue.fifo) {
      if (p.batchSize < l.batchSizeFifo.min || p.batchSize > l.batchSizeFifo.max) out.push(problem(path, 'batchSize', `batchSize must be between 1 and ${l.batchSizeFifo.max} for a FIFO queue, got ${p.batchSize}`, 'out-of-range'));
    } else {
      out.push(...inRange(path, 'batchSize', p.batchSize, l.batchSize));
      if (p.batchSize > l.batchSizeWithoutWindow.max && p.batchSize <= l.batchSize.max && windowSeconds < 1) {
        out.push(problem(path, 'batchSize', `batchSize must be between 1 and ${l.batchSizeWithoutWindow.max} when maxBatchingWindow is not at least 1 second, got ${p.batchSize}`, 'out-of-range'));
      }
    }
  }
  return out;
}

function windowProblems(path: string, d: Duration, limit: Limit): Problem[] {
  const s = d.toSeconds();
  if (!Number.isInteger(s)) return [problem(path, 'maxBatchingWindow', `maxBatchingWindow must be a whole number of seconds, got ${d.toHumanString()}`, 'not-an-integer')];
  return inRange(path, 'maxBatchingWindow', s, limit);
}

function streamRules(path: string, p: EventSourceMappingProps, sourceType: ModelMappingProps['sourceType']): Problem[] {
  const out: Problem[] = [];
  for (const k of SQS_ONLY) if (p[k] !== undefined) out.push(problem(path, k, `${k} is only valid for SQS sources`, 'sqs-only'));
  if (!p.startingPosition) out.push(problem(path, 'startingPosition', 'startingPosition is required for a stream source (TRIM_HORIZON, LATEST or AT_TIMESTAMP)', 'missing-property'));
  if (p.startingPosition === StartingPosition.AT_TIMESTAMP) {
    if (sourceType !== 'kinesis') out.push(problem(path, 'startingPosition', 'startingPosition AT_TIMESTAMP is only valid for Kinesis streams'));
    if (p.startingPositionTimestamp === undefined) out.push(problem(path, 'startingPositionTimestamp', 'startingPosition AT_TIMESTAMP needs startingPositionTimestamp', 'missing-property'));
  } else if (p.startingPositionTimestamp !== undefined) {
    out.push(problem(path, 'startingPositionTimestamp', 'startingPositionTimestamp is only valid with startingPosition AT_TIMESTAMP', 'conflicting-properties'));
  }
  if (p.source instanceof Table && !p.source.stream) {
    out.push(problem(path, 'source', `the table ${p.source.node.path} has no stream; set its \`stream\` property`, 'no-stream'));
  }
  out.push(...inRange(path, 'batchSize', p.batchSize, SM.batchSize));
  if (p.maxBatchingWindow) out.push(...windowProblems(path, p.maxBatchingWindow, SM.maxBatchingWindow));
  return out;
}
