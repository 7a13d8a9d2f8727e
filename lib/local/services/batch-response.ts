/**
 * A partial batch response (`ReportBatchItemFailures`), as Lambda reads it for SQS and stream
 * mappings: the positions in the batch of the items the handler reports as failed (`ids` are the
 * batch's item identifiers: SQS message ids, stream sequence numbers, in batch order). No
 * response, no `batchItemFailures`, or null: none failed (empty). Undefined when the response is
 * invalid — not JSON, `batchItemFailures` not a list, an `itemIdentifier` empty, null or not an
 * item of the batch — and then Lambda fails the whole batch.
 */
export function failedPositions(json: string | undefined, ids: readonly string[]): number[] | undefined {
  let v: unknown;
  try {
    v = json === undefined ? null : JSON.parse(json);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || !('batchItemFailures' in v)) return [];
  const list = (v as { batchItemFailures: unknown }).batchItemFailures;
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) return undefined;
  const out: number[] = [];
  for (const item of list) {
    const id = item && typeof item === 'object' ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    const i = typeof id === 'string' && id !== '' ? ids.indexOf(id) : -1;
    if (i < 0) return undefined;
    out.push(i);
  }
  return out;
}
