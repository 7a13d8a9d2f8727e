// The number of resources of a template, whichever backend wrote it, and of a template changed since.
import { expect, it } from 'vitest';
import { Queue } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { resourceCount } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';

it('is the number of resources of the rendered templates, and of copies of them', () => {
  const stack = newStack();
  newFunction(stack, 'Fn');
  for (let i = 0; i < 40; i++) new Queue(stack, `Q${i}`);
  const model = stackModel(stack);
  for (const t of [toCloudFormation(model), toSam(model)]) {
    expect(resourceCount(t)).toBe(Object.keys(t.Resources).length);
    const copy = structuredClone(t);
    expect(resourceCount(copy)).toBe(Object.keys(t.Resources).length);
    // a template changed after it was written is counted as it is
    delete copy.Resources[Object.keys(copy.Resources)[0]!];
    expect(resourceCount(copy)).toBe(Object.keys(t.Resources).length - 1);
  }
  // CloudFormation: the function, its role, and the 40 queues
  expect(resourceCount(toCloudFormation(model))).toBe(42);
});
