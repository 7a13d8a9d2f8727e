import { createHash } from 'node:crypto';
import type { InvokeOutcome } from '../functions.js';
import { failedPositions } from './batch-response.js';
import { STREAM_RETRY_MAX_MS, STREAM_RETRY_START_MS, SYNC_PAYLOAD_LIMIT_BYTES } from '../limits.js';
import { matchesFilterCriteria } from '../match/event-pattern.js';
import type { PlanMapping } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import type { Timer } from '../sim/clock.js';
import type { Shard, StreamRecord, StreamSource } from './streams.js';


/** The lane of a shard a partition key's records go to with a parallelization factor (1-10): in order within a lane. */
export function streamLane(partitionKey: string, parallelizationFactor: number): number {
  if (parallelizationFactor <= 1) return 0;
  return parseInt(createHash('md5').update(partitionKey).digest('hex').slice(0, 8), 16) % parallelizationFactor;
}

/** The bytes of the event around its records: `{"Records":[]}`. */
const EVENT_ENVELOPE_BYTES = Buffer.byteLength('{"Records":[]}');

/** A batch on its way: its records, the invocations it had, and the last one's outcome. */
interface Batch {
  records: StreamRecord[];
  /** Invocations of this batch (a half of a bisected batch starts again from 0: splitting does not consume retries). */
  attempts: number;
  last?: InvokeOutcome;
}

/** One lane of a shard: `ParallelizationFactor` lanes split a shard by partition key, each in order. */
interface Lane {
  /** Index of the first record of the shard this lane may not have finished. */
  position: number;
  busy: boolean;
  /** Batches of a failed batch still to be retried (the halves of a bisected batch, first half first). */
  retry: Batch[];
  backoffMs: number;
  /** The retry backoff is running: the lane waits. */
  backoff?: Timer;
  /** The batching window of a batch not yet full. */
  window?: Timer;
}

/** Why a batch ended without success. */
type FailureKind = 'error' | 'partial' | 'before';

/**
 * A stream mapping on one shard: batches in shard order (per partition key lane with a
 * parallelization factor), retried on error until success, `maxRetryAttempts` or
 * `maxRecordAgeSeconds` (or the record's expiry), blocking its lane meanwhile; with
 * `bisectBatchOnError` a failed batch is split in two (splits do not count as retries); a batch
 * given up goes to the on-failure destination as a batch description (not the records' data),
 * else it is discarded. With ReportBatchItemFailures the batch is retried from the lowest failed
 * sequence number (the records before it are done). A record older than the maximum record age
 * is not sent to the function again: it is discarded (`RecordAgeExceeded`) when its batch is next
 * read. Retries wait STREAM_RETRY_START_MS, doubling to STREAM_RETRY_MAX_MS (limits.ts).
 */
export class StreamPoller {
  private readonly lanes: Lane[];
  private readonly done = new Set<StreamRecord>();
  /** Records' bytes in the event (see eventBytes). */
  private readonly sizes = new WeakMap<StreamRecord, number>();
  /** Whether it reads the shard: the mapping's Enabled, as pause and resume (UpdateEventSourceMapping) set it. */
  private enabled: boolean;
  /** While disabled: the end of the retention of the first record not read (a background event). */
  private expiry: Timer | undefined;

  public constructor(
    private readonly rt: Runtime,
    private readonly mapping: PlanMapping,
    private readonly src: StreamSource,
    public readonly shard: Shard,
  ) {
    this.lanes = Array.from({ length: Math.max(1, mapping.parallelizationFactor) }, () => ({ position: 0, busy: false, retry: [], backoffMs: STREAM_RETRY_START_MS }));
    this.enabled = mapping.enabled;
  }

  public get mappingId(): string {
    return this.mapping.id;
  }

  /** Whether the mapping is disabled (in the plan, or paused). */
  public get paused(): boolean {
    return !this.enabled;
  }

  /**
   * Disables the mapping (Enabled false): it stops reading the shard; its position (and a failed
   * batch waiting for its retry) is kept, a batch in flight finishes, and records still expire at
   * the end of the stream's retention.
   */
  public pause(): void {
    this.enabled = false;
    this.scheduleExpiry();
  }

