// Every shipped example: its CloudFormation template validates against the resource schemas,
// passes cfn-lint with no errors, grants no `*` action, and synthesizes byte-identically twice.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toYaml, type Template } from '../../lib/synth/template.js';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason, type LintResult } from '../helpers/cfn-lint.js';
import { validateCfnTemplate } from '../helpers/cfn-schema.js';
import { runCliAsync } from '../helpers/cli.js';
import { ALL_EXAMPLES_APP, EXAMPLES, exampleStackNames, examplesInAllExamplesApp, loadExample } from '../helpers/examples.js';

/** Every folder the tests make lives in here, removed at the end. */
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-examples-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

async function templates(name: string): Promise<Array<[string, Template]>> {
  const app = await loadExample(name);
  return app.synth().stacks.map((s) => [s.name, toCloudFormation(s)]);
}

/** Every IAM statement of every role and policy in a template. */
function statements(t: Template): Array<{ Action: string | string[] }> {
  const out: Array<{ Action: string | string[] }> = [];
  for (const r of Object.values(t.Resources)) {
    const props = r.Properties as { Policies?: Array<{ PolicyDocument: { Statement: Array<{ Action: string | string[] }> } }>; PolicyDocument?: { Statement: Array<{ Action: string | string[] }> } } | undefined;
    for (const p of props?.Policies ?? []) out.push(...p.PolicyDocument.Statement);
    if (props?.PolicyDocument) out.push(...props.PolicyDocument.Statement);
  }
  return out;
}

const lintFile = (example: string, stack: string): string => path.join(TMP, `${example}-${stack}.template.yaml`);
let linted: Promise<Map<string, LintResult>> | undefined;

/** Every example's templates, linted in one cfn-lint run (once per file of tests). */
function lintAll(): Promise<Map<string, LintResult>> {
  linted ??= (async () => {
    const files: string[] = [];
    for (const name of EXAMPLES) {
      for (const [stack, t] of await templates(name)) {
        fs.writeFileSync(lintFile(name, stack), toYaml(t));
        files.push(lintFile(name, stack));
      }
    }
    return cfnLintAll(files);
  })();
  return linted;
}

it('ships the examples the issues ask for', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['sqs-worker', 'http-api']));
});

describe.each(EXAMPLES)('example %s (cfn)', (name) => {
  it('validates against the CloudFormation resource schemas', async () => {
    for (const [, t] of await templates(name)) expect(validateCfnTemplate(t)).toEqual([]);
  });

  it('grants no `*` action and names specific resources', async () => {
    for (const [, t] of await templates(name)) {
      const all = statements(t);
      expect(all.length).toBeGreaterThan(0);
      for (const s of all) {
        const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
        for (const a of actions) expect(a === '*' || a.endsWith(':*')).toBe(false);
        expect(JSON.stringify((s as { Resource?: unknown }).Resource)).not.toBe('"*"');
      }
    }
  });

  it.skipIf(!cfnLintAvailable)(`passes cfn-lint with no errors ${cfnLintSkipReason}`, async () => {
    const results = await lintAll();
    for (const [stack] of await templates(name)) {
      const r = results.get(lintFile(name, stack))!;
      expect(r.errors, r.output).toEqual([]);
    }
  });
});

it('synthesizes byte-identical templates and asset zips twice, every example', async () => {
  expect(examplesInAllExamplesApp()).toEqual(EXAMPLES);
  const outs = [0, 1].map(() => fs.mkdtempSync(path.join(TMP, 'det-')));
  // Side by side: two whole processes, as a user runs them, each making every example's App.
  for (const r of await Promise.all(outs.map((out) => runCliAsync(['synth', '--app', ALL_EXAMPLES_APP, '--format', 'cfn', '--out', out])))) expect(r.status, r.stderr).toBe(0);
  const files = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  const [a, b] = outs as [string, string];
  expect(files(a)).toEqual(files(b));
  expect(files(a).filter((f) => f.endsWith('.template.yaml'))).toEqual((await exampleStackNames()).map((s) => `${s}.template.yaml`).sort());
  expect(files(a).some((f) => f.endsWith('.zip'))).toBe(true);
  for (const f of files(a)) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
});
