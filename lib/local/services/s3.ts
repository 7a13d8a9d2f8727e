import type { InputRecord } from '../ledger.js';
import type { PlanNotification } from '../plan/types.js';
import type { Runtime } from '../runtime.js';

/** A stored object as the scenario and service tests see it: the body as UTF-8 text. */
export interface StoredObject {
  readonly body: string;
  readonly size: number;
  /** The MD5 hex of the body, unquoted (as S3 events carry it; the HTTP `ETag` header quotes it). */
  readonly eTag: string;
  readonly lastModified: number;
}

/** The attributes an object is stored with besides its bytes (what a PutObject request sets). */
export interface ObjectAttributes {
  /** `binary/octet-stream` when not given, as S3 stores it. */
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  readonly expires?: string;
  /** User metadata (`x-amz-meta-<name>`), names lower case. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** An additional checksum the upload carried and S3 checked (`CRC32`, base64 value). */
  readonly checksum?: { readonly algorithm: string; readonly value: string };
}

/** A stored object with its bytes and attributes. */
export interface S3Object extends ObjectAttributes {
  readonly data: Buffer;
  readonly size: number;
  readonly eTag: string;
  readonly lastModified: number;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** How an object was created, as its event names it. */
export type CreatedEvent = 'ObjectCreated:Put' | 'ObjectCreated:Copy';

/**
 * Compares two strings in UTF-8 byte order (= code point order), as S3 orders keys. JavaScript's
 * `<` compares UTF-16 code units, which differs for characters above U+FFFF against U+E000-U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (code points above U+FFFF) sort after U+E000-U+FFFF.
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Whether an S3 event name (`ObjectCreated:Put`) is one of a notification's event types (`s3:ObjectCreated:*`). */
export function matchesS3Event(types: readonly string[], eventName: string): boolean {
  return types.some((t) => {
    const name = t.startsWith('s3:') ? t.slice(3) : t;
    return name.endsWith(':*') ? eventName.startsWith(name.slice(0, -1)) : name === eventName;
  });
}

/**
 * An object key as S3 event notifications carry it: URL-encoded as an HTML form encodes a value
 * (a space is `+`, a `+` is `%2B`, everything but letters, digits and `-_.*` percent-encoded),
 * except that `/` stays as it is.
 */
export function s3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/**
 * S3 buckets: objects kept in memory (bytes, content type and the other stored headers, user
 * metadata); a put, copy or delete sends an event to every notification whose event types, prefix
 * and suffix it matches: invoking a function asynchronously, sending it to a queue (the S3 event
 * JSON as the message body) or publishing it to a topic (the S3 event JSON as the message, with
 * the subject `Amazon S3 Notification`, as S3 publishes it). The write is processed once
 * stored; each notification is a new input sent on from it.
 */
export class BucketService {
  private readonly objects = new Map<string, Map<string, S3Object>>();
  /** Each bucket's keys in UTF-8 byte order, while no key has been added or removed since. */
  private readonly sorted = new Map<string, string[]>();
  private readonly notifications = new Map<string, PlanNotification[]>();
  private sequencer = 0;

  public constructor(private readonly rt: Runtime) {
    for (const n of rt.plan.notifications) {
      const list = this.notifications.get(n.bucket) ?? [];
      list.push(n);
      this.notifications.set(n.bucket, list);
    }
  }

  /** An object with its body as UTF-8 text. */
  public object(bucketId: string, key: string): StoredObject | undefined {
    const o = this.stored(bucketId, key);
    return o && { body: o.data.toString('utf8'), size: o.size, eTag: o.eTag, lastModified: o.lastModified };
  }

  /** An object with its bytes and attributes. */
  public stored(bucketId: string, key: string): S3Object | undefined {
    return this.objects.get(bucketId)?.get(key);
  }

  /** A bucket's keys in UTF-8 byte order, as S3 lists them. */
  public keys(bucketId: string): readonly string[] {
    let keys = this.sorted.get(bucketId);
    if (!keys) {
      keys = [...(this.objects.get(bucketId)?.keys() ?? [])].sort(compareUtf8);
      this.sorted.set(bucketId, keys);
    }
    return keys;
  }

