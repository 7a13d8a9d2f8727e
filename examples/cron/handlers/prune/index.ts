// Hourly: deletes sessions whose expiresAt (epoch seconds) has passed. Scans page by page and
// deletes in batches of 25 (the BatchWriteItem limit), retrying unprocessed items. Safe to run
// twice: deleting an already deleted item is a no-op.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand, type BatchWriteWriteRequest, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Context, Handler, ScheduledEvent } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
// Set by the app (examples/cron/app.ts) to the table's name.
const TABLE = process.env.SESSIONS_TABLE!;

/** The key of a session item (a type, not an interface: it is a DynamoDB key, a record of attributes). */
export type SessionKey = { sessionId: string };

/** What a run did, returned to the invoker (and logged). */
export interface PruneResult {
  scanned: number;
  deleted: number;
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function deleteAll(keys: readonly SessionKey[]): Promise<void> {
  for (const batch of chunks(keys, 25)) {
    let requests: BatchWriteWriteRequest[] = batch.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt === 5) throw new Error(`${requests.length} deletes still unprocessed after 5 attempts`);
      const res = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
      requests = res.UnprocessedItems?.[TABLE] ?? [];
      if (requests.length) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

// `event.time ?? ...` and `context?.`: an invocation by hand (lambdaform invoke) may send `{}`.
export const handler = (async (event: ScheduledEvent, context: Context): Promise<PruneResult> => {
  const now = Math.floor(new Date(event.time ?? Date.now()).getTime() / 1000);
  let scanned = 0;
  let deleted = 0;
  let start: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: TABLE,
        ProjectionExpression: 'sessionId',
        FilterExpression: 'expiresAt < :now',
        ExpressionAttributeValues: { ':now': now },
        ExclusiveStartKey: start,
      }),
    );
    scanned += page.ScannedCount ?? 0;
    const keys: SessionKey[] = (page.Items ?? []).map((i) => ({ sessionId: i.sessionId as string }));
    await deleteAll(keys);
    deleted += keys.length;
    start = page.LastEvaluatedKey;
    // Leave time to finish cleanly; the next run continues where this one stopped.
    if (context?.getRemainingTimeInMillis && context.getRemainingTimeInMillis() < 10_000) break;
  } while (start);
  console.log(JSON.stringify({ level: 'info', scanned, deleted, now }));
  return { scanned, deleted };
}) satisfies Handler<ScheduledEvent, PruneResult>;
