#!/usr/bin/env node
// `npm run test:package`: the package as a user gets it. Packs lambdaform (prepack builds dist/),
// installs the tarball into a fresh project outside the repository, offline from the npm cache,
// and checks there that
// - a plain ES module app (.mjs) and a CommonJS app (.cjs) import / require lambdaform and
//   synthesize with `npx lambdaform synth`;
// - a TypeScript app type-checks with the project's own tsc (strict, exactOptionalPropertyTypes,
//   no skipLibCheck; moduleResolution node16 and bundler) and synthesizes; a CommonJS one (CDK's
//   layout) synthesizes and type-checks with "module": "nodenext" and "commonjs" (node10);
// - a vitest test of the project uses lambdaform/assertions;
// - the tarball holds no tests or fixtures, and the installed CLI runs compiled code (no tsx
//   loading lambdaform's own sources).
// Exits non-zero, with what failed, when a check fails.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const req = createRequire(import.meta.url);
const version = (name) => JSON.parse(fs.readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lambdaform-package-'));
const project = path.join(work, 'consumer');
const started = performance.now();

function run(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

function check(what, ok, detail = '') {
  if (!ok) throw new Error(`${what}${detail ? `: ${detail}` : ''}`);
  console.log(`ok - ${what}`);
}

const APP = (imports) => `${imports}
const app = new App();
const stack = new Stack(app, 'Consumer');
const jobs = new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(60) });
new CfnOutput(stack, 'JobsUrl', { value: jobs.queueUrl });
app.synth();
`;

try {
  // 1. The tarball (prepack builds dist/).
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))[0];
  const tarball = path.join(work, packed.filename);
  const files = packed.files.map((f) => f.path);
  check('the tarball ships no tests or fixtures', !files.some((f) => /^(test|examples|bench|scripts)\//.test(f)), files.filter((f) => /^(test|examples)\//.test(f)).slice(0, 5).join(', '));
  check('the tarball ships the compiled package', ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/modules/aws-lambda.js', 'dist/bin/lambdaform.js', 'dist/bin/cli.js', 'bin/lambdaform.mjs', 'bin/app-hook.mjs'].every((f) => files.includes(f)));

  // 2. A fresh project, outside the repository, installed offline from the npm cache.
  // Offline, npm resolves nothing itself: the project gets a lockfile made from the repository's
  // (the same versions, resolved URLs and integrity hashes, so every tarball comes from the cache),
  // with lambdaform as the packed tarball.
  fs.mkdirSync(project);
  const dependencies = { lambdaform: `file:../${packed.filename}`, typescript: version('typescript'), vitest: version('vitest'), '@types/node': version('@types/node') };
  const manifest = { name: 'consumer', private: true, version: '1.0.0', dependencies };
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const repoLock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const packages = { '': manifest };
  for (const [where, entry] of Object.entries(repoLock.packages)) {
    if (!where.startsWith('node_modules/') || entry.link) continue;
    const { dev, devOptional, peer, ...rest } = entry;
    void dev, void devOptional, void peer;
    packages[where] = rest;
  }
  const ownManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  packages['node_modules/lambdaform'] = { version: ownManifest.version, resolved: `file:../${packed.filename}`, integrity: packed.integrity, license: ownManifest.license, dependencies: ownManifest.dependencies, bin: ownManifest.bin, engines: ownManifest.engines };
  fs.writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  const installed = path.join(project, 'node_modules', 'lambdaform');
  check('the installed package is a copy, not a link to the repository', !fs.lstatSync(installed).isSymbolicLink() && !fs.existsSync(path.join(installed, 'tsconfig.json')));

  const synth = (app) => run('npx', ['--no-install', 'lambdaform', 'synth', '--app', app, '--format', 'cfn', '--json'], project);
  const queueOf = (text) => JSON.parse(text).Resources?.Jobs;

  // 3. ES module and CommonJS apps.
  fs.writeFileSync(path.join(project, 'app.mjs'), APP("import { App, CfnOutput, Duration, Stack } from 'lambdaform';\nimport { Queue } from 'lambdaform/aws-sqs';"));
  fs.writeFileSync(path.join(project, 'app.cjs'), APP("const { App, CfnOutput, Duration, Stack } = require('lambdaform');\nconst { Queue } = require('lambdaform/aws-sqs');"));
  for (const app of ['app.mjs', 'app.cjs']) {
    const q = queueOf(synth(app));
    check(`${app} synthesizes`, q?.Type === 'AWS::SQS::Queue' && q.Properties?.VisibilityTimeout === 60, JSON.stringify(q));
  }
  // The compiled launcher (dist/bin/lambdaform.js) requires the CLI's bundle; where require() loads no ES module, it imports it.
  const cliEntry = path.join(installed, 'dist', 'bin', 'lambdaform.js');
  const viaImport = run(process.execPath, ['--no-experimental-require-module', cliEntry, 'synth', '--app', 'app.mjs', '--format', 'cfn', '--json'], project);
  check('the compiled CLI synthesizes where require() loads no ES module (--no-experimental-require-module)', queueOf(viaImport)?.Properties?.VisibilityTimeout === 60, viaImport);
  const direct = run(process.execPath, ['-e', "const { App, Stack, aws_sqs: sqs } = require('lambdaform'); const { Queue } = require('lambdaform/aws-sqs'); if (sqs.Queue !== Queue) throw new Error('two Queue classes'); const app = new App(); new Queue(new Stack(app, 'S'), 'Q'); console.log(JSON.stringify(app.synth().stacks[0].nodes.map((n) => n.kind)))"], project);
  check('require(\'lambdaform\') and require(\'lambdaform/aws-sqs\') work from plain Node, one class behind the namespace and the subpath', direct.trim() === '["queue"]', direct);

  // Every subpath the package exports, by require and by import: the same module, with exports.
  const subpaths = Object.keys(ownManifest.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'lambdaform' : `lambdaform/${k.slice(2)}`));
  const loaded = run(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); const bad = []; for (const s of ${JSON.stringify(subpaths)}) { const a = require(s); const b = await import(s); if (a !== b && Object.keys(a).join() !== Object.keys(b).join()) bad.push(s + ': require and import differ'); if (Object.keys(b).length === 0) bad.push(s + ': no exports'); } console.log(bad.length ? bad.join('; ') : 'ok ' + ${subpaths.length});`], project);
  check(`each of the ${subpaths.length} subpaths loads by require and by import`, loaded.trim() === `ok ${subpaths.length}`, loaded);

  // Classes and functions keep their names (bundling renames some, `_Queue`): users read them, as in aws-cdk-lib (`construct.constructor.name`).
  const names = run(process.execPath, ['--input-type=module', '-e', `const bad = []; let n = 0; for (const s of ${JSON.stringify(subpaths)}) { for (const [name, v] of Object.entries(await import(s))) { if (typeof v !== 'function') continue; n++; if (v.name !== name) bad.push(s + '.' + name + ' is named ' + v.name); } } const { Queue } = await import('lambdaform/aws-sqs'); const { App, Stack } = await import('lambdaform'); if (new Queue(new Stack(new App(), 'S'), 'Q').constructor.name !== 'Queue') bad.push('a Queue is a ' + Queue.name); console.log(bad.length ? bad.join('; ') : 'ok ' + n);`], project);
  check('every exported class and function has the name it is exported as (a Queue is a Queue, not a _Queue)', /^ok \d+$/.test(names.trim()), names);

  // 4. TypeScript: the project's own tsc, strict, both module resolutions, then synth.
  fs.writeFileSync(path.join(project, 'app.ts'), APP("import { App, CfnOutput, Duration, Stack, aws_sqs } from 'lambdaform';\nimport { Queue } from 'lambdaform/aws-sqs';\nimport { Template } from 'lambdaform/assertions';\nexport const same: typeof Queue = aws_sqs.Queue;\nimport { LocalApp } from 'lambdaform/local';\nexport type Used = [Template, LocalApp];"));
  const tsconfig = (moduleResolution, module) => ({
    compilerOptions: { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, target: 'ES2022', module, moduleResolution, types: ['node'], noEmit: true },
    files: ['app.ts'],
  });
  fs.writeFileSync(path.join(project, 'tsconfig.node16.json'), JSON.stringify(tsconfig('node16', 'node16')));
  fs.writeFileSync(path.join(project, 'tsconfig.bundler.json'), JSON.stringify(tsconfig('bundler', 'ES2022')));
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')), type: 'module' }, null, 2)}\n`);
  for (const config of ['tsconfig.node16.json', 'tsconfig.bundler.json']) {
    run('npx', ['--no-install', 'tsc', '-p', config], project);
    check(`app.ts type-checks with ${config} (strict, exactOptionalPropertyTypes, no skipLibCheck)`, true);
  }
  check('app.ts synthesizes', queueOf(synth('app.ts'))?.Type === 'AWS::SQS::Queue');

  // A CDK-style app: CommonJS TypeScript (no "type": "module") in two files, the stack's asset
  // found from its own __dirname; compiled by esbuild into .lambdaform/app/ and required, without tsx.
  const cdkApp = path.join(project, 'cdk-app');
  for (const d of ['bin', 'lib', 'lambda']) fs.mkdirSync(path.join(cdkApp, d), { recursive: true });
  fs.writeFileSync(path.join(cdkApp, 'package.json'), '{ "name": "cdk-app", "private": true }\n');
  fs.writeFileSync(path.join(cdkApp, 'tsconfig.json'), '{ "compilerOptions": { "module": "commonjs", "target": "ES2022", "strict": true } }\n');
  fs.writeFileSync(path.join(cdkApp, 'lambda', 'index.js'), 'exports.handler = async () => 1;\n');
  fs.writeFileSync(path.join(cdkApp, 'lib', 'stack.ts'), "import * as path from 'path';\nimport { Stack } from 'lambdaform';\nimport { Code, Function, Runtime } from 'lambdaform/aws-lambda';\nimport type { Construct } from 'constructs';\nconst CODE = path.join(__dirname, '..', 'lambda');\nexport class AppStack extends Stack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n    new Function(this, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset(CODE) });\n  }\n}\n");
  fs.writeFileSync(path.join(cdkApp, 'bin', 'app.ts'), "#!/usr/bin/env node\nimport { App } from 'lambdaform';\nimport { AppStack } from '../lib/stack';\nconst app = new App();\nnew AppStack(app, 'CdkStyle');\n");
  const cdkSam = JSON.parse(run('npx', ['--no-install', 'lambdaform', 'synth', '--app', 'bin/app.ts', '--format', 'sam', '--json'], cdkApp));
  const cdkFn = Object.values(cdkSam.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
  const compiledApp = fs.readdirSync(path.join(cdkApp, 'bin', '.lambdaform', 'app')).filter((f) => f.endsWith('.cjs'));
  check("a CommonJS TypeScript app in two files (CDK's layout) synthesizes compiled, its asset found from lib/'s __dirname", cdkFn?.Properties?.CodeUri === 'lambda' && compiledApp.length === 1, JSON.stringify({ code: cdkFn?.Properties?.CodeUri, compiledApp }));
  // Its types, as the README tells a CommonJS project to check them: "module": "nodenext" (TypeScript
  // 5's "commonjs" resolves as node10, which does not read the package's exports).
  fs.writeFileSync(path.join(cdkApp, 'tsconfig.nodenext.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] }, files: ['bin/app.ts'] }));
  run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.nodenext.json'], cdkApp);
  check('the CommonJS TypeScript app type-checks with "module": "nodenext" (strict, no skipLibCheck)', true);
  // And with older cdk init's "module": "commonjs" (node10 resolution, which reads typesVersions, not exports).
  fs.writeFileSync(path.join(cdkApp, 'tsconfig.node10.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] }, files: ['bin/app.ts'] }));
  run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node10.json'], cdkApp);
  check('the CommonJS TypeScript app type-checks with "module": "commonjs" (node10 resolution: typesVersions)', true);

  // A TypeScript handler, bundled with esbuild by the installed package (NodejsFunction).
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(path.join(project, 'src', 'handler.ts'), "export const handler = async (event: { name: string }): Promise<string> => `hello ${event.name}`;\n");
  fs.writeFileSync(path.join(project, 'fn.ts'), "import { App, Stack } from 'lambdaform';\nimport { NodejsFunction } from 'lambdaform/aws-lambda-nodejs';\nconst app = new App();\nnew NodejsFunction(new Stack(app, 'Handlers'), 'Hello', { entry: 'src/handler.ts' });\napp.synth();\n");
  const fn = Object.values(JSON.parse(synth('fn.ts')).Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  check('a NodejsFunction with a TypeScript handler synthesizes (bundled by esbuild)', fn?.Properties?.Handler === 'index.handler', JSON.stringify(fn?.Properties));
  fs.writeFileSync(path.join(project, 'event.json'), '{"name": "consumer"}');
  const invoked = run('npx', ['--no-install', 'lambdaform', 'invoke', 'Hello', '--app', 'fn.ts', '--event', 'event.json'], project);
  check('the bundle runs in the local runtime (lambdaform invoke)', invoked.trim() === '"hello consumer"', invoked);

  // 5. A vitest test of the project with lambdaform/assertions.
  fs.writeFileSync(
    path.join(project, 'stack.test.ts'),
    `import { expect, test } from 'vitest';
import { App, Duration, Stack } from 'lambdaform';
import { NodejsFunction } from 'lambdaform/aws-lambda-nodejs';
import { Queue } from 'lambdaform/aws-sqs';
import { LocalApp } from 'lambdaform/local';
import { Template } from 'lambdaform/assertions';

test('the queue has a 60 s visibility timeout', () => {
  const stack = new Stack(new App(), 'Consumer');
  new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(60) });
  Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 60 });
  expect(Template.fromStack(stack).toJSON().Resources).toBeDefined();
});

test('the handler runs in the local runtime (lambdaform/local)', async () => {
  const stack = new Stack(new App(), 'Local');
  new NodejsFunction(stack, 'Hello', { entry: 'src/handler.ts' });
  const app = await LocalApp.fromStack(stack);
  try {
    expect((await app.invoke('Hello', { name: 'vitest' })).payload).toBe('hello vitest');
  } finally {
    await app.close();
  }
});
`,
  );
  const tested = run('npx', ['--no-install', 'vitest', 'run', '--root', project], project);
  check('a vitest test with lambdaform/assertions and lambdaform/local passes', /2 passed/.test(tested), tested);

  // 6. The installed CLI runs compiled code.
  const cli = fs.readFileSync(path.join(installed, 'bin', 'lambdaform.mjs'), 'utf8');
  check('the installed CLI picks the compiled entry', cli.includes("'dist', 'bin', 'lambdaform.js'") && fs.existsSync(path.join(installed, 'dist', 'bin', 'lambdaform.js')));
  console.log(`package test passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`not ok - ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
