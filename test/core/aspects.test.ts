// Aspects (aws-cdk-lib's): visit every construct below the scope once, before synthesis.
import { describe, expect, it } from 'vitest';
import { App, Aspects, Queue, Tags, type IAspect } from '../../lib/all.js';
import type { IConstruct } from 'constructs';
import { Template } from '../../lib/testing/index.js';
import { newStack } from '../helpers/app.js';

describe('Aspects', () => {
  it('visits every construct below the scope once, even when synthesized twice', () => {
    const stack = newStack();
    new Queue(stack, 'A');
    new Queue(stack, 'B');
    const seen: string[] = [];
    const aspect: IAspect = { visit: (n: IConstruct) => void seen.push(n.node.path) };
    Aspects.of(stack).add(aspect);
    App.of(stack).synth();
    App.of(stack).synth();
    expect(seen).toEqual(['Test', 'Test/A', 'Test/B']);
    expect(Aspects.of(stack).all).toEqual([aspect]);
  });

  it('can add tags before synthesis', () => {
    const stack = newStack();
    new Queue(stack, 'Q');
    Aspects.of(stack).add({ visit: (n) => { if (n instanceof Queue) Tags.of(n).add('team', 'jobs'); } });
    for (const format of ['cfn', 'sam'] as const) Template.fromStack(stack, format).hasResourceProperties('AWS::SQS::Queue', { Tags: [{ Key: 'team', Value: 'jobs' }] });
  });
});
