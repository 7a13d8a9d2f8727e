import { Duration, Queue, SqsEventSource, type SqsEventSourceProps, type Stack } from '../../../lib/all.js';
import { fifoConsistency } from '../../../lib/lint/rules/fifo-consistency.js';
import type { StackModel } from '../../../lib/model/types.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester, withProps } from '../../helpers/rule-tester.js';

/** A model whose edge `id` has `props` changed (an imported template can hold what constructs refuse). */
const withEdgeProps =
  (id: string, props: Record<string, unknown>) =>
  (stack: StackModel): StackModel => ({ ...stack, edges: stack.edges.map((e) => (e.id === id ? ({ ...e, props: { ...e.props, ...props } } as typeof e) : e)) });

/** The queue `Q` (FIFO or not) with the DLQ `Dlq` of the same type, read by `Fn` with `props`. */
const app = (fifo: boolean, props: SqsEventSourceProps = {}) => (stack: Stack) => {
  const q = new Queue(stack, 'Q', { fifo, deadLetterQueue: { queue: new Queue(stack, 'Dlq', { fifo }), maxReceiveCount: 5 } });
  newFunction(stack, 'Fn').addEventSource(new SqsEventSource(q, props));
};

const MAPPING = 'Test/Fn/SqsEventSourceQ';

ruleTester(fifoConsistency, {
  valid: [
    { name: 'a FIFO queue with a FIFO DLQ, read in batches of 10', build: app(true, { batchSize: 10 }) },
    { name: 'a FIFO queue read with the default batch size', build: app(true) },
    { name: 'a standard queue with a standard DLQ, a batch of 100 and a window', build: app(false, { batchSize: 100, maxBatchingWindow: Duration.seconds(5) }) },
    { name: 'an explicit batching window of 0 on a FIFO queue is no window', build: app(true), edit: withEdgeProps(MAPPING, { maxBatchingWindowSeconds: 0 }) },
    { name: 'a queue without a DLQ', build: (s) => newFunction(s, 'Fn').addEventSource(new SqsEventSource(new Queue(s, 'Q', { fifo: true }))) },
  ],
  invalid: [
    {
      name: 'a FIFO queue with a standard DLQ (imported template)',
      build: app(true),
      edit: withProps('Test/Dlq', { fifo: false }),
      findings: [{ path: 'Test/Q', message: /^the dead-letter queue of the FIFO queue Test\/Q is the standard queue Test\/Dlq: SQS refuses a redrive policy whose dead-letter queue is not FIFO too$/ }],
    },
    {
      name: 'a standard queue with a FIFO DLQ (imported template)',
      build: app(false),
      edit: withProps('Test/Dlq', { fifo: true }),
      findings: [{ path: 'Test/Q', message: /^the dead-letter queue of the standard queue Test\/Q is the FIFO queue Test\/Dlq: .* not standard too$/ }],
    },
    {
      name: 'a FIFO mapping with a batch of 11 (imported template)',
      build: app(true),
      edit: withEdgeProps(MAPPING, { batchSize: 11 }),
      findings: [{ path: MAPPING, message: /^Test\/Fn\/SqsEventSourceQ reads the FIFO queue Test\/Q with batchSize 11: Lambda allows at most 10 for a FIFO queue$/ }],
    },
    {
      name: 'a FIFO mapping with a batching window (imported template)',
      build: app(true),
      edit: withEdgeProps(MAPPING, { maxBatchingWindowSeconds: 5 }),
      findings: [{ path: MAPPING, message: /with a batching window of 5 s: Lambda does not support a batching window for FIFO queues$/ }],
    },
    {
      name: 'both on one mapping: two findings',
      build: app(true),
      edit: withEdgeProps(MAPPING, { batchSize: 100, maxBatchingWindowSeconds: 1 }),
      findings: [
        { path: MAPPING, message: /batching window of 1 s/ },
        { path: MAPPING, message: /batchSize 100/ },
      ],
    },
  ],
});
