import { createHash } from 'node:crypto';
import type { PlanBucket } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import { compareUtf8, s3EventKey, type ObjectAttributes, type S3Object } from '../services/s3.js';
import { ApiError, unsupported, xmlElement, type ApiRequest, type ApiResponse, type ServiceApi } from './protocol.js';

/**
 * S3 on the REST-XML protocol, path-style (`PUT /<bucket>/<key>`: the SDK addresses buckets by
 * path when the endpoint is an IP address). Serves the object operations handlers use on the
 * plan's buckets: PutObject, GetObject (ranges, conditional requests), HeadObject, DeleteObject,
 * DeleteObjects, CopyObject, ListObjectsV2, and HeadBucket. Every write goes through the bucket
 * service (rt.buckets), so notifications fire, and is an input of the run sent on from the
 * caller's (S3 is one of the services Lambda's recursive loop detection follows).
 */

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
/** S3's limits: key length in UTF-8 bytes, user metadata size, keys per DeleteObjects request, keys per list page. */
const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const MAX_DELETE_KEYS = 1000;
const MAX_LIST_KEYS = 1000;

/** An S3 error with the extra elements of its error document (`Key`, `BucketName`, ...) and headers. */
class S3Error extends ApiError {
  public constructor(
    status: number,
    code: string,
    message: string,
    public readonly fields: Readonly<Record<string, string | number>> = {},
    public readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(status, code, message);
  }
}

type Operation = (rt: Runtime, req: ApiRequest, bucket: PlanBucket, key: string | undefined) => ApiResponse;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  PutObject: (rt, req, bucket, key) => putObject(rt, req, bucket, key!),
  GetObject: (rt, req, bucket, key) => getObject(rt, req, bucket, key!, false),
  HeadObject: (rt, req, bucket, key) => getObject(rt, req, bucket, key!, true),
  DeleteObject: (rt, req, bucket, key) => deleteObject(rt, req, bucket, key!),
  DeleteObjects: (rt, req, bucket) => deleteObjects(rt, req, bucket),
  CopyObject: (rt, req, bucket, key) => copyObject(rt, req, bucket, key!),
  ListObjectsV2: (rt, req, bucket) => listObjectsV2(rt, req, bucket),
  HeadBucket: (rt) => ({ status: 200, headers: { 'x-amz-bucket-region': rt.plan.region } }),
};

const OBJECT_OPERATIONS: ReadonlySet<string> = new Set(['PutObject', 'GetObject', 'HeadObject', 'DeleteObject', 'CopyObject']);

export const S3_API: ServiceApi = {
  signingName: 's3',
  title: 'S3',
  operations: Object.keys(OPERATIONS),
  handle(rt, req) {
    const { bucketName, key } = target(req.rawPath);
    const op = operationOf(req, bucketName, key);
    const fn = Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : undefined;
    if (!fn || bucketName === undefined) throw unsupported(S3_API, op);
    const bucket = planBucket(rt, bucketName);
    if (key === undefined && OBJECT_OPERATIONS.has(op)) throw new S3Error(400, 'InvalidRequest', `${op} needs an object key (the path is /<bucket>/<key>).`);
    return fn(rt, req, bucket, key);
  },
  error(e, req) {
    const fields = e instanceof S3Error ? Object.entries(e.fields).map(([k, v]) => xmlElement(k, v)).join('') : '';
    return {
      status: e.status,
      headers: { 'content-type': 'application/xml', ...(e instanceof S3Error ? e.headers : {}) },
      body: `${XML_DECLARATION}<Error>${xmlElement('Code', e.code)}${xmlElement('Message', e.message)}${fields}${xmlElement('RequestId', req.requestId)}${xmlElement('HostId', 'lambdaform-local')}</Error>`,
    };
  },
};

// ------------------------------------------------------------ requests

