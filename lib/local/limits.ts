/**
 * The numbers the local runtime simulates, from LAMBDA-FACTS.md (AWS documentation): one place,
 * so docs/local.md and the tests name the same values.
 */

/** Lambda stops a recursive loop after about 16 invocations from one originating event. */
export const RECURSION_LIMIT = 16;

/** Why Lambda stopped an event of a loop: the report's reason, wherever the event went. */
export function recursionReason(functionId: string): string {
  return `recursive loop stopped: ${functionId} was invoked ${RECURSION_LIMIT} times from one event (RecursiveLoop: Terminate)`;
}
/** The largest synchronous request or response (6 MB). */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6_291_456;
/** The largest asynchronous payload (1 MB). */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 1_048_576;
/** Delays of the async retries after a function error: about 1 minute after the first failure, 2 minutes after the second. */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000] as const;
/** Async throttle and system-error backoff: from 1 second, doubling, at most 5 minutes. */
export const THROTTLE_BACKOFF_START_MS = 1000;
export const THROTTLE_BACKOFF_MAX_MS = 300_000;
/** Concurrent batches an SQS mapping starts with, how many it adds each minute while messages wait, and its ceiling. */
export const SQS_INITIAL_CONCURRENCY = 5;
export const SQS_SCALE_PER_MINUTE = 300;
export const SQS_MAX_CONCURRENCY = 1000;
/** A FIFO queue drops a message whose deduplication id it saw within 5 minutes. */
export const FIFO_DEDUPLICATION_MS = 300_000;
/**
 * Stream mappings retry a failed batch after a backoff AWS does not document; lambdaform waits
 * 1 s, doubling, at most 60 s, so a poison record under the default settings (retry until it
 * expires) costs about 1,440 invocations a day instead of an unbounded number.
 */
export const STREAM_RETRY_START_MS = 1000;
export const STREAM_RETRY_MAX_MS = 60_000;
