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
  /** Header names as the client wrote them; a header sent more than once as the list of its values. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * The body: text is passed as it is; bytes (a request received over HTTP) are passed as text
   * when their content type is textual, and base64-encoded (`isBase64Encoded`) otherwise.
   */
  readonly body?: string | Uint8Array;
  /** The client's address (`sourceIp`). @default 127.0.0.1 */
  readonly sourceIp?: string;
  /** @default HTTP/1.1 */
  readonly protocol?: string;
}

/** What the client got. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; a header with several values has them joined with `, ` (each one is in `multiValueHeaders`). */
  readonly headers: Record<string, string>;
  /** The values of the headers sent more than once (Set-Cookie from payload 2.0's `cookies`, payload 1.0's `multiValueHeaders`). */
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[]>>;
  /** The body as text (a base64-encoded body decoded, read as UTF-8). */
  readonly body: string;
  /** The body's bytes, when the function returned it base64-encoded (`isBase64Encoded`). */
  readonly bodyBytes?: Buffer;
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

/** A request as the event builders read it. */
interface Incoming {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Lower-case names, repeated values joined with commas (as HTTP APIs send them). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every value by name: as the client wrote the names (REST APIs) or lower-case (HTTP APIs). */
  readonly multiHeaders: Readonly<Record<string, readonly string[]>>;
  readonly params: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
  readonly sourceIp: string;
  readonly protocol: string;
}

/**
 * API Gateway's account-level throttling per Region, which applies when a stage sets only one of
 * its limits: 10,000 requests per second, a bucket of 5,000
 * (https://repost.aws/knowledge-center/api-gateway-429-limit).
 */
const ACCOUNT_RATE_LIMIT = 10_000;
const ACCOUNT_BURST_LIMIT = 5_000;

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * API Gateway in front of functions: HTTP APIs (payload 2.0 or 1.0) and REST APIs (payload 1.0).
 * The stage's throttling is a token bucket (`burstLimit` requests at once, refilled at
 * `rateLimit` per second): a request over it is 429 before anything else. The route is chosen as
 * API Gateway chooses it (exact paths before parameters, `{proxy+}` last, `$default` when nothing
 * else matches; a method before `ANY`); the function is invoked synchronously. A function error
 * or a malformed response is 502, an integration slower than the route's timeout is 504 (the
 * function goes on running), a function Lambda throttles 500 (Lambda refused the invocation), no
 * route 404; a CORS preflight is answered by the API itself.
 */
