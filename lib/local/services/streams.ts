import { createHash } from 'node:crypto';
import { LambdaformError } from '../../core/errors.js';
import type { InvokeOutcome } from '../functions.js';
import type { InputRecord } from '../ledger.js';
import { STREAM_RETRY_MAX_MS, STREAM_RETRY_START_MS } from '../limits.js';
import { matchesFilterCriteria } from '../match/event-pattern.js';
import type { PlanMapping, PlanTable } from '../plan/types.js';
import type { Runtime } from '../runtime.js';

/** A record in a shard. */
interface StreamRecord {
  readonly sequenceNumber: string;
  readonly seq: bigint;
  readonly partitionKey: string;
  /** Simulated ms it arrived. */
  readonly arrivedAt: number;
  readonly input: InputRecord;
  /** The record as the event carries it (Kinesis `kinesis` part, or the DynamoDB record). */
  readonly payload: Record<string, unknown>;
  /** What filters see. */
  readonly filterView: unknown;
}

interface Shard {
  readonly shardId: string;
  readonly records: StreamRecord[];
}

interface StreamSource {
  readonly id: string;
  readonly kind: 'kinesis' | 'dynamodb';
  readonly arn: string;
  readonly shards: Shard[];
  readonly retentionMs: number;
  readonly pollers: StreamPoller[];
}

/**
 * Kinesis streams and DynamoDB tables with their streams. A record goes to the shard its
 * partition key hashes to (a table's stream has one shard locally); each mapping reads each shard
 * in order (`StreamPoller`). Records stay in the stream until its retention ends: a record no
 * mapping processed by then is discarded.
 */
export class StreamService {
  private readonly sources = new Map<string, StreamSource>();
  private readonly items = new Map<string, Map<string, Record<string, unknown>>>();
  private sequence = 0n;

  public constructor(private readonly rt: Runtime) {
    for (const s of rt.plan.streams) {
      this.sources.set(s.id, {
        id: s.id,
        kind: 'kinesis',
        arn: s.arn,
        shards: Array.from({ length: s.shardCount }, (_, i) => ({ shardId: `shardId-${String(i).padStart(12, '0')}`, records: [] })),
        retentionMs: s.retentionHours * 3_600_000,
        pollers: [],
      });
    }
    for (const t of rt.plan.tables) {
      if (!t.stream) continue;
      this.sources.set(t.id, { id: t.id, kind: 'dynamodb', arn: t.stream.arn, shards: [{ shardId: 'shardId-00000000000000000000-00000001', records: [] }], retentionMs: 24 * 3_600_000, pollers: [] });
    }
    for (const m of rt.plan.mappings) {
      if (m.sourceType === 'sqs') continue;
      const src = this.sources.get(m.source);
      if (!src) continue;
      for (const shard of src.shards) src.pollers.push(new StreamPoller(rt, m, src, shard));
    }
  }

  /** Kinesis PutRecord. */
  public putRecord(streamId: string, partitionKey: string, data: string, input: InputRecord): void {
    const src = this.sources.get(streamId);
    if (!src || src.kind !== 'kinesis') throw new LambdaformError(streamId, 'no such Kinesis stream in the plan', 'local-unknown-name');
    const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
    const shard = src.shards[Number((hash * BigInt(src.shards.length)) >> 128n)]!;
    const seq = this.next();
    const sequenceNumber = seq.toString().padStart(56, '4');
    const arrivedAt = this.rt.sim.now();
    const dataB64 = Buffer.from(data).toString('base64');
    let parsed: unknown = data;
    try {
      parsed = JSON.parse(data);
    } catch {
      // not JSON: filters on data fields do not match
    }
    this.append(src, shard, {
      sequenceNumber,
      seq,
      partitionKey,
      arrivedAt,
      input,
      payload: { kinesisSchemaVersion: '1.0', partitionKey, sequenceNumber, data: dataB64, approximateArrivalTimestamp: (this.rt.sim.startEpochMs + arrivedAt) / 1000 },
      filterView: { data: parsed, partitionKey },
    });
  }

