// Each SAM event type lambdaform models becomes the edges (and rule nodes) its event sources make,
// named as SAM names what it generates, pointing at the event's line; the others are kept as
// unmodelled without failing the import.
import { describe, expect, it } from 'vitest';
import { edge, edges, EVENT_SOURCES, lineOf, lines, load, node, samFunction as fn } from './helpers.js';


const text = lines(
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  ...EVENT_SOURCES,
  '  Api: { Type: AWS::Serverless::HttpApi, Properties: { StageName: v1 } }',
  ...fn(
    'Worker',
    'Events:',
    '  Jobs:',
    '    Type: SQS',
    '    Properties:',
    '      Queue: !GetAtt Jobs.Arn',
    '      BatchSize: 50',
    '      MaximumBatchingWindowInSeconds: 2',
    '      FunctionResponseTypes: [ReportBatchItemFailures]',
    '      ScalingConfig: { MaximumConcurrency: 5 }',
    '      FilterCriteria: { Filters: [{ Pattern: \'{"body":{"kind":["job"]}}\' }] }',
    '      Enabled: false',
    '      KmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/abc',
  ),
  ...fn(
    'Streams',
    'Events:',
    '  Clicks:',
    '    Type: Kinesis',
    '    Properties:',
    '      Stream: !GetAtt Clicks.Arn',
    '      StartingPosition: TRIM_HORIZON',
    '      BatchSize: 100',
    '      BisectBatchOnFunctionError: true',
    '      MaximumRetryAttempts: 3',
    '      MaximumRecordAgeInSeconds: 3600',
    '      ParallelizationFactor: 2',
    '      DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failures.Arn } }',
    '  Carts:',
    '    Type: DynamoDB',
    '    Properties:',
    '      Stream: !GetAtt Carts.StreamArn',
    '      StartingPosition: LATEST',
    '      TumblingWindowInSeconds: 60',
  ),
  ...fn(
    'Push',
    'Events:',
    '  Topic:',
    '    Type: SNS',
    '    Properties: { Topic: !Ref Topic, FilterPolicy: { kind: [alert] }, FilterPolicyScope: MessageAttributes }',
    '  ViaQueue:',
    '    Type: SNS',
    '    Properties: { Topic: !Ref Topic, SqsSubscription: true }',
    '  Upload:',
    '    Type: S3',
    '    Properties:',
    '      Bucket: !Ref Uploads',
    '      Events: [s3:ObjectCreated:*, s3:ObjectRemoved:*]',
    '      Filter: { S3Key: { Rules: [{ Name: prefix, Value: in/ }, { Name: Suffix, Value: .csv }] } }',
  ),
  ...fn(
    'Timed',
    'Events:',
    '  Hourly:',
    '    Type: Schedule',
    '    Properties:',
    '      Schedule: rate(1 hour)',
    '      Name: hourly',
    '      Description: every hour',
    '      Enabled: false',
    '      Input: \'{"mode":"full"}\'',
    '      RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 600 }',
    '      DeadLetterConfig: { Arn: !GetAtt Failures.Arn }',
    '  Nightly:',
    '    Type: ScheduleV2',
    '    Properties:',
    '      ScheduleExpression: cron(0 2 * * ? *)',
    '      ScheduleExpressionTimezone: Europe/Paris',
    '      State: DISABLED',
    '      RetryPolicy: { MaximumRetryAttempts: 2 }',
    '  Orders:',
    '    Type: EventBridgeRule',
    '    Properties:',
    '      Pattern: { source: [acme.orders] }',
    '      RuleName: orders',
    '      EventBusName: orders-bus',
    '      DeadLetterConfig: { Type: SQS }',
    '  Legacy:',
    '    Type: CloudWatchEvent',
    '    Properties: { Pattern: { source: [aws.ec2] }, State: DISABLED }',
  ),
  ...fn(
    'Routes',
    'Events:',
    '  Get:',
    '    Type: HttpApi',
    '    Properties: { ApiId: !Ref Api, Path: "/items/{id}", Method: get, TimeoutInMillis: 5000 }',
    '  Implicit:',
    '    Type: HttpApi',
    '    Properties: { Path: /health, Method: GET, PayloadFormatVersion: "1.0" }',
    '  Default:',
    '    Type: HttpApi',
  ),
  ...fn(
    'Live',
    'AutoPublishAlias: live',
    'Events:',
    '  Jobs:',
    '    Type: SQS',
    '    Properties: { Queue: !GetAtt Jobs.Arn }',
  ),
  ...fn(
    'Others',
    'Events:',
    '  Rest: { Type: Api, Properties: { Path: /x, Method: get } }',
    '  Iot: { Type: IoTRule, Properties: { Sql: "SELECT * FROM \'t\'" } }',
    '  Pool: { Type: Cognito, Properties: { UserPool: abc, Trigger: PreSignUp } }',
    '  Alexa: { Type: AlexaSkill }',
    '  Broker: { Type: MQ, Properties: { Broker: arn:aws:mq:us-east-1:123456789012:broker:b, Queues: [q] } }',
    '  Kafka: { Type: MSK, Properties: { Stream: arn:aws:kafka:us-east-1:123456789012:cluster/c, StartingPosition: LATEST, Topics: [t] } }',
    '  SelfKafka: { Type: SelfManagedKafka, Properties: { KafkaBootstrapServers: ["b:9092"], Topics: [t] } }',
    '  Docs: { Type: DocumentDB, Properties: { Cluster: arn:aws:rds:us-east-1:123456789012:cluster:d, DatabaseName: db } }',
    '  Logs: { Type: CloudWatchLogs, Properties: { LogGroupName: lg, FilterPattern: ERROR } }',
    '  Outside: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:elsewhere } }',
    '  OutsideTopic: { Type: SNS, Properties: { Topic: arn:aws:sns:us-east-1:123456789012:elsewhere } }',
  ),
);

