// A NodejsFunction: a TypeScript handler bundled by esbuild.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class GreeterStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    new nodejs.NodejsFunction(this, 'Greeter', {
      entry: path.join(here, 'handler.ts'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: cdk.Duration.seconds(10),
      environment: { GREETING: 'hello' },
    });
  }
}

const app = new cdk.App();
new GreeterStack(app, 'NodejsFunction');
app.synth();
