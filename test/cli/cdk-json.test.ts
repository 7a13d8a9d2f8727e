// A CDK project's cdk.json, read when there is no lambdaform.json: its "app" command line gives
// the file lambdaform runs with its own loader, and its "context" reaches node.tryGetContext().
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { appOfCdkCommand, readConfig } from '../../lib/cli/config.js';
import { App } from '../../lib/all.js';
import { runCliAsync } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';
import { thrown } from '../helpers/errors.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cdk-json-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
const LIB = JSON.stringify(path.join(ROOT, 'lib', 'all.ts'));

let counter = 0;
/** A CDK-style project: bin/app.ts naming its queue after the "stage" context, and cdk.json. */
function cdkProject(cdkJson: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(TMP, `p${counter++}-`));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(
    path.join(dir, 'bin', 'app.ts'),
    `import { App, Queue, Stack } from ${LIB};\nconst app = new App();\nconst stack = new Stack(app, 'Cdk');\nnew Queue(stack, 'Jobs', { queueName: 'jobs-' + String(app.node.tryGetContext('stage') ?? 'none') });\n`,
  );
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify(cdkJson));
  return dir;
}

describe("cdk.json's app command line", () => {
  const dir = cdkProject({});
  fs.writeFileSync(path.join(dir, 'bin', 'app.js'), '');
  it.each([
    ['npx ts-node --prefer-ts-exts bin/app.ts', 'bin/app.ts'],
    ['npx tsx bin/app.ts', 'bin/app.ts'],
    ['ts-node bin/app.ts', 'bin/app.ts'],
    ['node -r ts-node/register bin/app.ts', 'bin/app.ts'],
    ['npx ts-node -P tsconfig.json bin/app.ts', 'bin/app.ts'],
    ['node bin/app.js', 'bin/app.js'],
    ['pnpm exec ts-node bin/app.ts', 'bin/app.ts'],
  ])('%s runs the file %s with lambdaform’s loader', (command, file) => {
    expect(appOfCdkCommand(command, dir)).toBe(file);
  });

  it.each([
    ['python3 app.py', 'another language'],
    ['npx ts-node bin/missing.ts', 'a file that is not there'],
    ['npx ts-node bin/app.ts --stage prod', 'arguments for the app'],
    ['mvn -e -q compile exec:java', 'a build tool'],
  ])('%s (%s) is run as a command', (command) => {
    expect(appOfCdkCommand(command, dir)).toBe(command);
  });
});

describe('lambdaform synth in a folder with only cdk.json', () => {
  it.each([
    ['in the CLI process', {}],
    ['in a process of its own', { LAMBDAFORM_APP_PROCESS: 'separate' }],
  ] as const)('runs its app with its context (%s)', async (_mode, env) => {
    const dir = cdkProject({ app: 'npx ts-node --prefer-ts-exts bin/app.ts', context: { stage: 'prod', '@aws-cdk/core:newStyleStackSynthesis': true }, watch: { include: ['**'] } });
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const run = runCliAsync(['synth', '--format', 'cfn'], dir);
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    const r = await run;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('QueueName: jobs-prod');
  });

  it('lambdaform.json wins over cdk.json', () => {
    const dir = cdkProject({ app: 'npx ts-node bin/app.ts', context: { stage: 'cdk' } });
    fs.writeFileSync(path.join(dir, 'lambdaform.json'), JSON.stringify({ app: 'bin/app.ts', context: { stage: 'own' } }));
    expect(readConfig(dir)).toEqual({ file: path.join(dir, 'lambdaform.json'), app: 'bin/app.ts', context: { stage: 'own' } });
    fs.rmSync(path.join(dir, 'lambdaform.json'));
    expect(readConfig(dir)).toEqual({ file: path.join(dir, 'cdk.json'), app: 'bin/app.ts', context: { stage: 'cdk' } });
  });

  it('context that is not an object is refused with the file', () => {
    const dir = cdkProject({ app: 'npx ts-node bin/app.ts', context: ['stage'] });
    expect(() => readConfig(dir)).toThrow(`${path.join(dir, 'cdk.json')}: "context" must be an object of context values, got ["stage"]`);
  });
});

describe('App context', () => {
  afterEach(() => {
    delete process.env.CDK_CONTEXT_JSON;
  });

  it("comes from props, and the CLI's (CDK_CONTEXT_JSON) wins, as in aws-cdk-lib", () => {
    expect(new App({ context: { stage: 'dev', region: 'eu-west-1' } }).node.tryGetContext('stage')).toBe('dev');
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ stage: 'prod' });
    const app = new App({ context: { stage: 'dev', region: 'eu-west-1' } });
    expect([app.node.tryGetContext('stage'), app.node.tryGetContext('region')]).toEqual(['prod', 'eu-west-1']);
  });

  it('CDK_CONTEXT_JSON that is not a JSON object is refused', () => {
    process.env.CDK_CONTEXT_JSON = '[1]';
    expect((thrown(() => new App()) as Error).message).toBe('CDK_CONTEXT_JSON must be a JSON object of context values, got [1]');
  });
});

describe('a parity app (test/parity) in a folder with only cdk.json', () => {
  it('synthesizes with `lambdaform synth`, as the CDK CLI would run it', async () => {
    // Inside the repository, so that `lambdaform/...` resolves to lambdaform's sources as in the parity suite.
    fs.mkdirSync(path.join(ROOT, '.lambdaform'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, '.lambdaform', 'cdk-json-'));
    try {
      fs.cpSync(path.join(ROOT, 'test', 'parity', 'apps', 'sqs-worker'), dir, { recursive: true });
      fs.rmSync(path.join(dir, 'cdk.ts'));
      fs.renameSync(path.join(dir, 'lambdaform.ts'), path.join(dir, 'app.ts'));
      fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'npx ts-node --prefer-ts-exts app.ts', context: { '@aws-cdk/aws-lambda:recognizeLayerVersion': true } }));
      const r = await runCliAsync(['synth', '--format', 'cfn', '--json'], dir);
      expect(r.status, r.stderr).toBe(0);
      const types = Object.values((JSON.parse(r.stdout) as { Resources: Record<string, { Type: string }> }).Resources).map((x) => x.Type).sort();
      expect(types).toEqual(['AWS::IAM::Role', 'AWS::Lambda::EventSourceMapping', 'AWS::Lambda::Function', 'AWS::SQS::Queue', 'AWS::SQS::Queue']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
