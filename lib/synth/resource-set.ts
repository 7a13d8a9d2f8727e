import { LambdaformError } from '../core/errors.js';
import { recordForManyKeys } from '../core/util.js';
import { applyOverride, setOwn } from '../model/values.js';
import type { Acknowledgement, ModelNode, PropertyOverride } from '../model/types.js';
import type { RenderContext } from './render-context.js';
import { referencedBy, references } from './cycles.js';
import type { TemplateResource } from './template.js';

/**
 * The resources of one template being built: refuses a logical id used twice (naming both
 * paths), applies escape-hatch overrides, drops undefined values and sorts property keys.
 */
export class ResourceSet {
  private readonly resources = new Map<string, WrittenResource>();
  /** The node whose resources are being added (`renderingNode`), and what each node added. */
  private current: string | undefined;
  private readonly byNode = new Map<string, WrittenResource[]>();
  /** The stack's nodes by logical id, made when first needed (see primaryNode). */
  private nodesByLogicalId: Map<string, ModelNode> | undefined;

  constructor(private readonly ctx: RenderContext) {}

  /** Resources added from now on are the node's (until the next call; undefined: nobody's). */
  public renderingNode(nodeId: string | undefined): void {
    this.current = nodeId;
  }

  /** The resources added for a node, in order (see `renderingNode`); undefined when none were recorded. */
  public writtenFor(nodeId: string): readonly WrittenResource[] | undefined {
    return this.byNode.get(nodeId);
  }

  /**
   * Adds resources another set wrote, as they are (the SAM backend takes those of nodes the
   * CloudFormation backend writes the same way): shared with that set's template, never changed.
   */
  public adopt(written: readonly WrittenResource[]): void {
    for (const w of written) {
      this.checkUnused(w.logicalId, w.path);
      this.record(w);
    }
  }

  private checkUnused(logicalId: string, path: string): void {
    const existing = this.resources.get(logicalId);
    if (existing) {
      throw new LambdaformError(path, `logical id '${logicalId}' is already used by ${existing.path}; rename one of the constructs or call overrideLogicalId()`);
    }
  }

  /** The node whose primary resource has this logical id (its path first, else the stack's nodes by logical id), or undefined. */
  private primaryNode(logicalId: string, path: string): ModelNode | undefined {
    const byPath = this.ctx.graph.find(path);
    if (byPath?.logicalId === logicalId) return byPath;
    this.nodesByLogicalId ??= new Map(this.ctx.stack.nodes.map((n) => [n.logicalId, n]));
    return this.nodesByLogicalId.get(logicalId);
  }

  private record(w: WrittenResource): void {
    this.resources.set(w.logicalId, w);
    if (this.current === undefined) return;
    const list = this.byNode.get(this.current);
    if (list) list.push(w);
    else this.byNode.set(this.current, [w]);
  }

