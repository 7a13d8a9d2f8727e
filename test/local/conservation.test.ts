/**
 * The conservation invariant of the local runtime (issue 9): every input of a run has exactly one
 * disposition — nothing lost, nothing counted twice — whatever the failure rate, batch size,
 * visibility timeout, redrive policy, FIFO or standard queue, partial batch responses, retention,
 * async retries and destinations, and whether the run is cut short by `until`.
 *
 * A worker thread costs 50-500 ms to start (an execution environment's cold start), far more
 * than all the invocations of a case, so each run of the property holds about 20 independent
 * cases side by side, and a dozen runs make a few hundred cases: every case has its own queue,
 * dead-letter queue and mapping (its own batch size, visibility timeout, redrive policy, FIFO or
 * not, ReportBatchItemFailures or not, retention); the cases share one SQS consumer function
 * (reserved concurrency 2, so at most two environments: a case's mapping has
 * MaximumConcurrency 2, and cases that overlap throttle each other) and two async functions
 * (whose async settings are drawn per run; each case sends its events to one of them; an
 * on-success destination makes each processed event a new input, sent on). Without
 * `until` the cases run one after another, far apart; with `until`, each case starts at
 * `until - its own until`, so the end of the run cuts every case at the time it drew.
 *
 * The handler fails deterministically: an SQS message fails when a hash of its body and its
 * receive count falls under its case's failure rate (carried in the body), an async event when a
 * hash of its key falls under the rate in its payload. Where the outcome does not depend on how
 * messages happen to be batched (batch size 1, or ReportBatchItemFailures), nothing expires and
 * the run is not cut short, each input's disposition, receives and attempts are computed here
 * beforehand and compared exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Disposition } from '../../lib/local/ledger.js';
import type { Plan, PlanFunction, PlanQueue } from '../../lib/local/plan/types.js';
import type { Runtime } from '../../lib/local/runtime.js';
import type { Scenario, Step } from '../../lib/local/scenario/parse.js';
import type { Report, ReportInput } from '../../lib/local/scenario/report.js';
import { runScenario } from '../../lib/local/scenario/run.js';
import { fn, queue, sqsMapping, testPlan } from './helpers.js';

/** FNV-1a of a key, 0-999: the same function in the handler and in the test. */
const PERMILLE_SOURCE = `(key) => { let h = 0x811c9dc5; for (let i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; } return h % 1000; }`;
const permille = new Function(`return ${PERMILLE_SOURCE}`)() as (key: string) => number;

/**
 * An SQS body is `<failure permille>/<p: partial batch response | t: throw>/<name>`, and with
 * `/fixed<epoch ms>` a message sent from then on (a redriven one) never fails; an async payload `{ k, rate }`.
 */
const HANDLER = `
const permille = ${PERMILLE_SOURCE};
const fails = (r) => permille(r.body + '#' + r.attributes.ApproximateReceiveCount) < Number(r.body.split('/')[0]) && !(Number(r.attributes.SentTimestamp) >= Number(/\\/fixed(\\d+)$/.exec(r.body)?.[1] ?? Infinity));
export const handler = async (event) => {
  if (Array.isArray(event.Records)) {
    const failed = event.Records.filter(fails);
    if (failed.length === 0) return {};
    if (event.Records[0].body.split('/')[1] === 'p') return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
    throw new Error(failed.length + ' of ' + event.Records.length + ' failed');
  }
  if (permille('async#' + event.k) < event.rate) throw new Error('async failure ' + event.k);
  return { ok: event.k };
};
`;

/** One handler directory for every run. */
const WORKER: PlanFunction = { ...fn('Worker', HANDLER), reservedConcurrency: 2 };
const asyncFn = (f: number): PlanFunction => ({ ...WORKER, id: `Test/Async${f}`, logicalId: `Async${f}`, name: `Test-Async${f}`, arn: WORKER.arn.replace(/Worker$/, `Async${f}`) });
const asyncFailures = (f: number): string => `Test/Async${f}Failures`;
const asyncDlq = (f: number): string => `Test/Async${f}Dlq`;
const asyncSuccesses = (f: number): string => `Test/Async${f}Successes`;
const LONG_RETENTION = 345_600;
/** Seconds between the starts of two cases of a run without `until` (longer than any case lasts, so they never overlap). */
const CASE_SPACING = 100_000;

interface SendStep {
  readonly count: number;
  /** FIFO: all messages of the step in one message group, or each in its own. */
  readonly sameGroup: boolean;
  /** Seconds from the case's start; undefined: with the previous step. */
  readonly at: number | undefined;
}

