import type { IConstruct } from 'constructs';
import type { IGrantable } from './iam.js';

/** Kinds of targets Lambda can deliver to (async destinations, DLQs, stream failure destinations). */
export type DestinationType = 'sqs' | 'sns' | 'lambda' | 'eventbridge' | 's3';

/**
 * A resource that can receive events from Lambda: a `Queue`, a `Topic`, a `Function`, a `Bucket`.
 * Used for async `onSuccess`/`onFailure`, the function's dead-letter queue and a stream mapping's
 * `onFailure`.
 */
export interface IDestination extends IConstruct {
  /** What kind of target it is. */
  readonly destinationType: DestinationType;
  /** The ARN Lambda delivers to (token). */
  readonly destinationArn: string;
  /** Gives `grantee` exactly the permission needed to deliver to this target. */
  grantDeliver(grantee: IGrantable, reason: string): void;
}

/** Checks `d` is one of `allowed`; returns a message naming what was given and what is allowed, or undefined. */
export function destinationProblem(d: IDestination, allowed: readonly DestinationType[], what: string): string | undefined {
  if (!allowed.includes(d.destinationType)) return `${what} must be one of ${allowed.join(', ')}, got ${d.destinationType} (${d.node.path})`;
  // Lambda delivers to standard queues and topics only (AWS::Lambda::EventInvokeConfig, DeadLetterConfig, mapping OnFailure).
  if ((d as { fifo?: boolean }).fifo) return `${what} must be a standard ${d.destinationType === 'sqs' ? 'queue' : 'topic'}; Lambda cannot deliver to the FIFO ${d.destinationType === 'sqs' ? 'queue' : 'topic'} ${d.node.path}`;
  return undefined;
}

/** True for anything Lambda can deliver to (a Queue, Topic, Function or Bucket construct). */
export function isDestination(v: unknown): v is IDestination {
  return typeof v === 'object' && v !== null && typeof (v as IDestination).destinationType === 'string' && typeof (v as IDestination).grantDeliver === 'function';
}
