/**
 * `lambdaform start-api`: the app's routes over real HTTP on 127.0.0.1, the rest of the app
 * simulated on the wall clock behind them. One server for the file, on a free port, over a plan
 * file written here; requests with fetch (and node:http where fetch cannot say it).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../lib/cli/start-api.js';
import type { Plan } from '../../lib/local/plan/types.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';
import { fn, queue, sqsMapping, startRuntime, tempDir, testPlan } from '../local/helpers.js';
import { api, route } from '../local/services/helpers.js';

/** A handler that answers with the event it got. */
const ECHO = 'export const handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });';

const markers = tempDir();
const markerFile = path.join(markers, 'consumed.txt');
const reload = fn('Reload', 'export const handler = async () => "v1";');

const plan: Plan = testPlan({
  functions: [
    fn('Echo', ECHO),
    fn('EchoV1', ECHO),
    fn('Cookies', 'export const handler = async (event) => ({ statusCode: 200, cookies: ["session=abc; Path=/; HttpOnly", "theme=dark"], body: JSON.stringify(event.cookies ?? null) });'),
    fn('Multi', 'export const handler = async () => ({ statusCode: 200, headers: { "x-one": "1" }, multiValueHeaders: { "x-many": ["a", "b"] }, body: "ok" });'),
    fn('Image', 'export const handler = async () => ({ statusCode: 200, headers: { "content-type": "image/png" }, isBase64Encoded: true, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]).toString("base64") });'),
    fn('Plain', 'export const handler = async () => ({ hello: "world" });'),
    fn('Malformed', 'export const handler = async () => ({ statusCode: "abc", body: "x" });'),
    fn('Slow', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return "late"; };'),
    fn('Limited', 'export const handler = async () => "ok";'),
    fn('Off', 'export const handler = async () => "never";', { reservedConcurrency: 0 }),
    reload,
    fn(
      'Producer',
      `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const r = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
  return { statusCode: 202, body: JSON.stringify({ messageId: r.MessageId }) };
};`,
      { environment: { QUEUE_URL: queue('Jobs').url } },
    ),
    fn('Consumer', `import * as fs from 'node:fs';\nexport const handler = async (event) => { for (const r of event.Records) fs.appendFileSync(process.env.MARKER_FILE, r.body + '\\n'); };`, { environment: { MARKER_FILE: markerFile } }),
  ],
  queues: [queue('Jobs')],
  mappings: [sqsMapping('Jobs', 'Consumer')],
  apis: [
    api(
      'Api',
      [
        route('GET', '/items/{id}', 'Echo'),
        route('POST', '/items', 'Echo'),
        route('POST', '/upload', 'Echo'),
        route('GET', '/v1/items/{id}', 'EchoV1', { payloadFormatVersion: '1.0' }),
        route('GET', '/cookies', 'Cookies'),
        route('GET', '/multi', 'Multi', { payloadFormatVersion: '1.0' }),
        route('GET', '/image', 'Image'),
        route('GET', '/plain', 'Plain'),
        route('GET', '/malformed', 'Malformed'),
        route('GET', '/slow', 'Slow', { timeoutMillis: 200 }),
        route('GET', '/off', 'Off'),
        route('GET', '/reload', 'Reload'),
        route('POST', '/jobs', 'Producer'),
      ],
      { cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'x-api-key'], exposeHeaders: ['x-total'], maxAgeSeconds: 300 } },
    ),
    // A second API, served at the root beside the first: its stage lets one request through a second.
    api('Limits', [route('GET', '/limited', 'Limited')], { throttling: { rateLimit: 1, burstLimit: 1 } }),
  ],
});

const dir = tempDir();
const planFile = path.join(dir, 'plan.json');
fs.writeFileSync(planFile, JSON.stringify(plan, null, 2));

const lines: string[] = [];
const errors: string[] = [];
let server: RunningApi;

beforeAll(async () => {
  server = await startApi({ plan: planFile, port: 0 }, { cwd: dir, out: (l) => lines.push(l), err: (l) => errors.push(l), reloadDelayMs: 50 });
});

afterAll(async () => {
  await server?.close();
});

/** Waits until `ready` holds (polling), or fails after `ms`. */
async function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return JSON.parse(await res.text()) as T;
}

