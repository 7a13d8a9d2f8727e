import { createHash } from 'node:crypto';
import { LambdaformError } from '../../core/errors.js';
import { type AttributeValue, type Item, checkItemValues, compareValues, normalizeNumber } from '../endpoint/dynamodb-expressions.js';
import type { InputRecord } from '../ledger.js';
import type { PlanTable } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import { StreamPoller } from './stream-poller.js';

/** A record in a shard. */
export interface StreamRecord {
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

export interface Shard {
  readonly shardId: string;
  readonly records: StreamRecord[];
}

export interface StreamSource {
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
 * mapping processed by then is discarded. The tables' items live here too (the local DynamoDB's
 * store): every write that changes an item writes its stream record.
 */
export class StreamService {
  private readonly sources = new Map<string, StreamSource>();
  /** Each table's items: by partition (its key's canonical text), then by the item's key text. */
  private readonly items = new Map<string, Map<string, Map<string, Item>>>();
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

  /** Kinesis PutRecord (data as text is its UTF-8 bytes; `explicitHashKey` 0 to 2^128 - 1 overrides the partition key's hash): the shard and sequence number it got. */
  public putRecord(streamId: string, partitionKey: string, data: string | Buffer, input: InputRecord, explicitHashKey?: bigint): { shardId: string; sequenceNumber: string } {
    const src = this.sources.get(streamId);
    if (!src || src.kind !== 'kinesis') throw new LambdaformError(streamId, 'no such Kinesis stream in the plan', 'local-unknown-name');
    // The shard whose hash key range holds the record's hash key: the MD5 of its partition key, or the explicit one.
    const hash = explicitHashKey ?? BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
    const shard = src.shards[Number((hash * BigInt(src.shards.length)) >> 128n)]!;
    const seq = this.next();
    const sequenceNumber = kinesisSequenceNumber(seq);
    const arrivedAt = this.rt.sim.now();
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const dataB64 = bytes.toString('base64');
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      // Not JSON: a filter on data fields does not match it (the metadata fields still can).
    }
    const payload = { kinesisSchemaVersion: '1.0', partitionKey, sequenceNumber, data: dataB64, approximateArrivalTimestamp: (this.rt.sim.startEpochMs + arrivedAt) / 1000 };
    // Filters see the record's fields with `data` parsed (FilterCriteria on Kinesis: metadata and data properties).
    this.append(src, shard, { sequenceNumber, seq, partitionKey, arrivedAt, input, payload, filterView: { ...payload, data: parsed } });
    return { shardId: shard.shardId, sequenceNumber };
  }

  /**
   * DynamoDB PutItem: stores the item (replacing the one with its key); with a stream, an INSERT
   * or MODIFY record. A table without a stream, or a put that changes nothing, processes the
   * input at once. The item it replaced, if any.
   */
  public putItem(tableId: string, item: Record<string, unknown>, input: InputRecord): Item | undefined {
    let stored = item as Item;
    try {
      // As DynamoDB stores it (numbers in their canonical form), when it is valid DynamoDB JSON.
      stored = checkItemValues(item);
    } catch {
      // Not DynamoDB JSON throughout: stored as it is (the key attributes are checked below).
    }
    return this.writeItem(tableId, stored, () => stored, input).old;
  }

  /** DynamoDB DeleteItem: removes the item with the key; a REMOVE record when there was one. The item removed, if any. */
  public deleteItem(tableId: string, key: Record<string, unknown>, input: InputRecord): Item | undefined {
    return this.writeItem(tableId, key, () => undefined, input).old;
  }

  /** DynamoDB UpdateItem: the item with the key becomes what `update` makes of it (a copy of it, or undefined when there is none). */
  public updateItem(tableId: string, key: Record<string, unknown>, update: (old: Item | undefined) => Item, input: InputRecord | (() => InputRecord)): { old?: Item; item: Item } {
    const r = this.writeItem(tableId, key, update, input);
    return { ...(r.old ? { old: r.old } : {}), item: r.item! };
  }

