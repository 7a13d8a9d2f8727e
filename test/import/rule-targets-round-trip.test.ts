// Rules targeting queues and topics (SqsQueue, SnsTopic): CloudFormation → import → CloudFormation
// gives the same template; the queue's and topic's policies are taken in by the edges.
import { describe, expect, it } from 'vitest';
import { Duration, Queue, QueueEncryption, Rule, RuleTargetInput, Topic } from '../../lib/all.js';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { LambdaFunction, SnsTopic, SqsQueue } from '../../lib/modules/aws-events-targets.js';
import { Key } from '../../lib/modules/aws-kms.js';
import { renderCloudFormation } from '../../lib/synth/cfn/index.js';
import { toYaml } from '../../lib/synth/template.js';
import { stackModel } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';

describe('rule targets to queues and topics round-trip', () => {
  it('a queue (FIFO, with message, retry, DLQ), an encrypted queue, a topic and a function: same template, same edges, no raw policies', () => {
    const stack = newStack();
    const fifo = new Queue(stack, 'Fifo', { fifo: true });
    const dlq = new Queue(stack, 'Dlq');
    const enc = new Queue(stack, 'Enc', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1234') });
    const topic = new Topic(stack, 'T');
    new Rule(stack, 'R', {
      eventPattern: { source: ['shop'] },
      targets: [
        new SqsQueue(fifo, { messageGroupId: 'g', message: RuleTargetInput.fromObject({ a: 1 }), retryAttempts: 3, deadLetterQueue: dlq }),
        new SnsTopic(topic),
        new LambdaFunction(newFunction(stack, 'Fn')),
      ],
    });
    new Rule(stack, 'Tick', { schedule: Schedule.rate(Duration.hours(1)), targets: [new SqsQueue(enc), new SnsTopic(topic, { maxEventAge: Duration.hours(1) })] });
    const model = stackModel(stack);
    const before = renderCloudFormation(model);
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.template.yaml'), { assets: model.assets });
    expect(JSON.parse(JSON.stringify(renderCloudFormation(imported)))).toEqual(JSON.parse(JSON.stringify(before)));
    expect(imported.nodes.filter((n) => n.kind === 'raw').map((n) => n.logicalId)).toEqual([]);
    const local = (id: string | undefined) => id?.replace(/^Test\//, '');
    expect(imported.edges.filter((e) => e.kind === 'ruleTarget').map((e) => [local(e.from), local(e.to), e.props])).toEqual([
      ['R', 'Fifo', { input: { a: 1 }, messageGroupId: 'g', retryAttempts: 3, deadLetterQueue: 'Test/Dlq' }],
      ['R', 'T', {}],
      ['R', 'Fn', {}],
      ['Tick', 'Enc', {}],
      ['Tick', 'T', { maxEventAgeSeconds: 3600 }],
    ]);
  });
});
