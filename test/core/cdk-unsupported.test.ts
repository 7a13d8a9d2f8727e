// An aws-cdk-lib prop lambdaform does not support, passed anyway (plain JavaScript, or a cast), is
// refused naming it and the closest supported way; a misspelt prop still gets its did-you-mean.
import { describe, expect, it } from 'vitest';
import { Alias, App, AttributeType, Stack, type StackProps, Code, Function, Queue, Runtime, Table, Version, type AliasProps, type FunctionProps, type TableProps, type VersionProps } from '../../lib/all.js';
import { SqsDestination } from '../../lib/modules/aws-lambda-destinations.js';
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

  it("an alias's or version's asynchronous invocation settings are refused with the Function's props to use", () => {
    // aws/aws-cdk framework-integ aws-lambda-destinations/test/integ.destinations.ts: new lambda.Alias(this, 'MySpecialAlias', { ..., onSuccess, onFailure, maxEventAge, retryAttempts })
    const stack = newStack();
    const fn = new Function(stack, 'Fn', base);
    const q = new Queue(stack, 'Q');
    const message = errorMessage(() => new Alias(stack, 'A', { aliasName: 'live', version: fn.currentVersion, onSuccess: new SqsDestination(q), retryAttempts: 0 } as unknown as AliasProps));
    expect(message).toContain("onSuccess (aws-cdk-lib's AliasProps.onSuccess) is not supported by lambdaform: asynchronous invocation settings per alias or version are not modelled: give onSuccess, onFailure, retryAttempts and maxEventAge in the Function's props");
    expect(message).toContain("retryAttempts (aws-cdk-lib's AliasProps.retryAttempts) is not supported by lambdaform");
    expect(errorMessage(() => fn.addAlias('beta', { maxEventAge: 60 } as never))).toContain("maxEventAge (aws-cdk-lib's AliasProps.maxEventAge) is not supported by lambdaform");
    expect(errorMessage(() => new Version(stack, 'V', { lambda: fn, removalPolicy: 'retain' } as unknown as VersionProps))).toContain("removalPolicy (aws-cdk-lib's VersionProps.removalPolicy) is not supported by lambdaform: lambdaform retains every published version");
  });

  it("a Stack takes analyticsReporting with no effect and refuses the synthesizer and deploy settings by name", () => {
    expect(() => new Stack(new App(), 'S', { analyticsReporting: false })).not.toThrow();
    expect(errorMessage(() => new Stack(new App(), 'S', { synthesizer: {} } as unknown as StackProps))).toMatch(/^S: synthesizer \(aws-cdk-lib's StackProps\.synthesizer\) is not supported by lambdaform: lambdaform writes its own templates/);
    expect(errorMessage(() => new Stack(new App(), 'S', { notificationArns: [] } as unknown as StackProps))).toContain('give it to the deploy (aws cloudformation deploy --notification-arns)');
  });

  it('a misspelt prop is still an unknown property with its did-you-mean', () => {
    expect(errorMessage(() => new Function(newStack(), 'Fn', { ...base, timout: 3 } as unknown as FunctionProps))).toMatch(/^Test\/Fn: unknown property 'timout'; did you mean 'timeout'\?/);
  });
});
