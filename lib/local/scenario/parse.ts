import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { LambdaformError } from '../../core/errors.js';

/** A check of the report: a number exactly, or a range. */
export type Expected = number | { readonly min?: number; readonly max?: number };

/** One step of a scenario. */
export type StepAction =
  | { readonly kind: 'send'; readonly queue: string; readonly body: string; readonly count: number; readonly groupId?: string; readonly deduplicationId?: string; readonly delaySeconds?: number; readonly attributes?: Record<string, string> }
  | { readonly kind: 'invoke'; readonly function: string; readonly payload: unknown; readonly count: number; readonly type: 'RequestResponse' | 'Event'; readonly qualifier?: string }
  | { readonly kind: 'put'; readonly bucket: string; readonly key: string; readonly body: string; readonly count: number }
  | { readonly kind: 'delete'; readonly bucket: string; readonly key: string; readonly count: number }
  | { readonly kind: 'publish'; readonly topic: string; readonly message: string; readonly count: number; readonly subject?: string; readonly attributes?: Record<string, string | number | readonly string[]> }
  | { readonly kind: 'putRecord'; readonly stream: string; readonly partitionKey: string; readonly data: string; readonly count: number }
  | { readonly kind: 'putItem'; readonly table: string; readonly item: Record<string, unknown>; readonly count: number }
  | { readonly kind: 'putEvent'; readonly source: string; readonly detailType: string; readonly detail: unknown; readonly count: number }
  | { readonly kind: 'http'; readonly method: string; readonly path: string; readonly headers?: Record<string, string>; readonly body?: string; readonly api?: string; readonly count: number }
  | { readonly kind: 'trigger'; readonly rule: string; readonly count: number }
  | { readonly kind: 'pause'; readonly mapping: string }
  | { readonly kind: 'resume'; readonly mapping: string }
  | { readonly kind: 'redrive'; readonly from: string; readonly to?: string; readonly maxMessagesPerSecond?: number }
  | { readonly kind: 'purge'; readonly queue: string }
  | { readonly kind: 'advance'; readonly ms: number };

export interface Step {
  /** Index in the scenario's steps. */
  readonly index: number;
  /** Simulated ms from the start; undefined: right after the previous step. */
  readonly atMs?: number;
  readonly action: StepAction;
  /** `file:line` of the step. */
  readonly where: string;
}

/** A check of `expect`. */
export type Check =
  | { readonly kind: 'inputs'; readonly source?: string; readonly counts: Readonly<Record<string, Expected>>; readonly where: string }
  | { readonly kind: 'queue'; readonly queue: string; readonly counts: Readonly<Record<string, Expected>>; readonly where: string }
  | { readonly kind: 'function'; readonly function: string; readonly counts: Readonly<Record<string, Expected>>; readonly where: string }
  | { readonly kind: 'http'; readonly request?: number; readonly status?: number; readonly count?: Expected; readonly where: string }
  | { readonly kind: 'simulatedSeconds'; readonly expected: Expected; readonly where: string };

export interface Scenario {
  readonly file: string;
  readonly seed?: number;
  readonly untilMs?: number;
  readonly steps: readonly Step[];
  readonly expect: readonly Check[];
}

export const DISPOSITION_KEYS = ['processed', 'queued', 'deadLetter', 'failureDestination', 'discarded'] as const;
export const QUEUE_KEYS = ['visible', 'inFlight', 'delayed', 'sent', 'deleted', 'movedToDeadLetter', 'expired'] as const;
export const FUNCTION_KEYS = [
  'Invocations',
  'Errors',
  'Throttles',
  'ConcurrentExecutions',
  'IteratorAge',
  'DeadLetterErrors',
  'DestinationDeliveryFailures',
  'AsyncEventsReceived',
  'AsyncEventAge',
  'AsyncEventsDropped',
  'RecursiveInvocationsDropped',
  'ProvisionedConcurrencyInvocations',
  'ProvisionedConcurrencySpilloverInvocations',
  'ColdStarts',
  'DurationP50',
  'DurationP99',
  'DurationMax',
] as const;

