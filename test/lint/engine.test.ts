// Which rules run (preset, configuration), with which severity and options; bad configuration
// is refused, never ignored.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { App, Duration, LambdaformError, Lint, Queue, SqsEventSource, Stack } from '../../lib/all.js';
import { ACKNOWLEDGEMENT_RULE, activeRules, lint } from '../../lib/lint/engine.js';
import { RULES } from '../../lib/lint/rules/index.js';
import { sqsVisibilityTimeout } from '../../lib/lint/rules/sqs-visibility-timeout.js';
import type { Rule } from '../../lib/lint/types.js';
import { newFunction, TODAY } from '../helpers/app.js';
import { tracing } from '../../lib/lint/rules/tracing.js';
import { findingsOf } from '../helpers/rule-tester.js';
import { thrown } from '../helpers/errors.js';

const strictOnly: Rule = { meta: { id: 'strict-only', severity: 'info', description: 'x', docs: 'docs/rules.md#strict-only', recommended: false }, check: () => undefined };
const rules = [sqsVisibilityTimeout, strictOnly];
const ids = (config: Parameters<typeof activeRules>[0]) => activeRules(config, rules).map((r) => `${r.rule.meta.id}:${r.severity}`);

describe('activeRules', () => {
  it('runs the recommended rules by default and every rule with strict', () => {
    expect(ids({})).toEqual(['sqs-visibility-timeout:error']);
    expect(ids({ preset: 'strict' })).toEqual(['sqs-visibility-timeout:error', 'strict-only:info']);
  });

  it('turns rules off and on and overrides their severity and options', () => {
    expect(ids({ rules: { 'sqs-visibility-timeout': 'off' } })).toEqual([]);
    expect(ids({ rules: { 'strict-only': 'warning' } })).toEqual(['sqs-visibility-timeout:error', 'strict-only:warning']);
    const [active] = activeRules({ rules: { 'sqs-visibility-timeout': ['warning', { ratio: 4 }] } }, rules);
    expect(active!.severity).toBe('warning');
    expect(active!.options).toEqual({ ratio: 4 });
  });

  it.each([
    ['an unknown rule, with a suggestion', { rules: { 'sqs-visibilty-timeout': 'error' } }, /lint\.rules has the unknown rule 'sqs-visibilty-timeout'; did you mean 'sqs-visibility-timeout'\?/],
    ['a severity that does not exist', { rules: { 'sqs-visibility-timeout': 'fatal' } }, /lint\.rules\.sqs-visibility-timeout must be 'error', 'warning', 'info' or 'off'/],
    ['options that are not an object', { rules: { 'sqs-visibility-timeout': ['error', 6] } }, /options must be an object, got 6/],
    ['a preset that does not exist', { preset: 'all' }, /lint\.preset must be 'recommended' or 'strict'/],
    ['an unknown key, with a suggestion', { preset: 'strict', acknowlege: [] }, /lint has the unknown key 'acknowlege'; did you mean 'acknowledge'\? \(keys: preset, rules, acknowledge, customRules\)/],
  ])('refuses %s', (_what, config, message) => {
    const err = thrown(() => activeRules(config as never, rules, 'lambdaform.json'));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/^lambdaform\.json: /);
    expect((err as LambdaformError).message).toMatch(message);
  });

  it('every built-in rule has an id, a docs anchor and a description', () => {
    for (const r of RULES) {
      expect(r.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.meta.docs).toBe(`docs/rules.md#${r.meta.id}`);
      expect(r.meta.description.length).toBeGreaterThan(20);
    }
    expect(new Set(RULES.map((r) => r.meta.id)).size).toBe(RULES.length);
  });
});

describe('findings', () => {
  const build = (stack: Stack) => {
    const q = new Queue(stack, 'Q', { visibilityTimeout: Duration.seconds(60) });
    newFunction(stack, 'Fn', { timeout: Duration.seconds(30) }).addEventSource(new SqsEventSource(q)); // @here
  };

  it('a rule that throws is a LambdaformError naming the rule and the stack, with how to turn it off', () => {
    const broken: Rule = { meta: { ...strictOnly.meta, id: 'broken', recommended: true }, check: () => { throw new TypeError("Cannot read properties of undefined (reading 'x')"); } };
    const app = new App({ now: TODAY });
    build(new Stack(app, 'S'));
    const err = thrown(() => lint(app.synth(), {}, [broken], TODAY));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).code).toBe('rule-failed');
    expect((err as LambdaformError).message).toBe(`S: lint rule 'broken' failed on this stack: Cannot read properties of undefined (reading 'x'). This is a bug in the rule; turn it off with "lint": {"rules": {"broken": "off"}} in lambdaform.json until it is fixed`);
  });

  it("point at the user's line that created the construct", () => {
    const [f] = findingsOf(sqsVisibilityTimeout, build);
    const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
    expect(f!.source).toMatchObject({ file: 'test/lint/engine.test.ts', line: lines.findIndex((l) => l.includes('// @' + 'here')) + 1 });
    expect(f!.logicalId).toBe('FnSqsEventSourceQ');
    expect(f!.docs).toBe('docs/rules.md#sqs-visibility-timeout');
  });

  it('a configured severity lower than the rule\'s threshold wins', () => {
    const [f] = findingsOf(sqsVisibilityTimeout, build, 'info');
    expect(f!.severity).toBe('info');
  });
});

