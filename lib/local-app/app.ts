import * as fs from 'node:fs';
import * as path from 'node:path';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { App } from '../core/app.js';
import type { Duration } from '../core/duration.js';
import { LambdaformError } from '../core/errors.js';
import type { Stack } from '../core/stack.js';
import { loadPlan } from '../cli/plan-source.js';
import type { FunctionMetrics } from '../local/metrics.js';
import { checkPlanIds, toPlan } from '../local/plan/build.js';
import { readPlan } from '../local/plan/read.js';
import type { Plan } from '../local/plan/types.js';
import { Runtime, type HandlerMode, type ResourceKind } from '../local/runtime.js';
import { buildReport, type Report } from '../local/scenario/report.js';
import type { HttpResponse } from '../local/services/http.js';
import { restoreState, takeSnapshot, type Snapshot } from './state.js';
import { DEFAULT_EVENT_BUS } from '../local/services/event-bus.js';

/** Options of a simulated app. */
export interface LocalAppOptions {
  /** Seed of all randomness (alias weights, ids). @default 1 */
  readonly seed?: number;
  /** The account's concurrency limit. @default 1000 */
  readonly accountConcurrency?: number;
  /** The simulated wall-clock time at the start. @default the time the app is created */
  readonly startTime?: Date;
  /**
   * The directory the plan's paths are relative to (for `fromAppFile`, also the directory a
   * relative app file is found from). @default the working directory
   */
  readonly planDir?: string;
  /**
   * Where handlers run: `'worker-threads'` (isolated, as in Lambda) or `'in-process'` (in the
   * test's own thread: about ten times faster, but `process.env`, globals and the module cache
   * are shared with the test, a timeout cannot stop the handler's code, and the memory size is not
   * enforced). The full list is `RuntimeOptions.handlers`. @default 'worker-threads'
   */
  readonly handlers?: HandlerMode;
}

/** Refuses options of the wrong type or out of range, naming the option, the value and what it must be. */
function checkOptions(options: LocalAppOptions): void {
  const problems: string[] = [];
  const shown = (v: unknown): string => (v instanceof Date ? `an invalid Date` : typeof v === 'string' ? `'${v}'` : String(v));
  const { startTime, seed, accountConcurrency, handlers } = options;
  if (startTime !== undefined && !(startTime instanceof Date && Number.isFinite(startTime.getTime()))) {
    problems.push(`startTime must be a Date (the simulated wall-clock time at the start, such as new Date('2026-01-01T00:00:00Z')), got ${shown(startTime)}`);
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) problems.push(`seed must be a whole number, got ${shown(seed)}`);
  if (accountConcurrency !== undefined && !(Number.isSafeInteger(accountConcurrency) && accountConcurrency >= 1)) {
    problems.push(`accountConcurrency must be a whole number of at least 1 (the account's Lambda concurrency limit), got ${shown(accountConcurrency)}`);
  }
  if (handlers !== undefined && handlers !== 'worker-threads' && handlers !== 'in-process') {
    problems.push(`handlers must be 'worker-threads' or 'in-process', got ${shown(handlers)}`);
  }
  if (problems.length > 0) throw new LambdaformError('LocalApp options', problems.join('; '), 'invalid-option');
}

/** What `invoke` answers: the Lambda Invoke API's response. */
export interface InvokeResult {
  /** 200 for a synchronous invocation (also when the function failed), 202 for `Event`, 429 when throttled. */
  readonly statusCode: number;
  /** The function's response, parsed from JSON (the error document when it failed). */
  readonly payload?: unknown;
  /** `Unhandled` when the function failed. */
  readonly functionError?: string;
  /** The version that ran. */
  readonly executedVersion?: string;
  /** The invocation's log lines, START to REPORT. */
  readonly logs: readonly string[];
}

/** A message as a queue holds it. */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes: Readonly<Record<string, { readonly DataType: string; readonly StringValue: string }>>;
  readonly messageGroupId?: string;
  /** How many times it was received. */
  readonly receiveCount: number;
  /** `visible`, `inflight` (received, not yet deleted) or `delayed`. */
  readonly state: 'visible' | 'inflight' | 'delayed';
}

