// An AWS::Serverless::StateMachine stays a raw node, with its rule events as edges: the model
// holds the event flow, and synth writes the state machine as it was (SAM makes its rules).
import { describe, expect, it } from 'vitest';
import { lint } from '../../../lib/lint/engine.js';
import { toCloudFormation } from '../../../lib/synth/cfn/index.js';
import { toSam } from '../../../lib/synth/sam/index.js';
import { edge, lineOf, lines, load, node } from './helpers.js';

const text = lines(
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Orders:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionUri: statemachine/orders.asl.json',
  '      Policies: [AWSXrayWriteOnlyAccess]',
  '      Events:',
  '        Nightly:',
  '          Type: Schedule',
  '          Properties:',
  "            Schedule: rate(1 day)",
  '        OnUpload:',
  '          Type: EventBridgeRule',
  '          Properties:',
  '            Pattern: {source: [aws.s3], detail-type: [Object Created]}',
  '            RetryPolicy: {MaximumRetryAttempts: 3}',
  '        Start:',
  '          Type: Api',
  '          Properties: {Path: /start, Method: post}',
);

describe('AWS::Serverless::StateMachine', () => {
  const { stack } = load(text);

  it('is a raw node with its properties as written', () => {
    expect(node(stack, 'Orders', 'raw').props.type).toBe('AWS::Serverless::StateMachine');
  });

  it('its Schedule and EventBridgeRule events are rules targeting it, part of it, at the event lines', () => {
    expect(node(stack, 'Orders/Nightly', 'schedule')).toMatchObject({ logicalId: 'OrdersNightly', partOf: 'Orders', props: { scheduleExpression: 'rate(1 day)', enabled: true }, origin: { source: { line: lineOf(text, '        Nightly:') } } });
    expect(node(stack, 'Orders/OnUpload', 'schedule')).toMatchObject({ partOf: 'Orders', props: { eventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] } } });
    expect(edge(stack, 'Orders/OnUpload#target:Orders', 'ruleTarget')).toMatchObject({ from: 'Orders/OnUpload', to: 'Orders', partOf: 'Orders', props: { retryAttempts: 3 } });
    expect(stack.edges.filter((e) => e.to === 'Orders')).toHaveLength(2);
  });

  it('synth writes the state machine as it was, and nothing more for its events', () => {
    const sam = toSam(stack);
    expect(Object.keys(sam.Resources)).toEqual(['Orders']);
    expect(Object.keys(toCloudFormation(stack).Resources)).toEqual(['Orders']);
  });

  it('lints without a finding about the rules that are part of it', () => {
    const found = lint({ version: 2, stacks: [stack] }, { preset: 'strict' }, undefined, new Date('2026-11-22T00:00:00Z'));
    expect(found.filter((f) => f.path.startsWith('Orders/'))).toEqual([]);
  });
});
