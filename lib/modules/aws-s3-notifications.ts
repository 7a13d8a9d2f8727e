/** `lambdaform/aws-s3-notifications` (aws-cdk-lib/aws-s3-notifications): destinations of bucket notifications (functions; queues and topics are refused). */
export { LambdaDestination, SqsDestination, SnsDestination } from '../constructs/s3-notifications.js';
