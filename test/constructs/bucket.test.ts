// Bucket: S3 notifications to functions (configuration, permission, ordering), the deterministic
// name that breaks the notification dependency cycle, overlap checks, grants and validation.
import { describe, expect, it } from 'vitest';
import { BlockPublicAccess, Bucket, BucketEncryption, BucketNotificationDestinationType, Duration, EventType, RemovalPolicy, S3EventSource } from '../../lib/all.js';
import * as s3 from '../../lib/modules/aws-s3.js';
import { LambdaDestination } from '../../lib/modules/aws-s3-notifications.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';
import { roleStatements } from '../helpers/roles.js';
import { findCycle } from '../../lib/synth/cycles.js';


const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };

describe('S3EventSource', () => {
  it('writes the notification into the bucket, which depends on the permission for S3', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/', suffix: '.jpg' }] }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: Match.objectEquals({
          LambdaConfigurations: [
            Match.objectEquals({
              Event: 's3:ObjectCreated:*',
              Function: FN_ARN,
              Filter: {
                S3Key: {
                  Rules: [
                    { Name: 'prefix', Value: 'in/' },
                    { Name: 'suffix', Value: '.jpg' },
                  ],
                },
              },
            }),
          ],
        }),
      },
      DependsOn: ['FnS3EventSourceBPermission'],
    });
    const permissions = template.findResources('AWS::Lambda::Permission');
    expect(Object.keys(permissions)).toEqual(['FnS3EventSourceBPermission']);
    expect(permissions.FnS3EventSourceBPermission!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: FN_ARN,
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('writes one LambdaConfiguration per event type and no Filter without prefix or suffix', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED_PUT, EventType.OBJECT_REMOVED] }));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: {
        LambdaConfigurations: [
          Match.objectEquals({ Event: 's3:ObjectCreated:Put', Function: FN_ARN }),
          Match.objectEquals({ Event: 's3:ObjectRemoved:*', Function: FN_ARN }),
        ],
      },
    });
  });

  it('refuses an empty events list', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // THEN
    expectLambdaformError(() => fn.addEventSource(new S3EventSource(bucket, { events: [] })), 'Test/Fn/S3EventSourceB', /events must list at least one S3 event type/);
  });
});

