import { Duration, Queue, SqsEventSource, type Stack } from '../../../lib/all.js';
import { sqsVisibilityTimeout } from '../../../lib/lint/rules/sqs-visibility-timeout.js';
import { newFunction } from '../../helpers/app.js';
import { describe, expect, it } from 'vitest';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

/** A queue with `visibility` seconds (or the default) read by a function with `timeout` seconds. */
const consumer = (visibility: number | undefined, timeout: number, window?: number) => (stack: Stack) => {
  const q = new Queue(stack, 'Q', visibility === undefined ? {} : { visibilityTimeout: Duration.seconds(visibility) });
  newFunction(stack, 'Fn', { timeout: Duration.seconds(timeout) }).addEventSource(new SqsEventSource(q, window === undefined ? {} : { maxBatchingWindow: Duration.seconds(window) }));
};

ruleTester(sqsVisibilityTimeout, {
  valid: [
    { name: 'exactly 6 x the timeout', build: consumer(180, 30) },
    { name: '6 x the timeout + the batching window', build: consumer(185, 30, 5) },
    { name: 'the SQS default (30 s) for a 5 s function', build: consumer(undefined, 5) },
    { name: 'a lower ratio from the options', build: consumer(60, 30), setting: ['error', { ratio: 2 }] },
    { name: 'a queue nobody reads', build: (s) => void new Queue(s, 'Q', { visibilityTimeout: Duration.seconds(1) }) },
  ],
  invalid: [
    {
      name: 'below 1 x (an imported template; constructs refuse it): an error',
      build: consumer(180, 30),
      edit: withProps('Test/Q', { visibilityTimeoutSeconds: 20 }),
      findings: [{ path: 'Test/Fn/SqsEventSourceQ', severity: 'error', message: /visibility timeout of Test\/Q \(20 s\) is shorter than the timeout of Test\/Fn \(30 s\): CloudFormation refuses this mapping/ }],
    },
    {
      name: 'below 6 x: a warning',
      build: consumer(179, 30),
      findings: [{ path: 'Test/Fn/SqsEventSourceQ', severity: 'warning', message: /visibility timeout of Test\/Q \(179 s\) is less than 6 x the timeout of Test\/Fn \(30 s\) = 180 s/ }],
    },
    {
      name: 'the batching window counts',
      build: consumer(184, 30, 5),
      findings: [{ path: 'Test/Fn/SqsEventSourceQ', severity: 'warning', message: /\+ the batching window \(5 s\) = 185 s/ }],
    },
    {
      name: 'the SQS default (30 s) for a 10 s function',
      build: consumer(undefined, 10),
      findings: [{ path: 'Test/Fn/SqsEventSourceQ', severity: 'warning', message: /\(30 s \(the SQS default\)\) is less than 6 x/ }],
    },
  ],
});

describe('options', () => {
  it.each([['six'], [-1], [0.5]])('refuses ratio %j', (ratio) => {
    expect(() => findingsOf(sqsVisibilityTimeout, consumer(60, 30), ['error', { ratio }])).toThrow(/option ratio must be a number of at least 1 \(AWS recommends 6\)/);
  });
});
