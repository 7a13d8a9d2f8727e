import type { Finding } from '../types.js';
import { active, summary } from './summary.js';

/**
 * Findings for people: grouped by resource (construct path, with the user's file:line), each
 * with its severity, message, rule id and how to fix it; a summary line at the end. Acknowledged
 * findings are counted in the summary and listed, with their reason, only when `showSuppressed`.
 */
export function formatText(findings: readonly Finding[], opts: { showSuppressed?: boolean } = {}): string {
  const listed = opts.showSuppressed ? findings : active(findings);
  const s = summary(findings);
  const acknowledged = s.suppressed > 0 ? `; ${s.suppressed} acknowledged${opts.showSuppressed ? '' : ' (--show-suppressed lists them)'}` : '';
  if (listed.length === 0) return `lambdaform lint: no problems${acknowledged}\n`;
  const lines: string[] = [];
  let current = '';
  for (const f of listed) {
    const group = `${f.stack} ${f.path}`;
    if (group !== current) {
      if (current) lines.push('');
      lines.push(`${f.path}${f.source ? `  (${f.source.file}:${f.source.line})` : ''}`);
      current = group;
    }
    lines.push(`  ${(f.suppressed ? 'ack' : f.severity).padEnd(7)}  ${f.message}  [${f.rule}]`);
    if (f.suppressed) lines.push(`           acknowledged (${f.suppressed.by === 'code' ? 'Lint.acknowledge' : 'lambdaform.json'}): ${f.suppressed.reason}`);
    else if (f.hint) lines.push(`           fix: ${f.hint}`);
  }
  const counted = s.error + s.warning + s.info;
  lines.push('', `${counted} problem${counted === 1 ? '' : 's'} (${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info)${acknowledged}`);
  return `${lines.join('\n')}\n`;
}
