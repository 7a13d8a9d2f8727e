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
import { BucketNotificationDestinationType, type Bucket, type BucketNotificationDestinationConfig, type IBucketNotificationDestination } from './bucket.js';
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
 * An SQS queue of the app as a notification destination: the S3 event is the message body. The
 * queue's policy gets a statement allowing `s3.amazonaws.com` `sqs:SendMessage`,
 * `sqs:GetQueueAttributes` and `sqs:GetQueueUrl` from this bucket (`ArnLike aws:SourceArn`), as
 * aws-cdk-lib writes it, and the notification is created after that policy.
 */
export class SqsDestination implements IBucketNotificationDestination {
  constructor(private readonly queue: Queue) {}

  public bind(_scope: Construct, bucket: Bucket): BucketNotificationDestinationConfig {
    const q = this.queue as Partial<Queue> | undefined;
    if (typeof q?.queueArn !== 'string') throw new LambdaformError(bucket.node.path, `SqsDestination expects a Queue (new SqsDestination(queue)), got ${describeValue(this.queue)}`, 'wrong-type');
    return { type: BucketNotificationDestinationType.QUEUE, arn: q.queueArn, dependencies: [this.queue] };
  }
}

/**
 * An SNS topic of the app as a notification destination: the S3 event is the published message.
 * The topic's policy gets a statement allowing `s3.amazonaws.com` `sns:Publish` from this bucket
 * (`ArnLike aws:SourceArn`), as aws-cdk-lib writes it, and the notification is created after that policy.
 */
export class SnsDestination implements IBucketNotificationDestination {
  constructor(private readonly topic: Topic) {}

  public bind(_scope: Construct, bucket: Bucket): BucketNotificationDestinationConfig {
    const t = this.topic as Partial<Topic> | undefined;
    if (typeof t?.topicArn !== 'string') throw new LambdaformError(bucket.node.path, `SnsDestination expects a Topic (new SnsDestination(topic)), got ${describeValue(this.topic)}`, 'wrong-type');
    return { type: BucketNotificationDestinationType.TOPIC, arn: t.topicArn, dependencies: [this.topic] };
  }
}
