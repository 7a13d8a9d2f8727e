/**
 * Operator controls of the local runtime: triggering a schedule, pausing and resuming event
 * source mappings, a dead-letter queue redrive (StartMessageMoveTask) and PurgeQueue, as Runtime
 * methods and as scenario steps, with the ledger still accounting for every input once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../lib/core/errors.js';
import type { InputRecord } from '../../lib/local/ledger.js';
import type { Plan } from '../../lib/local/plan/types.js';
import type { Runtime } from '../../lib/local/runtime.js';
import { parseScenario } from '../../lib/local/scenario/parse.js';
import type { Report } from '../../lib/local/scenario/report.js';
import { runScenario } from '../../lib/local/scenario/run.js';
import { fn, queue, sqsMapping, startRuntime, tempDir, testPlan } from './helpers.js';
import { logged, logEvent, rule, START, stream, streamMapping } from './services/helpers.js';

interface SqsRecord {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { stringValue: string; dataType: string }>;
}

/**
 * An SQS handler that logs its records and fails the whole batch while the file named by its
 * BROKEN variable exists, or when a body says `bad`.
 */
const SQS_HANDLER = `import * as fs from 'node:fs';
export const handler = async (event) => {
  console.log(JSON.stringify(event.Records.map((r) => ({ messageId: r.messageId, body: r.body, attributes: r.attributes, messageAttributes: r.messageAttributes }))));
  if (process.env.BROKEN && fs.existsSync(process.env.BROKEN)) throw new Error('broken');
  if (event.Records.some((r) => r.body.includes('bad'))) throw new Error('bad message');
  return {};
};`;

/** Sends `body` to queue `Test/<name>` as a new input. */
function send(rt: Runtime, name: string, body: string, options: Parameters<Runtime['sendMessage']>[3] = {}): InputRecord {
  const input = rt.ledger.create(0, `Test/${name}`);
  rt.sendMessage(`Test/${name}`, body, input, options);
  return input;
}

/** The LambdaformError `fn` throws. */
function refusal(fn: () => unknown): LambdaformError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LambdaformError) return e;
    throw e;
  }
  throw new Error('not refused');
}

/** The records each call of a function saw, in the order of the calls. */
const batches = (rt: Runtime, fnId: string): SqsRecord[][] => logged<SqsRecord[]>(rt, fnId).map((l) => l.value);

/** The summary of the ledger: inputs per disposition and the total. */
function summary(rt: Runtime): Record<string, number> {
  const out: Record<string, number> = { processed: 0, queued: 0, deadLetter: 0, failureDestination: 0, discarded: 0 };
  for (const i of rt.ledger.inputs) out[i.disposition ?? 'queued']!++;
  return { ...out, total: rt.ledger.inputs.length };
}

describe('triggerSchedule', () => {
  it('fires once now, with the scheduled event and a new input, and the regular firings still happen at their times', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Tick', logEvent())], rules: [rule('Hourly', ['Tick'], { schedule: 'rate(1 hour)' })] }));
    rt.sim.at(30 * 60_000, () => rt.triggerSchedule('Test/Hourly'));
    await rt.sim.run(2 * 3_600_000 + 60_000);
    const events = logged<Record<string, unknown>>(rt, 'Test/Tick');
    // At 30 minutes (triggered), 1 h and 2 h (the schedule), each within the minute its firing started.
    expect(events.map((e) => Math.floor(e.t / 60_000))).toEqual([30, 60, 120]);
    for (const e of events) {
      expect(e.value).toMatchObject({ version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', resources: ['arn:aws:events:us-east-1:123456789012:rule/Test-Hourly'], detail: {}, account: '123456789012', region: 'us-east-1' });
    }
    expect(events[0]!.value.time).toBe(new Date(START + 30 * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(new Set(events.map((e) => e.value.id)).size).toBe(3);
    // Each firing a new input of the rule (step null in the report), processed, with the target's input sent on from it.
    const firings = rt.ledger.inputs.filter((i) => i.source === 'Test/Hourly');
    expect(firings.map((i) => [i.step, i.disposition, i.endedAt])).toEqual([
      [-1, 'processed', 1800],
      [-1, 'processed', 3600],
      [-1, 'processed', 7200],
    ]);
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Tick').map((i) => [i.parent, i.disposition])).toEqual(firings.map((f) => [f.id, 'processed']));
  });

  it('refuses a rule that is not a schedule, a disabled schedule and an unknown rule, naming the rule', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Tick', logEvent())],
        rules: [rule('OnOrder', ['Tick'], { eventPattern: { source: ['app.orders'] } }), rule('Off', ['Tick'], { schedule: 'rate(1 minute)', enabled: false })],
      }),
    );
    expect(refusal(() => rt.triggerSchedule('Test/OnOrder')).message).toBe('rule Test/OnOrder is not a schedule rule (it has an event pattern): only a schedule can be triggered');
    expect(refusal(() => rt.triggerSchedule('Test/Off')).message).toBe('rule Test/Off is disabled: EventBridge does not fire a disabled schedule');
    expect(refusal(() => rt.triggerSchedule('Test/Nope')).message).toBe('Test/Nope: no such rule in the plan');
    expect(rt.ledger.inputs).toEqual([]);
  });
});

