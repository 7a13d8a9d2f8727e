import { LambdaformError } from '../../core/errors.js';
import type { InvokeOutcome } from '../functions.js';
import type { InputRecord } from '../ledger.js';
import type { PlanApi, PlanRoute } from '../plan/types.js';
import type { Runtime } from '../runtime.js';

/** An HTTP request to an API. */
export interface HttpRequest {
  readonly method: string;
  /** The path with an optional `?query`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What the client got. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Simulated milliseconds from request to response. */
  readonly latencyMs: number;
  /** The route that took the request (`GET /items/{id}`), when one did. */
  readonly route?: string;
  /** Why the gateway answered itself (502, 504, 404, 429...). */
  readonly reason?: string;
}

/** A route that matched a request, with its path parameters. */
interface Match {
  readonly route: PlanRoute;
  readonly params: Record<string, string>;
}

/**
 * API Gateway in front of functions: HTTP APIs (payload 2.0 or 1.0) and REST APIs (payload 1.0).
 * The route is chosen as API Gateway chooses it (exact paths before parameters, `{proxy+}` last,
 * `$default` when nothing else matches; a method before `ANY`); the function is invoked
 * synchronously. A function error or a malformed response is 502, an integration slower than the
 * route's timeout is 504 (the function goes on running), a throttled function 429, no route 404;
 * a CORS preflight is answered by the API itself.
 */
export class HttpService {
  public readonly log: Array<{ input: string; api: string; method: string; path: string } & HttpResponse> = [];

  public constructor(private readonly rt: Runtime) {}

