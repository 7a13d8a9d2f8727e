import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import type { HttpRequest, HttpResponse } from '../../../lib/local/services/http.js';
import { matchRoute } from '../../../lib/local/services/http.js';
import { fn, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, START, api, logEvent, logged, route } from './helpers.js';

/** Simulated times compare with this tolerance (ms): a handler's own wall time moves the clock. */
const SLACK = 250;

/** Sends a request at simulated time `at` (ms), runs the simulation, and returns the response. */
async function request(rt: Runtime, req: HttpRequest, at = 0, apiId?: string): Promise<HttpResponse> {
  let pending: Promise<HttpResponse> | undefined;
  const send = () => {
    pending = rt.http.request(apiId, req, rt.ledger.create(0, apiId ?? rt.plan.apis[0]!.id));
  };
  if (at === 0) send();
  else rt.sim.at(at, send);
  await rt.sim.run();
  return pending!;
}

const ROUTE_KEY_HANDLER = 'export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ route: event.routeKey ?? event.resource, params: event.pathParameters ?? null }) });';

describe('HTTP APIs (payload 2.0)', () => {
  it('sends the payload 2.0 event: raw path and query, repeated values comma-joined, path parameters, cookies, request context', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Get', logEvent('{ statusCode: 200, body: "ok" }'))], apis: [api('Api', [route('GET', '/items/{id}', 'Get')])] }));
    const res = await request(rt, { method: 'get', path: '/items/1?x=1&x=2&y=a%20b', headers: { Cookie: 'a=1; b=2', 'User-Agent': 'test-agent', 'X-Trace': 't1' } }, 2500);
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok');
    expect(res.route).toBe('GET /items/{id}');
    const event = logged<Record<string, unknown> & { requestContext: { apiId: string; requestId: string } }>(rt, 'Test/Get')[0]!.value;
    const apiId = event.requestContext.apiId;
    const domain = `${apiId}.execute-api.us-east-1.amazonaws.com`;
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /items/{id}',
      rawPath: '/items/1',
      rawQueryString: 'x=1&x=2&y=a%20b',
      cookies: ['a=1', 'b=2'],
      headers: { host: domain, 'x-forwarded-proto': 'https', 'user-agent': 'test-agent', 'x-trace': 't1' },
      queryStringParameters: { x: '1,2', y: 'a b' },
      requestContext: {
        accountId: ACCOUNT,
        apiId,
        domainName: domain,
        domainPrefix: apiId,
        http: { method: 'GET', path: '/items/1', protocol: 'HTTP/1.1', sourceIp: expect.any(String) as unknown, userAgent: 'test-agent' },
        requestId: event.requestContext.requestId,
        routeKey: 'GET /items/{id}',
        stage: '$default',
        time: '01/Jan/2026:00:00:02 +0000',
        timeEpoch: START + 2500,
      },
      pathParameters: { id: '1' },
      isBase64Encoded: false,
    });
    expect(event.requestContext.requestId).toMatch(/^\S+$/);
  });

  it('keeps a named stage in rawPath and requestContext.http.path; a body is passed as it is', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Post', logEvent())], apis: [api('Api', [route('POST', '/items', 'Post')], { stage: 'prod' })] }));
    await request(rt, { method: 'POST', path: '/items', body: '{"name":"x"}' });
    const event = logged<{ rawPath: string; body: string; requestContext: { stage: string; http: { path: string } }; queryStringParameters?: unknown; pathParameters?: unknown; cookies?: unknown }>(rt, 'Test/Post')[0]!.value;
    expect(event.rawPath).toBe('/prod/items');
    expect(event.requestContext.http.path).toBe('/prod/items');
    expect(event.requestContext.stage).toBe('prod');
    expect(event.body).toBe('{"name":"x"}');
    // No query, no path parameters, no cookies: the fields are absent.
    expect('queryStringParameters' in event).toBe(false);
    expect('pathParameters' in event).toBe(false);
    expect('cookies' in event).toBe(false);
  });

  it('infers a 2.0 response: a plain object is 200 JSON, a string is the body; an explicit response is taken as it is', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [
          fn('Obj', 'export const handler = async () => ({ a: 1, list: [1, 2] });'),
          fn('Str', 'export const handler = async () => "hello";'),
          fn('Full', 'export const handler = async () => ({ statusCode: 201, headers: { "X-Custom": "v", "Content-Type": "text/plain" }, body: "created" });'),
          fn('B64', 'export const handler = async () => ({ statusCode: 200, isBase64Encoded: true, body: Buffer.from("binary!").toString("base64") });'),
        ],
        apis: [api('Api', [route('GET', '/obj', 'Obj'), route('GET', '/str', 'Str'), route('GET', '/full', 'Full'), route('GET', '/b64', 'B64')])],
      }),
    );
    expect(await request(rt, { method: 'GET', path: '/obj' })).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":1,"list":[1,2]}' });
    expect(await request(rt, { method: 'GET', path: '/str' })).toMatchObject({ status: 200, body: 'hello' });
    const full = await request(rt, { method: 'GET', path: '/full' });
    expect(full.status).toBe(201);
    expect(full.headers).toEqual({ 'x-custom': 'v', 'content-type': 'text/plain' });
    expect(full.body).toBe('created');
    expect((await request(rt, { method: 'GET', path: '/b64' })).body).toBe('binary!');
  });

  it('answers 502 for a malformed response (statusCode not a number, body not a string) and for a function error', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [
          fn('BadStatus', 'export const handler = async () => ({ statusCode: "abc", body: "x" });'),
          fn('BadBody', 'export const handler = async () => ({ statusCode: 200, body: { not: "a string" } });'),
          fn('Throws', 'export const handler = async () => { throw new TypeError("boom"); };'),
          fn('Ok', 'export const handler = async () => ({ statusCode: 404, body: "" });'),
        ],
        apis: [api('Api', [route('GET', '/status', 'BadStatus'), route('GET', '/body', 'BadBody'), route('GET', '/throws', 'Throws'), route('GET', '/ok', 'Ok')])],
      }),
    );
    const status = await request(rt, { method: 'GET', path: '/status' });
    expect(status).toMatchObject({ status: 502, body: '{"message":"Internal Server Error"}' });
    expect(status.reason).toMatch(/statusCode "abc" is not an HTTP status/);
    const body = await request(rt, { method: 'GET', path: '/body' });
    expect(body.status).toBe(502);
    expect(body.reason).toMatch(/body must be a string/);
    const throws = await request(rt, { method: 'GET', path: '/throws' });
    expect(throws.status).toBe(502);
    expect(throws.reason).toMatch(/TypeError: boom/);
    // A function's own 404 is passed through.
    expect((await request(rt, { method: 'GET', path: '/ok' })).status).toBe(404);
    expect(rt.functions.metrics('Test/Throws').Errors).toBe(1);
  });

  it('answers 504 when the function takes longer than the route timeout; the function runs on and its result is dropped', async () => {
    const slow = 'export const handler = async () => { await new Promise((r) => setTimeout(r, 500)); console.log(JSON.stringify("finished")); return { statusCode: 200, body: "late" }; };';
    const rt = await startRuntime(testPlan({ functions: [fn('Slow', slow)], apis: [api('Api', [route('GET', '/slow', 'Slow', { timeoutMillis: 200 })])] }));
    const res = await request(rt, { method: 'GET', path: '/slow' });
    expect(res.status).toBe(504);
    expect(res.body).toBe('{"message":"Endpoint request timed out"}');
    expect(res.latencyMs).toBeGreaterThanOrEqual(200);
    expect(res.latencyMs).toBeLessThan(200 + SLACK);
    // The run went on until the function finished (500 ms of handler time after its cold start).
    expect(logged(rt, 'Test/Slow').map((l) => l.value)).toEqual(['finished']);
    expect(rt.functions.metrics('Test/Slow').Invocations).toBe(1);
    expect(rt.functions.metrics('Test/Slow').Errors).toBe(0);
    expect(rt.sim.now()).toBeGreaterThanOrEqual(500);
    expect(rt.http.log).toHaveLength(1);
    expect(rt.http.log[0]).toMatchObject({ status: 504, method: 'GET', path: '/slow' });
    const input = rt.ledger.inputs[0]!;
    // The API answered with an error of its own: discarded, as a failed synchronous invocation is.
    expect(input.disposition).toBe('discarded');
    expect(input.reason).toBe('504 to the client: the integration took longer than 200 ms');
    expect(input.endedAt! * 1000).toBeLessThan(200 + SLACK);
  });

  it('answers 500 when Lambda throttles the function (reserved concurrency 0), without invoking it, as API Gateway does', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Off', logEvent(), { reservedConcurrency: 0 })], apis: [api('Api', [route('GET', '/x', 'Off')])] }));
    const res = await request(rt, { method: 'GET', path: '/x' });
    expect(res.status).toBe(500);
    expect(res.body).toBe('{"message":"Internal Server Error"}');
    expect(res.reason).toMatch(/^Lambda refused the invocation: /);
    expect(rt.functions.metrics('Test/Off').Throttles).toBe(1);
    expect(rt.functions.metrics('Test/Off').Invocations).toBe(0);
    expect(logged(rt, 'Test/Off')).toHaveLength(0);
  });

  it('records each request with its status and latency in simulated ms', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Wait', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 100)); return "done"; };')], apis: [api('Api', [route('GET', '/wait', 'Wait')])] }),
    );
    const first = await request(rt, { method: 'GET', path: '/wait' });
    const second = await request(rt, { method: 'GET', path: '/wait' });
    const missing = await request(rt, { method: 'GET', path: '/missing' });
    expect(first.latencyMs).toBeGreaterThanOrEqual(100);
    expect(second.latencyMs).toBeGreaterThanOrEqual(100);
    // The warm second request costs about the handler's 100 ms.
    expect(second.latencyMs).toBeLessThan(100 + SLACK);
    expect(missing).toMatchObject({ status: 404, latencyMs: 0, body: '{"message":"Not Found"}' });
    expect(rt.http.log.map((l) => [l.status, l.path, l.latencyMs])).toEqual([
      [200, '/wait', first.latencyMs],
      [200, '/wait', second.latencyMs],
      [404, '/missing', 0],
    ]);
    expect(rt.http.log.map((l) => l.input)).toEqual(rt.ledger.inputs.map((i) => i.id));
  });
});

