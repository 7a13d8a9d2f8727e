// AWS::Serverless::Function and the other SAM resources: SAM's defaults, code (local directory,
// S3, inline), AutoPublishAlias with DeploymentPreference and provisioned concurrency, async
// settings and destinations, and references from plain resources to what SAM generates.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Code } from '../../../lib/all.js';
import { edge, lines, load, node } from './helpers.js';

describe('a function with nothing but what SAM requires', () => {
  const { stack } = load(
    lines(
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Handler: app.handler, Runtime: python3.13, CodeUri: s3://my-bucket/app.zip }',
    ),
  );

  it("has SAM's defaults: 128 MB, 3 seconds, x86_64, 512 MB of /tmp, and the role SAM generates", () => {
    const n = node(stack, 'Fn', 'function');
    expect(n).toMatchObject({ logicalId: 'Fn', tags: {}, overrides: [], dependsOn: [], origin: { path: 'Fn', source: { file: 'template.yaml', line: 3, column: 3 } } });
    expect(n.props).toEqual({
      runtime: 'python3.13',
      handler: 'app.handler',
      code: { kind: 'bucket', bucket: 'my-bucket', key: 'app.zip' },
      memorySizeMb: 128,
      timeoutSeconds: 3,
      ephemeralStorageMb: 512,
      environment: {},
      layers: [],
      architecture: 'x86_64',
      role: { $ref: 'FnRole', attr: 'Arn' },
    });
  });
});

describe('code', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Local: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, CodeUri: src/ } }',
    '  Missing: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, CodeUri: ../not-built-yet } }',
    '  Versioned: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, CodeUri: "s3://b/k.zip?versionId=3" } }',
    '  Object: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, CodeUri: { Bucket: b, Key: k.zip, Version: "7" } } }',
    '  Inline: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, InlineCode: "exports.handler = 1" } }',
    '  Shared: { Type: AWS::Serverless::LayerVersion, Properties: { ContentUri: layer, CompatibleRuntimes: [nodejs22.x], LicenseInfo: MIT, RetentionPolicy: Delete } }',
  );
  const file = 'test/import/sam/fixtures/app/template.yaml';
  const { stack } = load(text, file);
  const id = (p: string) => createHash('sha256').update(p).digest('hex');

  it('a local directory is an asset: its path from the working directory (resolved against the template\'s directory), listed and hashed as Code.fromAsset does it', () => {
    const expected = Code.fromAsset('test/import/sam/fixtures/app/src')._bind('Test/Local').asset!;
    expect(node(stack, 'Local', 'function').props.code).toEqual({ kind: 'asset', assetId: expected.id });
    expect(stack.assets).toContainEqual({ ...expected, unzippedBytes: 51 });
  });

  it('a directory that does not exist is an asset too, of 0 bytes', () => {
    // (it is not here to be hashed: its id hashes its path)
    expect(stack.assets).toContainEqual({ id: id('test/import/sam/fixtures/not-built-yet'), path: 'test/import/sam/fixtures/not-built-yet', exclude: [], include: [], followSymlinks: 'external', unzippedBytes: 0 });
  });

  it('s3://bucket/key (with ?versionId) and { Bucket, Key, Version } are S3 objects; InlineCode is inline', () => {
    expect(node(stack, 'Versioned', 'function').props.code).toEqual({ kind: 'bucket', bucket: 'b', key: 'k.zip', objectVersion: '3' });
    expect(node(stack, 'Object', 'function').props.code).toEqual({ kind: 'bucket', bucket: 'b', key: 'k.zip', objectVersion: '7' });
    expect(node(stack, 'Inline', 'function').props.code).toEqual({ kind: 'inline', source: 'exports.handler = 1' });
  });

  it("a layer's ContentUri is an asset the same way", () => {
    const layerAsset = stack.assets.find((a) => a.path === 'test/import/sam/fixtures/app/layer')!;
    expect(layerAsset.id).not.toBe(id('test/import/sam/fixtures/app/layer'));
    expect(node(stack, 'Shared', 'layer').props).toEqual({ code: { kind: 'asset', assetId: layerAsset.id }, compatibleRuntimes: ['nodejs22.x'], compatibleArchitectures: [], license: 'MIT' });
    expect(stack.assets.find((a) => a.path === 'test/import/sam/fixtures/app/layer')?.unzippedBytes).toBe(35);
  });
});

