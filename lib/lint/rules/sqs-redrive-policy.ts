import { LIMITS } from '../../model/defaults.js';
import type { StackGraph } from '../../model/graph.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/**
 * A queue read by Lambda needs a dead-letter queue (a redrive policy): without one, a message
 * the function can never process (a poison message) returns to the queue after every visibility
 * timeout and is received again and again until the retention period deletes it, costing an
 * invocation each time and, in a FIFO queue, blocking its message group. The DLQ belongs on the
 * queue: an SQS mapping has no on-failure destination, and the function's own DLQ only serves
 * asynchronous invocations.
 *
 * A queue nobody reads is not this rule's business, and a queue that is itself a dead-letter
 * queue or failure destination (of another queue, a function, a rule target, an SNS subscription or a stream mapping)
 * is exempt, even when a function reads it to redrive or inspect failures: it is not asked for a
 * DLQ of its own.
 */
export const sqsRedrivePolicy: Rule = {
  meta: {
    id: 'sqs-redrive-policy',
    severity: 'warning',
    description: 'an SQS queue read by a Lambda event source mapping has a dead-letter queue (redrive policy), unless it is itself a dead-letter queue',
    docs: 'docs/rules.md#sqs-redrive-policy',
    recommended: true,
    equivalents: { cdkNag: ['Serverless-SQSRedrivePolicy', 'AwsSolutions-SQS3'], serverlessRules: ['ES6000'] },
  },
  check({ graph, report }) {
    const sinks = failureSinks(graph);
    for (const queue of graph.nodes('queue')) {
      if (queue.props.deadLetter || !isKnown(queue, 'deadLetter')) continue;
      const mappings = graph.edgesFrom(queue.id, 'eventSourceMapping');
      if (mappings.length === 0 || sinks.has(queue.id)) continue;
      const consumers = [...new Set(mappings.map((e) => (e.to === undefined ? 'a function outside the stack' : (graph.functionOf(e.to)?.origin.path ?? e.to))))].join(', ');
      const retention = queue.props.retentionPeriodSeconds ?? LIMITS.queue.retentionPeriod.default!;
      const set = queue.props.retentionPeriodSeconds === undefined ? ', the SQS default' : '';
      const fifo = queue.props.fifo ? ', blocking its message group all that time' : '';
      report({
        at: queue,
        message: `${queue.origin.path} is read by ${consumers} but has no dead-letter queue: a message that always fails returns to the queue after every visibility timeout and is received again until the retention period (${retention} s${set}) deletes it${fifo}, and is then lost without a trace`,
        hint: `give ${queue.origin.path} deadLetterQueue: { queue: new Queue(...${queue.props.fifo ? ', { fifo: true }' : ''}), maxReceiveCount: 5 } (the DLQ belongs on the queue, not on the function or the mapping)`,
        templateHint: `give ${queue.origin.path} a RedrivePolicy: { deadLetterTargetArn: !GetAtt <Dlq>.Arn, maxReceiveCount: 5 }, <Dlq> another AWS::SQS::Queue${queue.props.fifo ? ' with FifoQueue: true' : ''} (the DLQ belongs on the queue, not on the function or the mapping)`,
      });
    }
  },
};

/** Queues that receive what failed elsewhere: dead-letter queues and failure destinations, by id. */
function failureSinks(graph: StackGraph): Set<string> {
  const out = new Set<string>();
  for (const q of graph.nodes('queue')) {
    const dlq = q.props.deadLetter?.queue;
    if (dlq !== undefined) out.add(dlq);
    if (graph.deadLetterSources(q.id).length > 0) out.add(q.id);
  }
  for (const e of graph.edges('destination')) {
    if (e.props.condition !== 'onSuccess' && e.to !== undefined && isQueue(graph, e.to)) out.add(e.to);
  }
  for (const e of graph.edges('eventSourceMapping')) {
    if (e.props.onFailure !== undefined && isQueue(graph, e.props.onFailure)) out.add(e.props.onFailure);
  }
  return out;
}

function isQueue(graph: StackGraph, id: string): boolean {
  return graph.find(id)?.kind === 'queue';
}