export class HttpService {
  public readonly log: Array<{ input: string; api: string; method: string; path: string } & HttpResponse> = [];
  /** Each throttled API's token bucket: tokens left, at simulated ms. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  public constructor(private readonly rt: Runtime) {}

  /** Sends a request to `apiId` (the only API when undefined). */
  public request(apiId: string | undefined, req: HttpRequest, input: InputRecord): Promise<HttpResponse> {
    const rt = this.rt;
    const api = this.api(apiId);
    const start = rt.sim.now();
    const [rawPath, rawQuery = ''] = splitOnce(req.path, '?');
    const method = req.method.toUpperCase();
    const multi = new Map<string, string[]>();
    for (const [k, v] of Object.entries(req.headers ?? {})) {
      const values = typeof v === 'string' ? [v] : [...v];
      const key = api.type === 'rest' ? k : k.toLowerCase();
      multi.set(key, [...(multi.get(key) ?? []), ...values]);
    }
    const headers: Record<string, string> = {};
    for (const [k, values] of multi) {
      const key = k.toLowerCase();
      headers[key] = headers[key] === undefined ? values.join(',') : `${headers[key]},${values.join(',')}`;
    }
    const done = (r: Omit<HttpResponse, 'latencyMs'>): HttpResponse => {
      const res = { ...r, latencyMs: Math.round((rt.sim.now() - start) * 1000) / 1000 };
      this.log.push({ input: input.id, api: api.id, method, path: req.path, ...res });
      return res;
    };
    // A request the function answered is processed; one the API answered with an error of its own
    // (no route, throttled, the function failed or timed out) is discarded with the reason, as a
    // synchronous invocation that failed is: the client got the error, nothing retries it.
    const settled = (r: Omit<HttpResponse, 'latencyMs'>, byFunction: boolean): Omit<HttpResponse, 'latencyMs'> => {
      if (byFunction) rt.ledger.settle(input, 'processed', rt.sim.now());
      else rt.ledger.settle(input, 'discarded', rt.sim.now(), { reason: `${r.status} to the client: ${r.reason ?? 'the API answered'}` });
      return r;
    };
    if (this.throttled(api)) {
      const t = api.throttling!;
      return Promise.resolve(done(settled({ status: 429, headers: { ...JSON_HEADERS }, body: '{"message":"Too Many Requests"}', reason: `over the stage's throttling (rate ${t.rateLimit ?? ACCOUNT_RATE_LIMIT}/s, burst ${t.burstLimit ?? ACCOUNT_BURST_LIMIT})` }, false)));
    }
    if (method === 'OPTIONS' && api.cors && headers.origin && headers['access-control-request-method']) {
      rt.ledger.settle(input, 'processed', rt.sim.now());
      return Promise.resolve(done({ status: 204, headers: this.corsHeaders(api, headers.origin, true), body: '', reason: 'CORS preflight answered by the API' }));
    }
    const match = matchRoute(api.routes, method, rawPath);
    if (!match) {
      return Promise.resolve(done(settled({ status: 404, headers: { ...JSON_HEADERS }, body: '{"message":"Not Found"}', reason: `no route of ${api.id} matches ${method} ${rawPath}` }, false)));
    }
    const route = match.route;
    const routeKey = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
    const incoming: Incoming = {
      method,
      rawPath,
      rawQuery,
      headers,
      multiHeaders: Object.fromEntries(multi),
      params: match.params,
      ...requestBody(req.body, headers['content-type'], api.type),
      sourceIp: req.sourceIp ?? '127.0.0.1',
      protocol: req.protocol ?? 'HTTP/1.1',
    };
    const event = route.payloadFormatVersion === '2.0' ? this.eventV2(api, routeKey, incoming) : this.eventV1(api, route, incoming);
    return new Promise<HttpResponse>((resolve) => {
      let answered = false;
      const answer = (r: Omit<HttpResponse, 'latencyMs'>): void => {
        if (answered) return;
        answered = true;
        const withCors = api.cors && headers.origin ? { ...r, headers: { ...r.headers, ...this.corsHeaders(api, headers.origin, false) } } : r;
        resolve(done({ ...withCors, route: routeKey }));
      };
      const timer = rt.sim.after(route.timeoutMillis, () => {
        answer(settled({ status: 504, headers: { ...JSON_HEADERS }, body: '{"message":"Endpoint request timed out"}', reason: `the integration took longer than ${route.timeoutMillis} ms` }, false));
      });
      rt.sim.track(async () => {
        input.attempts++;
        const outcome = await rt.functions.invoke(route, JSON.stringify(event), undefined, input);
        timer.cancel();
        if (answered) return;
        const r = toResponse(outcome, route.payloadFormatVersion, api.type);
        answer(settled(r, r.reason === undefined));
      });
    });
  }

