/**
 * buildReport on a runtime whose ledger, metrics, queues and HTTP log a test writes (no handler
 * runs, so every number is exact), and formatReport's text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../../lib/local/runtime.js';
import { parseScenario } from '../../../lib/local/scenario/parse.js';
import { buildReport, formatReport, type Report } from '../../../lib/local/scenario/report.js';
import { fn, queue, testPlan } from '../helpers.js';

const PLAN = testPlan({
  functions: [fn('Worker', 'export const handler = async () => ({});'), fn('Idle', 'export const handler = async () => ({});')],
  queues: [queue('Jobs'), queue('JobsDlq')],
});

const runtimes: Runtime[] = [];
afterAll(async () => {
  for (const rt of runtimes) await rt.shutdown();
});

/** A runtime that is never started: the test writes what a run would have. */
function runtime(): Runtime {
  const rt = new Runtime(PLAN, { planDir: '/', startEpochMs: Date.UTC(2026, 0, 1) });
  runtimes.push(rt);
  return rt;
}

/** Moves the runtime's clock to `ms`. */
async function clockAt(rt: Runtime, ms: number): Promise<void> {
  rt.sim.at(ms, () => undefined);
  await rt.sim.run();
}

describe('buildReport', () => {
  it('lists every input with its disposition (queued when it has none), and a summary that adds up', async () => {
    const rt = runtime();
    const l = rt.ledger;
    const a = l.create(0, 'Test/Jobs');
    const b = l.create(0, 'Test/Jobs');
    const c = l.create(1, 'Test/Worker');
    const d = l.child(c, 'Test/Jobs', 'Test/Worker');
    const e = l.create(-1, 'Test/Rule');
    const f = l.create(2, 'Test/Worker');
    a.attempts = 1;
    a.receives = 1;
    l.settle(a, 'processed', 1500.4);
    b.attempts = 3;
    b.receives = 3;
    l.settle(b, 'deadLetter', 180_250, { where: 'Test/JobsDlq' });
    c.attempts = 3;
    l.settle(c, 'failureDestination', 181_000, { where: 'Test/JobsDlq' });
    l.settle(e, 'discarded', 2000, { reason: 'matched no rule' });
    f.attempts = 1;
    // A second settlement does not change the first.
    l.settle(a, 'discarded', 9000, { reason: 'late' });
    await clockAt(rt, 200_000);
    const r = buildReport(rt, undefined, 42, 12.6);
    expect(r.version).toBe(1);
    expect(r.seed).toBe(42);
    expect(r.simulatedSeconds).toBe(200);
    expect(r.wallMs).toBe(13);
    expect(r.inputs).toEqual([
      { id: 'in-1', step: 0, source: 'Test/Jobs', disposition: 'processed', attempts: 1, receives: 1, endedAt: 1.5 },
      { id: 'in-2', step: 0, source: 'Test/Jobs', disposition: 'deadLetter', where: 'Test/JobsDlq', attempts: 3, receives: 3, endedAt: 180.25 },
      { id: 'in-3', step: 1, source: 'Test/Worker', disposition: 'failureDestination', where: 'Test/JobsDlq', attempts: 3, endedAt: 181 },
      { id: 'in-4', step: 1, source: 'Test/Jobs', parent: 'in-3', disposition: 'queued', attempts: 0 },
      { id: 'in-5', step: null, source: 'Test/Rule', disposition: 'discarded', reason: 'matched no rule', attempts: 0, endedAt: 2 },
      { id: 'in-6', step: 2, source: 'Test/Worker', disposition: 'queued', attempts: 1 },
    ]);
    expect(d.lineage).toEqual({ 'Test/Worker': 1 });
    expect(c.lineage).toEqual({});
    expect(r.summary).toEqual({ processed: 1, queued: 2, deadLetter: 1, failureDestination: 1, discarded: 1, total: 6 });
    expect(r.checks).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('reports each function\'s metrics, Duration as p50, p99 and max (nearest rank, to the microsecond)', () => {
    const rt = runtime();
    const m = rt.functions.metrics('Test/Worker');
    // 1..100 ms in a shuffled order, and one more value in the middle with more decimals.
    for (let i = 0; i < 100; i++) m.Duration.push(((i * 37) % 100) + 1);
    m.Duration.push(50.12345);
    Object.assign(m, { Invocations: 101, Errors: 4, Throttles: 2, ConcurrentExecutions: 3, ColdStarts: 2, AsyncEventAge: 61_000.4567, IteratorAge: 12.3456, AsyncEventsDropped: 1 });
    const r = buildReport(rt, undefined, 1, 0);
    expect(r.functions['Test/Worker']).toEqual({
      Invocations: 101,
      Errors: 4,
      Throttles: 2,
      // 101 values: the 51st is 50.12345 (between 50 and 51), the 100th is 99.
      Duration: { p50: 50.123, p99: 99, max: 100 },
      ConcurrentExecutions: 3,
      IteratorAge: 12.346,
      DeadLetterErrors: 0,
      DestinationDeliveryFailures: 0,
      AsyncEventsReceived: 0,
      AsyncEventAge: 61_000.457,
      AsyncEventsDropped: 1,
      RecursiveInvocationsDropped: 0,
      ProvisionedConcurrencyInvocations: 0,
      ProvisionedConcurrencySpilloverInvocations: 0,
      ColdStarts: 2,
    });
    // A function never invoked: zeros.
    expect(r.functions['Test/Idle']!.Duration).toEqual({ p50: 0, p99: 0, max: 0 });
    expect(r.functions['Test/Idle']!.Invocations).toBe(0);
  });

  it('reports each queue: visible, inFlight, delayed and the counts of what went through it', async () => {
    const rt = runtime();
    const send = (body: string, delaySeconds?: number): void => void rt.sendMessage('Test/Jobs', body, rt.ledger.create(0, 'Test/Jobs'), delaySeconds !== undefined ? { delaySeconds } : {});
    send('a');
    send('b');
    send('c');
    send('d', 60);
    const q = rt.queue('Test/Jobs');
    const [m] = q.receive(1);
    const [n] = q.receive(1);
    q.delete(n!);
    expect(m!.body).toBe('a');
    const r = buildReport(rt, undefined, 1, 0);
    expect(r.queues).toEqual({
      'Test/Jobs': { visible: 1, inFlight: 1, delayed: 1, sent: 4, deleted: 1, movedToDeadLetter: 0, expired: 0 },
      'Test/JobsDlq': { visible: 0, inFlight: 0, delayed: 0, sent: 0, deleted: 0, movedToDeadLetter: 0, expired: 0 },
    });
  });

  it('lists HTTP requests in the order they were made, whatever order they were answered in', () => {
    const rt = runtime();
    const first = rt.ledger.create(0, 'Test/Api');
    const second = rt.ledger.create(0, 'Test/Api');
    const base = { api: 'Test/Api', method: 'GET', headers: {}, body: '' };
    rt.http.log.push({ ...base, input: second.id, path: '/slow', status: 504, latencyMs: 30_000, route: 'GET /slow', reason: 'the integration took longer than 30000 ms' });
    rt.http.log.push({ ...base, input: first.id, path: '/items/1', status: 200, latencyMs: 12.5, route: 'GET /items/{id}' });
    const r = buildReport(rt, undefined, 1, 0);
    expect(r.http).toEqual([
      { input: 'in-1', api: 'Test/Api', method: 'GET', path: '/items/1', route: 'GET /items/{id}', status: 200, latencyMs: 12.5 },
      { input: 'in-2', api: 'Test/Api', method: 'GET', path: '/slow', route: 'GET /slow', status: 504, latencyMs: 30_000, reason: 'the integration took longer than 30000 ms' },
    ]);
  });

  it('evaluates checks at their edges: a number exactly, a range inclusive, and one past each end fails', () => {
    const rt = runtime();
    for (let i = 0; i < 3; i++) rt.ledger.settle(rt.ledger.create(0, 'Test/Jobs'), 'processed', 0);
    const scenario = parseScenario(
      `steps: []
expect:
  - inputs: { processed: 3 }
  - inputs: { processed: 2 }
  - inputs: { processed: 4 }
  - inputs: { processed: { min: 3, max: 3 } }
  - inputs: { processed: { min: 4 } }
  - inputs: { processed: { max: 2 } }
  - inputs: { source: Jobs, total: 3, queued: 0 }
  - inputs: { source: JobsDlq, total: 0 }
`,
      'sc.yaml',
    );
    const r = buildReport(rt, scenario, 1, 0);
    expect(r.checks.map((c) => [c.check, c.ok, c.actual, c.where])).toEqual([
      ['inputs processed', true, 3, 'sc.yaml:3:5'],
      ['inputs processed', false, 3, 'sc.yaml:4:5'],
      ['inputs processed', false, 3, 'sc.yaml:5:5'],
      ['inputs processed', true, 3, 'sc.yaml:6:5'],
      ['inputs processed', false, 3, 'sc.yaml:7:5'],
      ['inputs processed', false, 3, 'sc.yaml:8:5'],
      ['inputs of Test/Jobs total', true, 3, 'sc.yaml:9:5'],
      ['inputs of Test/Jobs queued', true, 0, 'sc.yaml:9:5'],
      ['inputs of Test/JobsDlq total', true, 0, 'sc.yaml:10:5'],
    ]);
    expect(r.ok).toBe(false);
  });
});

/** A report with a bit of everything, written out. */
const REPORT: Report = {
  version: 1,
  seed: 7,
  simulatedSeconds: 905.25,
  wallMs: 312,
  summary: { processed: 2, queued: 1, deadLetter: 1, failureDestination: 0, discarded: 1, total: 5 },
  inputs: [
    { id: 'in-1', step: 0, source: 'App/Jobs', disposition: 'processed', attempts: 1, receives: 1, endedAt: 0.012 },
    { id: 'in-2', step: 0, source: 'App/Jobs', disposition: 'deadLetter', where: 'App/JobsDlq', attempts: 5, receives: 5, endedAt: 900.031 },
    { id: 'in-3', step: 1, source: 'App/Worker', disposition: 'discarded', reason: 'failed 3 tries with no dead-letter queue or on-failure destination', attempts: 3, endedAt: 180.2 },
    { id: 'in-4', step: 2, source: 'App/Api', disposition: 'processed', attempts: 1, endedAt: 0.5 },
    { id: 'in-5', step: 3, source: 'App/Jobs', disposition: 'queued', attempts: 0 },
  ],
  functions: {
    'App/Worker': {
      Invocations: 9,
      Errors: 7,
      Throttles: 0,
      Duration: { p50: 1.5, p99: 12.25, max: 40 },
      ConcurrentExecutions: 2,
      IteratorAge: 0,
      DeadLetterErrors: 0,
      DestinationDeliveryFailures: 0,
      AsyncEventsReceived: 1,
      AsyncEventAge: 180_000,
      AsyncEventsDropped: 0,
      RecursiveInvocationsDropped: 0,
      ProvisionedConcurrencyInvocations: 0,
      ProvisionedConcurrencySpilloverInvocations: 0,
      ColdStarts: 2,
    },
  },
  queues: {
    'App/Jobs': { visible: 1, inFlight: 0, delayed: 0, sent: 3, deleted: 1, movedToDeadLetter: 1, expired: 0 },
    'App/JobsDlq': { visible: 1, inFlight: 0, delayed: 0, sent: 1, deleted: 0, movedToDeadLetter: 0, expired: 0 },
  },
  http: [{ input: 'in-4', api: 'App/Api', method: 'GET', path: '/items/1', route: 'GET /items/{id}', status: 200, latencyMs: 3.25 }],
  checks: [
    { check: 'inputs processed', where: 'sc.yaml:9:5', ok: true, expected: 2, actual: 2 },
    { check: 'queue App/JobsDlq visible', where: 'sc.yaml:10:5', ok: false, expected: 0, actual: 1 },
    { check: 'function App/Worker Errors', where: 'sc.yaml:12:5', ok: false, expected: { max: 3 }, actual: 7 },
    { check: 'simulatedSeconds', where: 'sc.yaml:14:5', ok: true, expected: { min: 900, max: 1100 }, actual: 905.25 },
  ],
  ok: false,
};

describe('formatReport', () => {
  it('prints the summary, the tables, and every check with expected and actual (and where a failed one is)', () => {
    expect(formatReport(REPORT)).toBe(
      [
        'simulated 15.1 min in 312 ms (seed 7)',
        'inputs: 5 — processed 2, queued 1, deadLetter 1, failureDestination 0, discarded 1',
        '',
        'function    Invocations  Errors  Throttles  ColdStarts  p50 ms  p99 ms  max ms  Concurrent  AsyncDropped  RecursionDropped',
        'App/Worker            9       7          0           2     1.5   12.25      40           2             0                 0',
        '',
        'queue        visible  inFlight  delayed  sent  deleted  toDLQ  expired',
        'App/Jobs           1         0        0     3        1      1        0',
        'App/JobsDlq        1         0        0     1        0      0        0',
        '',
        'request       route            status  latency ms  reason',
        'GET /items/1  GET /items/{id}     200        3.25',
        '',
        'input  source      disposition  where / reason                                                      attempts  ended s',
        'in-2   App/Jobs    deadLetter   App/JobsDlq                                                                5  900.031',
        'in-3   App/Worker  discarded    failed 3 tries with no dead-letter queue or on-failure destination         3    180.2',
        'in-5   App/Jobs    queued                                                                                  0',
        '',
        'ok   inputs processed: expected 2, got 2',
        'FAIL queue App/JobsDlq visible: expected 0, got 1  (sc.yaml:10:5)',
        'FAIL function App/Worker Errors: expected <= 3, got 7  (sc.yaml:12:5)',
        'ok   simulatedSeconds: expected >= 900 and <= 1100, got 905.25',
        '2 of 4 checks failed',
        '',
      ].join('\n'),
    );
  });

  it('says when every check holds, and leaves out the tables it has nothing for', () => {
    const r: Report = { ...REPORT, simulatedSeconds: 7200, functions: {}, queues: {}, http: [], inputs: REPORT.inputs.filter((i) => i.disposition === 'processed'), checks: [REPORT.checks[0]!], ok: true };
    expect(formatReport(r)).toBe(
      ['simulated 2.00 h in 312 ms (seed 7)', 'inputs: 5 — processed 2, queued 1, deadLetter 1, failureDestination 0, discarded 1', '', 'ok   inputs processed: expected 2, got 2', 'all 1 checks hold', ''].join('\n'),
    );
    expect(formatReport({ ...r, simulatedSeconds: 119.5, checks: [] })).toBe(['simulated 119.5 s in 312 ms (seed 7)', 'inputs: 5 — processed 2, queued 1, deadLetter 1, failureDestination 0, discarded 1', ''].join('\n'));
  });

  it('shows the first 20 inputs not processed and the first 50 requests, and says how many more there are', () => {
    const inputs = Array.from({ length: 21 }, (_, i) => ({ id: `in-${i + 1}`, step: 0, source: 'App/Jobs', disposition: 'queued' as const, attempts: 0 }));
    const http = Array.from({ length: 52 }, (_, i) => ({ input: `in-${i + 1}`, api: 'App/Api', method: 'GET', path: `/r${i}`, status: 404, latencyMs: 1 }));
    const text = formatReport({ ...REPORT, inputs, http, functions: {}, queues: {}, checks: [] });
    expect(text).toContain('\nin-20  App/Jobs');
    expect(text).not.toContain('in-21  App/Jobs');
    expect(text).toContain('\n... and 1 more inputs not processed (--json shows them all)\n');
    expect(text).toContain('GET /r49');
    expect(text).not.toContain('GET /r50');
    expect(text).toContain('\n... and 2 more requests (--json shows them all)\n');
  });
});
