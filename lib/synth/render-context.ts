import { LambdaformError } from '../core/errors.js';
import { StackGraph } from '../model/graph.js';
import type { Acknowledgement, ModelNode, ModelValue, NodeKind, NodeOfKind, StackModel } from '../model/types.js';
import { decodeValue, hasSymbolic, isExpr, isJoin, isPseudo, isRef, isSymbolic, unescapeKey } from '../model/values.js';
import { CFN_ATTRIBUTES } from './attributes.js';

/** Name of the template parameter that holds the asset bucket. */
export const ASSET_BUCKET_PARAMETER = 'AssetsBucket';

/** Logical id SAM gives the CodeDeploy application of a template's gradual deployments; lambdaform uses the same. */
export const CODEDEPLOY_APPLICATION = 'ServerlessDeploymentApplication';

/** The S3 key of an asset's zip. */
export function assetKey(assetId: string): string {
  return `${assetId}.zip`;
}

/** `Fn::Sub` escapes a literal `${` as `${!`. */
const subEscape = (text: string): string => text.replace(/\$\{/g, '${!');

/**
 * Turns model values into CloudFormation values for one stack: references become `Ref` /
 * `Fn::GetAtt`, joins become `Fn::Sub`, escaped user keys get their `$` back. Shared by the
 * CloudFormation and SAM backends. Questions about the model go to its graph (`this.graph`).
 */
export class RenderContext {
  /** The indexed model of the stack. */
  public readonly graph: StackGraph;

  constructor(public readonly stack: StackModel) {
    this.graph = StackGraph.of(stack);
  }

  private acknowledged: Map<string, readonly Acknowledgement[]> | undefined;

  /**
   * The lint acknowledgements of the node or edge with this construct path, written to the
   * resource's Metadata: its own and those of the constructs above it, except the stack's (the
   * template's Metadata holds those).
   */
  public acknowledgementsOf(path: string): readonly Acknowledgement[] {
    if (!this.acknowledged) {
      this.acknowledged = new Map();
      const ofStack = this.stack.origin?.acknowledged ?? [];
      const own = (a: Acknowledgement) => !ofStack.some((s) => s.rule === a.rule && s.reason === a.reason);
      for (const x of [...this.stack.nodes, ...this.stack.edges]) {
        const acks = (x.origin.acknowledged ?? []).filter(own);
        if (acks.length) this.acknowledged.set(x.origin.path, acks);
      }
    }
    return this.acknowledged.get(path) ?? [];
  }

  /** A node by id; throws a clear error when the model is inconsistent. */
  public node(id: string): ModelNode {
    return this.graph.node(id);
  }

  /** A node by id that must be of `kind`. */
  public nodeOf<K extends NodeKind>(id: string, kind: K): NodeOfKind<K> {
    return this.graph.nodeOf(id, kind);
  }

  public logicalId(id: string): string {
    return this.node(id).logicalId;
  }

  /** `Ref` or `Fn::GetAtt` of a node attribute. */
  public ref(id: string, attr: string): Record<string, unknown> {
    const n = this.node(id);
    // A resource outside the stack: the value its import gave.
    if (n.imported) {
      const v = n.imported.attributes[attr];
      if (v === undefined) throw new LambdaformError(n.origin.path, `is imported (it exists outside the stack) and its ${attr} is not known; give it when importing (the fromXxxAttributes method)`, 'unknown-attribute');
      return this.value(v) as Record<string, unknown>;
    }
    // A bucket with a fixed name is referenced by name: no dependency on the bucket resource.
    if (n.kind === 'bucket' && n.props.bucketName !== undefined && (attr === 'Name' || attr === 'Arn')) {
      const name = n.props.bucketName;
      if (attr === 'Name') return name as unknown as Record<string, unknown>;
      return this.sub(['arn:', { $pseudo: 'AWS::Partition' }, `:s3:::${name}`]) as Record<string, unknown>;
    }
    // The CodeDeploy application of an alias's gradual deployment (one per template, as SAM makes it).
    if (n.kind === 'alias' && attr === 'DeploymentApplication') return { Ref: CODEDEPLOY_APPLICATION };
    const how = n.kind === 'raw' ? (attr === 'Ref' ? 'Ref' : `GetAtt:${attr}`) : CFN_ATTRIBUTES[n.kind][attr];
    if (!how) throw new LambdaformError(n.origin.path, `has no attribute '${attr}' (a ${n.kind} has ${Object.keys(CFN_ATTRIBUTES[n.kind as Exclude<NodeKind, 'raw'>]).join(', ')})`);
    return how === 'Ref' ? { Ref: n.logicalId } : { 'Fn::GetAtt': [n.logicalId, how.slice('GetAtt:'.length)] };
  }

  /** True when no `AWS::Lambda::Permission` is written for a target: its function is outside the stack and imported with `skipPermissions`. */
  public skipsPermissions(targetId: string): boolean {
    return this.graph.functionOf(targetId)?.imported?.skipPermissions === true;
  }

  /** The ARN of any node that has one. */
  public arn(id: string): Record<string, unknown> {
    return this.ref(id, 'Arn');
  }

  /** Renders a model value: the user's data, with CloudFormation intrinsics for its symbolic parts. */
  public value(v: ModelValue | undefined): unknown {
    return decodeValue(v, this.decoder);
  }

  /** How `value` writes references, pseudo parameters and joins (made once: `value` is called for every value). */
  private readonly decoder: Parameters<typeof decodeValue>[1] = {
    ref: (r) => this.ref(r.$ref, r.attr),
    pseudo: (p) => ({ Ref: p.$pseudo }),
    join: (j) => this.sub(j.$join),
  };

  /** `Fn::Sub` of literal parts and references; a literal `${` is escaped as `${!`. */
  public sub(parts: ReadonlyArray<ModelValue>): unknown {
    parts = this.expandImported(parts);
    // A deploy-time expression `Fn::Sub` cannot name (`Fn::Select`, `Fn::ImportValue`, ...): an `Fn::Join` of the parts.
    if (parts.some((p) => isExpr(p) && subName(p.$expr) === undefined)) return { 'Fn::Join': ['', parts.map((p) => this.value(p))] };
    return { 'Fn::Sub': this.subText(parts) };
  }

  /** Parts with each reference to a resource outside the stack replaced by the value its import gave. */
  private expandImported(parts: ReadonlyArray<ModelValue>): ReadonlyArray<ModelValue> {
    if (!parts.some((p) => isRef(p) && this.graph.find(p.$ref)?.imported)) return parts;
    return parts.flatMap((p): ModelValue[] => {
      const n = isRef(p) ? this.graph.find(p.$ref) : undefined;
      if (!isRef(p) || !n?.imported) return [p];
      const v = n.imported.attributes[p.attr];
      if (v === undefined) return [p]; // ref() says what is missing
      return isJoin(v) ? this.expandImported(v.$join as ModelValue[]) as ModelValue[] : this.expandImported([v]) as ModelValue[];
    });
  }

  /** The text of an `Fn::Sub` of literal parts and references. */
  private subText(parts: ReadonlyArray<ModelValue>, literal: (s: string) => string = (s) => s): string {
    let text = '';
    for (const p of this.expandImported(parts)) {
      if (typeof p === 'string') text += subEscape(literal(p));
      else if (isPseudo(p)) text += `\${${p.$pseudo}}`;
      else if (isRef(p)) {
        const r = this.ref(p.$ref, p.attr) as unknown as string | { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Sub'?: string };
        if (typeof r === 'string') text += subEscape(literal(r));
        else if (r['Fn::Sub'] !== undefined) text += r['Fn::Sub'];
        else text += r.Ref ? `\${${r.Ref}}` : `\${${r['Fn::GetAtt']![0]}.${r['Fn::GetAtt']![1]}}`;
      } else if (isExpr(p) && subName(p.$expr) !== undefined) text += `\${${subName(p.$expr)}}`;
      else throw new LambdaformError(undefined, `cannot concatenate ${JSON.stringify(isExpr(p) ? p.$expr : p)} into a string here`);
    }
    return text;
  }

  /**
   * A value as a JSON string (filter patterns, rule inputs). Without references it is the plain
   * JSON text; with references, an `Fn::Sub` whose text is the JSON with `${X.Arn}` where each
   * value goes and every literal `${` escaped. The user's keys and strings come out exactly as
   * written, whatever they contain.
   */
  public json(v: ModelValue): unknown {
    // An imported template's expression for the whole JSON text: written back as it was.
    if (isExpr(v)) return v.$expr;
    if (!hasSymbolic(v)) return JSON.stringify(this.value(v));
    if (isRef(v) && this.graph.find(v.$ref)?.imported) {
      const known = this.graph.find(v.$ref)!.imported!.attributes[v.attr];
      if (known !== undefined) return this.json(known);
    }
    const text = (x: ModelValue): string => {
      if (x === null || typeof x !== 'object') return subEscape(JSON.stringify(x));
      if (Array.isArray(x)) return `[${x.map(text).join(',')}]`;
      if (isSymbolic(x)) return `"${this.subText(isJoin(x) ? x.$join : [x], jsonStringContent)}"`;
      return `{${Object.entries(x as Record<string, ModelValue>).map(([k, y]) => `${subEscape(JSON.stringify(unescapeKey(k)))}:${text(y)}`).join(',')}}`;
    };
    return { 'Fn::Sub': text(v) };
  }

  /** Tags as the `[{ Key, Value }]` list most resource types take; undefined when there are none. */
  public tagList(tags: Readonly<Record<string, string>>): Array<{ Key: string; Value: string }> | undefined {
    const entries = Object.entries(tags);
    return entries.length ? entries.map(([Key, Value]) => ({ Key, Value })) : undefined;
  }

  /** Tags as the `{ key: value }` map some types take (API Gateway v2, SAM); undefined when there are none. */
  public tagMap(tags: Readonly<Record<string, string>>): Record<string, string> | undefined {
    return Object.keys(tags).length ? { ...tags } : undefined;
  }
}

/** The `${...}` name `Fn::Sub` gives a template expression: `Ref` of a name, `Fn::GetAtt` of a resource; undefined for any other expression. */
function subName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e) || Object.keys(e).length !== 1) return undefined;
  const o = e as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof o.Ref === 'string') return o.Ref;
  const g = o['Fn::GetAtt'];
  return Array.isArray(g) && g.length === 2 && typeof g[0] === 'string' && typeof g[1] === 'string' ? `${g[0]}.${g[1]}` : undefined;
}

/** A string's content as it appears between the quotes of its JSON form. */
function jsonStringContent(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}
