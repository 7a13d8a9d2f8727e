import type { AliasNode, VersionNode } from '../../model/types.js';
import type { Rule } from '../types.js';

/**
 * Provisioned concurrency keeps execution environments of a published version initialised; Lambda
 * refuses it on `$LATEST`, so an alias of `$LATEST` with provisioned concurrency fails to deploy
 * (an error; constructs refuse it, imported templates can hold it). A function's reserved
 * concurrency caps how many environments it runs at once, so provisioned concurrency above it
 * (summed over the function's versions and aliases) can never all be used, yet every provisioned
 * environment is billed (a warning).
 */
export const provisionedConcurrencyTarget: Rule = {
  meta: {
    id: 'provisioned-concurrency-target',
    severity: 'error',
    description: "provisioned concurrency is set on a published version or an alias of one, never on $LATEST, and is not above the function's reserved concurrency",
    docs: 'docs/rules.md#provisioned-concurrency-target',
    recommended: true,
  },
  check({ graph, report }) {
    for (const alias of graph.nodes('alias')) {
      const pc = alias.props.provisionedConcurrency;
      if (pc === undefined || pc <= 0 || alias.props.version !== '$LATEST') continue;
      const fn = graph.functionOf(alias.id);
      report({
        at: alias,
        severity: 'error',
        message: `alias ${alias.props.aliasName} (${alias.origin.path}) has provisioned concurrency (${pc}) but points at $LATEST of ${fn?.origin.path ?? alias.props.functionId}: Lambda allows provisioned concurrency only on a published version or an alias of one, so the deploy fails`,
        hint: `point the alias at a published version (version: fn.currentVersion; in a template, FunctionVersion: !GetAtt <Version>.Version)`,
      });
    }
    for (const fn of graph.nodes('function')) {
      const reserved = fn.props.reservedConcurrency;
      if (reserved === undefined) continue;
      const provisioned: Array<AliasNode | VersionNode> = [
        ...graph.versionsOf(fn.id).filter((v) => (v.props.provisionedConcurrency ?? 0) > 0),
        ...graph.aliasesOf(fn.id).filter((a) => (a.props.provisionedConcurrency ?? 0) > 0 && a.props.version !== '$LATEST'),
      ];
      const total = provisioned.reduce((sum, q) => sum + q.props.provisionedConcurrency!, 0);
      if (total <= reserved) continue;
      const each = provisioned.map((q) => `${q.origin.path} (${q.props.provisionedConcurrency})`).join(', ');
      report({
        at: fn,
        severity: 'warning',
        message: `${fn.origin.path} has ${total} provisioned concurrency (${each}) but reserves only ${reserved} concurrent executions: it never runs more than ${reserved} at once, so ${total - reserved} of the provisioned environments cannot be used, and all of them are billed`,
        hint: `lower the provisioned concurrency to at most ${reserved} in all, or raise the function's reservedConcurrentExecutions to at least ${total}`,
      });
    }
  },
};