/** The bucket and key of a path-style request path (`/<bucket>/<key>`), URL-decoded: `+` stays `+`. */
function target(pathname: string): { bucketName?: string; key?: string } {
  const path = pathname.replace(/^\//, '');
  if (path === '') return {};
  const slash = path.indexOf('/');
  const bucketName = decode(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 || slash === path.length - 1 ? undefined : decode(path.slice(slash + 1));
  return key === undefined ? { bucketName } : { bucketName, key };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.", { URI: text });
  }
}

/** Bucket subresources (`?acl`) and the operation names' part for them (GetBucketAcl, PutBucketAcl, DeleteBucketAcl). */
const BUCKET_SUBRESOURCES: Readonly<Record<string, string>> = {
  acl: 'BucketAcl',
  policy: 'BucketPolicy',
  policyStatus: 'BucketPolicyStatus',
  cors: 'BucketCors',
  lifecycle: 'BucketLifecycleConfiguration',
  versioning: 'BucketVersioning',
  encryption: 'BucketEncryption',
  website: 'BucketWebsite',
  notification: 'BucketNotificationConfiguration',
  logging: 'BucketLogging',
  replication: 'BucketReplication',
  tagging: 'BucketTagging',
  accelerate: 'BucketAccelerateConfiguration',
  requestPayment: 'BucketRequestPayment',
  ownershipControls: 'BucketOwnershipControls',
  publicAccessBlock: 'PublicAccessBlock',
  'object-lock': 'ObjectLockConfiguration',
  analytics: 'BucketAnalyticsConfiguration',
  metrics: 'BucketMetricsConfiguration',
  inventory: 'BucketInventoryConfiguration',
  'intelligent-tiering': 'BucketIntelligentTieringConfiguration',
  metadataTable: 'BucketMetadataTableConfiguration',
};

/** Object subresources and the operation names' part (GetObjectAcl, PutObjectTagging, ...). */
const OBJECT_SUBRESOURCES: Readonly<Record<string, string>> = {
  acl: 'ObjectAcl',
  tagging: 'ObjectTagging',
  retention: 'ObjectRetention',
  'legal-hold': 'ObjectLegalHold',
  attributes: 'ObjectAttributes',
  torrent: 'ObjectTorrent',
};

/**
 * The S3 operation a request is, by S3's name: the SDK's `x-id` when it sends one (for operations
 * the method and path do not tell apart), else from the method, the path and the subresource.
 */
function operationOf(req: ApiRequest, bucketName: string | undefined, key: string | undefined): string {
  const q = req.url.searchParams;
  const xId = q.get('x-id');
  if (xId) return xId;
  const m = req.method.toUpperCase();
  const sub = (table: Readonly<Record<string, string>>): string | undefined => {
    for (const name of q.keys()) if (Object.hasOwn(table, name)) return table[name];
    return undefined;
  };
  if (bucketName === undefined) return m === 'GET' ? 'ListBuckets' : `${m} /`;
  if (key === undefined) {
    const part = sub(BUCKET_SUBRESOURCES);
    const verb = (v: string): string => (part ? `${v}${part}` : '');
    switch (m) {
      case 'GET':
        if (q.get('list-type') === '2') return 'ListObjectsV2';
        if (q.has('location')) return 'GetBucketLocation';
        if (q.has('versions')) return 'ListObjectVersions';
        if (q.has('uploads')) return 'ListMultipartUploads';
        if (q.has('session')) return 'CreateSession';
        return verb('Get') || 'ListObjects';
      case 'HEAD':
        return 'HeadBucket';
      case 'PUT':
        return verb('Put') || 'CreateBucket';
      case 'DELETE':
        return (part === 'BucketLifecycleConfiguration' ? 'DeleteBucketLifecycle' : verb('Delete')) || 'DeleteBucket';
      case 'POST':
        return q.has('delete') ? 'DeleteObjects' : 'PostObject';
      default:
        return `${m} /${bucketName}`;
    }
  }
  const part = sub(OBJECT_SUBRESOURCES);
  switch (m) {
    case 'GET':
      if (q.has('uploadId')) return 'ListParts';
      return part ? `Get${part}` : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (q.has('uploadId') || q.has('partNumber')) return req.headers['x-amz-copy-source'] !== undefined ? 'UploadPartCopy' : 'UploadPart';
      if (part) return `Put${part}`;
      return req.headers['x-amz-copy-source'] !== undefined ? 'CopyObject' : 'PutObject';
    case 'DELETE':
      if (q.has('uploadId')) return 'AbortMultipartUpload';
      return part ? `Delete${part}` : 'DeleteObject';
    case 'POST':
      if (q.has('uploads')) return 'CreateMultipartUpload';
      if (q.has('uploadId')) return 'CompleteMultipartUpload';
      if (q.has('restore')) return 'RestoreObject';
      if (q.has('select')) return 'SelectObjectContent';
      return 'POST object';
    default:
      return `${m} object`;
  }
}

/** The plan's bucket of that name, or NoSuchBucket naming the plan's buckets. */
function planBucket(rt: Runtime, name: string): PlanBucket {
  const bucket = rt.plan.buckets.find((b) => b.name === name);
  if (bucket) return bucket;
  const names = rt.plan.buckets.map((b) => b.name);
  throw new S3Error(
    404,
    'NoSuchBucket',
    `The specified bucket does not exist: '${name}' is not a bucket in the app's plan (${names.length ? `its buckets: ${names.join(', ')}` : 'the plan has no buckets'}).`,
    { BucketName: name },
  );
}

/** A request header as one string (node joins repeated headers). */
function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
}