describe('bucket notifications without a dependency cycle', () => {
  it('keeps the generated name: adding a notification does not rename (replace) the bucket', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
  });

  it("puts the function's grants on its notification source bucket in a separate policy, so nothing cycles", () => {
    // GIVEN a bucket that notifies the function, and the function may read the bucket
    const stack = newStack();
    const fn = newFunction(stack);
    const other = new Bucket(stack, 'Other');
    const bucket = new Bucket(stack, 'B');
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));

    // WHEN
    bucket.grantRead(fn);
    other.grantWrite(fn);

    // THEN the role keeps the other grant inline, and the source bucket's grants are in a policy attached to the role
    const template = Template.fromStack(stack);
    expect(roleStatements(template, 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'], Resource: { 'Fn::Sub': '${Other.Arn}/*' } },
    ]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'FnServiceRole' }],
      PolicyDocument: {
        Statement: [
          Match.objectEquals({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${B.Arn}/*' } }),
          Match.objectEquals({ Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['B', 'Arn'] } }),
        ],
      },
    });
    expect(Object.keys(template.template.Resources)).toContain('FnServiceRoleNotificationSourcesPolicy');
    expect(findCycle(template.template)).toBeUndefined();
  });

  it('writes grants of a bucket without notifications or name with Fn::GetAtt', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    bucket.grantRead(fn);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: [
              Match.objectEquals({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${B.Arn}/*' } }),
              Match.objectEquals({ Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['B', 'Arn'] } }),
            ],
          },
        },
      ],
    });
  });

  it('uses a given bucketName as is', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B', { bucketName: 'my-uploads' });

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED] }));
    bucket.grantWrite(fn);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'my-uploads' });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{ PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-uploads/*' } })] } }],
    });
  });
});

describe('overlapping notifications', () => {
  interface OverlapCase {
    readonly name: string;
    readonly first: ConstructorParameters<typeof S3EventSource>[1];
    readonly second: ConstructorParameters<typeof S3EventSource>[1];
    readonly shared: string;
  }
  const OVERLAPPING: OverlapCase[] = [
    {
      name: 'same event and same prefix',
      first: { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] },
      second: { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] },
      shared: 's3:ObjectCreated:*',
    },
    {
      name: "'s3:ObjectCreated:*' under 'a/' and 's3:ObjectCreated:Put' under 'a/b/'",
      first: { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'a/' }] },
      second: { events: [EventType.OBJECT_CREATED_PUT], filters: [{ prefix: 'a/b/' }] },
      shared: 's3:ObjectCreated:Put',
    },
    {
      name: 'no filter and any filter',
      first: { events: [EventType.OBJECT_REMOVED] },
      second: { events: [EventType.OBJECT_REMOVED_DELETE], filters: [{ prefix: 'logs/', suffix: '.gz' }] },
      shared: 's3:ObjectRemoved:Delete',
    },
    {
      name: 'same prefix, one suffix ending the other',
      first: { events: [EventType.OBJECT_CREATED], filters: [{ suffix: '.jpg' }] },
      second: { events: [EventType.OBJECT_CREATED], filters: [{ suffix: 'thumb.jpg' }] },
      shared: 's3:ObjectCreated:*',
    },
  ];

  it.each(OVERLAPPING)('refuses $name, naming the path', ({ first, second, shared }) => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const other = newFunction(stack, 'Other');
    const bucket = new Bucket(stack, 'B');
    fn.addEventSource(new S3EventSource(bucket, first));

    // THEN
    expectLambdaformError(
      () => other.addEventSource(new S3EventSource(bucket, second)),
      'Test/Other/S3EventSourceB',
      new RegExp(`^overlaps the notification Test/Fn/S3EventSourceB on Test/B: both receive ${shared.replace(/[*]/g, '\\*')} for keys .*S3 refuses overlapping notifications`),
    );
  });

  it('refuses overlapping notifications to the same function', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] }));

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] })),
      'Test/Fn/S3EventSourceB2',
      /overlaps the notification Test\/Fn\/S3EventSourceB on Test\/B/,
    );
  });

  it('accepts disjoint suffixes', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/', suffix: '.jpg' }] }));
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/', suffix: '.png' }] }));

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: {
          LambdaConfigurations: [
            { Event: 's3:ObjectCreated:*', Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.jpg' }] } } },
            { Event: 's3:ObjectCreated:*', Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.png' }] } } },
          ],
        },
      },
      DependsOn: ['FnS3EventSourceB2Permission', 'FnS3EventSourceBPermission'],
    });
    template.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  it('accepts different event families with the same filter', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const other = newFunction(stack, 'Other');
    const bucket = new Bucket(stack, 'B');

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] }));
    other.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_REMOVED], filters: [{ prefix: 'in/' }] }));

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: {
        LambdaConfigurations: [
          { Event: 's3:ObjectCreated:*', Function: FN_ARN },
          { Event: 's3:ObjectRemoved:*', Function: { 'Fn::GetAtt': ['Other', 'Arn'] } },
        ],
      },
    });
  });

  it('accepts disjoint prefixes', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'a/' }] }));
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'b/' }] }));

    // THEN
    const configs = (Template.fromStack(stack).template.Resources.B!.Properties!.NotificationConfiguration as { LambdaConfigurations: unknown[] }).LambdaConfigurations;
    expect(configs).toHaveLength(2);
  });
});

describe('grants', () => {
  it('grantRead allows s3:GetObject on objects and s3:ListBucket on the bucket limited to the same prefix, nothing else', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B', { bucketName: 'my-data' });

    // WHEN
    bucket.grantRead(fn, 'reports/*');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: [
              Match.objectEquals({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-data/reports/*' } }),
              Match.objectEquals({
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-data' },
                Condition: { StringLike: { 's3:prefix': ['reports/*'] } },
              }),
            ],
          },
        },
      ],
    });
  });

  it("grantWrite's third argument is aws-cdk-lib's allowedActionPatterns: only those actions are granted", () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B', { bucketName: 'my-data' });

    bucket.grantWrite(fn, 'out/*', ['s3:PutObject']);

    expect(roleStatements(Template.fromStack(stack), 'FnServiceRole')).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-data/out/*' } },
    ]);
    expectLambdaformError(() => bucket.grantWrite(fn, '*', 'grantWrite' as never), 'Test/B', /^grantWrite: allowedActionPatterns must be a list of S3 actions such as \['s3:PutObject'\], got /);
  });

  it('grantWrite allows s3:AbortMultipartUpload, s3:DeleteObject and s3:PutObject on objects, nothing else', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B', { bucketName: 'my-data' });

    // WHEN
    bucket.grantWrite(fn);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: [
              Match.objectEquals({
                Effect: 'Allow',
                Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'],
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-data/*' },
              }),
            ],
          },
        },
      ],
    });
  });
});

describe('Bucket validation', () => {
  it.each(['My_Bucket', 'ab', 'a'.repeat(64), '-bucket', 'bucket-', 'UPPER'])('refuses bucketName %j', (bucketName) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Bucket(stack, 'B', { bucketName }), 'Test/B', new RegExp(`^bucketName must be 3-63 lowercase letters, digits, dots or hyphens.*got '${bucketName.replace(/[.]/g, '\\.')}'$`));
  });

  it.each([
    ['my..bucket', 'must not contain two adjacent dots'],
    ['192.168.5.4', 'must not look like an IP address'],
    ['xn--bucket', "must not start with the reserved prefix 'xn--'"],
    ['sthree-bucket', "must not start with the reserved prefix 'sthree-'"],
    ['bucket-s3alias', "must not end with the reserved suffix '-s3alias'"],
    ['bucket--ol-s3', "must not end with the reserved suffix '--ol-s3'"],
  ])('refuses bucketName %j (S3 naming rules)', (bucketName, rule) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Bucket(stack, 'B', { bucketName }), 'Test/B', new RegExp(`^bucketName ${rule}, got '${bucketName.replace(/[.]/g, '\\.')}'$`));
  });

  it.each(['abc', 'my.bucket-1', 'a'.repeat(63)])('accepts bucketName %j', (bucketName) => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Bucket(stack, 'B', { bucketName });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { BucketName: bucketName });
  });
});

describe('overlapping event types inside one notification', () => {
  it('refuses s3:ObjectCreated:* with s3:ObjectCreated:Put, naming the notification', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');
    expectLambdaformError(
      () => fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED, EventType.OBJECT_CREATED_PUT], filters: [{ prefix: 'in/' }] })),
      'Test/Fn/S3EventSourceB',
      /^events s3:ObjectCreated:\* and s3:ObjectCreated:Put overlap; S3 refuses overlapping notifications: keep only s3:ObjectCreated:\*$/,
    );
  });

  it('accepts created and removed together', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addEventSource(new S3EventSource(new Bucket(stack, 'B'), { events: [EventType.OBJECT_CREATED, EventType.OBJECT_REMOVED] }));
    const configs = (Template.fromStack(stack).template.Resources.B!.Properties!.NotificationConfiguration as { LambdaConfigurations: Array<{ Event: string }> }).LambdaConfigurations;
    expect(configs.map((c) => c.Event)).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
  });
});

describe('Bucket.addEventNotification (aws-cdk-lib signature)', () => {
  it('notifies a function through s3n.LambdaDestination: the same bucket configuration and permission as S3EventSource, in both formats', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');

    // WHEN
    bucket.addEventNotification(EventType.OBJECT_CREATED_PUT, new LambdaDestination(fn), { prefix: 'in/' }, { suffix: '.jpg' });

    // THEN
    const cfn = Template.fromStack(stack);
    cfn.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: Match.objectEquals({
          LambdaConfigurations: [
            Match.objectEquals({
              Event: 's3:ObjectCreated:Put',
              Function: FN_ARN,
              Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.jpg' }] } },
            }),
          ],
        }),
      },
      DependsOn: ['FnS3EventSourceBPermission'],
    });
    cfn.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: FN_ARN, Principal: 's3.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', {
      Events: {
        S3EventSourceB: {
          Type: 'S3',
          Properties: { Bucket: { Ref: 'B' }, Events: 's3:ObjectCreated:Put', Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.jpg' }] } } },
        },
      },
    });
  });

  it('addObjectCreatedNotification and addObjectRemovedNotification use s3:ObjectCreated:* and s3:ObjectRemoved:*', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');
    bucket.addObjectCreatedNotification(new LambdaDestination(fn), { prefix: 'in/' });
    bucket.addObjectRemovedNotification(new LambdaDestination(fn));
    const configs = (Template.fromStack(stack).template.Resources.B!.Properties!.NotificationConfiguration as { LambdaConfigurations: Array<{ Event: string }> }).LambdaConfigurations;
    expect(configs.map((c) => c.Event)).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
  });

  it('refuses key filters as aws-cdk-lib does: empty, two prefixes, two suffixes', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');
    const dest = new LambdaDestination(fn);
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, dest, {}), 'Test/Fn', /^NotificationKeyFilter must specify `prefix` and\/or `suffix`$/);
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, dest, { prefix: 'a/' }, { prefix: 'b/' }), 'Test/Fn', /^Cannot specify more than one prefix rule in a filter\.$/);
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, dest, { suffix: '.a' }, { prefix: 'p/', suffix: '.b' }), 'Test/Fn', /^Cannot specify more than one suffix rule in a filter\.$/);
    expectLambdaformError(() => fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'a/' }, { prefix: 'b/' }] })), 'Test/Fn', /^Cannot specify more than one prefix rule in a filter\.$/);
  });

  it('refuses a destination whose ARN is not a queue or topic of the app (test/synth/s3-notifications.test.ts tests queues and topics)', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const custom = { bind: () => ({ type: BucketNotificationDestinationType.QUEUE, arn: 'arn:aws:sqs:us-east-1:123456789012:q' }) };
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, custom), 'Test/B', /^a notification destination must name a Queue of this app \(its queueArn\), got 'arn:aws:sqs:us-east-1:123456789012:q'$/);
    const wrong = { bind: () => ({ type: 7, arn: 'x' }) };
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_CREATED, wrong as never), 'Test/B', /^a notification destination's bind\(\) must return a type of BucketNotificationDestinationType \(LAMBDA, QUEUE or TOPIC\), got .*7$/);
  });

  it('refuses the former function-first call, naming the CDK order', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    expectLambdaformError(
      () => (new Bucket(stack, 'B').addEventNotification as (...a: unknown[]) => void)(fn, { events: [EventType.OBJECT_CREATED] }),
      'Test/B',
      /^addEventNotification expects a notification destination such as new LambdaDestination\(fn\) \(lambdaform\/aws-s3-notifications\), got an object.*; the event type comes first: addEventNotification\(EventType\.OBJECT_CREATED, new LambdaDestination\(fn\), \{ prefix \}\)$/,
    );
  });

  it('refuses a LambdaDestination whose ARN is not a function of the app', () => {
    const stack = newStack();
    const custom = { bind: () => ({ type: BucketNotificationDestinationType.LAMBDA, arn: 'arn:aws:lambda:us-east-1:123456789012:function:elsewhere' }) };
    expectLambdaformError(
      () => new Bucket(stack, 'B').addEventNotification(EventType.OBJECT_CREATED, custom),
      'Test/B',
      /^a notification destination must name a Function, Version or Alias of this app \(its functionArn\), got 'arn:aws:lambda:us-east-1:123456789012:function:elsewhere'$/,
    );
  });
});

describe('EventType', () => {
  it("has aws-cdk-lib's members and values (plus OBJECT_RESTORE)", () => {
    expect({ ...EventType }).toEqual({
      OBJECT_CREATED: 's3:ObjectCreated:*',
      OBJECT_CREATED_PUT: 's3:ObjectCreated:Put',
      OBJECT_CREATED_POST: 's3:ObjectCreated:Post',
      OBJECT_CREATED_COPY: 's3:ObjectCreated:Copy',
      OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD: 's3:ObjectCreated:CompleteMultipartUpload',
      OBJECT_REMOVED: 's3:ObjectRemoved:*',
      OBJECT_REMOVED_DELETE: 's3:ObjectRemoved:Delete',
      OBJECT_REMOVED_DELETE_MARKER_CREATED: 's3:ObjectRemoved:DeleteMarkerCreated',
      OBJECT_RESTORE: 's3:ObjectRestore:*',
      OBJECT_RESTORE_POST: 's3:ObjectRestore:Post',
      OBJECT_RESTORE_COMPLETED: 's3:ObjectRestore:Completed',
      OBJECT_RESTORE_DELETE: 's3:ObjectRestore:Delete',
      REDUCED_REDUNDANCY_LOST_OBJECT: 's3:ReducedRedundancyLostObject',
      REPLICATION_OPERATION_FAILED_REPLICATION: 's3:Replication:OperationFailedReplication',
      REPLICATION_OPERATION_MISSED_THRESHOLD: 's3:Replication:OperationMissedThreshold',
      REPLICATION_OPERATION_REPLICATED_AFTER_THRESHOLD: 's3:Replication:OperationReplicatedAfterThreshold',
      REPLICATION_OPERATION_NOT_TRACKED: 's3:Replication:OperationNotTracked',
      LIFECYCLE_EXPIRATION: 's3:LifecycleExpiration:*',
      LIFECYCLE_EXPIRATION_DELETE: 's3:LifecycleExpiration:Delete',
      LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED: 's3:LifecycleExpiration:DeleteMarkerCreated',
      LIFECYCLE_TRANSITION: 's3:LifecycleTransition',
      INTELLIGENT_TIERING: 's3:IntelligentTiering',
      OBJECT_TAGGING: 's3:ObjectTagging:*',
      OBJECT_TAGGING_PUT: 's3:ObjectTagging:Put',
      OBJECT_TAGGING_DELETE: 's3:ObjectTagging:Delete',
      OBJECT_ACL_PUT: 's3:ObjectAcl:Put',
    });
  });

  it('renders a new member (s3:ObjectTagging:Put) and refuses it overlapping s3:ObjectTagging:*', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new Bucket(stack, 'B');
    bucket.addEventNotification(EventType.OBJECT_TAGGING_PUT, new LambdaDestination(fn));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { LambdaConfigurations: [Match.objectLike({ Event: 's3:ObjectTagging:Put' })] } });
    expectLambdaformError(() => bucket.addEventNotification(EventType.OBJECT_TAGGING, new LambdaDestination(fn)), 'Test/Fn/S3EventSourceB2', /^overlaps the notification Test\/Fn\/S3EventSourceB on Test\/B/);
  });
});

describe('a function that names the bucket that notifies it (write-back)', () => {
  it('works when CloudFormation names the bucket: the notifications move to a Custom::S3BucketNotifications resource (no cycle), in both formats', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'B');
    const fn = newFunction(stack, 'Fn', { environment: { BUCKET: bucket.bucketName } });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'in/' });
    for (const format of ['cfn', 'sam'] as const) {
      const t = Template.fromStack(stack, format);
      expect(findCycle(t.template)).toBeUndefined();
      t.resourceCountIs('Custom::S3BucketNotifications', 1);
    }
  });

  it('works with a fixed bucketName: the environment holds the name itself, in both formats', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'B', { bucketName: 'uploads-bucket' });
    const fn = newFunction(stack, 'Fn', { environment: { BUCKET: bucket.bucketName } });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'in/' });
    bucket.grantReadWrite(fn);
    const cfn = Template.fromStack(stack);
    cfn.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { BUCKET: 'uploads-bucket' } } });
    expect(findCycle(cfn.template)).toBeUndefined();
    expect(findCycle(Template.fromStack(stack, 'sam').template)).toBeUndefined();
  });
});

describe.each(['cfn', 'sam'] as const)('Bucket data props (%s)', (format) => {
  /** The one AWS::S3::Bucket resource (with its policies) of a stack with one bucket `B`. */
  const bucketResource = (props: ConstructorParameters<typeof Bucket>[2]) => {
    const stack = newStack();
    new Bucket(stack, 'B', props);
    return Template.fromStack(stack, format);
  };

  it('blocks all public access and is retained by default, as before', () => {
    const template = bucketResource({});
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectEquals({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
  });

  it('writes RemovalPolicy.DESTROY as Delete', () => {
    bucketResource({ removalPolicy: RemovalPolicy.DESTROY }).hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  it.each([
    ['BLOCK_ACLS_ONLY', BlockPublicAccess.BLOCK_ACLS_ONLY, { BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: false }],
    ['BLOCK_ACLS', BlockPublicAccess.BLOCK_ACLS, { BlockPublicAcls: true, IgnorePublicAcls: true }],
    ['new BlockPublicAccess', new BlockPublicAccess({ blockPublicPolicy: true }), { BlockPublicPolicy: true }],
  ])('writes blockPublicAccess %s as set', (_name, block, expected) => {
    bucketResource({ blockPublicAccess: block }).hasResourceProperties('AWS::S3::Bucket', Match.objectEquals({ PublicAccessBlockConfiguration: expected }));
  });

  it.each([
    [BucketEncryption.S3_MANAGED, 'AES256'],
    [BucketEncryption.KMS_MANAGED, 'aws:kms'],
    [BucketEncryption.DSSE_MANAGED, 'aws:kms:dsse'],
  ])('writes encryption %s as SSEAlgorithm %s', (encryption, algorithm) => {
    bucketResource({ encryption }).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: algorithm } }] },
    });
  });

  it('writes no BucketEncryption for UNENCRYPTED', () => {
    bucketResource({ encryption: BucketEncryption.UNENCRYPTED }).hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: Match.absent() });
  });

  it('writes a bucket policy denying s3:* without TLS on the bucket and its objects, as aws-cdk-lib does', () => {
    const template = bucketResource({ enforceSSL: true });
    template.resourceCountIs('AWS::S3::BucketPolicy', 1);
    const arn = { 'Fn::GetAtt': ['B', 'Arn'] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: 'B' },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      },
    }));
  });

  it('writes eventBridgeEnabled as NotificationConfiguration.EventBridgeConfiguration, beside function notifications', () => {
    const stack = newStack();
    const bucket = new Bucket(stack, 'B', { eventBridgeEnabled: true });
    bucket.addObjectCreatedNotification(new LambdaDestination(newFunction(stack, 'Fn')));
    const props = Object.values(Template.fromStack(stack, format).template.Resources).find((r) => r.Type === 'AWS::S3::Bucket')!.Properties!;
    if (format === 'cfn') {
      expect(Object.keys(props.NotificationConfiguration as object).sort()).toEqual(['EventBridgeConfiguration', 'LambdaConfigurations']);
    }
    expect((props.NotificationConfiguration as Record<string, unknown>).EventBridgeConfiguration).toEqual({ EventBridgeEnabled: true });
  });
});

