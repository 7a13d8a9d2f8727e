/** `lambdaform/aws-events` (aws-cdk-lib/aws-events): rules, event patterns and schedules. */
export { Rule, Schedule, type RuleProps, type RuleTargetOptions, type EventPattern, type ScheduleProps } from '../constructs/rule.js';
export { ScheduleExpression, type CronOptions } from '../constructs/schedule-expression.js';
