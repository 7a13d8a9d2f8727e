import type { GrantEdge, RoleNode } from '../../model/types.js';
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
export function policyStatements(role: RoleNode, ctx: RenderContext): Statement[] {
  const byResource = new Map<string, Statement>();
  for (const e of ctx.stack.edges) {
    if (e.kind !== 'grant' || e.from !== role.id) continue;
    const g = e as GrantEdge;
    const resources = g.props.resources.map((r) => ctx.value(r));
    const key = JSON.stringify(resources);
    const s = byResource.get(key);
    if (s) s.Action = [...new Set([...s.Action, ...g.props.actions])].sort();
    else byResource.set(key, { Effect: 'Allow', Action: [...g.props.actions], Resource: resources });
  }
  return [...byResource.values()];
}

/** `AWS::IAM::Role` with its grants as one inline policy. */
export function renderRole(n: RoleNode, ctx: RenderContext, out: ResourceSet): void {
  const statements = policyStatements(n, ctx).map((s) => ({
    Effect: s.Effect,
    Action: s.Action.length === 1 ? s.Action[0] : s.Action,
    Resource: s.Resource.length === 1 ? s.Resource[0] : s.Resource,
  }));
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
}
