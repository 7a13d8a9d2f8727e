// A function configured at deploy time: a stage (one of three) and a batch size (a bounded number).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as lambda from 'lambdaform/aws-lambda';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class ParametersStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const stage = new cdk.CfnParameter(this, 'Stage', {
      type: 'String',
      allowedValues: ['dev', 'staging', 'prod'],
      default: 'dev',
      description: 'The deployment stage',
    });
    const batchSize = new cdk.CfnParameter(this, 'BatchSize', {
      type: 'Number',
      minValue: 1,
      maxValue: 100,
      default: 10,
    });

    const fn = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      environment: {
        STAGE: stage.valueAsString,
        BATCH_SIZE: cdk.Token.asString(batchSize.valueAsNumber),
      },
    });

    new cdk.CfnOutput(this, 'WorkerStage', { value: stage.valueAsString });
    new cdk.CfnOutput(this, 'WorkerBatchSize', { value: cdk.Token.asString(batchSize.valueAsNumber) });
    new cdk.CfnOutput(this, 'WorkerName', { value: fn.functionName });
  }
}

const app = new cdk.App();
new ParametersStack(app, 'Parameters');
app.synth();
