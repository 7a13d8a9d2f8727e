// A scheduled function: a nightly report (cron) and an hourly cleanup (rate).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class ScheduledStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const report = new lambda.Function(this, 'Report', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      timeout: cdk.Duration.minutes(5),
    });
    const cleanup = new lambda.Function(this, 'Cleanup', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
    });

    new events.Rule(this, 'Nightly', {
      schedule: events.Schedule.cron({ minute: '0', hour: '2' }),
      targets: [new targets.LambdaFunction(report)],
    });
    const hourly = new events.Rule(this, 'Hourly', {
      schedule: events.Schedule.rate(cdk.Duration.hours(1)),
      description: 'Removes expired sessions',
    });
    hourly.addTarget(new targets.LambdaFunction(cleanup, { retryAttempts: 2 }));
  }
}

const app = new cdk.App();
new ScheduledStack(app, 'Scheduled');
app.synth();
