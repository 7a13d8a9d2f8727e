/** `lambdaform/aws-cloudwatch` (aws-cdk-lib/aws-cloudwatch): metrics (`fn.metricErrors()`) and alarms on them. */
import '../constructs/cdk-unsupported-methods.js';
export { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData, type AlarmActionConfig, type AlarmProps, type CreateAlarmOptions, type IAlarmAction, type MetricProps } from '../constructs/cloudwatch.js';
export type { IAlarm } from '../constructs/deployment.js';
