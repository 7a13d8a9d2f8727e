import type { InvokeOutcome } from '../functions.js';
import type { InputRecord } from '../ledger.js';
import { failedPositions } from './batch-response.js';
import { SQS_INITIAL_CONCURRENCY, SQS_MAX_CONCURRENCY, SQS_SCALE_PER_MINUTE, SYNC_PAYLOAD_LIMIT_BYTES, THROTTLE_BACKOFF_MAX_MS, THROTTLE_BACKOFF_START_MS } from '../limits.js';
import { matchesFilterCriteria } from '../match/event-pattern.js';
import type { PlanMapping } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import type { Timer } from '../sim/clock.js';
import type { InvocationEvent } from '../worker/environment.js';
import { SqsEventWriter } from './sqs-event.js';
import type { SimQueue, SqsMessage } from './sqs.js';

/** `{"Records":[` and `]}` around the records of an event. */
const EVENT_ENVELOPE_BYTES = 14;
/**
 * What a record adds to its message's body and attributes in the event (ids, receipt handle,
 * system attributes, MD5, source, ARN, region, JSON punctuation): a batch is cut before the event
 * passes the 6 MB synchronous payload limit, as Lambda does.
 */
const RECORD_OVERHEAD_BYTES = 640;

/**
 * An SQS event source mapping: Lambda's pollers receive batches (batch size, batching window,
 * at most 6 MB of event), invoke the function synchronously, delete the messages of a successful
 * batch (with ReportBatchItemFailures, all but the failed ones) and leave a failed batch to come
 * back after the visibility timeout. A throttled batch is retried with a backoff (1 s, doubling)
 * while its visibility timeout lasts, then left to come back. Concurrency starts at 5 batches and
 * grows by 300 a minute while messages wait and the last minute saw no errors or throttles, up to
 * 1,000 or `maxConcurrency`. Messages that match none of the filters are deleted, as Lambda does.
 * FIFO queues have no batching window (Lambda does not support one for them).
 */
export class SqsPoller {
  private active = 0;
  private allowed: number;
  private windowTimer: Timer | undefined;
  /**
   * The batch being gathered while the batching window lasts: received already (Lambda's poller
   * holds the messages, so their visibility timeouts run from the receive), invoked when the
   * window ends or the batch is full.
   */
  private gathering: SqsMessage[] | undefined;
  /** The gathered batch's bytes as the 6 MB limit counts them (bodies, attributes and each record's overhead). */
  private gatheredBytes = 0;
  private scaleTimer: Timer | undefined;
  /** An invocation failed or was throttled since the last scaling step: Lambda does not scale up then. */
  private troubled = false;
  private scheduled = false;
  /** Writes the events (made at the first batch). */
  private writer: SqsEventWriter | undefined;
  /** Whether it polls: the mapping's Enabled, as pause and resume (UpdateEventSourceMapping) set it. */
  private enabled: boolean;

  public constructor(
    private readonly rt: Runtime,
    public readonly mapping: PlanMapping,
    private readonly queue: SimQueue,
  ) {
    this.allowed = this.cap(SQS_INITIAL_CONCURRENCY);
    this.enabled = mapping.enabled;
  }

  /** Whether the mapping is disabled (in the plan, or paused). */
  public get paused(): boolean {
    return !this.enabled;
  }

  /**
   * Disables the mapping (Enabled false): it stops polling; messages stay in the queue, batches
   * in flight finish, and their visibility timeouts still run.
   */
  public pause(): void {
    this.enabled = false;
  }

  /** Enables the mapping (Enabled true): it polls again. */
  public resume(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.wake();
  }

  /** Batches being processed now (invoking, or waiting to retry a throttled invocation). */
  public get activeBatches(): number {
    return this.active;
  }

  /** How many batches the mapping may process at once now (it scales up while messages wait). */
  public get concurrency(): number {
    return this.allowed;
  }

  private cap(n: number): number {
    return Math.min(n, this.mapping.maxConcurrency ?? SQS_MAX_CONCURRENCY, SQS_MAX_CONCURRENCY);
  }

  /** Messages became visible (or a batch ended): poll at the current step. */
  public wake(): void {
    if (!this.enabled || this.scheduled) return;
    this.scheduled = true;
    this.rt.sim.after(0, this.poll);
  }

  /** The poll a wake schedules (one function for every wake: a batch ending wakes the poller). */
  private readonly poll = (): void => {
    this.scheduled = false;
    this.pump();
  };

