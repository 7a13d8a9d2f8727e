// `lambdaform lint` on an app: findings as text or JSON, exit codes by --fail-on, the lint
// section of lambdaform.json, and bad configuration as a usage error.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintCommand } from '../../lib/cli/lint.js';
import { synthCommand } from '../../lib/cli/synth.js';
import { CliError } from '../../lib/cli/errors.js';
import { loadAppModel } from '../../lib/cli/run-app.js';
import type { AppModel } from '../../lib/model/types.js';
import { ROOT } from '../helpers/examples.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const APP = path.join(ROOT, 'test/fixtures/lint/warnings-app.ts');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-lint-cli-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/**
 * The app runs once per app file for the whole file (as a child process through tsx, ~2 s): its
 * model does not depend on the working directory here (the apps lie outside it, so their source
 * paths are absolute). Without --app (the app named in lambdaform.json) it runs every time.
 */
const models = new Map<string, Promise<AppModel>>();
const loadOnce: typeof loadAppModel = (app, cwd, options) => {
  if (app === undefined) return loadAppModel(app, cwd, options);
  if (!models.has(app)) models.set(app, loadAppModel(app, cwd, options));
  return models.get(app)!;
};

async function run(opts: Partial<Parameters<typeof lintCommand>[0]>, config?: unknown): Promise<{ code: number; out: string }> {
  const cwd = fs.mkdtempSync(path.join(TMP, 'run-'));
  if (config !== undefined) fs.writeFileSync(path.join(cwd, 'lambdaform.json'), JSON.stringify(config));
  let out = '';
  const code = await lintCommand({ app: APP, format: 'text', failOn: 'error', ...opts }, cwd, (t) => (out += t), loadOnce);
  return { code, out };
}

