import { LambdaformError } from '../core/errors.js';
import { isJoin, isPseudo, isRef, type ModelNode, type ModelValue, type NodeKind, type NodeOfKind, type StackModel } from '../model/types.js';
import { CFN_ATTRIBUTES } from './attributes.js';

/** Name of the template parameter that holds the asset bucket. */
export const ASSET_BUCKET_PARAMETER = 'AssetsBucket';

/** The S3 key of an asset's zip. */
export function assetKey(assetId: string): string {
  return `${assetId}.zip`;
}

/**
 * Turns model values into CloudFormation values for one stack: references become `Ref` /
 * `Fn::GetAtt`, joins become `Fn::Sub`. Shared by the CloudFormation and SAM backends.
 */
export class RenderContext {
  private readonly nodes = new Map<string, ModelNode>();

  constructor(public readonly stack: StackModel) {
    for (const n of stack.nodes) this.nodes.set(n.id, n);
  }

  /** A node by id; throws a clear error when the model is inconsistent. */
  public node(id: string): ModelNode {
    const n = this.nodes.get(id);
    if (!n) throw new LambdaformError(id, `is referenced but is not a resource of stack ${this.stack.name}`);
    return n;
  }

  /** A node by id that must be of `kind`. */
  public nodeOf<K extends NodeKind>(id: string, kind: K): NodeOfKind<K> {
    const n = this.node(id);
    if (n.kind !== kind) throw new LambdaformError(id, `must be a ${kind}, got a ${n.kind}`);
    return n as NodeOfKind<K>;
  }

  public logicalId(id: string): string {
    return this.node(id).logicalId;
  }

  /** `Ref` or `Fn::GetAtt` of a node attribute. */
  public ref(id: string, attr: string): Record<string, unknown> {
    const n = this.node(id);
    // A bucket with a fixed name is referenced by name: no dependency on the bucket resource.
    if (n.kind === 'bucket' && n.props.bucketName !== undefined && (attr === 'Name' || attr === 'Arn')) {
      const name = n.props.bucketName;
      if (attr === 'Name') return name as unknown as Record<string, unknown>;
      return this.sub(['arn:', { $pseudo: 'AWS::Partition' }, `:s3:::${name}`]) as Record<string, unknown>;
    }
    const how = n.kind === 'raw' ? (attr === 'Ref' ? 'Ref' : `GetAtt:${attr}`) : CFN_ATTRIBUTES[n.kind][attr];
    if (!how) throw new LambdaformError(n.origin.path, `has no attribute '${attr}' (a ${n.kind} has ${Object.keys(CFN_ATTRIBUTES[n.kind as Exclude<NodeKind, 'raw'>]).join(', ')})`);
    return how === 'Ref' ? { Ref: n.logicalId } : { 'Fn::GetAtt': [n.logicalId, how.slice('GetAtt:'.length)] };
  }

  /** The ARN of any node that has one. */
  public arn(id: string): Record<string, unknown> {
    return this.ref(id, 'Arn');
  }

  /** Renders a model value. */
  public value(v: ModelValue | undefined): unknown {
    if (v === undefined || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (isRef(v)) return this.ref(v.$ref, v.attr);
    if (isPseudo(v)) return { Ref: v.$pseudo };
    if (isJoin(v)) return this.sub(v.$join);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.value(x as ModelValue);
    return out;
  }

  /** `Fn::Sub` of literal parts and references; a literal `${` is escaped as `${!`. */
  public sub(parts: ReadonlyArray<ModelValue>): unknown {
    let text = '';
    for (const p of parts) {
      if (typeof p === 'string') text += p.replace(/\$\{/g, '${!');
      else if (isPseudo(p)) text += `\${${p.$pseudo}}`;
      else if (isRef(p)) {
        const r = this.ref(p.$ref, p.attr) as unknown as string | { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Sub'?: string };
        if (typeof r === 'string') text += r.replace(/\$\{/g, '${!');
        else if (r['Fn::Sub'] !== undefined) text += r['Fn::Sub'];
        else text += r.Ref ? `\${${r.Ref}}` : `\${${r['Fn::GetAtt']![0]}.${r['Fn::GetAtt']![1]}}`;
      } else throw new LambdaformError(undefined, `cannot concatenate ${JSON.stringify(p)} into a string`);
    }
    return { 'Fn::Sub': text };
  }

  /**
   * A value as a JSON string (filter patterns, rule inputs). References inside it become an
   * `Fn::Sub` whose text is the JSON with `${X.Arn}` where the value goes; without references it
   * is a plain string.
   */
  public json(v: ModelValue): unknown {
    const fragments: string[] = [];
    const replace = (x: ModelValue): unknown => {
      if (x === null || typeof x !== 'object') return x;
      if (Array.isArray(x)) return x.map(replace);
      if (isRef(x) || isPseudo(x) || isJoin(x)) {
        const sub = this.sub(isJoin(x) ? x.$join : [x]) as { 'Fn::Sub': string };
        fragments.push(sub['Fn::Sub']);
        return `@@lambdaform:${fragments.length - 1}@@`;
      }
      return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, replace(y as ModelValue)]));
    };
    const text = JSON.stringify(replace(v));
    if (fragments.length === 0) return text;
    return { 'Fn::Sub': text.replace(/\$\{/g, '${!').replace(/@@lambdaform:(\d+)@@/g, (_, i: string) => fragments[Number(i)]!) };
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
