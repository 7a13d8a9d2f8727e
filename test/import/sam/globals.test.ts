// Globals as the SAM translator merges them (docs: "Overridable properties" of the Globals section):
// primitives are replaced, maps merged key by key, lists additive with the global entries first;
// an intrinsic counts as a primitive, a type mismatch keeps the resource's value; IgnoreGlobals.
import { describe, expect, it } from 'vitest';
import { mergeGlobal, withGlobals } from '../../../lib/import/sam/globals.js';
import { lines, load, node } from './helpers.js';

describe('mergeGlobal (the translator\'s GlobalProperties._do_merge)', () => {
  it('primitive data types are replaced by the resource\'s', () => {
    expect(mergeGlobal('nodejs22.x', 'python3.13')).toBe('python3.13');
    expect(mergeGlobal(3, 30)).toBe(30);
    expect(mergeGlobal(true, false)).toBe(false);
  });

  it('maps are merged, recursively; the resource\'s entry wins a duplicate key', () => {
    expect(mergeGlobal({ Variables: { STAGE: 'Production', TABLE_NAME: 'global-table' } }, { Variables: { TABLE_NAME: 'resource-table', NEW_VAR: 'hello' } })).toEqual({
      Variables: { STAGE: 'Production', TABLE_NAME: 'resource-table', NEW_VAR: 'hello' },
    });
  });

  it('lists are additive: the Globals entries are prepended, duplicates kept', () => {
    expect(mergeGlobal({ SecurityGroupIds: ['sg-123', 'sg-456'] }, { SecurityGroupIds: ['sg-first'] })).toEqual({ SecurityGroupIds: ['sg-123', 'sg-456', 'sg-first'] });
    expect(mergeGlobal(['Policy1', 'Policy2'], ['Policy1', 'Policy3'])).toEqual(['Policy1', 'Policy2', 'Policy1', 'Policy3']);
  });

  it('an intrinsic function is a primitive: it is replaced, and replaces, never merged', () => {
    expect(mergeGlobal({ Ref: 'GlobalRole' }, { 'Fn::GetAtt': ['Local', 'Arn'] })).toEqual({ 'Fn::GetAtt': ['Local', 'Arn'] });
    expect(mergeGlobal({ Variables: { A: '1' } }, { 'Fn::If': ['C', { Variables: { B: '2' } }, { Ref: 'AWS::NoValue' }] })).toEqual({ 'Fn::If': ['C', { Variables: { B: '2' } }, { Ref: 'AWS::NoValue' }] });
    expect(mergeGlobal(['a'], { Ref: 'List' })).toEqual({ Ref: 'List' });
  });

  it('values of different types: the resource\'s wins', () => {
    expect(mergeGlobal('s3://bucket/key', { Bucket: 'foo', Key: 'bar' })).toEqual({ Bucket: 'foo', Key: 'bar' });
    expect(mergeGlobal(['a'], 'b')).toBe('b');
  });
});