/** One case: a queue and its mapping, messages sent to it, async events. */
interface Case {
  readonly failPermille: number;
  readonly batchSize: number;
  readonly visibility: number;
  /** maxReceiveCount, or no dead-letter queue. */
  readonly maxReceiveCount: number | undefined;
  readonly fifo: boolean;
  /** FIFO: the send steps use the same deduplication ids (`d0`, `d1`, ...), so later steps' messages are duplicates. */
  readonly sharedDedup: boolean;
  readonly partial: boolean;
  readonly retention: number;
  readonly dlqRetention: number;
  readonly sends: readonly SendStep[];
  readonly asyncCount: number;
  /** Which async function gets the events. */
  readonly asyncFn: 0 | 1;
  readonly asyncFailPermille: number;
  readonly asyncAt: number;
  /** Seconds the case runs when the run has `until`. */
  readonly until: number;
  /** Operator steps (the operator-controls property only). */
  readonly ops?: Ops;
}

/** A case's operator steps, in seconds from the case's start: pause (and maybe resume) its mapping, redrive its DLQ, purge one of its queues. */
interface Ops {
  readonly pause?: { readonly at: number; readonly resumeAfter: number | undefined };
  /** `fixes`: the case's messages sent from the redrive on (the redriven ones) do not fail. */
  readonly redrive?: { readonly at: number; readonly rate: number | undefined; readonly fixes: boolean };
  readonly purge?: { readonly at: number; readonly dlq: boolean };
}

/** The async function's settings, per run. */
interface AsyncConfig {
  readonly maxRetryAttempts: number;
  readonly maxEventAge: number;
  readonly onFailure: boolean;
  readonly deadLetter: boolean;
  readonly onSuccess: boolean;
}

interface Run {
  readonly cases: readonly Case[];
  readonly async: readonly [AsyncConfig, AsyncConfig];
  /** The run has `until` (each case is cut at its own). */
  readonly cutShort: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    failPermille: fc.constantFrom(0, 100, 300, 500, 800, 1000),
    batchSize: fc.integer({ min: 1, max: 10 }),
    visibility: fc.integer({ min: 1, max: 120 }),
    maxReceiveCount: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 3 }),
    fifo: fc.boolean(),
    sharedDedup: fc.boolean(),
    partial: fc.boolean(),
    retention: fc.constantFrom(60, 300, LONG_RETENTION, LONG_RETENTION),
    dlqRetention: fc.constantFrom(60, LONG_RETENTION),
    sends: fc.array(fc.record({ count: fc.integer({ min: 1, max: 10 }), sameGroup: fc.boolean(), at: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
    asyncCount: fc.integer({ min: 0, max: 5 }),
    asyncFn: fc.constantFrom(0 as const, 1 as const),
    asyncFailPermille: fc.constantFrom(0, 300, 700, 1000),
    asyncAt: fc.integer({ min: 0, max: 200 }),
    until: fc.integer({ min: 10, max: 900 }),
  })
  .map((c) => {
    // Without a dead-letter queue a message that keeps failing is received until it expires: keep
    // that bounded (a short retention, and at most ~10 receives in it). A batch that fails as a
    // whole when one of its messages fails keeps failing too, unless failures are rare.
    if (c.maxReceiveCount !== undefined) return c;
    const endless = c.failPermille === 1000 || (!c.partial && c.batchSize > 1 && c.failPermille > 100);
    const retention = endless && c.retention === LONG_RETENTION ? 300 : c.retention;
    const visibility = retention === LONG_RETENTION ? c.visibility : Math.max(c.visibility, Math.ceil(retention / 10));
    return { ...c, retention, visibility };
  });

const asyncArb: fc.Arbitrary<AsyncConfig> = fc.record({ maxRetryAttempts: fc.integer({ min: 0, max: 2 }), maxEventAge: fc.constantFrom(60, 21_600, 21_600), onFailure: fc.boolean(), deadLetter: fc.boolean(), onSuccess: fc.boolean() });
const runArb: fc.Arbitrary<Run> = fc.record({
  cases: fc.array(caseArb, { minLength: 18, maxLength: 22 }),
  async: fc.tuple(asyncArb, asyncArb),
  cutShort: fc.boolean(),
});

const opsArb: fc.Arbitrary<Ops> = fc.record(
  {
    pause: fc.option(fc.record({ at: fc.integer({ min: 0, max: 200 }), resumeAfter: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined, freq: 3 }) }), { nil: undefined }),
    redrive: fc.option(fc.record({ at: fc.integer({ min: 60, max: 1500 }), rate: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), fixes: fc.boolean() }), { nil: undefined, freq: 5 }),
    purge: fc.option(fc.record({ at: fc.integer({ min: 0, max: 600 }), dlq: fc.boolean() }), { nil: undefined, freq: 2 }),
  },
  { requiredKeys: [] },
);
/** Runs whose cases have operator steps too. */
const opsRunArb: fc.Arbitrary<Run> = runArb.chain((run) => fc.array(opsArb, { minLength: run.cases.length, maxLength: run.cases.length }).map((ops) => ({ ...run, cases: run.cases.map((c, k) => ({ ...c, ops: ops[k]! })) })));

