/** `lambdaform/aws-events` (aws-cdk-lib/aws-events): rules, event patterns, schedules and target inputs. */
import '../constructs/cdk-unsupported-methods.js';
export { Rule, RuleTargetInput, EventField, type RuleProps, type EventPattern, type IRule, type IRuleTarget, type RuleTargetConfig } from '../constructs/rule.js';
export { Schedule, type CronOptions } from '../constructs/schedule-expression.js';
