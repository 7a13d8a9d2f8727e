/**
 * Builds the AppModel from a construct tree: validates the tree (every error at once), then asks
 * each construct that contributes to the model (`_toModel`) for its nodes and edges, turns tokens
 * into symbolic references, escapes user keys, drops `undefined`, and checks the result against
 * the model's invariants (`lib/model/check.ts`). It lives with the constructs: the model layer
 * itself knows nothing of them.
 */
import type { IConstruct } from 'constructs';
import { Annotations, Lint } from './annotations.js';
import { LambdaformError, LambdaformValidationError } from './errors.js';
import { isModelContributor, Resource } from './resource.js';
import type { SourceLocation } from './source.js';
import { Stack } from './stack.js';
import { Tags } from './tags.js';
import { invokeAspects } from './aspects.js';
import { Intrinsic, Token, type TokenTarget } from './tokens.js';
import { checkStack } from '../model/check.js';
import {
  MODEL_VERSION,
  type AppModel,
  type AssetModel,
  type ConditionModel,
  type EdgeKind,
  type EdgeOfKind,
  type ModelEdge,
  type ModelNode,
  type ModelValue,
  type NodeKind,
  type NodeOfKind,
  type Origin,
  type OutputModel,
  type ParameterModel,
  type PropertyOverride,
  type RefValue,
  type StackModel,
} from '../model/types.js';
import { escapeKey, sanitize } from '../model/values.js';

/** Validates the construct tree (all errors at once) and walks it into the AppModel. */
export function buildModel(root: IConstruct): AppModel {
  // Aspects first, as aws-cdk-lib's synthesis does: what they add or change is validated and built.
  invokeAspects(root);
  // The tree as the aspects left it, walked once (validation adds nothing to it).
  const all = root.node.findAll();
  validateTree(all);
  const stacks = all.filter(Stack.isStack);
  if (stacks.length === 0) {
    throw new LambdaformError(undefined, 'the app has no stacks: create at least one `new Stack(app, "Name")`', 'no-stacks');
  }
  const names = new Map<string, string>();
  for (const s of stacks) {
    const other = names.get(s.stackName);
    if (other) throw new LambdaformError(s.node.path, `stack name '${s.stackName}' is already used by ${other}`, 'duplicate-stack-name');
    names.set(s.stackName, s.node.path);
  }
  // Each stack's constructs, in the tree's order (a nested stack's are its own, as `Stack.of` says).
  const byStack = new Map<Stack, IConstruct[]>(stacks.map((s) => [s, []]));
  for (const c of all) {
    if (Stack.isStack(c)) continue;
    // The nearest stack above; none for the App and what is made directly in it (no resources).
    let s: IConstruct | undefined = c.node.scope;
    while (s !== undefined && !Stack.isStack(s)) s = s.node.scope;
    if (s !== undefined) byStack.get(s)!.push(c);
  }
  return { version: MODEL_VERSION, stacks: stacks.map((s) => buildStack(s, byStack.get(s)!)) };
}

