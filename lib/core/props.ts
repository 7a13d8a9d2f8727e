/**
 * Declarative descriptions of construct props, checked in one place.
 *
 * Plain JavaScript apps get no type checker: `memorySize: 512`, `timeout: 30`,
 * `EventType.OBJECT_CREATE` (undefined), a misspelt `batchSzie`. Each construct describes its
 * props once (`P.duration({ limit: LIMITS.function.timeout })`, ...) and `checkProps` reports
 * every problem of the construct at once, each with a stable code, the property, the value given
 * and what is allowed — the same `Problem` shape the linter reports.
 *
 * Checks run in two rounds: first the types (wrong type, unknown or missing property); only when
 * the types are right, the values (ranges, lengths, forms), so a range check never sees a value
 * of the wrong type.
 */
import { closest, distance } from 'fastest-levenshtein';
import { CDK_UNSUPPORTED } from './cdk-unsupported.js';
import { Duration } from './duration.js';
import type { Problem } from './errors.js';
import { Size } from './size.js';
import { Token } from './tokens.js';
import { rangeMessage, rangeText, textProblem, type Limit, type TextLimit } from '../model/defaults.js';

/** Where a value sits, for messages: the construct path and the property path (`deadLetterQueue.maxReceiveCount`). */
interface At {
  readonly path: string;
  readonly property: string;
}

/** The description of one property. */
export interface Spec {
  /** The expected form, in words, for type messages: "a Duration such as Duration.seconds(30)". */
  readonly expected: string;
  readonly required: boolean;
  /** Type problems of a value (not undefined). */
  types(value: unknown, at: At): Problem[];
  /** Value problems of a value whose type is right (not undefined). */
  values(value: unknown, at: At): Problem[];
}

/** Options every spec takes. */
interface Common {
  /** The property must be given. @default false */
  readonly required?: boolean;
}

const problem = (code: string, at: At, message: string, value?: unknown, allowed?: string): Problem => ({
  code,
  path: at.path,
  property: at.property,
  ...(value !== undefined ? { value: shortValue(value) } : {}),
  ...(allowed !== undefined ? { allowed } : {}),
  message,
});

/** How a value of the wrong type is named in messages: "the number 30", "a Size", "undefined". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `the string '${v.length > 60 ? `${v.slice(0, 60)}...` : v}'`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'function') return `a function${v.name ? ` (${v.name})` : ''}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v instanceof Date) return `the Date ${Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()}`;
  const name = (v as object).constructor?.name;
  if (!name || name === 'Object') return `an object with keys ${Object.keys(v).join(', ') || '(none)'}`;
  return `${article(name)} ${name}`;
}

/** 'an' before a vowel, else 'a'. */
function article(word: string): string {
  return /^[AEIOUaeiou]/.test(word) ? 'an' : 'a';
}

function shortValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return describeValue(v);
}

function typeProblem(at: At, expected: string, value: unknown): Problem {
  return problem('wrong-type', at, `${at.property} expects ${expected}, got ${describeValue(value)}`, value, expected);
}

/**
 * A deploy-time number (`param.valueAsNumber`) where lambdaform needs the number itself: it checks
 * it against AWS's limits, the local runtime runs with it, lint reasons about it.
 */
function numberTokenProblem(at: At): Problem {
  return problem(
    'token-not-allowed',
    at,
    `${at.property} cannot be a deploy-time number (a token such as a CfnParameter's valueAsNumber): lambdaform checks it against AWS's limits and runs it locally before deploy; give a literal number, or set the template property itself with addPropertyOverride`,
  );
}

function make(expected: string, opts: Common, types: Spec['types'], values: Spec['values'] = () => []): Spec {
  return { expected, required: opts.required ?? false, types, values };
}

/** A range problem with the value and what is allowed: the one form every limit message takes. */
export function rangeProblem(path: string, property: string, limit: Pick<Limit, 'min' | 'max' | 'unit'>, value: number | string): Problem {
  return outOfRange({ path, property }, limit, value);
}

function outOfRange(at: At, limit: Pick<Limit, 'min' | 'max' | 'unit'>, shown: number | string): Problem {
  return problem('out-of-range', at, rangeMessage(at.property, limit, shown), shown, rangeText(limit));
}

function limitProblems(at: At, value: number, limit: Limit): Problem[] {
  return !Number.isFinite(value) || value < limit.min || value > limit.max ? [outOfRange(at, limit, value)] : [];
}

