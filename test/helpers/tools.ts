/**
 * External tools some tests need (cfn-lint, the SAM translator). Where one is missing, the tests
 * that need it are skipped with a printed reason; in CI (`.ci/run` sets LAMBDAFORM_REQUIRE_TOOLS=1)
 * a missing tool is an error instead, so a broken CI image cannot pass by skipping them.
 */

/** Environment variable that makes a missing tool an error (set by `.ci/run`). */
export const REQUIRE_TOOLS_ENV = 'LAMBDAFORM_REQUIRE_TOOLS';

/** Whether `env` asks for missing tools to be errors: set, and not empty, `0` or `false`. */
export function toolsRequired(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const v = env[REQUIRE_TOOLS_ENV]?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/**
 * What to do about a tool: `'run'` when it is available; else `'skip'`, after printing `reason`;
 * or, when `env` requires tools, throws an Error with `reason` (at a helper's import, that fails
 * every test file that uses the tool).
 */
export function toolRequirement(available: boolean, reason: string, env: Readonly<Record<string, string | undefined>> = process.env): 'run' | 'skip' {
  if (available) return 'run';
  if (toolsRequired(env)) {
    throw new Error(`${reason}\n${REQUIRE_TOOLS_ENV}=${env[REQUIRE_TOOLS_ENV]} is set (as in CI): a missing tool fails the tests instead of skipping them`);
  }
  console.warn(`SKIPPED: ${reason} (set ${REQUIRE_TOOLS_ENV}=1 to make this an error)`);
  return 'skip';
}
