// SARIF 2.1.0 for GitHub code scanning: the exact log (key order included), rule metadata GitHub
// displays, locations, fingerprints that survive moved lines, acknowledged findings, and the
// official schema accepting every log.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DOCS_BASE, docsUrl } from '../../../lib/lint/formatters/common.js';
import { formatSarif, SARIF_SCHEMA } from '../../../lib/lint/formatters/sarif.js';
import { RULES } from '../../../lib/lint/rules/index.js';
import type { Finding } from '../../../lib/lint/types.js';
import { validateSarif } from '../../helpers/sarif-schema.js';
import { ABSOLUTE, BY_CODE, BY_CONFIG, ERROR, HAND_RULES, lineOf, lineText, NASTY, NO_SOURCE, realFindings, SAME_AGAIN, THIS_FILE, UNKNOWN_RULE } from './findings.js';

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn?: number } }; logicalLocations: unknown[] }>;
  partialFingerprints: Record<string, string>;
  suppressions?: unknown[];
}
interface Log {
  runs: Array<{ tool: { driver: { rules: Array<{ id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; helpUri: string }> } }; results: Result[]; automationDetails?: unknown; originalUriBaseIds?: unknown }>;
}

const VERSION = '1.2.3';
const sarif = (findings: readonly Finding[], opts: Partial<Parameters<typeof formatSarif>[2]> = {}) => formatSarif(findings, HAND_RULES, { version: VERSION, ...opts });
const parse = (text: string) => JSON.parse(text) as Log;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DOCS = 'https://github.com/lambdaform/lambdaform/blob/main/docs/rules.md';

