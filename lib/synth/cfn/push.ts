import { capId, cdkChildId, cdkLogicalId, cdkNodeUniqueId, cdkStylePath } from '../../core/logical-id.js';
import { LIMITS } from '../../model/defaults.js';
import type { BucketNode, NotificationEdge, RuleTargetEdge, ScheduleNode, SubscriptionEdge, TopicNode } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';
import {
  apiConfigurations,
  AUTO_DELETE_TAG,
  autoDeleteStatement,
  bucketConfigurations,
  notificationPolicyStatement,
  notificationTargetKind,
  renderAutoDelete,
  renderNotificationsResource,
  resourcePolicyId,
  usesNotificationsResource,
} from './notifications.js';

/** `AWS::SNS::Topic`. */
export function renderTopic(n: TopicNode, ctx: RenderContext, out: ResourceSet): void {
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::SNS::Topic',
    Properties: {
      TopicName: n.props.topicName,
      DisplayName: n.props.displayName,
      FifoTopic: n.props.fifo ? true : undefined,
      ContentBasedDeduplication: n.props.contentBasedDeduplication,
      KmsMasterKeyId: ctx.value(n.props.kmsMasterKeyId),
      Tags: ctx.tagList(n.tags),
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
  // enforceSSL's statement, then one for each bucket notifying the topic (aws-cdk-lib's, its Sid the statement's index as CDK's TopicPolicy assigns it).
  // Then the one statement (however many rules) letting EventBridge publish, when a rule targets the topic (aws-cdk-lib's `SnsTopic` grant).
  const statements: Array<Record<string, unknown>> = n.props.enforceSSL ? [topicSslStatement(ctx.arn(n.id))] : [];
  for (const e of ctx.graph.edgesTo(n.id, 'notification')) if (e.partOf === undefined) statements.push({ Sid: String(statements.length), ...notificationPolicyStatement(e, ctx) });
  if (ctx.graph.edgesTo(n.id, 'ruleTarget').some((e) => e.partOf === undefined)) statements.push({ Sid: String(statements.length), ...ruleTargetTopicStatement(ctx.arn(n.id)) });
  if (statements.length) {
    out.add(resourcePolicyId(n.id, ctx), `${n.origin.path}/Policy`, {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: { Topics: [{ Ref: n.logicalId }], PolicyDocument: { Version: '2012-10-17', Statement: statements } },
    });
  }
}

/** The statement of a topic's policy letting EventBridge publish to it (aws-cdk-lib's `SnsTopic` target: `topic.grantPublish(events.amazonaws.com)`). */
export function ruleTargetTopicStatement(topicArn: unknown): Record<string, unknown> {
  return { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn };
}

/**
 * The statement of a queue's policy letting a rule send to it (aws-cdk-lib's `SqsQueue` target:
 * `queue.grantSendMessages(events.amazonaws.com)`, on condition of the rule's ARN; for a queue
 * encrypted with a KMS key, of the account, as CDK writes it to avoid a dependency cycle).
 */
export function ruleTargetQueueStatement(queueArn: unknown, ruleArn: unknown, encrypted: boolean): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    Resource: queueArn,
    Condition: encrypted ? { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } : { ArnEquals: { 'aws:SourceArn': ruleArn } },
  };
}

/** `Bool` condition of a statement that matches requests not made over TLS. */
const NOT_TLS = { Bool: { 'aws:SecureTransport': 'false' } };

/** The statement aws-cdk-lib's `enforceSSL` adds to a topic's policy: publishing without TLS is denied. */
export function topicSslStatement(topicArn: unknown): Record<string, unknown> {
  return { Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topicArn, Condition: NOT_TLS };
}

/** The statement aws-cdk-lib's `enforceSSL` adds to a queue's policy: every request without TLS is denied. */
export function queueSslStatement(queueArn: unknown): Record<string, unknown> {
  return { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: queueArn, Condition: NOT_TLS };
}

/** The statement aws-cdk-lib's `enforceSSL` adds to a bucket's policy: every request without TLS is denied, on the bucket and its objects. */
export function bucketSslStatement(bucketLogicalId: string): Record<string, unknown> {
  const arn = { 'Fn::GetAtt': [bucketLogicalId, 'Arn'] };
  return { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }], Condition: NOT_TLS };
}

/** One S3 notification to a function in CloudFormation form (one entry per event type). */
export function lambdaConfigurations(e: NotificationEdge, ctx: RenderContext): Array<Record<string, unknown>> {
  return bucketConfigurations([e], ctx).LambdaConfigurations ?? [];
}

/**
 * What S3 checks when a notification is saved, which must exist first: the permission to invoke a
 * function, the queue's or topic's policy (undefined: nothing of the stack, as for a function
 * imported with `skipPermissions` or a queue or topic outside the stack).
 */
