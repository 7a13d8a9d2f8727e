// Rules and schedules as aws-cdk-lib/aws-events and aws-events-targets write them: Schedule
// expressions (built and validated at construction), Rule props and targets (LambdaFunction with
// its options, in both formats; SqsQueue and SnsTopic in rule-targets-sqs-sns.test.ts), target inputs, the schedule and
// event-pattern event sources (rule, targets, permission, DLQ policy) and rule limits.
import { afterAll, describe, expect, it } from 'vitest';
import {
  App,
  Code,
  Duration,
  EventBridgeEventSource,
  Function,
  LambdaformError,
  Queue,
  QueueEncryption,
  Rule,
  RuleTargetInput,
  Runtime,
  ScheduleEventSource,
  Stack,
} from '../../lib/all.js';
import { EventField, Schedule } from '../../lib/modules/aws-events.js';
import { LambdaFunction } from '../../lib/modules/aws-events-targets.js';
import { LocalApp } from '../../lib/local-app/index.js';
import { Match, Template } from '../../lib/testing/index.js';
import { handlerDir } from '../local/helpers.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';


const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };

describe('Schedule builders', () => {
  it.each([
    [Duration.hours(1), 'rate(1 hour)'],
    [Duration.minutes(5), 'rate(5 minutes)'],
    [Duration.minutes(1), 'rate(1 minute)'],
    [Duration.days(2), 'rate(2 days)'],
    [Duration.hours(24), 'rate(1 day)'],
    [Duration.minutes(90), 'rate(90 minutes)'],
  ])('rate(%s) is %s', (interval, expected) => {
    // WHEN
    const expression = Schedule.rate(interval);

    // THEN
    expect(expression.expressionString).toBe(expected);
    expect(expression.problem).toBeUndefined();
  });

  it("cron({ minute: '0', hour: '12' }) is 'cron(0 12 * * ? *)'", () => {
    // WHEN
    const expression = Schedule.cron({ minute: '0', hour: '12' });

    // THEN
    expect(expression.expressionString).toBe('cron(0 12 * * ? *)');
    expect(expression.problem).toBeUndefined();
  });

  it("cron with a weekDay puts '?' in the day of month", () => {
    // WHEN
    const expression = Schedule.cron({ minute: '30', hour: '8', weekDay: 'MON-FRI' });

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
      () => new Rule(stack, 'S', { schedule: Schedule.expression(x) }),
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
    expectLambdaformError(() => new Rule(stack, 'S', { schedule: Schedule.expression(x) }), 'Test/S', why);
  });

  it('refuses rate(Duration.seconds(30))', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Rule(stack, 'S', { schedule: Schedule.rate(Duration.seconds(30)) }),
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
      () => fn.addEventSource(new ScheduleEventSource(Schedule.expression('rate(5 mins)'), { id: 'Every5' })),
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
    new Rule(stack, 'S', { schedule: Schedule.expression(x) });

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
      new ScheduleEventSource(Schedule.rate(Duration.hours(1)), {
        id: 'Hourly',
        event: RuleTargetInput.fromObject({ a: 1 }),
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
    fn.addEventSource(new ScheduleEventSource(Schedule.cron({ minute: '0', hour: '12' }), { enabled: false }));

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
      () => fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1)), { retryAttempts: 186 })),
      'Test/Fn/Schedule',
      /^retryAttempts must be between 0 and 185, got 186$/,
    );
  });

  it('accepts retryAttempts 185 and 0', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1)), { id: 'A', retryAttempts: 185 }));
    fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(2)), { id: 'B', retryAttempts: 0 }));

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
      () => new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), eventPattern: { source: ['aws.s3'] } }),
      'Test/R',
      /^give exactly one of schedule or eventPattern$/,
    );
  });

  it('refuses neither a schedule nor a pattern once the app is complete (addEventPattern may still come)', () => {
    // GIVEN
    const stack = newStack();
    new Rule(stack, 'R');

    // THEN
    expectLambdaformError(() => Template.fromStack(stack), 'Test/R', /^give exactly one of schedule or eventPattern$/);
  });

  it('refuses a sixth target, and accepts five', () => {
    // GIVEN
    const stack = newStack();
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['aws.s3'] } });
    for (let i = 1; i <= 5; i++) rule.addTarget(new LambdaFunction(newFunction(stack, `Fn${i}`)));

    // THEN
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties!.Targets).toHaveLength(5);
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(newFunction(stack, 'Fn6'))), 'Test/R', /^a rule has at most 5 targets, got 6$/);
  });

  it('refuses six targets given as props', () => {
    const stack = newStack();
    const targets = [1, 2, 3, 4, 5, 6].map((i) => new LambdaFunction(newFunction(stack, `Fn${i}`)));
    expectLambdaformError(() => new Rule(stack, 'R', { eventPattern: { source: ['aws.s3'] }, targets }), 'Test/R', /^a rule has at most 5 targets, got 6$/);
  });

  it('names targets and permissions after the function when there are several', () => {
    // GIVEN
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.minutes(5)), targets: [new LambdaFunction(newFunction(stack, 'A'))] });

    // WHEN
    rule.addTarget(new LambdaFunction(newFunction(stack, 'B')));

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

  it('has ruleArn and ruleName tokens (GetAtt Arn, Ref)', () => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    newFunction(stack, 'Fn', { environment: { RULE_ARN: rule.ruleArn, RULE_NAME: rule.ruleName } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { RULE_ARN: { 'Fn::GetAtt': ['R', 'Arn'] }, RULE_NAME: { Ref: 'R' } } } });
  });

  it('writes ruleName, description and a disabled state', () => {
    const stack = newStack();
    new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), ruleName: 'nightly-job', description: 'runs nightly', enabled: false });
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties).toEqual({ Name: 'nightly-job', Description: 'runs nightly', ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' });
  });

  it.each([
    ['eventBus', { eventBus: {} }, "eventBus is not supported yet: lambdaform models rules on the default event bus only; leave eventBus out (the rule then matches the events put on the default bus)"],
    ['crossStackScope', { crossStackScope: {} }, 'crossStackScope is not supported: lambdaform does not model cross-stack references; put the rule and its targets in one stack'],
  ])('refuses the CDK prop %s with the closest supported way', (_name, extra, message) => {
    const error = thrown(() => new Rule(newStack(), 'R', { eventPattern: { source: ['a'] }, ...extra } as never)) as LambdaformError;
    expect(error).toBeInstanceOf(LambdaformError);
    expect(error.message).toBe(`Test/R: ${message}`);
    expect(error.code).toBe('unsupported-property');
  });

  it('refuses eventBus given to an event source too', () => {
    const fn = newFunction(newStack(), 'Fn');
    expectLambdaformError(() => fn.addEventSource(new EventBridgeEventSource({ source: ['a'] }, { eventBus: {} } as never)), 'Test/Fn', /^eventBus is not supported yet: /);
  });

  it('refuses a misspelt prop with a did-you-mean', () => {
    expectLambdaformError(() => new Rule(newStack(), 'R', { schedule: Schedule.rate(Duration.hours(1)), tragets: [] } as never), 'Test/R', /^unknown property 'tragets'; did you mean 'targets'\?/);
  });

  it('refuses a target that is no rule target, in props', () => {
    const stack = newStack();
    expectLambdaformError(
      () => new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [newFunction(stack, 'Fn')] as never }),
      'Test/R',
      /^targets\[0\] expects a rule target such as new LambdaFunction\(fn\), got a Function$/,
    );
  });

  it('refuses Rule.fromEventRuleArn with the closest supported way', () => {
    expectLambdaformError(
      () => Rule.fromEventRuleArn(newStack(), 'Imported', 'arn:aws:events:us-east-1:123456789012:rule/nightly'),
      'Test/Imported',
      /^Rule\.fromEventRuleArn\('arn:aws:events:us-east-1:123456789012:rule\/nightly'\) is not supported yet: lambdaform models the rules defined in the app only; define the rule with new Rule\(\.\.\.\)$/,
    );
  });
});

