/**
 * ESLint's RuleTester shape for lambdaform rules: `valid` cases (apps the rule must stay quiet
 * on) and `invalid` ones (apps it must report, with the exact findings).
 */
import { describe, expect, it } from 'vitest';
import { App, Stack } from '../../lib/all.js';
import { lint } from '../../lib/lint/engine.js';
import type { Finding, Rule, RuleSetting } from '../../lib/lint/types.js';
import type { StackModel } from '../../lib/model/types.js';
import { TODAY } from './app.js';

export interface RuleCase {
  readonly name: string;
  /** Builds the app's constructs in the stack `Test`. */
  readonly build: (stack: Stack) => void;
  /** The rule's setting for this case (`['error', { ratio: 4 }]`). @default the rule's defaults */
  readonly setting?: RuleSetting;
  /**
   * Changes the synthesized model before linting: for models constructs refuse to build (an
   * imported template can hold them), such as a visibility timeout below the function's timeout.
   */
  readonly edit?: (stack: StackModel) => StackModel;
}

export interface InvalidCase extends RuleCase {
  /** The findings, in order: the construct path, a pattern of the message, the severity. */
  readonly findings: ReadonlyArray<{ readonly path: string; readonly message: RegExp; readonly severity?: Finding['severity'] }>;
}

/** The findings of one rule on the app `build` makes. */
export function findingsOf(rule: Rule, build: (stack: Stack) => void, setting?: RuleSetting, edit?: (stack: StackModel) => StackModel): Finding[] {
  const stack = new Stack(new App({ now: TODAY }), 'Test');
  build(stack);
  const model = App.of(stack).synth();
  const edited = edit ? { ...model, stacks: model.stacks.map(edit) } : model;
  return lint(edited, { preset: 'strict', rules: setting === undefined ? {} : { [rule.meta.id]: setting } }, [rule], TODAY);
}

/** A model whose node `id` has `props` changed: `edit: withProps('Test/Q', { visibilityTimeoutSeconds: 10 })`. */
export function withProps(id: string, props: Record<string, unknown>): (stack: StackModel) => StackModel {
  return (stack) => ({ ...stack, nodes: stack.nodes.map((n) => (n.id === id ? ({ ...n, props: { ...n.props, ...props } } as typeof n) : n)) });
}

/** Runs a rule's valid and invalid cases as tests. */
export function ruleTester(rule: Rule, cases: { readonly valid: readonly RuleCase[]; readonly invalid: readonly InvalidCase[] }): void {
  describe(`${rule.meta.id}: valid`, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(findingsOf(rule, c.build, c.setting, c.edit).map((f) => `${f.path}: ${f.message}`)).toEqual([]);
    });
  });
  describe(`${rule.meta.id}: invalid`, () => {
    it.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const found = findingsOf(rule, c.build, c.setting, c.edit);
      expect(found.map((f) => f.path)).toEqual(c.findings.map((f) => f.path));
      found.forEach((f, i) => {
        const want = c.findings[i]!;
        expect(f.message).toMatch(want.message);
        expect(f.severity).toBe(want.severity ?? rule.meta.severity);
        expect(f.rule).toBe(rule.meta.id);
        expect(f.hint, 'every finding says how to fix it').toBeTruthy();
      });
    });
  });
}
