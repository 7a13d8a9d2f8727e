// CloudWatch metrics and alarms as aws-cdk-lib has them: a function's and an alias's metrics, an
// Alarm written as AWS::CloudWatch::Alarm in both formats, an alarm rolling a deployment back.
import { describe, expect, it } from 'vitest';
import { AttributeType, DeploymentPreference, Duration, Queue, Table } from '../../lib/all.js';
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

describe("a queue's and a table's metrics (aws-cdk-lib's, with its statistics)", () => {
  const facts = (m: Metric) => [m.namespace, m.metricName, m.statistic, m.period.toSeconds(), m.dimensions];

  it('Queue: AWS/SQS with QueueName; Maximum for the Approximate* gauges, Sum for counts, Average for sizes', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Dlq');
    const dims = { QueueName: q.queueName };
    expect(facts(q.metricApproximateNumberOfMessagesVisible())).toEqual(['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum', 300, dims]);
    expect(facts(q.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }))).toEqual(['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'Maximum', 60, dims]);
    expect(q.metricApproximateNumberOfMessagesNotVisible().statistic).toBe('Maximum');
    expect(q.metricApproximateNumberOfMessagesDelayed().statistic).toBe('Maximum');
    for (const m of [q.metricNumberOfMessagesSent(), q.metricNumberOfMessagesReceived(), q.metricNumberOfMessagesDeleted(), q.metricNumberOfEmptyReceives()]) expect(m.statistic).toBe('Sum');
    expect(q.metricSentMessageSize().statistic).toBe('Average');
    expect(facts(q.metric('NumberOfMessagesSent'))).toEqual(['AWS/SQS', 'NumberOfMessagesSent', 'Average', 300, dims]);

    new Alarm(stack, 'DlqNotEmpty', { metric: q.metricApproximateNumberOfMessagesVisible(), threshold: 1, evaluationPeriods: 1 });
    const r = Template.fromStack(stack).toJSON().Resources as Record<string, { Properties: unknown }>;
    expect(r.DlqNotEmpty!.Properties).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Period: 300, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Dlq', 'QueueName'] } }] });
  });

  it('Table: AWS/DynamoDB with TableName; UserErrors account-wide; latency and system errors need the Operation', () => {
    const stack = newStack();
    const t = new Table(stack, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    const dims = { TableName: t.tableName };
    expect(facts(t.metricConsumedReadCapacityUnits())).toEqual(['AWS/DynamoDB', 'ConsumedReadCapacityUnits', 'Sum', 300, dims]);
    expect(facts(t.metricConsumedWriteCapacityUnits())).toEqual(['AWS/DynamoDB', 'ConsumedWriteCapacityUnits', 'Sum', 300, dims]);
    expect(facts(t.metricConditionalCheckFailedRequests())).toEqual(['AWS/DynamoDB', 'ConditionalCheckFailedRequests', 'Sum', 300, dims]);
    expect(facts(t.metricUserErrors())).toEqual(['AWS/DynamoDB', 'UserErrors', 'Sum', 300, {}]);
    expect(facts(t.metricThrottledRequestsForOperation('PutItem'))).toEqual(['AWS/DynamoDB', 'ThrottledRequests', 'Sum', 300, { Operation: 'PutItem', TableName: t.tableName }]);
    expect(facts(t.metricSuccessfulRequestLatency({ dimensionsMap: { Operation: 'GetItem' } }))).toEqual(['AWS/DynamoDB', 'SuccessfulRequestLatency', 'Average', 300, { TableName: t.tableName, Operation: 'GetItem' }]);
    expect(facts(t.metricSystemErrors({ dimensionsMap: { Operation: 'PutItem' } }))).toEqual(['AWS/DynamoDB', 'SystemErrors', 'Sum', 300, { TableName: t.tableName, Operation: 'PutItem' }]);
    expect(errorMessage(() => t.metricSuccessfulRequestLatency())).toBe("Test/T: metricSuccessfulRequestLatency needs the operation: give dimensionsMap: { Operation: 'GetItem' } (or another DynamoDB operation), as aws-cdk-lib requires");
  });
});
