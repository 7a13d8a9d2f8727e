import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import { capId, pascal } from '../core/logical-id.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { captureSource, type SourceLocation } from '../core/source.js';
import { LIMITS, rangeMessage } from '../model/defaults.js';
import type { IFunction } from './function-base.js';

/** CORS settings of an HTTP API (the API answers OPTIONS preflight requests itself). */
export interface CorsOptions {
  /** Allowed origins (`https://example.com`, or `*`). */
  readonly allowOrigins: readonly string[];
  /** Allowed methods. @default ['*'] */
  readonly allowMethods?: readonly string[];
  /** Allowed request headers. @default none */
  readonly allowHeaders?: readonly string[];
  /** Response headers exposed to the browser. @default none */
  readonly exposeHeaders?: readonly string[];
  /** Allow credentials (cookies); not with origin `*`. @default false */
  readonly allowCredentials?: boolean;
  /** How long browsers cache the preflight answer, 0-86,400 seconds. @default not set (browser default) */
  readonly maxAge?: Duration;
}

/** Stage throttling. */
export interface ThrottleSettings {
  /** Steady-state requests per second. @default the account limit (10,000) */
  readonly rateLimit?: number;
  /** Burst capacity in requests. @default the account limit (5,000) */
  readonly burstLimit?: number;
}

/** Properties of an `Api`. */
export interface ApiProps {
  /** API name. @default the construct id */
  readonly apiName?: string;
  /** Description (at most 1,024 characters). @default none */
  readonly description?: string;
  /** Stage name; `$default` serves at the root of the endpoint. @default '$default' */
  readonly stageName?: string;
  /** CORS configuration. @default no CORS */
  readonly cors?: CorsOptions;
  /** Default route throttling of the stage. @default account limits */
  readonly throttling?: ThrottleSettings;
}

/** Options of a route. */
export interface RouteOptions {
  /** Lambda proxy payload format. @default '2.0' */
  readonly payloadFormatVersion?: '1.0' | '2.0';
  /** Integration timeout, 50 ms to 30 seconds; past it the client gets 504. @default Duration.seconds(30) */
  readonly timeout?: Duration;
}

const METHODS = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const PATH_RE = /^\/([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_]+\+\})?(\/([A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_]+\+\}))*$/;

interface Route {
  readonly method: string;
  readonly path: string;
  readonly target: IFunction;
  readonly options: RouteOptions;
  readonly source: SourceLocation | undefined;
}

/** The description of `ApiProps`. */
export const API_PROPS: Fields = {
  apiName: P.string({ text: LIMITS.api.apiName }),
  description: P.string({ text: LIMITS.api.description }),
  stageName: P.string(),
  cors: P.object('CorsOptions', {
    allowOrigins: P.array(P.string(), { required: true }),
    allowMethods: P.array(P.string()),
    allowHeaders: P.array(P.string()),
    exposeHeaders: P.array(P.string()),
    allowCredentials: P.boolean(),
    maxAge: P.duration({ limit: LIMITS.api.corsMaxAge, example: 'Duration.hours(1)' }),
  }),
  throttling: P.object('ThrottleSettings', { rateLimit: P.number(), burstLimit: P.number() }),
};

/** The description of `RouteOptions`. */
export const ROUTE_OPTIONS: Fields = {
  payloadFormatVersion: P.oneOf(['1.0', '2.0']),
  timeout: P.duration({ example: 'Duration.seconds(10)' }),
};

function apiRules(path: string, props: ApiProps): Problem[] {
  const out: Problem[] = [];
  const add = (property: string, message: string, code = 'invalid-input'): void => void out.push({ code, path, property, message });
  const stageName = props.stageName ?? '$default';
  if (stageName !== '$default' && !/^[A-Za-z0-9_-]{1,128}$/.test(stageName)) {
    add('stageName', `stageName must be '$default' or 1-128 letters, digits, '-' or '_', got '${stageName}'`, 'invalid-format');
  }
  const cors = props.cors;
  if (cors) {
    if (cors.allowOrigins.length === 0) add('cors.allowOrigins', 'cors.allowOrigins must list at least one origin', 'missing-property');
    if (cors.allowCredentials && cors.allowOrigins.includes('*')) add('cors.allowCredentials', "cors.allowCredentials cannot be used with allowOrigins '*'; list the origins", 'conflicting-properties');
    for (const m of cors.allowMethods ?? []) {
      if (m !== '*' && !METHODS.includes(m)) add('cors.allowMethods', `cors.allowMethods entries must be one of *, ${METHODS.join(', ')}, got '${m}'`, 'invalid-format');
    }
  }
  const t = props.throttling;
  if (t) {
    if (t.rateLimit !== undefined && (!Number.isFinite(t.rateLimit) || t.rateLimit < 0)) add('throttling.rateLimit', `throttling.rateLimit must be a number of requests per second >= 0, got ${t.rateLimit}`, 'out-of-range');
    if (t.burstLimit !== undefined && (!Number.isInteger(t.burstLimit) || t.burstLimit < 0)) add('throttling.burstLimit', `throttling.burstLimit must be a whole number of requests >= 0, got ${t.burstLimit}`, 'out-of-range');
  }
  return out;
}

/** An HTTP API (API Gateway v2) with Lambda proxy routes. */
export class Api extends Resource {
  /** The API id (token). */
  public readonly apiId: string;
  /** The endpoint, `https://{id}.execute-api.{region}.amazonaws.com` (token). */
  public readonly apiEndpoint: string;
  /** The stage name. */
  public readonly stageName: string;

