import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { isKnown } from '../../model/values.js';
import { grouped } from '../../core/util.js';

/**
 * The memory at which a function gets the equivalent of one full vCPU (one vCPU-second of credit
 * per second); CPU is allocated in proportion to memory below and above it.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
const MEMORY_PER_VCPU_MB = 1_769;

/**
 * Lambda's defaults, 128 MB and 3 seconds, are rarely right for a function: 128 MB gives it a
 * small fraction of a vCPU (CPU scales with memory), so initialisation and any CPU work are slow,
 * and 3 seconds cuts off a call to a slow dependency. The model holds the resolved values, so a
 * function at exactly both defaults is reported: it most likely never chose them. A function that
 * sets one of them has been sized and is not reported.
 *
 * cdk-nag (Serverless-LambdaDefaultMemorySize, Serverless-LambdaDefaultTimeout) and
 * serverless-rules (ES1005, ES1006) report each property when it is absent from the template.
 */
export const explicitMemoryTimeout: Rule = {
  meta: {
    id: 'explicit-memory-timeout',
    severity: 'info',
    description: `a function does not keep both of Lambda's defaults, ${LIMITS.function.memorySize.default} MB of memory and a ${LIMITS.function.timeout.default} s timeout, which are rarely both right (a function that set either one has been sized)`,
    docs: 'docs/rules.md#explicit-memory-timeout',
    recommended: false,
    equivalents: { cdkNag: ['Serverless-LambdaDefaultMemorySize', 'Serverless-LambdaDefaultTimeout'], serverlessRules: ['ES1005', 'ES1006'] },
  },
  check({ graph, report }) {
    const memory = LIMITS.function.memorySize.default!;
    const timeout = LIMITS.function.timeout.default!;
    const share = Math.round((memory / MEMORY_PER_VCPU_MB) * 100);
    for (const fn of graph.nodes('function')) {
      if (fn.props.memorySizeMb !== memory || fn.props.timeoutSeconds !== timeout || !isKnown(fn, 'memorySizeMb') || !isKnown(fn, 'timeoutSeconds')) continue;
      report({
        at: fn,
        message: `${fn.origin.path} uses the defaults (${memory} MB, ${timeout} s), which are rarely right: ${memory} MB gives about ${share}% of a vCPU (CPU scales with memory: one vCPU at ${grouped(MEMORY_PER_VCPU_MB)} MB), so cold starts and CPU work are slow, and ${timeout} s cuts off any slow call`,
        templateHint: 'measure the function at several memory sizes (AWS Lambda Power Tuning) and set both MemorySize (e.g. 512) and Timeout (e.g. 10) on the function (or in SAM Globals)',
        hint: 'measure the function at several memory sizes (AWS Lambda Power Tuning; more memory often costs no more, as the function finishes sooner) and set both: memorySize: 512, timeout: Duration.seconds(10)',
      });
    }
  },
};