  /** Enables the mapping (Enabled true): it reads on from where it was. */
  public resume(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.expiry?.cancel();
    this.expiry = undefined;
    this.wake();
  }

  public pending(): number {
    return this.shard.records.filter((r) => !this.done.has(r)).length;
  }

  public wake(): void {
    if (!this.enabled) {
      this.scheduleExpiry();
      return;
    }
    this.rt.sim.after(0, () => {
      for (let i = 0; i < this.lanes.length; i++) this.poll(i);
    });
  }

  private laneOf(r: StreamRecord): number {
    return streamLane(r.partitionKey, this.lanes.length);
  }

  /**
   * The next records of a lane, in shard order, at most a batch: `batchSize` records, and no more
   * than fit in Lambda's 6 MB synchronous payload (the event as sent; at least one record). `full`
   * when the batch cannot grow (either limit reached).
   */
  private collect(index: number): { records: StreamRecord[]; full: boolean } {
    const lane = this.lanes[index]!;
    const out: StreamRecord[] = [];
    const records = this.shard.records;
    let bytes = EVENT_ENVELOPE_BYTES;
    for (let i = lane.position; i < records.length && out.length < this.mapping.batchSize; i++) {
      const r = records[i]!;
      if (this.done.has(r) || this.laneOf(r) !== index) continue;
      const size = this.eventBytes(r) + (out.length > 0 ? 1 : 0);
      if (out.length > 0 && bytes + size > SYNC_PAYLOAD_LIMIT_BYTES) return { records: out, full: true };
      bytes += size;
      out.push(r);
    }
    return { records: out, full: out.length >= this.mapping.batchSize };
  }

  private poll(index: number): void {
    const lane = this.lanes[index]!;
    const rt = this.rt;
    const m = this.mapping;
    if (lane.busy || lane.backoff || !this.enabled) return;
    let batch = lane.retry.shift();
    if (!batch) {
      const { records, full } = this.collect(index);
      if (records.length === 0) return;
      // The batching window: wait for a full batch at most the window from the first record's arrival.
      const windowEnd = records[0]!.arrivedAt + m.maxBatchingWindowSeconds * 1000;
      if (!full && rt.sim.now() < windowEnd) {
        lane.window ??= rt.sim.at(windowEnd, () => {
          lane.window = undefined;
          this.poll(index);
        });
        return;
      }
      lane.window?.cancel();
      lane.window = undefined;
      const passing: StreamRecord[] = [];
      for (const r of records) {
        if (m.filters.length === 0 || matchesFilterCriteria(m.filters, r.filterView)) passing.push(r);
        else this.finishRecord(r, 'discarded', `matched none of the filters of ${m.id}`);
      }
      if (passing.length === 0) {
        this.poll(index);
        return;
      }
      batch = { records: passing, attempts: 0 };
    }
    // Records past the maximum record age (or the stream's retention) are not sent again.
    const now = rt.sim.now();
    const maxAgeMs = m.maxRecordAgeSeconds >= 0 ? Math.min(m.maxRecordAgeSeconds * 1000, this.src.retentionMs) : this.src.retentionMs;
    let expired = 0;
    while (expired < batch.records.length && now - batch.records[expired]!.arrivedAt > maxAgeMs) expired++;
    if (expired > 0) {
      this.giveUp({ ...batch, records: batch.records.slice(0, expired) }, 'RecordAgeExceeded');
      if (expired < batch.records.length) lane.retry.unshift({ records: batch.records.slice(expired), attempts: batch.attempts, ...(batch.last ? { last: batch.last } : {}) });
      else lane.backoffMs = STREAM_RETRY_START_MS;
      this.poll(index);
      return;
    }
    const metrics = rt.functions.metrics(m.function);
    metrics.IteratorAge = Math.max(metrics.IteratorAge, now - batch.records[0]!.arrivedAt);
    lane.busy = true;
    for (const r of batch.records) r.input.attempts++;
    const event = { Records: batch.records.map((r) => this.eventRecord(r)) };
    const current = batch;
    rt.sim.track(async () => {
      const outcome = await rt.functions.invoke(m, JSON.stringify(event), undefined, current.records[0]!.input);
      lane.busy = false;
      this.after(index, current, outcome);
      this.poll(index);
    });
  }

