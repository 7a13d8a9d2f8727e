import { describe, expect, it } from 'vitest';
import { Code, LayerVersion, type Stack } from '../../../lib/all.js';
import { layerCount } from '../../../lib/lint/rules/layer-count.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

const arn = (i: number) => `arn:aws:lambda:eu-west-1:123456789012:layer:lib${i}:1`;
const arns = (n: number) => Array.from({ length: n }, (_, i) => arn(i + 1));
/** A function with `n` layers (constructs allow 5). */
const withLayers = (n: number) => (stack: Stack) => void newFunction(stack, 'Fn', { layers: arns(n).map((a) => LayerVersion.fromLayerVersionArn(a)) });

ruleTester(layerCount, {
  valid: [
    { name: 'no layers', build: withLayers(0) },
    { name: 'exactly 5 layers', build: withLayers(5) },
  ],
  invalid: [
    {
      name: '6 layers (an imported template; constructs refuse it)',
      build: withLayers(5),
      edit: withProps('Test/Fn', { layers: arns(6) }),
      findings: [{ path: 'Test/Fn', message: /^Test\/Fn has 6 layers, more than the 5 Lambda allows per function, so the deploy fails: arn:aws:lambda:eu-west-1:123456789012:layer:lib1:1, .*layer:lib6:1$/ }],
    },
    {
      name: 'a layer of the app is named by its construct',
      build: (s) => {
        const own = new LayerVersion(s, 'Shared', { code: Code.fromBucket({ bucketName: 'artifacts' }, 'layer.zip') });
        newFunction(s, 'Fn', { layers: [own] });
      },
      edit: (stack) => ({ ...stack, nodes: stack.nodes.map((n) => (n.id === 'Test/Fn' && n.kind === 'function' ? { ...n, props: { ...n.props, layers: [...n.props.layers, ...arns(5)] } } : n)) }),
      findings: [{ path: 'Test/Fn', message: /has 6 layers, .*: Test\/Shared, arn:aws:lambda/ }],
    },
  ],
});

describe('layer-count', () => {
  it('is recommended (every finding is a deploy that fails) and says how to fix it', () => {
    expect(layerCount.meta.recommended).toBe(true);
    expect(findingsOf(layerCount, withLayers(5), undefined, withProps('Test/Fn', { layers: arns(7) }))[0]!.hint).toMatch(/^use at most 5 layers/);
  });
});
