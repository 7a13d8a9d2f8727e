/** `lambdaform/aws-logs` (aws-cdk-lib/aws-logs): log retention. */
export { RetentionDays } from '../constructs/logs.js';