describe('formatSarif', () => {
  it('writes one run: the tool with every rule given, each result with its rule, level, message and fix, locations and fingerprints (exact output)', () => {
    const out = sarif([ERROR, NO_SOURCE], { root: '/repo' });
    const expected = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'lambdaform',
              semanticVersion: '1.2.3',
              version: '1.2.3',
              informationUri: 'https://github.com/lambdaform/lambdaform',
              rules: [
                {
                  id: 'queue-timeout',
                  name: 'QueueTimeout',
                  shortDescription: { text: "a queue's timeout is at least 6 x its consumer's" },
                  fullDescription: { text: "a queue's timeout is at least 6 x its consumer's. Same check elsewhere: cfn-lint E3505; cdk-nag SQS3, SQS4." },
                  helpUri: `${DOCS}#queue-timeout`,
                  help: {
                    text: [
                      "a queue's timeout is at least 6 x its consumer's.",
                      '',
                      'Default severity: error. Presets: recommended, strict.',
                      'Same check elsewhere: cfn-lint E3505; cdk-nag SQS3, SQS4.',
                      'Options: ratio (default 6).',
                      `Docs: ${DOCS}#queue-timeout`,
                    ].join('\n'),
                    markdown: [
                      "**queue-timeout**: a queue's timeout is at least 6 x its consumer's.",
                      '',
                      '- Default severity: `error`',
                      '- Presets: `recommended`, `strict`',
                      '- Same check elsewhere: cfn-lint `E3505`; cdk-nag `SQS3`, `SQS4`',
                      '- Options: `ratio` (default `6`)',
                      '',
                      `See [docs/rules.md#queue-timeout](${DOCS}#queue-timeout).`,
                    ].join('\n'),
                  },
                  defaultConfiguration: { level: 'error' },
                  properties: { tags: ['lambdaform', 'aws-serverless', 'recommended'], precision: 'high', 'problem.severity': 'error' },
                },
                {
                  id: 'no-tracing',
                  name: 'NoTracing',
                  shortDescription: { text: 'functions are traced with X-Ray' },
                  fullDescription: { text: 'functions are traced with X-Ray.' },
                  helpUri: `${DOCS}#no-tracing`,
                  help: {
                    text: ['functions are traced with X-Ray.', '', 'Default severity: info. Presets: strict.', `Docs: ${DOCS}#no-tracing`].join('\n'),
                    markdown: ['**no-tracing**: functions are traced with X-Ray.', '', '- Default severity: `info`', '- Presets: `strict`', '', `See [docs/rules.md#no-tracing](${DOCS}#no-tracing).`].join('\n'),
                  },
                  defaultConfiguration: { level: 'note' },
                  properties: { tags: ['lambdaform', 'aws-serverless', 'strict'], precision: 'high', 'problem.severity': 'recommendation' },
                },
                {
                  id: 'quiet-rule',
                  name: 'QuietRule',
                  shortDescription: { text: 'never reports' },
                  fullDescription: { text: 'never reports.' },
                  helpUri: `${DOCS}#quiet-rule`,
                  help: {
                    text: ['never reports.', '', 'Default severity: warning. Presets: recommended, strict.', `Docs: ${DOCS}#quiet-rule`].join('\n'),
                    markdown: ['**quiet-rule**: never reports.', '', '- Default severity: `warning`', '- Presets: `recommended`, `strict`', '', `See [docs/rules.md#quiet-rule](${DOCS}#quiet-rule).`].join('\n'),
                  },
                  defaultConfiguration: { level: 'warning' },
                  properties: { tags: ['lambdaform', 'aws-serverless', 'recommended'], precision: 'high', 'problem.severity': 'warning' },
                },
              ],
            },
          },
          originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///repo/' } },
          results: [
            {
              ruleId: 'queue-timeout',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'the visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s. Fix: set visibilityTimeout to at least Duration.seconds(180)' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 8 } },
                  logicalLocations: [{ name: 'SqsEventSourceJobs', fullyQualifiedName: 'Shop/Worker/SqsEventSourceJobs', kind: 'resource' }],
                },
              ],
              partialFingerprints: {
                primaryLocationLineHash: `${sha256('queue-timeout\0Shop\0Shop/Worker/SqsEventSourceJobs').slice(0, 16)}:1`,
                'lambdaformFinding/v1': sha256('queue-timeout\0Shop\0Shop/Worker/SqsEventSourceJobs'),
              },
              properties: { stack: 'Shop', logicalId: 'WorkerSqsEventSourceJobs', docs: `${DOCS}#queue-timeout` },
            },
            {
              ruleId: 'no-tracing',
              ruleIndex: 1,
              level: 'note',
              message: { text: 'Shop/Api is not traced' },
              locations: [{ logicalLocations: [{ name: 'Api', fullyQualifiedName: 'Shop/Api', kind: 'resource' }] }],
              partialFingerprints: {
                primaryLocationLineHash: `${sha256('no-tracing\0Shop\0Shop/Api').slice(0, 16)}:1`,
                'lambdaformFinding/v1': sha256('no-tracing\0Shop\0Shop/Api'),
              },
              properties: { stack: 'Shop', docs: `${DOCS}#no-tracing` },
            },
          ],
          columnKind: 'utf16CodeUnits',
        },
      ],
    };
    // Stringifying the expected object in this order checks the key order too.
    expect(out).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(validateSarif(JSON.parse(out))).toEqual([]);
  });

  it('puts a finding without a source on the fallback file, with no region, so GitHub accepts it', () => {
    const [result] = parse(sarif([NO_SOURCE], { fallbackFile: 'app.ts' })).runs[0]!.results;
    expect(result!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'app.ts', uriBaseId: '%SRCROOT%' } }, logicalLocations: [{ name: 'Api', fullyQualifiedName: 'Shop/Api', kind: 'resource' }] }]);
  });

  it('percent-encodes relative paths (with / separators) against %SRCROOT%, and writes absolute ones as file:// URIs', () => {
    const uris = parse(sarif([NASTY, ABSOLUTE])).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation!.artifactLocation);
    expect(uris).toEqual([{ uri: 'src/my%20app%2Cv2%3Afinal/100%25.ts', uriBaseId: '%SRCROOT%' }, { uri: 'file:///home/ci/other/app.ts' }]);
  });

  it('writes the message as given (JSON escapes it), ending it with a period before the fix', () => {
    const [nasty] = parse(sarif([NASTY])).runs[0]!.results;
    expect(nasty!.message.text).toBe(`${NASTY.message} Fix: use a:b, not c`);
    expect(nasty!.level).toBe('warning');
  });

  it('fingerprints a finding by rule, stack and construct path: the same when its line or values change, different for a second finding of the same', () => {
    const fp = (fs: readonly Finding[]) => parse(sarif(fs)).runs[0]!.results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    const [first, second] = fp([ERROR, SAME_AGAIN]);
    expect(first).toMatch(/^[0-9a-f]{16}:1$/);
    expect(second).toBe(`${first!.slice(0, 16)}:2`);
    const moved: Finding = { ...ERROR, source: { file: 'src/app.ts', line: 40, column: 3 }, message: 'the visibility timeout of Shop/Jobs (31 s) is less than 6 x 30 s' };
    expect(fp([moved])).toEqual([first]);
    expect(fp([{ ...ERROR, path: 'Shop/Other' }])).not.toEqual([first]);
  });

  it('leaves acknowledged findings out by default (GitHub ignores SARIF suppressions), and with showSuppressed lists them suppressed with the reason', () => {
    const all = [ERROR, BY_CODE, BY_CONFIG];
    expect(parse(sarif(all)).runs[0]!.results.map((r) => r.ruleId)).toEqual(['queue-timeout']);
    const shown = parse(sarif(all, { showSuppressed: true })).runs[0]!.results;
    expect(shown.map((r) => r.suppressions)).toEqual([
      undefined,
      [{ kind: 'inSource', status: 'accepted', justification: 'jobs take 2 s' }],
      [{ kind: 'external', status: 'accepted', justification: 'X-Ray is off by policy' }],
    ]);
    // Listing acknowledged findings changes no other finding's fingerprint.
    expect(shown[0]!.partialFingerprints).toEqual(parse(sarif(all)).runs[0]!.results[0]!.partialFingerprints);
  });

  it('describes a rule that is not among those given (acknowledgement-reason) after them, and points the result at it', () => {
    const log = parse(sarif([UNKNOWN_RULE, { ...UNKNOWN_RULE, rule: 'mystery', docs: 'docs/rules.md#mystery' }]));
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(['queue-timeout', 'no-tracing', 'quiet-rule', 'acknowledgement-reason', 'mystery']);
    expect(rules[3]).toMatchObject({ name: 'AcknowledgementReason', helpUri: `${DOCS}#acknowledging-findings`, defaultConfiguration: { level: 'error' } });
    expect(rules[3]!.shortDescription.text).toMatch(/^an acknowledgement of a finding \(Lint\.acknowledge\) says why/);
    expect(rules[4]).toMatchObject({ shortDescription: { text: 'the lambdaform rule mystery' }, helpUri: `${DOCS}#mystery` });
    expect(log.runs[0]!.results.map((r) => r.ruleIndex)).toEqual([3, 4]);
  });

  it('sets automationDetails only for a category, and originalUriBaseIds only for a root', () => {
    const plain = parse(sarif([ERROR])).runs[0]!;
    expect(plain.automationDetails).toBeUndefined();
    expect(plain.originalUriBaseIds).toBeUndefined();
    expect(parse(sarif([ERROR], { category: 'lambdaform' })).runs[0]!.automationDetails).toEqual({ id: 'lambdaform/' });
    expect(parse(sarif([ERROR], { category: 'infra/lambdaform/' })).runs[0]!.automationDetails).toEqual({ id: 'infra/lambdaform/' });
    expect(parse(sarif([ERROR], { root: '/work/my repo' })).runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/my%20repo/' } });
  });

  it('writes a valid log with no findings (every rule still described)', () => {
    const log = parse(sarif([]));
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toHaveLength(3);
    expect(validateSarif(log)).toEqual([]);
  });

  it('every log is valid against the SARIF 2.1.0 schema: every shape of finding, acknowledged ones, every option', () => {
    const all = [ERROR, SAME_AGAIN, NO_SOURCE, NASTY, ABSOLUTE, BY_CODE, BY_CONFIG, UNKNOWN_RULE];
    for (const opts of [{}, { showSuppressed: true, root: '/repo', fallbackFile: 'lambdaform.json', category: 'lambdaform' }]) {
      const log = JSON.parse(sarif(all, opts)) as unknown;
      expect(validateSarif(log)).toEqual([]);
    }
  });

  it('the schema check catches what GitHub would refuse (a sanity check of the check)', () => {
    const log = JSON.parse(sarif([ERROR])) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!.level = 'info';
    expect(validateSarif(log).join('\n')).toMatch(/level must be equal to one of the allowed values/);
  });

  it('describes every built-in rule as GitHub requires: short and full descriptions and help (at most 1024 characters), an absolute help link', () => {
    const rules = parse(formatSarif([], RULES, { version: VERSION })).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const r of rules) {
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      for (const text of [r.shortDescription.text, r.fullDescription.text]) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(1024);
      }
      expect(r.help.text).toContain(r.helpUri);
      expect(r.helpUri).toBe(`${DOCS}#${r.id}`);
    }
  });
});

