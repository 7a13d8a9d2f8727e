// An aws-cdk-lib prop lambdaform does not support, passed anyway (plain JavaScript, or a cast), is
// refused naming it and the closest supported way; a misspelt prop still gets its did-you-mean.
import { describe, expect, it } from 'vitest';
import { AttributeType, Code, Function, Runtime, Table, type FunctionProps, type TableProps } from '../../lib/all.js';
import { newStack } from '../helpers/app.js';
import { errorMessage } from '../helpers/errors.js';

const base = { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') };


describe("aws-cdk-lib props lambdaform does not support", () => {
  it('a Function with snapStart is refused with the override that writes it', () => {
    expect(errorMessage(() => new Function(newStack(), 'Fn', { ...base, snapStart: {} } as unknown as FunctionProps))).toBe(
      "Test/Fn: snapStart (aws-cdk-lib's FunctionProps.snapStart) is not supported by lambdaform: write it with addPropertyOverride('SnapStart.ApplyOn', 'PublishedVersions')",
    );
  });

  it('initialPolicy and events name the method to call', () => {
    expect(errorMessage(() => new Function(newStack(), 'Fn', { ...base, initialPolicy: [] } as unknown as FunctionProps))).toContain("initialPolicy (aws-cdk-lib's FunctionProps.initialPolicy) is not supported by lambdaform: call fn.addToRolePolicy(statement) for each statement");
    expect(errorMessage(() => new Function(newStack(), 'Fn', { ...base, events: [] } as unknown as FunctionProps))).toContain('call fn.addEventSource(source) for each event source');
  });

  it('a Table with global replicas is refused the same way', () => {
    expect(errorMessage(() => new Table(newStack(), 'T', { partitionKey: { name: 'id', type: AttributeType.STRING }, replicationRegions: ['eu-west-1'] } as unknown as TableProps))).toContain("replicationRegions (aws-cdk-lib's TableProps.replicationRegions) is not supported by lambdaform: global tables are not modelled");
  });

  it('a misspelt prop is still an unknown property with its did-you-mean', () => {
    expect(errorMessage(() => new Function(newStack(), 'Fn', { ...base, timout: 3 } as unknown as FunctionProps))).toMatch(/^Test\/Fn: unknown property 'timout'; did you mean 'timeout'\?/);
  });
});
