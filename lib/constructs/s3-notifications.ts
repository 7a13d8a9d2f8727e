/**
 * `aws-s3-notifications`: destinations of bucket notifications
 * (`bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn))`). Its class
 * names collide with `aws-lambda-destinations`' (`SqsDestination`, `SnsDestination`,
 * `LambdaDestination`), so this file is exported only from `lib/modules/aws-s3-notifications.ts`,
 * never from `lib/constructs/index.ts`.
 */
import type { Construct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { describeValue } from '../core/props.js';
import { BucketNotificationDestinationType, unsupportedNotificationMessage, type Bucket, type BucketNotificationDestinationConfig, type IBucketNotificationDestination } from './bucket.js';
import type { IFunction } from './function-base.js';
import type { Queue } from './queue.js';
import type { Topic } from './topic.js';

/** A function (version, alias) invoked asynchronously by the bucket's notifications, with a permission for S3. */
export class LambdaDestination implements IBucketNotificationDestination {
  constructor(private readonly fn: IFunction) {}

  public bind(_scope: Construct, bucket: Bucket): BucketNotificationDestinationConfig {
    const fn = this.fn as Partial<IFunction> | undefined;
    if (typeof fn?.functionArn !== 'string' || fn.lambda === undefined) {
      throw new LambdaformError(bucket.node.path, `LambdaDestination expects a Function, Version or Alias (new LambdaDestination(fn)), got ${describeValue(this.fn)}`, 'wrong-type');
    }
    return { type: BucketNotificationDestinationType.LAMBDA, arn: fn.functionArn };
  }
}

/**
 * An SQS queue as a notification destination. Not supported: lambdaform's notification edge ends
 * at a function; binding it throws a LambdaformError saying what is missing.
 */
export class SqsDestination implements IBucketNotificationDestination {
  constructor(private readonly queue: Queue) {}

  public bind(_scope: Construct, bucket: Bucket): BucketNotificationDestinationConfig {
    void this.queue;
    throw new LambdaformError(bucket.node.path, unsupportedNotificationMessage('an SQS queue'), 'unsupported-destination');
  }
}

/**
 * An SNS topic as a notification destination. Not supported: lambdaform's notification edge ends
 * at a function; binding it throws a LambdaformError saying what is missing.
 */
export class SnsDestination implements IBucketNotificationDestination {
  constructor(private readonly topic: Topic) {}

  public bind(_scope: Construct, bucket: Bucket): BucketNotificationDestinationConfig {
    void this.topic;
    throw new LambdaformError(bucket.node.path, unsupportedNotificationMessage('an SNS topic'), 'unsupported-destination');
  }
}
