/**
 * Plain CloudFormation resources that become model nodes: the reverse of `lib/synth/cfn`'s node
 * renderers. Each importer reads the properties the model holds; the rest is kept as overrides.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIMITS } from '../../model/defaults.js';
import type { ApiNodeProps, BucketNodeProps, CodeModel, ModelNode, ModelValue, NodeKind } from '../../model/types.js';
import { CFN_ATTRIBUTES } from '../../synth/attributes.js';
import { ASSET_BUCKET_PARAMETER } from '../../synth/render-context.js';
import type { ImportContext, TemplateResourceData } from '../context.js';
import { codeAsset } from '../code-assets.js';
import { PropertyReader } from '../props.js';
import { jsonDocument, list, obj, strings } from '../values.js';
import { isExpr, isKnownValue, sanitize } from '../../model/values.js';

/** The node kind each CloudFormation type becomes. */
export const CFN_NODE_TYPES: Readonly<Record<string, Exclude<NodeKind, 'raw'>>> = {
  'AWS::Lambda::Function': 'function',
  'AWS::Lambda::Version': 'version',
  'AWS::Lambda::Alias': 'alias',
  'AWS::Lambda::LayerVersion': 'layer',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::S3::Bucket': 'bucket',
  'AWS::DynamoDB::Table': 'table',
  'AWS::Kinesis::Stream': 'stream',
  'AWS::ApiGatewayV2::Api': 'api',
  'AWS::Events::Rule': 'schedule',
  'AWS::IAM::Role': 'role',
};

/** Declares how `Ref`/`Fn::GetAtt` of a node of `kind` resolve (the reverse of `CFN_ATTRIBUTES`). */
export function declareNodeTarget(ctx: ImportContext, logicalId: string, kind: Exclude<NodeKind, 'raw'>, nodeId = ctx.idOf(logicalId)): void {
  let ref: string | undefined;
  const getAtt: Record<string, string> = {};
  for (const [attr, how] of Object.entries(CFN_ATTRIBUTES[kind])) {
    if (how === 'Ref') ref = attr;
    else getAtt[how.slice('GetAtt:'.length)] = attr;
  }
  ctx.declareTarget(logicalId, { nodeId, kind, ...(ref !== undefined ? { ref } : {}), getAtt });
}

/** Tags in either form (`[{Key, Value}]` or a map), when all are known strings. */
export function tagsOf(r: PropertyReader, name = 'Tags'): Record<string, string> {
  const v = r.value(name);
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const t of v) {
      const o = t as Record<string, ModelValue>;
      if (typeof o?.Key === 'string' && typeof o.Value === 'string') out[o.Key] = o.Value;
    }
  } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `Code` of a function or `Content` of a layer. */
export function codeOf(r: PropertyReader, name: string, ctx: ImportContext): CodeModel {
  const code = (r.value(name) ?? {}) as Record<string, ModelValue>;
  if (typeof code.ZipFile === 'string') return { kind: 'inline', source: code.ZipFile };
  const bucket = (code.S3Bucket as { $expr?: { Ref?: unknown } } | undefined)?.$expr?.Ref;
  if (bucket === ASSET_BUCKET_PARAMETER && typeof code.S3Key === 'string') {
    const asset = ctx.assetOfKey(code.S3Key);
    if (asset) return { kind: 'asset', assetId: asset.id };
  }
  // aws-cdk-lib's asset, staged beside the template (`cdk.out/asset.<hash>`, named in the resource's
  // `aws:asset:path` Metadata for this property): the code directory, when it is there.
  const staged = cdkAssetPath(ctx, r.logicalId, name);
  if (staged !== undefined) return { kind: 'asset', assetId: codeAsset(ctx, staged).id };
  const version = code.S3ObjectVersion;
  return { kind: 'bucket', bucket: code.S3Bucket ?? '', key: code.S3Key ?? '', ...(typeof version === 'string' ? { objectVersion: version } : {}) };
}

/**
 * The path, relative to the template's folder, of the asset aws-cdk-lib staged for a resource's
 * code property (`aws:asset:path` with `aws:asset:property` the property), when that directory or
 * .zip file is there; undefined otherwise (a template linted without its cdk.out).
 */
