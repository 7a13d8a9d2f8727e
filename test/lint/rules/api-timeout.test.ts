import { describe, expect, it } from 'vitest';
import { Duration, HttpApi, HttpLambdaIntegration, type Stack } from '../../../lib/all.js';
import { HttpMethod } from '../../../lib/modules/aws-apigatewayv2.js';
import { apiTimeout } from '../../../lib/lint/rules/api-timeout.js';
import { newFunction, TODAY } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';
import { importTemplate } from '../../../lib/import/index.js';
import { parseTemplate } from '../../../lib/import/read.js';
import { lint } from '../../../lib/lint/engine.js';

/** A function with `timeout` seconds behind `GET /items`, with the route's timeout in milliseconds (or the default). */
const behindRoute = (timeout: number, routeMillis?: number, via?: 'alias' | 'version') => (stack: Stack) => {
  const fn = newFunction(stack, 'Fn', { timeout: Duration.seconds(timeout) });
  const target = via === 'alias' ? fn.addAlias('live') : via === 'version' ? fn.currentVersion : fn;
  const integration = new HttpLambdaIntegration('Items', target, routeMillis === undefined ? {} : { timeout: Duration.millis(routeMillis) });
  new HttpApi(stack, 'Api').addRoutes({ path: '/items', methods: [HttpMethod.GET], integration });
};