  /**
   * Puts an object (a `terminal` put carries an input to where it ends): `ObjectCreated:Put`, or
   * the `event` given (`ObjectCreated:Copy`). False when the bucket is not in the plan.
   */
  public put(bucketId: string, key: string, body: string | Buffer, input: InputRecord, terminal = false, attributes: ObjectAttributes = {}, event: CreatedEvent = 'ObjectCreated:Put'): boolean {
    const rt = this.rt;
    if (!rt.plan.buckets.some((b) => b.id === bucketId)) return false;
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const obj: S3Object = {
      ...attributes,
      data,
      size: data.length,
      eTag: rt.md5(data),
      lastModified: rt.sim.epochMs(),
      contentType: attributes.contentType ?? 'binary/octet-stream',
      metadata: attributes.metadata ?? {},
    };
    let bucket = this.objects.get(bucketId);
    if (!bucket) this.objects.set(bucketId, (bucket = new Map()));
    if (!bucket.has(key)) this.sorted.delete(bucketId);
    bucket.set(key, obj);
    this.notify(bucketId, key, event, obj, input, terminal);
    return true;
  }

  /** Stores an object as it was (a snapshot's restore): no event notification, no input. */
  public restore(bucketId: string, key: string, obj: S3Object): void {
    let bucket = this.objects.get(bucketId);
    if (!bucket) this.objects.set(bucketId, (bucket = new Map()));
    this.sorted.delete(bucketId);
    bucket.set(key, obj);
  }

  /** Deletes an object (`ObjectRemoved:Delete`, also when there is none, as S3 sends it). False when the bucket is not in the plan. */
  public delete(bucketId: string, key: string, input: InputRecord): boolean {
    if (!this.rt.plan.buckets.some((b) => b.id === bucketId)) return false;
    if (this.objects.get(bucketId)?.delete(key)) this.sorted.delete(bucketId);
    this.notify(bucketId, key, 'ObjectRemoved:Delete', undefined, input, false);
    return true;
  }

  private notify(bucketId: string, key: string, eventName: string, obj: S3Object | undefined, input: InputRecord, terminal: boolean): void {
    const rt = this.rt;
    const bucket = rt.plan.buckets.find((b) => b.id === bucketId)!;
    if (!terminal) rt.ledger.settle(input, 'processed', rt.sim.now());
    const matching = (this.notifications.get(bucketId) ?? []).filter(
      (n) => matchesS3Event(n.events, eventName) && (n.prefix === undefined || key.startsWith(n.prefix)) && (n.suffix === undefined || key.endsWith(n.suffix)),
    );
    for (const n of matching) {
      const carrier = terminal ? input : rt.ledger.child(input, n.queue ?? n.topic ?? n.function!);
      const event = {
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            awsRegion: rt.plan.region,
            eventTime: new Date(rt.sim.epochMs()).toISOString(),
            eventName,
            userIdentity: { principalId: 'AWS:AROAEXAMPLE:lambdaform' },
            requestParameters: { sourceIPAddress: '127.0.0.1' },
            responseElements: { 'x-amz-request-id': rt.random.hex(16).toUpperCase(), 'x-amz-id-2': rt.random.hex(64) },
            s3: {
              s3SchemaVersion: '1.0',
              configurationId: n.logicalId,
              bucket: { name: bucket.name, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: bucket.arn },
              object: {
                key: s3EventKey(key),
                ...(obj ? { size: obj.size, eTag: obj.eTag } : {}),
                sequencer: (++this.sequencer).toString(16).toUpperCase().padStart(16, '0'),
              },
            },
          },
        ],
      };
      // The same S3 event for every destination: a queue's message body, a topic's message, a function's event.
      const body = JSON.stringify(event);
      if (n.queue !== undefined) {
        const q = rt.queue(n.queue);
        rt.sendMessage(n.queue, body, carrier, { terminal, ...(q.plan.fifo ? { groupId: 's3', deduplicationId: rt.md5(body) } : {}) });
      } else if (n.topic !== undefined) {
        rt.topics.publish(n.topic, body, {}, carrier, terminal, 'Amazon S3 Notification');
      } else {
        rt.async.enqueue({ function: n.function!, ...(n.qualifier !== undefined ? { qualifier: n.qualifier } : {}) }, body, carrier);
      }
    }
  }
}