function cdkAssetPath(ctx: ImportContext, logicalId: string, property: string): string | undefined {
  const metadata = ctx.resources[logicalId]?.Metadata;
  const staged = metadata?.['aws:asset:path'];
  if (typeof staged !== 'string' || staged === '' || metadata?.['aws:asset:property'] !== property) return undefined;
  const abs = path.resolve(ctx.cwd, path.dirname(ctx.doc.file), staged);
  return fs.existsSync(abs) ? staged : undefined;
}

/** The node of one resource of a modelled type (its target declared beforehand). */
export function importNode(ctx: ImportContext, logicalId: string, resource: TemplateResourceData, kind: Exclude<NodeKind, 'raw'>): ModelNode {
  const r = new PropertyReader(ctx, logicalId, resource);
  const props = PROPS[kind](r, ctx);
  const tags = kind === 'api' ? tagsOf(r) : kind === 'version' || kind === 'alias' || kind === 'layer' || kind === 'schedule' ? {} : tagsOf(r);
  r.consume('Tags');
  const base = {
    id: ctx.idOf(logicalId),
    kind,
    logicalId,
    origin: ctx.origin(logicalId),
    tags,
    dependsOn: dependsOnOf(ctx, resource),
    props,
  };
  const overrides = r.overrides();
  // A version's Retain is the backend's own (versions are kept for aliases and rollbacks), not a removal policy.
  const removalPolicy = kind === 'version' ? undefined : removalPolicyOf(resource);
  return { ...base, ...(removalPolicy ? { removalPolicy } : {}), overrides, ...(r.unknown.length ? { unknown: [...r.unknown] } : {}) } as unknown as ModelNode;
}

/** The removal policy a resource's DeletionPolicy and UpdateReplacePolicy are written from (the pairs RemovalPolicy writes). */
function removalPolicyOf(resource: TemplateResourceData): ModelNode['removalPolicy'] {
  const pair = `${String(resource.DeletionPolicy)}/${String(resource.UpdateReplacePolicy)}`;
  const policies: Record<string, ModelNode['removalPolicy']> = {
    'Delete/Delete': 'destroy',
    'Retain/Retain': 'retain',
    'Snapshot/Snapshot': 'snapshot',
    'RetainExceptOnCreate/Retain': 'retain-on-update-or-delete',
  };
  return policies[pair];
}

/** `DependsOn` as node ids (ids that are not nodes are left out: they are edges' resources or gone). */
export function dependsOnOf(ctx: ImportContext, resource: TemplateResourceData): string[] {
  const d = resource.DependsOn;
  const ids = typeof d === 'string' ? [d] : Array.isArray(d) ? d.filter((x): x is string => typeof x === 'string') : [];
  return ids.flatMap((id) => {
    const t = ctx.targetOf(id);
    return t ? [t.nodeId] : [];
  });
}

const D = LIMITS.function;

