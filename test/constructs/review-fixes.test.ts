// Inputs a plain JavaScript user can give that used to be silently accepted, silently dropped or
// answered with a TypeError: each is now refused with a LambdaformError naming where it is.
import { describe, expect, it } from 'vitest';
import {
  Bucket,
  Code,
  EventType,
  LambdaformError,
  LayerVersion,
  Queue,
  S3EventSource,
  ServicePrincipal,
  SnsEventSource,
  SqsEventSource,
  SymlinkFollowMode,
  checkStack,
  type CodeConfig,
  type ILayerVersion,
} from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { App } from '../../lib/all.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';

/** Code whose unzipped size is `bytes`, without writing that many bytes. */
class SizedCode extends Code {
  public readonly isInline = false;
  constructor(private readonly bytes: number) {
    super();
  }
  public _bind(): CodeConfig {
    return { code: { kind: 'bucket', bucket: 'b', key: 'k.zip' }, unzippedBytes: this.bytes };
  }
}

describe('code size without layers', () => {
  it('accepts 250 MB of function code and refuses one byte more, even without layers', () => {
    newFunction(newStack(), 'Fn', { code: new SizedCode(262_144_000) });
    expectLambdaformError(() => newFunction(newStack(), 'Fn', { code: new SizedCode(262_144_001) }), 'Test/Fn', /^code and layers must be at most 262144000 bytes/);
  });

  it('the model check refuses an asset over 250 MB too (for models not built from constructs)', () => {
    const stack = newStack();
    newFunction(stack, 'Fn');
    const model = App.of(stack).synth().stacks[0]!;
    const fn = model.nodes.find((n) => n.kind === 'function')!;
    const big = {
      ...model,
      assets: [{ id: 'a1', path: 'x', exclude: [], include: [], followSymlinks: 'internal-only' as const, unzippedBytes: 262_144_001 }],
      nodes: model.nodes.map((n) => (n === fn ? { ...fn, props: { ...fn.props, code: { kind: 'asset' as const, assetId: 'a1' } } } : n)),
    } as typeof model;
    expect(checkStack(big).map((p) => p.message)).toEqual([expect.stringMatching(/^code and layers must be at most 262144000 bytes unzipped .* got 262144001: the function code: 262144001 bytes$/)]);
  });
});

describe('layers', () => {
  it('refuses an ARN string given to addLayers (it was silently dropped)', () => {
    const fn = newFunction(newStack(), 'Fn');
    expectLambdaformError(
      () => fn.addLayers('arn:aws:lambda:us-east-1:123456789012:layer:x:1' as unknown as ILayerVersion),
      'Test/Fn',
      /^layers\[0\] expects a LayerVersion \(or LayerVersion\.fromLayerVersionArn\(arn\)\), got the string 'arn:aws:lambda/,
    );
  });

  it('keeps a layer given by ARN', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { layers: [LayerVersion.fromLayerVersionArn('arn:aws:lambda:us-east-1:123456789012:layer:x:1')] });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:x:1'] });
  });
});

describe('every problem of a function at once', () => {
  it('reports a reserved variable, a bad name and six layers together', () => {
    const layers = [1, 2, 3, 4, 5, 6].map((i) => LayerVersion.fromLayerVersionArn(`arn:aws:lambda:us-east-1:123456789012:layer:l${i}:1`));
    const err = thrown(() => newFunction(newStack(), 'Fn', { environment: { AWS_REGION: 'x', 'bad-key': 'y' }, layers })) as LambdaformError;
    expect(err).toBeInstanceOf(LambdaformError);
    expect(err.problems.map((p) => p.message)).toEqual([
      "environment variable 'AWS_REGION' is reserved by Lambda and cannot be set",
      "environment variable name must be at least 2 letters, digits and underscores, starting with a letter, got 'bad-key'",
      'layers must be at most 5 per function, got 6',
    ]);
  });
});

describe('event sources given the wrong thing', () => {
  it.each([
    ['SqsEventSource given an ARN', (s: ReturnType<typeof newStack>) => new SqsEventSource(new Queue(s, 'Q').queueArn as never), /^SqsEventSource expects a Queue \(new SqsEventSource\(queue\)\), got the string /],
    ['S3EventSource given undefined', () => new S3EventSource(undefined as never, { events: [EventType.OBJECT_CREATED] }), /^S3EventSource expects a Bucket .* got undefined$/],
    ['SnsEventSource given undefined', () => new SnsEventSource(undefined as never), /^SnsEventSource expects a Topic .* got undefined$/],
  ])('%s', (_what, make, message) => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    expectLambdaformError(() => fn.addEventSource(make(stack)), 'Test/Fn', message);
  });

  it('a ScheduleEventSource prop with a typo gets a did-you-mean', async () => {
    const { ScheduleEventSource, Duration } = await import('../../lib/all.js');
    const { Schedule } = await import('../../lib/modules/aws-events.js');
    const fn = newFunction(newStack(), 'Fn');
    expectLambdaformError(
      () => fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1)), { retryAtempts: 2 } as never)),
      'Test/Fn',
      /^unknown property 'retryAtempts'; did you mean 'retryAttempts'\?/,
    );
  });
});

describe('asset options', () => {
  it('refuses a followSymlinks mode that does not exist, naming this line', () => {
    const err = thrown(() => Code.fromAsset('.', { followSymlinks: 'within' as SymlinkFollowMode })) as LambdaformError;
    expect(err).toBeInstanceOf(LambdaformError);
    expect(err.path).toMatch(/^test\/constructs\/review-fixes\.test\.ts:\d+$/);
    expect(err.detail).toMatch(/^followSymlinks expects a SymlinkFollowMode \(SymlinkFollowMode\.NEVER, .*\), got the string 'within'$/);
  });

  it('refuses a misspelt option (files meant to be excluded would ship)', () => {
    const err = thrown(() => Code.fromAsset('.', { exlude: ['secrets'] } as never)) as LambdaformError;
    expect(err.detail).toMatch(/^unknown property 'exlude'; did you mean 'exclude'\?/);
  });
});

describe('identity errors name where they happen', () => {
  it('a malformed service principal names the user line', () => {
    const err = thrown(() => new ServicePrincipal('s3')) as LambdaformError;
    expect(err.path).toMatch(/^test\/constructs\/review-fixes\.test\.ts:\d+$/);
  });

  it('a grant to something that is not a grantee names the resource', () => {
    const stack = newStack();
    expectLambdaformError(() => new Bucket(stack, 'B').grantRead({} as never), 'Test/B', /^grantRead: the grantee must be a Function or a Role/);
  });
});
