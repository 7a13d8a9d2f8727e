// Imports of existing resources (aws-cdk-lib's fromXxx): no resource written, the literal ARN
// where the resource is referenced, grants on the ARN, refusals of what an import cannot do.
import { describe, expect, it } from 'vitest';
import { CfnParameter, Function, Queue, Rule, Topic, Bucket, Table, Stream, SqsEventSource, DynamoEventSource, StartingPosition, EventType, Duration } from '../../lib/all.js';
import { LambdaFunction } from '../../lib/modules/aws-events-targets.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { SqsSubscription, LambdaSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { LambdaDestination } from '../../lib/modules/aws-s3-notifications.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:111122223333:jobs';
const FN_ARN = 'arn:aws:lambda:eu-west-1:111122223333:function:worker';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:events';

describe('Queue.fromQueueArn', () => {
  it('is an event source: the mapping names the ARN, the role may consume it, no queue is written', () => {
    const stack = newStack();
    const q = Queue.fromQueueArn(stack, 'Jobs', QUEUE_ARN);
    const fn = newFunction(stack);
    fn.addEventSource(new SqsEventSource(q));
    for (const format of ['cfn', 'sam'] as const) {
      const t = Template.fromStack(stack, format);
      t.resourceCountIs('AWS::SQS::Queue', 0);
    }
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: QUEUE_ARN });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { Events: { SqsEventSourceJobs: { Type: 'SQS', Properties: { Queue: QUEUE_ARN } } } });
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Resource: QUEUE_ARN },
    ]);
  });

  it('derives name and URL from the ARN as aws-cdk-lib does', () => {
    const stack = newStack();
    const q = Queue.fromQueueArn(stack, 'Jobs', QUEUE_ARN);
    expect(q.queueName).toBe('jobs');
    const fn = newFunction(stack, 'Fn', { environment: { URL: q.queueUrl } });
    q.grantSendMessages(fn);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { URL: { 'Fn::Sub': 'https://sqs.eu-west-1.${AWS::URLSuffix}/111122223333/jobs' } } } });
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: QUEUE_ARN },
    ]);
  });

  it('takes keyArn: grants include the key actions', () => {
    const stack = newStack();
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
    const q = Queue.fromQueueAttributes(stack, 'Jobs', { queueArn: QUEUE_ARN, keyArn: key });
    const fn = newFunction(stack);
    q.grantConsumeMessages(fn);
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toContainEqual({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key });
  });

  it('takes an ARN from a CfnParameter', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'QueueArn', { type: 'String' }).valueAsString;
    const q = Queue.fromQueueArn(stack, 'Jobs', arn);
    newFunction(stack).addEventSource(new SqsEventSource(q));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { Ref: 'QueueArn' } });
  });

  it('refuses an ARN of another service, and a malformed one', () => {
    const stack = newStack();
    expectLambdaformError(() => Queue.fromQueueArn(stack, 'Jobs', TOPIC_ARN), 'Test/Jobs', /^Queue\.fromQueueAttributes: queueArn must be a sqs ARN such as 'arn:aws:sqs:us-east-1:123456789012:my-queue', got 'arn:aws:sns:eu-west-1:111122223333:events' \(an ARN of the service 'sns'\)$/);
    expectLambdaformError(() => Queue.fromQueueArn(stack, 'Jobs2', 'jobs'), 'Test/Jobs2', /not an ARN/);
  });
});

