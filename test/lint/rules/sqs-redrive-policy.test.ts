import { Duration, Queue, Rule, SqsEventSource, KinesisEventSource, StartingPosition, Stream, Topic, type QueueProps, type Stack } from '../../../lib/all.js';
import { SqsSubscription } from '../../../lib/modules/aws-sns-subscriptions.js';
import { Schedule } from '../../../lib/modules/aws-events.js';
import { LambdaFunction } from '../../../lib/modules/aws-events-targets.js';
import { sqsRedrivePolicy } from '../../../lib/lint/rules/sqs-redrive-policy.js';
import { SqsDestination } from '../../../lib/modules/aws-lambda-destinations.js';
import { SqsDlq } from '../../../lib/modules/aws-lambda-event-sources.js';
import { newFunction } from '../../helpers/app.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A queue `Q` (with `props`) read by the function `Fn`. */
const consumed = (props: QueueProps = {}) => (stack: Stack) => {
  const q = new Queue(stack, 'Q', props);
  newFunction(stack, 'Fn').addEventSource(new SqsEventSource(q));
};

ruleTester(sqsRedrivePolicy, {
  valid: [
    {
      name: "an SNS subscription's dead-letter queue read by a function (to redrive what SNS could not deliver)",
      build: (s) => {
        const dlq = new Queue(s, 'Undelivered');
        new Topic(s, 'Orders').addSubscription(new SqsSubscription(new Queue(s, 'Jobs', { deadLetterQueue: { queue: new Queue(s, 'JobsDlq'), maxReceiveCount: 5 } }), { deadLetterQueue: dlq }));
        newFunction(s, 'Redriver', { timeout: Duration.seconds(5) }).addEventSource(new SqsEventSource(dlq));
      },
    },
    {
      name: 'a consumed queue with a dead-letter queue',
      build: (s) => consumed({ deadLetterQueue: { queue: new Queue(s, 'Dlq'), maxReceiveCount: 5 } })(s),
    },
    { name: 'a queue nobody reads is not asked for a DLQ', build: (s) => void new Queue(s, 'Q') },
    {
      name: "TRAP: another queue's DLQ, read by a redrive function, is not asked for its own DLQ",
      build: (s) => {
        const dlq = new Queue(s, 'Dlq');
        const q = new Queue(s, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
        newFunction(s, 'Worker').addEventSource(new SqsEventSource(q));
        newFunction(s, 'Redriver').addEventSource(new SqsEventSource(dlq));
      },
    },
    {
      name: "a function's dead-letter queue, read by a function, is exempt",
      build: (s) => {
        const dlq = new Queue(s, 'Dlq');
        newFunction(s, 'Fn', { deadLetterQueue: dlq });
        newFunction(s, 'Inspector').addEventSource(new SqsEventSource(dlq));
      },
    },
    {
      name: "a function's on-failure destination, read by a function, is exempt",
      build: (s) => {
        const failed = new Queue(s, 'Failed');
        newFunction(s, 'Fn', { onFailure: new SqsDestination(failed) });
        newFunction(s, 'Inspector').addEventSource(new SqsEventSource(failed));
      },
    },
    {
      name: "a stream mapping's on-failure destination, read by a function, is exempt",
      build: (s) => {
        const failed = new Queue(s, 'Failed');
        newFunction(s, 'Fn').addEventSource(new KinesisEventSource(new Stream(s, 'S'), { startingPosition: StartingPosition.LATEST, retryAttempts: 2, onFailure: new SqsDlq(failed) }));
        newFunction(s, 'Inspector').addEventSource(new SqsEventSource(failed));
      },
    },
    {
      name: "an EventBridge target's dead-letter queue, read by a function, is exempt",
      build: (s) => {
        const dlq = new Queue(s, 'Dlq');
        new Rule(s, 'Nightly', { schedule: Schedule.rate(Duration.hours(1)), targets: [new LambdaFunction(newFunction(s, 'Fn'), { deadLetterQueue: dlq })] });
        newFunction(s, 'Inspector').addEventSource(new SqsEventSource(dlq));
      },
    },
  ],
  invalid: [
    {
      name: 'a consumed queue without a dead-letter queue',
      build: consumed(),
      findings: [{ path: 'Test/Q', message: /^Test\/Q is read by Test\/Fn but has no dead-letter queue: .* until the retention period \(345600 s, the SQS default\) deletes it, and is then lost without a trace$/ }],
    },
    {
      name: 'a FIFO queue: the failing message blocks its group',
      build: consumed({ fifo: true, retentionPeriod: Duration.days(1) }),
      findings: [{ path: 'Test/Q', message: /\(86400 s\) deletes it, blocking its message group all that time/ }],
    },
    {
      name: 'every consumer is named, once',
      build: (s) => {
        const q = new Queue(s, 'Q');
        newFunction(s, 'A').addEventSource(new SqsEventSource(q));
        const b = newFunction(s, 'B');
        b.addEventSource(new SqsEventSource(q));
      },
      findings: [{ path: 'Test/Q', message: /^Test\/Q is read by Test\/A, Test\/B but/ }],
    },
    {
      name: 'an on-success destination is an ordinary work queue, not a failure sink',
      build: (s) => {
        const results = new Queue(s, 'Results');
        newFunction(s, 'Fn', { onSuccess: new SqsDestination(results) });
        newFunction(s, 'Next').addEventSource(new SqsEventSource(results));
      },
      findings: [{ path: 'Test/Results', message: /^Test\/Results is read by Test\/Next but has no dead-letter queue/ }],
    },
    {
      name: 'a DLQ of its own is asked of the main queue only, not of its DLQ',
      build: (s) => {
        const dlq = new Queue(s, 'Dlq');
        const q = new Queue(s, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
        const other = new Queue(s, 'Other');
        newFunction(s, 'Fn').addEventSource(new SqsEventSource(q));
        newFunction(s, 'Fn2').addEventSource(new SqsEventSource(other));
        newFunction(s, 'Redriver').addEventSource(new SqsEventSource(dlq));
      },
      findings: [{ path: 'Test/Other', message: /^Test\/Other is read by Test\/Fn2/ }],
    },
  ],
});
