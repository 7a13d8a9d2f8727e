/** `lambdaform/aws-apigatewayv2` (aws-cdk-lib/aws-apigatewayv2): HTTP APIs. */
export { Api, type ApiProps, type CorsOptions, type RouteOptions, type ThrottleSettings } from '../constructs/api.js';
