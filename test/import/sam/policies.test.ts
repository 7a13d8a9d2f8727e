// The role SAM generates for a function without Role: its managed policies, and the grants its
// Policies (documents, AWS managed policy names, policy templates), its destinations and its
// events give it, with exactly the actions SAM's policy templates expand to.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANAGED_POLICY_PATHS } from '../../../lib/import/sam/managed-policies.js';
import { POLICY_TEMPLATES } from '../../../lib/import/sam/policy-templates.js';
import type { GrantEdge, StackModel } from '../../../lib/model/types.js';
import { edges, lines, load, managed, node } from './helpers.js';

const PARTITION = { $pseudo: 'AWS::Partition' };
const REGION = { $pseudo: 'AWS::Region' };
const ACCOUNT = { $pseudo: 'AWS::AccountId' };

/** The grants of a role, by reason. */
function grantsOf(stack: StackModel, roleId: string): GrantEdge[] {
  return edges(stack, 'grant').filter((g) => g.from === roleId);
}

describe('policy templates: the statements SAM expands them to', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Q: { Type: AWS::SQS::Queue }',
    '  B: { Type: AWS::S3::Bucket }',
    '  T:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
    '      KeySchema: [{ AttributeName: id, KeyType: HASH }]',
    '      StreamSpecification: { StreamViewType: KEYS_ONLY }',
    '  Tp: { Type: AWS::SNS::Topic }',
    '  S: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }',
    '  Sm: { Type: AWS::StepFunctions::StateMachine, Properties: { DefinitionString: "{}", RoleArn: arn:aws:iam::123456789012:role/sfn } }',
    '  Secret: { Type: AWS::SecretsManager::Secret }',
    '  Other: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, InlineCode: x } }',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      Policies:',
    '        - SQSPollerPolicy: { QueueName: !GetAtt Q.QueueName }',
    '        - SQSSendMessagePolicy: { QueueName: !GetAtt Q.QueueName }',
    '        - S3ReadPolicy: { BucketName: !Ref B }',
    '        - S3CrudPolicy: { BucketName: !Ref B }',
    '        - S3WritePolicy: { BucketName: !Ref B }',
    '        - DynamoDBCrudPolicy: { TableName: !Ref T }',
    '        - DynamoDBReadPolicy: { TableName: !Ref T }',
    '        - DynamoDBWritePolicy: { TableName: !Ref T }',
    '        - SNSPublishMessagePolicy: { TopicName: !GetAtt Tp.TopicName }',
    '        - LambdaInvokePolicy: { FunctionName: !Ref Other }',
    '        - KinesisStreamReadPolicy: { StreamName: !Ref S }',
    '        - DynamoDBStreamReadPolicy: { TableName: !Ref T, StreamName: "*" }',
    '        - EventBridgePutEventsPolicy: { EventBusName: default }',
    '        - StepFunctionsExecutionPolicy: { StateMachineName: !GetAtt Sm.Name }',
    '        - SSMParameterReadPolicy: { ParameterName: app/config }',
    '        - AWSSecretsManagerGetSecretValuePolicy: { SecretArn: !Ref Secret }',
  );
  const { stack } = load(text);
  const grants = grantsOf(stack, 'FnRole');
  const of = (name: string) => grants.filter((g) => g.props.reason === `SAM policy template ${name}`).map((g) => ({ actions: g.props.actions, to: g.to, resources: g.props.resources }));
  const arn = (service: string, rest: Array<string | object>) => ({ $join: ['arn:', PARTITION, `:${service}:`, REGION, ':', ACCOUNT, ...rest] });
  const s3 = (suffix: string) => ({ $join: ['arn:', PARTITION, ':s3:::', { $ref: 'B', attr: 'Name' }, ...(suffix ? [suffix] : [])] });
  const table = (suffix: string) => arn('dynamodb', [':table/', { $ref: 'T', attr: 'Name' }, ...(suffix ? [suffix] : [])]);

  it('SQSPollerPolicy and SQSSendMessagePolicy', () => {
    const queue = arn('sqs', [':', { $ref: 'Q', attr: 'Name' }]);
    expect(of('SQSPollerPolicy')).toEqual([
      { actions: ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], to: 'Q', resources: [queue] },
    ]);
    expect(of('SQSSendMessagePolicy')).toEqual([{ actions: ['sqs:SendMessage*'], to: 'Q', resources: [queue] }]);
  });

  it('S3ReadPolicy, S3CrudPolicy, S3WritePolicy: on the bucket and its objects', () => {
    const resources = [s3(''), s3('/*')];
    expect(of('S3ReadPolicy')).toEqual([{ actions: ['s3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'], to: 'B', resources }]);
    expect(of('S3CrudPolicy')).toEqual([
      { actions: ['s3:DeleteObject', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:PutLifecycleConfiguration', 's3:PutObject', 's3:PutObjectAcl'], to: 'B', resources },
    ]);
    expect(of('S3WritePolicy')).toEqual([{ actions: ['s3:PutLifecycleConfiguration', 's3:PutObject', 's3:PutObjectAcl'], to: 'B', resources }]);
  });

  it('DynamoDBCrudPolicy, DynamoDBReadPolicy, DynamoDBWritePolicy: on the table and its indexes', () => {
    const resources = [table(''), table('/index/*')];
    expect(of('DynamoDBCrudPolicy')).toEqual([
      {
        actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
        to: 'T',
        resources,
      },
    ]);
    expect(of('DynamoDBReadPolicy')).toEqual([{ actions: ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], to: 'T', resources }]);
    expect(of('DynamoDBWritePolicy')).toEqual([{ actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], to: 'T', resources }]);
  });

  it('SNSPublishMessagePolicy, LambdaInvokePolicy (the function and its qualifiers)', () => {
    expect(of('SNSPublishMessagePolicy')).toEqual([{ actions: ['sns:Publish'], to: 'Tp', resources: [arn('sns', [':', { $ref: 'Tp', attr: 'Name' }])] }]);
    expect(of('LambdaInvokePolicy')).toEqual([{ actions: ['lambda:InvokeFunction'], to: 'Other', resources: [arn('lambda', [':function:', { $ref: 'Other', attr: 'Name' }, '*'])] }]);
  });

  it('KinesisStreamReadPolicy and DynamoDBStreamReadPolicy: two statements each', () => {
    expect(of('KinesisStreamReadPolicy')).toEqual([
      { actions: ['kinesis:DescribeLimits', 'kinesis:ListStreams'], to: undefined, resources: [arn('kinesis', [':stream/*'])] },
      { actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'], to: 'S', resources: [arn('kinesis', [':stream/', { $ref: 'S', attr: 'Name' }])] },
    ]);
    expect(of('DynamoDBStreamReadPolicy')).toEqual([
      { actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], to: 'T', resources: [table('/stream/*')] },
      { actions: ['dynamodb:ListStreams'], to: 'T', resources: [table('/stream/*')] },
    ]);
  });

  it('EventBridgePutEventsPolicy, StepFunctionsExecutionPolicy, SSMParameterReadPolicy, AWSSecretsManagerGetSecretValuePolicy', () => {
    expect(of('EventBridgePutEventsPolicy')).toEqual([{ actions: ['events:PutEvents'], to: undefined, resources: [arn('events', [':event-bus/default'])] }]);
    expect(of('StepFunctionsExecutionPolicy')).toEqual([{ actions: ['states:StartExecution'], to: 'Sm', resources: [arn('states', [':stateMachine:', { $ref: 'Sm', attr: 'Name' }])] }]);
    expect(of('SSMParameterReadPolicy')).toEqual([
      { actions: ['ssm:DescribeParameters'], to: undefined, resources: ['*'] },
      { actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], to: undefined, resources: [arn('ssm', [':parameter/app/config'])] },
    ]);
    // `Fn::Sub: ['${secretArn}', ...]`: the reader's join of one reference.
    expect(of('AWSSecretsManagerGetSecretValuePolicy')).toEqual([{ actions: ['secretsmanager:GetSecretValue'], to: 'Secret', resources: [{ $join: [{ $ref: 'Secret', attr: 'Ref' }] }] }]);
  });

  it('grants point at the policy in the template, numbered as the model builder numbers them', () => {
    expect(grants.map((g) => g.id)).toEqual(grants.map((_, i) => `FnRole#grant${i}`));
    expect(grants[0]!.origin.source?.line).toBe(text.split('\n').findIndex((l) => l.includes('SQSPollerPolicy')) + 1);
  });
});

