// CFN_ATTRIBUTES (node kind -> attribute -> 'Ref' or 'GetAtt:<Name>') checked against the
// CloudFormation resource reference, entry by entry:
// - an attribute rendered as `Fn::GetAtt [X, Name]` must be an attribute of that resource type:
//   a `readOnlyProperties` entry `/properties/<Name>` of its registry schema (test/schemas/cfn,
//   with provenance in test/schemas/README.md), or one of the few documented GetAtt attributes
//   that are also writable properties (listed below with their sources);
// - an attribute rendered as `Ref` must be what `Ref` returns for that type, from the "Return
//   values" section of the type's page in the CloudFormation template reference (table below).
// Both backends render attributes through RenderContext.ref, so the end-to-end checks render a
// stack with every node kind and compare with the table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  HttpApi,
  HttpLambdaIntegration,
  AttributeType,
  Bucket,
  CfnOutput,
  CfnResource,
  Code,
  LambdaformError,
  LayerVersion,
  Queue,
  Role,
  Runtime,
  ServicePrincipal,
  Stream,
  StreamViewType,
  Table,
  Topic,
  type NodeKind,
  type Stack,
} from '../../lib/all.js';
import { Rule, Schedule } from '../../lib/modules/aws-events.js';
import { LambdaFunction } from '../../lib/modules/aws-events-targets.js';
import { HttpMethod } from '../../lib/modules/aws-apigatewayv2.js';
import { toCloudFormation } from '../../lib/synth/cfn/index.js';
import { CFN_ATTRIBUTES } from '../../lib/synth/attributes.js';
import { RenderContext } from '../../lib/synth/render-context.js';
import { stackModel, Template, type AssertFormat } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

type Kind = Exclude<NodeKind, 'raw'>;

const SCHEMAS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'cfn');

/** The CloudFormation resource type each node kind renders as. */
const RESOURCE_TYPES: Readonly<Record<Kind, string>> = {
  function: 'AWS::Lambda::Function',
  version: 'AWS::Lambda::Version',
  alias: 'AWS::Lambda::Alias',
  layer: 'AWS::Lambda::LayerVersion',
  queue: 'AWS::SQS::Queue',
  topic: 'AWS::SNS::Topic',
  bucket: 'AWS::S3::Bucket',
  table: 'AWS::DynamoDB::Table',
  stream: 'AWS::Kinesis::Stream',
  api: 'AWS::ApiGatewayV2::Api',
  schedule: 'AWS::Events::Rule',
  role: 'AWS::IAM::Role',
};

/**
 * What `Ref` returns for each type, from the "Return values > Ref" section of its page in the
 * CloudFormation template reference (checked against the awsdocs/aws-cloudformation-user-guide
 * sources of those pages), and the lambdaform attribute that means the same thing.
 */
