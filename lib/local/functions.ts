import * as path from 'node:path';
import * as fs from 'node:fs';
import { LambdaformError } from '../core/errors.js';
import { emptyMetrics, type FunctionMetrics } from './metrics.js';
import type { InputRecord } from './ledger.js';
import type { Plan, PlanFunction, PlanTarget } from './plan/types.js';
import type { Simulation, Timer } from './sim/clock.js';
import type { Random } from './sim/random.js';
import { moduleLoading, type ModuleLoading } from './worker/loader-needs.js';
import { ExecutionEnvironment, type Environment, type EnvironmentSpec, type FunctionErrorInfo, type InitOutcome, type InvocationEvent, type RawOutcome } from './worker/environment.js';
import { InProcessEnvironment } from './worker/in-process.js';
import { logEnabled } from './worker/log-lines.js';

/** What one invocation ended as. */
export interface InvokeOutcome {
  /** `success`; `error` (the handler failed, timed out or crashed); `throttled` (over its concurrency: 429); `unavailable` (its code cannot run locally). */
  readonly status: 'success' | 'error' | 'throttled' | 'unavailable';
  readonly requestId: string;
  /** Function id. */
  readonly function: string;
  /** The version that ran (`$LATEST`, `1`, ...). */
  readonly version: string;
  /** The response as JSON text (success). */
  readonly json?: string;
  readonly error?: FunctionErrorInfo;
  readonly timedOut?: boolean;
  readonly durationMs: number;
  readonly billedMs: number;
  readonly initMs?: number;
  /** Log lines, START to REPORT (empty once the function's log holds `maxLogLines`). */
  readonly logs: readonly string[];
  /** Simulated ms. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** Options of the function service. */
export interface FunctionServiceOptions {
  /** The account's concurrency limit. @default 1000 */
  readonly accountConcurrency?: number;
  /** The directory the plan's paths are relative to. */
  readonly planDir: string;
  /** The /tmp root of this run's environments. */
  readonly tmpRoot: string;
  /** tsx's ESM and CommonJS hooks (file URLs of their .mjs builds), for TypeScript handlers. */
  readonly tsx?: { readonly esm: string; readonly cjs?: string };
  /** A node_modules directory with the modules Lambda's runtime provides (the AWS SDK v3), looked up after the layers. */
  readonly runtimeModules?: string;
  /** Keep at most this many log lines per function. @default 2000 */
  readonly maxLogLines?: number;
  /** Where handlers run: a worker thread per environment, or the runtime's own thread (see `RuntimeOptions.handlers`). @default 'worker-threads' */
  readonly handlers?: HandlerMode;
}

/**
 * Where handlers run. `worker-threads`: each execution environment is a worker thread (its own
 * `process.env`, globals and module cache, a heap limit at the memory size, timeouts that stop
 * any code). `in-process`: in the runtime's own thread, much faster, not isolated (see
 * `RuntimeOptions.handlers` and worker/in-process.ts).
 */
export type HandlerMode = 'worker-threads' | 'in-process';

/** Who makes an AWS SDK call: the function of the environment, and the input its latest invocation handles. */
export interface Caller {
  readonly function: string;
  input?: InputRecord;
}

interface Pool {
  readonly idle: Environment[];
  /** Provisioned environments (pre-initialised): no cold start. */
  readonly provisioned: Environment[];
  readonly provisionedCount: number;
  /** Replaced (`retire`): an environment a running invocation gives back ends instead. */
  retired?: boolean;
}

interface FunctionState {
  readonly plan: PlanFunction;
  running: number;
  readonly pools: Map<string, Pool>;
  readonly metrics: FunctionMetrics;
  readonly logs: string[];
  readonly all: Set<Environment>;
}

/**
 * The functions of a plan: execution environments (worker threads) per function version, created
 * on demand (a cold start) and reused warm, within the function's reserved concurrency or the
 * account's unreserved pool; provisioned environments made before the run. Every invocation
 * counts in the function's metrics and leaves START/END/REPORT log lines.
 */
export class FunctionService {
  /** How long an INIT phase may take before Lambda ends it (10 s); tests shorten it. */
  public static initTimeoutMs = 10_000;
  private readonly states = new Map<string, FunctionState>();
  private readonly accountLimit: number;
  private readonly unreservedLimit: number;
  private unreservedRunning = 0;
  /** moduleLoading, by handler file. */
  private readonly loading = new Map<string, ModuleLoading>();
  /** Callers by the access key id of their environment's credentials (each environment has its own, as in Lambda). */
  private readonly callers = new Map<string, Caller>();
  private readonly envCallers = new WeakMap<Environment, Caller>();
  private keys = 0;
  /** The endpoint handlers' AWS SDK calls go to (the runtime's loopback endpoint once it listens). */
  public endpoint: string;

