// Running the user's app (lib/cli/run-app.ts), in-process: which apps run as files and which
// through the shell, the app timeout and the stopping of the app's whole process group, what a
// corrupt model or error report gives, lambdaform.json, the hint for CommonJS names in ESM, and
// the hint for a tsconfig baseUrl beside lambdaform.json.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { APP_TIMEOUT_RULE, parseAppTimeout, readConfig } from '../../lib/cli/config.js';
import { CliError } from '../../lib/cli/errors.js';
import { commandFor, describeAppError, loadAppModel, readErrorReport } from '../../lib/cli/run-app.js';
import { LambdaformError } from '../../lib/core/errors.js';
import { MODEL_VERSION } from '../../lib/model/types.js';
import { thrown } from '../helpers/errors.js';
import { ROOT } from '../helpers/examples.js';
import { running } from '../helpers/processes.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-run-app-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
/** An app that never ends, with a child process; writes pids.json. */
const HANGS = path.join(FIXTURES, 'hangs.mjs');
/** An app that writes model.txt / error.txt of its working directory as its model / error report. */
const WRITES_FILES = path.join(FIXTURES, 'writes-files.mjs');

let counter = 0;
function workdir(): string {
  return fs.mkdtempSync(path.join(TMP, `run${counter++}-`));
}

