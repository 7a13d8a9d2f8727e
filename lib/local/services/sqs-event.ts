import { hash } from 'node:crypto';
import type { PlanQueue } from '../plan/types.js';
import { sequenceNumber, type SqsMessage } from './sqs.js';

/** The SenderId of every local message (an IAM role id and session name, as SQS reports a role's sends). */
export const SENDER_ID = 'AROAEXAMPLE:lambdaform';

/**
 * The SQS event Lambda sends for a batch, in the shape and key order of the AWS documentation's
 * examples (FIFO attributes between SentTimestamp and ApproximateFirstReceiveTimestamp), made two
 * ways that give the same event:
 * - `json`: the JSON text (for a worker thread). Written by hand: this runs for every message, and
 *   it is twice as fast as JSON.stringify of the object.
 * - `value`: a function that makes the event's value, as JSON.parse of the text gives it (new
 *   objects at every call), for in-process handlers: no text to write and parse again.
 *
 * Both read the messages as they are at the receive (`snapshot`): their receive counts and
 * receipt handles then, whenever the event is made.
 */
export class SqsEventWriter {
  private readonly tail: string;

  public constructor(
    private readonly queue: PlanQueue,
    private readonly region: string,
    private readonly startEpochMs: number,
  ) {
    this.tail = `,"eventSource":"aws:sqs","eventSourceARN":${JSON.stringify(queue.arn)},"awsRegion":${JSON.stringify(region)}}`;
  }

  /** The event as JSON text. */
  public json(batch: readonly SqsMessage[], now: number): string {
    let out = '{"Records":[';
    for (let i = 0; i < batch.length; i++) {
      if (i > 0) out += ',';
      out += this.record(batch[i]!, now);
    }
    return `${out}]}`;
  }

  /** A function that makes the event's value (new objects each call) from the messages as they are now. */
  public value(batch: readonly SqsMessage[], now: number): () => unknown {
    const n = batch.length;
    const counts = new Array<number>(n);
    const handles = new Array<string | undefined>(n);
    for (let i = 0; i < n; i++) {
      counts[i] = batch[i]!.receiveCount;
      handles[i] = batch[i]!.receiptHandle;
    }
    return () => {
      const records = new Array<unknown>(n);
      for (let i = 0; i < n; i++) records[i] = this.object(batch[i]!, counts[i]!, handles[i], now);
      return { Records: records };
    };
  }

  private attributesJson(m: SqsMessage, now: number): string {
    const sent = `{"ApproximateReceiveCount":"${m.receiveCount}","SentTimestamp":"${Math.floor(this.startEpochMs + m.sentAt)}",`;
    const firstReceive = `"ApproximateFirstReceiveTimestamp":"${Math.floor(this.startEpochMs + (m.firstReceiveAt ?? now))}"}`;
    return this.queue.fifo
      ? `${sent}"SequenceNumber":"${sequenceNumber(m)}","MessageGroupId":${JSON.stringify(m.groupId ?? '')},"SenderId":"${SENDER_ID}","MessageDeduplicationId":${JSON.stringify(m.deduplicationId ?? '')},${firstReceive}`
      : `${sent}"SenderId":"${SENDER_ID}",${firstReceive}`;
  }

  private record(m: SqsMessage, now: number): string {
    let messageAttributes = '{}';
    for (const _ in m.attributes) {
      messageAttributes = JSON.stringify(messageAttributesOf(m));
      break;
    }
    return `{"messageId":${JSON.stringify(m.messageId)},"receiptHandle":${JSON.stringify(m.receiptHandle)},"body":${JSON.stringify(m.body)},"attributes":${this.attributesJson(m, now)},"messageAttributes":${messageAttributes},"md5OfBody":"${hash('md5', m.body)}"${this.tail}`;
  }

  private object(m: SqsMessage, receiveCount: number, receiptHandle: string | undefined, now: number): unknown {
    const sentTimestamp = String(Math.floor(this.startEpochMs + m.sentAt));
    const firstReceive = String(Math.floor(this.startEpochMs + (m.firstReceiveAt ?? now)));
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
    const record = {
      messageId: m.messageId,
      receiptHandle,
      body: m.body,
      attributes,
      messageAttributes: messageAttributesOf(m),
      // Computed now: a lazy accessor (a getter per record) costs more than the MD5 of a short body.
      md5OfBody: hash('md5', m.body),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queue.arn,
      awsRegion: this.region,
    };
    // JSON text leaves out an undefined receipt handle (a message never received: not in an event).
    if (receiptHandle === undefined) delete (record as { receiptHandle?: string }).receiptHandle;
    return record;
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
