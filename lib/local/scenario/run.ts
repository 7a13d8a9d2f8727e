import { performance } from 'node:perf_hooks';
import { LambdaformError } from '../../core/errors.js';
import type { Plan } from '../plan/types.js';
import { Runtime, type RuntimeOptions } from '../runtime.js';
import type { SnsAttribute } from '../services/sns.js';
import type { Check, Scenario, Step } from './parse.js';
import { buildReport, resolveCheckSource, type Report } from './report.js';
import { DEFAULT_EVENT_BUS } from '../services/event-bus.js';

/** Options of a scenario run. */
export interface RunOptions extends Omit<RuntimeOptions, 'seed'> {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Called with the runtime after the run, before it shuts down (tests and tools look inside). */
  readonly inspect?: (rt: Runtime, report: Report) => void | Promise<void>;
}

/**
 * Runs a scenario against a plan: each step at its time (or right after the previous one), then
 * the simulation until `until` or until nothing is left to do; returns the report with the
 * scenario's checks evaluated. With `until`, the clock stops there: a step later than `until`
 * does not happen, and what is still on its way is `queued`. Every resource a step or a check
 * names is looked up before the run starts: an unknown name fails at once with the step's or
 * check's `file:line:column` and the names there are.
 */
export async function runScenario(plan: Plan, scenario: Scenario, options: RunOptions): Promise<Report> {
  const seed = options.seed ?? scenario.seed ?? 1;
  const wallStart = performance.now();
  const { inspect, ...runtimeOptions } = options;
  const rt = new Runtime(plan, { ...runtimeOptions, seed });
  const until = scenario.untilMs;
  try {
    for (const step of scenario.steps) validateStep(rt, step);
    for (const check of scenario.expect) validateCheck(rt, check);
    await rt.start();
    for (const step of scenario.steps) {
      if (until !== undefined && (step.atMs ?? rt.sim.now()) > until) break;
      if (step.atMs !== undefined && step.atMs > rt.sim.now()) await runUntil(rt, step.atMs);
      if (step.action.kind === 'advance') {
        // An advance past `until` ends the run there: the steps after it would come later.
        const end = rt.sim.now() + step.action.ms;
        await runUntil(rt, until !== undefined ? Math.min(end, until) : end);
        if (until !== undefined && end > until) break;
        continue;
      }
      await perform(rt, step);
    }
    if (until !== undefined) await runUntil(rt, until);
    else await rt.sim.run();
    const report = buildReport(rt, scenario, seed, performance.now() - wallStart);
    if (inspect) await inspect(rt, report);
    return report;
  } finally {
    await rt.shutdown();
  }
}

/** Runs the simulation up to simulated time `ms` and leaves the clock there. */
async function runUntil(rt: Runtime, ms: number): Promise<void> {
  await rt.sim.run(ms);
}

/** Rethrows a LambdaformError of a name lookup at `where` (a step's or a check's place in the scenario). */
function at<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LambdaformError) throw new LambdaformError(where, e.detail, 'bad-scenario');
    throw e;
  }
}

