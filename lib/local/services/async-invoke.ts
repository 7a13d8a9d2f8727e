import type { InvokeOutcome } from '../functions.js';
import type { InputRecord } from '../ledger.js';
import type { PlanDestination, PlanFunction, PlanTarget } from '../plan/types.js';
import { ASYNC_RETRY_DELAYS_MS, THROTTLE_BACKOFF_MAX_MS, THROTTLE_BACKOFF_START_MS, recursionReason } from '../limits.js';
import type { Runtime } from '../runtime.js';
import { SNS_MAX_MESSAGE_BYTES } from './sns.js';

/** An event in a function's internal async queue. */
interface AsyncEvent {
  readonly target: PlanTarget;
  readonly payload: string;
  readonly input: InputRecord;
  /** Simulated ms it was received. */
  readonly receivedAt: number;
  /** The request id Invoke answered with: every try of the event runs with it. */
  readonly requestId: string;
  /** Tries that ran the function (errors count, throttles do not). */
  tries: number;
  /** Throttles in a row (for the backoff). */
  throttles: number;
  /** What the last try that ran ended as. */
  last?: InvokeOutcome;
}

/** Why an event ends in the dead-letter queue or the on-failure destination (the record's `requestContext.condition`). */
type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';

/** The DLQ message attribute ErrorMessage: the first 1 KB of the error message. */
const DLQ_ERROR_MESSAGE_BYTES = 1024;

/**
 * Asynchronous invocation: the event waits in the function's internal queue, under one request
 * id for all its tries; a function error is retried up to `maxRetryAttempts` times (after ~1 and
 * ~2 minutes); a throttle goes back to the queue with exponential backoff (1 s doubling to 5
 * minutes); past the maximum event age or the retries the event goes to the dead-letter queue and
 * the on-failure destination (both when both are configured), else it is dropped. A function
 * with reserved concurrency 0 is not tried at all: its events go there at once (AWS: "Lambda
 * begins sending new events to the configured dead-letter queue or the on-failure event
 * destination, without any retries"). A success goes to the on-success destination.
 * AsyncEventsDropped counts every event that ends without a successful try, whether or not it
 * went to a DLQ or destination.
 */
export class AsyncInvoker {
  /**
   * The destination records delivered (on success, on failure), in order, when kept: the test
   * API keeps them; a run does not (they would grow with every event).
   */
  public destinationRecords: Array<{ readonly function: string; readonly destination: string; readonly record: unknown }> | undefined;

  public constructor(private readonly rt: Runtime) {}

  /** Queues an event for `target`; the input is the event's account. */
  public enqueue(target: PlanTarget, payload: string, input: InputRecord): void {
    const rt = this.rt;
    const fn = rt.functions.fn(target.function);
    rt.functions.metrics(fn.id).AsyncEventsReceived++;
    const e: AsyncEvent = { target, payload, input, receivedAt: rt.sim.now(), requestId: rt.random.uuid(), tries: 0, throttles: 0 };
    rt.sim.after(0, () => this.attempt(fn, e));
  }

  private attempt(fn: PlanFunction, e: AsyncEvent): void {
    const rt = this.rt;
    const m = rt.functions.metrics(fn.id);
    const age = rt.sim.now() - e.receivedAt;
    if (age > fn.async.maxEventAgeSeconds * 1000) {
      this.fail(fn, e, 'EventAgeExceeded');
      return;
    }
    if (rt.stopsRecursion(fn, e.input)) {
      // Lambda drops the event and sends it to the DLQ and on-failure destination when there are some.
      m.RecursiveInvocationsDropped++;
      if (this.failureTargets(fn, e, 'RetriesExhausted').length === 0) rt.ledger.settle(e.input, 'discarded', rt.sim.now(), { reason: recursionReason(fn.id) });
      // The report says why, also when the event went to the DLQ or the on-failure destination.
      else e.input.reason ??= recursionReason(fn.id);
      return;
    }
    if (fn.reservedConcurrency === 0) {
      m.Throttles++;
      this.fail(fn, e, 'ZeroReservedConcurrency');
      return;
    }
    if (rt.functions.wouldThrottle(fn.id)) {
      m.Throttles++;
      this.backoff(fn, e);
      return;
    }
    m.AsyncEventAge = Math.max(m.AsyncEventAge, age);
    e.tries++;
    e.input.attempts++;
    rt.sim.track(async () => {
      const outcome = await rt.functions.invoke(e.target, e.payload, e.requestId, e.input);
      this.after(fn, e, outcome);
    });
  }

