import { LIMITS, REST_INTEGRATION_TIMEOUT } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/**
 * API Gateway waits for a route's integration at most its integration timeout (HTTP APIs: 50 ms to
 * 30 s, 30 s by default) and then answers 504. A function behind the route with a longer timeout
 * keeps running after the client has given up: its result is lost, and the time is billed.
 * Versions and aliases run with their function's timeout, so a route to a version or an alias is
 * checked against the function behind it.
 */
export const apiTimeout: Rule = {
  meta: {
    id: 'api-timeout',
    severity: 'warning',
    description: "the function behind an API route has a timeout no longer than the route's integration timeout (30 s by default for HTTP APIs, 29 s for REST APIs), so the client never gets a 504 while the function keeps running",
    docs: 'docs/rules.md#api-timeout',
    recommended: true,
  },
  check({ graph, report }) {
    for (const route of graph.edges('apiRoute')) {
      const rest = route.props.api === 'rest';
      const limit = rest ? REST_INTEGRATION_TIMEOUT : LIMITS.api.integrationTimeout;
      if (route.to === undefined) continue;
      const fn = graph.functionOf(route.to);
      if (!fn || !isKnown(fn, 'timeoutSeconds') || !isKnown(route, 'timeoutMillis')) continue;
      const routeMs = route.props.timeoutMillis ?? limit.default!;
      const fnMs = fn.props.timeoutSeconds * 1000;
      if (fnMs <= routeMs) continue;
      const api = graph.find(route.from);
      const target = graph.find(route.to);
      const via = target && target.id !== fn.id ? ` (through the ${target.kind} ${target.origin.path})` : '';
      const key = route.props.path === '$default' ? '$default' : `${route.props.method} ${route.props.path}`;
      const byDefault = route.props.timeoutMillis === undefined ? `, the ${rest ? 'REST' : 'HTTP'} API default` : '';
      // The longest function timeout that fits the route, in the whole seconds a function timeout takes.
      const fits = Math.floor(routeMs / 1000);
      const lower = fits >= LIMITS.function.timeout.min ? `lower the timeout of ${fn.origin.path} to at most Duration.seconds(${fits})` : undefined;
      const raise =
        fnMs <= limit.max
          ? `give the route's HttpLambdaIntegration timeout: Duration.seconds(${fn.props.timeoutSeconds})`
          : lower === undefined
            ? `give the route's HttpLambdaIntegration a longer timeout (at most Duration.seconds(${limit.max / 1000})) and lower the function's timeout to match`
            : undefined;
      const fixes = [lower, raise].filter((f): f is string => f !== undefined);
      const longWork = fnMs > limit.max ? `; work that takes longer than ${seconds(limit.max)} does not belong behind an API: answer 202 and hand it to a queue or an asynchronous invocation` : '';
      report({
        at: route,
        message: `route '${key}' of ${api?.origin.path ?? route.from} invokes ${fn.origin.path}${via}, whose timeout (${fn.props.timeoutSeconds} s) is longer than the route's integration timeout (${seconds(routeMs)}${byDefault}): past ${seconds(routeMs)} the client gets a 504 while the function keeps running, and is billed, for up to ${fn.props.timeoutSeconds} s`,
        hint: `${fixes.join(', or ')}${longWork}`,
        templateHint: `${[
          fits >= LIMITS.function.timeout.min ? `lower the Timeout of ${fn.origin.path} to at most ${fits}` : undefined,
          fnMs <= limit.max ? `set TimeoutInMillis: ${fnMs} on the ${rest ? "method's Integration (SAM: the Api event)" : 'integration (SAM: the HttpApi event)'}` : undefined,
        ]
          .filter((f): f is string => f !== undefined)
          .join(', or ')}${longWork}`,
      });
    }
  },
};

/** Milliseconds as seconds for messages: `30 s`, `0.5 s`. */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
