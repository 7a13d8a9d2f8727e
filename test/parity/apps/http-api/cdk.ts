// An HTTP API: two routes, each backed by a function, reading and writing one table.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

const here = path.dirname(fileURLToPath(import.meta.url));

class ItemsApiStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const table = new dynamodb.Table(this, 'Items', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });

    const common = {
      runtime: lambda.Runtime.NODEJS_22_X,
      code: lambda.Code.fromAsset(path.join(here, 'handler')),
      environment: { TABLE_NAME: table.tableName },
    };
    const listItems = new lambda.Function(this, 'ListItems', { ...common, handler: 'index.handler' });
    const createItem = new lambda.Function(this, 'CreateItem', { ...common, handler: 'index.handler', memorySize: 512 });
    table.grantReadData(listItems);
    table.grantReadWriteData(createItem);

    const api = new apigwv2.HttpApi(this, 'ItemsApi');
    api.addRoutes({
      path: '/items',
      methods: [apigwv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('ListItemsIntegration', listItems),
    });
    api.addRoutes({
      path: '/items',
      methods: [apigwv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('CreateItemIntegration', createItem),
    });

    new cdk.CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
  }
}

const app = new cdk.App();
new ItemsApiStack(app, 'HttpApi');
app.synth();