  public constructor(
    private readonly plan: Plan,
    private readonly sim: Simulation,
    private readonly random: Random,
    private readonly options: FunctionServiceOptions,
  ) {
    this.endpoint = plan.endpoint;
    this.accountLimit = options.accountConcurrency ?? 1000;
    const reserved = plan.functions.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
    this.unreservedLimit = this.accountLimit - reserved;
    if (this.unreservedLimit < 0) {
      throw new LambdaformError(undefined, `the functions reserve ${reserved} concurrent executions, more than the account's ${this.accountLimit}`, 'local-concurrency');
    }
    for (const f of plan.functions) this.states.set(f.id, { plan: f, running: 0, pools: new Map(), metrics: emptyMetrics(), logs: [], all: new Set() });
  }

  /** Whether handlers run in the runtime's own thread (`handlers: 'in-process'`): events may be given as values. */
  public get inProcess(): boolean {
    return this.options.handlers === 'in-process';
  }

  /** The plan entry of a function id. */
  public fn(id: string): PlanFunction {
    const s = this.states.get(id);
    if (!s) throw new LambdaformError(id, 'no such function in the plan', 'local-unknown-function');
    return s.plan;
  }

  public metrics(id: string): FunctionMetrics {
    return this.state(id).metrics;
  }

  public logs(id: string): readonly string[] {
    return this.state(id).logs;
  }

  /** The caller behind an access key id of an environment's credentials. */
  public caller(accessKeyId: string): Caller | undefined {
    return this.callers.get(accessKeyId);
  }

  public ids(): string[] {
    return [...this.states.keys()];
  }

  /** Starts the provisioned environments (before the run: they are ready at time 0). */
  public async provision(): Promise<void> {
    const starts: Promise<unknown>[] = [];
    for (const s of this.states.values()) {
      const f = s.plan;
      if (!f.handler && f.inlineSource === undefined) continue;
      for (const q of [...f.versions.map((v) => ({ key: v.version, count: v.provisionedConcurrency })), ...f.aliases.map((a) => ({ key: `alias:${a.name}`, count: a.provisionedConcurrency }))]) {
        if (!q.count) continue;
        const pool = this.pool(s, q.key, q.count);
        const version = q.key.startsWith('alias:') ? f.aliases.find((a) => `alias:${a.name}` === q.key)!.version : q.key;
        for (let i = 0; i < q.count; i++) {
          const env = this.makeEnvironment(s, version, 'provisioned-concurrency');
          pool.provisioned.push(env);
          // One whose INIT does not end within the limit is ended; its first invocation finds it dead and runs on demand.
          starts.push(initWithin(env, FunctionService.initTimeoutMs));
        }
      }
    }
    await Promise.all(starts);
  }

  /** The version an invocation of `target` runs: an alias's version, or one of its weighted versions (seeded). */
  public resolveVersion(target: PlanTarget): { version: string; poolKey: string; provisionedKey?: string } {
    const f = this.fn(target.function);
    const q = target.qualifier ?? '$LATEST';
    if (q === '$LATEST') return { version: '$LATEST', poolKey: '$LATEST' };
    const alias = f.aliases.find((a) => a.name === q);
    if (alias) {
      let version = alias.version;
      const extra = alias.additionalVersions[0];
      if (extra && this.random.next() < extra.weight) version = extra.version;
      return alias.provisionedConcurrency ? { version, poolKey: version, provisionedKey: `alias:${alias.name}` } : { version, poolKey: version };
    }
    const v = f.versions.find((x) => x.version === q);
    if (v) return v.provisionedConcurrency ? { version: v.version, poolKey: v.version, provisionedKey: v.version } : { version: v.version, poolKey: v.version };
    throw new LambdaformError(f.id, `has no alias or version '${q}'; it has ${['$LATEST', ...f.versions.map((x) => x.version), ...f.aliases.map((a) => a.name)].join(', ')}`, 'local-unknown-qualifier');
  }

