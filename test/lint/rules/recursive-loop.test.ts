import { Bucket, Code, EventType, Function, Queue, RecursiveLoop, S3EventSource, SnsEventSource, SqsEventSource, Stream, KinesisEventSource, StartingPosition, Topic, type FunctionProps, type Stack } from '../../../lib/all.js';
import { recursiveLoop } from '../../../lib/lint/rules/recursive-loop.js';
import { SnsDestination } from '../../../lib/modules/aws-lambda-destinations.js';
import { SubscriptionFilter } from '../../../lib/modules/aws-sns.js';
import { LambdaSubscription, SqsSubscription } from '../../../lib/modules/aws-sns-subscriptions.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { newFunction, TODAY } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';
import { describe, expect, it } from 'vitest';

/**
 * A function whose code lint cannot read (a zip in S3): its grants decide what it writes. The
 * event-graph cases use it, so they test the graph alone; the handler cases below give code.
 */
function opaqueFunction(s: Stack, id: string, props: Partial<FunctionProps> = {}): Function {
  return newFunction(s, id, { code: Code.fromBucket({ bucketName: 'artifacts' }, `${id}.zip`), ...props });
}

/** A function with inline handler code (CommonJS, SDK v3). */
function withCode(s: Stack, id: string, source: string, props: Partial<FunctionProps> = {}): Function {
  return newFunction(s, id, { code: Code.fromInline(source), ...props });
}

ruleTester(recursiveLoop, {
  valid: [
    {
      name: 'a pipeline that never comes back: queue -> fn -> other queue',
      build: (s: Stack) => {
        const input = new Queue(s, 'In');
        const output = new Queue(s, 'Out');
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(input));
        output.grantSendMessages(fn);
      },
    },
    {
      name: 'an S3 write-back broken by a prefix filter (uploads/ in, thumbnails/ out)',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'uploads/' }] }));
        bucket.grantPut(fn, 'thumbnails/*');
      },
    },
    {
      name: 'an S3 write-back broken by a suffix filter (.jpg in, .png out)',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ suffix: '.jpg' }] }));
        bucket.grantPut(fn, 'out/*.png');
      },
    },
    {
      name: 'reading the queue that triggers it (consume grants are not writes)',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = opaqueFunction(s, 'Fn');
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
        topic.addSubscription(new SqsSubscription(queue));
        const fn = opaqueFunction(s, 'Fn');
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
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));
        bucket.grantPut(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(s3:PutObject\) Test\/Media -> \(S3 notification\) Test\/Fn\./ }],
    },
    {
      name: 'an S3 write-back whose written keys match the prefix filter',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] }));
        bucket.grantPut(fn, 'in/processed/*');
      },
      findings: [{ path: 'Test/Fn', message: /\(S3 notification prefix 'in\/'\) Test\/Fn/ }],
    },
    {
      name: 'a function allowed to invoke itself',
      build: (s: Stack) => {
        const fn = opaqueFunction(s, 'Fn');
        fn.grantInvoke(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(lambda:InvokeFunction\) Test\/Fn\./ }],
    },
    {
      name: 'a loop through a Kinesis stream, which Lambda does not detect',
      build: (s: Stack) => {
        const stream = new Stream(s, 'Clicks');
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST }));
        stream.grantWrite(fn);
      },
      findings: [{ path: 'Test/Fn', message: /Lambda does not detect loops through Kinesis/ }],
    },
    {
      name: 'a loop through an on-success destination',
      build: (s: Stack) => {
        const topic = new Topic(s, 'Done');
        const fn = opaqueFunction(s, 'Fn', { onSuccess: new SnsDestination(topic) });
        fn.addEventSource(new SnsEventSource(topic));
      },
      findings: [{ path: 'Test/Fn', message: /\(onSuccess destination\) Test\/Done -> \(SNS subscription\) Test\/Fn/ }],
    },
    {
      name: 'a loop the function allows on purpose: a warning',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = opaqueFunction(s, 'Fn', { recursiveLoop: RecursiveLoop.ALLOW });
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
        const f = opaqueFunction(s, 'F');
        const g = opaqueFunction(s, 'G');
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
        const fn = opaqueFunction(s, 'Fn');
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
        const fn = opaqueFunction(s, 'Fn');
        topic.addSubscription(new LambdaSubscription(fn, { filterPolicy: { stage: SubscriptionFilter.stringFilter({ allowlist: ['raw'] }) } }));
        topic.grantPublish(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^possible recursive loop \(unless the filter on the way drops what the function sends\): Test\/Fn -> \(sns:Publish\) Test\/T -> \(SNS subscription\) Test\/Fn/ }],
    },
    {
      name: 'a loop through a filtered SQS mapping: a warning',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = opaqueFunction(s, 'Fn');
        fn.addEventSource(new SqsEventSource(q, { filters: [{ body: { stage: ['raw'] } }] }));
        q.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^possible recursive loop/ }],
    },
  ],
});

