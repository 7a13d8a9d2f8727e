// Removal policies: what is kept and what is deleted when the stack goes.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as dynamodb from 'lambdaform/aws-dynamodb';
import * as lambda from 'lambdaform/aws-lambda';
import * as s3 from 'lambdaform/aws-s3';
import * as sqs from 'lambdaform/aws-sqs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class DataStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const customers = new dynamodb.Table(this, 'Customers', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const scratch = new s3.Bucket(this, 'Scratch', { removalPolicy: cdk.RemovalPolicy.DESTROY });
    const archive = new s3.Bucket(this, 'Archive', { versioned: true });
    const inbox = new sqs.Queue(this, 'Inbox');
    inbox.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);

    const exporter = new lambda.Function(this, 'Exporter', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      environment: { ARCHIVE: archive.bucketName, SCRATCH: scratch.bucketName },
    });
    customers.grantReadData(exporter);
    archive.grantWrite(exporter);
    inbox.grantConsumeMessages(exporter);
  }
}

const app = new cdk.App();
new DataStack(app, 'RemovalPolicies');
app.synth();
