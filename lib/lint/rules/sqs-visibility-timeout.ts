import { LambdaformError } from '../../core/errors.js';
import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

/**
 * An SQS queue read by a function must stay invisible while the function works on a batch:
 * CloudFormation refuses a visibility timeout below the function's timeout (error), and AWS
 * recommends at least 6 times the function's timeout plus the batching window (warning), so a
 * batch that is retried by the function runtime is not delivered to a second invocation.
 */
export const sqsVisibilityTimeout: Rule = {
  meta: {
    id: 'sqs-visibility-timeout',
    severity: 'error',
    description: "an SQS queue's visibility timeout is at least its consumer's timeout (CloudFormation refuses less) and at least 6 x the timeout + the batching window (AWS's recommendation)",
    docs: 'docs/rules.md#sqs-visibility-timeout',
    recommended: true,
    // cdk-nag's LambdaEventSourceSQSVisibilityTimeout (6 x) is in no pack.
    equivalents: { cfnLint: ['E3505'], cdkNag: ['LambdaEventSourceSQSVisibilityTimeout'] },
    defaultOptions: { ratio: 6 },
  },
  check({ graph, options, report }) {
    const ratio = options.ratio;
    if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 1) {
      throw new LambdaformError('lint.rules.sqs-visibility-timeout', `option ratio must be a number of at least 1 (AWS recommends 6), got ${JSON.stringify(ratio)}`, 'invalid-config');
    }
    for (const e of graph.edges('eventSourceMapping')) {
      if (e.props.sourceType !== 'sqs' || !e.to) continue;
      const queue = graph.find(e.from);
      const fn = graph.functionOf(e.to);
      if (queue?.kind !== 'queue' || !fn) continue;
      // An imported template may leave a value unknown until deploy (a parameter without a value).
      if (!isKnown(fn, 'timeoutSeconds') || !isKnown(queue, 'visibilityTimeoutSeconds') || !isKnown(e, 'maxBatchingWindowSeconds')) continue;
      const visibility = queue.props.visibilityTimeoutSeconds ?? LIMITS.queue.visibilityTimeout.default!;
      const timeout = fn.props.timeoutSeconds;
      const window = e.props.maxBatchingWindowSeconds ?? 0;
      const recommended = ratio * timeout + window;
      const set = queue.props.visibilityTimeoutSeconds === undefined ? ' (the SQS default)' : '';
      if (visibility < timeout) {
        report({
          at: e,
          severity: 'error',
          message: `the visibility timeout of ${queue.origin.path} (${visibility} s${set}) is shorter than the timeout of ${fn.origin.path} (${timeout} s): CloudFormation refuses this mapping, and a message would be delivered again while it is still being processed`,
          hint: `set the queue's visibilityTimeout to at least Duration.seconds(${recommended}) (${ratio} x ${timeout} s${window ? ` + ${window} s batching window` : ''})`,
          templateHint: `set VisibilityTimeout: ${recommended} on the queue (${ratio} x ${timeout} s${window ? ` + ${window} s batching window` : ''}), or lower the function's Timeout`,
        });
      } else if (visibility < recommended) {
        report({
          at: e,
          severity: 'warning',
          message: `the visibility timeout of ${queue.origin.path} (${visibility} s${set}) is less than ${ratio} x the timeout of ${fn.origin.path} (${timeout} s)${window ? ` + the batching window (${window} s)` : ''} = ${recommended} s, which AWS recommends so that retries of a slow batch are not delivered twice`,
          hint: `set the queue's visibilityTimeout to Duration.seconds(${recommended})`,
          templateHint: `set VisibilityTimeout: ${recommended} on the queue`,
        });
      }
    }
  },
};