describe('AutoPublishAlias, DeploymentPreference, ProvisionedConcurrencyConfig', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Errors: { Type: AWS::CloudWatch::Alarm, Properties: { Namespace: AWS/Lambda, MetricName: Errors, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold } }',
    '  Hook: { Type: AWS::Serverless::Function, Properties: { Handler: index.handler, Runtime: nodejs22.x, InlineCode: x, FunctionName: CodeDeployHook_pre } }',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      AutoPublishAlias: live',
    '      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 }',
    '      DeploymentPreference:',
    '        Type: CodeDeployDefault.LambdaCanary10Percent5Minutes',
    '        Alarms: [!Ref Errors, "literal-alarm"]',
    '        Hooks: { PreTraffic: !Ref Hook }',
    '  Staged:',
    '    Type: AWS::Serverless::Function',
    '    Properties: { Handler: index.handler, Runtime: nodejs22.x, InlineCode: x, AutoPublishAlias: live-v2, DeploymentPreference: { Type: AllAtOnce, Enabled: false } }',
    '  AliasUser:',
    '    Type: AWS::SSM::Parameter',
    '    Properties: { Type: String, Value: !Ref Fn.Alias }',
    '  VersionUser:',
    '    Type: AWS::SSM::Parameter',
    '    Properties: { Type: String, Value: !Ref Fn.Version }',
  );
  const { stack } = load(text);

  it('a version <id>/CurrentVersion named as SAM names it (<Function>Version<hash>) and an alias <Function>Alias<name> on it', () => {
    const version = node(stack, 'Fn/CurrentVersion', 'version');
    expect(version.logicalId).toMatch(/^FnVersion[0-9a-f]{10}$/);
    expect(version.logicalId.slice('FnVersion'.length)).toBe(version.props.configHash.slice(0, 10));
    expect(version.props.functionId).toBe('Fn');
    const alias = node(stack, 'FnAliaslive', 'alias');
    expect(alias.logicalId).toBe('FnAliaslive');
    expect(alias.props).toEqual({
      functionId: 'Fn',
      aliasName: 'live',
      version: 'Fn/CurrentVersion',
      additionalVersions: [],
      provisionedConcurrency: 3,
      deployment: { type: 'Canary10Percent5Minutes', alarms: [{ $ref: 'Errors', attr: 'Ref' }, 'literal-alarm'], preTraffic: 'Hook' },
    });
  });

  it('an alias name with - and _ is written D and U in the logical id; Enabled: false means no gradual deployment', () => {
    const alias = node(stack, 'StagedAliasliveDv2', 'alias');
    expect(alias.props.aliasName).toBe('live-v2');
    expect(alias.props.deployment).toBeUndefined();
  });

  it('`!Ref Fn.Alias` and `!Ref Fn.Version` are the alias and the version', () => {
    expect(node(stack, 'AliasUser', 'raw').props.properties.Value).toEqual({ $ref: 'FnAliaslive', attr: 'Arn' });
    expect(node(stack, 'VersionUser', 'raw').props.properties.Value).toEqual({ $ref: 'Fn/CurrentVersion', attr: 'Arn' });
  });

  it('a new configuration is a new version', () => {
    const other = load(text.replace('InlineCode: x\n      AutoPublishAlias: live', 'InlineCode: y\n      AutoPublishAlias: live')).stack;
    expect(node(other, 'Fn/CurrentVersion', 'version').logicalId).not.toBe(node(stack, 'Fn/CurrentVersion', 'version').logicalId);
  });
});

