import type { Construct, IConstruct } from 'constructs';
import { LambdaformError, type Problem } from '../core/errors.js';
import type { Spec } from '../core/props.js';
import { Aws, Token } from '../core/tokens.js';
import type { IFunction } from './function-base.js';
import { grant, type IGrantable } from './iam.js';

// ---------------------------------------------------------------- what Lambda delivers to (internal)

/** Kinds of resources Lambda can deliver to (async destinations, dead-letter targets, stream failure destinations); `events`: the account's default event bus. */
export type DeliveryTargetType = 'sqs' | 'sns' | 'lambda' | 's3' | 'events';

/**
 * A resource of the app that Lambda can deliver to: a `Queue`, a `Topic`, a `Function`, a `Bucket`.
 * Lambdaform's own interface: the public API is CDK's (`IDestination` of a function's
 * `onSuccess`/`onFailure`, `IEventSourceDlq` of a stream mapping's `onFailure`), whose `bind`
 * returns an ARN that names one of these.
 */
export interface IDeliveryTarget extends IConstruct {
  /** What kind of target it is. */
  readonly destinationType: DeliveryTargetType;
  /** The ARN Lambda delivers to (token). */
  readonly destinationArn: string;
  /** Gives `grantee` exactly the permission needed to deliver to this target. */
  grantDeliver(grantee: IGrantable, reason: string): void;
  /**
   * Why another AWS service (S3, EventBridge, SNS, CloudWatch) cannot deliver to this target, or
   * undefined: a queue or topic encrypted with an AWS managed key, whose key policy cannot allow it.
   */
  serviceDeliveryProblem?(service: string): string | undefined;
}

/** True for anything Lambda can deliver to (a Queue, Topic, Function or Bucket construct). */
export function isDeliveryTarget(v: unknown): v is IDeliveryTarget {
  return typeof v === 'object' && v !== null && typeof (v as IDeliveryTarget).destinationType === 'string' && typeof (v as IDeliveryTarget).grantDeliver === 'function';
}

/** Checks `d` is one of `allowed`; returns a message naming what was given and what is allowed, or undefined. */
export function deliveryProblem(d: IDeliveryTarget, allowed: readonly DeliveryTargetType[], what: string): string | undefined {
  if (!allowed.includes(d.destinationType)) return `${what} must be one of ${allowed.join(', ')}, got ${d.destinationType} (${d.node.path})`;
  if (d === DEFAULT_EVENT_BUS) return undefined;
  // Lambda delivers to standard queues and topics only (AWS::Lambda::EventInvokeConfig, DeadLetterConfig, mapping OnFailure).
  if ((d as { fifo?: boolean }).fifo) return `${what} must be a standard ${d.destinationType === 'sqs' ? 'queue' : 'topic'}; Lambda cannot deliver to the FIFO ${d.destinationType === 'sqs' ? 'queue' : 'topic'} ${d.node.path}`;
  return undefined;
}

/**
 * The construct an ARN returned by a `bind` names: a Queue, Topic, Function or Bucket of the app
 * (its `queueArn`, `topicArn`, `functionArn`, `bucketArn` token); undefined for anything else (a
 * literal ARN, an ARN built from parts, a version's or alias's ARN).
 */
export function deliveryTargetOf(arn: unknown): IDeliveryTarget | undefined {
  if (typeof arn !== 'string' || !Token.isUnresolved(arn)) return undefined;
  if (arn === defaultEventBusArn()) return DEFAULT_EVENT_BUS;
  const parts = Token.split(arn);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (!only || typeof only === 'string' || only.kind !== 'ref' || only.attr !== 'Arn') return undefined;
  return isDeliveryTarget(only.target) ? only.target : undefined;
}

/**
 * The spec of a prop that an object with a `bind` method fills (`onFailure: new SqsDestination(queue)`);
 * a Queue, Topic, Function or Bucket given directly (lambdaform's former way) is refused with the CDK way.
 */
export function bindableSpec(expected: string, direct: (target: IDeliveryTarget) => string): Spec {
  return {
    expected,
    required: false,
    types(value, at): Problem[] {
      if (isDeliveryTarget(value)) {
        return [{ code: 'wrong-type', path: at.path, property: at.property, message: `${at.property} expects ${expected}, got the ${kindName(value)} ${value.node.path} itself; write ${direct(value)}` }];
      }
      if (typeof value === 'object' && value !== null && typeof (value as { bind?: unknown }).bind === 'function') return [];
      return [{ code: 'wrong-type', path: at.path, property: at.property, message: `${at.property} expects ${expected}, got ${describe(value)}` }];
    },
    values: () => [],
  };
}