  /** DynamoDB PutItem: stores the item; with a stream, an INSERT or MODIFY record. A table without a stream processes the input at once. */
  public putItem(tableId: string, item: Record<string, unknown>, input: InputRecord): void {
    const table = this.rt.plan.tables.find((t) => t.id === tableId);
    if (!table) throw new LambdaformError(tableId, 'no such table in the plan', 'local-unknown-name');
    const keys = keyOf(table, item);
    const keyText = JSON.stringify(keys);
    let store = this.items.get(tableId);
    if (!store) this.items.set(tableId, (store = new Map()));
    const old = store.get(keyText);
    store.set(keyText, item);
    const src = this.sources.get(tableId);
    if (!src || !table.stream) {
      this.rt.ledger.settle(input, 'processed', this.rt.sim.now());
      return;
    }
    const view = table.stream.viewType;
    const seq = this.next();
    const arrivedAt = this.rt.sim.now();
    const dynamodb = {
      ApproximateCreationDateTime: Math.floor((this.rt.sim.startEpochMs + arrivedAt) / 1000),
      Keys: keys,
      ...(view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES' ? { NewImage: item } : {}),
      ...(old && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? { OldImage: old } : {}),
      SequenceNumber: seq.toString().padStart(21, '1'),
      SizeBytes: Buffer.byteLength(JSON.stringify(item)),
      StreamViewType: view,
    };
    const eventName = old ? 'MODIFY' : 'INSERT';
    const payload = { eventID: this.rt.random.hex(32), eventName, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: this.rt.plan.region, dynamodb, eventSourceARN: src.arn };
    this.append(src, src.shards[0]!, { sequenceNumber: dynamodb.SequenceNumber, seq, partitionKey: keyText, arrivedAt, input, payload, filterView: { eventName, dynamodb } });
  }

  /** Records not yet processed by every mapping, per source. */
  public pendingCount(): number {
    let n = 0;
    for (const s of this.sources.values()) for (const p of s.pollers) n += p.pending();
    return n;
  }

  private append(src: StreamSource, shard: Shard, r: StreamRecord): void {
    shard.records.push(r);
    if (src.pollers.length === 0) {
      // Nobody reads the stream: the record stays until the retention ends.
      this.rt.sim.at(r.arrivedAt + src.retentionMs, () => this.rt.ledger.settle(r.input, 'discarded', this.rt.sim.now(), { reason: `expired from ${src.id} (retention) without being read` }), true);
      return;
    }
    for (const p of src.pollers) if (p.shard === shard) p.wake();
  }

  private next(): bigint {
    return ++this.sequence;
  }
}

function keyOf(table: PlanTable, item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [table.partitionKey, table.sortKey]) {
    if (!k) continue;
    const v = item[k.name];
    if (v === undefined || v === null || typeof v !== 'object' || !(k.type in (v as object))) {
      throw new LambdaformError(table.id, `an item needs its key attribute '${k.name}' as { ${k.type}: ... } (DynamoDB JSON), got ${JSON.stringify(v)}`, 'local-bad-item');
    }
    out[k.name] = v;
  }
  return out;
}

/** One lane of a shard: `ParallelizationFactor` lanes split a shard by partition key, each in order. */
interface Lane {
  /** Index of the next record of the shard this lane has not finished. */
  position: number;
  busy: boolean;
  /** The records of a failed batch still being retried (a bisected half first). */
  retry: StreamRecord[][];
  attempts: number;
  backoffMs: number;
  timerSet: boolean;
}

