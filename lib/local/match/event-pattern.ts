/**
 * EventBridge event patterns, as the local simulator applies them to events on a bus, to Lambda
 * event source mapping `FilterCriteria` and (through `filter-policy.ts`) to SNS filter policies.
 *
 * Semantics follow the EventBridge user guide ("Content filtering in Amazon EventBridge event
 * patterns", "Arrays in event patterns", "Matching null values and empty strings") and, where the
 * guide is silent, the open-source matcher EventBridge runs on (aws/event-ruler):
 *
 * - A pattern is an object. Its fields are ANDed; a field's value is either an array of
 *   alternatives (ORed) to match against the event's value there, or an object of nested fields.
 *   Any other field value (a string, a number, `true`, `null`) makes the pattern invalid, and so
 *   do empty arrays and empty nested objects. An empty top-level pattern (`{}`) matches every
 *   event.
 * - Alternatives: exact values (strings, numbers, booleans, `null`; `null` and `""` are distinct),
 *   `prefix` / `suffix` (a string, or `{ "equals-ignore-case": string }`), `equals-ignore-case`,
 *   `wildcard` (`*` for any run of characters, `\*` and `\\` for a literal `*` and `\`, no `**`),
 *   `anything-but` (a string, a number, a list of only strings or only numbers, or
 *   `{ prefix | suffix | wildcard | equals-ignore-case: string or list of strings }`), `numeric`
 *   (`["=", n]`, `[">" | ">=", n]`, `["<" | "<=", n]` or `[">" | ">=", low, "<" | "<=", high]`),
 *   `exists: true | false` and `cidr` (IPv4 or IPv6, `address/bits`).
 * - `$or`: an array of at least two non-empty objects at any level; the level matches when its
 *   other fields match and any of the objects does. Inside `$or` objects, operator names
 *   (`prefix`, `numeric`, ...) may not be used as field names.
 * - Numbers compare as numbers: `300` and `3.0e2` are equal. Numeric operands must lie in
 *   -5.0e9..5.0e9 with at most six digits after the decimal point; an event value outside that
 *   range never satisfies `numeric`.
 * - String operators (`prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `cidr`) only match
 *   string values; `numeric` only numbers. `anything-but` matches any present value except those
 *   it names: a number, `true` or `null` satisfies `{ "anything-but": "x" }`. A field that is
 *   absent never satisfies an `anything-but`.
 * - Arrays in the event: a leaf matches when any element does. A nested pattern over an array of
 *   objects matches when one element matches the whole nested pattern (array consistency: two
 *   fields never match from different elements of the same array).
 * - `exists` looks at leaf values only: a field whose value is an object (or an empty array)
 *   does not "exist" for `exists: true` and satisfies `exists: false`. `null` exists.
 */
import { LambdaformError } from '../../core/errors.js';

/** A leaf value of an event: what JSON has besides objects and arrays. */
export type Leaf = string | number | boolean | null;

/** Which operators a pattern may use: EventBridge (and Lambda), or an SNS filter policy by scope. */
export type PatternDialect = 'eventbridge' | 'sns-attributes' | 'sns-body';

/** How a root-level field of the event is seen: is it there, and its leaf values. */
export interface FieldView {
  readonly present: boolean;
  readonly values: readonly Leaf[];
}

/** Options of {@link compilePattern}. */
export interface CompileOptions {
  /** Which operators are allowed. @default 'eventbridge' */
  readonly dialect?: PatternDialect;
  /** What the pattern is called in messages. @default 'event pattern' */
  readonly label?: string;
}

/** A checked pattern, ready to match many events. */
export interface CompiledPattern {
  /** True when the pattern has no fields (it matches everything). */
  readonly empty: boolean;
  /**
   * Whether `event` matches. `rootField`, when given, replaces the lookup of top-level fields
   * (SNS message attributes); `strictFormat` names top-level keys whose pattern and event value
   * must agree in format (a JSON pattern for a JSON value, a list of values for a plain string),
   * as Lambda requires for an SQS `body`.
   */
  matches(event: unknown, hooks?: MatchHooks): boolean;
}

