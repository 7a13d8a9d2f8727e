/**
 * `aws-sns-subscriptions`: the endpoints a topic delivers to
 * (`topic.addSubscription(new SqsSubscription(queue, { rawMessageDelivery: true }))`). Its
 * `SubscriptionProps` collides with `aws-sns`' `SubscriptionProps`, so this file is exported only
 * from `lib/modules/aws-sns-subscriptions.ts`, never from `lib/constructs/index.ts`.
 *
 * Lambda and SQS endpoints are resources of the app; an email address or a URL is outside it (the
 * subscription edge has no target, the endpoint is in its props). `SmsSubscription` exists so that
 * a CDK app gets a LambdaformError that says so (when the topic binds it), not an import of `undefined`.
 */
import { LambdaformError, throwProblems } from '../core/errors.js';
import { checkProps, describeValue, P } from '../core/props.js';
import { Token } from '../core/tokens.js';
import type { IFunction } from './function-base.js';
import type { Queue } from './queue.js';
import type { SubscriptionFilter } from './subscription-filter.js';
import {
  lambdaSubscription,
  sqsSubscription,
  SUBSCRIPTION_DEAD_LETTER_QUEUE,
  SUBSCRIPTION_FILTER_POLICY,
  SubscriptionProtocol,
  UNSUPPORTED_SUBSCRIPTION_OPTIONS,
  unmodelledProtocolMessage,
  type ITopicSubscription,
  type Topic,
  type TopicSubscriptionConfig,
} from './topic.js';

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
  /**
   * A queue for the messages SNS cannot deliver to the endpoint (the subscription's
   * `RedrivePolicy`); it gets a policy letting the topic send. A standard queue for a standard
   * topic, a FIFO queue for a FIFO topic.
   * @default none: what SNS cannot deliver is lost
   */
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
  /** Send the whole notification as JSON (protocol `email-json`) instead of the message text (`email`). @default false */
  readonly json?: boolean;
}

/**
 * An email address subscribed to a topic (protocol `email`, or `email-json` with `json`): an
 * `AWS::SNS::Subscription` under the topic, with the address as its construct id (aws-cdk-lib's).
 * The address is outside the app: locally, a publish records a delivery to it; nothing is sent.
 */
export class EmailSubscription implements ITopicSubscription {
  constructor(
    private readonly emailAddress: string,
    private readonly props: EmailSubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    const props = this.props ?? {};
    throwProblems(topic.node.path, checkProps(topic.node.path, 'EmailSubscriptionProps', { json: P.boolean(), ...OUTSIDE_SUBSCRIPTION_PROPS }, props));
    if (typeof this.emailAddress !== 'string') throw new LambdaformError(topic.node.path, `EmailSubscription expects an email address, got ${describeValue(this.emailAddress)}`, 'wrong-type');
    return outsideSubscription(topic, this.emailAddress, props.json ? SubscriptionProtocol.EMAIL_JSON : SubscriptionProtocol.EMAIL, props);
  }
}

/** Properties of a `UrlSubscription`. */
export interface UrlSubscriptionProps extends SubscriptionProps {
  /** Deliver the message itself as the POST body, without the SNS envelope. @default false */
  readonly rawMessageDelivery?: boolean;
  /** `SubscriptionProtocol.HTTP` or `HTTPS`; required when the URL is a token. @default taken from the URL (`https:` or `http:`) */
  readonly protocol?: SubscriptionProtocol;
  /** The delivery policy (retries). Not supported: refused (SNS's default applies). @default SNS's */
  readonly deliveryPolicy?: unknown;
}

/**
 * A URL subscribed to a topic: SNS POSTs each message to it (protocol `http` or `https`, taken
 * from the URL). An `AWS::SNS::Subscription` under the topic, with the URL as its construct id
 * (aws-cdk-lib's). The URL is outside the app: locally, a publish records a delivery to it; nothing is sent.
 */
export class UrlSubscription implements ITopicSubscription {
  constructor(
    private readonly url: string,
    private readonly props: UrlSubscriptionProps = {},
  ) {}

  public bind(topic: Topic): TopicSubscriptionConfig {
    const path = topic.node.path;
    const props = this.props ?? {};
    const url = this.url;
    throwProblems(path, checkProps(path, 'UrlSubscriptionProps', { rawMessageDelivery: P.boolean(), protocol: P.enumOf(SubscriptionProtocol, 'SubscriptionProtocol'), deliveryPolicy: UNSUPPORTED_SUBSCRIPTION_OPTIONS.deliveryPolicy!, ...OUTSIDE_SUBSCRIPTION_PROPS }, props));
    // aws-cdk-lib's checks (it makes them at construction, without a construct path), with its messages.
    if (typeof url !== 'string') throw new LambdaformError(path, `UrlSubscription expects a URL, got ${describeValue(url)}`, 'wrong-type');
    const unresolved = Token.isUnresolved(url);
    if (!unresolved && !url.startsWith('http://') && !url.startsWith('https://')) throw new LambdaformError(path, `URL must start with either http:// or https://, got '${url}'`, 'invalid-url');
    if (unresolved && props.protocol === undefined) throw new LambdaformError(path, 'Must provide protocol if url is unresolved: give UrlSubscription of a token protocol: SubscriptionProtocol.HTTPS or SubscriptionProtocol.HTTP', 'missing-protocol');
    const protocol = unresolved ? props.protocol! : url.startsWith('https:') ? SubscriptionProtocol.HTTPS : SubscriptionProtocol.HTTP;
    if (protocol !== SubscriptionProtocol.HTTP && protocol !== SubscriptionProtocol.HTTPS) {
      throw new LambdaformError(path, `UrlSubscription protocol must be SubscriptionProtocol.HTTP or SubscriptionProtocol.HTTPS, got '${protocol}'`, 'invalid-protocol');
    }
    return outsideSubscription(topic, url, protocol, props);
  }
}

/** The props every email and URL subscription takes. */
const OUTSIDE_SUBSCRIPTION_PROPS = {
  filterPolicy: SUBSCRIPTION_FILTER_POLICY,
  filterPolicyWithMessageBody: UNSUPPORTED_SUBSCRIPTION_OPTIONS.filterPolicyWithMessageBody!,
  deadLetterQueue: SUBSCRIPTION_DEAD_LETTER_QUEUE,
};

/** The subscription of an email address or a URL: under the topic, its id the endpoint (a token's `TokenSubscription:<n>`), as aws-cdk-lib names it. */
function outsideSubscription(topic: Topic, endpoint: string, protocol: SubscriptionProtocol, props: { readonly filterPolicy?: SubscriptionProps['filterPolicy']; readonly rawMessageDelivery?: boolean; readonly deadLetterQueue?: Queue }): TopicSubscriptionConfig {
  return {
    subscriberId: Token.isUnresolved(endpoint) ? nextTokenId(topic) : endpoint,
    endpoint,
    protocol,
    ...(props.rawMessageDelivery !== undefined ? { rawMessageDelivery: props.rawMessageDelivery } : {}),
    ...(props.filterPolicy ? { filterPolicy: props.filterPolicy } : {}),
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
  };
}

/** aws-cdk-lib's id of a subscription to a token endpoint: `TokenSubscription:<n>`, one more than the highest under the scope. */
function nextTokenId(scope: Topic): string {
  let next = 1;
  for (const c of scope.node.findAll()) {
    const m = /TokenSubscription:(\d*)/.exec(c.node.id);
    if (m) next = Math.max(next, parseInt(m[1]!, 10) + 1);
  }
  return `TokenSubscription:${next}`;
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
