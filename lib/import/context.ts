/**
 * What every resource importer shares: the template, its parameters and conditions, how a
 * template value becomes a model value, and where each resource came from (its origin, with the
 * template's line and the lint acknowledgements its Metadata carries).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Acknowledgement, AssetModel, ModelEdge, ModelNode, ModelValue, NodeKind, Origin, PseudoParameter, RefValue } from '../model/types.js';
import { escapeKey } from '../model/values.js';
import { acknowledgementsOf } from './metadata.js';
import type { TemplateDocument, TemplatePath } from './read.js';

/** A resource of the template as written. */
export interface TemplateResourceData {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: unknown;
  readonly UpdateReplacePolicy?: unknown;
  readonly UpdatePolicy?: unknown;
  readonly [key: string]: unknown;
}

const PSEUDO: ReadonlySet<string> = new Set<PseudoParameter>(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName']);

/** Marks a value that resolves to `AWS::NoValue`: the key (or list element) is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
/** A resolved template value: a model value, or nothing (`AWS::NoValue`). */
export type Resolved = ModelValue | typeof NO_VALUE;

/** How `Ref` and `Fn::GetAtt` of a resource become a model reference: the node and the model attribute. */
export interface RefTarget {
  readonly nodeId: string;
  readonly kind: NodeKind;
  /** Model attribute of `Ref`. */
  readonly ref?: string;
  /** Model attribute of each `Fn::GetAtt` attribute the model knows; others stay expressions. */
  readonly getAtt?: Readonly<Record<string, string>>;
}

export interface ImportOptions {
  /** Parameter values (`--parameter Key=Value`), over the template's defaults. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The directory template file names (and the code directories they name) are relative to. @default process.cwd() */
  readonly cwd?: string;
  /**
   * The code assets of a template lambdaform wrote (its `AssetsBucket` keys), so functions keep
   * their code directories (for the rules that read handlers and sizes).
   * @default the `assets.json` `synth` writes beside the template, when there is one
   */
  readonly assets?: readonly AssetModel[];
}

/** The import of one template: shared state of the resource importers. */
export class ImportContext {
  public readonly resources: Readonly<Record<string, TemplateResourceData>>;
  public readonly nodes: ModelNode[] = [];
  public readonly edges: ModelEdge[] = [];
  /** Code directories of the template (SAM `CodeUri`/`ContentUri` paths), as assets. */
  public readonly assets: AssetModel[] = [];
  /**
   * Logical ids kept as written, raw nodes whatever their type, never a node or edge the rules
   * read: the functions aws-cdk-lib writes for its own custom resources (`cfn/cdk-providers.ts`).
   */
  public readonly asWritten = new Set<string>();
  /** Logical ids a resource importer has taken care of (as a node, an edge, or part of one). */
  public readonly handled = new Set<string>();
  /** Parameter values the model is resolved with (string form; lists comma-separated). */
  public readonly parameterValues: Record<string, string> = {};
  private readonly targets = new Map<string, RefTarget>();
  private knownAssets: readonly AssetModel[] | undefined;
  private readonly conditionCache = new Map<string, boolean | undefined>();

  /** The directory the template's file name, and so the code directories it names, are relative to. */
  public readonly cwd: string;

  constructor(
    public readonly doc: TemplateDocument,
    options: ImportOptions = {},
  ) {
    this.cwd = options.cwd ?? process.cwd();
    this.knownAssets = options.assets;
    const t = doc.template;
    // The resources: entries with a Type. A `Fn::ForEach::*` entry the import could not expand
    // (`language-extensions.ts`, which warns of it) is no resource: it stays in the template as written.
    const resources: Record<string, TemplateResourceData> = {};
    for (const [id, r] of Object.entries((t.Resources ?? {}) as Record<string, unknown>)) {
      if (typeof r === 'object' && r !== null && !Array.isArray(r) && typeof (r as { Type?: unknown }).Type === 'string') resources[id] = r as TemplateResourceData;
    }
    this.resources = resources;
    const params = (t.Parameters ?? {}) as Record<string, { Default?: unknown; Type?: string }>;
    // A parameter of an SSM type (`AWS::SSM::Parameter::Value<String>`) is given the *name* of a
    // Systems Manager parameter, as its Default or a value; CloudFormation resolves it to that
    // parameter's value at deploy: never known here.
    const fromSsm = (name: string) => typeof params[name]?.Type === 'string' && params[name]!.Type!.startsWith('AWS::SSM::Parameter::Value<');
    // Values for parameters this template does not have are for other templates of the run.
    for (const [name, value] of Object.entries(options.parameters ?? {})) if (Object.hasOwn(params, name) && !fromSsm(name)) this.parameterValues[name] = value;
    for (const [name, p] of Object.entries(params)) {
      if (Object.hasOwn(this.parameterValues, name) || p?.Default === undefined || fromSsm(name)) continue;
      this.parameterValues[name] = Array.isArray(p.Default) ? p.Default.join(',') : String(p.Default);
    }
  }

  /**
   * The asset a lambdaform template's code key names (`<sha256>.zip` in the `AssetsBucket`
   * parameter's bucket), added to the stack's assets; undefined when it is not known.
   */
  public assetOfKey(key: string): AssetModel | undefined {
    const id = /^([0-9a-f]{64})\.zip$/.exec(key)?.[1];
    if (id === undefined) return undefined;
    this.knownAssets ??= readAssetsJson(path.resolve(this.cwd, path.dirname(this.doc.file), 'assets.json'), this.cwd);
    const asset = this.knownAssets.find((a) => a.id === id);
    if (asset && !this.assets.some((a) => a.id === id)) this.assets.push(asset);
    return asset;
  }

  /** True for a template with the SAM transform. */
  public get isSam(): boolean {
    const tr = this.doc.template.Transform;
    return tr === 'AWS::Serverless-2016-10-31' || (Array.isArray(tr) && tr.includes('AWS::Serverless-2016-10-31'));
  }

  /** Where a template path is written, for findings and errors. */
  public locate(path: TemplatePath): Origin['source'] {
    return this.doc.locate(path);
  }

  /** A node id for a resource: the construct path its `lambdaform:path` Metadata names (templates lambdaform wrote), else the logical id. */
  public idOf(logicalId: string): string {
    const path = this.resources[logicalId]?.Metadata?.['lambdaform:path'];
    return typeof path === 'string' && path !== '' ? path : logicalId;
  }

  /**
   * The path findings name a resource by: the construct path its `lambdaform:path` Metadata names,
   * else the CDK construct path its `aws:cdk:path` Metadata names (what `cdk synth` writes:
   * `Jobs/Worker/Resource` gives `Jobs/Worker`, the construct the user wrote), else the logical id.
   */
  public pathOf(logicalId: string): string {
    const metadata = this.resources[logicalId]?.Metadata;
    const own = metadata?.['lambdaform:path'];
    if (typeof own === 'string' && own !== '') return own;
    const cdk = metadata?.['aws:cdk:path'];
    return typeof cdk === 'string' && cdk !== '' ? cdk.replace(/\/Resource$/, '') : logicalId;
  }

  /**
   * The path of a node or edge id for findings: an id made from a logical id (`Queue`, or
   * `WorkerRole#grant0` for something inside that resource) named by that resource's path.
   */
  public displayPath(id: string): string {
    const hash = id.indexOf('#');
    const head = hash < 0 ? id : id.slice(0, hash);
    return Object.hasOwn(this.resources, head) && this.idOf(head) === head ? `${this.pathOf(head)}${hash < 0 ? '' : id.slice(hash)}` : id;
  }

  /** The origin of a resource: its path, the line its logical id is written on, the acknowledgements in its Metadata. */
  public origin(logicalId: string, path = this.pathOf(logicalId)): Origin {
    const source = this.locate(['Resources', logicalId]);
    const acknowledged: Acknowledgement[] = acknowledgementsOf(this.resources[logicalId]?.Metadata);
    return { path, ...(source ? { source } : {}), ...(acknowledged.length ? { acknowledged } : {}) };
  }

  /** Nodes of resources outside the template, by kind and ARN (`externalQueue`). */
  private readonly externals = new Map<string, string>();

  /**
   * The node of a queue outside the template that a resource names by a literal ARN (a dead-letter
   * queue `arn:aws:sqs:us-east-1:123456789012:jobs-dlq`): an imported node, as
   * `Queue.fromQueueArn` makes one (the backends write no resource for it; its settings are
   * unknown), made once per ARN, at the line of the resource that names it first. Undefined for
   * anything but a literal SQS ARN (a parameter, an import): what it names is not known.
   */
  public externalQueue(arn: unknown, namedBy: string): string | undefined {
    const m = typeof arn === 'string' ? /^arn:[a-z-]+:sqs:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/.exec(arn) : null;
    if (!m) return undefined;
    const key = `queue\0${arn as string}`;
    const known = this.externals.get(key);
    if (known !== undefined) return known;
    const name = m[1]!;
    // A queue of this template named so (its QueueName written out): that queue, not an outside one.
    for (const [id, r] of Object.entries(this.resources)) {
      if (r.Type !== 'AWS::SQS::Queue' || this.literal(r.Properties?.QueueName) !== name) continue;
      const own = this.targetOf(id)?.nodeId;
      if (own !== undefined) return own;
    }
    // A logical id of its own (the node's id too), taken by no resource of the template: never written.
    const base = `${namedBy}External${name.replace(/[^A-Za-z0-9]/g, '')}`;
    let logicalId = base;
    for (let i = 2; this.resources[logicalId] !== undefined || this.nodes.some((n) => n.logicalId === logicalId); i++) logicalId = `${base}${i}`;
    const [, partition, , region, account] = (arn as string).split(':');
    this.nodes.push({
      id: logicalId,
      kind: 'queue',
      logicalId,
      origin: this.origin(namedBy, arn as string),
      tags: {},
      overrides: [],
      dependsOn: [],
      props: { queueName: name, fifo: name.endsWith('.fifo'), encryption: 'sqs-managed', kmsKeyArn: undefined },
      unknown: ['encryption', 'kmsKeyArn'],
      imported: { attributes: { Arn: arn as string, Name: name, Url: `https://sqs.${region}.amazonaws.com${partition === 'aws-cn' ? '.cn' : ''}/${account}/${name}` } },
    } as unknown as ModelNode);
    this.externals.set(key, logicalId);
    return logicalId;
  }

  private nodeIndex = new Map<string, ModelNode>();
  private indexed = 0;

  /** Replaces the node at `index` of `nodes` (a node changed by what a later resource says of it). */
  public replaceNode(index: number, node: ModelNode): void {
    this.nodes[index] = node;
    if (index < this.indexed) this.nodeIndex.set(node.id, node);
  }

  /** The node with an id (nodes made so far). */
  public node(id: string | undefined): ModelNode | undefined {
    if (id === undefined) return undefined;
    if (this.indexed !== this.nodes.length) {
      for (let i = this.indexed; i < this.nodes.length; i++) this.nodeIndex.set(this.nodes[i]!.id, this.nodes[i]!);
      this.indexed = this.nodes.length;
    }
    return this.nodeIndex.get(id);
  }

  private permissionIndex: Map<string, string[]> | undefined;

  /** The logical ids of the `AWS::Lambda::Permission` resources for a principal, in template order. */
  public permissionsFor(principal: string): readonly string[] {
    if (!this.permissionIndex) {
      this.permissionIndex = new Map();
      for (const [id, r] of Object.entries(this.resources)) {
        const p = r.Properties?.Principal;
        if (r.Type !== 'AWS::Lambda::Permission' || typeof p !== 'string') continue;
        this.permissionIndex.set(p, [...(this.permissionIndex.get(p) ?? []), id]);
      }
    }
    return this.permissionIndex.get(principal) ?? [];
  }

  private grantCounts = new Map<string, number>();

  /** The next grant index of a role (`<role>#grant<i>`, as the model builder numbers them). */
  public nextGrant(roleId: string): number {
    const i = this.grantCounts.get(roleId) ?? 0;
    this.grantCounts.set(roleId, i + 1);
    return i;
  }

  /** Declares how references to a resource resolve (done by its importer before values are resolved). */
  public declareTarget(logicalId: string, target: RefTarget): void {
    this.targets.set(logicalId, target);
  }

  public targetOf(logicalId: string): RefTarget | undefined {
    return this.targets.get(logicalId);
  }

  /** The node id a template value refers to (`!Ref X`, `!GetAtt X.Arn`, or a `$ref`), when it refers to a node. */
  public nodeIdIn(v: unknown): string | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.$ref === 'string') return o.$ref;
    const id = typeof o.Ref === 'string' ? o.Ref : Array.isArray(o['Fn::GetAtt']) ? o['Fn::GetAtt'][0] : undefined;
    return typeof id === 'string' ? this.targets.get(id)?.nodeId : undefined;
  }

  /** The value of a condition, when its inputs are known. */
  public condition(name: string): boolean | undefined {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    this.conditionCache.set(name, undefined); // a cycle is unknown
    const conditions = (this.doc.template.Conditions ?? {}) as Record<string, unknown>;
    const value = Object.hasOwn(conditions, name) ? this.evaluate(conditions[name]) : undefined;
    this.conditionCache.set(name, value);
    return value;
  }

  /** Whether a resource exists once deployed: its Condition is true or unknown. */
  public exists(logicalId: string): boolean {
    const c = this.resources[logicalId]?.Condition;
    return typeof c !== 'string' || this.condition(c) !== false;
  }

  private evaluate(v: unknown): boolean | undefined {
    if (typeof v === 'boolean') return v;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const [k] = Object.keys(v);
    const arg = (v as Record<string, unknown>)[k!];
    const all = (xs: unknown): Array<boolean | undefined> => (Array.isArray(xs) ? xs.map((x) => this.evaluate(x)) : [undefined]);
    switch (k) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg) : undefined;
      case 'Fn::Not': {
        const [x] = all(arg);
        return x === undefined ? undefined : !x;
      }
      case 'Fn::And': {
        const xs = all(arg);
        return xs.includes(false) ? false : xs.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const xs = all(arg);
        return xs.includes(true) ? true : xs.includes(undefined) ? undefined : false;
      }
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) return undefined;
        const [a, b] = arg.map((x) => this.literal(x));
        return a === undefined || b === undefined ? undefined : a === b;
      }
      default:
        return undefined;
    }
  }

  /** A value as a literal string when it is one before deploy (parameters, mappings, conditions resolved). */
  public literal(v: unknown): string | undefined {
    const r = this.resolve(v, []);
    return typeof r === 'string' ? r : typeof r === 'number' || typeof r === 'boolean' ? String(r) : undefined;
  }

  /** A number, when the value is one (or a numeric string) before deploy; undefined when unknown or absent. */
  public number(v: unknown): number | undefined {
    const r = this.resolve(v, []);
    if (typeof r === 'number') return r;
    if (typeof r === 'string' && r.trim() !== '' && Number.isFinite(Number(r))) return Number(r);
    return undefined;
  }

  /** A boolean, when the value is one (or `"true"`/`"false"`) before deploy. */
  public boolean(v: unknown): boolean | undefined {
    const r = this.resolve(v, []);
    if (typeof r === 'boolean') return r;
    if (typeof r === 'string' && /^(true|false)$/i.test(r)) return r.toLowerCase() === 'true';
    return undefined;
  }

  /**
   * A template value as a model value: parameters, mappings and known conditions resolved,
   * references to modelled resources as `$ref`, `Fn::Sub`/`Fn::Join` of known parts as `$join`,
   * user keys escaped; anything known only at deploy kept as the template's own expression
   * (`$expr`). `AWS::NoValue` gives `NO_VALUE`.
   */
  public resolve(v: unknown, at: TemplatePath): Resolved {
    if (v === null || typeof v !== 'object') return v as ModelValue;
    if (Array.isArray(v)) {
      const out: ModelValue[] = [];
      v.forEach((x, i) => {
        const r = this.resolve(x, [...at, i]);
        if (r !== NO_VALUE) out.push(r);
      });
      return out;
    }
    const keys = Object.keys(v);
    const o = v as Record<string, unknown>;
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return this.intrinsic(keys[0]!, o[keys[0]!], v, at);
    const out: Record<string, ModelValue> = {};
    for (const k of keys) {
      const r = this.resolve(o[k], [...at, k]);
      if (r !== NO_VALUE) out[escapeKey(k)] = r;
    }
    return out;
  }

  /** Like `resolve`, with `AWS::NoValue` as undefined. */
  public value(v: unknown, at: TemplatePath = []): ModelValue | undefined {
    const r = this.resolve(v, at);
    return r === NO_VALUE ? undefined : r;
  }

  private intrinsic(fn: string, arg: unknown, whole: unknown, at: TemplatePath): Resolved {
    const expr = { $expr: whole } as ModelValue;
    switch (fn) {
      case 'Ref': {
        if (typeof arg !== 'string') return expr;
        if (arg === 'AWS::NoValue') return NO_VALUE;
        if (PSEUDO.has(arg)) return { $pseudo: arg as PseudoParameter };
        if (Object.hasOwn(this.parameterValues, arg)) return this.parameterValue(arg);
        return this.reference(arg, undefined) ?? expr;
      }
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : [];
        if (typeof id !== 'string' || typeof attr !== 'string') return expr;
        return this.reference(id, attr) ?? expr;
      }
      case 'Fn::Sub':
        return this.sub(arg, at) ?? expr;
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return expr;
        const list = this.resolve(arg[1], [...at, 'Fn::Join', 1]);
        if (!Array.isArray(list)) return expr;
        const parts: Array<string | RefValue | { $pseudo: PseudoParameter }> = [];
        for (const [i, x] of list.entries()) {
          if (i > 0 && arg[0] !== '') parts.push(arg[0]);
          const p = joinParts(x);
          if (!p) return expr;
          parts.push(...p);
        }
        return joined(parts);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return expr;
        const c = this.condition(arg[0]);
        if (c === undefined) return expr;
        return this.resolve(arg[c ? 1 : 2], [...at, 'Fn::If', c ? 1 : 2]);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3) return expr;
        const [m, k1, k2] = arg.slice(0, 3).map((x) => this.literal(x));
        const maps = (this.doc.template.Mappings ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
        if (m === undefined || k1 === undefined || k2 === undefined) return expr;
        const found = maps[m]?.[k1]?.[k2];
        if (found !== undefined) return this.resolve(found, at);
        const fallback = (arg[3] as { DefaultValue?: unknown } | undefined)?.DefaultValue;
        return fallback !== undefined ? this.resolve(fallback, at) : expr;
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return expr;
        const i = this.number(arg[0]);
        const list = this.resolve(arg[1], at);
        return i !== undefined && Array.isArray(list) && i >= 0 && i < list.length ? list[i]! : expr;
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || arg[0] === '') return expr;
        const s = this.resolve(arg[1], at);
        return typeof s === 'string' ? s.split(arg[0]) : expr;
      }
      case 'Fn::Length': {
        // Language extensions: the number of items of a list, or of what a function returns as one.
        const list = this.resolve(arg, [...at, 'Fn::Length']);
        return Array.isArray(list) ? list.length : expr;
      }
      default:
        return expr;
    }
  }

  private parameterValue(name: string): ModelValue {
    const p = ((this.doc.template.Parameters ?? {}) as Record<string, { Type?: string }>)[name];
    const value = this.parameterValues[name]!;
    // List parameters resolve to lists (`!Ref Subnets` where Subnets is List<AWS::EC2::Subnet::Id>).
    if (typeof p?.Type === 'string' && (p.Type.startsWith('List<') || p.Type === 'CommaDelimitedList')) return value === '' ? [] : value.split(',').map((x) => x.trim());
    return value;
  }

  /** `Ref` (attr undefined) or `Fn::GetAtt` of a resource as a model reference; undefined when the model has no such attribute. */
  private reference(logicalId: string, attr: string | undefined): ModelValue | undefined {
    const t = this.targets.get(logicalId);
    if (!t) return undefined;
    if (attr === undefined) return t.ref !== undefined ? { $ref: t.nodeId, attr: t.ref } : t.kind === 'raw' ? { $ref: t.nodeId, attr: 'Ref' } : undefined;
    const a = t.getAtt?.[attr] ?? (t.kind === 'raw' ? attr : undefined);
    return a !== undefined ? { $ref: t.nodeId, attr: a } : undefined;
  }

  private sub(arg: unknown, at: TemplatePath): ModelValue | undefined {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) && typeof arg[0] === 'string' ? [arg[0], (arg[1] ?? {}) as Record<string, unknown>] : [undefined, {}];
    if (text === undefined || typeof vars !== 'object' || vars === null) return undefined;
    const parts: Array<string | RefValue | { $pseudo: PseudoParameter }> = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1]!;
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      let r: Resolved;
      if (Object.hasOwn(vars, name)) r = this.resolve(vars[name], [...at, 'Fn::Sub', 1, name]);
      else if (name.includes('.')) {
        const dot = name.indexOf('.');
        r = this.reference(name.slice(0, dot), name.slice(dot + 1)) ?? NO_VALUE;
      } else r = this.resolve({ Ref: name }, at);
      const p = r === NO_VALUE ? undefined : joinParts(r);
      if (!p) return undefined;
      parts.push(...p);
    }
    parts.push(text.slice(last));
    return joined(parts);
  }
}

