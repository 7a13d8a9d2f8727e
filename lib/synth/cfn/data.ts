import type { QueueNode, StreamNode, TableNode } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';

/** `AWS::SQS::Queue`. */
export function renderQueue(n: QueueNode, ctx: RenderContext, out: ResourceSet): void {
  const p = n.props;
  const encryption =
    p.encryption === 'none'
      ? { SqsManagedSseEnabled: false }
      : p.encryption === 'sqs-managed'
        ? { SqsManagedSseEnabled: true }
        : { KmsMasterKeyId: p.encryption === 'kms' ? ctx.value(p.kmsKeyArn) : 'alias/aws/sqs' };
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: p.queueName,
      FifoQueue: p.fifo ? true : undefined,
      ContentBasedDeduplication: p.contentBasedDeduplication,
      VisibilityTimeout: p.visibilityTimeoutSeconds,
      MessageRetentionPeriod: p.retentionPeriodSeconds,
      DelaySeconds: p.deliveryDelaySeconds,
      ReceiveMessageWaitTimeSeconds: p.receiveWaitTimeSeconds,
      MaximumMessageSize: p.maxMessageSizeBytes,
      RedrivePolicy: p.deadLetter ? { deadLetterTargetArn: ctx.arn(p.deadLetter.queue), maxReceiveCount: p.deadLetter.maxReceiveCount } : undefined,
      ...encryption,
      Tags: ctx.tagList(n.tags),
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}

/** `AWS::Kinesis::Stream`. */
export function renderStream(n: StreamNode, ctx: RenderContext, out: ResourceSet): void {
  const p = n.props;
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::Kinesis::Stream',
    Properties: {
      Name: p.streamName,
      StreamModeDetails: { StreamMode: p.mode },
      ShardCount: p.shardCount,
      RetentionPeriodHours: p.retentionHours,
      StreamEncryption: p.encrypted ? { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } : undefined,
      Tags: ctx.tagList(n.tags),
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}

/** `AWS::DynamoDB::Table`. */
export function renderTable(n: TableNode, ctx: RenderContext, out: ResourceSet): void {
  const p = n.props;
  const keys = [p.partitionKey, ...(p.sortKey ? [p.sortKey] : [])];
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: p.tableName,
      AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
      KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
      // PROVISIONED is CloudFormation's default: not written, as aws-cdk-lib does.
      BillingMode: p.billingMode === 'PROVISIONED' ? undefined : p.billingMode,
      ProvisionedThroughput: p.billingMode === 'PROVISIONED' ? { ReadCapacityUnits: p.readCapacity, WriteCapacityUnits: p.writeCapacity } : undefined,
      StreamSpecification: p.streamViewType ? { StreamViewType: p.streamViewType } : undefined,
      SSESpecification: p.sseEnabled !== undefined ? { SSEEnabled: p.sseEnabled } : undefined,
      PointInTimeRecoverySpecification: p.pointInTimeRecovery
        ? { PointInTimeRecoveryEnabled: p.pointInTimeRecovery.enabled, RecoveryPeriodInDays: p.pointInTimeRecovery.recoveryPeriodInDays }
        : undefined,
      TimeToLiveSpecification: p.timeToLiveAttribute !== undefined ? { AttributeName: p.timeToLiveAttribute, Enabled: true } : undefined,
      DeletionProtectionEnabled: p.deletionProtection,
      TableClass: p.tableClass,
      Tags: ctx.tagList(n.tags),
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}
