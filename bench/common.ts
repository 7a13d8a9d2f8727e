/** What the benchmarks share: timing, and the queue-worker app the lint benchmarks lint. */
import { performance } from 'node:perf_hooks';
import { App, Duration, Function, Queue, Runtime, SqsEventSource, Stack, type Code } from '../lib/all.js';
import type { AppModel } from '../lib/model/types.js';

/** The day the benchmarks' apps live on (runtime deprecations are dated). */
export const BENCH_NOW = new Date('2026-11-22T00:00:00Z');

/** Functions per stack: each brings two queues, the function, its role and the mapping, within CloudFormation's 500 resources. */
export const PER_STACK = 50;

/** The value of `f` and how long it took, in milliseconds. */
export function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

/**
 * `n` functions in stacks of 50, each triggered by a queue of its own (batch failures reported)
 * and allowed to send to another, whose URL is in its environment (`OUT_URL`; `IN_URL` too when
 * `sendsToInput`, which also lets it send back to its trigger queue).
 */
export function queueWorkers(n: number, code: (i: number) => Code, sendsToInput = false): AppModel {
  const app = new App({ now: BENCH_NOW });
  let stack: Stack | undefined;
  for (let i = 0; i < n; i++) {
    if (i % PER_STACK === 0) stack = new Stack(app, `Bench${i / PER_STACK}`);
    const input = new Queue(stack!, `In${i}`, { visibilityTimeout: Duration.seconds(60) });
    const output = new Queue(stack!, `Out${i}`);
    const f = new Function(stack!, `F${i}`, {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: code(i),
      timeout: Duration.seconds(10),
      environment: { ...(sendsToInput ? { IN_URL: input.queueUrl } : {}), OUT_URL: output.queueUrl },
    });
    f.addEventSource(new SqsEventSource(input, { reportBatchItemFailures: true }));
    output.grantSendMessages(f);
    if (sendsToInput) input.grantSendMessages(f);
  }
  return app.synth();
}
