// IAM statements keep everything the user wrote: effect, actions or notActions, resources or
// notResources, conditions. Unknown keys are refused; a `*` action is allowed and reported.
import { describe, expect, it } from 'vitest';
import { App, Effect, LambdaformError, PolicyStatement } from '../../lib/all.js';
import { AccountPrincipal, AccountRootPrincipal, ArnPrincipal, CompositePrincipal, ManagedPolicy, Policy, PolicyDocument, Role, ServicePrincipal } from '../../lib/modules/aws-iam.js';
import { iamWildcard } from '../../lib/lint/rules/iam-wildcard.js';
import { findingsOf } from '../helpers/rule-tester.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { roleStatements } from '../helpers/roles.js';
import { thrown } from '../helpers/errors.js';

describe('addToRolePolicy', () => {
  it('keeps a Deny with its conditions (it was written as an unconditional Allow)', () => {
    // GIVEN a function and a plain-object statement, as the issue reproduced it
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    // WHEN
    fn.addToRolePolicy({ effect: Effect.DENY, actions: ['s3:PutObject'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'false' } } });
    // THEN the statement is a conditional Deny, in both formats
    for (const format of ['cfn', 'sam'] as const) {
      expect(roleStatements(Template.fromStack(stack, format), 'FnServiceRole')).toEqual([
        { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ]);
    }
  });

  it('takes a PolicyStatement with notActions, notResources and a sid', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const s = new PolicyStatement({ sid: 'NoIam', effect: Effect.DENY, notActions: ['s3:GetObject'], notResources: ['arn:aws:s3:::public/*'] });
    s.addCondition('StringEquals', { 'aws:RequestedRegion': 'eu-west-1' });
    fn.addToRolePolicy(s);
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Sid: 'NoIam', Effect: 'Deny', NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::public/*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    ]);
  });

  it('keeps its own copy of the conditions: a change to the object given, or to another statement, does not reach it', () => {
    const given = { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } as Record<string, string> };
    const withConditions = new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'], conditions: given });
    given.StringEquals['aws:RequestedRegion'] = 'us-east-1';
    expect(withConditions.conditions).toEqual({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
    const a = new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });
    const b = new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });
    a.addCondition('Bool', { 'aws:SecureTransport': 'true' });
    expect(a.conditions).toEqual({ Bool: { 'aws:SecureTransport': 'true' } });
    expect(b.conditions).toEqual({});
  });

  it('does not merge a conditional statement into an unconditional one on the same resource', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.addToRolePolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
    fn.addToRolePolicy({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'], conditions: { StringEquals: { 's3:x-amz-acl': 'private' } } });
    fn.addToRolePolicy({ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::b/*'] });
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 's3:x-amz-acl': 'private' } } },
    ]);
  });

  it.each([
    ['an unknown key', { effect: Effect.ALLOW, action: ['s3:GetObject'], resources: ['*'] }, /unknown property 'action'; did you mean 'actions'\?/],
    ['an effect that is not Allow or Deny', { effect: 'allow', actions: ['s3:GetObject'], resources: ['*'] }, /effect expects an Effect \(Effect\.ALLOW, Effect\.DENY\), got the string 'allow'/],
    ['no action', { resources: ['*'] }, /a statement needs at least one action/],
    ['actions and notActions', { actions: ['s3:GetObject'], notActions: ['s3:PutObject'], resources: ['*'] }, /give actions or notActions, not both/],
    ['no resource', { actions: ['s3:GetObject'] }, /a statement needs at least one resource/],
    ['a malformed action', { actions: ['GetObject'], resources: ['*'] }, /IAM action must look like 'service:Action'/],
    ['a resource that is not an ARN', { actions: ['s3:GetObject'], resources: ['my-bucket'] }, /a resource must be an ARN \(arn:\.\.\.\) or '\*', got 'my-bucket'/],
  ])('refuses %s', (_what, statement, message) => {
    const fn = newFunction(newStack(), 'Fn');
    const err = thrown(() => fn.addToRolePolicy(statement as never));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toMatch(message);
    expect((err as LambdaformError).message).toMatch(/^Test\/Fn\/ServiceRole: /);
  });

  it('allows a * action and reports it as a warning in the model', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.addToRolePolicy({ actions: ['*'], resources: ['*'] });
    const [model] = App.of(stack).synth().stacks;
    expect(model!.warnings).toEqual([
      { code: 'wildcard-action', path: 'Test/Fn/ServiceRole', message: "addToRolePolicy: the statement allows every action ('*') on *; list the actions the code needs" },
    ]);
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  it('links a statement to the resource it names, so the model knows what it grants on', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const other = newFunction(stack, 'Other');
    fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [other.functionArn] }));
    const grant = App.of(stack).synth().stacks[0]!.edges.find((e) => e.kind === 'grant' && e.props.reason === 'addToRolePolicy');
    expect(grant?.to).toBe('Test/Other');
  });
});

// ---------------------------------------------------------------- aws-cdk-lib's Policy, ManagedPolicy and principals

describe('Policy (AWS::IAM::Policy)', () => {
  const BUCKET_OBJECTS = 'arn:aws:s3:::reports/*';
  const policyOf = (template: Template, id: string) => {
    const r = template.template.Resources[id];
    expect(r?.Type).toBe('AWS::IAM::Policy');
    return r!.Properties;
  };

  it('writes its statements, its name and its roles as aws-cdk-lib does, in both formats, and not in the role', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    // WHEN
    new Policy(stack, 'Extra', {
      statements: [new PolicyStatement({ actions: ['s3:GetObject'], resources: [BUCKET_OBJECTS] }), new PolicyStatement({ actions: ['s3:PutObject'], resources: [BUCKET_OBJECTS] })],
      roles: [fn.role],
    });
    // THEN
    for (const format of ['cfn', 'sam'] as const) {
      const t = Template.fromStack(stack, format);
      expect(policyOf(t, 'Extra')).toEqual({
        PolicyName: 'Extra',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: BUCKET_OBJECTS }] },
        Roles: [{ Ref: 'FnServiceRole' }],
      });
      expect(roleStatements(t, 'FnServiceRole')).toEqual([]);
    }
  });

  it('takes statements and roles later (addStatements, attachToRole, role.attachInlinePolicy), a policyName, and keeps the role’s own statements apart', () => {
    const stack = newStack();
    const a = newFunction(stack, 'A');
    const b = newFunction(stack, 'B');
    a.addToRolePolicy({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:123456789012:q'] });
    const policy = new Policy(stack, 'Extra', { policyName: 'reports-read' });
    policy.addStatements(new PolicyStatement({ sid: 'Read', actions: ['s3:GetObject'], resources: [BUCKET_OBJECTS] }));
    policy.attachToRole(a.role);
    b.role.attachInlinePolicy(policy);
    policy.attachToRole(a.role); // once
    const t = Template.fromStack(stack);
    expect(policyOf(t, 'Extra')).toEqual({
      PolicyName: 'reports-read',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: BUCKET_OBJECTS }] },
      Roles: [{ Ref: 'AServiceRole' }, { Ref: 'BServiceRole' }],
    });
    expect(roleStatements(t, 'AServiceRole')).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:123456789012:q' }]);
    expect(roleStatements(t, 'BServiceRole')).toEqual([]);
    expect(policy.policyName).toBe('reports-read');
  });

  it('is left out without statements or without a role, as in aws-cdk-lib', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    new Policy(stack, 'Empty', { roles: [fn.role] });
    new Policy(stack, 'Unattached', { statements: [new PolicyStatement({ actions: ['s3:GetObject'], resources: [BUCKET_OBJECTS] })] });
    const t = Template.fromStack(stack);
    expect(Object.values(t.template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')).toEqual([]);
  });

  it('its statements are grants of the role in the model, so the linter reads them as addToRolePolicy’s', () => {
    const findings = findingsOf(iamWildcard, (s) => {
      const fn = newFunction(s, 'Fn');
      new Policy(s, 'Wide', { statements: [new PolicyStatement({ actions: ['*'], resources: ['*'] })], roles: [fn.role] });
    });
    expect(findings.map((f) => [f.path, f.message])).toEqual([['Test/Wide#grant0', "Test/Fn/ServiceRole (the role of Test/Fn) has a statement from Policy Test/Wide that allows every action ('*') on *"]]);
  });

  it('policyName: 128 characters is accepted, 129 refused; a name taken on the role is refused', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    expect(new Policy(stack, 'Long', { policyName: 'p'.repeat(128) }).policyName).toHaveLength(128);
    expect((thrown(() => new Policy(stack, 'TooLong', { policyName: 'p'.repeat(129) })) as LambdaformError).message).toBe(
      `Test/TooLong: policyName must be 1-128 letters, digits and +=,.@_-, got '${'p'.repeat(80)}...' (129 characters)`,
    );
    new Policy(stack, 'One', { policyName: 'same', roles: [fn.role] });
    expect((thrown(() => new Policy(stack, 'Two', { policyName: 'same', roles: [fn.role] })) as LambdaformError).message).toBe(
      "Test/Two: a policy named 'same' is already attached to Test/Fn/ServiceRole (Test/One); give the policies different policyName values",
    );
    expect((thrown(() => new Policy(stack, 'Three', { policyName: 'default', roles: [fn.role] })) as LambdaformError).message).toBe(
      "Test/Three: policyName 'default' is the name of Test/Fn/ServiceRole's own inline policy (its grants and addToPolicy statements), which it would replace; give the Policy another policyName",
    );
  });

  it('refuses a bad statement with the policy’s path, and aws-cdk-lib props it does not support with the way to go', () => {
    const stack = newStack();
    expect((thrown(() => new Policy(stack, 'NoResource', { statements: [new PolicyStatement({ actions: ['s3:GetObject'] })] })) as LambdaformError).message).toBe(
      'Test/NoResource: Policy Test/NoResource: a statement needs at least one resource (resources or notResources)',
    );
    expect((thrown(() => new Policy(stack, 'Users', { users: [] } as never)) as LambdaformError).message).toBe(
      "Test/Users: users (aws-cdk-lib's PolicyProps.users) is not supported by lambdaform: IAM users are not modelled; attach the policy to roles (roles: [fn.role], or policy.attachToRole(role))",
    );
    expect((thrown(() => new Policy(stack, 'Doc', { document: {} } as never)) as LambdaformError).message).toBe(
      "Test/Doc: document (aws-cdk-lib's PolicyProps.document) is not supported by lambdaform: give the statements, statements: [new PolicyStatement({...})], or add them with policy.addStatements(...)",
    );
  });
});

describe('ManagedPolicy', () => {
  it('fromAwsManagedPolicyName and fromManagedPolicyArn go to ManagedPolicyArns (managedPolicies prop and addManagedPolicy), once each', () => {
    const stack = newStack();
    const role = new Role(stack, 'R', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    role.addManagedPolicy(ManagedPolicy.fromManagedPolicyArn(stack, 'Ops', 'arn:aws:iam::123456789012:policy/ops'));
    role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'));
    for (const format of ['cfn', 'sam'] as const) {
      expect(Template.fromStack(stack, format).template.Resources.R!.Properties!.ManagedPolicyArns).toEqual([
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
        'arn:aws:iam::123456789012:policy/ops',
      ]);
    }
  });

  it('refuses a name where a policy is expected, a bad ARN, and a new customer managed policy', () => {
    const stack = newStack();
    const role = new Role(stack, 'R', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    expect((thrown(() => role.addManagedPolicy('AWSXRayDaemonWriteAccess' as never)) as LambdaformError).message).toBe(
      "Test/R: addManagedPolicy takes an IManagedPolicy such as ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'), got the string 'AWSXRayDaemonWriteAccess' (a name is written ManagedPolicy.fromAwsManagedPolicyName('AWSXRayDaemonWriteAccess'))",
    );
    expect((thrown(() => new Role(stack, 'R2', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), managedPolicies: ['AWSXRayDaemonWriteAccess'] as never })) as LambdaformError).message).toBe(
      "Test/R2: managedPolicies[0] expects an IManagedPolicy such as ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'), got the string 'AWSXRayDaemonWriteAccess'",
    );
    expect((thrown(() => ManagedPolicy.fromManagedPolicyArn(stack, 'Bad', 'ops')) as LambdaformError).message).toBe("Test/Bad: a managed policy ARN looks like 'arn:aws:iam::123456789012:policy/name', got 'ops'");
    expect((thrown(() => new ManagedPolicy(stack, 'New', {})) as LambdaformError).message).toMatch(/^Test\/New: new ManagedPolicy\(scope, id, \{\.\.\.\}\) \(a customer managed policy, AWS::IAM::ManagedPolicy\) is not supported by lambdaform: put the statements in a Policy attached to the role/);
  });
});

describe('principals', () => {
  it('a CompositePrincipal of services trusts each service', () => {
    const stack = newStack();
    new Role(stack, 'R', { assumedBy: new CompositePrincipal(new ServicePrincipal('lambda.amazonaws.com'), new ServicePrincipal('edgelambda.amazonaws.com')) });
    for (const format of ['cfn', 'sam'] as const) {
      expect(Template.fromStack(stack, format).template.Resources.R!.Properties!.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
      });
    }
  });

  it.each([
    ['an AccountPrincipal', () => new AccountPrincipal('123456789012'), 'AccountPrincipal(123456789012)'],
    ['an AccountRootPrincipal', () => new AccountRootPrincipal(), 'AccountRootPrincipal()'],
    ['an ArnPrincipal', () => new ArnPrincipal('arn:aws:iam::123456789012:role/deployer'), 'ArnPrincipal(arn:aws:iam::123456789012:role/deployer)'],
    ['a CompositePrincipal holding an account', () => new CompositePrincipal(new ServicePrincipal('lambda.amazonaws.com'), new AccountPrincipal('123456789012')), 'AccountPrincipal(123456789012)'],
  ])('a Role trusted by %s is refused, naming what works', (_name, principal, shown) => {
    const stack = newStack();
    expect((thrown(() => new Role(stack, 'R', { assumedBy: principal() })) as LambdaformError).message).toBe(
      `Test/R: assumedBy: lambdaform's roles are trusted by services only (its model holds service principals), got ${shown}; give new ServicePrincipal('lambda.amazonaws.com'), or new CompositePrincipal(...) of service principals (an AccountPrincipal or ArnPrincipal can be given a function's permission: fn.addPermission(id, { principal: '123456789012' }))`,
    );
  });

  it('refuses a malformed account id or ARN, and ServicePrincipal options', () => {
    expect((thrown(() => new AccountPrincipal('12345678901')) as LambdaformError).detail).toBe("an account principal is a 12-digit account id, got '12345678901'");
    expect(new AccountPrincipal('123456789012').accountId).toBe('123456789012');
    expect((thrown(() => new ArnPrincipal('deployer')) as LambdaformError).detail).toBe("an ARN principal is an ARN (arn:aws:iam::123456789012:role/name), got 'deployer'");
    expect((thrown(() => new ServicePrincipal('lambda.amazonaws.com', { conditions: {} })) as LambdaformError).detail).toBe(
      "new ServicePrincipal('lambda.amazonaws.com', opts): the options (aws-cdk-lib's ServicePrincipalOpts: conditions, region) are not supported by lambdaform; give the service alone, new ServicePrincipal('lambda.amazonaws.com') (a function's permission is scoped with sourceArn or sourceAccount instead)",
    );
  });
});

describe('PolicyDocument and RoleProps.inlinePolicies', () => {
  it("a Role's inlinePolicies add their documents' statements to the role's inline policy (aws-cdk-lib: one inline policy per name, the same permissions)", () => {
    const stack = newStack();
    const put = new PolicyStatement({ sid: 'CustomS3Policy', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] });
    const doc = new PolicyDocument({ statements: [put] });
    expect([doc.statementCount, doc.isEmpty]).toEqual([1, false]);
    doc.addStatements(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    expect(doc.statements).toHaveLength(2);
    new Role(stack, 'R', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { s3: doc, logs: new PolicyDocument({ statements: [new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['arn:aws:logs:us-east-1:123456789012:log-group:g:*'] })] }) },
    });
    expect(roleStatements(Template.fromStack(stack), 'R')).toEqual([
      { Sid: 'CustomS3Policy', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:g:*' },
    ]);
  });

  it('refuses an inline policy that is not a PolicyDocument, and statements that are not PolicyStatements', () => {
    const stack = newStack();
    const e = thrown(() => new Role(stack, 'R', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), inlinePolicies: { s3: { statements: [] } } as never })) as LambdaformError;
    expect(e).toBeInstanceOf(LambdaformError);
    expect(e.message).toMatch(/^Test\/R: inlinePolicies\.s3 expects a PolicyDocument/);
    expect(() => new PolicyDocument({ statements: [{ actions: ['s3:GetObject'] }] as never })).toThrow(/PolicyDocument: statements/);
  });
});
