/** `lambdaform/aws-apigatewayv2-integrations` (aws-cdk-lib/aws-apigatewayv2-integrations): the Lambda proxy integration of HTTP API routes. */
import '../constructs/cdk-unsupported-methods.js';
export { HttpLambdaIntegration, type HttpLambdaIntegrationProps } from '../constructs/http-lambda-integration.js';
