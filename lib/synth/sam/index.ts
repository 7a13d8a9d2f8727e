import type { FunctionNode, NotificationEdge, RuleTargetEdge, StackModel } from '../../model/types.js';
import { corsConfiguration, defaultRouteSettings, renderApi, renderRoute } from '../cfn/api.js';
import { aliasUpdatePolicy, renderCodeDeployShared, renderDeploymentGroup } from '../cfn/deployment.js';
import { renderQueue, renderStream, renderTable } from '../cfn/data.js';
import { dependsOn } from '../cfn/function.js';
import { renderMapping } from '../cfn/mapping.js';
import { renderPermission, renderRaw } from '../cfn/permission.js';
import { renderBucket, renderNotificationPermission, renderQueuePolicies, renderRule, renderSubscription, renderTopic } from '../cfn/push.js';
import { renderRole } from '../cfn/role.js';
import { renderAlias, renderVersion } from '../cfn/versions.js';
import { assemble, renderOutputs } from '../outputs.js';
import { RenderContext } from '../render-context.js';
import { clean, ResourceSet } from '../resource-set.js';
import { primaryAlias } from '../shape.js';
import type { Template } from '../template.js';
import { samEvents, type SamEvent } from './events.js';
import { serverlessFunction, serverlessLayer, type CodeUriResolver } from './function.js';
import { hoistGlobals } from './globals.js';

/** Options of the SAM backend. */
export interface SamOptions {
  /** `CodeUri` of an asset: its directory relative to where the template is written. @default the asset's path (relative to the app's working directory) */
  readonly codeUri?: CodeUriResolver;
}

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * The AWS SAM template of one stack: functions as `AWS::Serverless::Function` with `Events`,
 * layers and HTTP APIs as SAM resources, shared function settings in `Globals`, gradual
 * deployments as `AutoPublishAlias` + `DeploymentPreference`. Anything SAM cannot express stays
 * plain CloudFormation, rendered by the CloudFormation backend. A pure function of the model.
 */
export function toSam(stack: StackModel, options: SamOptions = {}): Template {
  const codeUri = options.codeUri ?? ((a) => a.path);
  const ctx = new RenderContext(stack);
  const out = new ResourceSet(ctx);
  const events = samEvents(stack, ctx);
  const eventsOf = (fn: FunctionNode): SamEvent[] => [...events.values()].filter((e) => e.fn.id === fn.id);

  // Nodes SAM generates itself: the primary alias and version of each function, and rules that are Schedule/EventBridgeRule events.
  const samGenerated = new Set<string>();
  let samDeployments = false;
  for (const fn of stack.nodes.filter((n): n is FunctionNode => n.kind === 'function')) {
    const p = primaryAlias(stack, fn);
    if (!p) continue;
    samGenerated.add(p.alias.id).add(p.version.id);
    if (p.alias.props.deployment) samDeployments = true;
  }
  for (const e of stack.edges) if (e.kind === 'ruleTarget' && events.has(e.id)) samGenerated.add(e.from);

  // Functions first, so Globals can be hoisted before they are added.
  const functions = stack.nodes.filter((n): n is FunctionNode => n.kind === 'function');
  const functionProps = functions.map((fn) => clean(serverlessFunction(fn, ctx, stack, codeUri, eventsOf(fn))) as Record<string, unknown>);
  const globals = hoistGlobals(functionProps);
  const propsOf = new Map(functions.map((fn, i) => [fn.id, functionProps[i]!]));

  for (const n of stack.nodes) {
    if (samGenerated.has(n.id)) continue;
    switch (n.kind) {
      case 'function':
        out.add(n.logicalId, n.origin.path, { Type: 'AWS::Serverless::Function', Properties: propsOf.get(n.id)!, DependsOn: dependsOn(n.dependsOn, ctx) }, n.overrides);
        break;
      case 'layer':
        out.add(n.logicalId, n.origin.path, { Type: 'AWS::Serverless::LayerVersion', Properties: serverlessLayer(n, ctx, codeUri), DependsOn: dependsOn(n.dependsOn, ctx) }, n.overrides);
        break;
      case 'api': {
        const routes = stack.edges.filter((e) => e.kind === 'apiRoute' && e.from === n.id);
        if (routes.length > 0 && routes.every((r) => events.has(r.id))) {
          out.add(n.logicalId, n.origin.path, {
            Type: 'AWS::Serverless::HttpApi',
            Properties: {
              Name: n.props.apiName,
              Description: n.props.description,
              StageName: n.props.stageName === '$default' ? undefined : n.props.stageName,
              CorsConfiguration: corsConfiguration(n),
              DefaultRouteSettings: defaultRouteSettings(n),
              Tags: ctx.tagMap(n.tags),
            },
            DependsOn: dependsOn(n.dependsOn, ctx),
          }, n.overrides);
        } else renderApi(n, ctx, out);
        break;
      }
      case 'version':
        renderVersion(n, ctx, out);
        break;
      case 'alias': {
        const d = n.props.deployment;
        if (d) {
          if (!samDeployments) renderCodeDeployShared(ctx, out);
          renderDeploymentGroup(n, d, ctx, out);
        }
        renderAlias(n, ctx, out, d ? { UpdatePolicy: aliasUpdatePolicy(n, d, ctx) } : {});
        break;
      }
      case 'queue':
        renderQueue(n, ctx, out);
        break;
      case 'stream':
        renderStream(n, ctx, out);
        break;
      case 'table':
        renderTable(n, ctx, out);
        break;
      case 'role':
        renderRole(n, ctx, out);
        break;
      case 'topic':
        renderTopic(n, ctx, out);
        break;
      case 'bucket':
        renderBucket(n, ctx, out, stack.edges.filter((e): e is NotificationEdge => e.kind === 'notification' && e.from === n.id && !events.has(e.id)));
        break;
      case 'schedule':
        renderRule(n, ctx, out, stack.edges.filter((e): e is RuleTargetEdge => e.kind === 'ruleTarget' && e.from === n.id));
        break;
      case 'raw':
        renderRaw(n, ctx, out);
        break;
    }
  }
  for (const e of stack.edges) {
    if (events.has(e.id)) continue;
    switch (e.kind) {
      case 'eventSourceMapping':
        renderMapping(e, ctx, out);
        break;
      case 'apiRoute':
        renderRoute(e, ctx, out);
        break;
      case 'invokePermission':
        renderPermission(e, ctx, out);
        break;
      case 'subscription':
        renderSubscription(e, ctx, out);
        break;
      case 'notification':
        renderNotificationPermission(e, ctx, out);
        break;
      case 'grant':
      case 'destination':
      case 'ruleTarget':
        break;
    }
  }
  renderQueuePolicies(stack, ctx, out);
  return assemble({
    Transform: SAM_TRANSFORM,
    Description: stack.description,
    Globals: globals ? { Function: globals } : undefined,
    Resources: out.toRecord(),
    Outputs: renderOutputs(stack, ctx),
  });
}
