/** `lambdaform/aws-apigatewayv2` (aws-cdk-lib/aws-apigatewayv2): HTTP APIs, their stage and routes. */
import '../constructs/cdk-unsupported-methods.js';
export {
  HttpApi,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  HttpRouteIntegration,
  PayloadFormatVersion,
  CorsHttpMethod,
  type IHttpApi,
  type HttpApiProps,
  type CorsPreflightOptions,
  type AddRoutesOptions,
  type BatchHttpRouteOptions,
  type HttpRouteProps,
  type HttpStageOptions,
  type HttpStageProps,
} from '../constructs/http-api.js';
export { HttpMethod, type ThrottleSettings } from '../constructs/http-method.js';
