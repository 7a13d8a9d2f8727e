/**
 * Structural facts about a stack that both template backends need, so they decide the same way:
 * which alias is a function's "primary alias" (SAM's AutoPublishAlias), which edges invoke a
 * function, and the qualifier async settings apply to.
 */
import { isRef, type AliasNode, type FunctionNode, type ModelEdge, type StackModel, type VersionNode } from '../model/types.js';

/** Edge kinds through which something invokes a function, version or alias. */
export const INVOKING_EDGES = new Set<ModelEdge['kind']>(['eventSourceMapping', 'apiRoute', 'subscription', 'notification', 'ruleTarget', 'invokePermission']);

/** The function node an invocation target (function, version or alias) belongs to. */
export function functionOf(stack: StackModel, id: string): FunctionNode | undefined {
  const n = stack.nodes.find((x) => x.id === id);
  if (!n) return undefined;
  if (n.kind === 'function') return n;
  if (n.kind === 'version' || n.kind === 'alias') return stack.nodes.find((x): x is FunctionNode => x.kind === 'function' && x.id === n.props.functionId);
  return undefined;
}

/**
 * The alias SAM can express as `AutoPublishAlias`: the function's only alias, pointing at the
 * function's only version (its `currentVersion`, referenced by nothing else), without weights,
 * and every invocation of the function goes through it (SAM routes every event to that alias).
 */
export function primaryAlias(stack: StackModel, fn: FunctionNode): PrimaryAlias | undefined {
  let cache = PRIMARY.get(stack);
  if (!cache) PRIMARY.set(stack, (cache = new Map()));
  if (!cache.has(fn.id)) cache.set(fn.id, findPrimaryAlias(stack, fn));
  return cache.get(fn.id);
}

/** A function's primary alias and the version it points at. */
export interface PrimaryAlias {
  readonly alias: AliasNode;
  readonly version: VersionNode;
}

// The model is immutable data: the answer for a stack never changes, and both backends ask per edge.
const PRIMARY = new WeakMap<StackModel, Map<string, PrimaryAlias | undefined>>();

function findPrimaryAlias(stack: StackModel, fn: FunctionNode): PrimaryAlias | undefined {
  const aliases = stack.nodes.filter((n): n is AliasNode => n.kind === 'alias' && n.props.functionId === fn.id);
  const versions = stack.nodes.filter((n): n is VersionNode => n.kind === 'version' && n.props.functionId === fn.id);
  if (aliases.length !== 1 || versions.length !== 1) return undefined;
  const alias = aliases[0]!;
  const version = versions[0]!;
  if (alias.props.version !== version.id || alias.props.additionalVersions.length > 0 || alias.props.description !== undefined) return undefined;
  if (version.props.description !== undefined) return undefined;
  if (!version.id.endsWith('/CurrentVersion') || version.props.provisionedConcurrency !== undefined || version.overrides.length > 0 || alias.overrides.length > 0) return undefined;
  if (alias.logicalId !== `${fn.logicalId}Alias${alias.props.aliasName}`) return undefined;
  for (const e of stack.edges) {
    if (INVOKING_EDGES.has(e.kind) && (e.to === fn.id || e.to === version.id)) return undefined;
  }
  // The version must not be referenced by anything but the alias (which names it in `version`, not by `$ref`).
  if (referencedIds(stack).has(version.id)) return undefined;
  return { alias, version };
}

const REFERENCED = new WeakMap<StackModel, Set<string>>();

/** Every node id some value of the stack references (`$ref`), computed once per stack. */
export function referencedIds(stack: StackModel): Set<string> {
  let ids = REFERENCED.get(stack);
  if (!ids) REFERENCED.set(stack, (ids = collectRefs([stack.nodes, stack.edges, stack.outputs])));
  return ids;
}

/** The node ids referenced (`$ref`) anywhere in a value. */
export function collectRefs(v: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => collectRefs(x, into));
  else if (typeof v === 'object' && v !== null) {
    if (isRef(v)) into.add(v.$ref);
    Object.values(v).forEach((x) => collectRefs(x, into));
  }
  return into;
}

/** Edge kinds that invoke asynchronously: Lambda retries these and sends them to destinations. */
export const ASYNC_EDGES = new Set<ModelEdge['kind']>(['subscription', 'notification', 'ruleTarget']);

/** One qualifier a function's async settings (EventInvokeConfig) apply to. */
export interface AsyncQualifier {
  /** `$LATEST`, an alias name, or a version node id (`version` set). */
  readonly qualifier: string;
  /** The version node, when the qualifier is a published version. */
  readonly version?: string;
  /** Logical id of the alias or version the config must be created after. */
  readonly after?: string;
}

/**
 * The qualifiers a function's async settings apply to: every qualifier an async source invokes
 * (EventInvokeConfig is per qualifier), `$LATEST` when nothing in the app invokes it
 * asynchronously (callers outside the app invoke the function), and only the primary alias when
 * there is one. `$LATEST` comes first, then aliases by name, then versions.
 */
export function asyncQualifiers(stack: StackModel, fn: FunctionNode): AsyncQualifier[] {
  const primary = primaryAlias(stack, fn);
  if (primary) return [{ qualifier: primary.alias.props.aliasName, after: primary.alias.logicalId }];
  const found = new Map<string, AsyncQualifier>();
  for (const e of stack.edges) {
    if (!ASYNC_EDGES.has(e.kind) || !e.to || functionOf(stack, e.to)?.id !== fn.id) continue;
    const n = stack.nodes.find((x) => x.id === e.to)!;
    if (n.kind === 'function') found.set('0', { qualifier: '$LATEST' });
    else if (n.kind === 'alias') found.set(`1${n.props.aliasName}`, { qualifier: n.props.aliasName, after: n.logicalId });
    else if (n.kind === 'version') found.set(`2${n.id}`, { qualifier: n.id, version: n.id, after: n.logicalId });
  }
  if (found.size === 0) return [{ qualifier: '$LATEST' }];
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, q]) => q);
}
