// SAM connectors whose source is a function (an AWS::Serverless::Connector resource, or a
// resource's Connectors attribute) give the function's role the statements of SAM's connector
// profile: grant edges, so the rules that read grants (recursive-loop) see them.
import { describe, expect, it } from 'vitest';
import { lint } from '../../../lib/lint/engine.js';
import { toCloudFormation } from '../../../lib/synth/cfn/index.js';
import { checkStack } from '../../../lib/model/check.js';
import { edges, lineOf, lines, load, samFunction } from './helpers.js';

const text = lines(
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Jobs: { Type: AWS::SQS::Queue, Properties: { VisibilityTimeout: 60 } }',
  '  Topic: { Type: AWS::SNS::Topic }',
  '  Table: { Type: AWS::Serverless::SimpleTable }',
  ...samFunction('Worker', 'Events:', '  Q: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, FunctionResponseTypes: [ReportBatchItemFailures] } }'),
  '    Connectors:',
  '      ToJobs:',
  '        Properties:',
  '          Destination: [{ Id: Jobs }, { Id: Table }]',
  '          Permissions: [Read, Write]',
  ...samFunction('Publisher', 'Events:', '  T: { Type: SNS, Properties: { Topic: !Ref Topic } }'),
  '  PublisherToTopic:',
  '    Type: AWS::Serverless::Connector',
  '    Properties:',
  '      Source: { Id: Publisher }',
  '      Destination: { Id: Topic }',
  '      Permissions: [Write]',
);

describe('connectors from a function', () => {
  const { stack } = load(text);
  const grants = (role: string) => edges(stack, 'grant').filter((g) => g.from === role && g.props.reason.startsWith('SAM connector'));

  it("an embedded connector: the profile's statements for each destination and category, at the connector's line", () => {
    const g = grants('WorkerRole');
    expect(g.map((e) => [e.to, e.props.actions, e.props.reason])).toEqual([
      ['Jobs', ['sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], 'SAM connector WorkerToJobs (Read)'],
      ['Jobs', ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:PurgeQueue', 'sqs:SendMessage'], 'SAM connector WorkerToJobs (Write)'],
      ['Table', ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PartiQLSelect', 'dynamodb:Query', 'dynamodb:Scan'], 'SAM connector WorkerToJobs (Read)'],
      ['Table', ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'SAM connector WorkerToJobs (Write)'],
    ]);
    expect(g[2]!.props.resources).toEqual([{ $ref: 'Table', attr: 'Arn' }, { $join: [{ $ref: 'Table', attr: 'Arn' }, '/index/*'] }]);
    expect(g[0]!.origin.source?.line).toBe(lineOf(text, 'ToJobs:'));
    expect(g.every((e) => e.partOf === undefined)).toBe(true);
  });

  it('a connector resource: part of its raw node, which writes it', () => {
    const [g, ...rest] = grants('PublisherRole');
    expect(rest).toEqual([]);
    expect(g).toMatchObject({ to: 'Topic', partOf: 'PublisherToTopic', props: { actions: ['sns:Publish'] }, origin: { source: { line: lineOf(text, 'PublisherToTopic:') } } });
    expect(checkStack(stack)).toEqual([]);
    expect(Object.keys(toCloudFormation(stack).Resources)).toContain('PublisherToTopic');
  });

  it('recursive-loop sees the permissions they give', () => {
    const found = lint({ version: 2, stacks: [stack] }, {}, undefined, new Date('2026-11-22T00:00:00Z')).filter((f) => f.rule === 'recursive-loop');
    expect(found.map((f) => f.path).sort()).toEqual(['Publisher', 'Worker']);
  });
});