  /** Adds a resource; `path` is the construct path it comes from (for errors and Metadata). */
  public add(logicalId: string, path: string, resource: TemplateResource, overrides: readonly PropertyOverride[] = []): void {
    this.checkUnused(logicalId, path);
    // What the resource references (the dependency check's input), gathered while its properties are copied.
    const refs: string[] = [];
    let props: Record<string, unknown> | undefined;
    if (overrides.length === 0) {
      // One pass: cleaned and sorted together.
      props = resource.Properties ? (cleanSorted(resource.Properties, refs) as Record<string, unknown>) : undefined;
      if (props && !hasKeys(props)) props = undefined;
    } else {
      props = resource.Properties ? (clean(resource.Properties) as Record<string, unknown>) : undefined;
      for (const o of overrides) props = applyOverride(props ?? {}, o.path, o.value === undefined ? undefined : this.ctx.value(o.value));
      props = props && Object.keys(props).length ? (sortKeys(props) as Record<string, unknown>) : undefined;
      references(props, refs);
    }
    // The removal policy of the node whose primary resource this is (a node's other resources keep CloudFormation's default).
    // Found by its logical id: a node's path is not always its id (a CDK template's node is named by its aws:cdk:path).
    const node = this.primaryNode(logicalId, path);
    if (node?.removalPolicy !== undefined && resource.DeletionPolicy === undefined) {
      resource = { ...resource, ...removalPolicyAttributes(node.removalPolicy) };
    }
    const acknowledged = this.ctx.acknowledgementsOf(path);
    // The resource's own Metadata, then its construct path, then its acknowledgements.
    const metadata: Record<string, unknown> = resource.Metadata ? { ...resource.Metadata, 'lambdaform:path': path } : { 'lambdaform:path': path };
    if (acknowledged.length) metadata[ACKNOWLEDGE_KEY] = acknowledgeMetadata(acknowledged);
    let out: TemplateResource;
    if (!hasAttributes(resource)) {
      // Most resources: Type, Properties and Metadata, made as one object.
      out = props ? { Type: resource.Type, Properties: props, Metadata: metadata } : { Type: resource.Type, Metadata: metadata };
    } else {
      out = { Type: resource.Type };
      if (props) out.Properties = props;
      for (const k of ATTRIBUTES) {
        if (resource[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = clean(resource[k]);
      }
      if (out.UpdatePolicy !== undefined) references(out.UpdatePolicy, refs);
      if (out.DependsOn !== undefined) for (const d of typeof out.DependsOn === 'string' ? [out.DependsOn] : out.DependsOn) refs.push(d);
      out.Metadata = metadata;
    }
    this.record({ logicalId, resource: out, path, refs });
  }

  /**
   * The logical ids each resource references (Ref, Fn::GetAtt, Fn::Sub, DependsOn; ids of
   * parameters and pseudo parameters included), as `findCycle` reads them from a template.
   */
  public dependencies(): Map<string, readonly string[]> {
    const out = new Map<string, readonly string[]>();
    // (values, not entries: no [id, r] pair per resource; each run over a template is too short for the optimizing compiler)
    for (const r of this.resources.values()) out.set(r.logicalId, r.refs);
    return out;
  }

  public has(logicalId: string): boolean {
    return this.resources.has(logicalId);
  }

  public get(logicalId: string): TemplateResource | undefined {
    return this.resources.get(logicalId)?.resource;
  }

  /** The resources, in the order they were added. */
  public toRecord(): Record<string, TemplateResource> {
    // Logical ids are letters and digits: assigned, not defined, as no id is `__proto__`.
    const out = recordForManyKeys<TemplateResource>();
    for (const r of this.resources.values()) out[r.logicalId] = r.resource;
    return out;
  }
}

/** The resource attributes written after `Properties`, in this order. */
const ATTRIBUTES = ['DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'Condition'] as const;

/** A resource as a set wrote it: its logical id, the construct path it comes from, what it references. */
export interface WrittenResource {
  readonly logicalId: string;
  readonly resource: TemplateResource;
  readonly path: string;
  readonly refs: readonly string[];
}

/**
 * The Metadata key under which lint acknowledgements are written, on a resource and on the
 * template (the stack's): `[{ rule, reason }]`. `lambdaform lint` reads it back from templates.
 */
export const ACKNOWLEDGE_KEY = 'lambdaform:acknowledge';

/** Acknowledgements as Metadata: `{ rule, reason }` each. */
export function acknowledgeMetadata(acks: readonly Acknowledgement[]): Array<{ rule: string; reason: string }> {
  return acks.map((a) => ({ rule: a.rule, reason: a.reason }));
}

/** Drops `undefined` values and empty objects/arrays that were only placeholders. */
export function clean(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) if (x !== undefined) out.push(clean(x));
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) setOwn(out, k, clean(x));
    }
    return out;
  }
  return v;
}

/** Object keys sorted alphabetically at every level, `Type` first (arrays keep their order). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v).sort(byTypeThenName);
    const out: Record<string, unknown> = {};
    for (const k of keys) setOwn(out, k, sortKeys((v as Record<string, unknown>)[k]));
    return out;
  }
  return v;
}

/**
 * `sortKeys(clean(v))`, in one pass, adding to `refs` the logical ids it references (see
 * `referencedBy`). What is clean and sorted already is returned as it is, not copied: a template
 * may share such values with the renderers' input, and nobody changes either.
 */