  /** Sends a request to `apiId` (the only API when undefined). */
  public request(apiId: string | undefined, req: HttpRequest, input: InputRecord): Promise<HttpResponse> {
    const rt = this.rt;
    const api = this.api(apiId);
    const start = rt.sim.now();
    const [rawPath, rawQuery = ''] = req.path.split('?', 2) as [string, string?];
    const method = req.method.toUpperCase();
    const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const done = (r: Omit<HttpResponse, 'latencyMs'>): HttpResponse => {
      const res = { ...r, latencyMs: Math.round((rt.sim.now() - start) * 1000) / 1000 };
      this.log.push({ input: input.id, api: api.id, method, path: req.path, ...res });
      return res;
    };
    if (method === 'OPTIONS' && api.cors && headers.origin && headers['access-control-request-method']) {
      rt.ledger.settle(input, 'processed', rt.sim.now());
      return Promise.resolve(done({ status: 204, headers: this.corsHeaders(api, headers.origin, true), body: '', reason: 'CORS preflight answered by the API' }));
    }
    const match = matchRoute(api.routes, method, rawPath);
    if (!match) {
      rt.ledger.settle(input, 'processed', rt.sim.now());
      return Promise.resolve(done({ status: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"Not Found"}', reason: `no route of ${api.id} matches ${method} ${rawPath}` }));
    }
    const route = match.route;
    const routeKey = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
    const event = route.payloadFormatVersion === '2.0' ? this.eventV2(api, routeKey, method, rawPath, rawQuery, headers, match.params, req.body) : this.eventV1(api, route, method, rawPath, rawQuery, api.type === 'rest' ? { ...(req.headers ?? {}) } : headers, match.params, req.body);
    return new Promise<HttpResponse>((resolve) => {
      let answered = false;
      const answer = (r: Omit<HttpResponse, 'latencyMs'>): void => {
        if (answered) return;
        answered = true;
        const withCors = api.cors && headers.origin ? { ...r, headers: { ...r.headers, ...this.corsHeaders(api, headers.origin, false) } } : r;
        resolve(done({ ...withCors, route: routeKey }));
      };
      const timer = rt.sim.after(route.timeoutMillis, () => {
        rt.ledger.settle(input, 'processed', rt.sim.now());
        answer({ status: 504, headers: { 'content-type': 'application/json' }, body: '{"message":"Endpoint request timed out"}', reason: `the integration took longer than ${route.timeoutMillis} ms` });
      });
      rt.sim.track(async () => {
        input.attempts++;
        const outcome = await rt.functions.invoke(route, JSON.stringify(event));
        timer.cancel();
        if (answered) return;
        rt.ledger.settle(input, 'processed', rt.sim.now());
        answer(toResponse(outcome, route.payloadFormatVersion));
      });
    });
  }

  private api(apiId: string | undefined): PlanApi {
    const apis = this.rt.plan.apis;
    if (apiId === undefined) {
      if (apis.length === 1) return apis[0]!;
      throw new LambdaformError(undefined, apis.length === 0 ? 'the plan has no API' : `the plan has ${apis.length} APIs (${apis.map((a) => a.id).join(', ')}): name one with 'api'`, 'local-unknown-name');
    }
    const api = apis.find((a) => a.id === apiId);
    if (!api) throw new LambdaformError(apiId, `no such API in the plan; there are: ${apis.map((a) => a.id).join(', ') || 'none'}`, 'local-unknown-name');
    return api;
  }

  private corsHeaders(api: PlanApi, origin: string, preflight: boolean): Record<string, string> {
    const c = api.cors!;
    const allowed = c.allowOrigins.includes('*') ? '*' : c.allowOrigins.includes(origin) ? origin : undefined;
    if (!allowed) return {};
    return {
      'access-control-allow-origin': allowed,
      ...(c.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
      ...(c.exposeHeaders.length > 0 && !preflight ? { 'access-control-expose-headers': c.exposeHeaders.join(',') } : {}),
      ...(preflight
        ? {
            'access-control-allow-methods': c.allowMethods.join(','),
            ...(c.allowHeaders.length > 0 ? { 'access-control-allow-headers': c.allowHeaders.join(',') } : {}),
            ...(c.maxAgeSeconds !== undefined ? { 'access-control-max-age': String(c.maxAgeSeconds) } : {}),
          }
        : {}),
    };
  }

  private context(api: PlanApi): { apiId: string; requestId: string; epoch: number; time: string } {
    const epoch = Math.floor(this.rt.sim.epochMs());
    const d = new Date(epoch);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const pad = (n: number): string => String(n).padStart(2, '0');
    const time = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    return { apiId: this.rt.md5(api.id).slice(0, 10), requestId: `${this.rt.random.hex(8)}=`, epoch, time };
  }

  private eventV2(api: PlanApi, routeKey: string, method: string, rawPath: string, rawQuery: string, headers: Record<string, string>, params: Record<string, string>, body: string | undefined): unknown {
    const c = this.context(api);
    const query = parseQuery(rawQuery);
    const cookies = headers.cookie?.split(';').map((s) => s.trim());
    const h = { ...headers };
    delete h.cookie;
    // A named stage is the first segment of the URL, and HTTP APIs keep it in the path they send.
    const path = stagePath(api, rawPath);
    return {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: rawQuery,
      ...(cookies ? { cookies } : {}),
      headers: { host: `${c.apiId}.execute-api.${this.rt.plan.region}.amazonaws.com`, 'x-forwarded-proto': 'https', ...h },
      ...(query.size > 0 ? { queryStringParameters: Object.fromEntries([...query].map(([k, v]) => [k, v.join(',')])) } : {}),
      requestContext: {
        accountId: this.rt.plan.account,
        apiId: c.apiId,
        domainName: `${c.apiId}.execute-api.${this.rt.plan.region}.amazonaws.com`,
        domainPrefix: c.apiId,
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? 'lambdaform' },
        requestId: c.requestId,
        routeKey,
        stage: api.stage,
        time: c.time,
        timeEpoch: c.epoch,
      },
      ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
      ...(body !== undefined ? { body } : {}),
      isBase64Encoded: false,
    };
  }

  /** Payload 1.0: REST APIs pass header names as the client wrote them, HTTP APIs lowercase them. */
  private eventV1(api: PlanApi, route: PlanRoute, method: string, rawPath: string, rawQuery: string, headers: Record<string, string>, params: Record<string, string>, body: string | undefined): unknown {
    const userAgent = Object.entries(headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
    const c = this.context(api);
    const query = parseQuery(rawQuery);
    // REST APIs send the resource's path and name the stage in requestContext.path; HTTP APIs (payload 1.0) keep a named stage in both.
    const stagedPath = stagePath(api, rawPath);
    return {
      resource: route.path,
      path: api.type === 'rest' ? rawPath : stagedPath,
      httpMethod: method,
      headers: Object.keys(headers).length > 0 ? headers : null,
      multiValueHeaders: Object.keys(headers).length > 0 ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) : null,
      queryStringParameters: query.size > 0 ? Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]!])) : null,
      multiValueQueryStringParameters: query.size > 0 ? Object.fromEntries(query) : null,
      pathParameters: Object.keys(params).length > 0 ? params : null,
      stageVariables: null,
      requestContext: {
        accountId: this.rt.plan.account,
        apiId: c.apiId,
        httpMethod: method,
        path: api.type === 'rest' ? `/${api.stage}${rawPath}` : stagedPath,
        protocol: 'HTTP/1.1',
        requestId: c.requestId,
        requestTime: c.time,
        requestTimeEpoch: c.epoch,
        resourcePath: route.path,
        stage: api.stage,
        identity: { sourceIp: '127.0.0.1', userAgent: userAgent ?? 'lambdaform' },
      },
      body: body ?? null,
      isBase64Encoded: false,
    };
  }
}

