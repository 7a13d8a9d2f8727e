// EventBridge rule targets SqsQueue and SnsTopic (aws-cdk-lib/aws-events-targets): the rule's
// Targets entry and the queue's or topic's policy CDK writes, in both formats; refusals.
import { describe, expect, it } from 'vitest';
import { App, Duration, Queue, QueueEncryption, Rule, RuleTargetInput, Stack, Topic } from '../../lib/all.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { Key } from '../../lib/modules/aws-kms.js';
import { LambdaFunction, SnsTopic, SqsQueue } from '../../lib/modules/aws-events-targets.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

const RULE_ARN = { 'Fn::GetAtt': ['R', 'Arn'] };
const Q_ARN = { 'Fn::GetAtt': ['Q', 'Arn'] };
const SEND = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const FORMATS = ['cfn', 'sam'] as const;
const template = (stack: Stack, f: (typeof FORMATS)[number]) => (f === 'sam' ? Template.fromStack(stack, 'sam') : Template.fromStack(stack));

describe('SqsQueue target', () => {
  it.each(FORMATS)('%s: Targets entry with message, SqsParameters, retry and DLQ; the queue policy allows the rule', (f) => {
    const stack = newStack();
    const q = new Queue(stack, 'Q', { fifo: true });
    const dlq = new Queue(stack, 'Dlq');
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['shop'] } });
    rule.addTarget(new SqsQueue(q, { message: RuleTargetInput.fromObject({ a: 1 }), messageGroupId: 'g', deadLetterQueue: dlq, retryAttempts: 2, maxEventAge: Duration.hours(2) }));
    const t = template(stack, f);
    expect(t.findResources('AWS::Events::Rule').R!.Properties!.Targets).toEqual([
      { Id: 'QTarget', Arn: Q_ARN, Input: '{"a":1}', SqsParameters: { MessageGroupId: 'g' }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } },
    ]);
    expect(t.findResources('AWS::SQS::QueuePolicy').QPolicy!.Properties).toEqual({
      Queues: [{ Ref: 'Q' }],
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: SEND, Resource: Q_ARN, Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARN } } }] },
    });
    expect(t.findResources('AWS::Lambda::Permission')).toEqual({});
  });

  it('on a schedule rule in targets, with CDK logical ids: Target0 and CDK\'s policy id', () => {
    const stack = new Stack(new App({ logicalIds: 'cdk' }), 'Test');
    const q = new Queue(stack, 'Q');
    new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [new SqsQueue(q)] });
    const t = Template.fromStack(stack);
    const rule = Object.values(t.findResources('AWS::Events::Rule'))[0]!;
    expect(rule.Properties!.Targets).toEqual([{ Id: 'Target0', Arn: { 'Fn::GetAtt': [expect.stringMatching(/^Q[0-9A-F]{8}$/), 'Arn'] } }]);
    expect(Object.keys(t.findResources('AWS::SQS::QueuePolicy'))).toEqual([expect.stringMatching(/^QPolicy[0-9A-F]{8}$/)]);
  });

  it('a queue encrypted with a KMS key: the condition is the account (as CDK writes it)', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1234') });
    new Rule(stack, 'R', { eventPattern: { source: ['shop'] }, targets: [new SqsQueue(q)] });
    const statement = Template.fromStack(stack).findResources('AWS::SQS::QueuePolicy').QPolicy!.Properties!.PolicyDocument as { Statement: unknown };
    expect(statement.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: SEND, Resource: Q_ARN, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }]);
  });

  it('next to a function target: each keeps its id; only the function gets a permission', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    new Rule(stack, 'R', { eventPattern: { source: ['shop'] }, targets: [new LambdaFunction(fn), new SqsQueue(new Queue(stack, 'Q'))] });
    const t = Template.fromStack(stack);
    expect((t.findResources('AWS::Events::Rule').R!.Properties!.Targets as Array<{ Id: string }>).map((x) => x.Id)).toEqual(['FnTarget', 'QTarget']);
    expect(Object.keys(t.findResources('AWS::Lambda::Permission'))).toEqual(['RFnPermission']);
  });

  it.each([
    ['a FIFO queue without messageGroupId', () => ({ q: { fifo: true }, o: {} }), "messageGroupId is required for the FIFO queue Test/Q: EventBridge sends to a FIFO queue in a message group (new SqsQueue(queue, { messageGroupId: 'events' }))"],
    ['a queue with the AWS managed key', () => ({ q: { encryption: QueueEncryption.KMS_MANAGED }, o: {} }), 'EventBridge cannot deliver to Test/Q: it is encrypted with the AWS managed key alias/aws/sqs, whose key policy cannot allow EventBridge; use QueueEncryption.SQS_MANAGED or a key of your own (QueueEncryption.KMS)'],
    ['a misspelt option', () => ({ q: {}, o: { messageGroup: 'g' } }), "unknown property 'messageGroup'; did you mean 'messageGroupId'? (known: message, messageGroupId, retryAttempts, maxEventAge, deadLetterQueue)"],
    ['retryAttempts 186', () => ({ q: {}, o: { retryAttempts: 186 } }), 'retryAttempts must be between 0 and 185, got 186'],
  ])('refuses %s, naming the rule', (_what, make, message) => {
    const stack = newStack();
    const { q, o } = make();
    const queue = new Queue(stack, 'Q', q as never);
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['shop'] } });
    expectLambdaformError(() => rule.addTarget(new SqsQueue(queue, o as never)), 'Test/R', new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('retryAttempts 185 is taken; the same queue twice is refused', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Q');
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['shop'] }, targets: [new SqsQueue(q, { retryAttempts: 185 })] });
    expectLambdaformError(() => rule.addTarget(new SqsQueue(q)), 'Test/R', /^Test\/Q is already a target of this rule$/);
  });
});