export function notificationPrerequisite(e: NotificationEdge, ctx: RenderContext): string | undefined {
  if (notificationTargetKind(e, ctx) === 'function') return ctx.skipsPermissions(e.to!) ? undefined : notificationPermissionId(e, ctx);
  return ctx.node(e.to!).imported ? undefined : resourcePolicyId(e.to!, ctx);
}

/**
 * `AWS::S3::Bucket` with the given notifications in its NotificationConfiguration, created after
 * their permissions and destination policies (S3 checks it may deliver to each when the
 * configuration is saved); or, when that would make a dependency cycle, with a
 * `Custom::S3BucketNotifications` resource holding them (notifications.ts). With
 * `autoDeleteObjects`, the `Custom::S3AutoDeleteObjects` resource too.
 */
export function renderBucket(n: BucketNode, ctx: RenderContext, out: ResourceSet, notifications: readonly NotificationEdge[]): void {
  const custom = usesNotificationsResource(ctx, n.id);
  const configs = custom ? {} : bucketConfigurations(notifications, ctx);
  const prerequisites = [...new Set(notifications.map((e) => notificationPrerequisite(e, ctx)).filter((x): x is string => x !== undefined))];
  const deps = [...(dependsOn(n.dependsOn, ctx) ?? []), ...(custom ? [] : prerequisites)].sort();
  const p = n.props;
  const block = p.blockPublicAccess;
  const notification = {
    ...(p.eventBridgeEnabled && !custom ? { EventBridgeConfiguration: { EventBridgeEnabled: true } } : {}),
    ...configs,
  };
  const tags = [...(p.autoDeleteObjects ? [{ Key: AUTO_DELETE_TAG, Value: 'true' }] : []), ...(ctx.tagList(n.tags) ?? [])];
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketName: ctx.value(p.bucketName),
      BucketEncryption: p.encryption ? { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: p.encryption } }] } : undefined,
      VersioningConfiguration: p.versioned ? { Status: 'Enabled' } : undefined,
      PublicAccessBlockConfiguration: block
        ? { BlockPublicAcls: block.blockPublicAcls, BlockPublicPolicy: block.blockPublicPolicy, IgnorePublicAcls: block.ignorePublicAcls, RestrictPublicBuckets: block.restrictPublicBuckets }
        : undefined,
      NotificationConfiguration: Object.keys(notification).length ? notification : undefined,
      Tags: tags.length ? tags : undefined,
    },
    DependsOn: deps.length ? deps : undefined,
  }, n.overrides);
  const policyId = cdkChildId(ctx.stack.path, n, ['Policy', 'Resource']) ?? capId(n.logicalId, 'Policy');
  const statements = [...(p.enforceSSL ? [bucketSslStatement(n.logicalId)] : []), ...(p.autoDeleteObjects ? [autoDeleteStatement(ctx, n)] : [])];
  if (statements.length) {
    out.add(policyId, `${n.origin.path}/Policy`, {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: n.logicalId }, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
    });
  }
  if (p.autoDeleteObjects) renderAutoDelete(n, policyId, ctx, out);
  if (custom && (notifications.length || p.eventBridgeEnabled)) {
    const configuration = { ...apiConfigurations(notifications, ctx), ...(p.eventBridgeEnabled ? { EventBridgeConfiguration: {} } : {}) };
    renderNotificationsResource(n, configuration, prerequisites, ctx, out);
  }
}

/** The logical id of the permission for S3 to invoke a notification's function (SAM's `<Function><Event>Permission`). */
export function notificationPermissionId(e: NotificationEdge, ctx: RenderContext): string {
  // With CDK's logical ids: CDK's `<Bucket>/AllowBucketNotificationsTo<the function's unique id>`.
  const below = cdkStylePath(ctx.stack.path, ctx.node(e.from));
  if (below && e.to !== undefined) return cdkLogicalId([...below, `AllowBucketNotificationsTo${cdkNodeUniqueId(ctx.node(e.to).id)}`], e.from);
  return capId(e.logicalId!, 'Permission');
}

/**
 * The permission for S3 to invoke a notification's function: limited to this account, and to the
 * bucket's ARN when the bucket has a fixed name (its ARN is then known without referencing the
 * bucket, which depends on this permission). A bucket whose name CloudFormation generates is
 * named by nothing else the permission could reference without a dependency cycle, so its
 * permission is limited to the account, as SAM's is.
 */
export function renderNotificationPermission(e: NotificationEdge, ctx: RenderContext, out: ResourceSet): void {
  // (a queue or topic is allowed by a statement of its policy: renderQueuePolicies, renderTopic)
  if (notificationTargetKind(e, ctx) !== 'function') return;
  if (ctx.skipsPermissions(e.to!)) return;
  out.add(notificationPermissionId(e, ctx), e.id, {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: ctx.arn(e.to!),
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: notificationSourceArn(e, ctx),
    },
  });
}

