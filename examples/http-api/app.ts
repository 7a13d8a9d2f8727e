/**
 * http-api: an HTTP API whose routes invoke three functions through their `live` aliases. The
 * functions share a layer (response helpers and validation) and a DynamoDB table.
 *
 *   lambdaform synth --app examples/http-api/app.ts --format cfn
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, CfnOutput, Duration, Stack } from 'lambdaform';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'lambdaform/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'lambdaform/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'lambdaform/aws-dynamodb';
import { Architecture, Code, Function, LayerVersion, Runtime, Tracing } from 'lambdaform/aws-lambda';

const here = path.dirname(fileURLToPath(import.meta.url));

export const app = new App();
const stack = new Stack(app, 'HttpApi', {
  description: 'Items HTTP API: routes to functions through live aliases, with a shared layer',
  tags: { project: 'http-api' },
});

const table = new Table(stack, 'Items', { partitionKey: { name: 'id', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });

const shared = new LayerVersion(stack, 'Shared', {
  code: Code.fromAsset(path.join(here, 'layers/shared')),
  compatibleRuntimes: [Runtime.NODEJS_22_X, Runtime.NODEJS_24_X],
  compatibleArchitectures: [Architecture.ARM_64],
  description: 'Response helpers and item validation',
  license: 'Apache-2.0',
});

const code = Code.fromAsset(path.join(here, 'handlers/items'));
const common = {
  runtime: Runtime.NODEJS_22_X,
  code,
  architecture: Architecture.ARM_64,
  memorySize: 512,
  timeout: Duration.seconds(10),
  tracing: Tracing.ACTIVE,
  layers: [shared],
  environment: { TABLE_NAME: table.tableName },
};

const list = new Function(stack, 'ListItems', { ...common, handler: 'list.handler', description: 'GET /items' });
const get = new Function(stack, 'GetItem', { ...common, handler: 'get.handler', description: 'GET /items/{id}' });
const create = new Function(stack, 'CreateItem', { ...common, handler: 'create.handler', description: 'POST /items' });
// Each function may call exactly what its handler calls (least privilege).
table.grant(list, 'dynamodb:Scan');
table.grant(get, 'dynamodb:GetItem');
table.grant(create, 'dynamodb:PutItem');

const api = new HttpApi(stack, 'Api', {
  corsPreflight: { allowOrigins: ['https://app.example.com'], allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST], allowHeaders: ['content-type'], maxAge: Duration.hours(1) },
  throttle: { rateLimit: 100, burstLimit: 50 },
});
api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('ListItems', list.addAlias('live')) });
api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('GetItem', get.addAlias('live')) });
api.addRoutes({ path: '/items', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('CreateItem', create.addAlias('live'), { timeout: Duration.seconds(10) }) });

new CfnOutput(stack, 'ApiUrl', { value: api.url!, description: 'Base URL of the API' });

app.synth();