  /** Whether an invocation would be throttled now (over reserved concurrency or the account's unreserved pool). */
  public wouldThrottle(id: string): boolean {
    const s = this.state(id);
    const reserved = s.plan.reservedConcurrency;
    if (reserved !== undefined) return s.running >= reserved;
    return this.unreservedRunning >= this.unreservedLimit;
  }

  /**
   * Invokes a function with an event (JSON text, or a function that makes its value: see
   * `InvocationEvent`). Resolves when the invocation ends. Throttling
   * is decided at once (no environment is used); the caller decides what a throttle means.
   * `requestId`: the id of an asynchronous event, which its retries keep (a new one otherwise).
   * `cause`: the input the invocation handles (of a batch, the first): what the handler sends
   * through the AWS SDK is sent on from it.
   */
  public invoke(target: PlanTarget, event: InvocationEvent, requestId?: string, cause?: InputRecord): Promise<InvokeOutcome> {
    let ok!: (o: InvokeOutcome) => void;
    let fail!: (e: unknown) => void;
    const p = new Promise<InvokeOutcome>((resolve, reject) => {
      ok = resolve;
      fail = reject;
    });
    // An unknown function or qualifier throws here, as it always did (not a rejection).
    this.start(target, event, requestId, cause, ok, fail);
    return p;
  }

  /**
   * `invoke` with callbacks instead of a promise (the SQS poller's path: no promise of the
   * runtime's own per invocation). `ok` gets the outcome when the invocation ends (a throttle or
   * an unavailable function in a microtask, as a resolved promise would tell it); `fail` what
   * went wrong in the runtime itself (never the handler's errors, which are outcomes). An unknown
   * function or qualifier throws at once.
   */
  public start(target: PlanTarget, event: InvocationEvent, requestId: string | undefined, cause: InputRecord | undefined, ok: (o: InvokeOutcome) => void, fail: (e: unknown) => void): void {
    // Drawn first, as it always was (before an alias's weighted version): the seeded stream stays the same.
    const id = requestId ?? this.random.uuid();
    const s = this.state(target.function);
    const f = s.plan;
    const { version, poolKey, provisionedKey } = target.qualifier === undefined || target.qualifier === '$LATEST' ? LATEST : this.resolveVersion(target);
    const startedAt = this.sim.now();
    const base = { requestId: id, function: f.id, version, startedAt };
    if (!f.handler && f.inlineSource === undefined) {
      const o: InvokeOutcome = { ...base, status: 'unavailable', error: { errorType: 'Local.Unavailable', errorMessage: `${f.id} cannot run locally: ${f.unavailable ?? 'no handler'}`, trace: [] }, durationMs: 0, billedMs: 0, logs: [], endedAt: startedAt };
      queueMicrotask(() => ok(o));
      return;
    }
    if (this.wouldThrottle(f.id)) {
      s.metrics.Throttles++;
      const reason = f.reservedConcurrency === 0 ? 'the function is disabled (reserved concurrency 0)' : f.reservedConcurrency !== undefined ? `over its reserved concurrency (${f.reservedConcurrency})` : `over the account's unreserved concurrency (${this.unreservedLimit})`;
      const o: InvokeOutcome = { ...base, status: 'throttled', error: { errorType: 'TooManyRequestsException', errorMessage: `Rate Exceeded: ${reason}`, trace: [] }, durationMs: 0, billedMs: 0, logs: [], endedAt: startedAt };
      queueMicrotask(() => ok(o));
      return;
    }
    s.running++;
    if (f.reservedConcurrency === undefined) this.unreservedRunning++;
    s.metrics.ConcurrentExecutions = Math.max(s.metrics.ConcurrentExecutions, s.running);
    s.metrics.Invocations++;
    this.run({ s, version, poolKey, provisionedKey, event, target, base, cause }, ok, fail);
  }

  /** The concurrency counts an invocation took go down (once, when it ends). */
  private release(s: FunctionState): void {
    s.running--;
    if (s.plan.reservedConcurrency === undefined) this.unreservedRunning--;
  }

  private run(req: Request, ok: (o: InvokeOutcome) => void, fail: (e: unknown) => void): void {
    if (!req.provisionedKey) {
      // A warm environment: nothing to wait for before the invocation, so no async function (in-process, its promise and
      // its await cost more than the rest of the invocation: every promise pays the asynchronous-context hooks).
      const pool = this.pool(req.s, req.poolKey, 0);
      const env = takeIdle(pool);
      if (env) {
        this.execute(req, pool, undefined, env, undefined, NO_LINES, false, ok, fail);
        return;
      }
    }
    this.prepare(req).then(ok, fail);
  }

