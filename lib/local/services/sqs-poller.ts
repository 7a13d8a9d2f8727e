import type { InvokeOutcome } from '../functions.js';
import { SQS_INITIAL_CONCURRENCY, SQS_MAX_CONCURRENCY, SQS_SCALE_PER_MINUTE } from '../limits.js';
import { matchesFilterCriteria } from '../match/event-pattern.js';
import type { PlanMapping } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import type { Timer } from '../sim/clock.js';
import type { SimQueue, SqsMessage } from './sqs.js';


/**
 * An SQS event source mapping: Lambda's pollers receive batches (batch size, batching window),
 * invoke the function synchronously, delete the messages of a successful batch (with
 * ReportBatchItemFailures, all but the failed ones) and leave a failed batch to come back after
 * the visibility timeout. Concurrency starts at 5 batches and grows by 300 a minute while
 * messages wait, up to 1,000 or `maxConcurrency`. Messages that match none of the filters are
 * deleted, as Lambda does.
 */
export class SqsPoller {
  private active = 0;
  private allowed: number;
  private windowTimer: Timer | undefined;
  private windowDue = false;
  private scaleTimer: Timer | undefined;
  private scheduled = false;
  /** The end of every record (event source, ARN, region), made once. */
  private tail: string | undefined;

  public constructor(
    private readonly rt: Runtime,
    public readonly mapping: PlanMapping,
    private readonly queue: SimQueue,
  ) {
    this.allowed = this.cap(SQS_INITIAL_CONCURRENCY);
  }

  private cap(n: number): number {
    return Math.min(n, this.mapping.maxConcurrency ?? SQS_MAX_CONCURRENCY, SQS_MAX_CONCURRENCY);
  }

