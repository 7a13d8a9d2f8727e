import type { ApiNode, ApiRouteEdge, ModelValue } from '../../model/types.js';
import { capId, cdkChildId, pascal } from '../../core/logical-id.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import { dependsOn } from './function.js';

/** CORS in CloudFormation/SAM form. */
export function corsConfiguration(n: ApiNode): Record<string, unknown> | undefined {
  const c = n.props.cors;
  if (!c) return undefined;
  const list = (v: readonly string[]) => (v.length ? [...v] : undefined);
  return {
    AllowOrigins: [...c.allowOrigins],
    AllowMethods: list(c.allowMethods),
    AllowHeaders: list(c.allowHeaders),
    ExposeHeaders: list(c.exposeHeaders),
    AllowCredentials: c.allowCredentials,
    MaxAge: c.maxAgeSeconds,
  };
}

/** Stage route settings (throttling) in CloudFormation/SAM form. */
export function defaultRouteSettings(n: ApiNode): Record<string, unknown> | undefined {
  const t = n.props.throttling;
  return t ? { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit } : undefined;
}

/** The logical id of the stage resource of an API. */
export function stageLogicalId(n: ApiNode, stackPath?: string): string {
  // With CDK's logical ids: CDK's `<Api>/DefaultStage` (the stage HttpApi creates).
  const cdkId = stackPath !== undefined && n.props.stageName === '$default' ? cdkChildId(stackPath, n, ['DefaultStage', 'Resource']) : undefined;
  if (cdkId) return cdkId;
  return capId(n.logicalId, `${n.props.stageName === '$default' ? 'Default' : pascal(n.props.stageName)}Stage`);
}

/** The ARN pattern API Gateway invokes a route's function from: any stage, the route's method and path (`{param}` as `*`). */
export function routeSourceArn(e: ApiRouteEdge, ctx: RenderContext): unknown {
  const method = e.props.method === 'ANY' ? '*' : e.props.method;
  const path = e.props.path === '$default' ? '$default' : `${method}${e.props.path.replace(/\{[^}]+\}/g, '*')}`;
  const parts: ModelValue[] = [
    'arn:',
    { $pseudo: 'AWS::Partition' },
    ':execute-api:',
    { $pseudo: 'AWS::Region' },
    ':',
    { $pseudo: 'AWS::AccountId' },
    ':',
    { $ref: e.from, attr: 'Id' },
    `/*/${path}`,
  ];
  return ctx.sub(parts);
}

/** `AWS::ApiGatewayV2::Api` and its stage. */
export function renderApi(n: ApiNode, ctx: RenderContext, out: ResourceSet): void {
  const p = n.props;
  out.add(n.logicalId, n.origin.path, {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: { Name: p.apiName, Description: p.description, ProtocolType: 'HTTP', CorsConfiguration: corsConfiguration(n), Tags: ctx.tagMap(n.tags) },
    DependsOn: dependsOn(n.dependsOn, ctx),
  }, n.overrides);
  out.add(stageLogicalId(n, ctx.stack.path), n.origin.path, {
    Type: 'AWS::ApiGatewayV2::Stage',
    Properties: { ApiId: { Ref: n.logicalId }, StageName: p.stageName, AutoDeploy: true, DefaultRouteSettings: defaultRouteSettings(n), Tags: ctx.tagMap(n.tags) },
  });
}

/** One route: its integration (unless a route before it wrote the one they share), route and the permission for API Gateway to invoke the target. */
export function renderRoute(e: ApiRouteEdge, ctx: RenderContext, out: ResourceSet): void {
  const api = ctx.nodeOf(e.from, 'api');
  const integrationId = e.derivedLogicalIds?.integration ?? capId(e.logicalId!, 'Integration');
  // An integration several routes share (one integration object, as aws-cdk-lib writes it) is
  // written with the first; another resource of that id is refused as a clash, as ever.
  const shared = e.derivedLogicalIds?.integration !== undefined && out.get(integrationId)?.Type === 'AWS::ApiGatewayV2::Integration';
  if (!shared) out.add(integrationId, e.id, {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: {
      ApiId: { Ref: api.logicalId },
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: ctx.arn(e.to!), // the function's ARN, or the version's/alias's
      PayloadFormatVersion: e.props.payloadFormatVersion,
      TimeoutInMillis: e.props.timeoutMillis,
    },
  });
  out.add(e.logicalId!, e.id, {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: { Ref: api.logicalId },
      RouteKey: e.props.path === '$default' ? '$default' : `${e.props.method} ${e.props.path}`,
      Target: { 'Fn::Sub': `integrations/\${${integrationId}}` },
    },
  }, e.overrides);
  if (ctx.skipsPermissions(e.to!)) return;
  out.add(e.derivedLogicalIds?.permission ?? capId(e.logicalId!, 'Permission'), e.id, {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: ctx.arn(e.to!),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: routeSourceArn(e, ctx),
    },
  });
}