describe('route selection', () => {
  const routes = [route('GET', '/items/new', 'R'), route('GET', '/items/{id}', 'R'), route('ANY', '/items/{id}', 'R'), route('GET', '/{proxy+}', 'R'), route('ANY', '/$default', 'R', { path: '$default' })];

  it('prefers a literal path over {param} over {proxy+}, a method over ANY, and $default last', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('R', ROUTE_KEY_HANDLER)], apis: [api('Api', routes)] }));
    const pick = async (method: string, path: string) => JSON.parse((await request(rt, { method, path })).body) as { route: string; params: unknown };
    expect(await pick('GET', '/items/new')).toEqual({ route: 'GET /items/new', params: null });
    expect(await pick('GET', '/items/7')).toEqual({ route: 'GET /items/{id}', params: { id: '7' } });
    expect(await pick('DELETE', '/items/7')).toEqual({ route: 'ANY /items/{id}', params: { id: '7' } });
    expect(await pick('GET', '/items/7/extra')).toEqual({ route: 'GET /{proxy+}', params: { proxy: 'items/7/extra' } });
    expect(await pick('GET', '/other')).toEqual({ route: 'GET /{proxy+}', params: { proxy: 'other' } });
    expect(await pick('POST', '/other')).toEqual({ route: '$default', params: null });
    expect(await pick('GET', '/items/a%20b')).toEqual({ route: 'GET /items/{id}', params: { id: 'a b' } });
  });

  it('answers 404 when no route matches and there is no $default', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('R', ROUTE_KEY_HANDLER)], apis: [api('Api', [route('GET', '/items/{id}', 'R')])] }));
    for (const [method, path] of [
      ['GET', '/items'],
      ['GET', '/items/1/2'],
      ['POST', '/items/1'],
      ['GET', '/'],
    ] as const) {
      const res = await request(rt, { method, path });
      expect(res.status).toBe(404);
      expect(res.route).toBeUndefined();
    }
    expect(rt.functions.metrics('Test/R').Invocations).toBe(0);
    expect(rt.ledger.inputs.map((i) => [i.disposition, i.reason])).toEqual([
      ['discarded', '404 to the client: no route of Test/Api matches GET /items'],
      ['discarded', '404 to the client: no route of Test/Api matches GET /items/1/2'],
      ['discarded', '404 to the client: no route of Test/Api matches POST /items/1'],
      ['discarded', '404 to the client: no route of Test/Api matches GET /'],
    ]);
  });

  it('matchRoute: a greedy parameter needs at least one segment', () => {
    expect(matchRoute([route('GET', '/{proxy+}', 'R')], 'GET', '/')).toBeUndefined();
    expect(matchRoute([route('GET', '/files/{path+}', 'R')], 'GET', '/files/a/b/c')?.params).toEqual({ path: 'a/b/c' });
    expect(matchRoute([route('GET', '/files/{path+}', 'R')], 'GET', '/files')).toBeUndefined();
  });
});

