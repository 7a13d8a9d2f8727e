import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HOST_SOURCE } from './host-source.js';

/** What an execution environment runs. */
export interface EnvironmentSpec {
  /** Absolute path of the handler module. */
  readonly file: string;
  /** The export (dots name nested properties). */
  readonly exportName: string;
  /** The handler setting, for messages (`index.handler`). */
  readonly handlerSetting: string;
  /** The environment's `process.env`. */
  readonly env: Readonly<Record<string, string>>;
  /** Absolute `node_modules` directories of the function's layers, in lookup order. */
  readonly layerRoots: readonly string[];
  /** Memory size in MB: the worker's heap limit. */
  readonly memoryMb: number;
  /** The file URL of tsx's ESM API, to load a TypeScript handler. */
  readonly tsx?: string;
  /** The file URL of tsx's CommonJS API (a .ts file outside a "type": "module" package loads through require). */
  readonly tsxCjs?: string;
  /** Whether the worker registers its module hooks (layers, the AWS SDK, Lambda's CommonJS rule for .js files): see loader-needs.ts. */
  readonly hooks: boolean;
  /** Whether the worker loads the handler file with `require` (CommonJS code only): see loader-needs.ts `ModuleLoading.requireEntry`. */
  readonly requireEntry?: boolean;
  /** The context properties that do not change between invocations. */
  readonly context: StaticContext;
}

/**
 * An invocation's event: JSON text, or a function that makes the event's value (new objects at
 * each call, as JSON.parse of its text would): the runtime's own services make it so for
 * in-process handlers, which then need no text written and parsed again. A worker environment
 * sends the value's JSON text.
 */
export type InvocationEvent = string | (() => unknown) | RecordsEvent;

/**
 * An event of records a worker completes (the SQS poller's: see SqsEventWriter): `value()` makes
 * the whole event's value (new objects at each call); `partialJson()` is its text without each
 * record's md5OfBody and the properties after it, which a worker adds to each of `Records` after
 * parsing: md5OfBody (the MD5 of the record's body, made when first read), then the `tail`
 * properties (name, value, name, value), in that order, the order of the whole event's text.
 */
export interface RecordsEvent {
  value(): unknown;
  partialJson(): string;
  readonly tail: readonly string[];
}

/** The properties of a handler's `context` that do not change between invocations (the log stream name gets the environment's number). */
export interface StaticContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** What the handler reported (or why it reported nothing). */
export type RawOutcome =
  | { readonly kind: 'ok'; readonly json: string; readonly durationMs: number; readonly memoryMb: number; readonly logs: readonly string[] }
  | { readonly kind: 'error'; readonly error: FunctionErrorInfo; readonly durationMs: number; readonly memoryMb: number; readonly logs: readonly string[] }
  /** The worker ended (process.exit, out of memory, an uncaught exception) or was killed (timeout). */
  | { readonly kind: 'crash'; readonly error: FunctionErrorInfo; readonly durationMs: number; readonly logs: readonly string[] };

/**
 * The error document of a failed invocation, as Lambda returns it: the Node.js runtime's
 * `{ errorType, errorMessage, trace }` for what the handler threw; `{ errorType, errorMessage }`
 * without a trace for what the sandbox reports (a timeout, an exit, memory exhaustion).
 */
export interface FunctionErrorInfo {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export type InitOutcome = { readonly ok: true; readonly initMs: number } | { readonly ok: false; readonly initMs: number; readonly error: FunctionErrorInfo };

interface Pending {
  readonly id: number;
  readonly requestId: string;
  readonly start: number;
  readonly resolve: (o: RawOutcome) => void;
}

/** Why a worker ended, before it is told as the error of an invocation (`RequestId: <id> Error: <detail>`). */
interface Death {
  readonly errorType: string;
  readonly detail: string;
}

/**
 * What the function service needs of an execution environment, whichever way it runs handlers:
 * a worker thread (`ExecutionEnvironment`, the default) or the runtime's own thread
 * (`InProcessEnvironment`, `handlers: 'in-process'`).
 */
export interface Environment {
  readonly id: number;
  /** The environment's own /tmp. */
  readonly tmpDir: string;
  /** The function's memory size (MB). */
  readonly memoryMb: number;
  /** Whether it can run invocations (not crashed, killed or ended). */
  readonly alive: boolean;
  /** Resolves when INIT is done (the handler is loaded) or failed. */
  init(): Promise<InitOutcome>;
  /** Runs one invocation. */
  invoke(event: InvocationEvent, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number): Promise<RawOutcome>;
  /** Runs one invocation and tells `done` how it ended (`invoke` without a promise; called once, never synchronously). */
  start(event: InvocationEvent, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number, done: (o: RawOutcome) => void): void;
  /** Ends the environment; a running invocation ends as a crash with `reason`. */
  kill(reason?: FunctionErrorInfo): void;
  /** Resolves once the environment has ended (its thread exited). */
  readonly ended: Promise<void>;
}

let nextEnvironment = 0;

/** A new environment id (worker and in-process environments share the sequence). */
export function environmentId(): number {
  return ++nextEnvironment;
}

/**
 * One execution environment: a worker thread that loads the handler once (INIT) and then runs
 * invocations one at a time. A crash (process.exit, out of memory, an uncaught exception) or a
 * kill (timeout) ends the environment; the caller makes a new one for the next invocation.
 */
export class ExecutionEnvironment implements Environment {
  public readonly id = environmentId();
  /** The environment's own /tmp. */
  public readonly tmpDir: string;
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private seq = 0;
  private dead = false;
  /** The error a kill gave (a timeout): told as it is. */
  private deathReason: FunctionErrorInfo | undefined;
  /** What ended the worker otherwise (an exit, memory exhaustion, an uncaught exception). */
  private death: Death | undefined;
  /** The function's memory size (MB). */
  public readonly memoryMb: number;
  private initDone: Promise<InitOutcome>;
  /** Resolves when the worker thread has exited. */
  public readonly ended: Promise<void>;

