// Every hard limit of LAMBDA-FACTS.md for these constructs fails at construction with a
// LambdaformError naming the construct path, the property, the value and the allowed range.
import { describe, expect, it } from 'vitest';
import {
  Alias,
  HttpApi,
  HttpLambdaIntegration,
  Code,
  Duration,
  DynamoEventSource,
  EventSourceMapping,
  KinesisEventSource,
  LayerVersion,
  Queue,
  Runtime,
  Size,
  SqsEventSource,
  StartingPosition,
  Stream,
  StreamViewType,
  Table,
  AttributeType,
  type Stack,
} from '../../lib/all.js';
import { HttpMethod } from '../../lib/modules/aws-apigatewayv2.js';
import { SqsDestination } from '../../lib/modules/aws-lambda-destinations.js';
import { SqsDlq } from '../../lib/modules/aws-lambda-event-sources.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

interface LimitCase {
  readonly limit: string;
  readonly build: (stack: Stack) => void;
  /** The message, after the `Test/<Construct>: ` prefix. */
  readonly message: RegExp;
  /** Construct path the message must start with. */
  readonly path: string;
}

const layer = (id: string) => LayerVersion.fromLayerVersionArn(`arn:aws:lambda:us-east-1:123456789012:layer:${id}:1`);
const table = (s: Stack) => new Table(s, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE });

