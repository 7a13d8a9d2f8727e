import type { EventSourceMappingEdge } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';

/** The ARN a mapping reads from: the queue, the stream, or the table's stream. */
export function mappingSourceArn(e: EventSourceMappingEdge, ctx: RenderContext): unknown {
  return e.props.sourceType === 'dynamodb' ? ctx.ref(e.from, 'StreamArn') : ctx.arn(e.from);
}

/** The invoke target of an edge: a function's name, or the ARN of a version or alias. */
export function functionTarget(id: string, ctx: RenderContext): unknown {
  const n = ctx.node(id);
  return n.kind === 'function' ? { Ref: n.logicalId } : ctx.arn(id);
}

/** The mapping settings, in CloudFormation names (shared with SAM's event properties). */
export function mappingSettings(e: EventSourceMappingEdge, ctx: RenderContext): Record<string, unknown> {
  const p = e.props;
  return {
    BatchSize: p.batchSize,
    MaximumBatchingWindowInSeconds: p.maxBatchingWindowSeconds,
    StartingPosition: p.startingPosition,
    StartingPositionTimestamp: p.startingPositionTimestamp,
    BisectBatchOnFunctionError: p.bisectBatchOnError,
    MaximumRetryAttempts: p.maxRetryAttempts,
    MaximumRecordAgeInSeconds: p.maxRecordAgeSeconds,
    ParallelizationFactor: p.parallelizationFactor,
    TumblingWindowInSeconds: p.tumblingWindowSeconds,
    FunctionResponseTypes: p.reportBatchItemFailures ? ['ReportBatchItemFailures'] : undefined,
    ScalingConfig: p.maxConcurrency !== undefined ? { MaximumConcurrency: p.maxConcurrency } : undefined,
    FilterCriteria: p.filters.length ? { Filters: p.filters.map((f) => ({ Pattern: ctx.json(f) })) } : undefined,
    DestinationConfig: p.onFailure ? { OnFailure: { Destination: ctx.arn(p.onFailure) } } : undefined,
    Enabled: p.enabled,
  };
}

/** `AWS::Lambda::EventSourceMapping`. */
export function renderMapping(e: EventSourceMappingEdge, ctx: RenderContext, out: ResourceSet): void {
  out.add(e.logicalId!, e.id, {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: {
      FunctionName: functionTarget(e.to!, ctx),
      EventSourceArn: mappingSourceArn(e, ctx),
      ...mappingSettings(e, ctx),
    },
    DependsOn: dependsOn(e.dependsOn, ctx),
  }, e.overrides);
}
