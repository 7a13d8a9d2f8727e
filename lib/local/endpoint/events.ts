import type { Runtime } from '../runtime.js';
import { ApiError, jsonService, type ApiRequest } from './protocol.js';
import { DEFAULT_EVENT_BUS } from '../services/event-bus.js';

const MAX_ENTRIES = 10;
/** PutEvents' largest request: 256 KB of entries (source, detail type, detail, resources). */
const MAX_REQUEST_BYTES = 262_144;

interface Entry {
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly Resources?: unknown;
  readonly EventBusName?: unknown;
  readonly Time?: unknown;
}

/** Whether an EventBusName names the default bus (the one bus the plan's rules are on). */
function isDefaultBus(rt: Runtime, name: unknown): boolean {
  return name === undefined || name === null || name === 'default' || name === `arn:aws:events:${rt.plan.region}:${rt.plan.account}:event-bus/default`;
}

/** One entry put on the bus, or why it failed (as PutEvents reports a failed entry). */
function put(rt: Runtime, e: Entry, req: ApiRequest): { EventId: string } | { ErrorCode: string; ErrorMessage: string } {
  for (const [field, v] of [['Source', e.Source], ['DetailType', e.DetailType], ['Detail', e.Detail]] as const) {
    if (typeof v !== 'string' || v === '') return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
  }
  if (!isDefaultBus(rt, e.EventBusName)) {
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${String(e.EventBusName)} does not exist: lambdaform's plan has the default event bus only.` };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(e.Detail as string);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object.' };
  const id = rt.random.uuid();
  const input = rt.inputFrom(req.caller, DEFAULT_EVENT_BUS, false);
  const resources = Array.isArray(e.Resources) ? e.Resources.filter((r): r is string => typeof r === 'string') : [];
  rt.bus.putEvent({ source: e.Source as string, detailType: e.DetailType as string, detail, resources, id, ...(typeof e.Time === 'number' ? { time: e.Time * 1000 } : {}) }, input);
  return { EventId: id };
}

/** EventBridge on AWS JSON 1.1: PutEvents on the default bus (events reach the rules whose patterns match). */
export const EVENTS_API = jsonService({
  signingName: 'events',
  title: 'EventBridge',
  targetPrefix: 'AWSEvents',
  version: '1.1',
  operations: {
    PutEvents: (rt, input, req) => {
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
        throw new ApiError(400, 'ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`);
      }
      const size = (entries as Entry[]).reduce((n, e) => n + [e.Source, e.DetailType, e.Detail, ...(Array.isArray(e.Resources) ? e.Resources : [])].reduce<number>((m, v) => m + (typeof v === 'string' ? Buffer.byteLength(v) : 0), 14), 0);
      if (size > MAX_REQUEST_BYTES) throw new ApiError(400, 'ValidationException', `Total size of the entries in the request is over the limit (${size} bytes; at most ${MAX_REQUEST_BYTES}).`);
      const results = (entries as Entry[]).map((e) => put(rt, e, req));
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    },
  },
});
