import type { IConstruct } from 'constructs';
import { LambdaformError, LambdaformValidationError } from '../core/errors.js';
import { isModelContributor, Resource } from '../core/resource.js';
import type { SourceLocation } from '../core/source.js';
import { Stack } from '../core/stack.js';
import { Tags } from '../core/tags.js';
import { Token } from '../core/tokens.js';
import type {
  AppModel,
  AssetModel,
  EdgeOfKind,
  EdgeKind,
  ModelEdge,
  ModelNode,
  ModelValue,
  NodeKind,
  NodeOfKind,
  Origin,
  OutputModel,
  PropertyOverride,
  RefValue,
  StackModel,
} from './types.js';

/** Validates the construct tree (all errors at once) and walks it into the AppModel. */
export function buildModel(root: IConstruct): AppModel {
  validateTree(root);
  const stacks = root.node.findAll().filter(Stack.isStack);
  if (stacks.length === 0) {
    throw new LambdaformError(undefined, 'the app has no stacks: create at least one `new Stack(app, "Name")`');
  }
  const names = new Map<string, string>();
  for (const s of stacks) {
    const other = names.get(s.stackName);
    if (other) throw new LambdaformError(s.node.path, `stack name '${s.stackName}' is already used by ${other}`);
    names.set(s.stackName, s.node.path);
  }
  return { version: 1, stacks: stacks.map(buildStack) };
}

