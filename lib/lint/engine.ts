/**
 * Runs lint rules over an AppModel: which rules run (the preset and the configuration), with
 * which severity and options, and the findings, sorted so the output is deterministic.
 */
import { closest, distance } from 'fastest-levenshtein';
import { LambdaformError } from '../core/errors.js';
import { StackGraph } from '../model/graph.js';
import type { AppModel } from '../model/types.js';
import { RULES } from './rules/index.js';
import type { Finding, LintConfig, Rule, RuleSetting, Severity } from './types.js';

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];

/** A rule as it runs: its severity and options after the configuration. */
interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  /** The configuration names the severity: every finding of the rule gets it. */
  readonly overridden: boolean;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The rules that run under a configuration, with their severity and options. Unknown rule ids
 * and malformed settings are refused (naming `where`, the configuration file), never ignored.
 */
export function activeRules(config: LintConfig = {}, rules: readonly Rule[] = RULES, where = 'lint configuration'): ActiveRule[] {
  const preset = config.preset ?? 'recommended';
  if (preset !== 'recommended' && preset !== 'strict') throw new LambdaformError(where, `lint.preset must be 'recommended' or 'strict', got ${JSON.stringify(preset)}`, 'invalid-config');
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const settings = config.rules ?? {};
  for (const id of Object.keys(settings)) {
    if (byId.has(id)) continue;
    const near = closest(id, [...byId.keys()]);
    const hint = near !== undefined && distance(id, near) <= 3 ? `; did you mean '${near}'?` : '';
    throw new LambdaformError(where, `lint.rules has the unknown rule '${id}'${hint} (rules: ${[...byId.keys()].sort().join(', ')})`, 'invalid-config');
  }
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = parseSetting(settings[rule.meta.id], rule.meta.id, where);
    const on = setting ? setting.severity !== 'off' : preset === 'strict' || rule.meta.recommended;
    if (!on) continue;
    const severity = setting && setting.severity !== 'off' ? setting.severity : rule.meta.severity;
    out.push({ rule, severity, overridden: setting !== undefined && setting.severity !== 'off', options: { ...(rule.meta.defaultOptions ?? {}), ...(setting?.options ?? {}) } });
  }
  return out;
}

function parseSetting(setting: RuleSetting | undefined, id: string, where: string): { severity: Severity | 'off'; options?: Record<string, unknown> } | undefined {
  if (setting === undefined) return undefined;
  const [severity, options] = Array.isArray(setting) ? setting : [setting, undefined];
  if (severity !== 'off' && !SEVERITIES.includes(severity as string)) {
    throw new LambdaformError(where, `lint.rules.${id} must be 'error', 'warning', 'info' or 'off' (or [severity, options]), got ${JSON.stringify(setting)}`, 'invalid-config');
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new LambdaformError(where, `lint.rules.${id}: options must be an object, got ${JSON.stringify(options)}`, 'invalid-config');
  }
  return { severity: severity as Severity | 'off', ...(options ? { options: options as Record<string, unknown> } : {}) };
}

/** Lints every stack of a model: the findings, sorted by stack, path and rule. */
export function lint(model: AppModel, config: LintConfig = {}, rules: readonly Rule[] = RULES, now: Date = new Date()): Finding[] {
  const active = activeRules(config, rules);
  const findings: Finding[] = [];
  for (const stack of model.stacks) {
    const graph = StackGraph.of(stack);
    for (const { rule, severity, overridden, options } of active) {
      rule.check({
        stack,
        graph,
        options,
        now,
        report: (r) => {
          // A rule may report some findings at another severity (error below one threshold, warning
          // below the other); a severity the configuration names applies to all its findings.
          const level = overridden ? severity : (r.severity ?? severity);
          findings.push({
            rule: rule.meta.id,
            severity: level,
            stack: stack.name,
            path: r.at.origin.path,
            ...(r.at.logicalId !== undefined ? { logicalId: r.at.logicalId } : {}),
            ...(r.at.origin.source ? { source: r.at.origin.source } : {}),
            message: r.message,
            ...(r.hint !== undefined ? { hint: r.hint } : {}),
            docs: rule.meta.docs,
          });
        },
      });
    }
  }
  return findings.sort((a, b) => cmp(a.stack, b.stack) || cmp(a.path, b.path) || cmp(a.rule, b.rule) || cmp(a.message, b.message));
}

/** error 2, warning 1, info 0. */
export function rank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