describe('start-api', () => {
  it('listens on 127.0.0.1 and prints the URL and one line per route', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toContain(`  GET ${server.url}/items/{id} → Test/Echo`);
    expect(lines).toContain(`  POST ${server.url}/jobs → Test/Producer`);
    expect(lines).toContain(`  GET ${server.url}/limited → Test/Limited`);
    expect(lines).toContain('Test/Limits (HTTP API, throttling: rate 1, burst 1):');
    expect(lines.some((l) => l.startsWith(`Listening on ${server.url}`))).toBe(true);
  });

  it('a GET becomes the payload 2.0 event: raw path, path parameters, query string, lower-case headers, request context', async () => {
    const res = await fetch(`${server.url}/items/a%20b?x=1&x=2&y=z`, { headers: { 'X-Trace': 't1', 'User-Agent': 'test-agent' } });
    expect(res.status).toBe(200);
    const event = await json<{
      rawPath: string;
      rawQueryString: string;
      queryStringParameters: unknown;
      pathParameters: unknown;
      headers: Record<string, string>;
      isBase64Encoded: boolean;
      requestContext: { http: Record<string, unknown>; stage: string; routeKey: string; timeEpoch: number };
    }>(res);
    expect(event.rawPath).toBe('/items/a%20b');
    expect(event.rawQueryString).toBe('x=1&x=2&y=z');
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: 'z' });
    expect(event.pathParameters).toEqual({ id: 'a b' });
    expect(event.headers['x-trace']).toBe('t1');
    expect(event.headers.host).toBe(server.url.slice('http://'.length));
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(Object.keys(event.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(event.requestContext.http).toEqual({ method: 'GET', path: '/items/a%20b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test-agent' });
    expect(event.requestContext.routeKey).toBe('GET /items/{id}');
    expect(event.requestContext.stage).toBe('$default');
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(event.isBase64Encoded).toBe(false);
  });

  it('payload 1.0: multi-value query and headers, the last value in the single-value fields', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${server.url}/v1/items/7?tag=a&tag=b`, { headers: { 'X-Many': ['1', '2'] } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    const event = JSON.parse(body) as Record<string, Record<string, unknown>>;
    expect(event.queryStringParameters).toEqual({ tag: 'b' });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'] });
    expect(event.headers!['x-many']).toBe('2');
    expect(event.multiValueHeaders!['x-many']).toEqual(['1', '2']);
    expect(event.pathParameters).toEqual({ id: '7' });
    expect(event.requestContext!.identity).toMatchObject({ sourceIp: '127.0.0.1' });
    expect(typeof event.requestContext!.requestTimeEpoch).toBe('number');
  });

  it('a POST with a JSON body passes it as text', async () => {
    const res = await fetch(`${server.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"lamp"}' });
    const event = await json<{ body: string; isBase64Encoded: boolean }>(res);
    expect(event.body).toBe('{"name":"lamp"}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('a binary body is base64-encoded (isBase64Encoded); a binary response body is sent as its bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff]);
    const event = await json<{ body: string; isBase64Encoded: boolean }>(await fetch(`${server.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes }));
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(bytes);
    const form = await json<{ body: string; isBase64Encoded: boolean }>(await fetch(`${server.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }));
    expect(form).toMatchObject({ body: Buffer.from('a=1').toString('base64'), isBase64Encoded: true });
    const image = await fetch(`${server.url}/image`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
  });

  it('cookies both ways: the Cookie header as the cookies list (not in headers), the response cookies as Set-Cookie headers', async () => {
    const res = await fetch(`${server.url}/cookies`, { headers: { Cookie: 'a=1; b=2' } });
    expect(await json<unknown>(res)).toEqual(['a=1', 'b=2']);
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark']);
    const echoed = await json<{ headers: Record<string, string>; cookies: unknown }>(await fetch(`${server.url}/items/1`, { headers: { Cookie: 'a=1' } }));
    expect(echoed.cookies).toEqual(['a=1']);
    expect(echoed.headers.cookie).toBeUndefined();
  });

  it('payload 1.0 multiValueHeaders become repeated headers; payload 2.0 infers a 200 JSON response from a plain value', async () => {
    const multi = await fetch(`${server.url}/multi`);
    expect(multi.headers.get('x-one')).toBe('1');
    expect(multi.headers.get('x-many')).toBe('a, b');
    const plain = await fetch(`${server.url}/plain`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.text()).toBe('{"hello":"world"}');
  });

  it('answers a CORS preflight itself', async () => {
    const res = await fetch(`${server.url}/items/1`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    const cors = Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-')));
    expect(cors).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type,x-api-key',
      'access-control-max-age': '300',
    });
    const get = await fetch(`${server.url}/items/1`, { headers: { Origin: 'https://app.example.com' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(get.headers.get('access-control-expose-headers')).toBe('x-total');
  });

  it('502 for a malformed response, 504 past the route timeout, 500 for a function Lambda throttles, 404 for no route', async () => {
    const bad = await fetch(`${server.url}/malformed`);
    expect(bad.status).toBe(502);
    expect(await bad.text()).toBe('{"message":"Internal Server Error"}');
    const start = Date.now();
    const slow = await fetch(`${server.url}/slow`);
    expect(slow.status).toBe(504);
    expect(await slow.text()).toBe('{"message":"Endpoint request timed out"}');
    expect(Date.now() - start).toBeLessThan(1500);
    const off = await fetch(`${server.url}/off`);
    expect(off.status).toBe(500);
    expect(await off.text()).toBe('{"message":"Internal Server Error"}');
    expect(server.runtime.functions.metrics('Test/Off').Throttles).toBe(1);
    const missing = await fetch(`${server.url}/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('{"message":"Not Found"}');
    expect(lines.some((l) => l.startsWith('GET /slow 504 (GET /slow)'))).toBe(true);
  });

  it("429 over the stage's throttling (burst 1, rate 1/s): two quick requests", async () => {
    const [first, second] = await Promise.all([fetch(`${server.url}/limited`), fetch(`${server.url}/limited`)]);
    expect([first!.status, second!.status].sort()).toEqual([200, 429]);
    const throttled = first!.status === 429 ? first! : second!;
    expect(await throttled.text()).toBe('{"message":"Too Many Requests"}');
    expect(server.runtime.functions.metrics('Test/Limited').Invocations).toBe(1);
  });

  it('hot reload: a changed handler file is loaded by the next request after the reload', async () => {
    expect(await (await fetch(`${server.url}/reload`)).text()).toBe('v1');
    fs.writeFileSync(path.join(reload.handler!.codeDir, 'index.mjs'), 'export const handler = async () => "v2";');
    await until(() => lines.some((l) => l.startsWith('Reloaded Test/Reload: index.mjs changed')), 5000, 'the reload');
    expect(await (await fetch(`${server.url}/reload`)).text()).toBe('v2');
    expect(server.runtime.functions.metrics('Test/Reload').ColdStarts).toBe(2);
  });

  it("a handler's SendMessage reaches the queue, whose consumer then runs (the rest of the app simulated behind the API)", async () => {
    const res = await fetch(`${server.url}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"job":42}' });
    const text = await res.text();
    expect(res.status, text).toBe(202);
    expect(JSON.parse(text)).toEqual({ messageId: expect.any(String) as unknown });
    // (the consumer appends in its own thread: the file exists a moment before its line is in it)
    await until(() => fs.existsSync(markerFile) && fs.readFileSync(markerFile, 'utf8').endsWith('\n'), 5000, 'the consumer');
    expect(fs.readFileSync(markerFile, 'utf8')).toBe('{"job":42}\n');
    expect(server.runtime.functions.metrics('Test/Consumer').Invocations).toBe(1);
    // The handlers' logs are printed as they come, the consumer's too.
    await until(() => lines.some((l) => l.startsWith('[Test/Consumer] REPORT RequestId:')), 2000, "the consumer's logs");
    expect(lines.some((l) => l.startsWith('[Test/Producer] START RequestId:'))).toBe(true);
  });
});