describe('async settings, destinations and other properties', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Parameters:',
    '  Timeout: { Type: Number }',
    'Resources:',
    '  Topic: { Type: AWS::SNS::Topic }',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      FunctionName: my-function',
    '      Description: does things',
    '      MemorySize: 1024',
    '      Timeout: !Ref Timeout',
    '      Architectures: [arm64]',
    '      EphemeralStorage: { Size: 2048 }',
    '      ReservedConcurrentExecutions: 5',
    '      RecursiveLoop: Allow',
    '      Tracing: PassThrough',
    '      KmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k',
    '      Environment: { Variables: { TOPIC: !Ref Topic } }',
    '      SnapStart: { ApplyOn: PublishedVersions }',
    '      FunctionUrlConfig: { AuthType: NONE }',
    '      EventInvokeConfig:',
    '        MaximumRetryAttempts: 0',
    '        MaximumEventAgeInSeconds: 120',
    '        DestinationConfig:',
    '          OnSuccess: { Type: SQS }',
    '          OnFailure: { Type: SNS, Destination: arn:aws:sns:us-east-1:123456789012:elsewhere }',
    '      DeadLetterQueue: { Type: SNS, TargetArn: !Ref Topic }',
  );
  const { stack, unmodelled } = load(text);
  const fn = node(stack, 'Fn', 'function');

  it('every modelled property; one unknown before deploy holds its default, is named unknown, keeps its expression', () => {
    expect(fn.props).toMatchObject({
      functionName: 'my-function',
      description: 'does things',
      memorySizeMb: 1024,
      timeoutSeconds: 3,
      architecture: 'arm64',
      ephemeralStorageMb: 2048,
      reservedConcurrency: 5,
      recursiveLoop: 'Allow',
      tracing: 'PassThrough',
      environmentKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
      environment: { TOPIC: { $ref: 'Topic', attr: 'Arn' } },
      retryAttempts: 0,
      maxEventAgeSeconds: 120,
    });
    expect(fn.unknown).toEqual(['timeoutSeconds', 'onFailure']);
    expect(fn.overrides).toEqual([
      { path: 'Timeout', value: { $expr: { Ref: 'Timeout' } } },
      { path: 'SnapStart', value: { ApplyOn: 'PublishedVersions' } },
    ]);
  });

  it('a SAM-only property the model has no prop for is kept as unmodelled (not as an override: overrides are CloudFormation properties)', () => {
    expect(unmodelled.find((u) => u.path === 'FunctionUrlConfig')).toMatchObject({ resource: 'Fn', type: 'property', value: { AuthType: 'NONE' } });
  });

  it('destinations: the dead-letter topic, the queue SAM creates for an SQS destination without ARN; one outside the template is kept as unmodelled', () => {
    expect(edge(stack, 'Fn#deadLetter', 'destination')).toMatchObject({ from: 'Fn', to: 'Topic', props: { condition: 'deadLetter' } });
    expect(node(stack, 'FnEventInvokeConfigOnSuccessQueue', 'queue').props).toEqual({ fifo: false, encryption: 'sqs-managed' });
    expect(edge(stack, 'Fn#onSuccess', 'destination').to).toBe('FnEventInvokeConfigOnSuccessQueue');
    expect(stack.edges.find((e) => e.id === 'Fn#onFailure')).toBeUndefined();
    expect(unmodelled.find((u) => u.path === 'EventInvokeConfig.DestinationConfig.OnFailure')?.reason).toBe('the destination is not a resource of this template');
  });
});

describe('a destination whose Destination resolves to AWS::NoValue (SAM creates the queue or topic, as its function_lambda_event_destinations example relies on)', () => {
  const text = (create: string) =>
    lines(
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      `  CreateTopic: { Type: String, AllowedValues: [true, false], Default: ${create} }`,
      'Conditions:',
      '  TopicCreationEnabled: !Equals [!Ref CreateTopic, true]',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Runtime: nodejs22.x',
      '      InlineCode: x',
      '      EventInvokeConfig:',
      '        DestinationConfig:',
      "          OnFailure: { Type: SNS, Destination: !If [TopicCreationEnabled, !Ref 'AWS::NoValue', arn:aws:sns:us-east-1:123456789012:elsewhere] }",
    );

  it('the condition true: SAM creates <Function>EventInvokeConfigOnFailureTopic, the on-failure destination, and the role may publish to it', () => {
    const { stack } = load(text('true'));
    expect(node(stack, 'FnEventInvokeConfigOnFailureTopic', 'topic').props).toEqual({ fifo: false });
    expect(edge(stack, 'Fn#onFailure', 'destination')).toMatchObject({ from: 'Fn', to: 'FnEventInvokeConfigOnFailureTopic', props: { condition: 'onFailure' } });
    expect(stack.edges.find((e) => e.kind === 'grant' && e.props.actions?.includes('sns:publish'))).toMatchObject({ to: 'FnEventInvokeConfigOnFailureTopic', props: { resources: [{ $ref: 'FnEventInvokeConfigOnFailureTopic', attr: 'Arn' }] } });
  });

  it('the condition false: the topic given, outside the template; SAM creates none', () => {
    const { stack, unmodelled } = load(text('false'));
    expect(stack.nodes.find((n) => n.id === 'FnEventInvokeConfigOnFailureTopic')).toBeUndefined();
    expect(unmodelled.find((u) => u.path === 'EventInvokeConfig.DestinationConfig.OnFailure')?.reason).toBe('the destination is not a resource of this template');
  });
});

