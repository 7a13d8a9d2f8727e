// Values in finding messages: never the model's JSON for a template expression.
import { describe, expect, it } from 'vitest';
import { showValue } from '../../lib/lint/show.js';

describe('showValue', () => {
  it.each<[string, Parameters<typeof showValue>[0], string]>([
    ['a literal', 'subnet-1', 'subnet-1'],
    ['a reference', { $ref: 'Stack/Queue', attr: 'Arn' }, '${Stack/Queue.Arn}'],
    ['a pseudo parameter', { $pseudo: 'AWS::Region' }, '${AWS::Region}'],
    ['a join', { $join: ['arn:', { $pseudo: 'AWS::Partition' }, ':s3:::b'] }, 'arn:${AWS::Partition}:s3:::b'],
    ['a Ref of a parameter without a value', { $expr: { Ref: 'Subnets' } }, '!Ref Subnets'],
    ['an ImportValue', { $expr: { 'Fn::ImportValue': 'shared-role-arn' } }, '!ImportValue shared-role-arn'],
    ['a long argument, cut', { $expr: { 'Fn::ImportValue': { 'Fn::Join': ['-', ['a'.repeat(80)]] } } }, `!ImportValue {"Fn::Join":["-",["${'a'.repeat(38)}...`],
  ])('%s', (_what, value, text) => {
    expect(showValue(value)).toBe(text);
  });

  it('shows a reference as its node id when asked', () => {
    expect(showValue({ $ref: 'Stack/Layer', attr: 'Arn' }, 'id')).toBe('Stack/Layer');
  });
});
