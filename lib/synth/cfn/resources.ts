import type { ModelEdge, ModelNode } from '../../model/types.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { renderApi, renderRoute } from './api.js';
import { renderQueue, renderStream, renderTable } from './data.js';
import { aliasUpdatePolicy, renderCodeDeployShared, renderDeploymentGroup } from './deployment.js';
import { renderFunction } from './function.js';
import { renderMapping } from './mapping.js';
import { renderPermission, renderRaw } from './permission.js';
import { renderBucket, renderNotificationPermission, renderRule, renderSubscription, renderTopic } from './push.js';
import { renderRole } from './role.js';
import { renderAlias, renderLayer, renderVersion } from './versions.js';

/** How a backend that renders some things itself (SAM) uses the CloudFormation renderers for the rest. */
export interface PlainOptions {
  /** Edges rendered elsewhere (SAM events): left out of buckets' notifications and of the edge resources. */
  readonly handledEdges?: ReadonlySet<string>;
  /** False when the CodeDeploy application and role come from elsewhere (SAM generates them). @default true */
  readonly codeDeployShared?: boolean;
}

/** The CloudFormation resources of one node. */
export function renderNode(n: ModelNode, ctx: RenderContext, out: ResourceSet, opts: PlainOptions = {}): void {
  const handled = opts.handledEdges ?? new Set<string>();
  switch (n.kind) {
    case 'function':
      return renderFunction(n, ctx, out);
    case 'version':
      return renderVersion(n, ctx, out);
    case 'alias': {
      const d = n.props.deployment;
      if (d) {
        if (opts.codeDeployShared ?? true) renderCodeDeployShared(ctx, out);
        renderDeploymentGroup(n, d, ctx, out);
      }
      return renderAlias(n, ctx, out, d ? { UpdatePolicy: aliasUpdatePolicy(n, d, ctx) } : {});
    }
    case 'topic':
      return renderTopic(n, ctx, out);
    case 'bucket':
      return renderBucket(n, ctx, out, ctx.graph.edgesFrom(n.id, 'notification').filter((e) => !handled.has(e.id)));
    case 'schedule':
      return renderRule(n, ctx, out, ctx.graph.edgesFrom(n.id, 'ruleTarget'));
    case 'layer':
      return renderLayer(n, ctx, out);
    case 'queue':
      return renderQueue(n, ctx, out);
    case 'stream':
      return renderStream(n, ctx, out);
    case 'table':
      return renderTable(n, ctx, out);
    case 'role':
      return renderRole(n, ctx, out);
    case 'api':
      return renderApi(n, ctx, out);
    case 'raw':
      return renderRaw(n, ctx, out);
  }
}

/** The CloudFormation resources of one edge (grants, destinations and rule targets are rendered with their role, function or rule). */
export function renderEdge(e: ModelEdge, ctx: RenderContext, out: ResourceSet): void {
  switch (e.kind) {
    case 'eventSourceMapping':
      return renderMapping(e, ctx, out);
    case 'apiRoute':
      return renderRoute(e, ctx, out);
    case 'invokePermission':
      return renderPermission(e, ctx, out);
    case 'subscription':
      return renderSubscription(e, ctx, out);
    case 'notification':
      return renderNotificationPermission(e, ctx, out);
    case 'grant':
    case 'destination':
    case 'ruleTarget':
      return;
  }
}