/** See {@link CompiledPattern.matches}. */
export interface MatchHooks {
  readonly rootField?: (key: string) => FieldView;
  readonly strictFormat?: ReadonlySet<string>;
}

const CODE = 'local-bad-pattern';

// ----- public API -------------------------------------------------------------------------------

/**
 * Whether `event` matches the EventBridge event `pattern` (an object, as parsed from JSON).
 * Throws a LambdaformError (code `local-bad-pattern`) when the pattern is not valid.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileCached(pattern, 'eventbridge').matches(event);
}

/** What is wrong with an EventBridge event pattern, or undefined when it is valid. */
export function checkEventPattern(pattern: unknown): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof LambdaformError) return e.detail;
    throw e;
  }
}

/**
 * Whether a record passes a Lambda event source mapping's `FilterCriteria`: it does when it
 * matches any of the filters (they are ORed); no filters let every record through. Each filter is
 * an event pattern object, its JSON text, or the API's `{ Pattern: "<json>" }`.
 *
 * The record is given in the shape the filter applies to. For SQS that is
 * `{ body, attributes, messageAttributes, ... }` where `body` is the parsed message body when it
 * is JSON (an object or array) and the raw string otherwise. As Lambda documents for SQS, the
 * format of `body` in a filter must agree with the message: a filter with nested `body` fields
 * (JSON) never matches a plain-string body, and a filter listing values for `body` (plain string)
 * never matches a JSON body; a filter without `body` looks only at the other fields. For Kinesis
 * (`data`) and DynamoDB (`dynamodb`) pass the decoded data: a nested pattern never matches a
 * non-JSON value.
 *
 * Throws a LambdaformError (code `local-bad-pattern`) when a filter is not a valid pattern.
 */
export function matchesFilterCriteria(filters: readonly unknown[], record: unknown): boolean {
  if (filters.length === 0) return true;
  const compiled = filters.map((f, i) => {
    const text = isPlainObject(f) && Object.keys(f).length === 1 && typeof f['Pattern'] === 'string' ? f['Pattern'] : f;
    if (typeof text !== 'string') return compileCached(text, 'eventbridge');
    let hit = textCache.get(text);
    if (!hit) {
      hit = compilePattern(parseFilter(text, i));
      if (textCache.size >= 1000) textCache.clear();
      textCache.set(text, hit);
    }
    return hit;
  });
  return compiled.some((c) => c.matches(record, SQS_HOOKS));
}

/** Filters given as JSON text, compiled (a simulation matches the same few filters many times). */
const textCache = new Map<string, CompiledPattern>();

const SQS_HOOKS: MatchHooks = { strictFormat: new Set(['body']) };

/** The pattern in the JSON text of one FilterCriteria filter. */
function parseFilter(text: string, index: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LambdaformError(undefined, `filter ${index + 1} is not valid JSON: ${clip(text)}; a filter pattern is a JSON object such as {"body": {"status": ["done"]}}`, CODE);
  }
}

// ----- compiling --------------------------------------------------------------------------------

type ValueTest = (v: Leaf) => boolean;

type Alternative = { readonly kind: 'value'; readonly test: ValueTest } | { readonly kind: 'exists'; readonly want: boolean };

interface FieldNode {
  readonly key: string;
  /** Alternatives for a leaf field; undefined for a nested one. */
  readonly alternatives?: readonly Alternative[];
  /** Nested fields; undefined for a leaf field. */
  readonly nested?: ObjectNode;
}

interface ObjectNode {
  readonly fields: readonly FieldNode[];
  /** Each `$or`: the objects of which one must match. */
  readonly ors: readonly (readonly ObjectNode[])[];
}

const cache: Record<PatternDialect, WeakMap<object, CompiledPattern>> = {
  eventbridge: new WeakMap(),
  'sns-attributes': new WeakMap(),
  'sns-body': new WeakMap(),
};

