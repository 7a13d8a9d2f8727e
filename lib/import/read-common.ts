/**
 * What the template reader's parts share: positions, the location tree that maps a template path
 * to where it is written, and the one way they report a problem (`LambdaformError` with the path
 * `file:line:column` and the code `invalid-template`).
 */
import { closest, distance } from 'fastest-levenshtein';
import { LambdaformError, type Problem } from '../core/errors.js';

/** A 1-based line and column in the template text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/**
 * Where one value of the template is written. `at` is the position of its map key (for a map
 * entry), of the item (for a list item) or of the short-form tag (`!Ref`) for the long-form key
 * it stands for.
 */
export interface LocNode {
  readonly at: Pos;
  /** For a scalar written on one line: where its source text starts and that text (quotes included). */
  readonly src?: { readonly pos: Pos; readonly text: string };
  /** Map entries by key, list items by index. */
  readonly children?: ReadonlyMap<string | number, LocNode>;
}

/** The 1-based line and column of an offset, given the offsets lines start at (ascending, the first 0). */
export function positionIn(lineStarts: readonly number[], offset: number): Pos {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/** The problem code of every template error. */
export const TEMPLATE_ERROR_CODE = 'invalid-template';

/** `file:line:column`, the path of a template error. */
export function positionPath(file: string, pos: Pos): string {
  return `${file}:${pos.line}:${pos.column}`;
}

/** The problem at `pos` of `file`. */
export function templateProblem(file: string, pos: Pos, message: string): Problem {
  return { code: TEMPLATE_ERROR_CODE, path: positionPath(file, pos), message };
}

/** The error for one problem at `pos` of `file`. */
export function templateError(file: string, pos: Pos, message: string): LambdaformError {
  return new LambdaformError(positionPath(file, pos), message, TEMPLATE_ERROR_CODE);
}

/** The node at `path` below `root`; a list index may be given as a number or a numeric string, a map key as a string or a number. */
export function descend(root: LocNode, path: readonly (string | number)[]): LocNode | undefined {
  let node: LocNode | undefined = root;
  for (const seg of path) {
    const children: ReadonlyMap<string | number, LocNode> | undefined = node?.children;
    if (!children) return undefined;
    node = children.get(seg) ?? (typeof seg === 'number' ? children.get(String(seg)) : /^\d+$/.test(seg) ? children.get(Number(seg)) : undefined);
  }
  return node;
}

/** `; did you mean 'X'?` when one of `known` is close to `name`, else ''. */
export function didYouMean(name: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const suggestion = closest(name, known as string[]);
  return distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean '${suggestion}'?` : '';
}

/** `a map`, `a list`, `a string`, `null`... for messages about a value of the wrong kind. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const shown = JSON.stringify(value);
  return `a ${typeof value} (${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}

/** A plain (non-list) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
