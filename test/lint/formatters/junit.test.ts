// JUnit XML: a suite per rule, a failed test case per finding, a passing one per quiet rule,
// acknowledged findings skipped on request; escaping, and well-formedness checked by a strict
// XML parser, for hand-made text, random text and a real lint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJunit, xmlAttr, xmlText } from '../../../lib/lint/formatters/junit.js';
import { RULES } from '../../../lib/lint/rules/index.js';
import { parseXml, type XmlElement } from '../../helpers/xml.js';
import { BY_CODE, BY_CONFIG, ERROR, HAND_RULES, NASTY, NO_SOURCE, realFindings, SAME_AGAIN, THIS_FILE, UNKNOWN_RULE } from './findings.js';

const DOCS = 'https://github.com/lambdaform/lambdaform/blob/main/docs/rules.md';
const elements = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => elements(c, name))];

describe('formatJunit', () => {
  it('writes a suite per rule with a failed case per finding, a passing case for a rule without findings, and any other rule last (exact output)', () => {
    expect(formatJunit([ERROR, SAME_AGAIN, NO_SOURCE, BY_CONFIG, UNKNOWN_RULE], HAND_RULES)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="lambdaform lint" tests="5" failures="4" errors="0" skipped="0" time="0">',
        '  <testsuite name="queue-timeout" tests="2" failures="2" errors="0" skipped="0" time="0">',
        '    <testcase classname="Shop" name="Shop/Worker/SqsEventSourceJobs" file="src/app.ts" time="0">',
        '      <failure message="the visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s" type="error">the visibility timeout of Shop/Jobs (30 s) is less than 6 x 30 s',
        'Fix: set visibilityTimeout to at least Duration.seconds(180)',
        'Construct: Shop/Worker/SqsEventSourceJobs in stack Shop (logical id WorkerSqsEventSourceJobs)',
        'Source: src/app.ts:12:8',
        `Docs: ${DOCS}#queue-timeout</failure>`,
        '    </testcase>',
        '    <testcase classname="Shop" name="Shop/Worker/SqsEventSourceJobs (2)" file="src/app.ts" time="0">',
        '      <failure message="the batching window adds 10 s" type="warning">the batching window adds 10 s',
        'Fix: set visibilityTimeout to at least Duration.seconds(180)',
        'Construct: Shop/Worker/SqsEventSourceJobs in stack Shop (logical id WorkerSqsEventSourceJobs)',
        'Source: src/app.ts:12:8',
        `Docs: ${DOCS}#queue-timeout</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="no-tracing" tests="1" failures="1" errors="0" skipped="0" time="0">',
        '    <testcase classname="Shop" name="Shop/Api" time="0">',
        '      <failure message="Shop/Api is not traced" type="info">Shop/Api is not traced',
        'Construct: Shop/Api in stack Shop',
        `Docs: ${DOCS}#no-tracing</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="quiet-rule" tests="1" failures="0" errors="0" skipped="0" time="0">',
        '    <testcase classname="lambdaform" name="quiet-rule" time="0"/>',
        '  </testsuite>',
        '  <testsuite name="acknowledgement-reason" tests="1" failures="1" errors="0" skipped="0" time="0">',
        '    <testcase classname="Shop" name="Shop/Old" time="0">',
        '      <failure message="Shop/Old acknowledges tracing without a reason" type="error">Shop/Old acknowledges tracing without a reason',
        'Construct: Shop/Old in stack Shop',
        `Docs: ${DOCS}#acknowledging-findings</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('lists acknowledged findings as skipped cases with the reason only with showSuppressed; otherwise their rule passes', () => {
    const shown = parseXml(formatJunit([BY_CODE, BY_CONFIG], HAND_RULES, { showSuppressed: true }));
    expect(shown.attributes).toMatchObject({ tests: '3', failures: '0', skipped: '2' });
    expect(elements(shown, 'testcase').map((c) => [c.attributes.name, c.children.map((k) => `${k.name}: ${k.attributes.message}`)])).toEqual([
      ['Shop/Old', ['skipped: acknowledged: jobs take 2 s']],
      ['Shop/Legacy', ['skipped: acknowledged: X-Ray is off by policy']],
      ['quiet-rule', []],
    ]);
    const hidden = parseXml(formatJunit([BY_CODE, BY_CONFIG], HAND_RULES));
    expect(hidden.attributes).toMatchObject({ tests: '3', failures: '0', skipped: '0' });
    expect(elements(hidden, 'testcase').map((c) => `${c.attributes.classname} ${c.attributes.name}`)).toEqual(['lambdaform queue-timeout', 'lambdaform no-tracing', 'lambdaform quiet-rule']);
  });

  it('escapes & < > " \' in attributes and text, keeps line breaks in attributes, and drops characters XML 1.0 cannot hold', () => {
    const xml = formatJunit([NASTY], [HAND_RULES[0]!]);
    expect(xml).toContain('<testcase classname="Shop" name="Shop/A&amp;B &lt;&quot;quoted&quot;&gt;" file="src\\my app,v2:final/100%.ts" time="0">');
    expect(xml).toContain(`<failure message="50% of &apos;x&apos; &amp; &lt;y&gt;, line one&#10;line two&#13;&#10;end!" type="warning">50% of &apos;x&apos; &amp; &lt;y&gt;, line one\nline two&#13;\nend!\n`);
    const failure = elements(parseXml(xml), 'failure')[0]!;
    expect(failure.attributes.message).toBe("50% of 'x' & <y>, line one\nline two\r\nend!");
    expect(failure.text.split('\n').slice(0, 4)).toEqual(["50% of 'x' & <y>, line one", 'line two\r', 'end!', 'Fix: use a:b, not c']);
    expect(xmlText('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uD800g\u{1F600}')).toBe('abcdefg\u{1F600}');
    expect(xmlAttr('\t')).toBe('&#9;');
  });

  it('is well-formed XML whatever the text, and attribute values read back as written (less what XML cannot hold)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 30 });
    fc.assert(
      fc.property(text, text, text, text, fc.boolean(), (message, path, file, reason, acked) => {
        const f = { ...ERROR, message, path, source: { file, line: 1 }, ...(acked ? { suppressed: { reason, by: 'code' as const } } : {}) };
        const doc = parseXml(formatJunit([f], HAND_RULES, { showSuppressed: true }));
        const [testcase] = elements(doc, 'testcase');
        const clean = (s: string) => s.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
        expect(testcase!.attributes.name).toBe(clean(path));
        expect(testcase!.attributes.file).toBe(clean(file));
        const [outcome] = testcase!.children;
        expect(outcome!.attributes.message).toBe(acked ? `acknowledged: ${clean(reason)}` : clean(message));
      }),
      { numRuns: 300 },
    );
  });

  it('the parser refuses what is not well-formed (a sanity check of the check)', () => {
    for (const bad of ['<a>&</a>', '<a>x < y</a>', '<a b="<"/>', '<a>\u0001</a>', '<a b="\uFFFF"/>', '<a><b></a></b>', '<a/><a/>', '<a b="1" b="2"/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<a b="&#10;">&amp;</a>')).toEqual({ name: 'a', attributes: { b: '\n' }, children: [], text: '&' });
  });

  it('is well-formed on a real lint, every built-in rule a suite, the counts adding up', () => {
    const findings = realFindings();
    const doc = parseXml(formatJunit(findings, RULES, { showSuppressed: true }));
    const suites = elements(doc, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(RULES.map((r) => r.meta.id));
    const sum = (attr: string) => suites.reduce((n, s) => n + Number(s.attributes[attr]), 0);
    expect(Number(doc.attributes.tests)).toBe(sum('tests'));
    expect(Number(doc.attributes.failures)).toBe(findings.filter((f) => !f.suppressed).length);
    expect(Number(doc.attributes.skipped)).toBe(1);
    for (const s of suites) expect(Number(s.attributes.tests)).toBe(elements(s, 'testcase').length);
    const mapping = elements(doc, 'testcase').find((c) => c.attributes.name === 'Shop/Worker/SqsEventSourceJobs')!;
    expect(mapping.attributes).toMatchObject({ classname: 'Shop', file: THIS_FILE });
    expect(mapping.children[0]!.attributes.type).toBe('warning');
    expect(mapping.children[0]!.text).toMatch(new RegExp(`\\nSource: ${THIS_FILE.replace(/\./g, '\\.')}:\\d+:\\d+\\nDocs: ${DOCS}#sqs-visibility-timeout$`));
  });
});
