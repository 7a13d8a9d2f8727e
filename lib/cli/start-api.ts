import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { LambdaformError } from '../core/errors.js';
import type { Plan, PlanApi, PlanRoute } from '../local/plan/types.js';
import { Runtime } from '../local/runtime.js';
import { matchRoute, type HttpResponse } from '../local/services/http.js';
import { CliError } from './errors.js';
import { loadPlan, type PlanSourceOptions } from './plan-source.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './config.js';

/** Options of `lambdaform start-api`. */
export interface StartApiOptions extends PlanSourceOptions {
  /** The port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** The address to bind. @default 127.0.0.1 */
  readonly host?: string;
  /** Serve only this API (at the root); by default every API of the plan is served at the root. */
  readonly api?: string;
  /** Seed of request ids, message ids and alias weights. @default 1 */
  readonly seed?: number;
  /** The account's concurrency limit. @default 1000 */
  readonly accountConcurrency?: number;
}

/** Where a running server writes, and the directory the plan options are relative to. */
export interface StartApiIo {
  readonly cwd?: string;
  /** One line of the server's output (the routes, the handlers' logs, one line per request). @default stdout */
  readonly out?: (line: string) => void;
  /** Warnings and errors. @default stderr */
  readonly err?: (line: string) => void;
  /** How long to wait after a change to handler code before reloading (ms). @default 100 */
  readonly reloadDelayMs?: number;
}

/** A running `start-api` server. */
export interface RunningApi {
  /** `http://127.0.0.1:3000` */
  readonly url: string;
  readonly port: number;
  /** The runtime behind it: the rest of the app, simulated on the wall clock. */
  readonly runtime: Runtime;
  /** Stops the server: closes its connections, ends every execution environment, removes the temporary directories. */
  close(): Promise<void>;
}

export { DEFAULT_HOST, DEFAULT_PORT };
/** API Gateway's largest request payload (10 MB): a larger body is refused with 413. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Headers of the connection, not of the response: Node writes its own. */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'keep-alive', 'transfer-encoding', 'upgrade']);

/**
 * `lambdaform start-api`: serves the app's API routes over HTTP, as `sam local start-api` does
 * without Docker, until SIGINT or SIGTERM. Returns the exit code (0 after a clean stop).
 */
export async function startApiCommand(opts: StartApiOptions, cwd = process.cwd()): Promise<number> {
  const server = await startApi(opts, { cwd });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write('Stopping: ending execution environments...\n');
  await server.close();
  return 0;
}

/**
 * Starts the server: the plan's runtime on the wall clock (`realtime`, kept alive while the
 * server runs), an HTTP server whose requests go through the runtime's API Gateway
 * (`HttpService`), and a watch on the handlers' code that retires warm environments when it
 * changes. Resolves once it listens.
 */
