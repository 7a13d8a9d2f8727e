/**
 * The options of `lambdaform lint` and what `synth` shares with it, apart from the linter itself:
 * the CLI declares its commands from these without loading the linter (which only the commands
 * that lint load, when they run).
 */

/**
 * Output formats of `lint`: `text` for people, `json` for programs, `sarif` (SARIF 2.1.0, for
 * GitHub code scanning and other SARIF viewers), `github` (workflow annotations), `junit` (test
 * reports), `gitlab` (GitLab Code Quality).
 */
export const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** The lowest severity that fails the run (`none`: never fail). */
export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Whether a stream is a terminal that shows colours (`NO_COLOR`, `FORCE_COLOR` and `TERM` respected). */
export function hasColors(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}

/** Exit code when a finding reaches `--fail-on`. */
export const EXIT_FINDINGS = 1;
