// The SAM backend: Globals hoisting, AutoPublishAlias only where SAM routes like lambdaform,
// events SAM can express, and plain CloudFormation for the rest.
import { describe, expect, it } from 'vitest';
import {
  HttpApi,
  HttpLambdaIntegration,
  Duration,
  EventSourceMapping,
  Queue,
  Runtime,
  Size,
  SqsEventSource,
  Tracing,
  DeploymentPreference,
  type Stack,
} from '../../lib/all.js';
import { HttpMethod } from '../../lib/modules/aws-apigatewayv2.js';
import { toSam } from '../../lib/synth/sam/index.js';
import type { Template } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { validateSamTemplate } from '../helpers/sam-schema.js';

function sam(stack: Stack): Template {
  const t = toSam(stackModel(stack));
  expect(validateSamTemplate(t as never)).toEqual([]);
  return t;
}
const props = (t: Template, id: string) => t.Resources[id]!.Properties as Record<string, unknown>;

describe('Globals', () => {
  it('hoists what every function shares; a function that differs keeps its own value', () => {
    // GIVEN three functions on one runtime, two with a 10 s timeout and one with 30 s
    const stack = newStack();
    const env = { STAGE: 'prod', LOG_LEVEL: 'info' };
    newFunction(stack, 'A', { timeout: Duration.seconds(10), memorySize: Size.mebibytes(512), environment: env, tracing: Tracing.ACTIVE });
    newFunction(stack, 'B', { timeout: Duration.seconds(10), memorySize: Size.mebibytes(512), environment: { ...env, EXTRA: '1' }, tracing: Tracing.ACTIVE });
    newFunction(stack, 'C', { timeout: Duration.seconds(30), memorySize: Size.mebibytes(512), environment: { ...env, LOG_LEVEL: 'debug' } });
    // WHEN
    const t = sam(stack);
    // THEN shared values are in Globals
    expect(t.Globals?.Function).toEqual({
      Runtime: 'nodejs22.x',
      Timeout: 10,
      MemorySize: 512,
      Architectures: ['x86_64'],
      Environment: { Variables: { STAGE: 'prod', LOG_LEVEL: 'info' } },
    });
    // AND the function that differs keeps its own timeout and its own LOG_LEVEL
    expect(props(t, 'C').Timeout).toBe(30);
    expect(props(t, 'C').Environment).toEqual({ Variables: { LOG_LEVEL: 'debug' } });
    expect(props(t, 'A').Timeout).toBeUndefined();
    expect(props(t, 'A').Environment).toBeUndefined();
    expect(props(t, 'B').Environment).toEqual({ Variables: { EXTRA: '1' } });
    // AND tracing, not set on every function, stays on the functions (a global could not be unset)
    expect(props(t, 'A').Tracing).toBe('Active');
    expect(props(t, 'C').Tracing).toBeUndefined();
    for (const id of ['A', 'B', 'C']) expect(props(t, id).Runtime).toBeUndefined();
  });

  it('hoists nothing for a single function', () => {
    const stack = newStack();
    newFunction(stack, 'Only', { timeout: Duration.seconds(10) });
    const t = sam(stack);
    expect(t.Globals).toBeUndefined();
    expect(props(t, 'Only').Timeout).toBe(10);
  });

  it('does not hoist a scalar that no two functions share', () => {
    const stack = newStack();
    newFunction(stack, 'A', { timeout: Duration.seconds(5) });
    newFunction(stack, 'B', { timeout: Duration.seconds(6) });
    const t = sam(stack);
    expect(t.Globals?.Function?.Timeout).toBeUndefined();
    expect(props(t, 'A').Timeout).toBe(5);
    expect(props(t, 'B').Timeout).toBe(6);
  });
});

