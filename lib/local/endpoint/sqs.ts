import { hash } from 'node:crypto';
import { LambdaformError } from '../../core/errors.js';
import type { Runtime } from '../runtime.js';
import { messageSize, sequenceNumber, type SimQueue, type SqsMessage } from '../services/sqs.js';
import { ApiError, jsonService, required, type ApiRequest } from './protocol.js';

type Input = Record<string, unknown>;
type Attributes = SqsMessage['attributes'];

/** SQS's limits on what a request carries. */
const MAX_BATCH_ENTRIES = 10;
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_WAIT_SECONDS = 20;
/** How often a long poll looks again while it waits (wall ms, as a handler's time is wall time). */
const LONG_POLL_STEP_MS = 20;

function queueDoesNotExist(rt: Runtime, what: string): ApiError {
  const names = rt.plan.queues.map((q) => q.name);
  return new ApiError(
    400,
    'QueueDoesNotExist',
    `The specified queue does not exist: ${what} is not a queue of the app's plan (${names.length > 0 ? `its queues: ${names.join(', ')}` : 'it has no queues'}).`,
    'AWS.SimpleQueueService.NonExistentQueue',
  );
}

function invalid(message: string, code = 'InvalidParameterValue'): ApiError {
  return new ApiError(400, code, message, code);
}

/** The queue a QueueUrl names: by its account and name, whatever the host (the plan's URLs name a placeholder endpoint). */
function queueOf(rt: Runtime, input: Input): SimQueue {
  const url = required(input, 'QueueUrl', 'MissingParameter');
  const name = url.replace(/\/+$/, '').split('/').pop() ?? '';
  const q = rt.plan.queues.find((p) => p.name === name || p.url === url);
  if (!q) throw queueDoesNotExist(rt, url);
  return rt.queue(q.id);
}

function integer(input: Input, name: string, min: number, max: number): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(`Value ${JSON.stringify(v)} for parameter ${name} is invalid. Reason: must be an integer from ${min} to ${max}.`);
  }
  return v;
}

/** A request's message attributes in the queue's form, unchecked (for counting a batch's size). */
function rawAttributes(raw: unknown): Attributes {
  const out: Record<string, { dataType: string; stringValue: string }> = {};
  for (const [name, a] of Object.entries((raw ?? {}) as Record<string, { DataType?: string; StringValue?: string; BinaryValue?: string }>)) {
    out[name] = { dataType: a?.DataType ?? '', stringValue: a?.StringValue ?? a?.BinaryValue ?? '' };
  }
  return out;
}

/** Message attributes of a request in the simulated queue's form; Binary values kept as base64. */
function attributesOf(raw: unknown): Attributes {
  if (raw === undefined || raw === null) return {};
  const out: Record<string, { dataType: string; stringValue: string }> = {};
  const entries = Object.entries(raw as Record<string, { DataType?: string; StringValue?: string; BinaryValue?: string }>);
  if (entries.length > 10) throw invalid(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  for (const [name, a] of entries) {
    const type = a?.DataType ?? '';
    if (!/^(String|Number|Binary)(\..+)?$/.test(type)) throw invalid(`The message attribute '${name}' has an invalid message attribute type ${JSON.stringify(type)}: String, Number or Binary (with an optional .custom suffix).`);
    const value = type.startsWith('Binary') ? a.BinaryValue : a.StringValue;
    if (typeof value !== 'string' || value === '') throw invalid(`The message attribute '${name}' must contain a non-empty message attribute value for message attribute type '${type}'.`);
    out[name] = { dataType: type, stringValue: value };
  }
  return out;
}

/** MD5OfMessageAttributes as SQS computes it: per attribute in name order, length-prefixed name, type, transport type and value. */
export function md5OfAttributes(attributes: Attributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const field = (b: Buffer): void => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    parts.push(len, b);
  };
  for (const n of names) {
    const a = attributes[n]!;
    field(Buffer.from(n));
    field(Buffer.from(a.dataType));
    const binary = a.dataType.startsWith('Binary');
    parts.push(Buffer.from([binary ? 2 : 1]));
    field(binary ? Buffer.from(a.stringValue, 'base64') : Buffer.from(a.stringValue));
  }
  return hash('md5', Buffer.concat(parts), 'hex');
}

