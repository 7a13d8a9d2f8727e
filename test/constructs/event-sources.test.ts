import { describe, expect, it } from 'vitest';
import { KinesisEventSource, LambdaformError, Queue, SqsEventSource, StartingPosition, Stream } from '../../lib/all.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';

describe('event sources: a misspelt prop', () => {
  it('is named with the props of the kind of source (an SQS source lists SQS props, not a stream\'s)', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const sqs = thrown(() => fn.addEventSource(new SqsEventSource(new Queue(stack, 'Q'), { batchSzie: 5 } as never))) as LambdaformError;
    expect(sqs).toBeInstanceOf(LambdaformError);
    expect(sqs.message).toBe("Test/Fn: unknown property 'batchSzie'; did you mean 'batchSize'? (known: batchSize, maxBatchingWindow, reportBatchItemFailures, filters, enabled, maxConcurrency)");
    const kinesis = thrown(() => fn.addEventSource(new KinesisEventSource(new Stream(stack, 'S'), { startingPosition: StartingPosition.LATEST, retryAtempts: 2 } as never))) as LambdaformError;
    expect(kinesis.message).toMatch(/^Test\/Fn: unknown property 'retryAtempts'; did you mean 'retryAttempts'\? \(known: batchSize, .*onFailure\)$/);
    expect(kinesis.message).not.toContain('maxConcurrency');
  });
});
