import { describe, expect, it } from 'vitest';
import { fn, queue, sqsMapping, startRuntime, testPlan } from './helpers.js';

describe('Runtime', () => {
  it('invokes a function synchronously and accounts for the input', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Echo', 'export const handler = async (e) => ({ got: e.x });')] }));
    const input = rt.ledger.create(0, 'Test/Echo');
    const pending = rt.invoke({ function: 'Test/Echo' }, '{"x": 7}', 'RequestResponse', input);
    await rt.sim.run();
    const outcome = await pending;
    expect(outcome?.status).toBe('success');
    expect(JSON.parse(outcome!.json!)).toEqual({ got: 7 });
    expect(input.disposition).toBe('processed');
  });

  it('moves a message whose handler always fails to the DLQ after maxReceiveCount receives, at the time the visibility timeouts imply', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Fail', 'export const handler = async () => { throw new Error("no"); };')],
        queues: [queue('Dlq'), queue('Jobs', { visibilityTimeoutSeconds: 60, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 3 } })],
        mappings: [sqsMapping('Jobs', 'Fail')],
      }),
    );
    const input = rt.ledger.create(0, 'Test/Jobs');
    rt.sendMessage('Test/Jobs', 'hello', input);
    await rt.sim.run();
    expect(input.disposition).toBe('deadLetter');
    expect(input.where).toBe('Test/Dlq');
    expect(input.receives).toBe(3);
    expect(input.attempts).toBe(3);
    expect(input.endedAt).toBeGreaterThanOrEqual(180);
    expect(input.endedAt).toBeLessThan(181);
    expect(rt.queue('Test/Dlq').visible).toBe(1);
    expect(rt.functions.metrics('Test/Fail').Errors).toBe(3);
  });
});
