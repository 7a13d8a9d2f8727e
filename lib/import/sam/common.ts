/**
 * What the SAM importers share: the state of one SAM import (what it kept without modelling), the
 * plan of each function (its node ids and what SAM generates for it), and small helpers for
 * origins, edges, code and JSON strings.
 */
import type { UnmodelledItem, AssetModel, CodeModel, EdgeKind, EdgeOfKind, ModelEdge, ModelNode, ModelValue, NodeKind, Origin, PropertyOverride, SourceLocation } from '../../model/types.js';
import { sanitize } from '../../model/values.js';
import { declareNodeTarget } from '../cfn/nodes.js';
import { NO_VALUE, type ImportContext, type RefTarget, type TemplateResourceData } from '../context.js';
import { acknowledgementsOf } from '../metadata.js';
import type { PropertyReader } from '../props.js';
import { codeAsset } from '../code-assets.js';
import { obj, parseJson, strings } from '../values.js';

export { obj, parseJson, strings };

/**
 * Something a SAM template says that the model cannot hold (yet): an event type lambdaform does
 * not model, an event whose source is outside the template, a SAM-only property. The function
 * (or other resource) is imported all the same; this record names what was left out, so that a
 * finding can point at it.
 */
export interface SamUnmodelled extends UnmodelledItem {
  /** Its template value, as written (Globals merged, intrinsics in their long form). */
  readonly value: unknown;
}

/** An AWS::Serverless::Function and the nodes SAM generates for it, planned before any value is resolved. */
export interface FunctionPlan {
  readonly logicalId: string;
  /** The function node id. */
  readonly id: string;
  /** True when lambdaform wrote the template (the resource has `lambdaform:path` Metadata). */
  readonly written: boolean;
  /** The resource with its Properties merged with `Globals.Function`. */
  readonly resource: TemplateResourceData;
  readonly props: Record<string, unknown>;
  /** `AutoPublishAlias`: the alias SAM creates, and its version. */
  readonly alias?: { readonly name: string; readonly id: string; readonly logicalId: string; readonly versionId: string };
  /** The role SAM generates when `Role` is absent (`<Function>Role`). */
  readonly generatedRole?: { readonly id: string; readonly logicalId: string };
  /** What SAM's events invoke: the alias when there is one, else the function. */
  readonly target: string;
}

/** The state of one SAM import. */
export class SamImport {
  public readonly unmodelled: SamUnmodelled[] = [];
  public readonly functions = new Map<string, FunctionPlan>();
  /** The kind of each node declared as a reference target, by node id (nodes planned but not built yet included). */
  private readonly declared = new Map<string, NodeKind>();

  constructor(public readonly ctx: ImportContext) {}

  /** True when lambdaform wrote the resource (its Metadata names its construct path). */
  public written(logicalId: string): boolean {
    const p = this.ctx.resources[logicalId]?.Metadata?.['lambdaform:path'];
    return typeof p === 'string' && p !== '';
  }

  /** Where a path below a resource's Properties is written; the resource's line when the value comes from Globals. */
  public at(logicalId: string, ...below: Array<string | number>): SourceLocation | undefined {
    return this.ctx.locate(['Resources', logicalId, 'Properties', ...below]) ?? this.ctx.locate(['Resources', logicalId]);
  }

  /** The origin of something a resource generates: its own id, the line of `below`, the resource's acknowledgements. */
  public originAt(logicalId: string, id: string, ...below: Array<string | number>): Origin {
    const source = this.at(logicalId, ...below);
    const acknowledged = acknowledgementsOf(this.ctx.resources[logicalId]?.Metadata);
    return { path: id, ...(source ? { source } : {}), ...(acknowledged.length ? { acknowledged } : {}) };
  }

  /** Records something the model does not hold. */
  public keep(resource: string, below: ReadonlyArray<string | number>, type: string, reason: string, value: unknown, nodeId?: string): void {
    const source = this.ctx.locate(['Resources', resource, 'Properties', ...below]);
    this.unmodelled.push({ resource, ...(nodeId !== undefined ? { nodeId } : {}), path: below.join('.'), type, reason, ...(source ? { source } : {}), value });
  }

  /** Adds a node (sanitized: no undefined anywhere). */
  public addNode(n: ModelNode): ModelNode {
    const node = sanitize(n);
    this.ctx.nodes.push(node);
    return node;
  }

  /** Adds an edge (sanitized); its id must be unique. */
  public addEdge<K extends EdgeKind>(e: EdgeOfKind<K>): EdgeOfKind<K> {
    const edge = sanitize(e);
    this.ctx.edges.push(edge as ModelEdge);
    return edge;
  }

  /** Declares how references to a resource (or to something SAM generates) resolve, and remembers the node's kind. */
  public declare(logicalId: string, kind: Exclude<NodeKind, 'raw'>, nodeId: string): void {
    declareNodeTarget(this.ctx, logicalId, kind, nodeId);
    this.declared.set(nodeId, kind);
  }