const jobsId = (k: number): string => `Test/Jobs${k}`;
const dlqId = (k: number): string => `Test/Dlq${k}`;
const bodyOf = (c: Case, k: number, j: number, i: number | string, fixedAt?: number): string => `${c.failPermille}/${c.partial ? 'p' : 't'}/c${k}s${j}m${i}${fixedAt !== undefined ? `/fixed${fixedAt}` : ''}`;
/** The simulated epoch at time 0. */
const START_EPOCH = Date.UTC(2026, 0, 1);
const asyncKey = (k: number, i: number | string): string => `c${k}a${i}`;

function planOf(run: Run): Plan {
  const queues: PlanQueue[] = [0, 1].flatMap((f) => [queue(`Async${f}Failures`), queue(`Async${f}Dlq`), queue(`Async${f}Successes`)]);
  run.cases.forEach((c, k) => {
    queues.push(queue(`Dlq${k}`, { fifo: c.fifo, retentionPeriodSeconds: c.dlqRetention }));
    queues.push(
      queue(`Jobs${k}`, {
        fifo: c.fifo,
        visibilityTimeoutSeconds: c.visibility,
        retentionPeriodSeconds: c.retention,
        ...(c.maxReceiveCount !== undefined ? { deadLetter: { queue: dlqId(k), maxReceiveCount: c.maxReceiveCount } } : {}),
      }),
    );
  });
  const dest = (id: string) => ({ type: 'sqs' as const, id, arn: queues.find((q) => q.id === id)!.arn });
  return testPlan({
    functions: [
      WORKER,
      ...run.async.map((a, f) => ({
        ...asyncFn(f),
        // One environment: the other events of a burst are throttled and back off.
        reservedConcurrency: 1,
        async: { maxRetryAttempts: a.maxRetryAttempts, maxEventAgeSeconds: a.maxEventAge, ...(a.onFailure ? { onFailure: dest(asyncFailures(f)) } : {}), ...(a.deadLetter ? { deadLetter: dest(asyncDlq(f)) } : {}), ...(a.onSuccess ? { onSuccess: dest(asyncSuccesses(f)) } : {}) },
      })),
    ],
    queues,
    mappings: run.cases.map((c, k) => sqsMapping(`Jobs${k}`, 'Worker', { batchSize: c.batchSize, maxConcurrency: 2, reportBatchItemFailures: c.partial })),
  });
}

/** What a step of the scenario is in its case. */
type StepOf = { readonly k: number; readonly send: number } | { readonly k: number; readonly send?: undefined; readonly op?: true };

