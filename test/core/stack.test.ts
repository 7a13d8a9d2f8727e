// What CloudFormation or AWS would refuse is refused at synthesis with a LambdaformError, never
// written out: tag characters, a token in a stack description, an invalid Date, a stack without
// resources, an environment that could outgrow 4 KB once its deploy-time values resolve.
import { describe, expect, it } from 'vitest';
import { App, AttributeType, Aws, CfnOutput, CfnResource, KinesisEventSource, LambdaformError, Queue, Stack, StartingPosition, Stream, StreamViewType, Table, Tags } from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';

describe('tags', () => {
  it.each([
    ['a key with a character AWS refuses', 'team#1', 'x', /^tag key must be 1-128 letters, digits, spaces and _ \. : \/ = \+ - @, got 'team#1'$/],
    ['a value with a character AWS refuses', 'team', 'a&b', /^tag value for 'team' must be letters, digits, spaces and _ \. : \/ = \+ - @, got 'a&b'$/],
    ['a key over 128 characters', 'k'.repeat(129), 'x', /^tag key must be 1-128 characters/],
    ['a value over 256 characters', 'team', 'v'.repeat(257), /^tag value for 'team' must be at most 256 characters, got 257$/],
    ['a key starting with aws:', 'aws:team', 'x', /^tag key must not start with 'aws:'/],
  ])('refuses %s', (_what, key, value, message) => {
    const stack = newStack();
    expectLambdaformError(() => Tags.of(stack).add(key, value), 'Test', message);
  });

  it('accepts letters of any script, digits, spaces and every allowed symbol', () => {
    const stack = newStack();
    Tags.of(stack).add('équipe name_.:/=+-@', 'Zahlungen 決済 1 _.:/=+-@');
    new Queue(stack, 'Q');
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { Tags: [{ Key: 'équipe name_.:/=+-@', Value: 'Zahlungen 決済 1 _.:/=+-@' }] });
  });

  it('checks the tags given to a Stack', () => {
    expectLambdaformError(() => new Stack(new App({ now: TODAY }), 'S', { tags: { 'bad!': 'x' } }), 'S', /^tag key must be 1-128 letters/);
  });
});

describe('stack', () => {
  it('refuses a token in the description', () => {
    const app = new App({ now: TODAY });
    expectLambdaformError(() => new Stack(app, 'S', { description: `runs in ${Aws.REGION}` }), 'S', /^description must be a literal string; a template description cannot hold deploy-time values/);
  });

  it('refuses a stack without resources at synthesis', () => {
    const app = new App({ now: TODAY });
    new Stack(app, 'Empty');
    expectLambdaformError(() => app.synth(), 'Empty', /^the stack has no resources, and CloudFormation refuses a template without any/);
  });

  it('refuses a construct id that cannot be a stack name unless a stackName is given', () => {
    expectLambdaformError(() => new Stack(new App({ now: TODAY }), 'my_stack'), 'my_stack', /^the construct id is the stack name, which must start with a letter/);
    expect(new Stack(new App({ now: TODAY }), 'my_stack', { stackName: 'my-stack' }).stackName).toBe('my-stack');
  });
});

describe('AT_TIMESTAMP', () => {
  it('refuses an invalid Date (it was written as .nan)', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const stream = new Stream(stack, 'S');
    const err = thrown(() => fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: new Date('yesterday') })));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe('startingPositionTimestamp expects a Unix time in seconds (as aws-cdk-lib takes it) or a valid Date, got the Date Invalid Date');
  });
});

describe('environment size with deploy-time values', () => {
  it('counts each reference at its longest resolved length and refuses what could outgrow 4 KB', () => {
    // GIVEN a function whose environment names 12 table stream ARNs (each up to ~370 bytes once resolved)
    const stack = newStack();
    const env: Record<string, string> = {};
    for (let i = 0; i < 12; i++) env[`TABLE_${i}`] = new Table(stack, `T${i}`, { partitionKey: { name: 'id', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE }).tableStreamArn;
    // WHEN the function is built: the literal part is small, so construction passes
    newFunction(stack, 'Fn', { environment: env });
    // THEN synthesis refuses it, saying why
    const err = thrown(() => App.of(stack).synth()) as LambdaformError;
    expect(err).toBeInstanceOf(LambdaformError);
    expect(err.path).toBe('Test/Fn');
    expect(err.detail).toMatch(/^environment must be at most 4096 bytes in total \(keys \+ values\), got \d+, counting its 12 deploy-time values \(ARNs, URLs, names known only at deploy\) at the longest AWS allows them to be/);
  });

  it('accepts a few references comfortably within 4 KB', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Q');
    newFunction(stack, 'Fn', { environment: { URL: q.queueUrl, ARN: q.queueArn, REGION_NOTE: `${Aws.REGION}` } });
    expect(() => App.of(stack).synth()).not.toThrow();
  });

  it('warns (does not refuse) when only values of raw resources, whose length is unknown, could outgrow it', () => {
    // GIVEN an SSM parameter's name and value (a raw resource: up to 2,048 bytes each, as far as lambdaform knows)
    const stack = newStack();
    const param = new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'v' } });
    newFunction(stack, 'Fn', { environment: { NAME: param.ref, VALUE: param.getAtt('Value'), PATH: `ssm:${param.ref}` } });
    // WHEN synthesized / THEN it passes, with a warning that says what could happen
    const [model] = App.of(stack).synth().stacks;
    expect(model!.warnings).toEqual([
      {
        code: 'environment-size-unknown',
        path: 'Test/Fn',
        severity: 'warning',
        message: expect.stringMatching(/^environment is 17 bytes plus 3 deploy-time values of raw resources whose length is not known before deploy \(up to 2048 bytes each\)/),
      },
    ]);
  });
});

