// S3 notifications to SQS queues and SNS topics, the write-back pattern (a notified function that
// names its bucket: the notifications move to a Custom::S3BucketNotifications resource), and
// autoDeleteObjects: constructs, both backends, cfn-lint, and import round trips.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bucket, EventType, LambdaformError, Queue, RemovalPolicy, Topic } from '../../lib/all.js';
import { importTemplate } from '../../lib/import/index.js';
import { parseTemplate } from '../../lib/import/read.js';
import { LambdaDestination, SnsDestination, SqsDestination } from '../../lib/modules/aws-s3-notifications.js';
import { renderCloudFormation } from '../../lib/synth/cfn/index.js';
import { AUTO_DELETE_HANDLER_CODE, NOTIFICATIONS_HANDLER_CODE } from '../../lib/synth/cfn/notifications.js';
import { toSam } from '../../lib/synth/sam/index.js';
import { toYaml, type Template as TemplateJson } from '../../lib/synth/template.js';
import { stackModel, Template } from '../../lib/testing/index.js';
import { cfnLintAll, cfnLintAvailable, cfnLintSkipReason } from '../helpers/cfn-lint.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-s3n-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const resources = (t: Template) => t.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;
const strip = (r: Record<string, unknown>) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'Metadata' ? undefined : v))) as Record<string, unknown>;
const BUCKET_ARN = { 'Fn::GetAtt': ['Uploads', 'Arn'] };

function queueApp() {
  const stack = newStack();
  const bucket = new Bucket(stack, 'Uploads');
  const queue = new Queue(stack, 'Jobs');
  bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue), { prefix: 'in/' }, { suffix: '.csv' });
  return { stack, bucket, queue };
}

function writeBackApp() {
  const stack = newStack();
  const bucket = new Bucket(stack, 'Uploads');
  const fn = newFunction(stack, 'Writer', { environment: { BUCKET: bucket.bucketName } });
  bucket.grantReadWrite(fn);
  bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'raw/' });
  return { stack, bucket, fn };
}