/** The scenario of a run; `cutAt` puts an `until` at that second on a run whose cases run one after another. */
function scenarioOf(run: Run, cutAt?: number): { scenario: Scenario; stepOf: StepOf[]; untilSeconds: number | undefined } {
  const untilSeconds = run.cutShort ? Math.max(...run.cases.map((c) => c.until)) : cutAt;
  const timed: Array<{ atMs: number; of: StepOf; action: Step['action'] }> = [];
  run.cases.forEach((c, k) => {
    const offset = run.cutShort ? untilSeconds! - c.until : k * CASE_SPACING;
    // Steps happen before the case's `until` (a step after `until` would never happen).
    const latest = run.cutShort ? c.until : Infinity;
    let at = 0;
    // A case with a redrive that fixes it: the messages the redrive moves succeed (unless a batch fails with others).
    const redriveAt = c.ops?.redrive && c.maxReceiveCount !== undefined ? offset + Math.min(c.ops.redrive.at, latest) : undefined;
    const fixedAt = redriveAt !== undefined && c.ops?.redrive?.fixes ? START_EPOCH + redriveAt * 1000 : undefined;
    c.sends.forEach((s, j) => {
      at = Math.min(s.at ?? at, latest);
      timed.push({
        atMs: (offset + at) * 1000,
        of: { k, send: j },
        action: { kind: 'send', queue: `Jobs${k}`, body: bodyOf(c, k, j, '{{i}}', fixedAt), count: s.count, ...(c.fifo ? { groupId: s.sameGroup ? `g${j}` : `g${j}-{{i}}`, deduplicationId: c.sharedDedup ? 'd{{i}}' : `s${j}d{{i}}` } : {}) },
      });
    });
    if (c.asyncCount > 0) timed.push({ atMs: (offset + Math.min(c.asyncAt, latest)) * 1000, of: { k }, action: { kind: 'invoke', function: `Async${c.asyncFn}`, payload: { k: asyncKey(k, '{{i}}'), rate: c.asyncFailPermille }, count: c.asyncCount, type: 'Event' } });
    const o = c.ops;
    if (o) {
      const op = (seconds: number, action: Step['action']): void => void timed.push({ atMs: (offset + Math.min(seconds, latest)) * 1000, of: { k, op: true }, action });
      const mapping = `Test/Worker/Jobs${k}Source`;
      if (o.pause) op(o.pause.at, { kind: 'pause', mapping });
      if (o.pause?.resumeAfter !== undefined) op(o.pause.at + o.pause.resumeAfter, { kind: 'resume', mapping });
      // Only a queue some queue's redrive policy names can be redriven.
      if (o.redrive && redriveAt !== undefined) op(o.redrive.at, { kind: 'redrive', from: dlqId(k), ...(o.redrive.rate !== undefined ? { maxMessagesPerSecond: o.redrive.rate } : {}) });
      if (o.purge) op(o.purge.at, { kind: 'purge', queue: o.purge.dlq ? dlqId(k) : jobsId(k) });
    }
  });
  timed.sort((a, b) => a.atMs - b.atMs);
  const steps: Step[] = timed.map((t, index) => ({ index, atMs: t.atMs, action: t.action, where: `conservation.yaml:${index + 3}:5` }));
  return { scenario: { file: 'conservation.yaml', ...(untilSeconds !== undefined ? { untilMs: untilSeconds * 1000 } : {}), steps, expect: [] }, stepOf: timed.map((t) => t.of), untilSeconds };
}

/** The first receive that succeeds, or undefined when every receive up to `limit` fails. */
function firstSuccess(c: Case, body: string, limit: number): number | undefined {
  for (let k = 1; k <= limit; k++) if (permille(`${body}#${k}`) >= c.failPermille) return k;
  return undefined;
}

/** The disposition of the input of every message still in each queue when the run ends. */
type Held = Record<string, Array<Disposition | undefined>>;

async function runOnce(run: Run, seed = 7, cutAt?: number): Promise<{ report: Report; held: Held; stepOf: StepOf[]; untilSeconds: number | undefined }> {
  const held: Held = {};
  const { scenario, stepOf, untilSeconds } = scenarioOf(run, cutAt);
  const report = await runScenario(planOf(run), scenario, {
    planDir: '/',
    seed,
    startEpochMs: START_EPOCH,
    inspect: (rt: Runtime) => {
      for (const [id, q] of rt.queues) held[id] = q.pending().map((m) => m.input.disposition);
    },
  });
  return { report, held, stepOf, untilSeconds };
}

const DISPOSITIONS: readonly Disposition[] = ['processed', 'queued', 'deadLetter', 'failureDestination', 'discarded'];
const count = (list: readonly ReportInput[], d: Disposition): number => list.filter((i) => i.disposition === d).length;

