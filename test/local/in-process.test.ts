/**
 * `handlers: 'in-process'`: the same results as worker threads on a small run (ledger
 * dispositions, outputs, metrics, logs), and what the mode documents as not isolated.
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../lib/local/runtime.js';
import type { HandlerMode } from '../../lib/local/functions.js';
import { fn, handlerDir, queue, sqsMapping, startRuntime, testPlan } from './helpers.js';

/** A batch consumer: logs, fails the "bad" messages (partial batch response), sends the others on through the AWS SDK. */
const WORKER = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
let coldStarts = 0;
coldStarts++;
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    console.log('job', r.body, 'receive', r.attributes.ApproximateReceiveCount);
    if (r.body.includes('bad')) batchItemFailures.push({ itemIdentifier: r.messageId });
    else await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT_URL, MessageBody: r.body + ':' + process.env.STAGE + ':' + coldStarts }));
  }
  return { batchItemFailures };
};`;

const OUT_URL = 'http://localhost:4566/123456789012/Test-Out';

function pipeline(): ReturnType<typeof testPlan> {
  return testPlan({
    // A timeout no busy machine reaches (a worker thread's first SDK call loads the AWS SDK): the
    // two modes must not differ by a timeout one of them hit.
    functions: [fn('Worker', WORKER, { environment: { OUT_URL, STAGE: 'test' }, timeoutSeconds: 60 }), fn('Echo', 'export const handler = async (e) => ({ got: e, fn: process.env.AWS_LAMBDA_FUNCTION_NAME });')],
    queues: [
      queue('Jobs', { visibilityTimeoutSeconds: 360, deadLetter: { queue: 'Test/Dlq', maxReceiveCount: 2 } }),
      queue('Dlq'),
      queue('Out'),
    ],
    mappings: [sqsMapping('Jobs', 'Worker', { batchSize: 5, reportBatchItemFailures: true })],
  });
}

/** What a run of the pipeline ends with, comparable between the two modes. */
async function runPipeline(handlers: HandlerMode): Promise<unknown> {
  const rt = await startRuntime(pipeline(), { handlers, seed: 7 });
  const jobs = rt.resolve('queue', 'Jobs');
  for (let i = 0; i < 23; i++) rt.sendMessage(jobs, i % 7 === 3 ? `bad-${i}` : `job-${i}`, rt.ledger.create(0, jobs));
  await rt.sim.run();
  const echo = await rt.invoke({ function: 'Test/Echo' }, '{"a":1}', 'RequestResponse', rt.ledger.create(1, 'Test/Echo'));
  const m = rt.functions.metrics('Test/Worker');
  const result = {
    // The order of the inputs the handlers send on depends on timing (batches run at once): compared sorted.
    inputs: rt.ledger.inputs.map((r) => ({ source: r.source, parent: r.parent, disposition: r.disposition, where: r.where, attempts: r.attempts, receives: r.receives })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    jobs: rt.ledger.inputs.filter((r) => r.source === 'Test/Jobs').map((r) => `${r.id} ${r.disposition} ${r.where ?? ''} ${r.attempts} ${r.receives}`),
    // Each message sent on, with the input it was sent on from (the first of its batch).
    out: rt.queue('Test/Out').pending().map((x) => `${x.body} from ${x.input.parent}`).sort(),
    dlq: rt.queue('Test/Dlq').pending().map((x) => x.body).sort(),
    echo: { status: echo?.status, json: echo?.json },
    metrics: { Invocations: m.Invocations, Errors: m.Errors, ColdStarts: m.ColdStarts },
    logs: logShape(rt),
  };
  await rt.shutdown();
  return result;
}

/** The Worker's log lines without times, request ids and durations. */
function logShape(rt: Runtime): string[] {
  return rt.functions
    .logs('Test/Worker')
    .map((l) => l.split('\t'))
    .map((parts) => (parts[0]!.startsWith('REPORT') ? 'REPORT' : parts[0]!.startsWith('START') ? 'START' : parts[0]!.startsWith('END') ? 'END' : `${parts[2]} ${parts[3]}`))
    .sort();
}

describe("handlers: 'in-process'", () => {
  it("answers process.env in the handler's asynchronous context with the environment's variables, and the process's elsewhere", async () => {
    const own = process.env;
    process.env.LAMBDAFORM_TEST_OWN = 'the-test';
    const source = `const atInit = process.env.MY_SETTING;
