import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../functions.js';
import type { Runtime } from '../runtime.js';

/** An AWS API request as the local endpoint received it. */
export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  /** The path as sent, not normalized (`URL` would resolve `.` and `..` segments, which are part of an S3 key). */
  readonly rawPath: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The function environment that made the call, when it is one of the runtime's. */
  readonly caller?: Caller;
  /** The id of the request, in the response's request-id header and error documents. */
  readonly requestId: string;
}

/** What the endpoint answers. */
export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/**
 * An error the service returns, in its protocol's error shape: `code` as AWS names it
 * (`QueueDoesNotExist`, `NoSuchKey`, `ResourceNotFoundException`), `status` its HTTP status.
 */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** SQS's query-compatible error code (`x-amzn-query-error`), when it differs from `code`. */
    public readonly queryCode?: string,
  ) {
    super(message);
  }
}

/** One AWS service the endpoint serves. */
export interface ServiceApi {
  /** The signing name in the credential scope (`sqs`, `s3`, `lambda`, ...). */
  readonly signingName: string;
  /** The name a user knows (`SQS`, `S3`, `Lambda`). */
  readonly title: string;
  /** The operations served, for the error a call to another one gets. */
  readonly operations: readonly string[];
  handle(rt: Runtime, req: ApiRequest): Promise<ApiResponse> | ApiResponse;
  /** Its protocol's error document. */
  error(e: ApiError, req: ApiRequest): ApiResponse;
}

/** The error of an operation the simulator does not serve: names the service, the operation and what it serves. */
export function unsupported(api: Pick<ServiceApi, 'title' | 'operations'>, operation: string): ApiError {
  return new ApiError(
    400,
    'UnsupportedOperation',
    `lambdaform's local runtime does not serve ${api.title} ${operation || '(an unknown operation)'}; it serves ${api.operations.join(', ')}. The call did not reach AWS.`,
  );
}

/** A required string parameter, or a validation error naming it. */
export function required(input: Record<string, unknown>, name: string, code = 'ValidationException'): string {
  const v = input[name];
  if (typeof v !== 'string' || v === '') throw new ApiError(400, code, `The request must contain the parameter ${name}.`);
  return v;
}

// ------------------------------------------------------------ AWS JSON 1.0 / 1.1

/**
 * A service on the AWS JSON protocol (SQS, DynamoDB, Kinesis, EventBridge): the operation in
 * `X-Amz-Target: <prefix>.<Operation>`, input and output as JSON documents, errors as
 * `{ __type, message }`.
 */
export function jsonService(options: {
  signingName: string;
  title: string;
  targetPrefix: string;
  version: '1.0' | '1.1';
  /** The namespace of error types (`com.amazonaws.sqs#`). */
  errorNamespace?: string;
  operations: Readonly<Record<string, (rt: Runtime, input: Record<string, unknown>, req: ApiRequest) => unknown>>;
}): ServiceApi {
  const contentType = `application/x-amz-json-${options.version}`;
  const api: ServiceApi = {
    signingName: options.signingName,
    title: options.title,
    operations: Object.keys(options.operations),
    async handle(rt, req) {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith(`${options.targetPrefix}.`) ? target.slice(options.targetPrefix.length + 1) : '';
      const fn = Object.hasOwn(options.operations, op) ? options.operations[op] : undefined;
      if (!fn) throw unsupported(api, op || target);
      let input: Record<string, unknown>;
      try {
        input = req.body.length === 0 ? {} : (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>);
      } catch {
        throw new ApiError(400, 'SerializationException', 'The request body is not valid JSON.');
      }
      const output = await fn(rt, input ?? {}, req);
      return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(output ?? {}) };
    },
    error(e, req) {
      return {
        status: e.status,
        headers: {
          'content-type': contentType,
          'x-amzn-requestid': req.requestId,
          ...(e.queryCode ? { 'x-amzn-query-error': `${e.queryCode};${e.status < 500 ? 'Sender' : 'Receiver'}` } : {}),
        },
        body: JSON.stringify({ __type: `${options.errorNamespace ?? ''}${e.code}`, message: e.message }),
      };
    },
  };
  return api;
}

// ------------------------------------------------------------ XML

/** Text escaped for XML content and attributes. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c]!);
}

/** An XML element with text content, or nothing when the value is undefined. */
export function xmlElement(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}