function checkRun(run: Run, report: Report, held: Held, stepOf: readonly StepOf[], untilSeconds: number | undefined): void {
  const sentAll = run.cases.reduce((n, c) => n + c.sends.reduce((m, s) => m + s.count, 0), 0);
  const eventsAll = run.cases.reduce((n, c) => n + c.asyncCount, 0);
  const byId = new Map(report.inputs.map((i) => [i.id, i]));
  // What the runtime sent on: an on-success record of a processed event, a new input in the
  // destination queue (which nothing reads: it waits there, or expires after the queue's 4 days).
  const children = report.inputs.filter((i) => i.parent !== undefined);
  for (const child of children) {
    const parent = byId.get(child.parent!)!;
    const f = Number(/^Test\/Async(\d)$/.exec(parent.source)![1]);
    expect([child.source, child.step, parent.disposition, run.async[f]!.onSuccess]).toEqual([asyncSuccesses(f), parent.step, 'processed', true]);
    if (child.disposition !== 'queued') expect([child.disposition, child.reason]).toEqual(['discarded', `expired from ${asyncSuccesses(f)} after its retention period (345600 s)`]);
  }
  const processedEvents = run.async.reduce((n, a, f) => n + (a.onSuccess ? report.inputs.filter((i) => i.source === asyncFn(f).id && i.disposition === 'processed').length : 0), 0);
  expect(children.length).toBe(processedEvents);

  // Every input exactly once, with one of the five dispositions; the summary adds up.
  expect(report.inputs.length).toBe(sentAll + eventsAll + children.length);
  expect(new Set(report.inputs.map((i) => i.id)).size).toBe(report.inputs.length);
  for (const i of report.inputs) expect(DISPOSITIONS).toContain(i.disposition);
  expect(report.summary.total).toBe(report.inputs.length);
  expect(DISPOSITIONS.reduce((n, d) => n + report.summary[d], 0)).toBe(report.summary.total);
  for (const d of DISPOSITIONS) expect(report.summary[d], d).toBe(count(report.inputs, d));
  for (const i of report.inputs) {
    if (i.disposition === 'queued') expect(i.endedAt).toBeUndefined();
    else expect(i.endedAt).toBeLessThanOrEqual(report.simulatedSeconds);
  }
  if (untilSeconds === undefined) {
    // Run until idle: nothing is still on its way, but the on-success records waiting in their queue.
    expect(report.summary.queued).toBe(count(children, 'queued'));
  } else {
    // A handler that runs across `until` finishes (its clock is the wall clock): at most a moment later.
    expect(report.simulatedSeconds).toBeGreaterThanOrEqual(untilSeconds);
    expect(report.simulatedSeconds).toBeLessThan(untilSeconds + 5);
  }

  // Every queue's messages are all accounted for.
  for (const [id, q] of Object.entries(report.queues)) expect(q.sent, id).toBe(q.deleted + q.movedToDeadLetter + q.expired + q.visible + q.inFlight + q.delayed);

  // What is still in a queue: a source message is on its way; a dead-letter or destination message
  // carries an input that ended there, never one that was also processed.
  for (const [id, list] of Object.entries(held)) {
    const want = id.startsWith('Test/Jobs') || id.endsWith('Successes') ? [undefined] : id.startsWith('Test/Dlq') ? ['deadLetter'] : id.endsWith('Failures') ? ['failureDestination'] : ['deadLetter', 'failureDestination'];
    for (const d of list) expect(want, id).toContain(d);
  }

  run.cases.forEach((c, k) => {
    const sent = c.sends.reduce((n, s) => n + s.count, 0);
    // FIFO with shared deduplication ids: a message whose id an earlier step sent (all within 5 minutes) is dropped.
    const duplicate = new Set<string>();
    if (c.fifo && c.sharedDedup) {
      let seen = 0;
      for (const index of stepOf.flatMap((o, x) => (o.k === k && o.send !== undefined ? [x] : []))) {
        const j = stepOf[index]!.send!;
        for (let i = 0; i < Math.min(seen, c.sends[j]!.count); i++) duplicate.add(`${j}/${i}`);
        seen = Math.max(seen, c.sends[j]!.count);
      }
    }
    // SQS inputs: processed, moved to the DLQ after exactly maxReceiveCount receives, expired, dropped as a duplicate, or still queued.
    const jobs = report.inputs.filter((i) => i.source === jobsId(k));
    expect(jobs.length).toBe(sent);
    c.sends.forEach((_, j) => {
      const index = stepOf.findIndex((o) => o.k === k && o.send === j);
      jobs
        .filter((i) => i.step === index)
        .forEach((g, i) => {
          if (duplicate.has(`${j}/${i}`)) {
            expect({ disposition: g.disposition, reason: g.reason, attempts: g.attempts }).toEqual({ disposition: 'discarded', reason: `a duplicate of a message sent to ${jobsId(k)} within the 5-minute deduplication interval`, attempts: 0 });
          } else expect(g.reason ?? '').not.toMatch(/duplicate/);
        });
    });
    expect(count(jobs, 'processed') + count(jobs, 'deadLetter') + count(jobs, 'discarded') + count(jobs, 'queued')).toBe(sent);
    for (const i of jobs) {
      if (i.disposition === 'deadLetter') expect([i.where, i.receives]).toEqual([dlqId(k), c.maxReceiveCount]);
      if (i.disposition === 'processed') {
        expect(i.receives).toBeGreaterThanOrEqual(1);
        expect(i.receives).toBeLessThanOrEqual(c.maxReceiveCount ?? Infinity);
      }
      if (i.disposition === 'discarded' && !/duplicate/.test(i.reason!)) expect(i.reason).toMatch(new RegExp(`^expired from ${jobsId(k)} after its retention period \\(${c.retention} s\\)`));
      // Every receive went to the function in a batch, unless the batch was throttled until its
      // visibility timeout ended (cases that overlap share the consumer's two environments).
      if (untilSeconds === undefined) expect(i.attempts).toBe(i.receives ?? 0);
      else expect(i.attempts).toBeLessThanOrEqual(i.receives ?? 0);
    }
    const q = report.queues[jobsId(k)]!;
    expect([q.sent, q.deleted, q.movedToDeadLetter, q.expired, q.visible + q.inFlight + q.delayed]).toEqual([
      sent - duplicate.size,
      count(jobs, 'processed'),
      count(jobs, 'deadLetter'),
      count(jobs, 'discarded') - duplicate.size,
      count(jobs, 'queued'),
    ]);
    expect(report.queues[dlqId(k)]!.sent).toBe(count(jobs, 'deadLetter'));

    // Where batching cannot change the outcome and nothing expires or is cut short, each message's end is known beforehand.
    if (untilSeconds === undefined && c.retention === LONG_RETENTION && (c.partial || c.batchSize === 1)) {
      c.sends.forEach((s, j) => {
        const index = stepOf.findIndex((o) => o.k === k && o.send === j);
        const got = jobs.filter((i) => i.step === index);
        expect(got.length).toBe(s.count);
        got.forEach((g, i) => {
          if (duplicate.has(`${j}/${i}`)) return;
          const body = bodyOf(c, k, j, i);
          const first = firstSuccess(c, body, c.maxReceiveCount ?? 1000);
          const want = first !== undefined ? { disposition: 'processed', receives: first, attempts: first } : { disposition: 'deadLetter', receives: c.maxReceiveCount, attempts: c.maxReceiveCount };
          expect({ body, disposition: g.disposition, receives: g.receives, attempts: g.attempts }).toEqual({ body, ...want });
        });
      });
    }

    // Async events: processed, or after their tries to the on-failure destination (which wins over the DLQ), the DLQ, or discarded.
    const index = stepOf.findIndex((o) => o.k === k && o.send === undefined && !('op' in o));
    const events = index < 0 ? [] : report.inputs.filter((i) => i.step === index && i.parent === undefined);
    const a = run.async[c.asyncFn];
    const f = c.asyncFn;
    expect(events.length).toBe(c.asyncCount);
    events.forEach((e, i) => {
      expect(e.source).toBe(asyncFn(f).id);
      expect(e.receives).toBeUndefined();
      expect(e.attempts).toBeLessThanOrEqual(a.maxRetryAttempts + 1);
      if (e.disposition === 'failureDestination') expect([a.onFailure, e.where]).toEqual([true, asyncFailures(f)]);
      if (e.disposition === 'deadLetter') expect([a.onFailure, a.deadLetter, e.where]).toEqual([false, true, asyncDlq(f)]);
      if (e.disposition === 'discarded') expect([a.onFailure, a.deadLetter]).toEqual([false, false]);
      if (untilSeconds === undefined && a.maxEventAge === 21_600) {
        const fails = permille(`async#${asyncKey(k, i)}`) < c.asyncFailPermille;
        const want = fails ? { disposition: a.onFailure ? 'failureDestination' : a.deadLetter ? 'deadLetter' : 'discarded', attempts: a.maxRetryAttempts + 1 } : { disposition: 'processed', attempts: 1 };
        expect({ key: asyncKey(k, i), disposition: e.disposition, attempts: e.attempts }).toEqual({ key: asyncKey(k, i), ...want });
      }
    });
  });

  run.async.forEach((a, f) => {
    const events = report.inputs.filter((i) => i.source === asyncFn(f).id);
    const failed = count(events, 'failureDestination') + count(events, 'deadLetter') + count(events, 'discarded');
    expect(report.queues[asyncFailures(f)]!.sent).toBe(count(events, 'failureDestination'));
    expect(report.queues[asyncDlq(f)]!.sent).toBe(a.deadLetter ? failed : 0);
    expect(report.queues[asyncSuccesses(f)]!.sent).toBe(a.onSuccess ? count(events, 'processed') : 0);
    expect(report.functions[asyncFn(f).id]!.Invocations).toBe(events.reduce((n, i) => n + i.attempts, 0));
  });
}

