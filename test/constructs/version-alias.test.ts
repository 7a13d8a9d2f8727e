// Versions and aliases: currentVersion's hashed logical id (what changes it and what does not),
// retention of versions, alias routing, provisioned concurrency and aliases as event targets.
import { describe, expect, it } from 'vitest';
import {
  Alias,
  App,
  Code,
  Duration,
  LayerVersion,
  Queue,
  Size,
  SqsEventSource,
  Stack,
  type FunctionProps,
} from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';

/** The logical id of the resource created by the construct at `path`. */
function logicalIdOf(template: Template, path: string): string {
  const ids = Object.entries(template.template.Resources)
    .filter(([, r]) => r.Metadata?.['lambdaform:path'] === path)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

/**
 * Builds a fresh app with one stack holding a layer (when `layerKey` is given, created first)
 * and `Fn` with these props, and returns the logical id of `Fn.currentVersion`.
 */
function currentVersionId(props: Partial<FunctionProps> = {}, layerKey?: string): string {
  const app = new App({ now: TODAY });
  const stack = new Stack(app, 'Test');
  const layers = layerKey !== undefined ? [new LayerVersion(stack, 'Deps', { code: Code.fromBucket({ bucketName: 'artifacts' }, layerKey) })] : [];
  const fn = newFunction(stack, 'Fn', { ...props, ...(layers.length ? { layers } : {}) });
  fn.currentVersion;
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Lambda::Version', 1);
  return logicalIdOf(template, 'Test/Fn/CurrentVersion');
}

describe('Function.currentVersion', () => {
  it('renders an AWS::Lambda::Version whose logical id is FnCurrentVersion followed by a hash', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    const version = fn.currentVersion;

    // THEN
    expect(fn.currentVersion).toBe(version);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Version', 1);
    const id = logicalIdOf(template, 'Test/Fn/CurrentVersion');
    expect(id).toMatch(/^FnCurrentVersion[0-9A-F]{10}$/);
    expect(version.logicalId).toBe(id);
    template.hasResourceProperties('AWS::Lambda::Version', { FunctionName: { Ref: 'Fn' } });
  });

  it('retains the version on deletion and replacement', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack).currentVersion;

    // THEN
    Template.fromStack(stack).hasResource('AWS::Lambda::Version', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('gives the same logical id for the same code and configuration in two apps', () => {
    // GIVEN / WHEN
    const a = currentVersionId({ memorySize: Size.mebibytes(256) });
    const b = currentVersionId({ memorySize: Size.mebibytes(256) });

    // THEN
    expect(a).toBe(b);
  });

  it('changes the logical id when the memory size changes', () => {
    // GIVEN
    const base = currentVersionId();

    // WHEN
    const changed = currentVersionId({ memorySize: Size.mebibytes(256) });

    // THEN
    expect(changed).toMatch(/^FnCurrentVersion[0-9A-F]{10}$/);
    expect(changed).not.toBe(base);
  });

  it('changes the logical id when the code changes', () => {
    // GIVEN
    const base = currentVersionId();

    // WHEN
    const changed = currentVersionId({ code: Code.fromInline('exports.handler = async () => ({ ok: false });') });

    // THEN
    expect(changed).not.toBe(base);
  });

  it('changes the logical id when the environment changes', () => {
    // GIVEN
    const base = currentVersionId({ environment: { STAGE: 'dev' } });

    // WHEN
    const changed = currentVersionId({ environment: { STAGE: 'prod' } });
    const added = currentVersionId({ environment: { STAGE: 'dev', DEBUG: 'true' } });

    // THEN
    expect(changed).not.toBe(base);
    expect(added).not.toBe(base);
    expect(added).not.toBe(changed);
  });

  it('changes the logical id when a layer of the stack changes its content', () => {
    // GIVEN
    const base = currentVersionId({}, 'layer-v1.zip');

    // WHEN
    const changed = currentVersionId({}, 'layer-v2.zip');

    // THEN
    expect(changed).not.toBe(base);
    expect(currentVersionId({}, 'layer-v1.zip')).toBe(base);
  });

  it('changes the logical id when a layer created after the function changes its content', () => {
    // GIVEN a function, then a layer added to it (the tree puts the layer after the function)
    const idWithLayerAfter = (key: string): string => {
      const stack = new Stack(new App({ now: TODAY }), 'Test');
      const fn = newFunction(stack, 'Fn');
      fn.addLayers(new LayerVersion(stack, 'Late', { code: Code.fromBucket({ bucketName: 'artifacts' }, key) }));
      fn.currentVersion;
      return logicalIdOf(Template.fromStack(stack), 'Test/Fn/CurrentVersion');
    };
    // THEN a new layer content publishes a new version
    expect(idWithLayerAfter('a.zip')).not.toBe(idWithLayerAfter('b.zip'));
    expect(idWithLayerAfter('a.zip')).toBe(idWithLayerAfter('a.zip'));
  });

  it('keeps the logical id when only reserved concurrency changes', () => {
    // GIVEN
    const base = currentVersionId({ reservedConcurrentExecutions: 5 });

    // WHEN
    const changed = currentVersionId({ reservedConcurrentExecutions: 50 });
    const unset = currentVersionId();

    // THEN
    expect(changed).toBe(base);
    expect(unset).toBe(base);
  });

  it('keeps the logical id when only the async retry attempts change', () => {
    // GIVEN
    const base = currentVersionId({ retryAttempts: 0 });

    // WHEN
    const changed = currentVersionId({ retryAttempts: 2 });
    const unset = currentVersionId();

    // THEN
    expect(changed).toBe(base);
    expect(unset).toBe(base);
  });
});

describe('Alias', () => {
  it('addAlias points a named alias at currentVersion', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    const alias = fn.addAlias('live');

    // THEN
    expect(alias.aliasName).toBe('live');
    expect(alias.lambda).toBe(fn);
    const template = Template.fromStack(stack);
    const versionId = logicalIdOf(template, 'Test/Fn/CurrentVersion');
    template.resourceCountIs('AWS::Lambda::Alias', 1);
    template.hasResource('AWS::Lambda::Alias', {
      Properties: Match.objectEquals({
        FunctionName: { Ref: 'Fn' },
        FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
        Name: 'live',
      }),
    });
    expect(logicalIdOf(template, 'Test/Fn/Aliaslive')).toBe('FnAliaslive');
  });

  it('renders weighted routing to an additional version', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const canary = fn.addVersion('Canary', { description: 'canary' });

    // WHEN
    fn.addAlias('live', { additionalVersions: [{ version: canary, weight: 0.1 }] });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Version', 2);
    const currentId = logicalIdOf(template, 'Test/Fn/CurrentVersion');
    const canaryId = logicalIdOf(template, 'Test/Fn/Canary');
    expect(canaryId).toMatch(/^FnCanary[0-9A-F]{10}$/);
    template.hasResourceProperties('AWS::Lambda::Version', { FunctionName: { Ref: 'Fn' }, Description: 'canary' });
    template.hasResourceProperties('AWS::Lambda::Alias', {
      FunctionVersion: { 'Fn::GetAtt': [currentId, 'Version'] },
      RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: { 'Fn::GetAtt': [canaryId, 'Version'] }, FunctionWeight: 0.1 }] },
    });
  });

  it("renders FunctionVersion '$LATEST' for an alias of latestVersion, without publishing a version", () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    new Alias(stack, 'Dev', { aliasName: 'dev', version: fn.latestVersion });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Version', 0);
    template.hasResourceProperties('AWS::Lambda::Alias', { FunctionName: { Ref: 'Fn' }, FunctionVersion: '$LATEST', Name: 'dev', RoutingConfig: Match.absent() });
  });

  it('renders provisioned concurrency on the alias', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addAlias('live', { provisionedConcurrentExecutions: 5 });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 } });
    template.hasResourceProperties('AWS::Lambda::Version', { ProvisionedConcurrencyConfig: Match.absent() });
  });

  it('renders provisioned concurrency on a version', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addVersion('V1', { provisionedConcurrentExecutions: 3 });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Version', { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 } });
  });

  it('puts the alias ARN in the FunctionName of an SQS mapping that targets it', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q', { visibilityTimeout: Duration.seconds(30) });
    const fn = newFunction(stack);
    const alias = fn.addAlias('live');

    // WHEN
    alias.addEventSource(new SqsEventSource(queue));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'FnAliaslive' },
      EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] },
    });
    // The polling permissions go to the function's role.
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Resource: { 'Fn::GetAtt': ['Q', 'Arn'] } },
            ],
          },
        },
      ],
    });
  });
});
