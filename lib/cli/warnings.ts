import type { Finding } from '../lint/types.js';
import type { StackModel } from '../model/types.js';

/**
 * The stacks' warnings (a deprecated runtime, a `*` action, a part of a template not linted), one
 * line each: they do not stop the command. A warning the linter also reported, as a finding of
 * the rule of the warning's code on the same stack (at the same path, or with the same message),
 * is left to that finding: each is said once.
 */
export function printWarnings(stacks: readonly StackModel[], write: (line: string) => void = (l) => process.stderr.write(l), findings: readonly Finding[] = []): void {
  for (const s of stacks) {
    for (const w of s.warnings ?? []) {
      if (findings.some((f) => f.stack === s.name && f.rule === w.code && (f.path === w.path || f.message === w.message))) continue;
      write(`lambdaform: warning: ${w.path ? `${w.path}: ` : ''}${w.message}\n`);
    }
  }
}