/**
 * The invariants of a run with operator steps: every input once with one disposition, every
 * queue's messages accounted for, a redriven message a new input sent on from a dead-lettered one
 * back to its case's queue, a purge's inputs discarded as purged from the queue the case purged.
 */
function checkOperatorRun(run: Run, report: Report, held: Held): void {
  const byId = new Map(report.inputs.map((i) => [i.id, i]));
  expect(new Set(report.inputs.map((i) => i.id)).size).toBe(report.inputs.length);
  for (const i of report.inputs) {
    expect(DISPOSITIONS).toContain(i.disposition);
    if (i.disposition === 'queued') expect(i.endedAt).toBeUndefined();
    else expect(i.endedAt).toBeLessThanOrEqual(report.simulatedSeconds);
  }
  expect(report.summary.total).toBe(report.inputs.length);
  for (const d of DISPOSITIONS) expect(report.summary[d], d).toBe(count(report.inputs, d));
  expect(DISPOSITIONS.reduce((n, d) => n + report.summary[d], 0)).toBe(report.summary.total);
  for (const [id, q] of Object.entries(report.queues)) expect(q.sent, id).toBe(q.deleted + q.movedToDeadLetter + q.expired + q.visible + q.inFlight + q.delayed);
  for (const [id, list] of Object.entries(held)) {
    const want = id.startsWith('Test/Jobs') || id.endsWith('Successes') ? [undefined] : id.startsWith('Test/Dlq') ? ['deadLetter'] : id.endsWith('Failures') ? ['failureDestination'] : ['deadLetter', 'failureDestination'];
    for (const d of list) expect(want, id).toContain(d);
  }

  // What was sent on: an on-success record of a processed event, or a redriven message.
  const children = report.inputs.filter((i) => i.parent !== undefined);
  for (const child of children) {
    const parent = byId.get(child.parent!)!;
    expect(child.step).toBe(parent.step);
    const f = /^Test\/Async(\d)$/.exec(parent.source);
    if (f) {
      expect([child.source, parent.disposition]).toEqual([asyncSuccesses(Number(f[1])), 'processed']);
      continue;
    }
    const k = Number(/^Test\/Dlq(\d+)$/.exec(parent.where ?? '')?.[1]);
    expect([parent.disposition, child.source, run.cases[k]?.ops?.redrive !== undefined]).toEqual(['deadLetter', jobsId(k), true]);
  }
  const sentAll = run.cases.reduce((n, c) => n + c.sends.reduce((m, s) => m + s.count, 0), 0);
  const eventsAll = run.cases.reduce((n, c) => n + c.asyncCount, 0);
  expect(report.inputs.length).toBe(sentAll + eventsAll + children.length);

  const purged = (queueId: string): number => report.inputs.filter((i) => i.reason === `purged from ${queueId}`).length;
  run.cases.forEach((c, k) => {
    const jobs = report.inputs.filter((i) => i.source === jobsId(k));
    const redriven = jobs.filter((i) => i.parent !== undefined);
    expect(jobs.length - redriven.length).toBe(c.sends.reduce((n, s) => n + s.count, 0));
    const duplicates = jobs.filter((i) => i.reason?.startsWith('a duplicate')).length;
    const q = report.queues[jobsId(k)]!;
    // Deleted: processed, or purged; every message a purge deleted from a source queue was still on its way.
    expect([q.sent, q.deleted, q.movedToDeadLetter, q.expired, q.visible + q.inFlight + q.delayed]).toEqual([
      jobs.length - duplicates,
      count(jobs, 'processed') + purged(jobsId(k)),
      count(jobs, 'deadLetter'),
      count(jobs, 'discarded') - duplicates - purged(jobsId(k)),
      count(jobs, 'queued'),
    ]);
    if (purged(jobsId(k)) > 0) expect(c.ops?.purge?.dlq).toBe(false);
    // A dead-letter queue's messages carry inputs that ended there: a purge leaves them deadLetter.
    expect(purged(dlqId(k))).toBe(0);
    const dlq = report.queues[dlqId(k)]!;
    expect(dlq.sent).toBe(report.inputs.filter((i) => i.disposition === 'deadLetter' && i.where === dlqId(k)).length);
    if (c.ops?.purge?.dlq) expect(dlq.deleted).toBeGreaterThanOrEqual(redriven.length);
    else expect(dlq.deleted).toBe(redriven.length);
    for (const i of jobs) {
      expect(i.attempts).toBeLessThanOrEqual(i.receives ?? 0);
      if (i.disposition === 'deadLetter') expect([i.where, i.receives]).toEqual([dlqId(k), c.maxReceiveCount]);
    }
  });
}

