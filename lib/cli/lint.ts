import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOW_ENV, parseNow } from '../core/app.js';
import { LambdaformError } from '../core/errors.js';
import { RULES } from '../lint/rules/index.js';
import { activeRules, lint, rank, type OptionDefaults } from '../lint/engine.js';
import { active } from '../lint/formatters/summary.js';
import type { Finding, LintConfig, Rule, RuleSetting, Severity } from '../lint/types.js';
import { closest, distance } from 'fastest-levenshtein';
import type { AppModel } from '../model/types.js';
import { CONFIG_FILE, readConfig } from './config.js';
import { loadCustomRules } from './custom-rules.js';
import { CliError } from './errors.js';
import { loadAppModel } from './run-app.js';
import { AnalysisCache } from '../lint/handlers/cache.js';
import { createHandlerAnalyzer } from '../lint/handlers/analyzer.js';
import { VERSION } from './version.js';
import { printWarnings } from './warnings.js';
import { EXIT_FINDINGS, hasColors, type FailOn, type LintFormat } from './lint-options.js';

export { EXIT_FINDINGS, FAIL_ON, hasColors, LINT_FORMATS, type FailOn, type LintFormat } from './lint-options.js';

/** Options of `lambdaform lint`. */
export interface LintOptions {
  readonly app?: string;
  /** Template files, directories or globs to lint instead of an app. */
  readonly templates?: readonly string[];
  /** `--parameter Key=Value` values for the templates' parameters. */
  readonly parameter?: readonly string[];
  /** `--parameters file.json`: parameter values in the CloudFormation CLI's format. */
  readonly parameters?: string;
  readonly format: LintFormat;
  readonly failOn: FailOn;
  readonly appTimeout?: number;
  /** List acknowledged findings too, with their reasons. */
  readonly showSuppressed?: boolean;
  /** Colour the text output. @default on a terminal that has colours (stdout), off otherwise */
  readonly color?: boolean;
  /** `--preset`: the rules that run, over lambdaform.json's `lint.preset`. */
  readonly preset?: 'recommended' | 'strict';
  /** `--rule id=severity` (severity `error`, `warning`, `info` or `off`), over lambdaform.json's `lint.rules` (a rule's options there are kept). */
  readonly rule?: readonly string[];
}

/** What the command line sets of the linter's configuration: `--preset` and `--rule`. */
export interface LintOverrides {
  readonly preset?: 'recommended' | 'strict';
  readonly rule?: readonly string[];
}

/** lambdaform.json's lint section with the command line's `--preset` and `--rule` over it; a bad `--rule` is a usage error. */
function withOverrides(config: LintConfig, overrides: LintOverrides, rules: readonly Rule[]): LintConfig {
  if (overrides.preset === undefined && !overrides.rule?.length) return config;
  const settings: Record<string, RuleSetting> = { ...(config.rules ?? {}) };
  const ids = rules.map((r) => r.meta.id);
  for (const arg of overrides.rule ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(arg);
    const [id, severity] = m ? [m[1]!.trim(), m[2]!.trim()] : [arg, ''];
    if (!['error', 'warning', 'info', 'off'].includes(severity)) throw new CliError(`--rule ${arg}: expected <rule>=<severity>, the severity error, warning, info or off (--rule sqs-visibility-timeout=error)`);
    if (!ids.includes(id)) {
      const near = closest(id, ids);
      throw new CliError(`--rule ${arg}: unknown rule '${id}'${distance(id, near) <= 3 ? `; did you mean '${near}'?` : ''} (rules: ${[...ids].sort().join(', ')})`);
    }
    const current = settings[id];
    settings[id] = Array.isArray(current) && current[1] !== undefined && severity !== 'off' ? [severity as Severity, current[1]] : (severity as Severity | 'off');
  }
  return { ...config, ...(overrides.preset !== undefined ? { preset: overrides.preset } : {}), rules: settings };
}

/** What one lint run found, and with which rules. */
export interface LintRun {
  readonly findings: Finding[];
  /** Every rule known to the run: the built-in ones and the project's custom rules. */
  readonly rules: readonly Rule[];
  /** The rules that ran (the preset and the configuration). */
  readonly ran: readonly Rule[];
}

/**
 * Lints a model with lambdaform.json's `lint` section (the recommended preset by default, the
 * project's custom rules from `lint.customRules`); bad configuration is a usage error.
 */