describe('pauseMapping / resumeMapping: SQS', () => {
  it('a paused mapping leaves the messages visible (no invocations) and processes them after resume', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Worker', SQS_HANDLER)], queues: [queue('Jobs')], mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 10 })] }));
    rt.pauseMapping('Test/Worker/JobsSource');
    const inputs = Array.from({ length: 7 }, (_, i) => send(rt, 'Jobs', `job ${i}`));
    await rt.sim.run(3_600_000);
    expect([rt.queue('Test/Jobs').visible, rt.queue('Test/Jobs').inFlight, rt.functions.metrics('Test/Worker').Invocations]).toEqual([7, 0, 0]);
    expect(inputs.map((i) => i.disposition)).toEqual(Array(7).fill(undefined));
    // Pausing again changes nothing.
    rt.pauseMapping('Test/Worker/JobsSource');
    rt.resumeMapping('Test/Worker/JobsSource');
    await rt.sim.run();
    expect(batches(rt, 'Test/Worker').map((b) => b.map((r) => r.body))).toEqual([Array.from({ length: 7 }, (_, i) => `job ${i}`)]);
    expect(inputs.map((i) => [i.disposition, i.receives])).toEqual(Array(7).fill(['processed', 1]));
    expect(rt.queue('Test/Jobs').counts).toEqual({ sent: 7, deleted: 7, movedToDeadLetter: 0, expired: 0 });
    expect(rt.sim.now()).toBeGreaterThanOrEqual(3_600_000);
  });

  it('a batch in flight finishes; a failed one comes back at its visibility timeout and waits there until resume', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Worker', SQS_HANDLER)], queues: [queue('Jobs', { visibilityTimeoutSeconds: 30 })], mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 1 })] }),
    );
    const good = send(rt, 'Jobs', 'good');
    const bad = send(rt, 'Jobs', 'bad');
    // The two batches start at 0; the mapping is paused while they run, and another message comes.
    let late!: InputRecord;
    rt.sim.at(0, () => {
      rt.pauseMapping('Test/Worker/JobsSource');
      late = send(rt, 'Jobs', 'late');
    });
    await rt.sim.run(10_000);
    expect(good.disposition).toBe('processed');
    expect([bad.disposition, bad.receives, bad.attempts]).toEqual([undefined, 1, 1]);
    expect(late.receives).toBeUndefined();
    expect([rt.queue('Test/Jobs').visible, rt.queue('Test/Jobs').inFlight]).toEqual([1, 1]);
    // The failed message's visibility timeout still runs: visible again at 30 s, not received while paused.
    await rt.sim.run(600_000);
    expect([rt.queue('Test/Jobs').visible, rt.queue('Test/Jobs').inFlight, rt.functions.metrics('Test/Worker').Invocations]).toEqual([2, 0, 2]);
    rt.resumeMapping('Test/Worker/JobsSource');
    await rt.sim.run(615_000);
    expect(late.disposition).toBe('processed');
    expect([bad.disposition, bad.receives]).toEqual([undefined, 2]);
  });

  it('a mapping disabled in the plan can be resumed (enabled)', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Worker', SQS_HANDLER)], queues: [queue('Jobs')], mappings: [sqsMapping('Jobs', 'Worker', { enabled: false })] }));
    const inputs = [send(rt, 'Jobs', 'a'), send(rt, 'Jobs', 'b')];
    await rt.sim.run(60_000);
    expect(rt.functions.metrics('Test/Worker').Invocations).toBe(0);
    rt.resumeMapping('Test/Worker/JobsSource');
    await rt.sim.run();
    expect(inputs.map((i) => i.disposition)).toEqual(['processed', 'processed']);
  });

  it('refuses an unknown mapping', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Worker', SQS_HANDLER)], queues: [queue('Jobs')], mappings: [sqsMapping('Jobs', 'Worker')] }));
    expect(refusal(() => rt.pauseMapping('Test/Nope')).message).toBe('Test/Nope: no such event source mapping in the plan');
    expect(rt.resolve('mapping', 'JobsSource')).toBe('Test/Worker/JobsSource');
    expect(rt.resolve('mapping', 'WorkerJobsSource')).toBe('Test/Worker/JobsSource');
  });
});

