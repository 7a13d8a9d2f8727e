// GitLab Code Quality: the exact issues (GitLab's required fields, in order), severities,
// repository-relative paths, a file for findings without a source, and fingerprints that are
// unique in a report and the same across runs.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatGitlab, GITLAB_SEVERITY } from '../../../lib/lint/formatters/gitlab.js';
import type { Finding } from '../../../lib/lint/types.js';
import { ABSOLUTE, BY_CODE, BY_CONFIG, ERROR, NASTY, NO_SOURCE, realFindings, SAME_AGAIN, THIS_FILE, lineOf } from './findings.js';

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const issues = (findings: readonly Finding[], opts?: Parameters<typeof formatGitlab>[1]) => JSON.parse(formatGitlab(findings, opts)) as Issue[];

describe('formatGitlab', () => {
  it('writes an issue per finding with description, check_name, fingerprint, severity and location (exact output)', () => {
    const expected = [
      {
        description: 'the visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s. Fix: set visibilityTimeout to at least Duration.seconds(180)',
        check_name: 'queue-timeout',
        fingerprint: md5('queue-timeout\0Shop\0Shop/Worker/SqsEventSourceJobs'),
        severity: 'major',
        location: { path: 'src/app.ts', lines: { begin: 12 } },
      },
      {
        description: 'the batching window adds 10 s. Fix: set visibilityTimeout to at least Duration.seconds(180)',
        check_name: 'queue-timeout',
        fingerprint: md5('queue-timeout\0Shop\0Shop/Worker/SqsEventSourceJobs\u00002'),
        severity: 'minor',
        location: { path: 'src/app.ts', lines: { begin: 12 } },
      },
      {
        description: 'Shop/Api is not traced',
        check_name: 'no-tracing',
        fingerprint: md5('no-tracing\0Shop\0Shop/Api'),
        severity: 'info',
        location: { path: 'lambdaform.json', lines: { begin: 1 } },
      },
    ];
    expect(formatGitlab([ERROR, SAME_AGAIN, NO_SOURCE])).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(formatGitlab([])).toBe('[]\n');
  });

  it('maps error to major, warning to minor and info to info', () => {
    expect(GITLAB_SEVERITY).toEqual({ error: 'major', warning: 'minor', info: 'info' });
  });

  it('leaves acknowledged findings out', () => {
    expect(issues([BY_CODE, ERROR, BY_CONFIG]).map((i) => i.location.lines.begin)).toEqual([12]);
  });

  it('writes paths relative to the repository with /: absolute ones below root made relative, a fallback file for findings without a source', () => {
    expect(issues([NASTY, ABSOLUTE, NO_SOURCE]).map((i) => i.location.path)).toEqual(['src/my app,v2:final/100%.ts', '/home/ci/other/app.ts', 'lambdaform.json']);
    expect(issues([ABSOLUTE, NO_SOURCE], { root: '/home/ci', fallbackFile: './infra/app.ts' }).map((i) => i.location)).toEqual([
      { path: 'other/app.ts', lines: { begin: 7 } },
      { path: 'infra/app.ts', lines: { begin: 1 } },
    ]);
    expect(issues([ABSOLUTE], { root: '/elsewhere' })[0]!.location.path).toBe('/home/ci/other/app.ts');
  });

  it('keeps the JSON text as given (JSON escapes it) and writes no byte order mark', () => {
    const out = formatGitlab([NASTY]);
    expect(out.charCodeAt(0)).toBe('['.charCodeAt(0));
    expect(issues([NASTY])[0]!.description).toBe(`${NASTY.message} Fix: use a:b, not c`);
  });

  it('fingerprints are unique in a report and the same when a finding moves or its values change', () => {
    const found = realFindings();
    const fps = issues(found).map((i) => i.fingerprint);
    expect(fps.every((f) => /^[0-9a-f]{32}$/.test(f))).toBe(true);
    expect(new Set(fps).size).toBe(fps.length);
    const moved = found.map((f) => (f.source ? { ...f, source: { ...f.source, line: f.source.line + 3 }, message: `${f.message} (changed)` } : f));
    expect(issues(moved).map((i) => i.fingerprint)).toEqual(fps);
  });

  it('points at the line of the app that created the construct, on a real lint', () => {
    const mapping = issues(realFindings()).find((i) => i.check_name === 'sqs-visibility-timeout')!;
    expect(mapping.location).toEqual({ path: THIS_FILE, lines: { begin: lineOf('mapping') } });
    expect(mapping.severity).toBe('minor');
  });
});
