import { LambdaformError } from '../../core/errors.js';
import type { NodeKind } from '../../model/types.js';
import type { Rule } from '../types.js';

/** The node kinds whose resources take tags (and that lambdaform tags): what a tagging policy is about. */
const TAGGABLE: readonly NodeKind[] = ['function', 'queue', 'topic', 'bucket', 'table', 'stream', 'api', 'role'];

/**
 * An organisation's tagging policy (cost allocation, ownership, environment) names tag keys every
 * resource must carry. With `required: ['team', 'cost-center']`, a function, queue, topic,
 * bucket, table, stream, API or role without one of those keys (its own tags and the stack's
 * tags together) is reported, naming the missing keys. Tag keys are case-sensitive, as in AWS.
 * With no required keys (the default) the rule reports nothing.
 */
export const missingTags: Rule = {
  meta: {
    id: 'missing-tags',
    severity: 'warning',
    description: 'every taggable resource (function, queue, topic, bucket, table, stream, API, role) carries the tag keys the configuration requires (option `required`)',
    docs: 'docs/rules.md#missing-tags',
    recommended: false,
    defaultOptions: { required: [] },
  },
  check({ graph, options, report }) {
    const required = requiredOption(options.required);
    if (required.length === 0) return;
    for (const kind of TAGGABLE) {
      for (const node of graph.nodes(kind)) {
        const missing = required.filter((k) => !Object.prototype.hasOwnProperty.call(node.tags, k));
        if (missing.length === 0) continue;
        const s = missing.length === 1 ? '' : 's';
        report({
          at: node,
          message: `${node.origin.path} (${kind}) is missing the required tag${s} ${missing.map((k) => `'${k}'`).join(', ')}`,
          hint: `add the tag${s} to the stack (Tags.of(stack).add('${missing[0]}', '...') tags every resource of the stack) or to the construct (its \`tags\` prop, or Tags.of(construct).add(...))`,
        });
      }
    }
  },
};

/** The `required` option: tag keys, each a non-empty string. */
function requiredOption(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string' || k === '')) {
    throw new LambdaformError('lint.rules.missing-tags', `option required must be an array of tag keys (non-empty strings), got ${JSON.stringify(value)}`, 'invalid-config');
  }
  return [...new Set(value as string[])];
}
