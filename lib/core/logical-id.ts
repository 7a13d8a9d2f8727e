import { createHash } from 'node:crypto';
import type { IConstruct } from 'constructs';
import { LambdaformError } from './errors.js';

/** Path components that name "the primary resource" of a construct and are left out of ids, as in CDK. */
const HIDDEN_COMPONENTS = new Set(['Resource', 'Default']);
export const LOGICAL_ID_RE = /^[A-Za-z][A-Za-z0-9]{0,254}$/;

/**
 * The readable, stable logical id of a construct: the PascalCase of its path below its stack,
 * with non-alphanumeric characters removed (`MyStack/Worker/ServiceRole` → `WorkerServiceRole`).
 * It depends on nothing but the path, so it is identical across runs and machines and does not
 * change when unrelated constructs are added.
 */
export function logicalIdFromPath(pathBelowStack: readonly string[], constructPath: string): string {
  const parts = pathBelowStack.filter((p) => !HIDDEN_COMPONENTS.has(p)).map(pascal).filter((p) => p.length > 0);
  let id = parts.join('');
  if (/^[0-9]/.test(id)) id = `R${id}`;
  id = capId(id, '', MAX_LOGICAL_ID);
  if (!LOGICAL_ID_RE.test(id)) {
    throw new LambdaformError(constructPath, `cannot derive a logical id from this path (got '${id}'); give the construct an id with letters, or call overrideLogicalId()`);
  }
  return id;
}

/** How logical ids are derived: lambdaform's readable ids, or aws-cdk-lib's (`makeUniqueId`). */
export type LogicalIdStyle = 'lambdaform' | 'cdk';

/** Where the App keeps its `LogicalIdStyle` (on the root construct, shared by every copy of lambdaform). */
export const LOGICAL_ID_STYLE = Symbol.for('lambdaform.logicalIds');

/** The context key that selects the style when `AppProps.logicalIds` is not given (cdk.json's or lambdaform.json's "context"). */
export const LOGICAL_IDS_CONTEXT = 'lambdaform:logicalIds';

/** The logical id style of the App a construct is in (`lambdaform` outside an App). */
export function logicalIdStyle(scope: IConstruct): LogicalIdStyle {
  return (scope.node.root as { [LOGICAL_ID_STYLE]?: LogicalIdStyle })[LOGICAL_ID_STYLE] ?? 'lambdaform';
}

/** CDK's length limits in `makeUniqueId`: the human part, and its hash. */
const CDK_MAX_HUMAN_LEN = 240;
const CDK_HASH_LEN = 8;

/**
 * The logical id aws-cdk-lib gives the L1 at `components` (its construct path below the stack),
 * as CDK's `makeUniqueId` does: `Default` components are dropped; a single component is the id
 * itself (letters and digits only); otherwise the human part (components without `Resource`, a
 * component left out when the one before it ends with it, non-alphanumerics removed, at most 240
 * characters) followed by the first 8 hex digits, upper case, of the MD5 of the path joined by `/`.
 */
export function cdkLogicalId(components: readonly string[], constructPath: string): string {
  const path = components.filter((c) => c !== 'Default');
  if (path.length === 0) throw new LambdaformError(constructPath, 'cannot derive a CDK logical id from an empty path');
  const alnum = (c: string): string => c.replace(/[^A-Za-z0-9]/g, '');
  if (path.length === 1) {
    const candidate = alnum(path[0]!);
    if (candidate.length <= MAX_LOGICAL_ID) return candidate;
  }
  const hash = createHash('md5').update(path.join('/')).digest('hex').slice(0, CDK_HASH_LEN).toUpperCase();
  const deduped: string[] = [];
  for (const c of path) if (deduped.length === 0 || !deduped[deduped.length - 1]!.endsWith(c)) deduped.push(c);
  const human = deduped
    .filter((c) => c !== 'Resource')
    .map(alnum)
    .join('')
    .slice(0, CDK_MAX_HUMAN_LEN);
  return human + hash;
}

/**
 * The path of a construct below its stack, when `node` (a model node: its id is its construct
 * path) has the logical id aws-cdk-lib gives it, that is when its App uses `logicalIds: 'cdk'`;
 * else undefined. The backends name the resources they derive from such a node as CDK names the
 * resources it creates below the construct (`cdkChildId`).
 */
export function cdkStylePath(stackPath: string, node: { readonly id: string; readonly logicalId: string }): string[] | undefined {
  if (!node.id.startsWith(`${stackPath}/`)) return undefined;
  const below = node.id.slice(stackPath.length + 1).split('/');
  return cdkLogicalId([...below, 'Resource'], node.id) === node.logicalId ? below : undefined;
}

/**
 * The logical id aws-cdk-lib gives a resource it creates at `child` below the construct of `node`
 * (`['EventInvokeConfig', 'Resource']`), when the node has CDK's logical id; else undefined.
 */
export function cdkChildId(stackPath: string, node: { readonly id: string; readonly logicalId: string }, child: readonly string[]): string | undefined {
  const below = cdkStylePath(stackPath, node);
  return below ? cdkLogicalId([...below, ...child], node.id) : undefined;
}

/** CDK's `Names.nodeUniqueId`: the `makeUniqueId` of a construct's whole path (the stack's id first). */
export function cdkNodeUniqueId(constructPath: string): string {
  return cdkLogicalId(constructPath.split('/'), constructPath);
}

/** CloudFormation's limit on logical ids. */
export const MAX_LOGICAL_ID = 255;

/**
 * `base + suffix`, kept within `max` characters: when too long, `base` is cut and an 8-character
 * hash of the whole keeps the id unique and stable (the same base always gives the same id).
 * Every generated logical id, name and target id goes through here, each with its own limit
 * (255 for logical ids, 64 for an EventBridge target id).
 */
export function capId(base: string, suffix: string, max: number = MAX_LOGICAL_ID): string {
  const full = `${base}${suffix}`;
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8).toUpperCase();
  return `${base.slice(0, Math.max(1, max - suffix.length - hash.length))}${hash}${suffix}`.slice(0, max);
}

/** The construct path below the nearest stack (`[]` for the stack itself). */
export function pathBelow(scope: IConstruct, stackNode: IConstruct): string[] {
  const scopes = scope.node.scopes;
  const index = scopes.indexOf(stackNode);
  return scopes.slice(index + 1).map((s) => s.node.id);
}

/** "items-api_v2" → "ItemsApiV2". */
export function pascal(s: string): string {
  let out = PASCAL.get(s);
  if (out === undefined) {
    out = s
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
    if (PASCAL.size >= PASCAL_MAX) PASCAL.clear();
    PASCAL.set(s, out);
  }
  return out;
}

/** `pascal` of the construct ids seen (most recur: `Resource`, `ServiceRole`, `Queue`, ...). */
const PASCAL = new Map<string, string>();
const PASCAL_MAX = 50_000;

/** Checks a user-supplied logical id. */
export function checkLogicalId(path: string, id: string): void {
  if (!LOGICAL_ID_RE.test(id)) {
    throw new LambdaformError(path, `logical id must be 1-255 letters and digits starting with a letter, got '${id}'`);
  }
}

/**
 * The logical id of a template element that is its construct's only resource (a parameter, a
 * condition): the construct path below the stack, or aws-cdk-lib's id with `logicalIds: 'cdk'`.
 */
export function elementLogicalId(scope: IConstruct, stackNode: IConstruct): string {
  const below = pathBelow(scope, stackNode);
  return logicalIdStyle(scope) === 'cdk' ? cdkLogicalId(below, scope.node.path) : logicalIdFromPath(below, scope.node.path);
}
