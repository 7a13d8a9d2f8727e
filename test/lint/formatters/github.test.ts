// GitHub Actions workflow commands: one annotation line per finding, levels, file/line/col,
// escaping exactly as @actions/core does, and acknowledged findings only on request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub, workflowCommand } from '../../../lib/lint/formatters/github.js';
import { ABSOLUTE, BY_CODE, BY_CONFIG, ERROR, NASTY, NO_SOURCE, realFindings, THIS_FILE, lineOf } from './findings.js';

describe('formatGithub', () => {
  it('writes one command per finding, by severity, with file, line, col and the rule as title, then a summary line (exact output)', () => {
    expect(formatGithub([ERROR, NO_SOURCE, ABSOLUTE, BY_CODE])).toBe(
      [
        '::error file=src/app.ts,line=12,col=8,title=queue-timeout::the visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s. Fix: set visibilityTimeout to at least Duration.seconds(180)',
        '::notice title=no-tracing::Shop/Api is not traced',
        '::notice file=/home/ci/other/app.ts,line=7,title=no-tracing::Shop/Api is not traced',
        'lambdaform lint: 3 problems (1 error, 0 warnings, 2 info); 1 acknowledged',
        '',
      ].join('\n'),
    );
  });

  it('escapes data (% CR LF) and properties (also : and ,) as @actions/core does, so a message cannot start another command', () => {
    expect(formatGithub([NASTY]).split('\n')[0]).toBe(
      "::warning file=src/my app%2Cv2%3Afinal/100%25.ts,line=3,title=queue-timeout::50%25 of 'x' & <y>, line one%0Aline two%0D%0Aend\u0001\uD800! Fix: use a:b, not c",
    );
    expect(escapeData('a%b\r\nc::d,e')).toBe('a%25b%0D%0Ac::d,e');
    expect(escapeProperty('a%b\r\nc::d,e')).toBe('a%25b%0D%0Ac%3A%3Ad%2Ce');
  });

  it('lists acknowledged findings only with showSuppressed, as notices that give the reason', () => {
    const lines = formatGithub([BY_CODE, BY_CONFIG], { showSuppressed: true }).split('\n');
    expect(lines).toEqual([
      '::notice file=src/app.ts,line=20,col=1,title=queue-timeout (acknowledged)::acknowledged: jobs take 2 s%0Athe visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s',
      '::notice title=no-tracing (acknowledged)::acknowledged: X-Ray is off by policy%0AShop/Api is not traced',
      'lambdaform lint: no problems; 2 acknowledged',
      '',
    ]);
    expect(formatGithub([BY_CODE, BY_CONFIG])).toBe('lambdaform lint: no problems; 2 acknowledged\n');
    expect(formatGithub([])).toBe('lambdaform lint: no problems\n');
  });

  it('leaves out properties without a value, as @actions/core does', () => {
    expect(workflowCommand('warning', { file: 'a.ts', line: undefined, col: undefined, title: 'r' }, 'm')).toBe('::warning file=a.ts,title=r::m');
    expect(workflowCommand('error', {}, 'm')).toBe('::error::m');
  });

  it('never writes more than one line per finding, whatever the text', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, (message, file, hint) => {
        const out = formatGithub([{ ...ERROR, message, hint, source: { file, line: 1 } }]);
        const [command, summaryLine, end] = out.split('\n');
        expect(command).toMatch(/^::error /);
        expect(command).not.toMatch(/[\r\n]/);
        expect(summaryLine).toMatch(/^lambdaform lint: /);
        expect(end).toBe('');
      }),
    );
  });

  it('points at the line of the app that created the construct, on a real lint', () => {
    const line = formatGithub(realFindings())
      .split('\n')
      .find((l) => l.includes('title=sqs-visibility-timeout::'))!;
    expect(line).toMatch(new RegExp(`^::warning file=${THIS_FILE.replace(/\./g, '\\.')},line=${lineOf('mapping')},col=\\d+,title=sqs-visibility-timeout::the visibility timeout of Shop/Jobs`));
  });
});
