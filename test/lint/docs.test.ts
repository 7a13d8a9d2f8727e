/**
 * docs/rules.md against the rules: one section per rule with the same sub-headings, the summary
 * table, options and equivalents as the rules' meta say, and every TypeScript example run: the
 * incorrect one must produce the rule's finding, the correct one must not.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { App, Stack } from '../../lib/all.js';
import { lint } from '../../lib/lint/engine.js';
import { RULES } from '../../lib/lint/rules/index.js';
import type { Finding, Rule } from '../../lib/lint/types.js';
import { TODAY } from '../helpers/app.js';
import { anchorOf, compileExample, EXAMPLE_TAGS, readRulesDoc, typeCheckExamples, type CodeBlock, type RuleSection } from '../helpers/doc-examples.js';

const DOC = readRulesDoc();
const SUBHEADINGS = ['What it checks', 'Why', 'Options', 'Incorrect', 'Correct', 'Equivalents'];
const byId = new Map(DOC.sections.map((s) => [s.id, s]));
const ruleOf = (id: string): Rule => RULES.find((r) => r.meta.id === id)!;

/** The findings of `rule` alone (preset strict; its defaults, or the example's options) on the stack the example builds, dated TODAY. */
async function findingsOfExample(rule: Rule, block: CodeBlock): Promise<Finding[]> {
  const build = await compileExample(block.code);
  const stack = new Stack(new App({ now: TODAY }), 'Test');
  build(stack);
  const rules = block.options ? { [rule.meta.id]: [rule.meta.severity, block.options] as const } : {};
  return lint(App.of(stack).synth(), { preset: 'strict', rules }, [rule], TODAY);
}

/** A rule's examples of one tag, each with the name of its test. */
function examples(section: RuleSection, tag: (typeof EXAMPLE_TAGS)[number], what: string): Array<[string, CodeBlock]> {
  const blocks = section.blocks.filter((b) => b.tag === tag);
  return blocks.map((b, i) => [`${section.id}: ${what}${blocks.length > 1 ? ` (${i + 1} of ${blocks.length}, line ${b.line})` : ''}`, b]);
}

