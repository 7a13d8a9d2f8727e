import type { InputRecord } from '../ledger.js';
import type { PlanNotification } from '../plan/types.js';
import type { Runtime } from '../runtime.js';

/** A stored object. */
export interface StoredObject {
  readonly body: string;
  readonly size: number;
  readonly eTag: string;
  readonly lastModified: number;
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
 * S3 buckets: objects kept in memory; a put or delete sends an event to every notification whose
 * event types, prefix and suffix it matches, invoking the function asynchronously. The put is
 * processed once stored; each notification is a new input sent on from it.
 */
export class BucketService {
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly notifications = new Map<string, PlanNotification[]>();
  private sequencer = 0;

  public constructor(private readonly rt: Runtime) {
    for (const n of rt.plan.notifications) {
      const list = this.notifications.get(n.bucket) ?? [];
      list.push(n);
      this.notifications.set(n.bucket, list);
    }
  }

  public object(bucketId: string, key: string): StoredObject | undefined {
    return this.objects.get(bucketId)?.get(key);
  }

  /** Puts an object (a `terminal` put carries an input to where it ends). False when the bucket is not in the plan. */
  public put(bucketId: string, key: string, body: string, input: InputRecord, terminal = false): boolean {
    const rt = this.rt;
    if (!rt.plan.buckets.some((b) => b.id === bucketId)) return false;
    const size = Buffer.byteLength(body);
    const obj: StoredObject = { body, size, eTag: rt.md5(body), lastModified: rt.sim.epochMs() };
    let bucket = this.objects.get(bucketId);
    if (!bucket) this.objects.set(bucketId, (bucket = new Map()));
    bucket.set(key, obj);
    this.notify(bucketId, key, 'ObjectCreated:Put', obj, input, terminal);
    return true;
  }

  /** Deletes an object (`ObjectRemoved:Delete`). False when the bucket is not in the plan. */
  public delete(bucketId: string, key: string, input: InputRecord): boolean {
    if (!this.rt.plan.buckets.some((b) => b.id === bucketId)) return false;
    this.objects.get(bucketId)?.delete(key);
    this.notify(bucketId, key, 'ObjectRemoved:Delete', undefined, input, false);
    return true;
  }

  private notify(bucketId: string, key: string, eventName: string, obj: StoredObject | undefined, input: InputRecord, terminal: boolean): void {
    const rt = this.rt;
    const bucket = rt.plan.buckets.find((b) => b.id === bucketId)!;
    if (!terminal) rt.ledger.settle(input, 'processed', rt.sim.now());
    const matching = (this.notifications.get(bucketId) ?? []).filter(
      (n) => matchesS3Event(n.events, eventName) && (n.prefix === undefined || key.startsWith(n.prefix)) && (n.suffix === undefined || key.endsWith(n.suffix)),
    );
    for (const n of matching) {
      const carrier = terminal ? input : rt.ledger.child(input, n.function, false);
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
      rt.async.enqueue(n, JSON.stringify(event), carrier);
    }
  }
}
