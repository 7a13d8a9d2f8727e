import type { DestinationEdge, FunctionNode } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { s3Code } from './code.js';
import { capId, cdkChildId, pascal } from '../../core/logical-id.js';

/** The configuration properties of a function, shared by `AWS::Lambda::Function` and `AWS::Serverless::Function`. */
export function functionConfig(n: FunctionNode, ctx: RenderContext, dlq: DestinationEdge | undefined): Record<string, unknown> {
  const p = n.props;
  const env = Object.keys(p.environment).length ? { Variables: ctx.value(p.environment) } : undefined;
  return {
    FunctionName: ctx.value(p.functionName),
    Description: p.description,
    Runtime: p.runtime,
    Handler: p.handler,
    MemorySize: p.memorySizeMb,
    Timeout: p.timeoutSeconds,
    EphemeralStorage: p.ephemeralStorageMb !== 512 ? { Size: p.ephemeralStorageMb } : undefined,
    Environment: env,
    KmsKeyArn: ctx.value(p.environmentKmsKeyArn),
    Layers: p.layers.length ? ctx.value(p.layers) : undefined,
    Architectures: [p.architecture],
    ReservedConcurrentExecutions: p.reservedConcurrency,
    TracingConfig: p.tracing ? { Mode: p.tracing } : undefined,
    VpcConfig: p.vpc ? { SubnetIds: ctx.value(p.vpc.subnetIds), SecurityGroupIds: ctx.value(p.vpc.securityGroupIds) } : undefined,
    Role: ctx.value(p.role),
    DeadLetterConfig: dlq?.to ? { TargetArn: ctx.arn(dlq.to) } : undefined,
    RecursiveLoop: p.recursiveLoop,
  };
}

/** `AWS::Lambda::Function` and, when async settings are present, its `AWS::Lambda::EventInvokeConfig`. */
export function renderFunction(n: FunctionNode, ctx: RenderContext, out: ResourceSet): void {
  const d = ctx.graph.destinations(n.id);
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::Lambda::Function',
    Properties: { ...functionConfig(n, ctx, d.deadLetter), Code: s3Code(n.props.code, ctx), Tags: ctx.tagList(n.tags) },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
  renderEventInvokeConfigs(n, ctx, out, false);
}

/**
 * One `AWS::Lambda::EventInvokeConfig` per qualifier the async settings apply to (see
 * `asyncQualifiers`); the first is `<Function>EventInvokeConfig`, as SAM names it.
 * @param skipLatest leave out `$LATEST` (SAM's EventInvokeConfig property renders it)
 */
export function renderEventInvokeConfigs(n: FunctionNode, ctx: RenderContext, out: ResourceSet, skipLatest: boolean): void {
  const invokeConfig = eventInvokeConfig(n, ctx);
  if (!invokeConfig) return;
  ctx.graph.asyncQualifiers(n).forEach((q, i) => {
    if (skipLatest && q.qualifier === '$LATEST') return;
    const suffix = i === 0 ? '' : pascal(q.version ? ctx.logicalId(q.version) : q.qualifier);
    // With CDK's logical ids, the function's own config is CDK's `<Function>/EventInvokeConfig`.
    const cdkId = i === 0 && q.qualifier === '$LATEST' ? cdkChildId(ctx.stack.path, n, ['EventInvokeConfig', 'Resource']) : undefined;
    out.add(cdkId ?? capId(`${n.logicalId}EventInvokeConfig`, suffix), n.origin.path, {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: { FunctionName: { Ref: n.logicalId }, Qualifier: q.version ? ctx.ref(q.version, 'Version') : q.qualifier, ...invokeConfig },
      DependsOn: q.after ? [ctx.logicalId(q.after)] : undefined,
    });
  });
}

/**
 * The ARN of the account's default event bus (an `EventBridgeDestination`): aws-cdk-lib's value,
 * written as lambdaform writes joins (`Fn::Sub`, as the grant of `events:PutEvents` on it).
 */
export const DEFAULT_EVENT_BUS_ARN = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' };

/** Async settings in CloudFormation form (`MaximumRetryAttempts`, ..., `DestinationConfig`), or undefined when none is set. */
export function eventInvokeConfig(n: FunctionNode, ctx: RenderContext): Record<string, unknown> | undefined {
  const d = ctx.graph.destinations(n.id);
  const p = n.props;
  if (p.retryAttempts === undefined && p.maxEventAgeSeconds === undefined && !d.onSuccess && !d.onFailure) return undefined;
  const dest = (e: DestinationEdge | undefined) => (e?.props.eventBus === 'default' ? { Destination: DEFAULT_EVENT_BUS_ARN } : e?.to ? { Destination: ctx.arn(e.to) } : undefined);
  const destinationConfig = d.onSuccess || d.onFailure ? { OnSuccess: dest(d.onSuccess), OnFailure: dest(d.onFailure) } : undefined;
  return { MaximumRetryAttempts: p.retryAttempts, MaximumEventAgeInSeconds: p.maxEventAgeSeconds, DestinationConfig: destinationConfig };
}

/** `DependsOn` from node ids; undefined when empty. */
export function dependsOn(ids: readonly string[] | undefined, ctx: RenderContext): string[] | undefined {
  if (!ids || ids.length === 0) return undefined;
  return [...new Set(ids.map((id) => ctx.logicalId(id)))].sort();
}