  private pump(): void {
    // A paused mapping's timers (batching window, scaling) may still fire: it receives nothing.
    if (!this.enabled) return;
    const m = this.mapping;
    const q = this.queue;
    const windowMs = q.plan.fifo ? 0 : m.maxBatchingWindowSeconds * 1000;
    const maxBytes = SYNC_PAYLOAD_LIMIT_BYTES - EVENT_ENVELOPE_BYTES;
    // The time of this poll (read before the batches start: while handlers run, the clock follows the wall clock).
    const now = this.rt.sim.now();
    // A batch being gathered takes what became visible first.
    if (this.gathering !== undefined) this.gather(maxBytes);
    while (this.gathering === undefined && this.active < this.allowed && q.visible > 0) {
      if (windowMs > 0 && q.visible < m.batchSize && q.visibleBytes + q.visible * RECORD_OVERHEAD_BYTES < maxBytes) {
        // Less than a full batch waits: it is received now and gathered until the window ends,
        // or until the batch is full (batch size reached, or 6 MB of event).
        this.gathering = [];
        this.gatheredBytes = 0;
        this.windowTimer = this.rt.sim.after(windowMs, () => {
          this.windowTimer = undefined;
          this.flush();
          this.pump();
        });
        this.gather(maxBytes);
        break;
      }
      const batch = q.receive(m.batchSize, q.plan.visibilityTimeoutSeconds, maxBytes, RECORD_OVERHEAD_BYTES);
      if (batch.length === 0) break;
      this.start(batch);
    }
    if (q.visible > 0 && this.active >= this.allowed && this.allowed < this.cap(SQS_MAX_CONCURRENCY)) {
      // A background event: scaling up does not keep a run going once the queue is empty.
      this.scaleTimer ??= this.rt.sim.at(
        now + 60_000,
        () => {
          this.scaleTimer = undefined;
          if (q.visible > 0 && !this.troubled) this.allowed = this.cap(this.allowed + SQS_SCALE_PER_MINUTE);
          this.troubled = false;
          this.pump();
        },
        true,
      );
    }
    if (q.visible === 0 && q.inFlight === 0 && this.active === 0) this.allowed = this.cap(SQS_INITIAL_CONCURRENCY);
  }

  /** Receives what is visible into the batch being gathered; invokes it once it is full. */
  private gather(maxBytes: number): void {
    const batch = this.gathering!;
    const q = this.queue;
    const room = this.mapping.batchSize - batch.length;
    if (room > 0 && q.visible > 0) {
      for (const msg of q.receive(room, q.plan.visibilityTimeoutSeconds, maxBytes - this.gatheredBytes, RECORD_OVERHEAD_BYTES, true)) {
        // A message gathered again (its visibility ended during the window) is in the batch once.
        if (batch.includes(msg)) continue;
        batch.push(msg);
        this.gatheredBytes += msg.size + RECORD_OVERHEAD_BYTES;
      }
    }
    // Full: the batch size reached, or (messages still visible) the next one would pass 6 MB of event.
    if (batch.length >= this.mapping.batchSize || q.visible > 0) this.flush();
  }

  /**
   * Invokes the gathered batch. A message whose visibility timeout ended while it was gathered
   * (a visibility timeout shorter than the window) is back in the queue, or was gathered again:
   * the batch holds it once, and only while it is in flight.
   */
  private flush(): void {
    const gathered = this.gathering;
    if (gathered === undefined) return;
    this.gathering = undefined;
    this.windowTimer?.cancel();
    this.windowTimer = undefined;
    const batch = gathered.filter((msg) => msg.state === 'inflight');
    if (batch.length > 0) this.start(batch);
  }

  private start(received: SqsMessage[]): void {
    const rt = this.rt;
    const fn = rt.functions.fn(this.mapping.function);
    // The messages received, or (once one is dropped) those kept.
    let batch = received;
    // Each message's input, read once (an input is an object made each time it is read from the message).
    const inputs: InputRecord[] = [];
    for (let i = 0; i < received.length; i++) {
      const msg = received[i]!;
      const input = msg.input;
      let dropped = false;
      if (this.mapping.filters.length > 0 && !matchesFilterCriteria(this.mapping.filters, filterView(msg))) {
        this.queue.delete(msg);
        rt.ledger.settle(input, 'discarded', rt.sim.now(), { reason: `matched none of the filters of ${this.mapping.id}` });
        dropped = true;
      } else if (rt.stopsRecursion(fn, input)) {
        this.queue.delete(msg);
        rt.recursionDropped(fn, input, this.queue.plan.deadLetter?.queue, msg.body);
        dropped = true;
      }
      if (dropped) {
        if (batch === received) batch = received.slice(0, i);
        continue;
      }
      if (batch !== received) batch.push(msg);
      inputs.push(input);
      input.receives = msg.receiveCount;
    }
    if (batch.length === 0) return;
    // In-process handlers get the event's value made directly; worker threads its JSON text, which they complete (see SqsEventWriter).
    this.writer ??= new SqsEventWriter(this.queue.plan, rt.plan.region, rt.sim.startEpochMs);
    const event = this.writer.event(batch, rt.sim.now());
    this.active++;
    this.invoke(batch, inputs, event, batch[0]!.visibleAt ?? rt.sim.now(), THROTTLE_BACKOFF_START_MS);
  }