const CASES: LimitCase[] = [
  // Function
  { limit: 'memory below 128 MB', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { memorySize: Size.mebibytes(127) }), message: /memorySize must be between 128 and 10240 MiB, got 127/ },
  { limit: 'memory above 10,240 MB', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { memorySize: Size.mebibytes(10241) }), message: /memorySize must be between 128 and 10240 MiB, got 10241/ },
  { limit: 'memory in 1 MB steps', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { memorySize: Size.kibibytes(200_000) }), message: /memorySize must be a whole number of MiB, got 200000 kibibytes/ },
  { limit: 'timeout below 1 s', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { timeout: Duration.seconds(0) }), message: /timeout must be between 1 and 900 seconds, got 0/ },
  { limit: 'timeout above 900 s', path: 'Test/Resize', build: (s) => newFunction(s, 'Resize', { timeout: Duration.seconds(901) }), message: /^timeout must be between 1 and 900 seconds, got 901$/ },
  { limit: 'ephemeral storage below 512 MB', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { ephemeralStorageSize: Size.mebibytes(511) }), message: /ephemeralStorageSize must be between 512 and 10240 MiB, got 511/ },
  { limit: 'ephemeral storage above 10,240 MB', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { ephemeralStorageSize: Size.gibibytes(11) }), message: /ephemeralStorageSize must be between 512 and 10240 MiB, got 11264/ },
  { limit: 'environment over 4 KB', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { environment: { BIG: 'x'.repeat(4094) } }), message: /environment must be at most 4096 bytes in total \(keys \+ values\), got 4097/ },
  { limit: 'at most 5 layers', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { layers: [1, 2, 3, 4, 5, 6].map((i) => layer(`l${i}`)) }), message: /layers must be at most 5 per function, got 6/ },
  { limit: 'reserved concurrency below 0', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { reservedConcurrentExecutions: -1 }), message: /reservedConcurrentExecutions must be at least 0, got -1/ },
  { limit: 'reserved concurrency is a whole number', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { reservedConcurrentExecutions: 1.5 }), message: /reservedConcurrentExecutions must be a whole number, got 1.5/ },
  { limit: 'async retries 0-2', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { retryAttempts: 3 }), message: /retryAttempts must be between 0 and 2, got 3/ },
  { limit: 'max event age at least 60 s', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { maxEventAge: Duration.seconds(59) }), message: /maxEventAge must be between 60 and 21600 seconds, got 59/ },
  { limit: 'max event age at most 6 h', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { maxEventAge: Duration.hours(7) }), message: /maxEventAge must be between 60 and 21600 seconds, got 25200/ },
  { limit: 'runtime past create-block', path: 'Test/Fn', build: (s) => newFunction(s, 'Fn', { runtime: Runtime.of('nodejs14.x') }), message: /runtime nodejs14.x can no longer be used for new functions \(AWS blocks creation since 2024-01-09\); use nodejs24.x instead/ },
  // Versions and aliases
  { limit: 'alias weight above 1', path: 'Test/Fn/A', build: (s) => { const f = newFunction(s); new Alias(f, 'A', { aliasName: 'live', version: f.currentVersion, additionalVersions: [{ version: f.addVersion('V2'), weight: 1.5 }] }); }, message: /additionalVersions weight must be between 0 and 1, got 1.5/ },
  { limit: 'alias weight below 0', path: 'Test/Fn/A', build: (s) => { const f = newFunction(s); new Alias(f, 'A', { aliasName: 'live', version: f.currentVersion, additionalVersions: [{ version: f.addVersion('V2'), weight: -0.1 }] }); }, message: /additionalVersions weight must be between 0 and 1, got -0.1/ },
  { limit: 'one additional version', path: 'Test/Fn/A', build: (s) => { const f = newFunction(s); new Alias(f, 'A', { aliasName: 'live', version: f.currentVersion, additionalVersions: [{ version: f.addVersion('V2'), weight: 0.1 }, { version: f.addVersion('V3'), weight: 0.1 }] }); }, message: /additionalVersions must have at most 1 entry, got 2/ },
  { limit: 'alias never points at an alias', path: 'Test/Fn/B', build: (s) => { const f = newFunction(s); const a = f.addAlias('live'); new Alias(f, 'B', { aliasName: 'beta', version: a as never }); }, message: /version must be a version; an alias cannot point at another alias \(got Test\/Fn\/Aliaslive\)/ },
  { limit: 'no provisioned concurrency on $LATEST', path: 'Test/Fn/A', build: (s) => { const f = newFunction(s); new Alias(f, 'A', { aliasName: 'live', version: f.latestVersion, provisionedConcurrentExecutions: 5 }); }, message: /provisionedConcurrentExecutions cannot be set on an alias of \$LATEST/ },
  { limit: 'provisioned concurrency at least 1', path: 'Test/Fn/V', build: (s) => { const f = newFunction(s); f.addVersion('V', { provisionedConcurrentExecutions: 0 }); }, message: /provisionedConcurrentExecutions must be at least 1, got 0/ },
  // Layers
  { limit: 'layer compatible runtimes at most 15', path: 'Test/L', build: (s) => new LayerVersion(s, 'L', { code: Code.fromBucket({ bucketName: 'b' }, 'k.zip'), compatibleRuntimes: Array(16).fill(Runtime.NODEJS_22_X) }), message: /compatibleRuntimes must have at most 15 entries, got 16/ },
  // Queue
  { limit: 'visibility timeout above 43,200 s', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { visibilityTimeout: Duration.seconds(43_201) }), message: /visibilityTimeout must be between 0 and 43200 seconds, got 43201/ },
  { limit: 'retention below 60 s', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { retentionPeriod: Duration.seconds(59) }), message: /retentionPeriod must be between 60 and 1209600 seconds, got 59/ },
  { limit: 'retention above 14 days', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { retentionPeriod: Duration.days(15) }), message: /retentionPeriod must be between 60 and 1209600 seconds, got 1296000/ },
  { limit: 'delivery delay above 900 s', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { deliveryDelay: Duration.seconds(901) }), message: /deliveryDelay must be between 0 and 900 seconds, got 901/ },
  { limit: 'long polling wait above 20 s', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { receiveMessageWaitTime: Duration.seconds(21) }), message: /receiveMessageWaitTime must be between 0 and 20 seconds, got 21/ },
  { limit: 'FIFO name ends in .fifo', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { fifo: true, queueName: 'orders' }), message: /queueName of a FIFO queue must end in '.fifo', got 'orders'/ },
  { limit: "FIFO queue's DLQ is FIFO", path: 'Test/Q', build: (s) => new Queue(s, 'Q', { fifo: true, deadLetterQueue: { queue: new Queue(s, 'D'), maxReceiveCount: 5 } }), message: /the dead-letter queue of a FIFO queue must be FIFO, got the standard queue Test\/D/ },
  { limit: 'maxReceiveCount 1-1,000', path: 'Test/Q', build: (s) => new Queue(s, 'Q', { deadLetterQueue: { queue: new Queue(s, 'D'), maxReceiveCount: 0 } }), message: /deadLetterQueue.maxReceiveCount must be between 1 and 1000, got 0/ },
  // SQS mappings
  { limit: 'SQS batch size above 10,000', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q'), { batchSize: 10_001, maxBatchingWindow: Duration.seconds(5) })), message: /batchSize must be between 1 and 10000, got 10001/ },
  { limit: 'SQS batch size above 10 needs a window', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q'), { batchSize: 11 })), message: /batchSize must be between 1 and 10 when maxBatchingWindow is not at least 1 second, got 11/ },
  { limit: 'FIFO batch size 1-10', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q', { fifo: true }), { batchSize: 11 })), message: /batchSize must be between 1 and 10 for a FIFO queue, got 11/ },
  { limit: 'batching window 0-300 s', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q'), { maxBatchingWindow: Duration.seconds(301) })), message: /maxBatchingWindow must be between 0 and 300 seconds, got 301/ },
  { limit: 'no batching window on FIFO', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q', { fifo: true }), { maxBatchingWindow: Duration.seconds(1) })), message: /maxBatchingWindow is not supported for FIFO queues \(Test\/Q\)/ },
  { limit: 'maximum concurrency 2-1,000', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q'), { maxConcurrency: 1 })), message: /maxConcurrency must be between 2 and 1000, got 1/ },
  { limit: 'visibility timeout >= function timeout', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s, 'Fn', { timeout: Duration.seconds(60) }).addEventSource(new SqsEventSource(new Queue(s, 'Q'))), message: /the visibility timeout of Test\/Q \(30 seconds\) must be at least the timeout of Test\/Fn \(60 seconds\); CloudFormation refuses this mapping/ },
  // Stream mappings
  { limit: 'stream batch size above 10,000', path: 'Test/Fn/KinesisEventSourceS', build: (s) => newFunction(s).addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST, batchSize: 10_001 })), message: /batchSize must be between 1 and 10000, got 10001/ },
  { limit: 'stream retries 0-10,000', path: 'Test/Fn/KinesisEventSourceS', build: (s) => newFunction(s).addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST, retryAttempts: 10_001 })), message: /retryAttempts must be between 0 and 10000, got 10001/ },
  { limit: 'record age at least 60 s', path: 'Test/Fn/KinesisEventSourceS', build: (s) => newFunction(s).addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST, maxRecordAge: Duration.seconds(59) })), message: /maxRecordAge must be between 60 and 604800 seconds, got 59/ },
  { limit: 'record age at most 7 days', path: 'Test/Fn/DynamoEventSourceT', build: (s) => newFunction(s).addEventSource(new DynamoEventSource(table(s), { startingPosition: StartingPosition.LATEST, maxRecordAge: Duration.days(8) })), message: /maxRecordAge must be between 60 and 604800 seconds, got 691200/ },
  { limit: 'parallelization factor 1-10', path: 'Test/Fn/DynamoEventSourceT', build: (s) => newFunction(s).addEventSource(new DynamoEventSource(table(s), { startingPosition: StartingPosition.TRIM_HORIZON, parallelizationFactor: 11 })), message: /parallelizationFactor must be between 1 and 10, got 11/ },
  { limit: 'stream batching window 0-300 s', path: 'Test/Fn/KinesisEventSourceS', build: (s) => newFunction(s).addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST, maxBatchingWindow: Duration.minutes(6) })), message: /maxBatchingWindow must be between 0 and 300 seconds, got 360/ },
  { limit: 'stream needs a starting position', path: 'Test/M', build: (s) => new EventSourceMapping(s, 'M', { target: newFunction(s), source: new Stream(s, 'S') }), message: /startingPosition is required for a stream source \(TRIM_HORIZON, LATEST or AT_TIMESTAMP\)/ },
  { limit: 'at most 5 filters', path: 'Test/Fn/SqsEventSourceQ', build: (s) => newFunction(s).addEventSource(new SqsEventSource(new Queue(s, 'Q'), { filters: Array(6).fill({ body: { a: [1] } }) })), message: /filters must have at most 5 patterns, got 6/ },
  // Stream
  { limit: 'Kinesis retention 24-8,760 hours', path: 'Test/S', build: (s) => new Stream(s, 'S', { retentionPeriod: Duration.hours(23) }), message: /retentionPeriod must be between 24 and 8760 hours, got 23/ },
  // API
  { limit: 'HTTP API integration timeout at most 30 s', path: 'Test/Api', build: (s) => new HttpApi(s, 'Api').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('X', newFunction(s), { timeout: Duration.seconds(31) }) }), message: /route 'GET \/x' timeout must be between 50 and 30000 milliseconds, got 31000/ },
  { limit: 'HTTP API integration timeout at least 50 ms', path: 'Test/Api', build: (s) => new HttpApi(s, 'Api').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('X', newFunction(s), { timeout: Duration.millis(49) }) }), message: /timeout must be between 50 and 30000 milliseconds, got 49/ },
];

