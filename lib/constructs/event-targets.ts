/**
 * Rule targets (`aws-cdk-lib/aws-events-targets`): what a rule delivers its events to: a function
 * (`LambdaFunction`), a queue (`SqsQueue`) or a topic (`SnsTopic`).
 */
import type { Duration } from '../core/duration.js';
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

/** Options of an `SqsQueue` target (`aws-cdk-lib/aws-events-targets` `SqsQueueProps`). */
export interface SqsQueueProps extends TargetBaseProps {
  /** The message group id of the messages sent (required for a FIFO queue). @default none */
  readonly messageGroupId?: string;
  /** What is sent as the message body instead of the matched event (`RuleTargetInput.fromObject({ ... })`). @default the matched event (its JSON) */
  readonly message?: RuleTargetInput;
}

/**
 * A queue as a rule target (`aws-cdk-lib/aws-events-targets` `SqsQueue`): the rule sends the
 * matched event (or `message`) to the queue, with a statement of the queue's policy allowing
 * `events.amazonaws.com` to send from this rule (`AWS::SQS::QueuePolicy`).
 */
export class SqsQueue implements IRuleTarget {
  constructor(
    public readonly queue: Queue,
    private readonly props: SqsQueueProps = {},
  ) {}

  /** The target's configuration; the rule checks the queue and the options (naming the rule). */
  public bind(_rule: IRule, _id?: string): RuleTargetConfig {
    return {
      arn: (this.queue as Partial<Queue> | undefined)?.queueArn ?? '',
      input: (this.props as SqsQueueProps | undefined)?.message,
      targetResource: this.queue,
      _resourceTarget: { kind: 'queue', resource: this.queue, propsName: 'SqsQueueProps', props: this.props },
    };
  }
}

/** Options of an `SnsTopic` target (`aws-cdk-lib/aws-events-targets` `SnsTopicProps`). */
export interface SnsTopicProps extends TargetBaseProps {
  /** What is published instead of the matched event (`RuleTargetInput.fromObject({ ... })`). @default the matched event (its JSON) */
  readonly message?: RuleTargetInput;
  /**
   * Not supported yet (refused): lambdaform lets EventBridge publish through the topic's policy
   * (`sns:Publish` for `events.amazonaws.com`), not through a role. @default none
   */
  readonly role?: Role;
}

/**
 * A topic as a rule target (`aws-cdk-lib/aws-events-targets` `SnsTopic`): the rule publishes the
 * matched event (or `message`) to the topic, with a statement of the topic's policy allowing
 * `events.amazonaws.com` to publish (`AWS::SNS::TopicPolicy`).
 */
export class SnsTopic implements IRuleTarget {
  constructor(
    public readonly topic: Topic,
    private readonly props: SnsTopicProps = {},
  ) {}

  /** The target's configuration; the rule checks the topic and the options (naming the rule). */
  public bind(_rule: IRule, _id?: string): RuleTargetConfig {
    return {
      arn: (this.topic as Partial<Topic> | undefined)?.topicArn ?? '',
      input: (this.props as SnsTopicProps | undefined)?.message,
      targetResource: this.topic,
      _resourceTarget: { kind: 'topic', resource: this.topic, propsName: 'SnsTopicProps', props: this.props },
    };
  }
}

