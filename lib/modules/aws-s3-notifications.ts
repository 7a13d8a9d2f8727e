/** `lambdaform/aws-s3-notifications` (aws-cdk-lib/aws-s3-notifications): destinations of bucket notifications (functions, SQS queues, SNS topics). */
import '../constructs/cdk-unsupported-methods.js';
export { LambdaDestination, SqsDestination, SnsDestination } from '../constructs/s3-notifications.js';
