/**
 * runScenario on small plans: when steps happen, where `until` stops the clock, the report's
 * shape, checks, and how resources are named.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import type { Plan, PlanApi } from '../../../lib/local/plan/types.js';
import { parseScenario, type Scenario } from '../../../lib/local/scenario/parse.js';
import type { Report } from '../../../lib/local/scenario/report.js';
import { runScenario } from '../../../lib/local/scenario/run.js';
import { fn, queue, sqsMapping, tempDir, testPlan } from '../helpers.js';

/** SQS batches fail when a body says `bad`; an event with `fail` fails; an API request gets its path's id back. */
const HANDLER = `export const handler = async (e) => {
  if (Array.isArray(e.Records)) {
    if (e.Records.some((r) => r.body.includes('bad'))) throw new Error('bad message');
    return {};
  }
  if (e.fail) throw new Error('asked to fail');
  if (e.marker) (await import('node:fs')).writeFileSync(e.marker, 'ran');
  if (e.requestContext) return { statusCode: 200, body: JSON.stringify({ id: e.pathParameters.id }) };
  return { ok: true };
};`;

const WORKER = { ...fn('Worker', HANDLER), logicalId: 'WorkerFn9A2B' };
const ECHO = { ...fn('Echo', HANDLER), aliases: [{ name: 'live', id: 'Test/Echo/Live', version: '$LATEST', additionalVersions: [] }] };
const API: PlanApi = {
  id: 'Test/Api',
  logicalId: 'Api',
  stack: 'Test',
  name: 'Test-Api',
  type: 'http',
  stage: '$default',
  routes: [{ function: 'Test/Echo', method: 'GET', path: '/items/{id}', payloadFormatVersion: '2.0', timeoutMillis: 30_000 }],
};

/** Jobs (consumed by Worker, 60 s visibility, 3 receives then JobsDlq), Parked (no consumer, 60 s retention), Echo, an HTTP API. */
const PLAN: Plan = testPlan({
  functions: [WORKER, ECHO],
  queues: [
    queue('JobsDlq'),
    { ...queue('Jobs', { visibilityTimeoutSeconds: 60, deadLetter: { queue: 'Test/JobsDlq', maxReceiveCount: 3 } }), logicalId: 'JobsQueueF00D' },
    queue('Parked', { retentionPeriodSeconds: 60 }),
  ],
  mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 1 })],
  apis: [API],
});

const run = (yaml: string, options: { seed?: number; plan?: Plan } = {}): Promise<Report> =>
  runScenario(options.plan ?? PLAN, parseScenario(yaml, 'sc.yaml'), { planDir: '/', startEpochMs: Date.UTC(2026, 0, 1), ...(options.seed !== undefined ? { seed: options.seed } : {}) });

/** The error a run is refused with. */
async function refusal(p: Promise<unknown>): Promise<LambdaformError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LambdaformError) return e;
    throw e;
  }
  throw new Error('the run was not refused');
}

/** A simulated time a handler's run reached: the time its events imply, plus the handler's (and its cold start's) wall time. */
function expectAbout(actual: number | undefined, seconds: number): void {
  expect(actual).toBeGreaterThanOrEqual(seconds);
  expect(actual).toBeLessThan(seconds + 2);
}