/** An HTTP response from an API of the app. */
export interface LocalHttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

type Attribute = string | number | { readonly DataType: string; readonly StringValue: string };

function text(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function attributes(a: Readonly<Record<string, Attribute>> | undefined): Record<string, { dataType: string; stringValue: string }> {
  const out: Record<string, { dataType: string; stringValue: string }> = {};
  for (const [k, v] of Object.entries(a ?? {})) {
    out[k] = typeof v === 'object' ? { dataType: v.DataType, stringValue: v.StringValue } : { dataType: typeof v === 'number' ? 'Number' : 'String', stringValue: String(v) };
  }
  return out;
}

/** A duration to let pass, in milliseconds: a Duration or a number of milliseconds, finite and not negative. */
function millis(d: Duration | number): number {
  const ms: unknown = typeof (d as Partial<Duration> | undefined)?.toMilliseconds === 'function' ? (d as Duration).toMilliseconds() : d;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    // NaN or Infinity would run the clock for ever (schedules never stop), a negative one would do nothing.
    const shown = typeof ms === 'number' ? String(ms) : `${typeof ms} ${JSON.stringify(ms)}`;
    throw new LambdaformError(undefined, `advance() takes a Duration (Duration.minutes(5)) or a finite number of milliseconds >= 0, got ${shown}: to run until nothing is left, use idle()`, 'invalid-option');
  }
  return ms;
}

/** SQS's largest DelaySeconds (SendMessage refuses more). */
const MAX_DELAY_SECONDS = 900;

/**
 * An app running in lambdaform's local runtime, for tests (vitest, `node:test`, any runner): put
 * inputs in as a client of the deployed app would (`send`, `invoke`, `publish`, `put`, `http`),
 * let simulated time pass (`advance`, `idle`), and read what happened (queue contents, metrics,
 * logs, the report). Names are resources' construct ids, paths, logical ids or physical names,
 * as in scenarios. Call `close()` when done (`afterAll`).
 *
 *   const app = await LocalApp.fromAppFile('app.ts');
 *   await app.send('Jobs', { id: 1 });
 *   await app.idle();
 *   expect(app.metrics('Worker').Invocations).toBe(1);
 */
export class LocalApp {
  /** Runs the app file (as `lambdaform synth --app` does) and simulates every stack, or `stack`. */
  public static async fromAppFile(file: string, options: LocalAppOptions & { readonly stack?: string } = {}): Promise<LocalApp> {
    checkOptions(options);
    const cwd = options.planDir ?? process.cwd();
    const { plan, planDir } = await loadPlan({ app: file, ...(options.stack ? { stack: options.stack } : {}) }, cwd);
    return LocalApp.fromPlan(plan, { ...options, planDir });
  }

  /** Simulates a stack of an app built in the test. */
  public static async fromStack(stack: Stack, options: LocalAppOptions = {}): Promise<LocalApp> {
    checkOptions(options);
    const model = App.of(stack).synth();
    const stacks = model.stacks.filter((s) => s.path === stack.node.path);
    const appDir = options.planDir ?? process.cwd();
    const plan = toPlan({ ...model, stacks }, { appDir });
    checkPlanIds(plan);
    return LocalApp.fromPlan(plan, { ...options, planDir: appDir });
  }

  /** Simulates a plan: the document, or the path of a plan.json (its paths relative to its directory). */
  public static async fromPlan(plan: Plan | string, options: LocalAppOptions = {}): Promise<LocalApp> {
    checkOptions(options);
    if (typeof plan === 'string') {
      const file = path.resolve(plan);
      return LocalApp.fromPlan(readPlan(fs.readFileSync(file, 'utf8'), plan), { ...options, planDir: options.planDir ?? path.dirname(file) });
    }
    const app = new LocalApp(plan, options);
    await app.rt.start();
    return app;
  }

