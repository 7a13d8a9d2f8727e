// EventSourceMapping with eventSourceArn, as aws-cdk-lib takes it: a construct's ARN gives the same
// mapping as `source`; the ARN of a queue, stream or table stream outside the app is imported.
import { describe, expect, it } from 'vitest';
import { CfnParameter, Duration, EventSourceMapping, Queue, StartingPosition, Stream } from '../../lib/all.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { errorMessage } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';

describe('EventSourceMapping eventSourceArn', () => {
  it("a queue's queueArn gives the same template as source: queue", () => {
    const make = (byArn: boolean): unknown => {
      const stack = newStack();
      const fn = newFunction(stack, 'Fn', { timeout: Duration.seconds(10) });
      const q = new Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(60) });
      new EventSourceMapping(stack, 'Mapping', { target: fn, batchSize: 5, ...(byArn ? { eventSourceArn: q.queueArn } : { source: q }) });
      return Template.fromStack(stack).template;
    };
    const byArn = make(true);
    expect(byArn).toEqual(make(false));
    expect(JSON.stringify(byArn)).toContain('"EventSourceArn":{"Fn::GetAtt":["Jobs","Arn"]}');
  });

  it("a stream's streamArn reads the stream", () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const s = new Stream(stack, 'Events');
    new EventSourceMapping(stack, 'Mapping', { target: fn, eventSourceArn: s.streamArn, startingPosition: StartingPosition.LATEST });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { 'Fn::GetAtt': ['Events', 'Arn'] }, StartingPosition: 'LATEST' });
  });

  it('the ARN of a queue outside the app is read as Queue.fromQueueArn: no queue written, the role may consume it', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const arn = 'arn:aws:sqs:eu-west-1:123456789012:orders';
    new EventSourceMapping(stack, 'Mapping', { target: fn, eventSourceArn: arn });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SQS::Queue', 0);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: arn });
    expect(roleStatements(t, 'FnServiceRole')).toContainEqual(expect.objectContaining({ Resource: arn, Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']) }));
  });

  it('refuses both or neither, an ARN that is no event source, and a deploy-time value', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const q = new Queue(stack, 'Jobs');
    expect(errorMessage(() => new EventSourceMapping(stack, 'Both', { target: fn, source: q, eventSourceArn: q.queueArn }))).toBe('Test/Both: give either source or eventSourceArn, not both');
    expect(errorMessage(() => new EventSourceMapping(stack, 'None', { target: fn }))).toBe(
      'Test/None: eventSourceArn is required: the ARN of the queue, stream or table stream to read (queue.queueArn, stream.streamArn, table.tableStreamArn), or source: the construct itself',
    );
    expect(errorMessage(() => new EventSourceMapping(stack, 'ByFn', { target: fn, eventSourceArn: fn.functionArn }))).toBe(
      "Test/ByFn: eventSourceArn is the Arn of Test/Fn, which is no event source: give a queue's queueArn, a stream's streamArn or a table's tableStreamArn",
    );
    expect(errorMessage(() => new EventSourceMapping(stack, 'Sns', { target: fn, eventSourceArn: 'arn:aws:sns:eu-west-1:123456789012:t' }))).toBe(
      "Test/Sns: eventSourceArn must be the ARN of an SQS queue, a Kinesis stream or a DynamoDB table stream, got 'arn:aws:sns:eu-west-1:123456789012:t'",
    );
    const param = new CfnParameter(stack, 'SourceArn');
    expect(errorMessage(() => new EventSourceMapping(stack, 'Param', { target: fn, eventSourceArn: param.valueAsString }))).toBe(
      'Test/Param: eventSourceArn is a deploy-time value (a parameter or Fn function): lambdaform must know which kind of source it is; import it first (Queue.fromQueueArn, Stream.fromStreamArn or Table.fromTableAttributes) and give that as source',
    );
  });
});
