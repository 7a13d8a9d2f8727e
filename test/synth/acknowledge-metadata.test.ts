// Lint acknowledgements travel with the templates: each resource's Metadata carries those of its
// construct and the constructs above it, the template's Metadata those of the stack, so a template
// linted later (imported) keeps them.
import { describe, expect, it } from 'vitest';
import { App, Duration, Lint, Queue, SqsEventSource } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { newFunction, newStack } from '../helpers/app.js';

function model(acknowledge: boolean) {
  const stack = newStack();
  const fn = newFunction(stack, 'Fn', { timeout: Duration.seconds(30) });
  fn.addEventSource(new SqsEventSource(new Queue(stack, 'Q', { visibilityTimeout: Duration.seconds(60) })));
  if (acknowledge) {
    Lint.acknowledge(fn, 'sqs-visibility-timeout', 'jobs take 2 s');
    Lint.acknowledge(stack, 'tracing', 'no X-Ray in this account');
  }
  return App.of(stack).synth().stacks[0]!;
}

describe.each([
  ['CloudFormation', toCloudFormation, ['Fn', 'FnServiceRole', 'FnSqsEventSourceQ']],
  ['SAM', toSam, ['Fn', 'FnServiceRole']],
] as const)('%s', (_name, render, underFn) => {
  const t = render(model(true));

  it("writes the stack's acknowledgements to the template's Metadata, after Description and before Resources", () => {
    expect(t.Metadata).toEqual({ 'lambdaform:acknowledge': [{ rule: 'tracing', reason: 'no X-Ray in this account' }] });
    const keys = Object.keys(t);
    expect(keys.indexOf('Metadata')).toBeLessThan(keys.indexOf('Resources'));
  });

  it("writes a construct's acknowledgements to its resources and those below it, not the stack's again", () => {
    const acked = Object.entries(t.Resources).filter(([, r]) => r.Metadata?.['lambdaform:acknowledge']).map(([id]) => id);
    expect(acked).toEqual(underFn);
    for (const id of underFn) {
      expect(Object.keys(t.Resources[id]!.Metadata!)).toEqual(['lambdaform:path', 'lambdaform:acknowledge']);
      expect(t.Resources[id]!.Metadata!['lambdaform:acknowledge']).toEqual([{ rule: 'sqs-visibility-timeout', reason: 'jobs take 2 s' }]);
    }
    expect(t.Resources.Q!.Metadata).toEqual({ 'lambdaform:path': 'Test/Q' });
  });

  it('writes nothing without acknowledgements', () => {
    const plain = render(model(false));
    expect(plain.Metadata).toBeUndefined();
    expect(Object.values(plain.Resources).every((r) => Object.keys(r.Metadata!).join() === 'lambdaform:path')).toBe(true);
  });
});