describe('pauseMapping / resumeMapping: streams', () => {
  const READER = `export const handler = async (event) => { console.log(JSON.stringify(event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString()))); };`;
  const plan = (): Plan => testPlan({ functions: [fn('Reader', READER)], streams: [stream('Clicks')], mappings: [streamMapping('kinesis', 'Clicks', 'Reader', { batchSize: 2 })] });
  const put = (rt: Runtime, data: string): InputRecord => {
    const input = rt.ledger.create(0, 'Test/Clicks');
    rt.streams.putRecord('Test/Clicks', 'k', data, input);
    return input;
  };

  it('a paused stream mapping reads nothing and resumes at the position it had', async () => {
    const rt = await startRuntime(plan());
    for (let i = 0; i < 4; i++) put(rt, `r${i}`);
    await rt.sim.run();
    rt.pauseMapping('Test/Reader/ClicksSource');
    const later = Array.from({ length: 5 }, (_, i) => put(rt, `r${i + 4}`));
    await rt.sim.run(3_600_000);
    expect(logged<string[]>(rt, 'Test/Reader').map((l) => l.value)).toEqual([
      ['r0', 'r1'],
      ['r2', 'r3'],
    ]);
    expect(rt.streams.pendingCount()).toBe(5);
    expect(later.map((i) => i.disposition)).toEqual(Array(5).fill(undefined));
    rt.resumeMapping('Test/Reader/ClicksSource');
    await rt.sim.run();
    expect(logged<string[]>(rt, 'Test/Reader').map((l) => l.value)).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4', 'r5'], ['r6', 'r7'], ['r8']]);
    expect(later.map((i) => i.disposition)).toEqual(Array(5).fill('processed'));
    expect(rt.streams.pendingCount()).toBe(0);
  });

  it('records past the retention expire while the mapping is paused; the others are read after resume', async () => {
    const rt = await startRuntime(plan());
    rt.pauseMapping('Test/Reader/ClicksSource');
    const old = put(rt, 'old');
    rt.sim.at(12 * 3_600_000, () => void put(rt, 'newer'));
    await rt.sim.run(25 * 3_600_000);
    expect([old.disposition, old.reason, old.endedAt]).toEqual(['discarded', 'expired from Test/Clicks (retention) while Test/Reader/ClicksSource was disabled', 24 * 3600]);
    const newer = rt.ledger.inputs.find((i) => i.id !== old.id)!;
    expect(newer.disposition).toBeUndefined();
    rt.resumeMapping('Test/Reader/ClicksSource');
    await rt.sim.run(26 * 3_600_000);
    expect(logged<string[]>(rt, 'Test/Reader').map((l) => l.value)).toEqual([['newer']]);
    expect(newer.disposition).toBe('processed');
  });
});

