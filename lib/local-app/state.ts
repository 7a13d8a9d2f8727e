import type { Item } from '../local/endpoint/dynamodb-expressions.js';
import type { Runtime } from '../local/runtime.js';
import type { S3Object } from '../local/services/s3.js';

/** A message as a snapshot keeps it. */
export interface SnapshotMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, { readonly dataType: string; readonly stringValue: string }>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly receiveCount: number;
}

/** An object as a snapshot keeps it: the stored object with its bytes in base64. */
export type SnapshotObject = Omit<S3Object, 'data'> & { readonly data: string };

/**
 * The simulated data of an app at a moment when nothing ran: what its queues, buckets and tables
 * held, and the simulated time. Plain data (JSON-serializable): tests may keep it in a file.
 */
export interface Snapshot {
  /** Simulated milliseconds since the start when it was taken. */
  readonly simulatedMs: number;
  /** Messages by queue id (in flight and delayed ones as visible: a restore starts with no receive open and no delay running). */
  readonly queues: Readonly<Record<string, readonly SnapshotMessage[]>>;
  /** Objects by bucket id and key: their bytes in base64, and their attributes. */
  readonly buckets: Readonly<Record<string, Readonly<Record<string, SnapshotObject>>>>;
  /** Items by table id, in DynamoDB JSON. */
  readonly tables: Readonly<Record<string, readonly Item[]>>;
}

/** The runtime's data now. */
export function takeSnapshot(rt: Runtime): Snapshot {
  const now = rt.sim.now();
  const queues: Record<string, SnapshotMessage[]> = {};
  for (const [id, q] of rt.queues) {
    const list = q.pending().map((m) => ({
      messageId: m.messageId,
      body: m.body,
      attributes: m.attributes,
      ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
      ...(m.deduplicationId !== undefined ? { deduplicationId: m.deduplicationId } : {}),
      receiveCount: m.receiveCount,
    }));
    if (list.length > 0) queues[id] = list;
  }
  const buckets: Record<string, Record<string, SnapshotObject>> = {};
  for (const b of rt.plan.buckets) {
    const keys = rt.buckets.keys(b.id);
    if (keys.length === 0) continue;
    buckets[b.id] = Object.fromEntries(keys.map((key) => [key, { ...rt.buckets.stored(b.id, key)!, data: rt.buckets.stored(b.id, key)!.data.toString('base64') }]));
  }
  const tables: Record<string, Item[]> = {};
  for (const t of rt.plan.tables) {
    const items = rt.streams.scanItems(t.id);
    if (items.length > 0) tables[t.id] = items.map((i) => structuredClone(i));
  }
  return { simulatedMs: now, queues, buckets, tables };
}

/**
 * Puts a snapshot's data into a fresh runtime: messages sent again (same ids, bodies, attributes
 * and receive counts), objects and items stored. Restoring writes no stream records and sends no
 * notifications: the data was there already. Each restored message is an input of the new run.
 */
export function restoreState(rt: Runtime, snapshot: Snapshot): void {
  for (const [id, messages] of Object.entries(snapshot.queues)) {
    const q = rt.queue(id);
    for (const m of messages) {
      q.send(rt.ledger.create(0, id), m.body, {
        messageId: m.messageId,
        attributes: m.attributes,
        receiveCount: m.receiveCount,
        moved: true,
        ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
        ...(m.deduplicationId !== undefined ? { deduplicationId: m.deduplicationId } : {}),
      });
    }
  }
  for (const [id, objects] of Object.entries(snapshot.buckets)) {
    for (const [key, o] of Object.entries(objects)) rt.buckets.restore(id, key, { ...o, data: Buffer.from(o.data, 'base64') });
  }
  for (const [id, items] of Object.entries(snapshot.tables)) for (const item of items) rt.streams.restoreItem(id, structuredClone(item));
}