/** {@link compilePattern}, remembering the result per pattern object. */
export function compileCached(pattern: unknown, dialect: PatternDialect, label?: string): CompiledPattern {
  if (typeof pattern !== 'object' || pattern === null) return compilePattern(pattern, { dialect, ...(label ? { label } : {}) });
  const hit = cache[dialect].get(pattern);
  if (hit) return hit;
  const compiled = compilePattern(pattern, { dialect, ...(label ? { label } : {}) });
  cache[dialect].set(pattern, compiled);
  return compiled;
}

/**
 * Checks `pattern` and turns it into a matcher. Throws a LambdaformError (code
 * `local-bad-pattern`, or `local-bad-filter-policy` for the SNS dialects) naming the bad value
 * and what is allowed.
 */
export function compilePattern(pattern: unknown, options: CompileOptions = {}): CompiledPattern {
  const dialect = options.dialect ?? 'eventbridge';
  const ctx: Ctx = { dialect, label: options.label ?? (dialect === 'eventbridge' ? 'event pattern' : 'filter policy'), code: dialect === 'eventbridge' ? CODE : 'local-bad-filter-policy' };
  if (!isPlainObject(pattern)) fail(ctx, `must be a JSON object of fields, got ${show(pattern)}`);
  const empty = Object.keys(pattern).length === 0;
  const root: ObjectNode = empty ? { fields: [], ors: [] } : compileObject(ctx, pattern, [], false);
  return {
    empty,
    matches: (event, hooks) => matchLevel(root, event, hooks, true),
  };
}

interface Ctx {
  readonly dialect: PatternDialect;
  readonly label: string;
  readonly code: string;
}

function fail(ctx: Ctx, message: string): never {
  throw new LambdaformError(undefined, `${ctx.label} ${message}`, ctx.code);
}

/** Operator names: not usable as field names inside `$or` (event-ruler's reserved names). */
const RESERVED = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

function compileObject(ctx: Ctx, obj: Record<string, unknown>, path: readonly string[], insideOr: boolean): ObjectNode {
  const keys = Object.keys(obj);
  if (keys.length === 0) fail(ctx, `field "${path.join('.')}" is an empty object: nested fields need at least one field`);
  const fields: FieldNode[] = [];
  const ors: ObjectNode[][] = [];
  for (const key of keys) {
    const value = obj[key];
    if (key === '$or') {
      ors.push(compileOr(ctx, value, path));
      continue;
    }
    const here = [...path, key];
    if (insideOr && RESERVED.has(key)) fail(ctx, `uses "${key}" as a field name inside $or at "${here.join('.')}": operator names cannot be field names there`);
    if (Array.isArray(value)) {
      fields.push({ key, alternatives: compileAlternatives(ctx, value, here) });
    } else if (isPlainObject(value)) {
      if (ctx.dialect === 'sns-attributes') fail(ctx, `nests fields under "${here.join('.')}": a policy on message attributes names attributes at the top level only (use the MessageBody scope to filter on nested fields)`);
      fields.push({ key, nested: compileObject(ctx, value, here, insideOr) });
    } else {
      fail(ctx, `field "${here.join('.')}" has ${show(value)}: a field's value must be an array of values to match (e.g. [${show(value)}]) or an object of nested fields`);
    }
  }
  return { fields, ors };
}

function compileOr(ctx: Ctx, value: unknown, path: readonly string[]): ObjectNode[] {
  const where = path.length > 0 ? ` under "${path.join('.')}"` : '';
  if (!Array.isArray(value)) fail(ctx, `has $or${where} set to ${show(value)}: $or takes an array of at least two objects of fields`);
  if (value.length < 2) fail(ctx, `has $or${where} with ${value.length} object(s): $or takes an array of at least two objects of fields`);
  return value.map((branch, i) => {
    if (!isPlainObject(branch)) fail(ctx, `has $or${where} whose item ${i + 1} is ${show(branch)}: each item of $or must be an object of fields`);
    if (Object.keys(branch).length === 0) fail(ctx, `has $or${where} whose item ${i + 1} is an empty object: each item of $or needs at least one field`);
    return compileObject(ctx, branch, path, true);
  });
}

