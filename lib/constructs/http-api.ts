import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import { capId, cdkLogicalId, logicalIdStyle, pascal, pathBelow } from '../core/logical-id.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, describeValue, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { Stack } from '../core/stack.js';
import { recordSource, type SourceLocation } from '../core/source.js';
import { Aws, Token } from '../core/tokens.js';
import { LIMITS } from '../model/defaults.js';
import type { IFunction } from './function-base.js';
import { HttpMethod, type ThrottleSettings } from './http-method.js';

/** CORS methods (aws-cdk-lib's `CorsHttpMethod`): `ANY` is `*`. */
export enum CorsHttpMethod {
  /** Every method (`*`). */
  ANY = '*',
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

/** CORS of an HTTP API: API Gateway answers the OPTIONS preflight requests itself. */
export interface CorsPreflightOptions {
  /**
   * Allowed origins (`https://example.com`, or `*`). lambdaform requires at least one: without
   * one API Gateway allows no cross-origin request (leave out `corsPreflight` for no CORS).
   * @default none (refused)
   */
  readonly allowOrigins?: readonly string[];
  /** Allowed methods (`CorsHttpMethod.ANY` for all). @default none: no `Access-Control-Allow-Methods` */
  readonly allowMethods?: readonly CorsHttpMethod[];
  /** Allowed request headers. @default none */
  readonly allowHeaders?: readonly string[];
  /** Response headers exposed to the browser. @default none */
  readonly exposeHeaders?: readonly string[];
  /** Allow credentials (cookies); not with the origin `*`. @default false */
  readonly allowCredentials?: boolean;
  /** How long browsers cache the preflight answer, 0-86,400 whole seconds. @default not set (the browser's default) */
  readonly maxAge?: Duration;
}

/**
 * The payload format of a Lambda proxy integration (aws-cdk-lib's `PayloadFormatVersion`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export class PayloadFormatVersion {
  /** Version 1.0: the REST API's event shape. */
  public static readonly VERSION_1_0 = new PayloadFormatVersion('1.0');
  /** Version 2.0. */
  public static readonly VERSION_2_0 = new PayloadFormatVersion('2.0');

  /**
   * A version by its string. API Gateway has only '1.0' and '2.0': any other is refused when the
   * integration is added to a route.
   */
  public static custom(version: string): PayloadFormatVersion {
    return new PayloadFormatVersion(version);
  }

  /** The version as a string ('1.0', '2.0'). */
  public readonly version: string;

  private constructor(version: string) {
    this.version = version;
  }
}

/** @internal What an integration makes of a route: a Lambda proxy integration's settings. */
export interface RouteIntegrationConfig {
  readonly target: IFunction;
  readonly payloadFormatVersion: '1.0' | '2.0';
  readonly timeoutMillis: number | undefined;
}

/**
 * The integration of a route (aws-cdk-lib's `HttpRouteIntegration`). lambdaform models Lambda
 * proxy integrations: use `HttpLambdaIntegration` (`lambdaform/aws-apigatewayv2-integrations`).
 */
export abstract class HttpRouteIntegration {
  /** @internal The id given at construction (aws-cdk-lib names the integration construct with it). */
  protected readonly _integrationId: string;

  /** @param id id of the integration */
  constructor(id: string) {
    this._integrationId = id;
  }

  /** @internal The id given at construction. */
  public get _id(): string {
    return this._integrationId;
  }

  /**
   * @internal The integration's settings for one route; `path` is the API's construct path and
   * `route` names the route (`route 'GET /items'`) for messages.
   */
  public _bindRoute(path: string, route: string): RouteIntegrationConfig {
    throw new LambdaformError(
      path,
      `${route}: ${describeValue(this)} is not supported: lambdaform models Lambda proxy integrations only (HttpLambdaIntegration from lambdaform/aws-apigatewayv2-integrations)`,
      'unsupported-integration',
    );
  }
}

/** A route key: a method and a path, or the catch-all `$default` (aws-cdk-lib's `HttpRouteKey`). */
export class HttpRouteKey {
  /** The catch-all route: requests no other route matches. */
  public static readonly DEFAULT = new HttpRouteKey(HttpMethod.ANY, undefined);

  /**
   * The route of a method and a path (checked when the route is made: it starts with '/', has
   * segments, `{param}` or a final `{proxy+}`).
   * @param method @default HttpMethod.ANY
   */
  public static with(path: string, method?: HttpMethod): HttpRouteKey {
    return new HttpRouteKey(method ?? HttpMethod.ANY, path);
  }

