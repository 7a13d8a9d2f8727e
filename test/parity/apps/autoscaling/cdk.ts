// A function with provisioned concurrency on its live alias, scaled on utilization and on a schedule.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class AutoscalingStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const fn = new lambda.Function(this, 'Api', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      memorySize: 512,
    });
    const alias = fn.addAlias('live', { provisionedConcurrentExecutions: 2 });

    const scaling = alias.addAutoScaling({ minCapacity: 2, maxCapacity: 20 });
    scaling.scaleOnUtilization({ utilizationTarget: 0.7 });
    scaling.scaleOnSchedule('Morning', {
      schedule: appscaling.Schedule.cron({ hour: '8', minute: '0' }),
      minCapacity: 10,
    });
  }
}

const app = new cdk.App();
new AutoscalingStack(app, 'Autoscaling');
app.synth();
