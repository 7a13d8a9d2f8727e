import { isRef, type GrantEdge, type RoleNode, type StackModel } from '../../model/types.js';
import { collectRefs, functionOf } from '../shape.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';

interface Statement {
  Effect: 'Allow';
  Action: string[];
  Resource: unknown[];
}

/**
 * The statements of a role's inline policy, from its grant edges: statements on the same
 * resources are merged, actions sorted and deduplicated. Shared with the SAM backend.
 */
export function policyStatements(role: RoleNode, ctx: RenderContext, include: (g: GrantEdge) => boolean = () => true): Statement[] {
  const byResource = new Map<string, Statement>();
  for (const e of ctx.stack.edges) {
    if (e.kind !== 'grant' || e.from !== role.id) continue;
    const g = e as GrantEdge;
    if (!include(g)) continue;
    const resources = g.props.resources.map((r) => ctx.value(r));
    const key = JSON.stringify(resources);
    const s = byResource.get(key);
    if (s) s.Action = [...new Set([...s.Action, ...g.props.actions])].sort();
    else byResource.set(key, { Effect: 'Allow', Action: [...g.props.actions], Resource: resources });
  }
  return [...byResource.values()];
}

/**
 * Buckets that notify a function running with this role, referenced by the resource (no fixed
 * name): a grant on one of them inside the role would close the cycle bucket -> permission ->
 * function -> role -> bucket, so such grants go into a separate policy nothing depends on.
 */
export function notificationSourceBuckets(role: RoleNode, stack: StackModel): Set<string> {
  const out = new Set<string>();
  for (const e of stack.edges) {
    if (e.kind !== 'notification' || !e.to) continue;
    const fn = functionOf(stack, e.to);
    const roleRef = fn?.props.role;
    const bucket = stack.nodes.find((n) => n.id === e.from);
    if (isRef(roleRef) && roleRef.$ref === role.id && bucket?.kind === 'bucket' && bucket.props.bucketName === undefined) out.add(e.from);
  }
  return out;
}

function touches(g: GrantEdge, buckets: Set<string>): boolean {
  return (g.to !== undefined && buckets.has(g.to)) || [...collectRefs(g.props.resources)].some((id) => buckets.has(id));
}

function renderStatements(statements: Statement[]): Array<Record<string, unknown>> {
  return statements.map((s) => ({
    Effect: s.Effect,
    Action: s.Action.length === 1 ? s.Action[0] : s.Action,
    Resource: s.Resource.length === 1 ? s.Resource[0] : s.Resource,
  }));
}

/** `AWS::IAM::Role` with its grants as one inline policy (and grants on notification source buckets in a separate `AWS::IAM::Policy`). */
export function renderRole(n: RoleNode, ctx: RenderContext, out: ResourceSet): void {
  const buckets = notificationSourceBuckets(n, ctx.stack);
  const statements = renderStatements(policyStatements(n, ctx, (g) => !touches(g, buckets)));
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: n.props.roleName,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: n.props.assumedBy.length === 1 ? n.props.assumedBy[0] : [...n.props.assumedBy] }, Action: 'sts:AssumeRole' }],
      },
      ManagedPolicyArns: n.props.managedPolicies.length ? ctx.value(n.props.managedPolicies) : undefined,
      Policies: statements.length ? [{ PolicyName: 'default', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] : undefined,
      Tags: ctx.tagList(n.tags),
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
  if (buckets.size === 0) return;
  const separate = renderStatements(policyStatements(n, ctx, (g) => touches(g, buckets)));
  if (separate.length === 0) return;
  out.add(`${n.logicalId}NotificationSourcesPolicy`, n.origin.path, {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'notification-sources',
      Roles: [{ Ref: n.logicalId }],
      PolicyDocument: { Version: '2012-10-17', Statement: separate },
    },
  });
}