/** The path with a named stage in front (`/prod/items/1`); the `$default` stage is the root. */
function stagePath(api: PlanApi, rawPath: string): string {
  return api.stage === '$default' || api.stage === '' ? rawPath : `/${api.stage}${rawPath}`;
}

function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(raw)) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/** The route API Gateway picks: the most specific path first (literal segments, then `{param}`, then `{proxy+}`), a method before ANY, `$default` last. */
export function matchRoute(routes: readonly PlanRoute[], method: string, path: string): Match | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  let best: { match: Match; score: number[] } | undefined;
  for (const route of routes) {
    if (route.path === '$default') continue;
    if (route.method !== 'ANY' && route.method.toUpperCase() !== method) continue;
    const parts = route.path.split('/').filter((s) => s !== '');
    const params: Record<string, string> = {};
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const greedy = /^\{(.+)\+\}$/.exec(p);
      if (greedy) {
        if (i >= segments.length) {
          ok = false;
          break;
        }
        params[greedy[1]!] = segments.slice(i).map(decodeURIComponent).join('/');
        score.push(0);
        break;
      }
      const seg = segments[i];
      if (seg === undefined) {
        ok = false;
        break;
      }
      const param = /^\{(.+)\}$/.exec(p);
      if (param) {
        params[param[1]!] = decodeURIComponent(seg);
        score.push(1);
      } else if (p === seg) score.push(2);
      else {
        ok = false;
        break;
      }
      if (i === parts.length - 1 && segments.length !== parts.length) ok = false;
    }
    if (parts.length === 0 && segments.length !== 0) ok = false;
    if (!ok) continue;
    score.push(route.method === 'ANY' ? 0 : 1);
    if (!best || compare(score, best.score) > 0) best = { match: { route, params }, score };
  }
  if (best) return best.match;
  const fallback = routes.find((r) => r.path === '$default');
  return fallback ? { route: fallback, params: {} } : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** The HTTP response for an invocation outcome, as API Gateway maps it (payload 2.0 infers a response from a plain value). */
export function toResponse(outcome: InvokeOutcome, format: '1.0' | '2.0'): Omit<HttpResponse, 'latencyMs'> {
  const json = { 'content-type': 'application/json' };
  if (outcome.status === 'throttled') return { status: 429, headers: json, body: '{"message":"Too Many Requests"}', reason: 'the function was throttled' };
  if (outcome.status !== 'success') return { status: 502, headers: json, body: '{"message":"Internal Server Error"}', reason: `the function failed: ${outcome.error?.errorType}: ${outcome.error?.errorMessage}` };
  const bad = (why: string): Omit<HttpResponse, 'latencyMs'> => ({ status: 502, headers: json, body: '{"message":"Internal Server Error"}', reason: `malformed Lambda proxy response: ${why}` });
  const value: unknown = JSON.parse(outcome.json ?? 'null');
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (format === '2.0' && !(isObject && 'statusCode' in value)) {
    // Payload 2.0 without a statusCode: the value is the body, JSON, with status 200.
    return { status: 200, headers: json, body: typeof value === 'string' ? value : JSON.stringify(value) };
  }
  if (!isObject) return bad('the response is not an object with a statusCode');
  const r = value as { statusCode?: unknown; headers?: unknown; body?: unknown; isBase64Encoded?: unknown; multiValueHeaders?: unknown; cookies?: unknown };
  const status = typeof r.statusCode === 'string' && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return bad(`statusCode ${JSON.stringify(r.statusCode)} is not an HTTP status`);
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return bad('body must be a string');
  if (r.headers !== undefined && r.headers !== null && (typeof r.headers !== 'object' || Array.isArray(r.headers))) return bad('headers must be an object');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((r.headers as Record<string, unknown> | null | undefined) ?? {})) headers[k.toLowerCase()] = String(v);
  const body = typeof r.body === 'string' ? (r.isBase64Encoded === true ? Buffer.from(r.body, 'base64').toString() : r.body) : '';
  return { status, headers, body };
}
