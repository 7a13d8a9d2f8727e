import { describe, expect, it } from 'vitest';
import { LambdaformError, type Stack } from '../../../lib/all.js';
import { reservedConcurrencyBudget, UNRESERVED_MINIMUM } from '../../../lib/lint/rules/reserved-concurrency-budget.js';
import { LIMITS } from '../../../lib/model/defaults.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { thrown } from '../../helpers/errors.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

/** Functions A, B, ... each reserving what `reserved` lists. */
const reserving = (...reserved: Array<number | undefined>) => (stack: Stack) => {
  reserved.forEach((r, i) => newFunction(stack, String.fromCharCode(65 + i), r === undefined ? {} : { reservedConcurrentExecutions: r }));
};
/** The model with each function's reservation set (as an imported template gives it). */
const reserve = (byId: Record<string, number>) => (stack: StackModel) => Object.entries(byId).reduce((s, [id, r]) => withProps(`Test/${id}`, { reservedConcurrency: r })(s), stack);

ruleTester(reservedConcurrencyBudget, {
  valid: [
    { name: 'no reservations', build: reserving(undefined, undefined) },
    { name: 'exactly the 900 the default account limit leaves', build: reserving(500, 400, undefined) },
    { name: 'reserved 0 (a disabled function) takes nothing', build: reserving(900, 0) },
    { name: 'a raised account limit: exactly its budget', build: reserving(1, 1), edit: reserve({ A: 1000, B: 900 }), setting: ['error', { accountLimit: 2000 }] },
  ],
  invalid: [
    {
      name: 'one over the budget',
      build: reserving(500, 400, undefined),
      findings: [
        {
          path: 'Test/A',
          message:
            /^the functions of stack Test reserve 901 concurrent executions in all, more than the 900 an account with a concurrency limit of 1,000 can reserve \(100 must stay unreserved\): Lambda refuses the reservation that crosses it and the deploy fails\. Reservations: Test\/A \(500\), Test\/B \(400\), Test\/C \(1\)$/,
        },
      ],
      edit: reserve({ C: 1 }),
    },
    {
      name: 'reported once, on the largest reservation',
      build: reserving(100, 200, 300),
      edit: reserve({ A: 100, B: 600, C: 300 }),
      findings: [{ path: 'Test/B', message: /reserve 1,000 .* Reservations: Test\/B \(600\), Test\/C \(300\), Test\/A \(100\)$/ }],
    },
    {
      name: 'a raised account limit: one over its budget',
      build: reserving(1, 1),
      edit: reserve({ A: 1000, B: 901 }),
      setting: ['error', { accountLimit: 2000 }],
      findings: [{ path: 'Test/A', message: /reserve 1,901 concurrent executions in all, more than the 1,900 an account with a concurrency limit of 2,000 can reserve/ }],
    },
    {
      name: 'a lower account limit (new accounts can start lower)',
      build: reserving(20),
      setting: ['error', { accountLimit: 110 }],
      findings: [{ path: 'Test/A', message: /reserve 20 concurrent executions in all, more than the 10 an account with a concurrency limit of 110 can reserve/ }],
    },
  ],
});

describe('reserved-concurrency-budget', () => {
  it('keeps 100 unreserved under the default limit of 1,000; constructs leave the budget to the rule', () => {
    expect(UNRESERVED_MINIMUM).toBe(100);
    expect(reservedConcurrencyBudget.meta.defaultOptions).toEqual({ accountLimit: 1000 });
    expect(LIMITS.function.reservedConcurrency.max).toBe(Infinity);
  });

  it('reports what constructs now let through: 1,901 reserved under the default limit', () => {
    const [f] = findingsOf(reservedConcurrencyBudget, reserving(1000, 901));
    expect(f!.message).toMatch(/reserve 1,901 concurrent executions in all, more than the 900 an account with a concurrency limit of 1,000 can reserve/);
  });

  it('says how much to lower and how to tell it a raised limit', () => {
    const [f] = findingsOf(reservedConcurrencyBudget, reserving(500, 400, undefined), undefined, reserve({ C: 50 }));
    expect(f!.hint).toMatch(/^lower reservedConcurrentExecutions by 50 in all .*"reserved-concurrency-budget": \["error", \{ "accountLimit": <the limit> \}\]/);
  });

  it.each([['a string', '2000'], ['a fraction', 1000.5], ['below the unreserved minimum', 99]])('refuses an accountLimit that is %s', (_what, accountLimit) => {
    const err = thrown(() => findingsOf(reservedConcurrencyBudget, reserving(1), ['error', { accountLimit }]));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/accountLimit must be the account's Lambda concurrency limit, a whole number of at least 100, got/);
  });
});
