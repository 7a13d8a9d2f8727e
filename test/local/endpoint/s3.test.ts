import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, startRuntime, testPlan } from '../helpers.js';
import { REGION, START, bucket, logEvent, logged, notification } from '../services/helpers.js';

interface S3Event {
  Records: Array<{ eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }>;
}

function client(rt: Runtime): S3Client {
  return new S3Client({ region: REGION, endpoint: rt.endpoint.address, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }, maxAttempts: 1 });
}

/** The error a call fails with (the test fails if it succeeds). */
async function failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(S3ServiceException);
    return e as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

function md5(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

async function started(): Promise<{ rt: Runtime; s3: S3Client }> {
  const rt = await startRuntime(testPlan({ buckets: [bucket('Uploads'), bucket('Archive')] }));
  return { rt, s3: client(rt) };
}

describe('S3 endpoint: objects', () => {
  it('round-trips binary bytes with their content type, stored headers and user metadata (PutObject, GetObject, HeadObject)', async () => {
    const { rt, s3 } = await started();
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x0d, 0x0a, 0x7f, 0xc3]);
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'test-uploads', Key: 'bin/data.bin', Body: bytes, ContentType: 'image/x-test', CacheControl: 'max-age=60', ContentDisposition: 'attachment; filename="d.bin"', Metadata: { Owner: 'alice', 'trace-id': 't-1' } }),
    );
    expect(put.ETag).toBe(`"${md5(bytes)}"`);
    // The SDK sends a CRC32 checksum by default; S3 checks it and answers with it.
    expect(put.ChecksumCRC32).toBe(rt.buckets.stored('Test/Uploads', 'bin/data.bin')!.checksum!.value);

    const got = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'bin/data.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(bytes);
    expect(got.ContentType).toBe('image/x-test');
    expect(got.ContentLength).toBe(10);
    expect(got.ETag).toBe(`"${md5(bytes)}"`);
    expect(got.CacheControl).toBe('max-age=60');
    expect(got.ContentDisposition).toBe('attachment; filename="d.bin"');
    expect(got.LastModified).toEqual(new Date(START));
    expect(got.Metadata).toEqual({ owner: 'alice', 'trace-id': 't-1' });
    expect(got.$metadata.httpStatusCode).toBe(200);

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'test-uploads', Key: 'bin/data.bin' }));
    expect(head.ContentLength).toBe(10);
    expect(head.ContentType).toBe('image/x-test');
    expect(head.ETag).toBe(`"${md5(bytes)}"`);
    expect(head.LastModified).toEqual(new Date(START));
    expect(head.Metadata).toEqual({ owner: 'alice', 'trace-id': 't-1' });

    // What the store keeps; the legacy text view still works.
    const stored = rt.buckets.stored('Test/Uploads', 'bin/data.bin')!;
    expect(stored.data).toEqual(bytes);
    expect(stored.size).toBe(10);
    expect(stored.eTag).toBe(md5(bytes));
    expect(stored.checksum!.algorithm).toBe('CRC32');
    expect(rt.buckets.object('Test/Uploads', 'bin/data.bin')!.size).toBe(10);
  });

  it('decodes an aws-chunked upload with a trailing checksum (a stream body) and defaults the content type as S3 does', async () => {
    const { rt, s3 } = await started();
    const text = 'streamed body, '.repeat(1000);
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'stream.txt', Body: Readable.from([Buffer.from(text)]), ContentLength: Buffer.byteLength(text) }));
    expect(rt.buckets.object('Test/Uploads', 'stream.txt')!.body).toBe(text);
    // No Content-Type with a stream body but the SDK's own default.
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'plain', Body: 'x' }));
    const scenarioPut = rt.ledger.create(0, 'Test/Uploads');
    rt.buckets.put('Test/Uploads', 'from-scenario', 'hello', scenarioPut);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'from-scenario' }));
    expect(got.ContentType).toBe('binary/octet-stream');
    expect(await got.Body!.transformToString()).toBe('hello');
  });

  it('refuses an upload whose checksum or Content-MD5 does not match its bytes (BadDigest), storing nothing', async () => {
    const { rt, s3 } = await started();
    const crc = await failure(s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'bad', Body: 'data', ChecksumCRC32: 'AAAAAA==' })));
    expect(crc.name).toBe('BadDigest');
    expect(crc.message).toBe('The CRC32 you specified did not match the calculated checksum.');
    expect(crc.$metadata.httpStatusCode).toBe(400);
    const md5Header = createHash('md5').update('other').digest('base64');
    const md = await failure(s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'bad', Body: 'data', ContentMD5: md5Header })));
    expect(md.name).toBe('BadDigest');
    expect(rt.buckets.stored('Test/Uploads', 'bad')).toBeUndefined();
    // A refused write is no input of the run.
    expect(rt.ledger.inputs).toEqual([]);
  });

  it('answers a Range request with 206 and Content-Range, and an unsatisfiable one with InvalidRange', async () => {
    const { s3 } = await started();
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'digits', Body: '0123456789' }));
    const mid = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'digits', Range: 'bytes=2-5' }));
    expect(mid.$metadata.httpStatusCode).toBe(206);
    expect(mid.ContentRange).toBe('bytes 2-5/10');
    expect(mid.ContentLength).toBe(4);
    expect(await mid.Body!.transformToString()).toBe('2345');
    const tail = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'digits', Range: 'bytes=-3' }));
    expect(await tail.Body!.transformToString()).toBe('789');
    const open = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'digits', Range: 'bytes=8-' }));
    expect(open.ContentRange).toBe('bytes 8-9/10');
    expect(await open.Body!.transformToString()).toBe('89');
    const e = await failure(s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'digits', Range: 'bytes=10-12' })));
    expect(e.name).toBe('InvalidRange');
    expect(e.$metadata.httpStatusCode).toBe(416);
  });

  it('evaluates conditional GETs and conditional writes', async () => {
    const { s3 } = await started();
    const put = await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'c', Body: 'v1' }));
    const hit = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'c', IfMatch: put.ETag }));
    expect(await hit.Body!.transformToString()).toBe('v1');
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'c', IfMatch: '"0000"' })))).$metadata.httpStatusCode).toBe(412);
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'c', IfNoneMatch: put.ETag })))).$metadata.httpStatusCode).toBe(304);
    const exists = await failure(s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'c', Body: 'v2', IfNoneMatch: '*' })));
    expect(exists.name).toBe('PreconditionFailed');
    expect(exists.$metadata.httpStatusCode).toBe(412);
  });

  it('deletes an object with 204, also one that does not exist', async () => {
    const { rt, s3 } = await started();
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'gone', Body: 'x' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'test-uploads', Key: 'gone' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect(rt.buckets.stored('Test/Uploads', 'gone')).toBeUndefined();
    const again = await s3.send(new DeleteObjectCommand({ Bucket: 'test-uploads', Key: 'gone' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  it('fails a missing key with NoSuchKey (GET) and NotFound (HEAD), and a bucket outside the plan with NoSuchBucket naming the plan\'s buckets', async () => {
    const { s3 } = await started();
    const get = await failure(s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key: 'no/such key' })));
    expect(get.name).toBe('NoSuchKey');
    expect(get.message).toBe('The specified key does not exist.');
    expect(get.$metadata.httpStatusCode).toBe(404);
    expect((get as unknown as { Key?: string }).Key).toBe('no/such key');
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: 'test-uploads', Key: 'nothing' })));
    expect(head.name).toBe('NotFound');
    expect(head.$metadata.httpStatusCode).toBe(404);
    const bucketMissing = await failure(s3.send(new GetObjectCommand({ Bucket: 'other-bucket', Key: 'k' })));
    expect(bucketMissing.name).toBe('NoSuchBucket');
    expect(bucketMissing.$metadata.httpStatusCode).toBe(404);
    expect(bucketMissing.message).toBe("The specified bucket does not exist: 'other-bucket' is not a bucket in the app's plan (its buckets: test-uploads, test-archive).");
    const putMissing = await failure(s3.send(new PutObjectCommand({ Bucket: 'other-bucket', Key: 'k', Body: 'x' })));
    expect(putMissing.name).toBe('NoSuchBucket');
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'test-uploads' }))).$metadata.httpStatusCode).toBe(200);
    expect((await failure(s3.send(new HeadBucketCommand({ Bucket: 'other-bucket' })))).name).toBe('NotFound');
  });

  it('round-trips keys with spaces, unicode, plus signs, slashes and XML specials', async () => {
    const { rt, s3 } = await started();
    const keys = ['dir/a b+c.txt', 'ünï/cödé 😀.json', '+/++ +', 'x&y<z>"q\'.txt', 'deep//double/slash', 'percent%20literal'];
    for (const [i, Key] of keys.entries()) await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key, Body: `body ${i}` }));
    for (const [i, Key] of keys.entries()) {
      expect(rt.buckets.object('Test/Uploads', Key)!.body).toBe(`body ${i}`);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'test-uploads', Key }));
      expect(await got.Body!.transformToString()).toBe(`body ${i}`);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads' }));
    expect(listed.Contents!.map((c) => c.Key)).toEqual(['+/++ +', 'deep//double/slash', 'dir/a b+c.txt', 'percent%20literal', 'x&y<z>"q\'.txt', 'ünï/cödé 😀.json']);
    await s3.send(new DeleteObjectCommand({ Bucket: 'test-uploads', Key: 'dir/a b+c.txt' }));
    expect(rt.buckets.stored('Test/Uploads', 'dir/a b+c.txt')).toBeUndefined();
  });

  it('copies an object with its metadata (CopyObject) and deletes several (DeleteObjects)', async () => {
    const { rt, s3 } = await started();
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'src file+1.txt', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'test-archive', Key: 'dst.txt', CopySource: `test-uploads/${encodeURIComponent('src file+1.txt')}` }));
    expect(copy.CopyObjectResult!.ETag).toBe(`"${md5('copy me')}"`);
    expect(copy.CopyObjectResult!.LastModified).toEqual(new Date(START));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'test-archive', Key: 'dst.txt' }));
    expect(await got.Body!.transformToString()).toBe('copy me');
    expect(got.ContentType).toBe('text/plain');
    expect(got.Metadata).toEqual({ a: '1' });
    const replaced = await s3.send(new CopyObjectCommand({ Bucket: 'test-archive', Key: 'dst.txt', CopySource: 'test-archive/dst.txt', MetadataDirective: 'REPLACE', ContentType: 'text/x-new', Metadata: { b: '2' } }));
    expect(replaced.CopyObjectResult!.ETag).toBe(`"${md5('copy me')}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'test-archive', Key: 'dst.txt' }));
    expect(head.ContentType).toBe('text/x-new');
    expect(head.Metadata).toEqual({ b: '2' });
    const missing = await failure(s3.send(new CopyObjectCommand({ Bucket: 'test-archive', Key: 'x', CopySource: 'test-uploads/nope' })));
    expect(missing.name).toBe('NoSuchKey');

    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'a&b', Body: 'x' }));
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'test-uploads', Delete: { Objects: [{ Key: 'src file+1.txt' }, { Key: 'a&b' }, { Key: 'never-was' }] } }));
    expect(deleted.Deleted!.map((d) => d.Key)).toEqual(['src file+1.txt', 'a&b', 'never-was']);
    expect(deleted.Errors).toBeUndefined();
    expect(rt.buckets.keys('Test/Uploads')).toEqual([]);
  });
});

describe('S3 endpoint: ListObjectsV2', () => {
  async function withKeys(keys: readonly string[]): Promise<{ rt: Runtime; s3: S3Client }> {
    const s = await started();
    for (const Key of keys) await s.s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key, Body: Key }));
    return s;
  }

  it('lists keys under a prefix in UTF-8 byte order with their size, ETag and LastModified', async () => {
    // UTF-16 order would put '😀' (a surrogate pair) before '～' (U+FF5E); UTF-8 byte order puts it after.
    const { s3 } = await withKeys(['p/😀', 'p/～', 'p/b', 'p/B', 'p/a', 'q/a', 'o']);
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', Prefix: 'p/' }));
    expect(page.Contents!.map((c) => c.Key)).toEqual(['p/B', 'p/a', 'p/b', 'p/～', 'p/😀']);
    expect(page.Contents![0]).toEqual({ Key: 'p/B', LastModified: new Date(START), ETag: `"${md5('p/B')}"`, ChecksumAlgorithm: ['CRC32'], ChecksumType: 'FULL_OBJECT', Size: 3, StorageClass: 'STANDARD' });
    expect(page.KeyCount).toBe(5);
    expect(page.IsTruncated).toBe(false);
    expect(page.NextContinuationToken).toBeUndefined();
    expect(page.Prefix).toBe('p/');
    expect(page.MaxKeys).toBe(1000);
    expect(page.Name).toBe('test-uploads');
    expect(page.CommonPrefixes).toBeUndefined();
  });

  it('rolls keys up into CommonPrefixes at the delimiter', async () => {
    const { s3 } = await withKeys(['a.txt', 'photos/2025/x.jpg', 'photos/2026/y.jpg', 'photos/2026/z.jpg', 'photos/top.jpg', 'videos/v.mp4']);
    const root = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', Delimiter: '/' }));
    expect(root.Contents!.map((c) => c.Key)).toEqual(['a.txt']);
    expect(root.CommonPrefixes).toEqual([{ Prefix: 'photos/' }, { Prefix: 'videos/' }]);
    expect(root.KeyCount).toBe(3);
    expect(root.Delimiter).toBe('/');
    const photos = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', Prefix: 'photos/', Delimiter: '/' }));
    expect(photos.Contents!.map((c) => c.Key)).toEqual(['photos/top.jpg']);
    expect(photos.CommonPrefixes).toEqual([{ Prefix: 'photos/2025/' }, { Prefix: 'photos/2026/' }]);
    expect(photos.KeyCount).toBe(3);
  });

  it('pages with max-keys and continuation tokens, and starts after a key', async () => {
    const { s3 } = await withKeys(['k1', 'k2', 'k3', 'k4', 'k5']);
    const pages: Array<{ keys: string[]; count: number | undefined; truncated: boolean | undefined }> = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', MaxKeys: 2, ContinuationToken: token }));
      pages.push({ keys: (page.Contents ?? []).map((c) => c.Key!), count: page.KeyCount, truncated: page.IsTruncated });
      expect(page.ContinuationToken).toBe(token);
      expect(page.MaxKeys).toBe(2);
      token = page.NextContinuationToken;
    } while (token);
    expect(pages).toEqual([
      { keys: ['k1', 'k2'], count: 2, truncated: true },
      { keys: ['k3', 'k4'], count: 2, truncated: true },
      { keys: ['k5'], count: 1, truncated: false },
    ]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', StartAfter: 'k3' }));
    expect(after.Contents!.map((c) => c.Key)).toEqual(['k4', 'k5']);
    expect(after.StartAfter).toBe('k3');
    const bad = await failure(s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', ContinuationToken: 'not-a-token' })));
    expect(bad.name).toBe('InvalidArgument');
  });

  it('pages across common prefixes without repeating one', async () => {
    const { s3 } = await withKeys(['a/1', 'a/2', 'b', 'c/1', 'c/2', 'd']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', Delimiter: '/', MaxKeys: 1, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => `prefix ${p.Prefix}`));
      expect(page.KeyCount).toBe(1);
      token = page.NextContinuationToken;
    } while (token);
    expect(seen).toEqual(['prefix a/', 'b', 'prefix c/', 'd']);
  });

  it('URL-encodes keys and prefixes with encoding-type=url', async () => {
    const { s3 } = await withKeys(['dir one/a b+c.txt', 'dir one/sub dir/x']);
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'test-uploads', Prefix: 'dir one/', Delimiter: '/', EncodingType: 'url' }));
    expect(page.EncodingType).toBe('url');
    expect(page.Prefix).toBe('dir+one/');
    expect(page.Contents!.map((c) => c.Key)).toEqual(['dir+one/a+b%2Bc.txt']);
    expect(page.CommonPrefixes).toEqual([{ Prefix: 'dir+one/sub+dir/' }]);
  });
});

describe('S3 endpoint: what it does not serve', () => {
  it('fails other operations with an error naming S3 and the operation (nothing is created)', async () => {
    const { s3 } = await started();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => s3.send(new CreateBucketCommand({ Bucket: 'new-bucket' })), 'CreateBucket'],
      [() => s3.send(new GetObjectAclCommand({ Bucket: 'test-uploads', Key: 'k' })), 'GetObjectAcl'],
      [() => s3.send(new CreateMultipartUploadCommand({ Bucket: 'test-uploads', Key: 'k' })), 'CreateMultipartUpload'],
      [() => s3.send(new ListBucketsCommand({})), 'ListBuckets'],
    ];
    for (const [call, op] of cases) {
      const e = await failure(call());
      expect(e.name).toBe('UnsupportedOperation');
      expect(e.$metadata.httpStatusCode).toBe(400);
      expect(e.message).toBe(
        `lambdaform's local runtime does not serve S3 ${op}; it serves PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject, ListObjectsV2, HeadBucket. The call did not reach AWS.`,
      );
    }
  });
});

