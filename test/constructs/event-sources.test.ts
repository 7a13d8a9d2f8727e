import { describe, expect, it } from 'vitest';
import { AttributeType, DynamoEventSource, KinesisEventSource, LambdaformError, Queue, SqsEventSource, StartingPosition, Stream, StreamViewType, Table } from '../../lib/all.js';
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

describe('event sources: eventSourceMappingId and eventSourceMappingArn', () => {
  it('are refused with the construct path and the reason, not read as undefined', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const table = new Table(stack, 'T', { partitionKey: { name: 'id', type: AttributeType.STRING }, stream: StreamViewType.NEW_IMAGE });
    const source = new DynamoEventSource(table, { startingPosition: StartingPosition.TRIM_HORIZON });
    const unbound = thrown(() => source.eventSourceMappingArn) as LambdaformError;
    expect(unbound).toBeInstanceOf(LambdaformError);
    expect(unbound.message).toMatch(/^DynamoEventSource is not yet bound to an event source mapping/);
    fn.addEventSource(source);
    for (const attr of ['eventSourceMappingArn', 'eventSourceMappingId'] as const) {
      const e = thrown(() => source[attr]) as LambdaformError;
      expect(e).toBeInstanceOf(LambdaformError);
      expect(e.message).toMatch(new RegExp(`^Test/Fn/DynamoEventSourceT: DynamoEventSource\\.${attr} is not supported by lambdaform`));
    }
    const queue = new SqsEventSource(new Queue(stack, 'Q'));
    fn.addEventSource(queue);
    expect((thrown(() => queue.eventSourceMappingId) as LambdaformError).message).toContain('SqsEventSource.eventSourceMappingId is not supported');
  });
});
