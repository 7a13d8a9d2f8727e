/**
 * Model values: the symbolic forms (`$ref`, `$pseudo`, `$join`) and the escaping that keeps them
 * apart from user data.
 *
 * A key of a plain object in the model that starts with `$` is always escaped with one more `$`
 * (`{ "$schema": … }` is stored as `{ "$$schema": … }`), so the only single-`$` keys a model holds
 * are those of its symbolic values. Every reader decodes with `decodeValue`, which undoes the
 * escaping and hands each symbolic value to the reader's own resolver.
 */
import type { ExprValue, JoinValue, ModelValue, PseudoValue, RefValue } from './types.js';

/** True for `{ $ref, attr }`. */
export function isRef(v: unknown): v is RefValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as RefValue).$ref === 'string';
}

/** True for `{ $pseudo }`. */
export function isPseudo(v: unknown): v is PseudoValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as PseudoValue).$pseudo === 'string';
}

/** True for `{ $join: [...] }`. */
export function isJoin(v: unknown): v is JoinValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as JoinValue).$join);
}

/** True for `{ $expr }`: a template expression unknown until deploy. */
export function isExpr(v: unknown): v is ExprValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, '$expr');
}

/**
 * The name a value refers to when it is a template parameter's value (`{ $expr: { Ref: 'Stage' } }`,
 * a `CfnParameter` of the app or a parameter of an imported template without a value).
 */
export function parameterRefOf(v: unknown): string | undefined {
  if (!isExpr(v)) return undefined;
  const e = v.$expr;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
  const keys = Object.keys(e);
  const name = (e as { Ref?: unknown }).Ref;
  return keys.length === 1 && typeof name === 'string' && !name.startsWith('AWS::') ? name : undefined;
}

/** True for any of the symbolic forms. */
export function isSymbolic(v: unknown): v is RefValue | PseudoValue | JoinValue | ExprValue {
  return isRef(v) || isPseudo(v) || isJoin(v) || isExpr(v);
}

/** True when a value is known before deploy up to references: no template expression anywhere in it. */
export function isKnownValue(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isKnownValue(v[i])) return false;
    return true;
  }
  if (isExpr(v)) return false;
  for (const k in v) if (Object.hasOwn(v, k) && !isKnownValue((v as Record<string, unknown>)[k])) return false;
  return true;
}

/** False when an imported template leaves a node's or edge's prop unknown until deploy (its value in the model is a placeholder). */
export function isKnown(x: { readonly unknown?: readonly string[] }, prop: string): boolean {
  return !x.unknown?.includes(prop);
}

/** The model form of a user object key: `$x` becomes `$$x`, anything else stays. */
export function escapeKey(key: string): string {
  return key.startsWith('$') ? `$${key}` : key;
}

/** The user's key of a model object key: `$$x` becomes `$x`. */
export function unescapeKey(key: string): string {
  return key.startsWith('$$') ? key.slice(1) : key;
}

/** True when a key of a plain model object is a correctly escaped user key (no single leading `$`). */
export function isEscapedKey(key: string): boolean {
  return !key.startsWith('$') || key.startsWith('$$');
}

/** How a reader turns each symbolic value into its own representation. */
export interface ValueResolver<T> {
  ref(v: RefValue): T;
  pseudo(v: PseudoValue): T;
  join(v: JoinValue): T;
  /** A template expression; by default it is written back unchanged. */
  expr?(v: ExprValue): T;
}

/**
 * The user's value of a model value: object keys unescaped, each symbolic value replaced by what
 * `resolver` makes of it. `undefined` stays `undefined`.
 */
export function decodeValue<T>(v: ModelValue | undefined, resolver: ValueResolver<T>): unknown {
  if (v === undefined || v === null || typeof v !== 'object') return v;
  // Plain loops: called on every value a backend writes, it allocates only what it returns.
  if (Array.isArray(v)) {
    const list = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) list[i] = decodeValue(v[i] as ModelValue, resolver);
    return list;
  }
  if (isRef(v)) return resolver.ref(v);
  if (isPseudo(v)) return resolver.pseudo(v);
  if (isJoin(v)) return resolver.join(v);
  if (isExpr(v)) return resolver.expr ? resolver.expr(v) : v.$expr;
  const out: Record<string, unknown> = {};
  const o = v as Record<string, ModelValue>;
  // setOwn: a user key `__proto__` stays a key.
  for (const k in o) if (Object.hasOwn(o, k)) setOwn(out, unescapeKey(k), decodeValue(o[k], resolver));
  return out;
}

/**
 * The literal text of a value: a string as it is, a join's literal parts with the deploy-time ones
 * left out (`arn:${AWS::Partition}:events:...:event-bus/default` gives `arn::events:...:event-bus/default`),
 * '' for anything else. For reading the literal ends of ARNs (a suffix, a name), not their whole.
 */
export function literalText(v: unknown): string {
  return typeof v === 'string' ? v : isJoin(v) ? v.$join.map((p) => (typeof p === 'string' ? p : '')).join('') : '';
}

/** True when a value holds a symbolic value anywhere. */
export function hasSymbolic(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasSymbolic(v[i])) return true;
    return false;
  }
  if (isSymbolic(v)) return true;
  for (const k in v) if (Object.hasOwn(v, k) && hasSymbolic((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** Every node id referenced (`$ref`) anywhere in a value. */
export function collectRefs(v: unknown, into = new Set<string>()): Set<string> {
  if (typeof v !== 'object' || v === null) return into;
  // Plain loops: called on every node's props, it allocates nothing but the set.
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) collectRefs(v[i], into);
  } else if (isRef(v)) into.add(v.$ref);
  else {
    for (const k in v) if (Object.hasOwn(v, k)) collectRefs((v as Record<string, unknown>)[k], into);
  }
  return into;
}

/**
 * Sets an own data property of an object of data: assigned, or defined for the key `__proto__`,
 * which an assignment would make the object's prototype instead of a key.
 */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * Drops `undefined` (in objects: the key; in arrays: the element) at every level, so models
 * built from optional settings hold no `undefined`: the one sanitize pass every builder uses.
 */
export function sanitize<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === undefined) continue;
      out.push(sanitize(x));
    }
    return out as T;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    setOwn(out, k, sanitize(x));
  }
  return out as T;
}

/**
 * `props` with an escape-hatch override applied (a copy): `path` is dot-separated below the
 * properties, objects are made along it where they are missing (or not objects), and an undefined
 * `value` deletes the property. The template backends write overrides with it; readers of the
 * model find what a property ends as with `overriddenProperty`.
 */
export function applyOverride(props: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root = structuredClone(props);
  let cur: Record<string, unknown> = root;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return root;
}

/**
 * What a resource property ends as once `overrides` (a node's, in order) are applied to a resource
 * that does not set it otherwise: for a property the model does not hold (`LoggingConfig` of a
 * function, written by `addPropertyOverride('LoggingConfig.LogFormat', ...)` or imported whole).
 */
export function overriddenProperty(overrides: ReadonlyArray<{ readonly path: string; readonly value?: unknown }>, name: string): unknown {
  let props: Record<string, unknown> = {};
  for (const o of overrides) if (o.path === name || o.path.startsWith(`${name}.`)) props = applyOverride(props, o.path, o.value);
  return props[name];
}
