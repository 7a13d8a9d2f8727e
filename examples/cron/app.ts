/**
 * cron: every hour a function deletes expired sessions from a DynamoDB table. The schedule
 * invokes it asynchronously; an event that still fails after two retries (or is older than an
 * hour) goes to a failure queue instead of being lost. The handler is TypeScript
 * (handlers/prune/index.ts), bundled by esbuild when the app runs.
 *
 *   lambdaform synth --app examples/cron/app.ts              # SAM
 *   lambdaform synth --app examples/cron/app.ts --format cfn # CloudFormation
 *   npx tsc -p examples/cron/handlers                        # type-checks the handler
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, CfnOutput, Duration, Stack } from 'lambdaform';
import { AttributeType, BillingMode, Table } from 'lambdaform/aws-dynamodb';
import { Rule, Schedule } from 'lambdaform/aws-events';
import { LambdaFunction } from 'lambdaform/aws-events-targets';
import { Runtime } from 'lambdaform/aws-lambda';
import { SqsDestination } from 'lambdaform/aws-lambda-destinations';
import { NodejsFunction } from 'lambdaform/aws-lambda-nodejs';
import { Queue } from 'lambdaform/aws-sqs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const app = new App();
const stack = new Stack(app, 'Cron', { description: 'Hourly session pruning with an async failure destination', tags: { project: 'cron' } });

const sessions = new Table(stack, 'Sessions', { partitionKey: { name: 'sessionId', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
const failures = new Queue(stack, 'PruneFailures', { retentionPeriod: Duration.days(14) });

// Bundled into .lambdaform/bundles/<hash>/index.js, with the AWS SDK left to the runtime; the
// function's handler is index.handler.
const prune = new NodejsFunction(stack, 'PruneSessions', {
  entry: path.join(here, 'handlers/prune/index.ts'),
  handler: 'handler',
  runtime: Runtime.NODEJS_22_X,
  memorySize: 256,
  timeout: Duration.minutes(5),
  environment: { SESSIONS_TABLE: sessions.tableName },
  retryAttempts: 2,
  maxEventAge: Duration.hours(1),
  onFailure: new SqsDestination(failures),
});
// What the handler calls: a Scan for expired sessions and BatchWriteItem to delete them.
sessions.grant(prune, 'dynamodb:Scan', 'dynamodb:BatchWriteItem');

// The rule sits under the function (as an event source's would), so SAM writes it as the
// function's Schedule event.
new Rule(prune, 'Hourly', {
  schedule: Schedule.rate(Duration.hours(1)),
  description: 'Delete expired sessions every hour',
  targets: [new LambdaFunction(prune)],
});

new CfnOutput(stack, 'FailureQueueUrl', { value: failures.queueUrl, description: 'Failed prune runs land here' });

app.synth();