  /** Messages became visible (or a batch ended): poll at the current step. */
  public wake(): void {
    if (!this.mapping.enabled || this.scheduled) return;
    this.scheduled = true;
    this.rt.sim.after(0, () => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const m = this.mapping;
    while (this.active < this.allowed && this.queue.visible > 0) {
      if (m.maxBatchingWindowSeconds > 0 && this.queue.visible < m.batchSize && !this.windowDue) {
        this.windowTimer ??= this.rt.sim.after(m.maxBatchingWindowSeconds * 1000, () => {
          this.windowTimer = undefined;
          this.windowDue = true;
          this.pump();
          this.windowDue = false;
        });
        break;
      }
      const batch = this.queue.receive(m.batchSize);
      if (batch.length === 0) break;
      this.windowTimer?.cancel();
      this.windowTimer = undefined;
      this.start(batch);
    }
    if (this.queue.visible > 0 && this.active >= this.allowed && this.allowed < this.cap(SQS_MAX_CONCURRENCY)) {
      // A background event: scaling up does not keep a run going once the queue is empty.
      this.scaleTimer ??= this.rt.sim.at(
        this.rt.sim.now() + 60_000,
        () => {
          this.scaleTimer = undefined;
          if (this.queue.visible > 0) this.allowed = this.cap(this.allowed + SQS_SCALE_PER_MINUTE);
          this.pump();
        },
        true,
      );
    }
    if (this.queue.visible === 0 && this.queue.inFlight === 0 && this.active === 0) this.allowed = this.cap(SQS_INITIAL_CONCURRENCY);
  }

  private start(received: SqsMessage[]): void {
    const rt = this.rt;
    const fn = rt.functions.fn(this.mapping.function);
    const batch: SqsMessage[] = [];
    for (const msg of received) {
      if (this.mapping.filters.length > 0 && !matchesFilterCriteria(this.mapping.filters, filterView(msg))) {
        this.queue.delete(msg);
        rt.ledger.settle(msg.input, 'discarded', rt.sim.now(), { reason: `matched none of the filters of ${this.mapping.id}` });
        continue;
      }
      if (rt.stopsRecursion(fn, msg.input)) {
        this.queue.delete(msg);
        rt.recursionDropped(fn, msg.input, this.queue.plan.deadLetter?.queue, msg.body);
        continue;
      }
      batch.push(msg);
    }
    if (batch.length === 0) return;
    for (const msg of batch) {
      msg.input.attempts++;
      msg.input.receives = msg.receiveCount;
    }
    const event = `{"Records":[${batch.map((msg) => this.record(msg)).join(',')}]}`;
    this.active++;
    rt.sim.track(async () => {
      const outcome = await rt.functions.invoke(this.mapping, event);
      this.finish(batch, outcome);
      this.active--;
      this.wake();
    });
  }

  private finish(batch: SqsMessage[], outcome: InvokeOutcome): void {
    const rt = this.rt;
    if (outcome.status !== 'success') return; // the whole batch comes back after the visibility timeout
    let failed = new Set<string>();
    if (this.mapping.reportBatchItemFailures) {
      const ids = batchItemFailures(outcome.json, batch);
      if (ids === undefined) return; // an invalid response fails the whole batch
      failed = ids;
    }
    for (const msg of batch) {
      if (failed.has(msg.messageId)) continue;
      if (this.queue.delete(msg)) rt.ledger.settle(msg.input, 'processed', rt.sim.now());
    }
  }

  /**
   * One record of the event, as JSON text, in the shape and key order Lambda sends
   * (written by hand: this runs for every message, and it is twice as fast as JSON.stringify of
   * the object).
   */
  private record(m: SqsMessage): string {
    const rt = this.rt;
    const q = this.queue.plan;
    this.tail ??= `,"eventSource":"aws:sqs","eventSourceARN":${JSON.stringify(q.arn)},"awsRegion":${JSON.stringify(rt.plan.region)}}`;
    const fifo = q.fifo ? `,"SequenceNumber":"${String(m.sequence).padStart(20, '0')}","MessageGroupId":${JSON.stringify(m.groupId ?? '')},"MessageDeduplicationId":${JSON.stringify(m.deduplicationId ?? '')}` : '';
    const attributes = `{"ApproximateReceiveCount":"${m.receiveCount}","SentTimestamp":"${Math.floor(rt.sim.startEpochMs + m.sentAt)}","SenderId":"AROAEXAMPLE:lambdaform","ApproximateFirstReceiveTimestamp":"${Math.floor(rt.sim.startEpochMs + (m.firstReceiveAt ?? rt.sim.now()))}"${fifo}}`;
    const names = Object.keys(m.attributes);
    const messageAttributes =
      names.length === 0 ? '{}' : JSON.stringify(Object.fromEntries(names.map((k) => [k, { stringValue: m.attributes[k]!.stringValue, stringListValues: [], binaryListValues: [], dataType: m.attributes[k]!.dataType }])));
    return `{"messageId":${JSON.stringify(m.messageId)},"receiptHandle":${JSON.stringify(m.receiptHandle)},"body":${JSON.stringify(m.body)},"attributes":${attributes},"messageAttributes":${messageAttributes},"md5OfBody":"${rt.md5(m.body)}"${this.tail}`;
  }
}

/** What an SQS filter sees of a message: its body as JSON when it is JSON. */
function filterView(m: SqsMessage): unknown {
  let body: unknown = m.body;
  try {
    body = JSON.parse(m.body);
  } catch {
    // a plain-text body: filters on body fields do not match it
  }
  return { body, attributes: {}, messageAttributes: m.attributes };
}

/**
 * The ids of a partial batch response, or undefined when the response is invalid (then Lambda
 * fails the whole batch): `batchItemFailures` not a list, an `itemIdentifier` empty, null or not
 * a message of the batch. No response, or none failed: the empty set.
 */
export function batchItemFailures(json: string | undefined, batch: readonly { messageId: string }[]): Set<string> | undefined {
  let v: unknown;
  try {
    v = json === undefined ? null : JSON.parse(json);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || !('batchItemFailures' in v)) return new Set();
  const list = (v as { batchItemFailures: unknown }).batchItemFailures;
  if (list === null || list === undefined) return new Set();
  if (!Array.isArray(list)) return undefined;
  const ids = new Set(batch.map((m) => m.messageId));
  const out = new Set<string>();
  for (const item of list) {
    const id = item && typeof item === 'object' ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '' || !ids.has(id)) return undefined;
    out.add(id);
  }
  return out;
}
