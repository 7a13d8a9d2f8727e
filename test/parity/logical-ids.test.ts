// CDK-compatible logical ids (opt-in): `new App({ logicalIds: 'cdk' })` or the context value
// `lambdaform:logicalIds`. The ids are checked against aws-cdk-lib's own output in parity.test.ts;
// here: the algorithm at its edges, the switch, and that the default stays lambdaform's.
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { App, AttributeType, CfnOutput, CfnResource, Code, Duration, Function, HttpApi, LambdaformError, Queue, Rule, Runtime, Stack, StartingPosition, Stream, StreamViewType, Table, Topic } from '../../lib/all.js';
import { HttpMethod } from '../../lib/modules/aws-apigatewayv2.js';
import { HttpLambdaIntegration } from '../../lib/modules/aws-apigatewayv2-integrations.js';
import { Alarm } from '../../lib/modules/aws-cloudwatch.js';
import { DynamoEventSource, KinesisEventSource, SnsEventSource, SqsEventSource } from '../../lib/modules/aws-lambda-event-sources.js';
import { LambdaSubscription, SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { Template } from '../../lib/testing/index.js';
import { CONTEXT_ENV } from '../../lib/core/app.js';
import { cdkChildId, cdkLogicalId, cdkNodeUniqueId, cdkStylePath, LOGICAL_IDS_CONTEXT } from '../../lib/core/logical-id.js';
import { LambdaFunction } from '../../lib/modules/aws-events-targets.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { thrown } from '../helpers/errors.js';

describe('cdkLogicalId (CDK makeUniqueId)', () => {
  it('is the human part and the first 8 hex digits of the MD5 of the path (values aws-cdk-lib 2.276.0 gives)', () => {
    expect(cdkLogicalId(['Jobs', 'Resource'], 'S/Jobs')).toBe('JobsDF1CC2D4');
    expect(cdkLogicalId(['Worker', 'ServiceRole', 'Resource'], 'S/Worker')).toBe('WorkerServiceRole8543584E');
    expect(cdkLogicalId(['ItemsApi', 'GET--items', 'Resource'], 'S/ItemsApi')).toBe('ItemsApiGETitems9DF0F922');
    expect(cdkLogicalId(['Hourly', 'AllowEventRuleScheduledCleanupDB6A0878'], 'S/Hourly')).toBe('HourlyAllowEventRuleScheduledCleanupDB6A0878B1B442AC');
  });

  it('drops Default components from the path and the hash, and Resource from the human part only', () => {
    expect(cdkLogicalId(['Jobs', 'Default', 'Resource'], 'S/Jobs')).toBe('JobsDF1CC2D4');
    expect(cdkLogicalId(['Resource', 'Jobs'], 'S/Jobs')).toMatch(/^Jobs[0-9A-F]{8}$/);
  });

  it('gives a single component its letters and digits, without a hash', () => {
    expect(cdkLogicalId(['My-Queue_1'], 'S/My-Queue_1')).toBe('MyQueue1');
    expect(cdkLogicalId(['Default', 'Jobs'], 'S/Jobs')).toBe('Jobs');
  });

  it('leaves out a component the one before it ends with', () => {
    // CDK's removeDupes: 'FooBar' then 'Bar' keeps 'FooBar' only in the human part.
    expect(cdkLogicalId(['FooBar', 'Bar', 'Resource'], 'S/FooBar')).toMatch(/^FooBar[0-9A-F]{8}$/);
  });

  it('cuts the human part at 240 characters, the hash kept (248 in all)', () => {
    expect(cdkLogicalId(['A'.repeat(239), 'Resource'], 'S/A')).toHaveLength(239 + 8);
    expect(cdkLogicalId(['A'.repeat(240), 'Resource'], 'S/A')).toHaveLength(248);
    expect(cdkLogicalId(['A'.repeat(241), 'Resource'], 'S/A')).toHaveLength(248);
    expect(cdkLogicalId(['A'.repeat(241), 'Resource'], 'S/A').slice(0, 240)).toBe('A'.repeat(240));
  });

  it('a single component over 255 characters gets the hash', () => {
    expect(cdkLogicalId(['A'.repeat(255)], 'S/A')).toBe('A'.repeat(255));
    expect(cdkLogicalId(['A'.repeat(256)], 'S/A')).toHaveLength(248);
  });

  it('refuses an empty path', () => {
    expect(() => cdkLogicalId(['Default'], 'S/Default')).toThrow('S/Default: cannot derive a CDK logical id from an empty path');
  });

  it("nodeUniqueId is the makeUniqueId of the whole path, the stack's id first", () => {
    expect(cdkNodeUniqueId('Scheduled/Cleanup')).toBe('ScheduledCleanupDB6A0878');
  });

  it('a node has CDK-style ids when its logical id is the one CDK gives its path', () => {
    expect(cdkStylePath('S', { id: 'S/Jobs', logicalId: cdkLogicalId(['Jobs', 'Resource'], '') })).toEqual(['Jobs']);
    expect(cdkStylePath('S', { id: 'S/Jobs', logicalId: 'Jobs' })).toBeUndefined();
    expect(cdkStylePath('S', { id: 'Other/Jobs', logicalId: 'JobsDF1CC2D4' })).toBeUndefined();
    expect(cdkChildId('S', { id: 'S/Orders', logicalId: cdkLogicalId(['Orders', 'Resource'], '') }, ['Policy', 'Resource'])).toBe('OrdersPolicy95F4027F');
    expect(cdkChildId('S', { id: 'S/Orders', logicalId: 'Orders' }, ['Policy', 'Resource'])).toBeUndefined();
  });
});

function sample(app: App): Stack {
  const stack = new Stack(app, 'S');
  const queue = new Queue(stack, 'Jobs');
  const fn = new Function(stack, 'Worker', { runtime: Runtime.NODEJS_20_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {}'), timeout: Duration.seconds(10) });
  queue.grantSendMessages(fn);
  new Rule(stack, 'Hourly', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(fn)] });
  new HttpApi(stack, 'Api');
  return stack;
}

describe("App logicalIds: 'cdk'", () => {
  it("gives the constructs' resources CDK's ids, and the derived ones CDK's where lambdaform derives them", () => {
    const t = Template.fromStack(sample(new App({ logicalIds: 'cdk' }))).toJSON();
    expect(Object.keys(t.Resources).sort()).toEqual(
      [
        'ApiF70053CD',
        'ApiDefaultStage189A7074',
        'HourlyF36A3822',
        'HourlyAllowEventRuleSWorkerE69E7BB79DF5A1D5',
        'JobsDF1CC2D4',
        'Worker11F36D0F',
        'WorkerServiceRole8543584E',
      ].sort(),
    );
    expect((t.Resources.HourlyF36A3822!.Properties as { Targets: Array<{ Id: string }> }).Targets.map((x) => x.Id)).toEqual(['Target0']);
  });

  it('gives the SAM template the same ids (the rule stays a plain AWS::Events::Rule: its id does not start with the function\'s)', () => {
    const t = Template.fromStack(sample(new App({ logicalIds: 'cdk' })), 'sam').toJSON();
    expect(Object.fromEntries(Object.entries(t.Resources).map(([id, r]) => [id, r.Type]))).toEqual({
      JobsDF1CC2D4: 'AWS::SQS::Queue',
      Worker11F36D0F: 'AWS::Serverless::Function',
      WorkerServiceRole8543584E: 'AWS::IAM::Role',
      HourlyF36A3822: 'AWS::Events::Rule',
      HourlyAllowEventRuleSWorkerE69E7BB79DF5A1D5: 'AWS::Lambda::Permission',
      ApiF70053CD: 'AWS::ApiGatewayV2::Api',
      ApiDefaultStage189A7074: 'AWS::ApiGatewayV2::Stage',
    });
  });

  it('keeps lambdaform readable ids by default', () => {
    const t = Template.fromStack(sample(new App())).toJSON();
    expect(Object.keys(t.Resources).sort()).toEqual(['Api', 'ApiDefaultStage', 'Hourly', 'HourlyPermission', 'Jobs', 'Worker', 'WorkerServiceRole'].sort());
    expect(Object.keys(Template.fromStack(sample(new App({ logicalIds: 'lambdaform' }))).toJSON().Resources).sort()).toEqual(Object.keys(t.Resources).sort());
  });

  it('overrideLogicalId still wins', () => {
    const app = new App({ logicalIds: 'cdk' });
    const stack = new Stack(app, 'S');
    new Queue(stack, 'Jobs').overrideLogicalId('KeptJobs');
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources)).toEqual(['KeptJobs']);
  });

  it('is read from the context value lambdaform:logicalIds (cdk.json or lambdaform.json "context")', () => {
    const stack = sample(new App({ context: { [LOGICAL_IDS_CONTEXT]: 'cdk' } }));
    expect(Template.fromStack(stack).toJSON().Resources.JobsDF1CC2D4).toBeDefined();
    const saved = process.env[CONTEXT_ENV];
    process.env[CONTEXT_ENV] = JSON.stringify({ [LOGICAL_IDS_CONTEXT]: 'cdk' });
    try {
      expect(Template.fromStack(sample(new App())).toJSON().Resources.JobsDF1CC2D4).toBeDefined();
    } finally {
      if (saved === undefined) delete process.env[CONTEXT_ENV];
      else process.env[CONTEXT_ENV] = saved;
    }
  });

  it('refuses another style, in the props and in the context', () => {
    const e = thrown(() => new App({ logicalIds: 'aws' as 'cdk' }));
    expect(e).toBeInstanceOf(LambdaformError);
    expect((e as Error).message).toBe("App: logicalIds expects one of 'lambdaform', 'cdk', got the string 'aws'");
    expect(() => new App({ context: { [LOGICAL_IDS_CONTEXT]: 'CDK' } })).toThrow(`App: the context value 'lambdaform:logicalIds' must be 'lambdaform' (readable ids) or 'cdk' (aws-cdk-lib's ids), got "CDK"`);
  });
});