  /** The method. */
  public readonly method: HttpMethod;
  /** The key as API Gateway names it: `GET /items`, or `$default`. */
  public readonly key: string;
  /** The path; undefined for `DEFAULT`. */
  public readonly path?: string;

  private constructor(method: HttpMethod, path: string | undefined) {
    this.method = method;
    this.path = path;
    this.key = path === undefined ? '$default' : `${method} ${path}`;
  }
}

/** What every HTTP API has (aws-cdk-lib's `IHttpApi`, the attributes lambdaform models). */
export interface IHttpApi {
  /** The API id (token). */
  readonly apiId: string;
  /** The API id (token); the same as `apiId`. */
  readonly httpApiId: string;
  /** The default endpoint, `https://{id}.execute-api.{region}.amazonaws.com` (token). */
  readonly apiEndpoint: string;
  /**
   * The `execute-api` ARN of a method, path and stage (IAM policies).
   * @param method @default '*' (`ANY` is `*`)
   * @param path @default '/*'
   * @param stage @default '*'
   */
  arnForExecuteApi(method?: string, path?: string, stage?: string): string;
}

/** Properties of an `HttpApi`. */
export interface HttpApiProps {
  /** API name, 1-128 characters. @default the construct id */
  readonly apiName?: string;
  /** Description, at most 1,024 characters. @default none */
  readonly description?: string;
  /** CORS: API Gateway answers preflight requests. @default CORS disabled */
  readonly corsPreflight?: CorsPreflightOptions;
  /** The integration of the catch-all route (`$default`). @default none */
  readonly defaultIntegration?: HttpRouteIntegration;
  /**
   * Whether to create the `$default` stage (auto-deployed). lambdaform models one stage per API:
   * with `false`, add exactly one with `addStage`.
   * @default true
   */
  readonly createDefaultStage?: boolean;
  /**
   * Throttling of the default stage's routes (its `DefaultRouteSettings`). A lambdaform addition:
   * aws-cdk-lib sets it on an `HttpStage` only (`addStage(id, { throttle })`, which lambdaform
   * has too). Not with `createDefaultStage: false`.
   * @default the account-level quota (10,000 requests per second, burst 5,000)
   */
  readonly throttle?: ThrottleSettings;
}

/** Options shared by routes made at once (aws-cdk-lib's `BatchHttpRouteOptions`). */
export interface BatchHttpRouteOptions {
  /** The integration of the routes. */
  readonly integration: HttpRouteIntegration;
}

/** Options of `addRoutes`. */
export interface AddRoutesOptions extends BatchHttpRouteOptions {
  /** The path: starts with '/', with segments, `{param}` or a final `{proxy+}` (`/items/{id}`). */
  readonly path: string;
  /** The methods, one route each. @default [HttpMethod.ANY] */
  readonly methods?: readonly HttpMethod[];
}

/** Properties of an `HttpRoute`. */
export interface HttpRouteProps extends BatchHttpRouteOptions {
  /** The API of the route (an `HttpApi`). */
  readonly httpApi: IHttpApi;
  /** The method and path (`HttpRouteKey.with('/items', HttpMethod.GET)`), or `HttpRouteKey.DEFAULT`. */
  readonly routeKey: HttpRouteKey;
}

/** Options of a stage (`addStage`). */
export interface HttpStageOptions {
  /** Stage name: `$default` (served at the root of the endpoint) or 1-128 letters, digits, '-' or '_'. @default '$default' */
  readonly stageName?: string;
  /**
   * Whether changes deploy automatically. lambdaform's stages always do (it makes no
   * `AWS::ApiGatewayV2::Deployment`): pass `true`; aws-cdk-lib's default, `false`, is refused.
   * @default false (refused)
   */
  readonly autoDeploy?: boolean;
  /** Throttling of the stage's routes. @default the account-level quota */
  readonly throttle?: ThrottleSettings;
}

/** Properties of an `HttpStage`. */
export interface HttpStageProps extends HttpStageOptions {
  /** The API of the stage (an `HttpApi`). */
  readonly httpApi: IHttpApi;
}

/** A prop of aws-cdk-lib lambdaform does not model, and what to do instead. */
type Unsupported = Readonly<Record<string, string>>;

const NO_AUTHORIZERS = 'lambdaform does not model authorizers: its routes have no authorization (AuthorizationType NONE)';

