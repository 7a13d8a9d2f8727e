import { capId } from '../../core/logical-id.js';
import type { AliasNode, DeploymentModel, FunctionNode } from '../../model/types.js';
import { CODEDEPLOY_APPLICATION, type RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';

/** Logical ids SAM uses for the shared CodeDeploy resources; lambdaform uses the same. */
export { CODEDEPLOY_APPLICATION };
export const CODEDEPLOY_ROLE = 'CodeDeployServiceRole';

/** The CodeDeploy application and its service role, once per stack. */
export function renderCodeDeployShared(ctx: RenderContext, out: ResourceSet): void {
  if (out.has(CODEDEPLOY_APPLICATION)) return;
  const path = `${ctx.stack.path}/${CODEDEPLOY_APPLICATION}`;
  out.add(CODEDEPLOY_APPLICATION, path, { Type: 'AWS::CodeDeploy::Application', Properties: { ComputePlatform: 'Lambda' } });
  out.add(CODEDEPLOY_ROLE, path, {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['codedeploy.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      },
      ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda' }],
    },
  });
}

/** The deployment group of a function (SAM's `<Function>DeploymentGroup`). */
export function deploymentGroupLogicalId(fn: FunctionNode): string {
  return capId(fn.logicalId, 'DeploymentGroup');
}

/** The deployment group of one alias's gradual deployment. */
export function renderDeploymentGroup(alias: AliasNode, d: DeploymentModel, ctx: RenderContext, out: ResourceSet): void {
  const fn = ctx.nodeOf(alias.props.functionId, 'function');
  out.add(deploymentGroupLogicalId(fn), alias.origin.path, {
    Type: 'AWS::CodeDeploy::DeploymentGroup',
    Properties: {
      ApplicationName: { Ref: CODEDEPLOY_APPLICATION },
      DeploymentConfigName: `CodeDeployDefault.Lambda${d.type}`,
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'] },
      AlarmConfiguration: d.alarms.length ? { Enabled: true, Alarms: d.alarms.map((a) => ({ Name: ctx.value(a) })) } : undefined,
      ServiceRoleArn: { 'Fn::GetAtt': [CODEDEPLOY_ROLE, 'Arn'] },
    },
  });
}

/** The alias `UpdatePolicy` that hands traffic shifting to CodeDeploy. */
export function aliasUpdatePolicy(alias: AliasNode, d: DeploymentModel, ctx: RenderContext): Record<string, unknown> {
  const fn = ctx.nodeOf(alias.props.functionId, 'function');
  return {
    CodeDeployLambdaAliasUpdate: {
      ApplicationName: { Ref: CODEDEPLOY_APPLICATION },
      DeploymentGroupName: { Ref: deploymentGroupLogicalId(fn) },
      BeforeAllowTrafficHook: d.preTraffic ? { Ref: ctx.logicalId(d.preTraffic) } : undefined,
      AfterAllowTrafficHook: d.postTraffic ? { Ref: ctx.logicalId(d.postTraffic) } : undefined,
    },
  };
}
