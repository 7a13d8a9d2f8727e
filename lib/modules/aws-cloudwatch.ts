/** `lambdaform/aws-cloudwatch` (aws-cdk-lib/aws-cloudwatch): metrics (`fn.metricErrors()`) and alarms on them. */
import '../constructs/cdk-unsupported-methods.js';
export { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData, type AlarmProps, type CreateAlarmOptions, type MetricProps } from '../constructs/cloudwatch.js';
export type { IAlarm } from '../constructs/deployment.js';