const PROPS: Readonly<Record<Exclude<NodeKind, 'raw'>, (r: PropertyReader, ctx: ImportContext) => Record<string, unknown>>> = {
  function: (r, ctx) => {
    const env = r.value('Environment') as { Variables?: Record<string, ModelValue> } | undefined;
    const vpc = r.value('VpcConfig') as { SubnetIds?: ModelValue[]; SecurityGroupIds?: ModelValue[] } | undefined;
    const tracing = (r.value('TracingConfig') as { Mode?: string } | undefined)?.Mode;
    const arch = r.value('Architectures');
    const ephemeral = (r.value('EphemeralStorage') as { Size?: unknown } | undefined)?.Size;
    r.consume('DeadLetterConfig', 'Code');
    // A dead-letter queue outside the template: there is one, but the model has no node for it.
    const dlc = r.value('DeadLetterConfig') as { TargetArn?: ModelValue } | undefined;
    if (dlc?.TargetArn !== undefined && ctx.nodeIdIn(dlc.TargetArn) === undefined) r.markUnknown('deadLetter', 'DeadLetterConfig', r.value('DeadLetterConfig'));
    const tracingRaw = r.props.TracingConfig;
    if (tracingRaw !== undefined && !isKnownValue(r.value('TracingConfig'))) r.markUnknown('tracing', 'TracingConfig', r.value('TracingConfig'));
    const memory = r.number('MemorySize', 'memorySizeMb');
    const timeout = r.number('Timeout', 'timeoutSeconds');
    const loop = r.string('RecursiveLoop', 'recursiveLoop');
    return {
      functionName: r.value('FunctionName'),
      description: r.string('Description', 'description'),
      runtime: r.string('Runtime', 'runtime') ?? '',
      handler: r.string('Handler', 'handler') ?? '',
      code: codeOf(r, 'Code', ctx),
      memorySizeMb: memory ?? D.memorySize.default,
      timeoutSeconds: timeout ?? D.timeout.default,
      ephemeralStorageMb: ctx.number(ephemeral) ?? D.ephemeralStorage.default,
      environment: env && typeof env === 'object' && env.Variables && typeof env.Variables === 'object' && !Array.isArray(env.Variables) ? env.Variables : {},
      environmentKmsKeyArn: r.value('KmsKeyArn'),
      layers: Array.isArray(r.value('Layers')) ? (r.value('Layers') as ModelValue[]) : [],
      architecture: Array.isArray(arch) && arch[0] === 'arm64' ? 'arm64' : 'x86_64',
      reservedConcurrency: r.number('ReservedConcurrentExecutions', 'reservedConcurrency'),
      tracing: tracing === 'Active' || tracing === 'PassThrough' ? tracing : undefined,
      vpc: vpcOf(r, vpc),
      role: r.value('Role') ?? '',
      recursiveLoop: loop === 'Allow' || loop === 'Terminate' ? loop : undefined,
    };
  },
  version: (r, ctx) => ({
    functionId: ctx.nodeIdIn(r.raw('FunctionName')) ?? '',
    description: r.string('Description', 'description'),
    provisionedConcurrency: ctx.number((r.value('ProvisionedConcurrencyConfig') as { ProvisionedConcurrentExecutions?: unknown } | undefined)?.ProvisionedConcurrentExecutions),
    configHash: '',
  }),
  alias: (r, ctx) => {
    const weights = (r.value('RoutingConfig') as { AdditionalVersionWeights?: Array<{ FunctionVersion?: unknown; FunctionWeight?: unknown }> } | undefined)?.AdditionalVersionWeights ?? [];
    return {
      functionId: ctx.nodeIdIn(r.raw('FunctionName')) ?? '',
      aliasName: r.string('Name', 'aliasName') ?? '',
      version: versionOf(ctx, r.raw('FunctionVersion')),
      additionalVersions: (Array.isArray(weights) ? weights : []).map((w) => ({ version: versionOf(ctx, w.FunctionVersion), weight: ctx.number(w.FunctionWeight) ?? 0 })),
      provisionedConcurrency: ctx.number((r.value('ProvisionedConcurrencyConfig') as { ProvisionedConcurrentExecutions?: unknown } | undefined)?.ProvisionedConcurrentExecutions),
      description: r.string('Description', 'description'),
    };
  },
  layer: (r, ctx) => ({
    layerName: r.string('LayerName', 'layerName'),
    description: r.string('Description', 'description'),
    code: codeOf(r, 'Content', ctx),
    compatibleRuntimes: strings(r.value('CompatibleRuntimes')),
    compatibleArchitectures: strings(r.value('CompatibleArchitectures')),
    license: r.string('LicenseInfo', 'license'),
  }),
  queue: (r, ctx) => {
    // An object, or (as CloudFormation takes it too) the JSON text of one.
    const written = r.value('RedrivePolicy');
    const redrive = (jsonDocument(written) ?? written) as { deadLetterTargetArn?: ModelValue; maxReceiveCount?: unknown } | undefined;
    // A dead-letter queue of the template, or one outside it named by its ARN (an imported node).
    const dlq = redrive && typeof redrive === 'object' ? (ctx.nodeIdIn(redrive.deadLetterTargetArn) ?? ctx.externalQueue(redrive.deadLetterTargetArn, r.logicalId)) : undefined;
    // A dead-letter queue named by a value unknown before deploy, or a count unknown: there is a redrive policy, its details unknown.
    if (redrive !== undefined && (dlq === undefined || ctx.number(redrive.maxReceiveCount) === undefined)) r.markUnknown('deadLetter', 'RedrivePolicy', r.value('RedrivePolicy'));
    const kms = r.value('KmsMasterKeyId');
    const managed = r.boolean('SqsManagedSseEnabled', 'encryption');
    return {
      queueName: r.string('QueueName', 'queueName'),
      fifo: r.boolean('FifoQueue', 'fifo') ?? false,
      contentBasedDeduplication: r.boolean('ContentBasedDeduplication', 'contentBasedDeduplication'),
      visibilityTimeoutSeconds: r.number('VisibilityTimeout', 'visibilityTimeoutSeconds'),
      retentionPeriodSeconds: r.number('MessageRetentionPeriod', 'retentionPeriodSeconds'),
      deliveryDelaySeconds: r.number('DelaySeconds', 'deliveryDelaySeconds'),
      receiveWaitTimeSeconds: r.number('ReceiveMessageWaitTimeSeconds', 'receiveWaitTimeSeconds'),
      maxMessageSizeBytes: r.number('MaximumMessageSize', 'maxMessageSizeBytes'),
      deadLetter: dlq !== undefined ? { queue: dlq, maxReceiveCount: ctx.number(redrive!.maxReceiveCount) ?? 0 } : undefined,
      // SQS encrypts new queues with SQS-managed keys unless told otherwise.
      encryption: kms === 'alias/aws/sqs' ? 'kms-managed' : kms !== undefined ? 'kms' : managed === false ? 'none' : 'sqs-managed',
      kmsKeyArn: kms !== undefined && kms !== 'alias/aws/sqs' ? kms : undefined,
    };
  },
  topic: (r) => ({
    topicName: r.string('TopicName', 'topicName'),
    displayName: r.string('DisplayName', 'displayName'),
    fifo: r.boolean('FifoTopic', 'fifo') ?? false,
    contentBasedDeduplication: r.boolean('ContentBasedDeduplication', 'contentBasedDeduplication'),
  }),
  bucket: (r) => {
    const versioning = r.value('VersioningConfiguration') as { Status?: unknown } | undefined;
    return {
      bucketName: r.string('BucketName', 'bucketName'),
      versioned: versioning?.Status === 'Enabled',
      blockPublicAccess: blockPublicAccessOf(r),
      encryption: bucketEncryptionOf(r),
      eventBridgeEnabled: eventBridgeOf(r),
    };
  },
  table: (r, ctx) => {
    const keys = (r.value('KeySchema') ?? []) as Array<{ AttributeName?: string; KeyType?: string }>;
    const defs = (r.value('AttributeDefinitions') ?? []) as Array<{ AttributeName?: string; AttributeType?: string }>;
    const key = (type: string) => {
      const k = Array.isArray(keys) ? keys.find((x) => x?.KeyType === type) : undefined;
      if (!k?.AttributeName) return undefined;
      const t = Array.isArray(defs) ? defs.find((d) => d?.AttributeName === k.AttributeName)?.AttributeType : undefined;
      return { name: k.AttributeName, type: t === 'N' || t === 'B' ? t : 'S' };
    };
    const throughput = r.value('ProvisionedThroughput') as { ReadCapacityUnits?: unknown; WriteCapacityUnits?: unknown } | undefined;
    const stream = (r.value('StreamSpecification') as { StreamViewType?: string } | undefined)?.StreamViewType;
    const billing = r.string('BillingMode', 'billingMode');
    const sse = exactly(r, 'SSESpecification', { SSEEnabled: 'boolean' });
    const pitr = exactly(r, 'PointInTimeRecoverySpecification', { PointInTimeRecoveryEnabled: 'boolean', RecoveryPeriodInDays: 'number?' });
    const ttl = exactly(r, 'TimeToLiveSpecification', { AttributeName: 'string', Enabled: 'boolean' });
    const tableClass = r.props.TableClass === 'STANDARD' || r.props.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? r.string('TableClass', 'tableClass') : undefined;
    return {
      tableName: r.string('TableName', 'tableName'),
      partitionKey: key('HASH') ?? { name: '', type: 'S' },
      sortKey: key('RANGE'),
      billingMode: billing === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
      readCapacity: ctx.number(throughput?.ReadCapacityUnits),
      writeCapacity: ctx.number(throughput?.WriteCapacityUnits),
      streamViewType: stream,
      sseEnabled: sse?.SSEEnabled as boolean | undefined,
      pointInTimeRecovery: pitr ? { enabled: pitr.PointInTimeRecoveryEnabled as boolean, recoveryPeriodInDays: pitr.RecoveryPeriodInDays as number | undefined } : undefined,
      // (a TTL written disabled stays as written: the model holds an enabled one only)
      timeToLiveAttribute: ttl?.Enabled === true ? (ttl.AttributeName as string) : unread(r, 'TimeToLiveSpecification', ttl),
      deletionProtection: typeof r.props.DeletionProtectionEnabled === 'boolean' ? r.boolean('DeletionProtectionEnabled', 'deletionProtection') : undefined,
      tableClass,
    };
  },
  stream: (r, ctx) => {
    const mode = (r.value('StreamModeDetails') as { StreamMode?: string } | undefined)?.StreamMode;
    const encryption = r.value('StreamEncryption') as { EncryptionType?: string } | undefined;
    return {
      streamName: r.string('Name', 'streamName'),
      mode: mode === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED',
      shardCount: r.number('ShardCount', 'shardCount'),
      retentionHours: r.number('RetentionPeriodHours', 'retentionHours') ?? 24,
      encrypted: encryption?.EncryptionType === 'KMS',
      ...(ctx ? {} : {}),
    };
  },
  api: (r) => {
    r.consume('ProtocolType');
    const corsValue = r.value('CorsConfiguration');
    const cors = corsOf(corsValue);
    if (!cors && corsValue !== undefined) r.markUnknown('cors', 'CorsConfiguration', corsValue);
    return { apiName: r.string('Name', 'apiName'), description: r.string('Description', 'description'), stageName: '$default', cors };
  },
  schedule: (r) => {
    r.consume('Targets');
    const state = r.string('State', 'enabled');
    return {
      ruleName: r.string('Name', 'ruleName'),
      description: r.string('Description', 'description'),
      scheduleExpression: r.string('ScheduleExpression', 'scheduleExpression'),
      eventPattern: r.value('EventPattern'),
      enabled: state !== 'DISABLED',
    };
  },
  role: (r) => {
    r.consume('Policies');
    const trust = r.value('AssumeRolePolicyDocument') as { Statement?: Array<{ Principal?: { Service?: ModelValue } }> } | undefined;
    const services = (Array.isArray(trust?.Statement) ? trust!.Statement : []).flatMap((s) => strings(s?.Principal?.Service));
    return {
      roleName: r.string('RoleName', 'roleName'),
      assumedBy: services,
      managedPolicies: Array.isArray(r.value('ManagedPolicyArns')) ? (r.value('ManagedPolicyArns') as ModelValue[]) : [],
    };
  },
};

