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
  /** Whether the worker registers its module hooks (layers, the AWS SDK, Lambda's CommonJS rule for .js files): see loader-needs.ts. */
  readonly hooks: boolean;
  /** The context properties that do not change between invocations (functionName, functionVersion, memoryLimitInMB, logGroupName, logStreamName). */
  readonly context: Readonly<Record<string, string>>;
}

/** What the handler reported (or why it reported nothing). */
export type RawOutcome =
  | { readonly kind: 'ok'; readonly json: string; readonly durationMs: number; readonly memoryMb: number; readonly logs: readonly string[] }
  | { readonly kind: 'error'; readonly error: FunctionErrorInfo; readonly durationMs: number; readonly memoryMb: number; readonly logs: readonly string[] }
  /** The worker ended (process.exit, out of memory, an uncaught exception) or was killed (timeout). */
  | { readonly kind: 'crash'; readonly error: FunctionErrorInfo; readonly durationMs: number; readonly logs: readonly string[] };

export interface FunctionErrorInfo {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

export type InitOutcome = { readonly ok: true; readonly initMs: number } | { readonly ok: false; readonly initMs: number; readonly error: FunctionErrorInfo };

interface Pending {
  readonly id: number;
  readonly start: number;
  readonly resolve: (o: RawOutcome) => void;
}

let nextEnvironment = 0;

/**
 * One execution environment: a worker thread that loads the handler once (INIT) and then runs
 * invocations one at a time. A crash (process.exit, out of memory, an uncaught exception) or a
 * kill (timeout) ends the environment; the caller makes a new one for the next invocation.
 */
export class ExecutionEnvironment {
  public readonly id = ++nextEnvironment;
  /** The environment's own /tmp. */
  public readonly tmpDir: string;
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private seq = 0;
  private dead = false;
  private deathReason: FunctionErrorInfo | undefined;
  private initDone: Promise<InitOutcome>;

  public constructor(spec: EnvironmentSpec, simulatedEpochMs: number, tmpRoot: string) {
    this.tmpDir = fs.mkdtempSync(path.join(tmpRoot, `env${this.id}-`));
    const env: Record<string, string> = { ...spec.env, TMPDIR: this.tmpDir, TMP: this.tmpDir, TEMP: this.tmpDir };
    const start = performance.now();
    const worker = new Worker(HOST_SOURCE, {
      eval: true,
      env,
      workerData: { hooks: spec.hooks, file: spec.file, exportName: spec.exportName, handlerSetting: spec.handlerSetting, layerRoots: spec.layerRoots, tsx: spec.tsx, clock: simulatedEpochMs, context: { ...spec.context, logStreamName: `${spec.context.logStreamName}${this.id}` } },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(spec.memoryMb, 64) },
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    // What a handler writes to process.stdout/stderr directly is not lost: it goes to the logs of the running invocation.
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
      worker.once('exit', () => resolve({ ok: false, initMs: performance.now() - start, error: this.deathReason ?? { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited during INIT', trace: [] } }));
    });
    worker.on('message', (m: unknown) => {
      if (!Array.isArray(m) || !this.pending || m[0] !== this.pending.id) return;
      const [, ok, value, durationMs, memoryMb, logs] = m as [number, boolean, unknown, number, number, string[]];
      const p = this.pending;
      this.pending = undefined;
      if (ok) p.resolve({ kind: 'ok', json: value as string, durationMs, memoryMb, logs });
      else p.resolve({ kind: 'error', error: value as FunctionErrorInfo, durationMs, memoryMb, logs });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      this.deathReason =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { errorType: 'Runtime.OutOfMemory', errorMessage: `Runtime exited with error: out of memory (memory size ${spec.memoryMb} MB)`, trace: [] }
          : { errorType: e.name && e.name !== 'Error' ? e.name : 'Runtime.UnhandledError', errorMessage: e.message, trace: String(e.stack ?? '').split('\n') };
    });
    worker.on('exit', (code) => {
      this.dead = true;
      this.worker = undefined;
      const p = this.pending;
      this.pending = undefined;
      if (p) {
        p.resolve({
          kind: 'crash',
          error: this.deathReason ?? { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [] },
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

  /** Runs one invocation; the event is JSON text. */
  public invoke(eventJson: string, requestId: string, invokedFunctionArn: string, timeoutMs: number, simulatedEpochMs: number): Promise<RawOutcome> {
    const worker = this.worker;
    if (!worker || this.dead) {
      return Promise.resolve({ kind: 'crash', error: this.deathReason ?? { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited', trace: [] }, durationMs: 0, logs: [] });
    }
    return new Promise<RawOutcome>((resolve) => {
      const id = ++this.seq;
      this.pending = { id, start: performance.now(), resolve };
      worker.postMessage([id, eventJson, requestId, invokedFunctionArn, timeoutMs, simulatedEpochMs]);
    });
  }

  /** Ends the environment (a timeout, or the end of the run); a running invocation ends as a crash with `reason`. */
  public kill(reason?: FunctionErrorInfo): void {
    if (reason) this.deathReason = reason;
    this.dead = true;
    void this.worker?.terminate();
  }
}

/** A directory for the environments' /tmp directories of one run. */
export function makeTmpRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-local-'));
}
