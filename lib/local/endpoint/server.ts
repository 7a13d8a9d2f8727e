import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import type { Runtime } from '../runtime.js';
import { ApiError, type ApiRequest, type ApiResponse, type ServiceApi } from './protocol.js';
import { DYNAMODB_API } from './dynamodb.js';
import { EVENTS_API } from './events.js';
import { KINESIS_API } from './kinesis.js';
import { LAMBDA_API } from './lambda.js';
import { S3_API } from './s3.js';
import { SNS_API } from './sns.js';
import { SQS_API } from './sqs.js';

/** The services the endpoint serves, by signing name. */
const SERVICES: ReadonlyMap<string, ServiceApi> = new Map([SQS_API, SNS_API, S3_API, LAMBDA_API, DYNAMODB_API, KINESIS_API, EVENTS_API].map((s) => [s.signingName, s]));

/** The service and access key a request was signed for (SigV4 `Authorization` header, or a presigned URL's `X-Amz-Credential`). */
export function credentialScope(req: { headers: http.IncomingHttpHeaders; url: URL }): { accessKeyId: string; service: string } | undefined {
  const auth = String(req.headers.authorization ?? '');
  const credential = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? req.url.searchParams.get('X-Amz-Credential') ?? '';
  const m = /^([^/]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request$/.exec(credential);
  return m ? { accessKeyId: m[1]!, service: m[2]! } : undefined;
}

/**
 * A socket whose first bytes were read already, as a stream that gives them again: HTTP/2 reads
 * a socket's handle directly, past bytes put back with `unshift`.
 */
function prefixed(socket: net.Socket, head: Buffer): Duplex {
  const d = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _enc, cb) => void socket.write(chunk, cb),
    final: (cb) => void socket.end(cb),
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  d.push(head);
  socket.on('data', (c: Buffer) => {
    if (!d.push(c)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('error', (e) => d.destroy(e));
  socket.on('close', () => d.destroy());
  return d;
}

/**
 * The runtime's loopback endpoint for the AWS SDK: handlers' `AWS_ENDPOINT_URL`. It listens on
 * 127.0.0.1 on a free port and speaks each service's wire protocol (AWS JSON for SQS, DynamoDB,
 * Kinesis and EventBridge, query for SNS, REST-XML for S3, REST-JSON for Lambda) for the
 * operations handlers use. The service comes from the request's SigV4 credential scope, the
 * caller from its access key id (each execution environment has its own). A call to anything
 * else gets an error naming the service and operation: nothing reaches AWS.
 */
export class LocalEndpoint {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private url: string | undefined;

  public constructor(private readonly rt: Runtime) {}

  /** The base URL (`http://127.0.0.1:<port>`), once listening. */
  public get address(): string {
    if (!this.url) throw new Error('the local endpoint is not listening');
    return this.url;
  }

  /**
   * Listens on 127.0.0.1, a free port, for HTTP/1.1 and cleartext HTTP/2 (the Kinesis client
   * speaks HTTP/2 by default): each connection goes to the server its first bytes name (HTTP/2's
   * preface starts `PRI `).
   */
  public async listen(): Promise<string> {
    if (this.url) return this.url;
    const serve = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): void => void this.serve(req, res);
    const h1 = http.createServer(serve);
    h1.keepAliveTimeout = 60_000;
    const h2 = http2.createServer(serve);
    const server = net.createServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.once('data', (head) => {
        socket.pause();
        if (head.subarray(0, 4).toString('latin1') === 'PRI ') h2.emit('connection', prefixed(socket, head));
        else {
          socket.unshift(head);
          h1.emit('connection', socket);
          socket.resume();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.unref();
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  public async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scope = credentialScope({ headers: req.headers, url });
    const caller = scope ? this.rt.functions.caller(scope.accessKeyId) : undefined;
    const request: ApiRequest = { method: req.method ?? 'GET', url, rawPath: (req.url ?? '/').split('?')[0]!, headers: req.headers, body: Buffer.concat(chunks), requestId: randomUUID(), ...(caller ? { caller } : {}) };
    const api = scope ? SERVICES.get(scope.service) : undefined;
    let response: ApiResponse;
    if (!api) {
      const what = scope ? `the AWS service '${scope.service}'` : 'an unsigned request';
      response = {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ __type: 'UnsupportedOperation', message: `lambdaform's local runtime does not serve ${what} (${request.method} ${url.pathname}); it serves ${[...SERVICES.values()].map((s) => s.title).join(', ')}. The call did not reach AWS.` }),
      };
    } else {
      try {
        response = await api.handle(this.rt, request);
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(500, 'InternalFailure', `lambdaform's local ${api.title} failed: ${e instanceof Error ? e.message : String(e)}`);
        response = api.error(err, request);
      }
    }
    const body = response.body ?? '';
    // A handler's clock is the simulated one (worker threads): its SDK is answered with that date,
    // or it would take the difference for clock skew, correct it and retry failed calls. Other
    // clients (a test's SDK, curl) keep the wall clock's date.
    const date = caller && !this.rt.functions.inProcess ? { date: new Date(this.rt.sim.startEpochMs + this.rt.sim.now()).toUTCString() } : {};
    res.writeHead(response.status, { 'x-amzn-requestid': request.requestId, 'x-amz-request-id': request.requestId, 'content-length': String(Buffer.byteLength(body)), ...date, ...response.headers });
    if (request.method === 'HEAD') res.end();
    else res.end(body);
  }
}