  /**
   * Invokes the function with a batch. A throttled invocation is tried again after `backoff`
   * (doubling) while the batch's visibility timeout (`until`) lasts; then its messages come back
   * to the queue (AWS: "Lambda continues to retry the message until the message's timestamp
   * exceeds your queue's visibility timeout").
   */
  private invoke(batch: SqsMessage[], inputs: readonly InputRecord[], event: InvocationEvent, until: number, backoff: number): void {
    const rt = this.rt;
    const sim = rt.sim;
    // Callbacks, not promises: the runtime makes no promise of its own for a batch (each would pay the asynchronous-context hooks in-process).
    sim.begin();
    try {
      rt.functions.start(
        this.mapping,
        event,
        undefined,
        inputs[0],
        (outcome) => {
          try {
            this.ended(batch, inputs, event, until, backoff, outcome);
          } catch (e) {
            sim.fail(e);
            return;
          }
          sim.end();
        },
        sim.fail,
      );
    } catch (e) {
      sim.fail(e);
    }
  }

  /** A batch's invocation ended: retried after a throttle (while its visibility timeout lasts), else finished. */
  private ended(batch: SqsMessage[], inputs: readonly InputRecord[], event: InvocationEvent, until: number, backoff: number, outcome: InvokeOutcome): void {
    const rt = this.rt;
    if (outcome.status === 'throttled') {
      this.troubled = true;
      const retryAt = rt.sim.now() + backoff;
      if (retryAt < until) {
        rt.sim.at(retryAt, () => this.invoke(batch, inputs, event, until, Math.min(backoff * 2, THROTTLE_BACKOFF_MAX_MS)));
        return;
      }
    } else {
      if (outcome.status !== 'success') this.troubled = true;
      if (outcome.status !== 'unavailable') for (const input of inputs) input.attempts++;
      this.finish(batch, inputs, outcome);
    }
    this.active--;
    this.wake();
  }

  private finish(batch: SqsMessage[], inputs: readonly InputRecord[], outcome: InvokeOutcome): void {
    const rt = this.rt;
    if (outcome.status !== 'success') return; // the whole batch comes back after the visibility timeout
    let failed: Set<string> | undefined;
    if (this.mapping.reportBatchItemFailures) {
      failed = batchItemFailures(outcome.json, batch);
      if (failed === undefined) return; // an invalid response fails the whole batch
    }
    const now = rt.sim.now();
    for (let i = 0; i < batch.length; i++) {
      const msg = batch[i]!;
      if (failed !== undefined && failed.has(msg.messageId)) continue;
      if (this.queue.delete(msg)) rt.ledger.settle(inputs[i]!, 'processed', now);
    }
  }
}

/** The SenderId of every local message (an IAM role id and session name, as SQS reports a role's sends). */
export { SENDER_ID } from './sqs-event.js';

/**
 * What an SQS filter sees of a message: its body, as JSON when it is JSON (SQS mappings filter on
 * the `body` key only). A plain-text body is a string: `{ body: [{ prefix: "x" }] }` matches it,
 * a pattern on body fields does not.
 */
function filterView(m: SqsMessage): unknown {
  let body: unknown = m.body;
  try {
    body = JSON.parse(m.body);
  } catch {
    // a plain-text body
  }
  return { body };
}

/** The message ids of a partial batch response, or undefined when the response is invalid (see failedPositions). */
export function batchItemFailures(json: string | undefined, batch: readonly { messageId: string }[]): Set<string> | undefined {
  const ids = batch.map((m) => m.messageId);
  const failed = failedPositions(json, ids);
  return failed && new Set(failed.map((i) => ids[i]!));
}