describe('REST APIs (payload 1.0)', () => {
  it('sends the payload 1.0 event: resource, path, multi-value query, path parameters, the stage in requestContext.path', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Get', logEvent('{ statusCode: 200, body: "ok" }'))], apis: [api('Rest', [route('GET', '/items/{id}', 'Get', { payloadFormatVersion: '1.0', timeoutMillis: 29_000 })], { type: 'rest', stage: 'prod' })] }),
    );
    const res = await request(rt, { method: 'GET', path: '/items/1?x=1&x=2', headers: { Accept: 'text/plain' } }, 1000);
    expect(res.status).toBe(200);
    const event = logged<Record<string, unknown> & { requestContext: { apiId: string; requestId: string; identity: unknown } }>(rt, 'Test/Get')[0]!.value;
    expect(event).toEqual({
      resource: '/items/{id}',
      path: '/items/1',
      httpMethod: 'GET',
      // REST APIs keep the header names as the client wrote them.
      headers: { Accept: 'text/plain' },
      multiValueHeaders: { Accept: ['text/plain'] },
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      pathParameters: { id: '1' },
      stageVariables: null,
      requestContext: {
        accountId: ACCOUNT,
        apiId: event.requestContext.apiId,
        domainName: `${event.requestContext.apiId}.execute-api.us-east-1.amazonaws.com`,
        domainPrefix: event.requestContext.apiId,
        httpMethod: 'GET',
        path: '/prod/items/1',
        protocol: 'HTTP/1.1',
        requestId: event.requestContext.requestId,
        requestTime: '01/Jan/2026:00:00:01 +0000',
        requestTimeEpoch: START + 1000,
        resourcePath: '/items/{id}',
        stage: 'prod',
        identity: event.requestContext.identity,
      },
      body: null,
      isBase64Encoded: false,
    });
  });

  it('refuses a payload 1.0 response without a statusCode (502); null fields when there is no query or parameter', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Plain', logEvent('{ a: 1 }'))], apis: [api('Rest', [route('GET', '/plain', 'Plain', { payloadFormatVersion: '1.0' })], { type: 'rest', stage: 'prod' })] }),
    );
    const res = await request(rt, { method: 'GET', path: '/plain' });
    expect(res.status).toBe(502);
    const event = logged<Record<string, unknown>>(rt, 'Test/Plain')[0]!.value;
    expect([event.queryStringParameters, event.multiValueQueryStringParameters, event.pathParameters, event.headers]).toEqual([null, null, null, null]);
  });
});

