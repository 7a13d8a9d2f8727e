// Resource-based permissions never let a service of another account invoke a function (the
// confused deputy): a service principal is limited to a source ARN or, by default, this account;
// `principal: '*'` needs an explicit allowPublic.
import { describe, it } from 'vitest';
import { Bucket, EventType, Permission, S3EventSource, ServicePrincipal } from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';

describe('grantInvoke to a service', () => {
  it.each(['s3.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com'])('limits %s to this account by default', (service) => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.grantInvoke(new ServicePrincipal(service));
    Template.fromStack(stack).hasResource('AWS::Lambda::Permission', {
      Properties: Match.objectEquals({ Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: service, SourceAccount: { Ref: 'AWS::AccountId' } }),
    });
  });

  it('limits a service to the given source ARN and account', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const bucket = new Bucket(stack, 'B', { bucketName: 'uploads-bucket' });
    fn.grantInvoke(new ServicePrincipal('s3.amazonaws.com'), { sourceArn: bucket.bucketArn, sourceAccount: '123456789012' });
    Template.fromStack(stack).hasResource('AWS::Lambda::Permission', {
      Properties: Match.objectEquals({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        Principal: 's3.amazonaws.com',
        SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::uploads-bucket' },
        SourceAccount: '123456789012',
      }),
    });
  });

  it('gives the same grant twice one permission, and another source its own', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'));
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'));
    fn.grantInvoke(new ServicePrincipal('events.amazonaws.com'), { sourceArn: 'arn:aws:events:eu-west-1:123456789012:rule/r' });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 2);
  });
});

describe('Permission', () => {
  it("refuses principal '*' without allowPublic", () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    expectLambdaformError(() => fn.addPermission('Public', { principal: '*' }), 'Test/Fn/Public', /^principal '\*' lets anyone invoke the function; .* allowPublic: true/);
  });

  it("allows principal '*' with allowPublic: true, and adds no source", () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    new Permission(fn, 'Public', { target: fn, principal: '*', allowPublic: true });
    Template.fromStack(stack).hasResource('AWS::Lambda::Permission', {
      Properties: Match.objectEquals({ Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: '*' }),
    });
  });

  it('adds no source for an account principal', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.addPermission('Partner', { principal: '210987654321' });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', { Principal: '210987654321', SourceAccount: Match.absent(), SourceArn: Match.absent() });
  });
});

describe('S3 notification permission', () => {
  it('has SourceAccount and, for a bucket with a fixed name, SourceArn', () => {
    // GIVEN a notification from a named bucket (SAM would make it an S3 event whose permission names the account only,
    // so it stays plain CloudFormation in the SAM template too)
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    fn.addEventSource(new S3EventSource(new Bucket(stack, 'B', { bucketName: 'uploads-bucket' }), { events: [EventType.OBJECT_CREATED] }));
    // THEN
    for (const format of ['cfn', 'sam'] as const) {
      Template.fromStack(stack, format).hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::uploads-bucket' },
      });
    }
  });

  it('has SourceAccount only for a bucket whose name CloudFormation generates (an ARN would need a dependency cycle)', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const live = fn.addAlias('live');
    live.addEventSource(new S3EventSource(new Bucket(stack, 'B'), { events: [EventType.OBJECT_CREATED] }));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: Match.absent(),
    });
  });
});
