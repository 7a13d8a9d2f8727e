// `lambdaform run <scenario.yaml>`: the scenario against the app (or templates, or a plan file) on
// the simulated clock; exit 0 when its checks hold, 1 when one fails (expected and actual printed),
// 2 on a bad scenario (file:line) or bad options. In-process (runCommand), with two end-to-end
// runs of the CLI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCommand } from '../../lib/cli/plan.js';
import { runCommand, type RunCommandOptions } from '../../lib/cli/run.js';
import type { Report } from '../../lib/local/scenario/report.js';
import { captured, usageError, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-run-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));




const SCENARIO = 'examples/sqs-worker/scenario.yaml';
const APP = 'examples/sqs-worker/app.ts';

let dir: string;
/** The sqs-worker example's plan, written by `lambdaform plan --out` (made once: loading the app takes a process). */
let planFile: string;
const write = (name: string, text: string): string => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
/** `run <scenario> --plan <the example's plan>` from the repository's root. */
const runPlan = (scenario: string, opts: Partial<RunCommandOptions> = {}) => captured(() => runCommand(scenario, { plan: planFile, ...opts }, ROOT));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(TMP, 'run-'));
  const r = await captured(() => planCommand({ app: APP, out: dir }, ROOT));
  expect(r.error).toBeUndefined();
  planFile = path.join(dir, 'plan.json');
});

