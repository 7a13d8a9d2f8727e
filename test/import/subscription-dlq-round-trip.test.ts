// Subscriptions with a dead-letter queue (RedrivePolicy): CloudFormation → import → CloudFormation
// gives the same template, the DLQ's policy taken in by the edges; a SAM SNS event's RedrivePolicy
// is read into the edge, and one naming a queue outside the template stays as written.
import { describe, expect, it } from 'vitest';
import { Queue, SnsEventSource, Topic } from '../../lib/all.js';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import { SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { renderCloudFormation } from '../../lib/synth/cfn/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';

describe("subscriptions' dead-letter queues round-trip", () => {
  it('SqsSubscription and SnsEventSource with a DLQ: same template, deadLetterQueue on the edges, no raw policies', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'Orders');
    const dlq = new Queue(stack, 'Undelivered');
    topic.addSubscription(new SqsSubscription(new Queue(stack, 'Jobs'), { deadLetterQueue: dlq }));
    newFunction(stack, 'Fn').addEventSource(new SnsEventSource(topic, { deadLetterQueue: dlq }));
    const model = stackModel(stack);
    const before = renderCloudFormation(model);
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.template.yaml'), { assets: model.assets });
    expect(JSON.parse(JSON.stringify(renderCloudFormation(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
    expect(imported.nodes.filter((n) => n.kind === 'raw').map((n) => n.logicalId)).toEqual([]);
    expect(imported.edges.filter((e) => e.kind === 'subscription').map((e) => [e.props.protocol, e.props.deadLetterQueue])).toEqual([
      ['sqs', 'Test/Undelivered'],
      ['lambda', 'Test/Undelivered'],
    ]);
  });

  it("a SAM SNS event's RedrivePolicy (object or JSON text) names the DLQ; one outside the template is kept as written", () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders: { Type: AWS::SNS::Topic }
  Undelivered: { Type: AWS::SQS::Queue }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: exports.handler = async () => 1;
      Events:
        A: { Type: SNS, Properties: { Topic: !Ref Orders, RedrivePolicy: { deadLetterTargetArn: !GetAtt Undelivered.Arn } } }
        B: { Type: SNS, Properties: { Topic: !Ref Orders, RedrivePolicy: !Sub '{"deadLetterTargetArn": "\${Undelivered.Arn}"}' } }
        C: { Type: SNS, Properties: { Topic: !Ref Orders, RedrivePolicy: { deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:elsewhere } } }
`;
    const stack = importTemplate(parseTemplate(text, 'template.yaml'));
    const subs = stack.edges.filter((e) => e.kind === 'subscription');
    expect(subs.map((e) => e.props.deadLetterQueue)).toEqual(['Undelivered', 'Undelivered', undefined]);
    expect(subs[2]!.overrides).toEqual([{ path: 'RedrivePolicy', value: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:elsewhere' } }]);
  });
});
