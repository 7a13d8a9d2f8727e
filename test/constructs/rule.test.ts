// Rules and schedules: schedule expressions (built and validated at construction), schedule and
// event-pattern event sources (rule, targets, permission, DLQ policy) and rule limits.
import { describe, expect, it } from 'vitest';
import {
  Duration,
  EventBridgeEventSource,
  Queue,
  QueueEncryption,
  Rule,
  Schedule,
  ScheduleEventSource,
  ScheduleExpression,
} from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';


const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };

describe('ScheduleExpression builders', () => {
  it.each([
    [Duration.hours(1), 'rate(1 hour)'],
    [Duration.minutes(5), 'rate(5 minutes)'],
    [Duration.minutes(1), 'rate(1 minute)'],
    [Duration.days(2), 'rate(2 days)'],
    [Duration.hours(24), 'rate(1 day)'],
    [Duration.minutes(90), 'rate(90 minutes)'],
  ])('rate(%s) is %s', (interval, expected) => {
    // WHEN
    const expression = ScheduleExpression.rate(interval);

    // THEN
    expect(expression.expressionString).toBe(expected);
    expect(expression.problem).toBeUndefined();
  });

  it("cron({ minute: '0', hour: '12' }) is 'cron(0 12 * * ? *)'", () => {
    // WHEN
    const expression = ScheduleExpression.cron({ minute: '0', hour: '12' });

    // THEN
    expect(expression.expressionString).toBe('cron(0 12 * * ? *)');
    expect(expression.problem).toBeUndefined();
  });

  it("cron with a weekDay puts '?' in the day of month", () => {
    // WHEN
    const expression = ScheduleExpression.cron({ minute: '30', hour: '8', weekDay: 'MON-FRI' });

    // THEN
    expect(expression.expressionString).toBe('cron(30 8 ? * MON-FRI *)');
    expect(expression.problem).toBeUndefined();
  });
});

describe('invalid schedule expressions fail at construction, naming the rule', () => {
  it.each([
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(5 mins)',
    'cron(0 12 * * *)',
    'cron(0 12 * * * *)',
    'cron(0 12 ? * ? *)',
    'cron(60 12 * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 12 32 * ? *)',
    'cron(0 12 * 13 ? *)',
    'cron(0 12 ? * 8 *)',
    'every hour',
  ])('%s', (x) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Schedule(stack, 'S', { schedule: ScheduleExpression.expression(x) }),
      'Test/S',
      new RegExp(`^invalid schedule '${x.replace(/[()*?]/g, '\\$&')}': `),
    );
  });

  it.each([
    ['rate(1 minutes)', /use the singular unit for 1 \('rate\(1 minute\)'\)/],
    ['rate(5 minute)', /use the plural unit for 5 \('rate\(5 minutes\)'\)/],
    ['rate(0 minutes)', /the rate value must be at least 1/],
    ['cron(0 12 * * *)', /cron needs 6 fields .* got 5/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week must be '\?' \(got '\*' and '\*'\)/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week must be '\?' \(got '\?' and '\?'\)/],
    ['cron(60 12 * * ? *)', /minutes: '60' is out of range 0-59/],
    ['cron(0 24 * * ? *)', /hours: '24' is out of range 0-23/],
    ['cron(0 12 32 * ? *)', /day-of-month: '32' is out of range 1-31/],
    ['cron(0 12 * 13 ? *)', /month: '13' is out of range 1-12/],
    ['cron(0 12 ? * 8 *)', /day-of-week: '8' is out of range 1-7/],
    ['every hour', /must be 'rate\(\.\.\.\)' or 'cron\(\.\.\.\)'/],
  ])('%s says why', (x, why) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Schedule(stack, 'S', { schedule: ScheduleExpression.expression(x) }), 'Test/S', why);
  });

  it('refuses rate(Duration.seconds(30))', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Schedule(stack, 'S', { schedule: ScheduleExpression.rate(Duration.seconds(30)) }),
      'Test/S',
      /a rate must be a whole number of minutes, at least 1, got 30 seconds/,
    );
  });

  it('names the schedule under the function when given through ScheduleEventSource', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new ScheduleEventSource(ScheduleExpression.expression('rate(5 mins)'), { id: 'Every5' })),
      'Test/Fn/Every5',
      /invalid schedule 'rate\(5 mins\)'/,
    );
  });
});

describe('valid schedule expressions are accepted', () => {
  it.each(['cron(0/15 * * * ? *)', 'cron(0 8 ? * MON-FRI *)', 'cron(0 0 L * ? *)', 'cron(0 10 ? * 6#3 *)', 'rate(1 day)', 'rate(12 hours)'])('%s', (x) => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Schedule(stack, 'S', { schedule: ScheduleExpression.expression(x) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: x });
  });
});

