// Fn (aws-cdk-lib's): folded where the value is known before deploy, else the template expression in both formats.
import { describe, expect, it } from 'vitest';
import { CfnCondition, CfnOutput, CfnParameter, Fn, Queue } from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

const env = (stack: ReturnType<typeof newStack>, format: 'cfn' | 'sam') =>
  (Template.fromStack(stack, format).toJSON() as unknown as { Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }> }).Resources.Fn!.Properties.Environment.Variables;

describe('Fn', () => {
  it('folds joins, selects and splits of literal values', () => {
    expect(Fn.join('-', ['a', 'b'])).toBe('a-b');
    expect(Fn.select(1, ['a', 'b'])).toBe('b');
    expect(Fn.split(',', 'a,b')).toEqual(['a', 'b']);
    expect(() => Fn.select(2, ['a', 'b'])).toThrow("Fn.select's index 2 is past the end of a list of 2");
  });

  it('writes intrinsics over parameters in both formats', () => {
    const stack = newStack();
    const list = new CfnParameter(stack, 'Names', { type: 'CommaDelimitedList', default: 'a,b' });
    const stage = new CfnParameter(stack, 'Stage', { default: 'dev' });
    const q = new Queue(stack, 'Q');
    newFunction(stack, 'Fn', {
      environment: {
        FIRST: Fn.select(0, list.valueAsList),
        JOINED: Fn.join(',', list.valueAsList),
        IMPORTED: Fn.importValue('shared'),
        SUB: Fn.sub('${Stage}-${AWS::Region}-${Q}', { Q: q.queueName }),
        B64: Fn.base64(stage.valueAsString),
      },
    });
    const cond = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(stage.valueAsString, 'prod') });
    new CfnOutput(stack, 'Size', { value: Fn.conditionIf(cond.logicalId, 'big', 'small').toString() });
    for (const format of ['cfn', 'sam'] as const) {
      expect(env(stack, format)).toEqual({
        B64: { 'Fn::Base64': { Ref: 'Stage' } },
        FIRST: { 'Fn::Select': [0, { Ref: 'Names' }] },
        IMPORTED: { 'Fn::ImportValue': 'shared' },
        JOINED: { 'Fn::Join': [',', { Ref: 'Names' }] },
        SUB: { 'Fn::Sub': '${Stage}-${AWS::Region}-${Q.QueueName}' },
      });
      const t = Template.fromStack(stack, format).toJSON() as unknown as { Conditions: unknown; Outputs: Record<string, { Value: unknown }> };
      expect(t.Conditions).toEqual({ IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } });
      expect(t.Outputs.Size!.Value).toEqual({ 'Fn::If': ['IsProd', 'big', 'small'] });
    }
  });

  it('refuses a resource reference inside a function the template evaluates', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Q');
    newFunction(stack, 'Fn', { environment: { XX: Fn.base64(q.queueArn) } });
    expectLambdaformError(() => Template.fromStack(stack), 'Test/Fn', /^Fn::Base64 cannot take a reference to a resource \(Test\/Q's Arn\)/);
  });

  it('refuses what lambdaform cannot write', () => {
    expect(() => Fn.findInMap('M', 'a', 'b')).toThrow('Fn.findInMap is not supported by lambdaform: lambdaform has no CfnMapping');
  });
});
