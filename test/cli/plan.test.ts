// `lambdaform plan` and `synth --format plan`: plan.json on stdout, or written into --out with its
// paths relative to that directory; warnings on stderr. In-process (planCommand, synthCommand),
// with one end-to-end run of the CLI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../lib/cli/errors.js';
import { planCommand, type PlanCommandOptions } from '../../lib/cli/plan.js';
import { synthCommand } from '../../lib/cli/synth.js';
import { readPlan } from '../../lib/local/plan/read.js';
import type { Plan } from '../../lib/local/plan/types.js';
import { captured, runCli } from '../helpers/cli.js';
import { bundleDirOf, loadExample, ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-plan-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));



const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: worker.handler
      Environment:
        Variables:
          JOBS_URL: !Ref Jobs
          SHARED: !ImportValue shared-value
      Events:
        FromJobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 5
`;
const WARNING = `lambdaform: warning: Worker: environment variable SHARED: {"Fn::ImportValue":"shared-value"} is known only at deploy; it is '' locally\n`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(TMP, 'app-'));
  fs.writeFileSync(path.join(dir, 't.yaml'), TEMPLATE);
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'worker.mjs'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
});

const plan = (opts: Partial<PlanCommandOptions>) => captured(() => planCommand({ template: ['t.yaml'], ...opts }, dir));

describe('lambdaform plan', () => {
  it('prints plan.json on stdout without --out: valid, with its $schema, paths relative to the working directory; warnings on stderr', async () => {
    const r = await plan({});
    expect(r.error).toBeUndefined();
    expect(r.stdout.startsWith('{\n  "$schema": "https://lambdaform.dev/schemas/plan.schema.json",\n  "version": 1,\n')).toBe(true);
    const p = readPlan(r.stdout, 'stdout');
    expect(p.functions.map((f) => [f.id, f.handler, f.environment])).toEqual([['Worker', { codeDir: 'src', file: 'worker.mjs', export: 'handler' }, { JOBS_URL: 'http://localhost:4566/123456789012/t-Jobs', SHARED: '' }]]);
    expect(p.queues.map((q) => [q.id, q.visibilityTimeoutSeconds])).toEqual([['Jobs', 60]]);
    expect(p.mappings.map((m) => [m.source, m.function, m.batchSize])).toEqual([['Jobs', 'Worker', 5]]);
    expect(r.stderr).toBe(WARNING);
    // Nothing is written.
    expect(fs.readdirSync(dir).sort()).toEqual(['src', 't.yaml']);
  });

  it('--out: writes plan.json there (the directory made), its paths relative to it; nothing on stdout', async () => {
    const r = await plan({ out: 'build/local' });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${WARNING}plan: build/local/plan.json\n`);
    const file = path.join(dir, 'build', 'local', 'plan.json');
    const written = readPlan(fs.readFileSync(file, 'utf8'), file);
    expect(written.functions[0]!.handler).toEqual({ codeDir: '../../src', file: 'worker.mjs', export: 'handler' });
    expect(path.resolve(path.dirname(file), written.functions[0]!.handler!.codeDir, 'worker.mjs')).toBe(path.join(dir, 'src', 'worker.mjs'));
    // The same plan as on stdout but for its paths.
    const onStdout = readPlan((await plan({})).stdout, 'stdout');
    const withoutPaths = (p: Plan) => ({ ...p, functions: p.functions.map(({ handler: _h, ...rest }) => rest) });
    expect(withoutPaths(written)).toEqual(withoutPaths(onStdout));
  });

  it('synth --format plan is the same command: the same stdout, the same file', async () => {
    const synth = (out?: string) => captured(() => synthCommand({ format: 'plan', json: false, template: ['t.yaml'], ...(out !== undefined ? { out } : {}) }, dir));
    const [viaPlan, viaSynth] = [await plan({}), await synth()];
    expect(viaSynth.error).toBeUndefined();
    expect(viaSynth.stdout).toBe(viaPlan.stdout);
    expect(viaSynth.stderr).toBe(viaPlan.stderr);
    await plan({ out: 'a' });
    const r = await synth('b');
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'b', 'plan.json'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'a', 'plan.json'), 'utf8'));
  });

  it('the plan of an app (--app): the example sqs-worker, in the CLI the same as synth --format plan', async () => {
    const r = await captured(() => planCommand({ app: 'examples/sqs-worker/app.ts' }, ROOT));
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    const p = readPlan(r.stdout, 'stdout');
    expect(p.stacks).toEqual(['SqsWorker']);
    // The worker's code is its esbuild bundle (index.js), made in the same working directory as in this process.
    const codeDir = bundleDirOf(await loadExample('sqs-worker'), 'SqsWorker/Worker');
    expect(p.functions.map((f) => [f.id, f.handler, f.memoryMb, f.timeoutSeconds])).toEqual([['SqsWorker/Worker', { codeDir, file: 'index.js', export: 'handler' }, 256, 30]]);
    const cli = runCli(['synth', '--format', 'plan', '--app', 'examples/sqs-worker/app.ts'], ROOT);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(r.stdout);
  });

  it('refuses what no plan comes from: --template and --app together, a template that does not exist, --parameter with a plan file', async () => {
    const refused = async (opts: Partial<PlanCommandOptions>) => {
      const r = await plan(opts);
      expect(r.error).toBeInstanceOf(CliError);
      expect((r.error as CliError).exitCode).toBe(2);
      expect(r.stdout).toBe('');
      return (r.error as CliError).message;
    };
    expect(await refused({ app: 'app.ts' })).toBe('give one of --app, --template and --plan, not --app and --template');
    expect(await refused({ template: ['missing.yaml'] })).toBe('missing.yaml: no such file or directory');
    expect(await refused({ template: undefined, parameter: ['Stage=prod'], plan: 'plan.json' })).toBe('--parameter and --parameters apply to an app or templates, not to --plan: a plan holds the values it was made with (give them to `lambdaform plan`)');
    expect(await refused({ out: 't.yaml' })).toBe('--out t.yaml: not a directory');
    // Two templates with a resource of the same logical id: a plan names resources by it.
    fs.copyFileSync(path.join(dir, 't.yaml'), path.join(dir, 'copy.yaml'));
    expect(await refused({ template: ['t.yaml', 'copy.yaml'] })).toBe("Worker: two resources have the id 'Worker' (stacks t and copy): give the templates' resources distinct logical ids");
  });
});