// The handler's code: its sends are hops of their own, and decide about the grants.
const SQS_SEND = (url: string) => `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  for (const r of event.Records) {
    await sqs.send(new SendMessageCommand({ QueueUrl: ${url}, MessageBody: r.body }));
  }
};`;
const SELF_INVOKE = (name: string) => `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async (event, context) => {
  if (event.remaining > 0) {
    const command = new InvokeCommand({ FunctionName: ${name}, InvocationType: 'Event', Payload: JSON.stringify({ remaining: event.remaining - 1 }) });
    await lambda.send(command);
  }
};`;
const S3_WRITE = (key: string) => `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  for (const r of event.Records) {
    const params = { Bucket: process.env.BUCKET, Key: ${key}, Body: 'resized' };
    await s3.send(new PutObjectCommand(params));
  }
};`;

/** An S3 write back to the bucket the event record names (`r.s3.bucket.name`: a bucket lint cannot tell). */
const S3_WRITE_BACK = (key: string) => `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  for (const r of event.Records) {
    await s3.send(new PutObjectCommand({ Bucket: r.s3.bucket.name, Key: ${key}, Body: 'resized' }));
  }
};`;

ruleTester(recursiveLoop, {
  valid: [
    {
      name: "an S3 write to the event record's bucket (a bucket lint cannot tell) whose key (processed/...) falls outside the trigger prefix (incoming/)",
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = withCode(s, 'Fn', S3_WRITE_BACK('`processed/${r.s3.object.key}`'));
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'incoming/' }] }));
        bucket.grantReadWrite(fn);
      },
    },
    {
      name: 'an S3 write-back whose key (thumbnails/...) falls outside the trigger prefix (uploads/), the grant on the whole bucket notwithstanding',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = withCode(s, 'Fn', S3_WRITE('`thumbnails/${r.s3.object.key}`'), { environment: { BUCKET: bucket.bucketName } });
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'uploads/' }] }));
        bucket.grantPut(fn);
      },
    },
    {
      name: 'an S3 write-back whose key ends in .png under a .jpg suffix filter',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = withCode(s, 'Fn', S3_WRITE("r.s3.object.key + '.png'"), { environment: { BUCKET: bucket.bucketName } });
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ suffix: '.jpg' }] }));
        bucket.grantPut(fn);
      },
    },
    {
      name: 'a handler that sends to another queue',
      build: (s: Stack) => {
        const input = new Queue(s, 'In');
        const output = new Queue(s, 'Out');
        const fn = withCode(s, 'Fn', SQS_SEND('process.env.OUT_URL'), { environment: { OUT_URL: output.queueUrl } });
        fn.addEventSource(new SqsEventSource(input));
        output.grantSendMessages(fn);
      },
    },
    {
      name: 'a handler that invokes another function',
      build: (s: Stack) => {
        const worker = opaqueFunction(s, 'Worker');
        const fn = withCode(s, 'Fn', SELF_INVOKE('process.env.WORKER'), { environment: { WORKER: worker.functionName } });
        worker.grantInvoke(fn);
      },
    },
  ],
  invalid: [
    {
      name: 'a handler that invokes itself: InvokeCommand with process.env.SELF_NAME, set to the function name',
      build: (s: Stack) => {
        const fn = withCode(s, 'Fn', SELF_INVOKE('process.env.SELF_NAME'));
        fn.addEnvironment('SELF_NAME', fn.functionName);
        fn.grantInvoke(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(InvokeCommand at inline:index\.js:6:11\) Test\/Fn\. Lambda stops it after about 16 invocations/ }],
    },
    {
      name: 'a handler that invokes itself by its literal name (functionName and SELF_NAME agree)',
      build: (s: Stack) => {
        const fn = withCode(s, 'Fn', SELF_INVOKE('process.env.SELF_NAME'), { functionName: 'countdown', environment: { SELF_NAME: 'countdown' } });
        fn.grantInvoke(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(InvokeCommand at inline:index\.js:6:11\) Test\/Fn\./ }],
    },
    {
      name: 'a handler that invokes itself through context.functionName, without a grant in the stack',
      build: (s: Stack) => {
        withCode(s, 'Fn', SELF_INVOKE('context.functionName'));
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(InvokeCommand of context\.functionName at inline:index\.js:6:11; no grant of the stack allows it\) Test\/Fn\./ }],
    },
    {
      name: 'a handler that sends to the queue that triggers it',
      build: (s: Stack) => {
        const q = new Queue(s, 'Jobs');
        const fn = withCode(s, 'Fn', SQS_SEND('process.env.JOBS_URL'), { environment: { JOBS_URL: q.queueUrl } });
        fn.addEventSource(new SqsEventSource(q));
        q.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(SendMessageCommand at inline:index\.js:5:11\) Test\/Jobs -> \(SQS event source mapping\) Test\/Fn\. Lambda stops it/ }],
    },
    {
      name: 'an S3 write-back whose key falls under the trigger prefix',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = withCode(s, 'Fn', S3_WRITE('`uploads/resized/${r.s3.object.key}`'), { environment: { BUCKET: bucket.bucketName } });
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'uploads/' }] }));
        bucket.grantPut(fn, 'uploads/resized/*');
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(PutObjectCommand at inline:index\.js:6:11\) Test\/Media -> \(S3 notification prefix 'uploads\/'\) Test\/Fn\./ }],
    },
    {
      name: 'an S3 write-back whose key is not known: it may match the prefix',
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = withCode(s, 'Fn', S3_WRITE('r.s3.object.key'), { environment: { BUCKET: bucket.bucketName } });
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'uploads/' }] }));
        bucket.grantPut(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(PutObjectCommand at inline:index\.js:6:11\) Test\/Media/ }],
    },
    {
      name: "an S3 write to the event record's bucket whose key falls under the trigger prefix: the grant's hop stands, naming the line",
      build: (s: Stack) => {
        const bucket = new Bucket(s, 'Media');
        const fn = withCode(s, 'Fn', S3_WRITE_BACK('`incoming/resized/${r.s3.object.key}`'));
        fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'incoming/' }] }));
        bucket.grantReadWrite(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'error', message: /^recursive loop: Test\/Fn -> \(s3:PutObject; the handler sends to a bucket lint cannot tell \(r\.s3\.bucket\.name\) at inline:index\.js:5:11\) Test\/Media -> \(S3 notification prefix 'incoming\/'\) Test\/Fn\./ }],
    },
    {
      name: 'a TypeScript handler (an asset) that publishes to the topic its queue subscribes to',
      build: (s: Stack) => {
        const topic = new Topic(s, 'Events');
        const queue = new Queue(s, 'Work');
        topic.addSubscription(new SqsSubscription(queue));
        const fn = newFunction(s, 'Fn', { code: Code.fromAsset('test/fixtures/handlers/loop-ts'), environment: { TOPIC_ARN: topic.topicArn } });
        fn.addEventSource(new SqsEventSource(queue));
        topic.grantPublish(fn);
      },
      findings: [
        {
          path: 'Test/Fn',
          message: /^recursive loop: Test\/Fn -> \(PublishCommand at test\/fixtures\/handlers\/loop-ts\/index\.ts:12:11\) Test\/Events -> \(SNS subscription\) Test\/Work -> \(SQS event source mapping\) Test\/Fn\./,
        },
      ],
    },
    {
      name: 'a grant on the trigger queue the handler never uses: info, not a loop',
      build: (s: Stack) => {
        const input = new Queue(s, 'In');
        const output = new Queue(s, 'Out');
        const fn = withCode(s, 'Fn', SQS_SEND('process.env.OUT_URL'), { environment: { OUT_URL: output.queueUrl, IN_URL: input.queueUrl } });
        fn.addEventSource(new SqsEventSource(input));
        output.grantSendMessages(fn);
        input.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'info', message: /^no recursive loop in the code, but the permissions allow one: Test\/Fn -> \(sqs:SendMessage, which the handler \(inline:index\.js\) never uses\) Test\/In -> \(SQS event source mapping\) Test\/Fn\./ }],
    },
    {
      name: 'a grant the handler may use through a local module it calls: a warning',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = withCode(s, 'Fn', "const { forward } = require('./forward');\nexports.handler = async (event) => forward(event.Records);", { environment: { Q_URL: q.queueUrl } });
        fn.addEventSource(new SqsEventSource(q));
        q.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^possible recursive loop \(the handler may send there through code lint does not read\): Test\/Fn -> \(sqs:SendMessage; the handler calls forward of \.\/forward at inline:index\.js:2:36, which lint does not read\) Test\/Q/ }],
    },
    {
      name: 'a grant on the trigger queue and a send to a queue lint cannot tell: the grant stands',
      build: (s: Stack) => {
        const q = new Queue(s, 'Q');
        const fn = withCode(s, 'Fn', SQS_SEND('r.messageAttributes.replyTo.stringValue'));
        fn.addEventSource(new SqsEventSource(q));
        q.grantSendMessages(fn);
      },
      findings: [{ path: 'Test/Fn', message: /^recursive loop: Test\/Fn -> \(sqs:SendMessage; the handler sends to a queue lint cannot tell \(r\.messageAttributes\.replyTo\.stringValue\) at inline:index\.js:5:11\) Test\/Q/ }],
    },
    {
      name: 'a self-invoking handler that allows the loop: a warning',
      build: (s: Stack) => {
        const fn = withCode(s, 'Fn', SELF_INVOKE('context.functionName'), { recursiveLoop: RecursiveLoop.ALLOW });
        fn.grantInvoke(fn);
      },
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /^recursive loop: Test\/Fn -> \(InvokeCommand of context\.functionName at inline:index\.js:6:11\) Test\/Fn\. Lambda would stop it after about 16 invocations, but a function in it sets RecursiveLoop: Allow/ }],
    },
  ],
});

