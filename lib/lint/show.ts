/**
 * Model values as text for finding messages: literals as written, references as `${Id.Attr}`,
 * joins concatenated, and a template's own expression (a value known only at deploy) in its
 * short form (`!ImportValue shared-role-arn`), not as the model's JSON.
 */
import type { ModelValue } from '../model/types.js';
import { isExpr, isJoin, isPseudo, isRef } from '../model/values.js';

/** At most this many characters of an expression's argument are shown. */
const MAX_ARGUMENT = 60;

/** A value for a message; `refs: 'id'` shows a reference as its node id alone. */
export function showValue(v: ModelValue, refs: 'attr' | 'id' = 'attr'): string {
  if (typeof v === 'string') return v;
  if (isRef(v)) return refs === 'id' ? v.$ref : `\${${v.$ref}.${v.attr}}`;
  if (isPseudo(v)) return `\${${v.$pseudo}}`;
  if (isJoin(v)) return v.$join.map((p) => (typeof p === 'string' ? p : showValue(p, refs))).join('');
  if (isExpr(v)) return showExpression(v.$expr);
  return JSON.stringify(v);
}

/** `{ "Fn::ImportValue": "x" }` as `!ImportValue x`, `{ Ref: P }` as `!Ref P`; anything else as JSON. */
function showExpression(e: unknown): string {
  if (typeof e === 'object' && e !== null && !Array.isArray(e)) {
    const keys = Object.keys(e);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
      const arg = (e as Record<string, unknown>)[keys[0]!];
      const text = typeof arg === 'string' ? arg : JSON.stringify(arg);
      const short = text.length > MAX_ARGUMENT ? `${text.slice(0, MAX_ARGUMENT - 3)}...` : text;
      return `!${keys[0] === 'Ref' ? 'Ref' : keys[0]!.slice(4)} ${short}`;
    }
  }
  return JSON.stringify(e);
}
