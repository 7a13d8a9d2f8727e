/**
 * Which connections SAM can express as `Events` of an `AWS::Serverless::Function`, and how. An
 * edge SAM cannot express (a target SAM would not route to, a name SAM would not generate, a
 * setting SAM has no property for) stays plain CloudFormation in the SAM template, rendered by
 * the CloudFormation backend, so both formats always describe the same application.
 */
import { LIMITS } from '../../model/defaults.js';
import type { FunctionNode, ModelEdge, StackModel } from '../../model/types.js';
import { mappingSettings, mappingSourceArn } from '../cfn/mapping.js';
import { lambdaConfigurations, notificationSourceArn } from '../cfn/push.js';
import type { RenderContext } from '../render-context.js';

/** A SAM event of a function. */
export interface SamEvent {
  readonly fn: FunctionNode;
  readonly name: string;
  readonly event: { Type: string; Properties: Record<string, unknown> };
}

const NAME_RE = /^[A-Za-z0-9]+$/;

/** The SAM event an edge becomes, or undefined when it stays plain CloudFormation. */
export function samEvent(e: ModelEdge, ctx: RenderContext): SamEvent | undefined {
  if (!e.to) return undefined;
  const fn = ctx.graph.functionOf(e.to);
  if (!fn || fn.imported) return undefined; // (a function outside the stack has no Events to write)
  const primary = ctx.graph.primaryAlias(fn);
  if (e.to !== (primary ? primary.alias.id : fn.id)) return undefined;
  if (e.overrides?.length || e.dependsOn?.length) return undefined;
  const named = (base: string): string | undefined => {
    // SAM names what it generates for an event `<Function><Event>Permission` (and the like): that must fit a logical id.
    if (!base.startsWith(fn.logicalId) || base.length + 'Permission'.length > LIMITS.stack.logicalId.maxLength) return undefined;
    const name = base.slice(fn.logicalId.length);
    return NAME_RE.test(name) ? name : undefined;
  };
  const make = (name: string | undefined, Type: string, Properties: Record<string, unknown>): SamEvent | undefined =>
    name ? { fn, name, event: { Type, Properties } } : undefined;

  switch (e.kind) {
    case 'eventSourceMapping': {
      if (!e.logicalId) return undefined;
      const { DestinationConfig, StartingPosition, StartingPositionTimestamp, BisectBatchOnFunctionError, MaximumRetryAttempts, MaximumRecordAgeInSeconds, ParallelizationFactor, TumblingWindowInSeconds, ScalingConfig, ...common } =
        mappingSettings(e, ctx);
      if (e.props.sourceType === 'sqs') return make(named(e.logicalId), 'SQS', { Queue: mappingSourceArn(e, ctx), ...common, ScalingConfig });
      const stream = { StartingPosition, StartingPositionTimestamp, BisectBatchOnFunctionError, MaximumRetryAttempts, MaximumRecordAgeInSeconds, ParallelizationFactor, TumblingWindowInSeconds, DestinationConfig };
      return make(named(e.logicalId), e.props.sourceType === 'kinesis' ? 'Kinesis' : 'DynamoDB', { Stream: mappingSourceArn(e, ctx), ...common, ...stream });
    }
    case 'subscription':
      if (e.props.protocol !== 'lambda' || !e.logicalId) return undefined;
      return make(named(e.logicalId), 'SNS', { Topic: ctx.arn(e.from), FilterPolicy: ctx.value(e.props.filterPolicy), RedrivePolicy: e.props.deadLetterQueue !== undefined ? { deadLetterTargetArn: ctx.arn(e.props.deadLetterQueue) } : undefined });
    case 'notification': {
      // SAM's permission for an S3 event names the account only; a bucket with a fixed name gets its
      // ARN too, written by the CloudFormation renderer.
      // A bucket whose notifications are a custom resource (notificationSourceArn then names it) keeps them all plain.
      if (!e.logicalId || notificationSourceArn(e, ctx) !== undefined) return undefined;
      const filter = lambdaConfigurations(e, ctx)[0]!.Filter;
      return make(named(e.logicalId), 'S3', {
        Bucket: { Ref: ctx.logicalId(e.from) },
        Events: e.props.events.length === 1 ? e.props.events[0] : [...e.props.events],
        Filter: filter,
      });
    }
    case 'ruleTarget': {
      const rule = ctx.nodeOf(e.from, 'schedule');
      const targets = ctx.graph.edgesFrom(rule.id, 'ruleTarget');
      if (targets.length !== 1 || rule.overrides.length || rule.dependsOn.length) return undefined;
      const p = e.props;
      const r = rule.props;
      const common = {
        Input: p.input !== undefined ? ctx.json(p.input) : undefined,
        RetryPolicy: p.retryAttempts !== undefined || p.maxEventAgeSeconds !== undefined ? { MaximumRetryAttempts: p.retryAttempts, MaximumEventAgeInSeconds: p.maxEventAgeSeconds } : undefined,
        DeadLetterConfig: p.deadLetterQueue ? { Arn: ctx.arn(p.deadLetterQueue) } : undefined,
      };
      if (r.scheduleExpression) {
        return make(named(rule.logicalId), 'Schedule', { Schedule: r.scheduleExpression, Name: r.ruleName, Description: r.description, Enabled: r.enabled ? undefined : false, ...common });
      }
      if (r.description !== undefined || !r.enabled) return undefined; // EventBridgeRule events have neither
      return make(named(rule.logicalId), 'EventBridgeRule', { Pattern: ctx.value(r.eventPattern), RuleName: r.ruleName, ...common });
    }
    case 'apiRoute': {
      const api = ctx.nodeOf(e.from, 'api');
      if (api.overrides.length) return undefined;
      return {
        fn,
        name: e.logicalId && NAME_RE.test(e.logicalId) ? e.logicalId : '',
        event: {
          Type: 'HttpApi',
          Properties: {
            ApiId: { Ref: api.logicalId },
            Method: e.props.path === '$default' ? 'ANY' : e.props.method,
            Path: e.props.path === '$default' ? '$default' : e.props.path,
            PayloadFormatVersion: e.props.payloadFormatVersion,
            TimeoutInMillis: e.props.timeoutMillis,
          },
        },
      };
    }
    default:
      return undefined;
  }
}

/** Every SAM-expressible edge of the stack, by edge id. */
export function samEvents(stack: StackModel, ctx: RenderContext): Map<string, SamEvent> {
  const out = new Map<string, SamEvent>();
  for (const e of stack.edges) {
    if (e.partOf !== undefined) continue;
    const ev = samEvent(e, ctx);
    if (ev && ev.name) out.set(e.id, ev);
  }
  // An API is a SAM HttpApi only when every one of its routes is an event; otherwise all stay CloudFormation.
  for (const api of ctx.graph.nodes('api')) {
    const routes = ctx.graph.edgesFrom(api.id, 'apiRoute').filter((r) => r.partOf === undefined);
    if (!routes.every((r) => out.has(r.id))) routes.forEach((r) => out.delete(r.id));
  }
  return out;
}