  /** An invocation that may wait first: for a provisioned environment's INIT, or a cold start. */
  private async prepare(req: Request): Promise<InvokeOutcome> {
    const { s, version, poolKey, provisionedKey, base } = req;
    /** Whether execute took over the release of the concurrency counts. */
    let handedOver = false;
    try {
      let env: Environment | undefined;
      let fromProvisioned: Pool | undefined;
      if (provisionedKey) {
        const pp = this.pool(s, provisionedKey, 0);
        env = pp.provisioned.pop();
        // A replacement of a provisioned environment that crashed may still be in its INIT; one whose INIT failed is dropped.
        if (env && !(await env.init()).ok) {
          env.kill();
          env = undefined;
        }
        if (env) {
          s.metrics.ProvisionedConcurrencyInvocations++;
          fromProvisioned = pp;
        } else s.metrics.ProvisionedConcurrencySpilloverInvocations++;
      }
      const pool = this.pool(s, poolKey, 0);
      env ??= takeIdle(pool);
      let initMs: number | undefined;
      /** Lines logged before START (the INIT_REPORT of an INIT that timed out). */
      const before: string[] = [];
      /** An INIT run again within the invocation, under its timeout. */
      let suppressed = false;
      if (!env) {
        env = this.makeEnvironment(s, version, 'on-demand');
        s.metrics.ColdStarts++;
        const init = await initWithin(env, FunctionService.initTimeoutMs);
        initMs = init.initMs;
        if (init.timedOut) {
          // Lambda ends an INIT phase past 10 s and runs INIT again as part of the invocation, whose timeout then counts it.
          before.push(`INIT_REPORT Init Duration: ${init.initMs.toFixed(2)} ms\tPhase: init\tStatus: timeout`);
          env = this.makeEnvironment(s, version, 'on-demand');
          suppressed = true;
        } else if (!init.ok) {
          env.kill();
          return this.finish(s, base, { kind: 'error', error: init.error, durationMs: 0, memoryMb: 0, logs: [] }, false, initMs);
        }
      }
      handedOver = true;
      const ready = env;
      return await new Promise<InvokeOutcome>((resolve, reject) => this.execute(req, pool, fromProvisioned, ready, initMs, before, suppressed, resolve, reject));
    } finally {
      if (!handedOver) this.release(s);
    }
  }

