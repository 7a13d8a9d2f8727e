import { HttpApi, HttpLambdaIntegration, type Stack } from '../../../lib/all.js';
import { HttpMethod, type ThrottleSettings } from '../../../lib/modules/aws-apigatewayv2.js';
import { apiThrottling } from '../../../lib/lint/rules/api-throttling.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

/** An API `Api` with a route to `Fn`, and stage throttling `throttling` (of its default stage, or of the stage `stageName`). */
const api = (throttling?: ThrottleSettings, stageName?: string) => (stack: Stack) =>
  {
    const api = stageName ? new HttpApi(stack, 'Api', { createDefaultStage: false }) : new HttpApi(stack, 'Api', { ...(throttling ? { throttle: throttling } : {}) });
    if (stageName) api.addStage('Stage', { stageName, autoDeploy: true, ...(throttling ? { throttle: throttling } : {}) });
    api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Items', newFunction(stack, 'Fn')) });
  };

ruleTester(apiThrottling, {
  valid: [
    { name: 'rate and burst limits', build: api({ rateLimit: 100, burstLimit: 200 }) },
    { name: 'limits of zero (the API refuses every request: throttled on purpose)', build: api({ rateLimit: 0, burstLimit: 0 }) },
    { name: 'a stack without an API', build: (s) => void newFunction(s, 'Fn') },
  ],
  invalid: [
    {
      name: 'no throttling',
      build: api(),
      findings: [{ path: 'Test/Api', message: /^stage \$default of Test\/Api has no default-route throttling: its only limit is the account-level quota \(10,000 requests per second, burst 5,000, by default\), shared by every API of the account in the Region, so a burst of traffic on this API can use up that quota, starving the other APIs, and reaches its functions unthrottled$/ }],
    },
    { name: 'an empty throttling object', build: api({}), findings: [{ path: 'Test/Api', message: /has no default-route throttling/ }] },
    { name: 'a named stage', build: api(undefined, 'prod'), findings: [{ path: 'Test/Api', message: /^stage prod of Test\/Api has no default-route throttling/ }] },
    { name: 'a rate limit without a burst limit', build: api({ rateLimit: 1000 }), findings: [{ path: 'Test/Api', message: /^stage \$default of Test\/Api sets a rate limit \(1,000 requests per second\) but no burst limit: its bursts are limited only by the account-level quota/ }] },
    { name: 'a burst limit without a rate limit', build: api({ burstLimit: 50 }), findings: [{ path: 'Test/Api', message: /sets a burst limit \(50\) but no rate limit: its steady rate is limited only by the account-level quota/ }] },
    {
      name: 'each API of the stack',
      build: (s) => { new HttpApi(s, 'Public'); new HttpApi(s, 'Admin', { throttle: { rateLimit: 10, burstLimit: 10 } }); new HttpApi(s, 'Internal'); },
      findings: [
        { path: 'Test/Internal', message: /Test\/Internal has no default-route throttling/ },
        { path: 'Test/Public', message: /Test\/Public has no default-route throttling/ },
      ],
    },
    { name: 'an imported model without throttling', build: api({ rateLimit: 1, burstLimit: 1 }), edit: withProps('Test/Api', { throttling: undefined }), findings: [{ path: 'Test/Api', message: /no default-route throttling/ }] },
    { name: 'a severity from the configuration', build: api(), setting: 'warning', findings: [{ path: 'Test/Api', severity: 'warning', message: /no default-route throttling/ }] },
  ],
});
