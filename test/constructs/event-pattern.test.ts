// EventBridge patterns in the shape CDK users write (camelCase) are rendered with EventBridge's
// own keys: `detailType: [...]` used to be emitted literally and never matched anything.
// `addEventPattern` merges as CDK's does.
import { describe, expect, it } from 'vitest';
import { Duration, EventBridgeEventSource, Rule } from '../../lib/all.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { LambdaFunction } from '../../lib/modules/aws-events-targets.js';
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

  it('accepts id, time and version', () => {
    const stack = newStack();
    new Rule(stack, 'R', { eventPattern: { id: ['1'], time: ['2026-01-01T00:00:00Z'], version: ['0'] } });
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties).toEqual({ EventPattern: { id: ['1'], time: ['2026-01-01T00:00:00Z'], version: ['0'] } });
  });

  it.each([
    ['an unknown top-level key', { sources: ['aws.s3'] }, /^eventPattern has the unknown key 'sources'; an EventBridge pattern has source, detailType, detail, account, region, resources, id, time, version$/],
    ['both spellings of one key', { detailType: ['A'], 'detail-type': ['B'] }, /^eventPattern gives 'detail-type' twice/],
    ['a value that is not a list', { source: 'aws.s3' }, /^eventPattern\.source must be a list of values to match, such as \['aws\.s3'\], got the string 'aws\.s3'$/],
    ['a detail that is not an object', { detail: ['x'] }, /^eventPattern\.detail must be an object of patterns/],
    ['an empty pattern', {}, /^eventPattern must not be empty$/],
    ['an empty list', { source: [] }, /^eventPattern\.source must not be an empty list \(EventBridge refuses one\); leave source out to match any value$/],
  ])('refuses %s', (_what, pattern, message) => {
    expectLambdaformError(() => new Rule(newStack(), 'R', { eventPattern: pattern as never }), 'Test/R', message);
  });

  it('accepts a list of one value (the edge of the empty list)', () => {
    const stack = newStack();
    new Rule(stack, 'R', { eventPattern: { source: ['a'] } });
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties).toEqual({ EventPattern: { source: ['a'] } });
  });
});

describe('addEventPattern', () => {
  it("merges as CDK does (lists joined without duplicates, detail key by key), in both formats", () => {
    // GIVEN a rule made without a pattern, given it in two parts
    const stack = newStack();
    const rule = new Rule(stack, 'R', { targets: [new LambdaFunction(newFunction(stack, 'Fn'))] });
    rule.addEventPattern({ source: ['a'], detail: { status: ['FAILED'] } });
    rule.addEventPattern({ source: ['b', 'a'], detailType: ['T'], detail: { reason: ['x'], status: ['TIMED_OUT'] } });
    rule.addEventPattern(undefined);

    // THEN
    const expected = {
      EventPattern: { source: ['a', 'b'], detail: { status: ['FAILED', 'TIMED_OUT'], reason: ['x'] }, 'detail-type': ['T'] },
      Targets: [{ Id: 'RLambdaTarget', Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }],
    };
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties).toEqual(expected);
    expect(Template.fromStack(stack, 'sam').findResources('AWS::Events::Rule').R!.Properties).toEqual(expected);
  });

  it('refuses a field of another type than the one in the pattern', () => {
    const rule = new Rule(newStack(), 'R', { eventPattern: { detail: { status: ['FAILED'] } } });
    expectLambdaformError(
      () => rule.addEventPattern({ detail: { status: { prefix: 'F' } } as never }),
      'Test/R',
      /^eventPattern\.detail\.status is \["FAILED"\] in the rule's pattern and \{"prefix":"F"\} in the added one; a field merges only with one of its own type \(a list with a list, an object with an object\)$/,
    );
  });

  it('refuses a pattern on a schedule rule', () => {
    const rule = new Rule(newStack(), 'R', { schedule: Schedule.rate(Duration.hours(1)) });
    expectLambdaformError(() => rule.addEventPattern({ source: ['a'] }), 'Test/R', /^give exactly one of schedule or eventPattern: this rule has a schedule$/);
  });

  it('checks the added pattern as eventPattern', () => {
    const rule = new Rule(newStack(), 'R', { eventPattern: { source: ['a'] } });
    expectLambdaformError(() => rule.addEventPattern({ sources: ['b'] } as never), 'Test/R', /^eventPattern has the unknown key 'sources'/);
  });
});
