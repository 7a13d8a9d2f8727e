import { describe, expect, it } from 'vitest';
import { Bucket, Effect, ManagedPolicy, PolicyStatement, Queue, Role, ServicePrincipal, type PolicyStatementProps, type Stack } from '../../../lib/all.js';
import { iamWildcard } from '../../../lib/lint/rules/iam-wildcard.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';
import { newFunction, TODAY } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';

const BUCKET = 'arn:aws:s3:::reports/*';
/** A function whose role gets `statement` through addToRolePolicy. */
const withStatement = (statement: PolicyStatementProps | PolicyStatement) => (stack: Stack) => newFunction(stack, 'Fn').addToRolePolicy(statement);
const GRANT = 'Test/Fn/ServiceRole#grant0';

ruleTester(iamWildcard, {
  valid: [
    { name: 'the statements grant methods write', build: (s) => { const fn = newFunction(s, 'Fn'); new Queue(s, 'Q').grantSendMessages(fn); new Bucket(s, 'B').grantReadWrite(fn); } },
    { name: 'listed actions on listed resources', build: withStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [BUCKET] }) },
    { name: 'an action prefix wildcard (s3:Get*) on a listed resource', build: withStatement({ actions: ['s3:Get*'], resources: [BUCKET] }) },
    { name: 'metadata reads on every resource (List, Describe: many take no resource ARN)', build: withStatement({ actions: ['ec2:DescribeInstances', 'sqs:ListQueues'], resources: ['*'] }) },
    { name: 'the CloudWatch Logs actions of AWSLambdaBasicExecutionRole, on *', build: withStatement({ actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['*'] }) },
    { name: 'actions that take no resource ARN, on *', build: withStatement({ actions: ['cloudwatch:PutMetricData', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'], resources: ['*'] }) },
    { name: 'the VPC network interface actions, on * (as AWSLambdaVPCAccessExecutionRole)', build: withStatement({ actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces'], resources: ['*'] }) },
    { name: 'a write action on * narrowed by a condition', build: withStatement({ actions: ['ec2:StopInstances'], resources: ['*'], conditions: { StringEquals: { 'aws:ResourceTag/team': 'reports' } } }) },
    { name: 'a Deny with every action', build: withStatement({ effect: Effect.DENY, actions: ['*'], resources: ['*'] }) },
    { name: 'a Deny with notActions', build: withStatement({ effect: Effect.DENY, notActions: ['s3:GetObject'], resources: [BUCKET] }) },
    { name: 'a Deny of a write action on *', build: withStatement({ effect: Effect.DENY, actions: ['s3:DeleteObject'], resources: ['*'] }) },
    {
      name: 'actions that analyze the request (access level Read: Detect, BatchDetect, Analyze, CompareFaces) on *',
      build: withStatement({ actions: ['comprehend:BatchDetectSentiment', 'comprehend:DetectEntities', 'rekognition:CompareFaces', 'rekognition:DetectLabels', 'textract:AnalyzeDocument', 'textract:DetectDocumentText', 'comprehend:Detect*'], resources: ['*'] }),
    },
    { name: 'a narrow AWS managed policy (AWSLambdaBasicExecutionRole)', build: (s) => void newFunction(s, 'Fn') },
  ],
  invalid: [
    {
      name: "every action ('*') on every resource",
      build: withStatement({ actions: ['*'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /^Test\/Fn\/ServiceRole \(the role of Test\/Fn\) has a statement from addToRolePolicy that allows every action \('\*'\) on \*$/ }],
    },
    {
      name: "every action ('*') on one resource",
      build: withStatement({ actions: ['*'], resources: [BUCKET] }),
      findings: [{ path: GRANT, message: /allows every action \('\*'\) on arn:aws:s3:::reports\/\*$/ }],
    },
    {
      name: 'every action of a service, on a resource of the app (named after the construct)',
      build: (s) => {
        const q = new Queue(s, 'Q');
        newFunction(s, 'Fn').addToRolePolicy({ sid: 'Queue', actions: ['sqs:*', 's3:GetObject'], resources: [q.queueArn] });
      },
      findings: [{ path: GRANT, message: /has a statement 'Queue' from addToRolePolicy that allows every action of sqs \('sqs:\*'\) on \$\{Test\/Q\.Arn\}$/ }],
    },
    {
      name: 'notActions with Allow',
      build: withStatement({ notActions: ['iam:*'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /allows every action except iam:\* \(notActions with Allow\) on \*$/ }],
    },
    {
      name: 'data reads on every resource (every secret, parameter, item)',
      build: withStatement({ actions: ['dynamodb:Query', 'secretsmanager:GetSecretValue', 'ssm:GetParameter'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /allows dynamodb:Query, secretsmanager:GetSecretValue, ssm:GetParameter, which can read every such resource \(every secret, every object\), on every resource \('\*'\)$/ }],
    },
    {
      name: 'a write action on every resource',
      build: withStatement({ actions: ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /allows s3:PutObject, sqs:SendMessage, which can change data, on every resource \('\*'\); and allows s3:GetObject, which can read every such resource \(every secret, every object\), on every resource \('\*'\)$/ }],
    },
    {
      name: "Textract's Start actions (access level Write) beside its reads, on every resource",
      build: withStatement({ actions: ['textract:AnalyzeDocument', 'textract:DetectDocumentText', 'textract:StartDocumentAnalysis', 'textract:StartDocumentTextDetection'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /that allows textract:StartDocumentAnalysis, textract:StartDocumentTextDetection, which can change data, on every resource \('\*'\)$/ }],
    },
    {
      name: 'an AWS managed policy that allows every action on every resource (AdministratorAccess)',
      build: (s) => void newFunction(s, 'Fn').role!.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')),
      findings: [{ path: 'Test/Fn/ServiceRole', message: /^Test\/Fn\/ServiceRole \(the role of Test\/Fn\) has the AWS managed policy AdministratorAccess, which allows every action \('\*'\) on \*$/ }],
    },
    {
      name: 'a write action pattern (s3:Put*) on every resource',
      build: withStatement({ actions: ['s3:Put*'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /allows s3:Put\*, which can change data, on every resource/ }],
    },
    {
      name: 'a write action on every resource but one (notResources)',
      build: withStatement({ actions: ['s3:DeleteObject'], notResources: [BUCKET] }),
      findings: [{ path: GRANT, message: /allows s3:DeleteObject, which can change data, on every resource except arn:aws:s3:::reports\/\* \(notResources\)$/ }],
    },
    {
      name: 'a service wildcard and a write action on * in one statement: one finding with both',
      build: withStatement({ actions: ['dynamodb:*', 'sns:Publish'], resources: ['*'] }),
      findings: [{ path: GRANT, message: /allows every action of dynamodb \('dynamodb:\*'\) on \*; and allows sns:Publish, which can change data, on every resource \('\*'\)$/ }],
    },
    {
      name: 'a PolicyStatement built up with addAllResources',
      build: (s) => {
        const st = new PolicyStatement({ actions: ['dynamodb:DeleteItem'] });
        st.addAllResources();
        newFunction(s, 'Fn').addToRolePolicy(st);
      },
      findings: [{ path: GRANT, message: /allows dynamodb:DeleteItem, which can change data, on every resource/ }],
    },
    {
      name: 'a role shared by two functions names both; a role of no function names none',
      build: (s) => {
        const shared = new Role(s, 'Shared', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
        newFunction(s, 'A', { role: shared });
        newFunction(s, 'B', { role: shared });
        shared.addToPolicy({ actions: ['*'], resources: ['*'] }, 'adminForBoth');
        new Role(s, 'Lonely', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }).addToPolicy({ actions: ['s3:*'], resources: ['*'] });
      },
      findings: [
        { path: 'Test/Lonely#grant0', message: /^Test\/Lonely has a statement from addToPolicy that allows every action of s3/ },
        { path: 'Test/Shared#grant0', message: /^Test\/Shared \(the role of Test\/A, Test\/B\) has a statement from adminForBoth that allows every action/ },
      ],
    },
  ],
});

describe('iam-wildcard: locations', () => {
  it("points at the user's addToRolePolicy line", () => {
    const [f] = findingsOf(iamWildcard, withStatement({ actions: ['*'], resources: ['*'] }));
    expect(f!.source?.file).toMatch(/iam-wildcard\.test\.ts$/);
  });
});

describe('iam-wildcard: SAM policies (imported templates)', () => {
  const found = (policies: string) => {
    const yaml = `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: "def handler(event, context): pass"
      Policies:
${policies}
`;
    const stack = importTemplate(parseTemplate(yaml, 'template.yaml'));
    return lint({ version: 2, stacks: [stack] }, { rules: { 'iam-wildcard': 'warning' } }, [iamWildcard], TODAY);
  };

  it('the read-only policy templates ComprehendBasicAccessPolicy, RekognitionDetectOnlyPolicy, RekognitionFacesPolicy, RekognitionLabelsPolicy: nothing', () => {
    expect(found('        - ComprehendBasicAccessPolicy: {}\n        - RekognitionDetectOnlyPolicy: {}\n        - RekognitionFacesPolicy: {}\n        - RekognitionLabelsPolicy: {}')).toEqual([]);
  });

  it('TextractDetectAnalyzePolicy: only the Start actions, which start jobs (access level Write)', () => {
    expect(found('        - TextractDetectAnalyzePolicy: {}').map((f) => f.message)).toEqual([
      "WorkerRole (the role of Worker) has a statement from SAM policy template TextractDetectAnalyzePolicy that allows textract:StartDocumentAnalysis, textract:StartDocumentTextDetection, which can change data, on every resource ('*')",
    ]);
  });

  it.each([
    ['AdministratorAccess', "allows every action ('*') on *"],
    ['PowerUserAccess', 'allows every action except account:*, iam:*, organizations:* (notActions with Allow) on *'],
    ['AmazonS3FullAccess', "allows every action of s3-object-lambda, s3 ('s3-object-lambda:*', 's3:*') on *"],
    ['AmazonSQSFullAccess', "allows every action of sqs ('sqs:*') on *"],
    ['AmazonDynamoDBFullAccess', "allows every action of dax, dynamodb ('dax:*', 'dynamodb:*') on *"],
    ['AmazonDynamoDBFullAccess_v2', "allows every action of dax, dynamodb ('dax:*', 'dynamodb:*') on *"],
    ['AmazonKinesisFullAccess', "allows every action of kinesis ('kinesis:*') on *"],
    ['AmazonKinesisFirehoseFullAccess', "allows every action of firehose ('firehose:*') on *"],
  ])('the AWS managed policy %s, named in Policies, on the generated role', (name, clause) => {
    const [f, ...rest] = found(`        - AWSLambdaExecute\n        - ${name}`);
    expect(rest).toEqual([]);
    expect(f!.path).toBe('WorkerRole');
    expect(f!.message).toBe(`WorkerRole (the role of Worker) has the AWS managed policy ${name}, which ${clause}`);
    expect(f!.hint).toMatch(new RegExp(`^remove ${name} from the ManagedPolicyArns of WorkerRole \\(SAM: from the function's Policies\\)`));
  });

  it('by its ARN in ManagedPolicyArns of a role', () => {
    const yaml = `Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [!Sub 'arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::123456789012:policy/AdministratorAccess']
`;
    const stack = importTemplate(parseTemplate(yaml, 'template.yaml'));
    expect(lint({ version: 2, stacks: [stack] }, { rules: { 'iam-wildcard': 'warning' } }, [iamWildcard], TODAY).map((f) => f.message)).toEqual([
      "Admin has the AWS managed policy AdministratorAccess, which allows every action ('*') on *",
    ]);
  });
});
