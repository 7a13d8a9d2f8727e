// Event source mappings: SQS, Kinesis and DynamoDB stream sources, the mapping properties they
// render, exactly what polling adds to the target's role, and the mapping edge in the model.
import { describe, expect, it } from 'vitest';
import {
  App,
  Bucket,
  AttributeType,
  Duration,
  DynamoEventSource,
  EventSourceMapping,
  KinesisEventSource,
  Queue,
  S3OnFailureDestination,
  SnsDlq,
  SqsDlq,
  SqsEventSource,
  StartingPosition,
  Stream,
  StreamViewType,
  Topic,
  Table,
  type Stack,
} from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { FilterCriteria, FilterRule } from '../../lib/modules/aws-lambda.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';
import { Key } from '../../lib/modules/aws-kms.js';



const SQS_POLL = { Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Resource: { 'Fn::GetAtt': ['Q', 'Arn'] } };
const KINESIS_READ = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
  'kinesis:SubscribeToShard',
];
const DYNAMO_STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

const streamTable = (stack: Stack) => new Table(stack, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING }, stream: StreamViewType.NEW_AND_OLD_IMAGES });

describe('SqsEventSource', () => {
  it('renders a mapping with only the queue, the function and Enabled by default', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new SqsEventSource(queue));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: Match.objectEquals({
        EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] },
        FunctionName: { Ref: 'Fn' },
        Enabled: true,
      }),
    });
    expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))).toEqual(['FnSqsEventSourceQ']);
  });

  it('renders batching, partial batch responses, scaling, filters and Enabled false', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
        maxConcurrency: 5,
        filters: [{ body: { type: ['order'] } }, { attributes: { SenderId: [{ prefix: 'A' }] } }],
        enabled: false,
      }),
    );

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'Fn' },
      EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
      FilterCriteria: {
        Filters: [{ Pattern: '{"body":{"type":["order"]}}' }, { Pattern: '{"attributes":{"SenderId":[{"prefix":"A"}]}}' }],
      },
      Enabled: false,
      StartingPosition: Match.absent(),
      MaximumRetryAttempts: Match.absent(),
      MaximumRecordAgeInSeconds: Match.absent(),
    });
  });

  it('gives the role exactly receive, delete and get-attributes on the queue ARN', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 5 }));

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([SQS_POLL]);
  });

  it('adds kms:Decrypt on the key of a KMS-encrypted queue', () => {
    // GIVEN
    const stack = newStack();
    const key = 'arn:aws:kms:us-east-1:123456789012:key/abc';
    const queue = new Queue(stack, 'Q', { encryptionMasterKey: Key.fromKeyArn(stack, 'Key', key) });
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new SqsEventSource(queue));

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([SQS_POLL, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }]);
  });

  it('refuses an onFailure destination on an SQS mapping', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const failures = new Queue(stack, 'Failures');
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => new EventSourceMapping(stack, 'M', { target: fn, source: queue, onFailure: new SqsDlq(failures) }),
      'Test/M',
      /an SQS mapping has no onFailure destination; give the queue Test\/Q a deadLetterQueue instead/,
    );
  });

  it('refuses stream-only options on an SQS mapping', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => new EventSourceMapping(stack, 'M', { target: fn, source: queue, startingPosition: StartingPosition.LATEST }),
      'Test/M',
      /startingPosition is only valid for stream sources \(Kinesis, DynamoDB\), not for the SQS queue Test\/Q/,
    );
  });

  it('puts a mapping edge from the queue node to the function node in the model', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 3 }));

    // THEN
    const model = App.of(stack).synth();
    const edges = model.stacks[0]!.edges.filter((e) => e.kind === 'eventSourceMapping');
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({
      kind: 'eventSourceMapping',
      id: 'Test/Fn/SqsEventSourceQ',
      from: 'Test/Q',
      to: 'Test/Fn',
      logicalId: 'FnSqsEventSourceQ',
      props: { sourceType: 'sqs', enabled: true, batchSize: 3, reportBatchItemFailures: false, filters: [] },
    });
    const nodeIds = model.stacks[0]!.nodes.map((n) => n.id);
    expect(nodeIds).toContain(edges[0]!.from);
    expect(nodeIds).toContain(edges[0]!.to);
  });
});

