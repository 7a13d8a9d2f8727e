// An SQS worker: jobs are processed in batches, a failing job goes to a dead-letter queue after 5 receives.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as lambda from 'lambdaform/aws-lambda';
import * as sources from 'lambdaform/aws-lambda-event-sources';
import * as sqs from 'lambdaform/aws-sqs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class WorkerStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const dlq = new sqs.Queue(this, 'JobsDlq', { retentionPeriod: cdk.Duration.days(14) });
    const jobs = new sqs.Queue(this, 'Jobs', {
      visibilityTimeout: cdk.Duration.seconds(180),
      deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
    });

    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      timeout: cdk.Duration.seconds(30),
      memorySize: 256,
      environment: { STAGE: 'prod' },
    });
    worker.addEventSource(new sources.SqsEventSource(jobs, { batchSize: 10, reportBatchItemFailures: true }));

    new cdk.CfnOutput(this, 'JobsQueueUrl', { value: jobs.queueUrl });
  }
}

const app = new cdk.App();
new WorkerStack(app, 'SqsWorker');
app.synth();
