import { performance } from 'node:perf_hooks';
import { LambdaformError } from '../../core/errors.js';
import type { Plan } from '../plan/types.js';
import { Runtime, type RuntimeOptions } from '../runtime.js';
import type { SnsAttribute } from '../services/sns.js';
import type { Scenario, Step } from './parse.js';
import { buildReport, type Report } from './report.js';

/** Options of a scenario run. */
export interface RunOptions extends Omit<RuntimeOptions, 'seed'> {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
}

/**
 * Runs a scenario against a plan: each step at its time (or right after the previous one), then
 * the simulation until `until` or until nothing is left to do; returns the report with the
 * scenario's checks evaluated.
 */
export async function runScenario(plan: Plan, scenario: Scenario, options: RunOptions): Promise<Report> {
  const seed = options.seed ?? scenario.seed ?? 1;
  const wallStart = performance.now();
  const rt = new Runtime(plan, { ...options, seed });
  try {
    await rt.start();
    for (const step of scenario.steps) {
      if (step.atMs !== undefined && step.atMs > rt.sim.now()) await rt.sim.run(step.atMs);
      await perform(rt, step);
    }
    await rt.sim.run(scenario.untilMs);
    return buildReport(rt, scenario, seed, performance.now() - wallStart);
  } finally {
    await rt.shutdown();
  }
}

/** `{{i}}` in every string of a value, for the i-th of `count`. */
function fill<T>(v: T, i: number): T {
  if (typeof v === 'string') return v.replace(/\{\{\s*i\s*\}\}/g, String(i)) as T;
  if (Array.isArray(v)) return v.map((x) => fill(x, i)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, i)])) as T;
  return v;
}

/** Runs the simulation until `p` settles (a synchronous invoke, an HTTP request). */
async function settle<T>(rt: Runtime, p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => {
    done = true;
    rt.sim.stop();
  });
  while (!done) {
    await rt.sim.run();
    if (!done) await new Promise((r) => setImmediate(r));
  }
  return p;
}

async function perform(rt: Runtime, step: Step): Promise<void> {
  const a = step.action;
  const name = (kind: Parameters<Runtime['resolve']>[0], n: string): string => {
    try {
      return rt.resolve(kind, n);
    } catch (e) {
      if (e instanceof LambdaformError) throw new LambdaformError(step.where, e.detail, 'bad-scenario');
      throw e;
    }
  };
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof LambdaformError) throw new LambdaformError(step.where, e.message, 'bad-scenario');
      throw e;
    }
  };
  switch (a.kind) {
    case 'advance':
      await rt.sim.run(rt.sim.now() + a.ms);
      return;
    case 'send': {
      const q = name('queue', a.queue);
      for (let i = 0; i < a.count; i++) {
        const input = rt.ledger.create(step.index, q);
        guard(() =>
          rt.sendMessage(q, fill(a.body, i), input, {
            ...(a.groupId !== undefined ? { groupId: fill(a.groupId, i) } : {}),
            ...(a.deduplicationId !== undefined ? { deduplicationId: fill(a.deduplicationId, i) } : {}),
            ...(a.delaySeconds !== undefined ? { delaySeconds: a.delaySeconds } : {}),
            ...(a.attributes ? { attributes: Object.fromEntries(Object.entries(fill(a.attributes, i)).map(([k, v]) => [k, { dataType: 'String', stringValue: v }])) } : {}),
          }),
        );
      }
      return;
    }
    case 'invoke': {
      const fn = name('function', a.function);
      const target = { function: fn, ...(a.qualifier !== undefined ? { qualifier: a.qualifier } : {}) };
      guard(() => rt.functions.resolveVersion(target));
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < a.count; i++) {
        const input = rt.ledger.create(step.index, fn);
        pending.push(guard(() => rt.invoke(target, JSON.stringify(fill(a.payload, i)), a.type, input)));
      }
      if (a.type === 'RequestResponse') await settle(rt, Promise.all(pending));
      return;
    }
    case 'put': {
      const b = name('bucket', a.bucket);
      for (let i = 0; i < a.count; i++) rt.buckets.put(b, fill(a.key, i), fill(a.body, i), rt.ledger.create(step.index, b));
      return;
    }
    case 'delete': {
      const b = name('bucket', a.bucket);
      for (let i = 0; i < a.count; i++) rt.buckets.delete(b, fill(a.key, i), rt.ledger.create(step.index, b));
      return;
    }
    case 'publish': {
      const t = name('topic', a.topic);
      for (let i = 0; i < a.count; i++) {
        const attributes: Record<string, SnsAttribute> = {};
        for (const [k, v] of Object.entries(fill(a.attributes ?? {}, i))) {
          attributes[k] = Array.isArray(v) ? { Type: 'String.Array', Value: JSON.stringify(v) } : typeof v === 'number' ? { Type: 'Number', Value: String(v) } : { Type: 'String', Value: String(v) };
        }
        rt.topics.publish(t, fill(a.message, i), attributes, rt.ledger.create(step.index, t), false, a.subject);
      }
      return;
    }
    case 'putRecord': {
      const s = name('stream', a.stream);
      for (let i = 0; i < a.count; i++) rt.streams.putRecord(s, fill(a.partitionKey, i), fill(a.data, i), rt.ledger.create(step.index, s));
      return;
    }
    case 'putItem': {
      const t = name('table', a.table);
      for (let i = 0; i < a.count; i++) {
        const input = rt.ledger.create(step.index, t);
        guard(() => rt.streams.putItem(t, fill(a.item, i), input));
      }
      return;
    }
    case 'putEvent':
      for (let i = 0; i < a.count; i++) rt.bus.putEvent({ source: fill(a.source, i), detailType: fill(a.detailType, i), detail: fill(a.detail, i) }, rt.ledger.create(step.index, 'default event bus'));
      return;
    case 'http': {
      const api = a.api !== undefined ? name('api', a.api) : undefined;
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < a.count; i++) {
        const input = rt.ledger.create(step.index, api ?? rt.plan.apis[0]?.id ?? 'api');
        pending.push(guard(() => rt.http.request(api, { method: a.method, path: fill(a.path, i), ...(a.headers ? { headers: fill(a.headers, i) } : {}), ...(a.body !== undefined ? { body: fill(a.body, i) } : {}) }, input)));
      }
      await settle(rt, Promise.all(pending));
      return;
    }
  }
}
