// An S3-triggered function: every upload under uploads/ is processed and the result written back.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class UploadsStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const uploads = new s3.Bucket(this, 'Uploads');
    const processor = new lambda.Function(this, 'OnUpload', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      memorySize: 1024,
      timeout: cdk.Duration.seconds(30),
    });
    uploads.grantRead(processor);
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(processor), { prefix: 'uploads/' });
  }
}

const app = new cdk.App();
new UploadsStack(app, 'S3Trigger');
app.synth();