describe('SqsDestination and SnsDestination', () => {
  it('a queue: QueueConfigurations in a bucket of fixed name, the queue policy CDK writes, the bucket after it', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'Uploads', { bucketName: 'my-uploads' });
    const queue = new Queue(stack, 'Jobs');
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue), { prefix: 'in/' }, { suffix: '.csv' });
    const arn = { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-uploads' };
    for (const format of ['cfn', 'sam'] as const) {
      const r = resources(Template.fromStack(stack, format));
      expect(r.Uploads!.Properties!.NotificationConfiguration).toEqual({
        QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.csv' }] } } }],
      });
      expect(r.Uploads!.DependsOn).toEqual(['JobsPolicy']);
      expect(strip(r.JobsPolicy!)).toEqual({
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'Jobs' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 's3.amazonaws.com' },
                Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
                Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] },
                Condition: { ArnLike: { 'aws:SourceArn': arn } },
              },
            ],
          },
        },
      });
      expect(Object.values(r).some((x) => x.Type === 'Custom::S3BucketNotifications')).toBe(false);
    }
  });

  it('a topic: TopicConfigurations, the topic policy CDK writes (Sid the index), after enforceSSL\'s statement', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'Uploads', { bucketName: 'my-uploads' });
    const topic = new Topic(stack, 'Events', { enforceSSL: true });
    bucket.addObjectRemovedNotification(new SnsDestination(topic));
    for (const format of ['cfn', 'sam'] as const) {
      const r = resources(Template.fromStack(stack, format));
      expect(r.Uploads!.Properties!.NotificationConfiguration).toEqual({ TopicConfigurations: [{ Event: 's3:ObjectRemoved:*', Topic: { Ref: 'Events' } }] });
      expect(r.Uploads!.DependsOn).toEqual(['EventsPolicy']);
      const statements = (r.EventsPolicy!.Properties!.PolicyDocument as { Statement: unknown[] }).Statement;
      expect(statements).toHaveLength(2);
      expect(statements[1]).toEqual({
        Sid: '1',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: 'Events' },
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-uploads' } } },
      });
    }
  });

  it('a bucket of generated name: the policy names its ARN, so the notifications go in Custom::S3BucketNotifications (no cycle)', () => {
    const { stack } = queueApp();
    for (const format of ['cfn', 'sam'] as const) {
      const r = resources(Template.fromStack(stack, format));
      expect(r.Uploads!.Properties!.NotificationConfiguration).toBeUndefined();
      expect(r.Uploads!.DependsOn).toBeUndefined();
      expect((r.JobsPolicy!.Properties!.PolicyDocument as { Statement: Array<{ Condition: unknown }> }).Statement[0]!.Condition).toEqual({ ArnLike: { 'aws:SourceArn': BUCKET_ARN } });
      expect(strip(r.UploadsNotifications!)).toEqual({
        Type: 'Custom::S3BucketNotifications',
        Properties: {
          ServiceToken: { 'Fn::GetAtt': ['BucketNotificationsHandler', 'Arn'] },
          BucketName: { Ref: 'Uploads' },
          NotificationConfiguration: {
            QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.csv' }] } }, QueueArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] } }],
          },
          Managed: true,
          SkipDestinationValidation: false,
        },
        DependsOn: ['JobsPolicy', 'UploadsNotificationsHandlerPolicy'],
      });
    }
  });

  it('refuses what is not a queue or topic, and a queue outside the app', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'Uploads');
    const err = thrown(() => bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination({} as Queue)));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toBe('Test/Uploads: SqsDestination expects a Queue (new SqsDestination(queue)), got an object with keys (none)');
    const err2 = thrown(() => bucket.addEventNotification(EventType.OBJECT_CREATED, new SnsDestination({ topicArn: 'arn:aws:sns:us-east-1:123456789012:t' } as Topic)));
    expect((err2 as LambdaformError).message).toBe("Test/Uploads: a notification destination must name a Topic of this app (its topicArn), got 'arn:aws:sns:us-east-1:123456789012:t'");
  });

  it('refuses overlapping notifications to a queue and a function', () => {
    const { stack, bucket } = queueApp();
    const fn = newFunction(stack, 'Fn');
    const err = thrown(() => bucket.addEventNotification(EventType.OBJECT_CREATED_PUT, new LambdaDestination(fn), { prefix: 'in/x' }));
    expect((err as LambdaformError).message).toMatch(/overlaps the notification Test\/Jobs\/S3EventSourceUploads on Test\/Uploads/);
  });
});