  /**
   * A write of the item with `key` (the key attributes, or an item holding them): `apply` gets a
   * copy of the stored item (undefined when there is none) and returns the item to store, or
   * undefined to delete it; when it throws (a failed condition), nothing changes and no input is
   * made. The input (made by `input` only once `apply` returned) is accounted as DynamoDB Streams
   * records the write: an INSERT, MODIFY or REMOVE record carries it to the table's stream, with
   * the images of its view type; a write that changes nothing records nothing and, as a write to a
   * table without a stream, is processed at once. The item before and after (copies).
   */
  public writeItem(
    tableId: string,
    key: Record<string, unknown>,
    apply: (old: Item | undefined) => Item | undefined,
    input: InputRecord | (() => InputRecord),
  ): { old?: Item; item?: Item } {
    const table = this.table(tableId);
    const keys = keyOf(table, key);
    const { partition, keyText } = keyTexts(table, keys);
    let store = this.items.get(tableId);
    if (!store) this.items.set(tableId, (store = new Map()));
    const part = store.get(partition);
    const old = part?.get(keyText);
    const next = apply(old === undefined ? undefined : structuredClone(old));
    let stored: Item | undefined;
    if (next !== undefined) {
      if (keyTexts(table, keyOf(table, next)).keyText !== keyText) throw new LambdaformError(table.id, 'a write changed the key of the item it writes', 'local-bad-item');
      stored = structuredClone(next);
    }
    const record = typeof input === 'function' ? input() : input;
    if (stored !== undefined) {
      if (part) part.set(keyText, stored);
      else store.set(partition, new Map([[keyText, stored]]));
    } else if (part && old !== undefined) {
      part.delete(keyText);
      if (part.size === 0) store.delete(partition);
    }
    const out = { ...(old !== undefined ? { old: structuredClone(old) } : {}), ...(stored !== undefined ? { item: structuredClone(stored) } : {}) };
    const src = this.sources.get(tableId);
    // A write that changes nothing writes no stream record (DynamoDB Streams).
    const unchanged = old === undefined ? stored === undefined : stored !== undefined && sameItem(old, stored);
    if (!src || !table.stream || unchanged) {
      this.rt.ledger.settle(record, 'processed', this.rt.sim.now());
      return out;
    }
    const view = table.stream.viewType;
    const seq = this.next();
    const arrivedAt = this.rt.sim.now();
    const dynamodb = {
      ApproximateCreationDateTime: Math.floor((this.rt.sim.startEpochMs + arrivedAt) / 1000),
      Keys: keys,
      ...(stored && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? { NewImage: structuredClone(stored) } : {}),
      ...(old && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? { OldImage: structuredClone(old) } : {}),
      SequenceNumber: dynamoDbSequenceNumber(seq),
      SizeBytes: 0,
      StreamViewType: view,
    };
    // The record's size as DynamoDB counts item sizes, over the keys and the images it carries.
    dynamodb.SizeBytes = [dynamodb.Keys, (dynamodb as { NewImage?: unknown }).NewImage, (dynamodb as { OldImage?: unknown }).OldImage].reduce<number>((n, m) => n + (m ? attributesSize(m as Record<string, unknown>) : 0), 0);
    const eventName = stored === undefined ? 'REMOVE' : old ? 'MODIFY' : 'INSERT';
    const payload = { eventID: this.rt.random.hex(32), eventName, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: this.rt.plan.region, dynamodb, eventSourceARN: src.arn };
    this.append(src, src.shards[0]!, { sequenceNumber: dynamodb.SequenceNumber, seq, partitionKey: keyText, arrivedAt, input: record, payload, filterView: payload });
    return out;
  }

  /** Stores an item as it was (a snapshot's restore): no stream record, no input. */
  public restoreItem(tableId: string, item: Item): void {
    const table = this.table(tableId);
    const { partition, keyText } = keyTexts(table, keyOf(table, item));
    let store = this.items.get(tableId);
    if (!store) this.items.set(tableId, (store = new Map()));
    let part = store.get(partition);
    if (!part) store.set(partition, (part = new Map()));
    part.set(keyText, structuredClone(item));
  }

