import { describe, expect, it } from 'vitest';
import { Queue, SqsEventSource, type Stack } from '../../../lib/all.js';
import { stackResourceLimit } from '../../../lib/lint/rules/stack-resource-limit.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';

/**
 * `mapped` functions consuming one queue (3 resources each: function, role, mapping) and `plain`
 * functions (2 each: function, role), plus the queue: 1 + 3 x mapped + 2 x plain resources.
 */
const app = (mapped: number, plain: number) => (stack: Stack) => {
  const q = new Queue(stack, 'Q');
  for (let i = 0; i < mapped; i++) newFunction(stack, `M${i}`).addEventSource(new SqsEventSource(q));
  for (let i = 0; i < plain; i++) newFunction(stack, `P${i}`);
};

ruleTester(stackResourceLimit, {
  valid: [
    { name: 'a small stack', build: app(1, 1) },
    { name: '449 resources: just below the 90 % warning', build: app(0, 224) },
  ],
  invalid: [
    { name: '450 resources: 90 % of the limit', build: app(1, 223) /* 1 + 3 + 446 */, findings: [{ path: 'Test', message: /^stack Test has 450 resources in its CloudFormation template, 50 below CloudFormation's limit of 500$/, severity: 'warning' }] },
    { name: '500 resources: at the limit, still deployable', build: app(1, 248) /* 1 + 3 + 496 */, findings: [{ path: 'Test', message: /^stack Test has 500 resources .*, 0 below/, severity: 'warning' }] },
    {
      name: '501 resources: one past the limit (the mappings are resources the constructs do not count)',
      build: app(166, 1),
      findings: [{ path: 'Test', message: /^stack Test has 501 resources in its CloudFormation template, more than the 500 CloudFormation accepts, so the deploy fails$/ }],
    },
  ],
});

describe('stack-resource-limit', () => {
  it('points at the line that created the stack, and says how to split', () => {
    const [f] = findingsOf(stackResourceLimit, app(167, 0));
    expect(f!.path).toBe('Test');
    expect(f!.logicalId).toBeUndefined();
    expect(f!.source?.file).toBe('test/helpers/rule-tester.ts');
    expect(f!.hint).toMatch(/^split the app into several stacks/);
  });
});
