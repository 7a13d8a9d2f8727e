// `lambdaform synth` as a user runs it: templates on stdout or in an out directory, and every
// bad input (missing app, app error, construct error, bad option) exits 2 with one paragraph
// on stderr and no stack trace.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { parseTemplate, toYaml } from '../../lib/synth/template.js';
import type { AssetManifest } from '../../lib/synth/assets.js';
import { runCliAsync, type CliResult } from '../helpers/cli.js';
import { loadExample, ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const SQS_WORKER = path.join(ROOT, 'examples', 'sqs-worker', 'app.ts');
/** The library entry point, for temp apps to import. */
const LIB = path.join(ROOT, 'lib', 'all.ts');
/** tsx's loader, so a temp app can be run as a `node --import <tsx> <file>` command from any directory. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let counter = 0;
/** A fresh, empty working directory under the temp dir. */
function workdir(): string {
  return fs.mkdtempSync(path.join(TMP, `run${counter++}-`));
}

/** Writes a temp app importing lambdaform and returns its path. */
function writeApp(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `import { App, Code, Duration, Function, Queue, Runtime, Stack } from ${JSON.stringify(LIB)};\n${body}\n`);
  return file;
}

/** Two stacks, One and Two, with a queue each. */
const TWO_STACKS = `const app = new App();\nnew Queue(new Stack(app, 'One'), 'First');\nnew Queue(new Stack(app, 'Two'), 'Second');\n`;

/** The sqs-worker example's template, rendered in this process: the same from any working directory (the worker's bundle is made in the project's root). */
async function expectedSqsWorkerYaml(): Promise<string> {
  const app = await loadExample('sqs-worker');
  return toYaml(toCloudFormation(app.synth().stacks[0]!));
}

/** Asserts the CLI failed as a user error: exit 2, one `lambdaform:` paragraph, no stack trace, nothing on stdout. */
function expectUsageError(r: CliResult): string {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.startsWith('lambdaform: ')).toBe(true);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.trim()).not.toContain('\n\n');
  expect(r.stderr.match(/lambdaform:/g)).toHaveLength(1);
  expect(r.stdout).toBe('');
  return r.stderr.trim();
}