const STEP_KEYS: Record<Exclude<StepAction['kind'], 'advance'>, { required: readonly string[]; optional: readonly string[] }> = {
  send: { required: ['queue'], optional: ['body', 'count', 'groupId', 'deduplicationId', 'delaySeconds', 'attributes'] },
  invoke: { required: ['function'], optional: ['payload', 'count', 'type', 'qualifier'] },
  put: { required: ['bucket', 'key'], optional: ['body', 'count'] },
  delete: { required: ['bucket', 'key'], optional: ['count'] },
  publish: { required: ['topic'], optional: ['message', 'count', 'subject', 'attributes'] },
  putRecord: { required: ['stream'], optional: ['partitionKey', 'data', 'count'] },
  putItem: { required: ['table', 'item'], optional: ['count'] },
  putEvent: { required: ['source'], optional: ['detailType', 'detail', 'count'] },
  http: { required: ['path'], optional: ['method', 'headers', 'body', 'api', 'count'] },
  trigger: { required: ['rule'], optional: ['count'] },
  pause: { required: ['mapping'], optional: [] },
  resume: { required: ['mapping'], optional: [] },
  redrive: { required: ['from'], optional: ['to', 'maxMessagesPerSecond'] },
  purge: { required: ['queue'], optional: [] },
};

/** Operator steps that also take just a name: `trigger: Nightly` is `trigger: { rule: Nightly }`. */
const SHORT_FORMS: Partial<Record<StepAction['kind'], string>> = { trigger: 'rule', pause: 'mapping', resume: 'mapping', redrive: 'from', purge: 'queue' };

/** Parses a duration: `90` (seconds), `500ms`, `30s`, `10m`, `6h`, `2d`, or a sum such as `1h30m`. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    const n = Number(m[1]);
    total += n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  }
  return total;
}

/**
 * Reads a scenario file. Everything wrong is refused with the file, the line and what is allowed
 * (a LambdaformError whose path is `file:line:column`): unknown keys, a step with no action or
 * two, values of the wrong type, bad durations and checks.
 */
