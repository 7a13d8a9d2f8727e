import { NOW_ENV, parseNow } from '../core/app.js';
import { LambdaformError } from '../core/errors.js';
import { RULES } from '../lint/rules/index.js';
import { lint, rank } from '../lint/engine.js';
import { formatJson } from '../lint/formatters/json.js';
import { active } from '../lint/formatters/summary.js';
import { formatText } from '../lint/formatters/text.js';
import type { Finding, LintConfig, Severity } from '../lint/types.js';
import type { AppModel } from '../model/types.js';
import { CONFIG_FILE, readConfig } from './config.js';
import { CliError } from './errors.js';
import { loadAppModel } from './run-app.js';

/** Output formats of `lint`. */
export const LINT_FORMATS = ['text', 'json'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** The lowest severity that fails the run (`none`: never fail). */
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Options of `lambdaform lint`. */
export interface LintOptions {
  readonly app?: string;
  readonly format: LintFormat;
  readonly failOn: FailOn;
  readonly appTimeout?: number;
  /** List acknowledged findings too, with their reasons. */
  readonly showSuppressed?: boolean;
}

/** Exit code when a finding reaches `--fail-on`. */
export const EXIT_FINDINGS = 1;

/** Lints a model with lambdaform.json's `lint` section (the recommended preset by default); bad configuration is a usage error. */
export function lintWithConfig(model: AppModel, cwd: string): Finding[] {
  const config = readConfig(cwd)?.lint ?? {};
  try {
    return lint(model, config as LintConfig, RULES, parseNow(process.env[NOW_ENV]));
  } catch (e) {
    if (e instanceof LambdaformError && e.code === 'invalid-config') throw new CliError(`${CONFIG_FILE}: ${e.detail}`);
    throw e;
  }
}

/**
 * `lambdaform lint`: runs the app, lints its model with the rules of lambdaform.json's `lint`
 * section (the `recommended` preset by default), prints the findings and returns the exit code:
 * 0 when none reaches `--fail-on`, 1 when one does (usage and input errors are 2, thrown).
 * Acknowledged findings do not count.
 */
export async function lintCommand(opts: LintOptions, cwd = process.cwd(), write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const model = await loadAppModel(opts.app, cwd, { appTimeout: opts.appTimeout });
  const findings = lintWithConfig(model, cwd);
  const show = { showSuppressed: opts.showSuppressed === true };
  write(opts.format === 'json' ? formatJson(findings, show) : formatText(findings, show));
  return opts.failOn !== 'none' && active(findings).some((f) => rank(f.severity) >= rank(opts.failOn as Severity)) ? EXIT_FINDINGS : 0;
}
