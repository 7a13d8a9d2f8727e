// Topic: the SNS topic, its function and queue subscriptions (with what lets the topic deliver),
// publish grants, FIFO restrictions and its use as an async destination.
import { describe, expect, it } from 'vitest';
import { Queue, QueueEncryption, SnsEventSource, Topic } from '../../lib/all.js';
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
    fn.addEventSource(new SnsEventSource(topic, { filterPolicy: { color: ['red', 'blue'], size: [{ numeric: ['>', 10] }] } }));

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

describe('Topic.addQueueSubscription (topic -> queue)', () => {
  it('creates an sqs subscription and one queue policy letting the topic send', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    const queue = new Queue(stack, 'Q');

    // WHEN
    topic.addQueueSubscription(queue, { rawMessageDelivery: true });

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
    a.addQueueSubscription(queue);
    b.addQueueSubscription(queue);

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
    topic.addQueueSubscription(queue);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['Q', 'Arn'] } });
  });

  it('refuses a standard topic delivering to a FIFO queue, naming the topic', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T');
    const queue = new Queue(stack, 'Q', { fifo: true });
    expectLambdaformError(() => topic.addQueueSubscription(queue), 'Test/T', /^a standard topic cannot deliver to the FIFO queue Test\/Q; use a FIFO topic$/);
  });

  it('lets a FIFO topic deliver to a FIFO queue', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'T', { topicName: 'orders.fifo' });
    const queue = new Queue(stack, 'Q', { fifo: true });

    // WHEN
    topic.addQueueSubscription(queue);

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
    newFunction(stack, 'Fn', { onFailure: topic });

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
    expectLambdaformError(() => new Topic(stack, 'T').addQueueSubscription(q), 'Test/T', /^SNS cannot deliver to Test\/Q: it is encrypted with the AWS managed key alias\/aws\/sqs.*QueueEncryption.SQS_MANAGED/);
  });

  it('refuses subscribing the same function twice', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const topic = new Topic(stack, 'T');
    fn.addEventSource(new SnsEventSource(topic));
    expectLambdaformError(() => fn.addEventSource(new SnsEventSource(topic)), 'Test/Fn', /^is already subscribed to Test\/T$/);
  });
});
