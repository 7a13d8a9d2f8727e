/**
 * SDK clients, database connections and HTTP agents belong outside the handler: code at module
 * level runs once per execution environment (the init phase), the handler on every invocation.
 * A client created in the handler opens new connections (TLS handshakes, credential lookups, a
 * database login) every time, where a module-level one reuses them on warm invocations.
 *
 * Reads the handler's source (lib/lint/handlers): its body and the same-file functions it calls.
 * A client cached lazily in a module-level variable (`client ??= new S3Client({})`,
 * `if (!pool) pool = new Pool()`) is the right pattern and is not reported.
 */
import { formatLocation, type Construction } from '../handlers/types.js';
import type { Rule } from '../types.js';

/** Why each kind of construction costs, per invocation. */
const COST: Readonly<Record<Construction['kind'], string>> = {
  'aws-sdk-v3': 'so warm invocations reuse it and its connections',
  'aws-sdk-v2': 'so warm invocations reuse it and its connections',
  database: 'so warm invocations reuse its connections (one per invocation also uses up the database connection limit)',
  http: 'so warm invocations reuse its kept-alive connections',
};

export const initInHandler: Rule = {
  meta: {
    id: 'init-in-handler',
    severity: 'warning',
    description: 'SDK clients, database connections and HTTP agents are created once per execution environment, not in the handler',
    docs: 'docs/rules.md#init-in-handler',
    recommended: true,
  },
  check({ graph, handlers, report }) {
    for (const fn of graph.nodes('function')) {
      const analysis = handlers.of(fn);
      if (analysis.status !== 'analyzed') continue;
      for (const c of analysis.constructions) {
        const via = c.via.length > 0 ? ` (in ${c.via.join(' -> ')}, which the handler calls)` : '';
        report({
          at: fn,
          message: `${c.what} at ${formatLocation(c.at)}${via} runs on every invocation: create it once at module level (outside the handler) ${COST[c.kind]}`,
          hint: `move ${c.what} next to the imports (const client = ${c.what.replace(/\(\)$/, '(...)')}) and use it in the handler, or create it once lazily in a module-level variable (client ??= ...)`,
        });
      }
    }
  },
};