describe('the write-back pattern: a notified function that names its bucket', () => {
  it('writes the notifications as Custom::S3BucketNotifications, with the handler and its policy, in both backends', () => {
    const { stack } = writeBackApp();
    for (const format of ['cfn', 'sam'] as const) {
      const r = resources(Template.fromStack(stack, format));
      expect(r.Uploads!.Properties!.NotificationConfiguration).toBeUndefined();
      expect(strip(r.UploadsNotifications!).Properties).toEqual({
        ServiceToken: { 'Fn::GetAtt': ['BucketNotificationsHandler', 'Arn'] },
        BucketName: { Ref: 'Uploads' },
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'raw/' }] } }, LambdaFunctionArn: { 'Fn::GetAtt': ['Writer', 'Arn'] } }],
        },
        Managed: true,
        SkipDestinationValidation: false,
      });
      expect(r.UploadsNotifications!.DependsOn).toEqual(['UploadsNotificationsHandlerPolicy', 'WriterS3EventSourceUploadsPermission']);
      // The permission names the bucket's ARN (nothing depends on the bucket's notifications now).
      expect(r.WriterS3EventSourceUploadsPermission!.Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['Writer', 'Arn'] },
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: BUCKET_ARN,
      });
      expect(strip(r.UploadsNotificationsHandlerPolicy!)).toEqual({
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'UploadsNotificationsHandlerPolicy',
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutBucketNotification', Resource: BUCKET_ARN }] },
          Roles: [{ Ref: 'BucketNotificationsHandlerRole' }],
        },
      });
      expect(strip(r.BucketNotificationsHandler!)).toEqual({
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { ZipFile: NOTIFICATIONS_HANDLER_CODE },
          Description: 'AWS CloudFormation handler for "Custom::S3BucketNotifications" resources (written by lambdaform)',
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': ['BucketNotificationsHandlerRole', 'Arn'] },
          Runtime: 'python3.13',
          Timeout: 300,
        },
        DependsOn: ['BucketNotificationsHandlerRole'],
      });
      expect(r.BucketNotificationsHandlerRole!.Type).toBe('AWS::IAM::Role');
      // SAM: no S3 event for the function (the SAM S3 event cannot express it).
      if (format === 'sam') expect((r.Writer!.Properties as { Events?: unknown }).Events).toBeUndefined();
    }
  });

  it('keeps the notifications in the bucket when there is no cycle (the golden shape)', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'Uploads');
    const fn = newFunction(stack, 'Reader');
    bucket.grantRead(fn);
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn));
    const r = resources(Template.fromStack(stack));
    expect(Object.keys(r.Uploads!.Properties!.NotificationConfiguration as object)).toEqual(['LambdaConfigurations']);
    expect(Object.values(r).some((x) => x.Type === 'Custom::S3BucketNotifications')).toBe(false);
  });

  it('the handler code puts the configuration and answers CloudFormation at the response URL', () => {
    expect(NOTIFICATIONS_HANDLER_CODE).toContain('put_bucket_notification_configuration');
    expect(NOTIFICATIONS_HANDLER_CODE).toContain('event["ResponseURL"]');
    expect(NOTIFICATIONS_HANDLER_CODE.length).toBeLessThanOrEqual(4096);
    expect(AUTO_DELETE_HANDLER_CODE.length).toBeLessThanOrEqual(4096);
  });
});

describe('autoDeleteObjects', () => {
  it('writes Custom::S3AutoDeleteObjects, the provider, the bucket policy statement and the tag, in both backends', () => {
    const stack = newStack();
    new Bucket(stack, 'Uploads', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true, enforceSSL: true });
    for (const format of ['cfn', 'sam'] as const) {
      const r = resources(Template.fromStack(stack, format));
      expect(r.Uploads!.Properties!.Tags).toEqual([{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }]);
      const statements = (r.UploadsPolicy!.Properties!.PolicyDocument as { Statement: unknown[] }).Statement;
      expect(statements).toHaveLength(2);
      expect(statements[1]).toEqual({
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': ['CustomS3AutoDeleteObjectsProviderRole', 'Arn'] } },
        Action: ['s3:PutBucketPolicy', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*'],
        Resource: [BUCKET_ARN, { 'Fn::Join': ['', [BUCKET_ARN, '/*']] }],
      });
      expect(strip(r.UploadsAutoDeleteObjects!)).toEqual({
        Type: 'Custom::S3AutoDeleteObjects',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['CustomS3AutoDeleteObjectsProviderHandler', 'Arn'] }, BucketName: { Ref: 'Uploads' } },
        DependsOn: ['UploadsPolicy'],
      });
      const provider = strip(r.CustomS3AutoDeleteObjectsProviderHandler!) as { Properties: Record<string, unknown> };
      expect(provider.Properties).toEqual({
        Code: { ZipFile: AUTO_DELETE_HANDLER_CODE },
        Description: { 'Fn::Join': ['', ['Lambda function for auto-deleting objects in ', { Ref: 'Uploads' }, ' S3 bucket.']] },
        Handler: 'index.handler',
        MemorySize: 128,
        Role: { 'Fn::GetAtt': ['CustomS3AutoDeleteObjectsProviderRole', 'Arn'] },
        Runtime: 'nodejs24.x',
        Timeout: 900,
      });
    }
  });

  it('the provider code empties the bucket (versions too) on Delete only, with cfn-response', () => {
    expect(AUTO_DELETE_HANDLER_CODE).toContain("require('cfn-response')");
    expect(AUTO_DELETE_HANDLER_CODE).toContain('ListObjectVersionsCommand');
    expect(AUTO_DELETE_HANDLER_CODE).toContain("event.RequestType === 'Delete'");
  });

  it('refuses autoDeleteObjects without RemovalPolicy.DESTROY, as aws-cdk-lib', () => {
    for (const removalPolicy of [undefined, RemovalPolicy.RETAIN]) {
      const err = thrown(() => new Bucket(newStack(), 'Uploads', { autoDeleteObjects: true, ...(removalPolicy ? { removalPolicy } : {}) }));
      expect((err as LambdaformError).message).toBe("Test/Uploads: Cannot use 'autoDeleteObjects' property on a bucket without setting removal policy to 'DESTROY'.");
    }
    expect(() => new Bucket(newStack(), 'Uploads', { autoDeleteObjects: false })).not.toThrow();
  });
});

