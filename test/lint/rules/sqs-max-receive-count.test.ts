import { describe, expect, it } from 'vitest';
import { Queue, SqsEventSource, type Stack } from '../../../lib/all.js';
import { sqsMaxReceiveCount } from '../../../lib/lint/rules/sqs-max-receive-count.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester } from '../../helpers/rule-tester.js';

/** A queue `Q` with the DLQ `Dlq` after `count` receives, read by `Fn` when `read`. */
const redriven = (count: number, read = true) => (stack: Stack) => {
  const q = new Queue(stack, 'Q', { deadLetterQueue: { queue: new Queue(stack, 'Dlq'), maxReceiveCount: count } });
  if (read) newFunction(stack, 'Fn').addEventSource(new SqsEventSource(q));
};

ruleTester(sqsMaxReceiveCount, {
  valid: [
    { name: 'exactly 5, the recommendation', build: redriven(5) },
    { name: 'more than 5', build: redriven(10) },
    { name: 'a queue nobody reads with Lambda', build: redriven(1, false) },
    { name: 'a queue without a DLQ (sqs-redrive-policy asks for one)', build: (s) => newFunction(s, 'Fn').addEventSource(new SqsEventSource(new Queue(s, 'Q'))) },
    { name: 'a lower minimum from the options', build: redriven(3), setting: ['warning', { min: 3 }] },
  ],
  invalid: [
    {
      name: 'below 5',
      build: redriven(3),
      findings: [{ path: 'Test/Q', message: /^Test\/Q moves a message to its dead-letter queue Test\/Dlq after 3 receives \(maxReceiveCount 3\), but it is read by Test\/Fn: .* AWS recommends at least 5 for Lambda consumers$/ }],
    },
    { name: 'a single receive', build: redriven(1), findings: [{ path: 'Test/Q', message: /after 1 receive \(maxReceiveCount 1\)/ }] },
    { name: 'a higher minimum from the options', build: redriven(5), setting: ['warning', { min: 10 }], findings: [{ path: 'Test/Q', message: /AWS recommends at least 10/ }] },
    { name: 'a severity from the configuration', build: redriven(2), setting: 'error', findings: [{ path: 'Test/Q', severity: 'error', message: /after 2 receives/ }] },
  ],
});

describe('sqs-max-receive-count: options', () => {
  it.each([0, 2.5, 'five', 1001])('refuses min %j', (min) => {
    expect(() => findingsOf(sqsMaxReceiveCount, redriven(3), ['warning', { min }])).toThrow(/option min must be a whole number between 1 and 1000, got/);
  });
});
