import type { Construct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { LambdaformError, checkInteger, checkRange, checkSeconds } from '../core/errors.js';
import { Resource } from '../core/resource.js';
import { defined } from '../core/util.js';
import type { StackModelBuilder } from '../model/builder.js';
import type { EventSourceMappingEdgeProps as ModelMappingProps } from '../model/types.js';
import { destinationProblem, type IDestination } from './destination.js';
import type { IFunction } from './function.js';
import { LIMITS } from './limits.js';
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
  /** EventBridge-style patterns; only matching records invoke the function (at most 5). @default no filtering */
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
  /** With AT_TIMESTAMP: the time to start from. @default none */
  readonly startingPositionTimestamp?: Date;
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
  /** Where discarded batches are described: a Queue, a Topic or a Bucket. @default none (records are dropped) */
  readonly onFailure?: IDestination;
}

/** Properties of an `EventSourceMapping`. */
export interface EventSourceMappingProps extends SqsMappingOptions, Partial<Omit<StreamMappingOptions, keyof MappingCommonOptions>> {
  /** The function, version or alias to invoke. */
  readonly target: IFunction;
  /** The queue, Kinesis stream or DynamoDB table (with a stream) to read from. */
  readonly source: Queue | Stream | Table;
}

/**
 * Lambda polling a queue or stream and invoking a function with batches
 * (`AWS::Lambda::EventSourceMapping`). The target's role gets exactly what polling needs.
 */
export class EventSourceMapping extends Resource {
  /** `sqs`, `kinesis` or `dynamodb`. */
  public readonly sourceType: ModelMappingProps['sourceType'];
  private readonly props: EventSourceMappingProps;

  constructor(scope: Construct, id: string, props: EventSourceMappingProps) {
    super(scope, id);
    const { source } = props;
    this.sourceType = source instanceof Queue ? 'sqs' : source instanceof Stream ? 'kinesis' : 'dynamodb';
    this.props = props;
    if (this.sourceType === 'sqs') this.validateSqs(source as Queue);
    else this.validateStream();
    this.validateCommon();

    const role = props.target.lambda;
    if (source instanceof Queue) source._grantPoll(role, 'EventSourceMapping');
    else if (source instanceof Stream) source.grantRead(role, 'EventSourceMapping');
    else source.grantStreamRead(role, 'EventSourceMapping');
    props.onFailure?.grantDeliver(role, 'EventSourceMapping onFailure');
  }

  private validateCommon(): void {
    const path = this.node.path;
    const p = this.props;
    const filters = p.filters ?? [];
    if (filters.length > LIMITS.mapping.filtersMax) {
      throw new LambdaformError(path, `filters must have at most ${LIMITS.mapping.filtersMax} patterns, got ${filters.length}`);
    }
    for (const f of filters) {
      if (typeof f !== 'object' || f === null || Array.isArray(f) || Object.keys(f).length === 0) {
        throw new LambdaformError(path, `each filter must be a non-empty pattern object such as { body: { type: ['order'] } }, got ${JSON.stringify(f)}`);
      }
    }
  }

  private validateSqs(queue: Queue): void {
    const path = this.node.path;
    const p = this.props;
    const l = LIMITS.sqsMapping;
    for (const k of ['startingPosition', 'startingPositionTimestamp', 'bisectBatchOnError', 'retryAttempts', 'maxRecordAge', 'parallelizationFactor', 'tumblingWindow'] as const) {
      if (p[k] !== undefined) throw new LambdaformError(path, `${k} is only valid for stream sources (Kinesis, DynamoDB), not for the SQS queue ${queue.node.path}`);
    }
    if (p.onFailure) {
      throw new LambdaformError(path, `an SQS mapping has no onFailure destination; give the queue ${queue.node.path} a deadLetterQueue instead (the DLQ belongs on the queue)`);
    }
    const windowSeconds = p.maxBatchingWindow?.toSeconds() ?? 0;
    if (p.maxBatchingWindow) {
      if (queue.fifo) throw new LambdaformError(path, `maxBatchingWindow is not supported for FIFO queues (${queue.node.path})`);
      checkSeconds(path, 'maxBatchingWindow', p.maxBatchingWindow, 0, l.batchingWindowMaxSeconds);
    }
    if (p.batchSize !== undefined) {
      checkInteger(path, 'batchSize', p.batchSize);
      if (queue.fifo) {
        if (p.batchSize < 1 || p.batchSize > l.batchSizeMaxFifo) {
          throw new LambdaformError(path, `batchSize must be between 1 and ${l.batchSizeMaxFifo} for a FIFO queue, got ${p.batchSize}`);
        }
      } else {
        checkRange(path, 'batchSize', p.batchSize, 1, l.batchSizeMaxStandard);
        if (p.batchSize > l.batchSizeWithoutWindowMax && windowSeconds < 1) {
          throw new LambdaformError(path, `batchSize must be between 1 and ${l.batchSizeWithoutWindowMax} when maxBatchingWindow is not at least 1 second, got ${p.batchSize}`);
        }
      }
    }
    if (p.maxConcurrency !== undefined) {
      checkInteger(path, 'maxConcurrency', p.maxConcurrency);
      checkRange(path, 'maxConcurrency', p.maxConcurrency, l.maxConcurrencyMin, l.maxConcurrencyMax);
    }
    const fnTimeout = this.props.target.lambda.timeout.toSeconds();
    if (queue.visibilityTimeoutSeconds < fnTimeout) {
      throw new LambdaformError(
        path,
        `the visibility timeout of ${queue.node.path} (${queue.visibilityTimeoutSeconds} seconds) must be at least the timeout of ${this.props.target.lambda.node.path} (${fnTimeout} seconds); CloudFormation refuses this mapping (AWS recommends 6 x the function timeout)`,
      );
    }
  }

