/**
 * The local endpoint's Lambda API (REST-JSON Invoke) through the real `@aws-sdk/client-lambda`:
 * synchronous, asynchronous and dry-run invocations from handlers of the plan, qualifiers, log
 * tails, recursive loop detection, and the errors Lambda answers.
 */
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputRecord } from '../../../lib/local/ledger.js';
import type { Runtime } from '../../../lib/local/runtime.js';
import { ACCOUNT, REGION, fn, queue, startRuntime, testPlan } from '../helpers.js';
import { logged } from '../services/helpers.js';
import { failure, invoke } from './helpers.js';

const ARN = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Test-${name}`;
const FUNCTION_NAMES = 'Test-Caller, Test-Echo, Test-Thrower, Test-Failing';

/**
 * A handler that runs Lambda Invoke calls in order (`{ calls: [InvokeCommandInput with `Payload`
 * as a JSON value, or `raw` text] }`) and returns, for each, the status, function error, executed
 * version, payload text and decoded log tail, or `{ error, message, status }`.
 */
const INVOKER = `
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
const client = new LambdaClient({});
export const handler = async (event) => {
  const out = [];
  for (const c of event.calls) {
    const { raw, Payload, ...rest } = c;
    const input = { ...rest, ...(raw !== undefined ? { Payload: Buffer.from(raw) } : Payload !== undefined ? { Payload: Buffer.from(JSON.stringify(Payload)) } : {}) };
    try {
      const r = await client.send(new InvokeCommand(input));
      out.push({
        StatusCode: r.StatusCode,
        FunctionError: r.FunctionError,
        ExecutedVersion: r.ExecutedVersion,
        payload: r.Payload && r.Payload.length > 0 ? Buffer.from(r.Payload).toString() : undefined,
        log: r.LogResult ? Buffer.from(r.LogResult, 'base64').toString() : undefined,
      });
    } catch (e) {
      out.push({ error: e.name, message: e.message, status: e.$metadata?.httpStatusCode });
    }
  }
  return out;
};`;

const ECHO = `
export const handler = async (event, context) => {
  console.log('echo got', JSON.stringify(event));
  return { got: event, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, arn: context.invokedFunctionArn };
};`;

/**
 * Invokes itself with depth + 1 until its Invoke fails: asynchronously (InvocationType Event) below
 * `syncFrom`, synchronously from there, so the chain is one event's 16 invocations without 16
 * environments starting one after the other. Logs and returns the failed Invoke's error.
 */
const RECURSIVE = `
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
const client = new LambdaClient({});
export const handler = async (event) => {
  const depth = event.depth ?? 1;
  const sync = depth >= event.syncFrom;
  try {
    const r = await client.send(new InvokeCommand({
      FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      InvocationType: sync ? 'RequestResponse' : 'Event',
      Payload: Buffer.from(JSON.stringify({ depth: depth + 1, syncFrom: event.syncFrom })),
    }));
    return sync ? JSON.parse(Buffer.from(r.Payload).toString()) : { depth, status: r.StatusCode };
  } catch (e) {
    console.log(JSON.stringify({ depth, error: e.name, message: e.message }));
    return { depth, error: e.name, message: e.message };
  }
};`;

interface Result {
  StatusCode?: number;
  FunctionError?: string;
  ExecutedVersion?: string;
  payload?: string;
  log?: string;
  error?: string;
  message?: string;
  status?: number;
}


/** The Caller's results for `calls`, its input and the inputs its calls started. */
async function call(rt: Runtime, calls: unknown[]): Promise<{ results: Result[]; input: InputRecord; sent: InputRecord[] }> {
  const { outcome, input } = await invoke(rt, 'Caller', { calls });
  expect(outcome.status).toBe('success');
  return { results: JSON.parse(outcome.json!) as Result[], input, sent: rt.ledger.inputs.filter((i) => i.parent === input.id) };
}


describe('the local Lambda API', () => {
  let rt: Runtime;
  let lambda: LambdaClient;
  beforeAll(async () => {
    rt = await startRuntime(
      testPlan({
        functions: [
          fn('Caller', INVOKER, { timeoutSeconds: 30 }),
          fn('Echo', ECHO, {
            versions: [
              { version: '1', id: 'Test/Echo/Version1' },
              { version: '2', id: 'Test/Echo/Version2' },
            ],
            aliases: [{ name: 'live', id: 'Test/Echo/Live', version: '1', additionalVersions: [] }],
          }),
          fn('Thrower', 'export const handler = async () => { throw new TypeError("boom"); };'),
          fn('Failing', 'export const handler = async (event) => { console.log(JSON.stringify({ try: event })); throw new Error("always fails"); };', {
            async: { maxRetryAttempts: 2, maxEventAgeSeconds: 21_600, onFailure: { type: 'sqs', id: 'Test/Failures', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Test-Failures` } },
          }),
        ],
        queues: [queue('Failures')],
      }),
    );
    lambda = new LambdaClient({ region: REGION, endpoint: rt.endpoint.address, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  });

  it('a synchronous Invoke from a handler returns the payload (200, $LATEST); the invocation is an input sent on from the caller\'s, processed', async () => {
    const { results, input, sent } = await call(rt, [{ FunctionName: 'Test-Echo', Payload: { hello: 'world' } }]);
    expect(results).toEqual([{ StatusCode: 200, ExecutedVersion: '$LATEST', payload: JSON.stringify({ got: { hello: 'world' }, version: '$LATEST', arn: ARN('Echo') }) }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ source: 'Test/Echo', parent: input.id, lineage: { 'Test/Caller': 1 }, disposition: 'processed', attempts: 1 });
    expect(rt.functions.metrics('Test/Echo').Invocations).toBe(1);
  });

  it('qualifiers: name:alias, Qualifier, a version, the full ARN; an unknown alias is not found; name and Qualifier disagreeing is invalid', async () => {
    const { results } = await call(rt, [
      { FunctionName: 'Test-Echo:live', Payload: { n: 1 } },
      { FunctionName: 'Test-Echo', Qualifier: '2', Payload: { n: 2 } },
      { FunctionName: `${ARN('Echo')}:1`, Payload: { n: 3 } },
      { FunctionName: `${ACCOUNT}:function:Test-Echo`, Qualifier: 'live', Payload: { n: 4 } },
      { FunctionName: 'Test-Echo:$LATEST', Payload: { n: 5 } },
      { FunctionName: 'Test-Echo:canary', Payload: {} },
      { FunctionName: 'Test-Echo:live', Qualifier: '2', Payload: {} },
    ]);
    const ok = results.slice(0, 5).map((r) => {
      const p = JSON.parse(r.payload!) as { got: { n: number }; version: string; arn: string };
      return [r.StatusCode, r.ExecutedVersion, p.got.n, p.version, p.arn];
    });
    expect(ok).toEqual([
      [200, '1', 1, '1', `${ARN('Echo')}:live`],
      [200, '2', 2, '2', `${ARN('Echo')}:2`],
      [200, '1', 3, '1', `${ARN('Echo')}:1`],
      [200, '1', 4, '1', `${ARN('Echo')}:live`],
      [200, '$LATEST', 5, '$LATEST', ARN('Echo')],
    ]);
    expect(results[5]).toEqual({
      error: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${ARN('Echo')}:canary (not a function version or alias of the app's plan; its functions: ${FUNCTION_NAMES}).`,
    });
    expect(results[6]).toEqual({
      error: 'InvalidParameterValueException',
      status: 400,
      message: 'The derived qualifier from the function name does not match the specified qualifier (live and 2).',
    });
  });

  it('a function error: 200 with FunctionError Unhandled and the error document; the input is discarded (a synchronous invocation is not retried)', async () => {
    const { results, sent } = await call(rt, [{ FunctionName: 'Test-Thrower', Payload: {} }]);
    expect(results).toHaveLength(1);
    const r = results[0]!;
    expect(r.StatusCode).toBe(200);
    expect(r.FunctionError).toBe('Unhandled');
    expect(r.ExecutedVersion).toBe('$LATEST');
    const doc = JSON.parse(r.payload!) as { errorType: string; errorMessage: string; trace: string[] };
    expect(doc.errorType).toBe('TypeError');
    expect(doc.errorMessage).toBe('boom');
    expect(doc.trace[0]).toBe('TypeError: boom');
    expect(sent.map((i) => [i.source, i.disposition, i.reason])).toEqual([
      ['Test/Thrower', 'discarded', 'function error returned to the caller (TypeError): a synchronous invocation is not retried'],
    ]);
    expect(rt.functions.metrics('Test/Thrower')).toMatchObject({ Invocations: 1, Errors: 1 });
  });

  it('LogType Tail returns the invocation\'s log, base64: START, the handler\'s lines, END, REPORT', async () => {
    const { results } = await call(rt, [{ FunctionName: 'Test-Echo', LogType: 'Tail', Payload: { tail: true } }]);
    const log = results[0]!.log!;
    const lines = log.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/);
    const requestId = /RequestId: (\S+)/.exec(lines[0]!)![1]!;
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${requestId}\\tINFO\\techo got {"tail":true}$`));
    expect(lines.at(-2)).toBe(`END RequestId: ${requestId}`);
    expect(lines.at(-1)).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB$`));
    // Without LogType, no log.
    const plain = await call(rt, [{ FunctionName: 'Test-Echo', Payload: {} }]);
    expect(plain.results[0]!.log).toBeUndefined();
  });

  it('InvocationType Event: 202 at once; the event goes through the async queue with its retries (t, +60 s, +180 s), then to the on-failure destination', async () => {
    const { results, input, sent } = await call(rt, [{ FunctionName: 'Test-Failing', InvocationType: 'Event', Payload: { job: 9 } }]);
    expect(results).toEqual([{ StatusCode: 202 }]);
    const tries = logged<{ try: unknown }>(rt, 'Test/Failing');
    expect(tries.map((t) => t.value)).toEqual([{ try: { job: 9 } }, { try: { job: 9 } }, { try: { job: 9 } }]);
    const [t0, t1, t2] = tries.map((t) => t.t);
    expect(t1! - t0!).toBeGreaterThanOrEqual(60_000);
    expect(t1! - t0!).toBeLessThan(62_000);
    expect(t2! - t0!).toBeGreaterThanOrEqual(180_000);
    expect(t2! - t0!).toBeLessThan(183_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ source: 'Test/Failing', parent: input.id, lineage: { 'Test/Caller': 1 }, attempts: 3, disposition: 'failureDestination', where: 'Test/Failures' });
    const [record] = rt.queue('Test/Failures').pending();
    expect(JSON.parse(record!.body)).toMatchObject({
      requestContext: { functionArn: `${ARN('Failing')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { job: 9 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'always fails' },
    });
    expect(rt.functions.metrics('Test/Failing')).toMatchObject({ Invocations: 3, Errors: 3, AsyncEventsReceived: 1, AsyncEventsDropped: 1 });
  });

  it('InvocationType DryRun: 204, nothing invoked, no input', async () => {
    const before = rt.functions.metrics('Test/Echo').Invocations;
    const { results, sent } = await call(rt, [{ FunctionName: 'Test-Echo', InvocationType: 'DryRun', Payload: {} }]);
    expect(results).toEqual([{ StatusCode: 204 }]);
    expect(sent).toEqual([]);
    expect(rt.functions.metrics('Test/Echo').Invocations).toBe(before);
  });

  it('errors: an unknown function (ResourceNotFoundException, naming the plan\'s functions), a payload that is not JSON (InvalidRequestContentException)', async () => {
    const { results, sent } = await call(rt, [
      { FunctionName: 'Nope', Payload: {} },
      { FunctionName: 'Test-Echo', raw: '{not json' },
    ]);
    expect(results).toEqual([
      { error: 'ResourceNotFoundException', status: 404, message: `Function not found: ${ARN('Nope').replace('Test-Nope', 'Nope')} (not a function of the app's plan; its functions: ${FUNCTION_NAMES}).` },
      { error: 'InvalidRequestContentException', status: 400, message: 'Could not parse request body into json: the payload is not valid JSON.' },
    ]);
    expect(sent).toEqual([]);
    // From the test process too.
    const e = await failure(lambda.send(new InvokeCommand({ FunctionName: 'Nope' })));
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.$metadata?.httpStatusCode).toBe(404);
  });

  it('an operation the local runtime does not serve fails naming Lambda and the operation', async () => {
    const e = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'Test-Echo' })));
    expect(e.name).toBe('UnsupportedOperation');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toBe("lambdaform's local runtime does not serve Lambda GetFunction; it serves Invoke. The call did not reach AWS.");
  });

  it('a synchronous Invoke from the test process is a root input', async () => {
    const before = rt.ledger.inputs.length;
    const out = await Promise.all([lambda.send(new InvokeCommand({ FunctionName: 'Test-Echo', Payload: Buffer.from('{"from":"test"}') })), rt.sim.run()]);
    expect(out[0].StatusCode).toBe(200);
    expect(JSON.parse(Buffer.from(out[0].Payload!).toString())).toMatchObject({ got: { from: 'test' } });
    expect(rt.ledger.inputs.slice(before).map((i) => [i.source, i.parent, i.lineage, i.disposition])).toEqual([['Test/Echo', undefined, {}, 'processed']]);
  });

  it('a request signed for a service the local runtime does not serve gets a 400 naming it', async () => {
    const res = await fetch(`${rt.endpoint.address}/`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string; message: string };
    expect(body.message).toBe("lambdaform's local runtime does not serve the AWS service 'states' (POST /); it serves SQS, SNS, S3, Lambda, DynamoDB, Kinesis, EventBridge. The call did not reach AWS.");
  });
});

