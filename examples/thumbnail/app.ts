/**
 * thumbnail: an image uploaded under `images/` (.jpg or .png) to the uploads bucket invokes a
 * function that writes a 256-pixel thumbnail to the thumbnails bucket and the image's metadata to
 * a DynamoDB table. New versions roll out as a canary behind the `live` alias, rolled back by an
 * errors alarm; events that still fail after a retry are sent to a queue.
 *
 *   lambdaform synth --app examples/thumbnail/app.ts              # SAM
 *   lambdaform synth --app examples/thumbnail/app.ts --format cfn # CloudFormation
 *
 * The handler depends on `sharp`: run `npm ci --omit=dev` in handlers/thumbnail before
 * packaging (`sam build` does it for you from package.json).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, CfnOutput, Duration, Stack } from 'lambdaform';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData } from 'lambdaform/aws-cloudwatch';
import { AttributeType, BillingMode, Table } from 'lambdaform/aws-dynamodb';
import { PolicyStatement } from 'lambdaform/aws-iam';
import { Code, DeploymentPreference, Function, Runtime } from 'lambdaform/aws-lambda';
import { SqsDestination } from 'lambdaform/aws-lambda-destinations';
import { S3EventSource } from 'lambdaform/aws-lambda-event-sources';
import { Bucket, EventType } from 'lambdaform/aws-s3';
import { Queue } from 'lambdaform/aws-sqs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const app = new App();
const stack = new Stack(app, 'Thumbnail', {
  description: 'S3 uploads -> thumbnail function -> thumbnails bucket + metadata table',
  tags: { project: 'thumbnail' },
});

const uploads = new Bucket(stack, 'Uploads');
const thumbnails = new Bucket(stack, 'Thumbnails');
const metadata = new Table(stack, 'ImageMetadata', { partitionKey: { name: 'key', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
const failed = new Queue(stack, 'FailedThumbnails', { retentionPeriod: Duration.days(14) });

const fn = new Function(stack, 'MakeThumbnail', {
  runtime: Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: Code.fromAsset(path.join(here, 'handlers/thumbnail'), { exclude: ['node_modules/.cache'] }),
  memorySize: 1024,
  timeout: Duration.seconds(30),
  environment: {
    THUMBNAIL_BUCKET: thumbnails.bucketName,
    METADATA_TABLE: metadata.tableName,
    THUMBNAIL_WIDTH: '256',
  },
  retryAttempts: 1,
  maxEventAge: Duration.hours(1),
  onFailure: new SqsDestination(failed),
});
// Exactly what the handler calls: GetObject on uploads under images/, PutObject on thumbnails
// under thumbnails/, PutItem on the metadata table.
fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [uploads.arnForObjects('images/*')] }));
thumbnails.grantPut(fn, 'thumbnails/*');
metadata.grant(fn, 'dynamodb:PutItem');

// Errors of the live alias roll a deployment back.
const errors = new Alarm(stack, 'ThumbnailErrors', {
  alarmDescription: 'Thumbnail function errors during a deployment',
  metric: new Metric({
    namespace: 'AWS/Lambda',
    metricName: 'Errors',
    dimensionsMap: { FunctionName: fn.functionName, Resource: `${fn.functionName}:live` },
    statistic: Stats.SUM,
    period: Duration.minutes(1),
  }),
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: TreatMissingData.NOT_BREACHING,
});

const live = fn.deploy({
  alias: 'live',
  preference: DeploymentPreference.canary10Percent5Minutes(),
  alarms: [errors],
});

// Two notifications with disjoint suffixes: S3 refuses overlapping ones.
live.addEventSource(new S3EventSource(uploads, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'images/', suffix: '.jpg' }] }));
live.addEventSource(new S3EventSource(uploads, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'images/', suffix: '.png' }] }));

new CfnOutput(stack, 'UploadsBucketName', { value: uploads.bucketName });
new CfnOutput(stack, 'ThumbnailsBucketName', { value: thumbnails.bucketName });

app.synth();