/** Working directories of hanging apps: what they started is killed after each test, should the test fail half-way. */
const hanging: string[] = [];
afterEach(() => {
  for (const cwd of hanging.splice(0)) {
    const file = path.join(cwd, 'pids.json');
    if (!fs.existsSync(file)) continue;
    for (const pid of Object.values(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  }
});

/** A valid model document with one stack holding one queue. */
const VALID_MODEL = {
  version: MODEL_VERSION,
  stacks: [
    {
      name: 'S',
      path: 'S',
      tags: {},
      nodes: [{ id: 'S/Q', kind: 'queue', logicalId: 'Q', origin: { path: 'S/Q' }, tags: {}, overrides: [], dependsOn: [], props: { fifo: false, encryption: 'sqs-managed' } }],
      edges: [],
      outputs: [],
      assets: [],
    },
  ],
};

/** What `promise` rejected with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('which apps run as files', () => {
  it('an existing file whose path holds spaces runs as a file, not through the shell', async () => {
    // GIVEN an app in a directory whose name holds spaces
    const cwd = workdir();
    fs.mkdirSync(path.join(cwd, 'dir with space'));
    fs.copyFileSync(WRITES_FILES, path.join(cwd, 'dir with space', 'app.mjs'));
    fs.writeFileSync(path.join(cwd, 'model.txt'), JSON.stringify(VALID_MODEL));
    // WHEN its path is the app / THEN it runs with node, and its model is read
    expect(commandFor('dir with space/app.mjs', cwd)).toMatchObject({ command: process.execPath, shell: false });
    expect(await loadAppModel('dir with space/app.mjs', cwd)).toEqual(VALID_MODEL);
    // AND an executable without a script extension runs directly, one that is not executable with node
    fs.writeFileSync(path.join(cwd, 'dir with space', 'synth'), '#!/bin/sh\n', { mode: 0o755 });
    expect(commandFor('dir with space/synth', cwd)).toEqual({ command: path.join(cwd, 'dir with space', 'synth'), args: [], shell: false });
    fs.writeFileSync(path.join(cwd, 'dir with space', 'plain'), '', { mode: 0o644 });
    expect(commandFor('dir with space/plain', cwd)).toMatchObject({ command: process.execPath, shell: false });
    fs.rmSync(path.join(cwd, 'dir with space'), { recursive: true });
  });

  it('a missing script path with spaces is a missing file; a command goes through the shell', () => {
    // GIVEN a directory whose name holds spaces, without the app file
    const cwd = workdir();
    fs.mkdirSync(path.join(cwd, 'dir with space'));
    const err = thrown(() => commandFor('dir with space/app.ts', cwd));
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe(`app file not found: dir with space/app.ts (resolved to ${path.join(cwd, 'dir with space', 'app.ts')})`);
    expect(() => commandFor('app.ts', cwd)).toThrow(`app file not found: app.ts (resolved to ${path.join(cwd, 'app.ts')})`);
    expect(commandFor('node app.js', cwd)).toEqual({ command: 'node app.js', args: [], shell: true });
    expect(commandFor('npx ts-node app.ts', cwd)).toEqual({ command: 'npx ts-node app.ts', args: [], shell: true });
    expect(commandFor('FOO=1 node app.js', cwd).shell).toBe(true);
    fs.rmSync(path.join(cwd, 'dir with space'), { recursive: true });
  });

  it('a directory is not an app', () => {
    const cwd = workdir();
    fs.mkdirSync(path.join(cwd, 'src'));
    expect(() => commandFor('src', cwd)).toThrow(`the app src is a directory (resolved to ${path.join(cwd, 'src')}); pass the app's file, such as src/app.ts`);
  });
});

describe('an app that never ends', () => {
  it('is stopped after "appTimeout" of lambdaform.json, with its children, even one that ignores SIGTERM', async () => {
    // GIVEN an app that writes its model but keeps running, with a child that ignores SIGTERM,
    // and a 5-second timeout in lambdaform.json (short, but long enough for node and tsx to start the app on a busy machine)
    const cwd = workdir();
    hanging.push(cwd);
    fs.writeFileSync(path.join(cwd, 'ignore-sigterm'), '');
    fs.writeFileSync(path.join(cwd, 'model.txt'), JSON.stringify(VALID_MODEL));
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), JSON.stringify({ app: HANGS, appTimeout: 5 }));
    // WHEN it is run
    const err = await rejection(loadAppModel(undefined, cwd));
    // THEN the error says what happened and what to do (the model is not used: the app did not finish)
    expect(err).toBeInstanceOf(CliError);
    expect(err.message).toBe(
      `the app '${HANGS}' wrote its model but did not exit within 5 seconds and was stopped; an open server, timer, socket or child process keeps Node running after the app is built (close it, or let the app end), or the app needs longer: set "appTimeout" (seconds) in lambdaform.json or pass --app-timeout <seconds>`,
    );
    // AND the app and its child are gone
    const pids = JSON.parse(fs.readFileSync(path.join(cwd, 'pids.json'), 'utf8')) as { app: number; grandchild: number };
    expect(running(pids.app)).toBe(false);
    expect(running(pids.grandchild)).toBe(false);
  });

  it('--app-timeout wins over lambdaform.json, which is then not needed', async () => {
    // GIVEN a lambdaform.json that is not even JSON
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), '{');
    fs.writeFileSync(path.join(cwd, 'model.txt'), JSON.stringify(VALID_MODEL));
    // WHEN app and timeout are given / THEN the app runs
    expect(await loadAppModel(WRITES_FILES, cwd, { appTimeout: 60 })).toEqual(VALID_MODEL);
  });
});

describe('lambdaform.json', () => {
  it('may start with a UTF-8 byte order mark', () => {
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), `\uFEFF${JSON.stringify({ app: 'app.ts', appTimeout: 30 })}`);
    expect(readConfig(cwd)).toEqual({ file: path.join(cwd, 'lambdaform.json'), app: 'app.ts', appTimeout: 30 });
  });

  it('"appTimeout" must be a positive number of seconds', () => {
    const cwd = workdir();
    const file = path.join(cwd, 'lambdaform.json');
    for (const bad of ['"60"', '0', '-5', '1e9']) {
      fs.writeFileSync(file, `{"app": "app.ts", "appTimeout": ${bad}}`);
      expect(() => readConfig(cwd)).toThrow(`${file}: "appTimeout" must be ${APP_TIMEOUT_RULE}, got ${JSON.stringify(JSON.parse(bad))}`);
    }
    expect(APP_TIMEOUT_RULE).toBe('a number of seconds greater than 0 (at most 2147483)');
  });

  it('--app-timeout takes positive numbers of seconds', () => {
    expect(parseAppTimeout('2')).toBe(2);
    expect(parseAppTimeout('0.5')).toBe(0.5);
    for (const bad of ['', ' ', 'abc', '0', '-1', '10m', 'Infinity', '3000000']) expect(parseAppTimeout(bad)).toBeUndefined();
  });
});

describe('a corrupt or foreign model or error report is bad input, naming the file', () => {
  /** Runs the files-writing app with `files` prepared in its working directory. */
  async function runWith(files: Record<string, string>): Promise<Error> {
    const cwd = workdir();
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cwd, name), text);
    return rejection(loadAppModel(WRITES_FILES, cwd));
  }

  it('model.json that is not JSON', async () => {
    const err = await runWith({ 'model.txt': 'garbage' });
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe(`model.json from the app '${WRITES_FILES}'`);
    expect(err.message).toMatch(/^model\.json from the app '.*writes-files\.mjs': is not valid JSON \(.+\); it is corrupt or truncated, or not a lambdaform app model$/);
  });

  it('model.json of another model version', async () => {
    const err = await runWith({ 'model.txt': JSON.stringify({ ...VALID_MODEL, version: 99 }) });
    expect(err).toBeInstanceOf(LambdaformError);
    expect(err.message).toBe(
      `model.json from the app '${WRITES_FILES}': is a version 99 model, but this lambdaform reads version ${MODEL_VERSION} models: the app and the CLI use different lambdaform versions; run the lambdaform CLI the app itself depends on (npx lambdaform), or give both the same version`,
    );
  });

  it('error.json that is garbage or truncated', async () => {
    const garbage = await runWith({ 'error.txt': 'garbage' });
    expect(garbage).toBeInstanceOf(CliError);
    expect(garbage.message).toMatch(
      new RegExp(`^the app '.*writes-files\\.mjs' failed, but its error report \\(error\\.json\\) is not valid JSON \\(.+\\): it is corrupt or truncated; see the app's output above$`),
    );
    const truncated = JSON.stringify({ name: 'Error', message: 'boom', stack: 'Error: boom\n    at x' }).slice(0, 20);
    expect(() => readErrorReport(truncated, 'app.ts')).toThrow(/^the app 'app\.ts' failed, but its error report \(error\.json\) is not valid JSON/);
    expect(() => readErrorReport('[]', 'app.ts')).toThrow("the app 'app.ts' failed, but its error report (error.json) is not a JSON object; see the app's output above");
    expect(() => readErrorReport('{"stack": "x"}', 'app.ts')).toThrow("the app 'app.ts' failed, but its error report (error.json) has no error name and message; see the app's output above");
  });
});

