/**
 * The function service: concurrency (reserved, account), throttling, provisioned concurrency,
 * alias weights and the metrics they leave.
 */
import { describe, expect, it } from 'vitest';
import { FunctionService, type InvokeOutcome } from '../../lib/local/functions.js';
import type { PlanFunction } from '../../lib/local/plan/types.js';
import type { Runtime } from '../../lib/local/runtime.js';
import { fn, startRuntime, testPlan } from './helpers.js';

/** Invocations started together (each is running before the next starts), run to their end. */
async function together(rt: Runtime, name: string, count: number, qualifier?: string, payload = '{}'): Promise<InvokeOutcome[]> {
  const pending = Array.from({ length: count }, () => rt.invoke({ function: `Test/${name}`, ...(qualifier ? { qualifier } : {}) }, payload, 'RequestResponse', rt.ledger.create(0, `Test/${name}`)));
  await rt.sim.run();
  return (await Promise.all(pending)).map((o) => o!);
}

async function one(rt: Runtime, name: string, qualifier?: string): Promise<InvokeOutcome> {
  return (await together(rt, name, 1, qualifier))[0]!;
}

const statuses = (os: readonly InvokeOutcome[]): string[] => os.map((o) => o.status).sort();

/** A handler that reports how it was started and which version runs. */
const REPORTER = 'export const handler = async () => ({ version: process.env.AWS_LAMBDA_FUNCTION_VERSION, init: process.env.AWS_LAMBDA_INITIALIZATION_TYPE });';

describe('reserved concurrency and throttling', () => {
  it('throttles every invocation of a function with reserved concurrency 0 (TooManyRequestsException), without running it', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Disabled', 'export const handler = async () => "ran";', { reservedConcurrency: 0 })] }));
    const input = rt.ledger.create(0, 'Test/Disabled');
    const pending = rt.invoke({ function: 'Test/Disabled' }, '{}', 'RequestResponse', input);
    await rt.sim.run();
    const o = (await pending)!;
    expect(o.status).toBe('throttled');
    expect(o.error!.errorType).toBe('TooManyRequestsException');
    expect(o.error!.errorMessage).toMatch(/^Rate Exceeded/);
    expect(o.logs).toEqual([]);
    expect(input.disposition).toBe('discarded');
    expect(input.attempts).toBe(1);
    const m = rt.functions.metrics('Test/Disabled');
    expect(m.Throttles).toBe(1);
    expect(m.Invocations).toBe(0);
    expect(m.ColdStarts).toBe(0);
    expect(m.ConcurrentExecutions).toBe(0);
  });

  it('with reserved concurrency 1 runs one of two concurrent invocations and throttles the other (429); two in a row both run', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('One', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); return "ran"; };', { reservedConcurrency: 1 })] }));
    const [a, b] = await together(rt, 'One', 2);
    expect(a!.status).toBe('success');
    expect(b!.status).toBe('throttled');
    expect(b!.error!.errorType).toBe('TooManyRequestsException');
    expect((await one(rt, 'One')).status).toBe('success');
    expect((await one(rt, 'One')).status).toBe('success');
    const m = rt.functions.metrics('Test/One');
    expect(m.Throttles).toBe(1);
    expect(m.Invocations).toBe(3);
    expect(m.ConcurrentExecutions).toBe(1);
    expect(m.ColdStarts).toBe(1); // the throttled invocation did not make an environment
  });

  it('with reserved concurrency 3 runs exactly 3 concurrent invocations and throttles the 4th', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Three', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); return 1; };', { reservedConcurrency: 3 })] }));
    expect(statuses(await together(rt, 'Three', 3))).toEqual(['success', 'success', 'success']);
    expect(statuses(await together(rt, 'Three', 4))).toEqual(['success', 'success', 'success', 'throttled']);
    const m = rt.functions.metrics('Test/Three');
    expect(m.ConcurrentExecutions).toBe(3);
    expect(m.Throttles).toBe(1);
    expect(m.Invocations).toBe(6);
    expect(m.ColdStarts).toBe(3); // the second round reused the three warm environments
  });

  it('shares the account limit among unreserved functions; a reservation is taken out of it and guaranteed', async () => {
    // accountConcurrency 4, Reserved keeps 1: the unreserved functions share 3.
    const slow = 'export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); return 1; };';
    const plan = testPlan({ functions: [fn('Reserved', slow, { reservedConcurrency: 1 }), fn('FreeA', slow), fn('FreeB', slow)] });
    const rt = await startRuntime(plan, { accountConcurrency: 4 });
    // At the edge: 3 unreserved at once run.
    expect(statuses(await together(rt, 'FreeA', 3))).toEqual(['success', 'success', 'success']);
    // One past it: 2 + 2 unreserved at once → one of the four is throttled; Reserved still gets its 1.
    const start = (name: string): Promise<InvokeOutcome | undefined> => rt.invoke({ function: `Test/${name}` }, '{}', 'RequestResponse', rt.ledger.create(0, `Test/${name}`));
    const pending = [start('FreeA'), start('FreeA'), start('FreeB'), start('FreeB'), start('Reserved')];
    await rt.sim.run();
    const [a1, a2, b1, b2, r] = (await Promise.all(pending)).map((o) => o!);
    expect([a1!.status, a2!.status, b1!.status, b2!.status]).toEqual(['success', 'success', 'success', 'throttled']);
    expect(r!.status).toBe('success');
    expect(rt.functions.metrics('Test/FreeB').Throttles).toBe(1);
    expect(rt.functions.metrics('Test/FreeA').ConcurrentExecutions).toBe(3);
    expect(rt.functions.metrics('Test/FreeB').ConcurrentExecutions).toBe(1);
  });

  it('refuses reservations larger than the account limit', async () => {
    await expect(startRuntime(testPlan({ functions: [fn('Big', REPORTER, { reservedConcurrency: 5 })] }), { accountConcurrency: 4 })).rejects.toThrow(/reserve 5 concurrent executions, more than the account's 4/);
  });

  it('records the most environments running at once (ConcurrentExecutions), the invocations and their durations', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Conc', 'export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); return 1; };')] }));
    await together(rt, 'Conc', 2);
    await one(rt, 'Conc');
    const m = rt.functions.metrics('Test/Conc');
    expect(m.ConcurrentExecutions).toBe(2);
    expect(m.Invocations).toBe(3);
    expect(m.Duration).toHaveLength(3);
    for (const d of m.Duration) expect(d).toBeGreaterThanOrEqual(19);
    expect(m.ColdStarts).toBe(2);
    expect(m.Errors).toBe(0);
  });
});