const HTTP_API_UNSUPPORTED: Unsupported = {
  disableExecuteApiEndpoint: "lambdaform does not model it; set it with the escape hatch api.addPropertyOverride('DisableExecuteApiEndpoint', true)",
  defaultDomainMapping: 'lambdaform does not model custom domains (AWS::ApiGatewayV2::DomainName, ApiMapping); write them with CfnResource',
  defaultAuthorizer: NO_AUTHORIZERS,
  defaultAuthorizationScopes: NO_AUTHORIZERS,
  routeSelectionExpression: "HTTP APIs select routes by '${request.method} ${request.path}' already; to write it, use api.addPropertyOverride('RouteSelectionExpression', '${request.method} ${request.path}')",
};
/** lambdaform's former names of HttpApi props, and aws-cdk-lib's. */
const HTTP_API_RENAMED: Unsupported = {
  cors: 'corsPreflight',
  throttling: 'throttle',
  stageName: "createDefaultStage: false and api.addStage('Prod', { stageName: 'prod', autoDeploy: true }) (aws-cdk-lib's HttpApi has no stageName either)",
};
const ROUTE_UNSUPPORTED: Unsupported = { authorizer: NO_AUTHORIZERS, authorizationScopes: NO_AUTHORIZERS };
const STAGE_UNSUPPORTED: Unsupported = {
  description: 'lambdaform does not model stage descriptions',
  domainMapping: 'lambdaform does not model custom domains (AWS::ApiGatewayV2::DomainName, ApiMapping); write them with CfnResource',
  detailedMetricsEnabled: 'lambdaform does not model detailed route metrics',
  accessLogSettings: 'lambdaform does not model access logs',
  stageVariables: 'lambdaform does not model stage variables',
};

/**
 * @internal The problems of props aws-cdk-lib has and lambdaform does not model (or names
 * otherwise), and the props without them, for `checkProps`.
 */
export function unsupportedProps(path: string, props: unknown, unsupported: Unsupported, renamed: Unsupported = {}): { problems: Problem[]; rest: unknown } {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return { problems: [], rest: props };
  const problems: Problem[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value !== undefined && Object.hasOwn(unsupported, key)) {
      problems.push({ code: 'unsupported-property', path, property: key, message: `${key} is not supported: ${unsupported[key]}` });
    } else if (value !== undefined && Object.hasOwn(renamed, key)) {
      problems.push({ code: 'unknown-property', path, property: key, message: `unknown property '${key}'; use ${renamed[key]}` });
    } else rest[key] = value;
  }
  return { problems, rest };
}

const THROTTLE = P.object('ThrottleSettings', { rateLimit: P.number(), burstLimit: P.number() });

const HTTP_API_PROPS: Fields = {
  apiName: P.string({ text: LIMITS.api.apiName }),
  description: P.string({ text: LIMITS.api.description }),
  corsPreflight: P.object('CorsPreflightOptions', {
    allowOrigins: P.array(P.string()),
    allowMethods: P.array(P.enumOf(CorsHttpMethod, 'CorsHttpMethod')),
    allowHeaders: P.array(P.string()),
    exposeHeaders: P.array(P.string()),
    allowCredentials: P.boolean(),
    maxAge: P.duration({ limit: LIMITS.api.corsMaxAge, example: 'Duration.hours(1)' }),
  }),
  defaultIntegration: P.instance('HttpRouteIntegration', (v) => v instanceof HttpRouteIntegration, { example: "new HttpLambdaIntegration('Default', fn)" }),
  createDefaultStage: P.boolean(),
  throttle: THROTTLE,
};

const ADD_ROUTES_OPTIONS: Fields = {
  path: P.string({ required: true }),
  methods: P.array(P.enumOf(HttpMethod, 'HttpMethod')),
  integration: P.instance('HttpRouteIntegration', (v) => v instanceof HttpRouteIntegration, { required: true, example: "new HttpLambdaIntegration('Items', fn)" }),
};

const ROUTE_PROPS: Fields = {
  httpApi: P.instance('HttpApi', (v) => v instanceof HttpApi, { required: true }),
  routeKey: P.instance('HttpRouteKey', (v) => v instanceof HttpRouteKey, { required: true, example: "HttpRouteKey.with('/items', HttpMethod.GET)" }),
  integration: P.instance('HttpRouteIntegration', (v) => v instanceof HttpRouteIntegration, { required: true, example: "new HttpLambdaIntegration('Items', fn)" }),
};

