// Topic: the SNS topic, its function and queue subscriptions (with what lets the topic deliver),
// publish grants, FIFO restrictions and its use as an async destination.
import { describe, expect, it } from 'vitest';
import { Queue, QueueEncryption, SnsEventSource, Topic } from '../../lib/all.js';
import { SnsDestination } from '../../lib/modules/aws-lambda-destinations.js';
import { Subscription, SubscriptionFilter, SubscriptionProtocol } from '../../lib/modules/aws-sns.js';
import { LambdaSubscription, SmsSubscription, SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';


const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };

describe('Topic', () => {
  it('renders a standard AWS::SNS::Topic without FifoTopic', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Topic(stack, 'T', { topicName: 'orders', displayName: 'Orders' });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResource('AWS::SNS::Topic', {
      Properties: Match.objectEquals({ TopicName: 'orders', DisplayName: 'Orders' }),
    });
  });

  it('renders FifoTopic: true for a name ending in .fifo', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const topic = new Topic(stack, 'T', { topicName: 'orders.fifo' });

    // THEN
    expect(topic.fifo).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { TopicName: 'orders.fifo', FifoTopic: true });
  });

  it('renders FifoTopic: true for fifo: true without a name', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Topic(stack, 'T', { fifo: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { FifoTopic: true, TopicName: Match.absent() });
  });

  it('refuses a FIFO topic name without .fifo', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Topic(stack, 'T', { fifo: true, topicName: 'orders' }), 'Test/T', /topicName of a FIFO topic must end in '.fifo', got 'orders'/);
  });

  it('accepts names up to 256 characters (251 plus .fifo for FIFO) and refuses longer ones', () => {
    const stack = newStack();
    new Topic(stack, 'A', { topicName: 'a'.repeat(256) });
    new Topic(stack, 'B', { topicName: `${'b'.repeat(251)}.fifo` });
    expectLambdaformError(() => new Topic(stack, 'C', { topicName: 'c'.repeat(257) }), 'Test/C', /^topicName must be 1-256 letters/);
    expectLambdaformError(() => new Topic(stack, 'D', { topicName: `${'d'.repeat(252)}.fifo` }), 'Test/D', /^topicName must be 1-256 letters/);
  });

  it('refuses a topic name with invalid characters', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Topic(stack, 'T', { topicName: 'my topic' }), 'Test/T', /topicName must be 1-256 letters, digits, '-' or '_'/);
  });
});

describe('SnsEventSource (topic -> function)', () => {
  it('creates a lambda subscription with its filter policy and a permission for SNS', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');

    // WHEN
    fn.addEventSource(new SnsEventSource(topic, { filterPolicy: { color: SubscriptionFilter.stringFilter({ allowlist: ['red', 'blue'] }), size: SubscriptionFilter.numericFilter({ greaterThan: 10 }) } }));

    // THEN
    const template = Template.fromStack(stack);
    const subscriptions = template.findResources('AWS::SNS::Subscription');
    expect(Object.keys(subscriptions)).toEqual(['FnSnsEventSourceT']);
    expect(subscriptions.FnSnsEventSourceT!.Properties).toEqual({
      Protocol: 'lambda',
      Endpoint: FN_ARN,
      TopicArn: { Ref: 'T' },
      FilterPolicy: { color: ['red', 'blue'], size: [{ numeric: ['>', 10] }] },
    });

    const permissions = template.findResources('AWS::Lambda::Permission');
    expect(Object.keys(permissions)).toEqual(['FnSnsEventSourceTPermission']);
    expect(permissions.FnSnsEventSourceTPermission!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: FN_ARN,
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: 'T' },
    });
  });

  it('leaves FilterPolicy out when none is given', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');

    // WHEN
    fn.addEventSource(new SnsEventSource(topic));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', FilterPolicy: Match.absent() });
  });

  it('refuses to deliver a FIFO topic to a function, naming the topic', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'Orders', { fifo: true });

    // THEN
    expectLambdaformError(() => fn.addEventSource(new SnsEventSource(topic)), 'Test/Orders', /a FIFO topic cannot deliver to Lambda functions/);
  });
});