describe('runScenario: when steps happen', () => {
  it('runs each step at its `at`, a step without `at` right after the previous one, and `advance` moves the clock', async () => {
    // Parked has no consumer and a 60 s retention: each message expires exactly 60 s after it was sent.
    const r = await run(`until: 5m
steps:
  - send: { queue: Parked, body: a }
    at: 30s
  - send: { queue: Parked, body: b }
  - advance: 1m
  - send: { queue: Parked, body: c }
  - send: { queue: Parked, body: d, count: 2 }
    at: 2m
`);
    expect(r.inputs.map((i) => [i.id, i.step, i.disposition, i.endedAt])).toEqual([
      ['in-1', 0, 'discarded', 90],
      ['in-2', 1, 'discarded', 90],
      ['in-3', 3, 'discarded', 150],
      ['in-4', 4, 'discarded', 180],
      ['in-5', 4, 'discarded', 180],
    ]);
    expect(r.inputs[0]!.reason).toBe('expired from Test/Parked after its retention period (60 s)');
    expect(r.queues['Test/Parked']).toEqual({ visible: 0, inFlight: 0, delayed: 0, sent: 5, deleted: 0, movedToDeadLetter: 0, expired: 5 });
    expect(r.simulatedSeconds).toBe(300);
  });

  it('moves the clock to a step\'s `at` and to `advance`\'s end when nothing is scheduled meanwhile', async () => {
    const r = await run(`steps:
  - advance: 10m
  - send: { queue: Parked, body: a }
  - send: { queue: Parked, body: b }
    at: 15m
`);
    // No `until`: the run ends when nothing keeps it going (a retention sweep does not), at 15 min;
    // the first message, sent at 10 min, expired on the way there.
    expect(r.simulatedSeconds).toBe(900);
    expect(r.inputs.map((i) => [i.disposition, i.endedAt])).toEqual([
      ['discarded', 660],
      ['queued', undefined],
    ]);
    expect(r.queues['Test/Parked']).toMatchObject({ visible: 1, expired: 1 });
  });

  it('stops the clock exactly at `until`: a message in flight is queued, with the receives it had', async () => {
    const r = await run(`until: 90s
steps:
  - send: { queue: Jobs, body: bad }
  - send: { queue: Jobs, body: fine }
`);
    expect(r.simulatedSeconds).toBe(90);
    const [bad, fine] = r.inputs;
    // Received at 0 and 60 s; its visibility timeout runs to 120 s.
    expect(bad).toEqual({ id: 'in-1', step: 0, source: 'Test/Jobs', disposition: 'queued', attempts: 2, receives: 2 });
    expect(fine).toMatchObject({ id: 'in-2', step: 1, source: 'Test/Jobs', disposition: 'processed', attempts: 1, receives: 1 });
    expectAbout(fine!.endedAt, 0);
    expect(r.queues['Test/Jobs']).toEqual({ visible: 0, inFlight: 1, delayed: 0, sent: 2, deleted: 1, movedToDeadLetter: 0, expired: 0 });
    expect(r.summary).toEqual({ processed: 1, queued: 1, deadLetter: 0, failureDestination: 0, discarded: 0, total: 2 });
  });

  it('without `until` runs until idle: the failing message moves to the DLQ after 3 receives, at the time 3 visibility timeouts imply', async () => {
    const r = await run(`steps:
  - send: { queue: Jobs, body: bad }
`);
    expect(r.inputs).toHaveLength(1);
    expect(r.inputs[0]).toMatchObject({ disposition: 'deadLetter', where: 'Test/JobsDlq', receives: 3, attempts: 3 });
    expectAbout(r.inputs[0]!.endedAt, 180);
    expectAbout(r.simulatedSeconds, 180);
    expect(r.queues['Test/JobsDlq']).toEqual({ visible: 1, inFlight: 0, delayed: 0, sent: 1, deleted: 0, movedToDeadLetter: 0, expired: 0 });
  });

  it('does not run a step later than `until`, and an `advance` stops at `until`', async () => {
    const scenario = (steps: Scenario['steps']): Scenario => ({ file: 'sc.yaml', untilMs: 60_000, steps, expect: [] });
    const send = (index: number, atMs?: number): Scenario['steps'][number] => ({ index, where: `sc.yaml:${index + 2}:5`, ...(atMs !== undefined ? { atMs } : {}), action: { kind: 'send', queue: 'Parked', body: 'x', count: 1 } });
    const opts = { planDir: '/', startEpochMs: Date.UTC(2026, 0, 1) };
    const late = await runScenario(PLAN, scenario([send(0, 30_000), send(1, 61_000)]), opts);
    expect([late.inputs.length, late.simulatedSeconds]).toEqual([1, 60]);
    const advanced = await runScenario(PLAN, scenario([send(0), { index: 1, where: 'sc.yaml:3:5', action: { kind: 'advance', ms: 3_600_000 } }, send(2)]), opts);
    expect([advanced.inputs.length, advanced.simulatedSeconds]).toEqual([1, 60]);
    // The clock is exactly at `until` when the last step ends there.
    const atUntil = await runScenario(PLAN, scenario([send(0, 60_000)]), opts);
    expect([atUntil.inputs.length, atUntil.simulatedSeconds, atUntil.inputs[0]!.disposition]).toEqual([1, 60, 'queued']);
  });
});