describe('S3 endpoint: notifications and the ledger', () => {
  it('a put through the SDK notifies the function with the key and byte size; copies and deletes notify too', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Thumbs', logEvent())],
        buckets: [bucket('Uploads')],
        notifications: [notification('Uploads', 'Thumbs', ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], { prefix: 'in/' })],
      }),
    );
    const s3 = client(rt);
    const body = 'héllo wörld'; // 13 bytes, 11 characters
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'in/my photo+1.txt', Body: body }));
    await s3.send(new PutObjectCommand({ Bucket: 'test-uploads', Key: 'out/ignored.txt', Body: 'x' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'test-uploads', Key: 'in/copy.txt', CopySource: 'test-uploads/out/ignored.txt' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'test-uploads', Key: 'in/my photo+1.txt' }));
    await rt.sim.run();
    const events = logged<S3Event>(rt, 'Test/Thumbs').map((e) => {
      const r = e.value.Records[0]!;
      return { eventName: r.eventName, bucket: r.s3.bucket.name, ...r.s3.object };
    });
    expect(events.map((e) => e.eventName).sort()).toEqual(['ObjectCreated:Copy', 'ObjectCreated:Put', 'ObjectRemoved:Delete']);
    expect(events.find((e) => e.eventName === 'ObjectCreated:Put')).toEqual({ eventName: 'ObjectCreated:Put', bucket: 'test-uploads', key: 'in/my+photo%2B1.txt', size: 13, eTag: md5(body), sequencer: expect.any(String) as unknown });
    expect(events.find((e) => e.eventName === 'ObjectCreated:Copy')).toEqual({ eventName: 'ObjectCreated:Copy', bucket: 'test-uploads', key: 'in/copy.txt', size: 1, eTag: md5('x'), sequencer: expect.any(String) as unknown });
    expect(events.find((e) => e.eventName === 'ObjectRemoved:Delete')).toEqual({ eventName: 'ObjectRemoved:Delete', bucket: 'test-uploads', key: 'in/my+photo%2B1.txt', sequencer: expect.any(String) as unknown });
    // Four writes from outside the functions: four inputs of their own, each processed once stored; three sent a notification on.
    const writes = rt.ledger.inputs.filter((i) => i.parent === undefined);
    expect(writes.map((i) => [i.source, i.step, i.disposition])).toEqual([
      ['Test/Uploads', -1, 'processed'],
      ['Test/Uploads', -1, 'processed'],
      ['Test/Uploads', -1, 'processed'],
      ['Test/Uploads', -1, 'processed'],
    ]);
    const deliveries = rt.ledger.inputs.filter((i) => i.parent !== undefined);
    expect(deliveries.map((i) => [i.parent, i.source, i.disposition])).toEqual([
      [writes[0]!.id, 'Test/Thumbs', 'processed'],
      [writes[2]!.id, 'Test/Thumbs', 'processed'],
      [writes[3]!.id, 'Test/Thumbs', 'processed'],
    ]);
  });

  it('a handler\'s PutObject stores the object as an input sent on from the invocation\'s input', async () => {
    const writer = fn(
      'Writer',
      "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nexport const handler = async () => { await new S3Client({}).send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'out.txt', Body: 'hi' })); return 'ok'; };",
      { environment: { BUCKET: 'test-uploads' }, timeoutSeconds: 30 },
    );
    const rt = await startRuntime(testPlan({ functions: [writer], buckets: [bucket('Uploads')] }));
    const input = rt.ledger.create(0, 'Test/Writer');
    const pending = rt.invoke({ function: 'Test/Writer' }, '{}', 'RequestResponse', input);
    await rt.sim.run();
    const outcome = (await pending)!;
    expect(outcome.status, JSON.stringify(outcome.error)).toBe('success');
    expect(outcome.json).toBe('"ok"');
    const stored = rt.buckets.stored('Test/Uploads', 'out.txt')!;
    expect(stored.data.toString()).toBe('hi');
    expect(stored.eTag).toBe(md5('hi'));
    expect(rt.ledger.inputs).toHaveLength(2);
    const put = rt.ledger.inputs[1]!;
    expect(put.parent).toBe(input.id);
    expect(put.source).toBe('Test/Uploads');
    expect(put.step).toBe(0);
    expect(put.disposition).toBe('processed');
    // S3 is tracked by recursive loop detection: one hop from Test/Writer.
    expect(put.lineage).toEqual({ 'Test/Writer': 1 });
    expect(input.disposition).toBe('processed');
  });
});