describe('acknowledgements', () => {
  /** Two functions consuming queues with short visibility timeouts; `ack` acknowledges in code. */
  const lintApp = (ack: (stack: Stack, fns: { a: ReturnType<typeof newFunction>; b: ReturnType<typeof newFunction> }) => void, config: Parameters<typeof lint>[1] = {}) => {
    const stack = new Stack(new App({ now: TODAY }), 'Test');
    const a = newFunction(stack, 'A', { timeout: Duration.seconds(30) });
    const b = newFunction(stack, 'B', { timeout: Duration.seconds(30) });
    a.addEventSource(new SqsEventSource(new Queue(stack, 'Qa', { visibilityTimeout: Duration.seconds(60) })));
    b.addEventSource(new SqsEventSource(new Queue(stack, 'Qb', { visibilityTimeout: Duration.seconds(60) })));
    ack(stack, { a, b });
    return lint(App.of(stack).synth(), { preset: 'strict', ...config }, [sqsVisibilityTimeout, tracing], TODAY);
  };
  const shown = (fs: ReturnType<typeof lintApp>) => fs.map((f) => `${f.path} ${f.rule} ${f.severity}${f.suppressed ? ` suppressed(${f.suppressed.by}: ${f.suppressed.reason})` : ''}`);

  it('Lint.acknowledge suppresses one rule for a construct and what is below it (its event source mappings), keeping the reason', () => {
    expect(shown(lintApp((_s, { a }) => Lint.acknowledge(a, 'sqs-visibility-timeout', '  jobs take 2 s  ')))).toEqual([
      'Test/A tracing info',
      'Test/A/SqsEventSourceQa sqs-visibility-timeout warning suppressed(code: jobs take 2 s)',
      'Test/B tracing info',
      'Test/B/SqsEventSourceQb sqs-visibility-timeout warning',
    ]);
  });

  it('an acknowledgement on the stack covers every construct in it', () => {
    const found = lintApp((stack) => Lint.acknowledge(stack, 'tracing', 'X-Ray is off by policy in this account'));
    expect(found.filter((f) => f.rule === 'tracing').map((f) => f.suppressed?.reason)).toEqual(['X-Ray is off by policy in this account', 'X-Ray is off by policy in this account']);
    expect(found.filter((f) => f.rule !== 'tracing').every((f) => f.suppressed === undefined)).toBe(true);
  });

  it('an acknowledgement without a reason is itself an error finding, once per construct and rule', () => {
    const found = lintApp((_s, { a }) => Lint.acknowledge(a, 'tracing', ' '));
    const unexplained = found.filter((f) => f.rule === ACKNOWLEDGEMENT_RULE);
    expect(unexplained.map((f) => [f.path, f.severity, f.suppressed])).toEqual([['Test/A', 'error', undefined]]);
    expect(unexplained[0]!.message).toBe('Test/A acknowledges tracing without a reason: say why the finding is acceptable here, so a reviewer can judge it');
    expect(unexplained[0]!.hint).toBe("Lint.acknowledge(construct, 'tracing', 'why this is fine here')");
  });

  it('the configuration acknowledges by exact path or by a path prefix ending in *', () => {
    const exact = lintApp(() => undefined, { acknowledge: [{ rule: 'tracing', path: 'Test/A', reason: 'r' }] });
    expect(exact.filter((f) => f.suppressed).map((f) => `${f.path} ${f.rule}`)).toEqual(['Test/A tracing']);
    // Without the *, the path does not reach the mapping below Test/A.
    const notBelow = lintApp(() => undefined, { acknowledge: [{ rule: 'sqs-visibility-timeout', path: 'Test/A', reason: 'r' }] });
    expect(notBelow.filter((f) => f.suppressed)).toEqual([]);
    const prefix = lintApp(() => undefined, { acknowledge: [{ rule: 'sqs-visibility-timeout', path: 'Test/*', reason: 'r' }] });
    expect(prefix.filter((f) => f.suppressed).map((f) => `${f.path} ${f.suppressed!.by}`)).toEqual(['Test/A/SqsEventSourceQa config', 'Test/B/SqsEventSourceQb config']);
  });

  it('an acknowledgement of another rule suppresses nothing', () => {
    expect(lintApp((_s, { a }) => Lint.acknowledge(a, 'iam-wildcard', 'n/a')).filter((f) => f.suppressed)).toEqual([]);
  });
});

describe('the templates the linter renders', () => {
  const twoStacks = () => {
    const app = new App({ now: TODAY });
    for (const name of ['One', 'Two']) newFunction(new Stack(app, name));
    return app.synth();
  };

  it('are dropped once the stack is linted; a template rendered before (synth) is kept, the same object', async () => {
    const { isRendered, renderCloudFormation } = await import('../../lib/synth/cfn/index.js');
    const { knownBodyOf, templateBodyOf } = await import('../../lib/lint/templates.js');
    const model = twoStacks();
    const [one, two] = model.stacks;
    const kept = renderCloudFormation(one!);
    const body = templateBodyOf(one!, 'sam', false);

    const findings = lint(model, {}, RULES, TODAY, process.cwd());

    expect(isRendered(one!)).toBe(true);
    expect(renderCloudFormation(one!)).toBe(kept);
    expect(knownBodyOf(one!, 'sam', false)).toBe(body);
    expect(isRendered(two!)).toBe(false);
    expect(knownBodyOf(two!, 'sam', false)).toBeUndefined();
    // The same findings as a run that keeps nothing in between.
    expect(lint(twoStacks(), {}, RULES, TODAY, process.cwd())).toEqual(findings);
  });
});
