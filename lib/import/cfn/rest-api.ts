/**
 * REST APIs (API Gateway v1) in plain CloudFormation: their resources stay raw nodes (the model
 * does not write REST APIs), and each `AWS::ApiGateway::Method` with a Lambda proxy integration
 * also becomes a route edge (`api: 'rest'`) from the RestApi to the function, its path built from
 * the `AWS::ApiGateway::Resource` chain, so the rules see which function serves which route
 * (the 29 s REST integration timeout, among others).
 */
import type { ModelValue } from '../../model/types.js';
import { collectRefs } from '../../model/values.js';
import type { ImportContext } from '../context.js';

export function importRestRoutes(ctx: ImportContext, ids: readonly string[]): void {
  for (const id of ids) {
    const r = ctx.resources[id]!;
    if (r.Type !== 'AWS::ApiGateway::Method') continue;
    const p = r.Properties ?? {};
    const integration = p.Integration as { Type?: unknown; Uri?: unknown; TimeoutInMillis?: unknown } | undefined;
    if (ctx.literal(integration?.Type) !== 'AWS_PROXY') continue;
    const api = ctx.nodeIdIn(p.RestApiId);
    const to = [...collectRefs(ctx.value(integration?.Uri))].find((n) => {
      const kind = ctx.node(n)?.kind;
      return kind === 'function' || kind === 'version' || kind === 'alias';
    });
    if (api === undefined || to === undefined) continue;
    const method = ctx.literal(p.HttpMethod) ?? 'ANY';
    const timeout = ctx.number(integration?.TimeoutInMillis);
    ctx.edges.push({
      id: `${ctx.idOf(id)}#route`,
      kind: 'apiRoute',
      from: api,
      to,
      origin: ctx.origin(id),
      // The method (a raw node) writes the route: the backends leave it to it.
      partOf: ctx.idOf(id),
      props: { method, path: resourcePath(ctx, p.ResourceId), payloadFormatVersion: '1.0', ...(timeout !== undefined ? { timeoutMillis: timeout } : {}), api: 'rest' },
    });
  }
}

/** The path of an `AWS::ApiGateway::Resource` (its PathPart and its parents'), `/` for the root. */
function resourcePath(ctx: ImportContext, resourceId: unknown, depth = 0): string {
  const logicalId = (resourceId as { Ref?: unknown } | undefined)?.Ref;
  const res = typeof logicalId === 'string' ? ctx.resources[logicalId] : undefined;
  if (!res || res.Type !== 'AWS::ApiGateway::Resource' || depth > 50) return '/';
  const part = ctx.literal(res.Properties?.PathPart) ?? '{unknown}';
  const parent = resourcePath(ctx, res.Properties?.ParentId as ModelValue, depth + 1);
  return `${parent === '/' ? '' : parent}/${part}`;
}
