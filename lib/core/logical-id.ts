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
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Checks a user-supplied logical id. */
export function checkLogicalId(path: string, id: string): void {
  if (!LOGICAL_ID_RE.test(id)) {
    throw new LambdaformError(path, `logical id must be 1-255 letters and digits starting with a letter, got '${id}'`);
  }
}