  /** The item with the key (a copy), if there is one. */
  public getItem(tableId: string, key: Record<string, unknown>): Item | undefined {
    const table = this.table(tableId);
    const { partition, keyText } = keyTexts(table, keyOf(table, key));
    const item = this.items.get(tableId)?.get(partition)?.get(keyText);
    return item === undefined ? undefined : structuredClone(item);
  }

  /** The items of one partition (copies), in sort key order (numbers by value, strings and binary by their bytes). */
  public queryItems(tableId: string, partitionValue: AttributeValue): Item[] {
    const table = this.table(tableId);
    const part = this.items.get(tableId)?.get(canonicalKeyValue(partitionValue));
    if (!part) return [];
    const items = [...part.values()].map((i) => structuredClone(i));
    const sk = table.sortKey;
    if (sk) items.sort((a, b) => compareValues(a[sk.name], b[sk.name]) ?? 0);
    return items;
  }

  /**
   * Every item of a table (copies), in the order a Scan reads them: partitions in the order of
   * their key's hash (as DynamoDB spreads them, so not in key order), each in sort key order.
   */
  public scanItems(tableId: string): Item[] {
    const table = this.table(tableId);
    const store = this.items.get(tableId);
    if (!store) return [];
    const partitions = [...store.keys()].map((p) => ({ p, h: partitionHash(p) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    const out: Item[] = [];
    for (const { p } of partitions) {
      const items = [...store.get(p)!.values()];
      const sk = table.sortKey;
      if (sk) items.sort((a, b) => compareValues(a[sk.name], b[sk.name]) ?? 0);
      for (const i of items) out.push(structuredClone(i));
    }
    return out;
  }

  /** The hex hash that orders a partition key value in a Scan. */
  public scanOrder(partitionValue: AttributeValue): string {
    return partitionHash(canonicalKeyValue(partitionValue));
  }

  private table(tableId: string): PlanTable {
    const table = this.rt.plan.tables.find((t) => t.id === tableId);
    if (!table) throw new LambdaformError(tableId, 'no such table in the plan', 'local-unknown-name');
    return table;
  }

  /** The pollers (one per shard) of a stream mapping, for pausing and resuming it. */
  public pollersOf(mappingId: string): StreamPoller[] {
    const out: StreamPoller[] = [];
    for (const s of this.sources.values()) for (const p of s.pollers) if (p.mappingId === mappingId) out.push(p);
    return out;
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

/** A key attribute's value as text that is the same for equal values (numbers in their canonical form). */
function canonicalKeyValue(v: unknown): string {
  const o = v as Record<string, unknown>;
  if (typeof o?.N === 'string') {
    try {
      return JSON.stringify({ N: normalizeNumber(o.N) });
    } catch {
      // Not a number DynamoDB takes: as it is.
    }
  }
  return JSON.stringify(v);
}

function keyTexts(table: PlanTable, keys: Record<string, unknown>): { partition: string; keyText: string } {
  const partition = canonicalKeyValue(keys[table.partitionKey.name]);
  return { partition, keyText: table.sortKey ? `${partition}\u0000${canonicalKeyValue(keys[table.sortKey.name])}` : partition };
}

function partitionHash(partition: string): string {
  return createHash('md5').update(partition).digest('hex');
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

/**
 * A Kinesis sequence number: 56 decimal digits, as Kinesis gives them, increasing with the
 * record's arrival (a fixed prefix, then the arrival counter zero-padded), so that later records
 * have greater numbers both as numbers and as text.
 */
export function kinesisSequenceNumber(seq: bigint): string {
  return `4959${seq.toString().padStart(52, '0')}`;
}

/** A DynamoDB stream record's sequence number: 21 decimal digits, increasing with the record's arrival (as numbers and as text). */
export function dynamoDbSequenceNumber(seq: bigint): string {
  return `1${seq.toString().padStart(20, '0')}`;
}
