// The import against the real SAM transform (aws-sam-translator, as cfn-lint runs it): what the
// import makes of what SAM generates (roles, aliases, versions, rules, schedules, queues,
// mappings, subscriptions, permissions, the implicit API) is named as SAM names it, and the
// generated roles have SAM's managed policies and statements.
import { describe, expect, it } from 'vitest';
import type { ModelNode, StackModel } from '../../../lib/model/types.js';
import { RenderContext } from '../../../lib/synth/render-context.js';
import { samTranslate, samTranslatorAvailable, samTranslatorSkipReason } from '../../helpers/sam-translate.js';
import { EVENT_SOURCES, lines, load, samFunction as fn } from './helpers.js';


const text = lines(
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  ...EVENT_SOURCES,
  '  Api: { Type: AWS::Serverless::HttpApi }',
  '  Table: { Type: AWS::Serverless::SimpleTable }',
  ...fn(
    'Worker',
    'Tracing: Active',
    'VpcConfig: { SubnetIds: [subnet-a], SecurityGroupIds: [sg-a] }',
    'Policies: [{ SQSSendMessagePolicy: { QueueName: !GetAtt Failures.QueueName } }, { DynamoDBReadPolicy: { TableName: !Ref Table } }]',
    'DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Failures.Arn }',
    'EventInvokeConfig: { DestinationConfig: { OnSuccess: { Type: SQS }, OnFailure: { Type: SNS, Destination: !Ref Topic } } }',
    'Events:',
    '  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 5 } }',
    '  Clicks: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failures.Arn } } } }',
    '  Carts: { Type: DynamoDB, Properties: { Stream: !GetAtt Carts.StreamArn, StartingPosition: LATEST } }',
  ),
  ...fn(
    'Pusher',
    'AutoPublishAlias: live',
    'DeploymentPreference: { Type: AllAtOnce }',
    'Events:',
    '  Topic: { Type: SNS, Properties: { Topic: !Ref Topic } }',
    '  ViaQueue: { Type: SNS, Properties: { Topic: !Ref Topic, SqsSubscription: true } }',
    '  Upload: { Type: S3, Properties: { Bucket: !Ref Uploads, Events: s3:ObjectCreated:* } }',
    '  Hourly: { Type: Schedule, Properties: { Schedule: rate(1 hour) } }',
    '  Nightly: { Type: ScheduleV2, Properties: { ScheduleExpression: cron(0 2 * * ? *) } }',
    '  Orders: { Type: EventBridgeRule, Properties: { Pattern: { source: [acme.orders] }, DeadLetterConfig: { Type: SQS } } }',
    '  Get: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /items, Method: GET } }',
    '  Implicit: { Type: HttpApi, Properties: { Path: /health, Method: GET } }',
  ),
);

/** The CloudFormation type SAM gives what a node of each kind stands for. */
const TYPES: Record<string, string> = {
  function: 'AWS::Lambda::Function',
  role: 'AWS::IAM::Role',
  alias: 'AWS::Lambda::Alias',
  queue: 'AWS::SQS::Queue',
  topic: 'AWS::SNS::Topic',
  api: 'AWS::ApiGatewayV2::Api',
  table: 'AWS::DynamoDB::Table',
};

