// What SAM's transform makes of a template beyond the CloudFormation template of its model
// (`samResourceDelta`), so that stack-resource-limit counts what SAM deploys: each case's count is
// aws-sam-translator 1.110's, checked against the real transform when it is installed.
import { describe, expect, it } from 'vitest';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { renderCloudFormation } from '../../../lib/synth/cfn/index.js';
import { resourceCount } from '../../../lib/synth/template.js';
import { samTranslateAll, samTranslatorAvailable, samTranslatorSkipReason } from '../../helpers/sam-translate.js';
import { lines, samFunction as fn } from './helpers.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:t0';

/** A SAM template of two functions `A` and `B`, each with the event `event` (`$I`: the function's index), after `head`. */
function twoFunctions(event: string | undefined, head: string[] = [], more: string[] = []): string {
  const f = (name: string, i: number) => fn(name, ...more, ...(event ? ['Events:', `  E: ${event.replace(/\$I/g, String(i))}`] : []));
  return lines('Transform: AWS::Serverless-2016-10-31', 'Resources:', ...head, ...f('A', 0), ...f('B', 1));
}

/** [name, template, SAM's resource count, the delta]. */
const CASES: Array<[string, string, number, number]> = [
  ['no event: function and role', twoFunctions(undefined), 4, 0],
  ['SNS, topic outside the template: subscription and permission', twoFunctions(`{ Type: SNS, Properties: { Topic: ${TOPIC} } }`), 8, 4],
  ['SNS, topic outside, SqsSubscription: queue, queue policy, subscription, mapping', twoFunctions(`{ Type: SNS, Properties: { Topic: ${TOPIC}, SqsSubscription: true } }`), 12, 8],
  ['SNS, SqsSubscription on a queue outside: subscription, queue policy, mapping', twoFunctions(`{ Type: SNS, Properties: { Topic: !Ref T, SqsSubscription: { QueueArn: arn:aws:sqs:us-east-1:123456789012:q, QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/q } } }`, ['  T: { Type: AWS::SNS::Topic }']), 11, 6],
  ['SNS, topic of the template (modelled)', twoFunctions('{ Type: SNS, Properties: { Topic: !Ref T } }', ['  T: { Type: AWS::SNS::Topic }']), 9, 0],
  ['SQS, queue outside the template: the mapping', twoFunctions('{ Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q } }'), 6, 2],
  ['Kinesis, stream outside', twoFunctions('{ Type: Kinesis, Properties: { Stream: arn:aws:kinesis:us-east-1:123456789012:stream/s, StartingPosition: LATEST } }'), 6, 2],
  ['DynamoDB, stream outside', twoFunctions('{ Type: DynamoDB, Properties: { Stream: arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x, StartingPosition: LATEST } }'), 6, 2],
  ['MQ', twoFunctions('{ Type: MQ, Properties: { Broker: arn:aws:mq:us-east-1:123456789012:broker:b:id, Queues: [q], SourceAccessConfigurations: [{ Type: BASIC_AUTH, URI: arn:aws:secretsmanager:us-east-1:123456789012:secret:s }] } }'), 6, 2],
  ['MSK', twoFunctions('{ Type: MSK, Properties: { Stream: arn:aws:kafka:us-east-1:123456789012:cluster/c/id, Topics: [t], StartingPosition: LATEST } }'), 6, 2],
  ['SelfManagedKafka', twoFunctions('{ Type: SelfManagedKafka, Properties: { KafkaBootstrapServers: [b:9092], Topics: [t], SourceAccessConfigurations: [{ Type: VPC_SUBNET, URI: subnet:s }, { Type: VPC_SECURITY_GROUP, URI: security_group:g }] } }'), 6, 2],
  ['DocumentDB', twoFunctions('{ Type: DocumentDB, Properties: { Cluster: arn:aws:rds:us-east-1:123456789012:cluster:c, DatabaseName: d, SourceAccessConfigurations: [{ Type: BASIC_AUTH, URI: arn:aws:secretsmanager:us-east-1:123456789012:secret:s }] } }'), 6, 2],
  ['Schedule (modelled): rule and permission', twoFunctions('{ Type: Schedule, Properties: { Schedule: rate(1 hour) } }'), 8, 0],
  ['EventBridgeRule (modelled)', twoFunctions('{ Type: EventBridgeRule, Properties: { Pattern: { source: [a] } } }'), 8, 0],
  ['CloudWatchEvent (modelled)', twoFunctions('{ Type: CloudWatchEvent, Properties: { Pattern: { source: [a] } } }'), 8, 0],
  ['IoTRule: topic rule and permission', twoFunctions('{ Type: IoTRule, Properties: { Sql: "SELECT * FROM t" } }'), 8, 4],
  ['CloudWatchLogs: subscription filter and permission', twoFunctions('{ Type: CloudWatchLogs, Properties: { LogGroupName: lg$I, FilterPattern: x } }'), 8, 4],
  ['AlexaSkill: permission', twoFunctions('{ Type: AlexaSkill }'), 6, 2],
  ['Cognito: permission (the trigger is in the user pool)', twoFunctions('{ Type: Cognito, Properties: { UserPool: !Ref Pool, Trigger: Trigger$I } }', ['  Pool: { Type: AWS::Cognito::UserPool }']).replace('Trigger0', 'PreSignUp').replace('Trigger1', 'PostConfirmation'), 7, 2],
  ['Api, implicit ServerlessRestApi: its RestApi, Deployment, Stage; a permission per event', twoFunctions('{ Type: Api, Properties: { Path: /p$I, Method: GET } }'), 9, 5],
  ['Api on an AWS::Serverless::Api: its Deployment and Stage; a permission per event', twoFunctions('{ Type: Api, Properties: { RestApiId: !Ref Rest, Path: /p$I, Method: GET } }', ['  Rest: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }']), 9, 4],
  ['HttpApi: routes in the API body, not a Route and an Integration each', twoFunctions('{ Type: HttpApi, Properties: { Path: /p$I, Method: GET } }'), 8, -4],
  ['FunctionUrlConfig NONE: Url and two permissions', twoFunctions(undefined, [], ['FunctionUrlConfig: { AuthType: NONE }']), 10, 6],
  ['FunctionUrlConfig AWS_IAM: the Url', twoFunctions(undefined, [], ['FunctionUrlConfig: { AuthType: AWS_IAM }']), 6, 2],
  [
    'a state machine: its role, a rule and a role per rule event',
    lines(
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Sm:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      Definition: { StartAt: A, States: { A: { Type: Pass, End: true } } }',
      '      Events:',
      '        S: { Type: Schedule, Properties: { Schedule: rate(1 hour) } }',
      '        V: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 hour) } }',
      '        R: { Type: EventBridgeRule, Properties: { Pattern: { source: [a] } } }',
      '        A: { Type: Api, Properties: { Path: /sm, Method: POST } }',
    ),
    12,
    11,
  ],
  [
    'an embedded connector: its policy',
    lines('Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Q: { Type: AWS::SQS::Queue }', ...fn('A').slice(0, 2), '    Connectors:', '      ToQ: { Properties: { Destination: { Id: Q }, Permissions: [Write] } }', ...fn('A').slice(2)),
    4,
    1,
  ],
];

describe('samResourceDelta: what SAM makes beyond the CloudFormation template of the model', () => {
  it.each(CASES)('%s', (_name, text, sam, delta) => {
    const stack = importTemplate(parseTemplate(text, 'template.yaml'));
    expect(stack.imported?.samResourceDelta ?? 0).toBe(delta);
    expect(resourceCount(renderCloudFormation(stack)) + delta).toBe(sam);
  });

  it.skipIf(!samTranslatorAvailable)(`the counts are the SAM transform's ${samTranslatorSkipReason}`, () => {
    const translated = samTranslateAll(CASES.map(([, text]) => parseTemplate(text, 'template.yaml').template));
    expect(translated.map((t, i) => [CASES[i]![0], Object.keys(t.Resources).length])).toEqual(CASES.map(([name, , sam]) => [name, sam]));
  }, 60_000);
});
