import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, Duration, Function, Queue, Runtime as LambdaRuntime, SqsEventSource, Stack } from '../../lib/all.js';
import { LocalApp, type Plan } from '../../lib/local-app/index.js';
import { fn, handlerDir, queue, sqsMapping, testPlan } from '../local/helpers.js';
import { api, bucket, route, subscription, table, topic } from '../local/services/helpers.js';

const apps: LocalApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

async function open(...args: Parameters<typeof LocalApp.fromPlan>): Promise<LocalApp> {
  const app = await LocalApp.fromPlan(...args);
  apps.push(app);
  return app;
}

const ECHO = 'export const handler = async (event) => { if (event.fail) throw new Error("asked to fail"); console.log("got", JSON.stringify(event)); return { echoed: event }; };';

function plan() {
  return testPlan({
    functions: [
      fn('Echo', ECHO),
      fn('Worker', 'export const handler = async (e) => { for (const r of e.Records) if (r.body.includes("poison")) throw new Error("poison"); };'),
      fn('Api', 'export const handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ id: e.pathParameters.id, q: e.queryStringParameters }) });'),
    ],
    queues: [queue('Jobs', { visibilityTimeoutSeconds: 60, deadLetter: { queue: 'Test/JobsDlq', maxReceiveCount: 2 } }), queue('JobsDlq'), queue('Fanout')],
    mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 1 })],
    topics: [topic('News')],
    subscriptions: [subscription('News', { queue: 'Fanout' }, { rawMessageDelivery: true })],
    buckets: [bucket('Files')],
    tables: [table('Items', { stream: undefined })],
    apis: [api('Http', [route('GET', '/items/{id}', 'Api')])],
  });
}