  /** Takes a token from the API's bucket; true when there is none (the request is throttled). */
  private throttled(api: PlanApi): boolean {
    const t = api.throttling;
    if (!t) return false;
    const rate = t.rateLimit ?? ACCOUNT_RATE_LIMIT;
    const burst = t.burstLimit ?? ACCOUNT_BURST_LIMIT;
    const now = this.rt.sim.now();
    const b = this.buckets.get(api.id) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(api.id, b);
    if (b.tokens < 1) return true;
    b.tokens -= 1;
    return false;
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

  /** Payload 2.0: lower-case header names, repeated values comma-joined, cookies apart from the headers. */
  private eventV2(api: PlanApi, routeKey: string, r: Incoming): unknown {
    const c = this.context(api);
    const query = parseQuery(r.rawQuery);
    const cookieHeaders = r.multiHeaders.cookie;
    const cookies = cookieHeaders?.flatMap((h) => h.split(';').map((s) => s.trim())).filter((s) => s !== '');
    const h: Record<string, string> = { ...r.headers };
    delete h.cookie;
    // A named stage is the first segment of the URL, and HTTP APIs keep it in the path they send.
    const path = stagePath(api, r.rawPath);
    return {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: r.rawQuery,
      ...(cookies && cookies.length > 0 ? { cookies } : {}),
      headers: { host: `${c.apiId}.execute-api.${this.rt.plan.region}.amazonaws.com`, 'x-forwarded-proto': 'https', ...h },
      ...(query.size > 0 ? { queryStringParameters: Object.fromEntries([...query].map(([k, v]) => [k, v.join(',')])) } : {}),
      requestContext: {
        accountId: this.rt.plan.account,
        apiId: c.apiId,
        domainName: `${c.apiId}.execute-api.${this.rt.plan.region}.amazonaws.com`,
        domainPrefix: c.apiId,
        http: { method: r.method, path, protocol: r.protocol, sourceIp: r.sourceIp, userAgent: r.headers['user-agent'] ?? 'lambdaform' },
        requestId: c.requestId,
        routeKey,
        stage: api.stage,
        time: c.time,
        timeEpoch: c.epoch,
      },
      ...(Object.keys(r.params).length > 0 ? { pathParameters: r.params } : {}),
      ...(r.body !== undefined ? { body: r.body } : {}),
      isBase64Encoded: r.isBase64Encoded,
    };
  }

  /**
   * Payload 1.0: REST APIs pass header names as the client wrote them, HTTP APIs lowercase them;
   * `headers` and `queryStringParameters` hold the last of repeated values, the multi-value
   * fields all of them.
   */
  private eventV1(api: PlanApi, route: PlanRoute, r: Incoming): unknown {
    const c = this.context(api);
    const query = parseQuery(r.rawQuery);
    const multi = r.multiHeaders;
    const hasHeaders = Object.keys(multi).length > 0;
    // REST APIs send the resource's path and name the stage in requestContext.path; HTTP APIs (payload 1.0) keep a named stage in both.
    const stagedPath = stagePath(api, r.rawPath);
    return {
      // HTTP APIs name the payload format in the event ("version": "1.0"); REST APIs do not.
      ...(api.type === 'rest' ? {} : { version: '1.0' }),
      resource: route.path,
      path: api.type === 'rest' ? r.rawPath : stagedPath,
      httpMethod: r.method,
      headers: hasHeaders ? Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]!])) : null,
      multiValueHeaders: hasHeaders ? Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, [...v]])) : null,
      queryStringParameters: query.size > 0 ? Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]!])) : null,
      multiValueQueryStringParameters: query.size > 0 ? Object.fromEntries(query) : null,
      pathParameters: Object.keys(r.params).length > 0 ? r.params : null,
      stageVariables: null,
      requestContext: {
        accountId: this.rt.plan.account,
        apiId: c.apiId,
        domainName: `${c.apiId}.execute-api.${this.rt.plan.region}.amazonaws.com`,
        domainPrefix: c.apiId,
        httpMethod: r.method,
        path: api.type === 'rest' ? `/${api.stage}${r.rawPath}` : stagedPath,
        protocol: r.protocol,
        requestId: c.requestId,
        requestTime: c.time,
        requestTimeEpoch: c.epoch,
        resourcePath: route.path,
        stage: api.stage,
        identity: { sourceIp: r.sourceIp, userAgent: r.headers['user-agent'] ?? 'lambdaform' },
      },
      body: r.body ?? null,
      isBase64Encoded: r.isBase64Encoded,
    };
  }
}

function splitOnce(text: string, sep: string): [string, string?] {
  const i = text.indexOf(sep);
  return i < 0 ? [text] : [text.slice(0, i), text.slice(i + sep.length)];
}

/**
 * Whether API Gateway passes a body of this content type as text: `text/*`, JSON, XML,
 * JavaScript and their `+json`/`+xml` kinds. HTTP APIs base64-encode every other body (form
 * posts included).
 */
export function isTextContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^text\//.test(type) || /^application\/(json|xml|javascript|x-javascript|ecmascript|[\w.-]+\+(json|xml))$/.test(type);
}

/**
 * A request body as the event carries it. Text is passed as it is. Bytes: HTTP APIs pass a
 * textual content type as text and base64-encode the rest; REST APIs pass bytes as text unless
 * they are not UTF-8 (the plan does not carry a REST API's binary media types, and without them
 * API Gateway would pass binary as text). A body without a content type is text when it is UTF-8.
 */
