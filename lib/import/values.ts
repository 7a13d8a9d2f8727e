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