describe('startMessageMoveTask (DLQ redrive)', () => {
  /** Jobs (10 s visibility, one receive then JobsDlq) consumed by Worker, which fails while `broken` exists. */
  function redrivePlan(broken: string, extra: Partial<Plan> = {}): Plan {
    return testPlan({
      functions: [fn('Worker', SQS_HANDLER, { environment: { BROKEN: broken } })],
      queues: [queue('JobsDlq'), queue('Jobs', { visibilityTimeoutSeconds: 10, deadLetter: { queue: 'Test/JobsDlq', maxReceiveCount: 1 } }), queue('Other'), queue('Fifo', { fifo: true })],
      mappings: [sqsMapping('Jobs', 'Worker')],
      ...extra,
    });
  }

  /** A runtime whose 10 Jobs messages are in JobsDlq (their inputs deadLetter), the worker fixed. */
  async function deadLettered(extra: Partial<Plan> = {}): Promise<{ rt: Runtime; originals: InputRecord[] }> {
    const broken = path.join(tempDir(), 'broken');
    fs.writeFileSync(broken, '');
    const rt = await startRuntime(redrivePlan(broken, extra));
    const originals = Array.from({ length: 10 }, (_, i) => send(rt, 'Jobs', `job ${i}`, { attributes: { n: { dataType: 'Number', stringValue: String(i) } } }));
    await rt.sim.run();
    expect(originals.map((i) => [i.disposition, i.where])).toEqual(Array(10).fill(['deadLetter', 'Test/JobsDlq']));
    expect(rt.queue('Test/JobsDlq').visible).toBe(10);
    fs.rmSync(broken);
    return { rt, originals };
  }

  it('moves every message back to its source queue, where they are processed as new inputs sent on from the dead-lettered ones', async () => {
    const { rt, originals } = await deadLettered();
    const firstIds = batches(rt, 'Test/Worker').flat().map((r) => r.messageId);
    expect(rt.startMessageMoveTask('Test/JobsDlq')).toEqual({ moved: 10 });
    expect([rt.queue('Test/JobsDlq').visible, rt.queue('Test/Jobs').visible]).toEqual([0, 10]);
    await rt.sim.run();
    const redriven = batches(rt, 'Test/Worker').slice(1).flat();
    expect(redriven.map((r) => r.body)).toEqual(Array.from({ length: 10 }, (_, i) => `job ${i}`));
    // New message ids, receive count from 0, the attributes kept.
    expect(redriven.filter((r) => firstIds.includes(r.messageId))).toEqual([]);
    expect(new Set(redriven.map((r) => r.messageId)).size).toBe(10);
    expect(redriven.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(Array(10).fill('1'));
    expect(redriven.map((r) => r.messageAttributes.n)).toEqual(Array.from({ length: 10 }, (_, i) => ({ stringValue: String(i), stringListValues: [], binaryListValues: [], dataType: 'Number' })));
    // The ledger: the originals stay deadLetter, each has one child in Jobs, processed.
    expect(originals.map((i) => i.disposition)).toEqual(Array(10).fill('deadLetter'));
    const children = rt.ledger.inputs.filter((i) => i.parent !== undefined);
    expect(children.map((c) => [c.parent, c.source, c.step, c.disposition, c.receives, c.attempts])).toEqual(originals.map((o) => [o.id, 'Test/Jobs', 0, 'processed', 1, 1]));
    expect(summary(rt)).toEqual({ processed: 10, queued: 0, deadLetter: 10, failureDestination: 0, discarded: 0, total: 20 });
    expect(rt.queue('Test/JobsDlq').counts).toEqual({ sent: 10, deleted: 10, movedToDeadLetter: 0, expired: 0 });
    expect(rt.queue('Test/Jobs').counts).toEqual({ sent: 20, deleted: 10, movedToDeadLetter: 10, expired: 0 });
  });

  it('maxMessagesPerSecond 2 moves 10 messages over 5 simulated seconds, evenly; one task per queue at a time', async () => {
    const { rt } = await deadLettered();
    rt.pauseMapping('Test/Worker/JobsSource');
    const t0 = rt.sim.now();
    expect(rt.startMessageMoveTask('Test/JobsDlq', { maxMessagesPerSecond: 2 })).toEqual({ moved: 10 });
    const jobs = rt.queue('Test/Jobs');
    const seen: number[] = [];
    for (const s of [0, 0.4, 0.5, 2.25, 4.49, 4.5]) {
      await rt.sim.run(t0 + s * 1000);
      seen.push(jobs.visible);
    }
    expect(seen).toEqual([1, 1, 2, 5, 9, 10]);
    expect(refusal(() => rt.startMessageMoveTask('Test/JobsDlq')).message).toBe('Test/JobsDlq: a message move task is already running on it: SQS runs one per queue at a time');
    // Nothing else to do: the run ends when the task's fifth second does.
    await rt.sim.run();
    expect(rt.sim.now()).toBe(t0 + 5000);
    expect(rt.startMessageMoveTask('Test/JobsDlq')).toEqual({ moved: 0 });
    rt.resumeMapping('Test/Worker/JobsSource');
    await rt.sim.run();
    expect(summary(rt)).toEqual({ processed: 10, queued: 0, deadLetter: 10, failureDestination: 0, discarded: 0, total: 20 });
  });

  it('moves to a destination queue when one is named', async () => {
    const { rt, originals } = await deadLettered();
    expect(rt.startMessageMoveTask('Test/JobsDlq', { destinationQueueId: 'Test/Other' })).toEqual({ moved: 10 });
    await rt.sim.run();
    expect(rt.queue('Test/Other').pending().map((m) => [m.body, m.receiveCount, m.input.parent, m.input.source])).toEqual(originals.map((o, i) => [`job ${i}`, 0, o.id, 'Test/Other']));
    expect(summary(rt)).toEqual({ processed: 0, queued: 10, deadLetter: 10, failureDestination: 0, discarded: 0, total: 20 });
  });

  it('refuses a queue that is no dead-letter queue, a destination of the other type and a rate out of 1-500', async () => {
    const { rt } = await deadLettered();
    expect(refusal(() => rt.startMessageMoveTask('Test/Jobs')).message).toBe("Test/Jobs: is not the dead-letter queue of any queue in the plan: StartMessageMoveTask moves messages only from a queue another queue's redrive policy names");
    expect(refusal(() => rt.startMessageMoveTask('Test/JobsDlq', { destinationQueueId: 'Test/Fifo.fifo' })).message).toBe('Test/Fifo.fifo: no such queue in the plan');
    expect(refusal(() => rt.startMessageMoveTask('Test/JobsDlq', { destinationQueueId: 'Test/Fifo' })).message).toBe(
      'Test/JobsDlq: Test/Fifo is a FIFO queue and Test/JobsDlq a standard one: a redrive moves messages between queues of the same type',
    );
    for (const rate of [0, 501, 1.5]) expect(refusal(() => rt.startMessageMoveTask('Test/JobsDlq', { maxMessagesPerSecond: rate })).message).toBe(`Test/JobsDlq: maxMessagesPerSecond must be a whole number from 1 to 500, got ${rate}`);
    expect(rt.queue('Test/JobsDlq').visible).toBe(10);
  });

  it('with several source queues, each message goes back to the queue it came from; one sent to the DLQ directly needs a destination', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', SQS_HANDLER)],
        queues: [queue('Dlq', { visibilityTimeoutSeconds: 5 }), queue('A', { visibilityTimeoutSeconds: 5, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 1 } }), queue('B', { visibilityTimeoutSeconds: 5, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 1 } })],
        mappings: [sqsMapping('A', 'Worker'), sqsMapping('B', 'Worker')],
      }),
    );
    rt.pauseMapping('Test/Worker/ASource');
    rt.pauseMapping('Test/Worker/BSource');
    // Received once each (the mapping off again at once), they move to the DLQ at their next receive.
    for (const q of ['A', 'B']) {
      for (let i = 0; i < 2; i++) send(rt, q, `${q}${i} bad`);
      rt.queue(`Test/${q}`).receive(10, 0);
      await rt.sim.run(rt.sim.now() + 1);
      rt.queue(`Test/${q}`).receive(10, 0);
    }
    expect(rt.queue('Test/Dlq').pending().map((m) => [m.body, m.deadLetterSource])).toEqual([
      ['A0 bad', 'Test/A'],
      ['A1 bad', 'Test/A'],
      ['B0 bad', 'Test/B'],
      ['B1 bad', 'Test/B'],
    ]);
    const direct = send(rt, 'Dlq', 'sent here');
    expect(refusal(() => rt.startMessageMoveTask('Test/Dlq')).message).toMatch(/^Test\/Dlq: a message \(\S+\) was not moved here by a redrive policy and 2 queues use it as their dead-letter queue \(Test\/A, Test\/B\): name the destination$/);
    rt.queue('Test/Dlq').take(rt.queue('Test/Dlq').pending().at(-1)!);
    expect(rt.startMessageMoveTask('Test/Dlq')).toEqual({ moved: 4 });
    expect(['A', 'B'].map((q) => rt.queue(`Test/${q}`).pending().map((m) => m.body))).toEqual([
      ['A0 bad', 'A1 bad'],
      ['B0 bad', 'B1 bad'],
    ]);
    // A message whose input had not ended (sent to the DLQ itself) moves on as the same input.
    const again = send(rt, 'Dlq', 'sent here again');
    expect(rt.startMessageMoveTask('Test/Dlq', { destinationQueueId: 'Test/A' })).toEqual({ moved: 1 });
    expect(rt.queue('Test/A').pending().at(-1)!.input.id).toBe(again.id);
    expect(direct.disposition).toBeUndefined();
  });

  it('FIFO: a redrive keeps each message group in order', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', SQS_HANDLER)],
        queues: [queue('Dlq', { fifo: true }), queue('Jobs', { fifo: true, visibilityTimeoutSeconds: 5, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 1 } })],
        mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 10 })],
      }),
    );
    rt.pauseMapping('Test/Worker/JobsSource');
    for (let i = 0; i < 3; i++) for (const g of ['g1', 'g2']) send(rt, 'Jobs', `${g}-${i}`, { groupId: g, deduplicationId: `${g}-${i}` });
    const jobs = rt.queue('Test/Jobs');
    // Each received once, then moved to the DLQ at the next receives.
    while (jobs.visible + jobs.inFlight > 0) {
      jobs.receive(10, 0);
      await rt.sim.run(rt.sim.now() + 1);
    }
    expect(rt.queue('Test/Dlq').pending().map((m) => m.body)).toEqual(['g1-0', 'g2-0', 'g1-1', 'g2-1', 'g1-2', 'g2-2']);
    expect(rt.startMessageMoveTask('Test/Dlq')).toEqual({ moved: 6 });
    rt.resumeMapping('Test/Worker/JobsSource');
    await rt.sim.run();
    const seen = batches(rt, 'Test/Worker').flat();
    for (const g of ['g1', 'g2']) expect(seen.filter((r) => r.body.startsWith(g)).map((r) => r.body)).toEqual([`${g}-0`, `${g}-1`, `${g}-2`]);
    expect(summary(rt)).toEqual({ processed: 6, queued: 0, deadLetter: 6, failureDestination: 0, discarded: 0, total: 12 });
  });
});

