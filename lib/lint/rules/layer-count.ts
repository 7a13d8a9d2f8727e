import { LIMITS } from '../../model/defaults.js';
import type { ModelValue } from '../../model/types.js';
import type { Rule } from '../types.js';
import { showValue } from '../show.js';

const show = (v: ModelValue): string => showValue(v, 'id');

/**
 * Lambda mounts at most 5 layers per function; CloudFormation fails to create or update a function
 * with more. Constructs refuse a sixth layer, so this finds it in imported templates.
 */
export const layerCount: Rule = {
  meta: {
    id: 'layer-count',
    severity: 'error',
    description: `a function has at most ${LIMITS.function.layers.max} layers (Lambda's limit)`,
    docs: 'docs/rules.md#layer-count',
    recommended: true,
  },
  check({ graph, report }) {
    const max = LIMITS.function.layers.max;
    for (const fn of graph.nodes('function')) {
      const layers = fn.props.layers;
      if (layers.length <= max) continue;
      report({
        at: fn,
        message: `${fn.origin.path} has ${layers.length} layers, more than the ${max} Lambda allows per function, so the deploy fails: ${layers.map(show).join(', ')}`,
        hint: `use at most ${max} layers: merge layers into one (a Node.js layer holds any number of packages under nodejs/node_modules), or bundle the dependencies into the function's code`,
      });
    }
  },
};