const { stack, unmodelled } = load(text);

describe('pull events: an event source mapping from the queue, stream or table, named <Function><Event>', () => {
  it('SQS: every setting, the filter pattern as an object, a CloudFormation-only property as an override', () => {
    const e = edge(stack, 'WorkerJobs', 'eventSourceMapping');
    expect(e).toMatchObject({ from: 'Jobs', to: 'Worker', logicalId: 'WorkerJobs', overrides: [{ path: 'KmsKeyArn', value: 'arn:aws:kms:us-east-1:123456789012:key/abc' }] });
    expect(e.props).toEqual({ sourceType: 'sqs', enabled: false, batchSize: 50, maxBatchingWindowSeconds: 2, reportBatchItemFailures: true, maxConcurrency: 5, filters: [{ body: { kind: ['job'] } }] });
    expect(e.origin).toEqual({ path: 'WorkerJobs', source: { file: 'template.yaml', line: lineOf(text, '        Jobs:'), column: 9 } });
  });

  it('Kinesis: the stream settings and the on-failure queue', () => {
    expect(edge(stack, 'StreamsClicks', 'eventSourceMapping')).toMatchObject({
      from: 'Clicks',
      to: 'Streams',
      props: { sourceType: 'kinesis', enabled: true, startingPosition: 'TRIM_HORIZON', batchSize: 100, bisectBatchOnError: true, maxRetryAttempts: 3, maxRecordAgeSeconds: 3600, parallelizationFactor: 2, onFailure: 'Failures', reportBatchItemFailures: false, filters: [] },
    });
  });

  it('DynamoDB: from the table (its StreamArn)', () => {
    expect(edge(stack, 'StreamsCarts', 'eventSourceMapping')).toMatchObject({ from: 'Carts', to: 'Streams', props: { sourceType: 'dynamodb', startingPosition: 'LATEST', tumblingWindowSeconds: 60 } });
  });

  it('with AutoPublishAlias, events invoke the alias (as SAM routes them)', () => {
    expect(edge(stack, 'LiveJobs', 'eventSourceMapping').to).toBe('LiveAliaslive');
  });
});

