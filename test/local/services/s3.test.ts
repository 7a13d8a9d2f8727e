import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import { matchesS3Event, s3EventKey } from '../../../lib/local/services/s3.js';
import { fn, startRuntime, testPlan } from '../helpers.js';
import { REGION, bucket, logEvent, logged, notification } from './helpers.js';

interface S3Event {
  Records: Array<{ eventName: string; s3: { object: { key: string; size?: number; eTag?: string; sequencer: string } } } & Record<string, unknown>>;
}

function put(rt: Runtime, key: string, body: string) {
  const input = rt.ledger.create(0, 'Test/Uploads');
  expect(rt.buckets.put('Test/Uploads', key, body, input)).toBe(true);
  return input;
}

function del(rt: Runtime, key: string) {
  const input = rt.ledger.create(0, 'Test/Uploads');
  expect(rt.buckets.delete('Test/Uploads', key, input)).toBe(true);
  return input;
}

function keys(rt: Runtime, fnId: string): string[] {
  return logged<S3Event>(rt, fnId).map((e) => `${e.value.Records[0]!.eventName} ${e.value.Records[0]!.s3.object.key}`);
}

describe('S3 notifications', () => {
  it('invokes the function asynchronously with the S3 event for a put under the prefix and suffix', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Thumbs', logEvent())], buckets: [bucket('Uploads')], notifications: [notification('Uploads', 'Thumbs', ['s3:ObjectCreated:*'], { prefix: 'in/', suffix: '.jpg' })] }),
    );
    rt.sim.at(2000, () => put(rt, 'in/my photo+1.jpg', 'hello'));
    await rt.sim.run();
    const events = logged<S3Event>(rt, 'Test/Thumbs');
    expect(events).toHaveLength(1);
    const record = events[0]!.value.Records[0]!;
    expect(events[0]!.value.Records).toHaveLength(1);
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: '2026-01-01T00:00:02.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: expect.any(String) as unknown },
      requestParameters: { sourceIPAddress: expect.any(String) as unknown },
      responseElements: { 'x-amz-request-id': expect.stringMatching(/^[0-9A-F]{16}$/) as unknown, 'x-amz-id-2': expect.any(String) as unknown },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'UploadsThumbsNotification',
        bucket: { name: 'test-uploads', ownerIdentity: { principalId: expect.any(String) as unknown }, arn: 'arn:aws:s3:::test-uploads' },
        // URL-encoded as a form value: the space is '+', the '+' is %2B; '/' stays.
        object: { key: 'in/my+photo%2B1.jpg', size: 5, eTag: '5d41402abc4b2a76b9719d911017c592', sequencer: expect.stringMatching(/^[0-9A-F]+$/) as unknown },
      },
    });
    // The put is processed once stored; the notification is a new input sent on from it, processed by the function.
    const [putInput, delivery] = rt.ledger.inputs;
    expect(putInput!.disposition).toBe('processed');
    expect(putInput!.endedAt).toBe(2);
    expect(delivery!.parent).toBe(putInput!.id);
    expect(delivery!.source).toBe('Test/Thumbs');
    expect(delivery!.disposition).toBe('processed');
    expect(rt.functions.metrics('Test/Thumbs').AsyncEventsReceived).toBe(1);
    expect(rt.buckets.object('Test/Uploads', 'in/my photo+1.jpg')).toEqual({ body: 'hello', size: 5, eTag: '5d41402abc4b2a76b9719d911017c592', lastModified: Date.UTC(2026, 0, 1) + 2000 });
  });

  it('does not invoke for keys outside the prefix or the suffix (case matters)', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Thumbs', logEvent())], buckets: [bucket('Uploads')], notifications: [notification('Uploads', 'Thumbs', ['s3:ObjectCreated:*'], { prefix: 'in/', suffix: '.jpg' })] }),
    );
    const outside = ['out/a.jpg', 'in/a.png', 'in/a.JPG', 'IN/a.jpg', 'xin/a.jpg', 'in/a.jpg.bak'].map((k) => put(rt, k, 'x'));
    const inside = ['in/a.jpg', 'in/.jpg', 'in/deep/er/b.jpg'].map((k) => put(rt, k, 'x'));
    await rt.sim.run();
    // (Async invocations run side by side: their order is not the puts' order.)
    expect(keys(rt, 'Test/Thumbs').sort()).toEqual(['ObjectCreated:Put in/.jpg', 'ObjectCreated:Put in/a.jpg', 'ObjectCreated:Put in/deep/er/b.jpg']);
    for (const i of [...outside, ...inside]) expect(i.disposition).toBe('processed');
    // Only the three inside sent something on.
    expect(rt.ledger.inputs.filter((i) => i.parent !== undefined)).toHaveLength(3);
  });

  it('sends ObjectRemoved:Delete on a delete (no size or eTag) to s3:ObjectRemoved:* only', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Created', logEvent()), fn('Removed', logEvent())],
        buckets: [bucket('Uploads')],
        notifications: [notification('Uploads', 'Created', ['s3:ObjectCreated:*']), notification('Uploads', 'Removed', ['s3:ObjectRemoved:*'])],
      }),
    );
    put(rt, 'a b.txt', 'x');
    rt.sim.at(1000, () => del(rt, 'a b.txt'));
    await rt.sim.run();
    expect(keys(rt, 'Test/Created')).toEqual(['ObjectCreated:Put a+b.txt']);
    expect(keys(rt, 'Test/Removed')).toEqual(['ObjectRemoved:Delete a+b.txt']);
    const removed = logged<S3Event>(rt, 'Test/Removed')[0]!.value.Records[0]!;
    expect(Object.keys(removed.s3.object).sort()).toEqual(['key', 'sequencer']);
    expect(removed.eventTime).toBe('2026-01-01T00:00:01.000Z');
    expect(rt.buckets.object('Test/Uploads', 'a b.txt')).toBeUndefined();
    // The later event has the larger sequencer (same length, compared as hex).
    const created = logged<S3Event>(rt, 'Test/Created')[0]!.value.Records[0]!;
    expect(removed.s3.object.sequencer.length).toBe(created.s3.object.sequencer.length);
    expect(BigInt(`0x${removed.s3.object.sequencer}`) > BigInt(`0x${created.s3.object.sequencer}`)).toBe(true);
  });

  it('matches exact event types: s3:ObjectCreated:Put takes puts, s3:ObjectCreated:Post and s3:ObjectRemoved:Delete do not', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Put', logEvent()), fn('Post', logEvent()), fn('Delete', logEvent()), fn('Both', logEvent())],
        buckets: [bucket('Uploads')],
        notifications: [
          notification('Uploads', 'Put', ['s3:ObjectCreated:Put']),
          notification('Uploads', 'Post', ['s3:ObjectCreated:Post']),
          notification('Uploads', 'Delete', ['s3:ObjectRemoved:Delete']),
          notification('Uploads', 'Both', ['s3:ObjectCreated:Post', 's3:ObjectRemoved:*']),
        ],
      }),
    );
    put(rt, 'k', 'x');
    del(rt, 'k');
    await rt.sim.run();
    expect(keys(rt, 'Test/Put')).toEqual(['ObjectCreated:Put k']);
    expect(keys(rt, 'Test/Post')).toEqual([]);
    expect(keys(rt, 'Test/Delete')).toEqual(['ObjectRemoved:Delete k']);
    expect(keys(rt, 'Test/Both')).toEqual(['ObjectRemoved:Delete k']);
  });

  it('returns false for a bucket that is not in the plan', async () => {
    const rt = await startRuntime(testPlan({ buckets: [bucket('Uploads')] }));
    expect(rt.buckets.put('Test/Nope', 'k', 'x', rt.ledger.create(0, 'Test/Nope'))).toBe(false);
    expect(rt.buckets.delete('Test/Nope', 'k', rt.ledger.create(0, 'Test/Nope'))).toBe(false);
  });
});

