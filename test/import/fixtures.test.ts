// The hand-written template set (test/fixtures/templates, README there): every template imports
// without error and lints with exactly the findings written beside it (rule, severity, line,
// acknowledged or not), with the recommended preset; clean templates guard against false positives.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTemplateFiles } from '../../lib/import/index.js';
import { lint } from '../../lib/lint/engine.js';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason } from '../helpers/cfn-lint.js';
import { ROOT } from '../helpers/examples.js';

const DIR = 'test/fixtures/templates';
const TODAY = new Date('2026-11-22T00:00:00Z');

interface Expected {
  readonly description: string;
  readonly findings: ReadonlyArray<{ rule: string; severity: string; logicalId?: string; line: number; suppressed: boolean; via?: string }>;
  readonly parameters?: Readonly<Record<string, string>>;
}

const TEMPLATES = fs
  .readdirSync(path.join(ROOT, DIR))
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.expected.json'))
  .sort();

it('the set has at least 25 templates, SAM and CloudFormation, YAML and JSON, each with its expected findings', () => {
  expect(TEMPLATES.length).toBeGreaterThanOrEqual(25);
  expect(TEMPLATES.filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(6);
  expect(TEMPLATES.filter((f) => f.startsWith('sam-')).length).toBeGreaterThanOrEqual(8);
  for (const f of TEMPLATES) expect(fs.existsSync(path.join(ROOT, DIR, f.replace(/\.(ya?ml|json)$/, '.expected.json'))), f).toBe(true);
});

it.skipIf(!cfnLintAvailable)(`every template is valid for CloudFormation: cfn-lint finds no error ${cfnLintSkipReason}`, () => {
  const results = cfnLintAll(TEMPLATES.map((f) => path.join(ROOT, DIR, f)));
  for (const [file, r] of results) expect(r.errors, `${file}\n${r.output}`).toEqual([]);
});

describe.each(TEMPLATES)('%s', (file) => {
  const expected = JSON.parse(fs.readFileSync(path.join(ROOT, DIR, file.replace(/\.(ya?ml|json)$/, '.expected.json')), 'utf8')) as Expected;

  it('imports and lints with the findings written beside it', () => {
    const model = importTemplateFiles([`${DIR}/${file}`], { parameters: expected.parameters ?? {}, cwd: ROOT });
    const found = lint(model, {}, undefined, TODAY, ROOT)
      .filter((f) => f.severity !== 'info')
      .map((f) => `${f.rule} ${f.severity} line ${f.source?.line}${f.suppressed ? ` suppressed${f.suppressed.via ? ` via ${f.suppressed.via}` : ''}` : ''}`)
      .sort();
    const want = expected.findings.map((f) => `${f.rule} ${f.severity} line ${f.line}${f.suppressed ? ` suppressed${f.via ? ` via ${f.via}` : ''}` : ''}`).sort();
    expect(found, expected.description).toEqual(want);
    for (const f of lint(model, {}, undefined, TODAY, ROOT)) expect(f.source?.file, `${f.rule} at ${f.path}`).toBe(`${DIR}/${file}`);
  });
});
