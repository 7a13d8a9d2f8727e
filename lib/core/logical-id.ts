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
  if (!LOGICAL_ID_RE.test(id)) {
    throw new LambdaformError(constructPath, `cannot derive a logical id from this path (got '${id}'); give the construct an id with letters, or call overrideLogicalId()`);
  }
  return id;
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