/**
 * The ARN of a notification's bucket for its permission: when it can be written without
 * referencing the bucket (a fixed name), or when the bucket's notifications are a custom resource
 * (the bucket then depends on nothing); else undefined.
 */
export function notificationSourceArn(e: NotificationEdge, ctx: RenderContext): unknown {
  const bucket = ctx.nodeOf(e.from, 'bucket');
  return bucket.props.bucketName === undefined && !usesNotificationsResource(ctx, bucket.id) ? undefined : ctx.arn(bucket.id);
}

/** `AWS::SNS::Subscription`, and for a function the permission for SNS to invoke it. */
export function renderSubscription(e: SubscriptionEdge, ctx: RenderContext, out: ResourceSet): void {
  // A queue of the stack gets the subscription once its policy lets the topic send (as aws-cdk-lib
  // writes it): a message published before the policy exists would be lost.
  const queue = e.props.protocol === 'sqs' && e.to !== undefined ? ctx.graph.find(e.to) : undefined;
  const policy = queue?.kind === 'queue' && !queue.imported && queuePolicyStatements(queue.id, ctx).length > 0 ? resourcePolicyId(queue.id, ctx) : undefined;
  const after = [...new Set([...(dependsOn(e.dependsOn, ctx) ?? []), ...(policy ? [policy] : [])])].sort();
  out.add(e.logicalId!, e.id, {
    Type: 'AWS::SNS::Subscription',
    Properties: {
      TopicArn: ctx.arn(e.from),
      Protocol: e.props.protocol,
      Endpoint: e.to !== undefined ? ctx.arn(e.to) : ctx.value(e.props.endpoint), // an email address or a URL: outside the app
      FilterPolicy: ctx.value(e.props.filterPolicy),
      RawMessageDelivery: e.props.rawMessageDelivery,
      RedrivePolicy: e.props.deadLetterQueue !== undefined ? { deadLetterTargetArn: ctx.arn(e.props.deadLetterQueue) } : undefined,
    },
    DependsOn: after.length ? after : undefined,
  }, e.overrides);
  if (e.props.protocol === 'lambda' && !ctx.skipsPermissions(e.to!)) {
    out.add(e.derivedLogicalIds?.permission ?? capId(e.logicalId!, 'Permission'), e.id, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: ctx.arn(e.to!), Principal: 'sns.amazonaws.com', SourceArn: ctx.arn(e.from) },
    });
  }
}

/** A rule target in CloudFormation form. */
export function ruleTarget(e: RuleTargetEdge, ctx: RenderContext, targetId: string): Record<string, unknown> {
  const p = e.props;
  const retry = p.retryAttempts !== undefined || p.maxEventAgeSeconds !== undefined ? { MaximumRetryAttempts: p.retryAttempts, MaximumEventAgeInSeconds: p.maxEventAgeSeconds } : undefined;
  return {
    Id: targetId,
    Arn: ctx.arn(e.to!),
    Input: p.input !== undefined ? ctx.json(p.input) : undefined,
    SqsParameters: p.messageGroupId !== undefined ? { MessageGroupId: p.messageGroupId } : undefined,
    RetryPolicy: retry,
    DeadLetterConfig: p.deadLetterQueue ? { Arn: ctx.arn(p.deadLetterQueue) } : undefined,
  };
}

/** Whether a rule target ends at a queue or topic (not a function, version or alias). */
export function isResourceTarget(e: RuleTargetEdge, ctx: RenderContext): boolean {
  const kind = ctx.graph.find(e.to!)?.kind;
  return kind === 'queue' || kind === 'topic';
}

/**
 * The target id of a rule target: SAM's `<Rule>LambdaTarget` for a single function target, else
 * `<Function>Target` (`<Queue>Target`, `<Topic>Target`); cut (with a hash, so still unique and
 * stable) to EventBridge's 64 characters.
 */
export function ruleTargetId(rule: ScheduleNode, e: RuleTargetEdge, single: boolean, ctx: RenderContext): string {
  // With CDK's logical ids: CDK's `Target<index>`, in the order the targets were added.
  if (cdkStylePath(ctx.stack.path, rule)) return `Target${ctx.graph.edgesFrom(rule.id, 'ruleTarget').indexOf(e)}`;
  return single && !isResourceTarget(e, ctx) ? capId(rule.logicalId, 'LambdaTarget', LIMITS.rule.targetId.maxLength) : capId(ctx.logicalId(e.to!), 'Target', LIMITS.rule.targetId.maxLength);
}

