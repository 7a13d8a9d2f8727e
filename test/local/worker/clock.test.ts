// A handler in a worker thread sees the simulated clock: Date.now() and new Date() are the
// simulated time, which follows the wall clock while it runs, as its events' timestamps are.
import { describe, expect, it } from 'vitest';
import { fn, queue, sqsMapping, startRuntime, testPlan } from '../helpers.js';
import { logged } from '../services/helpers.js';

const START = Date.UTC(1990, 5, 1);

describe("the handler's clock (worker threads)", () => {
  it('Date.now() and new Date() are the simulated time, at init and at each invocation; dates made from a value, Date.parse, instanceof and subclasses are as usual', async () => {
    const source = `
const atInit = Date.now();
class Stamp extends Date {}
export const handler = async (event) => {
  const r = event.Records[0];
  console.log(JSON.stringify({
    atInit,
    now: Date.now(),
    date: new Date().getTime(),
    text: typeof Date(),
    sent: Number(r.attributes.SentTimestamp),
    received: Number(r.attributes.ApproximateFirstReceiveTimestamp),
    fixed: new Date(0).toISOString(),
    parsed: Date.parse('2000-01-01T00:00:00Z'),
    utc: Date.UTC(2000, 0, 1),
    isDate: new Stamp() instanceof Date && new Stamp() instanceof Stamp && Object.prototype.toString.call(new Date()) === '[object Date]' && new Date().constructor === Date && Math.abs(new (new Date().constructor)().getTime() - Date.now()) < 1000,
  }));
  throw new Error('again');
};`;
    const rt = await startRuntime(
      testPlan({
        functions: [fn('Clock', { 'index.mjs': source })],
        queues: [queue('Jobs', { visibilityTimeoutSeconds: 3600 })],
        mappings: [sqsMapping('Jobs', 'Clock', { batchSize: 1 })],
      }),
      { startEpochMs: START },
    );
    rt.sendMessage('Test/Jobs', 'tick', rt.ledger.create(0, 'Test/Jobs'));
    await rt.sim.run(2 * 3600_000 + 1);
    const calls = logged<Record<string, number | string | boolean>>(rt, 'Test/Clock');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const [first, second] = calls.map((c) => c.value);
    for (const v of [first!, second!]) {
      expect(v).toMatchObject({ text: 'string', fixed: '1970-01-01T00:00:00.000Z', parsed: 946684800000, utc: 946684800000, isDate: true });
      expect(v.atInit as number).toBeGreaterThanOrEqual(START);
      expect(v.atInit as number).toBeLessThan(START + 60_000);
    }
    // The first receive at the start; the second an hour later (the visibility timeout), on the simulated clock.
    expect(Math.abs((first!.now as number) - START)).toBeLessThan(60_000);
    expect(Math.abs((second!.now as number) - (START + 3600_000))).toBeLessThan(60_000);
    expect(Math.abs((second!.date as number) - (second!.now as number))).toBeLessThan(1000);
    expect(second!.sent).toBe(START);
  });
});
