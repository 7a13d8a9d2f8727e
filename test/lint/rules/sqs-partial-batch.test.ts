import { Duration, KinesisEventSource, Queue, SqsEventSource, StartingPosition, Stream, type SqsEventSourceProps, type Stack } from '../../../lib/all.js';
import { sqsPartialBatch } from '../../../lib/lint/rules/sqs-partial-batch.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** The queue `Q` (FIFO when asked) read by `Fn` with the mapping options `props`. */
const mapping = (props: SqsEventSourceProps = {}, fifo = false) => (stack: Stack) => {
  newFunction(stack, 'Fn').addEventSource(new SqsEventSource(new Queue(stack, 'Q', { fifo }), props));
};

ruleTester(sqsPartialBatch, {
  valid: [
    { name: 'the default batch with ReportBatchItemFailures', build: mapping({ reportBatchItemFailures: true }) },
    { name: 'a large batch with ReportBatchItemFailures', build: mapping({ batchSize: 100, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true }) },
    { name: 'a batch of one message', build: mapping({ batchSize: 1 }) },
    {
      name: 'stream mappings are not SQS mappings',
      build: (s) => newFunction(s, 'Fn').addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST })),
    },
  ],
  invalid: [
    {
      name: 'the default batch size (10)',
      build: mapping(),
      findings: [{ path: 'Test/Fn/SqsEventSourceQ', message: /^Test\/Fn\/SqsEventSourceQ gives Test\/Fn batches of up to 10 messages \(batchSize 10, the SQS default\) from Test\/Q without ReportBatchItemFailures: .* up to 9 other messages, even when processed successfully, are received and processed again$/ }],
    },
    { name: 'a batch of 2', build: mapping({ batchSize: 2 }), findings: [{ path: 'Test/Fn/SqsEventSourceQ', message: /batches of up to 2 messages \(batchSize 2\) from Test\/Q .* and the other message, even when/ }] },
    { name: 'a FIFO queue', build: mapping({ batchSize: 10 }, true), findings: [{ path: 'Test/Fn/SqsEventSourceQ', message: /batchSize 10\) from Test\/Q without ReportBatchItemFailures/ }] },
    {
      name: 'a large batch with a window',
      build: mapping({ batchSize: 500, maxBatchingWindow: Duration.seconds(10) }),
      findings: [{ path: 'Test/Fn/SqsEventSourceQ', message: /batches of up to 500 messages/ }],
    },
  ],
});
