import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/**
 * When a function fails on one message of an SQS batch, the whole batch becomes visible again
 * after the visibility timeout: the messages that succeeded are processed again (and their
 * receive count grows towards the dead-letter queue). With `ReportBatchItemFailures` the
 * function returns the ids of the failed messages and only they return to the queue. A batch of
 * one message needs neither.
 */
export const sqsPartialBatch: Rule = {
  meta: {
    id: 'sqs-partial-batch',
    severity: 'warning',
    description: 'an SQS event source mapping with batches of more than one message reports batch item failures, so one failing message does not send the whole batch back to the queue',
    docs: 'docs/rules.md#sqs-partial-batch',
    recommended: true,
  },
  check({ graph, report }) {
    for (const e of graph.edges('eventSourceMapping')) {
      if (e.props.sourceType !== 'sqs' || e.props.reportBatchItemFailures || !isKnown(e, 'batchSize')) continue;
      const batch = e.props.batchSize ?? LIMITS.sqsMapping.batchSize.default!;
      if (batch <= 1) continue;
      const queue = graph.find(e.from)?.origin.path ?? e.from;
      const fn = e.to === undefined ? 'a function outside the stack' : (graph.functionOf(e.to)?.origin.path ?? e.to);
      const set = e.props.batchSize === undefined ? ', the SQS default' : '';
      report({
        at: e,
        message: `${e.origin.path} gives ${fn} batches of up to ${batch} messages (batchSize ${batch}${set}) from ${queue} without ReportBatchItemFailures: when one message fails, the whole batch returns to ${queue} and ${batch === 2 ? 'the other message' : `up to ${batch - 1} other messages`}, even when processed successfully, are received and processed again`,
        hint: `set reportBatchItemFailures: true on the mapping and return { batchItemFailures: [{ itemIdentifier: record.messageId }] } for the failed messages (or use batchSize: 1)`,
        templateHint: `set FunctionResponseTypes: [ReportBatchItemFailures] on the mapping (the SQS event in SAM) and return { batchItemFailures: [{ itemIdentifier: record.messageId }] } for the failed messages (or set BatchSize: 1)`,
      });
    }
  },
};