/**
 * A stream mapping on one shard: batches in shard order (per partition key lane with a
 * parallelization factor), retried on error until success, `maxRetryAttempts` or
 * `maxRecordAgeSeconds` (or the record's expiry), blocking its lane meanwhile; with
 * `bisectBatchOnError` a failed batch is split in two (splits do not count as retries); a batch
 * given up goes to the on-failure destination as a batch description (not the records' data),
 * else it is discarded. With ReportBatchItemFailures the batch is retried from the lowest failed
 * sequence number.
 */
class StreamPoller {
  private readonly lanes: Lane[];
  private readonly done = new Set<StreamRecord>();

  public constructor(
    private readonly rt: Runtime,
    private readonly mapping: PlanMapping,
    private readonly src: StreamSource,
    public readonly shard: Shard,
  ) {
    this.lanes = Array.from({ length: Math.max(1, mapping.parallelizationFactor) }, () => ({ position: 0, busy: false, retry: [], attempts: 0, backoffMs: STREAM_RETRY_START_MS, timerSet: false }));
  }

  public pending(): number {
    return this.shard.records.filter((r) => !this.done.has(r)).length;
  }

  public wake(): void {
    if (!this.mapping.enabled) return;
    this.rt.sim.after(0, () => {
      for (let i = 0; i < this.lanes.length; i++) this.poll(i);
    });
  }

  private laneOf(r: StreamRecord): number {
    if (this.lanes.length === 1) return 0;
    return parseInt(createHash('md5').update(r.partitionKey).digest('hex').slice(0, 8), 16) % this.lanes.length;
  }

  private poll(index: number): void {
    const lane = this.lanes[index]!;
    if (lane.busy || lane.timerSet) return;
    let batch = lane.retry.shift();
    if (!batch) {
      batch = [];
      const records = this.shard.records;
      for (let i = lane.position; i < records.length && batch.length < this.mapping.batchSize; i++) {
        const r = records[i]!;
        if (this.laneOf(r) !== index || this.done.has(r)) continue;
        batch.push(r);
      }
      if (batch.length === 0) return;
      lane.attempts = 0;
    }
    const passing = batch.filter((r) => this.mapping.filters.length === 0 || matchesFilterCriteria(this.mapping.filters, r.filterView));
    for (const r of batch) {
      if (!passing.includes(r)) this.finishRecord(r, 'discarded', `matched none of the filters of ${this.mapping.id}`);
    }
    if (passing.length === 0) {
      this.poll(index);
      return;
    }
    const m = this.rt.functions.metrics(this.mapping.function);
    m.IteratorAge = Math.max(m.IteratorAge, this.rt.sim.now() - passing[0]!.arrivedAt);
    lane.busy = true;
    for (const r of passing) r.input.attempts++;
    const event = { Records: passing.map((r) => this.eventRecord(r)) };
    this.rt.sim.track(async () => {
      const outcome = await this.rt.functions.invoke(this.mapping, JSON.stringify(event));
      lane.busy = false;
      this.after(index, passing, outcome);
      this.poll(index);
    });
  }

  private after(index: number, batch: StreamRecord[], outcome: InvokeOutcome): void {
    const lane = this.lanes[index]!;
    const rt = this.rt;
    if (outcome.status === 'success') {
      let failedFrom = batch.length;
      if (this.mapping.reportBatchItemFailures) {
        const lowest = lowestFailure(outcome.json, batch);
        if (lowest === undefined) failedFrom = 0;
        else failedFrom = lowest;
      }
      for (const r of batch.slice(0, failedFrom)) this.finishRecord(r, 'processed');
      if (failedFrom === batch.length) {
        lane.backoffMs = STREAM_RETRY_START_MS;
        return;
      }
      this.failed(index, batch.slice(failedFrom), outcome, false);
      return;
    }
    this.failed(index, batch, outcome, outcome.status === 'throttled' || outcome.status === 'unavailable');
    void rt;
  }