describe('push events', () => {
  it('SNS: a subscription from the topic, its filter policy, FilterPolicyScope kept as an override', () => {
    expect(edge(stack, 'PushTopic', 'subscription')).toMatchObject({
      from: 'Topic',
      to: 'Push',
      logicalId: 'PushTopic',
      props: { protocol: 'lambda', filterPolicy: { kind: ['alert'] } },
      overrides: [{ path: 'FilterPolicyScope', value: 'MessageAttributes' }],
    });
  });

  it('SNS with SqsSubscription: the queue SAM makes, a subscription to it, a mapping from it (BatchSize 10)', () => {
    expect(node(stack, 'PushViaQueueQueue', 'queue').props).toEqual({ fifo: false, encryption: 'sqs-managed' });
    expect(edge(stack, 'PushViaQueue', 'subscription')).toMatchObject({ from: 'Topic', to: 'PushViaQueueQueue', props: { protocol: 'sqs' } });
    expect(edge(stack, 'PushViaQueueEventSourceMapping', 'eventSourceMapping')).toMatchObject({
      from: 'PushViaQueueQueue',
      to: 'Push',
      logicalId: 'PushViaQueueEventSourceMapping',
      props: { sourceType: 'sqs', enabled: true, batchSize: 10 },
    });
  });

  it('S3: a notification from the bucket, its events, prefix and suffix (rule names in any case)', () => {
    expect(edge(stack, 'PushUpload', 'notification')).toMatchObject({ from: 'Uploads', to: 'Push', logicalId: 'PushUpload', props: { events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], prefix: 'in/', suffix: '.csv' } });
  });
});

describe('schedules and rules: a schedule node (the rule SAM makes, <Function><Event>) and its target', () => {
  it('Schedule: expression, name, description, state; the target\'s input, retry policy and dead-letter queue', () => {
    expect(node(stack, 'TimedHourly', 'schedule').props).toEqual({ ruleName: 'hourly', description: 'every hour', scheduleExpression: 'rate(1 hour)', enabled: false });
    expect(edge(stack, 'TimedHourly#target:Timed', 'ruleTarget')).toMatchObject({ from: 'TimedHourly', to: 'Timed', props: { input: { mode: 'full' }, retryAttempts: 1, maxEventAgeSeconds: 600, deadLetterQueue: 'Failures' } });
  });

  it('ScheduleV2 (EventBridge Scheduler): a schedule node too; what only Scheduler has is kept as unmodelled', () => {
    expect(node(stack, 'TimedNightly', 'schedule').props).toEqual({ scheduleExpression: 'cron(0 2 * * ? *)', enabled: false });
    expect(edge(stack, 'TimedNightly#target:Timed', 'ruleTarget').props).toEqual({ retryAttempts: 2 });
    expect(unmodelled.find((u) => u.path === 'Events.Nightly.Properties.ScheduleExpressionTimezone')).toMatchObject({ resource: 'Timed', type: 'ScheduleV2', value: 'Europe/Paris' });
  });

  it('EventBridgeRule: the pattern, the rule name, the bus as an override, a dead-letter queue SAM creates', () => {
    const rule = node(stack, 'TimedOrders', 'schedule');
    expect(rule.props).toEqual({ ruleName: 'orders', eventPattern: { source: ['acme.orders'] }, enabled: true });
    expect(rule.overrides).toEqual([{ path: 'EventBusName', value: 'orders-bus' }]);
    expect(node(stack, 'TimedOrdersQueue', 'queue')).toBeDefined();
    expect(edge(stack, 'TimedOrders#target:Timed', 'ruleTarget').props).toEqual({ deadLetterQueue: 'TimedOrdersQueue' });
  });

  it('CloudWatchEvent: as EventBridgeRule', () => {
    expect(node(stack, 'TimedLegacy', 'schedule').props).toEqual({ eventPattern: { source: ['aws.ec2'] }, enabled: false });
  });
});

describe('HttpApi events: routes', () => {
  it('of the API the event names: method upper-cased, timeout, payload format 2.0 by default', () => {
    expect(edge(stack, 'Api#route:GET /items/{id}', 'apiRoute')).toMatchObject({ from: 'Api', to: 'Routes', logicalId: 'RoutesGet', props: { method: 'GET', path: '/items/{id}', payloadFormatVersion: '2.0', timeoutMillis: 5000 } });
    expect(node(stack, 'Api', 'api').props).toEqual({ stageName: 'v1' });
  });

  it('of ServerlessHttpApi when the event names none (created once, stage $default); no Path and Method: the $default route', () => {
    expect(node(stack, 'ServerlessHttpApi', 'api')).toMatchObject({ logicalId: 'ServerlessHttpApi', props: { stageName: '$default' } });
    expect(edge(stack, 'ServerlessHttpApi#route:GET /health', 'apiRoute').props).toEqual({ method: 'GET', path: '/health', payloadFormatVersion: '1.0' });
    expect(edge(stack, 'ServerlessHttpApi#route:ANY $default', 'apiRoute').props).toEqual({ method: 'ANY', path: '$default', payloadFormatVersion: '2.0' });
    expect(stack.nodes.filter((n) => n.kind === 'api')).toHaveLength(2);
  });
});