describe('versions, aliases and provisioned concurrency', () => {
  const versioned = (name: string, props: Partial<PlanFunction>): PlanFunction =>
    fn(name, REPORTER, { versions: [{ version: '1', id: `Test/${name}/V1` }, { version: '2', id: `Test/${name}/V2` }], ...props });

  it('runs the first N concurrent invocations of an alias with provisioned concurrency N without a cold start, and counts the spillover', async () => {
    const f = versioned('Prov', { aliases: [{ name: 'live', id: 'Test/Prov/live', version: '2', additionalVersions: [], provisionedConcurrency: 2 }] });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const os = await together(rt, 'Prov', 3, 'live');
    expect(os.map((o) => o.status)).toEqual(['success', 'success', 'success']);
    const results = os.map((o) => JSON.parse(o.json!) as { version: string; init: string });
    expect(results.map((r) => r.version)).toEqual(['2', '2', '2']);
    expect(results.map((r) => r.init).sort()).toEqual(['on-demand', 'provisioned-concurrency', 'provisioned-concurrency']);
    // The provisioned ones have no Init Duration; the spillover is a cold start.
    expect(os.map((o) => o.initMs === undefined).sort()).toEqual([false, true, true]);
    const spill = os.find((o) => o.initMs !== undefined)!;
    expect(JSON.parse(spill.json!).init).toBe('on-demand');
    let m = rt.functions.metrics('Test/Prov');
    expect(m.ProvisionedConcurrencyInvocations).toBe(2);
    expect(m.ProvisionedConcurrencySpilloverInvocations).toBe(1);
    expect(m.ColdStarts).toBe(1);
    // Later invocations of the alias keep using the provisioned environments.
    const later = await one(rt, 'Prov', 'live');
    expect(later.initMs).toBeUndefined();
    expect(JSON.parse(later.json!).init).toBe('provisioned-concurrency');
    m = rt.functions.metrics('Test/Prov');
    expect(m.ProvisionedConcurrencyInvocations).toBe(3);
    expect(m.ProvisionedConcurrencySpilloverInvocations).toBe(1);
    // $LATEST has no provisioned environments: a cold start, not counted as provisioned or spillover.
    const latest = await one(rt, 'Prov');
    expect(JSON.parse(latest.json!)).toEqual({ version: '$LATEST', init: 'on-demand' });
    expect(latest.initMs).toBeGreaterThan(0);
    m = rt.functions.metrics('Test/Prov');
    expect(m.ProvisionedConcurrencyInvocations).toBe(3);
    expect(m.ProvisionedConcurrencySpilloverInvocations).toBe(1);
    expect(m.ColdStarts).toBe(2);
  });

  it('provisions a version: invocations of that version use the pre-initialised environment', async () => {
    const f = fn('ProvV', REPORTER, { versions: [{ version: '1', id: 'Test/ProvV/V1', provisionedConcurrency: 1 }] });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const [a, b] = await together(rt, 'ProvV', 2, '1');
    expect(JSON.parse(a!.json!)).toEqual({ version: '1', init: 'provisioned-concurrency' });
    expect(a!.initMs).toBeUndefined();
    expect(a!.logs.at(-1)).not.toContain('Init Duration');
    expect(JSON.parse(b!.json!)).toEqual({ version: '1', init: 'on-demand' });
    expect(b!.logs.at(-1)).toContain('\tInit Duration: ');
    expect(rt.functions.metrics('Test/ProvV').ProvisionedConcurrencyInvocations).toBe(1);
    expect(rt.functions.metrics('Test/ProvV').ProvisionedConcurrencySpilloverInvocations).toBe(1);
  });

  it('replaces a provisioned environment that crashed, still without a cold start', async () => {
    const source = 'export const handler = async (e) => { if (e.exit) process.exit(1); return process.env.AWS_LAMBDA_INITIALIZATION_TYPE; };';
    const f = fn('ProvCrash', source, { versions: [{ version: '1', id: 'Test/ProvCrash/V1', provisionedConcurrency: 1 }] });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const crashed = (await together(rt, 'ProvCrash', 1, '1', '{"exit": true}'))[0]!;
    expect(crashed.error!.errorType).toBe('Runtime.ExitError');
    const next = await one(rt, 'ProvCrash', '1');
    expect(JSON.parse(next.json!)).toBe('provisioned-concurrency');
    expect(next.initMs).toBeUndefined();
    expect(rt.functions.metrics('Test/ProvCrash').ProvisionedConcurrencyInvocations).toBe(2);
    expect(rt.functions.metrics('Test/ProvCrash').ColdStarts).toBe(0);
  });

  it('refuses a qualifier the function does not have', async () => {
    const rt = await startRuntime(testPlan({ functions: [versioned('Quals', {})] }));
    void rt.invoke({ function: 'Test/Quals', qualifier: 'nope' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Quals'));
    await expect(rt.sim.run()).rejects.toThrow("has no alias or version 'nope'; it has $LATEST, 1, 2");
  });
});

describe('alias weights', () => {
  const weighted = fn('Weighted', 'export const handler = async () => process.env.AWS_LAMBDA_FUNCTION_VERSION;', {
    versions: [
      { version: '1', id: 'Test/Weighted/V1' },
      { version: '2', id: 'Test/Weighted/V2' },
    ],
    aliases: [{ name: 'live', id: 'Test/Weighted/live', version: '1', additionalVersions: [{ version: '2', weight: 0.3 }] }],
  });

  /** The versions 1000 invocations of the alias ran, in order, with a seed. */
  async function versions(seed: number): Promise<string[]> {
    const rt = await startRuntime(testPlan({ functions: [weighted] }), { seed });
    const out: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const o = await one(rt, 'Weighted', 'live');
      expect(o.version).toBe(JSON.parse(o.json!));
      out.push(JSON.parse(o.json!) as string);
    }
    await rt.shutdown();
    return out;
  }

  it('routes about 30% of the invocations to the additional version, the same sequence for the same seed, another for another seed', async () => {
    const a = await versions(7);
    const b = await versions(7);
    const c = await versions(8);
    const share = a.filter((v) => v === '2').length;
    expect(share).toBeGreaterThan(255); // 300 ± 3 standard deviations (14.5)
    expect(share).toBeLessThan(345);
    expect(a.filter((v) => v !== '1' && v !== '2')).toEqual([]);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const shareC = c.filter((v) => v === '2').length;
    expect(shareC).toBeGreaterThan(255);
    expect(shareC).toBeLessThan(345);
  });

  it('routes everything to the alias version at weight 0 and everything to the additional version at weight 1', async () => {
    const at = (weight: number): PlanFunction => ({ ...weighted, aliases: [{ ...weighted.aliases[0]!, additionalVersions: [{ version: '2', weight }] }] });
    for (const [weight, expected] of [
      [0, '1'],
      [1, '2'],
    ] as const) {
      const rt = await startRuntime(testPlan({ functions: [at(weight)] }));
      const seen = new Set<string>();
      for (let i = 0; i < 50; i++) seen.add(JSON.parse((await one(rt, 'Weighted', 'live')).json!) as string);
      expect([...seen]).toEqual([expected]);
      await rt.shutdown();
    }
  });
});

describe('the INIT phase limit', () => {
  /** Runs `body` with a shorter INIT limit than Lambda's 10 s. */
  async function withInitLimit<T>(ms: number, body: () => Promise<T>): Promise<T> {
    const saved = FunctionService.initTimeoutMs;
    FunctionService.initTimeoutMs = ms;
    try {
      return await body();
    } finally {
      FunctionService.initTimeoutMs = saved;
    }
  }

  it('ends an INIT that never finishes at the limit, runs it again within the invocation, and times the invocation out (Sandbox.Timedout)', async () => {
    await withInitLimit(200, async () => {
      const rt = await startRuntime(testPlan({ functions: [fn('Stuck', 'while (true) {}\nexport const handler = async () => 1;', { timeoutSeconds: 1 }), fn('Fine', REPORTER)] }));
      const o = await one(rt, 'Stuck');
      expect(o.status).toBe('error');
      expect(o.timedOut).toBe(true);
      expect(o.error).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${o.requestId} Error: Task timed out after 1.00 seconds` });
      expect(o.logs[0]).toMatch(/^INIT_REPORT Init Duration: 2\d\d\.\d\d ms\tPhase: init\tStatus: timeout$/);
      expect(o.logs[1]).toBe(`START RequestId: ${o.requestId} Version: $LATEST`);
      expect(o.durationMs).toBe(1000);
      // 200 ms of INIT, then the function's 1 s timeout.
      expect(o.endedAt - o.startedAt).toBeGreaterThanOrEqual(1200);
      expect(o.endedAt - o.startedAt).toBeLessThan(1700);
      expect(rt.functions.metrics('Test/Stuck').Errors).toBe(1);
      // The runtime goes on.
      expect((await one(rt, 'Fine')).status).toBe('success');
    });
  });

  it('completes an INIT slower than the limit within the invocation (its time counts in the duration), then reuses the environment', async () => {
    await withInitLimit(100, async () => {
      const slow = 'let inits = 0; inits++; const until = Date.now() + 250; while (Date.now() < until) {}\nexport const handler = async () => inits;';
      // A timeout well above the INIT's 250 ms: a loaded machine starts worker threads slowly, and that time counts too.
      const rt = await startRuntime(testPlan({ functions: [fn('SlowInit', slow, { timeoutSeconds: 10 })] }));
      const first = await one(rt, 'SlowInit');
      expect(first.status).toBe('success');
      expect(JSON.parse(first.json!)).toBe(1);
      expect(first.logs[0]).toMatch(/^INIT_REPORT Init Duration: 1\d\d\.\d\d ms\tPhase: init\tStatus: timeout$/);
      expect(first.durationMs).toBeGreaterThanOrEqual(240);
      const second = await one(rt, 'SlowInit');
      expect(JSON.parse(second.json!)).toBe(1);
      expect(second.initMs).toBeUndefined();
      expect(second.logs[0]).toBe(`START RequestId: ${second.requestId} Version: $LATEST`);
      expect(rt.functions.metrics('Test/SlowInit').ColdStarts).toBe(1);
    });
  });

  it('ends a provisioned environment whose INIT passes the limit; the runtime starts, and invocations run on demand', async () => {
    await withInitLimit(150, async () => {
      const f = fn('ProvStuck', 'if (process.env.AWS_LAMBDA_INITIALIZATION_TYPE === "provisioned-concurrency") while (true) {}\nexport const handler = async () => process.env.AWS_LAMBDA_INITIALIZATION_TYPE;', {
        versions: [{ version: '1', id: 'Test/ProvStuck/V1', provisionedConcurrency: 1 }],
      });
      const rt = await startRuntime(testPlan({ functions: [f] }));
      const o = await one(rt, 'ProvStuck', '1');
      expect(JSON.parse(o.json!)).toBe('on-demand');
      expect(o.initMs).toBeGreaterThan(0);
      expect(rt.functions.metrics('Test/ProvStuck').ProvisionedConcurrencyInvocations).toBe(0);
      expect(rt.functions.metrics('Test/ProvStuck').ProvisionedConcurrencySpilloverInvocations).toBe(1);
    });
  });
});

describe('the function timeout', () => {
  it('stops an infinite loop at the timeout (Sandbox.Timedout), terminates the worker, and cold-starts the next invocation', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Modes', 'export const handler = async (e) => { if (e.mode === "loop") while (true) {} return "ok"; };', { timeoutSeconds: 1 })] }));
    const input = rt.ledger.create(0, 'Test/Modes');
    const pending = rt.invoke({ function: 'Test/Modes' }, '{"mode": "loop"}', 'RequestResponse', input);
    await rt.sim.run();
    const o = (await pending)!;
    expect(o.status).toBe('error');
    expect(o.timedOut).toBe(true);
    expect(o.error!.errorType).toBe('Sandbox.Timedout');
    expect(o.error!.errorMessage).toBe(`RequestId: ${o.requestId} Error: Task timed out after 1.00 seconds`);
    expect(o.durationMs).toBe(1000);
    expect(o.billedMs).toBe(Math.ceil(1000 + o.initMs!));
    expect(o.logs).toContainEqual(expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${o.requestId} Task timed out after 1\\.00 seconds$`)));
    expect(o.logs.at(-1)).toMatch(/\tDuration: 1000\.00 ms\tBilled Duration: \d+ ms\t.*\tStatus: timeout$/);
    // The timeout fires 1 s (simulated) after the handler started, which is after its INIT
    // (slack for the worker's termination on a loaded machine: it ends the endless loop, it does not wait for it).
    expect(o.endedAt - o.startedAt - o.initMs!).toBeGreaterThanOrEqual(1000);
    expect(o.endedAt - o.startedAt - o.initMs!).toBeLessThan(2500);
    expect(input.disposition).toBe('discarded');
    const next = await one(rt, 'Modes');
    expect(JSON.parse(next.json!)).toBe('ok');
    expect(next.initMs).toBeGreaterThan(0);
    expect(rt.functions.metrics('Test/Modes').ColdStarts).toBe(2);
    expect(rt.functions.metrics('Test/Modes').Errors).toBe(1);
  });

});