describe('purgeQueue', () => {
  it('deletes visible, delayed and in-flight messages, settles their inputs discarded, and allows one purge a minute', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Worker', SQS_HANDLER)], queues: [queue('Jobs', { visibilityTimeoutSeconds: 30 }), queue('Idle')], mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 1 })] }),
    );
    const inflight = send(rt, 'Jobs', 'bad');
    await rt.sim.run(5_000);
    const visible = Array.from({ length: 3 }, (_, i) => send(rt, 'Idle', `idle ${i}`));
    const delayed = send(rt, 'Idle', 'later', { delaySeconds: 60 });
    const jobs = rt.queue('Test/Jobs');
    expect([jobs.inFlight, inflight.attempts]).toEqual([1, 1]);
    expect(rt.purgeQueue('Test/Jobs')).toBe(1);
    expect(rt.purgeQueue('Test/Idle')).toBe(4);
    for (const i of [inflight, ...visible, delayed]) expect([i.disposition, i.endedAt]).toEqual(['discarded', 5]);
    expect([inflight.reason, delayed.reason]).toEqual(['purged from Test/Jobs', 'purged from Test/Idle']);
    expect([rt.queue('Test/Idle').visible, rt.queue('Test/Idle').delayed, jobs.inFlight]).toEqual([0, 0, 0]);
    expect(rt.queue('Test/Idle').counts).toEqual({ sent: 4, deleted: 4, movedToDeadLetter: 0, expired: 0 });
    // The purged in-flight message does not come back at its visibility timeout.
    await rt.sim.run(35_000);
    expect([jobs.visible, rt.functions.metrics('Test/Worker').Invocations]).toEqual([0, 1]);
    // A second purge within 60 seconds is refused; from 60 seconds on it is allowed.
    const late = send(rt, 'Idle', 'late');
    expect(refusal(() => rt.purgeQueue('Test/Idle')).message).toBe('Test/Idle: PurgeQueueInProgress: the queue was purged 30 s ago; SQS allows one purge every 60 seconds (the next from 65 s)');
    expect(late.disposition).toBeUndefined();
    await rt.sim.run(65_000);
    expect(rt.purgeQueue('Test/Idle')).toBe(1);
    expect(late.reason).toBe('purged from Test/Idle');
    expect(summary(rt)).toEqual({ processed: 0, queued: 0, deadLetter: 0, failureDestination: 0, discarded: 6, total: 6 });
  });

  it('a purged dead-letter queue keeps its inputs deadLetter', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', SQS_HANDLER)],
        queues: [queue('Dlq'), queue('Jobs', { visibilityTimeoutSeconds: 5, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 1 } })],
        mappings: [sqsMapping('Jobs', 'Worker')],
      }),
    );
    const inputs = [send(rt, 'Jobs', 'bad 1'), send(rt, 'Jobs', 'bad 2')];
    await rt.sim.run();
    expect(rt.purgeQueue('Test/Dlq')).toBe(2);
    expect(inputs.map((i) => [i.disposition, i.where])).toEqual(Array(2).fill(['deadLetter', 'Test/Dlq']));
  });
});

