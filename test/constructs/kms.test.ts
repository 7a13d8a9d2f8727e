// aws-kms: existing keys for the props that take one; new keys refused.
import { describe, expect, it } from 'vitest';
import { Duration, Queue, QueueEncryption, Topic } from '../../lib/all.js';
import { Alias, Key } from '../../lib/modules/aws-kms.js';
import { Bucket, EventType } from '../../lib/modules/aws-s3.js';
import { SnsDestination as S3SnsDestination, SqsDestination as S3SqsDestination } from '../../lib/modules/aws-s3-notifications.js';
import { Rule, Schedule } from '../../lib/modules/aws-events.js';
import { SnsTopic } from '../../lib/modules/aws-events-targets.js';
import { SqsSubscription } from '../../lib/modules/aws-sns-subscriptions.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('aws-kms', () => {
  it('a topic masterKey is KmsMasterKeyId, and grantPublish adds kms:Decrypt and kms:GenerateDataKey*', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T', { masterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    const fn = newFunction(stack);
    topic.grantPublish(fn);
    for (const f of ['cfn', 'sam'] as const) Template.fromStack(stack, f).hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: KEY_ARN });
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: KEY_ARN });
  });

  it('a queue encryptionMasterKey is KmsMasterKeyId', () => {
    const stack = newStack();
    new Queue(stack, 'Q', { encryption: QueueEncryption.KMS, encryptionMasterKey: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY_ARN });
  });

  it('a function environmentEncryption is KmsKeyArn', () => {
    const stack = newStack();
    newFunction(stack, 'Fn', { environmentEncryption: Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { KmsKeyArn: KEY_ARN });
  });

  it('an alias is its ARN in the stack region and account, and grants nothing (as aws-cdk-lib)', () => {
    const stack = newStack();
    const alias = Alias.fromAliasName(stack, 'A', 'alias/app');
    const topic = new Topic(stack, 'T', { masterKey: alias });
    topic.grantPublish(newFunction(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app' } });
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'T' } }]);
  });

  it("takes an AWS managed key's alias, as aws-cdk-lib: masterKey alias/aws/sns is the alias's ARN", () => {
    // aws-samples/aws-cdk-examples typescript/ddb-stream-lambda-sns: a topic encrypted with alias/aws/sns, published to by a function.
    const stack = newStack();
    const topic = new Topic(stack, 'T', { masterKey: Alias.fromAliasName(stack, 'SnsKey', 'alias/aws/sns') });
    topic.grantPublish(newFunction(stack));
    for (const f of ['cfn', 'sam'] as const) {
      Template.fromStack(stack, f).hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns' } });
    }
    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'T' } }]);
  });

  it('refuses another AWS service sending to a topic or queue encrypted with an AWS managed key, naming the alias', () => {
    const stack = newStack();
    const topic = new Topic(stack, 'T', { masterKey: Alias.fromAliasName(stack, 'SnsKey', 'alias/aws/sns') });
    const queue = new Queue(stack, 'Q', { encryptionMasterKey: Alias.fromAliasName(stack, 'SqsKey', 'alias/aws/sqs') });
    const managed = new Queue(stack, 'M', { encryption: QueueEncryption.KMS_MANAGED });
    const rule = new Rule(stack, 'R', { schedule: Schedule.rate(Duration.minutes(5)) });
    expectLambdaformError(() => rule.addTarget(new SnsTopic(topic)), 'Test/R', /EventBridge cannot publish to Test\/T: it is encrypted with the AWS managed key alias\/aws\/sns/);
    const bucket = new Bucket(stack, 'B');
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, new S3SnsDestination(topic)), 'Test/B', /^S3 cannot publish to Test\/T: it is encrypted with the AWS managed key alias\/aws\/sns/);
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, new S3SqsDestination(managed)), 'Test/B', /^S3 cannot deliver to Test\/M: it is encrypted with the AWS managed key alias\/aws\/sqs/);
    const plain = new Topic(stack, 'Plain');
    expect(() => plain.addSubscription(new SqsSubscription(queue))).toThrow(/SNS cannot deliver to Test\/Q: it is encrypted with the AWS managed key alias\/aws\/sqs/);
  });

  it('refuses new Key, Key.fromLookup and a key ARN of another service', () => {
    const stack = newStack();
    expectLambdaformError(() => new Key(stack, 'K'), 'Test/K', /^new Key\(scope, id, \{\.\.\.\}\) \(a new KMS key, AWS::KMS::Key\) is not supported by lambdaform/);
    expectLambdaformError(() => Key.fromLookup(stack, 'L', {}), 'Test/L', /^Key\.fromLookup is not supported by lambdaform/);
    expectLambdaformError(() => Key.fromKeyArn(stack, 'B', 'arn:aws:sqs:us-east-1:123456789012:q'), 'Test/B', /^Key\.fromKeyArn: keyArn must be a kms ARN/);
    expectLambdaformError(() => Alias.fromAliasName(stack, 'C', 'app'), 'Test/C', /^Alias\.fromAliasName: aliasName must be 'alias\//);
  });
});
