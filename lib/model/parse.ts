/**
 * Reading a model document (`model.json`, written by an app for the CLI): the text must be JSON,
 * of the model version this library reads, and have the shape of an AppModel. A corrupt or
 * foreign file is then reported as such, naming the file and the bad part
 * (`model.json: stacks[0].nodes[3].kind must be one of function, version, ..., got 'lambda'`),
 * instead of failing somewhere inside a backend.
 *
 * The check is of the document's structure (what every reader relies on), not of each kind's
 * properties: those are the builder's business.
 */
import { LambdaformError } from '../core/errors.js';
import { MODEL_VERSION, type AppModel, type EdgeKind, type NodeKind } from './types.js';

/** Every node kind; the compiler keeps it complete and exact. */
const NODE_KINDS: Readonly<Record<NodeKind, true>> = {
  function: true,
  version: true,
  alias: true,
  layer: true,
  queue: true,
  topic: true,
  bucket: true,
  table: true,
  stream: true,
  api: true,
  schedule: true,
  role: true,
  raw: true,
};

/** Every edge kind; the compiler keeps it complete and exact. */
const EDGE_KINDS: Readonly<Record<EdgeKind, true>> = {
  eventSourceMapping: true,
  destination: true,
  grant: true,
  invokePermission: true,
  apiRoute: true,
  subscription: true,
  notification: true,
  ruleTarget: true,
};

type JsonObject = { readonly [key: string]: unknown };

/**
 * Parses and checks a model document. `file` names it in errors (the LambdaformError's path); the
 * detail starts with the location of the bad part (`stacks[0].nodes[3].kind`) when there is one.
 */
const REMOVAL_POLICIES = ['destroy', 'retain', 'snapshot', 'retain-on-update-or-delete'];

export function parseModel(text: string, file: string): AppModel {
  const fail = (detail: string): never => {
    throw new LambdaformError(file, detail);
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') fail('is empty; the app that wrote it probably stopped while writing it');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    fail(`is not valid JSON (${(e as Error).message}); it is corrupt or truncated, or not a lambdaform app model`);
  }
  if (!isObject(data)) return fail(`is not a lambdaform app model: expected a JSON object with "version" and "stacks", got ${describe(data)}`);
  if (!('version' in data)) fail('has no "version": it is not a lambdaform app model');
  if (data.version !== MODEL_VERSION) {
    if (typeof data.version !== 'number') fail(`version must be a number, got ${describe(data.version)}`);
    fail(
      `is a version ${data.version} model, but this lambdaform reads version ${MODEL_VERSION} models: the app and the CLI use different lambdaform versions; run the lambdaform CLI the app itself depends on (npx lambdaform), or give both the same version`,
    );
  }
  new ShapeChecker(fail).app(data);
  return data as unknown as AppModel;
}

/** Walks the document, failing at the first part that has the wrong shape. */
class ShapeChecker {
  constructor(private readonly fail: (detail: string) => never) {}

  public app(doc: JsonObject): void {
    const stacks = this.array(doc.stacks, 'stacks');
    stacks.forEach((s, i) => this.stack(s, `stacks[${i}]`));
  }

  private stack(value: unknown, at: string): void {
    const s = this.object(value, at);
    this.string(s.name, `${at}.name`, true);
    this.string(s.path, `${at}.path`);
    if (s.origin !== undefined) this.origin(s.origin, `${at}.origin`);
    this.optionalString(s.description, `${at}.description`);
    this.optionalStringMap(s.tags, `${at}.tags`);
    this.array(s.nodes, `${at}.nodes`).forEach((n, i) => this.node(n, `${at}.nodes[${i}]`));
    this.array(s.edges, `${at}.edges`).forEach((e, i) => this.edge(e, `${at}.edges[${i}]`));
    this.array(s.outputs, `${at}.outputs`).forEach((o, i) => this.output(o, `${at}.outputs[${i}]`));
    this.array(s.assets, `${at}.assets`).forEach((a, i) => this.asset(a, `${at}.assets[${i}]`));
    if (s.parameters !== undefined) {
      for (const [id, p] of Object.entries(this.object(s.parameters, `${at}.parameters`))) {
        const o = this.object(p, `${at}.parameters.${id}`);
        this.string(o.type, `${at}.parameters.${id}.type`, true);
        this.origin(o.origin, `${at}.parameters.${id}.origin`);
      }
    }
    if (s.conditions !== undefined) {
      for (const [id, c] of Object.entries(this.object(s.conditions, `${at}.conditions`))) {
        const o = this.object(c, `${at}.conditions.${id}`);
        if (!('expression' in o)) this.fail(`${at}.conditions.${id}.expression is missing`);
        this.origin(o.origin, `${at}.conditions.${id}.origin`);
      }
    }
  }