describe("a tsconfig baseUrl that holds lambdaform.json", () => {
  it("says that tsx takes 'lambdaform' to be the configuration file, not the package", async () => {
    // GIVEN an ES module TypeScript app whose tsconfig has "baseUrl": "." beside lambdaform.json (tsx resolves the bare 'lambdaform' there)
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(cwd, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": ".", "strict": true } }\n');
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), '{ "app": "app.ts" }\n');
    fs.writeFileSync(path.join(cwd, 'app.ts'), "import { App, Stack } from 'lambdaform';\nnew Stack(new App(), 'S');\n");
    // WHEN it is run
    const err = await rejection(loadAppModel('app.ts', cwd));
    // THEN the error names the cause and the way out
    expect(err.message).toMatch(/^the app 'app\.ts' threw SyntaxError: .*'App'/);
    expect(err.message).toContain("(tsconfig.json resolves bare imports from its baseUrl (or a \"*\" path), so the TypeScript loader (tsx) takes 'lambdaform' to be lambdaform.json, not the package: remove \"baseUrl\"");
    // and only then: without lambdaform.json there, or with paths alone, no such hint
    const report = { name: 'TypeError', message: 'Class extends value undefined is not a constructor or null', stack: `TypeError: x\n    at ${path.join(cwd, 'app.ts')}:2:1` };
    expect(describeAppError(report, 'app.ts', cwd)).toContain('takes \'lambdaform\' to be lambdaform.json');
    fs.writeFileSync(path.join(cwd, 'tsconfig.json'), '{ "compilerOptions": { "paths": { "@lib/*": ["./lib/*"] } } }\n');
    expect(describeAppError(report, 'app.ts', cwd)).toBe("the app 'app.ts' threw TypeError: Class extends value undefined is not a constructor or null (at app.ts:2)");
    fs.writeFileSync(path.join(cwd, 'tsconfig.json'), '{ "compilerOptions": { "paths": { "*": ["./*"] } } }\n');
    expect(describeAppError(report, 'app.ts', cwd)).toContain('takes \'lambdaform\' to be lambdaform.json');
  }, 30_000);
});

