// Bucket: S3 notifications to functions (configuration, permission, ordering), the deterministic
// name that breaks the notification dependency cycle, overlap checks, grants and validation.
import { describe, expect, it } from 'vitest';
import { Bucket, EventType, S3EventSource } from '../../lib/all.js';
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
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/', suffix: '.jpg' }));

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
      first: { events: [EventType.OBJECT_CREATED], prefix: 'in/' },
      second: { events: [EventType.OBJECT_CREATED], prefix: 'in/' },
      shared: 's3:ObjectCreated:*',
    },
    {
      name: "'s3:ObjectCreated:*' under 'a/' and 's3:ObjectCreated:Put' under 'a/b/'",
      first: { events: [EventType.OBJECT_CREATED], prefix: 'a/' },
      second: { events: [EventType.OBJECT_CREATED_PUT], prefix: 'a/b/' },
      shared: 's3:ObjectCreated:Put',
    },
    {
      name: 'no filter and any filter',
      first: { events: [EventType.OBJECT_REMOVED] },
      second: { events: [EventType.OBJECT_REMOVED_DELETE], prefix: 'logs/', suffix: '.gz' },
      shared: 's3:ObjectRemoved:Delete',
    },
    {
      name: 'same prefix, one suffix ending the other',
      first: { events: [EventType.OBJECT_CREATED], suffix: '.jpg' },
      second: { events: [EventType.OBJECT_CREATED], suffix: 'thumb.jpg' },
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
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/' }));

    // THEN
    expectLambdaformError(
      () => fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/' })),
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
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/', suffix: '.jpg' }));
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/', suffix: '.png' }));

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
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'in/' }));
    other.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_REMOVED], prefix: 'in/' }));

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
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'a/' }));
    fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], prefix: 'b/' }));

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
      () => fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED, EventType.OBJECT_CREATED_PUT], prefix: 'in/' })),
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