describe.concurrent('synth output', () => {
  it('--format cfn prints the YAML template on stdout and exits 0', async () => {
    // GIVEN the sqs-worker example, run from an empty directory
    const cwd = workdir();
    // WHEN synthesized without --out
    const r = await runCliAsync(['synth', '--app', SQS_WORKER, '--format', 'cfn'], cwd);
    // THEN the template is on stdout, exactly as rendered in-process
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith("AWSTemplateFormatVersion: '2010-09-09'\n")).toBe(true);
    expect(r.stdout).toBe(await expectedSqsWorkerYaml());
    const t = parseTemplate(r.stdout);
    expect(Object.keys(t.Resources).sort()).toEqual(['Jobs', 'JobsDlq', 'Worker', 'WorkerServiceRole', 'WorkerSqsEventSourceJobs']);
    expect(t.Resources.Worker!.Properties).toMatchObject({ Runtime: 'nodejs22.x', Timeout: 30, MemorySize: 256 });
    // AND the template and the asset zip also go to the default out directory
    expect(fs.readFileSync(path.join(cwd, 'lambdaform.out', 'SqsWorker.template.yaml'), 'utf8')).toBe(r.stdout);
    expect(fs.readdirSync(path.join(cwd, 'lambdaform.out', 'assets')).filter((f) => f.endsWith('.zip'))).toHaveLength(1);
  });

  it('--json prints the template as JSON', async () => {
    // GIVEN the example
    const cwd = workdir();
    // WHEN synthesized as YAML and as JSON
    const yaml = await runCliAsync(['synth', '--app', SQS_WORKER, '--format', 'cfn'], cwd);
    const json = await runCliAsync(['synth', '--app', SQS_WORKER, '--format', 'cfn', '--json'], cwd);
    // THEN the JSON output is 2-space JSON of the same template
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout.startsWith('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n')).toBe(true);
    expect(json.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json.stdout)).toEqual(parseTemplate(yaml.stdout));
  });

  it('--out writes the template, the asset zips and assets.json, and prints no template', async () => {
    // GIVEN the example and an out directory
    const cwd = workdir();
    const out = path.join(cwd, 'cdk-like-out');
    // WHEN synthesized with --out
    const r = await runCliAsync(['synth', '--app', SQS_WORKER, '--format', 'cfn', '--out', out], cwd);
    // THEN stdout has nothing template-like, stderr names the file written
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`SqsWorker: ${path.join('cdk-like-out', 'SqsWorker.template.yaml')}`);
    // AND the out directory holds the template, one zip per asset and the manifest
    expect(fs.readdirSync(out).sort()).toEqual(['SqsWorker.template.yaml', 'assets', 'assets.json']);
    expect(fs.readFileSync(path.join(out, 'SqsWorker.template.yaml'), 'utf8')).toBe(await expectedSqsWorkerYaml());
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'assets.json'), 'utf8')) as AssetManifest;
    expect(manifest.assets).toHaveLength(1);
    const [asset] = manifest.assets;
    expect(fs.readdirSync(path.join(out, 'assets'))).toEqual([`${asset!.id}.zip`]);
    expect(asset!.file).toBe(`assets/${asset!.id}.zip`);
    expect(fs.statSync(path.join(out, asset!.file)).size).toBe(asset!.bytes);
    // AND the template points at that zip under the AssetsBucket parameter
    const t = parseTemplate(fs.readFileSync(path.join(out, 'SqsWorker.template.yaml'), 'utf8'));
    expect(t.Resources.Worker!.Properties!.Code).toEqual({ S3Bucket: { Ref: 'AssetsBucket' }, S3Key: `${asset!.id}.zip` });
  });

  it('what the app prints goes to stderr, so stdout stays a clean template', async () => {
    // GIVEN an app that logs while it runs
    const cwd = workdir();
    const file = writeApp(cwd, 'noisy.ts', `console.log('hello from the app');\nconst app = new App();\nnew Queue(new Stack(app, 'Noisy'), 'Q');`);
    // WHEN synthesized
    const r = await runCliAsync(['synth', '--app', file, '--format', 'cfn'], cwd);
    // THEN stdout is only the template, and the log is on stderr
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith('AWSTemplateFormatVersion:')).toBe(true);
    expect(r.stdout).not.toContain('hello from the app');
    expect(r.stderr).toContain('hello from the app');
    expect(Object.keys(parseTemplate(r.stdout).Resources)).toEqual(['Q']);
  });

  it('a deprecated runtime is said once: by the linter when synth lints, as a warning line with --no-lint', async () => {
    // GIVEN a function on nodejs18.x (deprecated since 2025-09-01)
    const cwd = workdir();
    const file = writeApp(cwd, 'old.ts', `const app = new App({ now: new Date('2026-11-30T00:00:00Z') });\nnew Function(new Stack(app, 'Old'), 'Legacy', { runtime: Runtime.NODEJS_18_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;'), timeout: Duration.seconds(5) });`);
    // WHEN synthesized with and without the linter
    const linted = await runCliAsync(['synth', '--app', file, '--format', 'cfn', '--out', 'out'], cwd);
    const unlinted = await runCliAsync(['synth', '--app', file, '--format', 'cfn', '--no-lint', '--out', 'out2'], cwd);
    // THEN the deprecation is in the stderr of each, once
    expect(linted.stderr.match(/nodejs18\.x(,| is) deprecated/g), linted.stderr).toHaveLength(1);
    expect(linted.stderr).toMatch(/\[deprecated-runtime\]/);
    expect(linted.stderr).not.toMatch(/lambdaform: warning: Old\/Legacy: runtime nodejs18\.x/);
    expect(unlinted.stderr.match(/nodejs18\.x(,| is) deprecated/g), unlinted.stderr).toHaveLength(1);
    expect(unlinted.stderr).toMatch(/^lambdaform: warning: Old\/Legacy: runtime nodejs18\.x is deprecated/m);
  });

  it('with two stacks and no --out, both templates go to lambdaform.out and stdout stays empty', async () => {
    // GIVEN an app with two stacks
    const cwd = workdir();
    const file = writeApp(cwd, 'two.ts', TWO_STACKS);
    // WHEN synthesized without --out
    const r = await runCliAsync(['synth', '--app', file, '--format', 'cfn'], cwd);
    // THEN each template is written and named on stderr
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(path.join(cwd, 'lambdaform.out')).sort()).toEqual(['One.template.yaml', 'Two.template.yaml', 'assets.json']);
    expect(r.stderr).toContain(`One: ${path.join('lambdaform.out', 'One.template.yaml')}`);
    expect(r.stderr).toContain(`Two: ${path.join('lambdaform.out', 'Two.template.yaml')}`);
  });

  it('--stack selects one stack', async () => {
    // GIVEN an app with two stacks / WHEN synthesized with --stack Two
    const cwd = workdir();
    const r = await runCliAsync(['synth', '--app', writeApp(cwd, 'two.ts', TWO_STACKS), '--format', 'cfn', '--stack', 'Two'], cwd);
    // THEN only that stack's template is printed
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(parseTemplate(r.stdout).Resources)).toEqual(['Second']);
  });
});

