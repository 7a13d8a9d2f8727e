/**
 * `aws-lambda-destinations`: where a function's asynchronous invocations go
 * (`onSuccess: new SqsDestination(queue)`). Its class names collide with `aws-s3-notifications`'
 * (`SqsDestination`, `SnsDestination`, `LambdaDestination`), so this file is exported only from
 * `lib/modules/aws-lambda-destinations.ts`, never from `lib/constructs/index.ts`.
 */
import type { Construct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { describeValue } from '../core/props.js';
import { DEFAULT_EVENT_BUS, DestinationType, isDeliveryTarget, type DeliveryTargetType, type DestinationConfig, type DestinationOptions, type IDestination } from './destination.js';
import type { Bucket } from './bucket.js';
import type { IFunction } from './function-base.js';
import type { Queue } from './queue.js';
import type { Topic } from './topic.js';

function checkTarget(path: string, what: string, value: unknown, type: DeliveryTargetType, expected: string): string {
  if (!isDeliveryTarget(value) || value.destinationType !== type) {
    throw new LambdaformError(path, `${what} expects ${expected}, got ${describeTarget(value)}`, 'wrong-type');
  }
  return value.destinationArn;
}

function describeTarget(v: unknown): string {
  if (isDeliveryTarget(v)) return `the ${({ sqs: 'Queue', sns: 'Topic', lambda: 'Function', s3: 'Bucket', events: 'event bus' } as const)[v.destinationType]} ${v.node.path}`;
  if (typeof v === 'object' && v !== null && 'functionArn' in v && 'node' in v) return `the version or alias ${(v as IFunction).node.path}`;
  return describeValue(v);
}

/** An SQS queue as a destination of asynchronous invocations (the function gets `sqs:SendMessage` on it). */
export class SqsDestination implements IDestination {
  constructor(private readonly queue: Queue) {}

  public bind(_scope: Construct, fn: IFunction, _options?: DestinationOptions): DestinationConfig {
    return { destination: checkTarget(fn.node.path, 'SqsDestination', this.queue, 'sqs', 'a Queue (new SqsDestination(queue))') };
  }
}

/** An SNS topic as a destination of asynchronous invocations (the function gets `sns:Publish` on it). */
export class SnsDestination implements IDestination {
  constructor(private readonly topic: Topic) {}

  public bind(_scope: Construct, fn: IFunction, _options?: DestinationOptions): DestinationConfig {
    return { destination: checkTarget(fn.node.path, 'SnsDestination', this.topic, 'sns', 'a Topic (new SnsDestination(topic))') };
  }
}

/** An S3 bucket as the destination of failed asynchronous invocations (`onFailure` only; Lambda writes one object a failure). */
export class S3Destination implements IDestination {
  constructor(private readonly bucket: Bucket) {}

  public bind(_scope: Construct, fn: IFunction, options?: DestinationOptions): DestinationConfig {
    const destination = checkTarget(fn.node.path, 'S3Destination', this.bucket, 's3', 'a Bucket (new S3Destination(bucket))');
    if (options?.type === DestinationType.SUCCESS) {
      throw new LambdaformError(fn.node.path, `onSuccess cannot be an S3Destination (${this.bucket.node.path}): Lambda sends only failed invocations to a bucket; use it as onFailure, or send successes to an SqsDestination, SnsDestination or LambdaDestination`, 'invalid-destination');
    }
    return { destination };
  }
}

/** Options of a `LambdaDestination`. */
export interface LambdaDestinationOptions {
  /**
   * Whether the destination function receives only the source function's response payload (CDK
   * routes it through an EventBridge rule on the default event bus). Not supported: lambdaform
   * does not write that rule; `true` is refused.
   * @default false (the destination function receives the full invocation record)
   */
  readonly responseOnly?: boolean;
}

/** Another function as a destination of asynchronous invocations (invoked asynchronously with the invocation record). */
export class LambdaDestination implements IDestination {
  constructor(
    private readonly fn: IFunction,
    private readonly options: LambdaDestinationOptions = {},
  ) {}

  public bind(_scope: Construct, source: IFunction, _options?: DestinationOptions): DestinationConfig {
    const path = source.node.path;
    const options = this.options ?? {};
    if (typeof options !== 'object') throw new LambdaformError(path, `LambdaDestination options must be a LambdaDestinationOptions object, got ${describeValue(options)}`, 'wrong-type');
    const unknown = Object.keys(options).filter((k) => k !== 'responseOnly' && (options as Record<string, unknown>)[k] !== undefined);
    if (unknown.length) throw new LambdaformError(path, `unknown LambdaDestination option '${unknown[0]}' (known: responseOnly)`, 'unknown-property');
    if (options.responseOnly !== undefined && typeof options.responseOnly !== 'boolean') throw new LambdaformError(path, `LambdaDestination responseOnly expects true or false, got ${describeValue(options.responseOnly)}`, 'wrong-type');
    if (options.responseOnly) {
      throw new LambdaformError(
        path,
        'LambdaDestination responseOnly is not supported: CDK implements it with an EventBridge rule on the default event bus, which lambdaform does not model; omit responseOnly (the destination function receives the invocation record, whose responsePayload holds the response)',
        'unsupported-property',
      );
    }
    return { destination: checkTarget(path, 'LambdaDestination', this.fn, 'lambda', 'a Function (new LambdaDestination(fn)); versions and aliases are not supported as destinations') };
  }
}

/**
 * An EventBridge event bus as a destination: without a bus, the account's default event bus
 * (`DestinationConfig` names its ARN, `arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default`;
 * the function gets `events:PutEvents` on it). Lambda puts the invocation record on the bus as an
 * event with source `lambda` and detail-type `Lambda Function Invocation Result - Success`
 * (`- Failure`); the app's rules on the default bus match it. A given bus is refused: lambdaform
 * has no event bus construct.
 */
export class EventBridgeDestination implements IDestination {
  /** @param eventBus Not supported: refused. @default the account's default event bus */
  constructor(private readonly eventBus?: unknown) {}

  public bind(_scope: Construct, fn: IFunction, _options?: DestinationOptions): DestinationConfig {
    if (this.eventBus !== undefined) {
      throw new LambdaformError(
        fn.node.path,
        `EventBridgeDestination of an event bus (${describeTarget(this.eventBus)}) is not supported: lambdaform models the account's default event bus only (it has no EventBus construct); write new EventBridgeDestination() to send to the default bus, whose rules (new Rule with an eventPattern) then route the events`,
        'unsupported-destination',
      );
    }
    return { destination: DEFAULT_EVENT_BUS.destinationArn };
  }
}
