/**
 * Lint findings as GitHub Actions workflow commands (`::error file=…,line=…::message`): printed
 * in a workflow step, each becomes an annotation on the file and line, in the run's summary and
 * on the pull request's changed files.
 */
import type { Finding, Severity } from '../types.js';
import { messageWithHint, slashPath } from './common.js';
import { summary } from './summary.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Formats findings as workflow commands, one line each, in the order given: `::error` for errors,
 * `::warning` for warnings, `::notice` for info, with `file`, `line` and `col` when the finding
 * has a source (an annotation without them belongs to the run, not a file), `title` the rule id,
 * and the message with its fix. Acknowledged findings are left out, or with `showSuppressed`
 * listed as `::notice` starting with `acknowledged: <reason>`. A last plain line (not a command)
 * sums up, as the text format's does. Values are escaped as @actions/core escapes them.
 */
export function formatGithub(findings: readonly Finding[], opts: { showSuppressed?: boolean } = {}): string {
  const lines: string[] = [];
  for (const f of findings) {
    if (f.suppressed && !opts.showSuppressed) continue;
    const properties = {
      file: f.source ? slashPath(f.source.file) : undefined,
      line: f.source?.line,
      col: f.source?.column,
      title: f.suppressed ? `${f.rule} (acknowledged)` : f.rule,
    };
    const message = f.suppressed ? `acknowledged: ${f.suppressed.reason}\n${f.message}` : messageWithHint(f);
    lines.push(workflowCommand(f.suppressed ? 'notice' : COMMAND[f.severity], properties, message));
  }
  const s = summary(findings);
  const counted = s.error + s.warning + s.info;
  const acknowledged = s.suppressed > 0 ? `; ${s.suppressed} acknowledged` : '';
  lines.push(
    counted === 0
      ? `lambdaform lint: no problems${acknowledged}`
      : `lambdaform lint: ${counted} problem${counted === 1 ? '' : 's'} (${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info)${acknowledged}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `::name key=value,key=value::message`, leaving out properties without a value (as @actions/core's Command does). */
export function workflowCommand(name: string, properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const props = Object.entries(properties)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${name}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/** @actions/core's escapeData (packages/core/src/command.ts): `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core's escapeProperty: as escapeData, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
