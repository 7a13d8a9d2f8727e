import { hash } from 'node:crypto';
import type { PlanQueue } from '../plan/types.js';
import type { RecordsEvent } from '../worker/environment.js';
import { lazyMd5 } from '../worker/lazy-md5.js';
import { QueuedMessage } from './sqs-store.js';
import { sequenceNumber, type SqsMessage } from './sqs.js';

/** The SenderId of every local message (an IAM role id and session name, as SQS reports a role's sends). */
export const SENDER_ID = 'AROAEXAMPLE:lambdaform';

/**
 * The SQS event Lambda sends for a batch, in the shape and key order of the AWS documentation's
 * examples (FIFO attributes between SentTimestamp and ApproximateFirstReceiveTimestamp), made
 * three ways that give the same event:
 * - `json`: the JSON text. Written by hand: this runs for every message, and it is twice as fast
 *   as JSON.stringify of the object.
 * - `value`: a function that makes the event's value, as JSON.parse of the text gives it (new
 *   objects at every call), for in-process handlers: no text to write and parse again; each
 *   record's md5OfBody is made when first read (see worker/lazy-md5.ts).
 * - `event`: both in one (a RecordsEvent): the value, and for a worker thread the text without
 *   each record's md5OfBody and the properties after it, which the worker adds (md5OfBody made
 *   when first read there too): no MD5 of every body in the runtime's thread, a third less text.
 *
 * `value` and `event` read the messages as they are at the receive (a snapshot): their receive
 * counts and receipt handles then, whenever the event is made.
 */
export class SqsEventWriter {
  /** What each record gets after md5OfBody: name, value, name, value. */
  public readonly recordTail: readonly string[];
  /** `recordTail` as the JSON text that ends a record. */
  private readonly tail: string;

  public constructor(
    private readonly queue: PlanQueue,
    private readonly region: string,
    private readonly startEpochMs: number,
  ) {
    this.recordTail = Object.freeze(['eventSource', 'aws:sqs', 'eventSourceARN', queue.arn, 'awsRegion', region]);
    let tail = '';
    for (let i = 0; i < this.recordTail.length; i += 2) tail += `,${JSON.stringify(this.recordTail[i])}:${JSON.stringify(this.recordTail[i + 1])}`;
    this.tail = `${tail}}`;
  }

  /** The event as JSON text. */
  public json(batch: readonly SqsMessage[], now: number): string {
    let out = '{"Records":[';
    const ids = QueuedMessage.idsOf(batch);
    for (let i = 0; i < batch.length; i++) {
      if (i > 0) out += ',';
      const m = batch[i]!;
      out += `${this.recordHead(m, ids[i]!, m.receiveCount, m.receiptHandle, now)},"md5OfBody":"${hash('md5', m.body)}"${this.tail}`;
    }
    return `${out}]}`;
  }

  /** A function that makes the event's value (new objects each call) from the messages as they are now. */
  public value(batch: readonly SqsMessage[], now: number): () => unknown {
    const e = this.event(batch, now);
    return () => e.value();
  }

  /** The event of a batch as a RecordsEvent: its value, or its text for a worker to complete (see the class). */
  public event(batch: readonly SqsMessage[], now: number): RecordsEvent {
    return new SqsBatchEvent(this, batch, now);
  }

  /** The text of a batch's records without md5OfBody and what follows it (`recordTail`). */
  public partialJson(batch: readonly SqsMessage[], counts: readonly number[], handles: ReadonlyArray<string | undefined>, now: number): string {
    let out = '{"Records":[';
    const ids = QueuedMessage.idsOf(batch);
    for (let i = 0; i < batch.length; i++) {
      if (i > 0) out += ',';
      out += `${this.recordHead(batch[i]!, ids[i]!, counts[i]!, handles[i], now)}}`;
    }
    return `${out}]}`;
  }

  /** The records' values (new objects). */
  public records(batch: readonly SqsMessage[], counts: readonly number[], handles: ReadonlyArray<string | undefined>, now: number): unknown {
    const n = batch.length;
    const records = new Array<unknown>(n);
    const ids = QueuedMessage.idsOf(batch);
    for (let i = 0; i < n; i++) records[i] = this.object(batch[i]!, ids[i]!, counts[i]!, handles[i], now);
    return { Records: records };
  }

  /**
   * The last SentTimestamp and ApproximateFirstReceiveTimestamp written, as epoch ms and as text
   * (a batch's messages were mostly sent in the same millisecond, and first received in one).
   */
  private readonly sent = { ms: NaN, text: '' };
  private readonly firstReceive = { ms: NaN, text: '' };

  /** Epoch ms (of simulated ms `at`) as the decimal text SQS gives timestamps in. */
  private timestamp(at: number, last: { ms: number; text: string }): string {
    const ms = Math.floor(this.startEpochMs + at);
    if (ms !== last.ms) {
      last.ms = ms;
      last.text = String(ms);
    }
    return last.text;
  }

  /** The last standard queue's attributes text written, and what it was written from (a batch's records mostly share it). */
  private readonly standardAttributes = { receiveCount: -1, sent: '', firstReceive: '', text: '' };

