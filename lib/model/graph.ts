/**
 * Indexed questions about one stack's model: the node of an id, the edges from and to a node,
 * the function behind a qualifier, a function's primary alias, destinations and async
 * qualifiers. The one place such questions are answered; the backends (and later the linter and
 * the local runtime) ask here instead of scanning `edges` themselves.
 *
 * A model is immutable data, so each stack's graph is built once (`StackGraph.of`) and every
 * answer is memoized.
 */
import { LambdaformError } from '../core/errors.js';
import type {
  AliasNode,
  DestinationEdge,
  EdgeKind,
  EdgeOfKind,
  FunctionNode,
  ModelEdge,
  ModelNode,
  NodeKind,
  NodeOfKind,
  StackModel,
  VersionNode,
} from './types.js';
import { LIMITS } from './defaults.js';
import { collectRefs, isRef } from './values.js';

/** Edge kinds through which something invokes a function, version or alias. */
export const INVOKING_EDGES: ReadonlySet<EdgeKind> = new Set<EdgeKind>(['eventSourceMapping', 'apiRoute', 'subscription', 'notification', 'ruleTarget', 'invokePermission']);

/** Edge kinds that invoke asynchronously: Lambda retries these and sends them to destinations. */
export const ASYNC_EDGES: ReadonlySet<EdgeKind> = new Set<EdgeKind>(['subscription', 'notification', 'ruleTarget']);

/** A function's primary alias (SAM's `AutoPublishAlias`) and the version it points at. */
export interface PrimaryAlias {
  readonly alias: AliasNode;
  readonly version: VersionNode;
}

/** A function's async destinations, by condition. */
export type Destinations = Partial<Record<DestinationEdge['props']['condition'], DestinationEdge>>;

/** One qualifier a function's async settings (EventInvokeConfig) apply to. */
export interface AsyncQualifier {
  /** `$LATEST`, an alias name, or a version node id (`version` set). */
  readonly qualifier: string;
  /** The version node, when the qualifier is a published version. */
  readonly version?: string;
  /** Node id of the alias or version the config must be created after. */
  readonly after?: string;
}

const GRAPHS = new WeakMap<StackModel, StackGraph>();

/** The indexed view of one stack's model. */
export class StackGraph {
  /** The graph of a stack, built once per stack object. */
  public static of(stack: StackModel): StackGraph {
    let g = GRAPHS.get(stack);
    if (!g) GRAPHS.set(stack, (g = new StackGraph(stack)));
    return g;
  }

  private readonly byId = new Map<string, ModelNode>();
  private readonly byKind = new Map<NodeKind, ModelNode[]>();
  private readonly from = new Map<string, ModelEdge[]>();
  private readonly to = new Map<string, ModelEdge[]>();
  private readonly edgesByKind = new Map<EdgeKind, ModelEdge[]>();
  private readonly primary = new Map<string, PrimaryAlias | undefined>();
  private referenced: Set<string> | undefined;
  private deadLetters: Map<string, Array<EdgeOfKind<'ruleTarget'> | EdgeOfKind<'subscription'>>> | undefined;
  private roleUsers: Map<string, FunctionNode[]> | undefined;
  private versionsByFunction: Map<string, VersionNode[]> | undefined;
  private aliasesByFunction: Map<string, AliasNode[]> | undefined;

  private constructor(public readonly stack: StackModel) {
    for (const n of stack.nodes) {
      this.byId.set(n.id, n);
      push(this.byKind, n.kind, n);
    }
    for (const e of stack.edges) {
      push(this.from, e.from, e);
      if (e.to !== undefined) push(this.to, e.to, e);
      push(this.edgesByKind, e.kind, e);
    }
  }

  /** The node of an id, or undefined. */
  public find(id: string): ModelNode | undefined {
    return this.byId.get(id);
  }

  /** The node of an id; a LambdaformError when the model has none (an inconsistent model). */
  public node(id: string): ModelNode {
    const n = this.byId.get(id);
    if (!n) throw new LambdaformError(id, `is referenced but is not a resource of stack ${this.stack.name}`);
    return n;
  }

  /** The node of an id, which must be of `kind`. */
  public nodeOf<K extends NodeKind>(id: string, kind: K): NodeOfKind<K> {
    const n = this.node(id);
    if (n.kind !== kind) throw new LambdaformError(id, `must be a ${kind}, got a ${n.kind}`);
    return n as NodeOfKind<K>;
  }

  /** The nodes of a kind, in model order. */
  public nodes<K extends NodeKind>(kind: K): readonly NodeOfKind<K>[] {
    return (this.byKind.get(kind) ?? []) as NodeOfKind<K>[];
  }

  /** The edges of a kind, in model order. */
  public edges<K extends EdgeKind>(kind: K): readonly EdgeOfKind<K>[] {
    return (this.edgesByKind.get(kind) ?? []) as EdgeOfKind<K>[];
  }

  /** The edges leaving a node (optionally of one kind), in model order. */
  public edgesFrom<K extends EdgeKind>(id: string, kind?: K): readonly EdgeOfKind<K>[] {
    const all = this.from.get(id) ?? [];
    return (kind ? all.filter((e) => e.kind === kind) : all) as EdgeOfKind<K>[];
  }

  /** The edges arriving at a node (optionally of one kind), in model order. */
  public edgesTo<K extends EdgeKind>(id: string, kind?: K): readonly EdgeOfKind<K>[] {
    const all = this.to.get(id) ?? [];
    return (kind ? all.filter((e) => e.kind === kind) : all) as EdgeOfKind<K>[];
  }

