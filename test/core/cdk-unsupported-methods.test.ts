// An aws-cdk-lib method lambdaform does not implement, called anyway (plain JavaScript, or a cast),
// is refused naming the class, the method and the closest supported way, instead of
// "x.method is not a function"; it is never in the TypeScript types, and never hides a method
// lambdaform has.
import { describe, expect, it } from 'vitest';
import {
  Alias, App, AttributeType, Duration, Bucket, Code, FunctionBase, HttpApi, LambdaformError, LayerVersion, LogGroup, Queue, Resource, Role, Rule, ServicePrincipal, Stack, Stream, Table, Topic, Version, Function,
} from '../../lib/all.js';
import { CDK_UNSUPPORTED_METHODS, UNSUPPORTED_METHOD } from '../../lib/core/cdk-unsupported-methods.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

type Any = any;

function refusal(f: () => unknown): LambdaformError {
  const e = thrown(f);
  expect(e).toBeInstanceOf(LambdaformError);
  expect((e as LambdaformError).code).toBe('unsupported-cdk-method');
  return e as LambdaformError;
}

function instances(): Record<string, object> {
  const stack = newStack();
  const fn = newFunction(stack);
  const version = new Version(stack, 'V', { lambda: fn });
  return {
    Function: fn,
    FunctionBase: fn,
    Alias: new Alias(stack, 'A', { aliasName: 'live', version }),
    Version: version,
    LayerVersion: new LayerVersion(stack, 'L', { code: Code.fromBucket({ bucketName: 'b' } as Any, 'layer.zip') }),
    Queue: new Queue(stack, 'Q'),
    Topic: new Topic(stack, 'T'),
    Bucket: new Bucket(stack, 'B'),
    Table: new Table(stack, 'Tb', { partitionKey: { name: 'id', type: AttributeType.STRING } }),
    Stream: new Stream(stack, 'S'),
    Rule: new Rule(stack, 'R', { schedule: Schedule.rate(Duration.minutes(5)) }),
    HttpApi: new HttpApi(stack, 'Api'),
    Role: new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }),
    LogGroup: new LogGroup(stack, 'Logs'),
    Resource: new Queue(stack, 'Q2'),
    Stack: stack,
    App: stack.node.root,
  };
}

const classes: Record<string, Any> = { Function, FunctionBase, Alias, Version, LayerVersion, Queue, Topic, Bucket, Table, Stream, Rule, HttpApi, Role, LogGroup, Resource, Stack, App };

