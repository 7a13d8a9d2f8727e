import * as fs from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Module } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as util from 'node:util';
import * as v8 from 'node:v8';
import { lambdaModuleType } from './loader-needs.js';
import { CONSOLE_LEVELS, logEnabled, logLine } from './log-lines.js';
import { environmentId, type Environment, type EnvironmentSpec, type FunctionErrorInfo, type InitOutcome, type InvocationEvent, type RawOutcome, type StaticContext } from './environment.js';

/**
 * An execution environment in the runtime's own thread (`handlers: 'in-process'`): the handler
 * module is loaded with `import()` (a fresh instance of the handler file per environment, so a
 * cold start runs its top-level code again) and invoked as a plain function call, without a
 * worker thread or a message between threads. Invocations, results, errors, timeouts (as a
 * crash of the environment) and logs are told as a worker environment tells them.
 *
 * What is not isolated, unlike a worker environment (see `RuntimeOptions.handlers`):
 * - `process.env`: while the mode is in use it is a view that answers, within a handler's
 *   asynchronous context (its INIT, its invocations and what they start), the environment's own
 *   variables (as in a worker: only the function's and Lambda's, with its own TMPDIR), and
 *   elsewhere the process's. Code that loses the asynchronous context (a callback from a native
 *   module, an emitter made outside the handler) sees the process's variables.
 * - globals, the module cache (only the handler file itself is loaded once per environment; what
 *   it imports is shared by every environment and by the runtime), `process.exit`,
 *   `process.on(...)`, uncaught exceptions and unhandled rejections are the runtime's process's.
 * - a timeout ends the invocation (a crash, as in a worker) but cannot stop its code: what the
 *   handler still runs goes on in the background, and a synchronous loop blocks the whole runtime.
 * - the memory size is not enforced (no heap limit, no out-of-memory kill); `Max Memory Used`
 *   is the process's heap, capped at the memory size.
 * - a callback-style handler ends when it calls back (Lambda's wait for an empty event loop
 *   cannot be seen from inside the runtime's loop); a handler that neither returns a promise nor
 *   calls back ends with null at once.
 * - what Lambda puts on NODE_PATH (the layers' `node_modules`, and the AWS SDK the runtime
 *   provides when the runtime has one) is looked in by CommonJS code only: a `require` from a file
 *   of the code directory, when Node's own lookup fails. ES module imports resolve as Node
 *   resolves them from the handler's file. The AWS SDK's calls still go to the
 *   runtime's endpoint (AWS_ENDPOINT_URL and the credentials are in the handler's `process.env`).
 * - console output is captured per invocation (through the same asynchronous context); what is
 *   written to `process.stdout`/`process.stderr` directly is not logged.
 */
export class InProcessEnvironment implements Environment {
  public readonly id = environmentId();
  public readonly tmpDir: string;
  public readonly memoryMb: number;
  private dead = false;
  private handler: ((...args: unknown[]) => unknown) | undefined;
  private pending: Call | undefined;
  /** Whether start is calling the handler now. */
  private starting = false;
  private readonly initDone: Promise<InitOutcome>;
  /** Nothing to wait for: the environment is gone when kill returns. */
  public readonly ended: Promise<void> = Promise.resolve();
  /** The environment's `process.env` (its handler may change it, as in a worker). */
  private readonly env: Record<string, string>;

  /** The environment's `process.env`. */
  public get variables(): Record<string, string> {
    return this.env;
  }
  private readonly context: StaticContext;

  public constructor(spec: EnvironmentSpec, simulatedEpochMs: number, tmpRoot: string) {
    this.memoryMb = spec.memoryMb;
    this.tmpDir = fs.mkdtempSync(path.join(tmpRoot, `env${this.id}-`));
    this.env = { ...spec.env, TMPDIR: this.tmpDir, TMP: this.tmpDir, TEMP: this.tmpDir };
    this.context = { ...spec.context, logStreamName: `${spec.context.logStreamName}${this.id}` };
    inProcess.acquire();
    this.initDone = this.load(spec, simulatedEpochMs);
  }