describe('ScheduleEventSource', () => {
  it('renders the rule, its single target, the permission and the DLQ policy', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const q = new Queue(stack, 'Q');

    // WHEN
    fn.addEventSource(
      new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(1)), {
        id: 'Hourly',
        input: { a: 1 },
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: q,
      }),
    );

    // THEN
    const template = Template.fromStack(stack);
    const rules = template.findResources('AWS::Events::Rule');
    expect(Object.keys(rules)).toEqual(['FnHourly']);
    expect(rules.FnHourly!.Properties).toEqual({
      // An enabled rule leaves State out: ENABLED is CloudFormation's default.
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        {
          Id: 'FnHourlyLambdaTarget',
          Arn: FN_ARN,
          Input: '{"a":1}',
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Q', 'Arn'] } },
        },
      ],
    });

    const permissions = template.findResources('AWS::Lambda::Permission');
    expect(Object.keys(permissions)).toEqual(['FnHourlyPermission']);
    expect(permissions.FnHourlyPermission!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: FN_ARN,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['FnHourly', 'Arn'] },
    });

    template.resourceCountIs('AWS::SQS::QueuePolicy', 1);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: 'Q' }],
      PolicyDocument: {
        Statement: [
          Match.objectEquals({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['Q', 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['FnHourly', 'Arn'] } } },
          }),
        ],
      },
    });
  });

  it("defaults the rule id to 'Schedule' and leaves out Input, RetryPolicy and DeadLetterConfig", () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new ScheduleEventSource(ScheduleExpression.cron({ minute: '0', hour: '12' }), { enabled: false }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 12 * * ? *)',
      State: 'DISABLED',
      Targets: [Match.objectEquals({ Id: 'FnScheduleLambdaTarget', Arn: FN_ARN })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { SourceArn: { 'Fn::GetAtt': ['FnSchedule', 'Arn'] } });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 0);
  });

  it('refuses retryAttempts 186', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(1)), { retryAttempts: 186 })),
      'Test/Fn/Schedule',
      /^retryAttempts must be between 0 and 185, got 186$/,
    );
  });

  it('accepts retryAttempts 185 and 0', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(1)), { id: 'A', retryAttempts: 185 }));
    fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(2)), { id: 'B', retryAttempts: 0 }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', { Targets: [{ Id: 'FnALambdaTarget', RetryPolicy: { MaximumRetryAttempts: 185 } }] });
    template.hasResourceProperties('AWS::Events::Rule', { Targets: [{ Id: 'FnBLambdaTarget', RetryPolicy: { MaximumRetryAttempts: 0 } }] });
  });
});

describe('EventBridgeEventSource', () => {
  it('renders the event pattern, the target and the permission', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new EventBridgeEventSource({ source: ['aws.s3'], 'detail-type': ['Object Created'] }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Events::Rule', {
      Properties: Match.objectEquals({
        EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] },
        Targets: [Match.objectEquals({ Id: 'FnEventRuleLambdaTarget', Arn: FN_ARN })],
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: FN_ARN,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['FnEventRule', 'Arn'] },
    });
  });
});

describe('Rule', () => {
  it('refuses both a schedule and a pattern', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Rule(stack, 'R', { schedule: ScheduleExpression.rate(Duration.hours(1)), eventPattern: { source: ['aws.s3'] } }),
      'Test/R',
      /give exactly one of schedule or eventPattern/,
    );
  });

  it('refuses neither a schedule nor a pattern', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Rule(stack, 'R', {}), 'Test/R', /give exactly one of schedule or eventPattern/);
  });

  it('refuses a sixth target', () => {
    // GIVEN
    const stack = newStack();
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['aws.s3'] } });
    for (let i = 1; i <= 5; i++) rule.addTarget(newFunction(stack, `Fn${i}`));

    // THEN
    expectLambdaformError(() => rule.addTarget(newFunction(stack, 'Fn6')), 'Test/R', /a rule has at most 5 targets, got 6/);
  });

  it('names targets and permissions after the function when there are several', () => {
    // GIVEN
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: ScheduleExpression.rate(Duration.minutes(5)) });

    // WHEN
    rule.addTarget(newFunction(stack, 'A'));
    rule.addTarget(newFunction(stack, 'B'));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        { Id: 'ATarget', Arn: { 'Fn::GetAtt': ['A', 'Arn'] } },
        { Id: 'BTarget', Arn: { 'Fn::GetAtt': ['B', 'Arn'] } },
      ],
    });
    expect(Object.keys(template.findResources('AWS::Lambda::Permission')).sort()).toEqual(['RAPermission', 'RBPermission']);
  });
});

describe('rule input with deploy-time values', () => {
  it('writes Input as an Fn::Sub of the JSON with the reference in place', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Jobs');
    newFunction(stack).addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(1)), { input: { queue: q.queueUrl, note: 'a ${literal}' } }));
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Input: { 'Fn::Sub': '{"queue":"${Jobs}","note":"a ${!literal}"}' } })],
    });
  });
});

describe('several schedules on one function', () => {
  it('numbers the default ids and refuses a taken explicit id', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(1))));
    fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(2))));
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    expect(Object.keys(rules).sort()).toEqual(['FnSchedule', 'FnSchedule2']);
    expectLambdaformError(
      () => fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(3)), { id: 'Schedule' })),
      'Test/Fn',
      /^already has a child named 'Schedule'; give the event source another id$/,
    );
  });
});

describe('a dead-letter queue EventBridge cannot write to', () => {
  it('refuses a queue encrypted with the AWS managed key', () => {
    const stack = newStack();
    const dlq = new Queue(stack, 'D', { encryption: QueueEncryption.KMS_MANAGED });
    const rule = new Schedule(stack, 'S', { schedule: ScheduleExpression.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addTarget(newFunction(stack), { deadLetterQueue: dlq }), 'Test/S', /^EventBridge cannot deliver to Test\/D: it is encrypted with the AWS managed key alias\/aws\/sqs/);
  });
});