describe('several APIs', () => {
  const twoApis = (): string => {
    const file = path.join(tempDir(), 'two.json');
    const one = fn('One', 'export const handler = async () => "one";');
    const two = fn('Two', 'export const handler = async () => "two";');
    fs.writeFileSync(file, JSON.stringify(testPlan({ functions: [one, two], apis: [api('Public', [route('GET', '/items/{id}', 'One')]), api('Admin', [route('GET', '/items/{itemId}', 'Two')])] })));
    return file;
  };

  it('refuses to serve two APIs that take the same requests at the root, and serves the one --api names', async () => {
    const file = twoApis();
    await expect(startApi({ plan: file, port: 0 }, { out: () => undefined })).rejects.toThrow(
      'Test/Public and Test/Admin both have a route GET /items/{itemId}: start-api serves every API at the root, so serve one of them with --api <name>',
    );
    const out: string[] = [];
    const admin = await startApi({ plan: file, port: 0, api: 'Admin' }, { out: (l) => out.push(l) });
    try {
      expect(out[0]).toBe('Test/Admin (HTTP API):');
      expect(await (await fetch(`${admin.url}/items/1`)).text()).toBe('two');
    } finally {
      await admin.close();
    }
  });
});

describe('start-api on the command line', () => {
  it('lambdaform start-api --help lists --port and --host', () => {
    const r = runCli(['start-api', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--port <n>.*\(default: 3000\)/);
    expect(r.stdout).toMatch(/--host <address>.*\(default: "127\.0\.0\.1"\)/);
  });

  it('stops cleanly on SIGTERM: exit 0, its temporary directories removed', async () => {
    const small = path.join(dir, 'small.json');
    fs.writeFileSync(small, JSON.stringify(testPlan({ functions: [fn('Hi', 'export const handler = async () => "hi";')], apis: [api('Api', [route('GET', '/hi', 'Hi')])] })));
    const tmp = tempDir();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'lambdaform.mjs'), 'start-api', '--plan', small, '--port', '0'], { env: { ...process.env, TMPDIR: tmp, LAMBDAFORM_OUTDIR: '' } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => /Listening on (http:\/\/127\.0\.0\.1:\d+)/.test(stdout), 20_000, 'the server');
    const url = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    expect(await (await fetch(`${url}/hi`)).text()).toBe('hi');
    expect(fs.readdirSync(tmp).some((d) => d.startsWith('lambdaform-local-'))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.readdirSync(tmp).filter((d) => d.startsWith('lambdaform-local-'))).toEqual([]);
  }, 30_000);
});