describe.concurrent('finding the app', () => {
  it('uses lambdaform.json when --app is absent', async () => {
    // GIVEN a directory with lambdaform.json naming app.ts
    const cwd = workdir();
    writeApp(cwd, 'app.ts', `const app = new App();\nnew Queue(new Stack(app, 'FromConfig'), 'Configured');`);
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), JSON.stringify({ app: 'app.ts' }));
    // WHEN synth runs there without --app
    const r = await runCliAsync(['synth', '--format', 'cfn'], cwd);
    // THEN that app is synthesized
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(parseTemplate(r.stdout).Resources)).toEqual(['Configured']);
    expect(fs.existsSync(path.join(cwd, 'lambdaform.out', 'FromConfig.template.yaml'))).toBe(true);
  });

  it('--app wins over lambdaform.json', async () => {
    // GIVEN lambdaform.json naming a missing file, and a real app
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), JSON.stringify({ app: 'missing.ts' }));
    const file = writeApp(cwd, 'real.ts', `const app = new App();\nnew Queue(new Stack(app, 'Real'), 'R');`);
    // WHEN synth runs with --app / THEN the given app is used
    const r = await runCliAsync(['synth', '--app', file, '--format', 'cfn'], cwd);
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(parseTemplate(r.stdout).Resources)).toEqual(['R']);
  });

  it('an app given as a command is run through a shell with LAMBDAFORM_OUTDIR set', async () => {
    // GIVEN an app file run by a `node --import tsx` command
    const cwd = workdir();
    const file = writeApp(cwd, 'command-app.ts', `if (!process.env.LAMBDAFORM_OUTDIR) throw new Error('no out dir');\nconst app = new App();\nnew Queue(new Stack(app, 'ByCommand'), 'Cmd');`);
    // WHEN synth runs it as a command
    const r = await runCliAsync(['synth', '--app', `node --import ${TSX_LOADER} ${file}`, '--format', 'cfn'], cwd);
    // THEN its model is used
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(parseTemplate(r.stdout).Resources)).toEqual(['Cmd']);
  });
});