  private failed(index: number, batch: StreamRecord[], outcome: InvokeOutcome, beforeInvocation: boolean): void {
    const lane = this.lanes[index]!;
    const rt = this.rt;
    const m = this.mapping;
    const oldest = batch[0]!;
    const age = rt.sim.now() - oldest.arrivedAt;
    if (!beforeInvocation && m.bisectBatchOnError && batch.length > 1) {
      // Splitting does not count as a retry.
      const half = Math.ceil(batch.length / 2);
      lane.retry.unshift(batch.slice(0, half), batch.slice(half));
    } else {
      if (!beforeInvocation) lane.attempts++;
      const retriesDone = lane.attempts > 0 ? lane.attempts - 1 : 0;
      const overRetries = !beforeInvocation && m.maxRetryAttempts >= 0 && retriesDone >= m.maxRetryAttempts;
      const overAge = m.maxRecordAgeSeconds >= 0 && age >= m.maxRecordAgeSeconds * 1000;
      const expired = age >= this.src.retentionMs;
      if (overRetries || overAge || expired) {
        this.giveUp(batch, outcome, overRetries ? 'RetryAttemptsExhausted' : 'RecordAgeExceeded', lane.attempts);
        lane.attempts = 0;
        lane.backoffMs = STREAM_RETRY_START_MS;
        return;
      }
      lane.retry.unshift(batch);
    }
    lane.timerSet = true;
    const delay = lane.backoffMs;
    lane.backoffMs = Math.min(lane.backoffMs * 2, STREAM_RETRY_MAX_MS);
    rt.sim.after(delay, () => {
      lane.timerSet = false;
      this.poll(index);
    });
  }

  private giveUp(batch: StreamRecord[], outcome: InvokeOutcome, condition: string, invokeCount: number): void {
    const rt = this.rt;
    const d = this.mapping.onFailure;
    const first = batch[0]!;
    const last = batch[batch.length - 1]!;
    const info = {
      shardId: this.shard.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(rt.sim.startEpochMs + first.arrivedAt).toISOString(),
      approximateArrivalOfLastRecord: new Date(rt.sim.startEpochMs + last.arrivedAt).toISOString(),
      batchSize: batch.length,
      streamArn: this.src.arn,
    };
    const record = {
      requestContext: { requestId: outcome.requestId, functionArn: `${rt.functions.fn(this.mapping.function).arn}:${this.mapping.qualifier ?? '$LATEST'}`, condition, approximateInvokeCount: invokeCount },
      responseContext: { statusCode: 200, executedVersion: outcome.version, functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(rt.sim.epochMs()).toISOString(),
      [this.src.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: info,
    };
    // The batch description is one message: it carries the first record's input; the others end there too.
    const delivered = d ? rt.deliver(d, JSON.stringify(record), first.input, { terminal: true }) : false;
    if (d && !delivered) rt.functions.metrics(this.mapping.function).DestinationDeliveryFailures++;
    for (const r of batch) {
      if (delivered) this.finishRecord(r, 'failureDestination', undefined, d!.id ?? d!.arn);
      else this.finishRecord(r, 'discarded', `${condition === 'RetryAttemptsExhausted' ? `failed ${invokeCount} invocations (maxRetryAttempts ${this.mapping.maxRetryAttempts})` : 'older than the maximum record age'} with no on-failure destination on ${this.mapping.id}`);
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
  let v: unknown;
  try {
    v = json === undefined ? null : JSON.parse(json);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || !('batchItemFailures' in v)) return batch.length;
  const list = (v as { batchItemFailures: unknown }).batchItemFailures;
  if (list === null || list === undefined) return batch.length;
  if (!Array.isArray(list)) return undefined;
  let lowest = batch.length;
  for (const item of list) {
    const id = item && typeof item === 'object' ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    const i = typeof id === 'string' ? batch.findIndex((r) => r.sequenceNumber === id || (r.payload as { dynamodb?: { SequenceNumber?: string } }).dynamodb?.SequenceNumber === id) : -1;
    if (i < 0) return undefined;
    lowest = Math.min(lowest, i);
  }
  return lowest;
}