describe('what start-api builds on', () => {
  it("FunctionService.retire: idle environments end at once, a running one when its invocation ends; the next invocation starts a new one", async () => {
    // Each environment counts its own invocations: a warm one answers 2, 3, ...
    const f = fn('Count', 'let n = 0; export const handler = async (e) => { await new Promise((r) => setTimeout(r, e.wait)); return ++n; };');
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const call = async (wait: number, during?: () => void): Promise<string | undefined> => {
      const pending = rt.invoke({ function: f.id }, JSON.stringify({ wait }), 'RequestResponse', rt.ledger.create(0, f.id));
      if (during) rt.sim.after(50, during);
      await rt.sim.run();
      return (await pending)?.json;
    };
    expect(await call(0)).toBe('1');
    expect(await call(0)).toBe('2');
    expect(rt.functions.retire(f.id)).toBe(1);
    let retired: number | undefined;
    expect(await call(300, () => (retired = rt.functions.retire(f.id)))).toBe('1');
    expect(retired).toBe(0);
    // The environment that was running did not go back to the pool.
    expect(await call(0)).toBe('1');
    expect(await call(0)).toBe('2');
    expect(rt.functions.metrics(f.id).ColdStarts).toBe(3);
  });

  it("the stage's throttling is a token bucket on the simulated clock (scenarios' http steps): burst 1, one more a second", async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Ok', 'export const handler = async () => "ok";')], apis: [api('Api', [route('GET', '/ok', 'Ok')], { throttling: { rateLimit: 1, burstLimit: 1 } })] }));
    const statuses: number[] = [];
    const send = (i: number) => (): void => void rt.http.request(undefined, { method: 'GET', path: '/ok' }, rt.ledger.create(0, 'Test/Api')).then((r) => (statuses[i] = r.status));
    send(0)();
    send(1)();
    rt.sim.at(500, send(2));
    rt.sim.at(2000, send(3));
    await rt.sim.run();
    // The first takes the bucket's one token; half a second later half a token has come back; two seconds later one has.
    expect(statuses).toEqual([200, 429, 429, 200]);
    expect(rt.http.log.map((l) => l.reason).filter(Boolean)).toEqual(["over the stage's throttling (rate 1/s, burst 1)", "over the stage's throttling (rate 1/s, burst 1)"]);
  });
});

afterAll(() => {
  expect(errors.filter((e) => !e.startsWith('warning:'))).toEqual([]);
});
