// Gradual deployments: fn.deploy() gives an alias whose traffic CodeDeploy shifts (application,
// service role, deployment group, UpdatePolicy, hooks), and async settings follow the alias.
import { describe, expect, it } from 'vitest';
import { DeploymentPreference, LambdaformError, SnsEventSource, Topic } from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';


describe('fn.deploy()', () => {
  it('renders the alias with its CodeDeploy UpdatePolicy, the application, the service role and the deployment group', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    const alias = fn.deploy({ alias: 'live', preference: DeploymentPreference.canary10Percent5Minutes(), alarms: ['my-alarm'] });

    // THEN
    expect(alias.aliasName).toBe('live');
    expect(alias.node.path).toBe('Test/Fn/Aliaslive');
    const template = Template.fromStack(stack);

    const aliases = template.findResources('AWS::Lambda::Alias');
    expect(Object.keys(aliases)).toEqual(['FnAliaslive']);
    template.hasResource('AWS::Lambda::Alias', {
      Properties: {
        Name: 'live',
        FunctionName: { Ref: 'Fn' },
        FunctionVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp(/^FnCurrentVersion/), 'Version'] },
      },
      UpdatePolicy: Match.objectEquals({
        CodeDeployLambdaAliasUpdate: Match.objectEquals({
          ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
          DeploymentGroupName: { Ref: 'FnDeploymentGroup' },
        }),
      }),
    });

    const apps = template.findResources('AWS::CodeDeploy::Application');
    expect(Object.keys(apps)).toEqual(['ServerlessDeploymentApplication']);
    expect(apps.ServerlessDeploymentApplication!.Properties).toEqual({ ComputePlatform: 'Lambda' });

    const role = template.template.Resources.CodeDeployServiceRole!;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties!.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda' }]);
    expect(JSON.stringify(role.Properties!.AssumeRolePolicyDocument)).toContain('"codedeploy.amazonaws.com"');

    const groups = template.findResources('AWS::CodeDeploy::DeploymentGroup');
    expect(Object.keys(groups)).toEqual(['FnDeploymentGroup']);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
      ServiceRoleArn: { 'Fn::GetAtt': ['CodeDeployServiceRole', 'Arn'] },
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AlarmConfiguration: Match.objectEquals({ Enabled: true, Alarms: [{ Name: 'my-alarm' }] }),
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
      },
    });
  });

  it('leaves AlarmConfiguration out without alarms', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.deploy({ alias: 'live', preference: DeploymentPreference.allAtOnce() });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
      AlarmConfiguration: Match.absent(),
    });
  });

  it.each(DeploymentPreference.TYPES)('maps %s to CodeDeployDefault.Lambda<type>', (type) => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    fn.deploy({ alias: 'live', preference: DeploymentPreference.of(type) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: `CodeDeployDefault.Lambda${type}` });
  });

  it('gives the static factories the SAM type names', () => {
    // THEN
    expect(
      [
        DeploymentPreference.allAtOnce(),
        DeploymentPreference.canary10Percent5Minutes(),
        DeploymentPreference.canary10Percent10Minutes(),
        DeploymentPreference.canary10Percent15Minutes(),
        DeploymentPreference.canary10Percent30Minutes(),
        DeploymentPreference.linear10PercentEvery1Minute(),
        DeploymentPreference.linear10PercentEvery2Minutes(),
        DeploymentPreference.linear10PercentEvery3Minutes(),
        DeploymentPreference.linear10PercentEvery10Minutes(),
      ].map((p) => p.type),
    ).toEqual([...DeploymentPreference.TYPES]);
  });

  it('refuses an unknown preference type', () => {
    // THEN
    expect(() => DeploymentPreference.of('Canary50Percent5Minutes')).toThrow(LambdaformError);
    expect(() => DeploymentPreference.of('Canary50Percent5Minutes')).toThrow(/unknown deployment preference 'Canary50Percent5Minutes'/);
  });

  it('shares one application and one service role between two deployed functions', () => {
    // GIVEN
    const stack = newStack();
    const a = newFunction(stack, 'A');
    const b = newFunction(stack, 'B');

    // WHEN
    a.deploy({ alias: 'live', preference: DeploymentPreference.canary10Percent5Minutes() });
    b.deploy({ alias: 'live', preference: DeploymentPreference.linear10PercentEvery1Minute() });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CodeDeploy::Application', 1);
    const roles = Object.keys(template.findResources('AWS::IAM::Role'));
    expect(roles.filter((id) => id.startsWith('CodeDeploy'))).toEqual(['CodeDeployServiceRole']);
    expect(Object.keys(template.findResources('AWS::CodeDeploy::DeploymentGroup')).sort()).toEqual(['ADeploymentGroup', 'BDeploymentGroup']);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
      DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    template.hasResource('AWS::Lambda::Alias', {
      Properties: { FunctionName: { Ref: 'B' } },
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: { DeploymentGroupName: { Ref: 'BDeploymentGroup' } } },
    });
  });

  it('references the hooks in the UpdatePolicy and lets them report to CodeDeploy', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const pre = newFunction(stack, 'Pre', { functionName: 'CodeDeployHook_pre' });
    const post = newFunction(stack, 'Post', { functionName: 'CodeDeployHook_post' });

    // WHEN
    fn.deploy({ alias: 'live', preference: DeploymentPreference.allAtOnce(), preTraffic: pre, postTraffic: post });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: Match.objectEquals({
          ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
          DeploymentGroupName: { Ref: 'FnDeploymentGroup' },
          BeforeAllowTrafficHook: { Ref: 'Pre' },
          AfterAllowTrafficHook: { Ref: 'Post' },
        }),
      },
    });
    const statement = {
      Effect: 'Allow',
      Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
      // Only deployment groups of this template's CodeDeploy application, as AWS's SAM examples scope it.
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentgroup:${ServerlessDeploymentApplication}/*' },
    };
    const roles = template.template.Resources;
    for (const id of ['PreServiceRole', 'PostServiceRole']) {
      expect(roles[id]!.Properties!.Policies).toEqual([{ PolicyName: 'default', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }]);
    }
    // The deployed function itself gets no such statement.
    expect(roles.FnServiceRole!.Properties!.Policies).toBeUndefined();
  });

  it.each([
    [undefined, 'a generated name'],
    ['pre-hook', "'pre-hook'"],
  ])('refuses a hook named %s, naming the alias', (functionName, got) => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const pre = newFunction(stack, 'Pre', functionName === undefined ? {} : { functionName });

    // THEN
    expectLambdaformError(
      () => fn.deploy({ alias: 'live', preference: DeploymentPreference.allAtOnce(), preTraffic: pre }),
      'Test/Fn/Aliaslive',
      new RegExp(`^preTraffic hook Test/Pre must have a functionName starting with 'CodeDeployHook_'.*got ${got}$`),
    );
  });

  it('refuses a postTraffic hook without a CodeDeployHook_ name', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const post = newFunction(stack, 'Post', { functionName: 'post_hook' });

    // THEN
    expectLambdaformError(
      () => fn.deploy({ alias: 'live', preference: DeploymentPreference.allAtOnce(), postTraffic: post }),
      'Test/Fn/Aliaslive',
      /postTraffic hook Test\/Post must have a functionName starting with 'CodeDeployHook_'/,
    );
  });

  it('refuses deploy() without an alias, naming the function', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const preference = DeploymentPreference.allAtOnce();

    // THEN
    expectLambdaformError(() => fn.deploy({ preference } as never), 'Test/Fn', /alias/);
  });

  it('refuses deploy() with an empty alias name', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(() => fn.deploy({ alias: '', preference: DeploymentPreference.allAtOnce() }), 'Test/Fn', /deploy\(\) needs an alias name/);
  });

  it('refuses deploy() without a preference', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // THEN
    expectLambdaformError(() => fn.deploy({ alias: 'live' } as never), 'Test/Fn', /deploy\(\) needs a preference/);
  });
});

describe('async settings of a deployed function', () => {
  it("apply to the alias ('live') when every invocation goes through it", () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn', { retryAttempts: 1 });
    const topic = new Topic(stack, 'T');

    // WHEN
    const alias = fn.deploy({ alias: 'live', preference: DeploymentPreference.canary10Percent5Minutes() });
    alias.addEventSource(new SnsEventSource(topic));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: { Ref: 'FnAliaslive' } });
    template.hasResource('AWS::Lambda::EventInvokeConfig', {
      Properties: Match.objectEquals({ FunctionName: { Ref: 'Fn' }, Qualifier: 'live', MaximumRetryAttempts: 1 }),
      DependsOn: ['FnAliaslive'],
    });
  });

  it("apply to '$LATEST' for a function without an alias", () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    newFunction(stack, 'Fn', { retryAttempts: 1 });

    // THEN
    Template.fromStack(stack).hasResource('AWS::Lambda::EventInvokeConfig', {
      Properties: Match.objectEquals({ FunctionName: { Ref: 'Fn' }, Qualifier: '$LATEST', MaximumRetryAttempts: 1 }),
      DependsOn: Match.absent(),
    });
  });
});
