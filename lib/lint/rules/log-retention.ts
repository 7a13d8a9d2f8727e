import type { FunctionNode, ModelValue, RawNode } from '../../model/types.js';
import { isJoin, isRef, overriddenProperty } from '../../model/values.js';
import type { Rule } from '../types.js';

/** Does a log group's name denote `/aws/lambda/<the function's name>`? */
function namesFunction(name: ModelValue | undefined, fn: FunctionNode): boolean {
  if (typeof name === 'string') return typeof fn.props.functionName === 'string' && name === `/aws/lambda/${fn.props.functionName}`;
  if (!isJoin(name)) return false;
  const parts = name.$join;
  if (parts.length !== 2 || parts[0] !== '/aws/lambda/') return false;
  const ref = parts[1];
  return isRef(ref) && ref.$ref === fn.id && (ref.attr === undefined || ref.attr === 'Name' || ref.attr === 'Ref');
}

/** Log groups and what sets a retention on one by name: CDK's `logRetention` writes a `Custom::LogRetention` (its `LogRetention` handler puts the retention policy). */
const GROUP_TYPES: ReadonlySet<string> = new Set(['AWS::Logs::LogGroup', 'Custom::LogRetention']);

/**
 * The log group a function's `LoggingConfig.LogGroup` names (`logGroup` on the function, in CDK and
 * lambdaform): the value, `undefined` when it has none (it writes to `/aws/lambda/<name>`).
 */
function configuredGroup(fn: FunctionNode): ModelValue | undefined {
  const config = overriddenProperty(fn.overrides, 'LoggingConfig');
  return typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, ModelValue>).LogGroup : undefined;
}

/**
 * Lambda writes to the log group `/aws/lambda/<function name>` and creates it, without retention,
 * at the first invocation: its logs are kept (and billed) forever. A log group in the stack with a
 * `RetentionInDays` bounds them (`logRetention` on the function). Log groups are matched by name,
 * as serverless-rules does: a literal `/aws/lambda/<functionName>`, or the function's name
 * reference (`!Sub /aws/lambda/${Fn}`); so is aws-cdk-lib's `Custom::LogRetention` (its
 * `logRetention`), which sets the retention of the group it names. A function whose
 * `LoggingConfig.LogGroup` names another group writes there: that group's retention counts, and
 * one outside the stack is not known.
 */
export const logRetention: Rule = {
  meta: {
    id: 'log-retention',
    severity: 'warning',
    description: "a function's log group is in the stack with a retention period, so its logs are not kept forever",
    docs: 'docs/rules.md#log-retention',
    recommended: false,
    equivalents: { serverlessRules: ['WS1004'] },
  },
  check({ graph, report }) {
    const logGroups = graph.nodes('raw').filter((n): n is RawNode => GROUP_TYPES.has(n.props.type));
    for (const fn of graph.nodes('function')) {
      const configured = configuredGroup(fn);
      let group: RawNode | undefined;
      if (configured !== undefined) {
        // Its logs go to the group LoggingConfig names: a group of the stack (`!Ref Logs`) or one named so.
        const ref = isRef(configured) ? graph.find(configured.$ref) : undefined;
        group = ref?.kind === 'raw' && ref.props.type === 'AWS::Logs::LogGroup' ? ref : typeof configured === 'string' ? logGroups.find((g) => g.props.properties.LogGroupName === configured) : undefined;
        // A group outside the stack (a name no resource of it declares, an import, a parameter): its retention is not known.
        if (group === undefined) continue;
      } else group = logGroups.find((g) => namesFunction(g.props.properties.LogGroupName, fn) && g.props.properties.RetentionInDays !== undefined) ?? logGroups.find((g) => namesFunction(g.props.properties.LogGroupName, fn));
      if (group && group.props.properties.RetentionInDays !== undefined) continue;
      report({
        at: fn,
        message: group
          ? `the log group of ${fn.origin.path} (${group.origin.path}) has no retention period: its logs are kept, and billed, forever`
          : `${fn.origin.path} has no log group with a retention period in the stack: Lambda creates /aws/lambda/<function name> at the first invocation and keeps its logs, and bills for them, forever`,
        hint: 'set logRetention on the function (logRetention: RetentionDays.ONE_MONTH), or declare an AWS::Logs::LogGroup named /aws/lambda/<function name> with RetentionInDays',
        templateHint: 'declare an AWS::Logs::LogGroup with LogGroupName: !Sub /aws/lambda/${Function} and RetentionInDays (e.g. 30), or point the function\'s LoggingConfig.LogGroup at a group with a retention',
      });
    }
  },
};
