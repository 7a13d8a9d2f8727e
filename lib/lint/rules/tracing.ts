import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';
import { grouped } from '../../core/util.js';

/**
 * AWS X-Ray prices: traces recorded cost $5.00 per million ($0.000005 each) beyond a free tier of
 * 100,000 a month; X-Ray samples requests, so only a share of them is recorded. Prices, not
 * limits: not in LIMITS. https://aws.amazon.com/xray/pricing/
 */
const PRICE_PER_MILLION_TRACES_USD = 5;
const FREE_TRACES_PER_MONTH = 100_000;

/**
 * A function without X-Ray tracing (`tracing` not set, or `PassThrough`, which traces only the
 * requests a caller already sampled) leaves no trace of where a slow or failed request spent its
 * time: no service map, no init and invocation segments, no timings of the calls to other AWS
 * services. Active tracing samples requests itself; its cost is small and proportional to the
 * sampled traffic. Reported as information (strict preset): a team with another tracer
 * (OpenTelemetry, a vendor's) can turn the rule off.
 */
export const tracing: Rule = {
  meta: {
    id: 'tracing',
    severity: 'info',
    description: 'a function has active X-Ray tracing, so slow and failed requests can be followed through the functions and AWS services they touch',
    docs: 'docs/rules.md#tracing',
    recommended: false,
    equivalents: { cdkNag: ['Serverless-LambdaTracing'], serverlessRules: ['WS1000'] },
  },
  check({ graph, report }) {
    const cost = `it costs $${PRICE_PER_MILLION_TRACES_USD} per million traces recorded beyond ${grouped(FREE_TRACES_PER_MONTH)} free a month, and only sampled requests are recorded`;
    const gives = 'a service map and, per sampled request, the time spent in init, in the handler and in each call to other AWS services';
    for (const fn of graph.nodes('function')) {
      if (!isKnown(fn, 'tracing')) continue;
      const mode = fn.props.tracing;
      if (mode === 'Active') continue;
      const state = mode === 'PassThrough' ? 'traces only requests its caller already sampled (PassThrough)' : 'has no X-Ray tracing';
      report({
        at: fn,
        message: `${fn.origin.path} ${state}: active tracing gives ${gives}; ${cost}`,
        templateHint: "set TracingConfig: { Mode: Active } on the function (SAM: Tracing: Active) and allow xray:PutTraceSegments and xray:PutTelemetryRecords (the AWSXRayDaemonWriteAccess managed policy)",
        hint: 'set tracing: Tracing.ACTIVE (the role gets AWSXRayDaemonWriteAccess); to time the SDK calls, instrument the clients (Powertools for AWS Lambda Tracer, or the X-Ray SDK); if you trace with another tool, turn this rule off',
      });
    }
  },
};