const STAGE_PROPS: Fields = {
  httpApi: P.instance('HttpApi', (v) => v instanceof HttpApi, { required: true }),
  stageName: P.string(),
  autoDeploy: P.boolean(),
  throttle: THROTTLE,
};

function throttleProblems(path: string, t: ThrottleSettings | undefined): Problem[] {
  const out: Problem[] = [];
  if (t?.rateLimit !== undefined && (!Number.isFinite(t.rateLimit) || t.rateLimit < 0)) {
    out.push({ code: 'out-of-range', path, property: 'throttle.rateLimit', message: `throttle.rateLimit must be a number of requests per second >= 0, got ${t.rateLimit}` });
  }
  if (t?.burstLimit !== undefined && (!Number.isInteger(t.burstLimit) || t.burstLimit < 0)) {
    out.push({ code: 'out-of-range', path, property: 'throttle.burstLimit', message: `throttle.burstLimit must be a whole number of requests >= 0, got ${t.burstLimit}` });
  }
  return out;
}

function apiRules(path: string, props: HttpApiProps): Problem[] {
  const out: Problem[] = [];
  const add = (property: string, message: string, code: string): void => void out.push({ code, path, property, message });
  const cors = props.corsPreflight;
  if (cors) {
    if (!cors.allowOrigins?.length) {
      add('corsPreflight.allowOrigins', 'corsPreflight.allowOrigins must list at least one origin: without one API Gateway allows no cross-origin request (leave out corsPreflight for no CORS)', 'missing-property');
    }
    if (cors.allowCredentials && cors.allowOrigins?.includes('*')) {
      add('corsPreflight.allowCredentials', "corsPreflight.allowCredentials cannot be used with allowOrigins '*'; list the origins", 'conflicting-properties');
    }
  }
  if (props.throttle && props.createDefaultStage === false) {
    add('throttle', "throttle applies to the default stage, and createDefaultStage is false: give it to the stage, api.addStage(id, { stageName, autoDeploy: true, throttle })", 'conflicting-properties');
  }
  out.push(...throttleProblems(path, props.throttle));
  return out;
}

const PATH_RE = /^\/([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_]+\+\})?(\/([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_]+\+\}))*$/;
const METHODS = Object.values(HttpMethod) as string[];

interface Route {
  readonly method: string;
  readonly path: string;
  readonly config: RouteIntegrationConfig;
  /** The integration object: one given to several routes of the API is one integration resource, as in CDK. */
  readonly integration: HttpRouteIntegration;
  readonly source: SourceLocation | undefined;
  /** aws-cdk-lib's logical ids of the route and what lambdaform derives from it, for `logicalIds: 'cdk'`. */
  readonly cdk: { readonly route: string; readonly integration: string; readonly permission: string } | undefined;
}

/**
 * An HTTP API (API Gateway v2, `AWS::ApiGatewayV2::Api`) with one stage, `$default` unless
 * `createDefaultStage: false` and `addStage`, and Lambda proxy routes (`addRoutes`): each route an
 * `AWS::ApiGatewayV2::Integration`, an `AWS::ApiGatewayV2::Route` and the `AWS::Lambda::Permission`
 * for API Gateway to invoke the function on that route only.
 */
export class HttpApi extends Resource implements IHttpApi {
  /** The API id (token). */
  public readonly apiId: string;
  /** The API id (token); the same as `apiId`. */
  public readonly httpApiId: string;
  /** The default endpoint, `https://{id}.execute-api.{region}.amazonaws.com` (token). */
  public readonly apiEndpoint: string;
  /** The API's name. */
  public readonly httpApiName: string;
  /** The `$default` stage; undefined with `createDefaultStage: false`. */
  public readonly defaultStage: HttpStage | undefined;

  private readonly props: HttpApiProps;
  private readonly routes: Route[] = [];
  private stage: HttpStage | undefined;

