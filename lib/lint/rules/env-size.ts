import { LIMITS } from '../../model/defaults.js';
import { environmentBytes, UNKNOWN_ATTRIBUTE_MAX } from '../../model/environment.js';
import type { Rule } from '../types.js';

/**
 * Lambda refuses a function whose environment variables (keys + values) are over 4 KB. Values known
 * only at deploy (queue URLs, ARNs, names) are counted at the longest AWS allows them to be, so an
 * environment that passes cannot fail at deploy: an error when that size is over the limit, a
 * warning when only attributes of raw resources (whose length is not known) could take it over.
 * Constructs refuse literal values over the limit, so this finds imported templates and
 * environments that deploy-time values take over it.
 */
export const envSize: Rule = {
  meta: {
    id: 'env-size',
    severity: 'error',
    description: `a function's environment (keys + values, deploy-time values at their longest) is at most ${LIMITS.function.environmentBytes.max} bytes (Lambda's limit)`,
    docs: 'docs/rules.md#env-size',
    recommended: true,
  },
  check({ graph, report }) {
    const max = LIMITS.function.environmentBytes.max;
    const kindOf = (id: string) => graph.find(id)?.kind;
    for (const fn of graph.nodes('function')) {
      const env = fn.props.environment;
      const size = environmentBytes(env, kindOf);
      const unknownMax = size.bytes + size.unknown * UNKNOWN_ATTRIBUTE_MAX;
      if (size.bytes <= max && unknownMax <= max) continue;
      const largest = Object.entries(env)
        .map(([k, v]) => ({ k, bytes: environmentBytes({ [k]: v }, kindOf).bytes }))
        .sort((a, b) => b.bytes - a.bytes || (a.k < b.k ? -1 : 1))
        .slice(0, 3)
        .map((e) => `${e.k} (${e.bytes} bytes)`)
        .join(', ');
      const hint = `move large values out of the environment: into SSM Parameter Store or Secrets Manager (read once, at module level) or into the code; the largest variables: ${largest}`;
      const s = (n: number) => (n === 1 ? '' : 's');
      if (size.bytes > max) {
        const tokens = size.tokens ? `, counting its ${size.tokens} deploy-time value${s(size.tokens)} (ARNs, URLs, names) at the longest AWS allows` : '';
        report({
          at: fn,
          severity: 'error',
          message: `the environment of ${fn.origin.path} is ${size.bytes} bytes (keys + values${tokens}), over Lambda's limit of ${max} bytes: Lambda refuses the function`,
          hint,
        });
      } else {
        report({
          at: fn,
          severity: 'warning',
          message: `the environment of ${fn.origin.path} is ${size.bytes} bytes plus ${size.unknown} deploy-time value${s(size.unknown)} of raw resources whose length is not known before deploy (up to ${UNKNOWN_ATTRIBUTE_MAX} bytes each): Lambda refuses the function if the resolved environment is over ${max} bytes`,
          hint,
        });
      }
    }
  },
};