function validateTree(all: readonly IConstruct[]): void {
  const errors: LambdaformError[] = [];
  for (const c of all) {
    for (const message of c.node.validate()) errors.push(new LambdaformError(c.node.path, message));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new LambdaformValidationError(errors);
}

/** A stack's model, from the constructs that are its own (in the tree's order, the stack left out). */
function buildStack(stack: Stack, constructs: readonly IConstruct[]): StackModel {
  const builder = new StackModelBuilder(stack);
  for (const c of constructs) {
    if (!isModelContributor(c)) continue;
    try {
      c._toModel(builder);
    } catch (e) {
      if (e instanceof LambdaformError) throw e;
      // A construct whose constructor threw stays in the tree, half made: say so instead of a TypeError.
      throw new LambdaformError(c.node.path, `cannot be synthesized (${(e as Error).message}); if creating it failed earlier, fix that error first`, 'incomplete-construct');
    }
  }
  return builder.finish();
}

/** Props as constructs write them: optional settings may be `undefined` (the builder drops them). */
type Loose<T> = { [K in keyof T]: T[K] | undefined };

/** What a node needs beyond what the Resource itself knows. */
export interface NodeInput<K extends NodeKind> {
  readonly kind: K;
  readonly props: Loose<NodeOfKind<K>['props']>;
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
  /** The model's `derivedLogicalIds`: the ids of the resources the backends derive from the edge, by role. */
  readonly derivedLogicalIds?: Readonly<Record<string, string>>;
  readonly source?: SourceLocation;
  /** The construct whose resource writes the edge (an IAM Policy writes its statements): the backends skip the edge (the model's `partOf`). */
  readonly partOf?: IConstruct;
  readonly props: Loose<EdgeOfKind<K>['props']>;
}

/**
 * Collects one stack's nodes, edges, outputs and assets. Constructs call it from `_toModel`;
 * it turns tokens into symbolic references.
 */
export class StackModelBuilder {
  private readonly nodes: ModelNode[] = [];
  private readonly nodeIndex = new Map<string, ModelNode>();
  private readonly edges: ModelEdge[] = [];
  private readonly outputs: OutputModel[] = [];
  private readonly assets = new Map<string, AssetModel>();
  private readonly parameters: Record<string, ParameterModel> = {};
  private readonly conditions: Record<string, ConditionModel> = {};

  constructor(public readonly stack: Stack) {}

  /** Adds the node of a resource construct. */
  public addNode<K extends NodeKind>(resource: Resource, input: NodeInput<K>): void {
    const node = sanitize({
      id: resource.node.path,
      kind: input.kind,
      logicalId: resource.logicalId,
      origin: originOf(resource.node.path, resource.source, resource),
      tags: Tags.effective(resource),
      overrides: this.overridesOf(resource),
      dependsOn: resource._dependencies.map((d) => d.node.path),
      removalPolicy: resource._removalPolicy,
      props: input.props,
    }) as unknown as ModelNode;
    this.nodes.push(node);
    this.nodeIndex.set(node.id, node);
  }

  /**
   * Adds the node of a resource outside the stack (aws-cdk-lib's `fromXxx` imports): `props` are
   * placeholders of the kind's typed props, all listed as unknown but those in `known` (its name);
   * `attributes` (tokens or literals, resolved here) are what a reference to it stands for.
   */
  public addImportedNode<K extends NodeKind>(
    resource: Resource,
    input: NodeInput<K> & { readonly attributes: Readonly<Record<string, string | undefined>>; readonly known?: readonly string[]; readonly skipPermissions?: boolean },
  ): void {
    const path = resource.node.path;
    const attributes: Record<string, ModelValue> = {};
    for (const [k, v] of Object.entries(input.attributes)) if (v !== undefined) attributes[k] = this.resolve(v, path);
    const node = sanitize({
      id: path,
      kind: input.kind,
      logicalId: resource.logicalId,
      origin: originOf(path, resource.source, resource),
      tags: {},
      overrides: [],
      dependsOn: [],
      props: input.props,
      unknown: Object.keys(input.props).filter((k) => !(input.known ?? []).includes(k)).sort(),
      imported: { attributes, skipPermissions: input.skipPermissions || undefined },
    }) as unknown as ModelNode;
    this.nodes.push(node);
    this.nodeIndex.set(node.id, node);
  }

  /** Adds an edge. */
  public addEdge<K extends EdgeKind>(input: EdgeInput<K>): void {
    const r = input.resource;
    const id = input.id ?? r?.node.path;
    if (id === undefined) throw new Error('addEdge needs an id or a resource');
    const edge = sanitize({
      id,
      kind: input.kind,
      from: typeof input.from === 'string' ? input.from : input.from.node.path,
      to: input.to === undefined ? undefined : typeof input.to === 'string' ? input.to : input.to.node.path,
      logicalId: input.logicalId ?? r?.logicalId,
      derivedLogicalIds: input.derivedLogicalIds,
      // An edge without a construct of its own (a grant, a route) is acknowledged through the one it starts from.
      origin: originOf(id, input.source ?? r?.source, r ?? (typeof input.from === 'string' ? undefined : input.from)),
      overrides: r && r._overrides.length > 0 ? this.overridesOf(r) : undefined,
      dependsOn: r && r._dependencies.length > 0 ? r._dependencies.map((d) => d.node.path) : undefined,
      partOf: input.partOf?.node.path,
      props: input.props,
    }) as unknown as ModelEdge;
    this.edges.push(edge);
  }

  private overridesOf(r: Resource): PropertyOverride[] {
    // An override without a value deletes the property.
    return r._overrides.map((o) => (o.value === undefined ? { path: o.path } : { path: o.path, value: this.resolve(o.value, r.node.path) }));
  }

  /** A node added earlier (constructs are walked parent first), by id. */
  public getNode(id: string): ModelNode | undefined {
    return this.nodeIndex.get(id);
  }

  /** Adds a stack output. */
  public addOutput(output: { logicalId: string; path: string; source?: SourceLocation; value: unknown; description?: string; exportName?: string }): void {
    this.outputs.push(
      sanitize({
        logicalId: output.logicalId,
        value: this.resolve(output.value, output.path),
        description: output.description,
        exportName: this.resolve(output.exportName, output.path),
        origin: originOf(output.path, output.source),
      }) as OutputModel,
    );
  }

  /** Adds a template parameter (`CfnParameter`). */
  public addParameter(logicalId: string, parameter: ParameterModel): void {
    this.checkElementId(logicalId, parameter.origin.path);
    this.parameters[logicalId] = sanitize(parameter);
  }

  /** Adds a template condition (`CfnCondition`); its expression is resolved as intrinsic arguments are. */
  public addCondition(logicalId: string, path: string, expression: unknown, source?: SourceLocation): void {
    this.checkElementId(logicalId, path);
    this.conditions[logicalId] = { expression: this.expression(expression, path, 'a condition'), origin: originOf(path, source) };
  }

  private checkElementId(logicalId: string, path: string): void {
    const other = this.parameters[logicalId]?.origin.path ?? this.conditions[logicalId]?.origin.path;
    if (other !== undefined) throw new LambdaformError(path, `logical id '${logicalId}' is already used by ${other}; give one of them another id`, 'duplicate-logical-id');
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
   * references), object keys starting with `$` are escaped (`$$x`), `undefined` is dropped (and
   * `resolve(undefined)` is `undefined`), arrays and plain objects are walked.
   * @param from construct path, for error messages
   */
  public resolve<T>(value: T, from: string): T extends undefined ? undefined : ModelValue;
  public resolve(value: unknown, from: string): ModelValue | undefined {
    if (value === undefined) return undefined;
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      const target = Token.numberTarget(value);
      if (target) return this.tokenValue(target, from);
      if (!Number.isFinite(value)) throw new LambdaformError(from, `cannot use the number ${value} here; CloudFormation templates hold finite numbers only`, 'wrong-type');
      return value;
    }
    if (typeof value === 'string') return this.resolveString(value, from);
    if (Array.isArray(value)) {
      const list = Token.listTarget(value);
      if (list) return this.tokenValue(list, from, true);
      const hole = value.findIndex((v) => v === undefined);
      // JSON would write null there and a silent drop would shift the rest: neither is what the user meant.
      if (hole !== -1) throw new LambdaformError(from, `a list holds undefined at index ${hole}; remove it or give a value (a misspelt enum member or property is undefined)`, 'wrong-type');
      return value.map((v) => this.resolve(v, from) as ModelValue);
    }
    if (Intrinsic.isIntrinsic(value)) return { $expr: this.expression(value, from, value.name) };
    if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
      // fromEntries defines own properties: a user key `__proto__` stays a key.
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (v === undefined ? [] : [[escapeKey(k), this.resolve(v, from) as ModelValue]])));
    }
    throw new LambdaformError(from, `cannot use a value of type ${describe(value)} here; use strings, numbers, booleans, arrays and plain objects`, 'wrong-type');
  }

  private resolveString(value: string, from: string): ModelValue {
    if (!Token.isUnresolved(value)) return value;
    const parts = Token.split(value).map((p) => (typeof p === 'string' ? p : (this.tokenValue(p, from) as Exclude<ModelValue, string>)));
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!;
    return { $join: parts as never };
  }

  /** The model value of one token: a reference, a pseudo parameter, or a template expression (`$expr`). */
  private tokenValue(t: TokenTarget, from: string, asList = false): ModelValue {
    if (t.kind === 'pseudo') return { $pseudo: t.name };
    if (t.kind === 'ref') return this.ref(t.target, t.attr, from);
    if (t.list && !asList) {
      throw new LambdaformError(from, 'a list (such as a CfnParameter\'s valueAsList or Fn.split(...)) is used as a string, or concatenated with other items; use it where a list is taken, or make a string of it with Fn.join(\',\', list) or Fn.select(index, list)', 'wrong-type');
    }
    return { $expr: this.expression(t.expr, from, t.expr.name) };
  }

  /**
   * The template expression of an intrinsic's argument: parameters and conditions by logical id,
   * pseudo parameters as `Ref`, strings with tokens as `Fn::Join`. A reference to a resource
   * cannot be written there (the model holds resources by node, the template by the backends'
   * logical ids): refused.
   * @param fn what holds the value, for messages (`Fn::Select`)
   */
  public expression(value: unknown, from: string, fn: string): unknown {
    if (value === undefined || value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      const target = Token.numberTarget(value);
      return target ? this.targetExpression(target, from, fn) : value;
    }
    if (typeof value === 'string') {
      if (!Token.isUnresolved(value)) return value;
      const parts = Token.split(value).map((p) => (typeof p === 'string' ? p : this.targetExpression(p, from, fn)));
      return parts.length === 1 ? parts[0] : { 'Fn::Join': ['', parts] };
    }
    if (Intrinsic.isIntrinsic(value)) {
      if (value.element) {
        const e = value.element;
        if (Stack.of(e) !== this.stack) throw new LambdaformError(from, `refers to ${e.node.path} of another stack (${Stack.of(e).node.path}); a template can only refer to its own parameters and conditions: create it in this stack`, 'cross-stack-reference');
        return { [value.name]: e.logicalId };
      }
      return { [value.name]: this.expression(value.args, from, value.name) };
    }
    if (Array.isArray(value)) {
      const list = Token.listTarget(value);
      if (list) return this.targetExpression(list, from, fn);
      return value.map((v) => this.expression(v, from, fn));
    }
    if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (v === undefined ? [] : [[k, this.expression(v, from, fn)]])));
    }
    throw new LambdaformError(from, `${fn} cannot take a value of type ${describe(value)}; use strings, numbers, booleans, lists, parameters and other Fn functions`, 'wrong-type');
  }

  private targetExpression(t: TokenTarget, from: string, fn: string): unknown {
    if (t.kind === 'pseudo') return { Ref: t.name };
    if (t.kind === 'expr') return this.expression(t.expr, from, fn);
    throw new LambdaformError(
      from,
      `${fn} cannot take a reference to a resource (${t.target.node.path}'s ${t.attr}): lambdaform writes intrinsic functions over parameters, pseudo parameters and literal values only; concatenate the reference into a string instead (a template literal or Fn.join of a literal list)`,
      'unsupported-intrinsic',
    );
  }

  private checkSameStack(target: IConstruct, from: string): void {
    if (!(target instanceof Resource)) {
      throw new LambdaformError(from, `references ${target.node.path}, which is not a resource`, 'dangling-reference');
    }
    if (target.stack !== this.stack) {
      throw new LambdaformError(from, `references ${target.node.path} in another stack (${target.stack.node.path}); cross-stack references are not supported yet: put both in one stack`, 'cross-stack-reference');
    }
  }

  /** Checks the stack against the model's invariants and returns the finished stack model. */
  public finish(): StackModel {
    for (const n of this.nodes) rejectTokens({ props: n.props, tags: n.tags }, n.id);
    for (const e of this.edges) rejectTokens(e.props, e.id);
    for (const o of this.outputs) rejectTokens(o, o.origin.path);
    // Nodes, edges and outputs were sanitized as they were added.
    const stack: StackModel = {
      ...sanitize({
        name: this.stack.stackName,
        path: this.stack.node.path,
        origin: originOf(this.stack.node.path, this.stack.source, this.stack),
        description: this.stack.description,
        tags: Tags.effective(this.stack),
      }),
      nodes: this.nodes,
      edges: this.edges,
      outputs: this.outputs,
      ...sanitize({
        assets: [...this.assets.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
        parameters: Object.keys(this.parameters).length ? this.parameters : undefined,
        conditions: Object.keys(this.conditions).length ? this.conditions : undefined,
      }),
    };
    for (const [id, p] of [...Object.entries(this.parameters), ...Object.entries(this.conditions)]) {
      const node = this.nodes.find((n) => n.logicalId === id);
      if (node) throw new LambdaformError(p.origin.path, `logical id '${id}' is already used by the resource ${node.id}; parameters, conditions and resources share one namespace in a template: give one of them another id`, 'duplicate-logical-id');
    }
    const checked = checkStack(stack);
    const problems = checked.filter((p) => p.severity !== 'warning');
    const warnings = [...Annotations.collect(this.stack), ...checked.filter((p) => p.severity === 'warning')];
    if (problems.length > 0) {
      const first = problems[0]!;
      if (problems.length === 1) throw new LambdaformError(first.path, first.message, first.code, problems);
      throw new LambdaformValidationError(problems.map((p) => new LambdaformError(p.path, p.message, p.code, [p])));
    }
    return warnings.length ? { ...stack, warnings } : stack;
  }
}

