import type { EventSourceMappingEdge } from '../../model/types.js';
import type { StackGraph } from '../../model/graph.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/** The AWS value of `MaximumRetryAttempts` and `MaximumRecordAgeInSeconds` that means "no limit". */
const UNLIMITED = -1;

/**
 * A Kinesis or DynamoDB stream mapping retries a failing batch until it succeeds or its records
 * expire, and a shard is read in order: by default (`MaximumRetryAttempts` -1, no maximum record
 * age) one poison record blocks its shard until it leaves the stream, 24 hours to 365 days later,
 * while the iterator age grows. Only bounded retries or a maximum record age end that: bisecting
 * a batch does not count as a retry, and an on-failure destination receives only batches Lambda
 * gives up on, which with unbounded retries is never (warning). Once retries or the record age
 * are bounded, Lambda discards the failing batch; without an on-failure destination nothing
 * records what was lost (info).
 *
 * Never reported for SQS mappings: they have no on-failure destination, and a failing message
 * goes to the queue's own dead-letter queue (see sqs-redrive-policy).
 */
export const streamFailureHandling: Rule = {
  meta: {
    id: 'stream-failure-handling',
    severity: 'warning',
    description: 'a Kinesis or DynamoDB stream mapping does not retry a poison record forever (bounded retries or a maximum record age), and keeps a record of the batches it discards (an on-failure destination)',
    docs: 'docs/rules.md#stream-failure-handling',
    recommended: true,
    equivalents: { cdkNag: ['Serverless-LambdaEventSourceMappingDestination'], serverlessRules: ['ES1001'] },
  },
  check({ graph, report }) {
    for (const e of graph.edges('eventSourceMapping')) {
      if (e.props.sourceType === 'sqs') continue;
      if (!isKnown(e, 'maxRetryAttempts') || !isKnown(e, 'maxRecordAgeSeconds') || !isKnown(e, 'onFailure') || !isKnown(e, 'bisectBatchOnError')) continue;
      const retries = e.props.maxRetryAttempts ?? UNLIMITED;
      const age = e.props.maxRecordAgeSeconds ?? UNLIMITED;
      const hasDestination = e.props.onFailure !== undefined;
      const source = graph.find(e.from)?.origin.path ?? e.from;
      if (retries === UNLIMITED && age === UNLIMITED) {
        const but = [e.props.bisectBatchOnError ? 'bisecting does not count as a retry' : '', hasDestination ? 'the onFailure destination only gets batches Lambda gives up on, which it never does' : ''].filter(Boolean).join('; ');
        report({
          at: e,
          message: `${e.origin.path} retries a failing batch from ${source} without limit (maxRetryAttempts -1, no maxRecordAge): one poison record blocks its shard until it expires from ${expiry(graph, e)}, and the records behind it wait${but ? ` (${but})` : ''}`,
          hint: 'set retryAttempts (e.g. 3), bisectBatchOnError: true and an onFailure destination (a Queue, Topic or Bucket) on the mapping; a maxRecordAge also bounds the wait',
          templateHint: 'set MaximumRetryAttempts (e.g. 3), BisectBatchOnFunctionError: true and DestinationConfig.OnFailure (an SQS queue, SNS topic or S3 bucket) on the mapping; MaximumRecordAgeInSeconds also bounds the wait',
        });
      } else if ((retries !== UNLIMITED || age !== UNLIMITED) && !hasDestination) {
        const limits = [retries !== UNLIMITED ? `after ${retries} retr${retries === 1 ? 'y' : 'ies'}` : undefined, age !== UNLIMITED ? `once its records are older than ${age} s` : undefined].filter((x) => x !== undefined).join(' or ');
        report({
          at: e,
          severity: 'info',
          message: `${e.origin.path} discards a failing batch from ${source} ${limits} but has no onFailure destination: discarded records are lost without a trace`,
          hint: 'give the mapping an onFailure destination (a Queue, Topic or Bucket): it receives the shard and sequence numbers of every discarded batch, to replay them from the stream',
          templateHint: 'give the mapping DestinationConfig.OnFailure (an SQS queue, SNS topic or S3 bucket): it receives the shard and sequence numbers of every discarded batch, to replay them from the stream',
        });
      }
    }
  },
};

/** Where and when a blocked record expires: the Kinesis stream's retention, or the DynamoDB stream. */
function expiry(graph: StackGraph, e: EventSourceMappingEdge): string {
  const source = graph.find(e.from);
  if (source?.kind === 'stream') return `the stream (its retention: ${source.props.retentionHours} h)`;
  return e.props.sourceType === 'dynamodb' ? "the table's stream" : 'the stream';
}
