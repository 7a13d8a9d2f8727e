/**
 * `aws-cloudwatch-actions`: what an alarm does when its state changes. `SnsAction` publishes the
 * alarm's notification to a topic (`alarm.addAlarmAction(new SnsAction(topic))`).
 */
import type { Construct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { describeValue } from '../core/props.js';
import type { Alarm, AlarmActionConfig, IAlarmAction } from './cloudwatch.js';
import { Topic } from './topic.js';

/**
 * An alarm action that publishes to an SNS topic of the app (or one imported with
 * `Topic.fromTopicArn`), as aws-cdk-lib's `SnsAction`. A topic encrypted with the AWS managed key
 * (`alias/aws/sns`) is refused: its key policy cannot allow CloudWatch, so the notifications would
 * be lost.
 */
export class SnsAction implements IAlarmAction {
  constructor(private readonly topic: Topic) {}

  public bind(_scope: Construct, alarm: Alarm): AlarmActionConfig {
    const topic = this.topic;
    if (!(topic instanceof Topic)) throw new LambdaformError(alarm.node.path, `SnsAction expects a Topic (new SnsAction(topic)), got ${describeValue(topic)}`, 'wrong-type');
    const kms = topic.serviceDeliveryProblem('CloudWatch');
    if (kms) throw new LambdaformError(alarm.node.path, kms, 'invalid-destination');
    return { alarmActionArn: topic.topicArn };
  }
}
