/**
 * Gradual deployments in plain CloudFormation: an alias whose `UpdatePolicy` hands traffic
 * shifting to a CodeDeploy deployment group becomes the alias's `deployment`; the deployment
 * group, and the CodeDeploy application and service role SAM names `ServerlessDeploymentApplication`
 * and `CodeDeployServiceRole`, are taken in (the backends write them again from the deployment).
 */
import type { AliasNode, ModelValue } from '../../model/types.js';
import { CODEDEPLOY_APPLICATION, CODEDEPLOY_ROLE } from '../../synth/cfn/deployment.js';
import type { ImportContext } from '../context.js';
import type { Mutable } from '../values.js';

interface AliasUpdate {
  readonly ApplicationName?: unknown;
  readonly DeploymentGroupName?: unknown;
  readonly BeforeAllowTrafficHook?: unknown;
  readonly AfterAllowTrafficHook?: unknown;
}

function updateOf(ctx: ImportContext, aliasId: string): AliasUpdate | undefined {
  const u = (ctx.resources[aliasId]?.UpdatePolicy as { CodeDeployLambdaAliasUpdate?: AliasUpdate } | undefined)?.CodeDeployLambdaAliasUpdate;
  return u && typeof u === 'object' ? u : undefined;
}

function refName(v: unknown): string | undefined {
  const r = (v as { Ref?: unknown } | undefined)?.Ref;
  return typeof r === 'string' ? r : undefined;
}

/** Before nodes are made: marks the CodeDeploy resources the deployments' aliases use as taken in. */
export function claimDeploymentResources(ctx: ImportContext, ids: readonly string[]): void {
  for (const id of ids) {
    if (ctx.resources[id]!.Type !== 'AWS::Lambda::Alias') continue;
    const u = updateOf(ctx, id);
    const group = refName(u?.DeploymentGroupName);
    if (!u || group === undefined || ctx.resources[group]?.Type !== 'AWS::CodeDeploy::DeploymentGroup') continue;
    ctx.handled.add(group);
    if (refName(u.ApplicationName) === CODEDEPLOY_APPLICATION && ctx.resources[CODEDEPLOY_APPLICATION]?.Type === 'AWS::CodeDeploy::Application') ctx.handled.add(CODEDEPLOY_APPLICATION);
    const role = (ctx.resources[group]!.Properties?.ServiceRoleArn as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt']?.[0];
    if (role === CODEDEPLOY_ROLE && ctx.resources[CODEDEPLOY_ROLE]?.Type === 'AWS::IAM::Role') ctx.handled.add(CODEDEPLOY_ROLE);
  }
}

/** After nodes are made: each such alias gets its deployment (type, alarms, hooks). */
export function importDeployments(ctx: ImportContext): void {
  for (const n of ctx.nodes) {
    if (n.kind !== 'alias') continue;
    const u = updateOf(ctx, n.logicalId);
    const group = refName(u?.DeploymentGroupName);
    const g = group !== undefined ? ctx.resources[group] : undefined;
    if (!u || g?.Type !== 'AWS::CodeDeploy::DeploymentGroup') continue;
    const config = ctx.literal(g.Properties?.DeploymentConfigName) ?? '';
    const alarms = ((ctx.value(g.Properties?.AlarmConfiguration) as { Alarms?: Array<{ Name?: ModelValue }> } | undefined)?.Alarms ?? []).flatMap((a) => (a?.Name !== undefined ? [a.Name] : []));
    const hook = (v: unknown) => ctx.nodeIdIn(v);
    const pre = hook(u.BeforeAllowTrafficHook);
    const post = hook(u.AfterAllowTrafficHook);
    (n.props as Mutable<AliasNode['props']>).deployment = {
      type: config.replace(/^CodeDeployDefault\.Lambda/, ''),
      alarms,
      ...(pre !== undefined ? { preTraffic: pre } : {}),
      ...(post !== undefined ? { postTraffic: post } : {}),
    };
  }
}
