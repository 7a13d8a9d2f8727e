// Every grant method of every construct, with the exact (sorted) action list, resources and
// conditions of the statements it adds to the grantee's role; the grants that event sources and
// destinations add by themselves; statements added by hand (Deny, NotAction/NotResource,
// conditions, plain objects, `*`). The role is rendered the same way in both formats, so every
// check runs on the CloudFormation and the SAM output.
import { describe, expect, it } from 'vitest';
import {
  App,
  AttributeType,
  Bucket,
  DynamoEventSource,
  Effect,
  EventType,
  KinesisEventSource,
  LambdaformError,
  PolicyStatement,
  Queue,
  QueueEncryption,
  Role,
  S3EventSource,
  ServicePrincipal,
  SqsEventSource,
  StartingPosition,
  Stream,
  StreamViewType,
  Table,
  Topic,
  type Stack,
} from '../../lib/all.js';
import { LambdaDestination, S3Destination, SnsDestination, SqsDestination } from '../../lib/modules/aws-lambda-destinations.js';
import { S3OnFailureDestination, SnsDlq, SqsDlq } from '../../lib/modules/aws-lambda-event-sources.js';
import { Template, type AssertFormat } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';
import { Key } from '../../lib/modules/aws-kms.js';

const FORMATS: readonly AssertFormat[] = ['cfn', 'sam'];
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const PK = { name: 'pk', type: AttributeType.STRING };

const TABLE_ARN = { 'Fn::GetAtt': ['T', 'Arn'] };
const TABLE_STREAM_ARN = { 'Fn::GetAtt': ['T', 'StreamArn'] };
const STREAM_ARN = { 'Fn::GetAtt': ['S', 'Arn'] };
const QUEUE_ARN = { 'Fn::GetAtt': ['Q', 'Arn'] };
const TOPIC_ARN = { Ref: 'Tp' };
const BUCKET_ARN = { 'Fn::GetAtt': ['B', 'Arn'] };
const objects = (pattern: string) => ({ 'Fn::Sub': `\${B.Arn}/${pattern}` });

const TABLE_READ = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const TABLE_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const TABLE_STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
const KINESIS_READ = ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard'];
// aws-cdk-lib's grantWrite has kinesis:ListShards (the Kinesis Producer Library lists the shards it writes to).
const KINESIS_WRITE = ['kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'];
const SQS_SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const SQS_CONSUME = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
const SQS_PURGE = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:PurgeQueue'];
const SQS_POLL = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
const S3_WRITE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'];

/** The statements of the role's inline policy, which must be the same in both formats. */
function expectStatements(stack: Stack, roleLogicalId: string, expected: unknown[]): void {
  for (const format of FORMATS) {
    expect(roleStatements(Template.fromStack(stack, format), roleLogicalId), `${format} ${roleLogicalId}`).toEqual(expected);
  }
}

/** The resources of a type, by logical id, which must be the same in both formats. */
function resourcesOfType(stack: Stack, type: string): Record<string, unknown> {
  const of = (format: AssertFormat) =>
    Object.fromEntries(Object.entries(Template.fromStack(stack, format).template.Resources).filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties]));
  const cfn = of('cfn');
  expect(of('sam'), `sam ${type}`).toEqual(cfn);
  return cfn;
}

it('the action lists the tests expect are sorted and without duplicates', () => {
  for (const list of [TABLE_READ, TABLE_WRITE, TABLE_STREAM_READ, KINESIS_READ, KINESIS_WRITE, SQS_SEND, SQS_CONSUME, SQS_PURGE, SQS_POLL, S3_WRITE]) {
    expect(list).toEqual([...new Set(list)].sort());
  }
});

