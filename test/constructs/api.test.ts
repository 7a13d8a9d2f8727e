// HttpApi (aws-cdk-lib's aws-apigatewayv2) and HttpLambdaIntegration: the API, its one stage, one
// integration + route + permission per route in both outputs, CORS, stage throttling, the URLs and
// ARNs, and every setting refused at construction (limits at the edge and one past it).
import { describe, expect, it } from 'vitest';
import { CfnOutput, Duration, HttpApi, HttpLambdaIntegration, HttpRoute, HttpRouteIntegration, HttpRouteKey, HttpStage, LambdaformError, type HttpLambdaIntegrationProps, type IFunction } from '../../lib/all.js';
import { CorsHttpMethod, HttpMethod, PayloadFormatVersion } from '../../lib/modules/aws-apigatewayv2.js';
import * as integrations from '../../lib/modules/aws-apigatewayv2-integrations.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError, thrown } from '../helpers/errors.js';

const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };
const sourceArn = (suffix: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}${suffix}` });
/** A regular expression matching exactly `text`. */
const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
/** Lambda proxy integration of `fn`. */
const lambda = (fn: IFunction, props?: HttpLambdaIntegrationProps) => new HttpLambdaIntegration('Integration', fn, props);

describe('HttpApi', () => {
  it('renders an HTTP API with an auto-deployed $default stage', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const api = new HttpApi(stack, 'Api');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResource('AWS::ApiGatewayV2::Api', { Properties: Match.objectEquals({ Name: 'Api', ProtocolType: 'HTTP' }) });
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResource('AWS::ApiGatewayV2::Stage', {
      Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true }),
    });
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'))).toEqual(['ApiDefaultStage']);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    expect(api.httpApiName).toBe('Api');
    expect(api.httpApiId).toBe(api.apiId);
    expect(api.defaultStage).toBeInstanceOf(HttpStage);
    expect(api.defaultStage!.stageName).toBe('$default');
    expect(api.defaultStage!.api).toBe(api);
  });

  it('renders apiName and description', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const api = new HttpApi(stack, 'Api', { apiName: 'items-api', description: 'the items' });

    // THEN
    expect(api.httpApiName).toBe('items-api');
    Template.fromStack(stack).hasResource('AWS::ApiGatewayV2::Api', { Properties: Match.objectEquals({ Name: 'items-api', Description: 'the items', ProtocolType: 'HTTP' }) });
  });

  it('renders an integration, a route and a permission for GET /items/{id} (CloudFormation and SAM)', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new HttpApi(stack, 'Api');

    // WHEN
    const routes = api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('GetItem', fn) });

    // THEN
    expect(routes).toHaveLength(1);
    expect(routes[0]).toBeInstanceOf(HttpRoute);
    expect(routes[0]!.path).toBe('/items/{id}');
    expect(routes[0]!.httpApi).toBe(api);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResource('AWS::ApiGatewayV2::Integration', {
      Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, IntegrationType: 'AWS_PROXY', IntegrationUri: FN_ARN, PayloadFormatVersion: '2.0' }),
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResource('AWS::ApiGatewayV2::Route', {
      Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, RouteKey: 'GET /items/{id}', Target: { 'Fn::Sub': 'integrations/${ApiRouteGetItemsIdIntegration}' } }),
    });
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'))).toEqual(['ApiRouteGetItemsIdIntegration']);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResource('AWS::Lambda::Permission', {
      Properties: Match.objectEquals({ Action: 'lambda:InvokeFunction', FunctionName: FN_ARN, Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn('/*/GET/items/*') }),
    });
    const sam = Template.fromStack(stack, 'sam');
    sam.hasResource('AWS::Serverless::HttpApi', { Properties: Match.objectEquals({ Name: 'Api' }) });
    sam.hasResourceProperties('AWS::Serverless::Function', {
      Events: { ApiRouteGetItemsId: { Type: 'HttpApi', Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, Method: 'GET', Path: '/items/{id}', PayloadFormatVersion: '2.0' }) } },
    });
  });

  it('makes one ANY route when methods are left out, its permission for every method', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new HttpApi(stack, 'Api');

    // WHEN
    const routes = api.addRoutes({ path: '/orders/{proxy+}', integration: lambda(fn) });

    // THEN
    expect(routes).toHaveLength(1);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /orders/{proxy+}' });
    template.hasResourceProperties('AWS::Lambda::Permission', { SourceArn: sourceArn('/*/*/orders/*') });
  });

  it('makes one route and permission per method, in order, sharing the one integration (as aws-cdk-lib writes it, named after the first route)', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new HttpApi(stack, 'Api');
    const integration = lambda(fn, { timeout: Duration.seconds(10) });

    // WHEN
    const routes = api.addRoutes({ path: '/items', methods: [HttpMethod.POST, HttpMethod.GET], integration });

    // THEN
    expect(routes.map((r) => r.node.id)).toEqual(['POST--items', 'GET--items']);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Route'))).toEqual(['ApiRoutePostItems', 'ApiRouteGetItems']);
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'))).toEqual(['ApiRoutePostItemsIntegration']);
    template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Integration', { IntegrationUri: FN_ARN, TimeoutInMillis: 10_000 }, 1);
    const routesJson = template.findResources('AWS::ApiGatewayV2::Route');
    for (const id of ['ApiRoutePostItems', 'ApiRouteGetItems']) expect(routesJson[id]?.Properties?.Target).toEqual({ 'Fn::Sub': 'integrations/${ApiRoutePostItemsIntegration}' });
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    template.hasResourceProperties('AWS::Lambda::Permission', { SourceArn: sourceArn('/*/POST/items') });
    template.hasResourceProperties('AWS::Lambda::Permission', { SourceArn: sourceArn('/*/GET/items') });
    // a second integration object, for the same function, is an integration of its own
    api.addRoutes({ path: '/other', methods: [HttpMethod.GET], integration: lambda(fn) });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Integration'))).toEqual(['ApiRoutePostItemsIntegration', 'ApiRouteGetOtherIntegration']);
  });

  it('an integration object shared by routes of two APIs is one integration in each', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const integration = lambda(fn);
    new HttpApi(stack, 'A').addRoutes({ path: '/x', methods: [HttpMethod.GET, HttpMethod.PUT], integration });
    new HttpApi(stack, 'B').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'))).toEqual(['ARouteGetXIntegration', 'BRouteGetXIntegration']);
  });

  it('renders the default integration as the $default route (CloudFormation and SAM)', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);

    // WHEN
    new HttpApi(stack, 'Api', { defaultIntegration: lambda(fn) });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ApiGatewayV2::Route', {
      Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, RouteKey: '$default', Target: { 'Fn::Sub': 'integrations/${ApiRouteDefaultIntegration}' } }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: FN_ARN, SourceArn: sourceArn('/*/$default') });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', {
      Events: { ApiRouteDefault: { Type: 'HttpApi', Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, Method: 'ANY', Path: '$default', PayloadFormatVersion: '2.0' }) } },
    });
  });

  it('integrates with an alias by its ARN', () => {
    // GIVEN
    const stack = newStack();
    const alias = newFunction(stack).addAlias('live');
    const api = new HttpApi(stack, 'Api');

    // WHEN
    api.addRoutes({ path: '/', methods: [HttpMethod.GET], integration: lambda(alias) });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: 'FnAliaslive' } });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { Ref: 'FnAliaslive' }, SourceArn: sourceArn('/*/GET/') });
  });

  it('makes a route with new HttpRoute and HttpRouteKey', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new HttpApi(stack, 'Api');

    // WHEN
    const route = new HttpRoute(stack, 'Delete', { httpApi: api, routeKey: HttpRouteKey.with('/items/{id}', HttpMethod.DELETE), integration: lambda(fn) });
    new HttpRoute(stack, 'Fallback', { httpApi: api, routeKey: HttpRouteKey.DEFAULT, integration: lambda(fn) });

    // THEN
    expect(route.path).toBe('/items/{id}');
    expect(HttpRouteKey.with('/x').key).toBe('ANY /x');
    expect(HttpRouteKey.DEFAULT.key).toBe('$default');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'DELETE /items/{id}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
  });

  it('renders api.url of the $default stage as ${Api.ApiEndpoint}/', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // WHEN
    new CfnOutput(stack, 'Url', { value: api.url! });
    new CfnOutput(stack, 'ItemsUrl', { value: `${api.url}items` });
    new CfnOutput(stack, 'Endpoint', { value: api.apiEndpoint });

    // THEN
    const template = Template.fromStack(stack);
    template.hasOutput('Url', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/' } });
    template.hasOutput('ItemsUrl', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/items' } });
    template.hasOutput('Endpoint', { Value: { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] } });
  });

  it('renders the execute-api ARNs of the API and of a route', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');
    const [route] = api.addRoutes({ path: '/items/{id}/tags', methods: [HttpMethod.GET], integration: lambda(newFunction(stack)) });
    const [any] = api.addRoutes({ path: '/all', integration: lambda(newFunction(stack, 'Other')) });

    // WHEN
    new CfnOutput(stack, 'All', { value: api.arnForExecuteApi() });
    new CfnOutput(stack, 'One', { value: api.arnForExecuteApi('ANY', '/items', 'prod') });
    new CfnOutput(stack, 'Get', { value: api.arnForExecuteApi('GET') });
    new CfnOutput(stack, 'Route', { value: route!.routeArn });
    new CfnOutput(stack, 'AnyRoute', { value: any!.routeArn });

    // THEN
    const template = Template.fromStack(stack);
    template.hasOutput('All', { Value: sourceArn('/*/*/*') });
    template.hasOutput('One', { Value: sourceArn('/prod/*/items') });
    template.hasOutput('Get', { Value: sourceArn('/*/GET/*') });
    template.hasOutput('Route', { Value: sourceArn('/*/GET/items/*') });
    template.hasOutput('AnyRoute', { Value: sourceArn('/*/*/all') });
  });

  it("refuses arnForExecuteApi with a path not starting with '/'", () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // THEN
    expectLambdaformError(() => api.arnForExecuteApi('GET', 'items'), 'Test/Api', exactly("arnForExecuteApi: the path must start with '/', got 'items'"));
  });
});

describe('HttpLambdaIntegration', () => {
  it('is exported from lambdaform/aws-apigatewayv2-integrations', () => {
    expect(integrations.HttpLambdaIntegration).toBe(HttpLambdaIntegration);
    expect(new HttpLambdaIntegration('X', newFunction(newStack()))).toBeInstanceOf(HttpRouteIntegration);
  });

  it.each([
    { name: 'VERSION_1_0', version: PayloadFormatVersion.VERSION_1_0, rendered: '1.0' },
    { name: 'VERSION_2_0', version: PayloadFormatVersion.VERSION_2_0, rendered: '2.0' },
    { name: "custom('1.0')", version: PayloadFormatVersion.custom('1.0'), rendered: '1.0' },
  ])('renders payloadFormatVersion $name in both outputs', ({ version, rendered }) => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // WHEN
    api.addRoutes({ path: '/x', methods: [HttpMethod.POST], integration: lambda(newFunction(stack), { payloadFormatVersion: version }) });

    // THEN
    expect(version.version).toBe(rendered);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: rendered, TimeoutInMillis: Match.absent() });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { Events: { ApiRoutePostX: { Properties: { PayloadFormatVersion: rendered } } } });
  });

  it("refuses a custom payload format API Gateway does not have", () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // THEN
    expectLambdaformError(
      () => api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack), { payloadFormatVersion: PayloadFormatVersion.custom('3.0') }) }),
      'Test/Api',
      exactly("route 'GET /x': payloadFormatVersion must be PayloadFormatVersion.VERSION_1_0 or VERSION_2_0 (API Gateway's only formats), got '3.0'"),
    );
  });

  it.each([
    { timeout: Duration.millis(50), millis: 50 },
    { timeout: Duration.seconds(30), millis: 30_000 },
  ])('renders the timeout $millis ms (the edges) as TimeoutInMillis in both outputs', ({ timeout, millis }) => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // WHEN
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack), { timeout }) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { TimeoutInMillis: millis });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::Function', { Events: { ApiRouteGetX: { Properties: { TimeoutInMillis: millis } } } });
  });

  it.each([
    { timeout: Duration.millis(49), message: "route 'GET /x' timeout must be between 50 and 30000 milliseconds, got 49" },
    { timeout: Duration.millis(30_001), message: "route 'GET /x' timeout must be between 50 and 30000 milliseconds, got 30001" },
    { timeout: Duration.millis(50.5), message: "route 'GET /x' timeout must be a whole number of milliseconds, got 50.5 milliseconds" },
  ])('refuses the timeout $timeout', ({ timeout, message }) => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // THEN
    expectLambdaformError(() => api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack), { timeout }) }), 'Test/Api', exactly(message));
  });

  it('refuses a handler that is not a function, version or alias', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // THEN
    expectLambdaformError(
      () => api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Bad', 'my-function' as never) }),
      'Test/Api',
      exactly("route 'GET /x': the handler of HttpLambdaIntegration 'Bad' must be a Function, Version or Alias, got the string 'my-function'"),
    );
  });

  it.each([
    { name: 'parameterMapping (not modelled)', props: { parameterMapping: {} }, message: "route 'GET /x': parameterMapping is not supported: lambdaform does not model parameter mappings: the function receives the request unmodified" },
    { name: 'a timeout in seconds', props: { timeout: 10 }, message: "route 'GET /x': timeout expects a Duration such as Duration.seconds(10), got the number 10" },
    { name: "a payload format as a string", props: { payloadFormatVersion: '1.0' }, message: "route 'GET /x': payloadFormatVersion expects a PayloadFormatVersion such as PayloadFormatVersion.VERSION_1_0, got the string '1.0'" },
  ])('refuses $name', ({ props, message }) => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // THEN
    expectLambdaformError(() => api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack), props as never) }), 'Test/Api', exactly(message));
  });

  it('refuses another kind of integration', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');
    class HttpUrlIntegration extends HttpRouteIntegration {}

    // THEN
    expectLambdaformError(
      () => api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpUrlIntegration('Url') }),
      'Test/Api',
      exactly("route 'GET /x': a HttpUrlIntegration is not supported: lambdaform models Lambda proxy integrations only (HttpLambdaIntegration from lambdaform/aws-apigatewayv2-integrations)"),
    );
  });
});

describe('HttpApi CORS', () => {
  it('renders every corsPreflight setting', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new HttpApi(stack, 'Api', {
      corsPreflight: {
        allowOrigins: ['https://example.com'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-request-id'],
        allowCredentials: true,
        maxAge: Duration.hours(1),
      },
    });

    // THEN
    const cors = Match.objectEquals({
      AllowOrigins: ['https://example.com'],
      AllowMethods: ['GET', 'POST'],
      AllowHeaders: ['content-type'],
      ExposeHeaders: ['x-request-id'],
      AllowCredentials: true,
      MaxAge: 3600,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: cors });
  });

  it('renders CorsHttpMethod.ANY as * and no methods by default (as aws-cdk-lib)', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new HttpApi(stack, 'Any', { corsPreflight: { allowOrigins: ['*'], allowMethods: [CorsHttpMethod.ANY] } });
    new HttpApi(stack, 'None', { corsPreflight: { allowOrigins: ['*'] } });

    // THEN
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::ApiGatewayV2::Api').Any!.Properties!.CorsConfiguration).toEqual({ AllowOrigins: ['*'], AllowMethods: ['*'] });
    expect(template.findResources('AWS::ApiGatewayV2::Api').None!.Properties!.CorsConfiguration).toEqual({ AllowOrigins: ['*'] });
  });

  it('renders CORS in the SAM HttpApi', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api', { corsPreflight: { allowOrigins: ['https://example.com'], allowMethods: [CorsHttpMethod.GET], maxAge: Duration.seconds(0) } });

    // WHEN
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack)) });

    // THEN
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::HttpApi', {
      CorsConfiguration: Match.objectEquals({ AllowOrigins: ['https://example.com'], AllowMethods: ['GET'], MaxAge: 0 }),
    });
  });

  it.each([0, 86_400])('accepts maxAge %s seconds (the edges)', (seconds) => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new HttpApi(stack, 'Api', { corsPreflight: { allowOrigins: ['*'], maxAge: Duration.seconds(seconds) } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { MaxAge: seconds } });
  });

  it.each([
    { name: 'maxAge past 86,400 seconds', cors: { allowOrigins: ['*'], maxAge: Duration.seconds(86_401) }, message: 'corsPreflight.maxAge must be between 0 and 86400 seconds, got 86401' },
    { name: 'a method that is not a CorsHttpMethod', cors: { allowOrigins: ['*'], allowMethods: ['FETCH'] }, message: "corsPreflight.allowMethods[0] expects a CorsHttpMethod (CorsHttpMethod.ANY, CorsHttpMethod.DELETE, CorsHttpMethod.GET, CorsHttpMethod.HEAD, CorsHttpMethod.OPTIONS, CorsHttpMethod.PATCH, CorsHttpMethod.POST, CorsHttpMethod.PUT), got the string 'FETCH'" },
    { name: "allowCredentials with the origin '*'", cors: { allowOrigins: ['*'], allowCredentials: true }, message: "corsPreflight.allowCredentials cannot be used with allowOrigins '*'; list the origins" },
    { name: 'no origins', cors: { allowHeaders: ['content-type'] }, message: 'corsPreflight.allowOrigins must list at least one origin: without one API Gateway allows no cross-origin request (leave out corsPreflight for no CORS)' },
    { name: 'an empty list of origins', cors: { allowOrigins: [] }, message: 'corsPreflight.allowOrigins must list at least one origin: without one API Gateway allows no cross-origin request (leave out corsPreflight for no CORS)' },
  ])('refuses $name', ({ cors, message }) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new HttpApi(stack, 'Api', { corsPreflight: cors as never }), 'Test/Api', exactly(message));
  });
});

describe('HttpApi stages', () => {
  it('renders throttle as the default stage DefaultRouteSettings (CloudFormation and SAM)', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const api = new HttpApi(stack, 'Api', { throttle: { rateLimit: 100, burstLimit: 50 } });
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack)) });

    // THEN
    const settings = Match.objectEquals({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: settings });
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::HttpApi', { DefaultRouteSettings: settings, StageName: Match.absent() });
  });

  it('accepts throttle limits of 0 (the lower edge)', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new HttpApi(stack, 'Api', { throttle: { rateLimit: 0, burstLimit: 0 } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.objectEquals({ ThrottlingRateLimit: 0, ThrottlingBurstLimit: 0 }) });
  });

  it.each([
    { throttle: { rateLimit: -1 }, message: 'throttle.rateLimit must be a number of requests per second >= 0, got -1' },
    { throttle: { burstLimit: -1 }, message: 'throttle.burstLimit must be a whole number of requests >= 0, got -1' },
    { throttle: { burstLimit: 1.5 }, message: 'throttle.burstLimit must be a whole number of requests >= 0, got 1.5' },
  ])('refuses throttle $throttle', ({ throttle, message }) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new HttpApi(stack, 'Api', { throttle }), 'Test/Api', exactly(message));
  });

  it('renders a named stage added with addStage, and its url ${Api.ApiEndpoint}/prod (CloudFormation and SAM)', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack)) });

    // WHEN
    const stage = api.addStage('Prod', { stageName: 'prod', autoDeploy: true, throttle: { rateLimit: 10, burstLimit: 5 } });
    new CfnOutput(stack, 'Url', { value: stage.url });

    // THEN
    expect(api.defaultStage).toBeUndefined();
    expect(api.url).toBeUndefined();
    expect(stage.stageName).toBe('prod');
    expect(stage.node.path).toBe('Test/Api/Prod');
    const template = Template.fromStack(stack);
    template.hasOutput('Url', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/prod' } });
    template.hasResource('AWS::ApiGatewayV2::Stage', {
      Properties: Match.objectEquals({ ApiId: { Ref: 'Api' }, StageName: 'prod', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 } }),
    });
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'))).toEqual(['ApiProdStage']);
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::Serverless::HttpApi', { StageName: 'prod', DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 } });
  });

  it('renders a $default stage added with addStage as the default one', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });

    // WHEN
    const stage = new HttpStage(stack, 'Stage', { httpApi: api, autoDeploy: true });
    new CfnOutput(stack, 'Url', { value: stage.url });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default' });
    template.hasOutput('Url', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/' } });
  });

  it('accepts a stage name of 128 characters (the edge)', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });

    // WHEN
    api.addStage('Long', { stageName: 'a'.repeat(128), autoDeploy: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'a'.repeat(128) });
  });

  it.each([
    { name: 'a stage name of 129 characters', options: { stageName: 'a'.repeat(129), autoDeploy: true }, message: `stageName must be '$default' or 1-128 letters, digits, '-' or '_', got '${'a'.repeat(129)}'` },
    { name: 'a stage name with a space', options: { stageName: 'my stage', autoDeploy: true }, message: "stageName must be '$default' or 1-128 letters, digits, '-' or '_', got 'my stage'" },
    { name: 'autoDeploy left out (aws-cdk-lib: false)', options: { stageName: 'prod' }, message: "autoDeploy must be true: lambdaform's stages deploy automatically (it makes no AWS::ApiGatewayV2::Deployment), got undefined" },
    { name: 'autoDeploy false', options: { stageName: 'prod', autoDeploy: false }, message: "autoDeploy must be true: lambdaform's stages deploy automatically (it makes no AWS::ApiGatewayV2::Deployment), got the boolean false" },
    { name: 'a stage rate limit below 0', options: { autoDeploy: true, throttle: { rateLimit: -0.5 } }, message: 'throttle.rateLimit must be a number of requests per second >= 0, got -0.5' },
    { name: 'a stage description', options: { autoDeploy: true, description: 'd' }, message: 'description is not supported: lambdaform does not model stage descriptions' },
    { name: 'access logs', options: { autoDeploy: true, accessLogSettings: {} }, message: 'accessLogSettings is not supported: lambdaform does not model access logs' },
    { name: 'stage variables', options: { autoDeploy: true, stageVariables: { a: 'b' } }, message: 'stageVariables is not supported: lambdaform does not model stage variables' },
    { name: 'detailed metrics', options: { autoDeploy: true, detailedMetricsEnabled: true }, message: 'detailedMetricsEnabled is not supported: lambdaform does not model detailed route metrics' },
    { name: 'a domain mapping', options: { autoDeploy: true, domainMapping: {} }, message: 'domainMapping is not supported: lambdaform does not model custom domains (AWS::ApiGatewayV2::DomainName, ApiMapping); write them with CfnResource' },
  ])('refuses $name', ({ options, message }) => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });

    // THEN
    expectLambdaformError(() => api.addStage('Stage', options as never), 'Test/Api/Stage', exactly(message));
  });

  it('refuses a stage besides the default one', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');

    // THEN
    expectLambdaformError(
      () => api.addStage('Prod', { stageName: 'prod', autoDeploy: true }),
      'Test/Api',
      exactly('lambdaform models one stage per HTTP API and this one has its default stage ($default): pass createDefaultStage: false to name your own'),
    );
  });

  it('refuses a second stage', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api', { createDefaultStage: false });
    api.addStage('Prod', { stageName: 'prod', autoDeploy: true });

    // THEN
    const message = exactly("lambdaform models one stage per HTTP API and this one has the stage 'prod' (Test/Api/Prod)");
    expectLambdaformError(() => api.addStage('Beta', { stageName: 'beta', autoDeploy: true }), 'Test/Api', message);
    expectLambdaformError(() => new HttpStage(stack, 'Other', { httpApi: api, stageName: 'beta', autoDeploy: true }), 'Test/Api', message);
  });

  it('refuses an API without a stage when it is synthesized', () => {
    // GIVEN
    const stack = newStack();
    new HttpApi(stack, 'Api', { createDefaultStage: false });

    // THEN
    expectLambdaformError(
      () => Template.fromStack(stack),
      'Test/Api',
      exactly("createDefaultStage is false and the API has no stage: add one with api.addStage('Prod', { stageName: 'prod', autoDeploy: true }) (lambdaform models one stage per HTTP API)"),
    );
  });

  it('refuses throttle without the default stage', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new HttpApi(stack, 'Api', { createDefaultStage: false, throttle: { rateLimit: 1 } }),
      'Test/Api',
      exactly('throttle applies to the default stage, and createDefaultStage is false: give it to the stage, api.addStage(id, { stageName, autoDeploy: true, throttle })'),
    );
  });
});

describe('HttpApi checks at construction', () => {
  it('accepts an apiName of 128 characters and a description of 1,024 (the edges)', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new HttpApi(stack, 'Api', { apiName: 'a'.repeat(128), description: 'd'.repeat(1024) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'a'.repeat(128), Description: 'd'.repeat(1024) });
  });

  it.each([
    { name: 'an apiName of 129 characters', props: { apiName: 'a'.repeat(129) }, message: /^apiName must be 1-128 characters, got 129/ },
    { name: 'an empty apiName', props: { apiName: '' }, message: /^apiName must be 1-128 characters, got 0/ },
    { name: 'a description of 1,025 characters', props: { description: 'd'.repeat(1025) }, message: /^description must be at most 1024 characters, got 1025/ },
    { name: 'createDefaultStage as a string', props: { createDefaultStage: 'no' }, message: exactly("createDefaultStage expects true or false, got the string 'no'") },
    { name: 'a defaultIntegration that is a function', props: { defaultIntegration: newFunction(newStack()) }, message: exactly("defaultIntegration expects a HttpRouteIntegration such as new HttpLambdaIntegration('Default', fn), got a Function") },
  ])('refuses $name', ({ props, message }) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new HttpApi(stack, 'Api', props as never), 'Test/Api', message);
  });

  it.each([
    { prop: 'disableExecuteApiEndpoint', value: true, message: "disableExecuteApiEndpoint is not supported: lambdaform does not model it; set it with the escape hatch api.addPropertyOverride('DisableExecuteApiEndpoint', true)" },
    { prop: 'defaultDomainMapping', value: {}, message: 'defaultDomainMapping is not supported: lambdaform does not model custom domains (AWS::ApiGatewayV2::DomainName, ApiMapping); write them with CfnResource' },
    { prop: 'defaultAuthorizer', value: {}, message: 'defaultAuthorizer is not supported: lambdaform does not model authorizers: its routes have no authorization (AuthorizationType NONE)' },
    { prop: 'defaultAuthorizationScopes', value: ['read'], message: 'defaultAuthorizationScopes is not supported: lambdaform does not model authorizers: its routes have no authorization (AuthorizationType NONE)' },
    { prop: 'routeSelectionExpression', value: true, message: "routeSelectionExpression is not supported: HTTP APIs select routes by '${request.method} ${request.path}' already; to write it, use api.addPropertyOverride('RouteSelectionExpression', '${request.method} ${request.path}')" },
    { prop: 'cors', value: { allowOrigins: ['*'] }, message: "unknown property 'cors'; use corsPreflight" },
    { prop: 'throttling', value: { rateLimit: 1 }, message: "unknown property 'throttling'; use throttle" },
    { prop: 'stageName', value: 'prod', message: "unknown property 'stageName'; use createDefaultStage: false and api.addStage('Prod', { stageName: 'prod', autoDeploy: true }) (aws-cdk-lib's HttpApi has no stageName either)" },
  ])('refuses $prop, naming the supported way', ({ prop, value, message }) => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new HttpApi(stack, 'Api', { [prop]: value } as never), 'Test/Api', exactly(message));
  });

  it('sets DisableExecuteApiEndpoint with the escape hatch its refusal names (CloudFormation and SAM)', () => {
    // GIVEN
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: lambda(newFunction(stack)) });

    // WHEN
    api.addPropertyOverride('DisableExecuteApiEndpoint', true);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    // SAM: an API with overrides stays a plain AWS::ApiGatewayV2::Api, with its routes.
    Template.fromStack(stack, 'sam').hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
  });

  it('reports every problem at once', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const e = thrown(() => new HttpApi(stack, 'Api', { stageName: 'prod', apiNme: 'x' } as never)) as LambdaformError;

    // THEN
    expect(e).toBeInstanceOf(LambdaformError);
    expect(e.problems.map((p) => [p.code, p.property])).toEqual([
      ['unknown-property', 'stageName'],
      ['unknown-property', 'apiNme'],
    ]);
  });
});

describe('addRoutes checks', () => {
  const setup = () => {
    const stack = newStack();
    const fn = newFunction(stack);
    return { stack, fn, api: new HttpApi(stack, 'Api') };
  };

  it.each([
    { path: 'items', message: "route 'GET items': path must start with '/' and contain segments, {param} or a final {proxy+}, got 'items'" },
    { path: '/items/', message: "route 'GET /items/': path must start with '/' and contain segments, {param} or a final {proxy+}, got '/items/'" },
    { path: '/a/{p+}/b', message: "route 'GET /a/{p+}/b': a greedy {param+} must be the last segment" },
    { path: '$default', message: "addRoutes: '$default' is not a path; give the catch-all route's integration as the API's defaultIntegration" },
  ])('refuses the path $path', ({ path, message }) => {
    const { fn, api } = setup();
    expectLambdaformError(() => api.addRoutes({ path, methods: [HttpMethod.GET], integration: lambda(fn) }), 'Test/Api', exactly(message));
  });

  it('refuses a method that is not an HttpMethod', () => {
    const { fn, api } = setup();
    expectLambdaformError(
      () => api.addRoutes({ path: '/x', methods: ['FETCH' as HttpMethod], integration: lambda(fn) }),
      'Test/Api',
      exactly("methods[0] expects a HttpMethod (HttpMethod.ANY, HttpMethod.DELETE, HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.PUT), got the string 'FETCH'"),
    );
  });

  it('refuses an empty list of methods', () => {
    const { fn, api } = setup();
    expectLambdaformError(() => api.addRoutes({ path: '/x', methods: [], integration: lambda(fn) }), 'Test/Api', exactly("addRoutes('/x'): methods must list at least one HttpMethod (leave it out for HttpMethod.ANY)"));
  });

  it('refuses a route defined twice, or a method listed twice', () => {
    const { stack, fn, api } = setup();
    api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], integration: lambda(fn) });
    expectLambdaformError(() => api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], integration: lambda(newFunction(stack, 'Other')) }), 'Test/Api', exactly("route 'GET /items/{id}' is already defined"));
    expectLambdaformError(() => api.addRoutes({ path: '/x', methods: [HttpMethod.PUT, HttpMethod.PUT], integration: lambda(fn) }), 'Test/Api', exactly("route 'PUT /x' is already defined"));
    expectLambdaformError(() => new HttpRoute(stack, 'Again', { httpApi: api, routeKey: HttpRouteKey.with('/items/{id}', HttpMethod.GET), integration: lambda(fn) }), 'Test/Api', exactly("route 'GET /items/{id}' is already defined"));
  });

  it('refuses a second $default route', () => {
    const { stack, fn } = setup();
    const api = new HttpApi(stack, 'Other', { defaultIntegration: lambda(fn) });
    expectLambdaformError(() => new HttpRoute(stack, 'Fallback', { httpApi: api, routeKey: HttpRouteKey.DEFAULT, integration: lambda(fn) }), 'Test/Other', exactly("route '$default' is already defined"));
  });

  it('accepts the same path with another method', () => {
    const { stack, fn, api } = setup();
    api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], integration: lambda(fn) });
    api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.DELETE], integration: lambda(fn) });
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  it.each([
    { name: 'authorizer', options: { authorizer: {} }, message: 'authorizer is not supported: lambdaform does not model authorizers: its routes have no authorization (AuthorizationType NONE)' },
    { name: 'authorizationScopes', options: { authorizationScopes: ['read'] }, message: 'authorizationScopes is not supported: lambdaform does not model authorizers: its routes have no authorization (AuthorizationType NONE)' },
    { name: 'an integration that is a function', options: { integration: 'fn' }, message: "integration expects a HttpRouteIntegration such as new HttpLambdaIntegration('Items', fn), got the string 'fn'" },
  ])('refuses $name', ({ options, message }) => {
    const { fn, api } = setup();
    expectLambdaformError(() => api.addRoutes({ path: '/x', integration: lambda(fn), ...options } as never), 'Test/Api', exactly(message));
  });

  it('refuses a route of an API lambdaform did not make', () => {
    const { stack, fn } = setup();
    expectLambdaformError(
      () => new HttpRoute(stack, 'R', { httpApi: { apiId: 'abc' } as never, routeKey: HttpRouteKey.with('/x'), integration: lambda(fn) }),
      'Test/R',
      exactly('httpApi expects a HttpApi, got an object with keys apiId'),
    );
  });
});

describe('routes whose readable logical ids collide', () => {
  it('gives each its own id (a hash of the route key), both deploying', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Api');
    api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], integration: lambda(newFunction(stack, 'A')) });
    api.addRoutes({ path: '/items/id', methods: [HttpMethod.GET], integration: lambda(newFunction(stack, 'B')) });
    const routes = Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route');
    const ids = Object.keys(routes);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^ApiRouteGetItemsId[0-9A-F]{8}$/);
    expect(Object.values(routes).map((r) => r.Properties!.RouteKey).sort()).toEqual(['GET /items/id', 'GET /items/{id}']);
  });
});