describe.skipIf(!samTranslatorAvailable)(`against the SAM transform ${samTranslatorSkipReason}`, () => {
  const { stack, doc } = load(text);
  const cfn = samAvailable(() => samTranslate(doc.template));
  const type = (logicalId: string) => cfn!.Resources[logicalId]?.Type;

  it('every node is a resource SAM generates, of the matching type (a version: <Function>Version<hash>)', () => {
    const generated = stack.nodes.filter((n) => !(n.logicalId in (doc.template.Resources as object)) || (doc.template.Resources as Record<string, { Type: string }>)[n.logicalId]!.Type.startsWith('AWS::Serverless::'));
    const seen = generated.map((n: ModelNode) => {
      if (n.kind === 'version') return [n.kind, Object.keys(cfn!.Resources).some((id) => id.startsWith(`${n.logicalId.replace(/[0-9a-f]{10}$/, '')}`) && type(id) === 'AWS::Lambda::Version')];
      if (n.kind === 'schedule') return [n.kind, type(n.logicalId) === 'AWS::Events::Rule' || type(n.logicalId) === 'AWS::Scheduler::Schedule'];
      return [n.kind, type(n.logicalId) === TYPES[n.kind]];
    });
    expect(seen.filter(([, ok]) => !ok)).toEqual([]);
    expect(generated.map((n) => n.logicalId.replace(/^PusherVersion[0-9a-f]{10}$/, 'PusherVersion<hash>')).sort()).toEqual(
      ['Api', 'Table', 'Worker', 'WorkerRole', 'WorkerEventInvokeConfigOnSuccessQueue', 'Pusher', 'PusherRole', 'PusherAliaslive', 'PusherVersion<hash>', 'PusherViaQueueQueue', 'PusherHourly', 'PusherNightly', 'PusherOrders', 'PusherOrdersQueue', 'ServerlessHttpApi'].sort(),
    );
  });

  it("edges are named after the resources SAM makes for them (a mapping, a subscription; a notification's or a route's permission)", () => {
    const named = stack.edges.filter((e) => e.logicalId !== undefined).map((e) => {
      const id = e.kind === 'notification' || e.kind === 'apiRoute' ? `${e.logicalId}Permission` : e.logicalId!;
      const expected = e.kind === 'eventSourceMapping' ? 'AWS::Lambda::EventSourceMapping' : e.kind === 'subscription' ? 'AWS::SNS::Subscription' : 'AWS::Lambda::Permission';
      return [id, type(id) === expected];
    });
    expect(named.filter(([, ok]) => !ok)).toEqual([]);
    expect(named.map(([id]) => id).sort()).toEqual(
      ['WorkerJobs', 'WorkerClicks', 'WorkerCarts', 'PusherTopic', 'PusherViaQueue', 'PusherViaQueueEventSourceMapping', 'PusherUploadPermission', 'PusherGetPermission', 'PusherImplicitPermission'].sort(),
    );
  });

  it("the generated roles' managed policies are SAM's, in SAM's order", () => {
    const ctx = new RenderContext(stack as StackModel);
    for (const role of ['WorkerRole', 'PusherRole']) {
      const mine = stack.nodes.find((n) => n.id === role)!;
      expect(mine.kind).toBe('role');
      if (mine.kind !== 'role') continue;
      // The transform ran with partition aws.
      const rendered = JSON.parse(JSON.stringify(ctx.value(mine.props.managedPolicies)).replace(/\{"Fn::Sub":"([^"]*)"\}/g, (_, t: string) => JSON.stringify(t.replace('${AWS::Partition}', 'aws'))));
      expect(rendered).toEqual(cfn!.Resources[role]!.Properties!.ManagedPolicyArns);
    }
  });

  it("the generated roles' statements carry SAM's actions (the grants on event sources being what SAM's managed policies allow)", () => {
    const samActions = (role: string) =>
      [
        ...new Set(
          ((cfn!.Resources[role]!.Properties!.Policies ?? []) as Array<{ PolicyDocument: { Statement: Array<{ Action: string | string[] }> } }>).flatMap((p) =>
            p.PolicyDocument.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
          ),
        ),
      ].sort();
    const mine = (role: string) =>
      [...new Set(stack.edges.flatMap((e) => (e.kind === 'grant' && e.from === role && !/^SAM (SQS|Kinesis|DynamoDB|SNS) event .*allows these/.test(e.props.reason) ? (e.props.actions ?? []) : [])))].sort();
    expect(mine('WorkerRole')).toEqual(samActions('WorkerRole'));
    expect(mine('PusherRole')).toEqual(samActions('PusherRole'));
  });
});

/** The SAM transform's output, or undefined when it cannot run here. */
function samAvailable<T>(f: () => T): T | undefined {
  return samTranslatorAvailable ? f() : undefined;
}
