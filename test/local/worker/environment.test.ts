/**
 * Execution environments (worker threads): INIT once per environment, the environment's own
 * process.env and /tmp, the Lambda context, every way a handler can fail without taking the
 * runtime down, module formats (ESM, CommonJS, TypeScript) and layers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeOutcome } from '../../../lib/local/functions.js';
import type { PlanFunction } from '../../../lib/local/plan/types.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { fn, handlerDir, startRuntime as start, testPlan } from '../helpers.js';

/** Runtimes end after each test: their workers and the memory they hold go with them. */
const started: Runtime[] = [];
afterEach(async () => {
  for (const rt of started.splice(0)) await rt.shutdown();
});
async function startRuntime(...args: Parameters<typeof start>): Promise<Runtime> {
  const rt = await start(...args);
  started.push(rt);
  return rt;
}

/** One synchronous invocation, run to its end on the simulated clock. */
async function invoke(rt: Runtime, name: string, payload: unknown = {}, qualifier?: string): Promise<InvokeOutcome> {
  const input = rt.ledger.create(0, `Test/${name}`);
  const pending = rt.invoke({ function: `Test/${name}`, ...(qualifier ? { qualifier } : {}) }, JSON.stringify(payload), 'RequestResponse', input);
  await rt.sim.run();
  const outcome = await pending;
  return outcome!;
}

function result(o: InvokeOutcome): unknown {
  expect(o.status, JSON.stringify(o.error)).toBe('success');
  return JSON.parse(o.json!);
}

const REPORT = /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: (\d+\.\d\d) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB(?:\tInit Duration: (\d+\.\d\d) ms)?$/;

describe('execution environment lifecycle', () => {
  const counter = fn('Counter', 'let inits = 0; inits++; let calls = 0;\nexport const handler = async () => ({ inits, calls: ++calls });', { environment: { GREETING: 'hello' } });

  it('runs INIT once and reuses the environment warm: the module-level code ran once, the handler twice', async () => {
    const rt = await startRuntime(testPlan({ functions: [counter] }));
    const first = await invoke(rt, 'Counter');
    const second = await invoke(rt, 'Counter');
    expect(result(first)).toEqual({ inits: 1, calls: 1 });
    expect(result(second)).toEqual({ inits: 1, calls: 2 });
    expect(first.initMs).toBeGreaterThan(0);
    expect(second.initMs).toBeUndefined();
    expect(rt.functions.metrics('Test/Counter').ColdStarts).toBe(1);
    expect(rt.functions.metrics('Test/Counter').Invocations).toBe(2);
  });

  it("runs the handler's thread at the runtime's own scheduling priority (its measured durations are its simulated ones)", async () => {
    const os = await import('node:os');
    const rt = await startRuntime(testPlan({ functions: [fn('Nice', "import * as os from 'node:os';\nexport const handler = async () => ({ priority: os.getPriority() });")] }));
    const seen = result(await invoke(rt, 'Nice')) as { priority: number };
    expect(seen.priority).toBe(os.getPriority());
  });

  it('environmentsEnded resolves once the ended environments\' threads have exited', async () => {
    const rt = await startRuntime(testPlan({ functions: [counter] }));
    await invoke(rt, 'Counter');
    await rt.shutdown();
    // Resolves when the thread exits (long before the test's timeout; the 60 s limit would fail it).
    let exited = 0;
    await rt.functions.environmentsEnded(60_000).then(() => exited++);
    expect(exited).toBe(1);
    // Nothing left to wait for: a second call resolves too.
    await rt.functions.environmentsEnded(60_000);
  });

  it('writes START, END and REPORT lines; only the cold start has Init Duration, and billed = ceil(duration + init)', async () => {
    const rt = await startRuntime(testPlan({ functions: [counter] }));
    const cold = await invoke(rt, 'Counter');
    const warm = await invoke(rt, 'Counter');
    for (const o of [cold, warm]) {
      expect(o.logs[0]).toBe(`START RequestId: ${o.requestId} Version: $LATEST`);
      expect(o.logs.at(-2)).toBe(`END RequestId: ${o.requestId}`);
    }
    const c = REPORT.exec(cold.logs.at(-1)!);
    expect(c, cold.logs.at(-1)).not.toBeNull();
    expect(c![1]).toBe(cold.requestId);
    expect(c![2]).toBe(cold.durationMs.toFixed(2));
    expect(c![4]).toBe('128');
    expect(c![6]).toBe(cold.initMs!.toFixed(2));
    // Since 1 August 2025 AWS bills the INIT phase of on-demand ZIP functions too.
    expect(Number(c![3])).toBe(Math.ceil(cold.durationMs + cold.initMs!));
    expect(cold.billedMs).toBe(Math.ceil(cold.durationMs + cold.initMs!));
    expect(Number(c![5])).toBeGreaterThan(0);
    expect(Number(c![5])).toBeLessThanOrEqual(128);

    const w = REPORT.exec(warm.logs.at(-1)!);
    expect(w, warm.logs.at(-1)).not.toBeNull();
    expect(w![6]).toBeUndefined();
    expect(warm.logs.at(-1)).not.toContain('Init Duration');
    expect(Number(w![3])).toBe(Math.ceil(warm.durationMs));
    expect(warm.billedMs).toBe(Math.ceil(warm.durationMs));
    expect(rt.functions.logs('Test/Counter')).toEqual([...cold.logs, ...warm.logs]);
  });

  it('prefixes console output with the simulated time, the request id and the level', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Logger', 'export const handler = async () => { console.log("a %d", 1); console.warn("w"); console.error(new Error("e").message); return 1; };')] }));
    const o = await invoke(rt, 'Logger');
    const lines = o.logs.slice(1, -2);
    expect(lines.map((l) => l.split('\t').slice(1))).toEqual([
      [o.requestId, 'INFO', 'a 1'],
      [o.requestId, 'WARN', 'w'],
      [o.requestId, 'ERROR', 'e'],
    ]);
    // Simulated time: the runtime started on 2026-01-01T00:00:00Z and the handler ran for well under a second.
    for (const l of lines) expect(l.split('\t')[0]).toMatch(/^2026-01-01T00:00:00\.\d{3}Z$/);
  });

  it('logs what the handler writes to stdout and stderr itself, line by line, in the invocation it belongs to', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Raw', 'export const handler = async (e) => { process.stdout.write(`out ${e.n}\\nsecond line\\n`); process.stderr.write("err"); return 1; };')] }));
    const a = await invoke(rt, 'Raw', { n: 1 });
    const b = await invoke(rt, 'Raw', { n: 2 });
    expect(a.logs.slice(1, -2)).toEqual(['out 1', 'second line', 'err']);
    expect(b.logs.slice(1, -2)).toEqual(['out 2', 'second line', 'err']);
  });
});