  private backoff(fn: PlanFunction, e: AsyncEvent): void {
    const delay = Math.min(THROTTLE_BACKOFF_START_MS * 2 ** e.throttles, THROTTLE_BACKOFF_MAX_MS);
    e.throttles++;
    this.rt.sim.after(delay, () => this.attempt(fn, e));
  }

  private after(fn: PlanFunction, e: AsyncEvent, outcome: InvokeOutcome): void {
    const rt = this.rt;
    if (outcome.status === 'throttled') {
      // Throttled between the check and the start (another event took the last slot): back to the queue.
      e.tries--;
      e.input.attempts--;
      this.backoff(fn, e);
      return;
    }
    e.throttles = 0;
    e.last = outcome;
    if (outcome.status === 'success') {
      rt.ledger.settle(e.input, 'processed', rt.sim.now());
      if (fn.async.onSuccess) this.deliver(fn, fn.async.onSuccess, this.record(fn, e, 'Success'), e.input, false);
      return;
    }
    const retriesLeft = fn.async.maxRetryAttempts - (e.tries - 1);
    if (retriesLeft > 0) {
      const delay = ASYNC_RETRY_DELAYS_MS[Math.min(e.tries - 1, ASYNC_RETRY_DELAYS_MS.length - 1)]!;
      rt.sim.after(delay, () => this.attempt(fn, e));
      return;
    }
    this.fail(fn, e, 'RetriesExhausted');
  }

  /** Retries exhausted, the event too old or the function disabled: to the DLQ and the on-failure destination, or dropped. */
  private fail(fn: PlanFunction, e: AsyncEvent, condition: FailureCondition): void {
    const rt = this.rt;
    rt.functions.metrics(fn.id).AsyncEventsDropped++;
    const where = this.failureTargets(fn, e, condition);
    if (where.length === 0) {
      const reason =
        condition === 'EventAgeExceeded'
          ? `older than the maximum event age (${fn.async.maxEventAgeSeconds} s) with no dead-letter queue or on-failure destination`
          : condition === 'ZeroReservedConcurrency'
            ? 'not invoked: the function has reserved concurrency 0, and no dead-letter queue or on-failure destination'
            : `failed ${e.tries} tries with no dead-letter queue or on-failure destination`;
      rt.ledger.settle(e.input, 'discarded', rt.sim.now(), { reason });
    }
  }

  /** Sends the failure to the function's on-failure destination and DLQ; settles the input there. Returns where it went. */
  private failureTargets(fn: PlanFunction, e: AsyncEvent, condition: FailureCondition): string[] {
    const rt = this.rt;
    const where: string[] = [];
    if (fn.async.onFailure && this.deliver(fn, fn.async.onFailure, this.record(fn, e, condition), e.input, true)) {
      rt.ledger.settle(e.input, 'failureDestination', rt.sim.now(), { where: fn.async.onFailure.id ?? fn.async.onFailure.arn });
      where.push(fn.async.onFailure.id ?? fn.async.onFailure.arn);
    }
    if (fn.async.deadLetter) {
      const ok = !this.fifo(fn.async.deadLetter) && rt.deliver(fn.async.deadLetter, e.payload, e.input, {
        terminal: true,
        attributes: {
          RequestID: { dataType: 'String', stringValue: e.requestId },
          ErrorCode: { dataType: 'Number', stringValue: e.last ? '200' : '429' },
          ErrorMessage: { dataType: 'String', stringValue: firstBytes(this.errorMessage(e, condition), DLQ_ERROR_MESSAGE_BYTES) },
        },
      });
      if (ok) {
        rt.ledger.settle(e.input, 'deadLetter', rt.sim.now(), { where: fn.async.deadLetter.id ?? fn.async.deadLetter.arn });
        where.push(fn.async.deadLetter.id ?? fn.async.deadLetter.arn);
      } else rt.functions.metrics(fn.id).DeadLetterErrors++;
    }
    return where;
  }

