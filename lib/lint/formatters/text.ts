import { styleText } from 'node:util';
import type { Finding, Severity } from '../types.js';
import { active, summary } from './summary.js';

type Style = Parameters<typeof styleText>[0];
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * Findings for people: grouped by resource (construct path, with the user's file:line), each
 * with its severity, message, rule id and how to fix it; a summary line at the end. Acknowledged
 * findings are counted in the summary and listed, with their reason, only when `showSuppressed`.
 */
export function formatText(findings: readonly Finding[], opts: { showSuppressed?: boolean; color?: boolean } = {}): string {
  // Colours only when asked (the CLI asks on a terminal that has them): escapes never reach files or CI logs.
  const paint = (style: Style, text: string): string => (opts.color ? styleText(style, text, { validateStream: false }) : text);
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
      lines.push(`${paint('bold', f.path)}${f.source ? paint('dim', `  (${f.source.file}:${f.source.line})`) : ''}`);
      current = group;
    }
    const label = (f.suppressed ? 'ack' : f.severity).padEnd(7);
    lines.push(`  ${paint(f.suppressed ? 'dim' : SEVERITY_STYLE[f.severity], label)}  ${f.message}  ${paint('dim', `[${f.rule}]`)}`);
    if (f.suppressed) lines.push(`           acknowledged (${f.suppressed.by === 'code' ? 'Lint.acknowledge' : f.suppressed.by === 'template' ? `template Metadata${f.suppressed.via ? `, ${f.suppressed.via}` : ''}` : 'lambdaform.json'}): ${f.suppressed.reason}`);
    else if (f.hint) lines.push(`           fix: ${f.hint}`);
  }
  const counted = s.error + s.warning + s.info;
  lines.push('', `${counted} problem${counted === 1 ? '' : 's'} (${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info)${acknowledged}`);
  return `${lines.join('\n')}\n`;
}
