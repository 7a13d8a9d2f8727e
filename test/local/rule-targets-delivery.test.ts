// The local runtime delivers a rule's matched events (and a schedule's) to queue and topic targets.
import { afterAll, describe, expect, it } from 'vitest';
import { App, Duration, Queue, Rule, RuleTargetInput, Stack, Topic } from '../../lib/all.js';
import { LocalApp } from '../../lib/local-app/index.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { SnsTopic, SqsQueue } from '../../lib/modules/aws-events-targets.js';
import { SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';

describe('rule targets: queues and topics, locally', () => {
  const apps: LocalApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('a matched event is the message body; a schedule sends its input to a FIFO queue in its group; a topic publishes the event', async () => {
    const stack = new Stack(new App(), 'Shop');
    const orders = new Queue(stack, 'Orders');
    const ticks = new Queue(stack, 'Ticks', { fifo: true });
    const topic = new Topic(stack, 'Events');
    const fromTopic = new Queue(stack, 'FromTopic');
    topic.addSubscription(new SqsSubscription(fromTopic, { rawMessageDelivery: true }));
    new Rule(stack, 'Placed', { eventPattern: { source: ['shop.orders'] }, targets: [new SqsQueue(orders), new SnsTopic(topic)] });
    new Rule(stack, 'Tick', { schedule: Schedule.rate(Duration.hours(1)), targets: [new SqsQueue(ticks, { messageGroupId: 'clock', message: RuleTargetInput.fromObject({ tick: true }) })] });
    const app = await LocalApp.fromStack(stack);
    apps.push(app);

    await app.putEvent({ source: 'shop.orders', detailType: 'Placed', detail: { id: 7 } });
    await app.putEvent({ source: 'other', detailType: 'Placed', detail: { id: 8 } });
    app.triggerSchedule('Tick');
    await app.idle();

    const bodies = (q: string) => app.messages(q).map((m) => JSON.parse(m.body));
    expect(bodies('Orders')).toEqual([expect.objectContaining({ source: 'shop.orders', 'detail-type': 'Placed', detail: { id: 7 } })]);
    expect(bodies('FromTopic')).toEqual(bodies('Orders'));
    expect(app.messages('Ticks')).toEqual([expect.objectContaining({ body: '{"tick":true}', messageGroupId: 'clock' })]);
  });
});
