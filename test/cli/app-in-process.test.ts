// The CLI runs an app file in its own process (lib/cli/app-in-process.ts): as an app process
// would run, with stdout kept for templates, process.exit(), process.exitCode, late errors, two
// Apps in one program and CommonJS; and the same template as an app in a process of its own.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync, type CliResult } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-in-process-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
const LIB = JSON.stringify(path.join(ROOT, 'lib', 'all.ts'));

let counter = 0;
/** A fresh working directory holding `app.ts` (or another name) with `body` after the import of lambdaform. */
function appDir(body: string, name = 'app.ts', importLine = `import { App, Queue, Stack } from ${LIB};`): string {
  const dir = fs.mkdtempSync(path.join(TMP, `app${counter++}-`));
  fs.writeFileSync(path.join(dir, name), `${importLine}\n${body}\n`);
  return dir;
}

/** `lambdaform synth --format cfn` of the app in `dir` (its file `name`), in the CLI's process unless `env` says otherwise. */
function synth(dir: string, name = 'app.ts', env: Record<string, string> = {}): Promise<CliResult> {
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    return runCliAsync(['synth', '--app', name, '--format', 'cfn'], dir);
  } finally {
    for (const k of Object.keys(env)) {
      if (before[k] === undefined) delete process.env[k];
      else process.env[k] = before[k];
    }
  }
}

/** The one-paragraph error of a failed run. */
function failure(r: CliResult): string {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r.stderr.trim();
}

const ONE_QUEUE = `const app = new App();\nnew Queue(new Stack(app, 'S'), 'Jobs');`;