/**
 * A property that is an object of exactly these literal fields (`?`: optional), read and
 * returned; anything else (another field, a deploy-time value) is left unread: kept as written.
 */
function exactly(r: PropertyReader, name: string, fields: Record<string, 'boolean' | 'number' | 'string' | 'boolean?' | 'number?' | 'string?'>): Record<string, unknown> | undefined {
  const v = r.props[name];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => !(k in fields))) return undefined;
  for (const [k, type] of Object.entries(fields)) {
    if (o[k] === undefined ? !type.endsWith('?') : typeof o[k] !== type.replace('?', '')) return undefined;
  }
  r.consume(name);
  return o;
}

/** Gives a property read by `exactly` back to the overrides (it matched, but the model cannot hold it). */
function unread(r: PropertyReader, name: string, read: unknown): undefined {
  if (read !== undefined) r.unconsume(name);
  return undefined;
}

/** A bucket's PublicAccessBlockConfiguration, when every setting is a literal boolean. */
function blockPublicAccessOf(r: PropertyReader): BucketNodeProps['blockPublicAccess'] {
  const b = exactly(r, 'PublicAccessBlockConfiguration', { BlockPublicAcls: 'boolean?', BlockPublicPolicy: 'boolean?', IgnorePublicAcls: 'boolean?', RestrictPublicBuckets: 'boolean?' });
  if (!b) return undefined;
  return sanitize({
    blockPublicAcls: b.BlockPublicAcls as boolean | undefined,
    blockPublicPolicy: b.BlockPublicPolicy as boolean | undefined,
    ignorePublicAcls: b.IgnorePublicAcls as boolean | undefined,
    restrictPublicBuckets: b.RestrictPublicBuckets as boolean | undefined,
  }) as BucketNodeProps['blockPublicAccess'];
}

