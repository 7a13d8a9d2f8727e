// `lambdaform lint <template...>`: templates lambdaform did not write, linted with the same rules;
// findings point at the template's own lines in every format; files, directories (cdk.out) and
// globs; parameters; acknowledgements in Metadata (lambdaform's, cdk-nag's, cfn-lint's).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../lib/cli/errors.js';
import { lintCommand, type LintOptions } from '../../lib/cli/lint.js';
import { LambdaformError } from '../../lib/core/errors.js';
import { runCli } from '../helpers/cli.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-lint-templates-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** A queue consumed by a function with a 30 s timeout: visibility 60 s is under 6x (a warning), 20 s under 1x (an error). */
const WORKER = (visibility: string, extra = '') => `AWSTemplateFormatVersion: '2010-09-09'
Description: a queue worker
Parameters:
  Visibility:
    Type: Number
    Default: ${visibility}
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: !Ref Visibility
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDlq.Arn
        maxReceiveCount: 5
  JobsDlq:
    Type: AWS::SQS::Queue
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: consume
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
                Resource: !GetAtt Jobs.Arn
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      MemorySize: 512
      Timeout: 30
      Role: !GetAtt WorkerRole.Arn
      Code:
        ZipFile: "exports.handler = async () => ({ batchItemFailures: [] });"
  WorkerMapping:
${extra}    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Jobs.Arn
      FunctionName: !Ref Worker
      FunctionResponseTypes: [ReportBatchItemFailures]
`;

function dir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(TMP, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), text);
  }
  return d;
}

async function lint(cwd: string, opts: Partial<LintOptions> & { templates: string[] }): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await lintCommand({ format: 'json', failOn: 'error', ...opts }, cwd, (t) => (out += t));
  return { code, out };
}

interface JsonFinding {
  rule: string;
  severity: string;
  logicalId?: string;
  source?: { file: string; line: number; column?: number };
  suppressed?: { reason: string; by: string; via?: string };
}
const findings = (out: string) => (JSON.parse(out) as { findings: JsonFinding[] }).findings;