describe('process.env, /tmp and context', () => {
  it('has the function environment and the variables Lambda sets, and none of the parent process', async () => {
    process.env.LAMBDAFORM_TEST_PARENT_ONLY = 'leak';
    const f = fn('Env', 'export const handler = async () => ({ ...process.env });', { environment: { GREETING: 'hello', TABLE: 'Orders' }, memoryMb: 256 });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const env = result(await invoke(rt, 'Env')) as Record<string, string>;
    delete process.env.LAMBDAFORM_TEST_PARENT_ONLY;
    expect(env.GREETING).toBe('hello');
    expect(env.TABLE).toBe('Orders');
    expect(env.AWS_LAMBDA_FUNCTION_NAME).toBe('Test-Env');
    expect(env.AWS_LAMBDA_FUNCTION_VERSION).toBe('$LATEST');
    expect(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('256');
    expect(env.AWS_REGION).toBe('us-east-1');
    expect(env._HANDLER).toBe('index.handler');
    expect(env.LAMBDA_TASK_ROOT).toBe(f.handler!.codeDir);
    expect(env.AWS_LAMBDA_INITIALIZATION_TYPE).toBe('on-demand');
    expect(env.LAMBDAFORM_TEST_PARENT_ONLY).toBeUndefined();
    expect(env.LAMBDAFORM_NOW).toBeUndefined(); // set by vitest in the test process
  });

  it('the function environment cannot override the variables Lambda sets', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Override', 'export const handler = async () => [process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME];', { environment: { AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: 'other' } })] }));
    expect(result(await invoke(rt, 'Override'))).toEqual(['us-east-1', 'Test-Override']);
  });

  it('gives each environment its own /tmp (os.tmpdir()), kept between warm invocations', async () => {
    const source = [
      'import * as fs from "node:fs"; import * as os from "node:os"; import * as path from "node:path";',
      'export const handler = async (e) => {',
      '  const file = path.join(os.tmpdir(), "state.txt");',
      '  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;',
      '  fs.writeFileSync(file, e.write);',
      '  if (e.wait) await new Promise((r) => setTimeout(r, e.wait));',
      '  return { dir: os.tmpdir(), before };',
      '};',
    ].join('\n');
    const rt = await startRuntime(testPlan({ functions: [fn('Tmp', source)] }));
    const a = result(await invoke(rt, 'Tmp', { write: 'one' })) as { dir: string; before: string | null };
    const b = result(await invoke(rt, 'Tmp', { write: 'two' })) as { dir: string; before: string | null };
    expect(a.before).toBeNull();
    expect(b).toEqual({ dir: a.dir, before: 'one' });
    expect(a.dir).not.toBe(path.dirname(a.dir)); // not the filesystem root
    expect(fs.readFileSync(path.join(a.dir, 'state.txt'), 'utf8')).toBe('two');
    // Two invocations at once: the second gets a new environment, with a /tmp of its own.
    const i1 = rt.ledger.create(0, 'Test/Tmp');
    const i2 = rt.ledger.create(0, 'Test/Tmp');
    const p1 = rt.invoke({ function: 'Test/Tmp' }, '{"write": "three", "wait": 50}', 'RequestResponse', i1);
    const p2 = rt.invoke({ function: 'Test/Tmp' }, '{"write": "four", "wait": 50}', 'RequestResponse', i2);
    await rt.sim.run();
    const [c, d] = (await Promise.all([p1, p2])).map((o) => result(o!)) as Array<{ dir: string; before: string | null }>;
    expect(c).toEqual({ dir: a.dir, before: 'two' });
    expect(d!.dir).not.toBe(a.dir);
    expect(d!.before).toBeNull();
  });

  it('passes a context with the request id, the function name, the ARN invoked and the remaining time', async () => {
    const source = [
      'export const handler = async (e, context) => {',
      '  const first = context.getRemainingTimeInMillis();',
      '  await new Promise((r) => setTimeout(r, 60));',
      '  const second = context.getRemainingTimeInMillis();',
      '  return { id: context.awsRequestId, name: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn, memory: context.memoryLimitInMB, group: context.logGroupName, first, second };',
      '};',
    ].join('\n');
    const f = fn('Ctx', source, { timeoutSeconds: 2, versions: [{ version: '1', id: 'Test/Ctx/V1' }], aliases: [{ name: 'live', id: 'Test/Ctx/live', version: '1', additionalVersions: [] }] });
    const rt = await startRuntime(testPlan({ functions: [f] }));
    const o = await invoke(rt, 'Ctx');
    const r = result(o) as Record<string, string | number>;
    expect(r.id).toBe(o.requestId);
    expect(r.name).toBe('Test-Ctx');
    expect(r.version).toBe('$LATEST');
    expect(r.arn).toBe(f.arn);
    expect(r.memory).toBe('128');
    expect(r.group).toBe('/aws/lambda/Test-Ctx');
    expect(r.first).toBeLessThanOrEqual(2000);
    expect(r.first).toBeGreaterThan(1900);
    expect(r.second).toBeLessThanOrEqual((r.first as number) - 55);

    const viaAlias = await invoke(rt, 'Ctx', {}, 'live');
    const a = result(viaAlias) as Record<string, string>;
    expect(a.arn).toBe(`${f.arn}:live`);
    expect(a.version).toBe('1');
    expect(a.id).toBe(viaAlias.requestId);
    expect(a.id).not.toBe(r.id);
    const viaVersion = result(await invoke(rt, 'Ctx', {}, '1')) as Record<string, string>;
    expect(viaVersion.arn).toBe(`${f.arn}:1`);
  });
});

