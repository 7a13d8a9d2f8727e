// recursive-loop follows S3 notifications to queues and topics: bucket -> (S3 notification) queue
// or topic -> ... -> a function that writes the bucket again.
import { Bucket, Code, EventType, Function, Queue, SqsEventSource, Topic, type FunctionProps, type Stack } from '../../../lib/all.js';
import { recursiveLoop } from '../../../lib/lint/rules/recursive-loop.js';
import { SnsDestination, SqsDestination } from '../../../lib/modules/aws-s3-notifications.js';
import { SqsSubscription } from '../../../lib/modules/aws-sns-subscriptions.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

function opaqueFunction(s: Stack, id: string, props: Partial<FunctionProps> = {}): Function {
  return newFunction(s, id, { code: Code.fromBucket({ bucketName: 'artifacts' }, `${id}.zip`), ...props });
}

ruleTester(recursiveLoop, {
  valid: [
    {
      name: 'bucket -> SNS -> SQS -> fn writing outside the prefix filter',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const topic = new Topic(s, 'Events');
        const queue = new Queue(s, 'Work');
        topic.addSubscription(new SqsSubscription(queue));
        bucket.addEventNotification(EventType.OBJECT_CREATED, new SnsDestination(topic), { prefix: 'uploads/' });
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(queue));
        bucket.grantPut(fn, 'thumbnails/*');
      },
    },
  ],
  invalid: [
    {
      name: 'bucket -> SQS -> fn writing the bucket',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const queue = new Queue(s, 'Work');
        bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue));
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(queue));
        bucket.grantPut(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(s3:PutObject\) Test\/Media -> \(S3 notification\) Test\/Work -> \(SQS event source mapping\) Test\/Fn\./ }],
    },
    {
      name: 'bucket -> SNS -> SQS -> fn writing the bucket',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const topic = new Topic(s, 'Events');
        const queue = new Queue(s, 'Work');
        topic.addSubscription(new SqsSubscription(queue));
        bucket.addEventNotification(EventType.OBJECT_CREATED, new SnsDestination(topic));
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(queue));
        bucket.grantPut(fn);
      },
      findings: [{ path: 'Test/Fn', message: /\(S3 notification\) Test\/Events -> \(SNS subscription\) Test\/Work -> .*Test\/Fn\./ }],
    },
  ],
});
