// EventBridge patterns in the shape CDK users write (camelCase) are rendered with EventBridge's
// own keys: `detailType: [...]` used to be emitted literally and never matched anything.
import { describe, expect, it } from 'vitest';
import { EventBridgeEventSource, Rule } from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

describe('eventPattern', () => {
  it('renders detailType as detail-type, with every other key as written, in both formats', () => {
    // GIVEN a rule with the camelCase pattern of aws-cdk-lib/aws-events
    const stack = newStack();
    newFunction(stack, 'Fn').addEventSource(
      new EventBridgeEventSource({ source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: ['uploads'] } }, account: ['123456789012'], region: ['eu-west-1'], resources: ['arn:aws:s3:::uploads'] }),
    );
    const expected = { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['uploads'] } }, account: ['123456789012'], region: ['eu-west-1'], resources: ['arn:aws:s3:::uploads'] };
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: expected });
    const fn = Object.values(Template.fromStack(stack, 'sam').template.Resources).find((r) => r.Type === 'AWS::Serverless::Function')!;
    expect(Object.values(fn.Properties!.Events as Record<string, { Properties: { Pattern: unknown } }>)[0]!.Properties.Pattern).toEqual(expected);
  });

  it("accepts EventBridge's own spelling too", () => {
    const stack = newStack();
    new Rule(stack, 'R', { eventPattern: { 'detail-type': ['Object Created'] } });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: { 'detail-type': ['Object Created'] } });
  });

  it.each([
    ['an unknown top-level key', { sources: ['aws.s3'] }, /^eventPattern has the unknown key 'sources'; an EventBridge pattern has source, detailType, detail, account, region, resources, id, time, version$/],
    ['both spellings of one key', { detailType: ['A'], 'detail-type': ['B'] }, /^eventPattern gives 'detail-type' twice/],
    ['a value that is not a list', { source: 'aws.s3' }, /^eventPattern\.source must be a list of values to match, such as \['aws\.s3'\], got the string 'aws\.s3'$/],
    ['a detail that is not an object', { detail: ['x'] }, /^eventPattern\.detail must be an object of patterns/],
    ['an empty pattern', {}, /^eventPattern must not be empty$/],
  ])('refuses %s', (_what, pattern, message) => {
    expectLambdaformError(() => new Rule(newStack(), 'R', { eventPattern: pattern as never }), 'Test/R', message);
  });
});