describe('matchesS3Event', () => {
  it('matches a wildcard by its family and an exact type only by itself', () => {
    expect(matchesS3Event(['s3:ObjectCreated:*'], 'ObjectCreated:Put')).toBe(true);
    expect(matchesS3Event(['s3:ObjectCreated:*'], 'ObjectCreated:CompleteMultipartUpload')).toBe(true);
    expect(matchesS3Event(['s3:ObjectCreated:*'], 'ObjectRemoved:Delete')).toBe(false);
    expect(matchesS3Event(['s3:ObjectCreated:Put'], 'ObjectCreated:Put')).toBe(true);
    expect(matchesS3Event(['s3:ObjectCreated:Put'], 'ObjectCreated:Post')).toBe(false);
    expect(matchesS3Event(['s3:ObjectRemoved:Delete'], 'ObjectRemoved:DeleteMarkerCreated')).toBe(false);
    expect(matchesS3Event(['s3:ObjectRemoved:*'], 'ObjectRemoved:DeleteMarkerCreated')).toBe(true);
    // A wildcard covers the whole family name, not a prefix of it.
    expect(matchesS3Event(['s3:ObjectCreated:*'], 'ObjectCreatedX:Put')).toBe(false);
    expect(matchesS3Event([], 'ObjectCreated:Put')).toBe(false);
  });
});

describe('s3EventKey', () => {
  it('encodes a key as S3 event notifications do', () => {
    expect(s3EventKey('in/a.jpg')).toBe('in/a.jpg');
    expect(s3EventKey('a b+c.txt')).toBe('a+b%2Bc.txt');
    expect(s3EventKey('x=1&y?#%.txt')).toBe('x%3D1%26y%3F%23%25.txt');
    expect(s3EventKey('é.txt')).toBe('%C3%A9.txt');
    expect(s3EventKey('file (1).txt')).toBe('file+%281%29.txt');
  });
});