  private async load(spec: EnvironmentSpec, simulatedEpochMs: number): Promise<InitOutcome> {
    const start = performance.now();
    const log: Invocation = { requestId: undefined, logs: [], clockBase: simulatedEpochMs, wallBase: start, env: this.env };
    try {
      const mod = await inProcess.als.run(log, () => loadModule(spec, this.id));
      const fn = exported(mod, spec.exportName);
      if (typeof fn !== 'function') {
        return this.initFailed(start, { errorType: 'Runtime.HandlerNotFound', errorMessage: `${spec.handlerSetting} is undefined or not exported`, trace: [] });
      }
      if (this.dead) return { ok: false, initMs: performance.now() - start, error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited' } };
      this.handler = fn as (...args: unknown[]) => unknown;
      return { ok: true, initMs: performance.now() - start };
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (e instanceof SyntaxError) return this.initFailed(start, wrapped('Runtime.UserCodeSyntaxError', e));
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return this.initFailed(start, wrapped('Runtime.ImportModuleError', e));
      return this.initFailed(start, errorInfo(e));
    }
  }

  private initFailed(start: number, error: FunctionErrorInfo): InitOutcome {
    this.kill();
    return { ok: false, initMs: performance.now() - start, error };
  }

  public init(): Promise<InitOutcome> {
    return this.initDone;
  }

  public get alive(): boolean {
    return !this.dead;
  }

  public invoke(event: InvocationEvent, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number): Promise<RawOutcome> {
    return new Promise<RawOutcome>((resolve) => this.start(event, requestId, invokedFunctionArn, timeoutMs, simulatedEpochMs, resolve));
  }

  public start(eventIn: InvocationEvent, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number, done: (o: RawOutcome) => void): void {
    const handler = this.handler;
    if (!handler || this.dead) {
      const o: RawOutcome = { kind: 'crash', error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited` }, durationMs: 0, logs: [] };
      queueMicrotask(() => done(o));
      return;
    }
    let event: unknown;
    if (typeof eventIn === 'function') event = eventIn();
    else if (typeof eventIn === 'object') event = eventIn.value();
    else {
      try {
        event = JSON.parse(eventIn);
      } catch {
        event = eventIn;
      }
    }
    {
      const call = new Call(this, requestId, simulatedEpochMs, done);
      this.pending = call;
      // Written out, not spread from the static part: a spread followed by more properties made a slow object, the
      // largest cost of an in-process invocation. The functions share one scope (`call`). Methods, not arrow
      // functions: their names are their own (a transform that keeps inferred names sets those one by one).
      const c = this.context;
      const context = {
        functionName: c.functionName,
        functionVersion: c.functionVersion,
        memoryLimitInMB: c.memoryLimitInMB,
        logGroupName: c.logGroupName,
        logStreamName: c.logStreamName,
        awsRequestId: requestId,
        invokedFunctionArn,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis(): number {
          return Math.max(0, Math.floor(timeoutMs - (performance.now() - call.wallBase)));
        },
        done(err: unknown, value: unknown): void {
          call.done(err, value);
        },
        succeed(value: unknown): void {
          call.done(null, value);
        },
        fail(err: unknown): void {
          call.done(err ?? new Error('handled'), undefined);
        },
      };
      this.starting = true;
      inProcess.als.run(call, () => {
        try {
          const r = handler.length >= 3 ? handler(event, context, (err: unknown, value: unknown) => call.done(err, value)) : handler(event, context);
          if (r && typeof (r as PromiseLike<unknown>).then === 'function') {
            (r as PromiseLike<unknown>).then(
              (v) => call.done(null, v),
              (e: unknown) => call.done(e ?? new Error(`Promise rejected with ${String(e)}`), undefined),
            );
          } else if (handler.length < 3) call.done(null, null);
        } catch (e) {
          call.done(e, undefined);
        }
      });
      this.starting = false;
    }
  }

  /** An invocation ended (Call.done): settles it unless a kill did already. */
  public settle(call: Call, err: unknown, value: unknown): void {
    // Settled once; an invocation ended by a timeout (kill) ignores what its code does later.
    if (this.pending !== call) return;
    this.pending = undefined;
    const o = outcome(call.wallBase, err, value, call.logs, this.memoryMb);
    // A handler that ended within the call (it threw, returned no promise, called back at once) is told after start returns.
    if (this.starting) queueMicrotask(() => call.resolve(o));
    else call.resolve(o);
  }

  public kill(reason?: FunctionErrorInfo): void {
    if (this.dead) return;
    this.dead = true;
    inProcess.release();
    fs.rm(this.tmpDir, { recursive: true, force: true }, () => undefined);
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      const o: RawOutcome = {
        kind: 'crash',
        error: reason ?? { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${p.requestId} Error: Runtime exited` },
        durationMs: performance.now() - p.wallBase,
        logs: [],
      };
      // Told after the kill returns (never within the caller of kill: a timeout's timer, the end of the run).
      queueMicrotask(() => p.resolve(o));
    }
  }
}

