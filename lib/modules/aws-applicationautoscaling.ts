/** `lambdaform/aws-applicationautoscaling` (aws-cdk-lib/aws-applicationautoscaling): scaling an alias's provisioned concurrency (`alias.addAutoScaling()`). */
import '../constructs/cdk-unsupported-methods.js';
export { Schedule, type CronOptions, type EnableScalingProps, type IScalableFunctionAttribute, type ScalingSchedule, type UtilizationScalingOptions } from '../constructs/autoscaling.js';