describe('Topic.addSubscription(new SqsSubscription(queue)) (topic -> queue)', () => {
  it('creates an sqs subscription and one queue policy letting the topic send', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    const queue = new Queue(stack, 'Q');

    // WHEN
    topic.addSubscription(new SqsSubscription(queue, { rawMessageDelivery: true }));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      Endpoint: { 'Fn::GetAtt': ['Q', 'Arn'] },
      TopicArn: { Ref: 'T' },
      RawMessageDelivery: true,
    });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 1);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: 'Q' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['Q', 'Arn'] },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'T' } } },
          },
        ],
      },
    });
    // A queue subscription needs no Lambda permission.
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('gives two topics fanning out to one queue a single policy with two statements', () => {
    // GIVEN
    const stack = newStack();
    const a = new Topic(stack, 'A');
    const b = new Topic(stack, 'B');
    const queue = new Queue(stack, 'Q');

    // WHEN
    a.addSubscription(new SqsSubscription(queue));
    b.addSubscription(new SqsSubscription(queue));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(1);
    const doc = policies[0]!.Properties!.PolicyDocument as { Statement: Array<{ Principal: unknown; Condition: unknown }> };
    expect(doc.Statement).toHaveLength(2);
    expect(doc.Statement.map((s) => s.Principal)).toEqual([{ Service: 'sns.amazonaws.com' }, { Service: 'sns.amazonaws.com' }]);
    expect(doc.Statement.map((s) => s.Condition)).toEqual(
      expect.arrayContaining([{ ArnEquals: { 'aws:SourceArn': { Ref: 'A' } } }, { ArnEquals: { 'aws:SourceArn': { Ref: 'B' } } }]),
    );
  });

  it('lets a FIFO topic deliver to a standard queue', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'T', { fifo: true });
    const queue = new Queue(stack, 'Q');

    // WHEN
    topic.addSubscription(new SqsSubscription(queue));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['Q', 'Arn'] } });
  });

  it('refuses a standard topic delivering to a FIFO queue, naming the topic', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    const queue = new Queue(stack, 'Q', { fifo: true });
    expectLambdaformError(() => topic.addSubscription(new SqsSubscription(queue)), 'Test/T', /^a standard topic cannot deliver to the FIFO queue Test\/Q; use a FIFO topic$/);
  });

  it('lets a FIFO topic deliver to a FIFO queue', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'T', { topicName: 'orders.fifo' });
    const queue = new Queue(stack, 'Q', { fifo: true });

    // WHEN
    topic.addSubscription(new SqsSubscription(queue));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: { Ref: 'T' } });
  });
});

describe('Topic.grantPublish', () => {
  it('gives exactly sns:Publish on the topic', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');

    // WHEN
    topic.grantPublish(fn);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'default',
          PolicyDocument: { Version: '2012-10-17', Statement: [Match.objectEquals({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'T' } })] },
        },
      ],
    });
  });
});

describe('Topic as an async destination', () => {
  it('gives sns:Publish and DestinationConfig.OnFailure when it is the onFailure destination', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'T');

    // WHEN
    newFunction(stack, 'Fn', { onFailure: new SnsDestination(topic) });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{ PolicyDocument: { Statement: [Match.objectEquals({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'T' } })] } }],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: 'Fn' },
      Qualifier: '$LATEST',
      DestinationConfig: Match.objectEquals({ OnFailure: Match.objectEquals({ Destination: { Ref: 'T' } }) }),
    });
  });
});

describe('subscriptions SNS cannot deliver', () => {
  it('refuses a queue encrypted with the AWS managed key, naming the topic and the queue', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS_MANAGED });
    expectLambdaformError(() => new Topic(stack, 'T').addSubscription(new SqsSubscription(q)), 'Test/T', /^SNS cannot deliver to Test\/Q: it is encrypted with the AWS managed key alias\/aws\/sqs.*QueueEncryption.SQS_MANAGED/);
  });

  it('refuses subscribing the same function twice', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');
    fn.addEventSource(new SnsEventSource(topic));
    expectLambdaformError(() => fn.addEventSource(new SnsEventSource(topic)), 'Test/Fn', /^is already subscribed to Test\/T$/);
  });
});

