/** `lambdaform/aws-kinesis` (aws-cdk-lib/aws-kinesis): data streams. */
import '../constructs/cdk-unsupported-methods.js';
export { Stream, StreamEncryption, StreamMode, type StreamProps } from '../constructs/stream.js';
export type { IStream } from '../constructs/stream.js';