// The tables of lib/import/sam are generated from aws-sam-translator's data files: when Python can import it, check them against it.
const translator = spawnSync(process.env.PYTHON ?? 'python3', ['-c', 'import samtranslator, os; print(os.path.dirname(samtranslator.__file__))'], { encoding: 'utf8' });
const translatorDir = translator.status === 0 ? translator.stdout.trim() : undefined;

describe.skipIf(!translatorDir)(`the tables match the installed aws-sam-translator ${translatorDir ? '' : '(SKIPPED: python3 cannot import samtranslator)'}`, () => {
  it('policy templates: the same names, parameters and statements', () => {
    const data = JSON.parse(fs.readFileSync(path.join(translatorDir!, 'policy_templates_data', 'policy_templates.json'), 'utf8')) as {
      Templates: Record<string, { Parameters?: Record<string, unknown>; Definition: { Statement: unknown[] } }>;
    };
    const expected = Object.fromEntries(Object.entries(data.Templates).map(([name, t]) => [name, { parameters: Object.keys(t.Parameters ?? {}).sort(), statements: t.Definition.Statement }]));
    expect(POLICY_TEMPLATES).toEqual(expected);
  });

  it('managed policy paths: every AWS managed policy of the aws partition whose ARN has a path', () => {
    const data = JSON.parse(fs.readFileSync(path.join(translatorDir!, 'internal', 'data', 'aws_managed_policies.json'), 'utf8')) as Record<string, Record<string, string>>;
    const expected = new Map(
      Object.entries(data.aws!).flatMap(([name, arn]) => {
        const p = arn.split(':policy/')[1]!;
        return p.includes('/') ? [[name, `${p.slice(0, p.lastIndexOf('/'))}/`] as const] : [];
      }),
    );
    expect(new Map([...MANAGED_POLICY_PATHS].sort())).toEqual(new Map([...expected].sort()));
  });
});