describe('formatSarif on a real lint', () => {
  const findings = realFindings();
  const log = parse(formatSarif(findings, RULES, { version: '0.1.0', root: process.cwd(), showSuppressed: true }));
  const results = log.runs[0]!.results;

  it('is valid against the SARIF 2.1.0 schema', () => {
    expect(results.length).toBeGreaterThan(2);
    expect(validateSarif(log)).toEqual([]);
  });

  it("points each result at the line of the app that created the construct (relative to the working directory, as the CLI gives it)", () => {
    const mapping = results.find((r) => r.ruleId === 'sqs-visibility-timeout' && !r.suppressions)!;
    const where = mapping.locations[0]!.physicalLocation!;
    expect(where.artifactLocation).toEqual({ uri: THIS_FILE, uriBaseId: '%SRCROOT%' });
    expect(where.region!.startLine).toBe(lineOf('mapping'));
    expect(lineText(THIS_FILE, where.region!.startLine).slice(where.region!.startColumn! - 1)).toMatch(/^addEventSource\(new SqsEventSource\(/);
    // Every result in this file starts where a construct is made (`new X(`) or attached.
    const here = results.map((r) => r.locations[0]!.physicalLocation!).filter((p) => p.artifactLocation.uri === THIS_FILE);
    for (const p of here) expect(lineText(THIS_FILE, p.region!.startLine).slice(p.region!.startColumn! - 1)).toMatch(/^(new [A-Z]\w*\(|addEventSource\()/);
  });

  it('marks the finding acknowledged in code as suppressed in source, with the reason', () => {
    const acked = results.filter((r) => r.suppressions);
    expect(acked.map((r) => [r.ruleId, r.suppressions])).toEqual([['sqs-visibility-timeout', [{ kind: 'inSource', status: 'accepted', justification: 'old jobs finish in 2 s' }]]]);
  });

  it('gives every result a distinct fingerprint', () => {
    const fps = results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(fps).size).toBe(fps.length);
  });
});

describe('docs links', () => {
  it('DOCS_BASE makes the rules\' docs paths absolute', () => {
    expect(DOCS_BASE).toBe('https://github.com/lambdaform/lambdaform/blob/main/');
    expect(docsUrl('docs/rules.md#sqs-visibility-timeout')).toBe(`${DOCS}#sqs-visibility-timeout`);
    expect(docsUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(SARIF_SCHEMA).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  });
});
