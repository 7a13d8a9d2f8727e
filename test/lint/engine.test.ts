// Which rules run (preset, configuration), with which severity and options; bad configuration
// is refused, never ignored.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Duration, LambdaformError, Queue, SqsEventSource, type Stack } from '../../lib/index.js';
import { activeRules } from '../../lib/lint/engine.js';
import { RULES } from '../../lib/lint/rules/index.js';
import { sqsVisibilityTimeout } from '../../lib/lint/rules/sqs-visibility-timeout.js';
import type { Rule } from '../../lib/lint/types.js';
import { newFunction } from '../helpers/app.js';
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