describe('KinesisEventSource', () => {
  it('renders the stream settings, retrying until expiry by default', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.TRIM_HORIZON }));

    // THEN
    Template.fromStack(stack).hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: Match.objectEquals({
        EventSourceArn: { 'Fn::GetAtt': ['S', 'Arn'] },
        FunctionName: { Ref: 'Fn' },
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: -1,
        MaximumRecordAgeInSeconds: -1,
        Enabled: true,
      }),
    });
  });

  it('renders retries, record age, bisect, parallelization and the failure destination', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const failures = new Queue(stack, 'Failures');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(
      new KinesisEventSource(stream, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 500,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(1),
        bisectBatchOnError: true,
        parallelizationFactor: 4,
        onFailure: new SqsDlq(failures),
      }),
    );

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['S', 'Arn'] },
      StartingPosition: 'LATEST',
      BatchSize: 500,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 4,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } },
    });
  });

  it('gives the role the Kinesis read actions on the stream and sqs:SendMessage on the failure queue', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const failures = new Queue(stack, 'Failures');
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, onFailure: new SqsDlq(failures) }));

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: KINESIS_READ, Resource: { 'Fn::GetAtt': ['S', 'Arn'] } },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Failures', 'Arn'] } },
    ]);
  });

  it('refuses a function, or a queue given directly (the former way), as the failure destination of a stream mapping', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const other = newFunction(stack, 'Other');
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, onFailure: other as never })),
      'Test/Fn/KinesisEventSourceS',
      /^onFailure expects an IEventSourceDlq such as new SqsDlq\(queue\) \(lambdaform\/aws-lambda-event-sources\), got the Function Test\/Other itself; write onFailure: new SqsDlq\(queue\), new SnsDlq\(topic\) or new S3OnFailureDestination\(bucket\) \(a function cannot be a stream failure destination\)$/,
    );
    expectLambdaformError(
      () => fn.addEventSource(new KinesisEventSource(new Stream(stack, 'S2'), { startingPosition: StartingPosition.LATEST, onFailure: new Queue(stack, 'Failed') as never })),
      'Test/Fn/KinesisEventSourceS2',
      /got the Queue Test\/Failed itself; write onFailure: new SqsDlq\(failed\) \(import \{ SqsDlq \} from 'lambdaform\/aws-lambda-event-sources'\)$/,
    );
  });

  it('SnsDlq and S3OnFailureDestination: the OnFailure destination and exactly the delivery grant, in both formats', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addEventSource(new KinesisEventSource(new Stream(stack, 'S'), { startingPosition: StartingPosition.LATEST, onFailure: new SnsDlq(new Topic(stack, 'T')) }));
    fn.addEventSource(new DynamoEventSource(new Table(stack, 'Tb', { partitionKey: { name: 'pk', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE }), { startingPosition: StartingPosition.LATEST, onFailure: new S3OnFailureDestination(new Bucket(stack, 'B')) }));
    const cfn = Template.fromStack(stack);
    cfn.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { 'Fn::GetAtt': ['S', 'Arn'] }, DestinationConfig: { OnFailure: { Destination: { Ref: 'T' } } } });
    cfn.hasResourceProperties('AWS::Lambda::EventSourceMapping', { DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['B', 'Arn'] } } } });
    expect(roleStatements(cfn, 'FnServiceRole')).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'T' } },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${B.Arn}/*' } },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['B', 'Arn'] } },
      ]),
    );
    const sam = Template.fromStack(stack, 'sam');
    sam.hasResourceProperties('AWS::Serverless::Function', { Events: { KinesisEventSourceS: { Type: 'Kinesis', Properties: Match.objectLike({ DestinationConfig: { OnFailure: { Destination: { Ref: 'T' } } } }) } } });
  });

  it('refuses SqsDlq of a FIFO queue, and SqsDlq given a topic', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const stream = new Stream(stack, 'S');
    expectLambdaformError(
      () => fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, onFailure: new SqsDlq(new Queue(stack, 'Q', { fifo: true })) })),
      'Test/Fn/KinesisEventSourceS',
      /^onFailure must be a standard queue; Lambda cannot deliver to the FIFO queue Test\/Q$/,
    );
    expectLambdaformError(
      () => fn.addEventSource(new KinesisEventSource(new Stream(stack, 'S2'), { startingPosition: StartingPosition.LATEST, onFailure: new SqsDlq(new Topic(stack, 'T') as never) })),
      'Test/Fn/KinesisEventSourceS2',
      /^SqsDlq expects a Queue \(new SqsDlq\(queue\)\), got sns \(Test\/T\)$/,
    );
  });
});

describe('DynamoEventSource', () => {
  it("reads the table's stream ARN", () => {
    // GIVEN
    const stack = newStack();
    const table = streamTable(stack);
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.TRIM_HORIZON, batchSize: 50 }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['T', 'StreamArn'] },
      FunctionName: { Ref: 'Fn' },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 50,
      MaximumRetryAttempts: -1,
    });
    expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))).toEqual(['FnDynamoEventSourceT']);
  });

  it('gives the role the DynamoDB stream read actions on the stream ARN only', () => {
    // GIVEN
    const stack = newStack();
    const table = streamTable(stack);
    const fn = newFunction(stack);

    // WHEN
    fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST }));

    // THEN
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: DYNAMO_STREAM_READ, Resource: { 'Fn::GetAtt': ['T', 'StreamArn'] } },
    ]);
  });

  it('refuses a table without a stream', () => {
    // GIVEN
    const stack = newStack();
    const table = new Table(stack, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST })),
      'Test/Fn/DynamoEventSourceT',
      /the table Test\/T has no stream; set its `stream` property/,
    );
  });

  it('refuses AT_TIMESTAMP for a DynamoDB stream', () => {
    // GIVEN
    const stack = newStack();
    const table = streamTable(stack);
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: new Date('2026-01-01T00:00:00Z') })),
      'Test/Fn/DynamoEventSourceT',
      /startingPosition AT_TIMESTAMP is only valid for Kinesis streams/,
    );
  });
});

describe('EventSourceMapping', () => {
  it('renders the same mapping and grants as SqsEventSource, under its own logical id', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    const mapping = new EventSourceMapping(stack, 'M', { target: fn, source: queue, batchSize: 10, reportBatchItemFailures: true });

    // THEN
    expect(mapping.sourceType).toBe('sqs');
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'))).toEqual(['M']);
    template.hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: Match.objectEquals({
        EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] },
        FunctionName: { Ref: 'Fn' },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        Enabled: true,
      }),
    });
    expect(roleStatements(template, 'FnServiceRole')).toEqual([SQS_POLL]);
  });

  it('renders a Kinesis mapping with AT_TIMESTAMP and its timestamp in seconds', () => {
    // GIVEN
    const stack = newStack();
    const stream = new Stream(stack, 'S');
    const fn = newFunction(stack);

    // WHEN
    const mapping = new EventSourceMapping(stack, 'M', {
      target: fn,
      source: stream,
      startingPosition: StartingPosition.AT_TIMESTAMP,
      startingPositionTimestamp: new Date('2026-01-01T00:00:00Z'),
      tumblingWindow: Duration.minutes(1),
    });

    // THEN
    expect(mapping.sourceType).toBe('kinesis');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['S', 'Arn'] },
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1_767_225_600,
      TumblingWindowInSeconds: 60,
    });
    expect(roleStatements(template, 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: KINESIS_READ, Resource: { 'Fn::GetAtt': ['S', 'Arn'] } }]);
  });

  it("takes startingPositionTimestamp in Unix seconds, as aws-cdk-lib's KinesisEventSource does, and refuses a negative one", () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addEventSource(new KinesisEventSource(new Stream(stack, 'S'), { startingPosition: StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1_700_000_000 }));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1_700_000_000 });
    const other = newStack();
    expect(() => newFunction(other).addEventSource(new KinesisEventSource(new Stream(other, 'S'), { startingPosition: StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: -1 }))).toThrow(
      /startingPositionTimestamp expects a Unix time in seconds \(as aws-cdk-lib takes it\) or a valid Date, got the number -1/,
    );
  });

  it("takes a filter as aws-cdk-lib writes it ({ pattern: '<JSON>' }, what FilterCriteria.filter returns) as the pattern it holds, not encoded twice", () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addEventSource(new DynamoEventSource(streamTable(stack), { startingPosition: StartingPosition.LATEST, filters: [{ pattern: JSON.stringify({ eventName: ['INSERT'] }) }, { dynamodb: { Keys: { id: { S: ['a'] } } } }] }));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }, { Pattern: '{"dynamodb":{"Keys":{"id":{"S":["a"]}}}}' }] },
    });
    // CDK's helpers give that form.
    const cdk = newStack();
    newFunction(cdk).addEventSource(
      new DynamoEventSource(streamTable(cdk), {
        startingPosition: StartingPosition.LATEST,
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { n: { N: FilterRule.between(1, 5) }, s: { S: FilterRule.beginsWith('a') } } } })],
      }),
    );
    Template.fromStack(cdk).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"n":{"N":[{"numeric":[">",1,"<=",5]}]},"s":{"S":[{"prefix":"a"}]}}}}' }] },
    });
    expect([FilterRule.null(), FilterRule.empty(), FilterRule.isEqual(3), FilterRule.or('a', 'b'), FilterRule.notEquals('x'), FilterRule.exists(), FilterRule.notExists()]).toEqual([
      [null],
      [''],
      [{ numeric: ['=', 3] }],
      ['a', 'b'],
      [{ 'anything-but': ['x'] }],
      [{ exists: true }],
      [{ exists: false }],
    ]);
    const other = newStack();
    expect(() => newFunction(other).addEventSource(new DynamoEventSource(streamTable(other), { startingPosition: StartingPosition.LATEST, filters: [{ pattern: '{not json' }] }))).toThrow(
      /a filter's pattern must be the JSON text of an event pattern object \(as FilterCriteria\.filter writes it\), got "\{not json"/,
    );
  });

  it('renders a DynamoDB mapping and its model edge from the table to the function', () => {
    // GIVEN
    const stack = newStack();
    const table = streamTable(stack);
    const fn = newFunction(stack);

    // WHEN
    new EventSourceMapping(stack, 'M', { target: fn, source: table, startingPosition: StartingPosition.LATEST });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['T', 'StreamArn'] },
      StartingPosition: 'LATEST',
    });
    const edge = App.of(stack).synth().stacks[0]!.edges.find((e) => e.kind === 'eventSourceMapping');
    expect(edge).toMatchObject({ id: 'Test/M', from: 'Test/T', to: 'Test/Fn', logicalId: 'M', props: { sourceType: 'dynamodb', startingPosition: 'LATEST' } });
  });
});

describe('deploy-time values inside filter patterns', () => {
  it('writes a pattern with a token as an Fn::Sub of the JSON, not as JSON of an intrinsic', () => {
    // GIVEN a filter on a message attribute that holds another queue's URL
    const stack = newStack();
    const other = new Queue(stack, 'Other');
    newFunction(stack).addEventSource(new SqsEventSource(new Queue(stack, 'Q'), { filters: [{ body: { replyTo: [other.queueUrl] } }] }));
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: { 'Fn::Sub': '{"body":{"replyTo":["${Other}"]}}' } }] },
    });
  });

  it('keeps a literal pattern a plain JSON string, escaping nothing', () => {
    const stack = newStack();
    newFunction(stack).addEventSource(new SqsEventSource(new Queue(stack, 'Q'), { filters: [{ body: { type: ['order'] } }] }));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { FilterCriteria: { Filters: [{ Pattern: '{"body":{"type":["order"]}}' }] } });
  });
});

describe('one mapping per source and function', () => {
  it('refuses the same queue twice, naming the function and the queue', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const q = new Queue(stack, 'Q');
    fn.addEventSource(new SqsEventSource(q));
    expectLambdaformError(() => fn.addEventSource(new SqsEventSource(q)), 'Test/Fn', /^already has an event source mapping from Test\/Q; Lambda allows one mapping per source and function$/);
  });
});
