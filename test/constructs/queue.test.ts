// Queue: the AWS::SQS::Queue properties, encryption, FIFO, the redrive policy, and the exact
// statements the send and consume grants add.
import { describe, expect, it } from 'vitest';
import { Duration, Queue, QueueEncryption } from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';
import { Key } from '../../lib/modules/aws-kms.js';



const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const QUEUE_ARN = { 'Fn::GetAtt': ['Q', 'Arn'] };

describe('Queue properties', () => {
  it('renders a default queue with SQS-managed encryption only', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const queue = new Queue(stack, 'Q');

    // THEN
    expect(queue.fifo).toBe(false);
    expect(queue.encryption).toBe(QueueEncryption.SQS_MANAGED);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResource('AWS::SQS::Queue', { Properties: Match.objectEquals({ SqsManagedSseEnabled: true }) });
  });

  it('renders the timing properties of a standard queue', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const queue = new Queue(stack, 'Q', {
      queueName: 'jobs',
      visibilityTimeout: Duration.minutes(5),
      retentionPeriod: Duration.days(14),
      deliveryDelay: Duration.seconds(15),
      receiveMessageWaitTime: Duration.seconds(20),
      maxMessageSizeBytes: 262_144,
    });

    // THEN
    expect(queue.visibilityTimeoutSeconds).toBe(300);
    Template.fromStack(stack).hasResource('AWS::SQS::Queue', {
      Properties: Match.objectEquals({
        QueueName: 'jobs',
        VisibilityTimeout: 300,
        MessageRetentionPeriod: 1_209_600,
        DelaySeconds: 15,
        ReceiveMessageWaitTimeSeconds: 20,
        MaximumMessageSize: 262_144,
        SqsManagedSseEnabled: true,
      }),
    });
  });

  it('renders the zero values that are set explicitly', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Queue(stack, 'Q', { visibilityTimeout: Duration.seconds(0), deliveryDelay: Duration.seconds(0), receiveMessageWaitTime: Duration.seconds(0) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 0, DelaySeconds: 0, ReceiveMessageWaitTimeSeconds: 0 });
  });
});

describe('Queue encryption', () => {
  it('renders SqsManagedSseEnabled: false for an unencrypted queue', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Queue(stack, 'Q', { encryption: QueueEncryption.UNENCRYPTED });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: false, KmsMasterKeyId: Match.absent() });
  });

  it('renders KmsMasterKeyId for KMS with a key, without SqsManagedSseEnabled', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const queue = new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });

    // THEN
    expect(queue.encryption).toBe(QueueEncryption.KMS);
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY_ARN, SqsManagedSseEnabled: Match.absent() });
  });

  it('infers KMS encryption from a key ARN', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const queue = new Queue(stack, 'Q', { encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });

    // THEN
    expect(queue.encryption).toBe(QueueEncryption.KMS);
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY_ARN });
  });

  it('renders the AWS managed key alias for KMS_MANAGED', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Queue(stack, 'Q', { encryption: QueueEncryption.KMS_MANAGED });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: Match.absent() });
  });

  it('refuses KMS encryption without a key', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Queue(stack, 'Q', { encryption: QueueEncryption.KMS }), 'Test/Q', /encryption QueueEncryption.KMS needs encryptionMasterKey/);
  });
});

describe('FIFO queues', () => {
  it('infers FIFO from a name ending in .fifo', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const queue = new Queue(stack, 'Q', { queueName: 'orders.fifo', contentBasedDeduplication: true });

    // THEN
    expect(queue.fifo).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { QueueName: 'orders.fifo', FifoQueue: true, ContentBasedDeduplication: true });
  });

  it('renders FifoQueue: true for fifo: true without a name', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Queue(stack, 'Q', { fifo: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, QueueName: Match.absent() });
  });

  it('renders no FifoQueue for a standard queue', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Queue(stack, 'Q', { queueName: 'orders' });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { QueueName: 'orders', FifoQueue: Match.absent() });
  });

  it('refuses contentBasedDeduplication on a standard queue', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Queue(stack, 'Q', { contentBasedDeduplication: true }), 'Test/Q', /contentBasedDeduplication is only valid for FIFO queues/);
  });

  it('refuses a .fifo name with fifo: false', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Queue(stack, 'Q', { queueName: 'orders.fifo', fifo: false }), 'Test/Q', /queueName ends in '.fifo' but fifo is false, got 'orders.fifo'/);
  });
});

describe('Queue dead-letter queue', () => {
  it('renders a RedrivePolicy with the DLQ ARN and maxReceiveCount', () => {
    // GIVEN
    const stack = newStack();
    const dlq = new Queue(stack, 'Dlq', { retentionPeriod: Duration.days(14) });

    // WHEN
    const queue = new Queue(stack, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });

    // THEN
    expect(queue.deadLetterQueue).toEqual({ queue: dlq, maxReceiveCount: 5 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectEquals({ deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 5 }),
    });
    expect(template.template.Resources.Dlq!.Properties!.RedrivePolicy).toBeUndefined();
  });

  it('accepts a FIFO dead-letter queue for a FIFO queue', () => {
    // GIVEN
    const stack = newStack();
    const dlq = new Queue(stack, 'Dlq', { fifo: true });

    // WHEN
    new Queue(stack, 'Q', { fifo: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 3 },
    });
  });

  it('refuses a standard dead-letter queue for a FIFO queue', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');

    // THEN
    expectLambdaformError(
      () => new Queue(stack, 'F', { fifo: true, deadLetterQueue: { queue, maxReceiveCount: 5 } }),
      'Test/F',
      /the dead-letter queue of a FIFO queue must be FIFO, got the standard queue Test\/Q/,
    );
  });
});

