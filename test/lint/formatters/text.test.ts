// The text formatter: grouping, summary line, acknowledged findings, and colours only when asked.
import { describe, expect, it } from 'vitest';
import { formatText } from '../../../lib/lint/formatters/text.js';
import { BY_CODE, BY_CONFIG, ERROR, NO_SOURCE, SAME_AGAIN } from './findings.js';

const ESC = '\u001b[';

describe('formatText', () => {
  it('groups by resource with file:line, and ends with the counts', () => {
    const out = formatText([ERROR, SAME_AGAIN, NO_SOURCE]);
    expect(out).not.toContain(ESC);
    expect(out.split('\n')[0]).toBe(`${ERROR.path}  (${ERROR.source!.file}:${ERROR.source!.line})`);
    expect(out).toContain(`\n  error    ${ERROR.message}  [queue-timeout]\n           fix: ${ERROR.hint}\n`);
    expect(out).toContain(`\n\n${NO_SOURCE.path}\n  info     ${NO_SOURCE.message}  [no-tracing]\n`);
    expect(out.endsWith('\n3 problems (1 error, 1 warning, 1 info)\n')).toBe(true);
  });

  it('counts acknowledged findings apart and lists them, with their reason, only on request', () => {
    expect(formatText([BY_CODE, BY_CONFIG])).toBe('lambdaform lint: no problems; 2 acknowledged (--show-suppressed lists them)\n');
    const shown = formatText([ERROR, BY_CODE], { showSuppressed: true });
    expect(shown).toContain(`  ack      ${BY_CODE.message}  [queue-timeout]\n           acknowledged (Lint.acknowledge): jobs take 2 s\n`);
    expect(shown.endsWith('\n1 problem (1 error, 0 warnings, 0 info); 1 acknowledged\n')).toBe(true);
  });

  it('colours severity, path and rule id only when asked (the CLI asks on a terminal with colours)', () => {
    const out = formatText([ERROR, NO_SOURCE], { color: true });
    expect(out).toContain(`${ESC}1m${ERROR.path}${ESC}22m`);
    expect(out).toContain(`${ESC}31merror  ${ESC}39m`);
    expect(out).toContain(`${ESC}36minfo   ${ESC}39m`);
    expect(out).toContain(`${ESC}2m[queue-timeout]${ESC}22m`);
    expect(formatText([ERROR], { color: false })).not.toContain(ESC);
  });
});
