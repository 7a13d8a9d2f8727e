// Stream: the AWS::Kinesis::Stream properties (mode, shards, retention, encryption, name), the
// limits of its props, and how streamArn and streamName render. The SAM output keeps the stream
// as plain CloudFormation, so every rendering check runs on both formats.
import { describe, expect, it } from 'vitest';
import { CfnOutput, Duration, Stream, StreamEncryption, StreamMode, type Stack, type StreamProps } from '../../lib/all.js';
import * as kinesis from '../../lib/modules/aws-kinesis.js';
import { Template, type AssertFormat } from '../../lib/testing/index.js';
import { newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

const FORMATS: readonly AssertFormat[] = ['cfn', 'sam'];
const KMS = { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' };

/** The Properties of the one AWS::Kinesis::Stream in the stack's template. */
function streamProperties(stack: Stack, format: AssertFormat): Record<string, unknown> {
  const resources = Object.values(Template.fromStack(stack, format).template.Resources).filter((r) => r.Type === 'AWS::Kinesis::Stream');
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties!;
}

/** A stack with one stream `S` with these props. */
function streamStack(props?: StreamProps): Stack {
  const stack = newStack();
  new Stream(stack, 'S', props);
  return stack;
}

describe.each(FORMATS)('Stream properties (%s)', (format) => {
  it('renders a default stream: PROVISIONED, 1 shard, 24 hours, KMS with alias/aws/kinesis, no name', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Stream(stack, 'S');

    // THEN
    expect(streamProperties(stack, format)).toEqual({
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 1,
      RetentionPeriodHours: 24,
      StreamEncryption: KMS,
    });
  });

  it('renders the same defaults for an explicit empty props object', () => {
    // GIVEN
    const stack = streamStack({});

    // THEN
    expect(streamProperties(stack, format)).toEqual({ StreamModeDetails: { StreamMode: 'PROVISIONED' }, ShardCount: 1, RetentionPeriodHours: 24, StreamEncryption: KMS });
  });

  it('renders ON_DEMAND without ShardCount', () => {
    // GIVEN
    const stack = streamStack({ streamMode: StreamMode.ON_DEMAND });

    // THEN
    expect(streamProperties(stack, format)).toEqual({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 24, StreamEncryption: KMS });
  });

  it('renders the given shard count, retention and name of a PROVISIONED stream', () => {
    // GIVEN
    const stack = streamStack({ streamMode: StreamMode.PROVISIONED, shardCount: 4, retentionPeriod: Duration.hours(48), streamName: 'clicks.v2_raw-1' });

    // THEN
    expect(streamProperties(stack, format)).toEqual({
      Name: 'clicks.v2_raw-1',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 4,
      RetentionPeriodHours: 48,
      StreamEncryption: KMS,
    });
  });

  it('renders the retention period in hours, whatever unit it was given in', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Stream(stack, 'Days', { retentionPeriod: Duration.days(7) });
    new Stream(stack, 'Minutes', { retentionPeriod: Duration.minutes(30 * 60) });

    // THEN
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.Days!.Properties!.RetentionPeriodHours).toBe(168);
    expect(r.Minutes!.Properties!.RetentionPeriodHours).toBe(30);
  });

  it('renders no StreamEncryption with encrypted: false, and KMS with encrypted: true', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Stream(stack, 'Plain', { encrypted: false });
    new Stream(stack, 'Encrypted', { encrypted: true });

    // THEN
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.Plain!.Properties).not.toHaveProperty('StreamEncryption');
    expect(r.Plain!.Properties).toEqual({ StreamModeDetails: { StreamMode: 'PROVISIONED' }, ShardCount: 1, RetentionPeriodHours: 24 });
    expect(r.Encrypted!.Properties!.StreamEncryption).toEqual(KMS);
  });

  it("takes aws-cdk-lib's encryption: StreamEncryption (exported by aws-kinesis): MANAGED is the AWS managed key, UNENCRYPTED none, KMS refused", () => {
    const stack = newStack();
    expect(kinesis.StreamEncryption).toBe(StreamEncryption);
    new Stream(stack, 'Managed', { encryption: kinesis.StreamEncryption.MANAGED });
    new Stream(stack, 'None', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.Managed!.Properties!.StreamEncryption).toEqual(KMS);
    expect(r.None!.Properties).not.toHaveProperty('StreamEncryption');
    expectLambdaformError(() => new Stream(stack, 'Kms', { encryption: StreamEncryption.KMS }), 'Test/Kms', /^encryption: StreamEncryption\.KMS \(a KMS key of yours\) is not supported by lambdaform: use StreamEncryption\.MANAGED/);
    expectLambdaformError(() => new Stream(stack, 'Both', { encryption: StreamEncryption.UNENCRYPTED, encrypted: true }), 'Test/Both', /^encrypted: true contradicts encryption: StreamEncryption\.UNENCRYPTED/);
  });

  it('renders Name only when given', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Stream(stack, 'Named', { streamName: 'clicks' });
    new Stream(stack, 'Unnamed');

    // THEN
    const r = Template.fromStack(stack, format).template.Resources;
    expect(r.Named!.Properties!.Name).toBe('clicks');
    expect(r.Unnamed!.Properties).not.toHaveProperty('Name');
  });

  it('is the same plain AWS::Kinesis::Stream resource in both formats', () => {
    // GIVEN
    const stack = streamStack({ streamMode: StreamMode.ON_DEMAND, streamName: 'clicks', encrypted: false, retentionPeriod: Duration.hours(100) });

    // THEN
    expect(Template.fromStack(stack, format).template.Resources.S).toEqual(Template.fromStack(stack, 'cfn').template.Resources.S);
    expect(Template.fromStack(stack, format).template.Resources.S!.Type).toBe('AWS::Kinesis::Stream');
  });
});