describe('LambdaFunction targets', () => {
  it('a rule with every option: exact properties in both formats (a rule outside the function stays a rule in SAM)', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const dlq = new Queue(stack, 'Q');

    // WHEN
    new Rule(stack, 'Nightly', {
      schedule: Schedule.cron({ minute: '0', hour: '2' }),
      description: 'nightly',
      targets: [new LambdaFunction(fn, { event: RuleTargetInput.fromObject({ job: 'prune' }), retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue: dlq })],
    });

    // THEN
    for (const template of [Template.fromStack(stack), Template.fromStack(stack, 'sam')]) {
      expect(template.findResources('AWS::Events::Rule').Nightly!.Properties).toEqual({
        Description: 'nightly',
        ScheduleExpression: 'cron(0 2 * * ? *)',
        Targets: [
          {
            Id: 'NightlyLambdaTarget',
            Arn: FN_ARN,
            Input: '{"job":"prune"}',
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Q', 'Arn'] } },
          },
        ],
      });
      expect(template.findResources('AWS::Lambda::Permission').NightlyPermission!.Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: FN_ARN,
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': ['Nightly', 'Arn'] },
      });
      expect((template.findResources('AWS::SQS::QueuePolicy').QPolicy!.Properties!.PolicyDocument as { Statement: unknown }).Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: { 'Fn::GetAtt': ['Q', 'Arn'] },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Nightly', 'Arn'] } } },
        },
      ]);
    }
  });

  it('a rule under its function is the function\'s Schedule event in SAM', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');

    // WHEN
    new Rule(fn, 'Hourly', { schedule: Schedule.rate(Duration.hours(1)), description: 'hourly', targets: [new LambdaFunction(fn, { event: RuleTargetInput.fromText('tick'), retryAttempts: 0 })] });

    // THEN
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').FnHourly!.Properties).toEqual({
      Description: 'hourly',
      ScheduleExpression: 'rate(1 hour)',
      Targets: [{ Id: 'FnHourlyLambdaTarget', Arn: FN_ARN, Input: '"tick"', RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
    const sam = Template.fromStack(stack, 'sam');
    sam.resourceCountIs('AWS::Events::Rule', 0);
    expect(sam.findResources('AWS::Serverless::Function').Fn!.Properties!.Events).toEqual({
      Hourly: { Type: 'Schedule', Properties: { Schedule: 'rate(1 hour)', Description: 'hourly', Input: '"tick"', RetryPolicy: { MaximumRetryAttempts: 0 } } },
    });
  });

  it('an event pattern rule under its function is the function\'s EventBridgeRule event in SAM', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    new Rule(fn, 'Created', { eventPattern: { source: ['aws.s3'], detailType: ['Object Created'] }, targets: [new LambdaFunction(fn)] });
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').FnCreated!.Properties).toEqual({
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] },
      Targets: [{ Id: 'FnCreatedLambdaTarget', Arn: FN_ARN }],
    });
    expect(Template.fromStack(stack, 'sam').findResources('AWS::Serverless::Function').Fn!.Properties!.Events).toEqual({
      Created: { Type: 'EventBridgeRule', Properties: { Pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] } } },
    });
  });

  it('a version or an alias is a target too', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const alias = fn.addAlias('live');
    new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(alias)] });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { Targets: [{ Id: 'RLambdaTarget', Arn: { Ref: 'FnAliaslive' } }] });
  });

  it.each([
    ['retryAttempts 185', { retryAttempts: 185 }, { MaximumRetryAttempts: 185 }],
    ['retryAttempts 0', { retryAttempts: 0 }, { MaximumRetryAttempts: 0 }],
    ['maxEventAge 60 seconds', { maxEventAge: Duration.seconds(60) }, { MaximumEventAgeInSeconds: 60 }],
    ['maxEventAge 24 hours', { maxEventAge: Duration.hours(24) }, { MaximumEventAgeInSeconds: 86400 }],
  ])('accepts %s', (_what, options, retryPolicy) => {
    const stack = newStack();
    new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(newFunction(stack, 'Fn'), options)] });
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties!.Targets).toEqual([{ Id: 'RLambdaTarget', Arn: FN_ARN, RetryPolicy: retryPolicy }]);
  });

  it.each([
    ['retryAttempts 186', { retryAttempts: 186 }, /^retryAttempts must be between 0 and 185, got 186$/],
    ['retryAttempts -1', { retryAttempts: -1 }, /^retryAttempts must be between 0 and 185, got -1$/],
    ['maxEventAge 59 seconds', { maxEventAge: Duration.seconds(59) }, /^maxEventAge must be between 60 and 86400 seconds, got 59$/],
    ['maxEventAge 24 hours and 1 second', { maxEventAge: Duration.seconds(86401) }, /^maxEventAge must be between 60 and 86400 seconds, got 86401$/],
    ['maxEventAge as a number', { maxEventAge: 3600 }, /^maxEventAge expects a Duration such as Duration\.hours\(2\), got the number 3600$/],
    ['a misspelt option', { retryAtempts: 2 }, /^unknown property 'retryAtempts'; did you mean 'retryAttempts'\? \(known: event, retryAttempts, maxEventAge, deadLetterQueue\)$/],
    ["SqsQueue's message", { message: RuleTargetInput.fromText('x') }, /^unknown property 'message'/],
    ['event as a plain object', { event: { a: 1 } }, /^event expects a RuleTargetInput such as RuleTargetInput\.fromObject\(\{ \.\.\. \}\), got an object with keys a$/],
    ['a dead-letter queue that is a topic', { deadLetterQueue: 'topic' }, /^deadLetterQueue expects a Queue, got the string 'topic'$/],
  ])('refuses %s, naming the rule', (_what, options, message) => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(newFunction(stack, 'Fn'), options as never)), 'Test/R', message);
  });

  it('refuses a handler that is no function', () => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(new Queue(stack, 'Q') as never)), 'Test/R', /^LambdaFunction expects a Function, Version or Alias \(new LambdaFunction\(fn\)\), got a Queue$/);
  });

  it('refuses the same function twice', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(fn)] });
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(fn, { retryAttempts: 1 })), 'Test/R', /^Test\/Fn is already a target of this rule$/);
  });

  it('reports every problem of a target at once', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(fn)] });
    expectLambdaformError(
      () => rule.addTarget(new LambdaFunction(fn, { retryAttempts: 186, maxEventAge: Duration.seconds(59) })),
      'Test/R',
      /^3 problems:\n {2}- retryAttempts must be between 0 and 185, got 186\n {2}- maxEventAge must be between 60 and 86400 seconds, got 59\n {2}- Test\/Fn is already a target of this rule$/,
    );
  });
});

