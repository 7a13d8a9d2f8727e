// Endpoints outside the app, locally: a publish to a topic records a delivery to each email
// address and URL whose filter policy matches (an input whose source is the endpoint, processed
// at once; nothing is sent), visible in the run's report; an EventBridgeDestination puts the
// invocation record on the default bus (source lambda, detail-type "Lambda Function Invocation
// Result - Success" / "- Failure"), where the app's rules match it.
import { afterAll, describe, expect, it } from 'vitest';
import { App, Code, Function, Queue, Rule, Runtime as LambdaRuntime, Stack, Topic } from '../../lib/all.js';
import { LocalApp } from '../../lib/local-app/index.js';
import { lint } from '../../lib/lint/engine.js';
import { toPlan } from '../../lib/local/plan/build.js';
import { referenceProblems } from '../../lib/local/plan/read.js';
import { formatReport } from '../../lib/local/scenario/report.js';
import { SqsQueue } from '../../lib/modules/aws-events-targets.js';
import { EventBridgeDestination } from '../../lib/modules/aws-lambda-destinations.js';
import { SubscriptionFilter } from '../../lib/modules/aws-sns.js';
import { EmailSubscription, UrlSubscription } from '../../lib/modules/aws-sns-subscriptions.js';

const apps: LocalApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

function alerts(): Stack {
  const stack = new Stack(new App(), 'Ops');
  const topic = new Topic(stack, 'Alerts');
  topic.addSubscription(new EmailSubscription('ops@example.com'));
  topic.addSubscription(new UrlSubscription('https://example.com/hook', { filterPolicy: { level: SubscriptionFilter.stringFilter({ allowlist: ['error'] }) } }));
  return stack;
}

describe('email and URL subscriptions, locally', () => {
  it('the plan carries the protocol and the endpoint', () => {
    const plan = toPlan((alerts().node.root as App).synth(), { appDir: process.cwd() });
    expect(plan.subscriptions.map((s) => [s.protocol, s.endpoint, s.filterPolicy])).toEqual([
      ['email', 'ops@example.com', undefined],
      ['https', 'https://example.com/hook', { level: ['error'] }],
    ]);
    expect(referenceProblems(plan)).toEqual([]);
    expect(referenceProblems({ ...plan, subscriptions: [{ ...plan.subscriptions[0]!, endpoint: undefined }] })).toEqual(['/subscriptions/0: an email subscription needs an endpoint']);
  });

  it('a publish records a delivery to each matching endpoint (filter policies apply), in the report', async () => {
    const app = await LocalApp.fromStack(alerts());
    apps.push(app);
    await app.publish('Alerts', 'disk full', { messageAttributes: { level: { DataType: 'String', StringValue: 'error' } } });
    await app.publish('Alerts', 'all good', { messageAttributes: { level: { DataType: 'String', StringValue: 'info' } } });
    await app.idle();
    const report = app.report();
    expect(report.inputs.map((i) => [i.id, i.source, i.parent, i.disposition, i.where])).toEqual([
      ['in-1', 'Ops/Alerts', undefined, 'processed', undefined],
      ['in-2', 'ops@example.com', 'in-1', 'processed', 'email ops@example.com (outside the app: recorded, not sent)'],
      ['in-3', 'https://example.com/hook', 'in-1', 'processed', 'https https://example.com/hook (outside the app: recorded, not sent)'],
      ['in-4', 'Ops/Alerts', undefined, 'processed', undefined],
      ['in-5', 'ops@example.com', 'in-4', 'processed', 'email ops@example.com (outside the app: recorded, not sent)'],
    ]);
    // The text report lists them.
    const text = formatReport(report);
    expect(text).toContain('delivered outside the app to');
    expect(text.split('\n').filter((l) => l.includes('(outside the app: recorded, not sent)'))).toHaveLength(3);
  });
});

describe('the linter over edges without a target', () => {
  it('runs every rule over email and URL subscriptions and default-bus destinations without a rule failing', () => {
    const stack = alerts();
    new Function(stack, 'Worker', { runtime: LambdaRuntime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {};'), onSuccess: new EventBridgeDestination(), onFailure: new EventBridgeDestination() });
    const findings = lint((stack.node.root as App).synth(), {}, undefined, new Date('2026-11-22T00:00:00Z'));
    expect(findings.filter((f) => f.rule === 'rule-failed')).toEqual([]);
  });
});

describe('EventBridgeDestination, locally', () => {
  it("puts the invocation record on the default bus, where the app's rules match it", async () => {
    const stack = new Stack(new App(), 'Shop');
    const code = (body: string) => Code.fromInline(`exports.handler = async (e) => { ${body} };`);
    new Function(stack, 'Ok', { runtime: LambdaRuntime.NODEJS_22_X, handler: 'index.handler', code: code('return { done: e.n };'), onSuccess: new EventBridgeDestination() });
    new Function(stack, 'Bad', { runtime: LambdaRuntime.NODEJS_22_X, handler: 'index.handler', code: code("throw new Error('boom');"), retryAttempts: 0, onFailure: new EventBridgeDestination() });
    const successes = new Queue(stack, 'Successes');
    const failures = new Queue(stack, 'Failures');
    new Rule(stack, 'OnSuccess', { eventPattern: { source: ['lambda'], detailType: ['Lambda Function Invocation Result - Success'] }, targets: [new SqsQueue(successes)] });
    new Rule(stack, 'OnFailure', { eventPattern: { source: ['lambda'], detailType: ['Lambda Function Invocation Result - Failure'] }, targets: [new SqsQueue(failures)] });
    const app = await LocalApp.fromStack(stack);
    apps.push(app);
    await app.invoke('Ok', { n: 1 }, { invocationType: 'Event' });
    await app.invoke('Bad', { n: 2 }, { invocationType: 'Event' });
    await app.idle();

    const events = (q: string) => app.messages(q).map((m) => JSON.parse(m.body) as Record<string, unknown>);
    const [ok] = events('Successes');
    expect(events('Successes')).toHaveLength(1);
    expect(ok).toMatchObject({
      source: 'lambda',
      'detail-type': 'Lambda Function Invocation Result - Success',
      resources: ['arn:aws:events:us-east-1:123456789012:event-bus/default', expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:.*:\$LATEST$/)],
      detail: { requestPayload: { n: 1 }, responsePayload: { done: 1 }, requestContext: { condition: 'Success', approximateInvokeCount: 1 } },
    });
    const [bad] = events('Failures');
    expect(events('Failures')).toHaveLength(1);
    expect(bad).toMatchObject({ source: 'lambda', 'detail-type': 'Lambda Function Invocation Result - Failure', detail: { requestPayload: { n: 2 }, requestContext: { condition: 'RetriesExhausted' } } });
    // The failed event ends at its failure destination, the default bus.
    const failed = app.report().inputs.find((i) => i.source === 'Shop/Bad');
    expect(failed).toMatchObject({ disposition: 'failureDestination', where: 'default event bus' });
  });
});
