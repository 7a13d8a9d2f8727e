/** `lambdaform/aws-s3` (aws-cdk-lib/aws-s3): buckets and their event notifications. */
import '../constructs/cdk-unsupported-methods.js';
export {
  Bucket,
  BlockPublicAccess,
  BucketEncryption,
  type BlockPublicAccessOptions,
  BucketNotification,
  BucketNotificationDestinationType,
  EventType,
  HttpMethods,
  type CorsRule,
  type LifecycleRule,
  type BucketProps,
  type BucketNotificationProps,
  type BucketNotificationDestinationConfig,
  type IBucketNotificationDestination,
  type NotificationKeyFilter,
} from '../constructs/bucket.js';
export type { IBucket, BucketAttributes } from '../constructs/bucket.js';