/**
 * One app of what lambdaform names after CDK's own construct ids (event source mappings, SNS
 * subscriptions and their permissions, HTTP API routes, integrations and permissions, L1s,
 * outputs), below a construct so that every id is hashed. The ids are those aws-cdk-lib 2.276.0
 * synthesized from the same app (written with aws-cdk-lib; AWS::IAM::Policy and
 * AWS::CDK::Metadata left out).
 */
function derived(app: App): Stack {
  const stack = new Stack(app, 'S');
  const fnProps = { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('x') };
  const fn = new Function(stack, 'Fn', fnProps);
  const fn2 = new Function(stack, 'Fn2', fnProps);
  const group = new Construct(stack, 'Group');
  const topic = new Topic(group, 'Events');
  const q = new Queue(group, 'Q');
  topic.addSubscription(new SqsSubscription(q));
  topic.addSubscription(new LambdaSubscription(fn));
  fn2.addEventSource(new SnsEventSource(topic));
  fn2.addEventSource(new SqsEventSource(q));
  const table = new Table(group, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE });
  fn2.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST }));
  const stream = new Stream(group, 'K');
  fn2.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST }));
  const api = new HttpApi(group, 'Api', { defaultIntegration: new HttpLambdaIntegration('Def', fn) });
  api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.ANY, HttpMethod.DELETE], integration: new HttpLambdaIntegration('ById', fn) });
  api.addRoutes({ path: '/a/{proxy+}', integration: new HttpLambdaIntegration('Proxy', fn2) });
  api.addRoutes({ path: '/', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Root', fn2) });
  new CfnResource(group, 'Raw', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x' } });
  new CfnResource(stack, 'Raw2', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x' } });
  new CfnOutput(group, 'Url', { value: 'x' });
  new CfnOutput(stack, 'Top-Out', { value: 'y' });
  new Alarm(group, 'Alarm', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 1 });
  return stack;
}

describe("logicalIds: 'cdk' for what lambdaform names after CDK's construct ids (values aws-cdk-lib 2.276.0 gives the same app)", () => {
  const cdkIds = (): Record<string, { Type: string; Properties?: Record<string, unknown> }> => Template.fromStack(derived(new App({ logicalIds: 'cdk' }))).toJSON().Resources;

  it('event source mappings: <fn>/<SqsEventSource|DynamoDBEventSource|KinesisEventSource>:<source unique id>/Resource', () => {
    const r = cdkIds();
    expect(r.Fn2SqsEventSourceSGroupQDBACF4766AA8E3D3?.Type).toBe('AWS::Lambda::EventSourceMapping');
    expect(r.Fn2DynamoDBEventSourceSGroupTF9A0FAC5AEB0E93D?.Type).toBe('AWS::Lambda::EventSourceMapping');
    expect(r.Fn2KinesisEventSourceSGroupK6BB217E655A9173C?.Type).toBe('AWS::Lambda::EventSourceMapping');
  });

  it("SNS subscriptions: a queue's <queue>/<topic unique id>/Resource; a function's <fn>/<topic id>/Resource with the permission <fn>/AllowInvoke:<topic unique id> (LambdaSubscription and SnsEventSource alike)", () => {
    const r = cdkIds();
    expect(r.GroupQSGroupEvents64A7EC5A86045DA0?.Properties).toMatchObject({ Protocol: 'sqs' });
    expect(r.FnEvents0F122A42?.Properties).toMatchObject({ Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['Fn9270CBC0', 'Arn'] } });
    expect(r.FnAllowInvokeSGroupEvents64A7EC5A4CF39310?.Properties).toEqual({ Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn9270CBC0', 'Arn'] }, Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'GroupEvents6E4DB7F0' } });
    expect(r.Fn2Events45BFF2A4?.Properties).toMatchObject({ Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['Fn2C26C4B36', 'Arn'] } });
    expect(r.Fn2AllowInvokeSGroupEvents64A7EC5A1DD86AF3?.Type).toBe('AWS::Lambda::Permission');
  });

  it('HTTP API routes <api>/<METHOD>--<path>/Resource, integrations <route>/<integration id>/Resource, permissions <route>/<integration id>-Permission (the default route, ANY, {param}, {proxy+}, /)', () => {
    const r = cdkIds();
    const types = Object.fromEntries(Object.entries(r).filter(([id]) => id.startsWith('GroupApi')).map(([id, x]) => [id, x.Type]));
    expect(types).toEqual({
      GroupApiA480FCFD: 'AWS::ApiGatewayV2::Api',
      GroupApiDefaultStageB5C97747: 'AWS::ApiGatewayV2::Stage',
      GroupApiDefaultRoute80C543E3: 'AWS::ApiGatewayV2::Route',
      GroupApiDefaultRouteDefDF23D007: 'AWS::ApiGatewayV2::Integration',
      GroupApiDefaultRouteDefPermission8296DCFF: 'AWS::Lambda::Permission',
      GroupApiANYitemsid399A7D44: 'AWS::ApiGatewayV2::Route',
      GroupApiANYitemsidById99BC6635: 'AWS::ApiGatewayV2::Integration',
      GroupApiANYitemsidByIdPermission064C8E39: 'AWS::Lambda::Permission',
      GroupApiDELETEitemsidA14741F9: 'AWS::ApiGatewayV2::Route',
      // The integration an instance gives several routes is written once, under the first route, as CDK writes it.
      GroupApiDELETEitemsidByIdPermissionE06F39D0: 'AWS::Lambda::Permission',
      GroupApiANYaproxyD9AEC8A8: 'AWS::ApiGatewayV2::Route',
      GroupApiANYaproxyProxy6F454F35: 'AWS::ApiGatewayV2::Integration',
      GroupApiANYaproxyProxyPermission76762A01: 'AWS::Lambda::Permission',
      GroupApiGET63E334A9: 'AWS::ApiGatewayV2::Route',
      GroupApiGETRootF7AF097C: 'AWS::ApiGatewayV2::Integration',
      GroupApiGETRootPermissionC33E2D75: 'AWS::Lambda::Permission',
    });
    expect(r.GroupApiANYitemsid399A7D44?.Properties).toEqual({ ApiId: { Ref: 'GroupApiA480FCFD' }, RouteKey: 'ANY /items/{id}', Target: { 'Fn::Sub': 'integrations/${GroupApiANYitemsidById99BC6635}' } });
    expect(r.GroupApiDELETEitemsidA14741F9?.Properties).toEqual({ ApiId: { Ref: 'GroupApiA480FCFD' }, RouteKey: 'DELETE /items/{id}', Target: { 'Fn::Sub': 'integrations/${GroupApiANYitemsidById99BC6635}' } });
  });

  it('a CfnResource is its own L1 (no Resource child); an Alarm, an L2, has one; outputs are named after their own path', () => {
    const r = cdkIds();
    expect(r.GroupRawB215C4AF?.Type).toBe('AWS::SSM::Parameter');
    expect(r.Raw2?.Type).toBe('AWS::SSM::Parameter');
    expect(r.GroupAlarmAEF6A2A7?.Type).toBe('AWS::CloudWatch::Alarm');
    expect(Object.keys(Template.fromStack(derived(new App({ logicalIds: 'cdk' }))).toJSON().Outputs ?? {})).toEqual(['GroupUrlAE6AAD90', 'TopOut']);
  });

  it('gives every resource of the app the id aws-cdk-lib gives it', () => {
    const r = cdkIds();
    const cdk = [
      'FnServiceRoleB9001A96', 'Fn9270CBC0', 'FnAllowInvokeSGroupEvents64A7EC5A4CF39310', 'FnEvents0F122A42', 'Fn2ServiceRoleD5D04620', 'Fn2C26C4B36',
      'Fn2AllowInvokeSGroupEvents64A7EC5A1DD86AF3', 'Fn2Events45BFF2A4', 'Fn2SqsEventSourceSGroupQDBACF4766AA8E3D3', 'Fn2DynamoDBEventSourceSGroupTF9A0FAC5AEB0E93D',
      'Fn2KinesisEventSourceSGroupK6BB217E655A9173C', 'GroupEvents6E4DB7F0', 'GroupQ7C32F32C', 'GroupQPolicyC670D929', 'GroupQSGroupEvents64A7EC5A86045DA0', 'GroupTAE1E4C4B',
      'GroupK5DAE2E32', 'GroupApiA480FCFD', 'GroupApiDefaultRouteDefDF23D007', 'GroupApiDefaultRouteDefPermission8296DCFF', 'GroupApiDefaultRoute80C543E3',
      'GroupApiDefaultStageB5C97747', 'GroupApiANYitemsidById99BC6635', 'GroupApiANYitemsidByIdPermission064C8E39', 'GroupApiANYitemsid399A7D44',
      'GroupApiDELETEitemsidByIdPermissionE06F39D0', 'GroupApiDELETEitemsidA14741F9', 'GroupApiANYaproxyProxy6F454F35', 'GroupApiANYaproxyProxyPermission76762A01',
      'GroupApiANYaproxyD9AEC8A8', 'GroupApiGETRootF7AF097C', 'GroupApiGETRootPermissionC33E2D75', 'GroupApiGET63E334A9', 'GroupRawB215C4AF', 'GroupAlarmAEF6A2A7', 'Raw2',
    ];
    expect(Object.keys(r).sort()).toEqual([...cdk].sort());
  });

  it('keeps the default (lambdaform) ids of the same app unchanged', () => {
    const t = Template.fromStack(derived(new App())).toJSON();
    expect(Object.keys(t.Resources).sort()).toEqual(
      [
        'Fn', 'Fn2', 'Fn2DynamoEventSourceGroupT', 'Fn2KinesisEventSourceGroupK', 'Fn2ServiceRole', 'Fn2SnsEventSourceGroupEvents', 'Fn2SnsEventSourceGroupEventsPermission',
        'Fn2SqsEventSourceGroupQ', 'FnServiceRole', 'FnSnsEventSourceGroupEvents', 'FnSnsEventSourceGroupEventsPermission', 'GroupAlarm', 'GroupApi', 'GroupApiDefaultStage',
        'GroupApiRouteAnyAProxy', 'GroupApiRouteAnyAProxyIntegration', 'GroupApiRouteAnyAProxyPermission', 'GroupApiRouteAnyItemsId', 'GroupApiRouteAnyItemsIdIntegration',
        'GroupApiRouteAnyItemsIdPermission', 'GroupApiRouteDefault', 'GroupApiRouteDefaultIntegration', 'GroupApiRouteDefaultPermission', 'GroupApiRouteDeleteItemsId',
        'GroupApiRouteDeleteItemsIdPermission', 'GroupApiRouteGetRoot', 'GroupApiRouteGetRootIntegration', 'GroupApiRouteGetRootPermission',
        'GroupEvents', 'GroupEventsSubscriptionGroupQ', 'GroupK', 'GroupQ', 'GroupQPolicy', 'GroupRaw', 'GroupT', 'Raw2',
      ].sort(),
    );
    expect(Object.keys(t.Outputs ?? {})).toEqual(['GroupUrl', 'TopOut']);
  });
});