/** A bucket's BucketEncryption when it is one default of an AWS managed key (what the backends write), else undefined (kept as written). */
function bucketEncryptionOf(r: PropertyReader): BucketNodeProps['encryption'] {
  const v = r.props.BucketEncryption as { ServerSideEncryptionConfiguration?: unknown } | undefined;
  const rules = v && typeof v === 'object' && Object.keys(v).length === 1 ? v.ServerSideEncryptionConfiguration : undefined;
  if (!Array.isArray(rules) || rules.length !== 1) return undefined;
  const rule = rules[0] as { ServerSideEncryptionByDefault?: Record<string, unknown> } | undefined;
  const byDefault = rule && typeof rule === 'object' && Object.keys(rule).length === 1 ? rule.ServerSideEncryptionByDefault : undefined;
  const algorithm = byDefault && Object.keys(byDefault).length === 1 ? byDefault.SSEAlgorithm : undefined;
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') return undefined;
  r.consume('BucketEncryption');
  return algorithm;
}

/**
 * `NotificationConfiguration.EventBridgeConfiguration` enabled: the model's `eventBridgeEnabled`.
 * The rest of the notification configuration is the notification edges' (read with them).
 */
function eventBridgeOf(r: PropertyReader): true | undefined {
  r.consume('NotificationConfiguration');
  const n = r.props.NotificationConfiguration as { EventBridgeConfiguration?: { EventBridgeEnabled?: unknown } } | undefined;
  const e = n && typeof n === 'object' ? n.EventBridgeConfiguration : undefined;
  return e && typeof e === 'object' && (e.EventBridgeEnabled === true || e.EventBridgeEnabled === undefined) ? true : undefined;
}

