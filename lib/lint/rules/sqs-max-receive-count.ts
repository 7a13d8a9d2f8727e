import { LambdaformError } from '../../core/errors.js';
import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/**
 * A queue read by Lambda should let a message be received several times before its redrive
 * policy moves it to the dead-letter queue: every receive counts, including those of a batch
 * that failed because the function was throttled, timed out or failed on another message of the
 * same batch. With a low `maxReceiveCount` a healthy message lands in the DLQ after a burst of
 * throttling without ever being processed. AWS recommends at least 5 for Lambda consumers.
 */
export const sqsMaxReceiveCount: Rule = {
  meta: {
    id: 'sqs-max-receive-count',
    severity: 'warning',
    description: "the redrive policy of an SQS queue read by Lambda allows at least `min` receives (AWS recommends 5), so throttled or retried batches do not send healthy messages to the dead-letter queue",
    docs: 'docs/rules.md#sqs-max-receive-count',
    recommended: true,
    defaultOptions: { min: 5 },
  },
  check({ graph, options, report }) {
    const min = minOption(options.min);
    for (const queue of graph.nodes('queue')) {
      const redrive = queue.props.deadLetter;
      if (!redrive || redrive.maxReceiveCount >= min || !isKnown(queue, 'deadLetter')) continue;
      const mappings = graph.edgesFrom(queue.id, 'eventSourceMapping');
      if (mappings.length === 0) continue;
      const consumers = [...new Set(mappings.map((e) => (e.to === undefined ? 'a function outside the stack' : (graph.functionOf(e.to)?.origin.path ?? e.to))))].join(', ');
      const dlq = graph.find(redrive.queue)?.origin.path ?? redrive.queue;
      const n = redrive.maxReceiveCount;
      report({
        at: queue,
        message: `${queue.origin.path} moves a message to its dead-letter queue ${dlq} after ${n} receive${n === 1 ? '' : 's'} (maxReceiveCount ${n}), but it is read by ${consumers}: a throttled invocation, a timeout or another message failing in the same batch each count a receive, so a message can reach the DLQ without having been processed; AWS recommends at least ${min} for Lambda consumers`,
        hint: `set deadLetterQueue.maxReceiveCount of ${queue.origin.path} to at least ${min}`,
        templateHint: `set RedrivePolicy.maxReceiveCount of ${queue.origin.path} to at least ${min}`,
      });
    }
  },
};

/** The `min` option: a whole number of receives that a redrive policy can hold. */
function minOption(value: unknown): number {
  const limit = LIMITS.queue.maxReceiveCount;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < limit.min || value > limit.max) {
    throw new LambdaformError('lint.rules.sqs-max-receive-count', `option min must be a whole number between ${limit.min} and ${limit.max}, got ${JSON.stringify(value)}`, 'invalid-config');
  }
  return value;
}
