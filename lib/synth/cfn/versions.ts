import type { AliasNode, LayerNode, VersionNode } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { s3Code } from './code.js';
import { dependsOn } from './function.js';

/** `AWS::Lambda::Version`, retained on replacement so aliases can still shift traffic from it. */
export function renderVersion(n: VersionNode, ctx: RenderContext, out: ResourceSet): void {
  const p = n.props;
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::Lambda::Version',
    Properties: {
      FunctionName: { Ref: ctx.logicalId(p.functionId) },
      Description: p.description,
      ProvisionedConcurrencyConfig: p.provisionedConcurrency !== undefined ? { ProvisionedConcurrentExecutions: p.provisionedConcurrency } : undefined,
    },
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}

/** The `FunctionVersion` value of an alias: `$LATEST` or the version number. */
export function versionNumber(version: string, ctx: RenderContext): unknown {
  return version === '$LATEST' ? '$LATEST' : ctx.ref(version, 'Version');
}

/** `AWS::Lambda::Alias`. */
export function renderAlias(n: AliasNode, ctx: RenderContext, out: ResourceSet, extra: { UpdatePolicy?: Record<string, unknown> } = {}): void {
  const p = n.props;
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::Lambda::Alias',
    Properties: {
      FunctionName: { Ref: ctx.logicalId(p.functionId) },
      FunctionVersion: versionNumber(p.version, ctx),
      Name: p.aliasName,
      Description: p.description,
      RoutingConfig: p.additionalVersions.length
        ? { AdditionalVersionWeights: p.additionalVersions.map((w) => ({ FunctionVersion: versionNumber(w.version, ctx), FunctionWeight: w.weight })) }
        : undefined,
      ProvisionedConcurrencyConfig: p.provisionedConcurrency !== undefined ? { ProvisionedConcurrentExecutions: p.provisionedConcurrency } : undefined,
    },
    ...extra,
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}

/** `AWS::Lambda::LayerVersion`. */
export function renderLayer(n: LayerNode, ctx: RenderContext, out: ResourceSet): void {
  const p = n.props;
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::Lambda::LayerVersion',
    Properties: {
      LayerName: p.layerName,
      Description: p.description,
      Content: s3Code(p.code, ctx),
      CompatibleRuntimes: p.compatibleRuntimes.length ? [...p.compatibleRuntimes] : undefined,
      CompatibleArchitectures: p.compatibleArchitectures.length ? [...p.compatibleArchitectures] : undefined,
      LicenseInfo: p.license,
    },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
}
