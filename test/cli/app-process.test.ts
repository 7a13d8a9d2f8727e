// `lambdaform synth` as a process, where only a real process shows it: an app that never ends is
// stopped after --app-timeout with everything it started, Ctrl-C (SIGINT) or SIGTERM stops the
// app's whole process group before the CLI exits 130 / 143, an out directory under /proc fails
// at once, and the CLI's new errors are one paragraph with exit code 2.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/examples.js';
import { running } from '../helpers/processes.js';
import { MODEL_VERSION } from '../../lib/model/types.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-app-process-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const CLI = path.join(ROOT, 'bin', 'lambdaform.mjs');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
/** An app that never ends, with a child process; writes pids.json. */
const HANGS = path.join(FIXTURES, 'hangs.mjs');
/** An app that writes model.txt of its working directory as its model. */
const WRITES_FILES = path.join(FIXTURES, 'writes-files.mjs');

let counter = 0;
function workdir(): string {
  return fs.mkdtempSync(path.join(TMP, `run${counter++}-`));
}

interface Run {
  readonly pid: number;
  /** Exit code (or 128 + signal number when killed), stdout and stderr. */
  readonly done: Promise<{ status: number; stdout: string; stderr: string }>;
}

/**
 * Pids of processes tests started, killed after the file's tests in case one failed half-way (not
 * after each test: the tests run concurrently, as most of their time is waiting on the CLI).
 */
const started: number[] = [];
afterAll(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

/** Starts `lambdaform <args>` in `cwd`; killed (and failing the test) when it runs longer than 50 s. */
function startCli(args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, LAMBDAFORM_OUTDIR: '', ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 50_000);
  const done = new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ status: code ?? 128 + (signal ? os.constants.signals[signal] : 0), stdout, stderr });
    });
  });
  return { pid: child.pid!, done };
}

/** Asserts the CLI failed as a user error: exit 2, one `lambdaform:` paragraph, no stack trace, nothing on stdout. */
function expectOneParagraph(r: { status: number; stdout: string; stderr: string }, status = 2): string {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stderr.startsWith('lambdaform: ')).toBe(true);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.trim()).not.toContain('\n');
  expect(r.stdout).toBe('');
  return r.stderr.trim();
}

/** The pids the hanging app wrote, once it has (the app and its child then run). */
async function appPids(cwd: string): Promise<{ app: number; grandchild: number }> {
  const file = path.join(cwd, 'pids.json');
  // The app may have created the file and not yet written it: wait for its whole text.
  const read = (): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  for (let i = 0; i < 400 && !read()?.trim().endsWith('}'); i++) await new Promise((r) => setTimeout(r, 100));
  const pids = JSON.parse(read() ?? '') as { app: number; grandchild: number };
  started.push(pids.app, pids.grandchild);
  return pids;
}

/** The app runs in the CLI's own process (the default for an app file), or in a process of its own. */
const MODES = [
  ["in the CLI's process", {}],
  ['in a process of its own', { LAMBDAFORM_APP_PROCESS: 'separate' }],
] as const;

describe.concurrent.each(MODES)('an app that never ends, run %s', (_mode, env) => {
  it('is stopped after --app-timeout, with the process it started, and the CLI exits 2', async () => {
    // GIVEN an app that keeps a timer and a child process running
    const cwd = workdir();
    // WHEN synthesized with a 5-second timeout (short, but enough for node and tsx to start the app on a busy machine)
    const run = startCli(['synth', '--app', HANGS, '--app-timeout', '5'], cwd, env);
    const pids = await appPids(cwd);
    expect(running(pids.app) && running(pids.grandchild)).toBe(true);
    const r = await run.done;
    // THEN one paragraph says so and how to allow longer
    expect(expectOneParagraph(r)).toBe(
      `lambdaform: the app '${HANGS}' did not finish within 5 seconds and was stopped; an open server, timer, socket or child process keeps Node running after the app is built (close it, or let the app end), or the app needs longer: set "appTimeout" (seconds) in lambdaform.json or pass --app-timeout <seconds>`,
    );
    // AND the app and its child are gone
    expect(running(pids.app)).toBe(false);
    expect(running(pids.grandchild)).toBe(false);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops the app and the process it started, and the CLI exits %i', async (signal, status) => {
    // GIVEN synth running an app that never ends
    const cwd = workdir();
    const run = startCli(['synth', '--app', HANGS], cwd, env);
    const pids = await appPids(cwd);
    // WHEN the CLI gets the signal (Ctrl-C reaches only the CLI: the app has a process group of its own)
    process.kill(run.pid, signal);
    const r = await run.done;
    // THEN it exits 128 + the signal's number, saying what happened
    expect(expectOneParagraph(r, status)).toBe(`lambdaform: interrupted by ${signal}; the app '${HANGS}' was stopped`);
    // AND the app and its child are gone
    expect(running(pids.app)).toBe(false);
    expect(running(pids.grandchild)).toBe(false);
  });
});

describe.concurrent('bad input exits 2 with one paragraph', () => {
  it('--app-timeout that is not a positive number', async () => {
    const r = await startCli(['synth', '--app', WRITES_FILES, '--app-timeout', 'soon'], workdir()).done;
    expect(expectOneParagraph(r)).toBe("lambdaform: option '--app-timeout <seconds>' argument 'soon' is invalid. It must be a number of seconds greater than 0 (at most 2147483).");
  });

  it.runIf(process.platform === 'linux')('--out /proc/x fails at once, before the app runs', async () => {
    const cwd = workdir();
    const r = await startCli(['synth', '--app', WRITES_FILES, '--out', '/proc/x'], cwd).done;
    expect(expectOneParagraph(r)).toBe(
      'lambdaform: the out directory /proc/x cannot be created: /proc is not writable: the file system does not allow creating files there (ENOENT); choose another --out directory',
    );
    expect(fs.existsSync(path.join(cwd, 'ran'))).toBe(false);
  });

  it('an app whose model.json is not a lambdaform model', async () => {
    const cwd = workdir();
    fs.writeFileSync(path.join(cwd, 'model.txt'), JSON.stringify({ version: MODEL_VERSION, stacks: [{ name: 'S' }] }));
    // (the app writes model.json where an app process's Apps write theirs)
    const r = await startCli(['synth', '--app', WRITES_FILES], cwd, { LAMBDAFORM_APP_PROCESS: 'separate' }).done;
    expect(expectOneParagraph(r)).toBe(`lambdaform: model.json from the app '${WRITES_FILES}': stacks[0].path is missing (it must be a string)`);
  });
});