describe('LocalApp', () => {
  it('invokes a function synchronously: payload, error, version and logs as the Invoke API answers', async () => {
    const app = await open(plan());
    const ok = await app.invoke('Echo', { n: 1 });
    expect(ok).toMatchObject({ statusCode: 200, payload: { echoed: { n: 1 } }, executedVersion: '$LATEST' });
    expect(ok.functionError).toBeUndefined();
    expect(ok.logs[0]).toMatch(/^START RequestId: /);
    expect(ok.logs.some((l) => l.endsWith('INFO\tgot {"n":1}'))).toBe(true);
    const failed = await app.invoke('Echo', { fail: true });
    expect(failed).toMatchObject({ statusCode: 200, functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: 'asked to fail' } });
    expect(app.metrics('Echo')).toMatchObject({ Invocations: 2, Errors: 1 });
  });

  it('queues an Event invocation (202) and runs it, with its retries, when time passes', async () => {
    const app = await open(plan());
    expect(await app.invoke('Echo', { fail: true }, { invocationType: 'Event' })).toEqual({ statusCode: 202, logs: [] });
    expect(app.metrics('Echo').Invocations).toBe(0);
    await app.idle();
    // The first try and Lambda's two retries, about 1 and 2 minutes apart.
    expect(app.metrics('Echo').Invocations).toBe(3);
    expect(app.now).toBeGreaterThanOrEqual(180_000);
  });

  it('reads the destination records of asynchronous invocations, whatever the destination', async () => {
    const p = plan();
    const echo = { ...p.functions[0]!, async: { maxRetryAttempts: 1, maxEventAgeSeconds: 3600, onSuccess: { type: 'sns' as const, id: 'Test/News', arn: 'arn:aws:sns:us-east-1:123456789012:Test-News' }, onFailure: { type: 'sqs' as const, id: 'Test/Fanout', arn: 'arn:aws:sqs:us-east-1:123456789012:Test-Fanout' } } };
    const app = await open({ ...p, functions: [echo, ...p.functions.slice(1)] });
    await app.invoke('Echo', { n: 1 }, { invocationType: 'Event' });
    await app.invoke('Echo', { fail: true }, { invocationType: 'Event' });
    await app.idle();
    const records = app.destinationRecords('Echo');
    expect(records.map((r) => r.destination)).toEqual(['Test/News', 'Test/Fanout']);
    expect(records[0]!.record).toMatchObject({ requestContext: { condition: 'Success', approximateInvokeCount: 1 }, requestPayload: { n: 1 }, responsePayload: { echoed: { n: 1 } } });
    expect(records[1]!.record).toMatchObject({ requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 2 }, requestPayload: { fail: true }, responseContext: { functionError: 'Unhandled' } });
    expect(app.destinationRecords('Worker')).toEqual([]);
  });

  it('sends to a queue; a poison message reaches the DLQ after its receives, on the simulated clock', async () => {
    const app = await open(plan());
    await app.send('Jobs', 'fine');
    const { messageId } = await app.send('Jobs', 'poison', { messageAttributes: { kind: 'bad' } });
    await app.advance(Duration.seconds(30));
    expect(app.messages('Jobs').map((m) => [m.body, m.state, m.receiveCount])).toEqual([['poison', 'inflight', 1]]);
    await app.idle();
    expect(app.messages('Jobs')).toEqual([]);
    const dlq = app.messages('JobsDlq');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ messageId, body: 'poison', messageAttributes: { kind: { DataType: 'String', StringValue: 'bad' } }, state: 'visible' });
    const report = app.report();
    expect(report.summary).toMatchObject({ processed: 1, deadLetter: 1, total: 2 });
  });

  it('publishes, puts objects and items, and answers HTTP requests', async () => {
    const app = await open(plan());
    await app.publish('News', 'hello', { messageAttributes: { lang: 'en' } });
    expect(app.messages('Fanout').map((m) => [m.body, m.messageAttributes])).toEqual([['hello', { lang: { DataType: 'String', StringValue: 'en' } }]]);
    await app.put('Files', 'a/b.txt', 'bytes');
    expect(app.object('Files', 'a/b.txt')?.toString()).toBe('bytes');
    expect(app.object('Files', 'nope')).toBeUndefined();
    await app.putItem('Items', { id: 'i-1', count: 3, tags: ['x'] });
    expect(app.item('Items', { id: 'i-1' })).toEqual({ id: 'i-1', count: 3, tags: ['x'] });
    const res = await app.http('GET', '/items/42?q=1');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: '42', q: { q: '1' } });
  });

  it('refuses what would hang or do nothing: advance() by NaN, Infinity or a negative time; a delay SQS refuses; a key that is not a plain value', async () => {
    const app = await open(plan());
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      await expect(app.advance(bad)).rejects.toThrow(`advance() takes a Duration (Duration.minutes(5)) or a finite number of milliseconds >= 0, got ${bad}: to run until nothing is left, use idle()`);
    }
    await app.advance(Duration.seconds(1));
    expect(app.now).toBe(1000);
    for (const delaySeconds of [-5, 901, 1.5]) {
      await expect(app.send('Jobs', 'x', { delaySeconds })).rejects.toThrow(`Test/Jobs: send(): delaySeconds must be a whole number of seconds from 0 to 900, as SQS takes it, got ${delaySeconds}`);
    }
    expect(app.messages('Jobs')).toEqual([]);
    expect(() => app.item('Items', { key: 'k' })).toThrow("Test/Items: item() needs the key attribute 'id' as a string (a plain value, as the document client takes it), got no 'id' (attributes: key)");
    await expect(app.putItem('Items', { id: { S: 'k' } })).rejects.toThrow(`Test/Items: putItem() needs the key attribute 'id' as a string (a plain value, as the document client takes it), got {"S":"k"}`);
  });

  it('restore() starts the report again, its wall time too', async () => {
    const app = await open(plan());
    await app.idle();
    const snap = app.snapshot();
    await new Promise((r) => setTimeout(r, 300));
    await app.restore(snap);
    expect(app.now).toBe(0);
    expect(app.report().wallMs).toBeLessThan(250);
  });

  it('names resources as scenarios do, and refuses an unknown name with the names there are', async () => {
    const app = await open(plan());
    await app.send('Test/Jobs', 'by path');
    await app.send('Test-Jobs', 'by physical name');
    expect(app.messages('Jobs')).toHaveLength(2);
    await expect(app.send('Nope', 'x')).rejects.toThrow(/no queue 'Nope' in the plan; there are: Test\/Jobs, Test\/JobsDlq, Test\/Fanout/);
  });

  it('snapshots the data and restores it; reset empties everything', async () => {
    const app = await open(plan());
    await app.put('Files', 'keep.txt', 'v1');
    await app.putItem('Items', { id: 'k', v: 1 });
    app.pauseMapping('Test/Worker/JobsSource');
    const { messageId } = await app.send('Jobs', 'waiting', { messageAttributes: { a: 'b' } });
    await app.idle();
    const snap = app.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);

    await app.put('Files', 'keep.txt', 'v2');
    await app.putItem('Items', { id: 'k', v: 2 });
    app.purge('Jobs');
    await app.restore(snap);
    expect(app.object('Files', 'keep.txt')?.toString()).toBe('v1');
    expect(app.item('Items', { id: 'k' })).toEqual({ id: 'k', v: 1 });
    expect(app.messages('Jobs')).toEqual([{ messageId, body: 'waiting', messageAttributes: { a: { DataType: 'String', StringValue: 'b' } }, receiveCount: 0, state: 'visible' }]);
    // A fresh runtime: the mapping is enabled again and the restored message is consumed.
    await app.idle();
    expect(app.messages('Jobs')).toEqual([]);
    expect(app.metrics('Worker').Invocations).toBe(1);

    await app.reset();
    expect(app.object('Files', 'keep.txt')).toBeUndefined();
    expect(app.item('Items', { id: 'k' })).toBeUndefined();
    expect(app.report().summary.total).toBe(0);
    expect(app.now).toBe(0);
  });

  it('simulates a stack built in the test (fromStack)', async () => {
    const cdkApp = new App();
    const stack = new Stack(cdkApp, 'Shop');
    const orders = new Queue(stack, 'Orders', { visibilityTimeout: Duration.seconds(30) });
    const worker = new Function(stack, 'Worker', {
      runtime: LambdaRuntime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromAsset(handlerDir({ 'index.mjs': 'export const handler = async (e) => { console.log("orders", e.Records.length); };' })),
    });
    worker.addEventSource(new SqsEventSource(orders));
    const app = await LocalApp.fromStack(stack);
    apps.push(app);
    await app.send('Orders', { id: 1 });
    await app.idle();
    expect(app.metrics('Worker').Invocations).toBe(1);
    expect(app.logs('Worker').some((l) => l.endsWith('INFO\torders 1'))).toBe(true);
  });

  it('works under node:test, as a user writes it (test/local-app/fixtures/node-test.mts)', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = await promisify(execFile)(process.execPath, ['--conditions=lambdaform-source', '--import', 'tsx', '--test', '--test-reporter=tap', 'test/local-app/fixtures/node-test.mts'], { cwd: root }).catch((e: { stdout?: string; stderr?: string }) => e);
    const stdout = run.stdout ?? '';
    expect(stdout, `${stdout}\n${run.stderr ?? ''}`).toMatch(/^# pass 1$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });
});

