import type { Finding } from '../types.js';
import { summary } from './summary.js';

/** Findings for programs: `{ version, summary, findings }`, deterministic. */
export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ version: 1, summary: summary(findings), findings }, null, 2)}\n`;
}