const DURATION_UNITS = {
  milliseconds: (d: Duration) => d.toMilliseconds(),
  seconds: (d: Duration) => d.toSeconds(),
  minutes: (d: Duration) => d.toMinutes(),
  hours: (d: Duration) => d.toHours(),
} as const;

/** The property specs. */
export const P = {
  /** A string; with `text`, checked against its length and form (tokens skip the checks). */
  string(opts: Common & { readonly text?: TextLimit; readonly tokens?: boolean } = {}): Spec {
    return make('a string', opts, (v, at) => (typeof v === 'string' ? [] : [typeProblem(at, 'a string', v)]), (v, at) => {
      const s = v as string;
      if (Token.isUnresolved(s)) return [];
      const message = opts.text && textProblem(at.property, s, opts.text);
      return message ? [problem(opts.text!.pattern ? 'invalid-format' : 'too-long', at, message, s, `${opts.text!.minLength}-${opts.text!.maxLength} characters`)] : [];
    });
  },

  /** One of the given strings. */
  oneOf(values: readonly string[], opts: Common = {}): Spec {
    const expected = `one of ${values.map((v) => `'${v}'`).join(', ')}`;
    return make(expected, opts, (v, at) => (typeof v === 'string' && values.includes(v) ? [] : [typeProblem(at, expected, v)]));
  },

  boolean(opts: Common = {}): Spec {
    return make('true or false', opts, (v, at) => (typeof v === 'boolean' ? [] : [typeProblem(at, 'true or false', v)]));
  },

  /** A number; with `limit`, in its range (and whole when the limit says so). */
  number(opts: Common & { readonly limit?: Limit; readonly integer?: boolean } = {}): Spec {
    const integer = opts.integer ?? opts.limit?.integer ?? false;
    const expected = integer ? 'a whole number' : 'a number';
    return make(expected, opts, (v, at) => (typeof v === 'number' && Token.isUnresolved(v) ? [numberTokenProblem(at)] : typeof v === 'number' && !Number.isNaN(v) ? [] : [typeProblem(at, expected, v)]), (v, at) => {
      const n = v as number;
      if (integer && Number.isFinite(n) && !Number.isInteger(n)) {
        return [problem('not-an-integer', at, `${at.property} must be a whole number${opts.limit?.unit ? ` of ${opts.limit.unit}` : ''}, got ${n}`, n)];
      }
      return opts.limit ? limitProblems(at, n, opts.limit) : [];
    });
  },

  /** A `Duration`; with `limit`, a whole number of the limit's unit in its range. */
  duration(opts: Common & { readonly limit?: Limit; readonly example?: string } = {}): Spec {
    const expected = `a Duration such as ${opts.example ?? 'Duration.seconds(30)'}`;
    return make(expected, opts, (v, at) => (v instanceof Duration ? [] : [typeProblem(at, expected, v)]), (v, at) => {
      const limit = opts.limit;
      if (!limit) return [];
      const d = v as Duration;
      const unit = (limit.unit in DURATION_UNITS ? limit.unit : 'seconds') as keyof typeof DURATION_UNITS;
      const n = DURATION_UNITS[unit](d);
      if (limit.integer && !Number.isInteger(n)) {
        return [problem('not-an-integer', at, `${at.property} must be a whole number of ${unit}, got ${d.toHumanString()}`, d.toHumanString())];
      }
      return limitProblems(at, n, limit);
    });
  },

  /**
   * A `Size`; with `limit`, a whole number of the limit's unit (MiB or bytes) in its range. With
   * `numberIs: 'MiB'` a plain number is taken as MiB too (CDK's `memorySize: 512`).
   */
  size(opts: Common & { readonly limit?: Limit; readonly numberIsMebibytes?: boolean; readonly example?: string } = {}): Spec {
    const expected = `a Size such as ${opts.example ?? 'Size.mebibytes(512)'}${opts.numberIsMebibytes ? ' or a number of MiB' : ''}`;
    return make(
      expected,
      opts,
      (v, at) => (opts.numberIsMebibytes && typeof v === 'number' && Token.isUnresolved(v) ? [numberTokenProblem(at)] : v instanceof Size || (opts.numberIsMebibytes && typeof v === 'number' && !Number.isNaN(v)) ? [] : [typeProblem(at, expected, v)]),
      (v, at) => {
        const limit = opts.limit;
        if (!limit) return [];
        const size = typeof v === 'number' ? undefined : (v as Size);
        const n = size ? (limit.unit === 'bytes' ? size.toBytes() : size.toMebibytes()) : (v as number);
        if (limit.integer && !Number.isInteger(n)) {
          return [problem('not-an-integer', at, `${at.property} must be a whole number of ${limit.unit}, got ${size ? size.toHumanString() : n}`, size ? size.toHumanString() : n)];
        }
        return limitProblems(at, n, limit);
      },
    );
  },

  /** A member of an enum object (`Tracing.ACTIVE`); `name` is the enum's name in messages. */
  enumOf(enumObject: Record<string, string | number>, name: string, opts: Common = {}): Spec {
    const members = Object.entries(enumObject).filter(([k]) => !/^\d+$/.test(k));
    const values = new Set<unknown>(members.map(([, v]) => v));
    const expected = `${article(name)} ${name} (${members.map(([k]) => `${name}.${k}`).join(', ')})`;
    return make(expected, opts, (v, at) => (values.has(v) ? [] : [typeProblem(at, expected, v)]));
  },

  /** An instance of a class (a `Runtime`, a `Queue`, ...), tested by `test`. */
  instance(name: string, test: (v: unknown) => boolean, opts: Common & { readonly example?: string } = {}): Spec {
    const expected = `${article(name)} ${name}${opts.example ? ` such as ${opts.example}` : ''}`;
    return make(expected, opts, (v, at) => (test(v) ? [] : [typeProblem(at, expected, v)]));
  },

  /** A `Date` that is a real date (not `new Date('garbage')`). */
  date(opts: Common & { readonly orEpochSeconds?: boolean } = {}): Spec {
    const expected = opts.orEpochSeconds ? 'a Unix time in seconds (as aws-cdk-lib takes it) or a valid Date' : 'a valid Date';
    const ok = (v: unknown): boolean => (v instanceof Date && !Number.isNaN(v.getTime())) || (opts.orEpochSeconds === true && typeof v === 'number' && Number.isFinite(v) && v >= 0 && !Token.isUnresolved(v));
    return make(expected, opts, (v, at) => (ok(v) ? [] : [typeProblem(at, expected, v)]));
  },

  /** An array of `item`; with `limit`, the number of entries in its range. */
  array(item: Spec, opts: Common & { readonly limit?: Limit; readonly noun?: string } = {}): Spec {
    const expected = `an array of ${item.expected.replace(/^an? /, '').replace(/ such as .*$/, '')} values`;
    return make(
      expected,
      opts,
      (v, at) => {
        if (!Array.isArray(v)) return [typeProblem(at, expected, v)];
        let out: Problem[] | undefined;
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (x === undefined && !(i in v)) continue; // a hole (as flatMap skips it)
          const entry = new EntryAt(at, i);
          out = gather(out, x === undefined ? [typeProblem(entry, item.expected, x)] : item.types(x, entry));
        }
        return out ?? [];
      },
      (v, at) => {
        const list = v as unknown[];
        let out: Problem[] | undefined = opts.limit && (list.length < opts.limit.min || list.length > opts.limit.max) ? [countProblem(at, list.length, opts.limit, opts.noun)] : undefined;
        for (let i = 0; i < list.length; i++) {
          if (!(i in list)) continue;
          out = gather(out, item.values(list[i], new EntryAt(at, i)));
        }
        return out ?? [];
      },
    );
  },

  /** A plain object of string keys to `item` (environment variables, tags). */
  record(item: Spec, opts: Common = {}): Spec {
    const expected = `an object of ${item.expected.replace(/^an? /, '')} values`;
    const each = (round: 'types' | 'values') => (v: unknown, at: At): Problem[] => {
      const o = v as Record<string, unknown>;
      let out: Problem[] | undefined;
      for (const k in o) {
        if (!Object.hasOwn(o, k)) continue;
        const x = o[k];
        if (x !== undefined) out = gather(out, item[round](x, new EntryAt(at, k)));
      }
      return out ?? [];
    };
    const types = each('types');
    return make(expected, opts, (v, at) => (isPlainObject(v) ? types(v, at) : [typeProblem(at, expected, v)]), each('values'));
  },

  /** A nested props object with known keys. */
  object(name: string, fields: Fields, opts: Common = {}): Spec {
    const expected = `${article(name)} ${name} object`;
    return make(
      expected,
      opts,
      (v, at) => (isPlainObject(v) || (typeof v === 'object' && v !== null && !Array.isArray(v)) ? typeRound(fields, v as Record<string, unknown>, at.path, `${at.property}.`) : [typeProblem(at, expected, v)]),
      (v, at) => valueRound(fields, v as Record<string, unknown>, at.path, `${at.property}.`),
    );
  },

  /** Any JSON data (strings may hold tokens): an event pattern, a rule input, raw properties. */
  json(opts: Common = {}): Spec {
    return make('JSON data (strings, numbers, booleans, null, arrays and plain objects)', opts, (v, at) => jsonProblems(v, at));
  },

  /** A plain object of JSON data (not an array, not a string). */
  jsonObject(opts: Common = {}): Spec {
    const expected = 'an object of JSON data';
    return make(expected, opts, (v, at) => (isPlainObject(v) ? jsonProblems(v, at) : [typeProblem(at, expected, v)]));
  },

  /** A function value (a callback). */
  callback(opts: Common = {}): Spec {
    return make('a function', opts, (v, at) => (typeof v === 'function' ? [] : [typeProblem(at, 'a function', v)]));
  },

  /** Anything (checked elsewhere). */
  any(opts: Common = {}): Spec {
    return make('a value', opts, () => []);
  },
};