describe('Topic.addSubscription(new LambdaSubscription(fn)) (topic -> function)', () => {
  it('creates the same subscription and permission as SnsEventSource, in both formats', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');

    // WHEN
    const sub = topic.addSubscription(new LambdaSubscription(fn, { filterPolicy: { stage: SubscriptionFilter.existsFilter() } }));

    // THEN
    expect(sub).toBeInstanceOf(Subscription);
    expect(sub.node.path).toBe('Test/Fn/SnsEventSourceT');
    const cfn = Template.fromStack(stack);
    expect(cfn.findResources('AWS::SNS::Subscription').FnSnsEventSourceT!.Properties).toEqual({
      Protocol: 'lambda',
      Endpoint: FN_ARN,
      TopicArn: { Ref: 'T' },
      FilterPolicy: { stage: [{ exists: true }] },
    });
    cfn.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'T' } });
    const sam = Template.fromStack(stack, 'sam');
    sam.hasResourceProperties('AWS::Serverless::Function', {
      Events: { SnsEventSourceT: { Type: 'SNS', Properties: { Topic: { Ref: 'T' }, FilterPolicy: { stage: [{ exists: true }] } } } },
    });
  });

  it('subscribes an alias (the endpoint is the alias ARN)', () => {
    const stack = newStack();
    const live = newFunction(stack).addAlias('live');
    new Topic(stack, 'T').addSubscription(new LambdaSubscription(live));
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { Ref: 'FnAliaslive' } });
  });

  it('refuses the same function subscribed twice, and a FIFO topic', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');
    topic.addSubscription(new LambdaSubscription(fn));
    expectLambdaformError(() => topic.addSubscription(new LambdaSubscription(fn)), 'Test/Fn', /^is already subscribed to Test\/T$/);
    expectLambdaformError(() => new Topic(stack, 'F', { fifo: true }).addSubscription(new LambdaSubscription(fn)), 'Test/F', /^a FIFO topic cannot deliver to Lambda functions; subscribe a FIFO queue instead$/);
  });
});

describe('SubscriptionFilter (filterPolicy as aws-cdk-lib writes it)', () => {
  it('writes string, numeric, exists and not-exists conditions as CDK does', () => {
    expect(SubscriptionFilter.stringFilter({ allowlist: ['a', 'b'], denylist: ['c'], matchPrefixes: ['p-'], matchSuffixes: ['-s'] }).conditions).toEqual(['a', 'b', { 'anything-but': ['c'] }, { prefix: 'p-' }, { suffix: '-s' }]);
    expect(
      SubscriptionFilter.numericFilter({ allowlist: [1], greaterThan: 2, greaterThanOrEqualTo: 3, lessThan: 4, lessThanOrEqualTo: 5, between: { start: 6, stop: 7 }, betweenStrict: { start: 8, stop: 9 } }).conditions,
    ).toEqual([{ numeric: ['=', 1] }, { numeric: ['>', 2] }, { numeric: ['>=', 3] }, { numeric: ['<', 4] }, { numeric: ['<=', 5] }, { numeric: ['>=', 6, '<=', 7] }, { numeric: ['>', 8, '<', 9] }]);
    expect(SubscriptionFilter.existsFilter().conditions).toEqual([{ exists: true }]);
    expect(SubscriptionFilter.notExistsFilter().conditions).toEqual([{ exists: false }]);
  });

  it('refuses whitelist with allowlist (deprecated names) as CDK does', () => {
    expect(() => SubscriptionFilter.stringFilter({ whitelist: ['a'], allowlist: ['b'] })).toThrow(/^`whitelist` is deprecated; please use `allowlist` instead$/);
    expect(() => SubscriptionFilter.stringFilter({ blacklist: ['a'], denylist: ['b'] })).toThrow(/^`blacklist` is deprecated; please use `denylist` instead$/);
  });

  it('writes a queue subscription filter policy in both formats', () => {
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    new Topic(stack, 'T').addSubscription(new SqsSubscription(queue, { filterPolicy: { kind: SubscriptionFilter.stringFilter({ allowlist: ['audit'] }) } }));
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', FilterPolicy: { kind: ['audit'] } });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', FilterPolicy: { kind: ['audit'] } });
  });

  const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, SubscriptionFilter.existsFilter()]));
  it('accepts 5 attributes and refuses 6', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q5'), { filterPolicy: attributes(5) }));
    expectLambdaformError(() => topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q6'), { filterPolicy: attributes(6) })), 'Test/T', /^A filter policy can have a maximum of 5 attribute names, got 6$/);
  });

  it('accepts 150 combinations of values and refuses 151', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const values = (n: number) => SubscriptionFilter.stringFilter({ allowlist: Array.from({ length: n }, (_, i) => `v${i}`) });
    new Topic(stack, 'A').addSubscription(new LambdaSubscription(fn, { filterPolicy: { x: values(150) } }));
    new Topic(stack, 'B').addSubscription(new LambdaSubscription(fn, { filterPolicy: { x: values(10), y: values(15) } }));
    expectLambdaformError(() => new Topic(stack, 'C').addSubscription(new LambdaSubscription(fn, { filterPolicy: { x: values(151) } })), 'Test/Fn', /^The total combination of values \(151\) must not exceed 150$/);
  });

  it('refuses a raw JSON filter policy (the former way), naming the SubscriptionFilter to write', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');
    expectLambdaformError(
      () => fn.addEventSource(new SnsEventSource(topic, { filterPolicy: { kind: ['alert'] } as never })),
      'Test/Fn',
      /^filterPolicy\.kind expects a SubscriptionFilter \(lambdaform\/aws-sns\), got an array.*; write SubscriptionFilter\.stringFilter\(\{ allowlist: \['alert'\] \}\)$/,
    );
  });
});

