/**
 * A small AWS CDK app (dev only). `npm run fixture` synthesizes it and copies the template to
 * test/fixtures/templates/cdk-sample.template.json, a real `cdk synth` output that `lambdaform lint`
 * must read like any other CloudFormation template. See README.md.
 *
 * - Jobs: an SQS queue with a dead-letter queue (maxReceiveCount 5, visibility 6 x the worker's timeout);
 * - Events: an SNS topic that fans out to the Jobs queue (SNS -> SQS subscription);
 * - Worker: a function reading Jobs (SqsEventSource, ReportBatchItemFailures) and writing to the table;
 * - Uploads: an S3 bucket whose notification (prefix incoming/) invokes Ingest, which has an on-failure destination;
 * - Table: a DynamoDB table with a stream read by Changes (bounded retries, on-failure queue).
 */
import { App, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

class SampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const code = lambda.Code.fromAsset(new URL('./handlers', import.meta.url).pathname);
    const runtime = lambda.Runtime.NODEJS_24_X;

    // Jobs queue and its dead-letter queue.
    const jobsDlq = new sqs.Queue(this, 'JobsDlq', { retentionPeriod: Duration.days(14) });
    const jobs = new sqs.Queue(this, 'Jobs', {
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: jobsDlq, maxReceiveCount: 5 },
    });

    // Events topic fanning out to the Jobs queue.
    const events = new sns.Topic(this, 'Events');
    events.addSubscription(new subscriptions.SqsSubscription(jobs));

    // DynamoDB table with a stream.
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Worker: reads Jobs, writes to the table.
    const worker = new lambda.Function(this, 'Worker', {
      runtime,
      code,
      handler: 'index.worker',
      timeout: Duration.seconds(30),
      memorySize: 512,
      environment: { TABLE_NAME: table.tableName },
    });
    worker.addEventSource(new sources.SqsEventSource(jobs, { batchSize: 10, reportBatchItemFailures: true }));
    table.grantWriteData(worker);

    // Uploads bucket notifying Ingest of new objects under incoming/.
    const ingestFailures = new sqs.Queue(this, 'IngestFailures', { retentionPeriod: Duration.days(14) });
    const ingest = new lambda.Function(this, 'Ingest', {
      runtime,
      code,
      handler: 'index.ingest',
      timeout: Duration.seconds(60),
      memorySize: 256,
      onFailure: new destinations.SqsDestination(ingestFailures),
    });
    const uploads = new s3.Bucket(this, 'Uploads', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(ingest), { prefix: 'incoming/' });
    uploads.grantRead(ingest);

    // Changes: reads the table's stream, bounded retries, failed batches to a queue.
    const changeFailures = new sqs.Queue(this, 'ChangeFailures', { retentionPeriod: Duration.days(14) });
    const changes = new lambda.Function(this, 'Changes', {
      runtime,
      code,
      handler: 'index.changes',
      timeout: Duration.seconds(20),
    });
    changes.addEventSource(
      new sources.DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        retryAttempts: 3,
        bisectBatchOnError: true,
        onFailure: new sources.SqsDlq(changeFailures),
      }),
    );
  }
}

// What the cdk CLI turns on for `cdk synth`: path and asset metadata on resources, and the CDKMetadata resource.
const app = new App({
  analyticsReporting: true,
  context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
});
new SampleStack(app, 'LambdaformCdkSample', { description: 'lambdaform fixture: a small CDK app (dev/cdk-sample)' });
app.synth();
