/** `lambdaform/aws-logs` (aws-cdk-lib/aws-logs): log groups and log retention. */
import '../constructs/cdk-unsupported-methods.js';
export { LogGroup, RetentionDays, type ILogGroup, type LogGroupProps } from '../constructs/logs.js';
