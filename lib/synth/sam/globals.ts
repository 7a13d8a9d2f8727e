/**
 * Hoists what the functions of a SAM template share into `Globals.Function`, so the template
 * reads like a hand-written one. SAM merges globals into each function: a scalar set on a
 * function replaces the global, a map (environment variables) is merged key by key, a list is
 * appended. So:
 * - a scalar (Runtime, Timeout, MemorySize) set on every function is hoisted with its most
 *   common value (when at least two functions share it); a function that differs keeps its own;
 * - Tracing and Architectures are hoisted only when every function has the same value (a
 *   function cannot unset a global tracing mode, and lists would be appended);
 * - an environment variable defined by every function is hoisted with its most common value;
 *   a function with another value keeps its own (it wins the merge).
 */
import { stableJson } from '../../core/util.js';

type Props = Record<string, unknown>;

const SCALARS = ['Runtime', 'Timeout', 'MemorySize'] as const;
const ALL_OR_NOTHING = ['Tracing', 'Architectures'] as const;

/** Mutates the function property objects and returns `Globals.Function` (undefined when nothing is shared). */
export function hoistGlobals(functions: Props[]): Props | undefined {
  if (functions.length < 2) return undefined;
  const globals: Props = {};
  for (const key of SCALARS) {
    const value = mostCommon(functions.map((f) => f[key]));
    if (value === undefined) continue;
    globals[key] = value;
    const json = stableJson(value);
    for (const f of functions) if (stableJson(f[key]) === json) delete f[key];
  }
  for (const key of ALL_OR_NOTHING) {
    const values = functions.map((f) => stableJson(f[key]));
    if (functions[0]![key] === undefined || !values.every((v) => v === values[0])) continue;
    globals[key] = functions[0]![key];
    for (const f of functions) delete f[key];
  }
  const env = hoistEnvironment(functions);
  if (env) globals.Environment = { Variables: env };
  return Object.keys(globals).length ? globals : undefined;
}

function hoistEnvironment(functions: Props[]): Props | undefined {
  const vars = functions.map((f) => ((f.Environment as Props | undefined)?.Variables as Props | undefined) ?? {});
  const keys = Object.keys(vars[0]!).filter((k) => vars.every((v) => k in v));
  const hoisted: Props = {};
  for (const k of keys) {
    const value = mostCommon(vars.map((v) => v[k]));
    if (value === undefined) continue;
    hoisted[k] = value;
    const json = stableJson(value);
    for (const v of vars) if (stableJson(v[k]) === json) delete v[k];
  }
  functions.forEach((f, i) => {
    if (f.Environment && Object.keys(vars[i]!).length === 0) delete f.Environment;
  });
  return Object.keys(hoisted).length ? hoisted : undefined;
}

/** The most common value when every entry is defined and it occurs at least twice (first wins ties). */
function mostCommon(values: unknown[]): unknown {
  if (values.some((v) => v === undefined)) return undefined;
  const counts = new Map<string, { value: unknown; n: number }>();
  for (const v of values) {
    const k = stableJson(v);
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { value: v, n: 1 });
  }
  let best: { value: unknown; n: number } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best && best.n >= 2 ? best.value : undefined;
}