/** A header value whose characters are the bytes received (node reads headers as latin1), as UTF-8 text. */
function utf8Header(value: string): string {
  return /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

function noSuchKey(key: string): S3Error {
  return new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
}

function checkKey(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
}

function noVersions(req: ApiRequest, operation: string): void {
  const v = req.url.searchParams.get('versionId');
  if (v !== null && v !== 'null') throw unsupported(S3_API, `${operation} of an object version (versionId ${v}): the local buckets keep no versions`);
}

// ------------------------------------------------------------ payloads and checksums

/**
 * The bytes a request uploads: its body, or the data of an `aws-chunked` body (the SDK's flexible
 * checksums: `<hex size>[;chunk-signature=..]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n`), with
 * the trailers (`x-amz-checksum-crc32: ...`).
 */
function payload(req: ApiRequest): { data: Buffer; trailers: Record<string, string> } {
  const sha = header(req, 'x-amz-content-sha256') ?? '';
  const encodings = (header(req, 'content-encoding') ?? '').split(',').map((e) => e.trim().toLowerCase());
  const body = req.body;
  if (!encodings.includes('aws-chunked') && !sha.startsWith('STREAMING-')) {
    if (/^[0-9a-f]{64}$/.test(sha)) {
      const computed = createHash('sha256').update(body).digest('hex');
      if (computed !== sha) {
        throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", { ClientComputedContentSHA256: sha, S3ComputedContentSHA256: computed });
      }
    }
    return { data: body, trailers: {} };
  }
  const malformed = (): S3Error => new S3Error(400, 'IncompleteBody', 'The aws-chunked request body is malformed or incomplete.');
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) throw malformed();
    const sizeText = body.toString('latin1', pos, eol).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw malformed();
    const size = parseInt(sizeText, 16);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size + 2 > body.length || body.toString('latin1', pos + size, pos + size + 2) !== '\r\n') throw malformed();
    parts.push(body.subarray(pos, pos + size));
    pos += size + 2;
  }
  const trailers: Record<string, string> = {};
  while (pos < body.length) {
    let eol = body.indexOf('\r\n', pos);
    if (eol < 0) eol = body.length;
    const line = body.toString('latin1', pos, eol);
    pos = eol + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const data = Buffer.concat(parts);
  const declared = header(req, 'x-amz-decoded-content-length');
  if (declared !== undefined && Number(declared) !== data.length) {
    throw new S3Error(400, 'IncompleteBody', `You did not provide the number of bytes specified by the x-amz-decoded-content-length header (${declared}; the body has ${data.length}).`);
  }
  return { data, trailers };
}