describe('withGlobals', () => {
  const template = { Globals: { Function: { Runtime: 'nodejs22.x', Timeout: 10, Layers: ['arn:g'] } } };
  it('a property the resource does not set comes from Globals', () => {
    expect(withGlobals(template, { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler', Timeout: 30 } })).toEqual({ Runtime: 'nodejs22.x', Timeout: 30, Layers: ['arn:g'], Handler: 'index.handler' });
  });
  it("IgnoreGlobals: '*' leaves every global out, a list the named ones", () => {
    expect(withGlobals(template, { Type: 'AWS::Serverless::Function', IgnoreGlobals: '*', Properties: { Handler: 'h' } })).toEqual({ Handler: 'h' });
    expect(withGlobals(template, { Type: 'AWS::Serverless::Function', IgnoreGlobals: ['Layers'], Properties: { Handler: 'h' } })).toEqual({ Runtime: 'nodejs22.x', Timeout: 10, Handler: 'h' });
  });
  it('each resource type reads its own section; other types none', () => {
    const t = { Globals: { Function: { Runtime: 'x' }, SimpleTable: { SSESpecification: { SSEEnabled: true } } } };
    expect(withGlobals(t, { Type: 'AWS::Serverless::SimpleTable', Properties: {} })).toEqual({ SSESpecification: { SSEEnabled: true } });
    expect(withGlobals(t, { Type: 'AWS::SQS::Queue', Properties: { A: 1 } })).toEqual({ A: 1 });
  });
});

describe('Globals through the import', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs22.x',
    '    Timeout: 10',
    '    MemorySize: 512',
    '    Tracing: Active',
    '    Layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:3]',
    '    Environment:',
    '      Variables: { STAGE: prod, TABLE: global }',
    '    Tags: { team: core, cost: shared }',
    '    VpcConfig:',
    '      SecurityGroupIds: [sg-global]',
    '      SubnetIds: [subnet-a, subnet-b]',
    '  HttpApi:',
    '    CorsConfiguration: { AllowOrigins: ["https://example.com"] }',
    '    DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 20 }',
    '  SimpleTable:',
    '    SSESpecification: { SSEEnabled: true }',
    'Resources:',
    '  Plain:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      InlineCode: exports.handler = async () => 1;',
    '  Custom:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      InlineCode: exports.handler = async () => 1;',
    '      Runtime: python3.13',
    '      Timeout: 60',
    '      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:own:1]',
    '      Environment: { Variables: { TABLE: mine, EXTRA: "1" } }',
    '      Tags: { cost: custom }',
    '      VpcConfig: { SecurityGroupIds: [sg-own] }',
    '      Events:',
    '        Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }',
    '  Ignoring:',
    '    Type: AWS::Serverless::Function',
    '    IgnoreGlobals: [Layers, Tracing, VpcConfig]',
    '    Properties:',
    '      Handler: index.handler',
    '      InlineCode: exports.handler = async () => 1;',
    '  Table:',
    '    Type: AWS::Serverless::SimpleTable',
  );
  const { stack } = load(text);

  it('a function without its own values takes every global', () => {
    const p = node(stack, 'Plain', 'function').props;
    expect(p).toMatchObject({ runtime: 'nodejs22.x', timeoutSeconds: 10, memorySizeMb: 512, tracing: 'Active', environment: { STAGE: 'prod', TABLE: 'global' } });
    expect(p.layers).toEqual(['arn:aws:lambda:us-east-1:123456789012:layer:shared:3']);
    expect(p.vpc).toEqual({ subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-global'] });
    expect(node(stack, 'Plain', 'function').tags).toEqual({ cost: 'shared', team: 'core' });
  });

  it("a function's own values: scalars replace, maps merge (its entries win), lists get the global entries first", () => {
    const n = node(stack, 'Custom', 'function');
    expect(n.props).toMatchObject({ runtime: 'python3.13', timeoutSeconds: 60, memorySizeMb: 512, environment: { STAGE: 'prod', TABLE: 'mine', EXTRA: '1' } });
    expect(n.props.layers).toEqual(['arn:aws:lambda:us-east-1:123456789012:layer:shared:3', 'arn:aws:lambda:us-east-1:123456789012:layer:own:1']);
    expect(n.props.vpc).toEqual({ subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-global', 'sg-own'] });
    expect(n.tags).toEqual({ cost: 'custom', team: 'core' });
  });

  it('IgnoreGlobals leaves the named globals out', () => {
    const p = node(stack, 'Ignoring', 'function').props;
    expect(p).toMatchObject({ runtime: 'nodejs22.x', timeoutSeconds: 10, layers: [] });
    expect(p.tracing).toBeUndefined();
    expect(p.vpc).toBeUndefined();
  });

  it('Globals.HttpApi applies to the implicit ServerlessHttpApi, Globals.SimpleTable to simple tables', () => {
    expect(node(stack, 'ServerlessHttpApi', 'api').props).toEqual({
      stageName: '$default',
      cors: { allowOrigins: ['https://example.com'], allowMethods: [], allowHeaders: [], exposeHeaders: [] },
      throttling: { rateLimit: 50, burstLimit: 20 },
    });
    expect(node(stack, 'Table', 'table').overrides).toEqual([{ path: 'SSESpecification', value: { SSEEnabled: true } }]);
  });
});
