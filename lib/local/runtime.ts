import { createHash, hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { LambdaformError } from '../core/errors.js';
import { LocalEndpoint } from './endpoint/server.js';
import { FunctionService, type Caller, type HandlerMode, type InvokeOutcome } from './functions.js';
import { Ledger, type InputRecord } from './ledger.js';
import type { Plan, PlanDestination, PlanFunction, PlanTarget } from './plan/types.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES, RECURSION_LIMIT, SYNC_PAYLOAD_LIMIT_BYTES, recursionReason } from './limits.js';
import { AsyncInvoker } from './services/async-invoke.js';
import { BucketService } from './services/s3.js';
import { EventBus } from './services/event-bus.js';
import { HttpService } from './services/http.js';
import { TopicService } from './services/sns.js';
import { SimQueue, type SqsMessage } from './services/sqs.js';
import { SqsPoller } from './services/sqs-poller.js';
import { StreamService } from './services/streams.js';
import { Simulation } from './sim/clock.js';
import { MessageIds } from './sim/message-ids.js';
import { Random } from './sim/random.js';
import { makeTmpRoot } from './worker/environment.js';


export type { HandlerMode } from './functions.js';

/** Options of a local runtime. */
export interface RuntimeOptions {
  /** The directory the plan's paths are relative to. */
  readonly planDir: string;
  /** Seed of all randomness (alias weights, request ids, message ids). @default 1 */
  readonly seed?: number;
  /** Run on the wall clock. @default false */
  readonly realtime?: boolean;
  /** The account's concurrency limit. @default 1000 */
  readonly accountConcurrency?: number;
  /** Simulated wall-clock time at the start (epoch ms). @default Date.now() */
  readonly startEpochMs?: number;
  /**
   * Where handlers run. `'worker-threads'` (the default): each execution environment is a worker
   * thread, isolated as a Lambda sandbox is in what matters to a handler: its own `process.env`,
   * globals and module cache, a heap limit at the function's memory size (and an out-of-memory
   * kill for memory outside the heap), a timeout that ends the thread whatever it runs,
   * `process.exit` and uncaught exceptions ending only that environment, console and stdout
   * captured, layers and the AWS SDK on its module path.
   *
   * `'in-process'`: handlers run in the runtime's own thread, as plain function calls (several
   * times the throughput — in bench/local.ts on two cores, about twice at batch 10 and five times
   * at batch 1; for tests that opt in). Results, errors, metrics, logs, the ledger and
   * the AWS SDK endpoint work the same, but nothing is isolated:
   * - `process.env` is replaced, while in-process environments live, by a view that answers
   *   within a handler's asynchronous context (its INIT, its invocations and what they start) the
   *   environment's own variables (AWS_ENDPOINT_URL, its credentials, the function's), and
   *   elsewhere the process's; code that loses the asynchronous context (a native module's
   *   callback, an emitter made outside the handler) sees the process's.
   * - globals and the module cache are shared (each environment loads the handler file itself
   *   anew, so a cold start runs its top-level code; what it imports is loaded once);
   *   `process.exit`, `process.on`, uncaught exceptions and unhandled rejections are the process's.
   * - a timeout ends the invocation (as a crash of its environment) but cannot preempt its code:
   *   it goes on in the background, and a synchronous endless loop blocks the whole runtime.
   * - the memory size is not enforced (no heap limit, no out-of-memory kill); Max Memory Used is
   *   the process's heap, capped at the memory size.
   * - a callback-style handler ends when it calls back, not when the event loop is empty.
   * - layers' node_modules and the runtime's AWS SDK are not on the module path (imports resolve
   *   from the handler's file as Node resolves them); stdout/stderr writes are not logged (console
   *   calls are).
   * @default 'worker-threads'
   */
  readonly handlers?: HandlerMode;
}

/** Which kind of resource a name refers to in a scenario or on the command line. */
export type ResourceKind = 'function' | 'queue' | 'topic' | 'bucket' | 'stream' | 'table' | 'api' | 'rule' | 'mapping';

/** The plan's list of each kind of resource. */
const PLAN_LISTS = { function: 'functions', queue: 'queues', topic: 'topics', bucket: 'buckets', stream: 'streams', table: 'tables', api: 'apis', rule: 'rules', mapping: 'mappings' } as const satisfies Record<ResourceKind, keyof Plan>;

/**
 * The local runtime: a simulated AWS account running a plan. Services (queues, topics, buckets,
 * streams, tables, rules, APIs) and functions share one simulation clock, one seeded random
 * stream and one ledger that accounts for every input.
 */
export class Runtime {
  public readonly sim: Simulation;
  public readonly random: Random;
  /** Message ids (seeded), made when read: see MessageIds. */
  public readonly ids: MessageIds;
  public readonly ledger = new Ledger();
  public readonly functions: FunctionService;
  public readonly async: AsyncInvoker;
  public readonly queues = new Map<string, SimQueue>();
  public readonly pollers: SqsPoller[] = [];
  public readonly topics: TopicService;
  public readonly buckets: BucketService;
  public readonly bus: EventBus;
  public readonly streams: StreamService;
  public readonly http: HttpService;
  /** The loopback endpoint that serves handlers' AWS SDK calls. */
  public readonly endpoint: LocalEndpoint;
  private readonly pollersByQueue = new Map<string, SqsPoller[]>();
  private readonly tmpRoot: string;

  public constructor(
    public readonly plan: Plan,
    options: RuntimeOptions,
  ) {
    this.sim = new Simulation({ realtime: options.realtime ?? false, startEpochMs: options.startEpochMs ?? Date.now() });
    this.random = new Random(options.seed ?? 1);
    this.ids = new MessageIds(options.seed ?? 1);
    this.tmpRoot = makeTmpRoot();
    this.functions = new FunctionService(plan, this.sim, this.random, {
      planDir: options.planDir,
      tmpRoot: this.tmpRoot,
      ...(options.accountConcurrency !== undefined ? { accountConcurrency: options.accountConcurrency } : {}),
      ...(options.handlers !== undefined ? { handlers: options.handlers } : {}),
      ...tsxLoader(),
      ...runtimeModules(this.tmpRoot),
    });
    this.async = new AsyncInvoker(this);
    for (const q of plan.queues) {
      this.queues.set(
        q.id,
        new SimQueue(q, this.sim, {
          visible: (queue) => {
            for (const p of this.pollersByQueue.get(queue.plan.id) ?? []) p.wake();
          },
          moveToDeadLetter: (from, m) => this.redrive(from, m),
          expired: (_queue, m) => {
            if (!m.terminal) this.ledger.settle(m.input, 'discarded', this.sim.now(), { reason: `expired from ${m.input.source === _queue.plan.id ? '' : 'dead-letter queue '}${_queue.plan.id} after its retention period (${_queue.plan.retentionPeriodSeconds} s)` });
          },
        }, this.ids),
      );
    }
    for (const m of plan.mappings) {
      if (m.sourceType !== 'sqs') continue;
      const q = this.queue(m.source);
      const p = new SqsPoller(this, m, q);
      this.pollers.push(p);
      const list = this.pollersByQueue.get(q.plan.id) ?? [];
      list.push(p);
      this.pollersByQueue.set(q.plan.id, list);
    }
    this.topics = new TopicService(this);
    this.buckets = new BucketService(this);
    this.bus = new EventBus(this);
    this.streams = new StreamService(this);
    this.http = new HttpService(this);
    this.endpoint = new LocalEndpoint(this);
  }

  /** Starts the endpoint for handlers' AWS SDK calls, provisioned environments and schedules; call once before running. */
  public async start(): Promise<void> {
    this.functions.endpoint = await this.endpoint.listen();
    await this.functions.provision();
    this.bus.startSchedules();
  }

  /** Ends every execution environment and removes the run's /tmp directories. */
  public async shutdown(): Promise<void> {
    await this.functions.shutdown();
    await this.endpoint.close();
    // Resolved once the environments' threads have exited and the run's directory (their /tmp) is
    // gone: a test runner that ends its process right after leaves nothing behind.
    await this.functions.environmentsEnded();
    // Best effort: a directory that cannot be removed does not fail the run that used it.
    await fs.promises.rm(this.tmpRoot, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }

  // ------------------------------------------------------------ names

  /**
   * A resource by its id (construct path or logical id), its construct id (the last part of
   * the path), its logical id or its physical name; refuses an ambiguous or unknown name with the
   * names there are.
   */
  public resolve(kind: ResourceKind, name: string): string {
    const list: ReadonlyArray<{ id: string; logicalId: string; name?: string }> = this.listOf(kind);
    const exact = list.filter((r) => r.id === name);
    if (exact.length === 1) return exact[0]!.id;
    const matches = list.filter((r) => r.logicalId === name || r.id.split('/').pop() === name || r.name === name);
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length > 1) throw new LambdaformError(undefined, `${kind} '${name}' is ambiguous: ${matches.map((m) => m.id).join(', ')}; name it by its path`, 'local-ambiguous-name');
    const names = list.map((r) => r.id);
    throw new LambdaformError(undefined, `no ${kind} '${name}' in the plan; ${names.length > 0 ? `there are: ${names.join(', ')}` : `the plan has no ${kind}`}`, 'local-unknown-name');
  }

  private listOf(kind: ResourceKind): ReadonlyArray<{ id: string; logicalId: string; name?: string }> {
    return this.plan[PLAN_LISTS[kind]];
  }


  public queue(id: string): SimQueue {
    const q = this.queues.get(id);
    if (!q) throw new LambdaformError(id, 'no such queue in the plan', 'local-unknown-name');
    return q;
  }

  /** A new message id (seeded). */
  public messageId(): string {
    return this.ids.id();
  }

  /** The hex MD5 of a text (its UTF-8 bytes) or of bytes. */
  public md5(data: string | Buffer): string {
    return hash('md5', data);
  }

  // ------------------------------------------------------------ inputs

  /** Sends a message to a queue: the message, or undefined when a FIFO queue drops it as a duplicate (the input is then discarded). */
  public sendMessage(
    queueId: string,
    body: string,
    input: InputRecord,
    options?: { messageId?: string; delaySeconds?: number; groupId?: string; deduplicationId?: string; attributes?: SqsMessage['attributes']; terminal?: boolean; sentAt?: number },
  ): SqsMessage | undefined {
    const q = this.queues.get(queueId) ?? this.queue(queueId);
    const size = Buffer.byteLength(body);
    if (size > q.plan.maxMessageSizeBytes) {
      throw new LambdaformError(q.plan.id, `a message of ${size} bytes is larger than the queue's maximum message size (${q.plan.maxMessageSizeBytes} bytes)`, 'local-message-too-large');
    }
    // A plain message to a standard queue (the common case): no options to read or pass on.
    // Its id is the queue's next (made when read).
    if (options === undefined && !q.plan.fifo) return q.send(input, body, { bodyBytes: size });
    const o = options ?? {};
    if (q.plan.fifo && o.groupId === undefined) throw new LambdaformError(q.plan.id, 'a FIFO queue needs a message group id (groupId) for every message', 'local-fifo-group');
    let dedup = o.deduplicationId;
    if (q.plan.fifo && dedup === undefined) {
      if (!q.plan.contentBasedDeduplication && !o.terminal) throw new LambdaformError(q.plan.id, 'a FIFO queue without content-based deduplication needs a deduplication id for every message', 'local-fifo-dedup');
      dedup = createHash('sha256').update(body).digest('hex');
    }
    const m = q.send(input, body, {
      messageId: o.messageId,
      delaySeconds: o.delaySeconds,
      groupId: o.groupId,
      deduplicationId: dedup,
      attributes: o.attributes,
      terminal: o.terminal,
      sentAt: o.sentAt,
      bodyBytes: size,
    });
    if (!m && !o.terminal) {
      this.ledger.settle(input, 'discarded', this.sim.now(), { reason: `a duplicate of a message sent to ${q.plan.id} within the 5-minute deduplication interval` });
    }
    return m;
  }

  /**
   * Invokes a function: synchronously (the outcome), or asynchronously (queued in its internal
   * event queue; resolves at once with undefined).
   */
  public invoke(target: PlanTarget, payload: string, type: 'RequestResponse' | 'Event', input: InputRecord): Promise<InvokeOutcome | undefined> {
    const fn = this.functions.fn(target.function);
    const size = Buffer.byteLength(payload);
    if (type === 'Event') {
      if (size > ASYNC_PAYLOAD_LIMIT_BYTES) throw new LambdaformError(fn.id, `an asynchronous payload of ${size} bytes is larger than Lambda's limit (${ASYNC_PAYLOAD_LIMIT_BYTES} bytes)`, 'local-payload-too-large');
      this.async.enqueue(target, payload, input);
      return Promise.resolve(undefined);
    }
    if (size > SYNC_PAYLOAD_LIMIT_BYTES) throw new LambdaformError(fn.id, `a synchronous payload of ${size} bytes is larger than Lambda's limit (${SYNC_PAYLOAD_LIMIT_BYTES} bytes)`, 'local-payload-too-large');
    return new Promise((resolve) => {
      this.sim.track(async () => {
        input.attempts++;
        const outcome = await this.functions.invoke(target, payload, undefined, input);
        if (outcome.status === 'success') this.ledger.settle(input, 'processed', this.sim.now());
        else this.ledger.settle(input, 'discarded', this.sim.now(), { reason: `${outcome.status === 'throttled' ? 'throttled' : 'function error'} returned to the caller (${outcome.error?.errorType ?? ''}): a synchronous invocation is not retried` });
        resolve(outcome);
      });
    });
  }

  /**
   * Sends a record (a destination record, a DLQ message) to a destination. A `terminal` record
   * carries the input to where it ends (failure destination, dead-letter queue); otherwise it is
   * a new input sent on from `from`. False when the destination is outside the plan.
   */
  public deliver(d: PlanDestination, body: string, from: InputRecord, options: { terminal?: boolean; hopFrom?: string; attributes?: SqsMessage['attributes'] } = {}): boolean {
    if (d.id === undefined) return false;
    const carrier = options.terminal ? from : this.ledger.child(from, d.id, options.hopFrom);
    try {
      const ok = this.deliverTo({ ...d, id: d.id }, body, carrier, options);
      if (!ok && carrier !== from) this.ledger.settle(carrier, 'discarded', this.sim.now(), { reason: `${d.id} is not in the plan` });
      return ok;
    } catch (e) {
      // The destination refused the record (too large for the queue, say): a delivery failure, as AWS counts it.
      if (!(e instanceof LambdaformError)) throw e;
      if (carrier !== from) this.ledger.settle(carrier, 'discarded', this.sim.now(), { reason: `refused by ${d.id}: ${e.detail}` });
      return false;
    }
  }

  private deliverTo(d: PlanDestination & { id: string }, body: string, carrier: InputRecord, options: { terminal?: boolean; attributes?: SqsMessage['attributes'] }): boolean {
    switch (d.type) {
      case 'sqs': {
        const q = this.queues.get(d.id);
        if (!q) return false;
        // A FIFO duplicate is still delivered, as far as Lambda is concerned (SQS accepted the send).
        this.sendMessage(d.id, body, carrier, { terminal: options.terminal ?? false, ...(q.plan.fifo ? { groupId: 'lambda-destination' } : {}), ...(options.attributes ? { attributes: options.attributes } : {}) });
        return true;
      }
      case 'sns':
        return this.topics.publish(d.id, body, {}, carrier, options.terminal ?? false);
      case 'lambda':
        if (!this.plan.functions.some((f) => f.id === d.id)) return false;
        // The destination function's invocation is an input of its own, sent on from the event: a failed event's
        // input (the record's carrier, settled at its destination) does not count its invocations as its attempts.
        this.async.enqueue({ function: d.id }, body, options.terminal ? this.ledger.child(carrier, d.id) : carrier);
        return true;
      case 'eventbridge': {
        // AWS: source "lambda", detail-type "Lambda Function Invocation Result - Success" (or "- Failure"), the record as detail.
        // Its resources: the bus's ARN and the invoked function's qualified ARN (what CDK's responseOnly rule matches).
        const detail = JSON.parse(body) as { requestContext?: { condition?: string; functionArn?: string } };
        const outcome = detail.requestContext?.condition === 'Success' ? 'Success' : 'Failure';
        const resources = [d.arn, ...(detail.requestContext?.functionArn !== undefined ? [detail.requestContext.functionArn] : [])];
        return this.bus.putEvent({ source: 'lambda', detailType: `Lambda Function Invocation Result - ${outcome}`, detail, resources }, carrier, options.terminal ?? false);
      }
      case 's3':
        return this.buckets.put(d.id, `aws/lambda/${new Date(this.sim.epochMs()).toISOString()}-${this.random.hex(8)}`, body, carrier, options.terminal ?? false);
    }
  }

  /**
   * The input an AWS SDK call starts: sent on from the input the calling invocation handles
   * (a `tracked` call — to SQS, SNS, S3 or Lambda, the services Lambda's recursive loop
   * detection follows — counts one more in the caller's lineage); an input of its own when the
   * call does not come from a function of the runtime.
   */
  public inputFrom(caller: Caller | undefined, source: string, tracked: boolean): InputRecord {
    if (!caller?.input) return this.ledger.create(-1, source);
    return this.ledger.child(caller.input, source, tracked ? caller.function : undefined);
  }

  // ------------------------------------------------------------ operator controls

  /** Source queues with a message move task running (SQS runs one per queue at a time). */
  private readonly moveTasks = new Set<string>();

  /**
   * Fires a schedule rule now, as EventBridge does at its next firing (source aws.events,
   * detail-type Scheduled Event, the rule's ARN in resources; a new input); its regular firings
   * stay as they are. Refuses a rule that is not a schedule rule, or is disabled.
   */
  public triggerSchedule(ruleId: string): void {
    this.bus.triggerSchedule(ruleId);
  }

  /**
   * Disables an event source mapping (UpdateEventSourceMapping Enabled false): an SQS mapping stops
   * polling (messages stay in the queue, batches in flight finish, their visibility timeouts still
   * run); a stream mapping stops reading its shards (its position is kept; records past the
   * stream's retention still expire).
   */
  public pauseMapping(mappingId: string): void {
    for (const p of this.mappingPollers(mappingId)) p.pause();
  }

  /** Enables an event source mapping (Enabled true), paused or disabled in the plan: it goes on from where it was. */
  public resumeMapping(mappingId: string): void {
    for (const p of this.mappingPollers(mappingId)) p.resume();
  }

  private mappingPollers(mappingId: string): ReadonlyArray<{ pause(): void; resume(): void }> {
    const m = this.plan.mappings.find((x) => x.id === mappingId);
    if (!m) throw new LambdaformError(mappingId, 'no such event source mapping in the plan', 'local-unknown-name');
    return m.sourceType === 'sqs' ? this.pollers.filter((p) => p.mapping === m) : this.streams.pollersOf(m.id);
  }

  /**
   * A dead-letter queue redrive (SQS StartMessageMoveTask): moves the messages visible in
   * `sourceQueueId` now, oldest first, to `destinationQueueId`, or each back to the queue whose
   * redrive policy moved it there (a message sent to the dead-letter queue directly goes to its
   * only source queue; with several, name the destination). At most `maxMessagesPerSecond`
   * (1-500) on the simulated clock, else all at once. A moved message keeps its body, attributes
   * and (FIFO) message group; it gets a new message id, receive count 0 and retention from now
   * (FIFO: its deduplication id is the dead-lettered message's id). It is a new input, sent on from
   * the dead-lettered one (which keeps its `deadLetter`). Refuses a queue no queue of the plan
   * uses as its dead-letter queue, a destination of the other type (FIFO, standard), and a second
   * task on a queue while one runs. `moved`: the messages the task moves.
   */
  public startMessageMoveTask(sourceQueueId: string, options: { destinationQueueId?: string; maxMessagesPerSecond?: number } = {}): { moved: number } {
    const dlq = this.queue(sourceQueueId);
    const id = dlq.plan.id;
    const sources = this.plan.queues.filter((q) => q.deadLetter?.queue === id);
    if (sources.length === 0) throw new LambdaformError(id, 'is not the dead-letter queue of any queue in the plan: StartMessageMoveTask moves messages only from a queue another queue\'s redrive policy names', 'local-not-dead-letter-queue');
    const rate = options.maxMessagesPerSecond;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 500)) throw new LambdaformError(id, `maxMessagesPerSecond must be a whole number from 1 to 500, got ${rate}`, 'local-bad-move-task');
    if (this.moveTasks.has(id)) throw new LambdaformError(id, 'a message move task is already running on it: SQS runs one per queue at a time', 'local-move-task-running');
    const dest = options.destinationQueueId !== undefined ? this.queue(options.destinationQueueId) : undefined;
    if (dest === dlq) throw new LambdaformError(id, 'a message move task cannot move messages to the queue they are in', 'local-bad-move-task');
    const all = dlq.visibleMessages();
    const targets = all.map((m) => {
      if (dest) return dest;
      const from = m.deadLetterSource ?? (sources.length === 1 ? sources[0]!.id : undefined);
      if (from === undefined) {
        throw new LambdaformError(id, `a message (${m.messageId}) was not moved here by a redrive policy and ${sources.length} queues use it as their dead-letter queue (${sources.map((q) => q.id).join(', ')}): name the destination`, 'local-bad-move-task');
      }
      return this.queue(from);
    });
    for (const to of new Set(targets)) {
      if (to.plan.fifo !== dlq.plan.fifo) throw new LambdaformError(id, `${to.plan.id} is a ${to.plan.fifo ? 'FIFO' : 'standard'} queue and ${id} a ${dlq.plan.fifo ? 'FIFO' : 'standard'} one: a redrive moves messages between queues of the same type`, 'local-bad-move-task');
    }
    // A message larger than its destination's maximum message size stays where it is.
    const moves = all.map((m, i) => ({ m, to: targets[i]! })).filter(({ m, to }) => m.size <= to.plan.maxMessageSizeBytes);
    const move = ({ m, to }: { m: SqsMessage; to: SimQueue }): void => {
      // Left where it is when received, deleted or expired meanwhile.
      if (!dlq.take(m)) return;
      const carrier = m.input.disposition !== undefined ? this.ledger.child(m.input, to.plan.id) : m.input;
      this.sendMessage(to.plan.id, m.body, carrier, {
        attributes: m.attributes,
        ...(to.plan.fifo ? { groupId: m.groupId ?? 'redrive', deduplicationId: m.messageId } : {}),
      });
    };
    if (rate === undefined || moves.length === 0) {
      moves.forEach(move);
      return { moved: moves.length };
    }
    // Evenly spaced at the rate (the first at once); the task runs until its last second ends.
    this.moveTasks.add(id);
    const start = this.sim.now();
    moves.forEach((one, i) => {
      if (i === 0) move(one);
      else this.sim.at(start + (i * 1000) / rate, () => move(one));
    });
    this.sim.at(start + (moves.length * 1000) / rate, () => this.moveTasks.delete(id));
    return { moved: moves.length };
  }

  /**
   * PurgeQueue: deletes every message of a queue (visible, delayed and in flight); the input of
   * each ends `discarded` (one that ended before — a dead-lettered one — keeps its disposition).
   * Returns how many were deleted. SQS allows one purge every 60 seconds: a second purge within
   * 60 simulated seconds is refused (PurgeQueueInProgress).
   */
  public purgeQueue(queueId: string): number {
    const q = this.queue(queueId);
    const purged = q.purge();
    const now = this.sim.now();
    for (const m of purged) this.ledger.settle(m.input, 'discarded', now, { reason: `purged from ${q.plan.id}` });
    return purged.length;
  }

  // ------------------------------------------------------------ recursion

  /** Whether Lambda stops this invocation as the next step of a recursive loop. */
  public stopsRecursion(fn: PlanFunction, input: InputRecord): boolean {
    return fn.recursiveLoop === 'Terminate' && (input.lineage[fn.id] ?? 0) >= RECURSION_LIMIT;
  }

  /** Counts a stopped loop; the input goes to `deadLetterQueue` when there is one, else it is discarded. */
  public recursionDropped(fn: PlanFunction, input: InputRecord, deadLetterQueue: string | undefined, body: string): void {
    this.functions.metrics(fn.id).RecursiveInvocationsDropped++;
    if (deadLetterQueue && this.queues.has(deadLetterQueue)) {
      this.sendMessage(deadLetterQueue, body, input, { terminal: true, ...(this.queue(deadLetterQueue).plan.fifo ? { groupId: 'recursion' } : {}) });
      this.ledger.settle(input, 'deadLetter', this.sim.now(), { where: deadLetterQueue, reason: recursionReason(fn.id) });
      return;
    }
    this.ledger.settle(input, 'discarded', this.sim.now(), { reason: recursionReason(fn.id) });
  }

  /** A message past its queue's maxReceiveCount moves to the dead-letter queue, keeping its id, body, attributes and (standard) enqueue time. */
  private redrive(from: SimQueue, m: SqsMessage): void {
    const dlqId = from.plan.deadLetter!.queue;
    const dlq = this.queues.get(dlqId);
    if (!dlq) {
      this.ledger.settle(m.input, 'discarded', this.sim.now(), { reason: `its dead-letter queue ${dlqId} is not in the plan` });
      return;
    }
    this.ledger.settle(m.input, 'deadLetter', this.sim.now(), { where: dlqId });
    dlq.send(m.input, m.body, {
      messageId: m.messageId,
      attributes: m.attributes,
      sentAt: m.sentAt,
      terminal: true,
      ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
      ...(m.deduplicationId !== undefined ? { deduplicationId: m.deduplicationId } : {}),
      moved: true,
    });
  }
}