function cleanSorted(v: unknown, refs: string[]): unknown {
  if (Array.isArray(v)) {
    // A copy only from the first item that changes (an undefined one left out, or one copied).
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const c = x === undefined ? undefined : cleanSorted(x, refs);
      if (out === undefined && (x === undefined || c !== x)) out = v.slice(0, i);
      if (out !== undefined && c !== undefined) out.push(c);
    }
    return out ?? v;
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const names = Object.keys(o);
    // The object itself when it is clean and sorted already, and so is everything in it: nothing
    // is allocated until the first key that changes (an undefined value left out, a key out of
    // order, a value copied); then the keys kept so far are taken as they are.
    let keys: string[] | undefined;
    let values: unknown[] | undefined;
    let sorted = true;
    for (let i = 0; i < names.length; i++) {
      const k = names[i]!;
      const x = o[k];
      if (x === undefined) {
        if (keys === undefined) [keys, values] = keptSoFar(o, names, i);
        continue;
      }
      if (k === 'Ref' || k === 'Fn::GetAtt' || k === 'Fn::Sub') referencedBy(k, x, refs);
      if (sorted && i > 0 && byTypeThenName(keys === undefined ? names[i - 1]! : keys[keys.length - 1]!, k) > 0) {
        sorted = false;
        if (keys === undefined) [keys, values] = keptSoFar(o, names, i);
      }
      const c = cleanSorted(x, refs);
      if (keys === undefined && c !== x) [keys, values] = keptSoFar(o, names, i);
      if (keys !== undefined) {
        keys.push(k);
        values!.push(c);
      }
    }
    if (keys === undefined) return v;
    if (!sorted) sortTogether(keys, values!);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, values![i]);
    return out;
  }
  return v;
}

/** The first `count` keys of `o` (`names`) and their values: kept as they are (clean, in order, unchanged). */
function keptSoFar(o: Record<string, unknown>, names: readonly string[], count: number): [string[], unknown[]] {
  const keys = names.slice(0, count);
  const values = new Array<unknown>(count);
  for (let i = 0; i < count; i++) values[i] = o[keys[i]!];
  return [keys, values];
}

/** Sorts `keys` by `byTypeThenName`, and `values` along with them (stable; in place, as the few keys of a property object are, by insertion). */
function sortTogether(keys: string[], values: unknown[]): void {
  const n = keys.length;
  if (n > 32) {
    const order = keys.map((_, i) => i).sort((a, b) => byTypeThenName(keys[a]!, keys[b]!));
    const k0 = keys.slice();
    const v0 = values.slice();
    for (let i = 0; i < n; i++) {
      keys[i] = k0[order[i]!]!;
      values[i] = v0[order[i]!];
    }
    return;
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    const x = values[i];
    let j = i - 1;
    while (j >= 0 && byTypeThenName(keys[j]!, k) > 0) {
      keys[j + 1] = keys[j]!;
      values[j + 1] = values[j];
      j--;
    }
    keys[j + 1] = k;
    values[j + 1] = x;
  }
}

/** Whether the resource has any of the attributes written after `Properties` (ATTRIBUTES). */
function hasAttributes(r: TemplateResource): boolean {
  return r.DependsOn !== undefined || r.DeletionPolicy !== undefined || r.UpdateReplacePolicy !== undefined || r.UpdatePolicy !== undefined || r.Condition !== undefined;
}

function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

function byTypeThenName(a: string, b: string): number {
  return a === 'Type' ? -1 : b === 'Type' ? 1 : a < b ? -1 : a > b ? 1 : 0;
}


/** The resource attributes a removal policy is written as. */
export function removalPolicyAttributes(policy: NonNullable<ModelNode['removalPolicy']>): { DeletionPolicy: string; UpdateReplacePolicy: string } {
  switch (policy) {
    case 'destroy':
      return { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' };
    case 'retain':
      return { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
    case 'snapshot':
      return { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' };
    case 'retain-on-update-or-delete':
      return { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' };
  }
}