describe('Table grants', () => {
  it('grant gives exactly the actions asked for (sorted, once each) on the table ARN', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // WHEN
    table.grant(fn, 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:PutItem');

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE_ARN }]);
  });

  it('grant with one action writes it as a single value', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // WHEN
    table.grant(fn, 'dynamodb:Query');

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: TABLE_ARN }]);
  });

  it('grant without actions is refused', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(() => table.grant(fn), 'Test/Fn/ServiceRole', /^grant: a statement needs at least one action/);
  });

  it('grantReadData gives exactly the read actions, no write action, on the table ARN', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // WHEN
    table.grantReadData(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: TABLE_READ, Resource: TABLE_ARN }]);
    expect(TABLE_READ.filter((a) => TABLE_WRITE.includes(a))).toEqual(['dynamodb:DescribeTable']);
  });

  it('grantWriteData gives exactly the write actions on the table ARN', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // WHEN
    table.grantWriteData(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: TABLE_WRITE, Resource: TABLE_ARN }]);
  });

  it('grantReadWriteData gives the read and write actions in one statement', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // WHEN
    table.grantReadWriteData(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: [...new Set([...TABLE_READ, ...TABLE_WRITE])].sort(), Resource: TABLE_ARN }]);
  });

  it('grantStreamRead gives exactly the stream read actions on the stream ARN (not the table ARN)', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK, stream: StreamViewType.NEW_IMAGE });
    const fn = newFunction(stack);

    // WHEN
    table.grantStreamRead(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: TABLE_STREAM_READ, Resource: TABLE_STREAM_ARN }]);
  });

  it('grantStreamRead on a table without a stream is refused, naming the table', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(() => table.grantStreamRead(fn), 'Test/T', /^the table has no stream/);
  });

  it('grants to a Role construct the same statements as to a function', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const role = new Role(stack, 'R', { assumedBy: new ServicePrincipal('states.amazonaws.com') });

    // WHEN
    table.grantReadData(role);

    // THEN
    expectStatements(stack, 'R', [{ Effect: 'Allow', Action: TABLE_READ, Resource: TABLE_ARN }]);
  });
});

describe('Stream grants', () => {
  it('grant gives exactly the actions asked for on the stream ARN', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    stream.grant(fn, 'kinesis:PutRecords', 'kinesis:PutRecord');

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: STREAM_ARN }]);
  });

  it('grantRead gives exactly the read actions on the stream ARN', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    stream.grantRead(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: KINESIS_READ, Resource: STREAM_ARN }]);
  });

  it('grantWrite gives exactly the write actions on the stream ARN', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    stream.grantWrite(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: KINESIS_WRITE, Resource: STREAM_ARN }]);
  });

  it('grantReadWrite gives the read and the write actions together, once each, on the stream ARN', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    stream.grantReadWrite(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      {
        Effect: 'Allow',
        Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:SubscribeToShard'],
        Resource: STREAM_ARN,
      },
    ]);
    const grant = App.of(stack).synth().stacks[0]!.edges.find((e) => e.kind === 'grant');
    expect(grant).toMatchObject({ to: 'Test/S', props: { reason: 'grantReadWrite' } });
  });
});

describe('Queue grants', () => {
  it('grant gives exactly the actions asked for on the queue ARN', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    queue.grant(fn, 'sqs:SendMessage');

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }]);
  });

  it.each([
    ['grantSendMessages', SQS_SEND],
    ['grantConsumeMessages', SQS_CONSUME],
    ['grantPurge', SQS_PURGE],
  ] as const)('%s gives exactly its actions on the queue ARN', (method, actions) => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    queue[method](fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: actions, Resource: QUEUE_ARN }]);
  });

  it.each([
    ['grantSendMessages', SQS_SEND, [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: KEY_ARN }]],
    ['grantConsumeMessages', SQS_CONSUME, [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN }]],
    ['grantPurge', SQS_PURGE, []],
  ] as const)('%s on a QueueEncryption.KMS queue adds exactly these key statements', (method, actions, key) => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const fn = newFunction(stack);

    // WHEN
    queue[method](fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: actions, Resource: QUEUE_ARN }, ...key]);
  });

  it('grant (fine-grained) on a KMS queue adds no key statement', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const fn = newFunction(stack);

    // WHEN
    queue.grant(fn, 'sqs:GetQueueUrl');

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: QUEUE_ARN }]);
  });

  it('refuses a grantee that is not a Function or a Role', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');

    // WHEN
    const err = thrown(() => queue.grantSendMessages({} as never));

    // THEN
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/grantSendMessages: the grantee must be a Function or a Role/);
  });
});

describe('Topic grants', () => {
  it('grantPublish gives exactly sns:Publish on the topic ARN (its Ref)', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'Tp');
    const fn = newFunction(stack);

    // WHEN
    topic.grantPublish(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN }]);
  });
});

