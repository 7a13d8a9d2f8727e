// A dependency cycle between resources fails synthesis with the construct paths, instead of a
// template CloudFormation (and cfn-lint, E3004) refuses.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Template } from '../../lib/synth/template.js';
import { LambdaformError } from '../../lib/all.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { dependenciesOf, findCycle } from '../../lib/synth/cycles.js';
import { RenderContext } from '../../lib/synth/render-context.js';
import { ResourceSet } from '../../lib/synth/resource-set.js';
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

it('a cycle made by an escape-hatch override is refused too', () => {
  // GIVEN B names A; A's properties are overridden to name B
  const stack = newStack();
  const a = newFunction(stack, 'A');
  const b = newFunction(stack, 'B', { environment: { PEER: a.functionName } });
  a.addPropertyOverride('Environment.Variables.PEER', b.functionName);
  // WHEN / THEN
  const err = thrown(() => toCloudFormation(stackModel(stack)));
  expect((err as LambdaformError).detail).toMatch(/^resources depend on each other in a cycle/);
  expect((err as LambdaformError).detail).toContain('Test/B (B)');
});

it('the renderer gathers, as it writes each resource, the references the template holds', () => {
  // GIVEN resources with every kind of reference: nested, in arrays, Sub strings and lists, UpdatePolicy, DependsOn
  const stack = newStack();
  newFunction(stack, 'Fn');
  const ctx = new RenderContext(stackModel(stack));
  const set = new ResourceSet(ctx);
  set.add('A', 'Test/A', { Type: 'T', Properties: { X: { Ref: 'B' }, L: [{ 'Fn::GetAtt': ['C', 'Arn'] }, 'plain', { Ref: 'AWS::Region' }] } });
  set.add('B', 'Test/B', { Type: 'T', Properties: { S: { 'Fn::Sub': '${C}-${D.Arn}-${AWS::AccountId}' }, T: { 'Fn::Sub': ['${X}-${E}', { X: { Ref: 'A' } }] } }, DependsOn: 'F' });
  set.add('C', 'Test/C', { Type: 'T', UpdatePolicy: { P: { Ref: 'D' } }, DependsOn: ['E', 'F'] });
  set.add('D', 'Test/D', { Type: 'T', Properties: { Deep: { a: { b: [[{ Ref: 'E' }]] } }, Skipped: undefined } });
  set.add('E', 'Test/E', { Type: 'T' }, [{ path: 'Over.Ride', value: { Ref: 'F' } } as never]);
  set.add('F', 'Test/F', { Type: 'T' });
  // WHEN / THEN what add gathered is what a walk of the written template finds (${AWS::AccountId} names no resource)
  const written = dependenciesOf({ Resources: set.toRecord() });
  const gathered = set.dependencies();
  const sorted = (m: ReadonlyMap<string, readonly string[]>) => Object.fromEntries([...m].map(([k, v]) => [k, [...new Set(v)].sort()]));
  expect(sorted(gathered)).toEqual(sorted(written));
  expect(sorted(gathered)).toEqual({
    A: ['AWS::Region', 'B', 'C'],
    B: ['A', 'C', 'D', 'E', 'F', 'X'],
    C: ['D', 'E', 'F'],
    D: ['E'],
    E: ['F'],
    F: [],
  });
});

it('finds a cycle exactly when there is one (random dependency graphs, against a plain search)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.tuple(fc.nat(11), fc.nat(13))), (n, pairs) => {
      // GIVEN n resources R0..R(n-1); a pair (i, j) makes Ri reference Rj (j >= n: a parameter, not a resource)
      const resources: Template['Resources'] = {};
      for (let i = 0; i < n; i++) resources[`R${i}`] = { Type: 'T', Properties: { Refs: [] as unknown[] } };
      for (const [i, j] of pairs) if (i < n) (resources[`R${i}`]!.Properties!.Refs as unknown[]).push({ Ref: `R${j}` });
      // WHEN
      const cycle = findCycle({ Resources: resources });
      // THEN it agrees with a search that follows every path from every resource
      const refs = (i: number) => (resources[`R${i}`]!.Properties!.Refs as Array<{ Ref: string }>).map((r) => Number(r.Ref.slice(1))).filter((j) => j < n);
      const reaches = (from: number, to: number, seen = new Set<number>()): boolean =>
        refs(from).some((j) => j === to || (!seen.has(j) && (seen.add(j), reaches(j, to, seen))));
      const hasCycle = Array.from({ length: n }, (_, i) => i).some((i) => reaches(i, i));
      expect(cycle !== undefined).toBe(hasCycle);
      if (cycle) {
        // a real cycle: each resource references the next, and it ends where it starts
        expect(cycle[0]).toBe(cycle.at(-1));
        for (let k = 0; k + 1 < cycle.length; k++) expect(refs(Number(cycle[k]!.slice(1)))).toContain(Number(cycle[k + 1]!.slice(1)));
      }
    }),
  );
});
