import type { Finding } from '../types.js';
import { active, summary } from './summary.js';

/**
 * Findings for programs: `{ version, summary, findings }`, deterministic. Acknowledged findings
 * are counted in `summary.suppressed` and listed (with `suppressed: {reason, by}`) only when
 * `showSuppressed` is set.
 */
export function formatJson(findings: readonly Finding[], opts: { showSuppressed?: boolean } = {}): string {
  const listed = opts.showSuppressed ? findings : active(findings);
  return `${JSON.stringify({ version: 1, summary: summary(findings), findings: listed }, null, 2)}\n`;
}
