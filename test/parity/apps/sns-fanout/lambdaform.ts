// SNS fan-out: one topic, two queues; a function consumes the orders queue.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'lambdaform';
import * as lambda from 'lambdaform/aws-lambda';
import * as sources from 'lambdaform/aws-lambda-event-sources';
import * as sns from 'lambdaform/aws-sns';
import * as subs from 'lambdaform/aws-sns-subscriptions';
import * as sqs from 'lambdaform/aws-sqs';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class FanoutStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const topic = new sns.Topic(this, 'Events', { displayName: 'Order events' });
    const orders = new sqs.Queue(this, 'Orders', { visibilityTimeout: cdk.Duration.seconds(60) });
    const audit = new sqs.Queue(this, 'Audit');
    topic.addSubscription(new subs.SqsSubscription(orders, { rawMessageDelivery: true }));
    topic.addSubscription(new subs.SqsSubscription(audit));

    const processor = new lambda.Function(this, 'Processor', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      timeout: cdk.Duration.seconds(20),
    });
    processor.addEventSource(new sources.SqsEventSource(orders, { batchSize: 5 }));
  }
}

const app = new cdk.App();
new FanoutStack(app, 'SnsFanout');
app.synth();