  private after(index: number, batch: Batch, outcome: InvokeOutcome): void {
    const lane = this.lanes[index]!;
    if (outcome.status === 'throttled' || outcome.status === 'unavailable') {
      // Not invoked: retried until the records expire; no retry is consumed.
      this.failed(index, batch, 'before');
      return;
    }
    const invoked: Batch = { records: batch.records, attempts: batch.attempts + 1, last: outcome };
    if (outcome.status !== 'success') {
      this.failed(index, invoked, 'error');
      return;
    }
    let failedFrom = batch.records.length;
    if (this.mapping.reportBatchItemFailures) failedFrom = lowestFailure(outcome.json, batch.records) ?? 0;
    for (const r of batch.records.slice(0, failedFrom)) this.finishRecord(r, 'processed');
    if (failedFrom === batch.records.length) {
      lane.backoffMs = STREAM_RETRY_START_MS;
      return;
    }
    this.failed(index, { ...invoked, records: batch.records.slice(failedFrom) }, 'partial');
  }

  private failed(index: number, batch: Batch, kind: FailureKind): void {
    const lane = this.lanes[index]!;
    const m = this.mapping;
    if (kind === 'error' && m.bisectBatchOnError && batch.records.length > 1) {
      // Split in two; splitting does not consume the retry quota. (A partial batch response is
      // already split at the failed record: its remainder is retried as it is.)
      const half = Math.ceil(batch.records.length / 2);
      lane.retry.unshift({ records: batch.records.slice(0, half), attempts: 0, ...(batch.last ? { last: batch.last } : {}) }, { records: batch.records.slice(half), attempts: 0, ...(batch.last ? { last: batch.last } : {}) });
    } else if (kind !== 'before' && m.maxRetryAttempts >= 0 && batch.attempts - 1 >= m.maxRetryAttempts) {
      this.giveUp(batch, 'RetryAttemptsExhausted');
      lane.backoffMs = STREAM_RETRY_START_MS;
      return;
    } else {
      lane.retry.unshift(batch);
    }
    const delay = lane.backoffMs;
    lane.backoffMs = Math.min(lane.backoffMs * 2, STREAM_RETRY_MAX_MS);
    lane.backoff = this.rt.sim.after(delay, () => {
      lane.backoff = undefined;
      this.poll(index);
    });
  }

