// `-p/--parameter` and `--parameters` for an app as for templates: the local commands (plan, invoke,
// run, start-api, which all make their plan with loadPlan) run a parameter with the value given
// instead of its default, whether the parameter is a template's or an app's `CfnParameter`; a value
// for a parameter the stacks lack is refused; synth of templates and --plan refuse values.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../lib/cli/errors.js';
import { invokeCommand } from '../../lib/cli/invoke.js';
import { planCommand, type PlanCommandOptions } from '../../lib/cli/plan.js';
import { synthCommand } from '../../lib/cli/synth.js';
import { readPlan } from '../../lib/local/plan/read.js';
import { captured } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-params-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
const LIB = JSON.stringify(path.join(ROOT, 'lib', 'all.ts'));

const APP = `import { App, CfnParameter, Code, Function, Runtime, Stack } from ${LIB};
const app = new App();
const stack = new Stack(app, 'Params');
const stage = new CfnParameter(stack, 'Stage', { default: 'dev' });
const size = new CfnParameter(stack, 'PageSize', { type: 'Number', default: 10 });
const token = new CfnParameter(stack, 'Token');
new Function(stack, 'Worker', {
  runtime: Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: Code.fromInline('exports.handler = async () => ({ stage: process.env.STAGE });'),
  environment: { STAGE: stage.valueAsString, PAGE_SIZE: size.valueAsString, TOKEN: token.valueAsString },
});
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/worker
      Code:
        ZipFile: exports.handler = async () => 1;
      Environment:
        Variables:
          STAGE: !Ref Stage
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(TMP, 'app-'));
  fs.writeFileSync(path.join(dir, 'app.ts'), APP);
  fs.writeFileSync(path.join(dir, 't.yaml'), TEMPLATE);
  fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify([{ ParameterKey: 'Stage', ParameterValue: 'from-file' }]));
});

async function environment(opts: Partial<PlanCommandOptions>): Promise<Record<string, string>> {
  const r = await captured(() => planCommand(opts, dir));
  expect(r.error).toBeUndefined();
  return readPlan(r.stdout, 'stdout').functions[0]!.environment;
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const r = await captured(run);
  expect(r.error).toBeInstanceOf(CliError);
  expect(r.stdout).toBe('');
  return (r.error as CliError).message;
}

describe('lambdaform plan --parameter with an app', () => {
  it("runs each parameter with its default when no value is given (one without a default is '' locally)", async () => {
    expect(await environment({ app: 'app.ts' })).toEqual({ STAGE: 'dev', PAGE_SIZE: '10', TOKEN: '' });
  });

  it('runs a parameter with the value of -p Key=Value instead of its default, a Number one too, and one without a default', async () => {
    expect(await environment({ app: 'app.ts', parameter: ['Stage=prod', 'PageSize=50', 'Token=t-1'] })).toEqual({ STAGE: 'prod', PAGE_SIZE: '50', TOKEN: 't-1' });
  });

  it('takes --parameters file.json (the CloudFormation CLI format), -p winning over the file', async () => {
    expect((await environment({ app: 'app.ts', parameters: 'params.json' })).STAGE).toBe('from-file');
    expect((await environment({ app: 'app.ts', parameters: 'params.json', parameter: ['Stage=cli'] })).STAGE).toBe('cli');
  });

  it('refuses a value for a parameter no stack of the app declares, naming the ones it does', async () => {
    expect(await refusal(() => planCommand({ app: 'app.ts', parameter: ['Stgae=prod'] }, dir))).toBe('--parameter Stgae: no stack of the app declares this parameter (its parameters: PageSize, Stage, Token)');
  });

  it('invoke (as run and start-api, through the same plan) runs the function with the value', async () => {
    const r = await captured(() => invokeCommand('Worker', { app: 'app.ts', parameter: ['Stage=prod'] }, dir));
    expect(r.error).toBeUndefined();
    expect(JSON.parse(r.stdout)).toEqual({ stage: 'prod' });
  });

  it('refuses a malformed pair before running the app', async () => {
    expect(await refusal(() => planCommand({ app: 'app.ts', parameter: ['Stage'] }, dir))).toBe('--parameter Stage: expected Key=Value, such as --parameter Stage=prod');
  });
});

describe('the same for templates, and where values do not apply', () => {
  it('a template parameter takes the value of -p as an app parameter does', async () => {
    expect(await environment({ template: ['t.yaml'] })).toMatchObject({ STAGE: 'dev' });
    expect(await environment({ template: ['t.yaml'], parameter: ['Stage=prod'] })).toMatchObject({ STAGE: 'prod' });
    expect(await refusal(() => planCommand({ template: ['t.yaml'], parameter: ['Stgae=prod'] }, dir))).toBe('--parameter Stgae: no template declares this parameter (their parameters: Stage)');
  });

  it('refuses values with --plan: a plan holds the values it was made with', async () => {
    expect(await refusal(() => planCommand({ plan: 'plan.json', parameter: ['Stage=prod'] }, dir))).toBe(
      '--parameter and --parameters apply to an app or templates, not to --plan: a plan holds the values it was made with (give them to `lambdaform plan`)',
    );
  });

  it('refuses values in synth of templates (they keep their parameters) but takes them with --format plan', async () => {
    expect(await refusal(() => synthCommand({ app: 'app.ts', format: 'cfn', json: false, parameter: ['Stage=prod'] }, dir))).toBe(
      '--parameter and --parameters apply to --format plan (and plan, invoke, run, start-api): the templates keep their parameters, which take their values at deploy',
    );
    const r = await captured(() => synthCommand({ app: 'app.ts', format: 'plan', json: false, parameter: ['Stage=prod'] }, dir));
    expect(r.error).toBeUndefined();
    expect(readPlan(r.stdout, 'stdout').functions[0]!.environment.STAGE).toBe('prod');
  });
});
