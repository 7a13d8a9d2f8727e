import { LambdaformError } from '../../core/errors.js';
import { DEFAULT_ACCOUNT_CONCURRENCY, UNRESERVED_CONCURRENCY_MINIMUM } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { grouped } from '../../core/util.js';

/**
 * The concurrency limit of a new account in a region (Lambda quotas,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): the default of the
 * rule's `accountLimit` option.
 */
export { DEFAULT_ACCOUNT_CONCURRENCY };

/**
 * The concurrency that must stay unreserved for the functions without a reservation
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
 */
export const UNRESERVED_MINIMUM = UNRESERVED_CONCURRENCY_MINIMUM;

/**
 * Reserved concurrency is taken from the account's concurrency limit, and Lambda keeps at least
 * 100 of it unreserved: a reservation that would leave less is refused ("decreases account's
 * UnreservedConcurrentExecution below its minimum value") and the deploy fails. The functions of a
 * stack may together reserve at most the account limit minus 100 (900 with the default limit of
 * 1,000; set `accountLimit` when the account's limit was raised). Reservations of other stacks in
 * the same account and region count too; the linter sees one stack at a time.
 */
export const reservedConcurrencyBudget: Rule = {
  meta: {
    id: 'reserved-concurrency-budget',
    severity: 'error',
    description: "the reserved concurrency of a stack's functions adds up to at most the account's concurrency limit minus the 100 that must stay unreserved",
    docs: 'docs/rules.md#reserved-concurrency-budget',
    recommended: true,
    defaultOptions: { accountLimit: DEFAULT_ACCOUNT_CONCURRENCY },
  },
  check({ stack, graph, options, report }) {
    const accountLimit = options.accountLimit;
    if (typeof accountLimit !== 'number' || !Number.isInteger(accountLimit) || accountLimit < UNRESERVED_MINIMUM) {
      throw new LambdaformError(
        'lint configuration',
        `lint.rules.reserved-concurrency-budget: accountLimit must be the account's Lambda concurrency limit, a whole number of at least ${UNRESERVED_MINIMUM}, got ${JSON.stringify(accountLimit)}`,
        'invalid-config',
      );
    }
    const budget = accountLimit - UNRESERVED_MINIMUM;
    const reserving = graph.nodes('function').filter((f) => f.props.reservedConcurrency !== undefined && f.props.reservedConcurrency > 0);
    const total = reserving.reduce((sum, f) => sum + f.props.reservedConcurrency!, 0);
    if (total <= budget) return;
    // Reported once, on the largest reservation (the first of equals): the one most worth lowering.
    const sorted = [...reserving].sort((a, b) => b.props.reservedConcurrency! - a.props.reservedConcurrency!);
    const shown = sorted.slice(0, 10).map((f) => `${f.origin.path} (${f.props.reservedConcurrency})`);
    const more = sorted.length > 10 ? ` and ${sorted.length - 10} more` : '';
    const n = grouped;
    report({
      at: sorted[0]!,
      message: `the functions of stack ${stack.name} reserve ${n(total)} concurrent executions in all, more than the ${n(budget)} an account with a concurrency limit of ${n(accountLimit)} can reserve (${n(UNRESERVED_MINIMUM)} must stay unreserved): Lambda refuses the reservation that crosses it and the deploy fails. Reservations: ${shown.join(', ')}${more}`,
      hint: `lower reservedConcurrentExecutions by ${n(total - budget)} in all (a reservation is a cap as well as a guarantee: leave it unset where the function needs no guarantee); if the account's limit was raised, tell the rule: "reserved-concurrency-budget": ["error", { "accountLimit": <the limit> }] in lambdaform.json`,
    });
  },
};