  private readonly props: ApiProps;
  private readonly routes: Route[] = [];

  constructor(scope: Construct, id: string, props: ApiProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'ApiProps', API_PROPS, props);
    if (!hasTypeProblem(problems)) problems.push(...apiRules(path, props ?? {}));
    throwProblems(path, problems);
    this.stageName = props.stageName ?? '$default';
    this.props = props ?? {};
    this.apiId = this.attribute('Id');
    this.apiEndpoint = this.attribute('Endpoint');
  }

  /** The invoke URL of the stage, ending in `/` (token). */
  public get url(): string {
    return this.stageName === '$default' ? `${this.apiEndpoint}/` : `${this.apiEndpoint}/${this.stageName}/`;
  }

  /**
   * Routes requests to a function (Lambda proxy integration) and allows API Gateway to invoke it
   * for this route only.
   * @param routeKey `METHOD /path` with `{param}` and a final `{proxy+}`, e.g. `GET /items/{id}`; or `$default`
   */
  public addRoute(routeKey: string, target: IFunction, options: RouteOptions = {}): void {
    const path = this.node.path;
    throwProblems(path, checkProps(path, 'RouteOptions', ROUTE_OPTIONS, options));
    if (typeof target !== 'object' || target === null || !('functionArn' in target)) {
      throw new LambdaformError(path, `route '${routeKey}': the target must be a Function, Version or Alias, got ${target === undefined ? 'undefined' : typeof target}`, 'wrong-type');
    }
    let method: string;
    let routePath: string;
    if (routeKey === '$default') {
      method = 'ANY';
      routePath = '$default';
    } else {
      const m = /^(\S+) (\S+)$/.exec(routeKey);
      if (!m) throw new LambdaformError(path, `route key must be 'METHOD /path' (e.g. 'GET /items/{id}') or '$default', got '${routeKey}'`);
      method = m[1]!;
      routePath = m[2]!;
      if (!METHODS.includes(method)) throw new LambdaformError(path, `route '${routeKey}': method must be one of ${METHODS.join(', ')}, got '${method}'`);
      if (!PATH_RE.test(routePath)) {
        throw new LambdaformError(path, `route '${routeKey}': path must start with '/' and contain segments, {param} or a final {proxy+}, got '${routePath}'`);
      }
      const greedy = routePath.indexOf('+}');
      if (greedy !== -1 && greedy !== routePath.length - 2) {
        throw new LambdaformError(path, `route '${routeKey}': a greedy {param+} must be the last segment`);
      }
    }
    if (this.routes.some((r) => r.method === method && r.path === routePath)) {
      throw new LambdaformError(path, `route '${routeKey}' is already defined`);
    }
    const ms = options.timeout?.toMilliseconds();
    const limit = LIMITS.api.integrationTimeout;
    if (ms !== undefined && !Number.isInteger(ms)) throw new LambdaformError(path, `route '${routeKey}' timeout must be a whole number of milliseconds, got ${options.timeout!.toHumanString()}`, 'not-an-integer');
    if (ms !== undefined && (ms < limit.min || ms > limit.max)) throw new LambdaformError(path, rangeMessage(`route '${routeKey}' timeout`, limit, ms), 'out-of-range');
    this.routes.push({ method, path: routePath, target, options, source: captureSource() });
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    const cors = p.cors;
    b.addNode(this, {
      kind: 'api',
      props: {
        apiName: p.apiName ?? this.node.id,
        description: p.description,
        stageName: this.stageName,
        cors: cors && {
          allowOrigins: [...cors.allowOrigins],
          allowMethods: [...(cors.allowMethods ?? ['*'])],
          allowHeaders: [...(cors.allowHeaders ?? [])],
          exposeHeaders: [...(cors.exposeHeaders ?? [])],
          allowCredentials: cors.allowCredentials,
          maxAgeSeconds: cors.maxAge?.toSeconds(),
        },
        throttling: p.throttling && { rateLimit: p.throttling.rateLimit, burstLimit: p.throttling.burstLimit },
      },
    });
    // Readable ids (GET /items/{id} -> RouteGetItemsId); routes whose readable ids collide
    // (/items/{id} and /items/id) get a hash of their route key too, so every route has its own.
    const readable = (r: Route) => (r.path === '$default' ? 'Default' : `${pascal(r.method.toLowerCase())}${pascal(r.path.replace(/[{}+]/g, ' ')) || 'Root'}`);
    const counts = new Map<string, number>();
    for (const r of this.routes) counts.set(readable(r), (counts.get(readable(r)) ?? 0) + 1);
    for (const r of this.routes) {
      const base = readable(r);
      const suffix = counts.get(base)! > 1 ? `${base}${createHash('sha256').update(`${r.method} ${r.path}`).digest('hex').slice(0, 8).toUpperCase()}` : base;
      b.addEdge({
        kind: 'apiRoute',
        id: `${this.node.path}#route:${r.method} ${r.path}`,
        from: this,
        to: r.target,
        // Room for the suffixes the backends add (Integration, Permission).
        logicalId: capId(this.logicalId, `Route${suffix}`, 255 - 'Integration'.length),
        source: r.source,
        props: {
          method: r.method,
          path: r.path,
          payloadFormatVersion: r.options.payloadFormatVersion ?? '2.0',
          timeoutMillis: r.options.timeout?.toMilliseconds(),
        },
      });
    }
  }
}