describe('SnsTopic target', () => {
  it.each(FORMATS)('%s: Targets entry and the topic policy statement (one for several rules)', (f) => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    new Rule(stack, 'R', { schedule: Schedule.rate(Duration.hours(1)), targets: [new SnsTopic(topic, { message: RuleTargetInput.fromText('hi') })] });
    new Rule(stack, 'R2', { eventPattern: { source: ['shop'] }, targets: [new SnsTopic(topic)] });
    const t = template(stack, f);
    expect(t.findResources('AWS::Events::Rule').R!.Properties!.Targets).toEqual([{ Id: 'TTarget', Arn: { Ref: 'T' }, Input: '"hi"' }]);
    expect(t.findResources('AWS::SNS::TopicPolicy').TPolicy!.Properties).toEqual({
      Topics: [{ Ref: 'T' }],
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: '0', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'T' } }] },
    });
  });

  it.each([
    ['role', { role: {} }, "role is not supported yet: lambdaform lets EventBridge publish through the topic's policy (sns:Publish for events.amazonaws.com), not through a role; leave role out"],
    ['messageGroupId', { messageGroupId: 'g' }, "unknown property 'messageGroupId' (known: message, retryAttempts, maxEventAge, deadLetterQueue)"],
  ])('refuses %s, naming the rule', (_what, options, message) => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['shop'] } });
    expectLambdaformError(() => rule.addTarget(new SnsTopic(new Topic(stack, 'T'), options as never)), 'Test/R', new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('refuses a FIFO topic and a non-topic', () => {
    const stack = newStack();
    const rule = new Rule(stack, 'R', { eventPattern: { source: ['shop'] } });
    expectLambdaformError(() => rule.addTarget(new SnsTopic(new Topic(stack, 'T', { fifo: true }))), 'Test/R', /^SnsTopic cannot publish to the FIFO topic Test\/T: EventBridge needs a message group id for it, which SnsTopic does not give; use a standard topic$/);
    expectLambdaformError(() => rule.addTarget(new SnsTopic(new Queue(stack, 'Q') as never)), 'Test/R', /^SnsTopic expects a Topic \(new SnsTopic\(topic\)\), got a Queue$/);
  });
});
