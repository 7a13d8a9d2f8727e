import { describe, expect, it } from 'vitest';
import { DeploymentPreference, type Stack } from '../../../lib/all.js';
import { provisionedConcurrencyTarget } from '../../../lib/lint/rules/provisioned-concurrency-target.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

/** Test/Fn reserving `reserved`, with alias `live` (on currentVersion) provisioning `provisioned`. */
const aliased = (reserved: number | undefined, provisioned: number) => (stack: Stack) => {
  const fn = newFunction(stack, 'Fn', reserved === undefined ? {} : { reservedConcurrentExecutions: reserved });
  fn.addAlias('live', { provisionedConcurrentExecutions: provisioned });
};
const ALIAS = 'Test/Fn/Aliaslive';
/** Several edits in a row. */
const all = (...edits: Array<(s: StackModel) => StackModel>) => (stack: StackModel) => edits.reduce((s, e) => e(s), stack);

ruleTester(provisionedConcurrencyTarget, {
  valid: [
    { name: 'provisioned concurrency on an alias of a published version', build: aliased(undefined, 5) },
    { name: 'provisioned concurrency equal to the reserved concurrency', build: aliased(10, 10) },
    { name: 'provisioned concurrency on a version, below the reservation', build: (s) => void newFunction(s, 'Fn', { reservedConcurrentExecutions: 10 }).addVersion('V1', { provisionedConcurrentExecutions: 9 }) },
    { name: 'an alias of $LATEST without provisioned concurrency', build: (s) => { const fn = newFunction(s, 'Fn'); fn.addAlias('dev', { version: fn.latestVersion }); } },
    { name: 'a gradual deployment with provisioned concurrency', build: (s) => void newFunction(s, 'Fn', { reservedConcurrentExecutions: 20 }).deploy({ alias: 'live', preference: DeploymentPreference.allAtOnce(), provisionedConcurrentExecutions: 20 }) },
  ],
  invalid: [
    {
      name: 'an alias of $LATEST with provisioned concurrency (an imported template; constructs refuse it): an error',
      build: aliased(undefined, 5),
      edit: withProps(ALIAS, { version: '$LATEST' }),
      findings: [
        {
          path: ALIAS,
          severity: 'error',
          message: /^alias live \(Test\/Fn\/Aliaslive\) has provisioned concurrency \(5\) but points at \$LATEST of Test\/Fn: Lambda allows provisioned concurrency only on a published version or an alias of one, so the deploy fails$/,
        },
      ],
    },
    {
      name: 'one above the reserved concurrency (constructs refuse it): a warning',
      build: aliased(10, 10),
      edit: withProps(ALIAS, { provisionedConcurrency: 11 }),
      findings: [
        {
          path: 'Test/Fn',
          severity: 'warning',
          message: /^Test\/Fn has 11 provisioned concurrency \(Test\/Fn\/Aliaslive \(11\)\) but reserves only 10 concurrent executions: it never runs more than 10 at once, so 1 of the provisioned environments cannot be used, and all of them are billed$/,
        },
      ],
    },
    {
      name: 'versions and aliases of one function add up',
      build: (s) => {
        const fn = newFunction(s, 'Fn', { reservedConcurrentExecutions: 10 });
        fn.addVersion('V1', { provisionedConcurrentExecutions: 6 });
        fn.addAlias('live', { provisionedConcurrentExecutions: 5 });
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /has 11 provisioned concurrency \(Test\/Fn\/V1 \(6\), Test\/Fn\/Aliaslive \(5\)\) but reserves only 10/ }],
    },
    {
      name: 'reserved 0 (a disabled function) with provisioned concurrency',
      build: aliased(1, 1),
      edit: withProps('Test/Fn', { reservedConcurrency: 0 }),
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /has 1 provisioned concurrency .* but reserves only 0 concurrent executions/ }],
    },
    {
      name: 'both at once: the $LATEST alias is reported once, not added to the sum',
      build: (s) => {
        const fn = newFunction(s, 'Fn', { reservedConcurrentExecutions: 10 });
        fn.addVersion('V1', { provisionedConcurrentExecutions: 10 });
        fn.addAlias('dev', { version: fn.latestVersion });
      },
      edit: all(withProps('Test/Fn/Aliasdev', { provisionedConcurrency: 3 }), withProps('Test/Fn/V1', { provisionedConcurrency: 12 })),
      findings: [
        { path: 'Test/Fn', severity: 'warning', message: /has 12 provisioned concurrency \(Test\/Fn\/V1 \(12\)\)/ },
        { path: 'Test/Fn/Aliasdev', severity: 'error', message: /alias dev .* points at \$LATEST/ },
      ],
    },
  ],
});

describe('provisioned-concurrency-target: hints', () => {
  it('points the alias at a published version', () => {
    const [f] = findingsOf(provisionedConcurrencyTarget, aliased(undefined, 5), undefined, withProps(ALIAS, { version: '$LATEST' }));
    expect(f!.hint).toMatch(/^point the alias at a published version \(version: fn\.currentVersion/);
  });

  it('gives both numbers that fix the reservation', () => {
    const [f] = findingsOf(provisionedConcurrencyTarget, aliased(10, 10), undefined, withProps(ALIAS, { provisionedConcurrency: 15 }));
    expect(f!.hint).toBe("lower the provisioned concurrency to at most 10 in all, or raise the function's reservedConcurrentExecutions to at least 15");
  });
});
