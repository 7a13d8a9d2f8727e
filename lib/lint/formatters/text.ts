import type { Finding } from '../types.js';
import { summary } from './summary.js';

/**
 * Findings for people: grouped by resource (construct path, with the user's file:line), each
 * with its severity, message, rule id and how to fix it; a summary line at the end.
 */
export function formatText(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'lambdaform lint: no problems\n';
  const lines: string[] = [];
  let current = '';
  for (const f of findings) {
    const group = `${f.stack} ${f.path}`;
    if (group !== current) {
      if (current) lines.push('');
      lines.push(`${f.path}${f.source ? `  (${f.source.file}:${f.source.line})` : ''}`);
      current = group;
    }
    lines.push(`  ${f.severity.padEnd(7)}  ${f.message}  [${f.rule}]`);
    if (f.hint) lines.push(`           fix: ${f.hint}`);
  }
  const s = summary(findings);
  lines.push('', `${findings.length} problem${findings.length === 1 ? '' : 's'} (${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info)`);
  return `${lines.join('\n')}\n`;
}
