// A Kinesis consumer: clickstream records in batches of 500, at most 10 seconds apart.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class ClicksStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const clicks = new kinesis.Stream(this, 'Clicks', { shardCount: 2, retentionPeriod: cdk.Duration.hours(48) });
    const consumer = new lambda.Function(this, 'Consumer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
    });
    consumer.addEventSource(
      new sources.KinesisEventSource(clicks, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 500,
        maxBatchingWindow: cdk.Duration.seconds(10),
      }),
    );
  }
}

const app = new cdk.App();
new ClicksStack(app, 'KinesisStream');
app.synth();