describe('recursive-loop: the fix fits the loop', () => {
  it('names the S3 filter for a loop through a bucket, and a trigger filter (not S3) for a loop through a stream', () => {
    const [s3] = findingsOf(recursiveLoop, (s: Stack) => {
      const bucket = new Bucket(s, 'Media');
      const fn = opaqueFunction(s, 'Fn');
      fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));
      bucket.grantPut(fn);
    });
    expect(s3!.hint).toMatch(/give the S3 notification a prefix or suffix/);
    const [kinesis] = findingsOf(recursiveLoop, (s: Stack) => {
      const stream = new Stream(s, 'Clicks');
      const fn = opaqueFunction(s, 'Fn');
      fn.addEventSource(new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST }));
      stream.grantWrite(fn);
    });
    expect(kinesis!.hint).not.toMatch(/S3/);
    expect(kinesis!.hint).toMatch(/filter the trigger so the function's own writes do not pass/);
  });
});

describe('recursive-loop: write permissions given as IAM action wildcards (SAM templates)', () => {
  /** A SAM function `Worker` triggered by `event`, with `policies` (YAML list items, indented for Policies), beside `resources`. */
  const template = (policies: string, event: string, resources: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
${resources}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: "def handler(event, context): pass"
      Policies:
${policies}
      Events:
        Trigger:
${event}
`;
  const QUEUE = '  WorkQueue:\n    Type: AWS::SQS::Queue';
  const SQS_EVENT = '          Type: SQS\n          Properties:\n            Queue: !GetAtt WorkQueue.Arn';
  const inline = (action: string, resource: string) => `        - Statement:\n            - Effect: Allow\n              Action: '${action}'\n              Resource: ${resource}`;
  const found = (yaml: string) => {
    const stack = importTemplate(parseTemplate(yaml, 'template.yaml'));
    return lint({ version: 2, stacks: [stack] }, { rules: { 'recursive-loop': 'error' } }, [recursiveLoop], TODAY).map((f) => `${f.severity}: ${f.message}`);
  };
  const LOOP = (action: string, through: string, trigger: string) =>
    `error: recursive loop: Worker -> (${action}) ${through} -> (${trigger}) Worker. Lambda stops it after about 16 invocations from one event (RecursiveLoop: Terminate), after it has already run and been billed`;

  it("SAM's SQSSendMessagePolicy (sqs:SendMessage*) on the queue of the function's SQS event", () => {
    const yaml = template('        - SQSSendMessagePolicy:\n            QueueName: !GetAtt WorkQueue.QueueName', SQS_EVENT, QUEUE);
    expect(found(yaml)).toEqual([LOOP('sqs:SendMessage*', 'WorkQueue', 'SQS event source mapping')]);
  });

  it.each([
    ['sqs:SendMessage*'],
    ['SQS:sendmessage'], // IAM matches actions case-insensitively
    ['sqs:Send*'],
    ['sqs:SendMessag?'],
    ['sqs:*'],
    ['*'],
  ])('an inline statement with Action %s on the queue', (action) => {
    expect(found(template(inline(action, '!GetAtt WorkQueue.Arn'), SQS_EVENT, QUEUE))).toEqual([LOOP(action, 'WorkQueue', 'SQS event source mapping')]);
  });

  it.each([['sqs:Receive*'], ['sqs:SendMessageX*'], ['sqs:?endMessageBatchX'], ['sns:*']])('no loop for %s, which allows no send to the queue', (action) => {
    expect(found(template(inline(action, '!GetAtt WorkQueue.Arn'), SQS_EVENT, QUEUE))).toEqual([]);
  });

  it('sns:Publish* on the topic of an SNS event', () => {
    const yaml = template(inline('sns:Publish*', '!Ref Events'), '          Type: SNS\n          Properties:\n            Topic: !Ref Events', '  Events:\n    Type: AWS::SNS::Topic');
    expect(found(yaml)).toEqual([LOOP('sns:Publish*', 'Events', 'SNS subscription')]);
  });

  it('s3:Put* (any case) on the objects of the bucket of an S3 event; s3:PutBucket* writes no object', () => {
    const bucket = '  Media:\n    Type: AWS::S3::Bucket';
    const event = '          Type: S3\n          Properties:\n            Bucket: !Ref Media\n            Events: s3:ObjectCreated:*';
    const on = `!Sub '\${Media.Arn}/*'`;
    expect(found(template(inline('S3:put*', on), event, bucket))).toEqual([LOOP('S3:put*', 'Media', 'S3 notification')]);
    expect(found(template(inline('s3:PutBucket*', on), event, bucket))).toEqual([]);
  });

  it('kinesis:Put* and dynamodb:*Item on the stream and the table that trigger the function', () => {
    const stream = '  Clicks:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1';
    const kinesis = '          Type: Kinesis\n          Properties:\n            Stream: !GetAtt Clicks.Arn\n            StartingPosition: LATEST';
    expect(found(template(inline('kinesis:Put*', '!GetAtt Clicks.Arn'), kinesis, stream))).toEqual([
      'error: recursive loop: Worker -> (kinesis:Put*) Clicks -> (Kinesis event source mapping) Worker. Lambda does not detect loops through Kinesis, DynamoDB streams or EventBridge: it runs until someone stops it',
    ]);
    const table =
      '  Items:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n      KeySchema: [{AttributeName: id, KeyType: HASH}]\n      StreamSpecification: {StreamViewType: NEW_IMAGE}';
    const dynamodb = '          Type: DynamoDB\n          Properties:\n            Stream: !GetAtt Items.StreamArn\n            StartingPosition: LATEST';
    expect(found(template(inline('dynamodb:*Item', '!GetAtt Items.Arn'), dynamodb, table))).toEqual([
      'error: recursive loop: Worker -> (dynamodb:*Item) Items -> (DynamoDB stream event source mapping) Worker. Lambda does not detect loops through Kinesis, DynamoDB streams or EventBridge: it runs until someone stops it',
    ]);
  });
});

describe('recursive-loop through EventBridge: a put on the bus a pattern rule targeting the function is on', () => {
  const found = (yaml: string) => {
    const stack = importTemplate(parseTemplate(yaml, 'template.yaml'));
    return lint({ version: 2, stacks: [stack] }, {}, [recursiveLoop], TODAY).map((f) => `${f.severity}: ${f.message}`);
  };
  const template = (policy: string, ruleBus: string, code = '"def handler(e, c): pass"', runtime = 'python3.12') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders-bus
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${runtime}
      Handler: index.handler
      InlineCode: ${code}
      Policies:
${policy}
      Events:
        Orders:
          Type: EventBridgeRule
          Properties:
${ruleBus}            Pattern:
              source: [orders]
`;
  const LOOP = (action: string) =>
    `warning: possible recursive loop (unless the filter on the way drops what the function sends): Worker -> (${action}) WorkerOrders -> (EventBridge rule) Worker. Lambda does not detect loops through Kinesis, DynamoDB streams or EventBridge: it runs until someone stops it`;

  it("SAM's EventBridgePutEventsPolicy on the template's bus, and a rule on that bus", () => {
    expect(found(template('        - EventBridgePutEventsPolicy:\n            EventBusName: !Ref Bus', '            EventBusName: !Ref Bus\n'))).toEqual([LOOP('events:PutEvents')]);
  });

  it('events:PutEvents on the default bus (its ARN, or *) and a rule without EventBusName', () => {
    const statement = (resource: string) => `        - Statement:\n            - Effect: Allow\n              Action: events:PutEvents\n              Resource: ${resource}`;
    expect(found(template(statement("!Sub 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default'"), ''))).toEqual([LOOP('events:PutEvents')]);
    expect(found(template(statement("'*'"), '            EventBusName: !Ref Bus\n'))).toEqual([LOOP('events:PutEvents')]);
  });

  it("a rule naming the template's bus by its Name is on that bus", () => {
    expect(found(template('        - EventBridgePutEventsPolicy:\n            EventBusName: !Ref Bus', '            EventBusName: orders-bus\n'))).toEqual([LOOP('events:PutEvents')]);
  });

  it('no loop when the put and the rule are on different buses', () => {
    expect(found(template('        - EventBridgePutEventsPolicy:\n            EventBusName: !Ref Bus', ''))).toEqual([]);
    expect(found(template('        - EventBridgePutEventsPolicy:\n            EventBusName: default', '            EventBusName: !Ref Bus\n'))).toEqual([]);
  });

  it('a Node.js handler that puts events: the line; one that never does: info', () => {
    const puts = '"const { EventBridgeClient, PutEventsCommand } = require(\'@aws-sdk/client-eventbridge\'); const eb = new EventBridgeClient({}); exports.handler = async () => eb.send(new PutEventsCommand({ Entries: [{ Source: \'orders\', DetailType: \'x\', Detail: \'{}\' }] }));"';
    const policy = '        - EventBridgePutEventsPolicy:\n            EventBusName: !Ref Bus';
    expect(found(template(policy, '            EventBusName: !Ref Bus\n', puts, 'nodejs22.x'))).toEqual([LOOP('events:PutEvents at inline:index.js:1:157')]);
    const idle = '"exports.handler = async () => 1;"';
    expect(found(template(policy, '            EventBusName: !Ref Bus\n', idle, 'nodejs22.x'))).toEqual([
      expect.stringMatching(/^info: no recursive loop in the code, but the permissions allow one: Worker -> \(events:PutEvents, which the handler \(inline:index\.js\) never uses\) WorkerOrders -> \(EventBridge rule\) Worker/),
    ]);
  });
});

describe('recursive-loop through an EventBridge destination (constructs)', () => {
  it("an on-success destination on the default bus and a rule matching it that targets the function: a possible loop", async () => {
    const { Rule } = await import('../../../lib/modules/aws-events.js');
    const { LambdaFunction } = await import('../../../lib/modules/aws-events-targets.js');
    const { EventBridgeDestination } = await import('../../../lib/modules/aws-lambda-destinations.js');
    const findings = findingsOf(recursiveLoop, (s) => {
      const fn = newFunction(s, 'Worker', { onSuccess: new EventBridgeDestination() });
      new Rule(s, 'Results', { eventPattern: { source: ['lambda'], detailType: ['Lambda Function Invocation Result - Success'] }, targets: [new LambdaFunction(fn)] });
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        'possible recursive loop (unless the filter on the way drops what the function sends): Test/Worker -> (onSuccess destination, the default event bus) Test/Results -> (EventBridge rule) Test/Worker. Lambda does not detect loops through Kinesis, DynamoDB streams or EventBridge: it runs until someone stops it',
      ],
    ]);
  });
});