interface Entry {
  readonly MessageBody?: unknown;
  readonly DelaySeconds?: unknown;
  readonly MessageAttributes?: unknown;
  readonly MessageGroupId?: unknown;
  readonly MessageDeduplicationId?: unknown;
}

/** Sends one message as SQS does, from the caller's invocation; what SendMessage answers. */
function send(rt: Runtime, q: SimQueue, e: Entry, req: ApiRequest): Record<string, string> {
  const body = e.MessageBody;
  if (typeof body !== 'string' || body === '') throw invalid('The request must contain the parameter MessageBody.', 'MissingParameter');
  const delay = integer(e as Input, 'DelaySeconds', 0, MAX_DELAY_SECONDS);
  const attributes = attributesOf(e.MessageAttributes);
  const groupId = typeof e.MessageGroupId === 'string' ? e.MessageGroupId : undefined;
  const dedup = typeof e.MessageDeduplicationId === 'string' ? e.MessageDeduplicationId : undefined;
  if (q.plan.fifo) {
    if (groupId === undefined) throw invalid('The request must contain the parameter MessageGroupId.', 'MissingParameter');
    if (delay !== undefined && delay > 0) throw invalid(`Value ${delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`);
    if (dedup === undefined && !q.plan.contentBasedDeduplication) throw invalid('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  } else if (dedup !== undefined) {
    throw invalid('Value for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.');
  }
  const input = rt.inputFrom(req.caller, q.plan.id, true);
  const messageId = rt.messageId();
  let sent: SqsMessage | undefined;
  try {
    sent = rt.sendMessage(q.plan.id, body, input, {
      messageId,
      ...(delay !== undefined ? { delaySeconds: delay } : {}),
      ...(groupId !== undefined ? { groupId } : {}),
      ...(dedup !== undefined ? { deduplicationId: dedup } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    });
  } catch (err) {
    // Refused after all (too large): the input ends here, as the caller gets the error.
    if (!(err instanceof LambdaformError)) throw err;
    rt.ledger.settle(input, 'discarded', rt.sim.now(), { reason: `refused by ${q.plan.id}: ${err.detail}` });
    throw invalid(`One or more parameters are invalid. Reason: ${err.detail}`);
  }
  const attrsMd5 = md5OfAttributes(attributes);
  return {
    MD5OfMessageBody: rt.md5(body),
    ...(attrsMd5 ? { MD5OfMessageAttributes: attrsMd5 } : {}),
    MessageId: messageId,
    ...(q.plan.fifo && sent ? { SequenceNumber: sequenceNumber(sent) } : {}),
  };
}

/** The in-flight message a receipt handle names, or an error; undefined for a stale handle (the message was received again). */
function received(q: SimQueue, handle: string): SqsMessage | undefined {
  const m = q.byReceipt(handle);
  if (m === null) throw invalid(`The input receipt handle "${handle}" is not a valid receipt handle.`, 'ReceiptHandleIsInvalid');
  return m;
}

function entriesOf(input: Input, name: string): Array<Record<string, unknown>> {
  const entries = input[name];
  if (!Array.isArray(entries) || entries.length === 0) throw invalid(`There should be at least one ${name.replace(/Entries$/, '')}Entry in the request.`, 'EmptyBatchRequest');
  if (entries.length > MAX_BATCH_ENTRIES) throw invalid(`Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`, 'TooManyEntriesInBatchRequest');
  const ids = new Set<string>();
  for (const e of entries as Array<Record<string, unknown>>) {
    const id = String(e.Id ?? '');
    if (ids.has(id)) throw invalid(`Id ${id} repeated.`, 'BatchEntryIdsNotDistinct');
    ids.add(id);
  }
  return entries as Array<Record<string, unknown>>;
}

function failure(e: Record<string, unknown>, err: unknown): Record<string, unknown> {
  if (!(err instanceof ApiError)) throw err;
  return { Id: e.Id, SenderFault: true, Code: err.code, Message: err.message };
}

/** The attributes of a received message, as ReceiveMessage returns the ones asked for. */
function systemAttributes(rt: Runtime, q: SimQueue, m: SqsMessage, asked: readonly string[]): Record<string, string> | undefined {
  if (asked.length === 0) return undefined;
  const all: Record<string, string> = {
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    SentTimestamp: String(Math.round(rt.sim.startEpochMs + m.sentAt)),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(Math.round(rt.sim.startEpochMs + (m.firstReceiveAt ?? rt.sim.now()))),
    ...(q.plan.fifo && m.groupId !== undefined ? { MessageGroupId: m.groupId, SequenceNumber: sequenceNumber(m) } : {}),
    ...(q.plan.fifo && m.deduplicationId !== undefined ? { MessageDeduplicationId: m.deduplicationId } : {}),
  };
  const out = asked.includes('All') ? all : Object.fromEntries(Object.entries(all).filter(([k]) => asked.includes(k)));
  return Object.keys(out).length > 0 ? out : undefined;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function receive(rt: Runtime, q: SimQueue, input: Input): Record<string, unknown> {
  const max = integer(input, 'MaxNumberOfMessages', 1, 10) ?? 1;
  const visibility = integer(input, 'VisibilityTimeout', 0, MAX_VISIBILITY_SECONDS);
  const messages = q.receive(max, visibility ?? q.plan.visibilityTimeoutSeconds);
  if (messages.length === 0) return {};
  const asked = [...stringList(input.MessageSystemAttributeNames), ...stringList(input.AttributeNames)];
  const names = stringList(input.MessageAttributeNames);
  return {
    Messages: messages.map((m) => {
      m.input.receives = (m.input.receives ?? 0) + 1;
      const picked = Object.fromEntries(
        Object.entries(m.attributes)
          .filter(([k]) => names.some((n) => n === 'All' || n === '.*' || n === k || (n.endsWith('.*') && k.startsWith(n.slice(0, -1)))))
          .map(([k, a]) => [k, a.dataType.startsWith('Binary') ? { DataType: a.dataType, BinaryValue: a.stringValue } : { DataType: a.dataType, StringValue: a.stringValue }]),
      );
      const attrs = systemAttributes(rt, q, m, asked);
      const attrsMd5 = md5OfAttributes(Object.fromEntries(Object.entries(m.attributes).filter(([k]) => Object.hasOwn(picked, k))));
      return {
        MessageId: m.messageId,
        ReceiptHandle: m.receiptHandle,
        MD5OfBody: rt.md5(m.body),
        Body: m.body,
        ...(attrs ? { Attributes: attrs } : {}),
        ...(Object.keys(picked).length > 0 ? { MessageAttributes: picked } : {}),
        ...(attrsMd5 && Object.keys(picked).length > 0 ? { MD5OfMessageAttributes: attrsMd5 } : {}),
      };
    }),
  };
}

function deleteMessage(rt: Runtime, q: SimQueue, handle: string): void {
  const m = received(q, handle);
  if (m && q.delete(m, handle)) rt.ledger.settle(m.input, 'processed', rt.sim.now());
}

/**
 * SQS on AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<Operation>`), the operations handlers use.
 * Errors carry SQS's query-compatible codes (`x-amzn-query-error`) as SQS sends them.
 */
export const SQS_API = jsonService({
  signingName: 'sqs',
  title: 'SQS',
  targetPrefix: 'AmazonSQS',
  version: '1.0',
  errorNamespace: 'com.amazonaws.sqs#',
  operations: {
    SendMessage: (rt, input, req) => send(rt, queueOf(rt, input), input, req),
    SendMessageBatch: (rt, input, req) => {
      const q = queueOf(rt, input);
      const entries = entriesOf(input, 'Entries');
      // Bodies and message attributes (names, types and values), as SQS counts a batch.
      const total = entries.reduce((n, e) => n + messageSize(String(e.MessageBody ?? ''), rawAttributes(e.MessageAttributes)), 0);
      if (total > q.plan.maxMessageSizeBytes) throw invalid(`Batch requests cannot be longer than ${q.plan.maxMessageSizeBytes} bytes. You have sent ${total} bytes.`, 'BatchRequestTooLong');
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const e of entries) {
        try {
          Successful.push({ Id: e.Id, ...send(rt, q, e, req) });
        } catch (err) {
          Failed.push(failure(e, err));
        }
      }
      return { Successful, Failed };
    },
    ReceiveMessage: async (rt, input, req) => {
      const q = queueOf(rt, input);
      const wait = integer(input, 'WaitTimeSeconds', 0, MAX_WAIT_SECONDS) ?? q.plan.receiveWaitTimeSeconds;
      let out = receive(rt, q, input);
      // A long poll from a running handler waits (on its wall-clock time) for a message; from outside an invocation it answers at once.
      const deadline = performance.now() + wait * 1000;
      while (!out.Messages && req.caller && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, LONG_POLL_STEP_MS));
        out = receive(rt, q, input);
      }
      return out;
    },
    DeleteMessage: (rt, input) => {
      deleteMessage(rt, queueOf(rt, input), required(input, 'ReceiptHandle', 'MissingParameter'));
      return {};
    },
    DeleteMessageBatch: (rt, input) => {
      const q = queueOf(rt, input);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const e of entriesOf(input, 'Entries')) {
        try {
          deleteMessage(rt, q, String(e.ReceiptHandle ?? ''));
          Successful.push({ Id: e.Id });
        } catch (err) {
          Failed.push(failure(e, err));
        }
      }
      return { Successful, Failed };
    },
    ChangeMessageVisibility: (rt, input) => {
      const q = queueOf(rt, input);
      const handle = required(input, 'ReceiptHandle', 'MissingParameter');
      const seconds = integer(input, 'VisibilityTimeout', 0, MAX_VISIBILITY_SECONDS);
      if (seconds === undefined) throw invalid('The request must contain the parameter VisibilityTimeout.', 'MissingParameter');
      const m = received(q, handle);
      if (!m || !q.changeVisibility(m, handle, seconds)) throw invalid(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`, 'MessageNotInflight');
      return {};
    },
    GetQueueAttributes: (rt, input) => {
      const q = queueOf(rt, input);
      const asked = stringList(input.AttributeNames);
      const p = q.plan;
      const all: Record<string, string> = {
        QueueArn: p.arn,
        ApproximateNumberOfMessages: String(q.visible),
        ApproximateNumberOfMessagesNotVisible: String(q.inFlight),
        ApproximateNumberOfMessagesDelayed: String(q.delayed),
        CreatedTimestamp: String(Math.floor(rt.sim.startEpochMs / 1000)),
        LastModifiedTimestamp: String(Math.floor(rt.sim.startEpochMs / 1000)),
        VisibilityTimeout: String(p.visibilityTimeoutSeconds),
        MaximumMessageSize: String(p.maxMessageSizeBytes),
        MessageRetentionPeriod: String(p.retentionPeriodSeconds),
        DelaySeconds: String(p.delaySeconds),
        ReceiveMessageWaitTimeSeconds: String(p.receiveWaitTimeSeconds),
        SqsManagedSseEnabled: 'true',
        ...(p.deadLetter ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: rt.queue(p.deadLetter.queue).plan.arn, maxReceiveCount: p.deadLetter.maxReceiveCount }) } : {}),
        ...(p.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: String(p.contentBasedDeduplication) } : {}),
      };
      for (const name of asked) {
        if (name !== 'All' && !(name in all) && !/^(Policy|KmsMasterKeyId|KmsDataKeyReusePeriodSeconds|RedriveAllowPolicy|DeduplicationScope|FifoThroughputLimit|RedrivePolicy|FifoQueue|ContentBasedDeduplication)$/.test(name)) {
          throw invalid(`Unknown Attribute ${name}.`, 'InvalidAttributeName');
        }
      }
      const picked = asked.includes('All') ? all : Object.fromEntries(Object.entries(all).filter(([k]) => asked.includes(k)));
      return Object.keys(picked).length > 0 ? { Attributes: picked } : {};
    },
    PurgeQueue: (rt, input) => {
      const q = queueOf(rt, input);
      try {
        rt.purgeQueue(q.plan.id);
      } catch (e) {
        if (e instanceof LambdaformError && e.detail.startsWith('PurgeQueueInProgress')) throw invalid(`Only one PurgeQueue operation on ${q.plan.name} is allowed every 60 seconds.`, 'PurgeQueueInProgress');
        throw e;
      }
      return {};
    },
    GetQueueUrl: (rt, input) => {
      const name = required(input, 'QueueName', 'MissingParameter');
      const q = rt.plan.queues.find((p) => p.name === name);
      if (!q) throw queueDoesNotExist(rt, name);
      return { QueueUrl: rt.functions.localUrl(q.url) };
    },
  },
});