describe("the stack's environment, as CDK's environment-agnostic stacks have it", () => {
  it('region, account, partition and urlSuffix are the pseudo parameters, in both formats', () => {
    const stack = newStack();
    new Queue(stack, 'Q');
    new CfnOutput(stack, 'Where', { value: `arn:${stack.partition}:sqs:${stack.region}:${stack.account}:x.${stack.urlSuffix}` });
    const where = { Value: { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:x.${AWS::URLSuffix}' } };
    expect(Template.fromStack(stack).toJSON().Outputs).toEqual({ Where: where });
    expect(Template.fromStack(stack, 'sam').toJSON().Outputs).toEqual({ Where: where });
    expect(Stack.of(new Queue(stack, 'Other'))).toBe(stack);
  });

  it("takes CDK's env prop (unset values, as process.env.CDK_DEFAULT_ACCOUNT gives outside the CDK CLI, included) and keeps it as environment; the template stays environment-agnostic", () => {
    const app = new App();
    const pinned = new Stack(app, 'Pinned', { env: { account: '123456789012', region: 'eu-west-1' } });
    const unset = new Stack(app, 'Unset', { env: { account: process.env.LAMBDAFORM_TEST_UNSET, region: process.env.LAMBDAFORM_TEST_UNSET } });
    expect([pinned.environment, unset.environment, newStack().environment]).toEqual(['aws://123456789012/eu-west-1', 'aws://unknown-account/unknown-region', 'aws://unknown-account/unknown-region']);
    // Empty values (an unset variable written as '') leave it agnostic too; the European Sovereign Cloud's region names are region names.
    expect(new Stack(new App(), 'Empty', { env: { account: '', region: '' } }).environment).toBe('aws://unknown-account/unknown-region');
    expect(new Stack(new App(), 'Sovereign', { env: { region: 'eusc-de-east-1' } }).environment).toBe('aws://unknown-account/eusc-de-east-1');
    new Queue(pinned, 'Q');
    new Queue(unset, 'Q');
    new CfnOutput(pinned, 'Where', { value: `${pinned.region}/${pinned.account}` });
    expect(Template.fromStack(pinned).toJSON().Outputs).toEqual({ Where: { Value: { 'Fn::Sub': '${AWS::Region}/${AWS::AccountId}' } } });
  });

  it.each([
    [{ account: '12345678901' }, "Bad: env.account must be an AWS account id of 12 digits, got '12345678901'"],
    [{ region: 'Europe' }, "Bad: env.region must be an AWS region name such as us-east-1, got 'Europe'"],
    [{ region: 'us-east-1a' }, "Bad: env.region must be an AWS region name such as us-east-1, got 'us-east-1a'"],
    [{ region: 'US-EAST-1' }, "Bad: env.region must be an AWS region name such as us-east-1, got 'US-EAST-1'"],
  ])('refuses env %j', (env, message) => {
    expect(() => new Stack(new App(), 'Bad', { env })).toThrow(message);
  });

  it('accepts terminationProtection and warns that the deploy must turn it on, as the template cannot', () => {
    const app = new App();
    const stack = new Stack(app, 'Kept', { terminationProtection: true });
    new Queue(stack, 'Q');
    expect(stack.terminationProtection).toBe(true);
    const [model] = app.synth().stacks;
    expect(model!.warnings).toEqual([
      {
        code: 'termination-protection',
        path: 'Kept',
        message: expect.stringMatching(/^terminationProtection is a setting of the deployed stack, not part of its template: .*--enable-termination-protection --stack-name Kept\)/),
      },
    ]);
    expect(new Stack(app, 'Plain').terminationProtection).toBe(false);
  });
});