describe('aws-cdk-lib methods lambdaform does not implement', () => {
  it('Function.addFunctionUrl names the class, the method and the supported way, with the construct path', () => {
    const fn: Any = newFunction(newStack());
    const e = refusal(() => fn.addFunctionUrl());
    expect(e.message).toBe('Test/Fn: Function.addFunctionUrl is not supported by lambdaform: function URLs are not modelled: serve the function through an HttpApi with HttpLambdaIntegration');
    expect(e.path).toBe('Test/Fn');
  });

  it('Function.metricAllErrors (static) points at Metric', () => {
    expect(refusal(() => (Function as Any).metricAllErrors()).message).toBe(
      "Function.metricAllErrors is not supported by lambdaform: build the account-wide metric with new Metric({ namespace: 'AWS/Lambda', metricName }) (aws-cloudwatch)",
    );
  });

  it('Alias.configureAsyncInvoke says the settings are the function\'s', () => {
    const alias: Any = instances().Alias;
    expect(refusal(() => alias.configureAsyncInvoke({})).message).toBe(
      "Test/A: Alias.configureAsyncInvoke is not supported by lambdaform: asynchronous invocation settings are the function's: call fn.configureAsyncInvoke(options) on the Function, or pass retryAttempts, maxEventAge, onSuccess and onFailure in its props",
    );
  });

  it('Alias.addToRolePolicy (FunctionBase) names the Alias and points at the Function', () => {
    const alias: Any = instances().Alias;
    expect(refusal(() => alias.addToRolePolicy({})).message).toBe(
      "Test/A: Alias.addToRolePolicy is not supported by lambdaform: the role is the function's: call fn.addToRolePolicy(statement) on the Function",
    );
  });

  it('Version.addAlias points at new Alias', () => {
    const v: Any = instances().Version;
    expect(refusal(() => v.addAlias('live')).message).toBe('Test/V: Version.addAlias is not supported by lambdaform: write it with new Alias(scope, id, { aliasName, version })');
  });

  it('LayerVersion.addPermission points at a CfnResource', () => {
    const l: Any = instances().LayerVersion;
    expect(refusal(() => l.addPermission('P', {})).message).toBe(
      "Test/L: LayerVersion.addPermission is not supported by lambdaform: write the AWS::Lambda::LayerVersionPermission with new CfnResource(scope, id, { type: 'AWS::Lambda::LayerVersionPermission', properties: {...} })",
    );
  });

  it('Queue.metricApproximateNumberOfMessagesOutstanding (metric math in aws-cdk-lib) points at the two metrics it adds', () => {
    const q: Any = instances().Queue;
    expect(refusal(() => q.metricApproximateNumberOfMessagesOutstanding()).message).toBe(
      'Test/Q: Queue.metricApproximateNumberOfMessagesOutstanding is not supported by lambdaform: metric math is not modelled: alarm on queue.metricApproximateNumberOfMessagesVisible() and queue.metricApproximateNumberOfMessagesNotVisible() separately',
    );
  });

  it('Topic.grantSubscribe points at a policy statement', () => {
    const t: Any = instances().Topic;
    expect(refusal(() => t.grantSubscribe({})).message).toBe(
      "Test/T: Topic.grantSubscribe is not supported by lambdaform: grant it with role.addToPolicy(new PolicyStatement({ actions: ['sns:Subscribe'], resources: [topic.topicArn] }))",
    );
  });

  it('Bucket.addLifecycleRule points at the property override', () => {
    const b: Any = instances().Bucket;
    expect(refusal(() => b.addLifecycleRule({})).message).toBe(
      "Test/B: Bucket.addLifecycleRule is not supported by lambdaform: write it with addPropertyOverride('LifecycleConfiguration.Rules', [{ Status: 'Enabled', ExpirationInDays: 30 }])",
    );
  });

  it('Table.addGlobalSecondaryIndex points at the property override', () => {
    const t: Any = instances().Table;
    expect(refusal(() => t.addGlobalSecondaryIndex({})).message).toBe(
      "Test/Tb: Table.addGlobalSecondaryIndex is not supported by lambdaform: write it with addPropertyOverride('GlobalSecondaryIndexes', [{ IndexName, KeySchema, Projection: { ProjectionType: 'ALL' } }]) (and its AttributeDefinitions)",
    );
  });

  it('Stream.metricIncomingRecords points at Metric', () => {
    const s: Any = instances().Stream;
    expect(refusal(() => s.metricIncomingRecords()).message).toBe(
      "Test/S: Stream.metricIncomingRecords is not supported by lambdaform: build it with new Metric({ namespace: 'AWS/Kinesis', metricName, dimensionsMap: { StreamName: stream.streamName } }) (aws-cloudwatch)",
    );
  });

  it('Rule.applyCrossStackReferenceStrength (Resource) names the Rule', () => {
    const r: Any = instances().Rule;
    expect(refusal(() => r.applyCrossStackReferenceStrength()).message).toBe(
      'Test/R: Rule.applyCrossStackReferenceStrength is not supported by lambdaform: cross-stack references are not modelled: share values between stacks with CfnOutput exportName and Fn.importValue',
    );
  });

  it('HttpApi.addVpcLink says there is no supported way', () => {
    const api: Any = instances().HttpApi;
    expect(refusal(() => api.addVpcLink({})).message).toBe('Test/Api: HttpApi.addVpcLink is not supported by lambdaform: VPC links (private integrations) are not modelled');
  });

  it('Role.fromRoleArn (static) and Role.grantPassRole', () => {
    expect(refusal(() => (Role as Any).fromRoleArn(newStack(), 'R', 'arn:aws:iam::123456789012:role/x')).message).toBe(
      'Role.fromRoleArn is not supported by lambdaform: roles outside the app are not modelled: give the role ARN where an ARN is taken',
    );
    const role: Any = instances().Role;
    expect(refusal(() => role.grantPassRole({})).message).toBe(
      "Test/Role: Role.grantPassRole is not supported by lambdaform: grant it with otherRole.addToPolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }))",
    );
  });

  it('LogGroup.addSubscriptionFilter points at a CfnResource', () => {
    const lg: Any = instances().LogGroup;
    expect(refusal(() => lg.addSubscriptionFilter('F', {})).message).toBe(
      "Test/Logs: LogGroup.addSubscriptionFilter is not supported by lambdaform: write the AWS::Logs::SubscriptionFilter with new CfnResource(scope, id, { type: 'AWS::Logs::SubscriptionFilter', properties: {...} })",
    );
  });

  it('Stack.addDependency and Stack.exportValue', () => {
    const stack: Any = newStack();
    expect(refusal(() => stack.addDependency(newStack('Other'))).message).toBe(
      'Test: Stack.addDependency is not supported by lambdaform: stacks are deployed separately and cross-stack dependencies are not modelled: deploy the stacks in order',
    );
    expect(refusal(() => stack.exportValue('x')).message).toBe('Test: Stack.exportValue is not supported by lambdaform: write the export with new CfnOutput(stack, id, { value, exportName })');
  });

  it('App.isStage (static) points at App.isApp', () => {
    expect(refusal(() => (App as Any).isStage({})).message).toBe('App.isStage is not supported by lambdaform: lambdaform has no Stage: test it with App.isApp(x)');
  });

  it('Resource.isResource, through a subclass, names the subclass', () => {
    expect(refusal(() => (Queue as Any).isResource({})).message).toBe('Queue.isResource is not supported by lambdaform: test it with x instanceof Resource');
  });

  it('the methods are not enumerable and are not in the types', () => {
    const fn = newFunction(newStack());
    expect(Object.keys(Object.getPrototypeOf(fn))).not.toContain('addFunctionUrl');
    // @ts-expect-error addFunctionUrl is not in lambdaform's Function type
    expect(() => fn.addFunctionUrl()).toThrow(LambdaformError);
  });

  it('no entry shadows or is shadowed by a method lambdaform implements', () => {
    const made = instances();
    const notInstalled: string[] = [];
    for (const [name, table] of Object.entries(CDK_UNSUPPORTED_METHODS)) {
      expect(classes[name], name).toBeDefined();
      for (const key of Object.keys(table)) {
        const isStatic = key.startsWith('static:');
        const method = isStatic ? key.slice(7) : key;
        // The class (or a base class) has a real member of that name, or an instance an own field:
        // the entry is dead (the installer left it out), so it must not be in the table.
        const value = isStatic ? classes[name][method] : classes[name].prototype[method];
        const ownField = !isStatic && Object.prototype.hasOwnProperty.call(made[name], method);
        if (typeof value !== 'function' || value[UNSUPPORTED_METHOD] !== `${name}.${key}` || ownField) notInstalled.push(`${name}.${key}`);
      }
    }
    expect(notInstalled).toEqual([]);
  });
});
