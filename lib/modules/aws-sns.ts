/** `lambdaform/aws-sns` (aws-cdk-lib/aws-sns): topics and their subscriptions. */
export { Topic, Subscription, type TopicProps, type SubscriptionProps, type SubscriptionOptions, type SqsSubscriptionOptions } from '../constructs/topic.js';