describe('Bucket data props refused', () => {
  it.each([
    [BucketEncryption.KMS, 'KMS_MANAGED'],
    [BucketEncryption.DSSE, 'DSSE_MANAGED'],
  ])('refuses encryption %s, naming %s', (encryption, managed) => {
    expectLambdaformError(
      () => new Bucket(newStack(), 'B', { encryption }),
      'Test/B',
      new RegExp(`^BucketEncryption\\.${encryption} is not supported: it needs a KMS key of yours, which lambdaform does not model; use BucketEncryption\\.${managed} \\(the AWS managed key aws/s3\\) or S3_MANAGED$`),
    );
  });

  it('refuses autoDeleteObjects: true without RemovalPolicy.DESTROY, as aws-cdk-lib; accepts false', () => {
    expectLambdaformError(() => new Bucket(newStack(), 'B', { autoDeleteObjects: true }), 'Test/B', /^Cannot use 'autoDeleteObjects' property on a bucket without setting removal policy to 'DESTROY'\.$/);
    expect(() => new Bucket(newStack(), 'B', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY })).not.toThrow();
    expect(() => new Bucket(newStack(), 'B', { autoDeleteObjects: false })).not.toThrow();
  });

  it('refuses a blockPublicAccess that is not a BlockPublicAccess, and a BlockPublicAccess setting that is not a boolean', () => {
    expectLambdaformError(() => new Bucket(newStack(), 'B', { blockPublicAccess: { blockPublicAcls: true } as never }), 'Test/B', /^blockPublicAccess expects a BlockPublicAccess such as BlockPublicAccess\.BLOCK_ALL/);
    expect(() => new BlockPublicAccess({ blockPublicAcls: 'yes' as never })).toThrow(/blockPublicAcls expects true or false, got/);
  });
});

