/**
 * Small helpers the CloudFormation and SAM importers share for reading resolved template values.
 */
import type { ModelValue } from '../model/types.js';

/** A model type with its readonly fields writable: the importers complete nodes after making them. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A JSON string as the object it encodes (filter patterns, inputs); the value itself when it is not JSON text. */
export function parseJson(v: ModelValue | undefined): ModelValue | undefined {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as ModelValue;
  } catch {
    return v;
  }
}

/**
 * A JSON document written as text, as the object it encodes: a literal string, or a string joined
 * from parts known only at deploy (`!Sub '{"deadLetterTargetArn": "${Dlq.Arn}"}'`, a `$join`),
 * each such part put back where it stands (a string that holds one, and more, becomes a `$join`).
 * Undefined when the value is not JSON text (or not text).
 */
export function parseJsonText(v: ModelValue | undefined): ModelValue | undefined {
  const isJoin = typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as { $join?: unknown }).$join);
  if (typeof v !== 'string' && !isJoin) return undefined;
  const parts = typeof v === 'string' ? [v] : ((v as { $join: ModelValue[] }).$join as ModelValue[]);
  const texts = parts.filter((p): p is string => typeof p === 'string').join('');
  // A placeholder for each part that is not text, made unique against the text around it.
  let mark = 'lambdaform-part';
  while (texts.includes(mark)) mark += '-';
  const placeholder = (i: number) => `<${mark}:${i}>`;
  const text = parts.map((p, i) => (typeof p === 'string' ? p : placeholder(i))).join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const re = new RegExp(`<${mark}:(\\d+)>`, 'g');
  const restore = (x: unknown): ModelValue => {
    if (Array.isArray(x)) return x.map(restore);
    if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, restore(y)]));
    if (typeof x !== 'string' || !x.includes(`<${mark}:`)) return x as ModelValue;
    const out: ModelValue[] = [];
    let last = 0;
    for (const m of x.matchAll(re)) {
      if (m.index > last) out.push(x.slice(last, m.index));
      out.push(parts[Number(m[1])]!);
      last = m.index + m[0].length;
    }
    if (last < x.length) out.push(x.slice(last));
    return out.length === 1 ? out[0]! : ({ $join: out } as ModelValue);
  };
  return restore(parsed);
}

/**
 * A JSON document a property takes either as an object or as its text (CloudFormation accepts
 * both for a queue's and a subscription's `RedrivePolicy`): the object, or what the text encodes
 * (see `parseJsonText`); undefined when it is neither.
 */
export function jsonDocument(v: ModelValue | undefined): ModelValue | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('$join' in v) ? v : parseJsonText(v);
}

/** A plain map, or undefined. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Strings of a value that is a string or a list. */
export function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A value that is a list, or one value, as a list (none for undefined). */
export function list(v: unknown): ModelValue[] {
  return Array.isArray(v) ? (v as ModelValue[]) : v === undefined ? [] : [v as ModelValue];
}

/**
 * The dead-letter queue a subscription's `RedrivePolicy` names (an object, or its JSON text): the
 * id of a queue of the template (`isQueue` tells), or undefined (none, a queue outside the
 * template, or a value known only at deploy: the property is then kept as written).
 */
export function subscriptionDeadLetterQueue(policy: ModelValue | undefined, nodeIdIn: (v: unknown) => string | undefined, isQueue: (id: string) => boolean): string | undefined {
  if (policy === undefined) return undefined;
  const parsed = jsonDocument(policy);
  const arn = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, ModelValue>).deadLetterTargetArn : undefined;
  const id = nodeIdIn(arn);
  return id !== undefined && isQueue(id) ? id : undefined;
}