/**
 * A token left in the model sits in a property that takes a literal string only (a description,
 * a tag value, a name): refuse it with the property's path instead of writing `${Token[3]}` into
 * a template.
 */
/**
 * Throws for a token (a number token, a string holding one) anywhere in `v`. `at` is the value's
 * path, pushed and popped as the walk goes and written out only in the error.
 */
function rejectTokens(v: unknown, path: string, at: string[] = []): void {
  if (typeof v === 'number' && Token.isUnresolved(v)) {
    throw new LambdaformError(path, `${at.join('.')} must be a literal number; it is a deploy-time value (a token such as a CfnParameter's valueAsNumber)`, 'token-not-allowed');
  }
  if (typeof v === 'string') {
    if (Token.isUnresolved(v)) {
      throw new LambdaformError(path, `${at.join('.')} must be a literal string; it contains a deploy-time value (a token such as queue.queueName), got '${v}'`, 'token-not-allowed');
    }
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      at.push(String(i));
      rejectTokens(v[i], path, at);
      at.pop();
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      at.push(k);
      rejectTokens((v as Record<string, unknown>)[k], path, at);
      at.pop();
    }
  }
}

function originOf(path: string, source: SourceLocation | undefined, construct?: IConstruct): Origin {
  const acknowledged = construct ? Lint.acknowledgementsOf(construct) : [];
  return { path, ...(source ? { source } : {}), ...(acknowledged.length ? { acknowledged } : {}) };
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return v.constructor?.name ?? 'object';
  return typeof v;
}
