/**
 * Runs cfn-lint (1.51, with aws-sam-translator 1.110 for SAM templates) on a template file.
 * Where the `cfn-lint` command is absent, `cfnLintAvailable` is false and the calling test is
 * skipped with a printed reason; it is installed on the development machines and in CI.
 */
import { spawnSync } from 'node:child_process';

const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
/** True when the `cfn-lint` command runs here. */
export const cfnLintAvailable = probe.status === 0;
/** The reason printed when tests that need cfn-lint are skipped. */
export const cfnLintSkipReason = cfnLintAvailable ? '' : `SKIPPED: the cfn-lint command is not available here (${probe.error?.message ?? probe.stderr?.trim() ?? 'not found'}); install it with \`pip install cfn-lint\``;
if (!cfnLintAvailable) console.warn(cfnLintSkipReason);

/** cfn-lint's version line, for test names. */
export const cfnLintVersion = cfnLintAvailable ? probe.stdout.trim() : 'absent';

export interface LintResult {
  /** Exit status: 0 clean, bit 2 errors, bit 4 warnings, bit 8 informational. */
  readonly status: number;
  /** Findings that are errors (rule ids starting with E). */
  readonly errors: string[];
  readonly output: string;
}

/** Lints one file; findings are parsed from the parseable format. */
export function cfnLint(file: string): LintResult {
  const r = spawnSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const errors = output.split('\n').filter((l) => /:E\d{4}:/.test(l));
  return { status: r.status ?? -1, errors, output };
}