  private validateStream(): void {
    const path = this.node.path;
    const p = this.props;
    const l = LIMITS.streamMapping;
    if (p.maxConcurrency !== undefined) throw new LambdaformError(path, 'maxConcurrency is only valid for SQS sources');
    if (!p.startingPosition) throw new LambdaformError(path, 'startingPosition is required for a stream source (TRIM_HORIZON, LATEST or AT_TIMESTAMP)');
    if (p.startingPosition === StartingPosition.AT_TIMESTAMP) {
      if (this.sourceType !== 'kinesis') throw new LambdaformError(path, 'startingPosition AT_TIMESTAMP is only valid for Kinesis streams');
      if (!p.startingPositionTimestamp) throw new LambdaformError(path, 'startingPosition AT_TIMESTAMP needs startingPositionTimestamp');
    } else if (p.startingPositionTimestamp) {
      throw new LambdaformError(path, 'startingPositionTimestamp is only valid with startingPosition AT_TIMESTAMP');
    }
    if (this.props.source instanceof Table && !this.props.source.stream) {
      throw new LambdaformError(path, `the table ${this.props.source.node.path} has no stream; set its \`stream\` property`);
    }
    if (p.batchSize !== undefined) {
      checkInteger(path, 'batchSize', p.batchSize);
      checkRange(path, 'batchSize', p.batchSize, 1, l.batchSizeMax);
    }
    if (p.maxBatchingWindow) checkSeconds(path, 'maxBatchingWindow', p.maxBatchingWindow, 0, l.batchingWindowMaxSeconds);
    if (p.retryAttempts !== undefined) {
      checkInteger(path, 'retryAttempts', p.retryAttempts);
      checkRange(path, 'retryAttempts', p.retryAttempts, 0, l.retryAttemptsMax);
    }
    if (p.maxRecordAge) checkSeconds(path, 'maxRecordAge', p.maxRecordAge, l.recordAgeMinSeconds, l.recordAgeMaxSeconds);
    if (p.parallelizationFactor !== undefined) {
      checkInteger(path, 'parallelizationFactor', p.parallelizationFactor);
      checkRange(path, 'parallelizationFactor', p.parallelizationFactor, l.parallelizationMin, l.parallelizationMax);
    }
    if (p.tumblingWindow) checkSeconds(path, 'tumblingWindow', p.tumblingWindow, 0, l.tumblingWindowMaxSeconds);
    const problem = p.onFailure && destinationProblem(p.onFailure, ['sqs', 'sns', 's3'], 'onFailure');
    if (problem) throw new LambdaformError(path, problem);
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    const secs = (d: Duration | undefined) => d?.toSeconds();
    const isStream = this.sourceType !== 'sqs';
    b.addEdge({
      kind: 'eventSourceMapping',
      resource: this,
      from: p.source,
      to: p.target,
      props: {
        sourceType: this.sourceType,
        enabled: p.enabled ?? true,
        ...defined('batchSize', p.batchSize),
        ...defined('maxBatchingWindowSeconds', secs(p.maxBatchingWindow)),
        ...defined('startingPosition', p.startingPosition),
        ...defined('startingPositionTimestamp', p.startingPositionTimestamp ? p.startingPositionTimestamp.getTime() / 1000 : undefined),
        ...defined('bisectBatchOnError', p.bisectBatchOnError),
        ...(isStream ? { maxRetryAttempts: p.retryAttempts ?? -1, maxRecordAgeSeconds: secs(p.maxRecordAge) ?? -1 } : {}),
        ...defined('parallelizationFactor', p.parallelizationFactor),
        ...defined('tumblingWindowSeconds', secs(p.tumblingWindow)),
        reportBatchItemFailures: p.reportBatchItemFailures ?? false,
        ...defined('maxConcurrency', p.maxConcurrency),
        filters: (p.filters ?? []).map((f) => b.resolve(f, this.node.path)),
        ...(p.onFailure ? { onFailure: p.onFailure.node.path } : {}),
      },
    });
  }
}