describe('CommonJS names in an ES module', () => {
  it('__dirname: the error says what to use instead, with the line', async () => {
    // GIVEN an ES module app using __dirname on its third line
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'app.mjs'), `// an ES module\nconst here = 1;\nconsole.log(here, __dirname);\n`);
    // WHEN it is run
    const err = await rejection(loadAppModel('app.mjs', cwd));
    // THEN the message keeps the user's line and adds the hint
    expect(err).toBeInstanceOf(CliError);
    expect(err.message).toBe(
      "the app 'app.mjs' threw ReferenceError: __dirname is not defined in ES module scope (at app.mjs:3) (in an ES module use import.meta.dirname / import.meta.filename, or createRequire(import.meta.url))",
    );
  });

  it('require, __filename, module and exports get a hint too; other names do not', () => {
    const cwd = workdir();
    const report = (message: string) => ({ name: 'ReferenceError', message, stack: `ReferenceError: ${message}\n    at file://${path.join(cwd, 'app.mjs')}:7:3` });
    const hint = 'in an ES module use import.meta.dirname / import.meta.filename, or createRequire(import.meta.url)';
    expect(describeAppError(report('require is not defined in ES module scope, you can use import instead'), 'app.mjs', cwd)).toBe(
      `the app 'app.mjs' threw ReferenceError: require is not defined in ES module scope, you can use import instead (at app.mjs:7) (${hint})`,
    );
    expect(describeAppError(report('__filename is not defined in ES module scope'), 'app.mjs', cwd)).toContain(`(at app.mjs:7) (${hint})`);
    expect(describeAppError(report('module is not defined in ES module scope'), 'app.mjs', cwd)).toContain('(at app.mjs:7) (in an ES module use export instead of module.exports)');
    expect(describeAppError(report('foo is not defined'), 'app.mjs', cwd)).toBe("the app 'app.mjs' threw ReferenceError: foo is not defined (at app.mjs:7)");
  });

  it("lambdaform's own errors: with the line that made the construct when refused at construction, as they are when refused at synthesis", () => {
    const cwd = workdir();
    const at = (frames: string) => ({ name: 'LambdaformError', message: 'Bad/Fn: memorySize must be between 128 and 10240 MiB, got 64', stack: `LambdaformError: x\n${frames}` });
    const lib = path.join(ROOT, 'lib', 'constructs', 'function.ts');
    expect(describeAppError(at(`    at new Function (${lib}:300:11)\n    at file://${path.join(cwd, 'app.ts')}:6:1`), 'app.ts', cwd)).toBe('Bad/Fn: memorySize must be between 128 and 10240 MiB, got 64 (at app.ts:6)');
    expect(describeAppError(at(`    at App.synth (${path.join(ROOT, 'lib', 'core', 'app.ts')}:90:5)\n    at file://${path.join(cwd, 'app.ts')}:9:5`), 'app.ts', cwd)).toBe('Bad/Fn: memorySize must be between 128 and 10240 MiB, got 64');
    expect(describeAppError({ name: 'LambdaformError', message: 'm' }, 'app.ts', cwd)).toBe('m');
  });

  it('a package the app imports that is not installed: said so, with the install command, without the require stack', () => {
    const cwd = workdir();
    const app = path.join(cwd, 'app.cjs');
    const cjs = { name: 'Error', message: `Cannot find module 'lambdaform/aws-sqs'\nRequire stack:\n- ${app}`, stack: `Error: Cannot find module 'lambdaform/aws-sqs'\n    at Object.<anonymous> (${app}:2:19)` };
    expect(describeAppError(cjs, 'app.cjs', cwd)).toBe("the app 'app.cjs' imports 'lambdaform', which is not installed where the app is (at app.cjs:2): install it in the app's project (npm install lambdaform constructs)");
    const esm = { name: 'Error', message: `Cannot find package '@aws-sdk/client-sqs' imported from ${path.join(cwd, 'app.mjs')}` };
    expect(describeAppError(esm, 'app.mjs', cwd)).toBe("the app 'app.mjs' imports '@aws-sdk/client-sqs', which is not installed where the app is: install it in the app's project (npm install @aws-sdk/client-sqs)");
    // A file of the app, or a package an installed package needs: Node's message as it is.
    expect(describeAppError({ name: 'Error', message: `Cannot find module './lib/stack'\nRequire stack:\n- ${app}` }, 'app.cjs', cwd)).toMatch(/^the app 'app\.cjs' threw Error: Cannot find module '\.\/lib\/stack'/);
    expect(describeAppError({ name: 'Error', message: `Cannot find module 'left-pad'\nRequire stack:\n- ${path.join(cwd, 'node_modules', 'x', 'index.js')}` }, 'app.cjs', cwd)).toMatch(/^the app 'app\.cjs' threw Error: Cannot find module 'left-pad'/);
  });

  it("an app's own function named synth (or buildModel) is the user's frame, not lambdaform's synthesis", () => {
    const cwd = workdir();
    const at = (frames: string) => ({ name: 'LambdaformError', message: 'Bad/Fn: memorySize must be between 128 and 10240 MiB, got 64', stack: `LambdaformError: x\n${frames}` });
    const lib = path.join(ROOT, 'lib', 'constructs', 'function.ts');
    const app = `file://${path.join(cwd, 'app.ts')}`;
    expect(describeAppError(at(`    at new Function (${lib}:300:11)\n    at synth (${app}:6:1)\n    at ${app}:12:1`), 'app.ts', cwd)).toBe('Bad/Fn: memorySize must be between 128 and 10240 MiB, got 64 (at app.ts:6)');
    expect(describeAppError(at(`    at new Function (${lib}:300:11)\n    at Pipeline.buildModel (${app}:7:1)`), 'app.ts', cwd)).toBe('Bad/Fn: memorySize must be between 128 and 10240 MiB, got 64 (at app.ts:7)');
  });
});