describe('lambdaform lint', () => {
  it('prints the findings grouped by resource, with file:line (absolute: the app is outside the working directory), rule and fix, and exits 0 when none is an error', async () => {
    const { code, out } = await run({});
    expect(code).toBe(0);
    expect(out).toMatch(/^Warnings\/Worker  \(\/.*\/test\/fixtures\/lint\/warnings-app\.ts:\d+\)\n  warning  Warnings\/Worker is invoked asynchronously .*\[async-failure-destination\]\n           fix: /m);
    expect(out).toMatch(/^Warnings\/Worker\/SqsEventSourceJobs  \(\/.*\/test\/fixtures\/lint\/warnings-app\.ts:\d+\)\n  warning  the visibility timeout of Warnings\/Jobs \(60 s\) is less than 6 x/m);
    expect(out).toMatch(/\n2 problems \(0 errors, 2 warnings, 0 info\)\n$/);
  });

  it('exits 1 when a finding reaches --fail-on', async () => {
    expect((await run({ failOn: 'warning' })).code).toBe(1);
    expect((await run({ failOn: 'none' })).code).toBe(0);
  });

  it('writes JSON with a summary', async () => {
    const { out } = await run({ format: 'json' });
    const json = JSON.parse(out) as { version: number; summary: Record<string, number>; findings: Array<{ rule: string; severity: string; source: { file: string } }> };
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({ error: 0, warning: 2, info: 0, suppressed: 0 });
    expect(json.findings.map((f) => f.rule)).toEqual(['async-failure-destination', 'sqs-visibility-timeout']);
    // The app lies outside the working directory here, so its path is absolute.
    expect(json.findings.map((f) => f.source.file)).toEqual([APP, APP]);
  });

  it('reads severity overrides and options from lambdaform.json', async () => {
    const { code, out } = await run({}, { lint: { rules: { 'sqs-visibility-timeout': ['error', { ratio: 1 }], 'async-failure-destination': 'error' } } });
    expect(out).toMatch(/1 problem \(1 error, 0 warnings, 0 info\)/);
    expect(code).toBe(1);
  });

  it('--rule sets a severity or turns a rule off, over lambdaform.json, whose options for the rule are kept', async () => {
    const raised = await run({ rule: ['sqs-visibility-timeout=error'] });
    expect(raised.code).toBe(1);
    expect(raised.out).toMatch(/  error    the visibility timeout of Warnings\/Jobs/);
    expect(raised.out).toMatch(/2 problems \(1 error, 1 warning, 0 info\)/);
    const off = await run({ rule: ['async-failure-destination=off'] }, { lint: { rules: { 'async-failure-destination': 'error' } } });
    expect(off.out).not.toContain('[async-failure-destination]');
    expect(off.out).toMatch(/1 problem \(0 errors, 1 warning, 0 info\)/);
    // lambdaform.json's ratio 1 stays with the severity the command line gives: 60 s >= 1 x 30 s, nothing to report.
    const kept = await run({ rule: ['sqs-visibility-timeout=error'] }, { lint: { rules: { 'sqs-visibility-timeout': ['warning', { ratio: 1 }] } } });
    expect(kept.out).not.toContain('[sqs-visibility-timeout]');
  });

  it('--preset strict runs every rule, over lambdaform.json', async () => {
    const recommended = await run({ format: 'json' });
    const strict = await run({ format: 'json', preset: 'strict' }, { lint: { preset: 'recommended' } });
    const rulesOf = (out: string) => new Set((JSON.parse(out) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule));
    expect(rulesOf(recommended.out)).toEqual(new Set(['async-failure-destination', 'sqs-visibility-timeout']));
    // tracing is in the strict preset only: the functions have no active tracing.
    expect(rulesOf(strict.out)).toContain('tracing');
  });

  it('refuses a malformed or unknown --rule as a usage error, with the rule it may mean', async () => {
    await expect(run({ rule: ['tracing'] })).rejects.toThrow("--rule tracing: expected <rule>=<severity>, the severity error, warning, info or off (--rule sqs-visibility-timeout=error)");
    await expect(run({ rule: ['tracing=fatal'] })).rejects.toThrow(CliError);
    await expect(run({ rule: ['sqs-visibilty-timeout=off'] })).rejects.toThrow(/^--rule sqs-visibilty-timeout=off: unknown rule 'sqs-visibilty-timeout'; did you mean 'sqs-visibility-timeout'\? \(rules: /);
  });

  it('refuses an unknown rule in lambdaform.json as a usage error', async () => {
    await expect(run({}, { lint: { rules: { 'no-such-rule': 'off' } } })).rejects.toThrow(CliError);
    await expect(run({}, { lint: { rules: { 'no-such-rule': 'off' } } })).rejects.toThrow(/^lambdaform\.json: lint\.rules has the unknown rule 'no-such-rule'/);
  });
});

describe('lambdaform lint: CI formats', () => {
  const appLines = fs.readFileSync(APP, 'utf8').split('\n');

  it('writes SARIF 2.1.0 that validates against the schema, with locations on the lines of the app that created the constructs', async () => {
    const { code, out } = await run({ format: 'sarif', failOn: 'warning' });
    expect(code).toBe(1);
    const log = JSON.parse(out) as { runs: Array<{ tool: { driver: { name: string; version: string } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'lambdaform', version: '0.1.0' });
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([['async-failure-destination', 'warning'], ['sqs-visibility-timeout', 'warning']]);
    for (const r of results) expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe(`file://${APP}`);
    expect(appLines[results[0]!.locations[0]!.physicalLocation.region.startLine - 1]).toMatch(/new Function\(stack, 'Worker'/);
    expect(appLines[results[1]!.locations[0]!.physicalLocation.region.startLine - 1]).toMatch(/new SqsEventSource\(queue/);
  });

  it('writes GitHub workflow annotations, JUnit and GitLab Code Quality', async () => {
    const github = (await run({ format: 'github' })).out;
    expect(github.split('\n')[0]).toMatch(/^::warning file=.*warnings-app\.ts,line=\d+,col=\d+,title=async-failure-destination::Warnings\/Worker is invoked asynchronously/);
    const junit = (await run({ format: 'junit' })).out;
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="lambdaform lint" tests="\d+" failures="2"/);
    const gitlab = JSON.parse((await run({ format: 'gitlab' })).out) as Array<{ check_name: string; severity: string; location: { lines: { begin: number } } }>;
    expect(gitlab.map((i) => [i.check_name, i.severity])).toEqual([['async-failure-destination', 'minor'], ['sqs-visibility-timeout', 'minor']]);
  });
});

describe('lambdaform lint: custom rules', () => {
  const CUSTOM = path.join(ROOT, 'test/fixtures/lint/custom');

  it('loads the rules of lint.customRules, with their options and severity overrides', async () => {
    const { out, code } = await run({ format: 'json', failOn: 'warning' }, { lint: { customRules: [path.join(CUSTOM, 'queue-naming.ts')] } });
    const json = JSON.parse(out) as { findings: Array<{ rule: string; path: string; message: string; docs: string }> };
    expect(json.findings.filter((f) => f.rule === 'team/queue-naming').map((f) => [f.path, f.message, f.docs])).toEqual([
      ['Warnings/Jobs', "Warnings/Jobs has no name starting with 'orders-'", 'https://wiki.example.com/lint/queue-naming'],
      ['Warnings/JobsDlq', "Warnings/JobsDlq has no name starting with 'orders-'", 'https://wiki.example.com/lint/queue-naming'],
    ]);
    expect(code).toBe(1);
    const off = await run({ format: 'json' }, { lint: { customRules: [path.join(CUSTOM, 'queue-naming.ts')], rules: { 'team/queue-naming': 'off' } } });
    expect(off.out).not.toMatch(/team\/queue-naming/);
  });

  it.each([
    ['a module that does not exist', ['custom/nope.ts'], /lint\.customRules: custom\/nope\.ts does not exist/],
    ['a rule without a check function', ['BROKEN'], /lint\.customRules: .*broken\.ts: the rule: 'team\/broken' has no check function/],
    ['a list that is not one of paths', 'custom/rules.ts', /lint\.customRules must be a list of module paths/],
  ])('refuses %s as a usage error', async (_what, paths, message) => {
    const config = { lint: { customRules: Array.isArray(paths) ? paths.map((p) => (p === 'BROKEN' ? path.join(CUSTOM, 'broken.ts') : p)) : paths } };
    const err = await run({}, config).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toMatch(/^lambdaform\.json: /);
    expect((err as CliError).message).toMatch(message);
  });
});

describe('lambdaform lint: acknowledged findings', () => {
  const acknowledge = { lint: { acknowledge: [{ rule: 'sqs-visibility-timeout', path: 'Warnings/Worker/*', reason: 'jobs finish in 5 s; the timeout is a guard' }] } };

  it('do not count or fail the run, and are listed with their reason only on request', async () => {
    const quiet = await run({ failOn: 'warning' }, acknowledge);
    expect(quiet.out).not.toMatch(/sqs-visibility-timeout/);
    expect(quiet.out).toMatch(/\n1 problem \(0 errors, 1 warning, 0 info\); 1 acknowledged \(--show-suppressed lists them\)\n$/);
    expect(quiet.code).toBe(1); // the async-failure-destination warning still counts
    const shown = await run({ showSuppressed: true }, acknowledge);
    expect(shown.out).toMatch(/^  ack      the visibility timeout of Warnings\/Jobs .*\[sqs-visibility-timeout\]\n           acknowledged \(lambdaform\.json\): jobs finish in 5 s; the timeout is a guard$/m);
    const both = { lint: { acknowledge: [...acknowledge.lint.acknowledge, { rule: 'async-failure-destination', path: 'Warnings/Worker', reason: 'uploads are re-scanned nightly' }] } };
    const none = await run({ failOn: 'warning' }, both);
    expect(none).toEqual({ code: 0, out: 'lambdaform lint: no problems; 2 acknowledged (--show-suppressed lists them)\n' });
  });

  it('are in JSON only with --show-suppressed, marked with the reason', async () => {
    const json = (out: string) => JSON.parse(out) as { summary: Record<string, number>; findings: Array<{ rule: string; suppressed?: unknown }> };
    const hidden = json((await run({ format: 'json' }, acknowledge)).out);
    expect(hidden.summary).toEqual({ error: 0, warning: 1, info: 0, suppressed: 1 });
    expect(hidden.findings.map((f) => f.rule)).toEqual(['async-failure-destination']);
    const shown = json((await run({ format: 'json', showSuppressed: true }, acknowledge)).out);
    expect(shown.findings.map((f) => [f.rule, f.suppressed])).toEqual([
      ['async-failure-destination', undefined],
      ['sqs-visibility-timeout', { reason: 'jobs finish in 5 s; the timeout is a guard', by: 'config' }],
    ]);
  });

  it.each([
    ['without a reason', [{ rule: 'sqs-visibility-timeout', path: 'Warnings/Worker', reason: ' ' }], /lint\.acknowledge\[0\] \(sqs-visibility-timeout for Warnings\/Worker\) has no reason/],
    ['of an unknown rule', [{ rule: 'sqs-visibilty-timeout', path: 'Warnings/Worker', reason: 'x' }], /lint\.acknowledge\[0\] names the unknown rule 'sqs-visibilty-timeout'/],
    ['without a path', [{ rule: 'sqs-visibility-timeout', reason: 'x' }], /lint\.acknowledge\[0\] must be \{"rule": "<rule id>", "path": "<construct path>", "reason": "<why>"\}/],
    ['that is not a list', { rule: 'sqs-visibility-timeout' }, /lint\.acknowledge must be a list/],
  ])('refuses an acknowledgement %s as a usage error', async (_what, acks, message) => {
    const err = await run({}, { lint: { acknowledge: acks } }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toMatch(/^lambdaform\.json: /);
    expect((err as CliError).message).toMatch(message);
  });
});

describe('lambdaform synth lints first', () => {
  const LOOP = path.join(ROOT, 'test/fixtures/lint/loop-app.ts');

  it('stops on a lint error (exit 1), printing the findings', async () => {
    const cwd = fs.mkdtempSync(path.join(TMP, 'synth-'));
    const err = await synthCommand({ app: LOOP, format: 'cfn', json: false, out: path.join(cwd, 'out') }, cwd).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as CliError).message).toMatch(/^synth stopped: 1 lint error \(above\); fix it, acknowledge it with a reason \(Lint\.acknowledge\), turn the rule off in lambdaform\.json .* or pass --no-lint$/);
    expect(fs.existsSync(path.join(cwd, 'out', 'Loop.template.yaml'))).toBe(false);
  });

  it('writes the templates with --no-lint, or with the rule turned off in lambdaform.json', async () => {
    const cwd = fs.mkdtempSync(path.join(TMP, 'synth-'));
    await synthCommand({ app: LOOP, format: 'cfn', json: false, out: path.join(cwd, 'a'), noLint: true }, cwd);
    expect(fs.existsSync(path.join(cwd, 'a', 'Loop.template.yaml'))).toBe(true);
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), JSON.stringify({ lint: { rules: { 'recursive-loop': 'off' } } }));
    await synthCommand({ app: LOOP, format: 'cfn', json: false, out: path.join(cwd, 'b') }, cwd);
    expect(fs.existsSync(path.join(cwd, 'b', 'Loop.template.yaml'))).toBe(true);
  });

  it('writes the templates when the error is acknowledged with a reason', async () => {
    const cwd = fs.mkdtempSync(path.join(TMP, 'synth-'));
    const findings = await run({ app: LOOP }, {});
    expect(findings.out).toMatch(/^Loop\/Worker.*\n  error    .*\[recursive-loop\]/m);
    fs.writeFileSync(path.join(cwd, 'lambdaform.json'), JSON.stringify({ lint: { acknowledge: [{ rule: 'recursive-loop', path: 'Loop/Worker*', reason: 'the handler re-queues at most once (attempt attribute)' }] } }));
    await synthCommand({ app: LOOP, format: 'cfn', json: false, out: path.join(cwd, 'c') }, cwd);
    expect(fs.existsSync(path.join(cwd, 'c', 'Loop.template.yaml'))).toBe(true);
  });
});