  public constructor(spec: EnvironmentSpec, simulatedEpochMs: number, tmpRoot: string) {
    this.memoryMb = spec.memoryMb;
    this.tmpDir = fs.mkdtempSync(path.join(tmpRoot, `env${this.id}-`));
    memoryWatch.add(this);
    const env: Record<string, string> = { ...spec.env, TMPDIR: this.tmpDir, TMP: this.tmpDir, TEMP: this.tmpDir };
    const start = performance.now();
    const worker = new Worker(HOST_SOURCE, {
      eval: true,
      env,
      workerData: { hooks: spec.hooks, requireEntry: spec.requireEntry === true, file: spec.file, exportName: spec.exportName, handlerSetting: spec.handlerSetting, layerRoots: spec.layerRoots, tsx: spec.tsx, tsxCjs: spec.tsxCjs, clock: simulatedEpochMs, context: { ...spec.context, logStreamName: `${spec.context.logStreamName}${this.id}` } },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(spec.memoryMb, 64) },
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    this.ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // The worker's own process.stdout/stderr writes go to the invocation's logs (host-source.ts); anything else is dropped.
    worker.stdout.on('data', () => undefined);
    worker.stderr.on('data', () => undefined);
    this.initDone = new Promise<InitOutcome>((resolve) => {
      const onMessage = (m: { t: string; error?: FunctionErrorInfo }): void => {
        if (m.t !== 'ready' && m.t !== 'initError') return;
        worker.off('message', onMessage);
        const initMs = performance.now() - start;
        if (m.t === 'ready') resolve({ ok: true, initMs });
        else {
          resolve({ ok: false, initMs, error: m.error! });
          this.kill();
        }
      };
      worker.on('message', onMessage);
      worker.once('exit', (code) => {
        const d = this.death ?? { errorType: 'Runtime.ExitError', detail: `Runtime exited with error: exit status ${code}` };
        resolve({ ok: false, initMs: performance.now() - start, error: this.deathReason ?? { errorType: d.errorType, errorMessage: d.detail } });
      });
    });
    worker.on('message', (m: unknown) => {
      if (!Array.isArray(m) || !this.pending || m[0] !== this.pending.id) return;
      const [, ok, value, durationMs, memoryMb, logs] = m as [number, boolean, unknown, number, number, string[]];
      const p = this.pending;
      this.pending = undefined;
      memoryWatch.stop(this);
      if (ok) p.resolve({ kind: 'ok', json: value as string, durationMs, memoryMb, logs });
      else p.resolve({ kind: 'error', error: value as FunctionErrorInfo, durationMs, memoryMb, logs });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.death ??= OUT_OF_MEMORY;
      else if (!this.death) {
        // An exception nothing caught (a callback thrown after the handler returned): the runtime process ends.
        this.uncaught = { errorType: e.name || 'Error', errorMessage: e.message, trace: String(e.stack ?? '').split('\n') };
        this.death = { errorType: 'Runtime.ExitError', detail: 'Runtime exited with error: exit status 1' };
      }
    });
    worker.on('exit', (code) => {
      this.dead = true;
      this.worker = undefined;
      memoryWatch.stop(this);
      const p = this.pending;
      this.pending = undefined;
      if (p) {
        const d = this.death ?? { errorType: 'Runtime.ExitError', detail: `Runtime exited with error: exit status ${code}` };
        p.resolve({
          kind: 'crash',
          error: this.deathReason ?? this.uncaught ?? { errorType: d.errorType, errorMessage: `RequestId: ${p.requestId} Error: ${d.detail}` },
          durationMs: performance.now() - p.start,
          logs: [],
        });
      }
      fs.rm(this.tmpDir, { recursive: true, force: true }, () => undefined);
    });
  }

  /** Resolves when INIT is done (the handler is loaded) or failed. */
  public init(): Promise<InitOutcome> {
    return this.initDone;
  }

  public get alive(): boolean {
    return !this.dead;
  }

  /** Runs one invocation; an event given as a value is sent as its JSON text. */
  public invoke(event: InvocationEvent, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number): Promise<RawOutcome> {
    return new Promise<RawOutcome>((resolve) => this.start(event, requestId, invokedFunctionArn, timeoutMs, simulatedEpochMs, resolve));
  }

  public start(event: InvocationEvent, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number, done: (o: RawOutcome) => void): void {
    const worker = this.worker;
    if (!worker || this.dead) {
      const d = this.death ?? { errorType: 'Runtime.ExitError', detail: 'Runtime exited' };
      const o: RawOutcome = { kind: 'crash', error: { errorType: d.errorType, errorMessage: `RequestId: ${requestId} Error: ${d.detail}` }, durationMs: 0, logs: [] };
      queueMicrotask(() => done(o));
      return;
    }
    const id = ++this.seq;
    // No closure per invocation: whoever settles it stops the memory watch for this environment first (see settle).
    this.pending = { id, requestId, start: performance.now(), resolve: done };
    memoryWatch.start(this);
    if (typeof event === 'object') worker.postMessage([id, event.partialJson(), requestId, invokedFunctionArn, timeoutMs, simulatedEpochMs, event.tail]);
    else worker.postMessage([id, typeof event === 'string' ? event : JSON.stringify(event()), requestId, invokedFunctionArn, timeoutMs, simulatedEpochMs]);
  }

  /** Ends the environment (a timeout, or the end of the run); a running invocation ends as a crash with `reason`. */
  public kill(reason?: FunctionErrorInfo): void {
    if (reason) this.deathReason = reason;
    this.dead = true;
    memoryWatch.stop(this);
    void this.worker?.terminate();
  }

  /** Ends the environment as Lambda ends a sandbox over its memory size. */
  public killOutOfMemory(): void {
    this.death ??= OUT_OF_MEMORY;
    this.kill();
  }

  /** The error an exception nothing caught gave. */
  private uncaught: FunctionErrorInfo | undefined;
}

/** What Lambda reports when a function uses more than its memory size: the sandbox is killed. */
const OUT_OF_MEMORY: Death = { errorType: 'Runtime.OutOfMemory', detail: 'Runtime exited with error: signal: killed' };

/**
 * The worker's heap limit (`resourceLimits`) bounds what a handler keeps on the JavaScript heap;
 * it does not bound memory outside it (Buffers, large external strings), which a handler can
 * allocate until the machine runs out and the whole process is killed. While invocations run,
 * this watch samples the process's resident memory (20 ms of wall time apart); memory the
 * workers hold past the sum of the live environments' memory sizes (plus a margin for the
 * workers' own code) ends the running environments as out of memory, as Lambda kills a sandbox
 * over its memory size. The workers' share is the resident size minus the main thread's heap and
 * external memory and minus what the process held before the first environment started.
 */
class MemoryWatch {
  private readonly running = new Set<ExecutionEnvironment>();
  private readonly live = new Set<ExecutionEnvironment>();
  private timer: NodeJS.Timeout | undefined;
  private base: number | undefined;
  /** Megabytes a worker may hold beyond its memory size (code, young generation, stacks), and a margin for the process. */
  public static readonly PER_WORKER_MB = 64;
  public static readonly MARGIN_MB = 256;

