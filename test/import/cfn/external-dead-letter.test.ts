// A queue's dead-letter queue outside the template, named by a literal ARN: an imported node (as
// Queue.fromQueueArn makes one), so the redrive policy is known and the rules read it.
import { describe, expect, it } from 'vitest';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { sqsMaxReceiveCount } from '../../../lib/lint/rules/sqs-max-receive-count.js';
import type { QueueNode, StackModel } from '../../../lib/model/types.js';
import { checkStack } from '../../../lib/model/check.js';

const template = (dlq: string, extra = '') => `Transform: AWS::Serverless-2016-10-31
Parameters:
  DlqArn:
    Type: String
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({});"
      Timeout: 30
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 180
      RedrivePolicy: {deadLetterTargetArn: ${dlq}, maxReceiveCount: 2}
${extra}`;
const load = (text: string): StackModel => importTemplate(parseTemplate(text, 'template.yaml'));
const queue = (s: StackModel, id: string) => s.nodes.find((n) => n.kind === 'queue' && n.id === id) as QueueNode;

describe('a dead-letter queue outside the template', () => {
  it('named by a literal ARN: an imported queue node, at the line of the queue that names it; the redrive policy is known', () => {
    const stack = load(template("'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq'"));
    const jobs = queue(stack, 'Jobs');
    expect(jobs.props.deadLetter).toEqual({ queue: 'JobsExternaljobsdlq', maxReceiveCount: 2 });
    expect(jobs.unknown ?? []).not.toContain('deadLetter');
    const dlq = queue(stack, 'JobsExternaljobsdlq');
    expect(dlq.imported).toEqual({ attributes: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq', Name: 'jobs-dlq', Url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-dlq' } });
    expect(dlq.origin).toMatchObject({ path: 'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq', source: { file: 'template.yaml', line: 18 } });
    expect(checkStack(stack)).toEqual([]);
  });

  it('sqs-max-receive-count reads it: 2 receives are reported, as with a DLQ in the template', () => {
    const findings = lint({ version: 1, stacks: [load(template("'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq'"))] } as never, {}, [sqsMaxReceiveCount], new Date('2026-11-30'), process.cwd());
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^Jobs moves a message to its dead-letter queue arn:aws:sqs:eu-west-1:123456789012:jobs-dlq after 2 receives \(maxReceiveCount 2\)/)]);
  });

  it('two queues naming the same ARN share one node; a FIFO ARN makes a FIFO queue', () => {
    const other = `  Other:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: {deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq', maxReceiveCount: 5}
  Ordered:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      RedrivePolicy: {deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:ordered-dlq.fifo', maxReceiveCount: 5}
`;
    const stack = load(template("'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq'", other));
    expect(queue(stack, 'Other').props.deadLetter).toEqual({ queue: 'JobsExternaljobsdlq', maxReceiveCount: 5 });
    expect(stack.nodes.filter((n) => n.imported !== undefined).map((n) => n.id)).toEqual(['JobsExternaljobsdlq', 'OrderedExternalordereddlqfifo']);
    expect(queue(stack, 'OrderedExternalordereddlqfifo').props.fifo).toBe(true);
  });

  it('named by a parameter: unknown, as before (what it names is not known)', () => {
    const jobs = queue(load(template('!Ref DlqArn')), 'Jobs');
    expect(jobs.unknown).toContain('deadLetter');
  });
});

describe('a dead-letter ARN naming a queue of the template', () => {
  it("is that queue (its QueueName written out), not an outside one", () => {
    const own = `  JobsDlq:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs-dlq
`;
    const stack = load(template("'arn:aws:sqs:eu-west-1:123456789012:jobs-dlq'", own));
    expect(queue(stack, 'Jobs').props.deadLetter).toEqual({ queue: 'JobsDlq', maxReceiveCount: 2 });
    expect(stack.nodes.filter((n) => n.imported !== undefined)).toEqual([]);
  });
});
