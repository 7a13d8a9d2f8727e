import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../lib/local/runtime.js';
import type { BusEntry } from '../../../lib/local/services/event-bus.js';
import { fn, queue, startRuntime, testPlan } from '../helpers.js';
import { ACCOUNT, REGION, logEvent, logged, rule } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR = 3_600_000;

function putEvent(rt: Runtime, entry: BusEntry) {
  const input = rt.ledger.create(0, 'default');
  expect(rt.bus.putEvent(entry, input)).toBe(true);
  return input;
}

const ORDERS = { source: ['app.orders'], 'detail-type': ['created'] };

describe('EventBridge rules with event patterns', () => {
  it('invokes the target of a matching rule asynchronously with the event', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Worker', logEvent())], rules: [rule('OnOrder', ['Worker'], { eventPattern: ORDERS })] }));
    rt.sim.at(90_000, () => putEvent(rt, { source: 'app.orders', detailType: 'created', detail: { id: 1, items: ['a'] }, resources: ['arn:aws:s3:::x'] }));
    await rt.sim.run();
    const events = logged<Record<string, unknown>>(rt, 'Test/Worker');
    expect(events).toHaveLength(1);
    expect(events[0]!.value).toEqual({
      version: '0',
      id: expect.stringMatching(UUID) as unknown,
      'detail-type': 'created',
      source: 'app.orders',
      account: ACCOUNT,
      time: '2026-01-01T00:01:30Z',
      region: REGION,
      resources: ['arn:aws:s3:::x'],
      detail: { id: 1, items: ['a'] },
    });
    const [put, delivery] = rt.ledger.inputs;
    expect(put!.disposition).toBe('processed');
    expect(put!.endedAt).toBe(90);
    expect(delivery!.parent).toBe(put!.id);
    expect(delivery!.source).toBe('Test/Worker');
    expect(delivery!.disposition).toBe('processed');
    expect(rt.functions.metrics('Test/Worker').AsyncEventsReceived).toBe(1);
  });

  it('sends the same event (same id) to every matching rule, and a rule with input sends its input instead', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('A', logEvent()), fn('B', logEvent()), fn('Fixed', logEvent())],
        rules: [rule('One', ['A'], { eventPattern: ORDERS }), rule('Two', ['B', { fn: 'Fixed', input: { fixed: true, n: 2 } }], { eventPattern: { source: ['app.orders'] } })],
      }),
    );
    const input = putEvent(rt, { source: 'app.orders', detailType: 'created', detail: {} });
    await rt.sim.run();
    const a = logged<{ id: string }>(rt, 'Test/A');
    const b = logged<{ id: string }>(rt, 'Test/B');
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(b[0]!.value.id).toBe(a[0]!.value.id);
    expect(logged(rt, 'Test/Fixed').map((e) => e.value)).toEqual([{ fixed: true, n: 2 }]);
    expect(rt.ledger.inputs.filter((i) => i.parent === input.id).map((i) => i.source)).toEqual(['Test/A', 'Test/B', 'Test/Fixed']);
  });

  it('discards an event no enabled rule matches; a disabled rule is ignored', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', logEvent()), fn('Off', logEvent())],
        rules: [rule('OnOrder', ['Worker'], { eventPattern: ORDERS }), rule('Disabled', ['Off'], { eventPattern: { source: ['app.orders', 'app.users'] }, enabled: false })],
      }),
    );
    const other = putEvent(rt, { source: 'app.users', detailType: 'created', detail: {} });
    const wrongType = putEvent(rt, { source: 'app.orders', detailType: 'deleted', detail: {} });
    const match = putEvent(rt, { source: 'app.orders', detailType: 'created', detail: {} });
    await rt.sim.run();
    for (const i of [other, wrongType]) {
      expect(i.disposition).toBe('discarded');
      expect(i.reason).toBe('matched no rule on the default event bus');
    }
    expect(match.disposition).toBe('processed');
    expect(logged(rt, 'Test/Worker')).toHaveLength(1);
    expect(logged(rt, 'Test/Off')).toHaveLength(0);
    expect(rt.functions.metrics('Test/Off').Invocations).toBe(0);
    expect(rt.ledger.inputs).toHaveLength(4);
  });
});