const REF_RETURNS: Readonly<Record<Kind, { readonly returns: string; readonly attribute: string }>> = {
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#aws-resource-lambda-function-return-values
  // "Ref returns the resource name."
  function: { returns: 'the function name', attribute: 'Name' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html#aws-resource-lambda-version-return-values
  // "Ref returns the ARN of the version, such as arn:aws:lambda:us-east-2:123456789012:function:helloworld:1."
  version: { returns: 'the version ARN', attribute: 'Arn' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-alias.html#aws-resource-lambda-alias-return-values
  // "Ref returns the resource ARN."
  alias: { returns: 'the alias ARN', attribute: 'Arn' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-layerversion.html#aws-resource-lambda-layerversion-return-values
  // "Ref returns the ARN of the layer version, such as arn:aws:lambda:us-east-2:123456789012:layer:my-layer:1."
  layer: { returns: 'the layer version ARN', attribute: 'Arn' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values
  // "Ref returns the queue URL. For example: https://sqs.us-east-2.amazonaws.com/123456789012/ab1-MyQueue-A2BCDEF3GHI4"
  queue: { returns: 'the queue URL', attribute: 'Url' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#aws-resource-sns-topic-return-values
  // "Ref returns the topic ARN, for example: arn:aws:sns:us-east-1:123456789012:mystack-mytopic-NZJ5JSMVGFIE."
  topic: { returns: 'the topic ARN', attribute: 'Arn' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html#aws-resource-s3-bucket-return-values
  // "Ref returns the bucket name."
  bucket: { returns: 'the bucket name', attribute: 'Name' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values
  // "Ref returns the resource name ... Ref will return the DynamoDB table name."
  table: { returns: 'the table name', attribute: 'Name' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-stream.html#aws-resource-kinesis-stream-return-values
  // "AWS CloudFormation returns the stream name (physical ID)."
  stream: { returns: 'the stream name', attribute: 'Name' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html#aws-resource-apigatewayv2-api-return-values
  // "Ref returns the API ID, such as a1bcdef2gh."
  api: { returns: 'the API id', attribute: 'Id' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html#aws-resource-events-rule-return-values
  // "Ref returns event rule ID, such as mystack-ScheduledRule-ABCDEFGHIJK": the rule name (lambdaform rules are on the default event bus).
  schedule: { returns: 'the rule name', attribute: 'Name' },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html#aws-resource-iam-role-return-values
  // "Ref returns the resource name ... Ref will return the role name."
  role: { returns: 'the role name', attribute: 'Name' },
};

/**
 * Documented `Fn::GetAtt` attributes that are writable properties, so not in the schema's
 * `readOnlyProperties` (cfn-lint allows GetAtt of every property of these types: `_all_property_types`
 * in src/cfnlint/schema/_getatts.py).
 */
const GETATT_OF_WRITABLE_PROPERTY: Readonly<Record<string, readonly string[]>> = {
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values
  // Fn::GetAtt: Arn, QueueName ("Returns the queue name"), QueueUrl.
  'AWS::SQS::Queue': ['QueueName'],
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#aws-resource-sns-topic-return-values
  // Fn::GetAtt: TopicArn, TopicName ("Returns the name of an Amazon SNS topic").
  'AWS::SNS::Topic': ['TopicName'],
};

interface ResourceSchema {
  readonly typeName: string;
  readonly properties: Record<string, unknown>;
  readonly readOnlyProperties?: readonly string[];
}

const schemaCache = new Map<string, ResourceSchema>();

/** The registry schema of a resource type: `AWS::SQS::Queue` -> test/schemas/cfn/aws-sqs-queue.json. */
function schemaOf(type: string): ResourceSchema {
  let s = schemaCache.get(type);
  if (!s) {
    s = JSON.parse(fs.readFileSync(path.join(SCHEMAS, `${type.toLowerCase().replace(/::/g, '-')}.json`), 'utf8')) as ResourceSchema;
    schemaCache.set(type, s);
  }
  return s;
}

/** Why an entry of an attribute table contradicts the CloudFormation reference, or undefined. */
function attributeProblem(kind: Kind, attr: string, how: string): string | undefined {
  const type = RESOURCE_TYPES[kind];
  if (how === 'Ref') {
    const ref = REF_RETURNS[kind];
    return attr === ref.attribute ? undefined : `${kind}.${attr} is rendered as Ref, but Ref of ${type} returns ${ref.returns} (lambdaform attribute ${ref.attribute})`;
  }
  const m = /^GetAtt:([A-Za-z0-9.]+)$/.exec(how);
  if (!m) return `${kind}.${attr}: '${how}' is neither 'Ref' nor 'GetAtt:<Name>'`;
  const name = m[1]!;
  const schema = schemaOf(type);
  const readOnly = (schema.readOnlyProperties ?? []).includes(`/properties/${name.replace(/\./g, '/')}`);
  const documented = (GETATT_OF_WRITABLE_PROPERTY[type] ?? []).includes(name) && name in schema.properties;
  if (!readOnly && !documented) return `${kind}.${attr} is rendered as Fn::GetAtt ${name}, which is not an attribute of ${type} (readOnlyProperties: ${(schema.readOnlyProperties ?? []).join(', ')})`;
  // The CloudFormation attribute must mean what the lambdaform attribute says (an Arn is an ...Arn, a Name a ...Name).
  if (!name.endsWith(attr)) return `${kind}.${attr} is rendered as Fn::GetAtt ${name}, whose name does not end in ${attr}`;
  return undefined;
}

const ENTRIES = (Object.entries(CFN_ATTRIBUTES) as Array<[Kind, Record<string, string>]>).flatMap(([kind, attrs]) => Object.entries(attrs).map(([attr, how]) => [kind, attr, how] as const));

describe('the reference tables of this test', () => {
  it('have a resource type and a Ref fact for exactly the node kinds of CFN_ATTRIBUTES', () => {
    expect(Object.keys(RESOURCE_TYPES).sort()).toEqual(Object.keys(CFN_ATTRIBUTES).sort());
    expect(Object.keys(REF_RETURNS).sort()).toEqual(Object.keys(CFN_ATTRIBUTES).sort());
  });

  it.each(Object.entries(RESOURCE_TYPES))('%s: the schema file of %s is that type, with properties', (_, type) => {
    const schema = schemaOf(type);
    expect(schema.typeName).toBe(type);
    expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(GETATT_OF_WRITABLE_PROPERTY))('%s: the documented GetAtt of a writable property is a property, not read-only', (type, names) => {
    const schema = schemaOf(type);
    for (const name of names) {
      expect(schema.properties).toHaveProperty(name);
      expect(schema.readOnlyProperties ?? []).not.toContain(`/properties/${name}`);
    }
  });
});

describe('CFN_ATTRIBUTES against the CloudFormation reference', () => {
  it.each(ENTRIES)('%s.%s -> %s', (kind, attr, how) => {
    expect(attributeProblem(kind, attr, how)).toBeUndefined();
  });

  it.each(Object.entries(REF_RETURNS) as Array<[Kind, { returns: string; attribute: string }]>)(
    '%s: Ref (which returns %j) is the rendering of exactly one attribute, the one that means the same',
    (kind, ref) => {
      const viaRef = Object.entries(CFN_ATTRIBUTES[kind]).filter(([, how]) => how === 'Ref').map(([attr]) => attr);
      expect(viaRef).toEqual([ref.attribute]);
    },
  );

  it('has the attributes the constructs use, each rendered one way', () => {
    expect(CFN_ATTRIBUTES).toEqual({
      function: { Arn: 'GetAtt:Arn', Name: 'Ref' },
      version: { Arn: 'Ref', Version: 'GetAtt:Version' },
      alias: { Arn: 'Ref' },
      layer: { Arn: 'Ref' },
      queue: { Arn: 'GetAtt:Arn', Url: 'Ref', Name: 'GetAtt:QueueName' },
      topic: { Arn: 'Ref', Name: 'GetAtt:TopicName' },
      bucket: { Arn: 'GetAtt:Arn', Name: 'Ref', DomainName: 'GetAtt:DomainName' },
      table: { Arn: 'GetAtt:Arn', Name: 'Ref', StreamArn: 'GetAtt:StreamArn' },
      stream: { Arn: 'GetAtt:Arn', Name: 'Ref' },
      api: { Id: 'Ref', Endpoint: 'GetAtt:ApiEndpoint' },
      schedule: { Arn: 'GetAtt:Arn', Name: 'Ref' },
      role: { Arn: 'GetAtt:Arn', Name: 'Ref' },
    });
  });

  it.each([
    ['table', 'Arn', 'Ref', /Ref of AWS::DynamoDB::Table returns the table name/],
    ['queue', 'Arn', 'Ref', /Ref of AWS::SQS::Queue returns the queue URL/],
    ['queue', 'Url', 'GetAtt:Arn', /does not end in Url/],
    ['topic', 'Arn', 'GetAtt:Arn', /not an attribute of AWS::SNS::Topic/],
    ['topic', 'Name', 'Ref', /Ref of AWS::SNS::Topic returns the topic ARN/],
    ['function', 'Name', 'GetAtt:FunctionName', /not an attribute of AWS::Lambda::Function/],
    ['function', 'Arn', 'Ref', /Ref of AWS::Lambda::Function returns the function name/],
    ['version', 'Arn', 'GetAtt:Arn', /not an attribute of AWS::Lambda::Version/],
    ['alias', 'Arn', 'GetAtt:Arn', /not an attribute of AWS::Lambda::Alias/],
    ['layer', 'Arn', 'GetAtt:Arn', /not an attribute of AWS::Lambda::LayerVersion/],
    ['bucket', 'Name', 'GetAtt:BucketName', /not an attribute of AWS::S3::Bucket/],
    ['table', 'StreamArn', 'GetAtt:Arn', /does not end in StreamArn/],
    ['stream', 'Arn', 'Ref', /Ref of AWS::Kinesis::Stream returns the stream name/],
    ['api', 'Endpoint', 'Ref', /Ref of AWS::ApiGatewayV2::Api returns the API id/],
    ['api', 'Id', 'GetAtt:Id', /not an attribute of AWS::ApiGatewayV2::Api/],
    ['schedule', 'Arn', 'Ref', /Ref of AWS::Events::Rule returns the rule name/],
    ['role', 'Arn', 'Ref', /Ref of AWS::IAM::Role returns the role name/],
    ['role', 'Name', 'GetAtt:RoleName', /not an attribute of AWS::IAM::Role/],
  ] as const)('would catch %s.%s mapped to %s', (kind, attr, how, problem) => {
    expect(attributeProblem(kind, attr, how)).toMatch(problem);
  });
});

/** A stack with one node of every kind: F (function, role FServiceRole), its version and alias, L, Q, Tp, B, T, S, Http, Nightly. */
function everyKind(): Stack {
  const stack = newStack();
  const fn = newFunction(stack, 'F');
  fn.addVersion('V1');
  fn.addAlias('live');
  new LayerVersion(stack, 'L', { code: Code.fromBucket({ bucketName: 'artifacts' }, 'layer.zip'), compatibleRuntimes: [Runtime.NODEJS_22_X] });
  new Queue(stack, 'Q');
  new Topic(stack, 'Tp');
  new Bucket(stack, 'B');
  new Table(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE });
  new Stream(stack, 'S');
  new HttpApi(stack, 'Http').addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Items', fn) });
  new Rule(stack, 'Nightly', { schedule: Schedule.expression('rate(1 day)'), targets: [new LambdaFunction(fn)] });
  new Role(stack, 'R', { assumedBy: new ServicePrincipal('states.amazonaws.com') });
  return stack;
}

describe('attributes as the backends render them', () => {
  const stack = everyKind();
  const model = stackModel(stack);
  const ctx = new RenderContext(model);
  const cfn = toCloudFormation(model);

  it('the stack has every node kind of CFN_ATTRIBUTES', () => {
    expect(new Set(model.nodes.map((n) => n.kind))).toEqual(new Set(Object.keys(CFN_ATTRIBUTES)));
  });

  it.each(ENTRIES)('%s.%s renders as %s of a resource of the kind\'s type', (kind, attr, how) => {
    const node = model.nodes.find((n) => n.kind === kind)!;
    expect(cfn.Resources[node.logicalId]?.Type).toBe(RESOURCE_TYPES[kind]);
    expect(ctx.ref(node.id, attr)).toEqual(how === 'Ref' ? { Ref: node.logicalId } : { 'Fn::GetAtt': [node.logicalId, how.slice('GetAtt:'.length)] });
  });

  it('refuses an attribute a kind does not have, listing the ones it has', () => {
    const node = model.nodes.find((n) => n.kind === 'topic')!;
    const err = thrown(() => ctx.ref(node.id, 'Url'));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(/has no attribute 'Url' \(a topic has Arn, Name\)/);
  });

  it('a raw resource renders Ref as Ref and any other attribute as Fn::GetAtt', () => {
    const s = newStack();
    const param = new CfnResource(s, 'P', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x' } });
    new CfnOutput(s, 'ParamName', { value: param.ref });
    new CfnOutput(s, 'ParamValue', { value: param.getAtt('Value') });
    expect(Template.fromStack(s).template.Outputs).toEqual({ ParamName: { Value: { Ref: 'P' } }, ParamValue: { Value: { 'Fn::GetAtt': ['P', 'Value'] } } });
  });
});

describe.each(['cfn', 'sam'] as readonly AssertFormat[])('a bucket with a fixed name (%s)', (format) => {
  it('is referenced by its name: Name is the name and Arn is built from it, DomainName stays a GetAtt', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B', { bucketName: 'my-reports' });

    // WHEN
    new CfnOutput(stack, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(stack, 'BucketArn', { value: bucket.bucketArn });
    new CfnOutput(stack, 'Objects', { value: bucket.arnForObjects('daily/*') });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      BucketName: { Value: 'my-reports' },
      BucketArn: { Value: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-reports' } },
      Objects: { Value: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-reports/daily/*' } },
    });
    const node = stackModel(stack).nodes.find((n) => n.kind === 'bucket')!;
    expect(new RenderContext(stackModel(stack)).ref(node.id, 'DomainName')).toEqual({ 'Fn::GetAtt': ['B', 'DomainName'] });
  });

  it('a bucket without a name is referenced by Ref and Fn::GetAtt', () => {
    // GIVEN
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');

    // WHEN
    new CfnOutput(stack, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(stack, 'BucketArn', { value: bucket.bucketArn });

    // THEN
    expect(Template.fromStack(stack, format).template.Outputs).toEqual({
      BucketName: { Value: { Ref: 'B' } },
      BucketArn: { Value: { 'Fn::GetAtt': ['B', 'Arn'] } },
    });
  });
});