  /** Ends a batch that failed: described to the on-failure destination, or discarded. */
  private giveUp(batch: Batch, condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'): void {
    const rt = this.rt;
    const m = this.mapping;
    const d = m.onFailure;
    const records = batch.records;
    const first = records[0]!;
    const last = records[records.length - 1]!;
    // DynamoDB stream times are whole seconds (ApproximateCreationDateTime).
    const time = (ms: number): string => (this.src.kind === 'kinesis' ? new Date(rt.sim.startEpochMs + ms).toISOString() : new Date(Math.floor((rt.sim.startEpochMs + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    const info = {
      shardId: this.shard.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: time(first.arrivedAt),
      approximateArrivalOfLastRecord: time(last.arrivedAt),
      batchSize: records.length,
      streamArn: this.src.arn,
    };
    const fn = rt.functions.fn(m.function);
    const outcome = batch.last;
    const record = {
      requestContext: {
        requestId: outcome?.requestId ?? rt.random.uuid(),
        // The mapping's function ARN: qualified only when the mapping names a version or alias.
        functionArn: m.qualifier !== undefined && m.qualifier !== '$LATEST' ? `${fn.arn}:${m.qualifier}` : fn.arn,
        condition,
        approximateInvokeCount: batch.attempts,
      },
      ...(outcome && outcome.status !== 'throttled' && outcome.status !== 'unavailable'
        ? { responseContext: { statusCode: 200, executedVersion: outcome.version, ...(outcome.status === 'success' ? {} : { functionError: 'Unhandled' }) } }
        : {}),
      version: '1.0',
      timestamp: new Date(rt.sim.epochMs()).toISOString(),
      [this.src.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: info,
    };
    // The batch description is one message: it carries the first record's input; the others end there too.
    const delivered = d ? rt.deliver(d, JSON.stringify(record), first.input, { terminal: true }) : false;
    if (d && !delivered) rt.functions.metrics(m.function).DestinationDeliveryFailures++;
    for (const r of records) {
      if (delivered) this.finishRecord(r, 'failureDestination', undefined, d!.id ?? d!.arn);
      else
        this.finishRecord(
          r,
          'discarded',
          `${condition === 'RetryAttemptsExhausted' ? `failed ${batch.attempts} invocations (maxRetryAttempts ${m.maxRetryAttempts})` : `older than the maximum record age (${m.maxRecordAgeSeconds >= 0 ? `${m.maxRecordAgeSeconds} s` : `the stream's retention`})`} with no on-failure destination on ${m.id}`,
        );
    }
  }

  private finishRecord(r: StreamRecord, disposition: 'processed' | 'discarded' | 'failureDestination', reason?: string, where?: string): void {
    this.done.add(r);
    this.rt.ledger.settle(r.input, disposition, this.rt.sim.now(), { ...(reason ? { reason } : {}), ...(where ? { where } : {}) });
    // Advance every lane past the records all lanes are done with.
    const records = this.shard.records;
    for (const lane of this.lanes) {
      while (lane.position < records.length && this.done.has(records[lane.position]!)) lane.position++;
    }
  }

  /** The first record not finished, from the lowest lane position. */
  private firstUnread(): StreamRecord | undefined {
    const records = this.shard.records;
    for (let i = Math.min(...this.lanes.map((l) => l.position)); i < records.length; i++) if (!this.done.has(records[i]!)) return records[i];
    return undefined;
  }

  /** While disabled: expires unread records at the end of the stream's retention, as the stream trims them. */
  private scheduleExpiry(): void {
    if (this.expiry || this.enabled) return;
    const first = this.firstUnread();
    if (!first) return;
    this.expiry = this.rt.sim.at(
      first.arrivedAt + this.src.retentionMs,
      () => {
        this.expiry = undefined;
        if (!this.enabled) this.expire();
      },
      true,
    );
  }

  /** Discards the records past the stream's retention that the disabled mapping has not read. */
  private expire(): void {
    const records = this.shard.records;
    const end = this.rt.sim.now() - this.src.retentionMs;
    const expired = new Set<StreamRecord>();
    for (let i = Math.min(...this.lanes.map((l) => l.position)); i < records.length && records[i]!.arrivedAt <= end; i++) {
      const r = records[i]!;
      if (this.done.has(r)) continue;
      expired.add(r);
      this.finishRecord(r, 'discarded', `expired from ${this.src.id} (retention) while ${this.mapping.id} was disabled`);
    }
    // A failed batch waiting for its retry loses its expired records.
    for (const lane of this.lanes) lane.retry = lane.retry.map((b) => ({ ...b, records: b.records.filter((r) => !expired.has(r)) })).filter((b) => b.records.length > 0);
    this.scheduleExpiry();
  }

  /** A record's bytes in the event, measured once (a lane waiting in its batching window collects the same records at every arrival). */
  private eventBytes(r: StreamRecord): number {
    let n = this.sizes.get(r);
    if (n === undefined) this.sizes.set(r, (n = Buffer.byteLength(JSON.stringify(this.eventRecord(r)))));
    return n;
  }

  private eventRecord(r: StreamRecord): unknown {
    const rt = this.rt;
    if (this.src.kind === 'dynamodb') return r.payload;
    return {
      kinesis: r.payload,
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${this.shard.shardId}:${r.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${rt.plan.account}:role/lambda-role`,
      awsRegion: rt.plan.region,
      eventSourceARN: this.src.arn,
    };
  }
}

/**
 * The index in the batch from which a partial batch response asks for a retry (the lowest failed
 * sequence number), the batch's length when none failed, or undefined when the whole batch is
 * retried (an invalid response).
 */
function lowestFailure(json: string | undefined, batch: readonly StreamRecord[]): number | undefined {
  const failed = failedPositions(json, batch.map((r) => r.sequenceNumber));
  return failed && Math.min(batch.length, ...failed);
}