describe('references from plain resources to what SAM generates', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties: { Handler: index.handler, Runtime: nodejs22.x, InlineCode: x, Events: { Get: { Type: HttpApi } } }',
    '  Policy:',
    '    Type: AWS::IAM::Policy',
    '    Properties:',
    '      PolicyName: extra',
    '      Roles: [!Ref FnRole]',
    '      PolicyDocument: { Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }',
    '  Permission:',
    '    Type: AWS::Lambda::Permission',
    '    Properties: { Action: lambda:InvokeFunction, FunctionName: !GetAtt Fn.Arn, Principal: events.amazonaws.com }',
    '  Name:',
    '    Type: AWS::SSM::Parameter',
    '    Properties: { Type: String, Value: !Ref Fn }',
    'Outputs:',
    '  Url: { Value: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com" }',
    '  Role: { Value: !GetAtt FnRole.Arn }',
  );
  const { stack } = load(text);

  it('resolve to the SAM nodes: the function, the generated role, the implicit API', () => {
    expect(stack.edges.filter((e) => e.kind === 'grant' && e.from === 'FnRole').map((e) => e.props)).toContainEqual(expect.objectContaining({ actions: ['s3:GetObject'] }));
    expect(edge(stack, 'Permission', 'invokePermission')).toMatchObject({ to: 'Fn', props: { principal: 'events.amazonaws.com' } });
    expect(node(stack, 'Name', 'raw').props.properties.Value).toEqual({ $ref: 'Fn', attr: 'Name' });
    expect(stack.outputs.map((o) => o.value)).toEqual([
      { $join: ['https://', { $ref: 'ServerlessHttpApi', attr: 'Id' }, '.execute-api.', { $pseudo: 'AWS::Region' }, '.amazonaws.com'] },
      { $ref: 'FnRole', attr: 'Arn' },
    ]);
  });
});

describe('the other SAM resources', () => {
  const text = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Table: { Type: AWS::Serverless::SimpleTable }',
    '  Numbers:',
    '    Type: AWS::Serverless::SimpleTable',
    '    Properties:',
    '      TableName: numbers',
    '      PrimaryKey: { Name: num, Type: Number }',
    '      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 }',
    '      Tags: { team: data }',
    '  Http:',
    '    Type: AWS::Serverless::HttpApi',
    '    Properties:',
    '      Name: shop',
    '      Description: the shop',
    '      StageName: prod',
    '      CorsConfiguration: true',
    '      DefaultRouteSettings: { ThrottlingBurstLimit: 5 }',
    '      Tags: { team: web }',
    '      Auth: { DefaultAuthorizer: Jwt }',
    '  Machine:',
    '    Type: AWS::Serverless::StateMachine',
    '    Properties: { Definition: { StartAt: A, States: { A: { Type: Pass, End: true } } }, Policies: [AWSLambdaRole] }',
    '  App:',
    '    Type: AWS::Serverless::Application',
    '    Properties: { Location: { ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x, SemanticVersion: 1.0.0 } }',
    '  Rest:',
    '    Type: AWS::Serverless::Api',
    '    Properties: { StageName: Prod }',
  );
  const { stack, unmodelled } = load(text);

  it('SimpleTable: id (String) by default, on demand; PrimaryKey, ProvisionedThroughput, Tags', () => {
    expect(node(stack, 'Table', 'table').props).toEqual({ partitionKey: { name: 'id', type: 'S' }, billingMode: 'PAY_PER_REQUEST' });
    const n = node(stack, 'Numbers', 'table');
    expect(n.props).toEqual({ tableName: 'numbers', partitionKey: { name: 'num', type: 'N' }, billingMode: 'PROVISIONED', readCapacity: 5, writeCapacity: 2 });
    expect(n.tags).toEqual({ team: 'data' });
  });

  it('HttpApi: name, description, stage, CORS (true: any origin), throttling, tags; Auth kept as unmodelled', () => {
    const n = node(stack, 'Http', 'api');
    expect(n.props).toEqual({ apiName: 'shop', description: 'the shop', stageName: 'prod', cors: { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [] }, throttling: { burstLimit: 5 } });
    expect(n.tags).toEqual({ team: 'web' });
    expect(unmodelled).toContainEqual(expect.objectContaining({ resource: 'Http', path: 'Auth' }));
  });

  it('StateMachine, Application and Api (REST, until the model can mark an api as REST): raw nodes of their SAM type', () => {
    expect(node(stack, 'Machine', 'raw').props.type).toBe('AWS::Serverless::StateMachine');
    expect(node(stack, 'App', 'raw').props).toEqual({
      type: 'AWS::Serverless::Application',
      properties: { Location: { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/x', SemanticVersion: '1.0.0' } },
    });
    expect(node(stack, 'Rest', 'raw').props).toEqual({ type: 'AWS::Serverless::Api', properties: { StageName: 'Prod' } });
  });
});