describe('rule target inputs', () => {
  it('fromText is sent as a JSON string, fromObject as JSON, in both formats', () => {
    const stack = newStack();
    new Rule(stack, 'R', {
      eventPattern: { source: ['a'] },
      targets: [new LambdaFunction(newFunction(stack, 'A'), { event: RuleTargetInput.fromText('say "hi"') }), new LambdaFunction(newFunction(stack, 'B'), { event: RuleTargetInput.fromObject([1, 'two', null]) })],
    });
    for (const template of [Template.fromStack(stack), Template.fromStack(stack, 'sam')]) {
      expect(template.findResources('AWS::Events::Rule').R!.Properties!.Targets).toEqual([
        { Id: 'ATarget', Arn: { 'Fn::GetAtt': ['A', 'Arn'] }, Input: '"say \\"hi\\""' },
        { Id: 'BTarget', Arn: { 'Fn::GetAtt': ['B', 'Arn'] }, Input: '[1,"two",null]' },
      ]);
    }
  });

  it.each([
    ['fromObject with a value that is not JSON', () => RuleTargetInput.fromObject({ n: Number.NaN }), /^event\.n must be JSON data; NaN is not a JSON number$/],
    ['fromObject(undefined)', () => RuleTargetInput.fromObject(undefined), /^event expects JSON data \(strings, numbers, booleans, null, arrays and plain objects\), got undefined$/],
    ['fromText with a number', () => RuleTargetInput.fromText(42 as never), /^event: RuleTargetInput\.fromText expects a string, got the number 42$/],
  ])('refuses %s at the rule', (_what, input, message) => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(newFunction(stack, 'Fn'), { event: input() })), 'Test/R', message);
  });

  it.each([
    ['fromEventPath', () => RuleTargetInput.fromEventPath('$.detail'), "RuleTargetInput.fromEventPath('$.detail') is not supported yet (lambdaform models a fixed input only, not an InputPath); leave the target's input out to send the whole event and read $.detail in the handler"],
    ['fromMultilineText', () => RuleTargetInput.fromMultilineText('a\nb'), 'RuleTargetInput.fromMultilineText is not supported yet (lambdaform models a fixed input only); use RuleTargetInput.fromText(text) for one string, or RuleTargetInput.fromObject([...lines]) for a list'],
    ['EventField.fromPath', () => EventField.fromPath('$.detail.id'), "EventField ('$.detail.id') is not supported yet (lambdaform does not model input transformers); leave the target's input out to send the whole event and read $.detail.id in the handler, or send a fixed input with RuleTargetInput.fromObject({...})"],
    ['EventField.eventId', () => EventField.eventId, "EventField ('$.id') is not supported yet (lambdaform does not model input transformers); leave the target's input out to send the whole event and read $.id in the handler, or send a fixed input with RuleTargetInput.fromObject({...})"],
  ])('refuses %s, naming the line that calls it', (_what, call, message) => {
    const error = thrown(call) as LambdaformError;
    expect(error).toBeInstanceOf(LambdaformError);
    expect(error.path).toMatch(/^test\/constructs\/rule\.test\.ts:\d+$/);
    expect(error.detail).toBe(message);
    expect(error.code).toBe('unsupported');
  });
});

