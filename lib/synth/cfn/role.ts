import { capId } from '../../core/logical-id.js';
import type { GrantEdge, RoleNode } from '../../model/types.js';
import { collectRefs, isRef } from '../../model/values.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: unknown[];
  NotResource?: unknown[];
  Condition?: unknown;
}

/**
 * The statements of a role's identity policy, from its grant edges. Plain statements (an effect,
 * actions, resources, perhaps conditions, no `Sid`) on the same resources with the same effect
 * and conditions are merged, their actions sorted and deduplicated; every other statement is kept
 * as written. Shared with the SAM backend.
 */
export function policyStatements(role: RoleNode, ctx: RenderContext, include: (g: GrantEdge) => boolean = () => true): Statement[] {
  const merged = new Map<string, Statement>();
  const out: Statement[] = [];
  for (const g of ctx.graph.edgesFrom(role.id, 'grant')) {
    // A statement of a Policy attached to the role is written by that policy's own resource.
    if (g.partOf !== undefined || !include(g)) continue;
    const p = g.props;
    const statement: Statement = {
      Sid: p.sid,
      Effect: p.effect,
      Action: p.actions && [...p.actions],
      NotAction: p.notActions && [...p.notActions],
      Resource: p.resources?.map((r) => ctx.value(r)),
      NotResource: p.notResources?.map((r) => ctx.value(r)),
      Condition: p.conditions === undefined ? undefined : ctx.value(p.conditions),
    };
    if (p.sid !== undefined || !p.actions || !p.resources) {
      out.push(statement);
      continue;
    }
    const key = JSON.stringify([p.effect, statement.Resource, statement.Condition ?? null]);
    const existing = merged.get(key);
    if (existing) existing.Action = [...new Set([...existing.Action!, ...p.actions])].sort();
    else {
      merged.set(key, statement);
      out.push(statement);
    }
  }
  return out;
}

/**
 * Buckets that notify a function running with this role, referenced by the resource (no fixed
 * name): a grant on one of them inside the role would close the cycle bucket -> permission ->
 * function -> role -> bucket, so such grants go into a separate policy nothing depends on.
 */
export function notificationSourceBuckets(role: RoleNode, ctx: RenderContext): Set<string> {
  const out = new Set<string>();
  for (const e of ctx.graph.edges('notification')) {
    if (!e.to) continue;
    const roleRef = ctx.graph.functionOf(e.to)?.props.role;
    const bucket = ctx.graph.find(e.from);
    if (isRef(roleRef) && roleRef.$ref === role.id && bucket?.kind === 'bucket' && bucket.props.bucketName === undefined) out.add(e.from);
  }
  return out;
}

function touches(g: GrantEdge, buckets: Set<string>): boolean {
  return (g.to !== undefined && buckets.has(g.to)) || [...collectRefs([g.props.resources, g.props.notResources, g.props.conditions])].some((id) => buckets.has(id));
}

/** IAM's short forms: a list of one is written as the one value. */
function renderStatements(statements: Statement[]): Array<Record<string, unknown>> {
  const one = (v: unknown[]) => (v.length === 1 ? v[0] : v);
  // Written as ResourceSet.add writes them (keys sorted, none undefined), so that it takes them as they are.
  return statements.map((s) => {
    const o: Record<string, unknown> = {};
    if (s.Action !== undefined) o.Action = one(s.Action);
    if (s.Condition !== undefined) o.Condition = s.Condition;
    o.Effect = s.Effect;
    if (s.NotAction !== undefined) o.NotAction = one(s.NotAction);
    if (s.NotResource !== undefined) o.NotResource = one(s.NotResource);
    if (s.Resource !== undefined) o.Resource = one(s.Resource);
    if (s.Sid !== undefined) o.Sid = s.Sid;
    return o;
  });
}

/** `AWS::IAM::Role` with its grants as one inline policy (and grants on notification source buckets in a separate `AWS::IAM::Policy`). */
export function renderRole(n: RoleNode, ctx: RenderContext, out: ResourceSet): void {
  const buckets = notificationSourceBuckets(n, ctx);
  const statements = renderStatements(policyStatements(n, ctx, (g) => !touches(g, buckets)));
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: n.props.roleName,
      // (keys in the order ResourceSet.add writes them: it takes such objects as they are)
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: n.props.assumedBy.length === 1 ? n.props.assumedBy[0] : [...n.props.assumedBy] } }],
        Version: '2012-10-17',
      },
      ManagedPolicyArns: n.props.managedPolicies.length ? ctx.value(n.props.managedPolicies) : undefined,
      Policies: statements.length ? [{ PolicyDocument: { Statement: statements, Version: '2012-10-17' }, PolicyName: 'default' }] : undefined,
      Tags: ctx.tagList(n.tags),
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
  if (buckets.size === 0) return;
  const separate = renderStatements(policyStatements(n, ctx, (g) => touches(g, buckets)));
  if (separate.length === 0) return;
  out.add(capId(n.logicalId, 'NotificationSourcesPolicy'), n.origin.path, {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'notification-sources',
      Roles: [{ Ref: n.logicalId }],
      PolicyDocument: { Version: '2012-10-17', Statement: separate },
    },
  });
}
