/** `lambdaform/aws-sqs` (aws-cdk-lib/aws-sqs): queues. */
export { Queue, QueueEncryption, type DeadLetterQueue, type QueueProps } from '../constructs/queue.js';
