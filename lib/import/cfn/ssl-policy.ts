/**
 * The resource policies the backends write for `enforceSSL` (aws-cdk-lib's statements denying
 * requests not made over TLS): an `AWS::SNS::TopicPolicy` or `AWS::S3::BucketPolicy` whose one
 * statement is that of its one topic or bucket of the template is taken in by the node
 * (`enforceSSL`); any other policy stays a raw node, as written. Queue policies are read by
 * `queue-policy.ts`, with this module's `isQueueSslStatement`.
 */
import { stableJson } from '../../core/util.js';
import type { ModelNode } from '../../model/types.js';
import { bucketSslStatement, queueSslStatement, topicSslStatement } from '../../synth/cfn/push.js';
import type { ImportContext, TemplateResourceData } from '../context.js';

/** The logical id a `{ Ref }` names, or undefined. */
function refOf(v: unknown): string | undefined {
  const ref = (v as { Ref?: unknown } | undefined)?.Ref;
  return v && typeof v === 'object' && Object.keys(v).length === 1 && typeof ref === 'string' ? ref : undefined;
}

/** The one statement of a raw policy document, when it is `Version` 2012-10-17 with exactly one statement. */
function onlyStatement(doc: unknown): unknown {
  const d = doc as { Version?: unknown; Statement?: unknown } | undefined;
  if (!d || typeof d !== 'object' || Object.keys(d).some((k) => k !== 'Version' && k !== 'Statement') || d.Version !== '2012-10-17') return undefined;
  return Array.isArray(d.Statement) && d.Statement.length === 1 ? d.Statement[0] : undefined;
}

/** Whether a raw statement is the one `enforceSSL` writes in the policy of the queue `logicalId`. */
export function isQueueSslStatement(statement: unknown, logicalId: string): boolean {
  return stableJson(statement) === stableJson(queueSslStatement({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
}

/** Sets `enforceSSL` on the node of a logical id. */
export function markEnforceSSL(ctx: ImportContext, nodeId: string): void {
  const i = ctx.nodes.findIndex((n) => n.id === nodeId);
  const n = ctx.nodes[i];
  if (n) ctx.replaceNode(i, { ...n, props: { ...n.props, enforceSSL: true } } as ModelNode);
}

/** `AWS::SNS::TopicPolicy` or `AWS::S3::BucketPolicy`: true when it is taken in by its topic or bucket. */
export function importSslPolicy(ctx: ImportContext, _logicalId: string, resource: TemplateResourceData): boolean {
  const p = (resource.Properties ?? {}) as Record<string, unknown>;
  if (Object.keys(p).some((k) => k !== 'PolicyDocument' && k !== (resource.Type === 'AWS::SNS::TopicPolicy' ? 'Topics' : 'Bucket'))) return false;
  if (resource.DependsOn !== undefined || resource.Condition !== undefined || resource.DeletionPolicy !== undefined) return false;
  const statement = onlyStatement(p.PolicyDocument);
  let target: string | undefined;
  let expected: unknown;
  if (resource.Type === 'AWS::SNS::TopicPolicy') {
    target = Array.isArray(p.Topics) && p.Topics.length === 1 ? refOf(p.Topics[0]) : undefined;
    expected = target && topicSslStatement({ Ref: target });
  } else {
    target = refOf(p.Bucket);
    expected = target && bucketSslStatement(target);
  }
  const kind = resource.Type === 'AWS::SNS::TopicPolicy' ? 'topic' : 'bucket';
  const t = target === undefined ? undefined : ctx.targetOf(target);
  if (!t || t.kind !== kind || statement === undefined || stableJson(statement) !== stableJson(expected)) return false;
  const node = ctx.node(t.nodeId);
  if (!node || node.kind !== kind || (node.props as { enforceSSL?: boolean }).enforceSSL) return false;
  markEnforceSSL(ctx, t.nodeId);
  return true;
}