describe('docs/rules.md: structure', () => {
  it('has exactly one section per rule, no more, no less', () => {
    const ids = DOC.sections.map((s) => s.id);
    expect(new Set(ids).size, `duplicate sections: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`).toBe(ids.length);
    expect([...ids].sort()).toEqual(RULES.map((r) => r.meta.id).sort());
  });

  it('lists the sections in alphabetical order, as the table does', () => {
    const ids = DOC.sections.map((s) => s.id);
    expect(ids).toEqual([...ids].sort());
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: its meta.docs anchor exists', (id, rule) => {
    expect(rule.meta.docs).toBe(`docs/rules.md#${id}`);
    const anchors = DOC.headings.map((h) => anchorOf(h.text));
    expect(anchors.filter((a) => a === id)).toHaveLength(1);
  });

  it.each(RULES.map((r) => [r.meta.id] as const))('%s: has the sub-headings in order', (id) => {
    expect(byId.get(id)?.subheadings).toEqual(SUBHEADINGS);
  });

  it.each(RULES.map((r) => [r.meta.id] as const))('%s: has an incorrect and a correct example, each under its sub-heading', (id) => {
    const section = byId.get(id)!;
    for (const b of section.blocks) {
      expect(EXAMPLE_TAGS as readonly string[], `line ${b.line}: a code block of a rule section is tagged ${EXAMPLE_TAGS.map((t) => `\`${t}\``).join(', ')}, got '${b.tag}'`).toContain(b.tag);
      expect(b.subsection, `line ${b.line}`).toBe(b.tag === 'ts correct' ? 'Correct' : 'Incorrect');
    }
    expect(section.blocks.filter((b) => b.tag.includes('incorrect')).length, 'an incorrect example').toBeGreaterThan(0);
    expect(section.blocks.filter((b) => b.tag === 'ts correct').length, 'a correct TypeScript example').toBeGreaterThan(0);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: the table gives its default severity and preset', (id, rule) => {
    const row = DOC.markdown.split('\n').find((l) => l.startsWith(`| [${id}](#${id}) |`));
    expect(row, `a row for ${id} in the rules table`).toBeDefined();
    const [, severity, recommended] = row!.split('|').map((c) => c.trim()).slice(1);
    expect(severity).toBe(rule.meta.severity);
    expect(recommended).toBe(rule.meta.recommended ? 'yes' : 'no');
  });

  it('the table has one row per rule', () => {
    const rows = DOC.markdown.split('\n').filter((l) => /^\| \[[a-z0-9-]+\]\(#[a-z0-9-]+\) \|/.test(l));
    expect(rows).toHaveLength(RULES.length);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: Options names every option with its default', (id, rule) => {
    const text = byId.get(id)!.text['Options']!.trim();
    const options = Object.entries(rule.meta.defaultOptions ?? {});
    if (options.length === 0) expect(text).toBe('None.');
    for (const [key, value] of options) expect(text).toContain(`\`${key}\` (default \`${JSON.stringify(value)}\`)`);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: Equivalents names the ids of meta.equivalents', (id, rule) => {
    const text = byId.get(id)!.text['Equivalents']!;
    const e = rule.meta.equivalents ?? {};
    const ids = [...(e.cdkNag ?? []), ...(e.cfnLint ?? []), ...(e.serverlessRules ?? [])];
    if (ids.length === 0) expect(text.trim()).toMatch(/^None known\./);
    for (const eq of ids) expect(text).toContain(`\`${eq}\``);
    if (e.cdkNag?.length) expect(text).toContain('cdk-nag:');
    if (e.cfnLint?.length) expect(text).toContain('cfn-lint:');
    if (e.serverlessRules?.length) expect(text).toContain('serverless-rules:');
  });

  it.each(RULES.map((r) => [r.meta.id] as const))('%s: Why links to the AWS documentation', (id) => {
    expect(byId.get(id)!.text['Why']).toMatch(/\]\(https:\/\/docs\.aws\.amazon\.com\/[^)\s]+\)/);
  });
});

describe('docs/rules.md: examples', () => {
  for (const section of DOC.sections) {
    const rule = ruleOf(section.id);
    if (!rule) continue; // reported by the structure tests

    it.each(examples(section, 'ts incorrect', 'incorrect example is reported'))('%s', async (_name, block) => {
      const found = await findingsOfExample(rule, block);
      expect(found.map((f) => f.rule), `docs/rules.md:${block.line}: the incorrect example of ${rule.meta.id} must be reported`).toContain(rule.meta.id);
    });

    it.each(examples(section, 'ts correct', 'correct example is not'))('%s', async (_name, block) => {
      const found = await findingsOfExample(rule, block);
      expect(found.map((f) => `${f.path}: ${f.message}`), `docs/rules.md:${block.line}: the correct example of ${rule.meta.id} must not be reported`).toEqual([]);
    });

    // Not executed yet: these designs are refused by the constructs, and lint will meet them in
    // templates lambdaform did not write once templates can be imported (a later issue). Until
    // then they are only checked to be YAML.
    it.each(examples(section, 'yaml incorrect-template', 'incorrect template is YAML'))('%s', (_name, block) => {
      const doc = parseDocument(block.code);
      expect(doc.errors.map((e) => e.message)).toEqual([]);
      expect(doc.toJS()).toHaveProperty('Resources');
    });
  }
});

describe('docs/rules.md: the TypeScript examples compile', () => {
  it('type-checks every example under the project strict options', () => {
    const all = DOC.sections.flatMap((s) => s.blocks.filter((b) => b.tag.startsWith('ts ')).map((b) => ({ name: `docs/rules.md:${b.line} (${s.id}, ${b.info})`, code: b.code })));
    expect(all.length).toBeGreaterThan(0);
    expect(typeCheckExamples(all)).toEqual([]);
  });
});