export function parseScenario(text: string, file: string): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (node: YamlNode | Pair | null | undefined): string => {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as YamlNode | null)?.range : undefined;
    if (!range) return `${file}:1:1`;
    const p = lc.linePos(range[0]);
    return `${file}:${p.line}:${p.col}`;
  };
  const fail = (node: YamlNode | Pair | null | undefined, message: string): never => {
    throw new LambdaformError(at(node), message, 'bad-scenario');
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    const where = `${file}:${p.line}:${p.col}`;
    if (e.code === 'DUPLICATE_KEY') {
      const key = /^[^\s:,{}[\]]+|^'[^']*'|^"[^"]*"/.exec(text.slice(e.pos[0]))?.[0] ?? '';
      throw new LambdaformError(where, `duplicate key ${key ? `'${key.replace(/^['"]|['"]$/g, '')}' ` : ''}in a mapping: each key may appear once`, 'bad-scenario');
    }
    throw new LambdaformError(where, `not valid YAML: ${e.message.split('\n')[0]}`, 'bad-scenario');
  }
  const root = doc.contents;
  if (!isMap(root)) return fail(root, 'a scenario is a mapping with steps (and optionally seed, until, expect)');
  const allowed = ['seed', 'until', 'steps', 'expect', 'description'];
  for (const pair of root.items) {
    const k = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!allowed.includes(k)) fail(pair, `unknown key '${k}'; a scenario has ${allowed.join(', ')}`);
  }
  const seedNode = root.get('seed', true) as YamlNode | undefined;
  const seed = seedNode ? (seedNode as { toJSON(): unknown }).toJSON() : undefined;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0)) fail(seedNode, `seed must be a whole number (0 or more), got ${JSON.stringify(seed)}`);
  const untilNode = root.get('until', true) as YamlNode | undefined;
  let untilMs: number | undefined;
  if (untilNode) {
    untilMs = parseDuration((untilNode as { toJSON(): unknown }).toJSON());
    if (untilMs === undefined) fail(untilNode, `until must be a duration such as 30s, 10m, 6h or 1d, got ${JSON.stringify((untilNode as { toJSON(): unknown }).toJSON())}`);
  }
  const stepsNode = root.get('steps', true) as YamlNode | undefined;
  if (!stepsNode) return fail(root, `a scenario needs steps: a list of ${Object.keys(STEP_KEYS).join(', ')} or advance`);
  if (!isSeq(stepsNode)) return fail(stepsNode, 'steps must be a list');
  const steps = stepsNode.items.map((item, index) => parseStep(item as YamlNode, index, at, fail));
  // Steps run in order, each at its time or right after the previous one: a time earlier than
  // the time the steps before it reach, or later than `until`, would not be the step's time.
  let reached = 0;
  const show = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
  steps.forEach((step, i) => {
    if (step.atMs !== undefined) {
      const atNode = (stepsNode.items[i] as YAMLMap).get('at', true) as YamlNode;
      if (step.atMs < reached) fail(atNode, `at ${show(step.atMs)} is earlier than the steps before it reach (${show(reached)}); steps run in order, so give the steps times in order`);
      if (untilMs !== undefined && step.atMs > untilMs) fail(atNode, `at ${show(step.atMs)} is after until (${show(untilMs)}): the step would never happen`);
      reached = step.atMs;
    }
    if (step.action.kind === 'advance') reached += step.action.ms;
  });
  const expectNode = root.get('expect', true) as YamlNode | undefined;
  let expect: Check[] = [];
  if (expectNode) {
    if (!isSeq(expectNode)) return fail(expectNode, 'expect must be a list of checks');
    expect = expectNode.items.map((item) => parseCheck(item as YamlNode, at, fail));
  }
  return { file, ...(seed !== undefined ? { seed: seed as number } : {}), ...(untilMs !== undefined ? { untilMs } : {}), steps, expect };
}

type At = (node: YamlNode | Pair | null | undefined) => string;
type Fail = (node: YamlNode | Pair | null | undefined, message: string) => never;

