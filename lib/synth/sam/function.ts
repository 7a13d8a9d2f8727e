import type { AssetModel, CodeModel, DestinationEdge, FunctionNode, LayerNode } from '../../model/types.js';
import { DEFAULT_EVENT_BUS_ARN, functionConfig } from '../cfn/function.js';
import type { RenderContext } from '../render-context.js';
import type { SamEvent } from './events.js';

/** Where SAM finds the code of an asset: a path relative to the template (what `sam build` takes). */
export type CodeUriResolver = (asset: AssetModel) => string;

/** `CodeUri`/`InlineCode` of a function, or `ContentUri` of a layer. */
export function samCode(code: CodeModel, ctx: RenderContext, codeUri: CodeUriResolver, key: 'CodeUri' | 'ContentUri'): Record<string, unknown> {
  switch (code.kind) {
    case 'inline':
      return { InlineCode: code.source };
    case 'bucket':
      return { [key]: { Bucket: ctx.value(code.bucket), Key: ctx.value(code.key), Version: code.objectVersion } };
    case 'asset': {
      const asset = ctx.stack.assets.find((a) => a.id === code.assetId);
      if (!asset) throw new Error(`asset ${code.assetId} is not in the stack model`);
      return { [key]: codeUri(asset) };
    }
  }
}

const DESTINATION_TYPES: Record<string, string> = { queue: 'SQS', topic: 'SNS', function: 'Lambda', version: 'Lambda', alias: 'Lambda', bucket: 'S3Bucket' };

function samDestination(e: DestinationEdge | undefined, ctx: RenderContext): Record<string, unknown> | undefined {
  if (e?.props.eventBus === 'default') return { Type: 'EventBridge', Destination: DEFAULT_EVENT_BUS_ARN };
  if (!e?.to) return undefined;
  return { Type: DESTINATION_TYPES[ctx.node(e.to).kind], Destination: ctx.arn(e.to) };
}

/** The properties of an `AWS::Serverless::Function`. */
export function serverlessFunction(n: FunctionNode, ctx: RenderContext, codeUri: CodeUriResolver, events: readonly SamEvent[]): Record<string, unknown> {
  const d = ctx.graph.destinations(n.id);
  // SAM writes the dead-letter queue and tracing its own way (DeadLetterQueue, Tracing): the
  // CloudFormation properties are left undefined (and dropped when the properties are cleaned).
  const config = functionConfig(n, ctx, undefined);
  config.TracingConfig = undefined;
  const p = n.props;
  const primary = ctx.graph.primaryAlias(n);
  // SAM's EventInvokeConfig applies to the AutoPublishAlias, or else to $LATEST; other qualifiers are plain resources.
  const samQualifier = ctx.graph.asyncQualifiers(n).some((q) => q.qualifier === '$LATEST') || primary !== undefined;
  const hasAsync = samQualifier && (p.retryAttempts !== undefined || p.maxEventAgeSeconds !== undefined || d.onSuccess || d.onFailure);
  const deployment = primary?.alias.props.deployment;
  return Object.assign(config, samCode(p.code, ctx, codeUri, 'CodeUri'), {
    Tracing: p.tracing,
    DeadLetterQueue: d.deadLetter?.to ? { Type: DESTINATION_TYPES[ctx.node(d.deadLetter.to).kind], TargetArn: ctx.arn(d.deadLetter.to) } : undefined,
    EventInvokeConfig: hasAsync
      ? {
          MaximumRetryAttempts: p.retryAttempts,
          MaximumEventAgeInSeconds: p.maxEventAgeSeconds,
          DestinationConfig: d.onSuccess || d.onFailure ? { OnSuccess: samDestination(d.onSuccess, ctx), OnFailure: samDestination(d.onFailure, ctx) } : undefined,
        }
      : undefined,
    AutoPublishAlias: primary?.alias.props.aliasName,
    ProvisionedConcurrencyConfig:
      primary?.alias.props.provisionedConcurrency !== undefined ? { ProvisionedConcurrentExecutions: primary.alias.props.provisionedConcurrency } : undefined,
    DeploymentPreference: deployment
      ? {
          Type: deployment.type,
          // The SAM schema takes alarms as intrinsics only; a literal name is written as a Sub without variables.
          Alarms: deployment.alarms.length ? deployment.alarms.map((a) => (typeof a === 'string' ? { 'Fn::Sub': a.replace(/\$\{/g, '${!') } : ctx.value(a))) : undefined,
          Hooks:
            deployment.preTraffic || deployment.postTraffic
              ? { PreTraffic: deployment.preTraffic ? { Ref: ctx.logicalId(deployment.preTraffic) } : undefined, PostTraffic: deployment.postTraffic ? { Ref: ctx.logicalId(deployment.postTraffic) } : undefined }
              : undefined,
        }
      : undefined,
    Events: events.length ? Object.fromEntries(events.map((e) => [e.name, e.event])) : undefined,
    Tags: ctx.tagMap(n.tags),
  });
}

/**
 * The properties of an `AWS::Serverless::LayerVersion`: deleted with the stack, as the
 * CloudFormation output's layer is (SAM retains old versions unless told), or, with a removal
 * policy, as its DeletionPolicy and UpdateReplacePolicy attributes say (SAM passes them through).
 */
export function serverlessLayer(n: LayerNode, ctx: RenderContext, codeUri: CodeUriResolver): Record<string, unknown> {
  const p = n.props;
  return {
    LayerName: p.layerName,
    Description: p.description,
    ...samCode(p.code, ctx, codeUri, 'ContentUri'),
    CompatibleRuntimes: p.compatibleRuntimes.length ? [...p.compatibleRuntimes] : undefined,
    CompatibleArchitectures: p.compatibleArchitectures.length ? [...p.compatibleArchitectures] : undefined,
    LicenseInfo: p.license,
    RetentionPolicy: n.removalPolicy === undefined ? 'Delete' : undefined,
  };
}
