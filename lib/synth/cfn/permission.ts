import type { InvokePermissionEdge, RawNode } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';

/** `AWS::Lambda::Permission` from `grantInvoke(servicePrincipal)` or a `Permission` construct. */
export function renderPermission(e: InvokePermissionEdge, ctx: RenderContext, out: ResourceSet): void {
  out.add(e.logicalId!, e.id, {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: ctx.arn(e.to!),
      Principal: e.props.principal,
      SourceArn: ctx.value(e.props.sourceArn),
      SourceAccount: ctx.value(e.props.sourceAccount),
    },
    DependsOn: dependsOn(e.dependsOn, ctx),
  }, e.overrides);
}

/** A raw `CfnResource`, properties as given. */
export function renderRaw(n: RawNode, ctx: RenderContext, out: ResourceSet): void {
  out.add(n.logicalId, n.origin.path, {
    Type: n.props.type,
    Properties: ctx.value(n.props.properties) as Record<string, unknown>,
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}