function parseStep(node: YamlNode, index: number, at: At, fail: Fail): Step {
  if (!isMap(node)) return fail(node, `step ${index + 1} must be a mapping such as { send: { queue: Jobs } }`);
  const actions = node.items.filter((p) => String((p.key as { value?: unknown }).value) !== 'at');
  const atPair = node.items.find((p) => String((p.key as { value?: unknown }).value) === 'at');
  const kinds = [...Object.keys(STEP_KEYS), 'advance'];
  if (actions.length !== 1) return fail(node, `step ${index + 1} must have exactly one action (${kinds.join(', ')}), plus an optional 'at'; it has ${actions.length === 0 ? 'none' : actions.map((p) => String((p.key as { value?: unknown }).value)).join(', ')}`);
  const pair = actions[0]!;
  const kind = String((pair.key as { value?: unknown }).value);
  let atMs: number | undefined;
  if (atPair) {
    const v = (atPair.value as { toJSON(): unknown } | null)?.toJSON();
    atMs = parseDuration(v);
    if (atMs === undefined) fail(atPair.value as YamlNode, `at must be a duration from the start (30s, 10m, 6h), got ${JSON.stringify(v)}`);
  }
  const where = at(node);
  const value = pair.value as YamlNode | null;
  if (kind === 'advance') {
    const ms = parseDuration((value as { toJSON(): unknown } | null)?.toJSON());
    if (ms === undefined) return fail(value, `advance takes a duration (30s, 10m, 6h), got ${JSON.stringify((value as { toJSON(): unknown } | null)?.toJSON())}`);
    return { index, ...(atMs !== undefined ? { atMs } : {}), action: { kind: 'advance', ms }, where };
  }
  const spec = STEP_KEYS[kind as keyof typeof STEP_KEYS];
  if (!spec) return fail(pair, `unknown step '${kind}'; a step is one of ${kinds.join(', ')}`);
  const short = SHORT_FORMS[kind as StepAction['kind']];
  // The short form of an operator step: just the name (`purge: Jobs`).
  const named = short !== undefined && isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number');
  if (!named && !isMap(value)) {
    const form = `${kind}: { ${spec.required.map((r) => `${r}: ...`).join(', ')} }`;
    return fail(value ?? pair, short !== undefined ? `${kind} takes a name or a mapping: ${kind}: Name or ${form}` : `${kind} takes a mapping: ${form}`);
  }
  const obj = named ? { [short]: (value as { value: unknown }).value } : ((value as YAMLMap).toJSON() as Record<string, unknown>);
  if (!named) {
    for (const item of (value as YAMLMap).items) {
      const k = String((item.key as { value?: unknown }).value);
      if (!spec.required.includes(k) && !spec.optional.includes(k)) fail(item, `unknown key '${k}' in ${kind}; it takes ${[...spec.required, ...spec.optional].join(', ')}`);
    }
  }
  for (const r of spec.required) if (obj[r] === undefined || obj[r] === null) fail(value, `${kind} needs '${r}'; it takes ${[...spec.required, ...spec.optional].join(', ')}`);
  const get = (k: string): YamlNode => (named ? value! : (((value as YAMLMap).get(k, true) as YamlNode | undefined) ?? value!));
  const str = (k: string, dflt?: string): string => {
    const v = obj[k];
    if (v === undefined) return dflt ?? '';
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    return fail(get(k), `${kind}.${k} must be text, got ${JSON.stringify(v)}`);
  };
  const text = (k: string, dflt = ''): string => {
    const v = obj[k];
    if (v === undefined) return dflt;
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const count = (): number => {
    const v = obj.count ?? 1;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1_000_000) return fail(get('count'), `count must be a whole number from 1 to 1000000, got ${JSON.stringify(v)}`);
    return v;
  };
  const stringMap = (k: string): Record<string, string> | undefined => {
    const v = obj[k];
    if (v === undefined) return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(get(k), `${kind}.${k} must be a mapping of names to values`);
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([a, b]) => [a, typeof b === 'string' ? b : JSON.stringify(b)]));
  };
  const base = { index, ...(atMs !== undefined ? { atMs } : {}), where };
  switch (kind) {
    case 'send': {
      const delay = obj.delaySeconds;
      if (delay !== undefined && (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > 900)) fail(get('delaySeconds'), `delaySeconds must be 0-900, got ${JSON.stringify(delay)}`);
      const attributes = stringMap('attributes');
      return {
        ...base,
        action: {
          kind: 'send',
          queue: str('queue'),
          body: text('body', '{}'),
          count: count(),
          ...(obj.groupId !== undefined ? { groupId: str('groupId') } : {}),
          ...(obj.deduplicationId !== undefined ? { deduplicationId: str('deduplicationId') } : {}),
          ...(delay !== undefined ? { delaySeconds: delay as number } : {}),
          ...(attributes ? { attributes } : {}),
        },
      };
    }
    case 'invoke': {
      const type = obj.type ?? 'RequestResponse';
      if (type !== 'RequestResponse' && type !== 'Event') fail(get('type'), `invoke.type must be RequestResponse or Event, got ${JSON.stringify(type)}`);
      return { ...base, action: { kind: 'invoke', function: str('function'), payload: obj.payload ?? {}, count: count(), type: type as 'RequestResponse' | 'Event', ...(obj.qualifier !== undefined ? { qualifier: str('qualifier') } : {}) } };
    }
    case 'put':
      return { ...base, action: { kind: 'put', bucket: str('bucket'), key: str('key'), body: text('body'), count: count() } };
    case 'delete':
      return { ...base, action: { kind: 'delete', bucket: str('bucket'), key: str('key'), count: count() } };
    case 'publish': {
      const attributes = obj.attributes;
      if (attributes !== undefined && (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes))) fail(get('attributes'), 'publish.attributes must be a mapping of names to text, numbers or lists of text');
      return {
        ...base,
        action: {
          kind: 'publish',
          topic: str('topic'),
          message: text('message', '{}'),
          count: count(),
          ...(obj.subject !== undefined ? { subject: str('subject') } : {}),
          ...(attributes ? { attributes: attributes as Record<string, string | number | string[]> } : {}),
        },
      };
    }
    case 'putRecord':
      return { ...base, action: { kind: 'putRecord', stream: str('stream'), partitionKey: str('partitionKey', 'key'), data: text('data', '{}'), count: count() } };
    case 'putItem': {
      const item = obj.item;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return fail(get('item'), 'putItem.item must be a mapping in DynamoDB JSON: { id: { S: "1" } }');
      return { ...base, action: { kind: 'putItem', table: str('table'), item: item as Record<string, unknown>, count: count() } };
    }
    case 'putEvent':
      return { ...base, action: { kind: 'putEvent', source: str('source'), detailType: str('detailType', 'Event'), detail: obj.detail ?? {}, count: count() } };
    case 'http': {
      const headers = stringMap('headers');
      return {
        ...base,
        action: {
          kind: 'http',
          method: str('method', 'GET').toUpperCase(),
          path: str('path'),
          ...(headers ? { headers } : {}),
          ...(obj.body !== undefined ? { body: text('body') } : {}),
          ...(obj.api !== undefined ? { api: str('api') } : {}),
          count: count(),
        },
      };
    }
    case 'trigger':
      return { ...base, action: { kind: 'trigger', rule: str('rule'), count: count() } };
    case 'pause':
    case 'resume':
      return { ...base, action: { kind, mapping: str('mapping') } };
    case 'redrive': {
      const rate = obj.maxMessagesPerSecond;
      if (rate !== undefined && (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1 || rate > 500)) fail(get('maxMessagesPerSecond'), `redrive.maxMessagesPerSecond must be a whole number from 1 to 500, got ${JSON.stringify(rate)}`);
      return { ...base, action: { kind: 'redrive', from: str('from'), ...(obj.to !== undefined ? { to: str('to') } : {}), ...(rate !== undefined ? { maxMessagesPerSecond: rate as number } : {}) } };
    }
    case 'purge':
      return { ...base, action: { kind: 'purge', queue: str('queue') } };
  }
  return fail(pair, `unknown step '${kind}'`);
}

