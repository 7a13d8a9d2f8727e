import { Bucket, EventType, Queue, RecursiveLoop, S3EventSource, SnsEventSource, SqsEventSource, Stream, KinesisEventSource, StartingPosition, Topic, type Stack } from '../../../lib/index.js';
import { recursiveLoop } from '../../../lib/lint/rules/recursive-loop.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(recursiveLoop, {
  valid: [
    {
      name: 'a pipeline that never comes back: queue -> fn -> other queue',
      build: (s: Stack) => {
        const input = new Queue(s, 'In');
        const output = new Queue(s, 'Out');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(input));
        output.grantSendMessages(fn);
      },
    },
    {
      name: 'an S3 write-back broken by a prefix filter (uploads/ in, thumbnails/ out)',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'uploads/' }));
        bucket.grantPut(fn, 'thumbnails/*');
      },
    },
    {
      name: 'an S3 write-back broken by a suffix filter (.jpg in, .png out)',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], suffix: '.jpg' }));
        bucket.grantPut(fn, 'out/*.png');
      },
    },
    {
      name: 'reading the queue that triggers it (consume grants are not writes)',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(q));
        q.grantConsumeMessages(fn);
      },
    },
  ],
  invalid: [
    {
      name: 'a 3-hop cycle: fn -> topic -> queue -> fn',
      build: (s: Stack) => {
        const topic = new Topic(s, 'Events');
        const queue = new Queue(s, 'Work');
        topic.addQueueSubscription(queue);
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(queue));
        topic.grantPublish(fn);
      },
      findings: [
        {
          path: 'Test/Fn',
          message: /^recursive loop: Test\/Fn -> \(sns:Publish\) Test\/Events -> \(SNS subscription\) Test\/Work -> \(SQS event source mapping\) Test\/Fn\. Lambda stops it after about 16 invocations/,
        },
      ],
    },
    {
      name: 'an S3 write-back loop (no filter)',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));
        bucket.grantPut(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(s3:PutObject\) Test\/Media -> \(S3 notification\) Test\/Fn\./ }],
    },
    {
      name: 'an S3 write-back whose written keys match the prefix filter',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/' }));
        bucket.grantPut(fn, 'in/processed/*');
      },
      findings: [{ path: 'Test/Fn', message: /\(S3 notification prefix 'in\/'\) Test\/Fn/ }],
    },
    {
      name: 'a function allowed to invoke itself',
      build: (s: Stack) => {
        const fn = newFunction(s, 'Fn');
        fn.grantInvoke(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(lambda:InvokeFunction\) Test\/Fn\./ }],
    },
    {
      name: 'a loop through a Kinesis stream, which Lambda does not detect',
      build: (s: Stack) => {
        const stream = new Stream(s, 'Clicks');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST }));
        stream.grantWrite(fn);
      },
      findings: [{ path: 'Test/Fn', message: /Lambda does not detect loops through Kinesis/ }],
    },
    {
      name: 'a loop through an on-success destination',
      build: (s: Stack) => {
        const topic = new Topic(s, 'Done');
        const fn = newFunction(s, 'Fn', { onSuccess: topic });
        fn.addEventSource(new SnsEventSource(topic));
      },
      findings: [{ path: 'Test/Fn', message: /\(onSuccess destination\) Test\/Done -> \(SNS subscription\) Test\/Fn/ }],
    },
    {
      name: 'a loop the function allows on purpose: a warning',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = newFunction(s, 'Fn', { recursiveLoop: RecursiveLoop.ALLOW });
        fn.addEventSource(new SqsEventSource(q));
        q.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /a function in it sets RecursiveLoop: Allow/ }],
    },
    {
      name: 'a two-function loop is reported once',
      build: (s: Stack) => {
        const a = new Queue(s, 'A');
        const b = new Queue(s, 'B');
        const f = newFunction(s, 'F');
        const g = newFunction(s, 'G');
        f.addEventSource(new SqsEventSource(a));
        g.addEventSource(new SqsEventSource(b));
        b.grantSendMessages(f);
        a.grantSendMessages(g);
      },
      findings: [{ path: 'Test/F', message: /Test\/F -> \(sqs:SendMessage\) Test\/B -> \(SQS event source mapping\) Test\/G -> \(sqs:SendMessage\) Test\/A -> \(SQS event source mapping\) Test\/F/ }],
    },
  ],
});

ruleTester(recursiveLoop, {
  valid: [
    {
      name: 'an S3 write that fires no notified event (the notification is for removals)',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_REMOVED] }));
        bucket.grantPut(fn);
      },
    },
  ],
  invalid: [
    {
      name: 'a loop through a filtered SNS subscription: a warning (the filter may drop the output)',
      build: (s: Stack) => {
        const topic = new Topic(s, 'T');
        const fn = newFunction(s, 'Fn');
        topic.addLambdaSubscription(fn, { filterPolicy: { stage: ['raw'] } });
        topic.grantPublish(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^possible recursive loop \(unless the filter on the way drops what the function sends\): Test\/Fn -> \(sns:Publish\) Test\/T -> \(SNS subscription\) Test\/Fn/ }],
    },
    {
      name: 'a loop through a filtered SQS mapping: a warning',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = newFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(q, { filters: [{ body: { stage: ['raw'] } }] }));
        q.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^possible recursive loop/ }],
    },
  ],
});