describe('operator steps in scenarios', () => {
  const WORKER = fn('Worker', SQS_HANDLER);
  const PLAN: Plan = testPlan({
    functions: [WORKER, fn('Tick', logEvent())],
    queues: [queue('JobsDlq'), queue('Jobs', { visibilityTimeoutSeconds: 10, deadLetter: { queue: 'Test/JobsDlq', maxReceiveCount: 1 } }), queue('Retry'), queue('Parked')],
    mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 1 })],
    rules: [rule('Nightly', ['Tick'], { schedule: 'cron(0 2 * * ? *)' })],
  });
  const run = (yaml: string): Promise<Report> => runScenario(PLAN, parseScenario(yaml, 'sc.yaml'), { planDir: '/', startEpochMs: START });

  it('trigger, pause, resume, redrive and purge run at their times, and the report adds up', async () => {
    const r = await run(`seed: 1
steps:
  - pause: Worker/JobsSource
  - send: { queue: Jobs, count: 4, body: 'job {{i}}' }
  - send: { queue: Jobs, count: 2, body: 'bad {{i}}' }
  - resume: WorkerJobsSource
    at: 1m
  - trigger: Nightly
    at: 2m
  - trigger: { rule: Test/Nightly, count: 2 }
  - send: { queue: Parked, count: 3 }
  - purge: Parked
  - redrive: { from: JobsDlq, to: Retry, maxMessagesPerSecond: 1 }
    at: 5m
  - send: { queue: Jobs, body: 'bad again' }
    at: 6m
  - redrive: JobsDlq
    at: 10m
expect:
  - inputs: { processed: 10, deadLetter: 4, discarded: 3, queued: 2, failureDestination: 0, total: 19 }
  - inputs: { source: Nightly, processed: 3 }
  - inputs: { source: Retry, queued: 2, total: 2 }
  - queue: JobsDlq
    visible: 1
    sent: 4
    deleted: 3
  - queue: Retry
    visible: 2
  - queue: Parked
    visible: 0
    deleted: 3
  - function: Tick
    Invocations: 3
  - simulatedSeconds: { min: 610, max: 620 }
`);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    const byId = new Map(r.inputs.map((i) => [i.id, i]));
    // The jobs waited for the resume at 1 minute.
    const jobs = r.inputs.filter((i) => i.source === 'Test/Jobs' && i.step === 1);
    expect(jobs.map((i) => [i.disposition, i.endedAt! >= 60])).toEqual(Array(4).fill(['processed', true]));
    // The first bad ones: dead-lettered, moved to Retry one a second from 5 minutes (new inputs, queued there).
    const retried = r.inputs.filter((i) => i.source === 'Test/Retry');
    expect(retried.map((i) => [byId.get(i.parent!)!.disposition, byId.get(i.parent!)!.step, i.disposition, i.step])).toEqual([
      ['deadLetter', 2, 'queued', 2],
      ['deadLetter', 2, 'queued', 2],
    ]);
    // The last one: back to Jobs at 10 minutes, failed again, dead-lettered again as the new input.
    const again = r.inputs.filter((i) => i.step === 9);
    expect(again.map((i) => [i.source, i.disposition, i.where, i.parent === undefined ? 'original' : byId.get(i.parent)!.step])).toEqual([
      ['Test/Jobs', 'deadLetter', 'Test/JobsDlq', 'original'],
      ['Test/Jobs', 'deadLetter', 'Test/JobsDlq', 9],
    ]);
    expect(r.inputs.filter((i) => i.reason === 'purged from Test/Parked').map((i) => i.endedAt)).toEqual([120, 120, 120]);
    expect(r.inputs.filter((i) => i.source === 'Test/Nightly').map((i) => [i.step, i.endedAt])).toEqual(Array(3).fill([null, 120]));
    expect(r.summary).toEqual({ processed: 10, queued: 2, deadLetter: 4, failureDestination: 0, discarded: 3, total: 19 });
  });

  it('refuses a step whose resource is of the wrong kind at its place, before the run', async () => {
    const refused = async (yaml: string): Promise<string> => {
      try {
        await run(yaml);
      } catch (e) {
        if (e instanceof LambdaformError) return e.message;
        throw e;
      }
      throw new Error('not refused');
    };
    expect(await refused('steps:\n  - send: { queue: Jobs }\n  - redrive: Jobs\n')).toBe(
      "sc.yaml:3:5: queue Test/Jobs is not the dead-letter queue of any queue in the plan: a redrive moves messages only from a queue another queue's redrive policy names",
    );
    expect(await refused('steps:\n  - pause: Nope\n')).toBe("sc.yaml:2:5: no mapping 'Nope' in the plan; there are: Test/Worker/JobsSource");
    expect(await refused('steps:\n  - pause: JobsSourc\n')).toMatch(/^sc\.yaml:2:5: no mapping 'JobsSourc'/);
    expect(await refused('steps:\n  - trigger: Jobs\n')).toMatch(/^sc\.yaml:2:5: no rule 'Jobs' in the plan/);
    expect(await refused('steps:\n  - redrive: { from: JobsDlq, to: Nope }\n')).toMatch(/^sc\.yaml:2:5: no queue 'Nope' in the plan/);
    // A purge within a minute of the last is refused when the step runs.
    expect(await refused('steps:\n  - purge: Parked\n  - purge: Parked\n    at: 59s\n')).toBe(
      'sc.yaml:3:5: Test/Parked: PurgeQueueInProgress: the queue was purged 59 s ago; SQS allows one purge every 60 seconds (the next from 60 s)',
    );
  });
});
