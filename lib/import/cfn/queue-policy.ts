/**
 * `AWS::SQS::QueuePolicy`: taken in when every statement is one the backends write for the
 * model's edges (SNS topics delivering to a queue, rules using it as a dead-letter queue) or for
 * the queue's `enforceSSL` (then set on the queue node); any other policy stays a raw node, as written.
 */
import type { ModelValue } from '../../model/types.js';
import type { ImportContext, TemplateResourceData } from '../context.js';
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
  const queueLogicalId = ctx.nodes.find((n) => n.id === queue)?.logicalId;
  const ssl = queueLogicalId !== undefined && Array.isArray(raw) && isQueueSslStatement(raw[0], queueLogicalId);
  const accepted = statements.slice(ssl ? 1 : 0).every((s) => {
    const service = (s?.Principal as { Service?: unknown } | undefined)?.Service;
    const source = ctx.nodeIdIn(((s?.Condition as Record<string, Record<string, ModelValue>> | undefined)?.ArnEquals ?? {})['aws:SourceArn']);
    if (s?.Effect !== 'Allow' || s.Action !== 'sqs:SendMessage' || ctx.nodeIdIn(s.Resource) !== queue || source === undefined) return false;
    if (service === 'sns.amazonaws.com') return ctx.edges.some((e) => e.kind === 'subscription' && e.from === source && e.to === queue);
    if (service === 'events.amazonaws.com') return ctx.edges.some((e) => e.kind === 'ruleTarget' && e.from === source && e.props.deadLetterQueue === queue);
    return false;
  });
  if (accepted && ssl) markEnforceSSL(ctx, queue);
  return accepted;
}
