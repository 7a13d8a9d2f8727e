/** `lambdaform/aws-sns` (aws-cdk-lib/aws-sns): topics, their subscriptions and subscription filters. */
import '../constructs/cdk-unsupported-methods.js';
export {
  Topic,
  Subscription,
  SubscriptionProtocol,
  type TopicProps,
  type SubscriptionProps,
  type SubscriptionOptions,
  type ITopicSubscription,
  type TopicSubscriptionConfig,
} from '../constructs/topic.js';
export { SubscriptionFilter, type StringConditions, type NumericConditions, type BetweenCondition } from '../constructs/subscription-filter.js';
export type { ITopic } from '../constructs/topic.js';