describe('HTTP APIs (payload 1.0)', () => {
  it('lowercase header names and keep a named stage in path and requestContext.path', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Get', logEvent('{ statusCode: 200, body: "ok" }'))], apis: [api('Api', [route('GET', '/items/{id}', 'Get', { payloadFormatVersion: '1.0' })], { stage: 'dev' })] }),
    );
    expect((await request(rt, { method: 'GET', path: '/items/1', headers: { Accept: 'text/plain' } })).status).toBe(200);
    const event = logged<{ path: string; resource: string; headers: unknown; requestContext: { path: string; resourcePath: string; stage: string } }>(rt, 'Test/Get')[0]!.value;
    expect([event.path, event.resource, event.headers]).toEqual(['/dev/items/1', '/items/{id}', { accept: 'text/plain' }]);
    expect([event.requestContext.path, event.requestContext.resourcePath, event.requestContext.stage]).toEqual(['/dev/items/1', '/items/{id}', 'dev']);
  });

  it('name the payload format in the event (version 1.0) and the domain in requestContext, as HTTP APIs send them; REST events have no version', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Get', logEvent('{ statusCode: 200, body: "ok" }'))],
        apis: [api('Api', [route('GET', '/items/{id}', 'Get', { payloadFormatVersion: '1.0' })]), api('Rest', [route('GET', '/rest/{id}', 'Get', { payloadFormatVersion: '1.0' })], { type: 'rest', stage: 'prod' })],
      }),
    );
    expect((await request(rt, { method: 'GET', path: '/items/1' }, 0, 'Test/Api')).status).toBe(200);
    expect((await request(rt, { method: 'GET', path: '/rest/1' }, 0, 'Test/Rest')).status).toBe(200);
    const [http, rest] = logged<{ version?: string; requestContext: { apiId: string; domainName: string; domainPrefix: string } }>(rt, 'Test/Get').map((l) => l.value);
    expect(http!.version).toBe('1.0');
    expect(http!.requestContext.domainName).toBe(`${http!.requestContext.apiId}.execute-api.us-east-1.amazonaws.com`);
    expect(http!.requestContext.domainPrefix).toBe(http!.requestContext.apiId);
    expect(rest).not.toHaveProperty('version');
  });
});