/** The specs of a props interface, by property name. */
export type Fields = Readonly<Record<string, Spec>>;

function countProblem(at: At, n: number, limit: Limit, noun = 'entries'): Problem {
  const message = limit.min === 0 ? `${at.property} must have at most ${limit.max} ${noun}, got ${n}` : `${at.property} must have ${limit.min}-${limit.max} ${noun}, got ${n}`;
  return problem('out-of-range', at, message, n, `${limit.min}-${limit.max} ${noun}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function jsonProblems(v: unknown, at: At): Problem[] {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return [];
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [problem('wrong-type', at, `${at.property} must be JSON data; ${v} is not a JSON number`, v)];
  let out: Problem[] | undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (i in v) out = gather(out, jsonProblems(v[i], new EntryAt(at, i)));
    return out ?? [];
  }
  if (isPlainObject(v)) {
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const x = v[k];
      if (x !== undefined) out = gather(out, jsonProblems(x, new EntryAt(at, k)));
    }
    return out ?? [];
  }
  return [typeProblem(at, 'JSON data (strings, numbers, booleans, null, arrays and plain objects)', v)];
}

/**
 * Where an entry of a list (`property[2]`) or an object (`property.key`) sits. Its property path
 * is written only when read, that is when a problem names it: checking a valid list or record
 * writes no path.
 */
class EntryAt implements At {
  public constructor(
    private readonly parent: At,
    private readonly key: number | string,
  ) {}

  public get path(): string {
    return this.parent.path;
  }

  public get property(): string {
    return typeof this.key === 'number' ? `${this.parent.property}[${this.key}]` : `${this.parent.property}.${this.key}`;
  }
}

/** `found` added to `out` (made when the first problem is found). */
function gather(out: Problem[] | undefined, found: readonly Problem[]): Problem[] | undefined {
  if (found.length === 0) return out;
  if (out === undefined) return [...found];
  for (const p of found) out.push(p);
  return out;
}

/** Each props interface's fields in their order, and its required ones (made once per `Fields` object). */
const FIELD_INDEX = new WeakMap<Fields, { readonly order: ReadonlyMap<string, number>; readonly required: readonly string[] }>();

function fieldIndex(fields: Fields): { readonly order: ReadonlyMap<string, number>; readonly required: readonly string[] } {
  let index = FIELD_INDEX.get(fields);
  if (!index) {
    const keys = Object.keys(fields);
    index = { order: new Map(keys.map((k, i) => [k, i])), required: keys.filter((k) => fields[k]!.required) };
    FIELD_INDEX.set(fields, index);
  }
  return index;
}

/** Problems found for fields, in the fields' order (a props object is read key by key, in its own order). */
type ByField = Array<{ readonly i: number; readonly problems: readonly Problem[] }>;

function inFieldOrder(out: Problem[], found: ByField | undefined): Problem[] {
  if (found === undefined) return out;
  if (found.length > 1) found.sort((a, b) => a.i - b.i);
  for (const f of found) out.push(...f.problems);
  return out;
}

function typeRound(fields: Fields, props: Record<string, unknown>, path: string, prefix = '', name?: string): Problem[] {
  const { order, required } = fieldIndex(fields);
  let out: Problem[] | undefined;
  let found: ByField | undefined;
  // The props given (a construct's props hold a few of its interface's many fields): unknown ones
  // first, in the order given; then the fields' problems, in the interface's order.
  for (const key in props) {
    if (!Object.hasOwn(props, key)) continue;
    const v = props[key];
    if (v === undefined) continue;
    const i = order.get(key);
    if (i !== undefined) {
      const problems = fields[key]!.types(v, { path, property: `${prefix}${key}` });
      if (problems.length) (found ??= []).push({ i, problems });
      continue;
    }
    const known = Object.keys(fields);
    const cdk = name === undefined ? undefined : CDK_UNSUPPORTED[name];
    const how = cdk !== undefined && Object.hasOwn(cdk, key) ? cdk[key] : undefined;
    if (how !== undefined) {
      (out ??= []).push(problem('unsupported-property', { path, property: `${prefix}${key}` }, `${prefix}${key} (aws-cdk-lib's ${name}.${key}) is not supported by lambdaform: ${how}`, key));
      continue;
    }
    const suggestion = known.length ? closest(key, known) : undefined;
    const near = suggestion !== undefined && distance(key, suggestion) <= Math.max(2, Math.floor(key.length / 3));
    const at = { path, property: `${prefix}${key}` };
    (out ??= []).push(problem('unknown-property', at, `unknown property '${prefix}${key}'${near ? `; did you mean '${prefix}${suggestion}'?` : ''} (known: ${known.join(', ')})`, key, known.join(', ')));
  }
  for (const key of required) {
    if (props[key] !== undefined) continue;
    const spec = fields[key]!;
    const at = { path, property: `${prefix}${key}` };
    // Given, but undefined: usually an enum member or static that does not exist (Runtime.NODEJS_15_X).
    const p = key in props
      ? problem('wrong-type', at, `${prefix}${key} expects ${spec.expected}, got undefined (a misspelt or removed member, such as Runtime.NODEJS_15_X, is undefined)`, undefined, spec.expected)
      : problem('missing-property', at, `${prefix}${key} is required: ${spec.expected}`, undefined, spec.expected);
    (found ??= []).push({ i: order.get(key)!, problems: [p] });
  }
  return inFieldOrder(out ?? [], found);
}