describe('Function.fromFunctionArn', () => {
  it('is a rule target and a subscriber: the permissions name the ARN, no function is written', () => {
    const stack = newStack();
    const fn = Function.fromFunctionArn(stack, 'Worker', FN_ARN);
    new Rule(stack, 'Tick', { schedule: Schedule.rate(Duration.minutes(5)), targets: [new LambdaFunction(fn)] });
    Topic.fromTopicArn(stack, 'Events', TOPIC_ARN).addSubscription(new LambdaSubscription(fn));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: FN_ARN, Principal: 'events.amazonaws.com' });
    t.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: FN_ARN, Principal: 'sns.amazonaws.com', SourceArn: TOPIC_ARN });
    t.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: TOPIC_ARN, Endpoint: FN_ARN, Protocol: 'lambda' });
    Template.fromStack(stack, 'sam').resourceCountIs('AWS::Serverless::Function', 0);
  });

  it('writes no permission with skipPermissions', () => {
    const stack = newStack();
    const fn = Function.fromFunctionAttributes(stack, 'Worker', { functionArn: FN_ARN, skipPermissions: true });
    new Rule(stack, 'Tick', { schedule: Schedule.rate(Duration.minutes(5)), targets: [new LambdaFunction(fn)] });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('grantInvoke gives the ARN and its qualifiers', () => {
    const stack = newStack();
    const fn = Function.fromFunctionArn(stack, 'Worker', FN_ARN);
    const caller = newFunction(stack);
    fn.grantInvoke(caller);
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [FN_ARN, `${FN_ARN}:*`] }]);
  });

  it('refuses addEventSource, and grants without a role', () => {
    const stack = newStack();
    const fn = Function.fromFunctionArn(stack, 'Worker', FN_ARN);
    expectLambdaformError(() => fn.addEventSource(new SqsEventSource(new Queue(stack, 'Q'))), 'Test/Worker', /^addEventSource is not possible on an imported resource/);
    expectLambdaformError(() => new Queue(stack, 'Q2').grantSendMessages(fn as Function), 'Test/Worker', /is imported without a role/);
  });

  it('refuses an ARN that is not a function ARN', () => {
    expectLambdaformError(() => Function.fromFunctionArn(newStack(), 'W', 'arn:aws:lambda:eu-west-1:111122223333:layer:x:1'), 'Test/W', /the resource part 'layer:x:1' is not of this kind/);
  });

  it('is named by fromFunctionName in the stack region and account', () => {
    const stack = newStack();
    const fn = Function.fromFunctionName(stack, 'Worker', 'worker');
    new Rule(stack, 'Tick', { schedule: Schedule.rate(Duration.minutes(5)), targets: [new LambdaFunction(fn)] });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:worker' } });
  });
});

describe('Topic.fromTopicArn', () => {
  it('subscribes a queue of the stack: the subscription and the queue policy name the ARN', () => {
    const stack = newStack();
    const topic = Topic.fromTopicArn(stack, 'Events', TOPIC_ARN);
    topic.addSubscription(new SqsSubscription(new Queue(stack, 'Q')));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: TOPIC_ARN, Protocol: 'sqs' });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', { PolicyDocument: { Statement: [{ Condition: { ArnEquals: { 'aws:SourceArn': TOPIC_ARN } } }] } });
  });
});

describe('Table, Stream and Bucket imports', () => {
  it('a table with tableStreamArn is a DynamoEventSource', () => {
    const stack = newStack();
    const streamArn = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2024-01-01T00:00:00.000';
    const table = Table.fromTableAttributes(stack, 'Orders', { tableName: 'orders', tableStreamArn: streamArn });
    newFunction(stack).addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST }));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::DynamoDB::Table', 0);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: streamArn });
  });

  it('a table without a stream refuses DynamoEventSource', () => {
    const stack = newStack();
    const table = Table.fromTableName(stack, 'Orders', 'orders');
    expect(() => newFunction(stack).addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST }))).toThrow(/has no stream/);
  });

  it('a stream is granted on by its ARN', () => {
    const stack = newStack();
    const s = Stream.fromStreamArn(stack, 'S', 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks');
    expect(s.streamName).toBe('clicks');
    const fn = newFunction(stack);
    s.grantRead(fn);
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')[0]).toMatchObject({ Resource: 'arn:aws:kinesis:eu-west-1:111122223333:stream/clicks' });
  });

  it('a bucket refuses notifications, naming the way', () => {
    const stack = newStack();
    const b = Bucket.fromBucketName(stack, 'B', 'my-bucket');
    expect(b.bucketArn).toContain(':s3:::my-bucket');
    expectLambdaformError(() => b.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(newFunction(stack))), 'Test/B', /^addEventNotification is not possible on an imported resource.*Custom::S3BucketNotifications/);
  });
});