describe("a subscription's deadLetterQueue (RedrivePolicy)", () => {
  const SNS_STATEMENT = (topic: string, queue: string) => ({
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
    Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topic } } },
  });

  it('SqsSubscription: RedrivePolicy on the subscription, and the dead-letter queue lets the topic send, in both formats', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Orders');
    const dlq = new Queue(stack, 'OrdersDlq');
    topic.addSubscription(new SqsSubscription(new Queue(stack, 'Jobs'), { deadLetterQueue: dlq }));
    for (const format of ['cfn', 'sam'] as const) {
      const t = Template.fromStack(stack, format);
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] } } });
      t.hasResourceProperties('AWS::SQS::QueuePolicy', { Queues: [{ Ref: 'OrdersDlq' }], PolicyDocument: { Version: '2012-10-17', Statement: [SNS_STATEMENT('Orders', 'OrdersDlq')] } });
    }
  });

  it('SnsEventSource / LambdaSubscription: the SAM SNS event takes the RedrivePolicy; CloudFormation the subscription', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Orders');
    const dlq = new Queue(stack, 'Undelivered');
    newFunction(stack, 'Fn').addEventSource(new SnsEventSource(topic, { deadLetterQueue: dlq }));
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Undelivered', 'Arn'] } } });
    const sam = Template.fromStack(stack, 'sam');
    const events = (sam.template.Resources.Fn!.Properties as { Events: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Events;
    expect(Object.values(events)).toEqual([{ Type: 'SNS', Properties: { Topic: { Ref: 'Orders' }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Undelivered', 'Arn'] } } } }]);
    sam.hasResourceProperties('AWS::SQS::QueuePolicy', { Queues: [{ Ref: 'Undelivered' }], PolicyDocument: { Version: '2012-10-17', Statement: [SNS_STATEMENT('Orders', 'Undelivered')] } });
  });

  it('refuses a FIFO dead-letter queue for a standard topic (and the reverse), one encrypted with the AWS managed key, one of another stack', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    expectLambdaformError(() => topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q1'), { deadLetterQueue: new Queue(stack, 'F', { fifo: true }) })), 'Test/T/SubscriptionQ1', /^deadLetterQueue of a subscription to the standard topic Test\/T must be a standard queue, got Test\/F$/);
    const fifo = new Topic(stack, 'Fifo', { fifo: true });
    expectLambdaformError(() => fifo.addSubscription(new SqsSubscription(new Queue(stack, 'Q2', { fifo: true }), { deadLetterQueue: new Queue(stack, 'S') })), 'Test/Fifo/SubscriptionQ2', /^deadLetterQueue of a subscription to the FIFO topic Test\/Fifo must be a FIFO queue, got Test\/S$/);
    expectLambdaformError(() => topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q3'), { deadLetterQueue: new Queue(stack, 'K', { encryption: QueueEncryption.KMS_MANAGED }) })), 'Test/T/SubscriptionQ3', /^SNS cannot deliver to Test\/K: it is encrypted with the AWS managed key alias\/aws\/sqs/);
    const other = newStack('Other');
    expectLambdaformError(() => topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q4'), { deadLetterQueue: new Queue(other, 'D') })), 'Test/T/SubscriptionQ4', /^deadLetterQueue must be a queue of the subscription's stack \(Test\), got Other\/D$/);
  });
});

describe('subscriptions lambdaform does not model', () => {
  it.each([
    ['SmsSubscription', () => new SmsSubscription('+15555550100'), "SmsSubscription of '+15555550100' (protocol 'sms')"],
  ])('refuses %s, naming the topic and what the model carries', (_name, make, what) => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    expectLambdaformError(
      () => topic.addSubscription(make()),
      'Test/T',
      new RegExp(`^${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not supported: lambdaform models Lambda, SQS, email and HTTP/HTTPS subscriptions; subscribe a LambdaSubscription whose function forwards the message, an SqsSubscription, an EmailSubscription or a UrlSubscription$`),
    );
  });

  it.each([
    ['filterPolicyWithMessageBody', () => ({ filterPolicyWithMessageBody: {} }), /^filterPolicyWithMessageBody is not supported: lambdaform models filter policies on message attributes only/],
  ])('refuses the CDK prop %s with why', (_name, props, message) => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    expectLambdaformError(() => topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q'), props() as never)), 'Test/T', message);
  });

  it('takes a Subscription written directly with CDK props (protocol, endpoint) and refuses other protocols', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    const queue = new Queue(stack, 'Q');
    new Subscription(stack, 'Direct', { topic, protocol: SubscriptionProtocol.SQS, endpoint: queue.queueArn, rawMessageDelivery: true });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['Q', 'Arn'] }, RawMessageDelivery: true });
    expectLambdaformError(() => new Subscription(stack, 'Text', { topic, protocol: SubscriptionProtocol.SMS, endpoint: '+15555550100' }), 'Test/Text', /^SmsSubscription \(protocol 'sms'\) is not supported/);
    expectLambdaformError(
      () => new Subscription(stack, 'Wrong', { topic, protocol: SubscriptionProtocol.LAMBDA, endpoint: queue.queueArn }),
      'Test/Wrong',
      /^endpoint of a lambda subscription must be the functionArn of a Function, Version or Alias of this app, got a value that names none$/,
    );
    expectLambdaformError(() => new Subscription(stack, 'Raw', { topic, protocol: SubscriptionProtocol.LAMBDA, endpoint: newFunction(stack).functionArn, rawMessageDelivery: true }), 'Test/Raw', /^rawMessageDelivery is only valid for HTTP, HTTPS and SQS subscriptions$/);
  });

  it('refuses addSubscription with a queue itself (the former way)', () => {
    const stack = newStack();
    expectLambdaformError(() => new Topic(stack, 'T').addSubscription(new Queue(stack, 'Q') as never), 'Test/T', /^addSubscription expects a topic subscription such as new SqsSubscription\(queue\)/);
  });
});

