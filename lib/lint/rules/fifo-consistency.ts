import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

const kind = (fifo: boolean): string => (fifo ? 'FIFO' : 'standard');

/**
 * FIFO and standard queues do not mix, and Lambda reads FIFO queues under tighter limits. SQS
 * refuses a redrive policy whose dead-letter queue is of the other type (a FIFO queue's DLQ is
 * FIFO, a standard queue's is standard), and Lambda refuses an SQS mapping from a FIFO queue
 * with a batch size above 10 or a batching window. Constructs refuse all of these; an imported
 * template can still hold them, and the deployment would fail.
 */
export const fifoConsistency: Rule = {
  meta: {
    id: 'fifo-consistency',
    severity: 'error',
    description: "a queue's dead-letter queue is of the same type (FIFO or standard), and an SQS mapping from a FIFO queue has a batch size of at most 10 and no batching window",
    docs: 'docs/rules.md#fifo-consistency',
    recommended: true,
    equivalents: { cfnLint: ['E3502', 'E3705'] },
  },
  check({ graph, report }) {
    for (const queue of graph.nodes('queue')) {
      const redrive = queue.props.deadLetter;
      const dlq = redrive && graph.find(redrive.queue);
      if (dlq?.kind !== 'queue' || dlq.props.fifo === queue.props.fifo) continue;
      const fifo = queue.props.fifo;
      report({
        at: queue,
        message: `the dead-letter queue of the ${kind(fifo)} queue ${queue.origin.path} is the ${kind(!fifo)} queue ${dlq.origin.path}: SQS refuses a redrive policy whose dead-letter queue is not ${kind(fifo)} too`,
        hint: fifo ? `make ${dlq.origin.path} a FIFO queue (fifo: true, a name ending in '.fifo'), or use another FIFO queue as the dead-letter queue` : `use a standard queue as the dead-letter queue of ${queue.origin.path}`,
      });
    }
    const maxBatch = LIMITS.sqsMapping.batchSizeFifo.max;
    for (const e of graph.edges('eventSourceMapping')) {
      if (e.props.sourceType !== 'sqs') continue;
      const queue = graph.find(e.from);
      if (queue?.kind !== 'queue' || !queue.props.fifo || !isKnown(e, 'batchSize') || !isKnown(e, 'maxBatchingWindowSeconds')) continue;
      const batch = e.props.batchSize;
      if (batch !== undefined && batch > maxBatch) {
        report({
          at: e,
          message: `${e.origin.path} reads the FIFO queue ${queue.origin.path} with batchSize ${batch}: Lambda allows at most ${maxBatch} for a FIFO queue`,
          hint: `set batchSize to ${maxBatch} or less`,
          templateHint: `set BatchSize to ${maxBatch} or less on the mapping`,
        });
      }
      const window = e.props.maxBatchingWindowSeconds ?? 0;
      if (window > 0) {
        report({
          at: e,
          message: `${e.origin.path} reads the FIFO queue ${queue.origin.path} with a batching window of ${window} s: Lambda does not support a batching window for FIFO queues`,
          hint: 'remove maxBatchingWindow from the mapping',
          templateHint: 'remove MaximumBatchingWindowInSeconds from the mapping',
        });
      }
    }
  },
};
