// CloudWatch metrics and alarms as aws-cdk-lib has them: a function's and an alias's metrics, an
// Alarm written as AWS::CloudWatch::Alarm in both formats, an alarm rolling a deployment back.
import { describe, expect, it } from 'vitest';
import { DeploymentPreference, Duration } from '../../lib/all.js';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData } from '../../lib/modules/aws-cloudwatch.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { errorMessage } from '../helpers/errors.js';


describe('metrics', () => {
  it("a function's metrics are AWS/Lambda with its name; an alias's add its Resource; CDK's statistics and 5-minute period", () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const errors = fn.metricErrors();
    expect([errors.namespace, errors.metricName, errors.statistic, errors.period.toSeconds()]).toEqual(['AWS/Lambda', 'Errors', 'Sum', 300]);
    expect(fn.metricDuration().statistic).toBe('Average');
    expect([fn.metricInvocations().metricName, fn.metricThrottles().metricName]).toEqual(['Invocations', 'Throttles']);
    const alias = fn.addAlias('live');
    expect(Object.keys(alias.metricErrors().dimensions)).toEqual(['FunctionName', 'Resource']);
  });

  it('a period of 10 s, 30 s or whole minutes is accepted; 45 s is refused; a statistic must be one CloudWatch has', () => {
    for (const s of [10, 30, 60, 120]) expect(() => new Metric({ namespace: 'N', metricName: 'M', period: Duration.seconds(s) })).not.toThrow();
    expect(errorMessage(() => new Metric({ namespace: 'N', metricName: 'M', period: Duration.seconds(45) }))).toBe('Metric N/M: period must be 10 seconds, 30 seconds or a whole number of minutes, got 45 seconds');
    expect(errorMessage(() => new Metric({ namespace: 'N', metricName: 'M', statistic: 'Total' }))).toBe("Metric N/M: statistic must be Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p99, got 'Total'");
    expect(new Metric({ namespace: 'N', metricName: 'M', statistic: Stats.percentile(99) }).statistic).toBe('p99');
  });
});

describe('Alarm', () => {
  it('is AWS::CloudWatch::Alarm in both formats, with the metric, CDK’s default comparison and a percentile as ExtendedStatistic', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.metricErrors({ period: Duration.minutes(1) }).createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: TreatMissingData.NOT_BREACHING });
    new Alarm(stack, 'Slow', { metric: fn.metricDuration({ statistic: Stats.percentile(99) }), threshold: 1000, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD });
    for (const format of ['cfn', 'sam'] as const) {
      const r = Template.fromStack(stack, format).toJSON().Resources as Record<string, { Type: string; Properties: unknown }>;
      expect(r.Errors).toMatchObject({
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { ComparisonOperator: 'GreaterThanOrEqualToThreshold', DatapointsToAlarm: 2, Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'Fn' } }], EvaluationPeriods: 2, MetricName: 'Errors', Namespace: 'AWS/Lambda', Period: 60, Statistic: 'Sum', Threshold: 1, TreatMissingData: 'notBreaching' },
      });
      expect(r.Slow!.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', ExtendedStatistic: 'p99', Period: 300 });
      expect(r.Slow!.Properties).not.toHaveProperty('Statistic');
    }
  });

  it('evaluationPeriods at least 1, datapointsToAlarm 1 to evaluationPeriods', () => {
    const fn = newFunction(newStack(), 'Fn');
    expect(errorMessage(() => new Alarm(fn, 'A', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 0 }))).toBe('Test/Fn/A: evaluationPeriods must be at least 1, got 0');
    expect(errorMessage(() => new Alarm(fn, 'B', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 2, datapointsToAlarm: 3 }))).toBe('Test/Fn/B: datapointsToAlarm must be 1 to evaluationPeriods (2), got 3');
    expect(() => new Alarm(fn, 'C', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 2, datapointsToAlarm: 2 })).not.toThrow();
  });

  it('an Alarm rolls a gradual deployment back, as its name', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const alarm = new Alarm(stack, 'Errors', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    fn.deploy({ alias: 'live', preference: DeploymentPreference.canary10Percent5Minutes(), alarms: [alarm] });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { DeploymentPreference: { Alarms: [{ Ref: 'Errors' }] } });
  });
});

describe('alarm actions (as aws-cdk-lib)', () => {
  it('addAlarmAction, addOkAction and addInsufficientDataAction write the ARNs their actions bind to, at most 5 each', async () => {
    const { Topic } = await import('../../lib/all.js');
    const { Template } = await import('../../lib/testing/index.js');
    const stack = newStack();
    const topic = new Topic(stack, 'Alerts');
    const alarm = newFunction(stack, 'Fn').metricErrors().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    const toTopic = { bind: () => ({ alarmActionArn: topic.topicArn }) };
    alarm.addAlarmAction(toTopic);
    alarm.addAlarmAction({ bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-1:123456789012:pager' }) });
    alarm.addOkAction(toTopic);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: 'Alerts' }, 'arn:aws:sns:us-east-1:123456789012:pager'],
      OKActions: [{ Ref: 'Alerts' }],
    });
    expect(() => alarm.addInsufficientDataAction(...Array.from({ length: 6 }, () => toTopic))).toThrow(/InsufficientDataActions can have at most 5 actions/);
    expect(() => alarm.addAlarmAction({} as never)).toThrow(/an alarm action must be an IAlarmAction whose bind\(\) gives \{ alarmActionArn \}/);
  });
});
