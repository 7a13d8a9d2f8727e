import { describe, expect, it } from 'vitest';
import { Queue, SqsEventSource, type Stack } from '../../../lib/all.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { stackResourceLimit } from '../../../lib/lint/rules/stack-resource-limit.js';
import type { StackModel } from '../../../lib/model/types.js';
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

describe('stack-resource-limit on a SAM template: counted as SAM expands it', () => {
  /** `n` SAM functions, each with the event `event` (outside sources: SAM expands them all the same). */
  const sam = (n: number, event: string) => {
    const fns = Array.from({ length: n }, (_, i) => [`  F${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: index.handler', '      Runtime: nodejs22.x', '      InlineCode: x', '      Events:', `        T: ${event}`]);
    return importTemplate(parseTemplate(['Transform: AWS::Serverless-2016-10-31', 'Resources:', ...fns.flat()].join('\n'), 'template.yaml'));
  };
  const findings = (stack: StackModel) => lint({ version: 2, stacks: [stack] }, {}, [stackResourceLimit]).map((f) => [f.severity, f.message]);

  it('SNS events on a topic outside the template: a subscription and a permission each (920 for 230 functions, as cfn-lint E3010)', () => {
    expect(findings(sam(230, '{ Type: SNS, Properties: { Topic: arn:aws:sns:us-east-1:123456789012:t0 } }'))).toEqual([
      ['error', 'stack template has 920 resources in its CloudFormation template, more than the 500 CloudFormation accepts, so the deploy fails'],
    ]);
  });

  it('SQS events on a queue outside the template: an event source mapping each (690 for 230 functions)', () => {
    expect(findings(sam(230, '{ Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q } }'))).toEqual([
      ['error', 'stack template has 690 resources in its CloudFormation template, more than the 500 CloudFormation accepts, so the deploy fails'],
    ]);
  });

  it('HTTP API routes are in the API body, not resources of their own: 150 functions with a route are 2 + 3 x 150 = 452', () => {
    const stack = importTemplate(
      parseTemplate(
        ['Transform: AWS::Serverless-2016-10-31', 'Resources:', ...Array.from({ length: 150 }, (_, i) => [`  F${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Handler: index.handler', '      Runtime: nodejs22.x', '      InlineCode: x', '      Events:', `        Get: { Type: HttpApi, Properties: { Path: /p${i}, Method: GET } }`]).flat()].join('\n'),
        'template.yaml',
      ),
    );
    expect(findings(stack)).toEqual([['warning', "stack template has 452 resources in its CloudFormation template, 48 below CloudFormation's limit of 500"]]);
  });
});