  /** Declares a target of another form (`MyFn.Alias`), and remembers the node's kind. */
  public declareTarget(logicalId: string, target: RefTarget): void {
    this.ctx.declareTarget(logicalId, target);
    this.declared.set(target.nodeId, target.kind);
  }

  /** The kind of the node of an id: built, or declared as a reference target. */
  public kindOf(nodeId: string | undefined): NodeKind | undefined {
    if (nodeId === undefined) return undefined;
    return this.ctx.node(nodeId)?.kind ?? this.declared.get(nodeId);
  }

  /**
   * `CodeUri`/`ContentUri` (or `InlineCode`) as code: a local directory is an asset (its path
   * resolved against the template's directory), `s3://bucket/key` or `{ Bucket, Key, Version }` an
   * S3 object.
   */
  public code(r: PropertyReader, uriKey: 'CodeUri' | 'ContentUri'): CodeModel {
    const inline = r.raw('InlineCode');
    if (inline !== undefined) {
      const source = this.ctx.literal(inline);
      if (source !== undefined) return { kind: 'inline', source };
      r.markUnknown('code', 'InlineCode', r.value('InlineCode'));
      return { kind: 'inline', source: '' };
    }
    const raw = r.raw(uriKey);
    if (raw === undefined) return { kind: 'bucket', bucket: '', key: '' }; // a container image (ImageUri), kept as a SAM property
    const v = r.value(uriKey);
    if (typeof v === 'string') {
      const s3 = /^s3:\/\/([^/]+)\/(.+?)(?:\?versionId=(.+))?$/.exec(v);
      if (s3) return { kind: 'bucket', bucket: s3[1]!, key: s3[2]!, ...(s3[3] ? { objectVersion: s3[3] } : {}) };
      return { kind: 'asset', assetId: this.asset(v).id };
    }
    if (v && typeof v === 'object' && !Array.isArray(v) && ('Bucket' in v || 'Key' in v)) {
      const o = v as Record<string, ModelValue>;
      return { kind: 'bucket', bucket: o.Bucket ?? '', key: o.Key ?? '', ...(typeof o.Version === 'string' ? { objectVersion: o.Version } : {}) };
    }
    r.markUnknown('code', uriKey, v);
    return { kind: 'bucket', bucket: '', key: '' };
  }

  /** The asset of a code directory (or .zip file) named in the template (see `codeAsset`). */
  public asset(uri: string): AssetModel {
    return codeAsset(this.ctx, uri);
  }
}

/**
 * Overrides of an edge's or node's resource from what a reader left unread (and the expressions of
 * unknown props), renamed to the CloudFormation property of the resource SAM makes; what has no
 * CloudFormation name there is returned apart (it is kept as unmodelled).
 */
export function splitOverrides(r: PropertyReader, cfnNames: Readonly<Record<string, string>>): { overrides: PropertyOverride[]; rest: PropertyOverride[] } {
  const overrides: PropertyOverride[] = [];
  const rest: PropertyOverride[] = [];
  for (const o of r.overrides()) {
    const [head, ...tail] = o.path.split('.');
    const name = cfnNames[head!];
    if (name !== undefined) overrides.push({ ...o, path: [name, ...tail].join('.') });
    else rest.push(o);
  }
  return { overrides, rest };
}

/** The same names, for properties SAM passes through unchanged. */
export function same(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, n]));
}

/**
 * Whether SAM creates the queue or topic of an `EventInvokeConfig` destination (`OnSuccess` or
 * `OnFailure`): an SQS or SNS destination without `Destination`, or whose `Destination` resolves to
 * `AWS::NoValue` (`!If [Cond, !Ref AWS::NoValue, arn]`: SAM creates it under that condition).
 */
export function generatesDestination(ctx: ImportContext, d: Record<string, unknown>, type: string | undefined): boolean {
  return (type === 'SQS' || type === 'SNS') && (d.Destination === undefined || ctx.resolve(d.Destination, []) === NO_VALUE);
}

/** A queue or topic SAM creates for a function (an async destination without ARN, an SNS event's SqsSubscription, a rule's dead-letter queue), declared in the plan. */
export function addGeneratedNode(sam: SamImport, plan: FunctionPlan, logicalId: string, kind: 'queue' | 'topic', at: ReadonlyArray<string | number>, fifo = false): string {
  const id = sam.ctx.targetOf(logicalId)?.nodeId ?? logicalId;
  if (sam.ctx.nodes.some((n) => n.id === id)) return id;
  const origin = sam.originAt(plan.logicalId, id, ...at);
  const base = { id, logicalId, origin, tags: {}, overrides: [], dependsOn: [] };
  // An SQS queue CloudFormation creates without properties is encrypted with SQS-managed keys.
  if (kind === 'queue') sam.addNode({ ...base, kind: 'queue', props: { fifo, encryption: 'sqs-managed' } });
  else sam.addNode({ ...base, kind: 'topic', props: { fifo } });
  return id;
}