describe('runScenario: the report', () => {
  it('has version, seed, simulatedSeconds, wallMs, inputs, functions, queues and http', async () => {
    const r = await run(
      `seed: 5
steps:
  - send: { queue: Jobs, body: ok }
  - invoke: { function: Echo, payload: { fail: true }, type: Event }
  - invoke: { function: Echo, payload: { n: 1 }, qualifier: live }
  - http: { method: GET, path: /items/7 }
`,
    );
    expect(r.version).toBe(1);
    expect(r.seed).toBe(5);
    expect(r.wallMs).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(r.wallMs)).toBe(true);
    // The failing event is tried 3 times (the default 2 retries, ~1 and ~2 minutes apart), then dropped.
    expectAbout(r.simulatedSeconds, 180);
    expect(r.inputs.map((i) => Object.keys(i).sort().join(','))).toEqual([
      'attempts,disposition,endedAt,id,receives,source,step',
      'attempts,disposition,endedAt,id,reason,source,step',
      'attempts,disposition,endedAt,id,source,step',
      'attempts,disposition,endedAt,id,source,step',
    ]);
    expect(r.inputs.map(({ endedAt: _, ...i }) => i)).toEqual([
      { id: 'in-1', step: 0, source: 'Test/Jobs', disposition: 'processed', attempts: 1, receives: 1 },
      { id: 'in-2', step: 1, source: 'Test/Echo', disposition: 'discarded', reason: 'failed 3 tries with no dead-letter queue or on-failure destination', attempts: 3 },
      { id: 'in-3', step: 2, source: 'Test/Echo', disposition: 'processed', attempts: 1 },
      { id: 'in-4', step: 3, source: 'Test/Api', disposition: 'processed', attempts: 1 },
    ]);
    expectAbout(r.inputs[1]!.endedAt, 180);
    expect(r.summary).toEqual({ processed: 3, queued: 0, deadLetter: 0, failureDestination: 0, discarded: 1, total: 4 });
    expect(Object.keys(r.functions)).toEqual(['Test/Worker', 'Test/Echo']);
    expect(r.functions['Test/Echo']).toMatchObject({ Invocations: 5, Errors: 3, Throttles: 0, AsyncEventsReceived: 1, AsyncEventsDropped: 1 });
    expect(r.functions['Test/Worker']).toMatchObject({ Invocations: 1, Errors: 0 });
    const d = r.functions['Test/Echo']!.Duration;
    expect(Object.keys(d)).toEqual(['p50', 'p99', 'max']);
    expect(d.p50).toBeGreaterThan(0);
    expect(d.p50).toBeLessThanOrEqual(d.p99);
    expect(d.p99).toBeLessThanOrEqual(d.max);
    expect(r.queues).toEqual({
      'Test/JobsDlq': { visible: 0, inFlight: 0, delayed: 0, sent: 0, deleted: 0, movedToDeadLetter: 0, expired: 0 },
      'Test/Jobs': { visible: 0, inFlight: 0, delayed: 0, sent: 1, deleted: 1, movedToDeadLetter: 0, expired: 0 },
      'Test/Parked': { visible: 0, inFlight: 0, delayed: 0, sent: 0, deleted: 0, movedToDeadLetter: 0, expired: 0 },
    });
    expect(r.http).toHaveLength(1);
    expect(r.http[0]).toMatchObject({ input: 'in-4', api: 'Test/Api', method: 'GET', path: '/items/7', route: 'GET /items/{id}', status: 200 });
    expect(r.http[0]!.latencyMs).toBeGreaterThan(0);
    expect(r.checks).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('takes the seed of the options over the scenario\'s, and 1 when neither gives one', async () => {
    expect((await run('seed: 5\nsteps: []\n', { seed: 9 })).seed).toBe(9);
    expect((await run('steps: []\n')).seed).toBe(1);
  });
});

describe('runScenario: checks', () => {
  it('evaluates exact numbers and ranges; a failing check has its expected and actual values and place', async () => {
    const r = await run(`steps:
  - send: { queue: Jobs, body: fine, count: 3 }
  - send: { queue: Parked, body: x, count: 2 }
expect:
  - inputs: { processed: 3, queued: 2, total: { min: 5, max: 5 } }
  - inputs: { source: Jobs, processed: 3, total: 3 }
  - inputs: { source: Parked, queued: { min: 3 } }
  - queue: Jobs
    deleted: 3
    visible: { max: 0 }
  - queue: Parked
    visible: 1
  - function: Worker
    Invocations: 3
    Errors: { max: 0 }
    DurationMax: { min: 0 }
  - simulatedSeconds: { max: 3600 }
`);
    expect(r.checks.map(({ check, where, ok, expected, actual }) => ({ check, where, ok, expected, actual }))).toEqual([
      { check: 'inputs processed', where: 'sc.yaml:5:5', ok: true, expected: 3, actual: 3 },
      { check: 'inputs queued', where: 'sc.yaml:5:5', ok: true, expected: 2, actual: 2 },
      { check: 'inputs total', where: 'sc.yaml:5:5', ok: true, expected: { min: 5, max: 5 }, actual: 5 },
      { check: 'inputs of Test/Jobs processed', where: 'sc.yaml:6:5', ok: true, expected: 3, actual: 3 },
      { check: 'inputs of Test/Jobs total', where: 'sc.yaml:6:5', ok: true, expected: 3, actual: 3 },
      { check: 'inputs of Test/Parked queued', where: 'sc.yaml:7:5', ok: false, expected: { min: 3 }, actual: 2 },
      { check: 'queue Test/Jobs deleted', where: 'sc.yaml:8:5', ok: true, expected: 3, actual: 3 },
      { check: 'queue Test/Jobs visible', where: 'sc.yaml:8:5', ok: true, expected: { max: 0 }, actual: 0 },
      { check: 'queue Test/Parked visible', where: 'sc.yaml:11:5', ok: false, expected: 1, actual: 2 },
      { check: 'function Test/Worker Invocations', where: 'sc.yaml:13:5', ok: true, expected: 3, actual: 3 },
      { check: 'function Test/Worker Errors', where: 'sc.yaml:13:5', ok: true, expected: { max: 0 }, actual: 0 },
      { check: 'function Test/Worker DurationMax', where: 'sc.yaml:13:5', ok: true, expected: { min: 0 }, actual: r.functions['Test/Worker']!.Duration.max },
      { check: 'simulatedSeconds', where: 'sc.yaml:17:5', ok: true, expected: { max: 3600 }, actual: r.simulatedSeconds },
    ]);
    expect(r.ok).toBe(false);
  });

  it('checks HTTP requests by index and by status', async () => {
    const r = await run(`steps:
  - http: { path: '/items/{{i}}', count: 2 }
  - http: { path: /nothing/here }
expect:
  - http: 0
    status: 200
  - http: 2
    status: 200
  - http: all
    status: 404
    count: 1
  - http: all
    count: 3
  - http: 7
`);
    expect(r.http.map((h) => [h.path, h.status])).toEqual([
      ['/items/0', 200],
      ['/items/1', 200],
      ['/nothing/here', 404],
    ]);
    expect(r.checks.map((c) => [c.check, c.ok, c.expected, c.actual])).toEqual([
      ['http request 0 status', true, 200, 200],
      ['http request 2 status', false, 200, 404],
      ['http requests with status 404', true, 1, 1],
      ['http requests', true, 3, 3],
      ['http request 7 status', false, 200, -1],
    ]);
  });

  it('names a resource by construct id, construct path, logical id or physical name', async () => {
    const r = await run(`steps:
  - send: { queue: Jobs, body: a }
  - send: { queue: Test/Jobs, body: b }
  - send: { queue: JobsQueueF00D, body: c }
  - send: { queue: Test-Jobs, body: d }
  - invoke: { function: WorkerFn9A2B, payload: {} }
  - invoke: { function: Test-Worker, payload: {} }
expect:
  - queue: JobsQueueF00D
    deleted: 4
  - queue: Test-Jobs
    sent: 4
  - function: Test/Worker
    Invocations: 6
  - inputs: { source: Test-Jobs, processed: 4 }
  - inputs: { source: WorkerFn9A2B, processed: 2 }
`);
    expect(r.inputs.map((i) => i.source)).toEqual(['Test/Jobs', 'Test/Jobs', 'Test/Jobs', 'Test/Jobs', 'Test/Worker', 'Test/Worker']);
    expect(r.checks.map((c) => [c.check, c.actual])).toEqual([
      ['queue Test/Jobs deleted', 4],
      ['queue Test/Jobs sent', 4],
      ['function Test/Worker Invocations', 6],
      ['inputs of Test/Jobs processed', 4],
      ['inputs of Test/Worker processed', 2],
    ]);
    expect(r.ok).toBe(true);
  });

  it('refuses an unknown resource in a step or a check with its place and the names there are, before anything runs', async () => {
    // The first step would leave a marker file: it never runs.
    const marker = path.join(tempDir(), 'ran');
    const step = await refusal(run(`steps:\n  - invoke: { function: Echo, payload: { marker: '${marker}' } }\n  - send: { queue: Jbos }\n`));
    expect(fs.existsSync(marker)).toBe(false);
    expect(step.path).toBe('sc.yaml:3:5');
    expect(step.detail).toBe("no queue 'Jbos' in the plan; there are: Test/JobsDlq, Test/Jobs, Test/Parked");
    expect(step.code).toBe('bad-scenario');
    const check = await refusal(run('steps: []\nexpect:\n  - function: Wroker\n    Errors: 0\n'));
    expect(check.message).toBe("sc.yaml:3:5: no function 'Wroker' in the plan; there are: Test/Worker, Test/Echo");
    const source = await refusal(run('steps: []\nexpect:\n  - inputs: { source: Nowhere, total: 0 }\n'));
    expect(source.message).toBe(
      "sc.yaml:3:5: no resource 'Nowhere' in the plan for inputs.source; there are: Test/JobsDlq, Test/Jobs, Test/Parked, Test/Worker, Test/Echo, Test/Api, default event bus",
    );
    const qualifier = await refusal(run('steps:\n  - invoke: { function: Echo, qualifier: prod }\n'));
    expect(qualifier.message).toBe("sc.yaml:2:5: function Test/Echo has no alias or version 'prod'; it has $LATEST, live");
    // ... and it leaves the marker when the scenario is fine.
    await run(`steps:\n  - invoke: { function: Echo, payload: { marker: '${marker}' } }\n`);
    expect(fs.readFileSync(marker, 'utf8')).toBe('ran');
    const noApi = await refusal(run('steps:\n  - http: { path: /items/1 }\n', { plan: { ...PLAN, apis: [] } }));
    expect(noApi.message).toBe('sc.yaml:2:5: the plan has no API to send an HTTP request to');
    const twoApis = await refusal(run('steps:\n  - http: { path: /items/1 }\n', { plan: { ...PLAN, apis: [API, { ...API, id: 'Test/Admin', logicalId: 'Admin', name: 'Test-Admin' }] } }));
    expect(twoApis.message).toBe("sc.yaml:2:5: the plan has 2 APIs (Test/Api, Test/Admin): name one with 'api'");
    const ambiguous = await refusal(run('steps:\n  - send: { queue: Jobs }\n', { plan: { ...PLAN, queues: [...PLAN.queues, { ...queue('Jobs'), id: 'Other/Jobs', name: 'Other-Jobs' }] } }));
    expect(ambiguous.message).toBe("sc.yaml:2:5: queue 'Jobs' is ambiguous: Test/Jobs, Other/Jobs; name it by its path");
  });
});