describe.concurrent('an app run in the CLI process', () => {
  it('runs in the CLI process: what it prints goes to stderr, its argv is [node, app]', async () => {
    const dir = appDir(`console.log('hello from the app', JSON.stringify({ ppid: process.ppid, argv: process.argv.slice(1) }));\n${ONE_QUEUE}`);
    const r = await synth(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith("AWSTemplateFormatVersion: '2010-09-09'\n")).toBe(true);
    expect(r.stdout).not.toContain('hello');
    const printed = JSON.parse(/hello from the app (.*)/.exec(r.stderr)![1]!) as { ppid: number; argv: string[] };
    // the app's parent is this test's process: it ran in the CLI's process, not in one the CLI started
    expect(printed).toEqual({ ppid: process.pid, argv: [path.join(dir, 'app.ts')] });
  });

  it('gives the same template as an app in a process of its own', async () => {
    const dir = appDir(`const app = new App();\nconst s = new Stack(app, 'S');\nnew Queue(s, 'Jobs', { fifo: true });\nnew Queue(s, 'Other');`);
    const [inProcess, separate] = await Promise.all([synth(dir), synth(dir, 'app.ts', { LAMBDAFORM_APP_PROCESS: 'separate' })]);
    expect(inProcess.status, inProcess.stderr).toBe(0);
    expect(separate.status, separate.stderr).toBe(0);
    expect(inProcess.stdout).toBe(separate.stdout);
    expect(inProcess.stdout).toContain('FifoQueue: true');
  });

  it('waits for the app to end: constructs added after an await are in the template', async () => {
    const dir = appDir(`const app = new App();\nconst s = new Stack(app, 'S');\nsetTimeout(() => new Queue(s, 'Late'), 50);\nnew Queue(s, 'Early');`);
    const r = await synth(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Early:$/m);
    expect(r.stdout).toMatch(/^ {2}Late:$/m);
  });

  it('process.exit(0) after app.synth() ends the app there, with the model it synthesized', async () => {
    const dir = appDir(`${ONE_QUEUE}\napp.synth();\nprocess.exit(0);\nrequire('node:fs').writeFileSync('after-exit', '');`);
    const r = await synth(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Jobs:$/m);
    expect(fs.existsSync(path.join(dir, 'after-exit'))).toBe(false);
  });

  it('process.exit(0) before any app.synth() is refused', async () => {
    const r = await synth(appDir(`${ONE_QUEUE}\nprocess.exit(0);`));
    expect(failure(r)).toBe(
      "lambdaform: the app 'app.ts' called process.exit() before producing a model: call app.synth() before exiting, or let the app end without process.exit()",
    );
  });

  it('process.exit(3) and process.exitCode = 4 are an app that failed', async () => {
    const [exit, exitCode] = await Promise.all([synth(appDir(`${ONE_QUEUE}\nprocess.exit(3);`)), synth(appDir(`${ONE_QUEUE}\nprocess.exitCode = 4;`))]);
    expect(failure(exit)).toBe("lambdaform: the app 'app.ts' exited with code 3 before producing a model; see its output above");
    expect(failure(exitCode)).toBe("lambdaform: the app 'app.ts' exited with code 4 before producing a model; see its output above");
  });

  it('an error thrown later, or a rejected promise nobody handles, names the line', async () => {
    const [thrown, rejected] = await Promise.all([
      synth(appDir(`${ONE_QUEUE}\nsetTimeout(() => {\n  throw new RangeError('later');\n}, 10);`)),
      synth(appDir(`${ONE_QUEUE}\nvoid (async () => {\n  await null;\n  throw new Error('rejected');\n})();`)),
    ]);
    expect(failure(thrown)).toBe("lambdaform: the app 'app.ts' threw RangeError: later (at app.ts:5)");
    expect(failure(rejected)).toBe("lambdaform: the app 'app.ts' threw Error: rejected (at app.ts:6)");
  });

  it('a top-level await that never settles', async () => {
    const r = await synth(appDir(`${ONE_QUEUE}\nawait new Promise(() => undefined);`, 'app.mts'), 'app.mts');
    expect(failure(r)).toBe(
      "lambdaform: the app 'app.mts' never finished: Node had nothing left to run while its top-level await was still waiting (a promise that never settles)",
    );
  });

  it('two Apps in one program: both stacks, and stack names unique across them', async () => {
    const both = appDir(`new Queue(new Stack(new App(), 'One'), 'A');\nnew Queue(new Stack(new App(), 'Two'), 'B');`);
    const clash = appDir(`new Queue(new Stack(new App(), 'One'), 'A');\nnew Queue(new Stack(new App(), 'One'), 'B');`);
    const [ok, refused] = await Promise.all([runCliAsync(['synth', '--app', 'app.ts', '--out', 'out', '--format', 'cfn'], both), synth(clash)]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(fs.readdirSync(path.join(both, 'out')).filter((f) => f.endsWith('.template.yaml')).sort()).toEqual(['One.template.yaml', 'Two.template.yaml']);
    expect(failure(refused)).toContain("stack name 'One' is already used by One of another App in this program");
  });

  it('a CommonJS app (TypeScript with no "type": "module", as CDK apps are) uses require and __dirname', async () => {
    const dir = appDir(`const path = require('node:path');\nconst app = new App();\nnew Queue(new Stack(app, 'S'), 'Jobs', { queueName: path.basename(__dirname).replace(/[^\\w-]/g, '-') });`);
    const r = await synth(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`QueueName: ${path.basename(dir).replace(/[^\w-]/g, '-')}`);
  });
});

describe('where constructs are made (their source lines)', () => {
  // The app prints whether its queue knows the line that made it.
  const APP = `const app = new App();\nconst q = new Queue(new Stack(app, 'S'), 'Jobs');\nconsole.error('source:', JSON.stringify(q.source ?? null));`;
  const sourceOf = (r: CliResult): unknown => {
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(/source: (.*)/.exec(r.stderr)![1]!);
  };

  it('synth --no-lint does not record them (nothing reads them); synth with the linter and lint do, in the CLI process and in one of its own', async () => {
    const dir = appDir(APP);
    const run = (args: string[], env: Record<string, string> = {}) => {
      const before = { ...process.env };
      Object.assign(process.env, env);
      try {
        return runCliAsync(args, dir);
      } finally {
        for (const k of Object.keys(env)) {
          if (before[k] === undefined) delete process.env[k];
          else process.env[k] = before[k];
        }
      }
    };
    const line = { file: 'app.ts', line: 3, column: expect.any(Number) }; // the import is line 1
    const envs: Array<Record<string, string>> = [{}, { LAMBDAFORM_APP_PROCESS: 'separate' }];
    for (const env of envs) {
      expect(sourceOf(await run(['synth', '--app', 'app.ts', '--format', 'cfn', '--no-lint', '--out', 'a'], env))).toBeNull();
      expect(sourceOf(await run(['synth', '--app', 'app.ts', '--format', 'sam', '--no-lint', '--out', 'b'], env))).toBeNull();
      expect(sourceOf(await run(['synth', '--app', 'app.ts', '--format', 'cfn', '--out', 'c'], env))).toEqual(line);
      expect(sourceOf(await run(['lint', '--app', 'app.ts'], env))).toEqual(line);
    }
    // the setting does not outlive the run: the CLI's environment is as it was
    expect(process.env.LAMBDAFORM_SOURCES).toBeUndefined();
  }, 60_000);
});
