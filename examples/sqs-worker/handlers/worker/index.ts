// Worker for the jobs queue. Each message body is a JSON job:
//   { "jobId": "j-1", "items": [{ "sku": "A-1", "quantity": 2, "unitPrice": 9.5 }, ...] }
// The handler totals each job and logs the result. A message that cannot be processed is
// reported in batchItemFailures, so only it returns to the queue (and, after maxReceiveCount
// receives, moves to the dead-letter queue); the rest of the batch is deleted.
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSHandler } from 'aws-lambda';

const MAX_ITEMS = Number(process.env.MAX_ITEMS_PER_JOB ?? '500');

/** One line of a job. */
export interface JobItem {
  sku: string;
  quantity: number;
  /** In the currency's main unit (9.5 is 950 cents). */
  unitPrice: number;
}

/** A message body, once `totalOf` has checked it. */
export interface Job {
  jobId: string;
  items: JobItem[];
}

export class InvalidJobError extends Error {}

/** Validates a job (a parsed message body, of any shape) and returns its total in cents. */
export function totalOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) throw new InvalidJobError('job must be an object');
  const job = value as Partial<Job>;
  if (typeof job.jobId !== 'string' || job.jobId.length === 0) throw new InvalidJobError('jobId must be a non-empty string');
  if (!Array.isArray(job.items) || job.items.length === 0) throw new InvalidJobError(`job ${job.jobId}: items must be a non-empty array`);
  if (job.items.length > MAX_ITEMS) throw new InvalidJobError(`job ${job.jobId}: at most ${MAX_ITEMS} items, got ${job.items.length}`);
  let cents = 0;
  for (const [i, item] of job.items.entries()) {
    if (!Number.isInteger(item.quantity) || item.quantity < 1) throw new InvalidJobError(`job ${job.jobId}: item ${i} quantity must be a positive integer`);
    if (typeof item.unitPrice !== 'number' || !(item.unitPrice >= 0)) throw new InvalidJobError(`job ${job.jobId}: item ${i} unitPrice must be >= 0`);
    cents += Math.round(item.unitPrice * 100) * item.quantity;
  }
  return cents;
}

// `satisfies SQSHandler`: checked against Lambda's handler type, and still callable with the event alone (in a test).
export const handler = (async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  // `?? []` and `?.`: an event written by hand (lambdaform invoke --event) may leave them out.
  for (const record of event.Records ?? []) {
    try {
      const job = JSON.parse(record.body) as Job; // checked by totalOf before anything else reads it
      const cents = totalOf(job);
      console.log(JSON.stringify({ level: 'info', jobId: job.jobId, items: job.items.length, totalCents: cents, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) }));
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', messageId: record.messageId, error: err instanceof Error ? err.message : String(err) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}) satisfies SQSHandler;
