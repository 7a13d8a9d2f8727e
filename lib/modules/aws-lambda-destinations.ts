/** `lambdaform/aws-lambda-destinations` (aws-cdk-lib/aws-lambda-destinations): where a function's asynchronous invocations go. */
import '../constructs/cdk-unsupported-methods.js';
export { SqsDestination, SnsDestination, LambdaDestination, S3Destination, EventBridgeDestination, type LambdaDestinationOptions } from '../constructs/lambda-destinations.js';
