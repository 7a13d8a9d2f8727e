/** `lambdaform/aws-sqs` (aws-cdk-lib/aws-sqs): queues. */
import '../constructs/cdk-unsupported-methods.js';
export { Queue, QueueEncryption, type DeadLetterQueue, type QueueProps } from '../constructs/queue.js';
export type { IQueue, QueueAttributes } from '../constructs/queue.js';
