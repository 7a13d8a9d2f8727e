import { LambdaformError } from '../core/errors.js';
import type { Template } from './template.js';

const SUB_VARIABLE = /\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g;

/**
 * Adds the logical id an intrinsic's value names: `Ref`'s, `Fn::GetAtt`'s first item, each
 * `${X}` / `${X.Attr}` of an `Fn::Sub` string (ids of parameters and pseudo parameters included).
 */
export function referencedBy(key: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub', value: unknown, out: string[]): void {
  if (key === 'Ref') {
    if (typeof value === 'string') out.push(value);
  } else if (key === 'Fn::GetAtt') {
    if (Array.isArray(value) && typeof value[0] === 'string') out.push(value[0]);
  } else {
    const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
    if (text && text.includes('${')) for (const m of text.matchAll(SUB_VARIABLE)) out.push(m[1]!);
  }
}

/** Adds the logical ids a value references (Ref, Fn::GetAtt, and `${X}` / `${X.Attr}` inside Fn::Sub), at any depth. */
export function references(v: unknown, out: string[]): string[] {
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) references(v[i], out);
  else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      if (k === 'Ref' || k === 'Fn::GetAtt' || k === 'Fn::Sub') referencedBy(k, o[k], out);
      references(o[k], out);
    }
  }
  return out;
}

/** The logical ids each resource of a template references (its properties, UpdatePolicy and DependsOn). */
export function dependenciesOf(template: Template): Map<string, readonly string[]> {
  const deps = new Map<string, readonly string[]>();
  for (const [id, r] of Object.entries(template.Resources)) {
    const refs = references([r.Properties, r.UpdatePolicy], []);
    for (const d of [r.DependsOn ?? []].flat()) refs.push(d);
    deps.set(id, refs);
  }
  return deps;
}

/**
 * A dependency cycle between resources (logical ids, the first repeated at the end), or
 * undefined. `dependencies`: what each resource references (an id may be listed more than
 * once), when known already (the renderer gathers it as it writes the resources); read from the
 * template otherwise.
 */
export function findCycle(template: Template, dependencies: ReadonlyMap<string, readonly string[]> = dependenciesOf(template)): string[] | undefined {
  // The resources in template order: the keys of `dependencies`, which has one entry per resource in that order.
  const ids = [...dependencies.keys()];
  // Most templates have no cycle: a topological count (Kahn's) says so in one linear pass;
  // only a template with a cycle is searched, in a fixed order, for the cycle to report.
  if (acyclic(ids, dependencies)) return undefined;
  const resources = template.Resources;
  const deps = new Map<string, string[]>();
  for (const id of ids) {
    const refs = new Set<string>();
    for (const x of dependencies.get(id) ?? []) if (Object.hasOwn(resources, x)) refs.add(x);
    deps.set(id, [...refs].sort());
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids.sort()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Whether the resources' dependencies (those between the resources `ids`) have no cycle. */
function acyclic(ids: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): boolean {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
  // For each resource: how many resources it depends on, and which resources depend on it.
  const pending = new Int32Array(ids.length);
  const dependents: number[][] = [];
  for (let i = 0; i < ids.length; i++) dependents.push([]);
  for (let i = 0; i < ids.length; i++) {
    const refs = dependencies.get(ids[i]!);
    if (refs === undefined) continue;
    for (const x of refs) {
      const j = index.get(x);
      if (j === undefined) continue;
      pending[i]!++;
      dependents[j]!.push(i);
    }
  }
  const ready: number[] = [];
  for (let i = 0; i < ids.length; i++) if (pending[i] === 0) ready.push(i);
  let done = 0;
  while (ready.length > 0) {
    const j = ready.pop()!;
    done++;
    for (const i of dependents[j]!) if (--pending[i]! === 0) ready.push(i);
  }
  return done === ids.length;
}

/**
 * Throws a LambdaformError naming the construct paths of a dependency cycle (CloudFormation
 * refuses such a template), e.g. two functions whose environments name each other while each
 * may invoke the other.
 */
export function assertNoCycle(template: Template, dependencies?: ReadonlyMap<string, readonly string[]>): void {
  const cycle = findCycle(template, dependencies);
  if (!cycle) return;
  const pathOf = (id: string) => (template.Resources[id]?.Metadata?.['lambdaform:path'] as string | undefined) ?? id;
  const chain = cycle.map((id) => `${pathOf(id)} (${id})`).join(' -> ');
  throw new LambdaformError(
    pathOf(cycle[0]!),
    `resources depend on each other in a cycle, which CloudFormation refuses: ${chain}. Break one reference (for example pass a fixed name instead of a token, or move a grant to a separate role)`,
  );
}
