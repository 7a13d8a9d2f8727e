import type { Rule } from '../types.js';
import { aliasRouting } from './alias-routing.js';
import { apiThrottling } from './api-throttling.js';
import { apiTimeout } from './api-timeout.js';
import { asyncFailureDestination } from './async-failure-destination.js';
import { canaryWithoutAlarms } from './canary-without-alarms.js';
import { deprecatedRuntime } from './deprecated-runtime.js';
import { envSize } from './env-size.js';
import { explicitMemoryTimeout } from './explicit-memory-timeout.js';
import { fifoConsistency } from './fifo-consistency.js';
import { functionDlqWithMapping } from './function-dlq-with-mapping.js';
import { handlerNotFound } from './handler-not-found.js';
import { iamWildcard } from './iam-wildcard.js';
import { initInHandler } from './init-in-handler.js';
import { layerCount } from './layer-count.js';
import { logRetention } from './log-retention.js';
import { missingTags } from './missing-tags.js';
import { notLinted } from './not-linted.js';
import { packageSize } from './package-size.js';
import { provisionedConcurrencyTarget } from './provisioned-concurrency-target.js';
import { recursiveLoop } from './recursive-loop.js';
import { reservedConcurrencyBudget } from './reserved-concurrency-budget.js';
import { secretInEnvironment } from './secret-in-environment.js';
import { sharedRole } from './shared-role.js';
import { sqsMaxReceiveCount } from './sqs-max-receive-count.js';
import { sqsPartialBatch } from './sqs-partial-batch.js';
import { sqsRedrivePolicy } from './sqs-redrive-policy.js';
import { sqsVisibilityTimeout } from './sqs-visibility-timeout.js';
import { stackResourceLimit } from './stack-resource-limit.js';
import { streamFailureHandling } from './stream-failure-handling.js';
import { templateSize } from './template-size.js';
import { tracing } from './tracing.js';
import { vpcSingleSubnet } from './vpc-single-subnet.js';

/** Every built-in rule. */
export const RULES: readonly Rule[] = [
  aliasRouting,
  apiThrottling,
  apiTimeout,
  asyncFailureDestination,
  canaryWithoutAlarms,
  deprecatedRuntime,
  envSize,
  explicitMemoryTimeout,
  fifoConsistency,
  functionDlqWithMapping,
  handlerNotFound,
  iamWildcard,
  initInHandler,
  layerCount,
  logRetention,
  missingTags,
  notLinted,
  packageSize,
  provisionedConcurrencyTarget,
  recursiveLoop,
  reservedConcurrencyBudget,
  secretInEnvironment,
  sharedRole,
  sqsMaxReceiveCount,
  sqsPartialBatch,
  sqsRedrivePolicy,
  sqsVisibilityTimeout,
  stackResourceLimit,
  streamFailureHandling,
  templateSize,
  tracing,
  vpcSingleSubnet,
];