describe('Bucket grants', () => {
  it("grantRead with '*' gives s3:GetObject on every object and s3:ListBucket without a condition", () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantRead(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: objects('*') },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN },
    ]);
  });

  it("grantRead with 'reports/*' limits s3:ListBucket to that prefix with StringLike s3:prefix", () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantRead(fn, 'reports/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: objects('reports/*') },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': ['reports/*'] } } },
    ]);
  });

  it('grantRead keeps an IAM policy variable in the key pattern literal (escaped in the Fn::Sub)', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantRead(fn, 'home/${aws:username}/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${B.Arn}/home/${!aws:username}/*' } },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } } },
    ]);
  });

  it.each([
    ['*', objects('*')],
    ['uploads/*', objects('uploads/*')],
  ])('grantWrite (%s) gives exactly the write actions on the objects', (pattern, resource) => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantWrite(fn, pattern);

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: S3_WRITE, Resource: resource }]);
  });

  it('grantPut gives only s3:PutObject on the objects', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantPut(fn);
    bucket.grantPut(fn, 'in/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:PutObject', Resource: objects('*') },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: objects('in/*') },
    ]);
  });

  it('grantDelete gives only s3:DeleteObject on the objects', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantDelete(fn, 'tmp/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: objects('tmp/*') }]);
  });

  it("grantReadWrite with '*' gives the read and write object actions in one statement and an unconditioned ListBucket", () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantReadWrite(fn);

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: objects('*') },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN },
    ]);
  });

  it("grantReadWrite with 'reports/*' limits both the objects and the listing to the prefix", () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    bucket.grantReadWrite(fn, 'reports/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: objects('reports/*') },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': ['reports/*'] } } },
    ]);
  });

  it('grants on a bucket with a fixed name use its ARN built from the name', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B', { bucketName: 'my-reports' });
    const fn = newFunction(stack);

    // WHEN
    bucket.grantRead(fn, 'daily/*');
    bucket.grantWrite(fn, 'daily/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-reports/daily/*' } },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-reports' }, Condition: { StringLike: { 's3:prefix': ['daily/*'] } } },
    ]);
  });

  it('grants on a bucket that notifies the grantee go into a separate policy, with the same statements', () => {
    // GIVEN: the bucket invokes the function, so a grant inside the role would close a cycle
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));

    // WHEN
    bucket.grantRead(fn, 'in/*');

    // THEN
    expectStatements(stack, 'FnServiceRole', []);
    expect(resourcesOfType(stack, 'AWS::IAM::Policy')).toEqual({
      FnServiceRoleNotificationSourcesPolicy: {
        PolicyName: 'notification-sources',
        Roles: [{ Ref: 'FnServiceRole' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: objects('in/*') },
            { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN, Condition: { StringLike: { 's3:prefix': ['in/*'] } } },
          ],
        },
      },
    });
  });
});

describe('Function.grantInvoke', () => {
  it('to a function (its role) gives lambda:InvokeFunction on the function ARN and its qualifiers', () => {
    // GIVEN
    const stack = newStack();
    const target = newFunction(stack, 'Target');
    const caller = newFunction(stack, 'Caller');

    // WHEN
    target.grantInvoke(caller);

    // THEN
    expectStatements(stack, 'CallerServiceRole', [
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [{ 'Fn::GetAtt': ['Target', 'Arn'] }, { 'Fn::Sub': '${Target.Arn}:*' }] },
    ]);
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({});
  });

  it('to a Role construct gives the same statement', () => {
    // GIVEN
    const stack = newStack();
    const target = newFunction(stack, 'Target');
    const role = new Role(stack, 'R', { assumedBy: new ServicePrincipal('states.amazonaws.com') });

    // WHEN
    target.grantInvoke(role);

    // THEN
    expectStatements(stack, 'R', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [{ 'Fn::GetAtt': ['Target', 'Arn'] }, { 'Fn::Sub': '${Target.Arn}:*' }] }]);
  });

  it('on a version gives lambda:InvokeFunction on the version ARN only', () => {
    // GIVEN
    const stack = newStack();
    const target = newFunction(stack, 'Target');
    const caller = newFunction(stack, 'Caller');
    const version = target.addVersion('V1');

    // WHEN
    version.grantInvoke(caller);

    // THEN: the version's logical id carries its configuration hash
    const versionIds = Object.keys(resourcesOfType(stack, 'AWS::Lambda::Version'));
    expect(versionIds).toEqual([expect.stringMatching(/^TargetV1[0-9A-F]{10}$/)]);
    expect(version.logicalId).toBe(versionIds[0]);
    expectStatements(stack, 'CallerServiceRole', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: versionIds[0] } }]);
  });

  it('on an alias gives lambda:InvokeFunction on the alias ARN only', () => {
    // GIVEN
    const stack = newStack();
    const target = newFunction(stack, 'Target');
    const caller = newFunction(stack, 'Caller');
    const alias = target.addAlias('live');

    // WHEN
    alias.grantInvoke(caller);

    // THEN
    expectStatements(stack, 'CallerServiceRole', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: 'TargetAliaslive' } }]);
  });

  it('to a service principal adds a permission limited to this account by default, and no role statement', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'));

    // THEN
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FnInvokePermissionEvents: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      },
    });
    expectStatements(stack, 'FnServiceRole', []);
  });

  it('to a service principal with a sourceArn limits the permission to it, without SourceAccount', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const rule = 'arn:aws:events:us-east-1:123456789012:rule/nightly';

    // WHEN
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'), { sourceArn: rule });

    // THEN
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FnInvokePermissionEvents: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: rule },
    });
  });

  it('to a service principal with a sourceAccount uses that account', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.grantInvoke(new ServicePrincipal('s3.amazonaws.com'), { sourceAccount: '123456789012' });

    // THEN
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FnInvokePermissionS3: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 's3.amazonaws.com', SourceAccount: '123456789012' },
    });
  });

  it('to a service principal with both a sourceArn and a sourceAccount keeps both', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = 'arn:aws:s3:::uploads';

    // WHEN
    fn.grantInvoke(new ServicePrincipal('s3.amazonaws.com'), { sourceArn: bucket, sourceAccount: '123456789012' });

    // THEN
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FnInvokePermissionS3: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 's3.amazonaws.com', SourceArn: bucket, SourceAccount: '123456789012' },
    });
  });

  it('the same grant twice gives one permission; another source of the same service gets its own', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const events = new ServicePrincipal('events.amazonaws.com');
    const rule = 'arn:aws:events:us-east-1:123456789012:rule/nightly';

    // WHEN
    fn.grantInvoke(events);
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'));
    fn.grantInvoke(events, { sourceArn: rule });
    fn.grantInvoke(events, { sourceArn: rule });
    fn.grantInvoke(events);

    // THEN
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FnInvokePermissionEvents: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 'events.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } },
      FnInvokePermissionEvents2: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: rule },
    });
  });

  it('to a service principal on an alias puts the permission on the alias ARN', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const alias = fn.addAlias('live');

    // WHEN
    alias.grantInvoke(new ServicePrincipal('sns.amazonaws.com'));

    // THEN
    expect(resourcesOfType(stack, 'AWS::Lambda::Permission')).toEqual({
      FnAliasliveInvokePermissionSns: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'FnAliaslive' }, Principal: 'sns.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } },
    });
  });
});

describe('event source grants', () => {
  it('SqsEventSource gives exactly sqs:DeleteMessage, GetQueueAttributes and ReceiveMessage', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new SqsEventSource(queue));

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: SQS_POLL, Resource: QUEUE_ARN }]);
  });

  it('SqsEventSource on a KMS queue adds kms:Decrypt on the key only', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new SqsEventSource(queue));

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: SQS_POLL, Resource: QUEUE_ARN },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN },
    ]);
  });

  it('KinesisEventSource gives exactly the stream read actions on the stream ARN', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST }));

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: KINESIS_READ, Resource: STREAM_ARN }]);
  });

  it('DynamoEventSource gives exactly the DynamoDB stream read actions on the table stream ARN', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK, stream: StreamViewType.NEW_AND_OLD_IMAGES });
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.TRIM_HORIZON }));

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: TABLE_STREAM_READ, Resource: TABLE_STREAM_ARN }]);
  });

  it('DynamoEventSource on a table without a stream is refused by the mapping, naming the table', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK });
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST })),
      'Test/Fn/DynamoEventSourceT',
      /^the table Test\/T has no stream; set its `stream` property/,
    );
  });

  it('a stream mapping onFailure queue adds sqs:SendMessage on it', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, onFailure: new SqsDlq(queue) }));

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: KINESIS_READ, Resource: STREAM_ARN },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN },
    ]);
  });

  it('a stream mapping onFailure topic adds sns:Publish on it', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: PK, stream: StreamViewType.KEYS_ONLY });
    const topic = new Topic(stack, 'Tp');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST, onFailure: new SnsDlq(topic) }));

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: TABLE_STREAM_READ, Resource: TABLE_STREAM_ARN },
      { Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN },
    ]);
  });

  it('a stream mapping onFailure bucket adds s3:PutObject on the objects and s3:ListBucket on the bucket', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, onFailure: new S3OnFailureDestination(bucket) }));

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: KINESIS_READ, Resource: STREAM_ARN },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: objects('*') },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN },
    ]);
  });
});

describe('destination grants', () => {
  it('an onFailure queue adds exactly sqs:SendMessage on it', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');

    // WHEN
    newFunction(stack, 'Fn', { onFailure: new SqsDestination(queue) });

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }]);
  });

  it('an onFailure KMS queue adds the encrypt and decrypt actions on its key', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });

    // WHEN
    newFunction(stack, 'Fn', { onFailure: new SqsDestination(queue) });

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: KEY_ARN },
    ]);
  });

  it('an onSuccess topic adds exactly sns:Publish on it', () => {
    // GIVEN
    const stack = newStack();
    const topic = new Topic(stack, 'Tp');

    // WHEN
    newFunction(stack, 'Fn', { onSuccess: new SnsDestination(topic) });

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN }]);
  });

  it('an onFailure function adds exactly lambda:InvokeFunction on its ARN', () => {
    // GIVEN
    const stack = newStack();
    const handler = newFunction(stack, 'Handler');

    // WHEN
    newFunction(stack, 'Fn', { onFailure: new LambdaDestination(handler) });

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['Handler', 'Arn'] } }]);
    expectStatements(stack, 'HandlerServiceRole', []);
  });

  it('an onFailure bucket adds s3:PutObject on the objects and s3:ListBucket on the bucket', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');

    // WHEN
    newFunction(stack, 'Fn', { onFailure: new S3Destination(bucket) });

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:PutObject', Resource: objects('*') },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET_ARN },
    ]);
  });

  it.each([
    ['queue (deadLetterQueue)', (s: Stack) => ({ deadLetterQueue: new Queue(s, 'Q') }), { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }],
    ['topic (deadLetterTopic)', (s: Stack) => ({ deadLetterTopic: new Topic(s, 'Tp') }), { Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN }],
  ] as const)('a dead-letter %s adds exactly the delivery action on it', (_, make, statement) => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', make(stack));

    // THEN
    expectStatements(stack, 'FnServiceRole', [statement]);
  });
});

describe('statements added with addToRolePolicy', () => {
  it('keeps a Deny statement, with its condition, apart from the Allow statements on the same resource', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const objectsArn = 'arn:aws:s3:::archive/*';

    // WHEN
    fn.addToRolePolicy({ actions: ['s3:GetObject'], resources: [objectsArn] });
    fn.addToRolePolicy(
      new PolicyStatement({ effect: Effect.DENY, actions: ['s3:PutObject', 's3:DeleteObject'], resources: [objectsArn], conditions: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: objectsArn },
      { Effect: 'Deny', Action: ['s3:DeleteObject', 's3:PutObject'], Resource: objectsArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
  });

  it('renders notActions and notResources as NotAction and NotResource', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addToRolePolicy(new PolicyStatement({ effect: Effect.DENY, notActions: ['s3:GetObject', 'iam:*'], notResources: ['arn:aws:s3:::public/*'] }));
    fn.addToRolePolicy({ notActions: ['iam:*'], resources: ['*'] });

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Deny', NotAction: ['iam:*', 's3:GetObject'], NotResource: 'arn:aws:s3:::public/*' },
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
    ]);
  });

  it('keeps a statement with a Sid as written, not merged', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addToRolePolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
    fn.addToRolePolicy({ sid: 'Put', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] });

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
  });

  it('keeps a statement with conditions apart from an unconditioned one on the same resource', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const statement = new PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['*'] });
    statement.addCondition('StringEquals', { 'aws:ResourceTag/team': 'core' });

    // WHEN
    fn.addToRolePolicy({ actions: ['xray:PutTraceSegments'], resources: ['*'] });
    fn.addToRolePolicy(statement);
    fn.addToRolePolicy({ actions: ['xray:PutTelemetryRecords'], resources: ['*'] });

    // THEN
    expectStatements(stack, 'FnServiceRole', [
      { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
      { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'core' } } },
    ]);
  });

  it('refuses a plain object with an unknown key, suggesting the right one', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addToRolePolicy({ action: ['s3:GetObject'], resources: ['*'] } as never),
      'Test/Fn/ServiceRole',
      /^addToRolePolicy: unknown property 'action'; did you mean 'actions'\?/,
    );
  });

  it('accepts a * action and reports it as a wildcard-action warning in the stack model', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addToRolePolicy({ actions: ['*'], resources: ['arn:aws:s3:::b'] });

    // THEN
    expectStatements(stack, 'FnServiceRole', [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }]);
    const warnings = App.of(stack).synth().stacks[0]!.warnings ?? [];
    expect(warnings).toEqual([
      { code: 'wildcard-action', path: 'Test/Fn/ServiceRole', message: "addToRolePolicy: the statement allows every action ('*') on arn:aws:s3:::b; list the actions the code needs" },
    ]);
  });

  it('reports no warning for grants and statements with named actions', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    new Queue(stack, 'Q').grantConsumeMessages(fn);
    fn.addToRolePolicy({ actions: ['s3:Get*'], resources: ['*'] });
    fn.addToRolePolicy({ effect: Effect.DENY, actions: ['*'], resources: ['arn:aws:s3:::secret'] });

    // THEN
    expect(App.of(stack).synth().stacks[0]!.warnings ?? []).toEqual([]);
  });
});