describe('targets lambdaform does not model', () => {
  it('refuses a target of its own making, naming what is supported', () => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(
      () => rule.addTarget({ bind: () => ({ arn: 'arn:aws:sqs:us-east-1:123456789012:q' }) }),
      'Test/R',
      /^addTarget: the rule target an object with keys bind is not supported: lambdaform models the targets of lambdaform\/aws-events-targets \(new LambdaFunction\(fn\), new SqsQueue\(queue\), new SnsTopic\(topic\)\)$/,
    );
  });

  it('addTarget(undefined) adds nothing (as in CDK); a function given directly is refused', () => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    rule.addTarget(undefined);
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties).toEqual({ ScheduleExpression: 'rate(1 hour)' });
    expectLambdaformError(
      () => rule.addTarget(newFunction(stack, 'Fn') as never),
      'Test/R',
      /^addTarget expects a rule target such as new LambdaFunction\(fn\) \(lambdaform\/aws-events-targets\), got a Function$/,
    );
  });
});

describe('rule input with deploy-time values', () => {
  it('writes Input as an Fn::Sub of the JSON with the reference in place', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Jobs');
    newFunction(stack).addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1)), { event: RuleTargetInput.fromObject({ queue: q.queueUrl, note: 'a ${literal}' }) }));
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Input: { 'Fn::Sub': '{"queue":"${Jobs}","note":"a ${!literal}"}' } })],
    });
  });
});

