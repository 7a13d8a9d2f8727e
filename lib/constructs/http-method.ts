/**
 * Names of aws-cdk-lib/aws-apigatewayv2 that other CDK modules use too (`HttpMethod` in aws-lambda,
 * `ThrottleSettings` in aws-apigateway): exported only from `lambdaform/aws-apigatewayv2`, never
 * from the flat barrel (lib/constructs/index.ts).
 */

/** HTTP methods of an HTTP API route (aws-cdk-lib's `HttpMethod` of aws-apigatewayv2). */
export enum HttpMethod {
  /** Any method: the route answers every method (`ANY /path`). */
  ANY = 'ANY',
  /** HTTP DELETE */
  DELETE = 'DELETE',
  /** HTTP GET */
  GET = 'GET',
  /** HTTP HEAD */
  HEAD = 'HEAD',
  /** HTTP OPTIONS */
  OPTIONS = 'OPTIONS',
  /** HTTP PATCH */
  PATCH = 'PATCH',
  /** HTTP POST */
  POST = 'POST',
  /** HTTP PUT */
  PUT = 'PUT',
}

/** Throttling of a stage's routes (the stage's `DefaultRouteSettings`). */
export interface ThrottleSettings {
  /** Steady-state requests per second, at least 0. @default the account-level quota (10,000 requests per second) */
  readonly rateLimit?: number;
  /** Burst capacity in requests, a whole number at least 0. @default the account-level quota (5,000 requests) */
  readonly burstLimit?: number;
}
