/**
 * The benchmark app (bench/generate.ts) has the shape issue 13 gives it, unit by unit, and
 * `lambdaform synth --app bench/generate.ts` accepts it as it is (N = 100, split by default).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Stack, type App } from 'lambdaform';
import { Match, Template } from 'lambdaform/assertions';

let buildApp: (n: number, options?: { split?: boolean; distinctAssets?: boolean }) => App;

beforeAll(async () => {
  process.env.BENCH_NO_SYNTH = '1';
  ({ buildApp } = await import('../../bench/generate.js'));
});

const stacksOf = (app: App): Stack[] => app.node.children.filter(Stack.isStack);

describe('bench/generate.ts', () => {
  it('is split into stacks of 50 units (378 resources) by default', () => {
    const saved = process.env.BENCH_SPLIT;
    delete process.env.BENCH_SPLIT;
    try {
      const stacks = stacksOf(buildApp(100));
      expect(stacks.map((s) => s.stackName)).toEqual(['Bench0', 'Bench1']);
      expect(stacks.map((s) => Object.keys(Template.fromStack(s).toJSON().Resources).length)).toEqual([378, 378]);
    } finally {
      if (saved === undefined) delete process.env.BENCH_SPLIT;
      else process.env.BENCH_SPLIT = saved;
    }
  });

  it('builds each unit as the issue describes: DLQ, queue, function, grant, alias, mapping', () => {
    const [stack] = stacksOf(buildApp(3, { split: true }));
    const t = Template.fromStack(stack!);
    t.resourceCountIs('AWS::SQS::Queue', 6);
    t.resourceCountIs('AWS::Lambda::Function', 3);
    t.resourceCountIs('AWS::Lambda::Alias', 3);
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    t.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    t.hasResourceProperties('AWS::SQS::Queue', Match.objectEquals({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true }));
    t.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Unit2Dlq', 'Arn'] }, maxReceiveCount: 5 },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 30,
      MemorySize: 256,
      Layers: [{ Ref: 'Shared' }],
      Environment: { Variables: Match.objectEquals({ UNIT_ID: '2', QUEUE_URL: { Ref: 'Unit2Queue' }, STAGE: 'bench' }) },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{ PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': ['Unit1Queue', 'Arn'] } })]) } }],
    });
    t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionName: { Ref: 'Unit0Fn' } });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['Unit0Queue', 'Arn'] },
      FunctionName: { Ref: 'Unit0Live' },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('adds GET and POST /units/{i} on the shared HTTP API for every 10th unit, integrated with its alias', () => {
    const [stack] = stacksOf(buildApp(21, { split: true }));
    const t = Template.fromStack(stack!);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    const keys = Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r.Properties as { RouteKey: string }).RouteKey).sort();
    expect(keys).toEqual(['GET /units/0', 'GET /units/10', 'GET /units/20', 'POST /units/0', 'POST /units/10', 'POST /units/20']);
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: 'Unit10Live' } });
  });

  it('refuses one stack of 67 units (507 resources) and accepts 66', () => {
    // 7 resources a unit, 5 more every 10th (two routes, their permissions, one integration), 3 shared
    const [ok] = stacksOf(buildApp(66, { split: false }));
    expect(Object.keys(Template.fromStack(ok!).toJSON().Resources)).toHaveLength(500);
    const [over] = stacksOf(buildApp(67, { split: false }));
    expect(() => Template.fromStack(over!)).toThrow(/507 resources, and CloudFormation refuses more than 500/);
  });
});
