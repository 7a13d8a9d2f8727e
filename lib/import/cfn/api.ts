/**
 * HTTP APIs (API Gateway v2): the stage's name and throttling go to the api node; each route with
 * a Lambda proxy integration becomes a route edge, taking in its integration and the permission
 * for API Gateway to invoke the function.
 */
import type { ApiNode, ModelValue } from '../../model/types.js';
import type { ImportContext } from '../context.js';
import { PropertyReader } from '../props.js';
import type { Mutable } from '../values.js';
import { collectRefs } from '../../model/values.js';

export function importApiV2(ctx: ImportContext, ids: readonly string[]): void {
  const api = (v: unknown): ApiNode | undefined => {
    const id = ctx.nodeIdIn(v);
    const n = ctx.node(id);
    return n?.kind === 'api' ? n : undefined;
  };
  const of = (type: string) => ids.filter((id) => !ctx.handled.has(id) && ctx.resources[id]!.Type === type);

  for (const id of of('AWS::ApiGatewayV2::Stage')) {
    const p = ctx.resources[id]!.Properties ?? {};
    const node = api(p.ApiId);
    const stage = ctx.literal(p.StageName);
    if (!node || stage === undefined || ctx.handled.has(`${node.id}#stage`)) continue;
    const props = node.props as Mutable<ApiNode['props']>;
    props.stageName = stage;
    const settings = ctx.value(p.DefaultRouteSettings) as { ThrottlingRateLimit?: unknown; ThrottlingBurstLimit?: unknown } | undefined;
    const rate = ctx.number(settings?.ThrottlingRateLimit);
    const burst = ctx.number(settings?.ThrottlingBurstLimit);
    if (rate !== undefined || burst !== undefined) props.throttling = { ...(rate !== undefined ? { rateLimit: rate } : {}), ...(burst !== undefined ? { burstLimit: burst } : {}) };
    ctx.handled.add(id).add(`${node.id}#stage`);
  }

  // API Gateway's permissions to invoke a function, by the function's node (in template order).
  let permissions: Map<string | undefined, string[]> | undefined;
  const permissionsFor = (to: string | undefined): readonly string[] => {
    if (!permissions) {
      permissions = new Map();
      for (const pid of Object.keys(ctx.resources)) {
        const res = ctx.resources[pid]!;
        if (res.Type !== 'AWS::Lambda::Permission' || res.Properties?.Principal !== 'apigateway.amazonaws.com') continue;
        const fn = ctx.nodeIdIn(res.Properties?.FunctionName);
        const list = permissions.get(fn);
        if (list) list.push(pid);
        else permissions.set(fn, [pid]);
      }
    }
    return permissions.get(to) ?? [];
  };

  for (const id of of('AWS::ApiGatewayV2::Route')) {
    const r = new PropertyReader(ctx, id, ctx.resources[id]!);
    const node = api(r.raw('ApiId'));
    const key = r.string('RouteKey', 'routeKey');
    const integrationId = integrationOf(ctx.resources[id]!.Properties?.Target);
    const integration = integrationId !== undefined ? ctx.resources[integrationId] : undefined;
    if (!node || key === undefined || integration?.Type !== 'AWS::ApiGatewayV2::Integration' || integration.Properties?.IntegrationType !== 'AWS_PROXY') continue;
    const to = ctx.nodeIdIn(integration.Properties?.IntegrationUri);
    const fn = ctx.node(to);
    if (!fn || (fn.kind !== 'function' && fn.kind !== 'version' && fn.kind !== 'alias')) continue;
    r.consume('Target');
    const [method, path] = key === '$default' ? ['ANY', '$default'] : [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
    const format = ctx.literal(integration.Properties?.PayloadFormatVersion);
    const timeout = ctx.number(integration.Properties?.TimeoutInMillis);
    const permission = permissionsFor(to).find((pid) => !ctx.handled.has(pid) && refersTo(ctx.value(ctx.resources[pid]!.Properties?.SourceArn), node.id));
    const overrides = r.overrides();
    ctx.edges.push({
      id: ctx.idOf(id),
      kind: 'apiRoute',
      from: node.id,
      to: to!,
      logicalId: id,
      origin: ctx.origin(id),
      props: { method: method!, path: path!, payloadFormatVersion: format === '1.0' ? '1.0' : '2.0', ...(timeout !== undefined ? { timeoutMillis: timeout } : {}) },
      ...(overrides.length ? { overrides } : {}),
    });
    ctx.handled.add(id).add(integrationId!);
    if (permission) ctx.handled.add(permission);
  }
}

/**
 * The logical id of the integration a route's `Target` names: `!Sub integrations/${Integration}`
 * (as SAM and lambdaform write it) or `Fn::Join ['', ['integrations/', !Ref Integration]]` (as
 * aws-cdk-lib writes it), with any delimiter.
 */
function integrationOf(target: unknown): string | undefined {
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return undefined;
  const t = target as Record<string, unknown>;
  let text: string | undefined;
  if (Object.keys(t).length === 1 && typeof t['Fn::Sub'] === 'string') text = t['Fn::Sub'];
  const join = t['Fn::Join'];
  if (Object.keys(t).length === 1 && Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: unknown) => {
      if (typeof p === 'string') return p;
      const ref = typeof p === 'object' && p !== null && !Array.isArray(p) && Object.keys(p).length === 1 ? (p as { Ref?: unknown }).Ref : undefined;
      return typeof ref === 'string' ? `\${${ref}}` : undefined;
    });
    if (parts.every((p): p is string => p !== undefined)) text = parts.join(join[0]);
  }
  return text === undefined ? undefined : /^integrations\/\$\{([^}.]+)\}$/.exec(text)?.[1];
}

/** True when a value refers to the node (`${Api}` in a SourceArn). */
function refersTo(v: ModelValue | undefined, nodeId: string): boolean {
  return collectRefs(v).has(nodeId);
}