  constructor(scope: Construct, id: string, props: HttpApiProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const { problems, rest } = unsupportedProps(path, props, HTTP_API_UNSUPPORTED, HTTP_API_RENAMED);
    const checked = checkProps(path, 'HttpApiProps', HTTP_API_PROPS, rest);
    problems.push(...checked);
    if (!hasTypeProblem(checked)) problems.push(...apiRules(path, props ?? {}));
    throwProblems(path, problems);
    this.props = props ?? {};
    this.apiId = this.attribute('Id');
    this.httpApiId = this.apiId;
    this.apiEndpoint = this.attribute('Endpoint');
    this.httpApiName = this.props.apiName ?? id;
    this.node.addValidation({
      validate: () => (this.stage ? [] : ["createDefaultStage is false and the API has no stage: add one with api.addStage('Prod', { stageName: 'prod', autoDeploy: true }) (lambdaform models one stage per HTTP API)"]),
    });
    if (this.props.defaultIntegration) {
      new HttpRoute(this, 'DefaultRoute', { httpApi: this, routeKey: HttpRouteKey.DEFAULT, integration: this.props.defaultIntegration });
    }
    if (this.props.createDefaultStage !== false) {
      this.defaultStage = new HttpStage(this, 'DefaultStage', { httpApi: this, autoDeploy: true, throttle: this.props.throttle });
    }
  }

  /** The URL of the default stage, `https://{id}.execute-api.{region}.amazonaws.com/` (token); undefined without a default stage. */
  public get url(): string | undefined {
    return this.defaultStage?.url;
  }

  /**
   * Adds the API's stage. lambdaform models one stage per HTTP API: only with
   * `createDefaultStage: false`, and once.
   */
  public addStage(id: string, options: HttpStageOptions): HttpStage {
    this._checkNoStage();
    return new HttpStage(this, id, { ...options, httpApi: this });
  }

  /**
   * Adds one route per method at `path` to `integration` (with `HttpLambdaIntegration`, API
   * Gateway may invoke the function on these routes only).
   * @returns the routes, in the order of `methods`
   */
  public addRoutes(options: AddRoutesOptions): HttpRoute[] {
    const path = this.node.path;
    const { problems, rest } = unsupportedProps(path, options, ROUTE_UNSUPPORTED);
    problems.push(...checkProps(path, 'AddRoutesOptions', ADD_ROUTES_OPTIONS, rest));
    throwProblems(path, problems);
    const methods = options.methods ?? [HttpMethod.ANY];
    if (methods.length === 0) throw new LambdaformError(path, `addRoutes('${options.path}'): methods must list at least one HttpMethod (leave it out for HttpMethod.ANY)`, 'missing-property');
    if (options.path === '$default') {
      throw new LambdaformError(path, "addRoutes: '$default' is not a path; give the catch-all route's integration as the API's defaultIntegration", 'invalid-format');
    }
    for (const [i, method] of methods.entries()) {
      const key = `${method} ${options.path}`;
      if (methods.indexOf(method) !== i || this.routes.some((r) => r.method === method && r.path === options.path)) {
        throw new LambdaformError(path, `route '${key}' is already defined`, 'duplicate-route');
      }
    }
    return methods.map((method) => new HttpRoute(this, `${method}${options.path}`, { httpApi: this, routeKey: HttpRouteKey.with(options.path, method), integration: options.integration }));
  }

  /**
   * The `execute-api` ARN of a method, path and stage (aws-cdk-lib's `arnForExecuteApi`):
   * `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{method}{path}`.
   * @param method @default '*' (`ANY` is `*`)
   * @param path starts with '/' @default '/*'
   * @param stage @default '*'
   */
  public arnForExecuteApi(method?: string, path?: string, stage?: string): string {
    if (path !== undefined && !Token.isUnresolved(path) && !path.startsWith('/')) {
      throw new LambdaformError(this.node.path, `arnForExecuteApi: the path must start with '/', got '${path}'`, 'invalid-format');
    }
    const m = method === undefined || method.toUpperCase() === 'ANY' ? '*' : method;
    return `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${this.apiId}/${stage ?? '*'}/${m}${path ?? '/*'}`;
  }

  /** @internal Throws when the API has its stage already (lambdaform models one stage per HTTP API). */
  public _checkNoStage(): void {
    if (!this.stage) return;
    const has = this.stage === this.defaultStage ? 'its default stage ($default): pass createDefaultStage: false to name your own' : `the stage '${this.stage.stageName}' (${this.stage.node.path})`;
    throw new LambdaformError(this.node.path, `lambdaform models one stage per HTTP API and this one has ${has}`, 'unsupported-stage');
  }

  /** @internal Called by `HttpStage`: the API's one stage. */
  public _setStage(stage: HttpStage): void {
    this._checkNoStage();
    this.stage = stage;
  }

