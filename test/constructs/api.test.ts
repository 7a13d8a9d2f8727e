// Api: the HTTP API, its stage, one integration + route + permission per route, CORS,
// throttling, the invoke URL, and the route keys and settings refused at construction.
import { describe, expect, it } from 'vitest';
import { Api, CfnOutput, Duration } from '../../lib/all.js';
import { Match, Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { expectLambdaformError } from '../helpers/errors.js';


const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };
const sourceArn = (suffix: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}${suffix}` });

describe('Api', () => {
  it('renders an HTTP API with an auto-deployed $default stage', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Api(stack, 'Api');

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
  });

  it('renders an integration, a route and a permission for GET /items/{id}', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new Api(stack, 'Api', { apiName: 'items-api' });

    // WHEN
    api.addRoute('GET /items/{id}', fn);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'items-api', ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResource('AWS::ApiGatewayV2::Integration', {
      Properties: Match.objectEquals({
        ApiId: { Ref: 'Api' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: FN_ARN,
        PayloadFormatVersion: '2.0',
      }),
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResource('AWS::ApiGatewayV2::Route', {
      Properties: Match.objectEquals({
        ApiId: { Ref: 'Api' },
        RouteKey: 'GET /items/{id}',
        Target: { 'Fn::Sub': 'integrations/${ApiRouteGetItemsIdIntegration}' },
      }),
    });
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'))).toEqual(['ApiRouteGetItemsIdIntegration']);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResource('AWS::Lambda::Permission', {
      Properties: Match.objectEquals({
        Action: 'lambda:InvokeFunction',
        FunctionName: FN_ARN,
        Principal: 'apigateway.amazonaws.com',
        SourceArn: sourceArn('/*/GET/items/*'),
      }),
    });
  });

  it("scopes the permission of an ANY route to every method ('*')", () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new Api(stack, 'Api');

    // WHEN
    api.addRoute('ANY /orders/{proxy+}', fn);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /orders/{proxy+}' });
    template.hasResourceProperties('AWS::Lambda::Permission', { SourceArn: sourceArn('/*/*/orders/*') });
  });

  it('renders one integration, route and permission per route', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const other = newFunction(stack, 'Other');
    const api = new Api(stack, 'Api');

    // WHEN
    api.addRoute('GET /items', fn);
    api.addRoute('POST /items', other, { payloadFormatVersion: '1.0', timeout: Duration.seconds(10) });
    api.addRoute('$default', fn);

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 3);
    template.resourceCountIs('AWS::Lambda::Permission', 3);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': ['Other', 'Arn'] },
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 10_000,
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': ['Other', 'Arn'] }, SourceArn: sourceArn('/*/POST/items') });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: FN_ARN, SourceArn: sourceArn('/*/$default') });
  });

  it('integrates with an alias by its ARN', () => {
    // GIVEN
    const stack = newStack();
    const alias = newFunction(stack).addAlias('live');
    const api = new Api(stack, 'Api');

    // WHEN
    api.addRoute('GET /', alias);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: 'FnAliaslive' } });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { Ref: 'FnAliaslive' }, SourceArn: sourceArn('/*/GET/') });
  });

  it('renders the CORS configuration', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Api(stack, 'Api', {
      cors: {
        allowOrigins: ['https://example.com'],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-request-id'],
        allowCredentials: true,
        maxAge: Duration.hours(1),
      },
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectEquals({
        AllowOrigins: ['https://example.com'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['content-type'],
        ExposeHeaders: ['x-request-id'],
        AllowCredentials: true,
        MaxAge: 3600,
      }),
    });
  });

  it("defaults CORS methods to '*' and leaves out empty lists", () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Api(stack, 'Api', { cors: { allowOrigins: ['*'] } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectEquals({ AllowOrigins: ['*'], AllowMethods: ['*'] }),
    });
  });

  it('renders throttling as the stage DefaultRouteSettings', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new Api(stack, 'Api', { throttling: { rateLimit: 100, burstLimit: 50 } });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectEquals({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }),
    });
  });

  it('renders api.url of the $default stage as ${Api.ApiEndpoint}/', () => {
    // GIVEN
    const stack = newStack();
    const api = new Api(stack, 'Api');

    // WHEN
    new CfnOutput(stack, 'Url', { value: api.url });
    new CfnOutput(stack, 'ItemsUrl', { value: `${api.url}items` });

    // THEN
    const template = Template.fromStack(stack);
    template.hasOutput('Url', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/' } });
    template.hasOutput('ItemsUrl', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/items' } });
  });

  it('renders a named stage and its url ${Api.ApiEndpoint}/prod/', () => {
    // GIVEN
    const stack = newStack();
    const api = new Api(stack, 'Api', { stageName: 'prod' });

    // WHEN
    new CfnOutput(stack, 'Url', { value: api.url });

    // THEN
    const template = Template.fromStack(stack);
    expect(api.stageName).toBe('prod');
    template.hasOutput('Url', { Value: { 'Fn::Sub': '${Api.ApiEndpoint}/prod/' } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'prod', AutoDeploy: true, ApiId: { Ref: 'Api' } });
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'))).toEqual(['ApiProdStage']);
  });
});

describe('Api checks at construction', () => {
  it.each([
    { routeKey: 'GET items', detail: /route 'GET items': path must start with '\/'/ },
    { routeKey: 'FETCH /x', detail: /route 'FETCH \/x': method must be one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, got 'FETCH'/ },
    { routeKey: 'GET /a/{p+}/b', detail: /route 'GET \/a\/\{p\+\}\/b': a greedy \{param\+\} must be the last segment/ },
    { routeKey: 'GET', detail: /route key must be 'METHOD \/path' \(e.g. 'GET \/items\/\{id\}'\) or '\$default', got 'GET'/ },
  ])('refuses the route key $routeKey', ({ routeKey, detail }) => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new Api(stack, 'Api');

    // THEN
    expectLambdaformError(() => api.addRoute(routeKey, fn), 'Test/Api', detail);
  });

  it('refuses a route defined twice', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const other = newFunction(stack, 'Other');
    const api = new Api(stack, 'Api');
    api.addRoute('GET /items/{id}', fn);

    // THEN
    expectLambdaformError(() => api.addRoute('GET /items/{id}', other), 'Test/Api', /route 'GET \/items\/\{id\}' is already defined/);
  });

  it('accepts the same path with another method', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack);
    const api = new Api(stack, 'Api');
    api.addRoute('GET /items/{id}', fn);

    // WHEN
    api.addRoute('DELETE /items/{id}', fn);

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  it("refuses cors allowCredentials with the '*' origin", () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(
      () => new Api(stack, 'Api', { cors: { allowOrigins: ['*'], allowCredentials: true } }),
      'Test/Api',
      /cors.allowCredentials cannot be used with allowOrigins '\*'; list the origins/,
    );
  });

  it('refuses an invalid stage name', () => {
    // GIVEN
    const stack = newStack();

    // THEN
    expectLambdaformError(() => new Api(stack, 'Api', { stageName: 'my stage' }), 'Test/Api', /stageName must be '\$default' or 1-128 letters, digits, '-' or '_', got 'my stage'/);
  });
});

describe('routes whose readable logical ids collide', () => {
  it('gives each its own id (a hash of the route key), both deploying', () => {
    const stack = newStack();
    const api = new Api(stack, 'Api');
    api.addRoute('GET /items/{id}', newFunction(stack, 'A'));
    api.addRoute('GET /items/id', newFunction(stack, 'B'));
    const routes = Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route');
    const ids = Object.keys(routes);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^ApiRouteGetItemsId[0-9A-F]{8}$/);
    expect(Object.values(routes).map((r) => r.Properties!.RouteKey).sort()).toEqual(['GET /items/id', 'GET /items/{id}']);
  });
});
