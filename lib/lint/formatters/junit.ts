/**
 * Lint findings as a JUnit XML report, the test-report format Jenkins, GitLab, CircleCI and Azure
 * Pipelines read: each rule is a test suite, each finding a failed test case.
 */
import type { Finding, Rule } from '../types.js';
import { docsUrl, identities } from './common.js';

/**
 * Formats findings as JUnit XML: `<testsuites>` with one `<testsuite>` per rule (the rules given,
 * in order, then any other rule a finding names), named by the rule id, with its `tests`,
 * `failures` and `skipped` counts. Each finding is a `<testcase>` (classname: the stack; name: the
 * construct path, with ` (2)`, ` (3)`... for further findings of the rule on the same construct;
 * `file`: the source file when known) holding `<failure message="<message>" type="<severity>">`
 * whose text has the message, the fix, the construct, the source file:line (when known) and the docs link. Info
 * findings are failures too: `--fail-on` decides the exit code, not the report. Acknowledged
 * findings are `<skipped message="acknowledged: <reason>"/>` test cases with `showSuppressed`, and
 * left out otherwise. A rule without a listed finding has one passing test case (classname
 * `lambdaform`, name the rule id), so the report shows which checks ran and passed: pass the rules
 * that ran. Text is escaped for XML 1.0, and characters XML 1.0 cannot hold are dropped.
 */
export function formatJunit(findings: readonly Finding[], rules: readonly Rule[], opts: { showSuppressed?: boolean } = {}): string {
  const ids = identities(findings);
  const byRule = new Map<string, string[]>(rules.map((r) => [r.meta.id, []]));
  const counts = new Map<string, { failures: number; skipped: number }>();
  findings.forEach((f, i) => {
    if (f.suppressed && !opts.showSuppressed) return;
    if (!byRule.has(f.rule)) byRule.set(f.rule, []);
    const c = counts.get(f.rule) ?? { failures: 0, skipped: 0 };
    counts.set(f.rule, c);
    if (f.suppressed) c.skipped++;
    else c.failures++;
    byRule.get(f.rule)!.push(testcase(f, ids[i]!.occurrence));
  });
  const total = { tests: 0, failures: 0, skipped: 0 };
  const suites: string[] = [];
  for (const [rule, cases] of byRule) {
    const c = counts.get(rule) ?? { failures: 0, skipped: 0 };
    const body = cases.length ? cases : [`    <testcase classname="lambdaform" name="${attr(rule)}" time="0"/>`];
    total.tests += body.length;
    total.failures += c.failures;
    total.skipped += c.skipped;
    suites.push(`  <testsuite name="${attr(rule)}" tests="${body.length}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0">`, ...body, '  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lambdaform lint" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(f: Finding, occurrence: number): string {
  const name = occurrence === 1 ? f.path : `${f.path} (${occurrence})`;
  const open = `    <testcase classname="${attr(f.stack)}" name="${attr(name)}"${f.source ? ` file="${attr(f.source.file)}"` : ''} time="0">`;
  if (f.suppressed) return `${open}\n      <skipped message="${attr(`acknowledged: ${f.suppressed.reason}`)}"/>\n    </testcase>`;
  const details = [
    f.message,
    ...(f.hint ? [`Fix: ${f.hint}`] : []),
    `Construct: ${f.path} in stack ${f.stack}${f.logicalId !== undefined ? ` (logical id ${f.logicalId})` : ''}`,
    ...(f.source ? [`Source: ${f.source.file}:${f.source.line}${f.source.column !== undefined ? `:${f.source.column}` : ''}`] : []),
    `Docs: ${docsUrl(f.docs)}`,
  ].join('\n');
  return `${open}\n      <failure message="${attr(f.message)}" type="${f.severity}">${text(details)}</failure>\n    </testcase>`;
}

/** Characters XML 1.0 cannot hold at all, even as references: controls but TAB, LF, CR; lone surrogates; U+FFFE, U+FFFF. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes character data. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted), keeping TAB, LF and CR as references so parsers do not normalize them to spaces. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const attr = xmlAttr;
/** Text content: also `"` and `'` escaped (harmless, and some readers expect it); CR kept as a reference. */
const text = (s: string) => xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;');