  /** The function node an invocation target (function, version or alias) belongs to. */
  public functionOf(id: string): FunctionNode | undefined {
    const n = this.byId.get(id);
    if (!n) return undefined;
    if (n.kind === 'function') return n;
    if (n.kind === 'version' || n.kind === 'alias') {
      const f = this.byId.get(n.props.functionId);
      return f?.kind === 'function' ? f : undefined;
    }
    return undefined;
  }

  /** The versions of a function, in model order. */
  public versionsOf(functionId: string): readonly VersionNode[] {
    this.versionsByFunction ??= groupBy(this.nodes('version'), (v) => v.props.functionId);
    return this.versionsByFunction.get(functionId) ?? [];
  }

  /** The aliases of a function, in model order. */
  public aliasesOf(functionId: string): readonly AliasNode[] {
    this.aliasesByFunction ??= groupBy(this.nodes('alias'), (a) => a.props.functionId);
    return this.aliasesByFunction.get(functionId) ?? [];
  }

  /** A function's async destinations (dead-letter queue, on-success, on-failure). */
  public destinations(functionId: string): Destinations {
    const out: Destinations = {};
    for (const e of this.edgesFrom(functionId, 'destination')) out[e.props.condition] = e;
    return out;
  }

  /** The functions whose execution role is the role node `roleId`, in model order. */
  public functionsOfRole(roleId: string): readonly FunctionNode[] {
    this.roleUsers ??= groupBy(
      this.nodes('function').filter((f) => isRef(f.props.role)),
      (f) => (f.props.role as { $ref: string }).$ref,
    );
    return this.roleUsers.get(roleId) ?? [];
  }

  /** The rule targets and topic subscriptions that send what they cannot deliver to a queue (their dead-letter queue). */
  public deadLetterSources(queueId: string): ReadonlyArray<EdgeOfKind<'ruleTarget'> | EdgeOfKind<'subscription'>> {
    this.deadLetters ??= groupBy(
      [...this.edges('ruleTarget'), ...this.edges('subscription')].filter((e) => e.props.deadLetterQueue !== undefined),
      (e) => e.props.deadLetterQueue!,
    );
    return this.deadLetters.get(queueId) ?? [];
  }

  /** Every node id some value of the stack references (`$ref`). */
  public referencedIds(): ReadonlySet<string> {
    this.referenced ??= collectRefs([this.stack.nodes, this.stack.edges, this.stack.outputs]);
    return this.referenced;
  }

  /**
   * The alias SAM can express as `AutoPublishAlias`: the function's only alias, pointing at the
   * function's only version (its `currentVersion`, referenced by nothing else), without weights,
   * and every invocation of the function goes through it (SAM routes every event to that alias).
   */
  public primaryAlias(fn: FunctionNode): PrimaryAlias | undefined {
    if (!this.primary.has(fn.id)) this.primary.set(fn.id, this.findPrimaryAlias(fn));
    return this.primary.get(fn.id);
  }

  private findPrimaryAlias(fn: FunctionNode): PrimaryAlias | undefined {
    const aliases = this.aliasesOf(fn.id);
    const versions = this.versionsOf(fn.id);
    if (aliases.length !== 1 || versions.length !== 1) return undefined;
    const alias = aliases[0]!;
    const version = versions[0]!;
    if (alias.props.version !== version.id || alias.props.additionalVersions.length > 0 || alias.props.description !== undefined) return undefined;
    if (version.props.description !== undefined) return undefined;
    if (!version.id.endsWith('/CurrentVersion') || version.props.provisionedConcurrency !== undefined || version.overrides.length > 0 || alias.overrides.length > 0) return undefined;
    if (alias.logicalId !== `${fn.logicalId}Alias${alias.props.aliasName}`) return undefined;
    // SAM names the version `<Function>Version<10 hex digits>`: it must fit a logical id too.
    if (fn.logicalId.length + 'Version'.length + 10 > LIMITS.stack.logicalId.maxLength) return undefined;
    for (const target of [fn.id, version.id]) {
      if (this.edgesTo(target).some((e) => INVOKING_EDGES.has(e.kind))) return undefined;
    }
    // The version must not be referenced by anything but the alias (which names it in `version`, not by `$ref`).
    if (this.referencedIds().has(version.id)) return undefined;
    return { alias, version };
  }

  /**
   * The qualifiers a function's async settings apply to: every qualifier an async source invokes
   * (EventInvokeConfig is per qualifier), `$LATEST` when nothing in the app invokes it
   * asynchronously (callers outside the app invoke the function), and only the primary alias when
   * there is one. `$LATEST` comes first, then aliases by name, then versions.
   */
  public asyncQualifiers(fn: FunctionNode): AsyncQualifier[] {
    const primary = this.primaryAlias(fn);
    if (primary) return [{ qualifier: primary.alias.props.aliasName, after: primary.alias.id }];
    const found = new Map<string, AsyncQualifier>();
    for (const target of [fn.id, ...this.aliasesOf(fn.id).map((a) => a.id), ...this.versionsOf(fn.id).map((v) => v.id)]) {
      if (!this.edgesTo(target).some((e) => ASYNC_EDGES.has(e.kind))) continue;
      const n = this.node(target);
      if (n.kind === 'function') found.set('0', { qualifier: '$LATEST' });
      else if (n.kind === 'alias') found.set(`1${n.props.aliasName}`, { qualifier: n.props.aliasName, after: n.id });
      else if (n.kind === 'version') found.set(`2${n.id}`, { qualifier: n.id, version: n.id, after: n.id });
    }
    if (found.size === 0) return [{ qualifier: '$LATEST' }];
    return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, q]) => q);
  }
}

function groupBy<V>(list: readonly V[], key: (v: V) => string): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const v of list) push(out, key(v), v);
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
