// Function: defaults, the execution role and what each feature adds to it (VPC, tracing, DLQ,
// async destinations), environment tokens, invoke grants, tags, escape hatches and the checks
// made at construction (runtime lifecycle, inline code, assets, reserved variables).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Alias,
  App,
  Architecture,
  Bucket,
  CfnOutput,
  CfnResource,
  Code,
  Duration,
  Function,
  Queue,
  Runtime,
  ServicePrincipal,
  Size,
  SnsEventSource,
  Stack,
  Tags,
  Topic,
  Tracing,
} from '../../lib/all.js';
import { EventBridgeDestination, LambdaDestination, S3Destination, SnsDestination, SqsDestination } from '../../lib/modules/aws-lambda-destinations.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack, TODAY } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';



const managedPolicy = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${name}` });
const BASIC = managedPolicy('service-role/AWSLambdaBasicExecutionRole');
const VPC_ACCESS = managedPolicy('service-role/AWSLambdaVPCAccessExecutionRole');
const XRAY = managedPolicy('AWSXRayDaemonWriteAccess');

describe('Function defaults', () => {
  it('renders 128 MB, 3 s, x86_64 and no EphemeralStorage at the 512 MB default', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 3,
      Architectures: ['x86_64'],
      Code: { ZipFile: 'exports.handler = async () => ({ ok: true });' },
      Role: { 'Fn::GetAtt': ['FnServiceRole', 'Arn'] },
      EphemeralStorage: Match.absent(),
      TracingConfig: Match.absent(),
      VpcConfig: Match.absent(),
      DeadLetterConfig: Match.absent(),
      Environment: Match.absent(),
      ReservedConcurrentExecutions: Match.absent(),
    });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
  });

  it('renders the memory, timeout, architecture and ephemeral storage that are set', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', {
      memorySize: Size.mebibytes(1769),
      timeout: Duration.minutes(2),
      architecture: Architecture.ARM_64,
      ephemeralStorageSize: Size.gibibytes(1),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1769,
      Timeout: 120,
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
    });
  });
});

describe('Function execution role', () => {
  it('gives each function its own role, trusted by Lambda, with the basic execution policy', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'A');
    newFunction(stack, 'B');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 2);
    for (const id of ['AServiceRole', 'BServiceRole']) {
      expect(template.template.Resources[id]!.Properties).toEqual({
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: [BASIC],
      });
    }
    template.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': ['BServiceRole', 'Arn'] } });
  });

  it('adds the VPC access policy and VpcConfig for a function in a VPC', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', { vpc: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] } });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [BASIC, VPC_ACCESS] });
  });

  it('adds the X-Ray policy and TracingConfig for active tracing', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', { tracing: Tracing.ACTIVE });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.arrayWith([XRAY, BASIC]) });
    expect(template.template.Resources.FnServiceRole!.Properties!.ManagedPolicyArns).toHaveLength(2);
  });

  it('adds no X-Ray policy and no TracingConfig when tracing is disabled', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', { tracing: Tracing.DISABLED });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [BASIC] });
  });
});

describe('Function dead-letter queue', () => {
  it('renders DeadLetterConfig and grants exactly sqs:SendMessage on the queue', () => {
    // GIVEN
    const stack = newStack();
    const dlq = new Queue(stack, 'Dlq');

    // WHEN
    newFunction(stack, 'Fn', { deadLetterQueue: dlq });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } });
    expect(roleStatements(template, 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Dlq', 'Arn'] } },
    ]);
    // A DLQ alone is no async configuration.
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
  });

  it('refuses a function or a topic as deadLetterQueue (a topic goes in deadLetterTopic)', () => {
    // GIVEN
    const stack = newStack();
    const other = newFunction(stack, 'Other');

    // THEN
    expectLambdaformError(() => newFunction(stack, 'Fn', { deadLetterQueue: other as never }), 'Test/Fn', /^deadLetterQueue expects a Queue \(a Topic goes in deadLetterTopic\), got/);
    expectLambdaformError(() => newFunction(stack, 'Fn2', { deadLetterQueue: new Topic(stack, 'T') as never }), 'Test/Fn2', /^deadLetterQueue expects a Queue \(a Topic goes in deadLetterTopic\), got/);
  });

  it('deadLetterTopic renders DeadLetterConfig with the topic and grants exactly sns:Publish, in both formats', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn', { deadLetterTopic: new Topic(stack, 'Dead') });
    expect(fn.deadLetterTopic?.node.path).toBe('Test/Dead');
    expect(fn.deadLetterQueue).toBeUndefined();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { Ref: 'Dead' } } });
    expect(roleStatements(template, 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'Dead' } }]);
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { DeadLetterQueue: { Type: 'SNS', TargetArn: { Ref: 'Dead' } } });
  });

  it('deadLetterQueueEnabled: true makes a queue with 14 days of retention (as aws-cdk-lib)', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn', { deadLetterQueueEnabled: true });
    expect(fn.deadLetterQueue?.node.path).toBe('Test/Fn/DeadLetterQueue');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['FnDeadLetterQueue', 'Arn'] } } });
  });

  it('refuses the conflicting dead-letter settings with aws-cdk-lib\'s messages', () => {
    const stack = newStack();
    const dlq = new Queue(stack, 'Dlq');
    expectLambdaformError(() => newFunction(stack, 'A', { deadLetterQueue: dlq, deadLetterQueueEnabled: false }), 'Test/A', /^deadLetterQueue defined but deadLetterQueueEnabled explicitly set to false$/);
    expectLambdaformError(() => newFunction(stack, 'B', { deadLetterQueue: dlq, deadLetterTopic: new Topic(stack, 'T') }), 'Test/B', /^deadLetterQueue and deadLetterTopic cannot be specified together at the same time$/);
    expectLambdaformError(() => newFunction(stack, 'C', { deadLetterQueueEnabled: false, deadLetterTopic: new Topic(stack, 'T2') }), 'Test/C', /^deadLetterQueue and deadLetterTopic cannot be specified together at the same time$/);
    newFunction(stack, 'D', { deadLetterQueueEnabled: false });
  });

  it('refuses a FIFO queue or topic as the dead-letter target', () => {
    const stack = newStack();
    expectLambdaformError(() => newFunction(stack, 'A', { deadLetterQueue: new Queue(stack, 'Q', { fifo: true }) }), 'Test/A', /^deadLetterQueue must be a standard queue; Lambda cannot deliver to the FIFO queue Test\/Q$/);
    expectLambdaformError(() => newFunction(stack, 'B', { deadLetterTopic: new Topic(stack, 'T', { fifo: true }) }), 'Test/B', /^deadLetterTopic must be a standard topic; Lambda cannot deliver to the FIFO topic Test\/T$/);
  });
});

describe('Function async invocation', () => {
  it('renders an EventInvokeConfig on $LATEST with retries, event age and destinations, and grants delivery', () => {
    // GIVEN
    const stack = newStack();
    const successQueue = new Queue(stack, 'Success');
    const failureFn = newFunction(stack, 'Failure');

    // WHEN
    newFunction(stack, 'Fn', { retryAttempts: 1, maxEventAge: Duration.minutes(30), onSuccess: new SqsDestination(successQueue), onFailure: new LambdaDestination(failureFn) });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    expect(template.template.Resources.FnEventInvokeConfig).toMatchObject({
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'Fn' },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 1800,
        DestinationConfig: {
          OnSuccess: { Destination: { 'Fn::GetAtt': ['Success', 'Arn'] } },
          OnFailure: { Destination: { 'Fn::GetAtt': ['Failure', 'Arn'] } },
        },
      },
    });
    expect(roleStatements(template, 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Success', 'Arn'] } },
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['Failure', 'Arn'] } },
    ]);
    // The destination function's own role gets nothing.
    expect(roleStatements(template, 'FailureServiceRole')).toEqual([]);
  });

  it('renders retries 0 without a DestinationConfig', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', { retryAttempts: 0 });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: 'Fn' },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: Match.absent(),
      DestinationConfig: Match.absent(),
    });
  });

  it('renders only the destination that is set', () => {
    // GIVEN
    const stack = newStack();
    const failures = new Queue(stack, 'Failures');

    // WHEN
    newFunction(stack, 'Fn', { onFailure: new SqsDestination(failures) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: Match.absent(),
      DestinationConfig: Match.objectEquals({ OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } }),
    });
  });
});

describe('Function.configureAsyncInvoke', () => {
  it('writes the same EventInvokeConfig, grants and model as the props do', () => {
    const fromProps = newStack();
    newFunction(fromProps, 'Fn', { retryAttempts: 1, maxEventAge: Duration.minutes(30), onSuccess: new SqsDestination(new Queue(fromProps, 'Success')), onFailure: new LambdaDestination(newFunction(fromProps, 'Failure')) });
    const fromCall = newStack();
    const success = new Queue(fromCall, 'Success');
    const failure = newFunction(fromCall, 'Failure');
    newFunction(fromCall, 'Fn').configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.minutes(30), onSuccess: new SqsDestination(success), onFailure: new LambdaDestination(failure) });
    for (const format of ['cfn', 'sam'] as const) expect(Template.fromStack(fromCall, format).template).toEqual(Template.fromStack(fromProps, format).template);
    Template.fromStack(fromCall).hasResourceProperties('AWS::Lambda::EventInvokeConfig', { Qualifier: '$LATEST', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 1800 });
  });

  it('refuses a second configuration (props then call, or two calls), out-of-range values and a queue given directly', () => {
    const stack = newStack();
    const again = /^an EventInvokeConfig is already configured for the function \(by its props onSuccess, onFailure, maxEventAge or retryAttempts, or an earlier configureAsyncInvoke\): give every setting in one place$/;
    expectLambdaformError(() => newFunction(stack, 'A', { retryAttempts: 0 }).configureAsyncInvoke({ maxEventAge: Duration.hours(1) }), 'Test/A', again);
    const b = newFunction(stack, 'B');
    b.configureAsyncInvoke({ retryAttempts: 2 });
    expectLambdaformError(() => b.configureAsyncInvoke({ retryAttempts: 1 }), 'Test/B', again);
    expectLambdaformError(() => newFunction(stack, 'C').configureAsyncInvoke({ retryAttempts: 3 }), 'Test/C', /retryAttempts must be between 0 and 2, got 3/);
    expectLambdaformError(() => newFunction(stack, 'D').configureAsyncInvoke({ maxEventAge: Duration.seconds(59) }), 'Test/D', /maxEventAge/);
    newFunction(stack, 'E').configureAsyncInvoke({ maxEventAge: Duration.seconds(60), retryAttempts: 0 });
    expectLambdaformError(() => newFunction(stack, 'F').configureAsyncInvoke({ onFailure: new Queue(stack, 'Q') as never }), 'Test/F', /^onFailure expects an IDestination such as new SqsDestination\(queue\)/);
  });
});

describe('Function async destinations (aws-lambda-destinations)', () => {
  it('SnsDestination: OnSuccess to the topic, with sns:Publish, in both formats', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { onSuccess: new SnsDestination(new Topic(stack, 'T')) });
    const cfn = Template.fromStack(stack);
    cfn.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { DestinationConfig: Match.objectEquals({ OnSuccess: { Destination: { Ref: 'T' } } }) });
    expect(roleStatements(cfn, 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'T' } }]);
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { EventInvokeConfig: { DestinationConfig: { OnSuccess: { Type: 'SNS', Destination: { Ref: 'T' } } } } });
  });

  it('refuses a queue, topic, function or bucket given directly (the former way), naming the destination class to write', () => {
    const stack = newStack();
    const q = new Queue(stack, 'Failures');
    expectLambdaformError(
      () => newFunction(stack, 'A', { onFailure: q as never }),
      'Test/A',
      /^onFailure expects an IDestination such as new SqsDestination\(queue\) \(lambdaform\/aws-lambda-destinations\), got the Queue Test\/Failures itself; write onFailure: new SqsDestination\(failures\) \(import \{ SqsDestination \} from 'lambdaform\/aws-lambda-destinations'\)$/,
    );
    expectLambdaformError(() => newFunction(stack, 'B', { onSuccess: newFunction(stack, 'Other') as never }), 'Test/B', /got the Function Test\/Other itself; write onSuccess: new LambdaDestination\(other\)/);
  });

  it('refuses LambdaDestination responseOnly, EventBridgeDestination of a given bus and a version as destination, saying why', () => {
    const stack = newStack();
    const target = newFunction(stack, 'Target');
    expectLambdaformError(() => newFunction(stack, 'A', { onSuccess: new LambdaDestination(target, { responseOnly: true }) }), 'Test/A', /^LambdaDestination responseOnly is not supported: CDK implements it with an EventBridge rule on the default event bus, which lambdaform does not model/);
    newFunction(stack, 'B', { onSuccess: new LambdaDestination(target, { responseOnly: false }) });
    expectLambdaformError(() => newFunction(stack, 'C', { onFailure: new EventBridgeDestination({ eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' }) }), 'Test/C', /^EventBridgeDestination of an event bus \(an object with keys eventBusArn\) is not supported: lambdaform models the account's default event bus only/);
    expectLambdaformError(() => newFunction(stack, 'D', { onFailure: new LambdaDestination(target.addAlias('live')) }), 'Test/D', /^LambdaDestination expects a Function \(new LambdaDestination\(fn\)\); versions and aliases are not supported as destinations, got the version or alias Test\/Target\/Aliaslive$/);
  });

  it('refuses a FIFO queue destination and a custom destination naming no resource of the app', () => {
    const stack = newStack();
    expectLambdaformError(() => newFunction(stack, 'A', { onFailure: new SqsDestination(new Queue(stack, 'Q', { fifo: true })) }), 'Test/A', /^onFailure must be a standard queue; Lambda cannot deliver to the FIFO queue Test\/Q$/);
    const custom = { bind: () => ({ destination: 'arn:aws:sqs:us-east-1:123456789012:elsewhere' }) };
    expectLambdaformError(() => newFunction(stack, 'B', { onFailure: custom }), 'Test/B', /^onFailure must name a Queue, Topic, Function or Bucket of this app \(its ARN attribute\), got the ARN 'arn:aws:sqs:us-east-1:123456789012:elsewhere'/);
  });
});

describe('Function environment', () => {
  it('renders literal values, a bare token as Ref and a token inside a string as Fn::Sub', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Jobs');

    // WHEN
    const fn = newFunction(stack, 'Fn', { environment: { STAGE: 'prod', QUEUE_URL: queue.queueUrl } });
    fn.addEnvironment('QUEUE_PATH', `${queue.queueUrl}/x`);
    fn.addEnvironment('QUEUE_NAME', queue.queueName);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectEquals({
          STAGE: 'prod',
          QUEUE_URL: { Ref: 'Jobs' },
          QUEUE_PATH: { 'Fn::Sub': '${Jobs}/x' },
          QUEUE_NAME: { 'Fn::GetAtt': ['Jobs', 'QueueName'] },
        }),
      },
    });
  });

  it('refuses a variable name Lambda reserves', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => newFunction(stack, 'Fn', { environment: { AWS_REGION: 'eu-west-1' } }), 'Test/Fn', /environment variable 'AWS_REGION' is reserved by Lambda and cannot be set/);
  });

  it('refuses a reserved name added later with addEnvironment', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(() => fn.addEnvironment('AWS_LAMBDA_FUNCTION_NAME', 'x'), 'Test/Fn', /environment variable 'AWS_LAMBDA_FUNCTION_NAME' is reserved by Lambda/);
  });
});

describe('Function invoke grants', () => {
  it('grants another function lambda:InvokeFunction on the function and its qualified ARNs', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const caller = newFunction(stack, 'Caller');

    // WHEN
    fn.grantInvoke(caller);

    // THEN
    const template = Template.fromStack(stack);
    expect(roleStatements(template, 'CallerServiceRole')).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, { 'Fn::Sub': '${Fn.Arn}:*' }] },
    ]);
    expect(roleStatements(template, 'FnServiceRole')).toEqual([]);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('grants a service principal through an AWS::Lambda::Permission limited to this account', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');

    // WHEN
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'));

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResource('AWS::Lambda::Permission', {
      Properties: Match.objectEquals({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      }),
    });
    expect(roleStatements(template, 'FnServiceRole')).toEqual([]);
  });
});

describe('Function reserved concurrency', () => {
  it('renders ReservedConcurrentExecutions, including 0', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'A', { reservedConcurrentExecutions: 25 });
    newFunction(stack, 'B', { reservedConcurrentExecutions: 0 });

    // THEN
    const resources = Template.fromStack(stack).template.Resources;
    expect(resources.A!.Properties!.ReservedConcurrentExecutions).toBe(25);
    expect(resources.B!.Properties!.ReservedConcurrentExecutions).toBe(0);
  });
});

describe('Function escape hatches', () => {
  it('sets a raw property with addPropertyOverride', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addPropertyOverride('SnapStart.ApplyOn', 'PublishedVersions');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { SnapStart: { ApplyOn: 'PublishedVersions' } });
  });

  it('deletes a raw property with addPropertyOverride(path, undefined)', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.addPropertyOverride('Architectures', undefined);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Architectures: Match.absent(), MemorySize: 128 });
  });

  it('resolves tokens in an override value', () => {
    // GIVEN
    const stack = newStack();
    const queue = new Queue(stack, 'Q');
    const fn = newFunction(stack);

    // WHEN
    fn.addPropertyOverride('Description', `reads ${queue.queueName}`);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Description: { 'Fn::Sub': 'reads ${Q.QueueName}' } });
  });
});

describe('Function tags', () => {
  it('applies stack tags and Tags.of(fn) to the function and its role as Key/Value lists', () => {
    // GIVEN
    const app = new App({ now: TODAY });
    const stack = new Stack(app, 'S', { tags: { team: 'payments', env: 'prod' } });
    const fn = newFunction(stack, 'Fn');
    newFunction(stack, 'Other');

    // WHEN
    Tags.of(fn).add('component', 'resize');
    Tags.of(fn).add('env', 'staging');

    // THEN
    const template = Template.fromStack(stack);
    const fnTags = [
      { Key: 'component', Value: 'resize' },
      { Key: 'env', Value: 'staging' },
      { Key: 'team', Value: 'payments' },
    ];
    expect(template.template.Resources.Fn!.Properties!.Tags).toEqual(fnTags);
    expect(template.template.Resources.FnServiceRole!.Properties!.Tags).toEqual(fnTags);
    const stackTags = [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'payments' },
    ];
    expect(template.template.Resources.Other!.Properties!.Tags).toEqual(stackTags);
    expect(template.template.Resources.OtherServiceRole!.Properties!.Tags).toEqual(stackTags);
  });

  it('applies the tags prop like Tags.of', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', { tags: { owner: 'me' } });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Tags: [{ Key: 'owner', Value: 'me' }] });
    template.hasResourceProperties('AWS::IAM::Role', { Tags: [{ Key: 'owner', Value: 'me' }] });
  });
});

describe('CfnResource and CfnOutput', () => {
  it('renders a raw resource whose ref and getAtt tokens can be used by other constructs', () => {
    // GIVEN
    const stack = newStack();
    const param = new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'v1' } });

    // WHEN
    newFunction(stack, 'Fn', { environment: { PARAM_NAME: param.ref, PARAM_VALUE: param.getAtt('Value'), PARAM_PATH: `ssm:${param.ref}` } });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::SSM::Parameter', { Properties: Match.objectEquals({ Type: 'String', Value: 'v1' }) });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          PARAM_NAME: { Ref: 'Param' },
          PARAM_VALUE: { 'Fn::GetAtt': ['Param', 'Value'] },
          PARAM_PATH: { 'Fn::Sub': 'ssm:${Param}' },
        },
      },
    });
  });

  it('renders tokens of other constructs inside raw resource properties', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');

    // WHEN
    new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: fn.functionArn } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] } });
  });

  it('renders a CfnOutput in Outputs', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');

    // WHEN
    new CfnOutput(stack, 'FunctionArn', { value: fn.functionArn, description: 'the function', exportName: 'fn-arn' });
    new CfnOutput(stack, 'Literal', { value: 42 });

    // THEN
    const template = Template.fromStack(stack);
    template.hasOutput('FunctionArn', { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Description: 'the function', Export: { Name: 'fn-arn' } });
    template.hasOutput('Literal', { Value: 42 });
    expect(Object.keys(template.template.Outputs ?? {})).toEqual(['FunctionArn', 'Literal']);
  });
});

describe('Function checks at construction', () => {
  it('accepts a runtime that is deprecated but not yet blocked for creation', () => {
    // GIVEN
    const stack = newStack();
    expect(Runtime.NODEJS_20_X.isDeprecatedOn(TODAY)).toBe(true);
    expect(Runtime.NODEJS_20_X.isCreateBlockedOn(TODAY)).toBe(false);

    // WHEN
    newFunction(stack, 'Fn', { runtime: Runtime.NODEJS_20_X });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs20.x' });
  });

  it('accepts inline code with a Python runtime', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Function(stack, 'Py', { runtime: Runtime.PYTHON_3_12, handler: 'index.handler', code: Code.fromInline('def handler(event, context):\n    return 1\n') });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'python3.12',
      Code: { ZipFile: 'def handler(event, context):\n    return 1\n' },
    });
  });

  it('refuses inline code with a Java runtime', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Function(stack, 'Java', { runtime: Runtime.JAVA_21, handler: 'example.Handler::handleRequest', code: Code.fromInline('class Handler {}') }),
      'Test/Java',
      /inline code is only supported for Node.js and Python runtimes, got java21/,
    );
  });

  it('refuses an asset directory that does not exist, naming the function', () => {
    // GIVEN
    const stack = newStack();
    const missing = path.join('test', 'fixtures', 'no-such-directory-for-function-test');

    // THEN
    expectLambdaformError(
      () => newFunction(stack, 'Resize', { code: Code.fromAsset(missing) }),
      'Test/Resize',
      /code asset directory '.*no-such-directory-for-function-test' does not exist/,
    );
  });
});

describe('review fixes', () => {
  it('accepts a bucket as the async onFailure destination (invocation records), with s3:PutObject', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'Failures');
    newFunction(stack, 'Fn', { onFailure: new S3Destination(bucket) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } } });
    expect(roleStatements(t, 'FnServiceRole')).toEqual(
      expect.arrayContaining([{ Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Failures.Arn}/*' } }]),
    );
  });

  it('refuses a bucket as the onSuccess destination', () => {
    const stack = newStack();
    expectLambdaformError(
      () => newFunction(stack, 'Fn', { onSuccess: new S3Destination(new Bucket(stack, 'B')) }),
      'Test/Fn',
      /^onSuccess cannot be an S3Destination \(Test\/B\): Lambda sends only failed invocations to a bucket; use it as onFailure, or send successes to an SqsDestination, SnsDestination or LambdaDestination$/,
    );
  });

  it("refuses inline code with a handler other than 'index.<function>'", () => {
    const stack = newStack();
    expectLambdaformError(() => newFunction(stack, 'Fn', { handler: 'app.main' }), 'Test/Fn', /^inline code is written to a file named index, so handler must be 'index.<function>'/);
  });

  it('applies async settings to the alias async sources invoke, not only to $LATEST', () => {
    // GIVEN an alias with its own construct id (not a SAM AutoPublishAlias), invoked by SNS
    const stack = newStack();
    const fn = newFunction(stack, 'Fn', { retryAttempts: 0, onFailure: new SqsDestination(new Queue(stack, 'Failed')) });
    const live = new Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    live.addEventSource(new SnsEventSource(new Topic(stack, 'T')));
    // THEN the config is on the alias
    const configs = Template.fromStack(stack).findResources('AWS::Lambda::EventInvokeConfig');
    expect(Object.values(configs).map((c) => c.Properties!.Qualifier)).toEqual(['live']);
  });

  it('gives $LATEST and an alias each their config when both are invoked asynchronously', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn', { retryAttempts: 1 });
    const live = new Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    live.addEventSource(new SnsEventSource(new Topic(stack, 'T1')));
    fn.addEventSource(new SnsEventSource(new Topic(stack, 'T2')));
    const configs = Template.fromStack(stack).findResources('AWS::Lambda::EventInvokeConfig');
    expect(Object.entries(configs).map(([id, c]) => [id, c.Properties!.Qualifier])).toEqual([
      ['FnEventInvokeConfig', '$LATEST'],
      ['FnEventInvokeConfigLive', 'live'],
    ]);
  });
});

describe('Function recursiveLoop', () => {
  it('renders RecursiveLoop in both formats when set, and nothing by default', async () => {
    const { RecursiveLoop } = await import('../../lib/all.js');
    const stack = newStack();
    newFunction(stack, 'Loops', { recursiveLoop: RecursiveLoop.ALLOW });
    newFunction(stack, 'Plain');
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { RecursiveLoop: 'Allow' });
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Lambda::Function', { RecursiveLoop: Match.absent() }, 1);
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { RecursiveLoop: 'Allow' });
  });
});
