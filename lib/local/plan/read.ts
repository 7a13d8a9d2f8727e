import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { LambdaformError } from '../../core/errors.js';
import { checkEventPattern } from '../match/event-pattern.js';
import { checkFilterPolicy } from '../match/filter-policy.js';
import { parseSchedule } from '../schedule.js';
import SCHEMA from './plan.schema.json' with { type: 'json' };
import { PLAN_VERSION, type Plan, type PlanDestination, type PlanTarget } from './types.js';

let validator: ValidateFunction | undefined;

/** The plan schema's validator, compiled once. */
export function planValidator(): ValidateFunction {
  if (!validator) {
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (o: object) => { compile(s: object): ValidateFunction };
    validator = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);
  }
  return validator;
}

/** The schema's problems with a plan, one line each (`/functions/0/memoryMb must be <= 10240, got 20000`); empty when it is valid. */
export function schemaProblems(plan: unknown): string[] {
  const validate = planValidator();
  if (validate(plan)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => describe(e, plan));
}

function describe(e: ErrorObject, plan: unknown): string {
  const where = e.instancePath || '/';
  const got = e.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), plan);
  if (e.keyword === 'additionalProperties') return `${where}: unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  if (e.keyword === 'required') return `${where}: missing property '${(e.params as { missingProperty: string }).missingProperty}'`;
  return `${where} ${e.message ?? 'is invalid'}, got ${JSON.stringify(got)}`;
}

/**
 * Reads a plan document (plan.json, or one written by hand): JSON, valid against the plan schema,
 * every reference to a resource naming one of the plan. Refuses anything else with the file and
 * what is wrong.
 */
export function readPlan(text: string, file: string): Plan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message.replace(/\s+/g, ' ');
    const position = /at position (\d+)/.exec(message);
    throw new LambdaformError(position ? `${file}:${lineColumn(text, Number(position[1]))}` : file, `not valid JSON: ${message}`, 'bad-plan');
  }
  if (doc !== null && typeof doc === 'object' && 'version' in doc && (doc as { version: unknown }).version !== PLAN_VERSION) {
    throw new LambdaformError(file, `/version: plan format version ${JSON.stringify((doc as { version: unknown }).version)} is not one this lambdaform reads (${PLAN_VERSION}); make the plan again with this version`, 'bad-plan');
  }
  const problems = schemaProblems(doc);
  if (problems.length > 0) throw new LambdaformError(file, `not a valid plan (docs/plan.md):\n  ${problems.join('\n  ')}`, 'bad-plan');
  const plan = doc as Plan;
  const refs = referenceProblems(plan);
  if (refs.length > 0) throw new LambdaformError(file, `the plan refers to what it does not hold:\n  ${refs.join('\n  ')}`, 'bad-plan');
  const expressions = expressionProblems(plan);
  if (expressions.length > 0) throw new LambdaformError(file, `the plan has expressions the runtime cannot evaluate:\n  ${expressions.join('\n  ')}`, 'bad-plan');
  return plan;
}

/** `line:column` (1-based) of a character offset of a text. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** References between the plan's resources that name nothing (a mapping's queue, a target's function or qualifier, a DLQ, a destination). */
export function referenceProblems(plan: Plan): string[] {
  const out: string[] = [];
  const ids = (list: readonly { id: string }[]): Set<string> => new Set(list.map((r) => r.id));
  const functions = new Map(plan.functions.map((f) => [f.id, f]));
  const queues = ids(plan.queues);
  const topics = ids(plan.topics);
  const buckets = ids(plan.buckets);
  const streams = ids(plan.streams);
  const tables = ids(plan.tables);
  const target = (t: PlanTarget, where: string): void => {
    const f = functions.get(t.function);
    if (!f) {
      out.push(`${where}/function: no function '${t.function}'`);
      return;
    }
    const q = t.qualifier;
    if (q !== undefined && q !== '$LATEST' && !f.versions.some((v) => v.version === q) && !f.aliases.some((a) => a.name === q)) {
      const has = ['$LATEST', ...f.versions.map((v) => v.version), ...f.aliases.map((a) => a.name)];
      out.push(`${where}/qualifier: function '${f.id}' has no version or alias '${q}' (it has ${has.join(', ')})`);
    }
  };
  // EventBridge buses are not resources of the plan.
  const destinations: Partial<Record<PlanDestination['type'], readonly [string, ReadonlySet<string>]>> = { sqs: ['queue', queues], sns: ['topic', topics], lambda: ['function', new Set(functions.keys())], s3: ['bucket', buckets] };
  const destination = (d: PlanDestination | undefined, where: string): void => {
    if (d?.id === undefined) return;
    const kind = destinations[d.type];
    if (kind && !kind[1].has(d.id)) out.push(`${where}/id: no ${kind[0]} '${d.id}'`);
  };
  for (const [i, f] of plan.functions.entries()) for (const k of ['onSuccess', 'onFailure', 'deadLetter'] as const) destination(f.async[k], `/functions/${i}/async/${k}`);
  for (const [i, q] of plan.queues.entries()) if (q.deadLetter && !queues.has(q.deadLetter.queue)) out.push(`/queues/${i}/deadLetter/queue: no queue '${q.deadLetter.queue}'`);
  for (const [i, m] of plan.mappings.entries()) {
    target(m, `/mappings/${i}`);
    const has = m.sourceType === 'sqs' ? queues : m.sourceType === 'kinesis' ? streams : tables;
    if (!has.has(m.source)) out.push(`/mappings/${i}/source: no ${m.sourceType === 'sqs' ? 'queue' : m.sourceType === 'kinesis' ? 'stream' : 'table'} '${m.source}'`);
    destination(m.onFailure, `/mappings/${i}/onFailure`);
  }
  for (const [i, s] of plan.subscriptions.entries()) {
    if (!topics.has(s.topic)) out.push(`/subscriptions/${i}/topic: no topic '${s.topic}'`);
    if (s.protocol === 'sqs' && (s.queue === undefined || !queues.has(s.queue))) out.push(`/subscriptions/${i}/queue: no queue '${s.queue ?? ''}'`);
    if (s.protocol === 'lambda') {
      if (s.target) target(s.target, `/subscriptions/${i}/target`);
      else out.push(`/subscriptions/${i}: a lambda subscription needs a target`);
    }
    if (s.protocol !== 'sqs' && s.protocol !== 'lambda' && s.endpoint === undefined) out.push(`/subscriptions/${i}: an ${s.protocol} subscription needs an endpoint`);
    if (s.deadLetterQueue !== undefined && !queues.has(s.deadLetterQueue)) out.push(`/subscriptions/${i}/deadLetterQueue: no queue '${s.deadLetterQueue}'`);
  }
  for (const [i, n] of plan.notifications.entries()) {
    if (!buckets.has(n.bucket)) out.push(`/notifications/${i}/bucket: no bucket '${n.bucket}'`);
    const given = [n.function, n.queue, n.topic].filter((x) => x !== undefined).length;
    if (given !== 1) out.push(`/notifications/${i}: a notification goes to exactly one of function, queue, topic (it names ${given})`);
    else if (n.queue !== undefined) {
      if (!queues.has(n.queue)) out.push(`/notifications/${i}/queue: no queue '${n.queue}'`);
    } else if (n.topic !== undefined) {
      if (!topics.has(n.topic)) out.push(`/notifications/${i}/topic: no topic '${n.topic}'`);
    } else target({ function: n.function!, ...(n.qualifier !== undefined ? { qualifier: n.qualifier } : {}) }, `/notifications/${i}`);
  }
  for (const [i, r] of plan.rules.entries()) {
    for (const [j, t] of r.targets.entries()) {
      const given = [t.function, t.queue, t.topic].filter((x) => x !== undefined).length;
      if (given !== 1) out.push(`/rules/${i}/targets/${j}: a rule target is exactly one of function, queue, topic (it names ${given})`);
      else if (t.queue !== undefined) {
        if (!queues.has(t.queue)) out.push(`/rules/${i}/targets/${j}/queue: no queue '${t.queue}'`);
      } else if (t.topic !== undefined) {
        if (!topics.has(t.topic)) out.push(`/rules/${i}/targets/${j}/topic: no topic '${t.topic}'`);
      } else target({ function: t.function!, ...(t.qualifier !== undefined ? { qualifier: t.qualifier } : {}) }, `/rules/${i}/targets/${j}`);
      if (t.deadLetterQueue !== undefined && !queues.has(t.deadLetterQueue)) out.push(`/rules/${i}/targets/${j}/deadLetterQueue: no queue '${t.deadLetterQueue}'`);
    }
  }
  for (const [i, a] of plan.apis.entries()) for (const [j, r] of a.routes.entries()) target(r, `/apis/${i}/routes/${j}`);
  return out;
}

/** Schedules, event patterns, filters and filter policies the runtime could not evaluate (refused before the run, not in the middle of it). */
export function expressionProblems(plan: Plan): string[] {
  const out: string[] = [];
  for (const [i, r] of plan.rules.entries()) {
    if (r.schedule !== undefined) {
      try {
        parseSchedule(r.schedule);
      } catch (e) {
        out.push(`/rules/${i}/schedule: ${e instanceof LambdaformError ? e.detail : String(e)}`);
      }
    }
    if (r.eventPattern !== undefined) {
      const problem = checkEventPattern(r.eventPattern);
      if (problem) out.push(`/rules/${i}/eventPattern: ${problem}`);
    }
  }
  for (const [i, m] of plan.mappings.entries()) {
    for (const [j, f] of m.filters.entries()) {
      // A filter is a pattern, its JSON text, or FilterCriteria's { Pattern: "<json>" }.
      const text = typeof f === 'string' ? f : f !== null && typeof f === 'object' && typeof (f as { Pattern?: unknown }).Pattern === 'string' ? (f as { Pattern: string }).Pattern : undefined;
      let pattern: unknown = f;
      if (text !== undefined) {
        try {
          pattern = JSON.parse(text);
        } catch {
          out.push(`/mappings/${i}/filters/${j}: not JSON: ${JSON.stringify(text)}`);
          continue;
        }
      }
      const problem = checkEventPattern(pattern);
      if (problem) out.push(`/mappings/${i}/filters/${j}: ${problem}`);
    }
  }
  for (const [i, s] of plan.subscriptions.entries()) {
    if (s.filterPolicy === undefined) continue;
    const problem = checkFilterPolicy(s.filterPolicy, s.filterPolicyScope);
    if (problem) out.push(`/subscriptions/${i}/filterPolicy: ${problem}`);
  }
  return out;
}