/** An invocation's log and the simulated clock its lines are stamped with. */
interface Invocation {
  requestId: string | undefined;
  readonly logs: string[];
  readonly clockBase: number;
  readonly wallBase: number;
  /** The environment's variables: what `process.env` answers within the invocation. */
  readonly env: Record<string, string>;
}

/** One invocation of an in-process environment: its log (the store of its asynchronous context) and how it settles. */
class Call implements Invocation {
  public readonly logs: string[] = [];
  public readonly wallBase = performance.now();
  public readonly env: Record<string, string>;

  public constructor(
    private readonly owner: InProcessEnvironment,
    public requestId: string | undefined,
    public readonly clockBase: number,
    public readonly resolve: (o: RawOutcome) => void,
  ) {
    this.env = owner.variables;
  }

  public done(err: unknown, value: unknown): void {
    this.owner.settle(this, err, value);
  }
}

/** Lines an invocation keeps (as a worker environment does). */
const MAX_LINES = 10_000;

/** The heap, sampled at most every 50 ms of wall time (a read costs a few microseconds). */
let heapMb = 0;
let heapAt = -Infinity;

function outcome(start: number, err: unknown, value: unknown, logs: string[], memorySizeMb: number): RawOutcome {
  const now = performance.now();
  const durationMs = now - start;
  if (now - heapAt > 50) {
    heapAt = now;
    heapMb = Math.ceil(v8.getHeapStatistics().used_heap_size / 1_048_576);
  }
  const memoryMb = Math.min(heapMb, memorySizeMb);
  if (err !== undefined && err !== null) return { kind: 'error', error: errorInfo(err), durationMs, memoryMb, logs };
  let json: string;
  try {
    json = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    return { kind: 'error', error: { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${(e as Error | null)?.message}`, trace: [] }, durationMs, memoryMb, logs };
  }
  return { kind: 'ok', json, durationMs, memoryMb, logs };
}

/** The error document of Lambda's Node.js runtime, as the worker's host makes it. */
function errorInfo(e: unknown): FunctionErrorInfo {
  const x = e as { name?: unknown; message?: unknown; stack?: unknown } | null;
  if (util.types.isNativeError(e) || (x && typeof x.name === 'string' && typeof x.message === 'string' && typeof x.stack === 'string')) {
    return { errorType: String(x!.name), errorMessage: String(x!.message), trace: userTrace(String(x!.stack)) };
  }
  let message: string;
  try {
    message = String(e);
  } catch {
    message = util.inspect(e);
  }
  return { errorType: typeof e, errorMessage: message, trace: [] };
}

/** This module's file: a frame in it is the runtime calling the handler. */
const OWN_FILE = fileURLToPath(import.meta.url);

/** A stack's lines up to the runtime's frame that called the handler: the user's frames, not the simulator's (as a worker environment gives them). */
function userTrace(stack: string): string[] {
  const lines = stack.split('\n');
  const runtime = lines.findIndex((l) => /^\s+at /.test(l) && l.includes(OWN_FILE));
  return runtime < 0 ? lines : lines.slice(0, runtime);
}

function wrapped(type: string, e: unknown): FunctionErrorInfo {
  const text = String(e);
  const stack = util.types.isNativeError(e) ? String(e.stack ?? '').split('\n').slice(1) : [];
  return { errorType: type, errorMessage: text, trace: [`${type}: ${text}`, ...stack] };
}

/** The handler export (dots name nested properties), in the module or its default export. */
function exported(mod: unknown, exportName: string): unknown {
  const walk = (from: unknown): unknown => {
    let fn = from;
    for (const part of exportName.split('.')) fn = fn == null ? undefined : (fn as Record<string, unknown>)[part];
    return fn;
  };
  const fn = walk(mod);
  const def = (mod as { default?: unknown } | null)?.default;
  if (typeof fn !== 'function' && def && typeof def === 'object') return walk(def);
  return fn;
}

/**
 * Loads the handler file once more for environment `id`: an ES module under a URL of its own
 * (`?lambdaform-env=<id>`), a CommonJS file (`.cjs`, or `.js` without `"type": "module"` in a
 * package.json of the code directory, Lambda's rule) compiled as a new module. TypeScript loads
 * as the runtime's own code loads (a test runner's transform), else through tsx's scoped import.
 */
async function loadModule(spec: EnvironmentSpec, id: number): Promise<unknown> {
  const file = spec.file;
  const url = `${pathToFileURL(file).href}?lambdaform-env=${id}`;
  const root = spec.env.LAMBDA_TASK_ROOT ?? path.dirname(file);
  lookInLayers(root, spec.layerRoots);
  if (file.endsWith('.cjs') || (file.endsWith('.js') && lambdaModuleType(root, file) === 'commonjs')) {
    const M = Module as unknown as { new (id: string, parent: null): CjsModule; _nodeModulePaths(dir: string): string[] };
    const m = new M(file, null);
    m.filename = file;
    m.paths = M._nodeModulePaths(path.dirname(file));
    m._compile(fs.readFileSync(file, 'utf8'), file);
    m.loaded = true;
    return m.exports;
  }
  try {
    return (await import(url)) as unknown;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[mc]?ts$/.test(file)) throw e;
    if (!spec.tsx) throw new Error(`a TypeScript handler (${file}) needs tsx installed beside lambdaform`);
    const api = (await import(spec.tsx)) as { tsImport: (specifier: string, parent: string) => Promise<unknown> };
    return api.tsImport(url, pathToFileURL(path.join(path.dirname(file), 'x.js')).href);
  }
}

/** Code directories (with a trailing separator) and the layers' `node_modules` their CommonJS code may require from. */
const LAYERS_OF_CODE = new Map<string, string[]>();

/**
 * Lambda puts its layers' `node_modules` on NODE_PATH: a CommonJS `require` of a package the
 * code directory does not hold finds it in a layer. In-process, Node's resolution is the
 * runtime's: when it fails for a bare specifier required from a file of a code directory, the
 * layers of that directory's functions are looked in, in order (installed once per process).
 */
function lookInLayers(root: string, layerRoots: readonly string[]): void {
  if (layerRoots.length === 0) return;
  const dir = root.endsWith(path.sep) ? root : root + path.sep;
  const known = LAYERS_OF_CODE.get(dir) ?? [];
  for (const r of layerRoots) if (!known.includes(r)) known.push(r);
  LAYERS_OF_CODE.set(dir, known);
  const M = Module as unknown as { _resolveFilename: ResolveFilename & { [LAYERS]?: true } };
  if (M._resolveFilename[LAYERS]) return;
  const resolve = M._resolveFilename;
  const withLayers: ResolveFilename & { [LAYERS]?: true } = function (this: unknown, request, parent, isMain, options) {
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (e) {
      const from = parent?.filename;
      if ((e as { code?: unknown } | null)?.code !== 'MODULE_NOT_FOUND' || typeof from !== 'string' || /^[./]/.test(request) || request.includes(':')) throw e;
      for (const [code, roots] of LAYERS_OF_CODE) {
        if (!from.startsWith(code)) continue;
        for (const r of roots) {
          try {
            return resolve.call(this, request, parent, isMain, { paths: [r] });
          } catch {
            // not in this layer
          }
        }
      }
      throw e;
    }
  };
  withLayers[LAYERS] = true;
  M._resolveFilename = withLayers;
}

const LAYERS = Symbol.for('lambdaform.inProcessLayers');
type ResolveFilename = (this: unknown, request: string, parent: { filename?: string } | undefined, isMain: boolean, options?: { paths?: string[] }) => string;

interface CjsModule {
  filename: string;
  paths: string[];
  loaded: boolean;
  exports: unknown;
  _compile(source: string, filename: string): void;
}


/**
 * What in-process environments change in the runtime's process while any lives: `process.env`
 * becomes a view that answers the variables of the environment whose asynchronous context the
 * code runs in (the process's own elsewhere), and the console's methods write to the log of the
 * invocation they are called from (Lambda's line format, the simulated time; called from anything
 * else, they print as before). Both are put back when the last environment ends.
 */
class InProcessHooks {
  public readonly als = new AsyncLocalStorage<Invocation>();
  private users = 0;
  private original: Record<string, ((...args: unknown[]) => void) | undefined> = {};
  private processEnv: NodeJS.ProcessEnv | undefined;
  private view: NodeJS.ProcessEnv | undefined;

  public acquire(): void {
    if (this.users++ > 0) return;
    const c = console as unknown as Record<string, (...args: unknown[]) => void>;
    for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
      // console.fatal is Lambda's runtime's own (Node's console has none): outside a handler it is not there.
      const orig = c[method];
      this.original[method] = orig;
      c[method] = (...args: unknown[]): void => {
        const inv = this.als.getStore();
        if (!inv) {
          if (orig === undefined) throw new TypeError(`console.${method} is not a function`);
          return orig.apply(console, args);
        }
        // As Lambda's runtime writes them: text or JSON, filtered by the application log level (see log-lines.ts).
        if (inv.logs.length >= MAX_LINES || !logEnabled(inv.env, level)) return;
        const time = new Date(inv.clockBase + (performance.now() - inv.wallBase)).toISOString();
        inv.logs.push(logLine(inv.env, time, inv.requestId, level, args));
      };
    }
    const own = process.env;
    const als = this.als;
    const of = (): Record<string, string | undefined> => als.getStore()?.env ?? own;
    this.processEnv = own;
    this.view = new Proxy(own, {
      get: (_t, k) => (typeof k === 'string' ? of()[k] : Reflect.get(own, k)),
      set: (_t, k, v) => {
        if (typeof k !== 'string') return false;
        // As Node's process.env: values become strings.
        of()[k] = String(v);
        return true;
      },
      has: (_t, k) => typeof k === 'string' && Object.prototype.hasOwnProperty.call(of(), k),
      deleteProperty: (_t, k) => (typeof k === 'string' ? delete of()[k] : true),
      ownKeys: () => Reflect.ownKeys(of()),
      getOwnPropertyDescriptor: (_t, k) => {
        const env = of();
        if (typeof k !== 'string' || !Object.prototype.hasOwnProperty.call(env, k)) return undefined;
        return { value: env[k], writable: true, enumerable: true, configurable: true };
      },
      defineProperty: (_t, k, d) => {
        if (typeof k !== 'string') return false;
        of()[k] = String(d.value);
        return true;
      },
    });
    process.env = this.view;
  }

  public release(): void {
    if (--this.users > 0) return;
    this.users = 0;
    const c = console as unknown as Record<string, (...args: unknown[]) => void>;
    for (const [method, orig] of Object.entries(this.original)) {
      if (orig === undefined) delete c[method];
      else c[method] = orig;
    }
    this.original = {};
    if (this.processEnv && process.env === this.view) process.env = this.processEnv;
    this.processEnv = undefined;
    this.view = undefined;
    // AsyncLocalStorage keeps Node's promise hooks on (a cost on every promise of the process) until disabled.
    this.als.disable();
  }
}

const inProcess = new InProcessHooks();