describe('events and aliases', () => {
  it('turns an SQS mapping into an SQS event whose name makes SAM generate the same logical id', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Worker');
    fn.addEventSource(new SqsEventSource(new Queue(stack, 'Jobs'), { batchSize: 5, reportBatchItemFailures: true }));
    const t = sam(stack);
    expect(props(t, 'Worker').Events).toEqual({
      SqsEventSourceJobs: { Type: 'SQS', Properties: { Queue: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, BatchSize: 5, Enabled: true, FunctionResponseTypes: ['ReportBatchItemFailures'] } },
    });
    expect(Object.values(t.Resources).some((r) => r.Type === 'AWS::Lambda::EventSourceMapping')).toBe(false);
  });

  it('keeps a mapping SAM would name differently as plain CloudFormation', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Worker');
    new EventSourceMapping(stack, 'Mapping', { target: fn, source: new Queue(stack, 'Jobs') });
    const t = sam(stack);
    expect(t.Resources.Mapping?.Type).toBe('AWS::Lambda::EventSourceMapping');
    expect(props(t, 'Worker').Events).toBeUndefined();
  });

  it('uses AutoPublishAlias and DeploymentPreference when every invocation goes through the alias', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const live = fn.deploy({ alias: 'live', preference: DeploymentPreference.linear10PercentEvery2Minutes(), alarms: ['errors'] });
    live.addEventSource(new SqsEventSource(new Queue(stack, 'Q')));
    const t = sam(stack);
    expect(props(t, 'Fn').AutoPublishAlias).toBe('live');
    expect(props(t, 'Fn').DeploymentPreference).toEqual({ Type: 'Linear10PercentEvery2Minutes', Alarms: [{ 'Fn::Sub': 'errors' }] });
    const types = Object.values(t.Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::Lambda::Alias');
    expect(types).not.toContain('AWS::Lambda::Version');
    expect(types).not.toContain('AWS::CodeDeploy::DeploymentGroup');
  });

  it('keeps alias and version as plain CloudFormation when something invokes the function directly', () => {
    // GIVEN an alias, and a route to the unqualified function (SAM would send it to the alias)
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.addAlias('live');
    new HttpApi(stack, 'Api').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('X', fn) });
    const t = sam(stack);
    expect(props(t, 'Fn').AutoPublishAlias).toBeUndefined();
    expect(t.Resources.FnAliaslive?.Type).toBe('AWS::Lambda::Alias');
    expect(Object.values(t.Resources).filter((r) => r.Type === 'AWS::Lambda::Version')).toHaveLength(1);
    expect(t.Resources.Api?.Type).toBe('AWS::Serverless::HttpApi');
    expect(props(t, 'Fn').Events).toEqual({
      ApiRouteGetX: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'Api' }, Method: 'GET', Path: '/x', PayloadFormatVersion: '2.0' } },
    });
  });

  it('points CodeUri at the asset directory given by the resolver', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { runtime: Runtime.NODEJS_22_X });
    const t = toSam(stackModel(stack), { codeUri: () => 'unused' });
    // inline code stays inline
    expect(props(t, 'Fn').InlineCode).toContain('exports.handler');
    expect(props(t, 'Fn').CodeUri).toBeUndefined();
  });
});

describe('Template.fromStack(stack, "sam")', () => {
  it('asserts on the SAM template', async () => {
    const { Template } = await import('../../lib/testing/index.js');
    const stack = newStack();
    newFunction(stack, 'Fn', { timeout: Duration.seconds(7) });
    const t = Template.fromStack(stack, 'sam');
    t.resourceCountIs('AWS::Serverless::Function', 1);
    t.hasResourceProperties('AWS::Serverless::Function', { Timeout: 7, Handler: 'index.handler' });
    expect(() => t.hasResourceProperties('AWS::Serverless::Function', { Timeout: 8 })).toThrow(/Timeout: expected 8, got 7/);
    expect(() => t.resourceCountIs('AWS::Lambda::Function', 1)).toThrow(/expected 1 resource\(s\) of type AWS::Lambda::Function, found 0/);
  });
});
