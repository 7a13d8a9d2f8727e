// EventBridgeDestination: the account's default event bus as a destination of a function's
// asynchronous invocations (DestinationConfig names its ARN, the function gets events:PutEvents on
// it), in both backends; the import round trip; a given bus refused.
import { describe, expect, it } from 'vitest';
import { App, Queue, Stack, StartingPosition, Stream } from '../../lib/all.js';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import { EventBridgeDestination, SqsDestination } from '../../lib/modules/aws-lambda-destinations.js';
import { KinesisEventSource } from '../../lib/modules/aws-lambda-event-sources.js';
import { renderCloudFormation } from '../../lib/synth/cfn/index.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { Template, stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

// aws-cdk-lib's value (it writes it as an Fn::Join of the same parts).
const BUS_ARN = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' };
const PUT_EVENTS = { Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS_ARN };

describe('EventBridgeDestination', () => {
  it('CloudFormation: the EventInvokeConfig names the default bus; the role gets events:PutEvents on it once', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { onSuccess: new EventBridgeDestination(), onFailure: new EventBridgeDestination() });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    expect(Object.values(t.findResources('AWS::Lambda::EventInvokeConfig'))[0]).toEqual({
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: { FunctionName: { Ref: 'Fn' }, Qualifier: '$LATEST', DestinationConfig: { OnSuccess: { Destination: BUS_ARN }, OnFailure: { Destination: BUS_ARN } } },
      Metadata: { 'lambdaform:path': 'Test/Fn' },
    });
    const role = t.findResources('AWS::IAM::Role').FnServiceRole as unknown as { Properties: { Policies: Array<{ PolicyDocument: { Statement: unknown[] } }> } };
    expect(role.Properties.Policies[0]!.PolicyDocument.Statement).toEqual([PUT_EVENTS]);
  });

  it('SAM: EventInvokeConfig of type EventBridge, the same grant', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { onSuccess: new EventBridgeDestination(), onFailure: new SqsDestination(new Queue(stack, 'Failed')) });
    const t = Template.fromStack(stack, 'sam');
    const fn = t.findResources('AWS::Serverless::Function').Fn as { Properties: Record<string, unknown> };
    expect(fn.Properties.EventInvokeConfig).toEqual({
      DestinationConfig: { OnSuccess: { Type: 'EventBridge', Destination: BUS_ARN }, OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['Failed', 'Arn'] } } },
    });
    const role = t.findResources('AWS::IAM::Role').FnServiceRole as unknown as { Properties: { Policies: Array<{ PolicyDocument: { Statement: unknown[] } }> } };
    expect(role.Properties.Policies[0]!.PolicyDocument.Statement).toContainEqual(PUT_EVENTS);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
  });

  it("the model: a destination edge without a target, eventBus 'default'", () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { onFailure: new EventBridgeDestination() });
    expect(stackModel(stack).edges.filter((e) => e.kind === 'destination').map((e) => [e.id, e.to, e.props])).toEqual([['Test/Fn#onFailure', undefined, { condition: 'onFailure', eventBus: 'default' }]]);
  });

  it("the same with logicalIds: 'cdk' (CDK's <Function>/EventInvokeConfig)", () => {
    const stack = new Stack(new App({ now: TODAY, logicalIds: 'cdk' }), 'Test');
    newFunction(stack, 'Fn', { onSuccess: new EventBridgeDestination() });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::EventInvokeConfig'))).toEqual(['FnEventInvokeConfig6834F094']);
  });

  it('CloudFormation -> import -> CloudFormation gives the same template (the default bus ARN reads back as this destination)', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { onSuccess: new EventBridgeDestination(), onFailure: new EventBridgeDestination() });
    const model = stackModel(stack);
    const before = renderCloudFormation(model);
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.template.yaml'), { assets: model.assets });
    expect(imported.edges.filter((e) => e.kind === 'destination').map((e) => [e.to, e.props])).toEqual([
      [undefined, { condition: 'onSuccess', eventBus: 'default' }],
      [undefined, { condition: 'onFailure', eventBus: 'default' }],
    ]);
    expect(JSON.parse(JSON.stringify(renderCloudFormation(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('SAM -> import -> SAM gives the same template (EventInvokeConfig of type EventBridge reads back as this destination)', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { onSuccess: new EventBridgeDestination(), onFailure: new EventBridgeDestination() });
    const before = toSam(stackModel(stack));
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.yaml'));
    expect(imported.edges.filter((e) => e.kind === 'destination').map((e) => [e.to, e.props])).toEqual([
      [undefined, { condition: 'onSuccess', eventBus: 'default' }],
      [undefined, { condition: 'onFailure', eventBus: 'default' }],
    ]);
    expect(JSON.parse(JSON.stringify(toSam(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('refuses a given event bus, and the default bus as a stream mapping failure destination', () => {
    const stack = newStack();
    expectLambdaformError(
      () => newFunction(stack, 'Fn', { onSuccess: new EventBridgeDestination({ eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' }) }),
      'Test/Fn',
      /^EventBridgeDestination of an event bus \(an object with keys eventBusArn\) is not supported: lambdaform models the account's default event bus only \(it has no EventBus construct\); write new EventBridgeDestination\(\) to send to the default bus, whose rules \(new Rule with an eventPattern\) then route the events$/,
    );
    const fn = newFunction(stack, 'Consumer');
    expectLambdaformError(
      () => fn.addEventSource(new KinesisEventSource(new Stream(stack, 'S'), { startingPosition: StartingPosition.LATEST, onFailure: new EventBridgeDestination() as never })),
      'Test/Consumer/KinesisEventSourceS',
      /^onFailure must be one of sqs, sns, s3, got events \(the default event bus\)$/,
    );
  });
});
