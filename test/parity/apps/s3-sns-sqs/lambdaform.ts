// Uploads fan out through SNS to a queue a function consumes; a second function, notified by the
// bucket directly, writes results back into the same bucket (its name in the environment).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as lambda from 'lambdaform/aws-lambda';
import * as sources from 'lambdaform/aws-lambda-event-sources';
import * as s3 from 'lambdaform/aws-s3';
import * as s3n from 'lambdaform/aws-s3-notifications';
import * as sns from 'lambdaform/aws-sns';
import * as subs from 'lambdaform/aws-sns-subscriptions';
import * as sqs from 'lambdaform/aws-sqs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class UploadFanoutStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const uploads = new s3.Bucket(this, 'Uploads', { removalPolicy: cdk.RemovalPolicy.DESTROY, autoDeleteObjects: true });
    const events = new sns.Topic(this, 'UploadEvents');
    const work = new sqs.Queue(this, 'Work', { visibilityTimeout: cdk.Duration.seconds(60) });
    events.addSubscription(new subs.SqsSubscription(work));
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SnsDestination(events), { prefix: 'incoming/' });
    const removals = new sqs.Queue(this, 'Removals');
    uploads.addObjectRemovedNotification(new s3n.SqsDestination(removals));

    const indexer = new lambda.Function(this, 'Indexer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      timeout: cdk.Duration.seconds(30),
    });
    indexer.addEventSource(new sources.SqsEventSource(work, { batchSize: 10 }));

    const writer = new lambda.Function(this, 'Writer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'writer')),
      timeout: cdk.Duration.seconds(30),
      environment: { BUCKET: uploads.bucketName },
    });
    uploads.grantReadWrite(writer);
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(writer), { prefix: 'raw/' });
  }
}

const app = new cdk.App();
new UploadFanoutStack(app, 'S3SnsSqs');
app.synth();