describe('recursive loop detection on Invoke', () => {
  it('a function that invokes itself (RecursiveLoop Terminate) is stopped: the 17th invocation, a synchronous Invoke, gets RecursiveInvocationException', async () => {
    const rt = await startRuntime(testPlan({ functions: [fn('Recursive', RECURSIVE, { timeoutSeconds: 60 })] }));
    // Invocations 1-13 send the next one asynchronously, 14-16 synchronously (three nested).
    const { outcome, input } = await invoke(rt, 'Recursive', { depth: 1, syncFrom: 14 });
    expect(JSON.parse(outcome.json!)).toEqual({ depth: 1, status: 202 });
    const error = {
      depth: 16,
      error: 'RecursiveInvocationException',
      message: "Lambda detected that Test-Recursive is being invoked in a recursive loop with other AWS resources and stopped the function's invocation (RecursiveLoop: Terminate).",
    };
    expect(logged(rt, 'Test/Recursive').map((l) => l.value)).toEqual([error]);
    const m = rt.functions.metrics('Test/Recursive');
    expect(m.Invocations).toBe(16);
    expect(m.RecursiveInvocationsDropped).toBe(1);
    expect(m.Errors).toBe(0);
    // The chain: each invocation's input sent on from the previous one's, its lineage one more.
    const chain: InputRecord[] = [input];
    for (let next = rt.ledger.inputs.find((i) => i.parent === input.id); next; next = rt.ledger.inputs.find((i) => i.parent === next!.id)) chain.push(next);
    expect(chain).toHaveLength(17);
    expect(rt.ledger.inputs.filter((i) => i.source === 'Test/Recursive')).toHaveLength(17);
    chain.forEach((i, k) => expect(i.lineage).toEqual(k === 0 ? {} : { 'Test/Recursive': k }));
    expect(chain.slice(0, 16).map((i) => [i.disposition, i.attempts])).toEqual(Array(16).fill(['processed', 1]));
    expect(chain[16]).toMatchObject({
      disposition: 'discarded',
      reason: 'recursive loop stopped: Test/Recursive was invoked 16 times from one event (RecursiveLoop: Terminate)',
      attempts: 0,
    });
  });
});
