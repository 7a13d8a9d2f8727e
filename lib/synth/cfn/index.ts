import type { NotificationEdge, RuleTargetEdge, StackModel } from '../../model/types.js';
import { assemble, assetParameters, renderOutputs } from '../outputs.js';
import { RenderContext } from '../render-context.js';
import { ResourceSet } from '../resource-set.js';
import type { Template } from '../template.js';
import { renderApi, renderRoute } from './api.js';
import { renderQueue, renderStream, renderTable } from './data.js';
import { renderFunction } from './function.js';
import { renderMapping } from './mapping.js';
import { renderPermission, renderRaw } from './permission.js';
import { renderRole } from './role.js';
import { renderAlias, renderLayer, renderVersion } from './versions.js';
import { aliasUpdatePolicy, renderCodeDeployShared, renderDeploymentGroup } from './deployment.js';
import { renderBucket, renderNotificationPermission, renderQueuePolicies, renderRule, renderSubscription, renderTopic } from './push.js';

/** The plain CloudFormation template of one stack: a pure function of the model. */
export function toCloudFormation(stack: StackModel): Template {
  const ctx = new RenderContext(stack);
  const out = new ResourceSet(ctx);
  for (const n of stack.nodes) {
    switch (n.kind) {
      case 'function':
        renderFunction(n, ctx, out);
        break;
      case 'version':
        renderVersion(n, ctx, out);
        break;
      case 'alias': {
        const d = n.props.deployment;
        if (d) {
          renderCodeDeployShared(ctx, out);
          renderDeploymentGroup(n, d, ctx, out);
        }
        renderAlias(n, ctx, out, d ? { UpdatePolicy: aliasUpdatePolicy(n, d, ctx) } : {});
        break;
      }
      case 'topic':
        renderTopic(n, ctx, out);
        break;
      case 'bucket':
        renderBucket(n, ctx, out, stack.edges.filter((e): e is NotificationEdge => e.kind === 'notification' && e.from === n.id));
        break;
      case 'schedule':
        renderRule(n, ctx, out, stack.edges.filter((e): e is RuleTargetEdge => e.kind === 'ruleTarget' && e.from === n.id));
        break;
      case 'layer':
        renderLayer(n, ctx, out);
        break;
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
      case 'api':
        renderApi(n, ctx, out);
        break;
      case 'raw':
        renderRaw(n, ctx, out);
        break;
    }
  }
  for (const e of stack.edges) {
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
        break; // rendered with their role, function or rule
    }
  }
  renderQueuePolicies(stack, ctx, out);
  return assemble({
    Description: stack.description,
    Parameters: assetParameters(stack),
    Resources: out.toRecord(),
    Outputs: renderOutputs(stack, ctx),
  });
}