describe('several schedules on one function', () => {
  it('numbers the default ids and refuses a taken explicit id', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))));
    fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(2))));
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    expect(Object.keys(rules).sort()).toEqual(['FnSchedule', 'FnSchedule2']);
    expectLambdaformError(
      () => fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(3)), { id: 'Schedule' })),
      'Test/Fn',
      /^already has a child named 'Schedule'; give the event source another id$/,
    );
  });
});

describe('a dead-letter queue EventBridge cannot write to', () => {
  it('refuses a queue encrypted with the AWS managed key', () => {
    const stack = newStack();
    const dlq = new Queue(stack, 'D', { encryption: QueueEncryption.KMS_MANAGED });
    const rule = new Rule(stack, 'S', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(newFunction(stack), { deadLetterQueue: dlq })), 'Test/S', /^EventBridge cannot deliver to Test\/D: it is encrypted with the AWS managed key alias\/aws\/sqs/);
  });
});

describe('a FIFO dead-letter queue', () => {
  it('is refused: EventBridge needs a standard queue', () => {
    const stack = newStack();
    const dlq = new Queue(stack, 'D', { fifo: true });
    const rule = new Rule(stack, 'S', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addTarget(new LambdaFunction(newFunction(stack), { deadLetterQueue: dlq })), 'Test/S', /^deadLetterQueue must be a standard queue, got the FIFO queue Test\/D$/);
  });
});