describe('lambdaform lint <template>', () => {
  it('lints a CloudFormation template with the same rules, pointing at the line that declares the resource', async () => {
    const cwd = dir({ 'template.yaml': WORKER('60') });
    const { code, out } = await lint(cwd, { templates: ['template.yaml'] });
    expect(code).toBe(0);
    const [f, ...rest] = findings(out);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'sqs-visibility-timeout', severity: 'warning', logicalId: 'WorkerMapping', source: { file: 'template.yaml' } });
    const line = fs.readFileSync(path.join(cwd, 'template.yaml'), 'utf8').split('\n')[f!.source!.line - 1];
    expect(line).toBe('  WorkerMapping:');
  });

  it('gives the fix in the template\'s terms (CloudFormation property names), not in app code', async () => {
    const cwd = dir({ 'template.yaml': WORKER('60') });
    const { out } = await lint(cwd, { templates: ['template.yaml'], format: 'text', color: false });
    expect(out).toContain('fix: set VisibilityTimeout: 180 on the queue');
    expect(out).not.toContain('Duration.seconds');
  });

  it('resolves parameters from their defaults, --parameter and --parameters (the CloudFormation CLI format)', async () => {
    const cwd = dir({ 'template.yaml': WORKER('60'), 'params.json': JSON.stringify([{ ParameterKey: 'Visibility', ParameterValue: '20' }]) });
    const error = await lint(cwd, { templates: ['template.yaml'], parameter: ['Visibility=20'] });
    expect(error.code).toBe(1);
    expect(findings(error.out).map((f) => `${f.severity} ${f.rule}`)).toEqual(['error sqs-visibility-timeout']);
    expect(findings((await lint(cwd, { templates: ['template.yaml'], parameters: 'params.json' })).out).map((f) => f.severity)).toEqual(['error']);
    expect(findings((await lint(cwd, { templates: ['template.yaml'], parameter: ['Visibility=180'] })).out)).toEqual([]);
    await expect(lint(cwd, { templates: ['template.yaml'], parameter: ['Visiblity=20'] })).rejects.toThrow(/--parameter Visiblity: no template declares this parameter \(their parameters: Visibility\)/);
    await expect(lint(cwd, { templates: ['template.yaml'], parameter: ['Visibility'] })).rejects.toThrow(/expected Key=Value/);
  });

  it('says nothing about a value unknown before deploy (a parameter without a default): no false error', async () => {
    const cwd = dir({ 'template.yaml': WORKER('60').replace('    Default: 60\n', '') });
    expect(findings((await lint(cwd, { templates: ['template.yaml'] })).out)).toEqual([]);
  });

  it('honours acknowledgements in Metadata: lambdaform:acknowledge, cdk-nag and cfn-lint ids of the rule', async () => {
    const error = WORKER('20');
    const cases: Array<[string, RegExp]> = [
      ["    Metadata:\n      lambdaform:acknowledge:\n        - rule: sqs-visibility-timeout\n          reason: the worker finishes in 2 s\n", /^the worker finishes in 2 s$/],
      ["    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [E3505]\n", /cfn-lint's Metadata ignore_checks lists E3505/],
      ["    Metadata:\n      cdk_nag:\n        rules_to_suppress:\n          - id: LambdaEventSourceSQSVisibilityTimeout\n            reason: reviewed with the team\n", /^reviewed with the team$/],
    ];
    for (const [metadata, reason] of cases) {
      const cwd = dir({ 'template.yaml': error.replace('  WorkerMapping:\n', `  WorkerMapping:\n${metadata}`) });
      const { code, out } = await lint(cwd, { templates: ["template.yaml"], showSuppressed: true });
      expect(code).toBe(0);
      const [f] = findings(out);
      expect(f).toMatchObject({ rule: 'sqs-visibility-timeout', suppressed: { by: 'template' } });
      expect(f!.suppressed!.reason).toMatch(reason);
    }
  });

  it('an acknowledgement in Metadata without a reason is itself an error finding', async () => {
    const cwd = dir({ 'template.yaml': WORKER('20').replace('  WorkerMapping:\n', '  WorkerMapping:\n    Metadata:\n      lambdaform:acknowledge: [sqs-visibility-timeout]\n') });
    const { code, out } = await lint(cwd, { templates: ['template.yaml'] });
    expect(code).toBe(1);
    expect(findings(out).map((f) => f.rule)).toEqual(['acknowledgement-reason']);
  });

  it('measures an imported template as written: its file size (template-size) and its own resources (stack-resource-limit)', async () => {
    const topics = Array.from({ length: 501 }, (_, i) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: topic number ${i} of a template that is too large\n`).join('');
    const text = `Resources:\n${topics}`;
    const cwd = dir({ 'big.yaml': text });
    const { out } = await lint(cwd, { templates: ['big.yaml'], format: 'json', failOn: 'none' });
    const byRule = (rule: string) => findings(out).filter((f) => f.rule === rule);
    expect(byRule('stack-resource-limit').map((f) => (f as unknown as { message: string }).message)).toEqual([expect.stringMatching(/^stack big has 501 resources in its CloudFormation template, more than the 500 CloudFormation accepts/)]);
    const size = JSON.parse(out).findings.filter((f: { rule: string }) => f.rule === 'template-size');
    expect(size.map((f: { severity: string; message: string }) => [f.severity, f.message])).toEqual([
      ['info', `the template big.yaml is ${Buffer.byteLength(text).toLocaleString('en-US')} bytes, more than the 51,200 bytes CloudFormation accepts inline, so it must be uploaded to S3 to be deployed`],
    ]);
  });

  it('SARIF regions point at the template file and line', async () => {
    const cwd = dir({ 'infra/template.yaml': WORKER('60') });
    const { out } = await lint(cwd, { templates: ['infra/template.yaml'], format: 'sarif' });
    const sarif = JSON.parse(out);
    expect(validateSarif(sarif)).toEqual([]);
    const loc = sarif.runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'infra/template.yaml', uriBaseId: '%SRCROOT%' });
    expect(fs.readFileSync(path.join(cwd, 'infra/template.yaml'), 'utf8').split('\n')[loc.region.startLine - 1]).toBe('  WorkerMapping:');
  });

  it('reads the templates of a directory (cdk.out: *.template.json, not manifest.json or tree.json) and globs, as one run', async () => {
    const json = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }, null, 1);
    const cwd = dir({
      'cdk.out/AppStack.template.json': json,
      'cdk.out/manifest.json': JSON.stringify({ version: '40.0.0', artifacts: {} }),
      'cdk.out/tree.json': JSON.stringify({ version: 'tree-0.1', tree: {} }),
      'cdk.out/asset.1234/index.json': json,
      'templates/a.yaml': WORKER('60'),
      'templates/b.yaml': WORKER('20'),
    });
    const all = await lint(cwd, { templates: ['cdk.out', 'templates/*.yaml'] });
    expect(all.code).toBe(1);
    expect(findings(all.out).map((f) => `${f.source?.file} ${f.severity}`)).toEqual(['templates/a.yaml warning', 'templates/b.yaml error']);
    await expect(lint(cwd, { templates: ['nothing/*.yaml'] })).rejects.toThrow(/nothing\/\*\.yaml: no file matches this pattern/);
    await expect(lint(cwd, { templates: ['missing.yaml'] })).rejects.toThrow(/missing\.yaml: no such file or directory/);
    await expect(lint(cwd, { templates: ['templates'], app: 'app.ts' })).rejects.toThrow(CliError);
  });

  it('refuses an app file named as a template, saying to name it with --app', async () => {
    const cwd = dir({ 'app.ts': "import { App } from 'lambdaform';\nnew App();\n", 'app.mjs': 'export {};\n' });
    await expect(lint(cwd, { templates: ['app.ts'] })).rejects.toThrow(new CliError('app.ts is a program, not a template: name an app with --app app.ts'));
    await expect(lint(cwd, { templates: ['app.mjs'] })).rejects.toThrow('app.mjs is a program, not a template: name an app with --app app.mjs');
  });

  it('refuses a malformed template with file, line and column', async () => {
    const cwd = dir({ 'broken.yaml': WORKER('60').replace('      Runtime: nodejs22.x\n', '      Runtime: nodejs22.x\n      Runtime: nodejs20.x\n') });
    const err = await lint(cwd, { templates: ['broken.yaml'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/^broken\.yaml:\d+:7: duplicate key 'Runtime' \(first at line \d+\)/);
  });

  it('exits 2 on a malformed template, as a whole process', () => {
    const cwd = dir({ 'notes.yaml': 'title: not a template\n' });
    const r = runCli(['lint', 'notes.yaml'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/notes\.yaml:1:1: .*Resources/);
  });
});