describe('Stream limits', () => {
  it.each([[1], [100_000]])('accepts shardCount %d', (shardCount) => {
    // GIVEN
    const stack = streamStack({ shardCount });

    // THEN
    expect(streamProperties(stack, 'cfn').ShardCount).toBe(shardCount);
  });

  it.each([
    [0, /^shardCount must be between 1 and 100000, got 0/],
    [100_001, /^shardCount must be between 1 and 100000, got 100001/],
    [1.5, /^shardCount must be a whole number, got 1.5/],
  ])('refuses shardCount %d', (shardCount, message) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Stream(stack, 'S', { shardCount }), 'Test/S', message);
  });

  it('refuses shardCount with ON_DEMAND', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Stream(stack, 'S', { streamMode: StreamMode.ON_DEMAND, shardCount: 2 }), 'Test/S', /^shardCount is only valid with StreamMode\.PROVISIONED/);
  });

  it('accepts shardCount with an explicit PROVISIONED mode', () => {
    // GIVEN
    const stack = streamStack({ streamMode: StreamMode.PROVISIONED, shardCount: 2 });

    // THEN
    expect(streamProperties(stack, 'cfn').ShardCount).toBe(2);
  });

  it.each([[24], [8760]])('accepts a retention period of %d hours', (hours) => {
    // GIVEN
    const stack = streamStack({ retentionPeriod: Duration.hours(hours) });

    // THEN
    expect(streamProperties(stack, 'cfn').RetentionPeriodHours).toBe(hours);
  });

  it.each([[23], [8761]])('refuses a retention period of %d hours', (hours) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Stream(stack, 'S', { retentionPeriod: Duration.hours(hours) }), 'Test/S', new RegExp(`^retentionPeriod must be between 24 and 8760 hours, got ${hours}`));
  });

  it.each([['a'], ['a'.repeat(128)], ['My_Stream.v2-1']])('accepts streamName %j', (streamName) => {
    // GIVEN
    const stack = streamStack({ streamName });

    // THEN
    expect(streamProperties(stack, 'cfn').Name).toBe(streamName);
  });

  it.each([[''], ['a'.repeat(129)], ['has space'], ['a/b']])('refuses streamName %j', (streamName) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Stream(stack, 'S', { streamName }), 'Test/S', /^streamName must be 1-128 letters, digits, '_', '\.' or '-'/);
  });

  it('refuses a mode that is not a StreamMode', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Stream(stack, 'S', { streamMode: 'on-demand' as StreamMode }), 'Test/S', /^streamMode expects a StreamMode/);
  });
});

describe.each(FORMATS)('Stream attributes (%s)', (format) => {
  it('renders streamArn as Fn::GetAtt Arn and streamName as Ref', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');

    // WHEN
    new CfnOutput(stack, 'StreamArn', { value: stream.streamArn });
    new CfnOutput(stack, 'StreamName', { value: stream.streamName });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      StreamArn: { Value: { 'Fn::GetAtt': ['S', 'Arn'] } },
      StreamName: { Value: { Ref: 'S' } },
    });
  });

  it('renders the attributes of a stream with a fixed name as references too (no literal name)', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S', { streamName: 'clicks' });

    // WHEN
    new CfnOutput(stack, 'StreamArn', { value: stream.streamArn });
    new CfnOutput(stack, 'StreamName', { value: stream.streamName });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      StreamArn: { Value: { 'Fn::GetAtt': ['S', 'Arn'] } },
      StreamName: { Value: { Ref: 'S' } },
    });
  });

  it('renders an attribute inside a string as a ${S.Arn} / ${S} substitution', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');

    // WHEN
    new CfnOutput(stack, 'Consumers', { value: `${stream.streamArn}/consumer/*` });
    new CfnOutput(stack, 'Label', { value: `stream ${stream.streamName}` });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      Consumers: { Value: { 'Fn::Sub': '${S.Arn}/consumer/*' } },
      Label: { Value: { 'Fn::Sub': 'stream ${S}' } },
    });
  });
});
