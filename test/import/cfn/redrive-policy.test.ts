// A queue's RedrivePolicy written as JSON text (CloudFormation takes an object or its JSON text):
// read as the object, so the dead-letter queue and maxReceiveCount are known.
import { describe, expect, it } from 'vitest';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { parseJsonText } from '../../../lib/import/values.js';
import type { QueueNode, StackModel } from '../../../lib/model/types.js';

const load = (redrive: string): StackModel =>
  importTemplate(parseTemplate(`Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy: ${redrive}\n  Dlq: { Type: AWS::SQS::Queue }\n`, 'template.yaml'));
const jobs = (s: StackModel) => s.nodes.find((n) => n.id === 'Jobs') as QueueNode;

describe('RedrivePolicy as JSON text', () => {
  it('a literal string naming a queue outside the template by its ARN', () => {
    const q = jobs(load(`'{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:jobs-dlq", "maxReceiveCount": 2}'`));
    expect(q.props.deadLetter).toEqual({ queue: 'JobsExternaljobsdlq', maxReceiveCount: 2 });
    expect(q.unknown ?? []).not.toContain('deadLetter');
  });

  it('a !Sub naming a queue of the template, in both forms (a count written as a string too)', () => {
    expect(jobs(load(`!Sub '{"deadLetterTargetArn": "\${Dlq.Arn}", "maxReceiveCount": 3}'`)).props.deadLetter).toEqual({ queue: 'Dlq', maxReceiveCount: 3 });
    expect(jobs(load(`!Sub ['{"deadLetterTargetArn": "\${A}", "maxReceiveCount": "4"}', { A: !GetAtt Dlq.Arn }]`)).props.deadLetter).toEqual({ queue: 'Dlq', maxReceiveCount: 4 });
  });

  it('text that is not JSON: a redrive policy with unknown details, as before', () => {
    const q = jobs(load(`'not json'`));
    expect(q.props.deadLetter).toBeUndefined();
    expect(q.unknown).toContain('deadLetter');
  });
});

describe('parseJsonText', () => {
  it('puts the parts known only at deploy back where they stand', () => {
    const ref = { $ref: 'Dlq', attr: 'Arn' };
    expect(parseJsonText({ $join: ['{"a": "', ref, '", "b": "x-', ref, '", "c": [1]}'] })).toEqual({ a: ref, b: { $join: ['x-', ref] }, c: [1] });
    expect(parseJsonText('{"<lambdaform-part:0>": 1}')).toEqual({ '<lambdaform-part:0>': 1 });
    expect(parseJsonText('{')).toBeUndefined();
    expect(parseJsonText(3)).toBeUndefined();
  });
});