describe("a failed invocation's Invoke Error line with JSON logs (the runtime's console.error: an application line)", () => {
  const THROWS = 'export const handler = async () => { throw new TypeError("bad input"); };';
  const invokeErrors = (lines: readonly string[]) => lines.filter((l) => l.includes('Invoke Error') || l.includes('bad input'));

  it('is JSON, the error as the message; kept at system level WARN (it is not a system line); left out below the application level', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [
          fn('Json', THROWS, { jsonLogs: { applicationLogLevel: 'INFO', systemLogLevel: 'INFO' } }),
          fn('Quiet', THROWS, { jsonLogs: { applicationLogLevel: 'INFO', systemLogLevel: 'WARN' } }),
          fn('Fatal', THROWS, { jsonLogs: { applicationLogLevel: 'FATAL', systemLogLevel: 'INFO' } }),
          fn('Text', THROWS),
        ],
      }),
    );
    for (const id of ['Json', 'Quiet', 'Fatal', 'Text']) await rt.invoke({ function: `Test/${id}` }, '{}', 'RequestResponse', rt.ledger.create(0, `Test/${id}`));
    for (const id of ['Json', 'Quiet']) {
      const [line, ...rest] = invokeErrors(rt.functions.logs(`Test/${id}`));
      expect(rest).toEqual([]);
      expect(JSON.parse(line!)).toEqual({
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'ERROR',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        message: { errorType: 'TypeError', errorMessage: 'bad input', stackTrace: expect.arrayContaining(['TypeError: bad input']) },
      });
    }
    expect(invokeErrors(rt.functions.logs('Test/Fatal'))).toEqual([]);
    expect(invokeErrors(rt.functions.logs('Test/Text'))).toEqual([expect.stringMatching(/\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"bad input"/)]);
    await rt.shutdown();
  });
});