  /** @internal Called by `HttpRoute`: checks the route and its integration and records it. */
  public _addRoute(key: HttpRouteKey, integration: HttpRouteIntegration, route?: Construct): void {
    const path = this.node.path;
    const label = `route '${key.key}'`;
    const method = key.method as string;
    const routePath = key.path ?? '$default';
    if (key.path !== undefined) {
      if (!METHODS.includes(method)) throw new LambdaformError(path, `${label}: method must be one of ${METHODS.join(', ')}, got '${method}'`, 'invalid-format');
      if (typeof key.path !== 'string' || !PATH_RE.test(key.path)) {
        throw new LambdaformError(path, `${label}: path must start with '/' and contain segments, {param} or a final {proxy+}, got '${key.path}'`, 'invalid-format');
      }
      const greedy = key.path.indexOf('+}');
      if (greedy !== -1 && greedy !== key.path.length - 2) throw new LambdaformError(path, `${label}: a greedy {param+} must be the last segment`, 'invalid-format');
    }
    if (this.routes.some((r) => r.method === method && r.path === routePath)) throw new LambdaformError(path, `${label} is already defined`, 'duplicate-route');
    const config = integration._bindRoute(path, label);
    this.routes.push({ method, path: routePath, config, integration, source: recordSource(), cdk: route && this.cdkRouteIds(route, integration) });
  }

  /**
   * aws-cdk-lib's logical ids of a route (`<route>/Resource`, the route's construct id being
   * `<METHOD><path>` with `/` as `--`: `GET--items`), of its integration (`<route>/<integration
   * id>/Resource`) and of the Lambda permission (`<route>/<integration id>-Permission`); undefined
   * without `logicalIds: 'cdk'` or for a route outside this API's stack. An integration instance
   * given to several routes is one resource, under the first route (see `_toModel`), as in CDK.
   */
  private cdkRouteIds(route: Construct, integration: HttpRouteIntegration): Route['cdk'] {
    if (logicalIdStyle(this) !== 'cdk' || Stack.of(route) !== this.stack) return undefined;
    const below = pathBelow(route, this.stack);
    const id = integration._id;
    return {
      route: cdkLogicalId([...below, 'Resource'], route.node.path),
      integration: cdkLogicalId([...below, id, 'Resource'], route.node.path),
      permission: cdkLogicalId([...below, `${id}-Permission`], route.node.path),
    };
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    const cors = p.corsPreflight;
    const stage = this.stage;
    if (!stage) throw new LambdaformError(this.node.path, 'createDefaultStage is false and the API has no stage: add one with addStage', 'missing-stage');
    b.addNode(this, {
      kind: 'api',
      props: {
        apiName: this.httpApiName,
        description: p.description,
        stageName: stage.stageName,
        cors: cors && {
          allowOrigins: [...(cors.allowOrigins ?? [])],
          allowMethods: [...(cors.allowMethods ?? [])],
          allowHeaders: [...(cors.allowHeaders ?? [])],
          exposeHeaders: [...(cors.exposeHeaders ?? [])],
          allowCredentials: cors.allowCredentials,
          maxAgeSeconds: cors.maxAge?.toSeconds(),
        },
        throttling: stage._throttle && { rateLimit: stage._throttle.rateLimit, burstLimit: stage._throttle.burstLimit },
      },
    });
    // Readable ids (GET /items/{id} -> RouteGetItemsId); routes whose readable ids collide
    // (/items/{id} and /items/id) get a hash of their route key too, so every route has its own.
    const readable = (r: Route) => (r.path === '$default' ? 'Default' : `${pascal(r.method.toLowerCase())}${pascal(r.path.replace(/[{}+]/g, ' ')) || 'Root'}`);
    const counts = new Map<string, number>();
    for (const r of this.routes) counts.set(readable(r), (counts.get(readable(r)) ?? 0) + 1);
    // An integration object given to several routes (`addRoutes` with two methods) is one
    // integration resource, written with the first route and named after it, as aws-cdk-lib makes
    // it (under the first route); each route keeps its own permission.
    const integrationIds = new Map<HttpRouteIntegration, string>();
    for (const r of this.routes) {
      const base = readable(r);
      const suffix = counts.get(base)! > 1 ? `${base}${createHash('sha256').update(`${r.method} ${r.path}`).digest('hex').slice(0, 8).toUpperCase()}` : base;
      // Room for the suffixes the backends add (Integration, Permission).
      const logicalId = r.cdk?.route ?? capId(this.logicalId, `Route${suffix}`, 255 - 'Integration'.length);
      const own = r.cdk?.integration ?? capId(logicalId, 'Integration');
      const integration = integrationIds.get(r.integration) ?? own;
      integrationIds.set(r.integration, integration);
      b.addEdge({
        kind: 'apiRoute',
        id: `${this.node.path}#route:${r.method} ${r.path}`,
        from: this,
        to: r.config.target,
        logicalId,
        derivedLogicalIds: r.cdk ? { integration, permission: r.cdk.permission } : integration !== own ? { integration } : undefined,
        source: r.source,
        props: {
          method: r.method,
          path: r.path,
          payloadFormatVersion: r.config.payloadFormatVersion,
          timeoutMillis: r.config.timeoutMillis,
        },
      });
    }
  }
}