describe('event sources take the target options as LambdaFunction does', () => {
  it('refuses the old input prop, listing event', () => {
    const fn = newFunction(newStack(), 'Fn');
    expectLambdaformError(
      () => fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1)), { input: { a: 1 } } as never)),
      'Test/Fn',
      /^unknown property 'input' \(known: event, retryAttempts, maxEventAge, deadLetterQueue, description, enabled, ruleName, id\)$/,
    );
  });

  it('sends fromText through an EventBridgeEventSource', () => {
    const stack = newStack();
    newFunction(stack, 'Fn').addEventSource(new EventBridgeEventSource({ source: ['a'] }, { event: RuleTargetInput.fromText('hello') }));
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').FnEventRule!.Properties!.Targets).toEqual([{ Id: 'FnEventRuleLambdaTarget', Arn: FN_ARN, Input: '"hello"' }]);
    expect((Template.fromStack(stack, 'sam').findResources('AWS::Serverless::Function').Fn!.Properties!.Events as Record<string, unknown>).EventRule).toEqual({
      Type: 'EventBridgeRule',
      Properties: { Pattern: { source: ['a'] }, Input: '"hello"' },
    });
  });
});

describe('the local runtime delivers what a LambdaFunction target is given', () => {
  const apps: LocalApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('a schedule with fromText, a pattern with fromObject and one with the whole event', async () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    const code = Code.fromAsset(handlerDir({ 'index.mjs': 'export const handler = async (e) => { console.log("got", JSON.stringify(e)); };' }));
    const echo = new Function(stack, 'Echo', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code });
    new Rule(stack, 'Tick', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(echo, { event: RuleTargetInput.fromText('tick') })] });
    const orders = new Rule(stack, 'Orders', { eventPattern: { source: ['shop.orders'] } });
    orders.addTarget(new LambdaFunction(echo, { event: RuleTargetInput.fromObject({ kind: 'order' }) }));
    const whole = new Function(stack, 'Whole', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code });
    orders.addTarget(new LambdaFunction(whole));
    const app = await LocalApp.fromStack(stack);
    apps.push(app);

    // WHEN
    app.triggerSchedule('Tick');
    await app.putEvent({ source: 'shop.orders', detailType: 'Placed', detail: { id: 7 } });
    await app.idle();

    // THEN
    const got = (fn: string) => app.logs(fn).filter((l) => l.includes('INFO\tgot ')).map((l) => JSON.parse(l.slice(l.indexOf('INFO\tgot ') + 9)));
    expect(got('Echo')).toEqual(expect.arrayContaining(['tick', { kind: 'order' }]));
    expect(got('Whole')).toEqual([expect.objectContaining({ source: 'shop.orders', 'detail-type': 'Placed', detail: { id: 7 } })]);
  });
});