export async function lintWithConfig(model: AppModel, cwd: string, optionDefaults: OptionDefaults = {}, overrides: LintOverrides = {}): Promise<LintRun> {
  const fromFile = (readConfig(cwd)?.lint ?? {}) as LintConfig;
  const rules = [...RULES, ...(await loadCustomRules(fromFile.customRules, cwd, RULES))];
  const config = withOverrides(fromFile, overrides, rules);
  try {
    // Handler analyses kept between runs: a second run of an unchanged app does not load the TypeScript compiler.
    const handlers = createHandlerAnalyzer(cwd, model, process.env.LAMBDAFORM_ANALYSIS_CACHE === 'off' ? undefined : new AnalysisCache());
    const findings = lint(model, config, rules, parseNow(process.env[NOW_ENV]), handlers, optionDefaults);
    return { findings, rules, ran: activeRules(config, rules, undefined, optionDefaults).map((a) => a.rule) };
  } catch (e) {
    if (e instanceof LambdaformError && e.code === 'invalid-config') throw new CliError(`${CONFIG_FILE}: ${e.detail}`);
    throw e;
  }
}

/**
 * The file findings without a line of their own are attached to, where a format needs a file
 * (SARIF uploads, GitLab): the app file when the app is one, else lambdaform.json.
 */
function fallbackFile(app: string | undefined, cwd: string): string {
  const file = app ?? readConfig(cwd)?.app;
  if (file && fs.existsSync(path.resolve(cwd, file)) && fs.statSync(path.resolve(cwd, file)).isFile()) return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
  return CONFIG_FILE;
}

/**
 * The findings in the format asked for. Each format's writer is loaded when asked for (as the
 * template importer below): `synth` and a text lint load none of the others.
 */
export async function formatFindings(run: LintRun, opts: LintOptions, cwd: string): Promise<string> {
  const showSuppressed = opts.showSuppressed === true;
  switch (opts.format) {
    case 'json':
      return (await import('../lint/formatters/json.js')).formatJson(run.findings, { showSuppressed });
    case 'sarif':
      return (await import('../lint/formatters/sarif.js')).formatSarif(run.findings, run.rules, { version: VERSION, root: cwd, showSuppressed, fallbackFile: fallbackFile(opts.app, cwd) });
    case 'github':
      return (await import('../lint/formatters/github.js')).formatGithub(run.findings, { showSuppressed });
    case 'junit':
      return (await import('../lint/formatters/junit.js')).formatJunit(run.findings, run.ran, { showSuppressed });
    case 'gitlab':
      return (await import('../lint/formatters/gitlab.js')).formatGitlab(run.findings, { root: cwd, fallbackFile: fallbackFile(opts.app, cwd) });
    case 'text':
      return (await import('../lint/formatters/text.js')).formatText(run.findings, { showSuppressed, color: opts.color ?? hasColors(process.stdout) });
  }
}

/** The model to lint: the templates named, or else the app's. */
async function modelToLint(opts: LintOptions, cwd: string, loadApp: typeof loadAppModel): Promise<AppModel> {
  const templates = opts.templates ?? [];
  if (templates.length === 0) {
    if (opts.parameter?.length || opts.parameters !== undefined) throw new CliError('--parameter and --parameters apply to templates: name the template files to lint (lambdaform lint template.yaml --parameter Stage=prod)');
    return loadApp(opts.app, cwd, { appTimeout: opts.appTimeout });
  }
  if (opts.app !== undefined) throw new CliError(`lint either an app (--app ${opts.app}) or templates (${templates.join(' ')}), not both`);
  const { importTemplateArgs } = await import('./templates.js');
  return importTemplateArgs(templates, opts, cwd);
}

/**
 * `lambdaform lint`: runs the app (or reads the templates named), lints its model with the rules of lambdaform.json's `lint`
 * section (the `recommended` preset by default), prints the findings and returns the exit code:
 * 0 when none reaches `--fail-on`, 1 when one does (usage and input errors are 2, thrown).
 * Acknowledged findings do not count.
 */
export async function lintCommand(
  opts: LintOptions,
  cwd = process.cwd(),
  write: (text: string) => void = (t) => process.stdout.write(t),
  /** How the app's model is loaded (tests reuse one run of an app). */
  loadApp: typeof loadAppModel = loadAppModel,
): Promise<number> {
  const model = await modelToLint(opts, cwd, loadApp);
  const run = await lintWithConfig(model, cwd, {}, { preset: opts.preset, rule: opts.rule });
  // An imported template's warnings, but those a rule of the same name reported as findings (not-linted): in the output, once.
  printWarnings(model.stacks.filter((s) => s.imported), undefined, run.findings);
  write(await formatFindings(run, opts, cwd));
  return opts.failOn !== 'none' && active(run.findings).some((f) => rank(f.severity) >= rank(opts.failOn as Severity)) ? EXIT_FINDINGS : 0;
}
