import { createHash } from 'node:crypto';
import { LambdaformError } from '../../core/errors.js';
import type { InvokeOutcome } from '../functions.js';
import type { InputRecord } from '../ledger.js';
import { STREAM_RETRY_MAX_MS, STREAM_RETRY_START_MS } from '../limits.js';
import { matchesFilterCriteria } from '../match/event-pattern.js';
import type { PlanMapping, PlanTable } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import type { Timer } from '../sim/clock.js';

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
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      // Not JSON: a filter on data fields does not match it (the metadata fields still can).
    }
    const payload = { kinesisSchemaVersion: '1.0', partitionKey, sequenceNumber, data: dataB64, approximateArrivalTimestamp: (this.rt.sim.startEpochMs + arrivedAt) / 1000 };
    // Filters see the record's fields with `data` parsed (FilterCriteria on Kinesis: metadata and data properties).
    this.append(src, shard, { sequenceNumber, seq, partitionKey, arrivedAt, input, payload, filterView: { ...payload, data: parsed } });
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
    // A put that changes nothing writes no stream record (DynamoDB Streams).
    if (!src || !table.stream || (old !== undefined && sameItem(old, item))) {
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
      SizeBytes: 0,
      StreamViewType: view,
    };
    // The record's size as DynamoDB counts item sizes, over the keys and the images it carries.
    dynamodb.SizeBytes = [dynamodb.Keys, (dynamodb as { NewImage?: unknown }).NewImage, (dynamodb as { OldImage?: unknown }).OldImage].reduce<number>((n, m) => n + (m ? attributesSize(m as Record<string, unknown>) : 0), 0);
    const eventName = old ? 'MODIFY' : 'INSERT';
    const payload = { eventID: this.rt.random.hex(32), eventName, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: this.rt.plan.region, dynamodb, eventSourceARN: src.arn };
    this.append(src, src.shards[0]!, { sequenceNumber: dynamodb.SequenceNumber, seq, partitionKey: keyText, arrivedAt, input, payload, filterView: payload });
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

/**
 * The size of attributes as DynamoDB counts it ("Item sizes and formats"): each name's UTF-8
 * length plus its value's size — strings their UTF-8 length, numbers 1 byte per two significant
 * digits plus 1, binary its bytes, booleans and null 1, lists and maps 3 plus 1 per element plus
 * their elements, sets the sum of their elements.
 */
export function attributesSize(item: Readonly<Record<string, unknown>>): number {
  let n = 0;
  for (const [name, value] of Object.entries(item)) n += Buffer.byteLength(name) + valueSize(value);
  return n;
}

function valueSize(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const [type, x] = Object.entries(v)[0] ?? [];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(x));
    case 'N':
      return numberSize(String(x));
    case 'B':
      return Buffer.from(String(x), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (x as string[]).reduce((n, e) => n + Buffer.byteLength(e), 0);
    case 'NS':
      return (x as string[]).reduce((n, e) => n + numberSize(e), 0);
    case 'BS':
      return (x as string[]).reduce((n, e) => n + Buffer.from(e, 'base64').length, 0);
    case 'L':
      return 3 + (x as unknown[]).reduce<number>((n, e) => n + 1 + valueSize(e), 0);
    case 'M':
      return 3 + Object.entries(x as Record<string, unknown>).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
    default:
      return 0;
  }
}

function numberSize(text: string): number {
  const digits = text.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Whether two items hold the same attributes and values (attribute order aside). */
function sameItem(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
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

/** The lane of a shard a partition key's records go to with a parallelization factor (1-10): in order within a lane. */
export function streamLane(partitionKey: string, parallelizationFactor: number): number {
  if (parallelizationFactor <= 1) return 0;
  return parseInt(createHash('md5').update(partitionKey).digest('hex').slice(0, 8), 16) % parallelizationFactor;
}

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
class StreamPoller {
  private readonly lanes: Lane[];
  private readonly done = new Set<StreamRecord>();

  public constructor(
    private readonly rt: Runtime,
    private readonly mapping: PlanMapping,
    private readonly src: StreamSource,
    public readonly shard: Shard,
  ) {
    this.lanes = Array.from({ length: Math.max(1, mapping.parallelizationFactor) }, () => ({ position: 0, busy: false, retry: [], backoffMs: STREAM_RETRY_START_MS }));
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
    return streamLane(r.partitionKey, this.lanes.length);
  }

  /** The next records of a lane, in shard order, at most a batch. */
  private collect(index: number): StreamRecord[] {
    const lane = this.lanes[index]!;
    const out: StreamRecord[] = [];
    const records = this.shard.records;
    for (let i = lane.position; i < records.length && out.length < this.mapping.batchSize; i++) {
      const r = records[i]!;
      if (this.done.has(r) || this.laneOf(r) !== index) continue;
      out.push(r);
    }
    return out;
  }

  private poll(index: number): void {
    const lane = this.lanes[index]!;
    const rt = this.rt;
    const m = this.mapping;
    if (lane.busy || lane.backoff) return;
    let batch = lane.retry.shift();
    if (!batch) {
      const records = this.collect(index);
      if (records.length === 0) return;
      // The batching window: wait for a full batch at most the window from the first record's arrival.
      const windowEnd = records[0]!.arrivedAt + m.maxBatchingWindowSeconds * 1000;
      if (records.length < m.batchSize && rt.sim.now() < windowEnd) {
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
      const outcome = await rt.functions.invoke(m, JSON.stringify(event));
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