describe.each(['cfn', 'sam'] as const)('Topic enforceSSL, contentBasedDeduplication, masterKey (%s)', (format) => {
  it('writes a topic policy denying sns:Publish without TLS, as aws-cdk-lib does', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Topic(stack, 'T', { enforceSSL: true });

    // THEN
    const template = Template.fromStack(stack, format);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', Match.objectEquals({
      Topics: [{ Ref: 'T' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: 'T' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ],
      },
    }));
  });

  it('writes no policy without enforceSSL', () => {
    const stack = newStack();
    new Topic(stack, 'T', { enforceSSL: false });
    Template.fromStack(stack, format).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  it('writes ContentBasedDeduplication for a FIFO topic', () => {
    const stack = newStack();
    new Topic(stack, 'T', { fifo: true, topicName: 'orders.fifo', contentBasedDeduplication: true, displayName: 'Orders' });
    Template.fromStack(stack, format).hasResourceProperties('AWS::SNS::Topic', Match.objectEquals({
      TopicName: 'orders.fifo',
      DisplayName: 'Orders',
      FifoTopic: true,
      ContentBasedDeduplication: true,
    }));
  });
});

describe('Topic props refused', () => {
  it('refuses contentBasedDeduplication on a standard topic', () => {
    expectLambdaformError(() => new Topic(newStack(), 'T', { contentBasedDeduplication: true }), 'Test/T', /^contentBasedDeduplication is only valid for FIFO topics$/);
  });

  it('refuses a masterKey that is not a key', () => {
    expectLambdaformError(() => new Topic(newStack(), 'T', { masterKey: {} as never }), 'Test/T', /^masterKey expects an IKey such as Key\.fromKeyArn\(this, 'Key', keyArn\), got an object with keys \(none\)$/);
  });
});