function crcTable(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
const CRC32_TABLE = crcTable(0xedb88320);
const CRC32C_TABLE = crcTable(0x82f63b78);

function crc(table: Uint32Array, data: Buffer): string {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

/** The additional checksums S3 checks here (CRC64NVME is accepted but neither checked nor kept). */
const CHECKSUMS: Readonly<Record<string, (data: Buffer) => string>> = {
  CRC32: (d) => crc(CRC32_TABLE, d),
  CRC32C: (d) => crc(CRC32C_TABLE, d),
  SHA1: (d) => createHash('sha1').update(d).digest('base64'),
  SHA256: (d) => createHash('sha256').update(d).digest('base64'),
};

/** The request's additional checksum (header or trailer), checked against the data; or the one its algorithm header asks S3 to compute. */
function checksumOf(req: ApiRequest, trailers: Readonly<Record<string, string>>, data: Buffer): ObjectAttributes['checksum'] {
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']) {
    const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
    const value = trailers[name] ?? header(req, name);
    if (value === undefined) continue;
    const compute = CHECKSUMS[algorithm];
    if (!compute) return undefined;
    if (compute(data) !== value) throw new S3Error(400, 'BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
    return { algorithm, value };
  }
  const asked = header(req, 'x-amz-checksum-algorithm')?.toUpperCase();
  const compute = asked === undefined ? undefined : CHECKSUMS[asked];
  return compute && asked ? { algorithm: asked, value: compute(data) } : undefined;
}

function checkContentMd5(req: ApiRequest, data: Buffer): void {
  const md5 = header(req, 'content-md5');
  if (md5 === undefined) return;
  if (Buffer.from(md5, 'base64').length !== 16) throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
  if (createHash('md5').update(data).digest('base64') !== md5) throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', { ExpectedDigest: md5 });
}

/** The attributes a PutObject (or a CopyObject that replaces them) sets from its headers. */
function attributesFrom(req: ApiRequest, checksum: ObjectAttributes['checksum']): ObjectAttributes {
  const encoding = (header(req, 'content-encoding') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked')
    .join(', ');
  const metadata: Record<string, string> = {};
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const v = Array.isArray(value) ? value.join(',') : value;
    metadata[name.slice('x-amz-meta-'.length)] = v;
    metadataBytes += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(v, 'latin1');
  }
  if (metadataBytes > MAX_METADATA_BYTES) {
    throw new S3Error(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', { Size: metadataBytes, MaxSizeAllowed: MAX_METADATA_BYTES });
  }
  const optional = (name: string, value: string | undefined): ObjectAttributes => (value === undefined ? {} : { [name]: value });
  return {
    ...optional('contentType', header(req, 'content-type')),
    ...optional('cacheControl', header(req, 'cache-control')),
    ...optional('contentDisposition', header(req, 'content-disposition')),
    ...optional('contentEncoding', encoding || undefined),
    ...optional('contentLanguage', header(req, 'content-language')),
    ...optional('expires', header(req, 'expires')),
    metadata,
    ...(checksum ? { checksum } : {}),
  };
}

function checksumHeaders(o: S3Object): Record<string, string> {
  return o.checksum ? { [`x-amz-checksum-${o.checksum.algorithm.toLowerCase()}`]: o.checksum.value, 'x-amz-checksum-type': 'FULL_OBJECT' } : {};
}

// ------------------------------------------------------------ conditions

function etagMatches(condition: string, eTag: string): boolean {
  return condition.split(',').some((c) => {
    const t = c.trim().replace(/^W\//, '');
    return t === '*' || t.replace(/^"|"$/g, '') === eTag;
  });
}

/** An object's Last-Modified as HTTP dates compare it (whole seconds). */
function modifiedSeconds(o: S3Object): number {
  return Math.floor(o.lastModified / 1000) * 1000;
}

/**
 * The outcome of conditional headers (If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since), as S3 evaluates them: If-Match true overrides a false If-Unmodified-Since,
 * If-None-Match false overrides a true If-Modified-Since.
 */
function conditions(o: S3Object, c: { match?: string; unmodifiedSince?: string; noneMatch?: string; modifiedSince?: string }): 'ok' | 'failed' | 'notModified' {
  if (c.match !== undefined) {
    if (!etagMatches(c.match, o.eTag)) return 'failed';
  } else if (c.unmodifiedSince !== undefined) {
    const t = Date.parse(c.unmodifiedSince);
    if (!Number.isNaN(t) && modifiedSeconds(o) > t) return 'failed';
  }
  if (c.noneMatch !== undefined) {
    if (etagMatches(c.noneMatch, o.eTag)) return 'notModified';
  } else if (c.modifiedSince !== undefined) {
    const t = Date.parse(c.modifiedSince);
    if (!Number.isNaN(t) && modifiedSeconds(o) <= t) return 'notModified';
  }
  return 'ok';
}

function preconditionFailed(condition: string): S3Error {
  return new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
}

// ------------------------------------------------------------ operations

function putObject(rt: Runtime, req: ApiRequest, bucket: PlanBucket, key: string): ApiResponse {
  checkKey(key);
  const { data, trailers } = payload(req);
  checkContentMd5(req, data);
  const checksum = checksumOf(req, trailers, data);
  const attributes = attributesFrom(req, checksum);
  // Conditional writes: If-None-Match: * (only if absent), If-Match: <etag> (only if it is that one).
  const existing = rt.buckets.stored(bucket.id, key);
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifNoneMatch !== undefined && existing && etagMatches(ifNoneMatch, existing.eTag)) throw preconditionFailed('If-None-Match');
  const ifMatch = header(req, 'if-match');
  if (ifMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (!etagMatches(ifMatch, existing.eTag)) throw preconditionFailed('If-Match');
  }
  rt.buckets.put(bucket.id, key, data, rt.inputFrom(req.caller, bucket.id, true), false, attributes);
  const stored = rt.buckets.stored(bucket.id, key)!;
  return { status: 200, headers: { etag: `"${stored.eTag}"`, ...checksumHeaders(stored) } };
}

/** GetObject and HeadObject: the object's bytes (a range of them) and headers. */
function getObject(rt: Runtime, req: ApiRequest, bucket: PlanBucket, key: string, head: boolean): ApiResponse {
  const q = req.url.searchParams;
  noVersions(req, head ? 'HeadObject' : 'GetObject');
  if (q.has('partNumber')) throw unsupported(S3_API, `${head ? 'HeadObject' : 'GetObject'} by PartNumber (no multipart uploads locally)`);
  const o = rt.buckets.stored(bucket.id, key);
  if (!o) throw noSuchKey(key);
  const h: Record<string, string> = {
    'content-type': o.contentType,
    etag: `"${o.eTag}"`,
    'last-modified': new Date(o.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  const stored: ReadonlyArray<[string, string | undefined]> = [
    ['cache-control', o.cacheControl],
    ['content-disposition', o.contentDisposition],
    ['content-encoding', o.contentEncoding],
    ['content-language', o.contentLanguage],
    ['expires', o.expires],
  ];
  for (const [name, value] of stored) if (value !== undefined) h[name] = value;
  for (const [name, value] of Object.entries(o.metadata)) h[`x-amz-meta-${name}`] = value;
  const outcome = conditions(o, { match: header(req, 'if-match'), unmodifiedSince: header(req, 'if-unmodified-since'), noneMatch: header(req, 'if-none-match'), modifiedSince: header(req, 'if-modified-since') });
  if (outcome === 'failed') throw preconditionFailed(header(req, 'if-match') !== undefined ? 'If-Match' : 'If-Unmodified-Since');
  if (outcome === 'notModified') return { status: 304, headers: { etag: h.etag!, 'last-modified': h['last-modified']! } };
  // GetObject's response-* parameters override the stored headers.
  for (const name of ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding']) {
    const v = q.get(`response-${name}`);
    if (v !== null) h[name] = v;
  }
  const range = byteRange(header(req, 'range'), o.size);
  if (range === 'unsatisfiable') {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: header(req, 'range')!, ActualObjectSize: o.size }, { 'content-range': `bytes */${o.size}` });
  }
  if (range) {
    const body = o.data.subarray(range.start, range.end + 1);
    return { status: 206, headers: { ...h, 'content-range': `bytes ${range.start}-${range.end}/${o.size}`, 'content-length': String(body.length) }, body: head ? undefined : body };
  }
  const checksum = header(req, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' ? checksumHeaders(o) : {};
  return { status: 200, headers: { ...h, ...checksum, 'content-length': String(o.size) }, body: head ? undefined : o.data };
}

/** A `Range: bytes=a-b` (or `a-`, or `-n`) header's bytes; undefined for none (or one S3 ignores: malformed, several ranges). */
function byteRange(range: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}

function deleteObject(rt: Runtime, req: ApiRequest, bucket: PlanBucket, key: string): ApiResponse {
  noVersions(req, 'DeleteObject');
  rt.buckets.delete(bucket.id, key, rt.inputFrom(req.caller, bucket.id, true));
  return { status: 204 };
}

function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!,
  );
}

function deleteObjects(rt: Runtime, req: ApiRequest, bucket: PlanBucket): ApiResponse {
  const { data, trailers } = payload(req);
  checkContentMd5(req, data);
  checksumOf(req, trailers, data);
  const xml = data.toString('utf8');
  const malformed = new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  if (!/<Delete[\s>]/.test(xml)) throw malformed;
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(xml);
  const objects = [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(m[1]!)?.[1];
    const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(m[1]!)?.[1];
    if (key === undefined) throw malformed;
    return { key: xmlUnescape(key), versionId: versionId === undefined ? undefined : xmlUnescape(versionId) };
  });
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformed;
  let out = '';
  for (const { key, versionId } of objects) {
    if (versionId !== undefined && versionId !== 'null') {
      out += `<Error>${xmlElement('Key', key)}${xmlElement('VersionId', versionId)}${xmlElement('Code', 'NoSuchVersion')}${xmlElement('Message', "lambdaform's local buckets keep no object versions.")}</Error>`;
      continue;
    }
    rt.buckets.delete(bucket.id, key, rt.inputFrom(req.caller, bucket.id, true));
    if (!quiet) out += `<Deleted>${xmlElement('Key', key)}</Deleted>`;
  }
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: `${XML_DECLARATION}<DeleteResult xmlns="${XMLNS}">${out}</DeleteResult>` };
}

