/** `lambdaform/aws-kinesis` (aws-cdk-lib/aws-kinesis): data streams. */
export { Stream, StreamMode, type StreamProps } from '../constructs/stream.js';
