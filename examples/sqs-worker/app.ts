/**
 * sqs-worker: a queue of jobs processed by a function, with a dead-letter queue on the queue and
 * partial batch responses, so one bad message does not send its whole batch back. The handler is
 * TypeScript (handlers/worker/index.ts), bundled by esbuild when the app runs.
 *
 *   lambdaform synth --app examples/sqs-worker/app.ts --format cfn
 *   npx tsc -p examples/sqs-worker/handlers   # type-checks the handler
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, CfnOutput, Duration, Stack } from 'lambdaform';
import { Runtime } from 'lambdaform/aws-lambda';
import { SqsEventSource } from 'lambdaform/aws-lambda-event-sources';
import { NodejsFunction } from 'lambdaform/aws-lambda-nodejs';
import { Queue } from 'lambdaform/aws-sqs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const app = new App();
const stack = new Stack(app, 'SqsWorker', {
  description: 'Jobs queue processed by a worker function with partial batch responses',
  tags: { project: 'sqs-worker' },
});

// Messages that fail 5 receives move here and stay for 14 days for inspection and redrive.
const deadLetters = new Queue(stack, 'JobsDlq', { retentionPeriod: Duration.days(14) });

const jobs = new Queue(stack, 'Jobs', {
  // 6 x the function timeout, as AWS recommends, so a slow batch is not delivered twice.
  visibilityTimeout: Duration.seconds(180),
  deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
});

// Bundled into .lambdaform/bundles/<hash>/index.js (the AWS SDK is left to the runtime); the
// function's handler is index.handler.
const worker = new NodejsFunction(stack, 'Worker', {
  entry: path.join(here, 'handlers/worker/index.ts'),
  handler: 'handler',
  runtime: Runtime.NODEJS_22_X,
  memorySize: 256,
  timeout: Duration.seconds(30),
  environment: { MAX_ITEMS_PER_JOB: '500', LOG_LEVEL: 'info' },
});

worker.addEventSource(
  new SqsEventSource(jobs, {
    batchSize: 10,
    reportBatchItemFailures: true,
    maxConcurrency: 10,
  }),
);

new CfnOutput(stack, 'JobsQueueUrl', { value: jobs.queueUrl, description: 'Send jobs here' });
new CfnOutput(stack, 'DeadLetterQueueUrl', { value: deadLetters.queueUrl });

app.synth();