function validateTree(root: IConstruct): void {
  const errors: LambdaformError[] = [];
  for (const c of root.node.findAll()) {
    for (const message of c.node.validate()) errors.push(new LambdaformError(c.node.path, message));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new LambdaformValidationError(errors);
}

function buildStack(stack: Stack): StackModel {
  const builder = new StackModelBuilder(stack);
  for (const c of stack.node.findAll()) {
    if (c !== stack && Stack.of(c) === stack && isModelContributor(c)) c._toModel(builder);
  }
  return builder.finish();
}

/** What a node needs beyond what the Resource itself knows. */
export interface NodeInput<K extends NodeKind> {
  readonly kind: K;
  readonly props: NodeOfKind<K>['props'];
}

/** Fields of an edge; `id`, `origin` default to the construct's. */
export interface EdgeInput<K extends EdgeKind> {
  readonly kind: K;
  /** The resource construct the edge becomes, if any: gives id, logical id, source, overrides. */
  readonly resource?: Resource;
  readonly id?: string;
  readonly from: IConstruct | string;
  readonly to: IConstruct | string | undefined;
  readonly logicalId?: string;
  readonly source?: SourceLocation;
  readonly props: EdgeOfKind<K>['props'];
}

/**
 * Collects one stack's nodes, edges, outputs and assets. Constructs call it from `_toModel`;
 * it turns tokens into symbolic references and checks logical ids are unique.
 */
export class StackModelBuilder {
  private readonly nodes: ModelNode[] = [];
  private readonly edges: ModelEdge[] = [];
  private readonly outputs: OutputModel[] = [];
  private readonly assets = new Map<string, AssetModel>();
  private readonly logicalIds = new Map<string, string>();

  constructor(public readonly stack: Stack) {}

  /** Adds the node of a resource construct. */
  public addNode<K extends NodeKind>(resource: Resource, input: NodeInput<K>): void {
    this.claimLogicalId(resource.logicalId, resource.node.path);
    const node = {
      id: resource.node.path,
      kind: input.kind,
      logicalId: resource.logicalId,
      origin: originOf(resource.node.path, resource.source),
      tags: Tags.effective(resource),
      overrides: this.overridesOf(resource),
      dependsOn: resource._dependencies.map((d) => d.node.path),
      props: input.props,
    } as unknown as ModelNode;
    this.nodes.push(node);
  }

  /** Adds an edge. */
  public addEdge<K extends EdgeKind>(input: EdgeInput<K>): void {
    const r = input.resource;
    const id = input.id ?? r?.node.path;
    if (id === undefined) throw new Error('addEdge needs an id or a resource');
    const logicalId = input.logicalId ?? r?.logicalId;
    if (logicalId) this.claimLogicalId(logicalId, id);
    const edge = {
      id,
      kind: input.kind,
      from: typeof input.from === 'string' ? input.from : input.from.node.path,
      ...(input.to === undefined ? {} : { to: typeof input.to === 'string' ? input.to : input.to.node.path }),
      ...(logicalId ? { logicalId } : {}),
      origin: originOf(id, input.source ?? r?.source),
      ...(r && r._overrides.length > 0 ? { overrides: this.overridesOf(r) } : {}),
      ...(r && r._dependencies.length > 0 ? { dependsOn: r._dependencies.map((d) => d.node.path) } : {}),
      props: input.props,
    } as unknown as ModelEdge;
    this.edges.push(edge);
  }

  private overridesOf(r: Resource): PropertyOverride[] {
    return r._overrides.map((o) => ({ path: o.path, value: o.value === undefined ? undefined : this.resolve(o.value, r.node.path) }));
  }

  /** A node added earlier (constructs are walked parent first), by id. */
  public getNode(id: string): ModelNode | undefined {
    return this.nodes.find((n) => n.id === id);
  }

  /** Adds a stack output. */
  public addOutput(output: { logicalId: string; path: string; source?: SourceLocation; value: unknown; description?: string; exportName?: string }): void {
    this.claimLogicalId(output.logicalId, output.path, 'output');
    this.outputs.push({
      logicalId: output.logicalId,
      value: this.resolve(output.value, output.path),
      ...(output.description !== undefined ? { description: output.description } : {}),
      ...(output.exportName !== undefined ? { exportName: this.resolve(output.exportName, output.path) } : {}),
      origin: originOf(output.path, output.source),
    });
  }

  /** Registers a code asset (deduplicated by content hash). */
  public addAsset(asset: AssetModel): void {
    this.assets.set(asset.id, asset);
  }

  /** A symbolic reference to an attribute of a resource in this stack. */
  public ref(target: IConstruct, attr: string, from: string): RefValue {
    this.checkSameStack(target, from);
    return { $ref: target.node.path, attr };
  }

  /**
   * Turns a user value into model data: tokens become references (or joins of literal parts and
   * references), `undefined` fields are dropped, arrays and plain objects are walked.
   * @param from construct path, for error messages
   */
  public resolve(value: unknown, from: string): ModelValue {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'string') return this.resolveString(value, from);
    if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => this.resolve(v, from));
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, ModelValue> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) out[k] = this.resolve(v, from);
      }
      return out;
    }
    throw new LambdaformError(from, `cannot use a value of type ${describe(value)} here; use strings, numbers, booleans, arrays and plain objects`);
  }

  private resolveString(value: string, from: string): ModelValue {
    if (!Token.isUnresolved(value)) return value;
    const parts = Token.split(value).map((p) => {
      if (typeof p === 'string') return p;
      if (p.kind === 'pseudo') return { $pseudo: p.name } as const;
      return this.ref(p.target, p.attr, from);
    });
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!;
    return { $join: parts };
  }

  private checkSameStack(target: IConstruct, from: string): void {
    if (!(target instanceof Resource)) {
      throw new LambdaformError(from, `references ${target.node.path}, which is not a resource`);
    }
    if (target.stack !== this.stack) {
      throw new LambdaformError(from, `references ${target.node.path} in another stack (${target.stack.node.path}); cross-stack references are not supported yet: put both in one stack`);
    }
  }

  private claimLogicalId(logicalId: string, path: string, what = 'resource'): void {
    const key = `${what}:${logicalId}`;
    const other = this.logicalIds.get(key);
    if (other !== undefined) {
      throw new LambdaformError(path, `logical id '${logicalId}' is already used by ${other}; rename one of the constructs or call overrideLogicalId()`);
    }
    this.logicalIds.set(key, path);
  }

  /** Checks every reference points at a node of the stack and returns the finished stack model. */
  public finish(): StackModel {
    const ids = new Set(this.nodes.map((n) => n.id));
    const check = (v: unknown, at: string): void => {
      if (Array.isArray(v)) v.forEach((x) => check(x, at));
      else if (typeof v === 'object' && v !== null) {
        if ('$ref' in v && !ids.has((v as RefValue).$ref)) {
          throw new LambdaformError(at, `references ${(v as RefValue).$ref}, which is not a resource of stack ${this.stack.node.path}`);
        }
        Object.values(v).forEach((x) => check(x, at));
      }
    };
    for (const n of this.nodes) check(n.props, n.id);
    for (const e of this.edges) check(e.props, e.id);
    for (const o of this.outputs) check(o.value, o.origin.path);
    for (const n of this.nodes) rejectTokens({ props: n.props, tags: n.tags }, n.id);
    for (const e of this.edges) rejectTokens(e.props, e.id);
    for (const o of this.outputs) rejectTokens(o, o.origin.path);
    return {
      name: this.stack.stackName,
      path: this.stack.node.path,
      ...(this.stack.description !== undefined ? { description: this.stack.description } : {}),
      tags: Tags.effective(this.stack),
      nodes: this.nodes,
      edges: this.edges,
      outputs: this.outputs,
      assets: [...this.assets.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
  }
}

/**
 * A token left in the model sits in a property that takes a literal string only (a description,
 * a tag value, a name): refuse it with the property's path instead of writing `${Token[3]}` into
 * a template.
 */
function rejectTokens(v: unknown, path: string, at: string[] = []): void {
  if (typeof v === 'string') {
    if (Token.isUnresolved(v)) {
      throw new LambdaformError(path, `${at.join('.')} must be a literal string; it contains a deploy-time value (a token such as queue.queueName), got '${v}'`);
    }
  } else if (Array.isArray(v)) v.forEach((x, i) => rejectTokens(x, path, [...at, String(i)]));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) rejectTokens(x, path, [...at, k]);
}

function originOf(path: string, source: SourceLocation | undefined): Origin {
  return source ? { path, source } : { path };
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return v.constructor?.name ?? 'object';
  return typeof v;
}
