/** A function's metrics, named as CloudWatch names them (AWS/Lambda namespace). */
export interface FunctionMetrics {
  Invocations: number;
  Errors: number;
  Throttles: number;
  /** Milliseconds of each invocation (reported as p50, p99, max). */
  Duration: number[];
  /** The most environments running at once. */
  ConcurrentExecutions: number;
  /** The largest age of a stream record when its batch was read, in milliseconds. */
  IteratorAge: number;
  DeadLetterErrors: number;
  DestinationDeliveryFailures: number;
  AsyncEventsReceived: number;
  /** The largest age of an async event when it was invoked, in milliseconds. */
  AsyncEventAge: number;
  AsyncEventsDropped: number;
  RecursiveInvocationsDropped: number;
  ProvisionedConcurrencyInvocations: number;
  ProvisionedConcurrencySpilloverInvocations: number;
  /** Not a CloudWatch metric: INIT phases run (cold starts). */
  ColdStarts: number;
}

export function emptyMetrics(): FunctionMetrics {
  return {
    Invocations: 0,
    Errors: 0,
    Throttles: 0,
    Duration: [],
    ConcurrentExecutions: 0,
    IteratorAge: 0,
    DeadLetterErrors: 0,
    DestinationDeliveryFailures: 0,
    AsyncEventsReceived: 0,
    AsyncEventAge: 0,
    AsyncEventsDropped: 0,
    RecursiveInvocationsDropped: 0,
    ProvisionedConcurrencyInvocations: 0,
    ProvisionedConcurrencySpilloverInvocations: 0,
    ColdStarts: 0,
  };
}

/** The p-th percentile (0-100) of values, nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