describe('lambdaform run', () => {
  it(`run ${SCENARIO} --app ${APP}: the report, every check holds, exit 0`, async () => {
    const r = await captured(() => runCommand(SCENARIO, { app: APP }, ROOT));
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^simulated 15\.2 min in \d+ ms \(seed 1\)\ninputs: 100 — processed 97, queued 0, deadLetter 3, failureDestination 0, discarded 0\n/);
    expect(r.stdout).toContain('\nok   inputs deadLetter: expected 3, got 3\n');
    expect(r.stdout).toContain('\nok   simulatedSeconds: expected >= 900 and <= 1100, got 910\n');
    expect(r.stdout.endsWith('\nall 10 checks hold\n')).toBe(true);
    expect(r.stdout).not.toContain('FAIL');
  });

  it('--json: one JSON document: version, seed, simulated seconds, every input with its disposition, functions, queues, checks', async () => {
    const r = await runPlan(SCENARIO, { json: true });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(Object.keys(report)).toEqual(['version', 'seed', 'simulatedSeconds', 'wallMs', 'summary', 'inputs', 'functions', 'queues', 'http', 'checks', 'ok']);
    expect(report).toMatchObject({ version: 1, seed: 1, simulatedSeconds: 910, summary: { processed: 97, queued: 0, deadLetter: 3, failureDestination: 0, discarded: 0, total: 100 }, http: [], ok: true });
    expect(report.wallMs).toBeGreaterThan(0);
    // Every message sent is an input with exactly one disposition: 97 valid jobs processed on their first receive...
    expect(report.inputs).toHaveLength(100);
    expect(report.inputs[0]).toEqual({ id: 'in-1', step: 0, source: 'SqsWorker/Jobs', disposition: 'processed', attempts: 1, receives: 1, endedAt: report.inputs[0]!.endedAt });
    expect(report.inputs[0]!.endedAt).toBeLessThan(5);
    expect(report.inputs.filter((i) => i.step === 0).every((i) => i.disposition === 'processed' && i.attempts === 1)).toBe(true);
    // ...and the 3 invalid ones (sent at 10 s) in the dead-letter queue after 5 receives, 5 visibility timeouts (180 s) later.
    expect(report.inputs.slice(97)).toEqual(['in-98', 'in-99', 'in-100'].map((id) => ({ id, step: 1, source: 'SqsWorker/Jobs', disposition: 'deadLetter', where: 'SqsWorker/JobsDlq', attempts: 5, receives: 5, endedAt: 910 })));
    expect(report.queues).toEqual({
      'SqsWorker/JobsDlq': { visible: 3, inFlight: 0, delayed: 0, sent: 3, deleted: 0, movedToDeadLetter: 0, expired: 0 },
      'SqsWorker/Jobs': { visible: 0, inFlight: 0, delayed: 0, sent: 100, deleted: 97, movedToDeadLetter: 3, expired: 0 },
    });
    expect(report.functions['SqsWorker/Worker']).toMatchObject({ Errors: 0, Throttles: 0, AsyncEventsReceived: 0 });
    expect(report.checks).toHaveLength(10);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    const inputsLine = fs.readFileSync(path.join(ROOT, SCENARIO), 'utf8').split('\n').findIndex((l) => l.startsWith('  - inputs:')) + 1;
    expect(report.checks[0]).toEqual({ check: 'inputs processed', where: `${SCENARIO}:${inputsLine}:5`, ok: true, expected: 97, actual: 97 });
  });

  it('--seed overrides the scenario seed', async () => {
    const r = await runPlan(SCENARIO, { json: true, seed: 7 });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).seed).toBe(7);
  });

  it('a check that fails: exit 1, each check printed with expected and actual, the failed one with its file:line', async () => {
    const scenario = write(
      'fails.yaml',
      `steps:
  - send: { queue: Jobs, count: 2, body: '{"jobId": "j-{{i}}", "items": [{"sku": "A-1", "quantity": 1, "unitPrice": 1}]}' }
expect:
  - inputs: { processed: 3 }
  - queue: Jobs
    deleted: { min: 2, max: 2 }
  - function: Worker
    Invocations: { max: 0 }
`,
    );
    const r = await runPlan(scenario);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(1);
    const checks = r.stdout.slice(r.stdout.lastIndexOf('\n\n') + 2);
    expect(checks).toBe(
      [
        `FAIL inputs processed: expected 3, got 2  (${scenario}:4:5)`,
        'ok   queue SqsWorker/Jobs deleted: expected >= 2 and <= 2, got 2',
        `FAIL function SqsWorker/Worker Invocations: expected <= 0, got 1  (${scenario}:7:5)`,
        '2 of 3 checks failed',
        '',
      ].join('\n'),
    );
    // --json: the same, as data.
    const json = JSON.parse((await runPlan(scenario, { json: true })).stdout) as Report;
    expect(json.ok).toBe(false);
    expect(json.checks.map((c) => [c.ok, c.expected, c.actual])).toEqual([
      [false, 3, 2],
      [true, { min: 2, max: 2 }, 2],
      [false, { max: 0 }, 1],
    ]);
  });

  it('a bad scenario: exit 2 with the file, line and column and what is wrong', async () => {
    const unknownStep = write('unknown-step.yaml', 'steps:\n  - send: { queue: Jobs, count: 2 }\n  - frobnicate: { x: 1 }\n');
    expect(usageError(await runPlan(unknownStep))).toBe(`${unknownStep}:3:5: unknown step 'frobnicate'; a step is one of send, invoke, put, delete, publish, putRecord, putItem, putEvent, http, trigger, pause, resume, redrive, purge, advance`);
    const notYaml = write('not-yaml.yaml', 'steps:\n  - send: { queue: Jobs\n');
    expect(usageError(await runPlan(notYaml))).toMatch(new RegExp(`^${notYaml.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: not valid YAML: `));
    const unknownQueue = write('unknown-queue.yaml', 'steps:\n  - send: { queue: Nope, count: 1 }\n');
    expect(usageError(await runPlan(unknownQueue))).toBe(`${unknownQueue}:2:5: no queue 'Nope' in the plan; there are: SqsWorker/JobsDlq, SqsWorker/Jobs`);
    expect(usageError(await runPlan('no-such-scenario.yaml'))).toBe('no-such-scenario.yaml: no such file');
  });

  it('--plan runs a plan file (its paths relative to it); --template and --app together are refused (exit 2)', async () => {
    // The plan file sits outside the repository: its code directory is found relative to it.
    expect(path.isAbsolute(planFile)).toBe(true);
    const r = await runPlan(SCENARIO);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\nall 10 checks hold\n')).toBe(true);
    expect(usageError(await captured(() => runCommand(SCENARIO, { app: APP, template: ['t.yaml'] }, ROOT)))).toBe('give one of --app, --template and --plan, not --app and --template');
    expect(usageError(await captured(() => runCommand(SCENARIO, { app: APP, plan: planFile }, ROOT)))).toBe('give one of --app, --template and --plan, not --app and --plan');
  });

  it('end to end: the CLI exits 0 with --json, and 2 with --template and --app together', () => {
    const ok = runCli(['run', SCENARIO, '--plan', planFile, '--json'], ROOT);
    expect(ok.status, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as Report).summary).toEqual({ processed: 97, queued: 0, deadLetter: 3, failureDestination: 0, discarded: 0, total: 100 });
    const both = runCli(['run', SCENARIO, '--app', APP, '--template', 'template.yaml'], ROOT);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('lambdaform: give one of --app, --template and --plan, not --app and --template\n');
    expect(both.stdout).toBe('');
  });
});
