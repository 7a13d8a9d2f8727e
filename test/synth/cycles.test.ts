// A dependency cycle between resources fails synthesis with the construct paths, instead of a
// template CloudFormation (and cfn-lint, E3004) refuses.
import { expect, it } from 'vitest';
import { LambdaformError } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { findCycle } from '../../lib/synth/cycles.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

it('finds no cycle in a template that has none', () => {
  const stack = newStack();
  const a = newFunction(stack, 'A');
  newFunction(stack, 'B', { environment: { FN_A: a.functionName } });
  expect(findCycle(toCloudFormation(stackModel(stack)))).toBeUndefined();
});

it('names the construct paths of a cycle: two functions naming and invoking each other', () => {
  // GIVEN A names B and may invoke B, B names A and may invoke A
  const stack = newStack();
  const a = newFunction(stack, 'A');
  const b = newFunction(stack, 'B', { environment: { PEER: a.functionName } });
  a.addEnvironment('PEER', b.functionName);
  b.grantInvoke(a);
  a.grantInvoke(b);
  // WHEN / THEN both backends refuse it, naming the resources in the cycle
  for (const render of [toCloudFormation, toSam]) {
    const err = thrown(() => render(stackModel(stack)));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toMatch(/^resources depend on each other in a cycle, which CloudFormation refuses: /);
    expect((err as LambdaformError).detail).toContain('Test/A (A)');
    expect((err as LambdaformError).detail).toContain('Test/A/ServiceRole (AServiceRole) -> Test/B (B)');
  }
});

it('follows references inside Fn::Sub and DependsOn', () => {
  const cycle = findCycle({
    Resources: {
      X: { Type: 'T', Properties: { V: { 'Fn::Sub': '${Y.Arn}/x' } } },
      Y: { Type: 'T', DependsOn: ['X'] },
    },
  });
  expect(cycle).toEqual(['X', 'Y', 'X']);
});
