import {
  AttributeType,
  Bucket,
  Duration,
  DynamoEventSource,
  KinesisEventSource,
  Queue,
  SqsEventSource,
  StartingPosition,
  Stream,
  StreamViewType,
  Table,
  Topic,
  type Stack,
  type StreamMappingOptions,
} from '../../../lib/all.js';
import { streamFailureHandling } from '../../../lib/lint/rules/stream-failure-handling.js';
import { S3OnFailureDestination, SnsDlq, SqsDlq } from '../../../lib/modules/aws-lambda-event-sources.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

type Options = Omit<StreamMappingOptions, 'startingPosition'>;

/** `Fn` reading the Kinesis stream `S` with `options`. */
const kinesis = (options: Options = {}) => (stack: Stack) => {
  newFunction(stack, 'Fn').addEventSource(new KinesisEventSource(new Stream(stack, 'S', { retentionPeriod: Duration.hours(48) }), { startingPosition: StartingPosition.TRIM_HORIZON, ...options }));
};

/** `Fn` reading the stream of the table `T` with `options`. */
const dynamo = (options: Options = {}) => (stack: Stack) => {
  const table = new Table(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE });
  newFunction(stack, 'Fn').addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST, ...options }));
};

/** A model whose edge `id` lacks `keys` (an imported template that leaves AWS defaults implicit). */
const without =
  (id: string, ...keys: string[]) =>
  (stack: StackModel): StackModel => ({
    ...stack,
    edges: stack.edges.map((e) => (e.id === id ? ({ ...e, props: Object.fromEntries(Object.entries(e.props).filter(([k]) => !keys.includes(k))) } as typeof e) : e)),
  });

const KINESIS = 'Test/Fn/KinesisEventSourceS';
const DYNAMO = 'Test/Fn/DynamoEventSourceT';

ruleTester(streamFailureHandling, {
  valid: [
    { name: 'TRAP: an SQS mapping is never asked for an on-failure destination', build: (s) => newFunction(s, 'Fn').addEventSource(new SqsEventSource(new Queue(s, 'Q'))) },
    { name: 'bounded retries, bisect and an on-failure queue', build: (s) => kinesis({ retryAttempts: 3, bisectBatchOnError: true, onFailure: new SqsDlq(new Queue(s, 'Failed')) })(s) },
    { name: 'a maximum record age and an on-failure topic', build: (s) => dynamo({ maxRecordAge: Duration.hours(1), onFailure: new SnsDlq(new Topic(s, 'Failed')) })(s) },
    { name: 'bounded retries and an on-failure bucket', build: (s) => dynamo({ retryAttempts: 0, onFailure: new S3OnFailureDestination(new Bucket(s, 'Failed')) })(s) },
  ],
  invalid: [
    {
      name: 'a Kinesis mapping with the defaults: a poison record blocks the shard',
      build: kinesis(),
      findings: [
        {
          path: KINESIS,
          message: /^Test\/Fn\/KinesisEventSourceS retries a failing batch from Test\/S without limit \(maxRetryAttempts -1, no maxRecordAge\): one poison record blocks its shard until it expires from the stream \(its retention: 48 h\)/,
        },
      ],
    },
    {
      // AWS: bisecting does not count towards retries, and the destination only gets batches Lambda gives up on.
      name: 'unbounded retries are not bounded by an on-failure destination',
      build: (s) => kinesis({ onFailure: new SqsDlq(new Queue(s, 'Failed')) })(s),
      findings: [{ path: KINESIS, message: /without limit .*\(the onFailure destination only gets batches Lambda gives up on, which it never does\)$/ }],
    },
    { name: 'unbounded retries are not bounded by bisect', build: dynamo({ bisectBatchOnError: true }), findings: [{ path: DYNAMO, message: /without limit .*\(bisecting does not count as a retry\)$/ }] },
    { name: 'a DynamoDB mapping with the defaults', build: dynamo(), findings: [{ path: DYNAMO, message: /from Test\/T without limit .* until it expires from the table's stream, and the records behind it wait$/ }] },
    { name: 'an imported mapping that leaves the retry settings implicit', build: kinesis({ retryAttempts: 3 }), edit: without(KINESIS, 'maxRetryAttempts', 'maxRecordAgeSeconds'), findings: [{ path: KINESIS, message: /without limit/ }] },
    {
      name: 'bounded retries without an on-failure destination: info',
      build: kinesis({ retryAttempts: 3 }),
      findings: [{ path: KINESIS, severity: 'info', message: /^Test\/Fn\/KinesisEventSourceS discards a failing batch from Test\/S after 3 retries but has no onFailure destination: discarded records are lost without a trace$/ }],
    },
    { name: 'a maximum record age without an on-failure destination: info', build: dynamo({ maxRecordAge: Duration.hours(1), bisectBatchOnError: true }), findings: [{ path: DYNAMO, severity: 'info', message: /discards a failing batch from Test\/T once its records are older than 3600 s but/ }] },
    { name: 'both bounds: info', build: dynamo({ retryAttempts: 1, maxRecordAge: Duration.minutes(1) }), findings: [{ path: DYNAMO, severity: 'info', message: /after 1 retry or once its records are older than 60 s/ }] },
  ],
});
