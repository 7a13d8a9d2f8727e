/**
 * `AWS::SQS::QueuePolicy`: taken in when every statement is one the backends write for the
 * model's edges (SNS topics delivering to a queue or using it as a subscription's dead-letter
 * queue, rules using it as a dead-letter queue or
 * targeting it, buckets notifying it) or for
 * the queue's `enforceSSL` (then set on the queue node); any other policy stays a raw node, as written.
 */
import type { ModelValue } from '../../model/types.js';
import type { ImportContext, TemplateResourceData } from '../context.js';
import { stableJson } from '../../core/util.js';
import { ruleTargetQueueStatement, ruleTargetTopicStatement, topicSslStatement } from '../../synth/cfn/push.js';
import { isArnOfBucket } from './edges.js';
import { isQueueSslStatement, markEnforceSSL } from './ssl-policy.js';

export function importQueuePolicy(ctx: ImportContext, _logicalId: string, resource: TemplateResourceData): boolean {
  const p = resource.Properties ?? {};
  const queues = Array.isArray(p.Queues) ? p.Queues.map((q) => ctx.nodeIdIn(q)) : [];
  if (queues.length !== 1 || queues[0] === undefined) return false;
  const queue = queues[0];
  const doc = ctx.value(p.PolicyDocument) as { Statement?: unknown } | undefined;
  const statements = Array.isArray(doc?.Statement) ? (doc!.Statement as Array<Record<string, ModelValue>>) : [];
  if (statements.length === 0) return false;
  // The statement enforceSSL writes (first, as the backends write it), in the template's form.
  const raw = (p.PolicyDocument as { Statement?: unknown[] } | undefined)?.Statement;
  const queueLogicalId = ctx.node(queue)?.logicalId;
  const ssl = queueLogicalId !== undefined && Array.isArray(raw) && isQueueSslStatement(raw[0], queueLogicalId);
  const offset = ssl ? 1 : 0;
  const accepted = statements.slice(offset).every((s, i) => {
    if (isRuleTargetQueueStatement(ctx, raw?.[i + offset], queue)) return true;
    const service = (s?.Principal as { Service?: unknown } | undefined)?.Service;
    if (service === 's3.amazonaws.com') return isNotificationStatement(ctx, s, queue, ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);
    const source = ctx.nodeIdIn(((s?.Condition as Record<string, Record<string, ModelValue>> | undefined)?.ArnEquals ?? {})['aws:SourceArn']);
    if (s?.Effect !== 'Allow' || s.Action !== 'sqs:SendMessage' || ctx.nodeIdIn(s.Resource) !== queue || source === undefined) return false;
    // A topic delivering to the queue, or sending there what its subscription cannot deliver (the subscription's DLQ).
    if (service === 'sns.amazonaws.com') return ctx.edges.some((e) => e.kind === 'subscription' && e.from === source && (e.to === queue || e.props.deadLetterQueue === queue));
    if (service === 'events.amazonaws.com') return ctx.edges.some((e) => e.kind === 'ruleTarget' && e.from === source && e.props.deadLetterQueue === queue);
    return false;
  });
  if (accepted && ssl) markEnforceSSL(ctx, queue);
  return accepted;
}

/**
 * Whether a statement (in the template's form) is the one the backends write for a rule sending to
 * the queue (`SqsQueue` target), for a rule target edge of the template.
 */
function isRuleTargetQueueStatement(ctx: ImportContext, statement: unknown, queue: string): boolean {
  const n = ctx.node(queue);
  if (n?.kind !== 'queue' || statement === null || typeof statement !== 'object') return false;
  const encrypted = n.props.encryption === 'kms' || n.props.encryption === 'kms-managed';
  const written = stableJson(statement);
  const queueArn = { 'Fn::GetAtt': [n.logicalId, 'Arn'] };
  return ctx.edges.some((e) => {
    if (e.kind !== 'ruleTarget' || e.to !== queue) return false;
    const rule = ctx.node(e.from);
    return rule !== undefined && written === stableJson(ruleTargetQueueStatement(queueArn, { 'Fn::GetAtt': [rule.logicalId, 'Arn'] }, encrypted));
  });
}