  /** The DLQ's ErrorMessage: the last try's error, or why the function never ran. */
  private errorMessage(e: AsyncEvent, condition: FailureCondition): string {
    if (e.last?.error) return e.last.error.errorMessage;
    if (condition === 'ZeroReservedConcurrency') return 'Function not invoked. Function is configured with zero reserved concurrent executions';
    if (condition === 'EventAgeExceeded') return 'Rate Exceeded.';
    return condition;
  }

  /** A FIFO queue or topic: Lambda cannot send to one (not as a destination, not as a DLQ). */
  private fifo(d: PlanDestination): boolean {
    if (d.type === 'sqs') return this.rt.plan.queues.some((q) => q.id === d.id && q.fifo);
    if (d.type === 'sns') return this.rt.plan.topics.some((t) => t.id === d.id && t.fifo);
    return false;
  }

  private deliver(fn: PlanFunction, d: PlanDestination, record: unknown, input: InputRecord, failure: boolean): boolean {
    let body = JSON.stringify(record);
    if (failure && d.type === 'sns' && Buffer.byteLength(body) > SNS_MAX_MESSAGE_BYTES) {
      // AWS (OnFailure): "Amazon SNS destinations have a message size limit of 256 KB. If the
      // combined size of the function request and response payload exceeds the limit, Lambda will
      // drop the payload when sending OnFailure event to the destination."
      const { requestPayload: _request, responsePayload: _response, ...rest } = record as Record<string, unknown>;
      record = rest;
      body = JSON.stringify(record);
    }
    const ok = !this.fifo(d) && this.rt.deliver(d, body, input, failure ? { terminal: true } : { hopFrom: fn.id });
    if (!ok) this.rt.functions.metrics(fn.id).DestinationDeliveryFailures++;
    else if (this.destinationRecords) this.destinationRecords.push({ function: fn.id, destination: d.id ?? d.arn, record });
    return ok;
  }

  /**
   * The invocation record AWS sends to a destination (docs: "Capturing records of Lambda
   * asynchronous invocations"). `responsePayload` is what the function returned, or its error
   * document as the Node.js runtime makes it (`errorType`, `errorMessage`, `trace`; no trace
   * for a timeout or a crash, which the sandbox reports). An event that never ran (throttled
   * until too old, or a function with reserved concurrency 0) has no response.
   */
  private record(fn: PlanFunction, e: AsyncEvent, condition: 'Success' | FailureCondition): unknown {
    const rt = this.rt;
    const qualifier = e.target.qualifier ?? '$LATEST';
    const outcome = e.last;
    let responsePayload: unknown = null;
    if (outcome?.json !== undefined) responsePayload = JSON.parse(outcome.json);
    else if (outcome?.error) {
      const { errorType, errorMessage, trace } = outcome.error;
      responsePayload = { errorType, errorMessage, ...(trace !== undefined ? { trace } : {}) };
    }
    let requestPayload: unknown;
    try {
      requestPayload = JSON.parse(e.payload);
    } catch {
      requestPayload = e.payload;
    }
    return {
      version: '1.0',
      timestamp: new Date(rt.sim.epochMs()).toISOString(),
      requestContext: { requestId: e.requestId, functionArn: `${fn.arn}:${qualifier}`, condition, approximateInvokeCount: e.tries },
      requestPayload,
      ...(outcome
        ? {
            responseContext: { statusCode: 200, executedVersion: outcome.version, ...(outcome.status === 'success' ? {} : { functionError: 'Unhandled' }) },
            responsePayload,
          }
        : {}),
    };
  }
}

/** The first `max` bytes of a text in UTF-8, without cutting a character. */
function firstBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}