/**
 * A function's VPC settings. Subnet or security group lists known only at deploy (`!Ref` of a list
 * parameter without a value) leave the VPC settings unknown: the list may hold any number of ids.
 */
export function vpcOf(r: PropertyReader, vpc: { SubnetIds?: ModelValue[]; SecurityGroupIds?: ModelValue[] } | undefined): { subnetIds: ModelValue[]; securityGroupIds: ModelValue[] } | undefined {
  if (!vpc || (!vpc.SubnetIds && !vpc.SecurityGroupIds)) return undefined;
  if ((vpc.SubnetIds !== undefined && !Array.isArray(vpc.SubnetIds)) || (vpc.SecurityGroupIds !== undefined && !Array.isArray(vpc.SecurityGroupIds))) r.markUnknown('vpc', 'VpcConfig', r.value('VpcConfig'));
  return { subnetIds: list(vpc.SubnetIds), securityGroupIds: list(vpc.SecurityGroupIds) };
}

/** An HTTP API's `CorsConfiguration` (CloudFormation's and SAM's names are the same); undefined when it is not a map of known values. */
export function corsOf(value: unknown): ApiNodeProps['cors'] {
  const c = obj(value);
  if (!c || isExpr(c)) return undefined;
  return sanitize({
    allowOrigins: strings(c.AllowOrigins),
    allowMethods: strings(c.AllowMethods),
    allowHeaders: strings(c.AllowHeaders),
    exposeHeaders: strings(c.ExposeHeaders),
    allowCredentials: typeof c.AllowCredentials === 'boolean' ? c.AllowCredentials : undefined,
    maxAgeSeconds: typeof c.MaxAge === 'number' ? c.MaxAge : undefined,
  });
}

/** A version reference: the version node id, or `$LATEST`. */
function versionOf(ctx: ImportContext, v: unknown): string {
  if (v === '$LATEST' || v === undefined) return '$LATEST';
  return ctx.nodeIdIn(v) ?? (typeof v === 'string' ? v : '$LATEST');
}