describe('LocalApp options', () => {
  it.each([
    [{ startTime: 0 }, "startTime must be a Date (the simulated wall-clock time at the start, such as new Date('2026-01-01T00:00:00Z')), got 0"],
    [{ startTime: new Date('not a date') }, 'startTime must be a Date (the simulated wall-clock time at the start, such as new Date(\'2026-01-01T00:00:00Z\')), got an invalid Date'],
    [{ seed: 1.5 }, 'seed must be a whole number, got 1.5'],
    [{ accountConcurrency: 0 }, "accountConcurrency must be a whole number of at least 1 (the account's Lambda concurrency limit), got 0"],
    [{ handlers: 'threads' }, "handlers must be 'worker-threads' or 'in-process', got 'threads'"],
  ])('refuses %j before anything runs, naming the option and what it must be', async (options, message) => {
    const plan = testPlan({ queues: [queue('Jobs')] });
    await expect(LocalApp.fromPlan(plan, options as never)).rejects.toThrow(`LocalApp options: ${message}`);
  });
});

describe('LocalApp: requests made together', () => {
  it('two invokes and two HTTP requests at once all answer (they share the simulation run)', async () => {
    const app = await LocalApp.fromPlan(
      testPlan({
        functions: [fn('Echo', 'export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ got: event.rawPath ?? event.n }) });')],
        apis: [api('Http', [route('GET', '/a', 'Echo'), route('GET', '/b', 'Echo')])],
      }),
    );
    try {
      const [one, two] = await Promise.all([app.invoke('Echo', { n: 1 }), app.invoke('Echo', { n: 2 })]);
      expect([JSON.parse((one.payload as { body: string }).body).got, JSON.parse((two.payload as { body: string }).body).got]).toEqual([1, 2]);
      const [a, b] = await Promise.all([app.http('GET', '/a'), app.http('GET', '/b')]);
      expect([a.status, a.json<{ got: string }>().got, b.status, b.json<{ got: string }>().got]).toEqual([200, '/a', 200, '/b']);
      // advance() and idle() share the run too: the request answers, and the clock goes on to the end asked for.
      const before = app.now;
      const [three] = await Promise.all([app.invoke('Echo', { n: 3 }), app.advance(60_000)]);
      expect(JSON.parse((three.payload as { body: string }).body).got).toBe(3);
      expect(app.now).toBeGreaterThanOrEqual(before + 60_000);
      const [c] = await Promise.all([app.http('GET', '/a'), app.idle()]);
      expect(c.status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('close() resolves once the worker threads and the temporary directories are gone (a runner may exit right after)', async () => {
    const handWritten: Plan = plan(); // the plan type is public (lambdaform/local), for plans written in tests
    const app = await LocalApp.fromPlan(handWritten);
    await app.invoke('Echo', { n: 1 });
    const tmpRoot = app.runtime['tmpRoot'];
    expect(fs.readdirSync(tmpRoot).length).toBeGreaterThan(0);
    await app.close();
    expect(fs.existsSync(tmpRoot)).toBe(false);
  });
});
