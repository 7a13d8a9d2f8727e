// CfnParameter (aws-cdk-lib's): a Parameters section in both templates, `Ref`s where its value
// is used (inside strings as Fn::Sub), unknown until deploy for lint, its default in the plan.
import { describe, expect, it } from 'vitest';
import { App, CfnParameter, Duration, LambdaformError } from '../../lib/all.js';
import { isKnownValue } from '../../lib/model/values.js';
import { toPlan } from '../../lib/local/plan/build.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError as expectError } from '../helpers/errors.js';

/** The exact detail. */
const expectLambdaformError = (f: () => unknown, path: string, detail: string | RegExp): void => expectError(f, path, typeof detail === 'string' ? new RegExp(`^${detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : detail);

describe('CfnParameter', () => {
  it('writes the Parameters section and Refs in both formats', () => {
    const stack = newStack();
    const stage = new CfnParameter(stack, 'Stage', { default: 'dev', allowedValues: ['dev', 'prod'], description: 'the stage' });
    const subnets = new CfnParameter(stack, 'Subnets', { type: 'CommaDelimitedList', default: ['a', 'b'] });
    newFunction(stack, 'Fn', { environment: { STAGE: stage.valueAsString, PREFIX: `app-${stage.valueAsString}`, SUBNETS: subnets.valueAsList.length === 1 ? 'x' : 'y' } });
    const expected = {
      Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'], Description: 'the stage' },
      Subnets: { Type: 'CommaDelimitedList', Default: 'a,b' },
    };
    for (const format of ['cfn', 'sam'] as const) {
      const t = Template.fromStack(stack, format).toJSON() as unknown as { Parameters: unknown; Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }> };
      expect(t.Parameters).toEqual(expected);
      expect(t.Resources.Fn!.Properties.Environment.Variables.STAGE).toEqual({ Ref: 'Stage' });
      expect(t.Resources.Fn!.Properties.Environment.Variables.PREFIX).toEqual({ 'Fn::Sub': 'app-${Stage}' });
    }
  });

  it('defaults to the String type and has a number and a list form', () => {
    const stack = newStack();
    expect(new CfnParameter(stack, 'A').type).toBe('String');
    const n = new CfnParameter(stack, 'N', { type: 'Number', default: 5, minValue: 1, maxValue: 10 });
    expect(typeof n.valueAsNumber).toBe('number');
    expectLambdaformError(() => new CfnParameter(stack, 'S').valueAsNumber, 'Test/S', "Parameter type (String) is not a number type; give the parameter type 'Number'");
    expectLambdaformError(() => new CfnParameter(stack, 'S2').valueAsList, 'Test/S2', "Parameter type (String) is not a string list type; give the parameter a list type such as 'CommaDelimitedList'");
    expectLambdaformError(() => new CfnParameter(stack, 'L', { type: 'List<Number>' }).valueAsString, 'Test/L', 'Parameter type (List<Number>) is not a string or number type; use valueAsList');
  });

  it('checks its settings', () => {
    const stack = newStack();
    expectLambdaformError(() => new CfnParameter(stack, 'T', { type: 'Strin' }), 'Test/T', /^type must be 'String', 'Number', 'List<Number>', 'CommaDelimitedList' or an AWS-specific type/);
    expectLambdaformError(() => new CfnParameter(stack, 'D', { default: 'qa', allowedValues: ['dev', 'prod'] }), 'Test/D', 'default "qa" is not one of the allowedValues ("dev", "prod")');
    expectLambdaformError(() => new CfnParameter(stack, 'M', { type: 'Number', default: 11, maxValue: 10 }), 'Test/M', 'default 11 is more than maxValue (10)');
    new CfnParameter(stack, 'M10', { type: 'Number', default: 10, maxValue: 10 });
    expectLambdaformError(() => new CfnParameter(stack, 'P', { default: 'ab1', allowedPattern: '[a-z]+' }), 'Test/P', 'default "ab1" does not match allowedPattern [a-z]+');
    expectLambdaformError(() => new CfnParameter(stack, 'X', { type: 'Number', maxLength: 3 }), 'Test/X', "minLength, maxLength and allowedPattern apply to String types, not to type 'Number'; use minValue and maxValue");
    new CfnParameter(stack, 'Vpc', { type: 'AWS::EC2::VPC::Id' });
    new CfnParameter(stack, 'Ssm', { type: 'AWS::SSM::Parameter::Value<String>', default: '/app/x' });
  });

  it('refuses a deploy-time number where lambdaform needs the number (memorySize, Duration)', () => {
    const stack = newStack();
    const mem = new CfnParameter(stack, 'Mem', { type: 'Number', default: 256 });
    expectLambdaformError(() => newFunction(newStack('Other'), 'Fn', { memorySize: mem.valueAsNumber }), 'Other/Fn', "memorySize cannot be a deploy-time number (a token such as a CfnParameter's valueAsNumber): lambdaform checks it against AWS's limits and runs it locally before deploy; give a literal number, or set the template property itself with addPropertyOverride");
    expect(() => Duration.seconds(mem.valueAsNumber)).toThrow(LambdaformError);
    // The escape hatch: the template property itself.
    const fn = newFunction(stack, 'Fn');
    fn.addPropertyOverride('MemorySize', mem.valueAsNumber);
    const t = Template.fromStack(stack).toJSON() as unknown as { Resources: { Fn: { Properties: { MemorySize: unknown } } } };
    expect(t.Resources.Fn.Properties.MemorySize).toEqual({ Ref: 'Mem' });
  });

  it('is unknown until deploy in the model, and runs locally with its default', () => {
    const stack = newStack();
    const stage = new CfnParameter(stack, 'Stage', { default: 'dev' });
    const none = new CfnParameter(stack, 'NoDefault');
    newFunction(stack, 'Fn', { environment: { STAGE: stage.valueAsString, OTHER: none.valueAsString } });
    const model = App.of(stack).synth();
    const s = model.stacks[0]!;
    const fn = s.nodes.find((n) => n.id === 'Test/Fn')!;
    expect((fn.props as { environment: Record<string, unknown> }).environment.STAGE).toEqual({ $expr: { Ref: 'Stage' } });
    expect(isKnownValue((fn.props as { environment: Record<string, unknown> }).environment.STAGE)).toBe(false);
    expect(s.parameters).toEqual({ Stage: { type: 'String', default: 'dev', origin: expect.objectContaining({ path: 'Test/Stage' }) }, NoDefault: { type: 'String', origin: expect.objectContaining({ path: 'Test/NoDefault' }) } });
    const plan = toPlan(model, { appDir: process.cwd() });
    const env = plan.functions.find((f) => f.id === 'Test/Fn')!.environment;
    expect(env.STAGE).toBe('dev');
    expect(env.OTHER).toBe('');
  });

  it('refuses a logical id a resource already has', () => {
    const stack = newStack();
    new CfnParameter(stack, 'Param').overrideLogicalId('Fn');
    newFunction(stack, 'Fn');
    expectLambdaformError(() => Template.fromStack(stack), 'Test/Param', "logical id 'Fn' is already used by the resource Test/Fn; parameters, conditions and resources share one namespace in a template: give one of them another id");
  });
});

describe('parameters per template', () => {
  it("200 parameters are written, 201 are refused as CloudFormation refuses them (the cfn format's AssetsBucket counts too)", () => {
    const stack = newStack();
    newFunction(stack, 'Fn');
    for (let i = 0; i < 200; i++) new CfnParameter(stack, `P${i}`, { default: 'x' });
    expect(Object.keys(Template.fromStack(stack, 'sam').toJSON().Parameters as object)).toHaveLength(200);
    new CfnParameter(stack, 'P200', { default: 'x' });
    expectError(() => Template.fromStack(stack, 'sam'), 'Test', /^the template would have 201 parameters, and CloudFormation refuses more than 200 in one template$/);
  });
});