ruleTester(apiTimeout, {
  valid: [
    { name: 'the function timeout equals the default integration timeout (30 s)', build: behindRoute(30) },
    { name: 'the Lambda default timeout (3 s) behind a default route', build: (s) => new HttpApi(s, 'Api').addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Items', newFunction(s)) }) },
    { name: 'the function timeout equals a shorter route timeout', build: behindRoute(10, 10_000) },
    { name: 'a route timeout that is not whole seconds, above the function timeout', build: behindRoute(5, 5_500) },
    { name: 'through an alias, within the timeout', build: behindRoute(30, undefined, 'alias') },
    { name: 'a long function nothing routes to', build: (s) => void newFunction(s, 'Fn', { timeout: Duration.minutes(15) }) },
  ],
  invalid: [
    {
      name: 'one second over the default integration timeout',
      build: behindRoute(31),
      findings: [{ path: 'Test/Api#route:GET /items', message: /^route 'GET \/items' of Test\/Api invokes Test\/Fn, whose timeout \(31 s\) is longer than the route's integration timeout \(30 s, the HTTP API default\): past 30 s the client gets a 504 while the function keeps running, and is billed, for up to 31 s$/ }],
    },
    {
      name: 'one second over a route timeout',
      build: behindRoute(11, 10_000),
      findings: [{ path: 'Test/Api#route:GET /items', message: /whose timeout \(11 s\) is longer than the route's integration timeout \(10 s\): past 10 s/ }],
    },
    {
      name: 'a route timeout that is not whole seconds, below the function timeout',
      build: behindRoute(6, 5_500),
      findings: [{ path: 'Test/Api#route:GET /items', message: /integration timeout \(5\.5 s\)/ }],
    },
    {
      name: 'through an alias: the function behind it is named',
      build: behindRoute(60, undefined, 'alias'),
      findings: [{ path: 'Test/Api#route:GET /items', message: /invokes Test\/Fn \(through the alias Test\/Fn\/Aliaslive\), whose timeout \(60 s\)/ }],
    },
    {
      name: 'through a version',
      build: behindRoute(45, undefined, 'version'),
      findings: [{ path: 'Test/Api#route:GET /items', message: /invokes Test\/Fn \(through the version Test\/Fn\/CurrentVersion\), whose timeout \(45 s\)/ }],
    },
    {
      name: 'a route shorter than any function timeout (50 ms)',
      build: behindRoute(1, 50),
      findings: [{ path: 'Test/Api#route:GET /items', message: /whose timeout \(1 s\) is longer than the route's integration timeout \(0\.05 s\)/ }],
    },
    {
      name: 'every route to the function is reported',
      build: (s) => {
        const fn = newFunction(s, 'Fn', { timeout: Duration.minutes(5) });
        const api = new HttpApi(s, 'Api');
        api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('List', fn) });
        api.addRoutes({ path: '/items', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('Create', fn, { timeout: Duration.seconds(29) }) });
      },
      findings: [
        { path: 'Test/Api#route:GET /items', message: /\(300 s\) is longer than the route's integration timeout \(30 s, the HTTP API default\)/ },
        { path: 'Test/Api#route:POST /items', message: /\(300 s\) is longer than the route's integration timeout \(29 s\)/ },
      ],
    },
  ],
});

describe('api-timeout: hints', () => {
  it('offers both fixes when the function fits under the HTTP API maximum', () => {
    const [f] = findingsOf(apiTimeout, behindRoute(20, 10_000));
    expect(f!.hint).toBe("lower the timeout of Test/Fn to at most Duration.seconds(10), or give the route's HttpLambdaIntegration timeout: Duration.seconds(20)");
  });

  it('only lowering the function timeout when it is above the maximum, and says where long work belongs', () => {
    const [f] = findingsOf(apiTimeout, behindRoute(120));
    expect(f!.hint).toMatch(/^lower the timeout of Test\/Fn to at most Duration\.seconds\(30\); work that takes longer than 30 s does not belong behind an API/);
  });

  it('raising the route timeout when no function timeout fits under it', () => {
    const [f] = findingsOf(apiTimeout, behindRoute(1, 500));
    expect(f!.hint).toBe("give the route's HttpLambdaIntegration timeout: Duration.seconds(1)");
  });
});

describe('api-timeout: REST API routes (imported templates), at the 29 s REST limit', () => {
  const template = (timeout: number, eventTimeout = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Export:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({ statusCode: 200 });"
      Timeout: ${timeout}
      Events:
        Get:
          Type: Api
          Properties:
            Path: /exports
            Method: get${eventTimeout}
`;
  const lintedAs = (timeout: number, eventTimeout = '') => {
    const stack = importTemplate(parseTemplate(template(timeout, eventTimeout), 'template.yaml'));
    return lint({ version: 2, stacks: [stack] }, { rules: { 'api-timeout': 'warning' } }, [apiTimeout], TODAY);
  };
  const found = (timeout: number, eventTimeout = '') => lintedAs(timeout, eventTimeout).map((f) => f.message);
  it('29 s fits the REST default', () => expect(found(29)).toEqual([]));
  it('30 s is one past it', () => {
    expect(found(30)).toEqual([expect.stringMatching(/^route 'GET \/exports' of ServerlessRestApi invokes Export, whose timeout \(30 s\) is longer than the route's integration timeout \(29 s, the REST API default\)/)]);
  });

  it("the event's TimeoutInMillis, shorter than the function's timeout", () => {
    const findings = lintedAs(20, '\n            TimeoutInMillis: 5000');
    expect(findings.map((f) => f.message)).toEqual([
      "route 'GET /exports' of ServerlessRestApi invokes Export, whose timeout (20 s) is longer than the route's integration timeout (5 s): past 5 s the client gets a 504 while the function keeps running, and is billed, for up to 20 s",
    ]);
    expect(findings[0]!.hint).toBe("lower the Timeout of Export to at most 5, or set TimeoutInMillis: 20000 on the method's Integration (SAM: the Api event)");
  });
  it("the event's TimeoutInMillis, as long as the function's timeout", () => expect(found(20, '\n            TimeoutInMillis: 20000')).toEqual([]));
  it("the event's TimeoutInMillis above 29 s (a raised quota) is the route's, not the REST default", () => {
    expect(found(90, '\n            TimeoutInMillis: 60000')).toEqual([expect.stringMatching(/whose timeout \(90 s\) is longer than the route's integration timeout \(60 s\): past 60 s/)]);
    expect(found(45, '\n            TimeoutInMillis: 60000')).toEqual([]);
  });
});