describe.concurrent('errors exit 2 with one paragraph and no stack trace', () => {
  it('a missing app file', async () => {
    // GIVEN a directory without the file / WHEN synth runs / THEN the error names the path
    const cwd = workdir();
    const message = expectUsageError(await runCliAsync(['synth', '--app', 'missing.ts'], cwd));
    expect(message).toBe(`lambdaform: app file not found: missing.ts (resolved to ${path.join(cwd, 'missing.ts')})`);
  });

  it('an app that throws', async () => {
    // GIVEN an app that throws on its third line
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'throws.ts'), `// an app with a bug\nconst value = 1;\nthrow new TypeError('boom from the app ' + value);\n`);
    // WHEN synth runs it
    const message = expectUsageError(await runCliAsync(['synth', '--app', 'throws.ts', '--format', 'cfn'], cwd));
    // THEN the error names the app, the error and the user's line
    expect(message).toBe("lambdaform: the app 'throws.ts' threw TypeError: boom from the app 1 (at throws.ts:3)");
  });

  it('an app with a construct error', async () => {
    // GIVEN an app whose function timeout is 901 seconds
    const cwd = workdir();
    const file = writeApp(cwd, 'bad-timeout.ts', `const app = new App();\nconst stack = new Stack(app, 'Test');\nnew Function(stack, 'Resize', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;'), timeout: Duration.seconds(901) });`);
    // WHEN synth runs it
    const message = expectUsageError(await runCliAsync(['synth', '--app', file, '--format', 'cfn'], cwd));
    // THEN the message has the construct path, the limit and the line that made the construct (the app's fourth: the import is its first)
    expect(message).toBe('lambdaform: Test/Resize: timeout must be between 1 and 900 seconds, got 901 (at bad-timeout.ts:4)');
  });

  it('an error found at synthesis (validation)', async () => {
    // GIVEN an app whose queues collide on a logical id
    const cwd = workdir();
    const file = writeApp(cwd, 'collide.ts', `const app = new App();\nconst stack = new Stack(app, 'Test');\nnew Queue(stack, 'a-b');\nnew Queue(stack, 'aB');`);
    // WHEN synth runs it / THEN both paths are named
    const message = expectUsageError(await runCliAsync(['synth', '--app', file, '--format', 'cfn'], cwd));
    expect(message).toBe("lambdaform: Test/aB: logical id 'AB' is already used by Test/a-b; rename one of the constructs or call overrideLogicalId()");
  });

  it('an unknown --format', async () => {
    // GIVEN a valid app / WHEN synth runs with --format xml / THEN the allowed choices are listed
    const message = expectUsageError(await runCliAsync(['synth', '--app', SQS_WORKER, '--format', 'xml'], workdir()));
    expect(message).toBe("lambdaform: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are sam, cfn, plan.");
  });

  it('no --app and no lambdaform.json', async () => {
    // GIVEN an empty directory / WHEN synth runs without --app
    const cwd = workdir();
    const message = expectUsageError(await runCliAsync(['synth'], cwd));
    // THEN the message says how to give an app, mentioning lambdaform.json
    expect(message).toContain('lambdaform.json');
    expect(message).toBe(`lambdaform: no app given: pass --app <file-or-command> (e.g. --app app.ts) or create lambdaform.json with {"app": "app.ts"} in ${cwd} (a cdk.json's "app" is read too)`);
  });

  it('a lambdaform.json that is not JSON', async () => {
    // GIVEN a broken lambdaform.json / WHEN synth runs / THEN the file is named
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), '{ app: app.ts }');
    const message = expectUsageError(await runCliAsync(['synth'], cwd));
    expect(message.startsWith(`lambdaform: ${path.join(cwd, 'lambdaform.json')} is not valid JSON: `)).toBe(true);
  });

  it('--stack with an unknown name lists the stacks', async () => {
    // GIVEN an app with stacks One and Two / WHEN synth runs with --stack Nope
    const cwd = workdir();
    const message = expectUsageError(await runCliAsync(['synth', '--app', writeApp(cwd, 'two.ts', TWO_STACKS), '--stack', 'Nope'], cwd));
    // THEN the stacks are listed
    expect(message).toBe("lambdaform: no stack named 'Nope'; the app has: One, Two");
  });

  it('a command that exits with an error code before producing a model', async () => {
    // GIVEN a command that fails without throwing / WHEN synth runs it / THEN its exit code is reported
    const message = expectUsageError(await runCliAsync(['synth', '--app', 'node -e "process.exit(3)"'], workdir()));
    expect(message).toBe(`lambdaform: the app 'node -e "process.exit(3)"' exited with code 3 before producing a model; see its output above`);
  });

  it('an app that creates no App', async () => {
    // GIVEN an app file that runs but builds nothing / WHEN synth runs it / THEN the message says what is missing
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'empty.ts'), 'export const nothing = 1;\n');
    const message = expectUsageError(await runCliAsync(['synth', '--app', 'empty.ts'], cwd));
    expect(message).toBe("lambdaform: the app 'empty.ts' ran but produced no model: it must create a lambdaform `new App()` with at least one Stack (app.synth() is called automatically)");
  });
});

describe.concurrent('errors from inside node', () => {
  it('an app importing a missing package names no made-up location', async () => {
    // GIVEN an app whose import fails inside node's module loader
    const dir = workdir();
    const app = writeApp(dir, 'missing.ts', `import 'lambdaform-package-that-does-not-exist';\nnew App();`);
    // WHEN
    const msg = expectUsageError(await runCliAsync(['synth', '--app', app], dir));
    // THEN the message says what failed, and any location is a real file (never node-internal)
    expect(msg).toContain('lambdaform-package-that-does-not-exist');
    expect(msg).not.toMatch(/\(at \/modules\//);
    expect(msg).not.toMatch(/node:internal/);
  });
});

describe.concurrent('SAM CodeUri of the written and printed templates', () => {
  it('is relative to each template: the cwd for stdout, the out directory for the file', async () => {
    // GIVEN an app with an asset directory, run without --out (stdout + lambdaform.out/)
    const dir = workdir();
    fs.mkdirSync(path.join(dir, 'handlers', 'w'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'handlers', 'w', 'index.mjs'), 'export const handler = async () => 1;\n');
    const app = writeApp(dir, 'app.ts', `const app = new App();\nnew Function(new Stack(app, 'P'), 'W', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset('handlers/w') });`);
    // WHEN
    const r = await runCliAsync(['synth', '--app', app], dir);
    // THEN
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('CodeUri: handlers/w');
    expect(fs.readFileSync(path.join(dir, 'lambdaform.out', 'P.sam.yaml'), 'utf8')).toContain('CodeUri: ../handlers/w');
  });
});