  private attributesJson(m: SqsMessage, receiveCount: number, now: number): string {
    const sentText = this.timestamp(m.sentAt, this.sent);
    const firstText = this.timestamp(m.firstReceiveAt ?? now, this.firstReceive);
    if (!this.queue.fifo) {
      const last = this.standardAttributes;
      if (last.receiveCount !== receiveCount || last.sent !== sentText || last.firstReceive !== firstText) {
        last.receiveCount = receiveCount;
        last.sent = sentText;
        last.firstReceive = firstText;
        last.text = `{"ApproximateReceiveCount":"${receiveCount}","SentTimestamp":"${sentText}","SenderId":"${SENDER_ID}","ApproximateFirstReceiveTimestamp":"${firstText}"}`;
      }
      return last.text;
    }
    const sent = `{"ApproximateReceiveCount":"${receiveCount}","SentTimestamp":"${sentText}",`;
    const firstReceive = `"ApproximateFirstReceiveTimestamp":"${firstText}"}`;
    return `${sent}"SequenceNumber":"${sequenceNumber(m)}","MessageGroupId":${JSON.stringify(m.groupId ?? '')},"SenderId":"${SENDER_ID}","MessageDeduplicationId":${JSON.stringify(m.deduplicationId ?? '')},${firstReceive}`;
  }

  /** A record's text up to its messageAttributes (no closing brace). */
  private recordHead(m: SqsMessage, messageId: string, receiveCount: number, receiptHandle: string | undefined, now: number): string {
    let messageAttributes = '{}';
    for (const _ in m.attributes) {
      messageAttributes = JSON.stringify(messageAttributesOf(m));
      break;
    }
    // JSON text leaves out an undefined receipt handle (a message never received: not in an event).
    // (Receipt handles are `rh-<digits>-<digits>`: nothing to escape.)
    const handle = receiptHandle === undefined ? '' : `"receiptHandle":"${receiptHandle}",`;
    return `{"messageId":${JSON.stringify(messageId)},${handle}"body":${JSON.stringify(m.body)},"attributes":${this.attributesJson(m, receiveCount, now)},"messageAttributes":${messageAttributes}`;
  }

  private object(m: SqsMessage, messageId: string, receiveCount: number, receiptHandle: string | undefined, now: number): unknown {
    const sentTimestamp = this.timestamp(m.sentAt, this.sent);
    const firstReceive = this.timestamp(m.firstReceiveAt ?? now, this.firstReceive);
    const attributes = this.queue.fifo
      ? {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: sentTimestamp,
          SequenceNumber: sequenceNumber(m),
          MessageGroupId: m.groupId ?? '',
          SenderId: SENDER_ID,
          MessageDeduplicationId: m.deduplicationId ?? '',
          ApproximateFirstReceiveTimestamp: firstReceive,
        }
      : { ApproximateReceiveCount: String(receiveCount), SentTimestamp: sentTimestamp, SenderId: SENDER_ID, ApproximateFirstReceiveTimestamp: firstReceive };
    const record = new SqsRecord(messageId, receiptHandle, m.body, attributes, messageAttributesOf(m), this.queue.arn, this.region);
    // JSON text leaves out an undefined receipt handle (a message never received: not in an event).
    if (receiptHandle === undefined) delete record.receiptHandle;
    return record;
  }
}

/**
 * A record of an event, as JSON.parse makes it: a plain object (its prototype Object.prototype),
 * the properties up to md5OfBody, then md5OfBody (made when first read: see worker/lazy-md5.ts),
 * then the rest, in JSON.parse's key order. Made by a constructor rather than as an object
 * literal, so that V8 gives the object room for all its properties at once (a literal has room
 * for its own five; the ones added after it would each grow a separate store).
 */
const SqsRecord = function (
  this: Record<string, unknown>,
  messageId: string,
  receiptHandle: string | undefined,
  body: string,
  attributes: unknown,
  messageAttributes: unknown,
  eventSourceARN: string,
  awsRegion: string,
): void {
  this.messageId = messageId;
  this.receiptHandle = receiptHandle;
  this.body = body;
  this.attributes = attributes;
  this.messageAttributes = messageAttributes;
  lazyMd5(this, body);
  this.eventSource = 'aws:sqs';
  this.eventSourceARN = eventSourceARN;
  this.awsRegion = awsRegion;
} as unknown as new (messageId: string, receiptHandle: string | undefined, body: string, attributes: unknown, messageAttributes: unknown, eventSourceARN: string, awsRegion: string) => Record<string, unknown>;
SqsRecord.prototype = Object.prototype;

/** An SQS event as a RecordsEvent: the batch's receive counts and receipt handles as they were at the receive. */
class SqsBatchEvent implements RecordsEvent {
  private readonly counts: number[];
  private readonly handles: Array<string | undefined>;

  public constructor(
    private readonly writer: SqsEventWriter,
    private readonly batch: readonly SqsMessage[],
    private readonly now: number,
  ) {
    const n = batch.length;
    this.counts = new Array<number>(n);
    for (let i = 0; i < n; i++) this.counts[i] = batch[i]!.receiveCount;
    this.handles = QueuedMessage.receiptHandlesOf(batch);
  }

  public value(): unknown {
    return this.writer.records(this.batch, this.counts, this.handles, this.now);
  }

  public partialJson(): string {
    return this.writer.partialJson(this.batch, this.counts, this.handles, this.now);
  }

  public get tail(): readonly string[] {
    return this.writer.recordTail;
  }
}

/** A record's messageAttributes: Lambda's shape (stringValue, the empty lists, dataType). */
function messageAttributesOf(m: SqsMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in m.attributes) {
    const a = m.attributes[k]!;
    const v = { stringValue: a.stringValue, stringListValues: [], binaryListValues: [], dataType: a.dataType };
    // As JSON.parse makes it: `__proto__` is an own property, not the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}