/**
 * A node_modules directory holding only the AWS SDK v3 (`@aws-sdk`, linked to lambdaform's own
 * copy), as Lambda's Node.js runtime provides it to every handler; nothing else of lambdaform's
 * dependencies is visible to handlers.
 */
function runtimeModules(tmpRoot: string): { runtimeModules?: string } {
  try {
    const req = createRequire(import.meta.url);
    const sdk = path.dirname(path.dirname(req.resolve('@aws-sdk/client-sqs/package.json')));
    const dir = path.join(tmpRoot, 'runtime', 'node_modules');
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(sdk, path.join(dir, '@aws-sdk'), 'dir');
    return { runtimeModules: dir };
  } catch {
    return {};
  }
}

/**
 * tsx's hooks, when tsx is installed beside lambdaform: TypeScript handlers load through them, as
 * the CLI loads apps. Both as the .mjs builds, found once per run: `require.resolve('tsx/esm/api')`
 * names the CommonJS build, whose register() fails when imported in a worker; the CommonJS hooks
 * are for a .ts file outside a "type": "module" package, which Node loads through require.
 */
function tsxLoader(): { tsx?: { esm: string; cjs?: string } } {
  try {
    const req = createRequire(import.meta.url);
    const api = req.resolve('tsx/esm/api');
    const dist = /^(.*[\\/]dist[\\/])esm[\\/]api[\\/]index\.[cm]?js$/.exec(api)?.[1];
    if (!dist) return { tsx: { esm: pathToFileURL(api).href } };
    const esm = path.join(dist, 'esm', 'api', 'index.mjs');
    const cjs = path.join(dist, 'cjs', 'api', 'index.mjs');
    return { tsx: { esm: pathToFileURL(fs.existsSync(esm) ? esm : api).href, ...(fs.existsSync(cjs) ? { cjs: pathToFileURL(cjs).href } : {}) } };
  } catch {
    return {};
  }
}
