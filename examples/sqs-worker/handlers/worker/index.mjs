// Worker for the jobs queue. Each message body is a JSON job:
//   { "jobId": "j-1", "items": [{ "sku": "A-1", "quantity": 2, "unitPrice": 9.5 }, ...] }
// The handler totals each job and logs the result. A message that cannot be processed is
// reported in batchItemFailures, so only it returns to the queue (and, after maxReceiveCount
// receives, moves to the dead-letter queue); the rest of the batch is deleted.

const MAX_ITEMS = Number(process.env.MAX_ITEMS_PER_JOB ?? '500');

export class InvalidJobError extends Error {}

/** Validates a job and returns its total in cents. */
export function totalOf(job) {
  if (typeof job !== 'object' || job === null) throw new InvalidJobError('job must be an object');
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

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records ?? []) {
    try {
      const job = JSON.parse(record.body);
      const cents = totalOf(job);
      console.log(JSON.stringify({ level: 'info', jobId: job.jobId, items: job.items.length, totalCents: cents, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) }));
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', messageId: record.messageId, error: err instanceof Error ? err.message : String(err) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
