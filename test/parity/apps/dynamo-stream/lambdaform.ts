// A DynamoDB stream processor: changes to a table feed a function; failed batches go to a queue.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as dynamodb from 'lambdaform/aws-dynamodb';
import * as lambda from 'lambdaform/aws-lambda';
import * as sources from 'lambdaform/aws-lambda-event-sources';
import * as sqs from 'lambdaform/aws-sqs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class StreamStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const table = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const failures = new sqs.Queue(this, 'Failures');

    const projector = new lambda.Function(this, 'Projector', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      timeout: cdk.Duration.seconds(60),
    });
    projector.addEventSource(
      new sources.DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        retryAttempts: 3,
        bisectBatchOnError: true,
        onFailure: new sources.SqsDlq(failures),
      }),
    );
  }
}

const app = new cdk.App();
new StreamStack(app, 'DynamoStream');
app.synth();
