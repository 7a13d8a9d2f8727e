import type { InvokeOutcome } from '../functions.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES, SYNC_PAYLOAD_LIMIT_BYTES } from '../limits.js';
import type { PlanFunction, PlanTarget } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import { ApiError, unsupported, type ApiRequest, type ApiResponse, type ServiceApi } from './protocol.js';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
/** The most of the log a `LogType: Tail` invocation returns (the last 4 KB). */
const LOG_TAIL_BYTES = 4096;

function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The function and qualifier a FunctionName (name, ARN or partial ARN, with an optional `:qualifier`) and a Qualifier name. */
export function targetOf(rt: Runtime, functionName: string, qualifierParam: string | null): { fn: PlanFunction; target: PlanTarget; arn: string } {
  const m = /^(?:(?:arn:aws[\w-]*:lambda:[\w-]+:)?\d{12}:function:)?([\w-]+)(?::([\w$-]+))?$/.exec(functionName);
  const name = m?.[1];
  const fn = name === undefined ? undefined : rt.plan.functions.find((f) => f.name === name);
  const qualifier = qualifierParam ?? m?.[2];
  if (m?.[2] !== undefined && qualifierParam !== null && qualifierParam !== m[2]) {
    throw new ApiError(400, 'InvalidParameterValueException', `The derived qualifier from the function name does not match the specified qualifier (${m[2]} and ${qualifierParam}).`);
  }
  const arn = fn ? fn.arn : name ? `arn:aws:lambda:${rt.plan.region}:${rt.plan.account}:function:${name}` : functionName;
  const full = qualifier !== undefined ? `${arn}:${qualifier}` : arn;
  const known = fn && (qualifier === undefined || qualifier === '$LATEST' || fn.versions.some((v) => v.version === qualifier) || fn.aliases.some((a) => a.name === qualifier));
  if (!fn || !known) {
    const names = rt.plan.functions.map((f) => f.name);
    throw new ApiError(404, 'ResourceNotFoundException', `Function not found: ${full} (not a function${fn ? ' version or alias' : ''} of the app's plan; ${names.length > 0 ? `its functions: ${names.join(', ')}` : 'it has no functions'}).`);
  }
  return { fn, target: { function: fn.id, ...(qualifier !== undefined ? { qualifier } : {}) }, arn: full };
}

function logTail(outcome: InvokeOutcome): string {
  const text = Buffer.from(`${outcome.logs.join('\n')}\n`);
  return text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString('base64');
}

async function invoke(rt: Runtime, req: ApiRequest, functionName: string): Promise<ApiResponse> {
  const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    throw new ApiError(400, 'InvalidParameterValueException', `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
  }
  const { fn, target } = targetOf(rt, decodeURIComponent(functionName), req.url.searchParams.get('Qualifier'));
  const payload = req.body.length === 0 ? '{}' : req.body.toString('utf8');
  try {
    JSON.parse(payload);
  } catch {
    throw new ApiError(400, 'InvalidRequestContentException', 'Could not parse request body into json: the payload is not valid JSON.');
  }
  const limit = type === 'Event' ? ASYNC_PAYLOAD_LIMIT_BYTES : SYNC_PAYLOAD_LIMIT_BYTES;
  if (req.body.length > limit) throw new ApiError(413, 'RequestTooLargeException', `Request must be smaller than ${limit} bytes for the ${type === 'Event' ? 'Invoke (asynchronous)' : 'InvokeFunction'} operation`);
  if (type === 'DryRun') return { status: 204 };
  const input = rt.inputFrom(req.caller, fn.id, true);
  if (type === 'Event') {
    await rt.invoke(target, payload, 'Event', input);
    return { status: 202 };
  }
  if (rt.stopsRecursion(fn, input)) {
    rt.recursionDropped(fn, input, undefined, payload);
    throw new ApiError(400, 'RecursiveInvocationException', `Lambda detected that ${fn.name} is being invoked in a recursive loop with other AWS resources and stopped the function's invocation (RecursiveLoop: Terminate).`);
  }
  const outcome = (await rt.invoke(target, payload, 'RequestResponse', input))!;
  const tail: Record<string, string> = req.headers['x-amz-log-type'] === 'Tail' ? { 'x-amz-log-result': logTail(outcome) } : {};
  if (outcome.status === 'throttled') {
    return json(429, { Reason: fn.reservedConcurrency !== undefined ? 'ReservedFunctionConcurrentInvocationLimitExceeded' : 'ConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
  }
  if (outcome.status === 'unavailable') throw new ApiError(400, 'UnsupportedOperation', outcome.error?.errorMessage ?? `${fn.id} cannot run locally`);
  const headers: Record<string, string> = { 'x-amz-executed-version': outcome.version, ...tail };
  if (outcome.status === 'error') return json(200, outcome.error, { ...headers, 'x-amz-function-error': 'Unhandled' });
  return { status: 200, headers: { 'content-type': 'application/json', ...headers }, body: outcome.json ?? 'null' };
}

/** The operation a REST path names, for the error of one not served. */
function operationOf(req: ApiRequest): string {
  const p = req.url.pathname;
  if (p.includes('/response-streaming-invocations')) return 'InvokeWithResponseStream';
  if (p.includes('/invoke-async')) return 'InvokeAsync';
  if (/^\/2015-03-31\/functions\/[^/]+\/?$/.test(p)) return req.method === 'GET' ? 'GetFunction' : req.method === 'DELETE' ? 'DeleteFunction' : '';
  if (/^\/2015-03-31\/functions\/?$/.test(p)) return req.method === 'GET' ? 'ListFunctions' : 'CreateFunction';
  return `${req.method} ${p}`;
}

/** Lambda on the REST-JSON protocol: Invoke (`RequestResponse`, `Event`, `DryRun`; `LogType: Tail`). */
export const LAMBDA_API: ServiceApi = {
  signingName: 'lambda',
  title: 'Lambda',
  operations: ['Invoke'],
  handle(rt, req) {
    const m = INVOKE_PATH.exec(req.url.pathname);
    if (!m || req.method !== 'POST') throw unsupported(LAMBDA_API, operationOf(req));
    return invoke(rt, req, m[1]!);
  },
  error(e, req) {
    return json(e.status, { Type: e.status < 500 ? 'User' : 'Service', message: e.message }, { 'x-amzn-errortype': e.code, 'x-amzn-requestid': req.requestId });
  },
};
