import { createHash } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import type { SnsAttribute } from '../services/sns.js';
import { ApiError, unsupported, xmlElement, xmlEscape, type ApiRequest, type ServiceApi } from './protocol.js';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** SNS's largest message: 256 KiB, body and attributes. */
const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;
const MAX_SUBJECT_CHARS = 100;

type Params = URLSearchParams;

function invalid(message: string, code = 'InvalidParameter'): ApiError {
  return new ApiError(400, code, message);
}

/** The topic a TopicArn (or TargetArn) names. */
function topicOf(rt: Runtime, params: Params): string {
  const arn = params.get('TopicArn') ?? params.get('TargetArn');
  if (!arn) throw invalid(params.has('PhoneNumber') ? 'lambdaform does not send SMS: publish to a topic (TopicArn).' : 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  const t = rt.plan.topics.find((p) => p.arn === arn);
  if (!t) {
    const arns = rt.plan.topics.map((p) => p.arn);
    throw new ApiError(404, 'NotFound', `Topic does not exist: ${arn} is not a topic of the app's plan (${arns.length > 0 ? `its topics: ${arns.join(', ')}` : 'it has no topics'}).`);
  }
  return t.id;
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` | `.Value.BinaryValue` under `prefix`. */
function attributesOf(params: Params, prefix: string): Record<string, SnsAttribute> {
  const out: Record<string, SnsAttribute> = {};
  for (let i = 1; params.has(`${prefix}MessageAttributes.entry.${i}.Name`); i++) {
    const p = `${prefix}MessageAttributes.entry.${i}.`;
    const name = params.get(`${p}Name`)!;
    const type = params.get(`${p}Value.DataType`) ?? '';
    if (!/^(String|Number|Binary|String\.Array)(\..+)?$/.test(type)) throw invalid(`Invalid parameter: MessageAttributes Reason: The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    const value = type.startsWith('Binary') ? params.get(`${p}Value.BinaryValue`) : params.get(`${p}Value.StringValue`);
    if (value === null) throw invalid(`Invalid parameter: MessageAttributes Reason: The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
    out[name] = { Type: type, Value: value };
  }
  return out;
}

/** Publishes one message from the caller's invocation; its message id (and a FIFO sequence number). */
function publish(rt: Runtime, topicId: string, params: Params, prefix: string, req: ApiRequest): { messageId: string; sequenceNumber?: string } {
  const message = params.get(`${prefix}Message`);
  if (message === null || message === '') throw invalid('Invalid parameter: Message Reason: Empty message');
  if (params.get(`${prefix}MessageStructure`) !== null) throw invalid("lambdaform's local SNS does not serve MessageStructure (a message per protocol); publish one message for every subscriber.", 'UnsupportedOperation');
  const subject = params.get(`${prefix}Subject`) ?? undefined;
  if (subject !== undefined && (subject.length === 0 || subject.length > MAX_SUBJECT_CHARS || /[\r\n]/.test(subject))) throw invalid(`Invalid parameter: Subject Reason: must be 1-${MAX_SUBJECT_CHARS} characters without line breaks`);
  const attributes = attributesOf(params, prefix);
  const size = Buffer.byteLength(message) + Object.entries(attributes).reduce((n, [k, a]) => n + Buffer.byteLength(k) + Buffer.byteLength(a.Type) + Buffer.byteLength(a.Value), 0);
  if (size > MAX_MESSAGE_BYTES) throw invalid(`Invalid parameter: Message too long (${size} bytes; at most ${MAX_MESSAGE_BYTES})`);
  const topic = rt.plan.topics.find((t) => t.id === topicId)!;
  const groupId = params.get(`${prefix}MessageGroupId`) ?? undefined;
  let dedup = params.get(`${prefix}MessageDeduplicationId`) ?? undefined;
  if (topic.fifo) {
    if (groupId === undefined) throw invalid('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    if (dedup === undefined && !topic.contentBasedDeduplication) throw invalid('Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    dedup ??= createHash('sha256').update(message).digest('hex');
  } else if (dedup !== undefined) {
    throw invalid('Invalid parameter: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
  }
  const messageId = rt.messageId();
  const input = rt.inputFrom(req.caller, topicId, true);
  rt.topics.publish(topicId, message, attributes, input, false, subject, { messageId, ...(groupId !== undefined ? { groupId } : {}), ...(dedup !== undefined ? { deduplicationId: dedup } : {}) });
  return { messageId, ...(topic.fifo ? { sequenceNumber: String(++fifoSequence).padStart(20, '0') } : {}) };
}

let fifoSequence = 0;

function response(action: string, result: string, requestId: string): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

const OPERATIONS: Readonly<Record<string, (rt: Runtime, params: Params, req: ApiRequest) => string>> = {
  Publish: (rt, params, req) => {
    const r = publish(rt, topicOf(rt, params), params, '', req);
    return `${xmlElement('MessageId', r.messageId)}${xmlElement('SequenceNumber', r.sequenceNumber)}`;
  },
  PublishBatch: (rt, params, req) => {
    const topicId = topicOf(rt, params);
    const prefixes: string[] = [];
    for (let i = 1; params.has(`PublishBatchRequestEntries.member.${i}.Id`); i++) prefixes.push(`PublishBatchRequestEntries.member.${i}.`);
    if (prefixes.length === 0) throw invalid('The batch request does not contain any entries.', 'EmptyBatchRequest');
    if (prefixes.length > MAX_BATCH_ENTRIES) throw invalid(`The batch request contains more entries than permissible (${prefixes.length}; at most ${MAX_BATCH_ENTRIES}).`, 'TooManyEntriesInBatchRequest');
    const ids = prefixes.map((p) => params.get(`${p}Id`)!);
    if (new Set(ids).size !== ids.length) throw invalid('Two or more batch entries in the request have the same Id.', 'BatchEntryIdsNotDistinct');
    const total = prefixes.reduce((n, p) => n + Buffer.byteLength(params.get(`${p}Message`) ?? ''), 0);
    if (total > MAX_MESSAGE_BYTES) throw invalid(`The length of all the messages put together is more than the limit (${total} bytes; at most ${MAX_MESSAGE_BYTES}).`, 'BatchRequestTooLong');
    let ok = '';
    let failed = '';
    prefixes.forEach((p, i) => {
      try {
        const r = publish(rt, topicId, params, p, req);
        ok += `<member>${xmlElement('Id', ids[i])}${xmlElement('MessageId', r.messageId)}${xmlElement('SequenceNumber', r.sequenceNumber)}</member>`;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        failed += `<member>${xmlElement('Id', ids[i])}${xmlElement('Code', e.code)}${xmlElement('Message', e.message)}${xmlElement('SenderFault', true)}</member>`;
      }
    });
    return `<Successful>${ok}</Successful><Failed>${failed}</Failed>`;
  },
};

/** SNS on the AWS query protocol: form-encoded `Action=Publish&...`, XML responses and errors. */
export const SNS_API: ServiceApi = {
  signingName: 'sns',
  title: 'SNS',
  operations: Object.keys(OPERATIONS),
  handle(rt, req) {
    const params = new URLSearchParams(req.body.toString('utf8'));
    for (const [k, v] of req.url.searchParams) if (!params.has(k)) params.set(k, v);
    const action = params.get('Action') ?? '';
    const op = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
    if (!op) throw unsupported(SNS_API, action);
    return response(action, op(rt, params, req), req.requestId);
  },
  error(e, req) {
    return {
      status: e.status,
      headers: { 'content-type': 'text/xml' },
      body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${req.requestId}</RequestId></ErrorResponse>`,
    };
  },
};
