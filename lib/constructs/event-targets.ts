/**
 * Rule targets (`aws-cdk-lib/aws-events-targets`): what a rule delivers its events to. Lambdaform
 * models function targets (`LambdaFunction`); `SqsQueue` and `SnsTopic` exist with CDK's
 * signatures and are refused when added to a rule, with the closest supported way.
 */
import type { Duration } from '../core/duration.js';
import { LambdaformError } from '../core/errors.js';
import { describeValue } from '../core/props.js';
import type { IFunction } from './function-base.js';
import type { Role } from './iam.js';
import type { Queue } from './queue.js';
import type { IRule, IRuleTarget, RuleTargetConfig, RuleTargetInput } from './rule.js';
import type { Topic } from './topic.js';

/** What every target takes (`aws-cdk-lib/aws-events-targets` `TargetBaseProps`). */
export interface TargetBaseProps {
  /**
   * Where events that could not be delivered go: a standard SQS queue EventBridge can write to
   * (given the queue policy for it). @default none (undeliverable events are dropped)
   */
  readonly deadLetterQueue?: Queue;
  /** How long EventBridge keeps retrying an event, 60 seconds to 24 hours (whole seconds). @default Duration.hours(24) */
  readonly maxEventAge?: Duration;
  /** How many times EventBridge retries a failed delivery, 0-185. @default 185 */
  readonly retryAttempts?: number;
}

/** Options of a `LambdaFunction` target (`aws-cdk-lib/aws-events-targets` `LambdaFunctionProps`). */
export interface LambdaFunctionProps extends TargetBaseProps {
  /** What the function gets instead of the matched event (`RuleTargetInput.fromObject({ ... })`). @default the matched event */
  readonly event?: RuleTargetInput;
}

/**
 * A function as a rule target: the rule invokes it asynchronously with the matched event (or
 * `event`), with the permission for EventBridge to do so (`AWS::Lambda::Permission`) and, with a
 * dead-letter queue, the queue policy letting the rule send to it.
 */
export class LambdaFunction implements IRuleTarget {
  constructor(
    private readonly handler: IFunction,
    private readonly props: LambdaFunctionProps = {},
  ) {}

  /** The target's configuration; the rule checks the handler and the options (naming the rule). */
  public bind(_rule: IRule, _id?: string): RuleTargetConfig {
    return {
      arn: (this.handler as Partial<IFunction> | undefined)?.functionArn ?? '',
      input: this.props?.event,
      targetResource: this.handler,
      _functionTarget: { handler: this.handler, propsName: 'LambdaFunctionProps', props: this.props },
    };
  }
}

/** Options of an `SqsQueue` target (`aws-cdk-lib/aws-events-targets` `SqsQueueProps`). Not supported yet. */
export interface SqsQueueProps extends TargetBaseProps {
  /** The message group id, for a FIFO queue. @default none */
  readonly messageGroupId?: string;
  /** What is sent instead of the matched event. @default the matched event */
  readonly message?: RuleTargetInput;
}

/**
 * A queue as a rule target (`aws-cdk-lib/aws-events-targets` `SqsQueue`). Not supported yet: the
 * model, both backends and the local runtime deliver a rule's events to functions only; adding it
 * to a rule is refused, naming the closest supported way.
 */
export class SqsQueue implements IRuleTarget {
  constructor(
    public readonly queue: Queue,
    private readonly props: SqsQueueProps = {},
  ) {}

  public bind(rule: IRule, _id?: string): RuleTargetConfig {
    void this.props;
    return unsupportedTarget(rule, 'SqsQueue', `sends the event to ${nameOf(this.queue)} (queue.grantSendMessages(fn))`);
  }
}

/** Options of an `SnsTopic` target (`aws-cdk-lib/aws-events-targets` `SnsTopicProps`). Not supported yet. */
export interface SnsTopicProps extends TargetBaseProps {
  /** What is published instead of the matched event. @default the matched event */
  readonly message?: RuleTargetInput;
  /** The role EventBridge publishes with. @default a new role */
  readonly role?: Role;
}

/**
 * A topic as a rule target (`aws-cdk-lib/aws-events-targets` `SnsTopic`). Not supported yet: the
 * model, both backends and the local runtime deliver a rule's events to functions only; adding it
 * to a rule is refused, naming the closest supported way.
 */
export class SnsTopic implements IRuleTarget {
  constructor(
    public readonly topic: Topic,
    private readonly props: SnsTopicProps = {},
  ) {}

  public bind(rule: IRule, _id?: string): RuleTargetConfig {
    void this.props;
    return unsupportedTarget(rule, 'SnsTopic', `publishes the event to ${nameOf(this.topic)} (topic.grantPublish(fn))`);
  }
}

/** The construct path of a queue or topic, for messages (what was given, when it is not one). */
function nameOf(resource: Queue | Topic): string {
  const path = (resource as { node?: { path?: unknown } } | undefined)?.node?.path;
  return typeof path === 'string' ? path : describeValue(resource);
}

/** The refusal of a target lambdaform does not deliver to yet, with the function that would do its work. */
function unsupportedTarget(rule: IRule, target: string, handlerDoes: string): never {
  throw new LambdaformError(
    rule.node.path,
    `${target} targets are not supported yet: lambdaform delivers a rule's events to functions only; use new LambdaFunction(fn) with a handler that ${handlerDoes}`,
    'unsupported-target',
  );
}