function compileAlternatives(ctx: Ctx, values: readonly unknown[], path: readonly string[]): Alternative[] {
  const where = `field "${path.join('.')}"`;
  if (values.length === 0) fail(ctx, `${where} has an empty array: list at least one value or operator`);
  return values.map((v) => {
    if (v === null || typeof v === 'boolean') return { kind: 'value', test: (x: Leaf) => x === v };
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(ctx, `${where} has the number ${String(v)}: numbers must be finite`);
      return { kind: 'value', test: (x: Leaf) => x === v };
    }
    if (typeof v === 'string') return { kind: 'value', test: exactString(v) };
    if (isPlainObject(v)) return compileOperator(ctx, v, where);
    return fail(ctx, `${where} has ${show(v)} in its list: list items are strings, numbers, true, false, null or an operator object such as {"prefix": "abc"}`);
  });
}

const OPERATORS: Record<PatternDialect, readonly string[]> = {
  eventbridge: ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'],
  'sns-attributes': ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr'],
  'sns-body': ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr'],
};

function compileOperator(ctx: Ctx, op: Record<string, unknown>, where: string): Alternative {
  const keys = Object.keys(op);
  const allowed = OPERATORS[ctx.dialect];
  if (keys.length !== 1) fail(ctx, `${where} has ${show(op)}: an operator object has exactly one key, one of ${allowed.join(', ')}`);
  const name = keys[0]!;
  const arg = op[name];
  if (!allowed.includes(name)) {
    const known = OPERATORS.eventbridge.includes(name);
    fail(ctx, `${where} uses ${known ? 'the operator' : 'the unknown operator'} "${name}"${known ? ', which SNS filter policies do not support' : ''}; allowed: ${allowed.join(', ')}`);
  }
  const sns = ctx.dialect !== 'eventbridge';
  switch (name) {
    case 'prefix':
    case 'suffix': {
      const test = name === 'prefix' ? (s: string, p: string) => s.startsWith(p) : (s: string, p: string) => s.endsWith(p);
      if (typeof arg === 'string') return { kind: 'value', test: (x) => typeof x === 'string' && test(x, arg) };
      if (!sns && isPlainObject(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string') {
        const p = fold(arg['equals-ignore-case']);
        return { kind: 'value', test: (x) => typeof x === 'string' && test(fold(x), p) };
      }
      return fail(ctx, `${where} has ${show(op)}: ${name} takes a string${sns ? '' : ` or {"equals-ignore-case": string}`}`);
    }
    case 'equals-ignore-case': {
      if (typeof arg !== 'string') fail(ctx, `${where} has ${show(op)}: equals-ignore-case takes a string`);
      const p = fold(arg);
      return { kind: 'value', test: (x) => typeof x === 'string' && fold(x) === p };
    }
    case 'wildcard': {
      if (typeof arg !== 'string') fail(ctx, `${where} has ${show(op)}: wildcard takes a string`);
      const w = parseWildcard(ctx, arg, where);
      return { kind: 'value', test: (x) => typeof x === 'string' && w(x) };
    }
    case 'exists':
      if (typeof arg !== 'boolean') fail(ctx, `${where} has ${show(op)}: exists takes true or false`);
      return { kind: 'exists', want: arg };
    case 'cidr': {
      if (typeof arg !== 'string') fail(ctx, `${where} has ${show(op)}: cidr takes a string such as "10.0.0.0/24"`);
      const range = parseCidr(arg);
      if (typeof range === 'string') fail(ctx, `${where} has the cidr ${show(arg)}: ${range}`);
      return { kind: 'value', test: (x) => typeof x === 'string' && inRange(x, range) };
    }
    case 'numeric':
      return { kind: 'value', test: compileNumeric(ctx, arg, where) };
    case 'anything-but':
      return { kind: 'value', test: compileAnythingBut(ctx, arg, where) };
    default:
      return fail(ctx, `${where} uses the unknown operator "${name}"`);
  }
}

/** Number limits of `numeric` and numeric `anything-but` operands, by dialect. */
function numberLimits(ctx: Ctx): { readonly max: number; readonly decimals: number } {
  // EventBridge (event-ruler): -5.0e9..5.0e9, six decimals. SNS: -1e9..1e9, five decimals.
  return ctx.dialect === 'eventbridge' ? { max: 5e9, decimals: 6 } : { max: 1e9, decimals: 5 };
}

function checkOperand(ctx: Ctx, n: unknown, where: string, what: string): number {
  const { max, decimals } = numberLimits(ctx);
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(ctx, `${where} has ${what} ${show(n)}: it must be a number`);
  if (Math.abs(n) > max || decimalPlaces(n) > decimals) {
    fail(ctx, `${where} has ${what} ${show(n)}: numbers must be between -${max.toExponential(1)} and ${max.toExponential(1)} with at most ${decimals} digits after the decimal point`);
  }
  return n;
}

function compileNumeric(ctx: Ctx, arg: unknown, where: string): ValueTest {
  const forms = `["=", n], [">", n], [">=", n], ["<", n], ["<=", n] or [">"|">=", low, "<"|"<=", high]`;
  if (!Array.isArray(arg)) fail(ctx, `${where} has {"numeric": ${show(arg)}}: numeric takes ${forms}`);
  const bad = () => fail(ctx, `${where} has {"numeric": ${show(arg)}}: numeric takes ${forms}`);
  const { max } = numberLimits(ctx);
  const comparable = (x: Leaf): x is number => typeof x === 'number' && Math.abs(x) <= max;
  const op0 = arg[0];
  if (arg.length === 2) {
    const n = checkOperand(ctx, arg[1], where, `the numeric operand`);
    switch (op0) {
      case '=': return (x) => comparable(x) && x === n;
      case '<': return (x) => comparable(x) && x < n;
      case '<=': return (x) => comparable(x) && x <= n;
      case '>': return (x) => comparable(x) && x > n;
      case '>=': return (x) => comparable(x) && x >= n;
      default: return bad();
    }
  }
  if (arg.length === 4) {
    const [, lowRaw, op1, highRaw] = arg;
    if ((op0 !== '>' && op0 !== '>=') || (op1 !== '<' && op1 !== '<=')) return bad();
    const low = checkOperand(ctx, lowRaw, where, 'the lower bound');
    const high = checkOperand(ctx, highRaw, where, 'the upper bound');
    if (low >= high) fail(ctx, `${where} has {"numeric": ${show(arg)}}: the lower bound must be less than the upper bound`);
    const lowOk = op0 === '>' ? (x: number) => x > low : (x: number) => x >= low;
    const highOk = op1 === '<' ? (x: number) => x < high : (x: number) => x <= high;
    return (x) => comparable(x) && lowOk(x) && highOk(x);
  }
  return bad();
}

function compileAnythingBut(ctx: Ctx, arg: unknown, where: string): ValueTest {
  const sns = ctx.dialect !== 'eventbridge';
  const forms = sns
    ? `a string, a number, a list of only strings or only numbers, or {"prefix": string}`
    : `a string, a number, a list of only strings or only numbers, or {"prefix" | "suffix" | "wildcard" | "equals-ignore-case": string or list of strings}`;
  const bad = (why = ''): never => fail(ctx, `${where} has {"anything-but": ${show(arg)}}: ${why}anything-but takes ${forms}`);
  if (typeof arg === 'string') return (x) => x !== arg;
  if (typeof arg === 'number') {
    const n = checkOperand(ctx, arg, where, 'the anything-but number');
    return (x) => x !== n;
  }
  if (Array.isArray(arg)) {
    if (arg.length === 0) bad('the list is empty; ');
    if (arg.every((v) => typeof v === 'string')) {
      const set = new Set<Leaf>(arg as string[]);
      return (x) => !set.has(x);
    }
    if (arg.every((v) => typeof v === 'number')) {
      const set = new Set<Leaf>(arg.map((v) => checkOperand(ctx, v, where, 'the anything-but number')));
      return (x) => !(typeof x === 'number' && set.has(x));
    }
    return bad('the list mixes types or has values other than strings and numbers; ');
  }
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1) return bad();
    const inner = keys[0]!;
    const allowedInner = sns ? ['prefix'] : ['prefix', 'suffix', 'wildcard', 'equals-ignore-case'];
    if (!allowedInner.includes(inner)) return bad(`"${inner}" cannot be used inside anything-but${sns ? ' in an SNS filter policy' : ''}; `);
    const raw = arg[inner];
    let list: string[] | undefined;
    if (typeof raw === 'string') list = [raw];
    else if (!sns && Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'string')) list = raw as string[];
    if (!list) return bad(`${inner} inside anything-but takes ${sns ? 'a string' : 'a string or a non-empty list of strings'}; `);
    if ((inner === 'prefix' || inner === 'suffix') && list.some((s) => s === '')) return bad(`an empty ${inner} cannot be excluded; `);
    let excluded: (s: string) => boolean;
    switch (inner) {
      case 'prefix':
        excluded = (s) => list.some((p) => s.startsWith(p));
        break;
      case 'suffix':
        excluded = (s) => list.some((p) => s.endsWith(p));
        break;
      case 'wildcard': {
        const ws = list.map((w) => parseWildcard(ctx, w, where));
        excluded = (s) => ws.some((w) => w(s));
        break;
      }
      default: {
        const folded = new Set(list.map(fold));
        excluded = (s) => folded.has(fold(s));
      }
    }
    return (x) => !(typeof x === 'string' && excluded(x));
  }
  return bad();
}