describe('conservation: every input has exactly one disposition', () => {
  it('holds for a few hundred seeded random cases', async () => {
    let cases = 0;
    // How the inputs ended, over all runs: the cases must reach every way an input can end.
    const seen = new Map<string, number>();
    const tally = (key: string, n = 1): void => void seen.set(key, (seen.get(key) ?? 0) + n);
    await fc.assert(
      fc.asyncProperty(runArb, async (run) => {
        const { report, held, stepOf, untilSeconds } = await runOnce(run);
        checkRun(run, report, held, stepOf, untilSeconds);
        cases += run.cases.length;
        for (const i of report.inputs) {
          const kind = i.parent !== undefined ? 'sent on' : i.source.startsWith('Test/Jobs') ? 'sqs' : 'async';
          tally(`${kind} ${i.disposition}${i.disposition === 'discarded' && i.reason?.startsWith('a duplicate') ? ' (duplicate)' : ''}`);
          if (kind === 'sqs' && i.attempts < (i.receives ?? 0)) tally('sqs throttled receive');
        }
        tally('async throttles', report.functions['Test/Async0']!.Throttles + report.functions['Test/Async1']!.Throttles);
        tally('dead-letter queue expiries', Object.entries(report.queues).reduce((n, [id, q]) => n + (id.startsWith('Test/Dlq') ? q.expired : 0), 0));
      }),
      { seed: 20_261_122, numRuns: 12, endOnFailure: true },
    );
    expect(cases).toBeGreaterThanOrEqual(200);
    const missing = [
      'sqs processed',
      'sqs deadLetter',
      'sqs discarded',
      'sqs discarded (duplicate)',
      'sqs queued',
      'sqs throttled receive',
      'async processed',
      'async failureDestination',
      'async deadLetter',
      'async discarded',
      'async queued',
      'async throttles',
      'sent on queued',
      'dead-letter queue expiries',
    ].filter((k) => !(seen.get(k)! > 0));
    expect(missing, JSON.stringify(Object.fromEntries(seen))).toEqual([]);
  });

  it('holds with operator steps: pause and resume, redrive, purge', async () => {
    const seen = new Map<string, number>();
    const tally = (key: string): void => void seen.set(key, (seen.get(key) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(opsRunArb, async (run) => {
        const { report, held } = await runOnce(run);
        checkOperatorRun(run, report, held);
        for (const i of report.inputs) {
          if (i.parent !== undefined && i.source.startsWith('Test/Jobs')) tally(`redriven ${i.disposition}`);
          if (i.reason?.startsWith('purged from')) tally('purged');
        }
        run.cases.forEach((c, k) => {
          if (c.ops?.pause && c.ops.pause.resumeAfter === undefined && report.inputs.some((i) => i.source === jobsId(k) && i.disposition === 'queued')) tally('paused, still queued');
        });
      }),
      { seed: 20_261_123, numRuns: 8, endOnFailure: true },
    );
    const missing = ['redriven processed', 'redriven deadLetter', 'purged', 'paused, still queued'].filter((k) => !(seen.get(k)! > 0));
    expect(missing, JSON.stringify(Object.fromEntries(seen))).toEqual([]);
  });

  it('gives the same report for the same seed: dispositions, attempts, receives, and end times within seconds', async () => {
    // Ten cases one after another, until idle and cut short in the middle of the last one. (One
    // event per case: a burst of events throttled by a reserved concurrency of 1 retries after
    // backoffs that depend on whether a handler ends a few microseconds before or after another
    // event's retry, which the wall clock decides.)
    const [drawn] = fc.sample(runArb, { seed: 2026, numRuns: 1 });
    const run: Run = { ...drawn!, cases: drawn!.cases.slice(0, 10).map((c) => ({ ...c, asyncCount: Math.min(c.asyncCount, 1) })), cutShort: false };
    // End times include handlers' measured durations (and cold starts): equal within a few
    // seconds on a loaded machine, not to the rounding of a second.
    const view = (r: Report) => ({
      summary: r.summary,
      inputs: r.inputs.map((i) => [i.id, i.step, i.source, i.disposition, i.where ?? '', i.attempts, i.receives ?? '', i.endedAt === undefined ? '' : 'ended'].join(' ')),
    });
    const times = (r: Report) => [r.simulatedSeconds, ...r.inputs.map((i) => i.endedAt ?? -1)];
    for (const cutAt of [undefined, 9 * CASE_SPACING + 250]) {
      const first = await runOnce(run, 11, cutAt);
      const second = await runOnce(run, 11, cutAt);
      checkRun(run, first.report, first.held, first.stepOf, first.untilSeconds);
      expect(view(second.report)).toEqual(view(first.report));
      const [a, b] = [times(first.report), times(second.report)];
      expect(b.map((t, k) => Math.abs(t - a[k]!)).filter((d) => d > 3)).toEqual([]);
      // Not a run where nothing happens: inputs ended in several ways.
      expect(new Set(first.report.inputs.map((i) => i.disposition)).size).toBeGreaterThanOrEqual(cutAt === undefined ? 3 : 4);
    }
  });
});
