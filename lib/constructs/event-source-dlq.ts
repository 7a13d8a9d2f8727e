/**
 * `aws-lambda-event-sources`' failure destinations of stream event sources (Kinesis, DynamoDB):
 * `onFailure: new SqsDlq(queue)`. The mapping's role gets exactly what delivering needs
 * (`sqs:SendMessage`; `sns:Publish`; `s3:PutObject` and `s3:ListBucket`).
 */
import type { IConstruct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { describeValue } from '../core/props.js';
import { isDeliveryTarget, type DeliveryTargetType, type DlqDestinationConfig, type IEventSourceDlq } from './destination.js';
import type { Bucket } from './bucket.js';
import type { IFunction } from './function-base.js';
import type { Queue } from './queue.js';
import type { Topic } from './topic.js';

function arnOf(target: IConstruct, what: string, value: unknown, type: DeliveryTargetType, expected: string): string {
  if (!isDeliveryTarget(value) || value.destinationType !== type) {
    throw new LambdaformError(target.node.path, `${what} expects ${expected}, got ${isDeliveryTarget(value) ? `${value.destinationType} (${value.node.path})` : describeValue(value)}`, 'wrong-type');
  }
  return value.destinationArn;
}

/** An SQS queue (standard) that receives the description of discarded stream records. */
export class SqsDlq implements IEventSourceDlq {
  constructor(private readonly queue: Queue) {}

  public bind(target: IConstruct, _targetHandler: IFunction): DlqDestinationConfig {
    return { destination: arnOf(target, 'SqsDlq', this.queue, 'sqs', 'a Queue (new SqsDlq(queue))') };
  }
}

/** An SNS topic (standard) that receives the description of discarded stream records. */
export class SnsDlq implements IEventSourceDlq {
  constructor(private readonly topic: Topic) {}

  public bind(target: IConstruct, _targetHandler: IFunction): DlqDestinationConfig {
    return { destination: arnOf(target, 'SnsDlq', this.topic, 'sns', 'a Topic (new SnsDlq(topic))') };
  }
}

/** An S3 bucket that receives the discarded stream records (one object a failed batch). */
export class S3OnFailureDestination implements IEventSourceDlq {
  constructor(private readonly bucket: Bucket) {}

  public bind(target: IConstruct, _targetHandler: IFunction): DlqDestinationConfig {
    return { destination: arnOf(target, 'S3OnFailureDestination', this.bucket, 's3', 'a Bucket (new S3OnFailureDestination(bucket))') };
  }
}