  private rt: Runtime;
  private readonly startEpochMs: number;
  private wallStart = performance.now();

  private constructor(
    /** The plan simulated. */
    public readonly plan: Plan,
    private readonly options: LocalAppOptions,
  ) {
    this.startEpochMs = options.startTime?.getTime() ?? Date.now();
    this.rt = this.makeRuntime();
  }

  /** The runtime underneath, for what this interface does not cover. */
  public get runtime(): Runtime {
    return this.rt;
  }

  /** Simulated time since the start, in milliseconds. */
  public get now(): number {
    return this.rt.sim.now();
  }

  // ------------------------------------------------------------ inputs

  /** SendMessage to a queue (an object body is sent as JSON). */
  public async send(queue: string, body: unknown, options: { messageAttributes?: Readonly<Record<string, Attribute>>; messageGroupId?: string; messageDeduplicationId?: string; delaySeconds?: number } = {}): Promise<{ messageId: string }> {
    const id = this.id('queue', queue);
    const { delaySeconds } = options;
    if (delaySeconds !== undefined && !(Number.isInteger(delaySeconds) && delaySeconds >= 0 && delaySeconds <= MAX_DELAY_SECONDS)) {
      // As SendMessage refuses it (InvalidParameterValue).
      throw new LambdaformError(id, `send(): delaySeconds must be a whole number of seconds from 0 to ${MAX_DELAY_SECONDS}, as SQS takes it, got ${String(delaySeconds)}`, 'invalid-option');
    }
    const messageId = this.rt.messageId();
    this.rt.sendMessage(id, text(body), this.rt.ledger.create(0, id), {
      messageId,
      ...(options.delaySeconds !== undefined ? { delaySeconds: options.delaySeconds } : {}),
      ...(options.messageGroupId !== undefined ? { groupId: options.messageGroupId } : {}),
      ...(options.messageDeduplicationId !== undefined ? { deduplicationId: options.messageDeduplicationId } : {}),
      ...(options.messageAttributes ? { attributes: attributes(options.messageAttributes) } : {}),
    });
    return { messageId };
  }

  /**
   * Invokes a function (`name`, or `name:qualifier`). `RequestResponse` (default) resolves with the
   * response when the invocation ends, simulated time standing there; `Event` queues it (202).
   */
  public async invoke(fn: string, payload: unknown = {}, options: { invocationType?: 'RequestResponse' | 'Event'; qualifier?: string } = {}): Promise<InvokeResult> {
    const [name, q] = fn.includes(':') ? [fn.slice(0, fn.lastIndexOf(':')), fn.slice(fn.lastIndexOf(':') + 1)] : [fn, undefined];
    const id = this.id('function', name);
    const qualifier = options.qualifier ?? q;
    const target = { function: id, ...(qualifier !== undefined ? { qualifier } : {}) };
    const type = options.invocationType ?? 'RequestResponse';
    const pending = this.rt.invoke(target, text(payload), type, this.rt.ledger.create(0, id));
    if (type === 'Event') {
      await pending;
      return { statusCode: 202, logs: [] };
    }
    const outcome = (await this.until(pending))!;
    if (outcome.status === 'throttled') return { statusCode: 429, payload: outcome.error, logs: [] };
    const raw = outcome.status === 'success' ? (outcome.json ?? 'null') : JSON.stringify(outcome.error);
    return {
      statusCode: 200,
      payload: JSON.parse(raw) as unknown,
      ...(outcome.status === 'success' ? {} : { functionError: 'Unhandled' }),
      executedVersion: outcome.version,
      logs: outcome.logs,
    };
  }

  /** Publish to a topic. */
  public async publish(topic: string, message: unknown, options: { subject?: string; messageAttributes?: Readonly<Record<string, Attribute>>; messageGroupId?: string } = {}): Promise<{ messageId: string }> {
    const id = this.id('topic', topic);
    const messageId = this.rt.messageId();
    const attrs = Object.fromEntries(Object.entries(attributes(options.messageAttributes)).map(([k, a]) => [k, { Type: a.dataType, Value: a.stringValue }]));
    this.rt.topics.publish(id, text(message), attrs, this.rt.ledger.create(0, id), false, options.subject, { messageId, ...(options.messageGroupId !== undefined ? { groupId: options.messageGroupId } : {}) });
    return { messageId };
  }

