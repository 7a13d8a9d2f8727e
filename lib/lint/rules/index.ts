import type { Rule } from '../types.js';
import { aliasRouting } from './alias-routing.js';
import { apiTimeout } from './api-timeout.js';
import { asyncFailureDestination } from './async-failure-destination.js';
import { deprecatedRuntime } from './deprecated-runtime.js';
import { envSize } from './env-size.js';
import { fifoConsistency } from './fifo-consistency.js';
import { functionDlqWithMapping } from './function-dlq-with-mapping.js';
import { iamWildcard } from './iam-wildcard.js';
import { layerCount } from './layer-count.js';
import { provisionedConcurrencyTarget } from './provisioned-concurrency-target.js';
import { recursiveLoop } from './recursive-loop.js';
import { reservedConcurrencyBudget } from './reserved-concurrency-budget.js';
import { sqsMaxReceiveCount } from './sqs-max-receive-count.js';
import { sqsPartialBatch } from './sqs-partial-batch.js';
import { sqsRedrivePolicy } from './sqs-redrive-policy.js';
import { sqsVisibilityTimeout } from './sqs-visibility-timeout.js';
import { streamFailureHandling } from './stream-failure-handling.js';

/** Every built-in rule. */
export const RULES: readonly Rule[] = [
  aliasRouting,
  apiTimeout,
  asyncFailureDestination,
  deprecatedRuntime,
  envSize,
  fifoConsistency,
  functionDlqWithMapping,
  iamWildcard,
  layerCount,
  provisionedConcurrencyTarget,
  recursiveLoop,
  reservedConcurrencyBudget,
  sqsMaxReceiveCount,
  sqsPartialBatch,
  sqsRedrivePolicy,
  sqsVisibilityTimeout,
  streamFailureHandling,
];
