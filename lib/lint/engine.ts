/**
 * Runs lint rules over an AppModel: which rules run (the preset and the configuration), with
 * which severity and options, and the findings, sorted so the output is deterministic.
 */
import { closest, distance } from 'fastest-levenshtein';
import { LambdaformError } from '../core/errors.js';
import { StackGraph } from '../model/graph.js';
import type { AppModel, Origin, StackModel } from '../model/types.js';
import { createHandlerAnalyzer } from './handlers/analyzer.js';
import { withStackRenders } from './templates.js';
import type { HandlerAnalyzer } from './handlers/types.js';
import { RULES } from './rules/index.js';
import type { ConfigAcknowledgement, Finding, LintConfig, Rule, RuleSetting, Severity } from './types.js';

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];
/** The keys of lambdaform.json's `lint` section. */
const CONFIG_KEYS: readonly string[] = ['preset', 'rules', 'acknowledge', 'customRules'];

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
export function activeRules(config: LintConfig = {}, rules: readonly Rule[] = RULES, where = 'lint configuration', optionDefaults: OptionDefaults = {}): ActiveRule[] {
  const unknown = Object.keys(config).filter((k) => !CONFIG_KEYS.includes(k));
  if (unknown.length > 0) {
    const k = unknown[0]!;
    const near = closest(k, [...CONFIG_KEYS]);
    const hint = distance(k, near) <= 3 ? `; did you mean '${near}'?` : '';
    throw new LambdaformError(where, `lint has the unknown key '${k}'${hint} (keys: ${CONFIG_KEYS.join(', ')})`, 'invalid-config');
  }
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
    out.push({ rule, severity, overridden: setting !== undefined && setting.severity !== 'off', options: { ...(rule.meta.defaultOptions ?? {}), ...(optionDefaults[rule.meta.id] ?? {}), ...(setting?.options ?? {}) } });
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

/**
 * Rule options the caller knows better than the rules' own defaults, by rule id (`synth` gives
 * `template-size` the format and JSON-ness it writes); the project's configuration still wins.
 */
export type OptionDefaults = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The id of the finding an acknowledgement without a reason gets. */
export const ACKNOWLEDGEMENT_RULE = 'acknowledgement-reason';

/**
 * Lints every stack of a model: the findings, sorted by stack, path and rule. Acknowledged
 * findings are kept, marked `suppressed` with the reason; an acknowledgement without a reason
 * adds an error finding of its own.
 *
 * `root` is the app's working directory, to which the model's asset paths (and so the handler
 * files rules read) are relative; or a handler analyzer to use instead of a fresh one.
 */
export function lint(model: AppModel, config: LintConfig = {}, rules: readonly Rule[] = RULES, now: Date = new Date(), root: string | HandlerAnalyzer = process.cwd(), optionDefaults: OptionDefaults = {}): Finding[] {
  const active = activeRules(config, rules, undefined, optionDefaults);
  const handlers = typeof root === 'string' ? createHandlerAnalyzer(root, model) : root;
  const configAcks = checkAcknowledgements(config.acknowledge, new Set(rules.map((r) => r.meta.id)));
  const findings: Finding[] = [];
  const unexplained = new Set<string>();
  for (const stack of model.stacks) {
    const graph = StackGraph.of(stack);
    // What the rules render for this stack is dropped once they are done (see withStackRenders).
    withStackRenders(stack, () => {
      for (const { rule, severity, overridden, options } of active) {
        runRule(rule, stack.path, {
          stack,
          graph,
          options,
          now,
          handlers,
          report: (r) => {
            // A rule may report some findings at another severity (error below one threshold, warning
            // below the other); a severity the configuration names applies to all its findings.
            const level = overridden ? severity : (r.severity ?? severity);
            const origin: Origin = r.at.origin ?? { path: stack.path };
            const logicalId = 'logicalId' in r.at ? r.at.logicalId : undefined;
            const where = {
              stack: stack.name,
              path: origin.path,
              ...(logicalId !== undefined ? { logicalId } : {}),
              ...(r.source ?? origin.source ? { source: r.source ?? origin.source } : {}),
            };
            const inCode = origin.acknowledged?.find((a) => acknowledges(a.rule, rule));
            const inConfig = configAcks.find((a) => a.rule === rule.meta.id && pathMatches(a.path, origin.path));
            const by = stack.imported ? ('template' as const) : ('code' as const);
            const suppressed = inCode ? { reason: inCode.reason, by, ...(inCode.rule !== rule.meta.id ? { via: inCode.rule } : {}) } : inConfig ? { reason: inConfig.reason, by: 'config' as const } : undefined;
            findings.push({ rule: rule.meta.id, severity: level, ...where, message: r.message, ...(hintOf(r, stack) !== undefined ? { hint: hintOf(r, stack) } : {}), docs: rule.meta.docs, ...(suppressed ? { suppressed } : {}) });
            const key = `${stack.name}\0${origin.path}\0${rule.meta.id}`;
            if (inCode && inCode.reason === '' && !unexplained.has(key)) {
              unexplained.add(key);
              findings.push({
                rule: ACKNOWLEDGEMENT_RULE,
                severity: 'error',
                ...where,
                message: `${origin.path} acknowledges ${inCode.rule === rule.meta.id ? rule.meta.id : `${rule.meta.id} (as ${inCode.rule})`} without a reason: say why the finding is acceptable here, so a reviewer can judge it`,
                hint: stack.imported
                  ? `give the acknowledgement in the resource's Metadata a reason: ${inCode.rule.startsWith('cdk-nag:') ? `cdk_nag: { rules_to_suppress: [{ id: ${inCode.rule.slice(8)}, reason: 'why this is fine here' }] }` : `lambdaform:acknowledge: [{ rule: ${rule.meta.id}, reason: 'why this is fine here' }]`}`
                  : `Lint.acknowledge(construct, '${rule.meta.id}', 'why this is fine here')`,
                docs: 'docs/rules.md#acknowledging-findings',
              });
            }
          },
        });
      }
    });
  }
  return findings.sort((a, b) => cmp(a.stack, b.stack) || cmp(a.path, b.path) || cmp(a.rule, b.rule) || cmp(a.message, b.message));
}

/**
 * Runs one rule over one stack. A rule that throws (a custom rule's bug, or ours) is reported as
 * a LambdaformError naming the rule and the stack, not as a stack trace from inside the engine.
 */
function runRule(rule: Rule, stackPath: string, context: Parameters<Rule['check']>[0]): void {
  try {
    rule.check(context);
  } catch (e) {
    if (e instanceof LambdaformError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new LambdaformError(stackPath, `lint rule '${rule.meta.id}' failed on this stack: ${why}. This is a bug in the rule; turn it off with "lint": {"rules": {"${rule.meta.id}": "off"}} in lambdaform.json until it is fixed`, 'rule-failed');
  }
}

/** The fix to show: in template terms for a stack imported from a template, when the rule has one. */
function hintOf(r: Parameters<Parameters<Rule['check']>[0]['report']>[0], stack: StackModel): string | undefined {
  return stack.imported && r.templateHint !== undefined ? r.templateHint : r.hint;
}

/**
 * Whether an acknowledged rule id names a rule: its own id, or (from an imported template's
 * Metadata) `cdk-nag:<id>` / `cfn-lint:<id>` of one of its equivalents.
 */
function acknowledges(id: string, rule: Rule): boolean {
  if (id === rule.meta.id) return true;
  const eq = rule.meta.equivalents;
  if (id.startsWith('cdk-nag:')) return eq?.cdkNag?.includes(id.slice('cdk-nag:'.length)) ?? false;
  if (id.startsWith('cfn-lint:')) return eq?.cfnLint?.includes(id.slice('cfn-lint:'.length)) ?? false;
  return false;
}

/** Checks the configuration's acknowledgements: a known rule, a path, and a reason each. */
function checkAcknowledgements(acks: unknown, rules: ReadonlySet<string>, where = 'lint configuration'): ConfigAcknowledgement[] {
  if (acks === undefined) return [];
  if (!Array.isArray(acks)) throw new LambdaformError(where, `lint.acknowledge must be a list of {"rule", "path", "reason"}, got ${JSON.stringify(acks)}`, 'invalid-config');
  return acks.map((a, i) => {
    const ok = typeof a === 'object' && a !== null && typeof a.rule === 'string' && typeof a.path === 'string' && typeof a.reason === 'string';
    if (!ok) throw new LambdaformError(where, `lint.acknowledge[${i}] must be {"rule": "<rule id>", "path": "<construct path>", "reason": "<why>"}, got ${JSON.stringify(a)}`, 'invalid-config');
    if (!rules.has(a.rule)) throw new LambdaformError(where, `lint.acknowledge[${i}] names the unknown rule '${a.rule}'`, 'invalid-config');
    if (a.reason.trim() === '') throw new LambdaformError(where, `lint.acknowledge[${i}] (${a.rule} for ${a.path}) has no reason: say why the finding is acceptable there`, 'invalid-config');
    return a as ConfigAcknowledgement;
  });
}

/** `Stack/Fn` matches itself; `Stack/Fn*` every path that starts with `Stack/Fn`. */
function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** error 2, warning 1, info 0. */
export function rank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