function valueRound(fields: Fields, props: Record<string, unknown>, path: string, prefix = ''): Problem[] {
  const { order } = fieldIndex(fields);
  let found: ByField | undefined;
  for (const key in props) {
    if (!Object.hasOwn(props, key)) continue;
    const i = order.get(key);
    const v = props[key];
    if (i === undefined || v === undefined) continue;
    const problems = fields[key]!.values(v, { path, property: `${prefix}${key}` });
    if (problems.length) (found ??= []).push({ i, problems });
  }
  return inFieldOrder([], found);
}

/**
 * Every problem of `props` against `fields`: type problems first (wrong type, unknown or missing
 * property) and, only when there are none, value problems (ranges, lengths, forms).
 * @param path the construct path, for messages
 * @param name the props interface (`FunctionProps`), for the message when `props` is not an object
 */
export function checkProps(path: string, name: string, fields: Fields, props: unknown): Problem[] {
  if (props === undefined) props = {};
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    return [problem('wrong-type', { path, property: 'props' }, `props must be a ${name} object, got ${describeValue(props)}`, props)];
  }
  const types = typeRound(fields, props as Record<string, unknown>, path, '', name);
  if (types.length === 0) return valueRound(fields, props as Record<string, unknown>, path);
  // The values of the settings whose type is right are checked too: all independent problems at once.
  const wrong = new Set(types.map((p) => /^[^.[]*/.exec(p.property ?? '')![0]));
  const rest: Record<string, unknown> = {};
  for (const key in props as Record<string, unknown>) if (Object.hasOwn(props, key) && !wrong.has(key)) rest[key] = (props as Record<string, unknown>)[key];
  return [...types, ...valueRound(fields, rest, path)];
}

/** True when there is a type problem among `problems` (so value checks of other settings must not run). */
export function hasTypeProblem(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.code === 'wrong-type' || p.code === 'unknown-property' || p.code === 'unsupported-property' || p.code === 'missing-property');
}