describe('Queue grants', () => {
  it('grantSendMessages gives exactly the send actions on the queue ARN', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const producer = newFunction(stack, 'Producer');

    // WHEN
    queue.grantSendMessages(producer);

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'ProducerServiceRole')).toEqual([
      { Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: QUEUE_ARN },
    ]);
  });

  it('grantConsumeMessages gives exactly the consume actions on the queue ARN', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const consumer = newFunction(stack, 'Consumer');

    // WHEN
    queue.grantConsumeMessages(consumer);

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'ConsumerServiceRole')).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: QUEUE_ARN,
      },
    ]);
  });

  it('adds no KMS actions for SQS-managed, AWS-managed-key or unencrypted queues', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');

    // WHEN
    for (const [id, encryption] of [
      ['A', QueueEncryption.SQS_MANAGED],
      ['B', QueueEncryption.KMS_MANAGED],
      ['C', QueueEncryption.UNENCRYPTED],
    ] as const) {
      const q = new Queue(stack, id, { encryption });
      q.grantSendMessages(fn);
      q.grantConsumeMessages(fn);
    }

    // THEN
    const statements = roleStatements(Template.fromStack(stack), 'FnServiceRole') as Array<{ Action: string[]; Resource: unknown }>;
    expect(statements.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': ['A', 'Arn'] }, { 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::GetAtt': ['C', 'Arn'] }]);
    expect(statements.flatMap((s) => s.Action).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });

  it('grantSendMessages on a KMS queue adds the CDK encrypt and decrypt actions on the key', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const producer = newFunction(stack, 'Producer');

    // WHEN
    queue.grantSendMessages(producer);

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'ProducerServiceRole')).toEqual([
      { Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: QUEUE_ARN },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: KEY_ARN },
    ]);
  });

  it('grantConsumeMessages on a KMS queue adds only kms:Decrypt on the key', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const consumer = newFunction(stack, 'Consumer');

    // WHEN
    queue.grantConsumeMessages(consumer);

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'ConsumerServiceRole')).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: QUEUE_ARN,
      },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN },
    ]);
  });

  it('merges send and consume grants on the same queue into one statement', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack, 'Fn');

    // WHEN
    queue.grantSendMessages(fn);
    queue.grantConsumeMessages(fn);

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
        Resource: QUEUE_ARN,
      },
    ]);
  });
});

describe('queue names: 1-80 characters, a FIFO name at most 75 plus .fifo', () => {
  it('accepts an 80-character standard name and a 75+.fifo FIFO name', () => {
    const stack = newStack();
    new Queue(stack, 'A', { queueName: 'a'.repeat(80) });
    new Queue(stack, 'B', { queueName: `${'b'.repeat(75)}.fifo` });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'a'.repeat(80) });
    t.hasResourceProperties('AWS::SQS::Queue', { QueueName: `${'b'.repeat(75)}.fifo`, FifoQueue: true });
  });

  it.each([['a'.repeat(81)], [`${'b'.repeat(76)}.fifo`], ['has space']])('refuses queueName %j', (queueName) => {
    const stack = newStack();
    expectLambdaformError(() => new Queue(stack, 'Q', { queueName }), 'Test/Q', /^queueName must be 1-80 letters, digits, '-' or '_' \(plus '\.fifo'\)/);
  });
});

describe.each(['cfn', 'sam'] as const)('Queue enforceSSL and maxMessageSizeBytes (%s)', (format) => {
  it('writes a queue policy denying sqs:* without TLS, as aws-cdk-lib does', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Queue(stack, 'Q', { enforceSSL: true });

    // THEN
    const template = Template.fromStack(stack, format);
    template.resourceCountIs('AWS::SQS::QueuePolicy', 1);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', Match.objectEquals({
      Queues: [{ Ref: 'Q' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: { 'Fn::GetAtt': ['Q', 'Arn'] }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      },
    }));
  });

  it('writes no policy with enforceSSL false', () => {
    const stack = newStack();
    new Queue(stack, 'Q', { enforceSSL: false });
    Template.fromStack(stack, format).resourceCountIs('AWS::SQS::QueuePolicy', 0);
  });

  it('accepts maxMessageSizeBytes 1,024 and 1,048,576 and refuses 1,023 and 1,048,577', () => {
    for (const bytes of [1024, 1_048_576]) {
      const stack = newStack();
      new Queue(stack, 'Q', { maxMessageSizeBytes: bytes });
      Template.fromStack(stack, format).hasResourceProperties('AWS::SQS::Queue', { MaximumMessageSize: bytes });
    }
    for (const bytes of [1023, 1_048_577]) {
      expectLambdaformError(() => new Queue(newStack(), 'Q', { maxMessageSizeBytes: bytes }), 'Test/Q', new RegExp(`^maxMessageSizeBytes must be between 1024 and 1048576 bytes, got ${bytes}$`));
    }
  });

  it('refuses the old name maxMessageSize, listing maxMessageSizeBytes', () => {
    expectLambdaformError(() => new Queue(newStack(), 'Q', { maxMessageSize: 2048 } as never), 'Test/Q', /^unknown property 'maxMessageSize' \(known: .*, maxMessageSizeBytes, /);
  });
});
