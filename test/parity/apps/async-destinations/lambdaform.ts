// A function invoked asynchronously: successes go to a queue, failures to a topic.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as lambda from 'lambdaform/aws-lambda';
import * as destinations from 'lambdaform/aws-lambda-destinations';
import * as sns from 'lambdaform/aws-sns';
import * as sqs from 'lambdaform/aws-sqs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class AsyncStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const done = new sqs.Queue(this, 'Done');
    const failed = new sns.Topic(this, 'Failed');
    new lambda.Function(this, 'Task', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      retryAttempts: 1,
      maxEventAge: cdk.Duration.hours(1),
      onSuccess: new destinations.SqsDestination(done),
      onFailure: new destinations.SnsDestination(failed),
    });
  }
}

const app = new cdk.App();
new AsyncStack(app, 'AsyncDestinations');
app.synth();