/** An exact string; a string that is an IP address also matches other spellings of the address. */
function exactString(p: string): ValueTest {
  const ip = parseIp(p);
  if (!ip) return (x) => x === p;
  return (x) => {
    if (x === p) return true;
    if (typeof x !== 'string') return false;
    const other = parseIp(x);
    return other !== undefined && other.length === ip.length && compareBytes(other, ip) === 0;
  };
}

/** Case folding for the `equals-ignore-case` family. */
function fold(s: string): string {
  return s.toLowerCase();
}

/** A `wildcard` value as a test: `*` any run of characters, `\*` a star, `\\` a backslash. */
function parseWildcard(ctx: Ctx, w: string, where: string): (s: string) => boolean {
  const parts: string[] = [''];
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    if (c === '\\') {
      const next = w[i + 1];
      if (next !== '*' && next !== '\\') fail(ctx, `${where} has the wildcard ${show(w)}: a backslash may only escape * or \\`);
      parts[parts.length - 1] += next;
      i++;
    } else if (c === '*') {
      if (w[i + 1] === '*') fail(ctx, `${where} has the wildcard ${show(w)}: consecutive * are not allowed`);
      parts.push('');
    } else {
      parts[parts.length - 1] += c;
    }
  }
  if (parts.length === 1) {
    const only = parts[0]!;
    return (s) => s === only;
  }
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1);
  return (s) => {
    if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
    let pos = first.length;
    const end = s.length - last.length;
    for (const m of middle) {
      const at = s.indexOf(m, pos);
      if (at < 0 || at + m.length > end) return false;
      pos = at + m.length;
    }
    return true;
  };
}