  /** PutObject into a bucket. */
  public async put(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
    const id = this.id('bucket', bucket);
    this.rt.buckets.put(id, key, typeof body === 'string' ? body : Buffer.from(body), this.rt.ledger.create(0, id));
  }

  /** PutItem into a table: a plain object (marshalled as the DynamoDB document client does). */
  public async putItem(table: string, item: Readonly<Record<string, unknown>>): Promise<void> {
    const id = this.id('table', table);
    this.checkKey(id, item, 'putItem');
    this.rt.streams.putItem(id, marshall(item, { removeUndefinedValues: true }), this.rt.ledger.create(0, id));
  }

  /** PutRecord into a Kinesis stream. */
  public async putRecord(stream: string, data: unknown, partitionKey: string): Promise<void> {
    const id = this.id('stream', stream);
    this.rt.streams.putRecord(id, partitionKey, typeof data === 'string' || data instanceof Uint8Array ? Buffer.from(data) : JSON.stringify(data), this.rt.ledger.create(0, id));
  }

  /** PutEvents on the default event bus. */
  public async putEvent(event: { source: string; detailType: string; detail: unknown }): Promise<void> {
    this.rt.bus.putEvent(event, this.rt.ledger.create(0, DEFAULT_EVENT_BUS));
  }

  /**
   * An HTTP request to an API of the app (the only one, or `api`): resolves with the response,
   * simulated time standing where it was answered.
   */
  public async http(method: string, pathAndQuery: string, options: { headers?: Readonly<Record<string, string>>; body?: unknown; api?: string } = {}): Promise<LocalHttpResponse> {
    const api = options.api !== undefined ? this.id('api', options.api) : undefined;
    const source = api ?? this.plan.apis[0]?.id ?? 'api';
    const body = options.body === undefined ? undefined : typeof options.body === 'string' || options.body instanceof Uint8Array ? options.body : JSON.stringify(options.body);
    const res: HttpResponse = await this.until(this.rt.http.request(api, { method, path: pathAndQuery, ...(options.headers ? { headers: options.headers } : {}), ...(body !== undefined ? { body } : {}) }, this.rt.ledger.create(0, source)));
    return {
      status: res.status,
      headers: res.headers,
      body: res.body,
      json: <T>() => JSON.parse(res.body) as T,
    };
  }

  // ------------------------------------------------------------ time

  /** Lets `duration` of simulated time pass (a Duration, or milliseconds). */
  public async advance(duration: Duration | number): Promise<void> {
    const until = this.rt.sim.now() + millis(duration);
    // One loop of the simulation at a time (see `until`); a request settling stops the run, which goes on to `until`.
    for (;;) {
      while (this.running) await this.running;
      if (this.rt.sim.now() >= until) return;
      await this.runShared(until);
      if (this.rt.sim.now() >= until) return;
    }
  }

  /** One `sim.run`, shared by whoever waits for the simulation meanwhile (`running`). */
  private runShared(untilMs?: number): Promise<void> {
    return (this.running = this.rt.sim.run(untilMs).finally(() => {
      this.running = undefined;
    }));
  }

  /**
   * Runs until nothing is left to do: every message processed or parked, every retry done (however
   * many simulated hours that takes). Schedules alone do not keep it going.
   */
  public async idle(): Promise<void> {
    // A request settling stops the run: it goes on until nothing is left.
    do {
      while (this.running) await this.running;
      await this.runShared();
    } while (!this.rt.sim.settled);
  }

  /** The simulation's run now going, which every request waiting for its answer shares: the clock runs one loop at a time. */
  private running: Promise<void> | undefined;