export async function startApi(opts: StartApiOptions, io: StartApiIo = {}): Promise<RunningApi> {
  const cwd = io.cwd ?? process.cwd();
  const out = io.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => void process.stderr.write(`lambdaform: ${line}\n`));
  const port = opts.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port must be a port number (0-65535; 0 picks a free port), got ${port}`);
  const host = opts.host ?? DEFAULT_HOST;
  const { plan, planDir } = await loadPlan(opts, cwd);
  for (const w of plan.warnings) err(`warning: ${w}`);
  if (plan.apis.length === 0) throw new CliError('the app has no API to serve: start-api serves API Gateway routes (invoke and run run the rest)');
  let rt: Runtime;
  try {
    rt = new Runtime(plan, {
      planDir,
      realtime: true,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.accountConcurrency !== undefined ? { accountConcurrency: opts.accountConcurrency } : {}),
    });
  } catch (e) {
    if (e instanceof LambdaformError) throw new CliError(e.message);
    throw e;
  }
  const runtime = rt;
  let apis: readonly PlanApi[];
  try {
    apis = opts.api !== undefined ? [plan.apis.find((a) => a.id === runtime.resolve('api', opts.api!))!] : plan.apis;
    if (opts.api === undefined) checkCollisions(plan.apis);
  } catch (e) {
    await runtime.shutdown();
    if (e instanceof LambdaformError) throw new CliError(e.message);
    throw e;
  }
  await runtime.start();

  // The simulation on the wall clock, kept alive between requests; an error in it is reported and the loop goes on.
  let closing = false;
  runtime.sim.keepAlive = true;
  const loop = (async () => {
    while (!closing) {
      try {
        await runtime.sim.run();
        return;
      } catch (e) {
        err(`internal error in the simulation: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })();

  const flushLogs = (): void => {
    for (const id of runtime.functions.ids()) for (const line of runtime.functions.drainLogs(id)) out(`[${id}] ${line}`);
  };
  const tail = setInterval(flushLogs, 100);
  tail.unref();

  const owner = new Map<PlanRoute, PlanApi>();
  for (const a of apis) for (const r of a.routes) owner.set(r, a);
  const routes = [...owner.keys()];
  /** The API that takes a request: the one whose route matches best (each route belongs to one API). */
  const pick = (method: string, rawPath: string, preflightMethod: string | undefined): PlanApi => {
    if (apis.length === 1) return apis[0]!;
    let m = matchRoute(routes, method, rawPath);
    if (preflightMethod && (!m || m.route.path === '$default')) m = matchRoute(routes, preflightMethod.toUpperCase(), rawPath) ?? m;
    return m ? owner.get(m.route)! : apis[0]!;
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size <= MAX_BODY_BYTES) chunks.push(c as Buffer);
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const target = requestTarget(req.url ?? '/');
    const rawPath = target.split('?', 1)[0]!;
    if (size > MAX_BODY_BYTES) {
      send(res, method, { status: 413, headers: { 'content-type': 'application/json' }, body: '{"message":"Request Entity Too Large"}', latencyMs: 0, reason: `the body is larger than API Gateway's ${MAX_BODY_BYTES} bytes` });
      out(`${method} ${target} 413 (the body is larger than ${MAX_BODY_BYTES} bytes)`);
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const k = req.rawHeaders[i]!;
      const v = req.rawHeaders[i + 1]!;
      const prev = headers[k];
      headers[k] = prev === undefined ? v : [...(typeof prev === 'string' ? [prev] : prev), v];
    }
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
    // What API Gateway adds to every request.
    if (!has('x-forwarded-for')) headers['X-Forwarded-For'] = sourceIp;
    if (!has('x-forwarded-port')) headers['X-Forwarded-Port'] = String(req.socket.localPort ?? port);
    if (!has('x-forwarded-proto')) headers['X-Forwarded-Proto'] = 'http';
    const api = pick(method, rawPath, method === 'OPTIONS' ? req.headers['access-control-request-method'] : undefined);
    let response: HttpResponse;
    try {
      const input = runtime.ledger.create(0, api.id);
      response = await runtime.http.request(api.id, { method, path: target, headers, ...(size > 0 ? { body: Buffer.concat(chunks) } : {}), sourceIp, protocol: `HTTP/${req.httpVersion}` }, input);
    } catch (e) {
      err(`${method} ${target}: ${e instanceof Error ? e.message : String(e)}`);
      response = { status: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}', latencyMs: 0 };
    }
    // The server keeps no history: each answer is printed once.
    runtime.http.log.length = 0;
    flushLogs();
    send(res, method, response, (e) => err(`${method} ${target}: the function's response cannot be sent: ${e.message}`));
    out(`${method} ${target} ${response.status}${response.route ? ` (${response.route})` : ''} ${Math.round(response.latencyMs)} ms${response.reason ? `: ${response.reason}` : ''}`);
  };

  const server = http.createServer((req, res) => {
    serve(req, res).catch((e: unknown) => {
      err(`internal error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    closing = true;
    clearInterval(tail);
    runtime.sim.keepAlive = false;
    runtime.sim.stop();
    await loop;
    await runtime.shutdown();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is in use: choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliError(`cannot listen on ${host}: no such address on this machine`);
    throw e;
  }
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${bound}`;

  const unwatch = watchCode(plan, planDir, io.reloadDelayMs ?? 100, err, (changed) => {
    for (const [id, files] of changed) {
      runtime.functions.retire(id);
      out(`Reloaded ${id}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? `, and ${files.length - 3} more` : ''} changed; its next request starts a new environment`);
    }
  });

  for (const line of banner(apis, url)) out(line);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      unwatch();
      clearInterval(tail);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      runtime.sim.keepAlive = false;
      runtime.sim.stop();
      await loop;
      flushLogs();
      await runtime.shutdown();
    })());
  return { url, port: bound, runtime, close };
}

/** The request's path and query (an absolute-form target, as a proxy sends it, reduced to them). */
function requestTarget(url: string): string {
  if (!/^[a-z]+:\/\//i.test(url)) return url;
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Writes a response: every value of a repeated header (Set-Cookie) as a header line of its own, a base64-encoded body as its bytes. */
function send(res: http.ServerResponse, method: string, r: HttpResponse, onError?: (e: Error) => void): void {
  const body = r.bodyBytes ?? Buffer.from(r.body);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = r.multiValueHeaders?.[k] ? [...r.multiValueHeaders[k]] : v;
  headers['content-length'] = String(body.length);
  try {
    res.writeHead(r.status, headers);
  } catch (e) {
    // A header name or value HTTP cannot carry (a line break): API Gateway answers 502.
    onError?.(e as Error);
    const text = '{"message":"Internal Server Error"}';
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': String(text.length) });
    res.end(method === 'HEAD' ? undefined : text);
    return;
  }
  res.end(method === 'HEAD' ? undefined : body);
}

/** A route's path as a shape (parameter names left out): two APIs with the same method and shape would take the same requests. */
function routeShape(r: PlanRoute): string {
  if (r.path === '$default') return '$default';
  return `${r.method.toUpperCase()} ${r.path.replace(/\{[^}]+\+\}/g, '{+}').replace(/\{[^}+]+\}/g, '{}')}`;
}

/** Every API is served at the root, as `sam local start-api` serves them: two that take the same requests must be served one at a time (--api). */
function checkCollisions(apis: readonly PlanApi[]): void {
  const seen = new Map<string, PlanApi>();
  for (const a of apis) {
    for (const r of a.routes) {
      const shape = routeShape(r);
      const other = seen.get(shape);
      if (other && other !== a) {
        throw new CliError(`${other.id} and ${a.id} both have a route ${r.path === '$default' ? '$default' : `${r.method} ${r.path}`}: start-api serves every API at the root, so serve one of them with --api <name>`);
      }
      seen.set(shape, a);
    }
  }
}

/** The lines printed when the server listens: each API and one line per route, as `sam local start-api` prints its mounts. */
function banner(apis: readonly PlanApi[], url: string): string[] {
  const lines: string[] = [];
  for (const a of apis) {
    const throttling = a.throttling ? `, throttling: rate ${a.throttling.rateLimit ?? 'account'}, burst ${a.throttling.burstLimit ?? 'account'}` : '';
    lines.push(`${a.id} (${a.type === 'http' ? 'HTTP API' : 'REST API'}${a.stage && a.stage !== '$default' ? `, stage ${a.stage}` : ''}${throttling}):`);
    const sorted = [...a.routes].sort((x, y) => (x.path === '$default' ? 1 : 0) - (y.path === '$default' ? 1 : 0) || x.path.localeCompare(y.path) || x.method.localeCompare(y.method));
    for (const r of sorted) {
      const fn = `${r.function}${r.qualifier ? `:${r.qualifier}` : ''}`;
      lines.push(r.path === '$default' ? `  ANY ${url}/* → ${fn} ($default: any request no other route takes)` : `  ${r.method.toUpperCase()} ${url}${r.path} → ${fn}`);
    }
  }
  lines.push(`Listening on ${url}: handler changes are picked up on the next cold start; Ctrl-C to stop.`);
  return lines;
}

/**
 * Watches the handlers' code directories and layers (recursively where the platform can) and
 * calls `changed` with the functions whose code changed, after `delayMs` without a further
 * change (an editor's save is several events). Returns the function that stops watching.
 */
function watchCode(plan: Plan, planDir: string, delayMs: number, err: (line: string) => void, changed: (fns: Map<string, string[]>) => void): () => void {
  const roots = new Map<string, Set<string>>();
  const add = (dir: string, id: string): void => {
    const abs = path.resolve(planDir, dir);
    roots.set(abs, (roots.get(abs) ?? new Set()).add(id));
  };
  for (const f of plan.functions) {
    if (f.handler) add(f.handler.codeDir, f.id);
    for (const l of f.layers) if (l.dir) add(l.dir, f.id);
  }
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    timer = undefined;
    const byFn = new Map<string, string[]>();
    for (const p of pending) {
      for (const [dir, ids] of roots) {
        if (p !== dir && !p.startsWith(dir + path.sep)) continue;
        const rel = path.relative(dir, p) || path.basename(dir);
        for (const id of ids) {
          const list = byFn.get(id) ?? [];
          if (!list.includes(rel)) list.push(rel);
          byFn.set(id, list);
        }
      }
    }
    pending.clear();
    if (byFn.size > 0) changed(byFn);
  };
  const watchers: fs.FSWatcher[] = [];
  for (const dir of roots.keys()) {
    if (!fs.existsSync(dir)) continue;
    let w: fs.FSWatcher;
    try {
      w = fs.watch(dir, { recursive: true, persistent: false });
    } catch {
      try {
        // Without recursive watching (older platforms), changes in the directory itself.
        w = fs.watch(dir, { persistent: false });
      } catch (e) {
        err(`hot reload is off for ${dir}: ${(e as Error).message}`);
        continue;
      }
    }
    w.on('change', (_type, name) => {
      const rel = name === null ? '' : String(name);
      if (/(^|[\\/])(\.git|\.lambdaform)([\\/]|$)/.test(rel)) return;
      pending.add(rel === '' ? dir : path.join(dir, rel));
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, delayMs);
      timer.unref();
    });
    w.on('error', (e) => err(`hot reload stopped watching ${dir}: ${e.message}`));
    watchers.push(w);
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
