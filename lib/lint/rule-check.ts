/**
 * Checks a rule that does not come with lambdaform (a custom rule a project loads): the shape the
 * engine relies on, so a mistake in it is reported where it was made, never as a crash mid-run.
 */
import { LambdaformError } from '../core/errors.js';
import type { Rule } from './types.js';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)?$/;
const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info'];

/**
 * The rules of a custom rule module (its default export or `rules` export: a rule or a list of
 * rules), checked: `meta.id` kebab-case (optionally `prefix/name`), unique and not a built-in
 * rule's, `meta.severity`, `meta.description`, `meta.recommended`, and a `check` function.
 * `where` names the module in errors.
 */
export function checkCustomRules(exported: unknown, where: string, taken: ReadonlySet<string>): Rule[] {
  const list = Array.isArray(exported) ? exported : exported === undefined || exported === null ? [] : [exported];
  if (list.length === 0) throw new LambdaformError(where, 'exports no rules: export a rule (`export default { meta, check }`) or a list of rules as the default export or as `rules`', 'invalid-config');
  const seen = new Set(taken);
  return list.map((r, i) => {
    const at = list.length > 1 ? `rule ${i + 1}` : 'the rule';
    const fail = (what: string): never => {
      throw new LambdaformError(where, `${at}: ${what}`, 'invalid-config');
    };
    if (typeof r !== 'object' || r === null) fail(`must be an object { meta, check }, got ${JSON.stringify(r)}`);
    const { meta, check } = r as Partial<Rule>;
    if (typeof meta !== 'object' || meta === null) fail('has no meta: give { id, severity, description, recommended }');
    const m = meta as unknown as Record<string, unknown>;
    if (typeof m.id !== 'string' || !ID.test(m.id)) fail(`meta.id must be kebab-case (optionally 'prefix/name'), such as 'team/no-public-queue', got ${JSON.stringify(m.id)}`);
    const id = m.id as string;
    if (seen.has(id)) fail(`meta.id '${id}' is already taken (${taken.has(id) ? 'a built-in rule' : 'another custom rule'}); choose another, such as 'team/${id}'`);
    seen.add(id);
    if (!SEVERITIES.includes(m.severity)) fail(`meta.severity of '${id}' must be 'error', 'warning' or 'info', got ${JSON.stringify(m.severity)}`);
    if (typeof m.description !== 'string' || m.description.trim() === '') fail(`meta.description of '${id}' must say in one line what the rule checks`);
    if (typeof m.recommended !== 'boolean') fail(`meta.recommended of '${id}' must be true (runs under the recommended preset) or false (strict only), got ${JSON.stringify(m.recommended)}`);
    if (m.defaultOptions !== undefined && (typeof m.defaultOptions !== 'object' || m.defaultOptions === null || Array.isArray(m.defaultOptions))) fail(`meta.defaultOptions of '${id}' must be an object`);
    if (typeof check !== 'function') fail(`'${id}' has no check function: check(context) reports findings with context.report({ at, message, hint })`);
    return { meta: { ...(meta as Rule['meta']), docs: typeof m.docs === 'string' ? m.docs : where }, check: check as Rule['check'] };
  });
}
