// aws-cloudwatch-actions: SnsAction publishes an alarm's notifications to a topic, as CDK writes it.
import { describe, expect, it } from 'vitest';
import { Topic } from '../../lib/all.js';
import * as lambdaform from '../../lib/index.js';
import { SnsAction } from '../../lib/modules/aws-cloudwatch-actions.js';
import { Alias } from '../../lib/modules/aws-kms.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { errorMessage } from '../helpers/errors.js';

describe('SnsAction', () => {
  it("writes the topic's ARN as the alarm's action, in both formats (a namespace of the root too)", () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Pager');
    const alarm = newFunction(stack, 'Fn').metricErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new lambdaform.aws_cloudwatch_actions.SnsAction(topic));
    for (const format of ['cfn', 'sam'] as const) {
      Template.fromStack(stack, format).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: 'Pager' }], OKActions: [{ Ref: 'Pager' }] });
    }
  });

  it('refuses what is not a Topic, and a topic encrypted with the AWS managed key (CloudWatch cannot publish to it)', () => {
    const stack = newStack();
    const alarm = newFunction(stack, 'Fn').metricErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    expect(errorMessage(() => alarm.addAlarmAction(new SnsAction('arn:aws:sns:us-east-1:123456789012:pager' as never)))).toMatch(/^Test\/Errors: SnsAction expects a Topic \(new SnsAction\(topic\)\), got /);
    const managed = new Topic(stack, 'Managed', { masterKey: Alias.fromAliasName(stack, 'Key', 'alias/aws/sns') });
    expect(errorMessage(() => alarm.addAlarmAction(new SnsAction(managed)))).toMatch(/^Test\/Errors: CloudWatch cannot publish to Test\/Managed: it is encrypted with the AWS managed key alias\/aws\/sns/);
  });
});