function kindName(t: IDeliveryTarget): string {
  return { sqs: 'Queue', sns: 'Topic', lambda: 'Function', s3: 'Bucket', events: 'event bus' }[t.destinationType];
}

// ---------------------------------------------------------------- the account's default event bus

/**
 * The ARN of the account's default event bus, as aws-cdk-lib's `EventBridgeDestination` writes it
 * (`Stack.formatArn`): `arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default`.
 */
export function defaultEventBusArn(): string {
  return `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`;
}

/**
 * The account's default event bus as a destination of asynchronous invocations (`EventBridgeDestination`
 * without a bus): outside the app (no node of the model; the destination edge has no target and
 * `eventBus: 'default'`). Delivering needs `events:PutEvents` on it.
 */
export const DEFAULT_EVENT_BUS: IDeliveryTarget = {
  destinationType: 'events',
  get destinationArn(): string {
    return defaultEventBusArn();
  },
  node: { path: 'the default event bus', id: 'DefaultEventBus' } as IConstruct['node'],
  with(): IConstruct {
    return DEFAULT_EVENT_BUS;
  },
  grantDeliver(grantee: IGrantable, reason: string): void {
    grant(grantee, ['events:PutEvents'], [defaultEventBusArn()], reason);
  },
};

function describe(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'object') return `an object without a bind method${(v as object).constructor?.name && (v as object).constructor !== Object ? ` (${(v as object).constructor.name})` : ''}`;
  return typeof v === 'string' ? `the string '${v}'` : `the ${typeof v} ${String(v)}`;
}

// ---------------------------------------------------------------- aws-lambda: async destinations (IDestination)

/** Which outcome of an asynchronous invocation a destination receives. */
export enum DestinationType {
  /** Failed invocations (after the retries, or too old). */
  FAILURE = 'Failure',
  /** Successful invocations. */
  SUCCESS = 'Success',
}

/** Options given to `IDestination.bind`. */
export interface DestinationOptions {
  /** Whether the destination receives failures or successes. */
  readonly type: DestinationType;
}

/** What `IDestination.bind` returns. */
export interface DestinationConfig {
  /** The ARN of the destination: the `queueArn`, `topicArn`, `functionArn` or `bucketArn` of a construct of the app, or the account's default event bus's. */
  readonly destination: string;
}

/**
 * A destination of a function's asynchronous invocations (`onSuccess`, `onFailure`):
 * `new SqsDestination(queue)`, `new SnsDestination(topic)`, `new LambdaDestination(fn)`,
 * `new S3Destination(bucket)`, `new EventBridgeDestination()` from `lambdaform/aws-lambda-destinations`.
 */
export interface IDestination {
  /** Binds the destination to the function; returns the destination's ARN. */
  bind(scope: Construct, fn: IFunction, options?: DestinationOptions): DestinationConfig;
}

// ---------------------------------------------------------------- aws-lambda: stream failure destinations (IEventSourceDlq)

/** What `IEventSourceDlq.bind` returns. */
export interface DlqDestinationConfig {
  /** The ARN of the failure destination: the `queueArn`, `topicArn` or `bucketArn` of a construct of the app. */
  readonly destination: string;
}

/**
 * Where a stream event source mapping sends the description of records it discards (`onFailure`):
 * `new SqsDlq(queue)`, `new SnsDlq(topic)`, `new S3OnFailureDestination(bucket)` from
 * `lambdaform/aws-lambda-event-sources`.
 */
export interface IEventSourceDlq {
  /** Binds the destination to the mapping; returns the destination's ARN. */
  bind(target: IConstruct, targetHandler: IFunction): DlqDestinationConfig;
}

/**
 * The target a `bind` result names, or a LambdaformError naming what it got and what is allowed.
 * @param what the property (`onFailure`), for the message
 */
export function resolveDeliveryTarget(path: string, what: string, arn: unknown, allowed: readonly DeliveryTargetType[]): IDeliveryTarget {
  const target = deliveryTargetOf(arn);
  if (!target) {
    throw new LambdaformError(
      path,
      `${what} must name a ${orList(allowed.filter((t) => t !== 'events').map((t) => ({ sqs: 'Queue', sns: 'Topic', lambda: 'Function', s3: 'Bucket' })[t]))} of this app (its ARN attribute), got ${typeof arn === 'string' && !Token.isUnresolved(arn) ? `the ARN '${arn}'` : 'a value that names none'}; lambdaform models destinations inside the app only`,
      'invalid-destination',
    );
  }
  const problem = deliveryProblem(target, allowed, what);
  if (problem) throw new LambdaformError(path, problem, 'invalid-destination');
  return target;
}

function orList(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
}