  /** A new environment (the first one fixes the baseline). */
  public add(env: ExecutionEnvironment): void {
    this.base ??= this.workersBytes(0);
    this.live.add(env);
  }

  public start(env: ExecutionEnvironment): void {
    this.running.add(env);
    this.timer ??= setInterval(() => this.check(), 20).unref();
  }

  /** An invocation ended. The sampling stops at its next tick if none runs then (not at once: invocations follow each other closely). */
  public stop(env: ExecutionEnvironment): void {
    this.running.delete(env);
    if (!env.alive) this.live.delete(env);
  }

  private workersBytes(base: number): number {
    const m = process.memoryUsage();
    return m.rss - m.heapTotal - m.external - base;
  }

  private check(): void {
    if (this.running.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    for (const e of this.live) if (!e.alive) this.live.delete(e);
    let allowedMb = MemoryWatch.MARGIN_MB;
    for (const e of this.live) allowedMb += e.memoryMb + MemoryWatch.PER_WORKER_MB;
    if (this.workersBytes(this.base ?? 0) <= allowedMb * 1_048_576) return;
    for (const e of [...this.running]) e.killOutOfMemory();
  }
}

const memoryWatch = new MemoryWatch();

/** A directory for the environments' /tmp directories of one run. */
export function makeTmpRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-local-'));
}