describe('failures never take the runtime down', () => {
  const modes = [
    'export const handler = async (e) => {',
    '  if (e.mode === "throw") throw new TypeError("bad input");',
    '  if (e.mode === "reject") return Promise.reject(new Error("rejected"));',
    '  if (e.mode === "string") throw "plain string";',
    '  if (e.mode === "object") throw { code: 42 };',
    '  if (e.mode === "exit") process.exit(3);',
    '  if (e.mode === "loop") while (true) {}',
      '  return "ok";',
    '};',
  ].join('\n');
  const plan = testPlan({ functions: [fn('Modes', modes, { timeoutSeconds: 1 })] });

  it('reports a thrown error with its type, message and stack, and keeps the environment', async () => {
    const rt = await startRuntime(plan);
    const o = await invoke(rt, 'Modes', { mode: 'throw' });
    expect(o.status).toBe('error');
    expect(o.error!.errorType).toBe('TypeError');
    expect(o.error!.errorMessage).toBe('bad input');
    expect(o.error!.trace![0]).toBe('TypeError: bad input');
    expect(o.error!.trace![1]).toContain('index.mjs');
    // The user's frames only: none of the simulator's host (as Lambda's trace shows the function's code first).
    expect(o.error!.trace!.filter((l) => /worker eval|node:internal/.test(l))).toEqual([]);
    expect(o.timedOut).toBeUndefined();
    const after = await invoke(rt, 'Modes');
    expect(result(after)).toBe('ok');
    expect(after.initMs).toBeUndefined(); // a handler error does not end the environment
    expect(rt.functions.metrics('Test/Modes').Errors).toBe(1);
  });

  it('reports an exception thrown outside the handler (a timer) as the invocation error and replaces the environment', async () => {
    const source = 'export const handler = async (e) => { if (e.late) { setTimeout(() => { throw new RangeError("late"); }, 5); await new Promise((r) => setTimeout(r, 60)); } return "ok"; };';
    const rt = await startRuntime(testPlan({ functions: [fn('Late', source)] }));
    const o = await invoke(rt, 'Late', { late: true });
    expect(o.status).toBe('error');
    expect(o.error).toMatchObject({ errorType: 'RangeError', errorMessage: 'late' });
    const next = await invoke(rt, 'Late');
    expect(result(next)).toBe('ok');
    expect(next.initMs).toBeGreaterThan(0);
  });

  it('reports a promise rejection nothing handles as Runtime.UnhandledPromiseRejection and replaces the environment', async () => {
    const source = 'export const handler = async (e) => { if (e.reject) { Promise.reject(new Error("nobody waits")); await new Promise((r) => setTimeout(r, 60)); } return "ok"; };';
    const rt = await startRuntime(testPlan({ functions: [fn('Unhandled', source)] }));
    const o = await invoke(rt, 'Unhandled', { reject: true });
    expect(o.status).toBe('error');
    expect(o.error).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody waits' });
    const next = await invoke(rt, 'Unhandled');
    expect(result(next)).toBe('ok');
    expect(next.initMs).toBeGreaterThan(0);
  });

  it('reports a rejected promise as an error', async () => {
    const rt = await startRuntime(plan);
    const o = await invoke(rt, 'Modes', { mode: 'reject' });
    expect(o.status).toBe('error');
    expect(o.error).toMatchObject({ errorType: 'Error', errorMessage: 'rejected' });
  });

  it('reports a thrown non-Error value as the Node.js runtime does (errorType = typeof, errorMessage = String(value))', async () => {
    const rt = await startRuntime(plan);
    const s = await invoke(rt, 'Modes', { mode: 'string' });
    expect(s.error).toEqual({ errorType: 'string', errorMessage: 'plain string', trace: [] });
    const o = await invoke(rt, 'Modes', { mode: 'object' });
    expect(o.error).toEqual({ errorType: 'object', errorMessage: '[object Object]', trace: [] });
  });

  it('reports process.exit(3) as Runtime.ExitError and replaces the environment', async () => {
    const rt = await startRuntime(plan);
    const o = await invoke(rt, 'Modes', { mode: 'exit' });
    expect(o.status).toBe('error');
    expect(o.error!.errorType).toBe('Runtime.ExitError');
    expect(o.error!.errorMessage).toBe(`RequestId: ${o.requestId} Error: Runtime exited with error: exit status 3`);
    expect(o.logs.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime.ExitError$/);
    const next = await invoke(rt, 'Modes');
    expect(result(next)).toBe('ok');
    expect(next.initMs).toBeGreaterThan(0);
    expect(rt.functions.metrics('Test/Modes').ColdStarts).toBe(2);
  });

  const hog = [
    'export const handler = async (e) => {',
    '  const hog = [];',
    '  if (e.mode === "heap") for (;;) hog.push(new Array(1e6).fill(Math.random()));',
    '  if (e.mode === "buffers") for (;;) hog.push(Buffer.alloc(16 << 20, 1));',
    '  return "ok";',
    '};',
  ].join('\n');

  for (const mode of ['heap', 'buffers'] as const) {
    it(`reports memory exhaustion (${mode === 'heap' ? 'the JavaScript heap' : 'Buffers, outside the heap'}) with memory size 128 MB as Runtime.OutOfMemory; the next invocation gets a fresh environment`, async () => {
      const rt = await startRuntime(testPlan({ functions: [fn('Hog', hog, { timeoutSeconds: 30 })] }));
      const o = await invoke(rt, 'Hog', { mode });
      expect(o.status).toBe('error');
      expect(o.timedOut).toBeUndefined();
      expect(o.error).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${o.requestId} Error: Runtime exited with error: signal: killed` });
      expect(o.logs.at(-1)).toMatch(/\tMax Memory Used: 128 MB\tInit Duration: [\d.]+ ms\tStatus: error\tError Type: Runtime.OutOfMemory$/);
      const next = await invoke(rt, 'Hog', { mode: 'none' });
      expect(result(next)).toBe('ok');
      expect(next.initMs).toBeGreaterThan(0);
      expect(rt.functions.metrics('Test/Hog').ColdStarts).toBe(2);
    });
  }

  it('reports a syntax error in the module as Runtime.UserCodeSyntaxError, at every invocation', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Syntax', 'export const handler = async () => {')] }));
    const o = await invoke(rt, 'Syntax');
    expect(o.status).toBe('error');
    expect(o.error!.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(o.error!.errorMessage).toBe('SyntaxError: Unexpected end of input');
    expect(o.initMs).toBeGreaterThan(0);
    const again = await invoke(rt, 'Syntax');
    expect(again.error!.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(rt.functions.metrics('Test/Syntax').Errors).toBe(2);
  });

  it('reports a missing export as Runtime.HandlerNotFound', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('NoExport', 'export const other = async () => 1;')] }));
    const o = await invoke(rt, 'NoExport');
    expect(o.error).toEqual({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported', trace: [] });
  });

  it('reports a missing import as Runtime.ImportModuleError', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('NoImport', 'import x from "lambdaform-no-such-package";\nexport const handler = async () => x;')] }));
    const o = await invoke(rt, 'NoImport');
    expect(o.error!.errorType).toBe('Runtime.ImportModuleError');
    expect(o.error!.errorMessage).toMatch(/^Error: Cannot find package 'lambdaform-no-such-package' imported from /);
  });

  it('reports an error thrown during INIT with its own type', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('InitThrows', 'throw new RangeError("no config");\nexport const handler = async () => 1;')] }));
    const o = await invoke(rt, 'InitThrows');
    expect(o.error).toMatchObject({ errorType: 'RangeError', errorMessage: 'no config' });
  });
});

describe('handler styles and module formats', () => {
  it('supports callback handlers: callback(null, value) and callback(error)', async () => {
    const source = 'export const handler = (e, context, callback) => { setTimeout(() => e.fail ? callback(new Error("cb failed")) : callback(null, { v: e.v }), 5); };';
    const rt = await startRuntime(testPlan({ functions: [fn('Callback', source)] }));
    expect(result(await invoke(rt, 'Callback', { v: 3 }))).toEqual({ v: 3 });
    const failed = await invoke(rt, 'Callback', { fail: true });
    expect(failed.status).toBe('error');
    expect(failed.error).toMatchObject({ errorType: 'Error', errorMessage: 'cb failed' });
  });

  it('answers null for a handler that neither returns a promise nor calls back, once its event loop is empty (as Lambda does)', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('SyncReturn', 'export const handler = (e) => { setTimeout(() => {}, e.wait ?? 0); return { ignored: true }; };')] }));
    const o = await invoke(rt, 'SyncReturn', { wait: 80 });
    expect(result(o)).toBeNull();
    expect(o.durationMs).toBeGreaterThanOrEqual(75);
  });

  it('a callback waits for the event loop to be empty, unless context.callbackWaitsForEmptyEventLoop is false', async () => {
    const source = 'export const handler = (e, context, callback) => { context.callbackWaitsForEmptyEventLoop = e.wait; setTimeout(() => {}, 120); callback(null, "answered"); };';
    const rt = await startRuntime(testPlan({ functions: [fn('Waits', source)] }));
    const waited = await invoke(rt, 'Waits', { wait: true });
    expect(result(waited)).toBe('answered');
    expect(waited.durationMs).toBeGreaterThanOrEqual(115);
    const direct = await invoke(rt, 'Waits', { wait: false });
    expect(result(direct)).toBe('answered');
    expect(direct.durationMs).toBeLessThan(60);
  });

  it('supports context.succeed called later by a handler that returned nothing', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('LateSucceed', 'export const handler = (e, context) => { setTimeout(() => context.succeed({ late: e.n }), 20); };')] }));
    expect(result(await invoke(rt, 'LateSucceed', { n: 1 }))).toEqual({ late: 1 });
    expect(result(await invoke(rt, 'LateSucceed', { n: 2 }))).toEqual({ late: 2 });
  });

  it('supports context.succeed and context.fail', async () => {
    const source = 'export const handler = (e, context) => { if (e.fail) context.fail(new Error("failed via context")); else context.succeed({ done: true }); };';
    const rt = await startRuntime(testPlan({ functions: [fn('Succeed', source)] }));
    expect(result(await invoke(rt, 'Succeed'))).toEqual({ done: true });
    expect((await invoke(rt, 'Succeed', { fail: true })).error).toMatchObject({ errorMessage: 'failed via context' });
  });

  it('loads a CommonJS handler (index.cjs, module.exports.handler)', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Cjs', { 'index.cjs': 'const os = require("node:os");\nmodule.exports.handler = async (e) => ({ cjs: typeof require, x: e.x, eol: os.EOL });' })] }));
    expect(result(await invoke(rt, 'Cjs', { x: 1 }))).toEqual({ cjs: 'function', x: 1, eol: '\n' });
  });

  it('loads index.js as an ES module in a "type": "module" package, and as CommonJS without it', async () => {
    const esm = fn('EsmJs', { 'index.js': 'export const handler = async () => typeof require;', 'package.json': '{"type": "module"}' });
    const cjs = fn('CjsJs', { 'index.js': 'exports.handler = async () => typeof require;' });
    const rt = await startRuntime(testPlan({ functions: [esm, cjs] }));
    expect(result(await invoke(rt, 'EsmJs'))).toBe('undefined');
    expect(result(await invoke(rt, 'CjsJs'))).toBe('function');
  });

  it('loads a TypeScript handler (index.ts) through tsx, as CommonJS and in a "type": "module" package', async () => {
    const source = 'interface In { readonly n: number }\nexport const handler = async (e: In): Promise<{ doubled: number; esm: boolean }> => ({ doubled: e.n * 2, esm: typeof require === "undefined" });';
    const cjs = fn('Ts', { 'index.ts': source });
    const esm = fn('TsEsm', { 'index.ts': source, 'package.json': '{"type": "module"}' });
    const rt = await startRuntime(testPlan({ functions: [cjs, esm] }));
    const p1 = rt.invoke({ function: 'Test/Ts' }, '{"n": 21}', 'RequestResponse', rt.ledger.create(0, 'Test/Ts'));
    const p2 = rt.invoke({ function: 'Test/TsEsm' }, '{"n": 4}', 'RequestResponse', rt.ledger.create(0, 'Test/TsEsm'));
    await rt.sim.run();
    expect(result((await p1)!)).toEqual({ doubled: 42, esm: false });
    expect(result((await p2)!)).toEqual({ doubled: 8, esm: true });
  });

  it('runs inline source (ZipFile) as CommonJS index.js', async () => {
    const f = fn('Inline', 'unused');
    const { handler: _h, ...rest } = f;
    void _h;
    const inline: PlanFunction = { ...rest, inlineSource: 'exports.handler = async (e) => ({ inline: e.x });' };
    const rt = await startRuntime(testPlan({ functions: [inline] }));
    expect(result(await invoke(rt, 'Inline', { x: 5 }))).toEqual({ inline: 5 });
  });
});

describe('layers', () => {
  const layer = handlerDir({
    'nodejs/node_modules/layer-greeting/package.json': '{"name": "layer-greeting", "version": "1.0.0", "main": "index.js"}',
    'nodejs/node_modules/layer-greeting/index.js': 'exports.greet = (who) => `hello ${who} from the layer`;',
  });
  const layers = [{ arn: 'arn:aws:lambda:us-east-1:123456789012:layer:greeting:1', dir: layer }];

  it('lets an ES module handler import a package only its layer provides', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('EsmLayer', 'import { greet } from "layer-greeting";\nexport const handler = async () => greet("esm");', { layers })] }));
    expect(result(await invoke(rt, 'EsmLayer'))).toBe('hello esm from the layer');
  });

  it('lets a CommonJS handler require a package only its layer provides', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('CjsLayer', { 'index.cjs': 'const { greet } = require("layer-greeting");\nexports.handler = async () => greet("cjs");' }, { layers })] }));
    expect(result(await invoke(rt, 'CjsLayer'))).toBe('hello cjs from the layer');
  });

  it('does not find the package without the layer (Runtime.ImportModuleError)', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('NoLayer', 'import { greet } from "layer-greeting";\nexport const handler = async () => greet("x");')] }));
    expect((await invoke(rt, 'NoLayer')).error!.errorType).toBe('Runtime.ImportModuleError');
  });
});