describe('hard limits fail at construction', () => {
  it.each(CASES)('$limit', ({ build, message, path }) => {
    const stack = newStack();
    expectLambdaformError(() => build(stack), path, message);
  });
});

describe('Lambda delivers to standard queues only', () => {
  it.each([
    ['onSuccess', (s: Stack, q: Queue) => newFunction(s, 'Fn', { onSuccess: new SqsDestination(q) }), 'Test/Fn'],
    ['onFailure', (s: Stack, q: Queue) => newFunction(s, 'Fn', { onFailure: new SqsDestination(q) }), 'Test/Fn'],
    ['deadLetterQueue', (s: Stack, q: Queue) => newFunction(s, 'Fn', { deadLetterQueue: q }), 'Test/Fn'],
    ['onFailure', (s: Stack, q: Queue) => newFunction(s).addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST, onFailure: new SqsDlq(q) })), 'Test/Fn/KinesisEventSourceS'],
  ] as const)('%s refuses a FIFO queue', (what, build, path) => {
    const stack = newStack();
    const fifo = new Queue(stack, 'F', { fifo: true });
    expect(() => build(stack, fifo)).toThrow(new RegExp(`^${path}: ${what} must be a standard queue; Lambda cannot deliver to the FIFO queue Test/F$`));
  });
});

describe('reserved concurrency across functions', () => {
  it('is not capped at synthesis: what can be reserved depends on the account limit (the reserved-concurrency-budget rule checks it)', () => {
    // GIVEN two functions reserving 1,901 in all: more than a default account (1,000) allows, fine for a raised limit
    const stack = newStack();
    newFunction(stack, 'A', { reservedConcurrentExecutions: 1000 });
    newFunction(stack, 'B', { reservedConcurrentExecutions: 901 });
    // WHEN / THEN
    expect(stackModel(stack).nodes.filter((n) => n.kind === 'function').map((n) => n.props.reservedConcurrency)).toEqual([1000, 901]);
  });
});