// ----- IP addresses -----------------------------------------------------------------------------

interface IpRange {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** The bytes of an IPv4 (4) or IPv6 (16) address literal, or undefined. */
function parseIp(s: string): number[] | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const bytes = s.split('.').map(Number);
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  }
  if (!/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** A `cidr` value as a range, or what is wrong with it. */
function parseCidr(s: string): IpRange | string {
  const parts = s.split('/');
  if (parts.length !== 2) return 'a CIDR block is an address and a prefix length, such as "10.0.0.0/24" or "2001:db8::/32"';
  const ip = parseIp(parts[0]!);
  if (!ip) return `${show(parts[0])} is not an IPv4 or IPv6 address`;
  if (!/^\d+$/.test(parts[1]!)) return 'the prefix length must be a whole number';
  const bits = Number(parts[1]);
  // event-ruler refuses a full-length mask: IPv4 takes 0-31 bits, IPv6 0-127.
  const maxBits = ip.length === 4 ? 31 : 127;
  if (bits > maxBits) return `the prefix length must be 0-${maxBits} for ${ip.length === 4 ? 'IPv4' : 'IPv6'}, got ${bits}`;
  let hostBits = ip.length * 8 - bits;
  const high = [...ip];
  for (let i = high.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) high[i] = high[i]! | (hostBits >= 8 ? 0xff : (1 << hostBits) - 1);
  // As event-ruler: the range runs from the address as written to the top of its block.
  return { low: ip, high };
}

function inRange(s: string, range: IpRange): boolean {
  const ip = parseIp(s);
  return ip !== undefined && ip.length === range.low.length && compareBytes(ip, range.low) >= 0 && compareBytes(ip, range.high) <= 0;
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

// ----- matching ---------------------------------------------------------------------------------

/** Matches one level of the pattern against `value` (an object, an array of them, or anything). */
function matchLevel(node: ObjectNode, value: unknown, hooks: MatchHooks | undefined, root: boolean): boolean {
  if (Array.isArray(value) && !(root && hooks?.rootField)) {
    const objects: Record<string, unknown>[] = [];
    collectObjects(value, objects);
    if (objects.length > 0) return objects.some((o) => matchObject(node, o, hooks, root));
    return matchObject(node, undefined, hooks, root);
  }
  return matchObject(node, isPlainObject(value) ? value : undefined, hooks, root);
}

function matchObject(node: ObjectNode, obj: Record<string, unknown> | undefined, hooks: MatchHooks | undefined, root: boolean): boolean {
  for (const field of node.fields) if (!matchField(field, obj, hooks, root)) return false;
  for (const branches of node.ors) if (!branches.some((b) => matchObject(b, obj, hooks, root))) return false;
  return true;
}

function matchField(field: FieldNode, obj: Record<string, unknown> | undefined, hooks: MatchHooks | undefined, root: boolean): boolean {
  if (root && hooks?.rootField) {
    const view = hooks.rootField(field.key);
    return field.alternatives ? matchAlternatives(field.alternatives, view.present, view.values) : false;
  }
  const raw = obj !== undefined && Object.hasOwn(obj, field.key) ? obj[field.key] : undefined;
  if (root && raw !== undefined && hooks?.strictFormat?.has(field.key)) {
    // Lambda (SQS body): a JSON pattern needs a JSON value, a plain-string pattern a plain string.
    if (field.nested ? typeof raw === 'string' : typeof raw === 'object' && raw !== null) return false;
  }
  if (field.nested) return matchLevel(field.nested, raw, undefined, false);
  const values: Leaf[] = [];
  collectLeaves(raw, values);
  return matchAlternatives(field.alternatives!, values.length > 0, values);
}

function matchAlternatives(alternatives: readonly Alternative[], present: boolean, values: readonly Leaf[]): boolean {
  return alternatives.some((a) => (a.kind === 'exists' ? a.want === present : values.some(a.test)));
}

/** The leaf values at a field: the value itself, or the leaves of an array (at any depth). */
function collectLeaves(v: unknown, out: Leaf[]): void {
  if (v === undefined) return;
  if (Array.isArray(v)) {
    for (const e of v) collectLeaves(e, out);
  } else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    out.push(v);
  }
}

function collectObjects(v: readonly unknown[], out: Record<string, unknown>[]): void {
  for (const e of v) {
    if (Array.isArray(e)) collectObjects(e, out);
    else if (isPlainObject(e)) out.push(e);
  }
}

// ----- helpers ----------------------------------------------------------------------------------

/** @internal */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Digits after the decimal point of `n` as JSON would write it shortest. */
function decimalPlaces(n: number): number {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(Math.abs(n).toString());
  if (!m) return 0;
  return Math.max(0, (m[2]?.length ?? 0) - Number(m[3] ?? 0));
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return clip(s);
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