export const handler = async () => {
  await new Promise((r) => setTimeout(r, 5));
  process.env.WRITTEN = 'by-the-handler';
  return { atInit, later: process.env.MY_SETTING, own: process.env.LAMBDAFORM_TEST_OWN ?? null, written: process.env.WRITTEN, key: process.env.AWS_ACCESS_KEY_ID, endpoint: process.env.AWS_ENDPOINT_URL };
};`;
    const rt = await startRuntime(testPlan({ functions: [fn('Env', source, { environment: { MY_SETTING: 'from-the-function' } })] }), { handlers: 'in-process' });
    const out = await rt.invoke({ function: 'Test/Env' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Env'));
    const got = JSON.parse(out!.json!) as Record<string, string | null>;
    expect(got).toMatchObject({ atInit: 'from-the-function', later: 'from-the-function', own: null, written: 'by-the-handler' });
    expect(got.key).toMatch(/^ASIA[0-9A-Z]{16}$/);
    expect(got.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Outside the handler: the process's own variables, without the function's.
    expect(process.env.MY_SETTING).toBeUndefined();
    expect(process.env.WRITTEN).toBeUndefined();
    expect(process.env.LAMBDAFORM_TEST_OWN).toBe('the-test');
    await rt.shutdown();
    expect(process.env).toBe(own);
    delete process.env.LAMBDAFORM_TEST_OWN;
  });

  it('gives the same ledger dispositions, outputs, metrics and logs as worker threads on a small run', async () => {
    const workers = await runPipeline('worker-threads');
    const inProcess = await runPipeline('in-process');
    // Part by part, each named: a failure says which part differs, whatever the reporter prints.
    for (const part of Object.keys(workers as object)) {
      expect((inProcess as Record<string, unknown>)[part], `${part}: in-process ${JSON.stringify((inProcess as Record<string, unknown>)[part])}\nworker threads ${JSON.stringify((workers as Record<string, unknown>)[part])}`).toEqual((workers as Record<string, unknown>)[part]);
    }
    expect(inProcess).toEqual(workers);
    const w = workers as { inputs: Array<{ disposition?: string }>; out: string[]; dlq: string[] };
    // The run did what it should: 20 jobs processed and sent on (23 inputs + 20 sent + the direct invoke), 3 dead-lettered.
    expect(w.inputs.filter((r) => r.disposition === 'deadLetter')).toHaveLength(3);
    expect(w.out).toHaveLength(20);
    expect(w.out[0]).toMatch(/^job-\d+:test:1 from in-\d+$/);
    expect(w.dlq).toEqual(['bad-10', 'bad-17', 'bad-3']);
  });

  it('shares globals with the runtime, and runs the top-level code of the handler file again for each new environment', async () => {
    const g = globalThis as { __lambdaformProbe?: number };
    delete g.__lambdaformProbe;
    // The handler waits (up to 5 s) for a second load of its file, so that a slow start of the second
    // environment on a busy machine is not taken for a missing one.
    const source =
      'globalThis.__lambdaformProbe = (globalThis.__lambdaformProbe ?? 0) + 1; let calls = 0; export const handler = async () => { const until = Date.now() + 5000; while (globalThis.__lambdaformProbe < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5)); return { loads: globalThis.__lambdaformProbe, calls: ++calls }; };';
    const rt = await startRuntime(testPlan({ functions: [fn('Globals', source)] }), { handlers: 'in-process' });
    const run = (): Promise<unknown> => rt.invoke({ function: 'Test/Globals' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Globals')).then((o) => JSON.parse(o!.json!));
    // Two at once: two environments, two loads of the file, each with its own module state.
    const [a, b] = await Promise.all([run(), run()]);
    expect([a, b]).toEqual([
      { loads: 2, calls: 1 },
      { loads: 2, calls: 1 },
    ]);
    expect(await run()).toEqual({ loads: 2, calls: 2 });
    expect(g.__lambdaformProbe).toBe(2);
    expect(rt.functions.metrics('Test/Globals').ColdStarts).toBe(2);
    delete g.__lambdaformProbe;
    await rt.shutdown();
  });

  it('ends an invocation at its timeout (Sandbox.Timedout) without stopping its code, and cold-starts the next one', async () => {
    const source = 'export const handler = async (e) => { if (e.slow) await new Promise((r) => setTimeout(r, 1500)); return "done"; };';
    const rt = await startRuntime(testPlan({ functions: [fn('Slow', source, { timeoutSeconds: 1 })] }), { handlers: 'in-process' });
    const pending = rt.invoke({ function: 'Test/Slow' }, '{"slow":true}', 'RequestResponse', rt.ledger.create(0, 'Test/Slow'));
    await rt.sim.run();
    const slow = await pending;
    expect(slow?.status).toBe('error');
    expect(slow?.error?.errorType).toBe('Sandbox.Timedout');
    const again = rt.invoke({ function: 'Test/Slow' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/Slow'));
    await rt.sim.run();
    const next = await again;
    expect(next?.json).toBe('"done"');
    expect(rt.functions.metrics('Test/Slow').ColdStarts).toBe(2);
    await rt.shutdown();
  });

  it('tells INIT errors and thrown errors as worker environments do', async () => {
    const rt = await startRuntime(
      testPlan({
        functions: [
          fn('Missing', 'export const other = () => 1;'),
          fn('Throws', 'export const handler = async () => { throw new TypeError("nope"); };'),
          fn('ThrowsAtOnce', 'export const handler = (e, context, callback) => { JSON.parse("{"); };'),
          fn('Cjs', { 'index.js': 'exports.handler = async (e) => ({ cjs: typeof require, e });' }, { file: 'index.js' }),
        ],
      }),
      { handlers: 'in-process' },
    );
    const invoke = (id: string): ReturnType<Runtime['invoke']> => rt.invoke({ function: id }, '{"x":1}', 'RequestResponse', rt.ledger.create(0, id));
    expect((await invoke('Test/Missing'))?.error).toMatchObject({ errorType: 'Runtime.HandlerNotFound' });
    const thrown = await invoke('Test/Throws');
    expect(thrown?.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'nope' });
    // Thrown within the runtime's call: the trace ends with the handler's frames, none of the runtime's.
    const atOnce = (await invoke('Test/ThrowsAtOnce'))?.error;
    expect(atOnce).toMatchObject({ errorType: 'SyntaxError' });
    expect(atOnce!.trace!.some((l) => l.includes('index.mjs'))).toBe(true);
    expect(atOnce!.trace!.filter((l) => /in-process|functions|async_hooks/.test(l))).toEqual([]);
    expect((await invoke('Test/Cjs'))?.json).toBe('{"cjs":"function","e":{"x":1}}');
    await rt.shutdown();
  });
});

describe("handlers: 'in-process', layers", () => {
  const layer = handlerDir({
    'nodejs/node_modules/layer-greeting-ip/package.json': '{"name": "layer-greeting-ip", "version": "1.0.0", "main": "index.js"}',
    'nodejs/node_modules/layer-greeting-ip/index.js': 'exports.greet = (who) => `hello ${who} from the layer`;',
  });
  const layers = [{ arn: 'arn:aws:lambda:us-east-1:123456789012:layer:greeting:1', dir: layer }];
  const call = async (rt: Runtime, name: string) => {
    const out = await rt.invoke({ function: `Test/${name}` }, '{}', 'RequestResponse', rt.ledger.create(0, `Test/${name}`));
    return out?.json !== undefined ? JSON.parse(out.json) : out;
  };

  it('lets CommonJS code of the code directory require a package only its layer provides (Lambda puts layers on NODE_PATH)', async () => {
    // GIVEN a CommonJS handler, and a file of its own that requires the layer's package too
    const files = {
      'index.cjs': 'const { greet } = require("layer-greeting-ip");\nconst { twice } = require("./lib/twice.cjs");\nexports.handler = async () => twice(greet("cjs"));',
      'lib/twice.cjs': 'const { greet } = require("layer-greeting-ip");\nexports.twice = (s) => s + " / " + greet("again");',
    };
    const rt = await startRuntime(testPlan({ functions: [fn('CjsLayer', files, { layers })] }), { handlers: 'in-process' });
    // THEN both find it
    expect(await call(rt, 'CjsLayer')).toBe('hello cjs from the layer / hello again from the layer');
    await rt.shutdown();
  });

  it('does not find the package for a function without the layer (Runtime.ImportModuleError)', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('NoLayer', { 'index.cjs': 'const { greet } = require("layer-greeting-ip");\nexports.handler = async () => greet("x");' })] }), { handlers: 'in-process' });
    const out = (await rt.invoke({ function: 'Test/NoLayer' }, '{}', 'RequestResponse', rt.ledger.create(0, 'Test/NoLayer'))) as { error?: { errorType: string } } | undefined;
    expect(out?.error?.errorType).toBe('Runtime.ImportModuleError');
    await rt.shutdown();
  });
});
