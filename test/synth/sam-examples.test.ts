// Every shipped example in SAM form: it validates against the SAM schema (and its plain resources
// against the CloudFormation schemas), passes cfn-lint (which runs the real SAM transform), and
// describes the same application as its CloudFormation form: the normalized summary of the CFN
// output equals the summary of the SAM output after aws-sam-translator transforms it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StackModel } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason, type LintResult } from '../helpers/cfn-lint.js';
import { runCliAsync } from '../helpers/cli.js';
import { ALL_EXAMPLES_APP, EXAMPLES, exampleStackNames, examplesInAllExamplesApp, loadExample } from '../helpers/examples.js';
import { samTranslate, samTranslateAll, samTranslatorAvailable, samTranslatorSkipReason, type Translated } from '../helpers/sam-translate.js';
import { validateSamTemplate } from '../helpers/sam-schema.js';
import { sorted, summarize } from '../helpers/summary.js';

/** Every folder the tests make lives in here, removed at the end. */
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-sam-examples-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

async function stacks(name: string): Promise<readonly StackModel[]> {
  return (await loadExample(name)).synth().stacks;
}

it('ships the examples issue 3 asks for', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['thumbnail', 'cron']));
});

const lintFile = (example: string, stack: string): string => path.join(TMP, `${example}-${stack}.sam.yaml`);
let linted: Promise<Map<string, LintResult>> | undefined;

/** Every example's SAM templates, linted in one cfn-lint run (once per file of tests). */
function lintAll(): Promise<Map<string, LintResult>> {
  linted ??= (async () => {
    const files: string[] = [];
    for (const name of EXAMPLES) {
      for (const s of await stacks(name)) {
        fs.writeFileSync(lintFile(name, s.name), toYaml(toSam(s)));
        files.push(lintFile(name, s.name));
      }
    }
    return cfnLintAll(files);
  })();
  return linted;
}

let translated: Promise<Map<string, Translated>> | undefined;

/** SAM's CloudFormation of every example's stacks, by `<example>/<stack>`, in one Python process (once per file of tests). */
function translateAll(): Promise<Map<string, Translated>> {
  translated ??= (async () => {
    const keys: string[] = [];
    const templates: unknown[] = [];
    for (const name of EXAMPLES) {
      for (const s of await stacks(name)) {
        keys.push(`${name}/${s.name}`);
        templates.push(toSam(s));
      }
    }
    const out = samTranslateAll(templates);
    return new Map(keys.map((k, i) => [k, out[i]!]));
  })();
  return translated;
}

describe.each(EXAMPLES)('example %s (sam)', (name) => {
  it('is a SAM template that validates against the SAM and CloudFormation schemas', async () => {
    for (const s of await stacks(name)) {
      const t = toSam(s);
      expect(t.Transform).toBe('AWS::Serverless-2016-10-31');
      expect(Object.values(t.Resources).some((r) => r.Type === 'AWS::Serverless::Function')).toBe(true);
      expect(validateSamTemplate(t as never)).toEqual([]);
    }
  });

  it.skipIf(!cfnLintAvailable)(`passes cfn-lint (with the SAM transform) with no errors ${cfnLintSkipReason}`, async () => {
    const results = await lintAll();
    for (const s of await stacks(name)) {
      const r = results.get(lintFile(name, s.name))!;
      expect(r.errors, r.output).toEqual([]);
    }
  });

  it.skipIf(!samTranslatorAvailable)(`describes the same application as the CloudFormation output ${samTranslatorSkipReason}`, async () => {
    const all = await translateAll();
    for (const s of await stacks(name)) {
      const fromCfn = summarize(toCloudFormation(s) as never);
      const fromSam = summarize(all.get(`${name}/${s.name}`)!);
      expect(Object.keys(fromCfn.functions).length).toBeGreaterThan(0);
      expect(fromCfn.triggers.length).toBeGreaterThan(0);
      expect(sorted(fromSam)).toEqual(sorted(fromCfn));
    }
  });
});

it('synthesizes byte-identical SAM templates twice, every example', async () => {
  expect(examplesInAllExamplesApp()).toEqual(EXAMPLES);
  const outs = [0, 1].map(() => fs.mkdtempSync(path.join(TMP, 'det-')));
  // Side by side: two whole processes, as a user runs them, each making every example's App.
  for (const r of await Promise.all(outs.map((out) => runCliAsync(['synth', '--app', ALL_EXAMPLES_APP, '--out', out])))) expect(r.status, r.stderr).toBe(0);
  const [a, b] = outs as [string, string];
  const files = fs.readdirSync(a).filter((f) => f.endsWith('.sam.yaml'));
  expect(files.sort()).toEqual((await exampleStackNames()).map((s) => `${s}.sam.yaml`).sort());
  for (const f of files) expect(fs.readFileSync(path.join(b, f), 'utf8')).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
});

it.skipIf(!samTranslatorAvailable)(`the summary comparison notices a difference ${samTranslatorSkipReason}`, async () => {
  // GIVEN the cron example, WHEN the SAM template's schedule changes, THEN the summaries differ.
  const s = (await stacks('cron'))[0]!;
  const sam = toSam(s) as { Resources: Record<string, { Properties?: { Events?: Record<string, { Properties: Record<string, unknown> }> } }> };
  sam.Resources.PruneSessions!.Properties!.Events!.Hourly!.Properties.Schedule = 'rate(2 hours)';
  expect(sorted(summarize(samTranslate(sam)))).not.toEqual(sorted(summarize(toCloudFormation(s) as never)));
});