  /**
   * Runs the simulation until `pending` settles (the clock stands there), then returns its value.
   * Requests made together (`Promise.all([app.http(...), app.http(...)])`) share one run: it stops
   * when any of them settles, and the others run it on.
   */
  private async until<T>(pending: Promise<T>): Promise<T> {
    let done = false;
    const watched = pending.finally(() => {
      done = true;
      this.rt.sim.stop();
    });
    for (let idle = 0; !done; ) {
      if (this.running) {
        await this.running;
        continue;
      }
      await this.runShared();
      if (done) break;
      // Nothing was left to run: let the answer's promise settle (a few turns at most), or give up.
      await new Promise((r) => setImmediate(r));
      if (!done && !this.rt.sim.busy && ++idle > 100) throw new LambdaformError(undefined, 'the request never finished: nothing is left to run in the simulation', 'local-stuck');
    }
    return watched;
  }

  // ------------------------------------------------------------ reading

  /** The messages in a queue (or dead-letter queue), in arrival order. */
  public messages(queue: string): QueueMessage[] {
    return this.rt
      .queue(this.id('queue', queue))
      .pending()
      .map((m) => ({
        messageId: m.messageId,
        body: m.body,
        messageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, a]) => [k, { DataType: a.dataType, StringValue: a.stringValue }])),
        ...(m.groupId !== undefined ? { messageGroupId: m.groupId } : {}),
        receiveCount: m.receiveCount,
        state: m.state as QueueMessage['state'],
      }));
  }

  /** An object of a bucket (its bytes), or undefined. */
  public object(bucket: string, key: string): Buffer | undefined {
    const o = this.rt.buckets.object(this.id('bucket', bucket), key);
    return o === undefined ? undefined : Buffer.from(o.body);
  }

  /** An item of a table by its key (plain values, as the document client reads them), or undefined. */
  public item(table: string, key: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
    const id = this.id('table', table);
    this.checkKey(id, key, 'item');
    const found = this.rt.streams.getItem(id, marshall(key));
    return found === undefined ? undefined : unmarshall(found as never);
  }

  /**
   * The destination records Lambda delivered for a function's asynchronous invocations (on
   * success and on failure, to any destination type), in order: `requestContext`,
   * `requestPayload`, `responseContext`, `responsePayload`, as the destination receives them.
   */
  public destinationRecords(fn: string): Array<{ readonly destination: string; readonly record: unknown }> {
    const id = this.id('function', fn);
    return (this.rt.async.destinationRecords ?? []).filter((r) => r.function === id).map((r) => ({ destination: r.destination, record: r.record }));
  }

  /** A function's metrics, as CloudWatch names them. */
  public metrics(fn: string): Readonly<FunctionMetrics> {
    return this.rt.functions.metrics(this.id('function', fn));
  }

  /** A function's log lines (START, the handler's lines, END, REPORT). */
  public logs(fn: string): readonly string[] {
    return this.rt.functions.logs(this.id('function', fn));
  }

  /**
   * The run's report (the document `lambdaform run --json` prints): every input with its
   * disposition, per-function metrics, per-queue counts.
   */
  public report(): Report {
    return buildReport(this.rt, undefined, this.options.seed ?? 1, performance.now() - this.wallStart);
  }

  // ------------------------------------------------------------ operator controls

  /** Fires a schedule rule now (its regular firings go on). */
  public triggerSchedule(rule: string): void {
    this.rt.triggerSchedule(this.id('rule', rule));
  }

  /** Disables an event source mapping (Enabled: false): messages wait in the queue, stream positions are kept. */
  public pauseMapping(mapping: string): void {
    this.rt.pauseMapping(this.id('mapping', mapping));
  }

  /** Enables an event source mapping again. */
  public resumeMapping(mapping: string): void {
    this.rt.resumeMapping(this.id('mapping', mapping));
  }

  /** Moves a dead-letter queue's messages back to their source queue (or `to`), as SQS's StartMessageMoveTask does. */
  public redrive(deadLetterQueue: string, options: { to?: string; maxMessagesPerSecond?: number } = {}): { moved: number } {
    return this.rt.startMessageMoveTask(this.id('queue', deadLetterQueue), {
      ...(options.to !== undefined ? { destinationQueueId: this.id('queue', options.to) } : {}),
      ...(options.maxMessagesPerSecond !== undefined ? { maxMessagesPerSecond: options.maxMessagesPerSecond } : {}),
    });
  }

  /** PurgeQueue: deletes every message of a queue; how many. */
  public purge(queue: string): number {
    return this.rt.purgeQueue(this.id('queue', queue));
  }

  // ------------------------------------------------------------ state

  /**
   * The simulated data (queue messages, bucket objects, table items) and clock, to restore later
   * (Kinesis records are not kept). Taken when nothing runs: call it after `idle()` or `advance()`.
   */
  public snapshot(): Snapshot {
    if (this.rt.sim.busy) throw new LambdaformError(undefined, 'snapshot() needs the app at rest: await idle() or advance() first', 'local-busy');
    return takeSnapshot(this.rt);
  }

  /**
   * Restores a snapshot: a fresh runtime (new environments, empty ledger and metrics) holding the
   * snapshot's data. The simulated date goes on from the snapshot's; `now` and the report start
   * again at 0.
   */
  public async restore(snapshot: Snapshot): Promise<void> {
    await this.rt.shutdown();
    this.rt = this.makeRuntime(snapshot.simulatedMs);
    this.wallStart = performance.now();
    await this.rt.start();
    restoreState(this.rt, snapshot);
  }

  /** Back to the start: empty queues, buckets and tables, no environments, an empty report. */
  public async reset(): Promise<void> {
    await this.rt.shutdown();
    this.rt = this.makeRuntime();
    this.wallStart = performance.now();
    await this.rt.start();
  }

  /**
   * Ends every execution environment and removes the run's temporary directories (the
   * environments' /tmp); call it when the tests are done. It resolves once they are gone, so a
   * runner that ends its process right after (vitest's forks) leaves nothing in the system's
   * temporary directory.
   */
  public async close(): Promise<void> {
    // Runtime.shutdown resolves once the threads have exited and the run's directory is removed.
    await this.rt.shutdown();
  }

  private makeRuntime(offsetMs = 0): Runtime {
    const rt = new Runtime(this.plan, {
      planDir: this.options.planDir ?? process.cwd(),
      startEpochMs: this.startEpochMs + offsetMs,
      ...(this.options.seed !== undefined ? { seed: this.options.seed } : {}),
      ...(this.options.accountConcurrency !== undefined ? { accountConcurrency: this.options.accountConcurrency } : {}),
      ...(this.options.handlers !== undefined ? { handlers: this.options.handlers } : {}),
    });
    rt.async.destinationRecords = [];
    return rt;
  }

  /**
   * Refuses an item or key without the table's key attributes as plain values (the runtime's own
   * message speaks of DynamoDB JSON, which these methods do not take).
   */
  private checkKey(tableId: string, item: Readonly<Record<string, unknown>>, method: string): void {
    const table = this.plan.tables.find((t) => t.id === tableId);
    if (!table) return;
    const kinds = { S: 'a string', N: 'a number', B: 'a Uint8Array' } as const;
    for (const k of [table.partitionKey, table.sortKey]) {
      if (!k) continue;
      const v = item[k.name];
      const ok = k.type === 'S' ? typeof v === 'string' : k.type === 'N' ? typeof v === 'number' || typeof v === 'bigint' : v instanceof Uint8Array;
      if (!ok) {
        const given = Object.keys(item).join(', ') || 'none';
        throw new LambdaformError(tableId, `${method}() needs the key attribute '${k.name}' as ${kinds[k.type]} (a plain value, as the document client takes it), got ${v === undefined ? `no '${k.name}' (attributes: ${given})` : JSON.stringify(v)}`, 'local-bad-item');
      }
    }
  }

  /** A resource's id in the plan from the name a test uses. */
  private id(kind: ResourceKind, name: string): string {
    return this.rt.resolve(kind, name);
  }
}

