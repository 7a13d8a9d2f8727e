import type { Duration } from '../core/duration.js';
import { LambdaformError, throwProblems } from '../core/errors.js';
import { checkProps, describeValue, P, type Fields } from '../core/props.js';
import { LIMITS, rangeMessage } from '../model/defaults.js';
import type { IFunction } from './function-base.js';
import { HttpRouteIntegration, PayloadFormatVersion, unsupportedProps, type RouteIntegrationConfig } from './http-api.js';

/** Properties of an `HttpLambdaIntegration`. */
export interface HttpLambdaIntegrationProps {
  /**
   * The event format the function receives.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
   * @default PayloadFormatVersion.VERSION_2_0
   */
  readonly payloadFormatVersion?: PayloadFormatVersion;
  /**
   * How long API Gateway waits for the function, 50 ms to 30 s in whole milliseconds (HTTP APIs'
   * limit; aws-cdk-lib checks 29 s); past it the client gets a 504.
   * @default not set: API Gateway's 30 seconds
   */
  readonly timeout?: Duration;
}

const FIELDS: Fields = {
  payloadFormatVersion: P.instance('PayloadFormatVersion', (v) => v instanceof PayloadFormatVersion, { example: 'PayloadFormatVersion.VERSION_1_0' }),
  timeout: P.duration({ example: 'Duration.seconds(10)' }),
};

const UNSUPPORTED = { parameterMapping: 'lambdaform does not model parameter mappings: the function receives the request unmodified' };

/**
 * A Lambda proxy integration (aws-cdk-lib's `HttpLambdaIntegration`): routes given it invoke
 * `handler` (a function, version or alias). Each route gets its own
 * `AWS::ApiGatewayV2::Integration` (`AWS_PROXY`, the function's ARN) and an
 * `AWS::Lambda::Permission` for API Gateway on that route's method and path only.
 */
export class HttpLambdaIntegration extends HttpRouteIntegration {
  private readonly handler: IFunction;
  private readonly props: HttpLambdaIntegrationProps;

  /**
   * @param id id of the integration
   * @param handler the function, version or alias the routes invoke
   * @param props the integration's settings
   */
  constructor(id: string, handler: IFunction, props: HttpLambdaIntegrationProps = {}) {
    super(id);
    this.handler = handler;
    this.props = props;
  }

  /** @internal */
  public override _bindRoute(path: string, route: string): RouteIntegrationConfig {
    const id = this._integrationId;
    if (typeof id !== 'string' || id === '') throw new LambdaformError(path, `${route}: the HttpLambdaIntegration id must be a non-empty string, got ${describeValue(id)}`, 'wrong-type');
    const h = this.handler as unknown;
    if (typeof h !== 'object' || h === null || !('functionArn' in h)) {
      throw new LambdaformError(path, `${route}: the handler of HttpLambdaIntegration '${id}' must be a Function, Version or Alias, got ${describeValue(h)}`, 'wrong-type');
    }
    const { problems, rest } = unsupportedProps(path, this.props, UNSUPPORTED);
    problems.push(...checkProps(path, 'HttpLambdaIntegrationProps', FIELDS, rest));
    throwProblems(path, problems.map((p) => ({ ...p, message: `${route}: ${p.message}` })));
    const props = this.props ?? {};
    const version = props.payloadFormatVersion?.version ?? '2.0';
    if (version !== '1.0' && version !== '2.0') {
      throw new LambdaformError(path, `${route}: payloadFormatVersion must be PayloadFormatVersion.VERSION_1_0 or VERSION_2_0 (API Gateway's only formats), got '${version}'`, 'invalid-format');
    }
    const ms = props.timeout?.toMilliseconds();
    const limit = LIMITS.api.integrationTimeout;
    if (ms !== undefined && !Number.isInteger(ms)) throw new LambdaformError(path, `${route} timeout must be a whole number of milliseconds, got ${props.timeout!.toHumanString()}`, 'not-an-integer');
    if (ms !== undefined && (ms < limit.min || ms > limit.max)) throw new LambdaformError(path, rangeMessage(`${route} timeout`, limit, ms), 'out-of-range');
    return { target: this.handler, payloadFormatVersion: version, timeoutMillis: ms };
  }
}