/** The assets an `assets.json` written by `synth` lists (none when there is no such file, or it is not one). */
function readAssetsJson(file: string, cwd: string): AssetModel[] {
  let data: { version?: unknown; assets?: Array<{ id?: unknown; source?: unknown; bytes?: unknown }> };
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  if (data?.version !== 1 || !Array.isArray(data.assets)) return [];
  return data.assets.flatMap((a) =>
    typeof a?.id === 'string' && typeof a.source === 'string'
      ? [{ id: a.id, path: path.relative(cwd, path.resolve(cwd, a.source)).split(path.sep).join('/') || '.', exclude: [], include: [], followSymlinks: 'external' as const, unzippedBytes: 0 }]
      : [],
  );
}

/** A resolved value as parts of a string, when it can be one. */
function joinParts(v: ModelValue): Array<string | RefValue | { $pseudo: PseudoParameter }> | undefined {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  if ('$ref' in v || '$pseudo' in v) return [v as RefValue];
  if ('$join' in v) return [...(v.$join as Array<string | RefValue>)];
  return undefined;
}

/** Parts as a model value: one string when all are literal, else `$join` with adjacent literals merged. */
function joined(parts: ReadonlyArray<string | RefValue | { $pseudo: PseudoParameter }>): ModelValue {
  const merged: Array<string | RefValue | { $pseudo: PseudoParameter }> = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p === '') continue;
      if (typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += p;
      else merged.push(p);
    } else merged.push(p);
  }
  if (merged.length === 0) return '';
  if (merged.length === 1 && typeof merged[0] === 'string') return merged[0];
  return { $join: merged };
}
