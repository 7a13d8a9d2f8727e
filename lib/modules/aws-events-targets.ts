/** `lambdaform/aws-events-targets` (aws-cdk-lib/aws-events-targets): what a rule delivers to (functions; queues and topics refused for now). */
import '../constructs/cdk-unsupported-methods.js';
export { LambdaFunction, SqsQueue, SnsTopic, type LambdaFunctionProps, type SqsQueueProps, type SnsTopicProps, type TargetBaseProps } from '../constructs/event-targets.js';