function parseCheck(node: YamlNode, at: At, fail: Fail): Check {
  const where = at(node);
  if (!isMap(node)) return fail(node, 'a check is a mapping: { inputs: {...} }, { queue: Name, visible: 0 }, { function: Name, Errors: 0 }, { http: ..., status: 200 } or { simulatedSeconds: ... }');
  const obj = node.toJSON() as Record<string, unknown>;
  const keyNode = (k: string, map: YAMLMap = node): YamlNode => (map.get(k, true) as YamlNode | undefined) ?? map;
  /** The key of `k` in `map` (where an unknown key is). */
  const keyOf = (k: string, map: YAMLMap = node): YamlNode | Pair => map.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === k) ?? map;
  const expected = (k: string, v: unknown, map: YAMLMap = node): Expected => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const r = v as Record<string, unknown>;
      const extra = Object.keys(r).filter((x) => x !== 'min' && x !== 'max');
      if (extra.length === 0 && (r.min === undefined || typeof r.min === 'number') && (r.max === undefined || typeof r.max === 'number') && (r.min !== undefined || r.max !== undefined)) {
        if (r.min !== undefined && r.max !== undefined && (r.min as number) > (r.max as number)) return fail(keyNode(k, map), `${k}: min ${r.min as number} is more than max ${r.max as number}`);
        return r as Expected;
      }
    }
    return fail(keyNode(k, map), `${k} must be a number or { min, max } (numbers), got ${JSON.stringify(v)}`);
  };
  const name = (k: string): string => {
    const v = obj[k];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    return fail(keyNode(k), `${k} names a resource (construct id, construct path, logical id or physical name), got ${JSON.stringify(v)}`);
  };
  const counts = (keys: readonly string[], skip: readonly string[], what: string): Record<string, Expected> => {
    const out: Record<string, Expected> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (skip.includes(k)) continue;
      if (!keys.includes(k)) fail(keyOf(k), `unknown ${what} '${k}'; it has ${keys.join(', ')}`);
      out[k] = expected(k, v);
    }
    if (Object.keys(out).length === 0) fail(node, `this check checks nothing: name one or more of ${keys.join(', ')}`);
    return out;
  };
  if ('inputs' in obj) {
    const v = obj.inputs;
    const inputsNode = node.get('inputs', true);
    if (!isMap(inputsNode)) return fail(keyNode('inputs'), `inputs takes a mapping of dispositions (${DISPOSITION_KEYS.join(', ')}) to counts`);
    for (const k of Object.keys(obj)) if (k !== 'inputs') fail(keyOf(k), `unknown key '${k}' in an inputs check; it has only inputs: { ${DISPOSITION_KEYS.join(', ')}, total, source }`);
    const out: Record<string, Expected> = {};
    let source: string | undefined;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'source') {
        if (typeof x !== 'string' && typeof x !== 'number') fail(keyNode('source', inputsNode), `source names a resource (construct id, construct path, logical id or physical name), got ${JSON.stringify(x)}`);
        source = String(x);
        continue;
      }
      if (!(DISPOSITION_KEYS as readonly string[]).includes(k) && k !== 'total') fail(keyOf(k, inputsNode), `unknown disposition '${k}'; inputs has ${DISPOSITION_KEYS.join(', ')}, total (and source to count the inputs of one resource)`);
      out[k] = expected(k, x, inputsNode);
    }
    if (Object.keys(out).length === 0) fail(inputsNode, `this check checks nothing: name one or more of ${DISPOSITION_KEYS.join(', ')}, total`);
    return { kind: 'inputs', ...(source !== undefined ? { source } : {}), counts: out, where };
  }
  if ('queue' in obj) return { kind: 'queue', queue: name('queue'), counts: counts(QUEUE_KEYS, ['queue'], 'queue count'), where };
  if ('function' in obj) return { kind: 'function', function: name('function'), counts: counts(FUNCTION_KEYS, ['function'], 'function metric'), where };
  if ('http' in obj) {
    for (const k of Object.keys(obj)) if (!['http', 'status', 'count'].includes(k)) fail(keyOf(k), `unknown key '${k}' in an http check; it has http (a request's index from 0, or 'all'), status, count`);
    const h = obj.http;
    if (h !== 'all' && (typeof h !== 'number' || !Number.isInteger(h) || h < 0)) return fail(keyNode('http'), `http is the index of a request (0, 1, ...) or 'all', got ${JSON.stringify(h)}`);
    const status = obj.status;
    if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)) fail(keyNode('status'), `status must be an HTTP status (100-599), got ${JSON.stringify(status)}`);
    if (typeof h === 'number' && obj.count !== undefined) fail(keyOf('count'), `count counts requests of http: all; a check of request ${h} has its status`);
    return { kind: 'http', ...(typeof h === 'number' ? { request: h } : {}), ...(status !== undefined ? { status: status as number } : {}), ...(obj.count !== undefined ? { count: expected('count', obj.count) } : {}), where };
  }
  if ('simulatedSeconds' in obj) {
    for (const k of Object.keys(obj)) if (k !== 'simulatedSeconds') fail(keyOf(k), `unknown key '${k}' in a simulatedSeconds check; it has only simulatedSeconds`);
    return { kind: 'simulatedSeconds', expected: expected('simulatedSeconds', obj.simulatedSeconds), where };
  }
  return fail(node, `unknown check with ${Object.keys(obj).join(', ') || 'no keys'}; a check names inputs, queue, function, http or simulatedSeconds`);
}
