/** `lambdaform/aws-lambda-event-sources` (aws-cdk-lib/aws-lambda-event-sources): what triggers a function. */
import '../constructs/cdk-unsupported-methods.js';
export { SqsEventSource, KinesisEventSource, DynamoEventSource, type SqsEventSourceProps, type KinesisEventSourceProps, type DynamoEventSourceProps } from '../constructs/event-sources.js';
export { SnsEventSource, type SnsEventSourceProps } from '../constructs/topic.js';
export { SqsDlq, SnsDlq, S3OnFailureDestination } from '../constructs/event-source-dlq.js';
export { S3EventSource, type S3EventSourceProps } from '../constructs/bucket.js';
export { ScheduleEventSource, EventBridgeEventSource, type ScheduleEventSourceProps, type EventBridgeEventSourceProps } from '../constructs/rule.js';
