import type { Rule } from '../types.js';
import { asyncFailureDestination } from './async-failure-destination.js';
import { recursiveLoop } from './recursive-loop.js';
import { sqsVisibilityTimeout } from './sqs-visibility-timeout.js';

/** Every built-in rule, by id. */
export const RULES: readonly Rule[] = [asyncFailureDestination, recursiveLoop, sqsVisibilityTimeout];