/**
 * Whether a statement is the one the backends write for a bucket notifying a queue or topic
 * (aws-cdk-lib's: `s3.amazonaws.com` allowed `actions` on it, `ArnLike aws:SourceArn` the bucket),
 * for a notification edge of the template.
 */
export function isNotificationStatement(ctx: ImportContext, s: Record<string, ModelValue>, target: string, actions: readonly string[]): boolean {
  const action = Array.isArray(s.Action) ? s.Action : [s.Action];
  const condition = s.Condition as Record<string, Record<string, ModelValue>> | undefined;
  const keys = Object.keys(s).filter((k) => k !== 'Sid');
  if (s.Effect !== 'Allow' || keys.length !== 5 || ctx.nodeIdIn(s.Resource) !== target || condition === null || typeof condition !== 'object') return false;
  if (action.length !== actions.length || !actions.every((a) => action.includes(a))) return false;
  if (Object.keys(condition).length !== 1 || !condition.ArnLike || Object.keys(condition.ArnLike).length !== 1) return false;
  const source = condition.ArnLike['aws:SourceArn'];
  if ((s.Principal as { Service?: unknown } | undefined)?.Service !== 's3.amazonaws.com' || source === undefined) return false;
  const bucket = ctx.nodeIdIn(source);
  return ctx.edges.some((e) => e.kind === 'notification' && e.to === target && (e.from === bucket || isArnOfBucket(ctx, source, e.from)));
}

/**
 * `AWS::SNS::TopicPolicy` of one topic: taken in when its statements are those the backends write
 * (enforceSSL's first, then one per bucket notifying the topic, then one for EventBridge when a
 * rule targets the topic, each with its index as Sid); any
 * other policy stays a raw node (or is the enforceSSL-only policy ssl-policy.ts reads).
 */
export function importTopicPolicy(ctx: ImportContext, _logicalId: string, resource: TemplateResourceData): boolean {
  const p = resource.Properties ?? {};
  if (Object.keys(p).some((k) => k !== 'PolicyDocument' && k !== 'Topics') || resource.DependsOn !== undefined || resource.Condition !== undefined) return false;
  const topics = Array.isArray(p.Topics) ? p.Topics.map((t) => ctx.nodeIdIn(t)) : [];
  if (topics.length !== 1 || topics[0] === undefined) return false;
  const topic = topics[0];
  const node = ctx.node(topic);
  if (node?.kind !== 'topic') return false;
  const doc = ctx.value(p.PolicyDocument) as { Statement?: unknown } | undefined;
  const statements = Array.isArray(doc?.Statement) ? (doc!.Statement as Array<Record<string, ModelValue>>) : [];
  const raw = (p.PolicyDocument as { Statement?: unknown[] } | undefined)?.Statement;
  const ssl = Array.isArray(raw) && raw.length > 0 && stableJson(raw[0]) === stableJson(topicSslStatement({ Ref: node.logicalId }));
  const rest = statements.slice(ssl ? 1 : 0);
  if (rest.length === 0) return false;
  // (then the one statement letting EventBridge publish, when a rule of the template targets the topic)
  const targeted = ctx.edges.some((e) => e.kind === 'ruleTarget' && e.to === topic);
  const eventsStatement = stableJson(ruleTargetTopicStatement({ Ref: node.logicalId }));
  const accepted = rest.every((s, i) => {
    const sid = String(i + (ssl ? 1 : 0));
    if (s?.Sid !== sid) return false;
    if (targeted && i === rest.length - 1 && Array.isArray(raw) && stableJson(withoutSid(raw[i + (ssl ? 1 : 0)])) === eventsStatement) return true;
    return isNotificationStatement(ctx, s, topic, ['sns:Publish']);
  });
  if (accepted && ssl) markEnforceSSL(ctx, topic);
  return accepted;
}

/** A statement without its Sid. */
function withoutSid(statement: unknown): unknown {
  if (statement === null || typeof statement !== 'object') return statement;
  const { Sid: _sid, ...rest } = statement as Record<string, unknown>;
  return rest;
}