describe('the generated role', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Q: { Type: AWS::SQS::Queue, Properties: { VisibilityTimeout: 60 } }',
    '  Dlq: { Type: AWS::SQS::Queue }',
    '  Alerts: { Type: AWS::SNS::Topic }',
    '  Failed: { Type: AWS::S3::Bucket }',
    '  Bus: { Type: AWS::Events::EventBus, Properties: { Name: app } }',
    '  Next: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, InlineCode: x } }',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      Tracing: Active',
    '      VpcConfig: { SubnetIds: [subnet-a], SecurityGroupIds: [sg-a] }',
    '      Tags: { team: core }',
    '      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary',
    '      RolePath: /app/',
    '      Policies:',
    '        - AmazonS3ReadOnlyAccess',
    '        - AWSLambdaRole',
    '        - arn:aws:iam::123456789012:policy/custom',
    '        - Version: "2012-10-17"',
    '          Statement:',
    '            - Effect: Allow',
    '              Action: [dynamodb:GetItem]',
    '              Resource: "*"',
    '        - NoSuchPolicyTemplate: {}',
    '        - SQSPollerPolicy: {}',
    '      DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }',
    '      EventInvokeConfig:',
    '        DestinationConfig:',
    '          OnSuccess: { Type: EventBridge, Destination: !GetAtt Bus.Arn }',
    '          OnFailure: { Type: SNS, Destination: !Ref Alerts }',
    '      Events:',
    '        Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } }',
    '  Second:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      Tracing: Disabled',
    '      DurableConfig: { ExecutionTimeout: 60 }',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement: [{ Effect: Allow, Principal: { Service: [lambda.amazonaws.com, edgelambda.amazonaws.com] }, Action: sts:AssumeRole }]',
    '      EventInvokeConfig:',
    '        DestinationConfig:',
    '          OnSuccess: { Type: Lambda, Destination: !GetAtt Next.Arn }',
    '          OnFailure: { Type: S3Bucket, Destination: !GetAtt Failed.Arn }',
  );
  const { stack, unmodelled } = load(text);

  it('is <Function>Role: the function runs with it; it carries the function\'s tags, PermissionsBoundary and RolePath', () => {
    expect(node(stack, 'Fn', 'function').props.role).toEqual({ $ref: 'FnRole', attr: 'Arn' });
    const role = node(stack, 'FnRole', 'role');
    expect(role).toMatchObject({ logicalId: 'FnRole', tags: { team: 'core' } });
    expect(role.overrides).toEqual([
      { path: 'PermissionsBoundary', value: 'arn:aws:iam::123456789012:policy/boundary' },
      { path: 'Path', value: '/app/' },
    ]);
    expect(role.props.assumedBy).toEqual(['lambda.amazonaws.com']);
  });

  it("managed policies in SAM's order: basic execution, X-Ray with Tracing, VPC access, the Policies named (with their path), the events'", () => {
    expect(node(stack, 'FnRole', 'role').props.managedPolicies).toEqual([
      managed('service-role/AWSLambdaBasicExecutionRole'),
      managed('AWSXrayWriteOnlyAccess'),
      managed('service-role/AWSLambdaVPCAccessExecutionRole'),
      managed('AmazonS3ReadOnlyAccess'),
      managed('service-role/AWSLambdaRole'),
      'arn:aws:iam::123456789012:policy/custom',
      managed('service-role/AWSLambdaSQSQueueExecutionRole'),
    ]);
    // Tracing: Disabled adds no X-Ray policy; DurableConfig changes the basic policy.
    expect(node(stack, 'SecondRole', 'role').props.managedPolicies).toEqual([managed('service-role/AWSLambdaBasicDurableExecutionRolePolicy')]);
    expect(node(stack, 'SecondRole', 'role').props.assumedBy).toEqual(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']);
  });

  it("grants: the policy documents, the dead-letter queue's, the destinations' (SAM's actions), the event's source", () => {
    expect(grantsOf(stack, 'FnRole').map((g) => [g.props.actions, g.to ?? null, g.props.reason])).toEqual([
      [['dynamodb:GetItem'], null, "the template's policy (Fn)"],
      [['sqs:SendMessage'], 'Dlq', 'SAM DeadLetterQueue (SQS)'],
      [['events:PutEvents'], 'Bus', 'SAM EventInvokeConfig OnSuccess (EventBridge)'],
      [['sns:publish'], 'Alerts', 'SAM EventInvokeConfig OnFailure (SNS)'],
      [['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], 'Q', 'SAM SQS event Q (AWSLambdaSQSQueueExecutionRole allows these on every queue)'],
    ]);
    expect(grantsOf(stack, 'SecondRole').map((g) => [g.props.actions, g.to, g.props.resources])).toEqual([
      [['lambda:InvokeFunction'], 'Next', [{ $ref: 'Next', attr: 'Arn' }]],
      [['s3:PutObject'], 'Failed', [{ $join: [{ $ref: 'Failed', attr: 'Arn' }, '/*'] }]],
      [['s3:ListBucket'], 'Failed', [{ $ref: 'Failed', attr: 'Arn' }]],
    ]);
  });

  it('a policy that is none of SAM\'s forms, or a template without its parameters, is kept as unmodelled', () => {
    expect(unmodelled.filter((u) => u.resource === 'Fn').map((u) => [u.path, u.reason])).toEqual([
      ['Policies.4', "not a managed policy, a policy document or a SAM policy template this version knows"],
      ['Policies.5', 'policy template SQSPollerPolicy lacks its parameter QueueName'],
    ]);
  });
});

describe('Role given', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Shared:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
    '      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    '  Q: { Type: AWS::SQS::Queue }',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      Role: !GetAtt Shared.Arn',
    '      Policies: [AmazonS3ReadOnlyAccess]',
    '      Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }',
    '  External:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      Role: arn:aws:iam::123456789012:role/external',
  );
  const { stack, unmodelled } = load(text);

  it("the function's role is that value; SAM generates no role and adds nothing to the given one", () => {
    expect(node(stack, 'Fn', 'function').props.role).toEqual({ $ref: 'Shared', attr: 'Arn' });
    expect(node(stack, 'External', 'function').props.role).toBe('arn:aws:iam::123456789012:role/external');
    expect(stack.nodes.filter((n) => n.kind === 'role').map((n) => n.id)).toEqual(['Shared']);
    expect(edges(stack, 'grant')).toEqual([]);
    expect(node(stack, 'Shared', 'role').props.managedPolicies).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    // The mapping is modelled all the same.
    expect(edges(stack, 'eventSourceMapping').map((e) => [e.from, e.to])).toEqual([['Q', 'Fn']]);
  });

  it('Policies, which SAM ignores then, are kept as unmodelled', () => {
    expect(unmodelled).toEqual([expect.objectContaining({ resource: 'Fn', path: 'Policies', reason: 'Policies applies to the role SAM generates, and SAM ignores it when Role is given' })]);
  });
});
