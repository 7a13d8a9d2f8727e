// Queue names: 1-80 characters; a FIFO name is at most 75 characters plus `.fifo`.
import { expect, it } from 'vitest';
import { LambdaformError, Queue } from '../../lib/index.js';
import { Template } from '../../lib/testing/index.js';
import { newStack } from '../helpers/app.js';

it('accepts an 80-character standard name and a 75+.fifo FIFO name', () => {
  const stack = newStack();
  new Queue(stack, 'A', { queueName: 'a'.repeat(80) });
  new Queue(stack, 'B', { queueName: `${'b'.repeat(75)}.fifo` });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'a'.repeat(80) });
  t.hasResourceProperties('AWS::SQS::Queue', { QueueName: `${'b'.repeat(75)}.fifo`, FifoQueue: true });
});

it.each([['a'.repeat(81)], [`${'b'.repeat(76)}.fifo`], ['has space']])('refuses queueName %j', (queueName) => {
  const stack = newStack();
  expect(() => new Queue(stack, 'Q', { queueName })).toThrow(LambdaformError);
  expect(() => new Queue(newStack(), 'Q', { queueName })).toThrow(/^Test\/Q: queueName must be 1-80 letters, digits, '-' or '_' \(plus '\.fifo'\)/);
});