function requestBody(body: string | Uint8Array | undefined, contentType: string | undefined, apiType: PlanApi['type']): { body?: string; isBase64Encoded: boolean } {
  if (body === undefined) return { isBase64Encoded: false };
  if (typeof body === 'string') return { body, isBase64Encoded: false };
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = (apiType === 'http' && contentType !== undefined ? isTextContentType(contentType) : true) && utf8(bytes);
  return text !== false ? { body: text, isBase64Encoded: false } : { body: bytes.toString('base64'), isBase64Encoded: true };
}

/** The bytes as UTF-8 text, or false when they are not UTF-8. */
function utf8(bytes: Buffer): string | false {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
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

/**
 * The HTTP response for an invocation outcome, as API Gateway maps it
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html): an invocation
 * Lambda refused (throttled) is 500, a function error or a malformed response 502, both with
 * API Gateway's own body. Payload 2.0 infers a response from a value without a statusCode and
 * turns `cookies` into Set-Cookie headers; payload 1.0 merges `multiValueHeaders` with `headers`
 * (a name in both keeps the multi-value list). A base64-encoded body is decoded to its bytes.
 */
export function toResponse(outcome: InvokeOutcome, format: '1.0' | '2.0', apiType: PlanApi['type'] = 'http'): Omit<HttpResponse, 'latencyMs'> {
  // HTTP APIs and REST APIs word their error body differently.
  const internal = apiType === 'rest' ? '{"message": "Internal server error"}' : '{"message":"Internal Server Error"}';
  if (outcome.status === 'throttled') return { status: 500, headers: { ...JSON_HEADERS }, body: internal, reason: `Lambda refused the invocation: ${outcome.error?.errorType}: ${outcome.error?.errorMessage}` };
  if (outcome.status !== 'success') return { status: 502, headers: { ...JSON_HEADERS }, body: internal, reason: `the function failed: ${outcome.error?.errorType}: ${outcome.error?.errorMessage}` };
  const bad = (why: string): Omit<HttpResponse, 'latencyMs'> => ({ status: 502, headers: { ...JSON_HEADERS }, body: internal, reason: `malformed Lambda proxy response: ${why}` });
  const value: unknown = JSON.parse(outcome.json ?? 'null');
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (format === '2.0' && !(isObject && 'statusCode' in value)) {
    // Payload 2.0 without a statusCode: the value is the body, JSON, with status 200.
    return { status: 200, headers: { ...JSON_HEADERS }, body: typeof value === 'string' ? value : JSON.stringify(value) };
  }
  if (!isObject) return bad('the response is not an object with a statusCode');
  const r = value as { statusCode?: unknown; headers?: unknown; body?: unknown; isBase64Encoded?: unknown; multiValueHeaders?: unknown; cookies?: unknown };
  const status = typeof r.statusCode === 'string' && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return bad(`statusCode ${JSON.stringify(r.statusCode)} is not an HTTP status`);
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return bad('body must be a string');
  const isMap = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v));
  if (!isMap(r.headers)) return bad('headers must be an object');
  const values = new Map<string, string[]>();
  for (const [k, v] of Object.entries((r.headers as Record<string, unknown> | null | undefined) ?? {})) values.set(k.toLowerCase(), [String(v)]);
  if (format === '1.0') {
    if (!isMap(r.multiValueHeaders)) return bad('multiValueHeaders must be an object');
    for (const [k, v] of Object.entries((r.multiValueHeaders as Record<string, unknown> | null | undefined) ?? {})) {
      if (!Array.isArray(v)) return bad(`multiValueHeaders.${k} must be a list`);
      values.set(k.toLowerCase(), v.map(String));
    }
  } else if (r.cookies !== undefined && r.cookies !== null) {
    if (!Array.isArray(r.cookies)) return bad('cookies must be a list of strings');
    if (r.cookies.length > 0) values.set('set-cookie', [...(values.get('set-cookie') ?? []), ...r.cookies.map(String)]);
  }
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of values) {
    headers[k] = v.join(', ');
    if (v.length > 1) multiValueHeaders[k] = v;
  }
  const bytes = typeof r.body === 'string' && r.isBase64Encoded === true ? Buffer.from(r.body, 'base64') : undefined;
  const body = typeof r.body === 'string' ? (bytes ? bytes.toString() : r.body) : '';
  return { status, headers, ...(Object.keys(multiValueHeaders).length > 0 ? { multiValueHeaders } : {}), body, ...(bytes ? { bodyBytes: bytes } : {}) };
}