function copyObject(rt: Runtime, req: ApiRequest, bucket: PlanBucket, key: string): ApiResponse {
  checkKey(key);
  let source = utf8Header(header(req, 'x-amz-copy-source') ?? '');
  const query = source.indexOf('?');
  const sourceVersion = query < 0 ? null : new URLSearchParams(source.slice(query + 1)).get('versionId');
  if (query >= 0) source = source.slice(0, query);
  try {
    source = decodeURIComponent(source);
  } catch {
    // Not URL-encoded (S3 wants it encoded; a key with a bare '%' cannot be told apart): as it is.
  }
  source = source.replace(/^\//, '');
  const slash = source.indexOf('/');
  if (slash <= 0 || slash === source.length - 1) throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source', ArgumentValue: source });
  if (sourceVersion !== null && sourceVersion !== 'null') throw unsupported(S3_API, `CopyObject of an object version (versionId ${sourceVersion}): the local buckets keep no versions`);
  const sourceBucket = planBucket(rt, source.slice(0, slash));
  const sourceKey = source.slice(slash + 1);
  const o = rt.buckets.stored(sourceBucket.id, sourceKey);
  if (!o) throw noSuchKey(sourceKey);
  const directive = (header(req, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw new S3Error(400, 'InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive });
  if (sourceBucket.id === bucket.id && sourceKey === key && directive === 'COPY') {
    throw new S3Error(
      400,
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const outcome = conditions(o, {
    match: header(req, 'x-amz-copy-source-if-match'),
    unmodifiedSince: header(req, 'x-amz-copy-source-if-unmodified-since'),
    noneMatch: header(req, 'x-amz-copy-source-if-none-match'),
    modifiedSince: header(req, 'x-amz-copy-source-if-modified-since'),
  });
  if (outcome !== 'ok') throw preconditionFailed('x-amz-copy-source-If-*');
  const asked = header(req, 'x-amz-checksum-algorithm')?.toUpperCase();
  const compute = asked === undefined ? undefined : CHECKSUMS[asked];
  const checksum = compute && asked ? { algorithm: asked, value: compute(o.data) } : o.checksum;
  const attributes: ObjectAttributes =
    directive === 'REPLACE'
      ? attributesFrom(req, checksum)
      : {
          contentType: o.contentType,
          metadata: o.metadata,
          ...(o.cacheControl !== undefined ? { cacheControl: o.cacheControl } : {}),
          ...(o.contentDisposition !== undefined ? { contentDisposition: o.contentDisposition } : {}),
          ...(o.contentEncoding !== undefined ? { contentEncoding: o.contentEncoding } : {}),
          ...(o.contentLanguage !== undefined ? { contentLanguage: o.contentLanguage } : {}),
          ...(o.expires !== undefined ? { expires: o.expires } : {}),
          ...(checksum ? { checksum } : {}),
        };
  rt.buckets.put(bucket.id, key, o.data, rt.inputFrom(req.caller, bucket.id, true), false, attributes, 'ObjectCreated:Copy');
  const copy = rt.buckets.stored(bucket.id, key)!;
  const checksumXml = copy.checksum ? xmlElement(`Checksum${copy.checksum.algorithm}`, copy.checksum.value) : '';
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `${XML_DECLARATION}<CopyObjectResult xmlns="${XMLNS}">${xmlElement('LastModified', new Date(copy.lastModified).toISOString())}${xmlElement('ETag', `"${copy.eTag}"`)}${checksumXml}</CopyObjectResult>`,
  };
}

function invalidArgument(name: string, value: string, message: string): S3Error {
  return new S3Error(400, 'InvalidArgument', message, { ArgumentName: name, ArgumentValue: value });
}

/** A continuation token: opaque to clients; here the last key (K) or common prefix (P) of the page, base64. */
function continuationToken(kind: 'K' | 'P', value: string): string {
  return Buffer.from(`${kind}${value}`, 'utf8').toString('base64');
}

function readToken(token: string): { kind: 'K' | 'P'; value: string } {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if ((text[0] !== 'K' && text[0] !== 'P') || continuationToken(text[0], text.slice(1)) !== token) {
    throw invalidArgument('continuation-token', token, 'The continuation token provided is incorrect');
  }
  return { kind: text[0], value: text.slice(1) };
}

function listObjectsV2(rt: Runtime, req: ApiRequest, bucket: PlanBucket): ApiResponse {
  const q = req.url.searchParams;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeysText = q.get('max-keys');
  const encodingType = q.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw invalidArgument('encoding-type', encodingType, 'Invalid Encoding Method specified in Request');
  let maxKeys = MAX_LIST_KEYS;
  if (maxKeysText !== null) {
    if (!/^\d+$/.test(maxKeysText)) throw invalidArgument('max-keys', maxKeysText, 'Provided max-keys not an integer or within integer range');
    maxKeys = Math.min(Number(maxKeysText), MAX_LIST_KEYS);
  }
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after');
  const after = token !== null ? readToken(token) : startAfter ? { kind: 'K' as const, value: startAfter } : undefined;
  const encode = (text: string): string => (encodingType === 'url' ? s3EventKey(text) : text);

  const contents: S3Object[] = [];
  const contentKeys: string[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last: { kind: 'K' | 'P'; value: string } | undefined;
  for (const key of rt.buckets.keys(bucket.id)) {
    if (after && (compareUtf8(key, after.value) <= 0 || (after.kind === 'P' && key.startsWith(after.value)))) continue;
    if (!key.startsWith(prefix)) {
      if (compareUtf8(key, prefix) > 0) break;
      continue;
    }
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const common = at < 0 ? undefined : key.slice(0, at + delimiter.length);
    if (common !== undefined && last?.kind === 'P' && last.value === common) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = maxKeys > 0;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = { kind: 'P', value: common };
    } else {
      contents.push(rt.buckets.stored(bucket.id, key)!);
      contentKeys.push(key);
      last = { kind: 'K', value: key };
    }
  }
  const owner = q.get('fetch-owner') === 'true' ? `<Owner>${xmlElement('ID', rt.plan.account)}${xmlElement('DisplayName', 'lambdaform')}</Owner>` : '';
  const items = contents
    .map(
      (o, i) =>
        `<Contents>${xmlElement('Key', encode(contentKeys[i]!))}${xmlElement('LastModified', new Date(o.lastModified).toISOString())}${xmlElement('ETag', `"${o.eTag}"`)}` +
        `${o.checksum ? `${xmlElement('ChecksumAlgorithm', o.checksum.algorithm)}${xmlElement('ChecksumType', 'FULL_OBJECT')}` : ''}${xmlElement('Size', o.size)}${owner}${xmlElement('StorageClass', 'STANDARD')}</Contents>`,
    )
    .join('');
  const common = prefixes.map((p) => `<CommonPrefixes>${xmlElement('Prefix', encode(p))}</CommonPrefixes>`).join('');
  const body =
    `${XML_DECLARATION}<ListBucketResult xmlns="${XMLNS}">` +
    xmlElement('Name', bucket.name) +
    xmlElement('Prefix', encode(prefix)) +
    (delimiter ? xmlElement('Delimiter', encode(delimiter)) : '') +
    xmlElement('MaxKeys', maxKeys) +
    (encodingType ? xmlElement('EncodingType', encodingType) : '') +
    xmlElement('KeyCount', contents.length + prefixes.length) +
    xmlElement('IsTruncated', truncated) +
    (token !== null ? xmlElement('ContinuationToken', token) : '') +
    (truncated && last ? xmlElement('NextContinuationToken', continuationToken(last.kind, last.value)) : '') +
    (startAfter ? xmlElement('StartAfter', encode(startAfter)) : '') +
    items +
    common +
    '</ListBucketResult>';
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}