describe('cfn-lint and the import round trip', () => {
  function all() {
    const stack = newStack();
    const bucket = new Bucket(stack, 'Uploads', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const queue = new Queue(stack, 'Jobs');
    const topic = new Topic(stack, 'Events');
    const fn = newFunction(stack, 'Writer', { environment: { BUCKET: bucket.bucketName } });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue), { prefix: 'in/' });
    bucket.addEventNotification(EventType.OBJECT_REMOVED, new SnsDestination(topic));
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'raw/' });
    const named = new Bucket(stack, 'Named', { bucketName: 'my-named-uploads' });
    named.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue));
    named.addEventNotification(EventType.OBJECT_REMOVED, new SnsDestination(topic));
    return stack;
  }

  it.skipIf(!cfnLintAvailable)(`both templates pass cfn-lint ${cfnLintSkipReason}`, () => {
    const model = stackModel(all());
    const files = [path.join(TMP, 'all.template.yaml'), path.join(TMP, 'all.sam.yaml')];
    fs.writeFileSync(files[0]!, toYaml(renderCloudFormation(model)));
    fs.writeFileSync(files[1]!, toYaml(toSam(model)));
    for (const [file, r] of cfnLintAll(files)) expect(r.errors, `${file}\n${r.output}`).toEqual([]);
  });

  it('CloudFormation -> import -> CloudFormation gives the same template, with the same notification edges', () => {
    const model = stackModel(all());
    const before = JSON.parse(JSON.stringify(renderCloudFormation(model))) as TemplateJson;
    const imported = importTemplate(parseTemplate(toYaml(before), 'Test.template.yaml'), { assets: model.assets });
    const after = JSON.parse(JSON.stringify(renderCloudFormation(imported))) as TemplateJson;
    expect(after).toEqual(before);
    const edges = imported.edges.filter((e) => e.kind === 'notification').map((e) => `${e.from} -> ${e.to} ${JSON.stringify(e.props)}`);
    expect(edges.sort()).toEqual([
      'Test/Named -> Test/Events {"events":["s3:ObjectRemoved:*"]}',
      'Test/Named -> Test/Jobs {"events":["s3:ObjectCreated:*"]}',
      'Test/Uploads -> Test/Events {"events":["s3:ObjectRemoved:*"]}',
      'Test/Uploads -> Test/Jobs {"events":["s3:ObjectCreated:*"],"prefix":"in/"}',
      'Test/Uploads -> Test/Writer {"events":["s3:ObjectCreated:*"],"prefix":"raw/"}',
    ]);
    expect(imported.nodes.filter((n) => n.kind === 'function').map((n) => n.id)).toEqual(['Test/Writer']);
  });
});