/** The resources a step names exist (and an invoke's qualifier), before anything runs. */
function validateStep(rt: Runtime, step: Step): void {
  const a = step.action;
  at(step.where, () => {
    switch (a.kind) {
      case 'send':
        return rt.resolve('queue', a.queue);
      case 'invoke': {
        const f = rt.functions.fn(rt.resolve('function', a.function));
        const q = a.qualifier;
        if (q !== undefined && q !== '$LATEST' && !f.versions.some((v) => v.version === q) && !f.aliases.some((x) => x.name === q)) {
          throw new LambdaformError(undefined, `function ${f.id} has no alias or version '${q}'; it has ${['$LATEST', ...f.versions.map((v) => v.version), ...f.aliases.map((x) => x.name)].join(', ')}`);
        }
        return f.id;
      }
      case 'put':
      case 'delete':
        return rt.resolve('bucket', a.bucket);
      case 'publish':
        return rt.resolve('topic', a.topic);
      case 'putRecord':
        return rt.resolve('stream', a.stream);
      case 'putItem':
        return rt.resolve('table', a.table);
      case 'http':
        if (a.api !== undefined) return rt.resolve('api', a.api);
        if (rt.plan.apis.length === 0) throw new LambdaformError(undefined, 'the plan has no API to send an HTTP request to');
        if (rt.plan.apis.length > 1) throw new LambdaformError(undefined, `the plan has ${rt.plan.apis.length} APIs (${rt.plan.apis.map((x) => x.id).join(', ')}): name one with 'api'`);
        return undefined;
      case 'trigger':
        return rt.bus.triggerable(rt.resolve('rule', a.rule)).id;
      case 'pause':
      case 'resume':
        return resolveMapping(rt, a.mapping);
      case 'redrive': {
        const from = rt.resolve('queue', a.from);
        if (!rt.plan.queues.some((q) => q.deadLetter?.queue === from)) throw new LambdaformError(undefined, `queue ${from} is not the dead-letter queue of any queue in the plan: a redrive moves messages only from a queue another queue's redrive policy names`);
        if (a.to !== undefined) rt.resolve('queue', a.to);
        return from;
      }
      case 'purge':
        return rt.resolve('queue', a.queue);
      case 'putEvent':
      case 'advance':
        return undefined;
    }
  });
}

/**
 * An event source mapping by any of its names (id, construct id, logical id), or by the end of
 * its path (`Worker/SqsEventSourceJobs`: the function's construct id and the mapping's).
 */
function resolveMapping(rt: Runtime, name: string): string {
  try {
    return rt.resolve('mapping', name);
  } catch (e) {
    if (!(e instanceof LambdaformError) || e.code !== 'local-unknown-name' || !name.includes('/')) throw e;
    const matches = rt.plan.mappings.filter((m) => m.id.endsWith(`/${name}`));
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length > 1) throw new LambdaformError(undefined, `mapping '${name}' is ambiguous: ${matches.map((m) => m.id).join(', ')}; name it by its path`, 'local-ambiguous-name');
    throw e;
  }
}

/** The resources a check names exist, before anything runs. */
function validateCheck(rt: Runtime, c: Check): void {
  at(c.where, () => {
    if (c.kind === 'queue') rt.resolve('queue', c.queue);
    else if (c.kind === 'function') rt.resolve('function', c.function);
    else if (c.kind === 'inputs' && c.source !== undefined) resolveCheckSource(rt, c.source, []);
  });
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
      return kind === 'mapping' ? resolveMapping(rt, n) : rt.resolve(kind, n);
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
      // Run by runScenario (it knows `until`).
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
      for (let i = 0; i < a.count; i++) rt.bus.putEvent({ source: fill(a.source, i), detailType: fill(a.detailType, i), detail: fill(a.detail, i) }, rt.ledger.create(step.index, DEFAULT_EVENT_BUS));
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
    case 'trigger': {
      const rule = name('rule', a.rule);
      for (let i = 0; i < a.count; i++) guard(() => rt.triggerSchedule(rule));
      return;
    }
    case 'pause': {
      const m = name('mapping', a.mapping);
      guard(() => rt.pauseMapping(m));
      return;
    }
    case 'resume': {
      const m = name('mapping', a.mapping);
      guard(() => rt.resumeMapping(m));
      return;
    }
    case 'redrive': {
      const from = name('queue', a.from);
      const to = a.to !== undefined ? name('queue', a.to) : undefined;
      guard(() => rt.startMessageMoveTask(from, { ...(to !== undefined ? { destinationQueueId: to } : {}), ...(a.maxMessagesPerSecond !== undefined ? { maxMessagesPerSecond: a.maxMessagesPerSecond } : {}) }));
      return;
    }
    case 'purge': {
      const q = name('queue', a.queue);
      guard(() => rt.purgeQueue(q));
      return;
    }
  }
}
