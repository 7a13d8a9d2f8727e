import { LambdaformError } from '../core/errors.js';
import type { Template } from './template.js';

/** Logical ids a value references (Ref, Fn::GetAtt, and `${X}` / `${X.Attr}` inside Fn::Sub). */
function references(v: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) references(v[i], out);
  else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') out.add(o.Ref);
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') out.add(getAtt[0]);
    const sub = o['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text && text.includes('${')) for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) out.add(m[1]!);
    for (const k in o) if (Object.hasOwn(o, k) && k !== 'Ref' && k !== 'Fn::GetAtt') references(o[k], out);
  }
  return out;
}

/** A dependency cycle between resources (logical ids, the first repeated at the end), or undefined. */
export function findCycle(template: Template): string[] | undefined {
  const ids = new Set(Object.keys(template.Resources));
  const deps = new Map<string, string[]>();
  for (const [id, r] of Object.entries(template.Resources)) {
    const refs = references([r.Properties, r.UpdatePolicy], new Set());
    for (const d of [r.DependsOn ?? []].flat()) refs.add(d);
    deps.set(id, [...refs].filter((x) => ids.has(x)).sort());
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
  for (const id of [...ids].sort()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Throws a LambdaformError naming the construct paths of a dependency cycle (CloudFormation
 * refuses such a template), e.g. two functions whose environments name each other while each
 * may invoke the other.
 */
export function assertNoCycle(template: Template): void {
  const cycle = findCycle(template);
  if (!cycle) return;
  const pathOf = (id: string) => (template.Resources[id]?.Metadata?.['lambdaform:path'] as string | undefined) ?? id;
  const chain = cycle.map((id) => `${pathOf(id)} (${id})`).join(' -> ');
  throw new LambdaformError(
    pathOf(cycle[0]!),
    `resources depend on each other in a cycle, which CloudFormation refuses: ${chain}. Break one reference (for example pass a fixed name instead of a token, or move a grant to a separate role)`,
  );
}
