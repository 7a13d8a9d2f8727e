import { ASYNC_EDGES } from '../../model/graph.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';

const SOURCES: Readonly<Record<string, string>> = { subscription: 'an SNS subscription', notification: 'an S3 notification', ruleTarget: 'an EventBridge rule' };

/**
 * A function invoked asynchronously (S3, SNS, EventBridge, schedules) retries a failed event
 * twice by default and then drops it, unless it has a dead-letter queue or an on-failure
 * destination.
 */
export const asyncFailureDestination: Rule = {
  meta: {
    id: 'async-failure-destination',
    severity: 'warning',
    description: 'a function invoked asynchronously has a dead-letter queue or an on-failure destination, so events that still fail after the retries are kept',
    docs: 'docs/rules.md#async-failure-destination',
    recommended: true,
    equivalents: { cdkNag: ['Serverless-LambdaAsyncFailureDestination', 'Serverless-LambdaDLQ'], serverlessRules: ['ES1007'] },
  },
  check({ graph, report }) {
    for (const fn of graph.nodes('function')) {
      const d = graph.destinations(fn.id);
      if (d.deadLetter || d.onFailure) continue;
      // A destination outside the template (an imported ARN) is a destination all the same.
      if (!isKnown(fn, 'deadLetter') || !isKnown(fn, 'onFailure')) continue;
      const targets = [fn.id, ...graph.aliasesOf(fn.id).map((a) => a.id), ...graph.versionsOf(fn.id).map((v) => v.id)];
      const invokers = targets.flatMap((t) => graph.edgesTo(t)).filter((e) => ASYNC_EDGES.has(e.kind));
      if (invokers.length === 0) continue;
      const via = [...new Set(invokers.map((e) => `${SOURCES[e.kind]} from ${graph.find(e.from)?.origin.path ?? e.from}`))].join(', ');
      const retries = fn.props.retryAttempts ?? 2;
      report({
        at: fn,
        message: `${fn.origin.path} is invoked asynchronously (${via}) but has neither a dead-letter queue nor an on-failure destination: an event that still fails after ${retries + 1} attempt${retries === 0 ? '' : 's'} is dropped`,
        hint: 'give the function onFailure: queue (or topic, function, bucket), or deadLetterQueue: queue',
        templateHint: 'give the function an AWS::Lambda::EventInvokeConfig with DestinationConfig.OnFailure (SAM: EventInvokeConfig), or a DeadLetterConfig (SAM: DeadLetterQueue) with an SQS queue or SNS topic',
      });
    }
  },
};
