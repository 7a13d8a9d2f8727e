import {
  HttpApi,
  HttpLambdaIntegration,
  Bucket,
  EventType,
  KinesisEventSource,
  Queue,
  SqsEventSource,
  StartingPosition,
  Stream,
  Topic,
  type Function,
  type Stack,
} from '../../../lib/all.js';
import { HttpMethod } from '../../../lib/modules/aws-apigatewayv2.js';
import { LambdaDestination } from '../../../lib/modules/aws-lambda-destinations.js';
import { LambdaDestination as S3LambdaDestination } from '../../../lib/modules/aws-s3-notifications.js';
import { LambdaSubscription } from '../../../lib/modules/aws-sns-subscriptions.js';
import { describe, expect, it } from 'vitest';
import { functionDlqWithMapping } from '../../../lib/lint/rules/function-dlq-with-mapping.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';

/** The function `Fn` with the dead-letter queue `FnDlq`, read from the queue `Q`; `more` adds other sources. */
const withMapping = (more: (stack: Stack, fn: Function) => void = () => {}) => (stack: Stack) => {
  const fn = newFunction(stack, 'Fn', { deadLetterQueue: new Queue(stack, 'FnDlq') });
  fn.addEventSource(new SqsEventSource(new Queue(stack, 'Q')));
  more(stack, fn);
};

ruleTester(functionDlqWithMapping, {
  valid: [
    { name: 'also invoked asynchronously by SNS', build: withMapping((s, fn) => void new Topic(s, 'T').addSubscription(new LambdaSubscription(fn))) },
    { name: 'also invoked asynchronously by S3, through an alias', build: withMapping((s, fn) => new Bucket(s, 'B').addEventNotification(EventType.OBJECT_CREATED, new S3LambdaDestination(fn.addAlias('live')))) },
    { name: "another function's on-failure destination (Lambda invokes it asynchronously)", build: withMapping((s, fn) => void newFunction(s, 'Caller', { onFailure: new LambdaDestination(fn) })) },
    { name: 'a role may invoke it (perhaps with InvocationType Event)', build: withMapping((s, fn) => fn.grantInvoke(newFunction(s, 'Caller'))) },
    { name: 'a principal may invoke it', build: withMapping((_s, fn) => void fn.addPermission('Partner', { principal: '123456789012' })) },
    { name: 'nothing in the stack invokes it (callers outside may invoke it asynchronously)', build: (s) => void newFunction(s, 'Fn', { deadLetterQueue: new Queue(s, 'FnDlq') }) },
    { name: 'a mapping without a function DLQ', build: (s) => newFunction(s, 'Fn').addEventSource(new SqsEventSource(new Queue(s, 'Q'))) },
  ],
  invalid: [
    {
      name: 'only an SQS mapping',
      build: withMapping(),
      findings: [
        {
          path: 'Test/Fn',
          message: /^Test\/Fn has a dead-letter queue \(Test\/FnDlq\) but is only invoked synchronously, by an SQS event source mapping from Test\/Q: Lambda sends only failed asynchronous events to a function's dead-letter queue, so Test\/FnDlq will never receive anything$/,
        },
      ],
    },
    {
      name: 'an SQS mapping and an API route',
      build: withMapping((s, fn) => new HttpApi(s, 'Api').addRoutes({ path: '/orders', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('Orders', fn) })),
      findings: [{ path: 'Test/Fn', message: /by an SQS event source mapping from Test\/Q, the API route POST \/orders of Test\/Api: / }],
    },
    {
      name: 'only an API route (a synchronous caller gets the error itself)',
      build: (s) => new HttpApi(s, 'Api').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('X', newFunction(s, 'Fn', { deadLetterTopic: new Topic(s, 'Failures') })) }),
      findings: [{ path: 'Test/Fn', message: /\(Test\/Failures\) but is only invoked synchronously, by the API route GET \/x of Test\/Api/ }],
    },
    {
      name: 'a Kinesis mapping on an alias',
      build: (s) => {
        const fn = newFunction(s, 'Fn', { deadLetterQueue: new Queue(s, 'FnDlq') });
        fn.addAlias('live').addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST }));
      },
      findings: [{ path: 'Test/Fn', message: /by a Kinesis event source mapping from Test\/S/ }],
    },
  ],
});

describe('function-dlq-with-mapping: hint', () => {
  it('moves the DLQ to the queues that lack one and to the stream mappings without onFailure', () => {
    const [finding] = findingsOf(functionDlqWithMapping, (s) => {
      const fn = newFunction(s, 'Fn', { deadLetterQueue: new Queue(s, 'FnDlq') });
      fn.addEventSource(new SqsEventSource(new Queue(s, 'Guarded', { deadLetterQueue: { queue: new Queue(s, 'GuardedDlq'), maxReceiveCount: 5 } })));
      fn.addEventSource(new SqsEventSource(new Queue(s, 'Plain')));
      fn.addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST }));
    });
    expect(finding?.hint).toBe('remove deadLetterQueue from Test/Fn and give Test/Plain a deadLetterQueue (a redrive policy) and give Test/Fn/KinesisEventSourceS an onFailure destination');
  });
});