describe('Api (REST) events: routes with their TimeoutInMillis', () => {
  const rest = (timeout: string) =>
    load(
      lines(
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Millis: { Type: Number }',
        'Resources:',
        ...fn('Export', 'Events:', '  Get:', '    Type: Api', `    Properties: { Path: /x, Method: get${timeout} }`),
      ),
    ).stack;

  it('the integration timeout SAM writes from the event (29 s without it)', () => {
    expect(edge(rest(', TimeoutInMillis: 5000'), 'ServerlessRestApi#route:GET /x', 'apiRoute').props).toEqual({ method: 'GET', path: '/x', payloadFormatVersion: '1.0', timeoutMillis: 5000, api: 'rest' });
    expect(edge(rest(''), 'ServerlessRestApi#route:GET /x', 'apiRoute').props).toEqual({ method: 'GET', path: '/x', payloadFormatVersion: '1.0', api: 'rest' });
  });

  it('unknown when a parameter without a value gives it', () => {
    expect(edge(rest(', TimeoutInMillis: !Ref Millis'), 'ServerlessRestApi#route:GET /x', 'apiRoute').unknown).toEqual(['timeoutMillis']);
  });
});

describe('events lambdaform does not model', () => {
  it('are kept, each with its type, path, line and value; the function imports all the same', () => {
    expect(node(stack, 'Others', 'function').props.runtime).toBe('nodejs22.x');
    const kept = unmodelled.filter((u) => u.resource === 'Others');
    // In SAM's order of events (by Path, else by name).
    expect(kept.map((u) => [u.path, u.type])).toEqual([
      ['Events.Rest', 'Api'],
      ['Events.Alexa', 'AlexaSkill'],
      ['Events.Broker', 'MQ'],
      ['Events.Docs', 'DocumentDB'],
      ['Events.Iot', 'IoTRule'],
      ['Events.Kafka', 'MSK'],
      ['Events.Logs', 'CloudWatchLogs'],
      ['Events.Outside', 'SQS'],
      ['Events.OutsideTopic', 'SNS'],
      ['Events.Pool', 'Cognito'],
      ['Events.SelfKafka', 'SelfManagedKafka'],
    ]);
    expect(kept[0]).toEqual({
      resource: 'Others',
      nodeId: 'Others',
      path: 'Events.Rest',
      type: 'Api',
      reason: 'a REST API (API Gateway v1) event: linted as a route, but lambdaform does not write REST APIs, so synth of the imported model leaves it out',
      source: { file: 'template.yaml', line: lineOf(text, '  Rest: { Type: Api'), column: 9 },
      value: { Type: 'Api', Properties: { Path: '/x', Method: 'get' } },
    });
    expect(kept.find((u) => u.path === 'Events.Outside')!.reason).toBe('the queue is not a queue of this template');
    // The REST event is a route for the rules too (the 29 s REST limit), from SAM's implicit API.
    expect(edge(stack, 'ServerlessRestApi#route:GET /x', 'apiRoute')).toMatchObject({ from: 'ServerlessRestApi', to: 'Others', props: { method: 'GET', path: '/x', payloadFormatVersion: '1.0', api: 'rest' } });
    expect(edges(stack, 'eventSourceMapping').filter((e) => e.to === 'Others')).toEqual([]);
  });

  it('but the role SAM generates still gets their managed policies (SQS, MSK)', () => {
    expect(node(stack, 'OthersRole', 'role').props.managedPolicies.map((m) => JSON.stringify(m))).toEqual(
      ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaMSKExecutionRole', 'service-role/AWSLambdaSQSQueueExecutionRole'].map((n) =>
        JSON.stringify({ $join: ['arn:', { $pseudo: 'AWS::Partition' }, `:iam::aws:policy/${n}`] }),
      ),
    );
  });
});

it('an acknowledgement on the function covers what its events make', () => {
  const t = lines(
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Q: { Type: AWS::SQS::Queue }',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Metadata:',
    '      lambdaform:acknowledge: [{ rule: sqs-partial-batch, reason: the handler is idempotent }]',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs22.x',
    '      InlineCode: x',
    '      Events: { Q: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } } }',
  );
  const s = load(t).stack;
  expect(edge(s, 'FnQ', 'eventSourceMapping').origin.acknowledged).toEqual([{ rule: 'sqs-partial-batch', reason: 'the handler is idempotent' }]);
});
