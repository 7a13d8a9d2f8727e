/** `lambdaform/aws-sns-subscriptions` (aws-cdk-lib/aws-sns-subscriptions): what a topic delivers to (Lambda and SQS; email, URL and SMS are refused). */
import '../constructs/cdk-unsupported-methods.js';
export {
  SqsSubscription,
  LambdaSubscription,
  EmailSubscription,
  UrlSubscription,
  SmsSubscription,
  type SubscriptionProps,
  type SqsSubscriptionProps,
  type LambdaSubscriptionProps,
  type EmailSubscriptionProps,
  type UrlSubscriptionProps,
} from '../constructs/sns-subscriptions.js';