describe('EventBridge schedules', () => {
  it('fires rate(1 hour) exactly 6 times in 6 hours, at 1 h, 2 h, ... with the Scheduled Event shape', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Tick', logEvent())], rules: [rule('Hourly', ['Tick'], { schedule: 'rate(1 hour)' })] }));
    await rt.sim.run(6 * HOUR + 1);
    const events = logged<Record<string, unknown>>(rt, 'Test/Tick');
    expect(events.map((e) => e.value.time)).toEqual(['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z', '2026-01-01T04:00:00Z', '2026-01-01T05:00:00Z', '2026-01-01T06:00:00Z']);
    expect(events[0]!.value).toEqual({
      version: '0',
      id: expect.stringMatching(UUID) as unknown,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2026-01-01T01:00:00Z',
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/Test-Hourly`],
      detail: {},
    });
    expect(new Set(events.map((e) => e.value.id)).size).toBe(6);
    // Each firing is an input of the rule, processed, whose delivery the function processed.
    const firings = rt.ledger.inputs.filter((i) => i.source === 'Test/Hourly');
    expect(firings.map((f) => [f.disposition, f.endedAt])).toEqual([1, 2, 3, 4, 5, 6].map((h) => ['processed', h * 3600]));
    expect(rt.functions.metrics('Test/Tick').Invocations).toBe(6);
    // Exactly at 6 h: the sixth firing, not yet a seventh.
    await rt.sim.run(7 * HOUR - 1);
    expect(logged(rt, 'Test/Tick')).toHaveLength(6);
    await rt.sim.run(7 * HOUR);
    expect(logged(rt, 'Test/Tick')).toHaveLength(7);
  });

  it('fires cron(0 12 * * ? *) at 12:00 UTC each day', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Noon', logEvent())], rules: [rule('Daily', ['Noon'], { schedule: 'cron(0 12 * * ? *)' })] }));
    await rt.sim.run(72 * HOUR);
    expect(logged<{ time: string }>(rt, 'Test/Noon').map((e) => e.value.time)).toEqual(['2026-01-01T12:00:00Z', '2026-01-02T12:00:00Z', '2026-01-03T12:00:00Z']);
  });

  it('sends a rule input instead of the scheduled event', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Tick', logEvent())], rules: [rule('Every5', [{ fn: 'Tick', input: { job: 'cleanup' } }], { schedule: 'rate(5 minutes)' })] }));
    await rt.sim.run(10 * 60_000);
    // At 5 and 10 minutes (the handler logs after its cold start, well within the minute).
    expect(logged(rt, 'Test/Tick').map((e) => [Math.floor(e.t / 60_000), e.value])).toEqual([
      [5, { job: 'cleanup' }],
      [10, { job: 'cleanup' }],
    ]);
  });

  it('without an end time, a run with only schedules left ends; a disabled schedule never fires', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Tick', logEvent()), fn('Worker', logEvent())],
        rules: [rule('Hourly', ['Tick'], { schedule: 'rate(1 minute)' }), rule('Off', ['Tick'], { schedule: 'rate(1 minute)', enabled: false }), rule('OnOrder', ['Worker'], { eventPattern: ORDERS })],
      }),
    );
    await rt.sim.run();
    expect(rt.sim.now()).toBe(0);
    expect(rt.functions.metrics('Test/Tick').Invocations).toBe(0);
    // Other work keeps the run going until it is done, not until the next firing.
    rt.sim.at(30_000, () => putEvent(rt, { source: 'app.orders', detailType: 'created', detail: {} }));
    await rt.sim.run();
    expect(logged(rt, 'Test/Worker')).toHaveLength(1);
    expect(rt.sim.now()).toBeLessThan(60_000);
    expect(rt.functions.metrics('Test/Tick').Invocations).toBe(0);
    // Run to 3 minutes: the enabled rule fires 3 times, the disabled one never.
    await rt.sim.run(3 * 60_000);
    expect(rt.functions.metrics('Test/Tick').Invocations).toBe(3);
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Off')).toHaveLength(0);
  });
});

describe('targets that refuse the event', () => {
  // AWS ("Event retry policy and using dead-letter queues"): errors that retrying cannot fix are not
  // retried; the event goes to the target's DLQ, with RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE.
  const big = { source: 'app.orders', detailType: 'created', detail: { pad: 'x'.repeat(2000) } };

  it("sends an event its queue target refuses (larger than the queue's maximum message size) to the target's dead-letter queue, and the put still succeeds", async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Worker', logEvent())],
        queues: [queue('Small', { maxMessageSizeBytes: 1024 }), queue('TargetDlq')],
        rules: [rule('OnOrder', [{ fn: 'Worker', queue: 'Test/Small', deadLetterQueue: 'Test/TargetDlq' }, 'Worker'], { eventPattern: ORDERS })],
      }),
    );
    const input = putEvent(rt, big);
    await rt.sim.run();
    expect(input.disposition).toBe('processed');
    expect(rt.queue('Test/Small').pending()).toHaveLength(0);
    const [m] = rt.queue('Test/TargetDlq').pending();
    expect((JSON.parse(m!.body) as { detail: unknown }).detail).toEqual(big.detail);
    const attr = (k: string): string | undefined => m!.attributes[k]?.stringValue;
    expect(attr('RULE_ARN')).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/Test-OnOrder`);
    expect(attr('TARGET_ARN')).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Small`);
    expect(attr('ERROR_CODE')).toBe('INVALID_PARAMETER');
    expect(attr('ERROR_MESSAGE')).toContain('maximum message size');
    const [toQueue, toFn] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(toQueue!.disposition).toBe('deadLetter');
    expect(toQueue!.where).toBe('Test/TargetDlq');
    // The other target of the rule still gets the event.
    expect(toFn!.disposition).toBe('processed');
    expect(logged(rt, 'Test/Worker')).toHaveLength(1);
  });

  it('drops a refused event when the target has no dead-letter queue, with the reason', async () => {
    const rt = await startRuntime(
      testPlan({ functions: [fn('Worker', logEvent())], queues: [queue('Small', { maxMessageSizeBytes: 1024 })], rules: [rule('OnOrder', [{ fn: 'Worker', queue: 'Test/Small' }], { eventPattern: ORDERS })] }),
    );
    const input = putEvent(rt, big);
    await rt.sim.run();
    const [delivery] = rt.ledger.inputs.filter((i) => i.parent === input.id);
    expect(delivery!.disposition).toBe('discarded');
    expect(delivery!.reason).toMatch(/refused the event \(INVALID_PARAMETER\).*no dead-letter queue/);
  });
});