/**
 * A route of an HTTP API (aws-cdk-lib's `HttpRoute`): what `addRoutes` returns. It is written by
 * its API: an `AWS::ApiGatewayV2::Route` with its integration and permission.
 */
export class HttpRoute extends Construct {
  /** The API of the route. */
  public readonly httpApi: IHttpApi;
  /** The path; undefined for the catch-all route (`$default`). */
  public readonly path?: string;
  /**
   * The `execute-api` ARN of the route in every stage (IAM policies):
   * `arn:{partition}:execute-api:{region}:{account}:{apiId}/*\/{method}{path}`, `ANY` as `*` and a
   * path from its first `{param}` on as `*`.
   */
  public readonly routeArn: string;

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    const path = this.node.path;
    const { problems, rest } = unsupportedProps(path, props, ROUTE_UNSUPPORTED);
    problems.push(...checkProps(path, 'HttpRouteProps', ROUTE_PROPS, rest));
    throwProblems(path, problems);
    const api = props.httpApi as HttpApi;
    this.httpApi = api;
    this.path = props.routeKey.path;
    api._addRoute(props.routeKey, props.integration, this);
    const method = props.routeKey.method === HttpMethod.ANY ? '*' : props.routeKey.method;
    const iamPath = (this.path ?? '/').replace(/\{.*?\}.*/, '*');
    this.routeArn = `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${api.apiId}/*/${method}${iamPath}`;
  }
}

/**
 * The stage of an HTTP API (aws-cdk-lib's `HttpStage`): `AWS::ApiGatewayV2::Stage`, written by its
 * API, always auto-deployed. lambdaform models one stage per API.
 */
export class HttpStage extends Construct {
  /** The stage name. */
  public readonly stageName: string;
  /** The API of the stage. */
  public readonly api: IHttpApi;
  /** @internal The throttling of the stage's routes. */
  public readonly _throttle: ThrottleSettings | undefined;

  constructor(scope: Construct, id: string, props: HttpStageProps) {
    super(scope, id);
    const path = this.node.path;
    const { problems, rest } = unsupportedProps(path, props, STAGE_UNSUPPORTED);
    const checked = checkProps(path, 'HttpStageProps', STAGE_PROPS, rest);
    problems.push(...checked);
    if (!hasTypeProblem(checked)) {
      const stageName = props.stageName ?? '$default';
      if (stageName !== '$default' && !/^[A-Za-z0-9_-]{1,128}$/.test(stageName)) {
        problems.push({ code: 'invalid-format', path, property: 'stageName', message: `stageName must be '$default' or 1-128 letters, digits, '-' or '_', got '${stageName}'` });
      }
      if (props.autoDeploy !== true) {
        problems.push({
          code: 'unsupported-value',
          path,
          property: 'autoDeploy',
          message: `autoDeploy must be true: lambdaform's stages deploy automatically (it makes no AWS::ApiGatewayV2::Deployment), got ${describeValue(props.autoDeploy)}`,
        });
      }
      problems.push(...throttleProblems(path, props.throttle));
    }
    throwProblems(path, problems);
    this.api = props.httpApi;
    this.stageName = props.stageName ?? '$default';
    this._throttle = props.throttle;
    (props.httpApi as HttpApi)._setStage(this);
  }

  /** The URL of the stage (token): the endpoint and `/` for `$default`, else the endpoint, `/` and the stage name (no final `/`). */
  public get url(): string {
    return `${this.api.apiEndpoint}/${this.stageName === '$default' ? '' : this.stageName}`;
  }
}
