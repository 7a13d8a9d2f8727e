/**
 * Asynchronous invocation: retries at the times AWS documents, the request id an event keeps,
 * throttle backoff and the maximum event age, dead-letter queues and destinations with the
 * records AWS sends, the payload limit and the async metrics.
 */
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import type { InvokeOutcome } from '../../../lib/local/functions.js';
import type { InputRecord } from '../../../lib/local/ledger.js';
import type { PlanAsync, PlanFunction } from '../../../lib/local/plan/types.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, queue, startRuntime, testPlan } from '../helpers.js';

const ARN = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:Test-${name}`;
const dest = (name: string): NonNullable<PlanAsync['onFailure']> => ({ type: 'sqs', id: `Test/${name}`, arn: `arn:aws:sqs:us-east-1:123456789012:Test-${name}` });
const asyncConfig = (config: Partial<PlanAsync>): PlanAsync => ({ maxRetryAttempts: 2, maxEventAgeSeconds: 21_600, ...config });

interface Try {
  /** Simulated ms the try started. */
  readonly at: number;
  readonly outcome: InvokeOutcome;
}

/** Records every invocation the runtime makes (start time and outcome), calling through. */
function recordTries(rt: Runtime): Try[] {
  const tries: Try[] = [];
  const invoke = rt.functions.invoke.bind(rt.functions);
  rt.functions.invoke = async (...args) => {
    const at = rt.sim.now();
    const outcome = await invoke(...args);
    tries.push({ at, outcome });
    return outcome;
  };
  return tries;
}

/** Records the simulated times the async invoker asks whether a function would be throttled. */
function recordThrottleChecks(rt: Runtime): number[] {
  const times: number[] = [];
  const would = rt.functions.wouldThrottle.bind(rt.functions);
  rt.functions.wouldThrottle = (id) => {
    times.push(rt.sim.now());
    return would(id);
  };
  return times;
}

function sendAsync(rt: Runtime, name: string, payload: unknown, qualifier?: string): InputRecord {
  const input = rt.ledger.create(0, `Test/${name}`);
  void rt.invoke({ function: `Test/${name}`, ...(qualifier ? { qualifier } : {}) }, typeof payload === 'string' ? payload : JSON.stringify(payload), 'Event', input);
  return input;
}

function messages(rt: Runtime, name: string): Array<{ body: string; attributes: Record<string, { dataType: string; stringValue: string }>; input: InputRecord }> {
  return rt.queue(`Test/${name}`).pending().map((m) => ({ body: m.body, attributes: { ...m.attributes }, input: m.input }));
}

const FAILS_TWICE = 'let n = 0;\nexport const handler = async (e, context) => { n++; if (n < 3) throw new Error(`try ${n} failed`); return { ok: true, id: context.awsRequestId }; };';
const ALWAYS_FAILS = 'export const handler = async (e) => { throw new Error(e.msg ?? "always fails"); };';

describe('retries after function errors', () => {
  it('retries a failing event about 1 minute after the first failure and 2 minutes after the second: tries at t≈0, 60 s and 180 s, processed at ≈180 s, one request id', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Flaky', FAILS_TWICE)] }));
    const tries = recordTries(rt);
    const input = sendAsync(rt, 'Flaky', { order: 1 });
    await rt.sim.run();
    expect(tries.map((t) => t.outcome.status)).toEqual(['error', 'error', 'success']);
    const [t0, t1, t2] = tries;
    expect(t0!.at).toBeLessThan(5);
    // Each retry waits exactly the documented delay after the end of the failed try.
    expect(t1!.at - t0!.outcome.endedAt).toBeGreaterThanOrEqual(60_000);
    expect(t1!.at - t0!.outcome.endedAt).toBeLessThan(60_005);
    expect(t2!.at - t1!.outcome.endedAt).toBeGreaterThanOrEqual(120_000);
    expect(t2!.at - t1!.outcome.endedAt).toBeLessThan(120_005);
    expect(t1!.at).toBeGreaterThanOrEqual(60_000);
    expect(t1!.at).toBeLessThan(61_000);
    expect(t2!.at).toBeGreaterThanOrEqual(180_000);
    expect(t2!.at).toBeLessThan(181_000);
    expect(input.disposition).toBe('processed');
    expect(input.endedAt).toBeGreaterThanOrEqual(180);
    expect(input.endedAt).toBeLessThan(181);
    expect(input.attempts).toBe(3);
    // The retries of an async event keep its request id (the handler sees it as context.awsRequestId).
    const ids = new Set(tries.map((t) => t.outcome.requestId));
    expect(ids.size).toBe(1);
    expect(JSON.parse(t2!.outcome.json!)).toEqual({ ok: true, id: t0!.outcome.requestId });
    const m = rt.functions.metrics('Test/Flaky');
    expect(m.AsyncEventsReceived).toBe(1);
    expect(m.Invocations).toBe(3);
    expect(m.Errors).toBe(2);
    expect(m.AsyncEventsDropped).toBe(0);
    // AsyncEventAge: the oldest the event was when it was invoked (its third try).
    expect(m.AsyncEventAge).toBeGreaterThan(t2!.at - 2);
    expect(m.AsyncEventAge).toBeLessThanOrEqual(t2!.at);
  });

  for (const [retries, expectedTries] of [
    [0, 1],
    [1, 2],
  ] as const) {
    it(`with maxRetryAttempts ${retries} tries ${expectedTries} time(s), then discards the event (no DLQ, no destination)`, async () => {
      const rt = await startRuntime(testPlan({ functions: [fn('Fails', ALWAYS_FAILS, { async: asyncConfig({ maxRetryAttempts: retries }) })] }));
      const tries = recordTries(rt);
      const input = sendAsync(rt, 'Fails', {});
      await rt.sim.run();
      expect(tries).toHaveLength(expectedTries);
      expect(input.attempts).toBe(expectedTries);
      expect(input.disposition).toBe('discarded');
      expect(input.reason).toBe(`failed ${expectedTries} tries with no dead-letter queue or on-failure destination`);
      // Discarded when the last try ended, not after a retry's wait (a minute or more); the simulated
      // clock runs with the wall clock while the runtime takes the outcome in, a few ms on a loaded machine.
      expect(Math.abs(input.endedAt! * 1000 - tries.at(-1)!.outcome.endedAt)).toBeLessThan(50);
      expect(rt.functions.metrics('Test/Fails').AsyncEventsDropped).toBe(1);
      expect(rt.functions.metrics('Test/Fails').Errors).toBe(expectedTries);
    });
  }
});

describe('dead-letter queue and destinations', () => {
  it('sends the AWS invocation record to the onFailure queue once the retries are exhausted, exactly one message', async () => {
    const f = fn('OnFail', ALWAYS_FAILS, { async: asyncConfig({ onFailure: dest('Failures') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Failures')] }));
    const tries = recordTries(rt);
    const input = sendAsync(rt, 'OnFail', { order: 42 });
    await rt.sim.run();
    expect(tries).toHaveLength(3);
    const sent = messages(rt, 'Failures');
    expect(sent).toHaveLength(1);
    const record = JSON.parse(sent[0]!.body) as Record<string, unknown> & { timestamp: string; responsePayload: { trace: string[] } };
    const last = tries[2]!.outcome;
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^2026-01-01T00:03:00\.\d{3}Z$/),
      requestContext: { requestId: last.requestId, functionArn: `${ARN('OnFail')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { order: 42 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      // The Node.js runtime's error document: errorType, errorMessage, trace.
      responsePayload: { errorType: 'Error', errorMessage: 'always fails', trace: last.error!.trace },
    });
    // Made when the last try ended (simulated time).
    expect(Date.parse(record.timestamp) - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(last.endedAt - 1);
    expect(Date.parse(record.timestamp) - Date.UTC(2026, 0, 1)).toBeLessThan(last.endedAt + 5);
    expect(record.responsePayload.trace[0]).toBe('Error: always fails');
    expect(record.responsePayload.trace[1]).toMatch(/index\.mjs:\d+:\d+/);
    expect(input.disposition).toBe('failureDestination');
    expect(input.where).toBe('Test/Failures');
    expect(input.endedAt).toBeGreaterThanOrEqual(180);
    expect(input.endedAt).toBeLessThan(181);
    // The record carries the input to its end: no new input.
    expect(sent[0]!.input.id).toBe(input.id);
    expect(rt.ledger.inputs).toHaveLength(1);
    expect(rt.functions.metrics('Test/OnFail').AsyncEventsDropped).toBe(1);
  });

  it('sends the original event to the DLQ with the attributes RequestID, ErrorCode and ErrorMessage (the first 1 KB)', async () => {
    const f = fn('Dlq', ALWAYS_FAILS, { async: asyncConfig({ maxRetryAttempts: 0, deadLetter: dest('Dead') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Dead')] }));
    const tries = recordTries(rt);
    const edge = 'é'.repeat(512); // 1,024 bytes: kept whole
    const over = `a${'é'.repeat(512)}`; // 1,025 bytes: cut to the first 1 KB, without splitting the last character
    const payloads = [`{"msg": "broken", "keep":  "spacing"}`, JSON.stringify({ msg: edge }), JSON.stringify({ msg: over })];
    const inputs = payloads.map((p) => sendAsync(rt, 'Dlq', p));
    await rt.sim.run();
    const sent = messages(rt, 'Dead');
    expect(sent).toHaveLength(3);
    expect(sent.map((m) => m.body).sort()).toEqual([...payloads].sort()); // the event as it was sent, not re-serialised
    const byInput = (i: number): (typeof sent)[number] => sent.find((m) => m.input.id === inputs[i]!.id)!;
    const id = (i: number): string => tries.find((t) => t.outcome.requestId && JSON.parse(payloads[i]!).msg === t.outcome.error!.errorMessage)!.outcome.requestId;
    expect(byInput(0).attributes).toEqual({
      RequestID: { dataType: 'String', stringValue: id(0) },
      ErrorCode: { dataType: 'Number', stringValue: '200' },
      ErrorMessage: { dataType: 'String', stringValue: 'broken' },
    });
    expect(byInput(1).attributes.ErrorMessage!.stringValue).toBe(edge);
    expect(Buffer.byteLength(edge)).toBe(1024);
    expect(Buffer.byteLength(over)).toBe(1025);
    expect(byInput(2).attributes.ErrorMessage!.stringValue).toBe(`a${'é'.repeat(511)}`);
    expect(Buffer.byteLength(byInput(2).attributes.ErrorMessage!.stringValue)).toBe(1023);
    for (const input of inputs) {
      expect(input.disposition).toBe('deadLetter');
      expect(input.where).toBe('Test/Dead');
    }
    expect(rt.functions.metrics('Test/Dlq').AsyncEventsDropped).toBe(3);
  });

  it('with both a DLQ and an onFailure destination sends to both; the input ends at the destination', async () => {
    const f = fn('Both', ALWAYS_FAILS, { async: asyncConfig({ maxRetryAttempts: 1, deadLetter: dest('Dead'), onFailure: dest('Failures') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Dead'), queue('Failures')] }));
    const input = sendAsync(rt, 'Both', { n: 1 });
    await rt.sim.run();
    const failures = messages(rt, 'Failures');
    const dead = messages(rt, 'Dead');
    expect(failures).toHaveLength(1);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.body).toBe('{"n":1}');
    const record = JSON.parse(failures[0]!.body) as { requestContext: { requestId: string; approximateInvokeCount: number } };
    expect(record.requestContext.approximateInvokeCount).toBe(2);
    expect(dead[0]!.attributes.RequestID!.stringValue).toBe(record.requestContext.requestId);
    expect(input.disposition).toBe('failureDestination');
    expect(input.where).toBe('Test/Failures');
    expect(input.endedAt).toBeGreaterThanOrEqual(60);
    expect(input.endedAt).toBeLessThan(61);
  });

  it('an onFailure function gets the record as an input of its own: its invocation is not an attempt of the failed event', async () => {
    const onFailure = { type: 'lambda' as const, id: 'Test/Handler', arn: ARN('Handler') };
    const f = fn('Fails', ALWAYS_FAILS, { async: asyncConfig({ maxRetryAttempts: 0, onFailure }) });
    const handler = fn('Handler', 'export const handler = async () => ({});');
    const rt = await startRuntime(testPlan({ functions: [f, handler] }));
    const input = sendAsync(rt, 'Fails', { n: 1 });
    await rt.sim.run();
    expect(input.attempts).toBe(1);
    expect(input.disposition).toBe('failureDestination');
    expect(input.where).toBe('Test/Handler');
    const [child, ...more] = rt.ledger.inputs.filter((r) => r.parent === input.id);
    expect(more).toHaveLength(0);
    expect(child).toMatchObject({ source: 'Test/Handler', attempts: 1, disposition: 'processed' });
    // A failure record is not a send from the failed function's code: no hop in its lineage.
    expect(child!.lineage).toEqual({});
    expect(rt.functions.metrics('Test/Handler').Invocations).toBe(1);
  });

  it('sends the success record (condition Success, responsePayload = the result) to onSuccess as a new input sent on from the event', async () => {
    const f = fn('Ok', 'export const handler = async (e) => ({ doubled: e.n * 2 });', {
      versions: [{ version: '1', id: 'Test/Ok/V1' }],
      aliases: [{ name: 'live', id: 'Test/Ok/live', version: '1', additionalVersions: [] }],
      async: asyncConfig({ onSuccess: dest('Successes'), onFailure: dest('Failures') }),
    });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Successes'), queue('Failures')] }));
    const tries = recordTries(rt);
    const input = sendAsync(rt, 'Ok', { n: 21 }, 'live');
    await rt.sim.run();
    const sent = messages(rt, 'Successes');
    expect(sent).toHaveLength(1);
    expect(messages(rt, 'Failures')).toHaveLength(0);
    const record = JSON.parse(sent[0]!.body) as Record<string, unknown>;
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^2026-01-01T00:00:00\.\d{3}Z$/),
      requestContext: { requestId: tries[0]!.outcome.requestId, functionArn: `${ARN('Ok')}:live`, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { n: 21 },
      responseContext: { statusCode: 200, executedVersion: '1' },
      responsePayload: { doubled: 42 },
    });
    expect(input.disposition).toBe('processed');
    const child = sent[0]!.input;
    expect(child).not.toBe(input);
    expect(child.parent).toBe(input.id);
    expect(child.source).toBe('Test/Successes');
    expect(child.lineage).toEqual({ 'Test/Ok': 1 });
    expect(child.disposition).toBeUndefined(); // still in the queue: reported as queued
    expect(rt.functions.metrics('Test/Ok').AsyncEventsDropped).toBe(0);
  });

  it('sends a timed-out event with the sandbox error document (no trace)', async () => {
    const f = fn('Slow', 'export const handler = async () => { while (true) {} };', { timeoutSeconds: 1, async: asyncConfig({ maxRetryAttempts: 0, onFailure: dest('Failures') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Failures')] }));
    const input = sendAsync(rt, 'Slow', {});
    await rt.sim.run();
    const record = JSON.parse(messages(rt, 'Failures')[0]!.body) as { requestContext: { requestId: string }; responseContext: unknown; responsePayload: unknown };
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(record.responsePayload).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${record.requestContext.requestId} Error: Task timed out after 1.00 seconds` });
    // It ended at the timeout, after the cold start (whose duration is measured, and grows with the machine's load).
    const report = rt.functions.logs('Test/Slow').find((l) => l.startsWith('REPORT'));
    expect(report).toMatch(/Init Duration: [\d.]+ ms/);
    const initSeconds = Number(/Init Duration: ([\d.]+) ms/.exec(report ?? '')?.[1] ?? 0) / 1000;
    expect(input.endedAt).toBeGreaterThanOrEqual(1);
    expect(input.endedAt! - initSeconds).toBeLessThan(1.5);
  });

  it('cannot send to a FIFO queue (DestinationDeliveryFailures, DeadLetterErrors): the event is discarded and the queues stay empty', async () => {
    const f = fn('ToFifo', ALWAYS_FAILS, { async: asyncConfig({ maxRetryAttempts: 0, onFailure: dest('Failures.fifo'), deadLetter: dest('Dead.fifo') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Failures.fifo', { fifo: true }), queue('Dead.fifo', { fifo: true })] }));
    const input = sendAsync(rt, 'ToFifo', {});
    await rt.sim.run();
    expect(input.disposition).toBe('discarded');
    expect(messages(rt, 'Failures.fifo')).toHaveLength(0);
    expect(messages(rt, 'Dead.fifo')).toHaveLength(0);
    const m = rt.functions.metrics('Test/ToFifo');
    expect(m.DestinationDeliveryFailures).toBe(1);
    expect(m.DeadLetterErrors).toBe(1);
    expect(m.AsyncEventsDropped).toBe(1);
  });

  it('counts a destination outside the plan as a delivery failure and discards the event', async () => {
    const f = fn('Lost', ALWAYS_FAILS, { async: asyncConfig({ maxRetryAttempts: 0, onFailure: { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:999999999999:elsewhere' } }) });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const input = sendAsync(rt, 'Lost', {});
    await rt.sim.run();
    expect(input.disposition).toBe('discarded');
    expect(rt.functions.metrics('Test/Lost').DestinationDeliveryFailures).toBe(1);
    expect(rt.functions.metrics('Test/Lost').AsyncEventsDropped).toBe(1);
  });
});

describe('SNS destinations and their 256 KB limit', () => {
  // AWS (API_OnFailure, "Capturing records of Lambda asynchronous invocations"): "Amazon SNS
  // destinations have a message size limit of 256 KB. If the combined size of the function request
  // and response payload exceeds the limit, Lambda will drop the payload when sending OnFailure
  // event to the destination"; size limits otherwise make a DestinationDeliveryFailures.
  const snsDest = (name: string): NonNullable<PlanAsync['onFailure']> => ({ type: 'sns', id: `Test/${name}`, arn: `arn:aws:sns:us-east-1:123456789012:Test-${name}` });
  const plan = (config: Partial<PlanAsync>, source: string) =>
    testPlan({
      functions: [fn('Big', source, { async: asyncConfig({ maxRetryAttempts: 0, ...config }) })],
      queues: [queue('Records', { maxMessageSizeBytes: 1_048_576 })],
      topics: [{ id: 'Test/Records', logicalId: 'Records', stack: 'Test', name: 'Test-Records', arn: 'arn:aws:sns:us-east-1:123456789012:Test-Records', fifo: false }],
      subscriptions: [{ id: 'Test/Records/Sub', logicalId: 'RecordsSub', stack: 'Test', topic: 'Test/Records', protocol: 'sqs', queue: 'Test/Records', filterPolicyScope: 'MessageAttributes', rawMessageDelivery: true }],
    });

  it('sends an on-failure record over 256 KB to an SNS topic without requestPayload and responsePayload', async () => {
    const rt = await startRuntime(plan({ onFailure: snsDest('Records') }, ALWAYS_FAILS));
    const input = sendAsync(rt, 'Big', { pad: 'x'.repeat(300_000) });
    await rt.sim.run();
    const sent = messages(rt, 'Records');
    expect(sent).toHaveLength(1);
    const record = JSON.parse(sent[0]!.body) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['version', 'timestamp', 'requestContext', 'responseContext']);
    expect(record.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 1 });
    expect(input.disposition).toBe('failureDestination');
    expect(rt.functions.metrics('Test/Big').DestinationDeliveryFailures).toBe(0);
  });

  it('keeps the payloads of an on-failure record within 256 KB', async () => {
    const rt = await startRuntime(plan({ onFailure: snsDest('Records') }, ALWAYS_FAILS));
    sendAsync(rt, 'Big', { pad: 'x'.repeat(1000) });
    await rt.sim.run();
    const record = JSON.parse(messages(rt, 'Records')[0]!.body) as Record<string, unknown>;
    expect(record.requestPayload).toEqual({ pad: 'x'.repeat(1000) });
    expect(record.responsePayload).toMatchObject({ errorType: 'Error' });
  });

  it('cannot send an on-success record over 256 KB to an SNS topic: DestinationDeliveryFailures, nothing published', async () => {
    const rt = await startRuntime(plan({ onSuccess: snsDest('Records') }, 'export const handler = async () => "y".repeat(300000);'));
    const input = sendAsync(rt, 'Big', {});
    await rt.sim.run();
    expect(input.disposition).toBe('processed');
    expect(messages(rt, 'Records')).toHaveLength(0);
    expect(rt.functions.metrics('Test/Big').DestinationDeliveryFailures).toBe(1);
    const [record] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(record!.disposition).toBe('discarded');
    expect(record!.reason).toMatch(/larger than SNS's limit \(262144 bytes\)/);
  });
});

describe('throttles, backoff and the maximum event age', () => {
  /**
   * A function throttled for as long as the run lasts: the account's whole concurrency (1) is
   * reserved by another function, so the unreserved pool is empty. Nothing runs: the clock jumps.
   */
  async function throttled(config: Partial<PlanAsync>, extra: Partial<PlanFunction> = {}): Promise<{ rt: Runtime; checks: number[]; input: InputRecord }> {
    const plan = testPlan({
      functions: [fn('Hog', 'export const handler = async () => 1;', { reservedConcurrency: 1 }), fn('Starved', 'export const handler = async () => "ran";', { async: asyncConfig(config), ...extra })],
      queues: [queue('Failures'), queue('Dead')],
    });
    const rt = await startRuntime(plan, { accountConcurrency: 1 });
    const checks = recordThrottleChecks(rt);
    const input = sendAsync(rt, 'Starved', { n: 1 });
    await rt.sim.run();
    return { rt, checks, input };
  }

  it('retries a throttled event with backoff 1 s, 2 s, 4 s, ... and drops it once older than maxEventAgeSeconds 60 (EventAgeExceeded to onFailure)', async () => {
    const { rt, checks, input } = await throttled({ maxEventAgeSeconds: 60, onFailure: dest('Failures') });
    expect(checks).toEqual([0, 1000, 3000, 7000, 15_000, 31_000]);
    expect(input.disposition).toBe('failureDestination');
    expect(input.where).toBe('Test/Failures');
    expect(input.endedAt).toBe(63); // the retry after 31 s found the event 63 s old
    expect(input.attempts).toBe(0);
    const record = JSON.parse(messages(rt, 'Failures')[0]!.body) as Record<string, unknown>;
    expect(record).toEqual({
      version: '1.0',
      timestamp: '2026-01-01T00:01:03.000Z',
      requestContext: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), functionArn: `${ARN('Starved')}:$LATEST`, condition: 'EventAgeExceeded', approximateInvokeCount: 0 },
      requestPayload: { n: 1 },
    });
    const m = rt.functions.metrics('Test/Starved');
    expect(m.Throttles).toBe(6);
    expect(m.Invocations).toBe(0);
    expect(m.AsyncEventsDropped).toBe(1);
    expect(m.AsyncEventsReceived).toBe(1);
  });

  it('keeps an event exactly as old as maxEventAgeSeconds and drops it one retry later: 63 s → dropped at 127 s, 62 s → at 63 s', async () => {
    const at63 = await throttled({ maxEventAgeSeconds: 63 });
    expect(at63.checks).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 63_000]);
    expect(at63.input.endedAt).toBe(127);
    const at62 = await throttled({ maxEventAgeSeconds: 62 });
    expect(at62.checks).toEqual([0, 1000, 3000, 7000, 15_000, 31_000]);
    expect(at62.input.endedAt).toBe(63);
    // Without a DLQ or destination the event is discarded.
    expect(at62.input.disposition).toBe('discarded');
    expect(at62.input.reason).toBe('older than the maximum event age (62 s) with no dead-letter queue or on-failure destination');
    expect(at62.rt.functions.metrics('Test/Starved').AsyncEventsDropped).toBe(1);
  });

  it('never waits more than 5 minutes between throttle retries, up to the default maximum age of 6 hours', async () => {
    const { rt, checks, input } = await throttled({ deadLetter: dest('Dead') });
    const gaps = checks.slice(1).map((t, i) => t - checks[i]!);
    expect(gaps.slice(0, 10)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000]);
    expect(new Set(gaps.slice(9))).toEqual(new Set([300_000]));
    // 0, 1, 3, ..., 511, 811, then every 300 s: the first retry past 21,600 s is at 21,811 s.
    expect(checks.at(-1)).toBe(21_511_000);
    expect(input.endedAt).toBe(21_811);
    expect(input.disposition).toBe('deadLetter');
    const dead = messages(rt, 'Dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.body).toBe('{"n":1}');
    expect(dead[0]!.attributes.ErrorCode).toEqual({ dataType: 'Number', stringValue: '429' });
    expect(rt.functions.metrics('Test/Starved').Throttles).toBe(checks.length);
    expect(checks).toHaveLength(80);
  });

  it('drops the event when a retry after a function error would come too late: EventAgeExceeded with the last response', async () => {
    const f = fn('Late', ALWAYS_FAILS, { async: asyncConfig({ maxEventAgeSeconds: 60, onFailure: dest('Failures') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Failures')] }));
    const tries = recordTries(rt);
    const input = sendAsync(rt, 'Late', { n: 2 });
    await rt.sim.run();
    expect(tries).toHaveLength(1);
    expect(input.endedAt).toBeGreaterThanOrEqual(60);
    expect(input.endedAt).toBeLessThan(61);
    const record = JSON.parse(messages(rt, 'Failures')[0]!.body) as { requestContext: unknown; responseContext: unknown; responsePayload: { errorMessage: string } };
    expect(record.requestContext).toEqual({ requestId: tries[0]!.outcome.requestId, functionArn: `${ARN('Late')}:$LATEST`, condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(record.responsePayload.errorMessage).toBe('always fails');
  });

  it('sends the events of a function with reserved concurrency 0 to the DLQ and onFailure at once, without trying (ZeroReservedConcurrency)', async () => {
    const f = fn('Off', 'export const handler = async () => "ran";', { reservedConcurrency: 0, async: asyncConfig({ onFailure: dest('Failures'), deadLetter: dest('Dead') }) });
    const rt = await startRuntime(testPlan({ functions: [f], queues: [queue('Failures'), queue('Dead')] }));
    const tries = recordTries(rt);
    const input = sendAsync(rt, 'Off', { n: 3 });
    await rt.sim.run();
    expect(tries).toHaveLength(0);
    expect(input.endedAt).toBe(0);
    expect(input.disposition).toBe('failureDestination');
    const record = JSON.parse(messages(rt, 'Failures')[0]!.body) as Record<string, unknown>;
    expect(record).toEqual({
      version: '1.0',
      timestamp: '2026-01-01T00:00:00.000Z',
      requestContext: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), functionArn: `${ARN('Off')}:$LATEST`, condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 },
      requestPayload: { n: 3 },
    });
    const dead = messages(rt, 'Dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.body).toBe('{"n":3}');
    expect(dead[0]!.attributes.ErrorCode!.stringValue).toBe('429');
    const m = rt.functions.metrics('Test/Off');
    expect(m.Invocations).toBe(0);
    expect(m.Throttles).toBe(1);
    expect(m.AsyncEventsDropped).toBe(1);
  });

  it('discards the events of a function with reserved concurrency 0 and nowhere to send them', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('OffAlone', 'export const handler = async () => "ran";', { reservedConcurrency: 0 })] }));
    const input = sendAsync(rt, 'OffAlone', {});
    await rt.sim.run();
    expect(input.disposition).toBe('discarded');
    expect(input.endedAt).toBe(0);
    expect(input.reason).toBe('not invoked: the function has reserved concurrency 0, and no dead-letter queue or on-failure destination');
  });
});

describe('payload limit and metrics', () => {
  it('accepts an async payload of exactly 1,048,576 bytes and refuses one byte more', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Big', 'export const handler = async (e) => e.d.length;')] }));
    const payload = (bytes: number): string => JSON.stringify({ d: 'x'.repeat(bytes - 8) });
    expect(Buffer.byteLength(payload(1_048_576))).toBe(1_048_576);
    const tries = recordTries(rt);
    const input = sendAsync(rt, 'Big', payload(1_048_576));
    const refused = rt.ledger.create(0, 'Test/Big');
    let error: unknown;
    try {
      await rt.invoke({ function: 'Test/Big' }, payload(1_048_577), 'Event', refused);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LambdaformError);
    expect((error as LambdaformError).message).toContain('an asynchronous payload of 1048577 bytes is larger than');
    await rt.sim.run();
    expect(input.disposition).toBe('processed');
    expect(JSON.parse(tries[0]!.outcome.json!)).toBe(1_048_568);
    expect(refused.attempts).toBe(0);
    expect(rt.functions.metrics('Test/Big').AsyncEventsReceived).toBe(1);
  });

  it('counts every event received and the age of the oldest when it was invoked', async () => {
    const f = fn('Count', 'export const handler = async (e) => { if (e.i === 2) throw new Error("no"); return e.i; };', { async: asyncConfig({ maxRetryAttempts: 1 }) });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const tries = recordTries(rt);
    const inputs = [0, 1, 2].map((i) => sendAsync(rt, 'Count', { i }));
    await rt.sim.run();
    const m = rt.functions.metrics('Test/Count');
    expect(m.AsyncEventsReceived).toBe(3);
    expect(m.Invocations).toBe(4);
    // The oldest an event was when invoked: event 2 at its retry, ~1 minute after its first try failed.
    expect(m.AsyncEventAge).toBeGreaterThan(tries[3]!.at - 2);
    expect(m.AsyncEventAge).toBeLessThanOrEqual(tries[3]!.at);
    expect(m.AsyncEventAge).toBeGreaterThanOrEqual(60_000);
    expect(m.AsyncEventAge).toBeLessThan(61_000);
    expect(inputs.map((i) => i.disposition)).toEqual(['processed', 'processed', 'discarded']);
    expect(m.AsyncEventsDropped).toBe(1);
  });
});
