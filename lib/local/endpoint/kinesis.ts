import type { Runtime } from '../runtime.js';
import { ApiError, jsonService, type ApiRequest } from './protocol.js';

/** Kinesis's limits: a record's data and partition key at most 1 MiB, PutRecords at most 500 records and 5 MiB. */
const MAX_RECORD_BYTES = 1_048_576;
const MAX_RECORDS = 500;
const MAX_REQUEST_BYTES = 5_242_880;
const MAX_PARTITION_KEY_CHARS = 256;

function invalid(message: string): ApiError {
  return new ApiError(400, 'ValidationException', message);
}

/** The stream a StreamName or StreamARN names. */
function streamOf(rt: Runtime, input: Record<string, unknown>): string {
  const name = typeof input.StreamName === 'string' ? input.StreamName : undefined;
  const arn = typeof input.StreamARN === 'string' ? input.StreamARN : undefined;
  if (name === undefined && arn === undefined) throw invalid('Either StreamName or StreamARN should be provided.');
  const s = rt.plan.streams.find((p) => (name === undefined || p.name === name) && (arn === undefined || p.arn === arn));
  if (!s) {
    const names = rt.plan.streams.map((p) => p.name);
    throw new ApiError(400, 'ResourceNotFoundException', `Stream ${name ?? arn} under account ${rt.plan.account} not found: not a stream of the app's plan (${names.length > 0 ? `its streams: ${names.join(', ')}` : 'it has no Kinesis streams'}).`);
  }
  return s.id;
}

const MAX_HASH_KEY = 2n ** 128n - 1n;

interface PutRecord {
  readonly data: Buffer;
  readonly partitionKey: string;
  readonly explicitHashKey?: bigint;
}

/** A record's data (base64 in the request), partition key and explicit hash key, checked. */
function recordOf(r: Record<string, unknown>, at: string): PutRecord {
  const key = r.PartitionKey;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_PARTITION_KEY_CHARS) {
    throw invalid(`1 validation error detected: Value at '${at}partitionKey' failed to satisfy constraint: Member must have length between 1 and ${MAX_PARTITION_KEY_CHARS}`);
  }
  if (typeof r.Data !== 'string') throw invalid(`1 validation error detected: Value null at '${at}data' failed to satisfy constraint: Member must not be null`);
  const data = Buffer.from(r.Data, 'base64');
  const size = data.length + Buffer.byteLength(key);
  if (size > MAX_RECORD_BYTES) throw invalid(`1 validation error detected: Value at '${at}data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES} (data and partition key: ${size} bytes)`);
  const explicit = r.ExplicitHashKey;
  if (explicit === undefined || explicit === null) return { data, partitionKey: key };
  if (typeof explicit !== 'string' || !/^\d{1,39}$/.test(explicit) || BigInt(explicit) > MAX_HASH_KEY) {
    throw invalid(`1 validation error detected: Value '${String(explicit)}' at '${at}explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38}) and be at most 2^128 - 1`);
  }
  return { data, partitionKey: key, explicitHashKey: BigInt(explicit) };
}

function put(rt: Runtime, streamId: string, r: PutRecord, req: ApiRequest): { SequenceNumber: string; ShardId: string } {
  const input = rt.inputFrom(req.caller, streamId, false);
  const { shardId, sequenceNumber } = rt.streams.putRecord(streamId, r.partitionKey, r.data, input, r.explicitHashKey);
  return { SequenceNumber: sequenceNumber, ShardId: shardId };
}

/** Kinesis Data Streams on AWS JSON 1.1: PutRecord and PutRecords (records reach the stream's mappings). */
export const KINESIS_API = jsonService({
  signingName: 'kinesis',
  title: 'Kinesis',
  targetPrefix: 'Kinesis_20131202',
  version: '1.1',
  operations: {
    PutRecord: (rt, input, req) => put(rt, streamOf(rt, input), recordOf(input, ''), req),
    PutRecords: (rt, input, req) => {
      const streamId = streamOf(rt, input);
      const records = input.Records;
      if (!Array.isArray(records) || records.length === 0 || records.length > MAX_RECORDS) {
        throw invalid(`1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length between 1 and ${MAX_RECORDS}`);
      }
      const checked = records.map((r, i) => recordOf(r as Record<string, unknown>, `records.${i + 1}.member.`));
      const total = checked.reduce((n, r) => n + r.data.length + Buffer.byteLength(r.partitionKey), 0);
      if (total > MAX_REQUEST_BYTES) throw new ApiError(400, 'InvalidArgumentException', `Records size exceeds ${MAX_REQUEST_BYTES} bytes limit (${total} bytes)`);
      return { FailedRecordCount: 0, Records: checked.map((r) => put(rt, streamId, r, req)) };
    },
  },
});
