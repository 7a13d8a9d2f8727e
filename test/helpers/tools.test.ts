// Missing external tools: skipped with a reason locally, an error in CI (LAMBDAFORM_REQUIRE_TOOLS=1).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REQUIRE_TOOLS_ENV, toolRequirement, toolsRequired } from './tools.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('toolRequirement', () => {
  it('runs the tests when the tool is there, whatever the environment', () => {
    expect(toolRequirement(true, 'unused', {})).toBe('run');
    expect(toolRequirement(true, 'unused', { [REQUIRE_TOOLS_ENV]: '1' })).toBe('run');
  });

  it('skips them with the printed reason when the tool is missing and tools are not required', () => {
    // GIVEN no requirement / WHEN the tool is missing
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // THEN the tests are skipped and the reason is printed
    for (const env of [{}, { [REQUIRE_TOOLS_ENV]: '' }, { [REQUIRE_TOOLS_ENV]: '0' }, { [REQUIRE_TOOLS_ENV]: 'false' }]) {
      expect(toolRequirement(false, 'the frob command is missing', env)).toBe('skip');
    }
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls[0]![0]).toContain('SKIPPED: the frob command is missing');
  });

  it('throws with the reason when the tool is missing and tools are required (CI)', () => {
    for (const value of ['1', 'true', 'yes']) {
      expect(toolsRequired({ [REQUIRE_TOOLS_ENV]: value })).toBe(true);
      expect(() => toolRequirement(false, 'the frob command is missing', { [REQUIRE_TOOLS_ENV]: value })).toThrow(
        `the frob command is missing\n${REQUIRE_TOOLS_ENV}=${value} is set (as in CI): a missing tool fails the tests instead of skipping them`,
      );
    }
  });
});

/** Imports a helper in a fresh Node with `env` added (and tools hidden), as a test file would. */
function importHelper(helper: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const script = `await import(${JSON.stringify(pathToFileURL(path.join(HERE, helper)).href)});`;
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== REQUIRE_TOOLS_ENV));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    // No cfn-lint on this PATH, and no such Python.
    env: { ...base, PATH: path.join(ROOT, 'no-such-dir'), PYTHON: path.join(ROOT, 'no-such-dir', 'python3'), ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

describe.each([
  ['cfn-lint.ts', 'the cfn-lint command is not available here'],
  ['sam-translate.ts', 'aws-sam-translator is not importable'],
])('the %s helper, where its tool is missing', (helper, reason) => {
  it(`fails at import when ${REQUIRE_TOOLS_ENV}=1`, () => {
    const r = importHelper(helper, { [REQUIRE_TOOLS_ENV]: '1' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain(`${REQUIRE_TOOLS_ENV}=1 is set (as in CI)`);
  });

  it('imports, printing why its tests are skipped, otherwise', () => {
    const r = importHelper(helper, {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`SKIPPED: ${reason}`);
  });
});