  /**
   * Runs an invocation on an environment (with `suppressed`, its INIT runs again first, under the
   * invocation's timeout): the timeout timer, the invocation, the environment back to its pool,
   * the outcome (to `ok`; `fail` gets what went wrong in the runtime itself). It releases the
   * concurrency counts when the invocation ends, and never throws.
   */
  private execute(
    req: Request,
    pool: Pool,
    fromProvisioned: Pool | undefined,
    env: Environment,
    initMs: number | undefined,
    before: readonly string[],
    suppressed: boolean,
    ok: (o: InvokeOutcome) => void,
    fail: (e: unknown) => void,
  ): void {
    const { s, version, event, target, base, cause } = req;
    try {
      const f = s.plan;
      this.envCallers.get(env)!.input = cause;
      const qualifiedArn = target.qualifier && target.qualifier !== '$LATEST' ? `${f.arn}:${target.qualifier}` : f.arn;
      const timeoutMs = f.timeoutSeconds * 1000;
      const call: Execution = { s, version, pool, fromProvisioned, env, base, initMs, before, suppressed, timeoutMs, timedOut: false, timer: undefined, invokeStart: 0, left: timeoutMs, ok, fail };
      call.timer = this.sim.after(timeoutMs, () => {
        call.timedOut = true;
        // The error document Lambda returns for a timeout (no trace: the sandbox reports it, not the handler).
        env.kill({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${base.requestId} Error: Task timed out after ${f.timeoutSeconds.toFixed(2)} seconds` });
      });
      if (!suppressed) {
        // Invoked at once: the whole timeout is left.
        this.invokeOn(call, event, qualifiedArn);
        return;
      }
      call.invokeStart = performance.now();
      env.init().then(
        (init) => {
          if (init.ok) {
            this.invokeOn(call, event, qualifiedArn);
            return;
          }
          let out: InvokeOutcome;
          try {
            call.timer!.cancel();
            env.kill();
            out = this.finish(s, base, { kind: call.timedOut ? 'crash' : 'error', error: init.error, durationMs: call.timedOut ? timeoutMs : init.initMs, memoryMb: 0, logs: [] } as RawOutcome, call.timedOut, initMs, before);
          } catch (e) {
            this.release(s);
            fail(e);
            return;
          }
          this.release(s);
          ok(out);
        },
        (e: unknown) => {
          this.release(s);
          fail(e);
        },
      );
    } catch (e) {
      this.release(s);
      fail(e);
    }
  }

  /** The invocation itself, once its environment is ready; then `complete`, and the outcome to the caller. */
  private invokeOn(call: Execution, event: InvocationEvent, qualifiedArn: string): void {
    try {
      // After a suppressed INIT, what it took of the timeout is gone.
      if (call.suppressed) call.left = call.timeoutMs - (performance.now() - call.invokeStart);
      call.env.start(event, call.base.requestId, qualifiedArn, call.left, this.sim.epochMs(), (raw) => this.ended(call, raw));
    } catch (e) {
      this.release(call.s);
      call.fail(e);
    }
  }

  /** The environment told how the invocation ended. */
  private ended(call: Execution, raw: RawOutcome): void {
    let out: InvokeOutcome;
    try {
      out = this.complete(call, raw);
    } catch (e) {
      this.release(call.s);
      call.fail(e);
      return;
    }
    this.release(call.s);
    call.ok(out);
  }

  /** An invocation ended: its timer goes, its environment goes back to its pool (or is replaced), its outcome is told. */
  private complete(call: Execution, raw0: RawOutcome): InvokeOutcome {
    const { s, env, pool, fromProvisioned, timeoutMs } = call;
    // The duration of an invocation with a suppressed INIT includes it.
    const raw = call.suppressed ? ({ ...raw0, durationMs: raw0.durationMs + (timeoutMs - call.left) } as RawOutcome) : raw0;
    call.timer!.cancel();
    if (raw.kind !== 'crash' && env.alive) {
      const back = fromProvisioned ?? pool;
      if (back.retired) env.kill();
      else if (fromProvisioned) fromProvisioned.provisioned.push(env);
      else pool.idle.push(env);
    } else if (fromProvisioned && !fromProvisioned.retired) {
      // A provisioned environment that crashed is replaced, as Lambda keeps the configured count ready.
      const replacement = this.makeEnvironment(s, call.version, 'provisioned-concurrency');
      fromProvisioned.provisioned.push(replacement);
    }
    const outcome = call.timedOut ? ({ ...raw, durationMs: timeoutMs } as RawOutcome) : raw;
    return this.finish(s, call.base, outcome, call.timedOut, call.initMs, call.before);
  }

  private finish(s: FunctionState, base: { requestId: string; function: string; version: string; startedAt: number }, raw: RawOutcome, timedOut: boolean, initMs: number | undefined, before: readonly string[] = []): InvokeOutcome {
    const f = s.plan;
    const durationMs = raw.durationMs;
    const billedMs = Math.ceil(durationMs + (initMs ?? 0));
    const memory = 'memoryMb' in raw ? raw.memoryMb : raw.error.errorType === 'Runtime.OutOfMemory' ? f.memoryMb : 0;
    s.metrics.Duration.push(durationMs);
    const ok = raw.kind === 'ok';
    if (!ok) s.metrics.Errors++;
    // Log lines cost time to format: they are made while the function's log has room (the first `maxLogLines`).
    const max = this.options.maxLogLines ?? 2000;
    let logs: string[] = [];
    // JSON logs at system level WARN: Lambda's own INFO lines (START, END, REPORT and the platform's notes) are not written.
    // (The runtime's Invoke Error line of a failed invocation is its console.error, an application line: kept at system level WARN.)
    if (s.logs.length < max && f.jsonLogs?.systemLogLevel === 'WARN') {
      logs = [...raw.logs];
      const invokeError = !timedOut && raw.kind === 'error' ? invokeErrorLine(f, new Date(this.sim.epochMs()).toISOString(), base.requestId, raw.error) : undefined;
      if (invokeError !== undefined) logs.push(invokeError);
      for (const l of logs) if (s.logs.length < max) s.logs.push(l);
    } else if (s.logs.length < max) {
      const time = new Date(this.sim.epochMs()).toISOString();
      logs = [...before, `START RequestId: ${base.requestId} Version: ${base.version}`, ...raw.logs];
      if (timedOut) logs.push(`${time} ${base.requestId} Task timed out after ${f.timeoutSeconds.toFixed(2)} seconds`);
      else if (raw.kind === 'crash') logs.push(`${time} ${raw.error.errorMessage} ${raw.error.errorType}`);
      else if (!ok) {
        const invokeError = invokeErrorLine(f, time, base.requestId, raw.error);
        if (invokeError !== undefined) logs.push(invokeError);
      }
      logs.push(`END RequestId: ${base.requestId}`);
      logs.push(
        `REPORT RequestId: ${base.requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${f.memoryMb} MB\tMax Memory Used: ${memory} MB${initMs !== undefined ? `\tInit Duration: ${initMs.toFixed(2)} ms` : ''}${timedOut ? '\tStatus: timeout' : raw.kind === 'crash' ? `\tStatus: error\tError Type: ${raw.error.errorType}` : ''}`,
      );
      for (const l of logs) if (s.logs.length < max) s.logs.push(l);
    }
    // Built property by property, in this order (spreads of optional parts cost more than the rest of an invocation).
    const out: { -readonly [K in keyof InvokeOutcome]: InvokeOutcome[K] } = { requestId: base.requestId, function: base.function, version: base.version, startedAt: base.startedAt, status: ok ? 'success' : 'error' } as InvokeOutcome;
    if (raw.kind === 'ok') out.json = raw.json;
    else out.error = raw.error;
    if (timedOut) out.timedOut = timedOut;
    out.durationMs = durationMs;
    out.billedMs = billedMs;
    if (initMs !== undefined) out.initMs = initMs;
    out.logs = logs;
    out.endedAt = this.sim.now();
    return out;
  }

  /** Ends every environment. */
  public async shutdown(): Promise<void> {
    for (const s of this.states.values()) for (const e of s.all) e.kill();
    await new Promise((r) => setImmediate(r));
  }

  /**
   * Resolves once every environment ended so far has exited (its worker thread gone), or after
   * `limitMs`. Threads end a while after `shutdown` returns; what runs next on the machine (the
   * next benchmark configuration) can wait for them instead of sharing the CPUs with them.
   */
  public async environmentsEnded(limitMs = 5000): Promise<void> {
    const ending: Promise<void>[] = [];
    for (const s of this.states.values()) for (const e of s.all) if (!e.alive) ending.push(e.ended);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ending), new Promise<void>((r) => (timer = setTimeout(r, limitMs)))]);
    clearTimeout(timer);
  }

  /**
   * A URL under the plan's endpoint (a queue URL) under the runtime's endpoint instead: the SQS
   * client sends to the host of a QueueUrl, so it must be the one that listens. Other values as they are.
   */
  public localUrl(value: string): string {
    const from = `${this.plan.endpoint}/`;
    return this.endpoint !== this.plan.endpoint && value.startsWith(from) ? `${this.endpoint}/${value.slice(from.length)}` : value;
  }

  /** moduleLoading, once per handler file. */
  private loadingOf(codeDir: string, file: string): ModuleLoading {
    let v = this.loading.get(file);
    if (v === undefined) this.loading.set(file, (v = moduleLoading(codeDir, file)));
    return v;
  }

  private pool(s: FunctionState, key: string, provisionedCount: number): Pool {
    let p = s.pools.get(key);
    if (!p) {
      p = { idle: [], provisioned: [], provisionedCount };
      s.pools.set(key, p);
    }
    return p;
  }

  private state(id: string): FunctionState {
    const s = this.states.get(id);
    if (!s) throw new LambdaformError(id, 'no such function in the plan', 'local-unknown-function');
    return s;
  }

  private makeEnvironment(s: FunctionState, version: string, initType: 'on-demand' | 'provisioned-concurrency'): Environment {
    // An access key id of AWS's form (ASIA + 16), one per environment: the endpoint knows the caller by it.
    const accessKeyId = `ASIA${(++this.keys).toString(36).toUpperCase().padStart(16, '0')}`;
    const spec = this.spec(s.plan, version, initType, accessKeyId);
    const env = this.options.handlers === 'in-process' ? new InProcessEnvironment(spec, this.sim.epochMs(), this.options.tmpRoot) : new ExecutionEnvironment(spec, this.sim.epochMs(), this.options.tmpRoot);
    const caller: Caller = { function: s.plan.id };
    this.callers.set(accessKeyId, caller);
    this.envCallers.set(env, caller);
    s.all.add(env);
    return env;
  }

  private spec(f: PlanFunction, version: string, initType: string, accessKeyId: string): EnvironmentSpec {
    const planDir = this.options.planDir;
    let codeDir: string;
    let file: string;
    if (f.handler) {
      codeDir = path.resolve(planDir, f.handler.codeDir);
      file = path.join(codeDir, f.handler.file);
    } else {
      codeDir = fs.mkdtempSync(path.join(this.options.tmpRoot, 'inline-'));
      file = path.join(codeDir, 'index.js');
      fs.writeFileSync(file, f.inlineSource ?? '');
      fs.writeFileSync(path.join(codeDir, 'package.json'), '{"type": "commonjs"}');
    }
    const major = /^nodejs(\d+)/.exec(f.runtime)?.[1] ?? '22';
    const layerRoots = f.layers.flatMap((l) => (l.dir ? [path.resolve(planDir, l.dir, 'nodejs', `node${major}`, 'node_modules'), path.resolve(planDir, l.dir, 'nodejs', 'node_modules')] : []));
    // As Lambda's Node.js runtime does (/var/runtime/node_modules): the AWS SDK v3 is there for handlers that do not bundle it, after the layers.
    if (this.options.runtimeModules) layerRoots.push(this.options.runtimeModules);
    const exportName = f.handler?.export ?? f.handlerSetting.slice(f.handlerSetting.lastIndexOf('.') + 1);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...Object.fromEntries(Object.entries(f.environment).map(([k, v]) => [k, this.localUrl(v)])),
      // The SDK warns on a host Node.js older than 22; the function's runtime is what Lambda would run, where it would not.
      ...(Number(major) >= 22 && Number(process.versions.node.split('.')[0]) < 22 ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {}),
      AWS_REGION: this.plan.region,
      AWS_DEFAULT_REGION: this.plan.region,
      // Credentials as Lambda gives them (each environment its own), and the runtime's endpoint on this machine: an AWS SDK call never reaches AWS.
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'local-secret-access-key',
      AWS_SESSION_TOKEN: 'local-session-token',
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_EXECUTION_ENV: `AWS_Lambda_${f.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: f.name,
      AWS_LAMBDA_FUNCTION_VERSION: version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(f.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${f.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/[${version}]`,
      AWS_LAMBDA_INITIALIZATION_TYPE: initType,
      // JSON logs: what Lambda's Node.js runtime reads to write its console lines as JSON and filter them by level.
      ...(f.jsonLogs ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: f.jsonLogs.applicationLogLevel } : {}),
      _HANDLER: f.handlerSetting,
      LAMBDA_TASK_ROOT: codeDir,
      LAMBDA_RUNTIME_DIR: codeDir,
      NODE_PATH: layerRoots.join(path.delimiter),
    };
    const ts = /\.[mc]?ts$/.test(file);
    const context = { functionName: f.name, functionVersion: version, memoryLimitInMB: String(f.memoryMb), logGroupName: `/aws/lambda/${f.name}`, logStreamName: `local/[${version}]` };
    return {
      context,
      ...(f.handler ? this.loadingOf(codeDir, file) : { hooks: false, requireEntry: false }),
      file,
      exportName,
      handlerSetting: f.handlerSetting,
      env,
      layerRoots: layerRoots.filter((r) => fs.existsSync(r)),
      memoryMb: f.memoryMb,
      ...(ts && this.options.tsx ? { tsx: this.options.tsx.esm, ...(this.options.tsx.cjs ? { tsxCjs: this.options.tsx.cjs } : {}) } : {}),
    };
  }

  /**
   * Retires a function's execution environments after its code changed (start-api's hot reload):
   * idle ones end now; running ones finish their invocation and then end instead of returning to
   * a pool; provisioned ones are replaced by new ones, which load the code as it is now. The next
   * invocation starts a new environment (a cold start) with the current code. Returns how many
   * idle environments were ended.
   */
  public retire(id: string): number {
    const s = this.state(id);
    let ended = 0;
    const close = (list: Environment[]): void => {
      for (const e of list.splice(0)) {
        if (e.alive) ended++;
        e.kill();
      }
    };
    // A package.json may have changed how the handler file loads.
    this.loading.clear();
    for (const [key, old] of [...s.pools]) {
      s.pools.delete(key);
      old.retired = true;
      close(old.idle);
      close(old.provisioned);
      if (old.provisionedCount === 0) continue;
      const pool = this.pool(s, key, old.provisionedCount);
      const version = key.startsWith('alias:') ? (s.plan.aliases.find((a) => `alias:${a.name}` === key)?.version ?? '$LATEST') : key;
      for (let i = 0; i < old.provisionedCount; i++) {
        const env = this.makeEnvironment(s, version, 'provisioned-concurrency');
        pool.provisioned.push(env);
        void initWithin(env, FunctionService.initTimeoutMs);
      }
    }
    return ended;
  }

  /** The function's log lines since the last call, taken out of its log (a server that runs for hours prints them as they come, and the log never fills). */
  public drainLogs(id: string): string[] {
    return this.state(id).logs.splice(0);
  }
}

/** An invocation as asked for, once its function, version and pools are known: what `run`, `prepare` and `execute` share. */
interface Request {
  readonly s: FunctionState;
  readonly version: string;
  /** The pool of on-demand environments, and (when the version has provisioned concurrency) the provisioned one. */
  readonly poolKey: string;
  readonly provisionedKey: string | undefined;
  readonly event: InvocationEvent;
  readonly target: PlanTarget;
  readonly base: { requestId: string; function: string; version: string; startedAt: number };
  /** The input the invocation handles (what the handler sends through the AWS SDK is sent on from it). */
  readonly cause: InputRecord | undefined;
}

/** What an invocation carries from its start to its end (one object, no closures). */
interface Execution {
  readonly s: FunctionState;
  readonly version: string;
  readonly pool: Pool;
  readonly fromProvisioned: Pool | undefined;
  readonly env: Environment;
  readonly base: { requestId: string; function: string; version: string; startedAt: number };
  readonly initMs: number | undefined;
  readonly before: readonly string[];
  readonly suppressed: boolean;
  readonly timeoutMs: number;
  timedOut: boolean;
  timer: Timer | undefined;
  invokeStart: number;
  /** What is left of the timeout when the invocation starts (a suppressed INIT took the rest). */
  left: number;
  /** Who is told the outcome, or what went wrong in the runtime. */
  readonly ok: (o: InvokeOutcome) => void;
  readonly fail: (e: unknown) => void;
}

/** An invocation of $LATEST. */
const LATEST = { version: '$LATEST', poolKey: '$LATEST', provisionedKey: undefined } as const;
/** No lines logged before START (most invocations): one array for all of them. */
const NO_LINES: readonly string[] = Object.freeze([]);

/** An idle environment of a pool that is still alive (dead ones are dropped on the way). */
function takeIdle(pool: Pool): Environment | undefined {
  while (pool.idle.length > 0) {
    const e = pool.idle.pop()!;
    if (e.alive) return e;
  }
  return undefined;
}

/**
 * The line Lambda's Node.js runtime writes for a failed invocation (`console.error('Invoke Error', ...)`,
 * an application line): text; with JSON logs a JSON object whose message is the error (as its
 * LogPatch writes an Error), none when the application log level is above ERROR (FATAL).
 */
function invokeErrorLine(f: PlanFunction, time: string, requestId: string, error: FunctionErrorInfo): string | undefined {
  if (f.jsonLogs === undefined) return `${time}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error)}`;
  if (!logEnabled({ AWS_LAMBDA_LOG_LEVEL: f.jsonLogs.applicationLogLevel }, 'ERROR')) return undefined;
  return JSON.stringify({ timestamp: time, level: 'ERROR', requestId, message: { errorType: error.errorType, errorMessage: error.errorMessage, stackTrace: error.trace } });
}

/** An environment's INIT, ended (the worker terminated) when it takes longer than `limitMs` of wall time. */
async function initWithin(env: Environment, limitMs: number): Promise<InitOutcome & { readonly timedOut?: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  const start = performance.now();
  const r = await Promise.race([env.init(), limit]);
  clearTimeout(timer);
  if (r !== 'timeout') return r;
  env.kill();
  // Node's timers may fire a fraction of a millisecond early: the INIT lasted at least the limit.
  return { ok: false, initMs: Math.max(performance.now() - start, limitMs), timedOut: true, error: { errorType: 'Runtime.Unknown', errorMessage: 'INIT timed out' } };
}