  private node(value: unknown, at: string): void {
    const n = this.object(value, at);
    this.string(n.id, `${at}.id`, true);
    this.kind(n.kind, `${at}.kind`, NODE_KINDS);
    this.string(n.logicalId, `${at}.logicalId`, true);
    this.origin(n.origin, `${at}.origin`);
    this.object(n.props, `${at}.props`);
    this.optionalStringMap(n.tags, `${at}.tags`);
    if (n.removalPolicy !== undefined && !REMOVAL_POLICIES.includes(n.removalPolicy as string)) {
      this.fail(`${at}.removalPolicy must be one of ${REMOVAL_POLICIES.join(', ')}, got ${JSON.stringify(n.removalPolicy)}`);
    }
    this.overridesAndDependencies(n, at);
  }

  private edge(value: unknown, at: string): void {
    const e = this.object(value, at);
    this.string(e.id, `${at}.id`, true);
    this.kind(e.kind, `${at}.kind`, EDGE_KINDS);
    this.string(e.from, `${at}.from`, true);
    this.optionalString(e.to, `${at}.to`);
    this.optionalString(e.logicalId, `${at}.logicalId`);
    this.optionalStringMap(e.derivedLogicalIds, `${at}.derivedLogicalIds`);
    this.origin(e.origin, `${at}.origin`);
    this.object(e.props, `${at}.props`);
    this.overridesAndDependencies(e, at);
  }

  private output(value: unknown, at: string): void {
    const o = this.object(value, at);
    this.string(o.logicalId, `${at}.logicalId`, true);
    if (!('value' in o)) this.fail(`${at}.value is missing`);
    this.optionalString(o.description, `${at}.description`);
    this.origin(o.origin, `${at}.origin`);
  }

  private asset(value: unknown, at: string): void {
    const a = this.object(value, at);
    this.string(a.id, `${at}.id`, true);
    this.string(a.path, `${at}.path`, true);
    this.optionalString(a.bundledFrom, `${at}.bundledFrom`);
    if (a.zipFile !== undefined && typeof a.zipFile !== 'boolean') this.fail(`${at}.zipFile must be a boolean, got ${describe(a.zipFile)}`);
    for (const key of ['exclude', 'include']) {
      if (a[key] !== undefined) this.array(a[key], `${at}.${key}`).forEach((p, i) => this.string(p, `${at}.${key}[${i}]`));
    }
  }

  private origin(value: unknown, at: string): void {
    const o = this.object(value, at);
    this.string(o.path, `${at}.path`);
    if (o.source === undefined) return;
    const s = this.object(o.source, `${at}.source`);
    this.string(s.file, `${at}.source.file`);
    if (typeof s.line !== 'number') this.fail(`${at}.source.line must be a number, got ${describe(s.line)}`);
  }

  private overridesAndDependencies(x: JsonObject, at: string): void {
    if (x.overrides !== undefined) {
      this.array(x.overrides, `${at}.overrides`).forEach((o, i) => this.string(this.object(o, `${at}.overrides[${i}]`).path, `${at}.overrides[${i}].path`));
    }
    if (x.dependsOn !== undefined) this.array(x.dependsOn, `${at}.dependsOn`).forEach((d, i) => this.string(d, `${at}.dependsOn[${i}]`));
  }

  private kind(value: unknown, at: string, kinds: Readonly<Record<string, true>>): void {
    if (typeof value === 'string' && Object.hasOwn(kinds, value)) return;
    this.fail(`${at} must be one of ${Object.keys(kinds).join(', ')}, got ${describe(value)}`);
  }

  private object(value: unknown, at: string): JsonObject {
    if (!isObject(value)) this.fail(`${at} must be an object, got ${describe(value)}`);
    return value as JsonObject;
  }

  private array(value: unknown, at: string): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(value === undefined ? `${at} is missing (it must be an array)` : `${at} must be an array, got ${describe(value)}`);
    return value as readonly unknown[];
  }

  private string(value: unknown, at: string, nonEmpty = false): void {
    if (typeof value !== 'string') this.fail(value === undefined ? `${at} is missing (it must be a string)` : `${at} must be a string, got ${describe(value)}`);
    if (nonEmpty && value === '') this.fail(`${at} must not be empty`);
  }

  private optionalString(value: unknown, at: string): void {
    if (value !== undefined) this.string(value, at);
  }

  private optionalStringMap(value: unknown, at: string): void {
    if (value === undefined) return;
    const m = this.object(value, at);
    for (const [k, v] of Object.entries(m)) this.string(v, `${at}.${k}`);
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value as messages show it: strings quoted, containers by type. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  return String(v);
}
