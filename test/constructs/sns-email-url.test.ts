// EmailSubscription and UrlSubscription: an email address or a URL subscribed to a topic, outside
// the app (the subscription edge has no target, the endpoint is in its props): the
// AWS::SNS::Subscription in both backends, aws-cdk-lib's logical ids, the import round trip, and
// the refusals.
import { describe, expect, it } from 'vitest';
import { App, CfnParameter, Stack, Topic } from '../../lib/all.js';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import { Subscription, SubscriptionFilter, SubscriptionProtocol } from '../../lib/modules/aws-sns.js';
import { EmailSubscription, UrlSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { renderCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { Template, stackModel } from '../../lib/testing/index.js';
import { newStack, TODAY } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

const TOPIC = { Ref: 'Alerts' };

function subscriptions(stack: Stack, format?: 'sam'): Record<string, { Type: string; Properties: unknown }> {
  const t = format ? Template.fromStack(stack, format) : Template.fromStack(stack);
  return Object.fromEntries(Object.entries(t.findResources('AWS::SNS::Subscription')).map(([k, v]) => [k, { Type: (v as { Type: string }).Type, Properties: (v as { Properties: unknown }).Properties }]));
}

function app(): { stack: Stack; topic: Topic } {
  const stack = newStack();
  const topic = new Topic(stack, 'Alerts');
  topic.addSubscription(new EmailSubscription('ops@example.com'));
  topic.addSubscription(new EmailSubscription('audit@example.com', { json: true, filterPolicy: { level: SubscriptionFilter.stringFilter({ allowlist: ['error'] }) } }));
  topic.addSubscription(new UrlSubscription('https://example.com/hook', { rawMessageDelivery: true }));
  topic.addSubscription(new UrlSubscription('http://example.com/plain'));
  return { stack, topic };
}

describe('EmailSubscription and UrlSubscription', () => {
  it('write AWS::SNS::Subscription with the protocol, the endpoint, the filter policy and raw delivery, the same in both backends', () => {
    const { stack } = app();
    const expected = {
      AlertsOpsExampleCom: { Type: 'AWS::SNS::Subscription', Properties: { Endpoint: 'ops@example.com', Protocol: 'email', TopicArn: TOPIC } },
      AlertsAuditExampleCom: { Type: 'AWS::SNS::Subscription', Properties: { Endpoint: 'audit@example.com', FilterPolicy: { level: ['error'] }, Protocol: 'email-json', TopicArn: TOPIC } },
      AlertsHttpsExampleComHook: { Type: 'AWS::SNS::Subscription', Properties: { Endpoint: 'https://example.com/hook', Protocol: 'https', RawMessageDelivery: true, TopicArn: TOPIC } },
      AlertsHttpExampleComPlain: { Type: 'AWS::SNS::Subscription', Properties: { Endpoint: 'http://example.com/plain', Protocol: 'http', TopicArn: TOPIC } },
    };
    expect(subscriptions(stack)).toEqual(expected);
    // SAM: plain resources (no SAM event for an endpoint outside the app).
    expect(subscriptions(stack, 'sam')).toEqual(expected);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
    Template.fromStack(stack).resourceCountIs('AWS::SQS::QueuePolicy', 0);
  });

  it('the model: a subscription edge without a target, the endpoint in its props', () => {
    const { stack } = app();
    const edges = stackModel(stack).edges.filter((e) => e.kind === 'subscription');
    expect(edges.map((e) => [e.to, e.props])).toEqual([
      [undefined, { protocol: 'email', endpoint: 'ops@example.com' }],
      [undefined, { protocol: 'email-json', endpoint: 'audit@example.com', filterPolicy: { level: ['error'] } }],
      [undefined, { protocol: 'https', endpoint: 'https://example.com/hook', rawMessageDelivery: true }],
      [undefined, { protocol: 'http', endpoint: 'http://example.com/plain' }],
    ]);
  });

  it("takes aws-cdk-lib's logical ids with logicalIds: 'cdk' (the endpoint as the construct id; a token's TokenSubscription:<n>)", () => {
    const stack = new Stack(new App({ now: TODAY, logicalIds: 'cdk' }), 'Test');
    const topic = new Topic(stack, 'Alerts');
    topic.addSubscription(new EmailSubscription('ops@example.com'));
    topic.addSubscription(new UrlSubscription('https://example.com/hook'));
    const url = new CfnParameter(stack, 'Url');
    topic.addSubscription(new UrlSubscription(url.valueAsString, { protocol: SubscriptionProtocol.HTTPS }));
    // (the ids aws-cdk-lib 2 writes for the same app)
    expect(Object.keys(subscriptions(stack)).sort()).toEqual(['AlertsTokenSubscription1FDF3E76C', 'Alertshttpsexamplecomhook46622FA4', 'Alertsopsexamplecom487C7FF2']);
    expect(subscriptions(stack).AlertsTokenSubscription1FDF3E76C!.Properties).toEqual({ Endpoint: { Ref: 'Url' }, Protocol: 'https', TopicArn: { Ref: 'Alerts91F83244' } });
  });

  it('CloudFormation -> import -> CloudFormation gives the same template (email and URL subscriptions read back as the same edges)', () => {
    const { stack } = app();
    const model = stackModel(stack);
    const before = renderCloudFormation(model);
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.template.yaml'), { assets: model.assets });
    expect(imported.edges.filter((e) => e.kind === 'subscription').map((e) => [e.logicalId, e.to, e.props])).toEqual([
      ['AlertsOpsExampleCom', undefined, { protocol: 'email', endpoint: 'ops@example.com' }],
      ['AlertsAuditExampleCom', undefined, { protocol: 'email-json', endpoint: 'audit@example.com', filterPolicy: { level: ['error'] } }],
      ['AlertsHttpsExampleComHook', undefined, { protocol: 'https', endpoint: 'https://example.com/hook', rawMessageDelivery: true }],
      ['AlertsHttpExampleComPlain', undefined, { protocol: 'http', endpoint: 'http://example.com/plain' }],
    ]);
    expect(JSON.parse(JSON.stringify(renderCloudFormation(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('a URL from a parameter: Endpoint its Ref, read back as the same edge', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Alerts');
    topic.addSubscription(new UrlSubscription(new CfnParameter(stack, 'Url').valueAsString, { protocol: SubscriptionProtocol.HTTPS }));
    expect(Object.values(subscriptions(stack))).toEqual([{ Type: 'AWS::SNS::Subscription', Properties: { Endpoint: { Ref: 'Url' }, Protocol: 'https', TopicArn: TOPIC } }]);
    const model = stackModel(stack);
    const before = renderCloudFormation(model);
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.template.yaml'), { assets: model.assets });
    expect(imported.edges.filter((e) => e.kind === 'subscription').map((e) => [e.to, e.props.protocol])).toEqual([[undefined, 'https']]);
    expect(JSON.parse(JSON.stringify(renderCloudFormation(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('SAM -> import -> SAM gives the same template', () => {
    const { stack } = app();
    const before = toSam(stackModel(stack));
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.yaml'));
    expect(imported.edges.filter((e) => e.kind === 'subscription').map((e) => [e.to, e.props.protocol, e.props.endpoint])).toEqual([
      [undefined, 'email', 'ops@example.com'],
      [undefined, 'email-json', 'audit@example.com'],
      [undefined, 'https', 'https://example.com/hook'],
      [undefined, 'http', 'http://example.com/plain'],
    ]);
    expect(JSON.parse(JSON.stringify(toSam(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('refuses what aws-cdk-lib refuses, and the props lambdaform does not model, with exact messages', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Alerts');
    const url = new CfnParameter(stack, 'Url');
    expectLambdaformError(() => topic.addSubscription(new UrlSubscription('ftp://example.com')), 'Test/Alerts', /^URL must start with either http:\/\/ or https:\/\/, got 'ftp:\/\/example.com'$/);
    expectLambdaformError(
      () => topic.addSubscription(new UrlSubscription(url.valueAsString)),
      'Test/Alerts',
      /^Must provide protocol if url is unresolved: give UrlSubscription of a token protocol: SubscriptionProtocol.HTTPS or SubscriptionProtocol.HTTP$/,
    );
    expectLambdaformError(
      () => topic.addSubscription(new UrlSubscription(url.valueAsString, { protocol: SubscriptionProtocol.EMAIL })),
      'Test/Alerts',
      /^UrlSubscription protocol must be SubscriptionProtocol.HTTP or SubscriptionProtocol.HTTPS, got 'email'$/,
    );
    expectLambdaformError(
      () => topic.addSubscription(new UrlSubscription('https://example.com/hook', { deliveryPolicy: { numRetries: 3 } })),
      'Test/Alerts',
      /^deliveryPolicy is not supported: lambdaform does not model an HTTP\/HTTPS subscription's retry policy \(SNS's default applies\); leave it out$/,
    );
    expectLambdaformError(
      () => topic.addSubscription(new EmailSubscription('ops@example.com', { filterPolicyWithMessageBody: {} })),
      'Test/Alerts',
      /^filterPolicyWithMessageBody is not supported: lambdaform models filter policies on message attributes only/,
    );
    expectLambdaformError(() => topic.addSubscription(new EmailSubscription('ops@example.com', { rawMessageDelivery: true } as never)), 'Test/Alerts', /^unknown property 'rawMessageDelivery' \(known: json, filterPolicy, filterPolicyWithMessageBody, deadLetterQueue\)$/);
    topic.addSubscription(new EmailSubscription('ops@example.com'));
    expectLambdaformError(() => topic.addSubscription(new EmailSubscription('ops@example.com')), 'Test/Alerts', /^a subscription with id "ops@example.com" already exists under the scope Test\/Alerts$/);
    const fifo = new Topic(stack, 'Ordered', { fifo: true, topicName: 'ordered.fifo' });
    expectLambdaformError(
      () => fifo.addSubscription(new EmailSubscription('ops@example.com')),
      'Test/Ordered',
      /^a FIFO topic cannot deliver to email endpoints \(SNS FIFO topics deliver to SQS queues only\); subscribe a FIFO queue instead$/,
    );
  });

  it('a Subscription written directly: the endpoint must fit the protocol; raw delivery for HTTP, HTTPS and SQS only', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Alerts');
    new Subscription(stack, 'Hook', { topic, protocol: SubscriptionProtocol.HTTPS, endpoint: 'https://example.com/hook', rawMessageDelivery: true });
    expect(subscriptions(stack).Hook!.Properties).toEqual({ Endpoint: 'https://example.com/hook', Protocol: 'https', RawMessageDelivery: true, TopicArn: TOPIC });
    expectLambdaformError(
      () => new Subscription(stack, 'Plain', { topic, protocol: SubscriptionProtocol.HTTP, endpoint: 'https://example.com/hook' }),
      'Test/Plain',
      /^endpoint of an http subscription must be a URL starting with http:\/\/, got 'https:\/\/example.com\/hook'$/,
    );
    expectLambdaformError(() => new Subscription(stack, 'Mail', { topic, protocol: SubscriptionProtocol.EMAIL, endpoint: 'ops' }), 'Test/Mail', /^endpoint of an email subscription must be an email address, got 'ops'$/);
    expectLambdaformError(
      () => new Subscription(stack, 'RawMail', { topic, protocol: SubscriptionProtocol.EMAIL_JSON, endpoint: 'ops@example.com', rawMessageDelivery: true }),
      'Test/RawMail',
      /^rawMessageDelivery is only valid for HTTP, HTTPS and SQS subscriptions$/,
    );
  });
});