/** The permission for EventBridge to invoke a target: SAM's `<Rule>Permission` for a single target, else `<Rule><Function>Permission`. */
export function ruleTargetPermissionId(rule: ScheduleNode, e: RuleTargetEdge, single: boolean, ctx: RenderContext): string {
  // With CDK's logical ids: CDK's `<Rule>/AllowEventRule<the function's unique id>`.
  const below = cdkStylePath(ctx.stack.path, rule);
  if (below) return cdkLogicalId([...below, `AllowEventRule${cdkNodeUniqueId(ctx.node(e.to!).id)}`], rule.id);
  return single ? capId(rule.logicalId, 'Permission') : capId(`${rule.logicalId}${ctx.logicalId(e.to!)}`, 'Permission');
}

/** `AWS::Events::Rule` with its targets, and a permission per target for EventBridge to invoke it. */
export function renderRule(n: ScheduleNode, ctx: RenderContext, out: ResourceSet, targets: readonly RuleTargetEdge[]): void {
  const p = n.props;
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: p.ruleName,
      Description: p.description,
      ScheduleExpression: p.scheduleExpression,
      EventPattern: ctx.value(p.eventPattern),
      State: p.enabled ? undefined : 'DISABLED', // ENABLED is the default
      Targets: targets.length ? targets.map((e) => ruleTarget(e, ctx, ruleTargetId(n, e, targets.length === 1, ctx))) : undefined,
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
  // (a queue or topic is allowed by a statement of its policy: renderQueuePolicies, renderTopic)
  for (const e of targets) {
    if (isResourceTarget(e, ctx) || ctx.skipsPermissions(e.to!)) continue;
    out.add(ruleTargetPermissionId(n, e, targets.length === 1, ctx), e.id, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: ctx.arn(e.to!), Principal: 'events.amazonaws.com', SourceArn: ctx.arn(n.id) },
    });
  }
}

/** A statement letting a service send to the queue on behalf of one source (by its ARN). */
function allowSend(ctx: RenderContext, queueId: string, service: string, source: unknown): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sqs:SendMessage',
    Resource: ctx.arn(queueId),
    Condition: { ArnEquals: { 'aws:SourceArn': source } },
  };
}

/** Statements of the resource policy a queue needs: SNS topics delivering to it, rules using it as a DLQ, rules targeting it, buckets notifying it. */
export function queuePolicyStatements(queueId: string, ctx: RenderContext): Array<Record<string, unknown>> {
  const statements: Array<Record<string, unknown>> = [];
  if (ctx.nodeOf(queueId, 'queue').props.enforceSSL) statements.push(queueSslStatement(ctx.arn(queueId)));
  // (a subscription part of a topic of an imported template comes with that template's own policies)
  for (const e of ctx.graph.edgesTo(queueId, 'subscription')) if (e.props.protocol === 'sqs' && e.partOf === undefined) statements.push(allowSend(ctx, queueId, 'sns.amazonaws.com', ctx.arn(e.from)));
  // Dead-letter queues of rule targets (EventBridge sends) and of subscriptions (SNS sends; an imported template's own policies stand).
  for (const e of ctx.graph.deadLetterSources(queueId)) {
    if (e.kind === 'ruleTarget') statements.push(allowSend(ctx, queueId, 'events.amazonaws.com', ctx.arn(e.from)));
    else if (e.partOf === undefined) statements.push(allowSend(ctx, queueId, 'sns.amazonaws.com', ctx.arn(e.from)));
  }
  const encryption = ctx.nodeOf(queueId, 'queue').props.encryption;
  const encrypted = encryption === 'kms' || encryption === 'kms-managed';
  for (const e of ctx.graph.edgesTo(queueId, 'ruleTarget')) if (e.partOf === undefined) statements.push(ruleTargetQueueStatement(ctx.arn(queueId), ctx.arn(e.from), encrypted));
  for (const e of ctx.graph.edgesTo(queueId, 'notification')) if (e.partOf === undefined) statements.push(notificationPolicyStatement(e, ctx));
  const seen = new Set<string>();
  return statements.filter((s) => {
    const key = JSON.stringify(s);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** `AWS::SQS::QueuePolicy` for every queue that needs one (one policy per queue: a second would replace the first). */
export function renderQueuePolicies(ctx: RenderContext, out: ResourceSet): void {
  for (const n of ctx.graph.nodes('queue')) {
    // A queue outside the stack keeps its own policy (aws-cdk-lib writes none for an imported queue).
    if (n.imported) continue;
    const statements = queuePolicyStatements(n.id, ctx);
    if (!statements.length) continue;
    out.add(resourcePolicyId(n.id, ctx), n.origin.path, {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: { Queues: [{ Ref: n.logicalId }], PolicyDocument: { Version: '2012-10-17', Statement: statements } },
    });
  }
}
