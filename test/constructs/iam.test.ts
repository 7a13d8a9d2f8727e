// IAM statements keep everything the user wrote: effect, actions or notActions, resources or
// notResources, conditions. Unknown keys are refused; a `*` action is allowed and reported.
import { describe, expect, it } from 'vitest';
import { App, Effect, LambdaformError, PolicyStatement } from '../../lib/all.js';
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
