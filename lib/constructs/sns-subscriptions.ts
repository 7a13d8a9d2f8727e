/**
 * `aws-sns-subscriptions`: the endpoints a topic delivers to
 * (`topic.addSubscription(new SqsSubscription(queue, { rawMessageDelivery: true }))`). Its
 * `SubscriptionProps` collides with `aws-sns`' `SubscriptionProps`, so this file is exported only
 * from `lib/modules/aws-sns-subscriptions.ts`, never from `lib/constructs/index.ts`.
 *
 * The model's subscription edge carries Lambda and SQS endpoints; `EmailSubscription`,
 * `UrlSubscription` and `SmsSubscription` exist so that a CDK app gets a LambdaformError that
 * says so (when the topic binds them), not an import of `undefined`.
 */
import { LambdaformError } from '../core/errors.js';
import type { IFunction } from './function-base.js';
import type { Queue } from './queue.js';
import type { SubscriptionFilter } from './subscription-filter.js';
import { lambdaSubscription, sqsSubscription, unmodelledProtocolMessage, type ITopicSubscription, type Topic, type TopicSubscriptionConfig } from './topic.js';

/** Options of every subscription. */
export interface SubscriptionProps {
  /**
   * Only messages whose attributes match are delivered: at most 5 attributes, each a
   * `SubscriptionFilter` (lambdaform/aws-sns), at most 150 combinations of values.
   * @default every message is delivered
   */
  readonly filterPolicy?: { [attribute: string]: SubscriptionFilter };
  /** A filter policy on the message body. Not supported (attribute filter policies only): refused. @default none */
  readonly filterPolicyWithMessageBody?: { [attribute: string]: unknown };
  /** A queue for messages SNS cannot deliver (RedrivePolicy). Not supported: refused. @default none */
  readonly deadLetterQueue?: Queue;
}

/** Properties of an `SqsSubscription`. */
export interface SqsSubscriptionProps extends SubscriptionProps {
  /** Deliver the message body as is, without the SNS envelope. @default false */
  readonly rawMessageDelivery?: boolean;
}

/** Properties of a `LambdaSubscription`. */
export type LambdaSubscriptionProps = SubscriptionProps;

/**
 * A queue subscribed to a topic (fan-out). The queue gets a policy letting the topic send
 * (`sqs:SendMessage` for `sns.amazonaws.com` with `aws:SourceArn` the topic). A standard topic
 * cannot deliver to a FIFO queue; a queue encrypted with the AWS managed key is refused.
 */
export class SqsSubscription implements ITopicSubscription {
  constructor(
    private readonly queue: Queue,
    private readonly props: SqsSubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    return sqsSubscription(this.queue, this.props ?? {}).bind(topic);
  }
}

/** A function (version, alias) subscribed to a topic, with a permission for SNS to invoke it. Not for FIFO topics. */
export class LambdaSubscription implements ITopicSubscription {
  constructor(
    private readonly fn: IFunction,
    private readonly props: LambdaSubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    return lambdaSubscription(this.fn, this.props ?? {}).bind(topic);
  }
}

/** Properties of an `EmailSubscription`. */
export interface EmailSubscriptionProps extends SubscriptionProps {
  /** Send the message as JSON. @default false */
  readonly json?: boolean;
}

/** An email address subscribed to a topic. Not supported: binding it throws a LambdaformError. */
export class EmailSubscription implements ITopicSubscription {
  constructor(
    private readonly emailAddress: string,
    private readonly props: EmailSubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    throw new LambdaformError(topic.node.path, unmodelledProtocolMessage(this.props?.json ? 'email-json' : 'email', `EmailSubscription of '${this.emailAddress}'`), 'unsupported-protocol');
  }
}

/** Properties of a `UrlSubscription`. */
export interface UrlSubscriptionProps extends SubscriptionProps {
  /** Deliver the message body as is. @default false */
  readonly rawMessageDelivery?: boolean;
  /** `http` or `https`. @default taken from the URL */
  readonly protocol?: string;
  /** The delivery policy. @default SNS's */
  readonly deliveryPolicy?: unknown;
}

/** An HTTP(S) URL subscribed to a topic. Not supported: binding it throws a LambdaformError. */
export class UrlSubscription implements ITopicSubscription {
  constructor(
    private readonly url: string,
    private readonly props: UrlSubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    const protocol = this.props?.protocol ?? (typeof this.url === 'string' && this.url.startsWith('http://') ? 'http' : 'https');
    throw new LambdaformError(topic.node.path, unmodelledProtocolMessage(protocol, `UrlSubscription of '${this.url}'`), 'unsupported-protocol');
  }
}

/** A phone number subscribed to a topic (SMS). Not supported: binding it throws a LambdaformError. */
export class SmsSubscription implements ITopicSubscription {
  constructor(
    private readonly phoneNumber: string,
    private readonly props: SubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    void this.props;
    throw new LambdaformError(topic.node.path, unmodelledProtocolMessage('sms', `SmsSubscription of '${this.phoneNumber}'`), 'unsupported-protocol');
  }
}