describe("Bucket: aws-cdk-lib's cors and lifecycleRules", () => {
  it('writes CorsConfiguration and LifecycleConfiguration as aws-cdk-lib does, in both formats', () => {
    const stack = newStack();
    new Bucket(stack, 'B', {
      cors: [{ allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT], allowedOrigins: ['https://example.com'], allowedHeaders: ['*'], maxAge: 3000 }],
      lifecycleRules: [
        { id: 'tmp', prefix: 'tmp/', expiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { noncurrentVersionExpiration: Duration.days(90), noncurrentVersionsToRetain: 3, enabled: false },
        { expirationDate: new Date('2030-01-01T00:00:00Z') },
      ],
    });
    for (const format of ['cfn', 'sam'] as const) {
      const props = Template.fromStack(stack, format).toJSON().Resources.B!.Properties as Record<string, unknown>;
      expect(props.CorsConfiguration).toEqual({ CorsRules: [{ AllowedHeaders: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://example.com'], MaxAge: 3000 }] });
      expect(props.LifecycleConfiguration).toEqual({
        Rules: [
          { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, ExpirationInDays: 30, Id: 'tmp', Prefix: 'tmp/', Status: 'Enabled' },
          { NoncurrentVersionExpiration: { NewerNoncurrentVersions: 3, NoncurrentDays: 90 }, Status: 'Disabled' },
          { ExpirationDate: '2030-01-01T00:00:00Z', Status: 'Enabled' },
        ],
      });
    }
  });

  it('refuses a rule with no action, a part of a day, and transitions (with the way to write them)', () => {
    const stack = newStack();
    expectLambdaformError(() => new Bucket(stack, 'Empty', { lifecycleRules: [{ prefix: 'x/' }] }), 'Test/Empty', /^All rules for `lifecycleRules` must have at least one of/);
    expectLambdaformError(() => new Bucket(stack, 'Hours', { lifecycleRules: [{ expiration: Duration.hours(36) }] }), 'Test/Hours', /^lifecycleRules\[0\]\.expiration must be a whole number of days, at least 1, got 36 hours/);
    expectLambdaformError(
      () => new Bucket(stack, 'Tr', { lifecycleRules: [{ transitions: [{ storageClass: 'GLACIER', transitionAfter: Duration.days(30) }] } as never] }),
      'Test/Tr',
      /^lifecycleRules\[0\]\.transitions \(aws-cdk-lib's LifecycleRule\.transitions\) is not supported by lambdaform: write the bucket's rules with addPropertyOverride\('LifecycleConfiguration\.Rules'/,
    );
    expectLambdaformError(() => new Bucket(stack, 'Cors', { cors: [{ allowedMethods: ['PATCH' as never], allowedOrigins: ['*'] }] }), 'Test/Cors', /allowedMethods/);
  });
});
