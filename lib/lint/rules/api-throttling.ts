import type { Rule } from '../types.js';
import { grouped } from '../../core/util.js';

/**
 * API Gateway's default throttle quota per account and Region, shared by every HTTP, REST and
 * WebSocket API of the account in the Region: 10,000 requests per second, with a token bucket
 * of 5,000 requests of burst (2,500 and 1,250 in some newer Regions). A quota AWS can raise, not
 * a setting of the API, so it is not in LIMITS.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
const ACCOUNT_RATE_LIMIT = 10_000;
const ACCOUNT_BURST_LIMIT = 5_000;

const n = grouped;

/**
 * An HTTP API stage without default-route throttling (rate and burst) is limited only by the
 * account-level quota, which every API of the account in the Region shares: a burst of traffic
 * (or abuse) on one API can take the whole quota and get the other APIs' clients 429s, and
 * reaches its functions at up to the full rate. Setting both limits on the stage bounds what one
 * API can take and what its functions receive.
 */
export const apiThrottling: Rule = {
  meta: {
    id: 'api-throttling',
    severity: 'info',
    description: "an HTTP API's stage sets default-route throttling (rate and burst), so one API cannot use up the account's request quota shared by every API in the Region",
    docs: 'docs/rules.md#api-throttling',
    recommended: false,
    equivalents: { cdkNag: ['Serverless-APIGWDefaultThrottling'], serverlessRules: ['ES2003'] },
  },
  check({ graph, report }) {
    const account = `the account-level quota (${n(ACCOUNT_RATE_LIMIT)} requests per second, burst ${n(ACCOUNT_BURST_LIMIT)}, by default), shared by every API of the account in the Region`;
    for (const api of graph.nodes('api')) {
      const t = api.props.throttling;
      const rate = t?.rateLimit;
      const burst = t?.burstLimit;
      if (rate !== undefined && burst !== undefined) continue;
      const stage = `stage ${api.props.stageName} of ${api.origin.path}`;
      const message =
        rate === undefined && burst === undefined
          ? `${stage} has no default-route throttling: its only limit is ${account}, so a burst of traffic on this API can use up that quota, starving the other APIs, and reaches its functions unthrottled`
          : rate === undefined
            ? `${stage} sets a burst limit (${n(burst!)}) but no rate limit: its steady rate is limited only by ${account}`
            : `${stage} sets a rate limit (${n(rate)} requests per second) but no burst limit: its bursts are limited only by ${account}`;
      report({
        at: api,
        message,
        hint: "set both limits to what the API and its functions can take: throttle: { rateLimit: 100, burstLimit: 200 } of the HttpApi or its HttpStage (requests over them get 429 Too Many Requests); keep the functions' concurrency in mind (about rate x duration in seconds)",
      });
    }
  },
};