describe('CORS', () => {
  const cors = { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], exposeHeaders: ['x-total'], maxAgeSeconds: 600 };

  it('answers a preflight itself, without invoking the function', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Get', logEvent())], apis: [api('Api', [route('GET', '/items/{id}', 'Get')], { cors })] }));
    const res = await request(rt, { method: 'OPTIONS', path: '/items/1', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
    expect(res.latencyMs).toBe(0);
    expect(rt.functions.metrics('Test/Get').Invocations).toBe(0);
    expect(rt.ledger.inputs[0]!.disposition).toBe('processed');
  });

  it('adds CORS headers to responses for allowed origins only', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Get', 'export const handler = async () => ({ statusCode: 200, body: "x" });')], apis: [api('Api', [route('GET', '/items/{id}', 'Get')], { cors })] }));
    const allowed = await request(rt, { method: 'GET', path: '/items/1', headers: { Origin: 'https://app.example.com' } });
    expect(allowed.headers).toEqual({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-expose-headers': 'x-total' });
    const other = await request(rt, { method: 'GET', path: '/items/1', headers: { Origin: 'https://evil.example.com' } });
    expect(other.status).toBe(200);
    expect(other.headers).toEqual({});
    const none = await request(rt, { method: 'GET', path: '/items/1' });
    expect(none.headers).toEqual({});
  });
});

describe('HTTP request dispositions', () => {
  it('a request the function answers (whatever its status) is processed; one the function failed is discarded with the 502', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Ok', 'export const handler = async () => ({ statusCode: 418, body: "teapot" });'), fn('Boom', 'export const handler = async () => { throw new Error("boom"); };')],
        apis: [api('Api', [route('GET', '/ok', 'Ok'), route('GET', '/boom', 'Boom')])],
      }),
    );
    expect((await request(rt, { method: 'GET', path: '/ok' })).status).toBe(418);
    expect((await request(rt, { method: 'GET', path: '/boom' })).status).toBe(502);
    expect(rt.ledger.inputs.map((i) => [i.disposition, i.reason])).toEqual([
      ['processed', undefined],
      ['discarded', '502 to the client: the function failed: Error: boom'],
    ]);
  });
});
