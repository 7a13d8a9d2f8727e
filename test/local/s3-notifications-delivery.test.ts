// S3 notifications to queues and topics in the local runtime: the S3 event JSON is the queue's
// message body, or the topic's message (and so the Message of the SNS envelope a subscribed queue
// gets); a bucket whose notifications synthesize as Custom::S3BucketNotifications (the write-back
// pattern) delivers the same way.
import { afterAll, describe, expect, it } from 'vitest';
import { App, Bucket, Code, EventType, Function, Queue, Runtime as LambdaRuntime, Stack, Topic } from '../../lib/all.js';
import { LocalApp } from '../../lib/local-app/index.js';
import { toPlan } from '../../lib/local/plan/build.js';
import { referenceProblems } from '../../lib/local/plan/read.js';
import { LambdaDestination, SnsDestination, SqsDestination } from '../../lib/modules/aws-s3-notifications.js';
import { SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { handlerDir } from './helpers.js';

const apps: LocalApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

interface S3Event {
  Records: Array<{ eventSource: string; eventName: string; s3: { configurationId: string; bucket: { name: string }; object: { key: string; size?: number } } }>;
}

function app() {
  const stack = new Stack(new App(), 'Shop');
  const uploads = new Bucket(stack, 'Uploads');
  const direct = new Queue(stack, 'Direct');
  const fanout = new Queue(stack, 'Fanout');
  const events = new Topic(stack, 'Events');
  events.addSubscription(new SqsSubscription(fanout));
  uploads.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(direct), { prefix: 'in/' });
  uploads.addEventNotification(EventType.OBJECT_CREATED, new SnsDestination(events), { prefix: 'pub/' });
  const writer = new Function(stack, 'Writer', {
    runtime: LambdaRuntime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromAsset(handlerDir({ 'index.mjs': 'export const handler = async (e) => { console.log("got", process.env.BUCKET, e.Records[0].s3.object.key); };' })),
    environment: { BUCKET: uploads.bucketName },
  });
  uploads.grantReadWrite(writer);
  uploads.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(writer), { prefix: 'raw/' });
  return stack;
}

describe('local S3 notifications to queues and topics', () => {
  it('the plan names the queue or topic of each notification', () => {
    const stack = app();
    const full = toPlan((stack.node.root as App).synth(), { appDir: process.cwd() });
    const byTarget = full.notifications.map((n) => n.queue ?? n.topic ?? n.function);
    expect(byTarget).toEqual(['Shop/Direct', 'Shop/Events', 'Shop/Writer']);
    expect(referenceProblems(full)).toEqual([]);
    expect(referenceProblems({ ...full, notifications: [{ ...full.notifications[0]!, topic: 'Shop/Events' }] })).toEqual(['/notifications/0: a notification goes to exactly one of function, queue, topic (it names 2)']);
  });

  it('a queue gets the S3 event as its body; a topic publishes it, its SQS subscriber gets it as the Message', async () => {
    const local = await LocalApp.fromStack(app());
    apps.push(local);
    await local.put('Uploads', 'in/a.csv', 'hello');
    await local.put('Uploads', 'pub/b.csv', 'hi');
    await local.put('Uploads', 'raw/c.csv', 'x');
    await local.put('Uploads', 'other/d.csv', 'x');
    await local.idle();
    const direct = local.messages('Direct');
    expect(direct).toHaveLength(1);
    const event = JSON.parse(direct[0]!.body) as S3Event;
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]!.eventSource).toBe('aws:s3');
    expect(event.Records[0]!.eventName).toBe('ObjectCreated:Put');
    expect(event.Records[0]!.s3.object).toMatchObject({ key: 'in/a.csv', size: 5 });
    const fanout = local.messages('Fanout');
    expect(fanout).toHaveLength(1);
    const envelope = JSON.parse(fanout[0]!.body) as { Type: string; Subject: string; Message: string };
    expect(envelope.Type).toBe('Notification');
    expect(envelope.Subject).toBe('Amazon S3 Notification');
    expect((JSON.parse(envelope.Message) as S3Event).Records[0]!.s3.object.key).toBe('pub/b.csv');
    // The write-back function (its notifications a custom resource when synthesized) is invoked as before.
    expect(local.metrics('Writer').Invocations).toBe(1);
    expect(local.logs('Writer').some((l) => /got \S+ raw\/c\.csv$/.test(l))).toBe(true);
  });
});
