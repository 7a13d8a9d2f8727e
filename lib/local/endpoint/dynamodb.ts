import type { PlanTable } from '../plan/types.js';
import type { Runtime } from '../runtime.js';
import { attributesSize } from '../services/streams.js';
import {
  type AttributeValue,
  type Condition,
  ExpressionContext,
  type Item,
  type Path,
  applyUpdate,
  checkItemValues,
  compareValues,
  conditionPaths,
  evaluateCondition,
  matchesSortKey,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  parseUpdate,
  project,
  typeOf,
  validation,
} from './dynamodb-expressions.js';
import { ApiError, type ApiRequest, type ServiceApi, jsonService } from './protocol.js';

/** DynamoDB's item size limit (bytes, as it counts item sizes). */
const MAX_ITEM_BYTES = 400 * 1024;
/** A Query or Scan reads at most this much (bytes of items) per call. */
const PAGE_BYTES = 1024 * 1024;
const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const ERROR_NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';

/** A failed ConditionExpression, with the item when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
class ConditionalCheckFailed extends ApiError {
  public constructor(public readonly item?: Item) {
    super(400, 'ConditionalCheckFailedException', 'The conditional request failed');
  }
}

/** A cancelled transaction: one reason per item, `None` for those that would have succeeded. */
class TransactionCanceled extends ApiError {
  public constructor(public readonly reasons: ReadonlyArray<{ readonly Code: string; readonly Message?: string; readonly Item?: Item }>) {
    super(400, 'TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`);
  }
}

type Input = Record<string, unknown>;

/** TransactWriteItems and TransactGetItems take at most 100 items. */
const TRANSACT_LIMIT = 100;

// ------------------------------------------------------------ tables and keys

/** The table a TableName names (its name or ARN), or DynamoDB's ResourceNotFoundException naming the plan's tables. */
function tableOf(rt: Runtime, name: unknown): PlanTable {
  if (typeof name !== 'string' || name === '') throw validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  const table = rt.plan.tables.find((t) => t.name === name || t.arn === name);
  if (table) return table;
  const names = rt.plan.tables.map((t) => t.name);
  throw new ApiError(
    400,
    'ResourceNotFoundException',
    `Requested resource not found: Table: ${name} not found. It is not in the app's plan, ${names.length > 0 ? `whose tables are ${names.join(', ')}` : 'which has no tables'}.`,
  );
}

function keyAttributes(table: PlanTable): Array<{ readonly name: string; readonly type: 'S' | 'N' | 'B'; readonly partition: boolean }> {
  return [{ ...table.partitionKey, partition: true }, ...(table.sortKey ? [{ ...table.sortKey, partition: false }] : [])];
}

function checkKeyValue(k: { name: string; type: 'S' | 'N' | 'B'; partition: boolean }, v: AttributeValue): void {
  if (k.type === 'N') return;
  const size = k.type === 'S' ? Buffer.byteLength(String(v.S)) : Buffer.from(String(v.B), 'base64').length;
  if (size === 0) throw validation(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${k.type === 'S' ? 'string' : 'binary'} value. Key: ${k.name}`);
  if (k.partition && size > 2048) throw validation('One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes');
  if (!k.partition && size > 1024) throw validation('One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes');
}

/** A Key parameter: exactly the table's key attributes, of their types (normalised). */
function checkKey(table: PlanTable, key: unknown, prefix = ''): Item {
  const bad = (): ApiError => validation(`${prefix}The provided key element does not match the schema`);
  if (key === null || typeof key !== 'object' || Array.isArray(key)) throw bad();
  const values = checkItemValues(key as Record<string, unknown>);
  const attrs = keyAttributes(table);
  if (Object.keys(values).length !== attrs.length) throw bad();
  const out: Item = {};
  for (const k of attrs) {
    const v = values[k.name];
    if (!v || typeOf(v) !== k.type) throw bad();
    checkKeyValue(k, v);
    out[k.name] = v;
  }
  return out;
}

/** An Item parameter: its values valid, its key attributes there and of their types, its size within DynamoDB's limit. */
function checkItem(table: PlanTable, item: unknown): Item {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
  const values = checkItemValues(item as Record<string, unknown>);
  for (const k of keyAttributes(table)) {
    const v = values[k.name];
    if (!v) throw validation(`One or more parameter values were invalid: Missing the key ${k.name} in the item`);
    if (typeOf(v) !== k.type) throw validation(`One or more parameter values were invalid: Type mismatch for key ${k.name} expected: ${k.type} actual: ${typeOf(v)}`);
    checkKeyValue(k, v);
  }
  if (attributesSize(values) > MAX_ITEM_BYTES) throw validation('Item size has exceeded the maximum allowed size');
  return values;
}

function keyOfItem(table: PlanTable, item: Item): Item {
  const out: Item = {};
  for (const k of keyAttributes(table)) out[k.name] = item[k.name]!;
  return out;
}

// ------------------------------------------------------------ parameters

/** Legacy parameters the local DynamoDB does not serve: an error naming the expression to use instead. */
function refuseLegacy(input: Input, operation: string, legacy: Readonly<Record<string, string>>): void {
  for (const [param, instead] of Object.entries(legacy)) {
    if (input[param] !== undefined && input[param] !== null) {
      throw new ApiError(400, 'UnsupportedOperation', `lambdaform's local runtime does not serve DynamoDB ${operation} with the legacy parameter ${param}; use ${instead}. The call did not reach AWS.`);
    }
  }
}

function refuseIndex(input: Input, operation: string): void {
  if (input.IndexName !== undefined && input.IndexName !== null) {
    throw new ApiError(
      400,
      'UnsupportedOperation',
      `lambdaform's local runtime does not serve DynamoDB ${operation} on an index (IndexName: ${String(input.IndexName)}): the app's plan has no secondary indexes. The call did not reach AWS.`,
    );
  }
}

function returnValues<T extends string>(input: Input, allowed: readonly T[]): T {
  const v = input.ReturnValues ?? 'NONE';
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    if (['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'].includes(String(v))) throw validation('Return values set to invalid value');
    throw validation(`1 validation error detected: Value '${String(v)}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]`);
  }
  return v as T;
}

function returnOldOnFailure(input: Input): boolean {
  const v = input.ReturnValuesOnConditionCheckFailure ?? 'NONE';
  if (v !== 'NONE' && v !== 'ALL_OLD') {
    throw validation(`1 validation error detected: Value '${String(v)}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`);
  }
  return v === 'ALL_OLD';
}

function expression(input: Input, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, 'SerializationException', `${name} must be a string`);
  return v;
}

function conditionOf(input: Input, ctx: ExpressionContext): Condition | undefined {
  const text = expression(input, 'ConditionExpression');
  return text === undefined ? undefined : parseCondition(text, ctx, 'ConditionExpression');
}

function projectionOf(input: Input, ctx: ExpressionContext): Path[] | undefined {
  const text = expression(input, 'ProjectionExpression');
  return text === undefined ? undefined : parseProjection(text, ctx);
}

/** Throws the ConditionalCheckFailedException when the item (or its absence) fails the condition. */
function check(cond: Condition | undefined, old: Item | undefined, returnOld: boolean): void {
  if (cond && !evaluateCondition(cond, old ?? {})) throw new ConditionalCheckFailed(returnOld ? old : undefined);
}

/** The input of a write a handler (or the test) makes to a table: DynamoDB is not followed by recursive loop detection. */
function writeInput(rt: Runtime, req: ApiRequest, table: PlanTable): () => ReturnType<Runtime['inputFrom']> {
  return () => rt.inputFrom(req.caller, table.id, false);
}

function consumed(input: Input, table: PlanTable, units: number): Input {
  const mode = input.ReturnConsumedCapacity;
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return {};
  return { ConsumedCapacity: { TableName: table.name, CapacityUnits: units, ...(mode === 'INDEXES' ? { Table: { CapacityUnits: units } } : {}) } };
}

function writeUnits(...items: Array<Item | undefined>): number {
  return Math.max(1, Math.ceil(Math.max(0, ...items.map((i) => (i ? attributesSize(i) : 0))) / 1024));
}

function readUnits(bytes: number, input: Input): number {
  return Math.max(1, Math.ceil(bytes / 4096)) * (input.ConsistentRead === true ? 1 : 0.5);
}

// ------------------------------------------------------------ Query and Scan

type Select = 'ALL_ATTRIBUTES' | 'COUNT' | 'SPECIFIC_ATTRIBUTES';

function selectOf(input: Input, projection: Path[] | undefined): Select {
  const v = input.Select;
  if (v === undefined || v === null) return projection ? 'SPECIFIC_ATTRIBUTES' : 'ALL_ATTRIBUTES';
  switch (v) {
    case 'ALL_ATTRIBUTES':
      if (projection) throw validation('Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ALL_ATTRIBUTES');
      return 'ALL_ATTRIBUTES';
    case 'COUNT':
      if (projection) throw validation('Cannot specify the AttributesToGet or ProjectionExpression when choosing to get only the Count');
      return 'COUNT';
    case 'SPECIFIC_ATTRIBUTES':
      if (!projection) throw validation('Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
      return 'SPECIFIC_ATTRIBUTES';
    case 'ALL_PROJECTED_ATTRIBUTES':
      throw validation('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
    default:
      throw validation(`1 validation error detected: Value '${String(v)}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]`);
  }
}

function limitOf(input: Input): number | undefined {
  const v = input.Limit;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw validation(`1 validation error detected: Value '${String(v)}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  return v;
}

/**
 * One page of a Query or Scan over `items` (in the order read): it stops at Limit items read or
 * at 1 MB read, with LastEvaluatedKey the key of the last item read; the filter applies to the
 * items read (Count counts those it keeps, ScannedCount those read).
 */
function page(table: PlanTable, items: readonly Item[], input: Input, o: { filter?: Condition; projection?: Path[]; select: Select; limit?: number }): Input {
  const out: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let last: Item | undefined;
  let stopped = false;
  for (const item of items) {
    if (o.limit !== undefined && scanned >= o.limit) {
      stopped = true;
      break;
    }
    const size = attributesSize(item);
    if (scanned > 0 && bytes + size > PAGE_BYTES) {
      stopped = true;
      break;
    }
    bytes += size;
    scanned++;
    last = item;
    if (!o.filter || evaluateCondition(o.filter, item)) out.push(o.projection ? project(item, o.projection) : item);
  }
  // Limit reached: DynamoDB returns the key to go on from even when no item is left.
  if (o.limit !== undefined && scanned >= o.limit) stopped = true;
  return {
    ...(o.select === 'COUNT' ? {} : { Items: out }),
    Count: out.length,
    ScannedCount: scanned,
    ...(stopped && last ? { LastEvaluatedKey: keyOfItem(table, last) } : {}),
    ...consumed(input, table, readUnits(bytes, input)),
  };
}

function query(rt: Runtime, input: Input): Input {
  const table = tableOf(rt, input.TableName);
  refuseIndex(input, 'Query');
  refuseLegacy(input, 'Query', { KeyConditions: 'KeyConditionExpression', QueryFilter: 'FilterExpression', AttributesToGet: 'ProjectionExpression', ConditionalOperator: 'FilterExpression' });
  const keyText = expression(input, 'KeyConditionExpression');
  if (keyText === undefined) throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
  const key = parseKeyCondition(keyText, ctx, { partition: table.partitionKey, ...(table.sortKey ? { sort: table.sortKey } : {}) });
  const filterText = expression(input, 'FilterExpression');
  const filter = filterText === undefined ? undefined : parseCondition(filterText, ctx, 'FilterExpression');
  if (filter) {
    const keyNames = keyAttributes(table).map((k) => k.name);
    const onKey = conditionPaths(filter).find((p) => keyNames.includes(p[0] as string));
    if (onKey) throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${String(onKey[0])}`);
  }
  const projection = projectionOf(input, ctx);
  ctx.checkUnused();
  const select = selectOf(input, projection);
  const limit = limitOf(input);
  const forward = input.ScanIndexForward !== false;
  const sk = table.sortKey;
  let items = rt.streams.queryItems(table.id, key.partition);
  if (key.sort && sk) items = items.filter((i) => matchesSortKey(key.sort!, i[sk.name]));
  if (!forward) items.reverse();
  if (input.ExclusiveStartKey !== undefined && input.ExclusiveStartKey !== null) {
    const start = checkKey(table, input.ExclusiveStartKey, 'The provided starting key is invalid: ');
    if (compareValues(start[table.partitionKey.name], key.partition) !== 0) throw validation('The provided starting key is invalid: The provided key element does not match the query condition');
    items = sk
      ? items.filter((i) => {
          const c = compareValues(i[sk.name], start[sk.name]) ?? 0;
          return forward ? c > 0 : c < 0;
        })
      : [];
  }
  return page(table, items, input, { ...(filter ? { filter } : {}), ...(projection ? { projection } : {}), select, ...(limit !== undefined ? { limit } : {}) });
}

function scan(rt: Runtime, input: Input): Input {
  const table = tableOf(rt, input.TableName);
  refuseIndex(input, 'Scan');
  refuseLegacy(input, 'Scan', { ScanFilter: 'FilterExpression', AttributesToGet: 'ProjectionExpression', ConditionalOperator: 'FilterExpression' });
  const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
  const filterText = expression(input, 'FilterExpression');
  const filter = filterText === undefined ? undefined : parseCondition(filterText, ctx, 'FilterExpression');
  const projection = projectionOf(input, ctx);
  ctx.checkUnused();
  const select = selectOf(input, projection);
  const limit = limitOf(input);
  const { Segment: segment, TotalSegments: total } = input;
  const hasSegment = segment !== undefined && segment !== null;
  const hasTotal = total !== undefined && total !== null;
  if (hasSegment !== hasTotal) {
    throw validation(hasSegment ? 'The TotalSegments parameter is required but was not present in the request when Segment parameter is present' : 'The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (hasTotal && (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || total > 1_000_000)) {
    throw validation(`1 validation error detected: Value '${String(total)}' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000`);
  }
  if (hasSegment && (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment >= (total as number))) {
    throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${String(segment)} is not less than TotalSegments: ${String(total)}`);
  }
  const pk = table.partitionKey.name;
  const sk = table.sortKey?.name;
  // A Scan reads partitions in the order of their key's hash; a segment is a range of that hash.
  const order = (i: Item): { h: string; s: AttributeValue | undefined } => ({ h: rt.streams.scanOrder(i[pk]!), s: sk ? i[sk] : undefined });
  const after = (a: { h: string; s: AttributeValue | undefined }, b: { h: string; s: AttributeValue | undefined }): boolean => (a.h !== b.h ? a.h > b.h : (compareValues(a.s, b.s) ?? 0) > 0);
  let items = rt.streams.scanItems(table.id);
  if (hasSegment) items = items.filter((i) => Math.floor((parseInt(order(i).h.slice(0, 8), 16) * (total as number)) / 2 ** 32) === segment);
  if (input.ExclusiveStartKey !== undefined && input.ExclusiveStartKey !== null) {
    const start = order(checkKey(table, input.ExclusiveStartKey, 'The provided starting key is invalid: '));
    items = items.filter((i) => after(order(i), start));
  }
  return page(table, items, input, { ...(filter ? { filter } : {}), ...(projection ? { projection } : {}), select, ...(limit !== undefined ? { limit } : {}) });
}

// ------------------------------------------------------------ batches

function requestItems(input: Input): Array<[string, unknown]> {
  const r = input.RequestItems;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
  const entries = Object.entries(r as Record<string, unknown>);
  if (entries.length === 0) throw validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
  return entries;
}

function batchGet(rt: Runtime, input: Input): Input {
  const tables = requestItems(input).map(([name, spec]) => {
    const table = tableOf(rt, name);
    const s = (spec ?? {}) as Input;
    refuseLegacy(s, 'BatchGetItem', { AttributesToGet: 'ProjectionExpression' });
    if (!Array.isArray(s.Keys) || s.Keys.length === 0) throw validation("1 validation error detected: Value null at 'requestItems.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
    const keys = (s.Keys as unknown[]).map((k) => checkKey(table, k));
    const seen = new Set(keys.map((k) => JSON.stringify(k)));
    if (seen.size !== keys.length) throw validation('Provided list of item keys contains duplicates');
    const ctx = new ExpressionContext(s.ExpressionAttributeNames, undefined);
    const projection = projectionOf(s, ctx);
    ctx.checkUnused();
    return { name, table, keys, projection };
  });
  const total = tables.reduce((n, t) => n + t.keys.length, 0);
  if (total > BATCH_GET_LIMIT) throw validation(`Too many items requested for the BatchGetItem call`);
  const responses: Record<string, Item[]> = {};
  for (const t of tables) {
    const found: Item[] = [];
    for (const k of t.keys) {
      const item = rt.streams.getItem(t.table.id, k);
      if (item) found.push(t.projection ? project(item, t.projection) : item);
    }
    responses[t.name] = found;
  }
  return { Responses: responses, UnprocessedKeys: {} };
}

function batchWrite(rt: Runtime, input: Input, req: ApiRequest): Input {
  const writes: Array<{ table: PlanTable; put?: Item; del?: Item }> = [];
  const seen = new Set<string>();
  for (const [name, list] of requestItems(input)) {
    const table = tableOf(rt, name);
    if (!Array.isArray(list) || list.length === 0) throw validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
    for (const w of list as Input[]) {
      const put = w?.PutRequest as Input | undefined;
      const del = w?.DeleteRequest as Input | undefined;
      if (!put === !del) throw validation('Supplied WriteRequest must have exactly one of PutRequest and DeleteRequest');
      const entry = put ? { table, put: checkItem(table, put.Item) } : { table, del: checkKey(table, del!.Key) };
      const id = `${table.id}\u0000${JSON.stringify(entry.put ? keyOfItem(table, entry.put) : entry.del)}`;
      if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
      seen.add(id);
      writes.push(entry);
    }
  }
  if (writes.length > BATCH_WRITE_LIMIT) {
    throw validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
  }
  for (const w of writes) {
    const made = writeInput(rt, req, w.table);
    if (w.put) rt.streams.putItem(w.table.id, w.put, made());
    else rt.streams.deleteItem(w.table.id, w.del!, made());
  }
  return { UnprocessedItems: {} };
}

// ------------------------------------------------------------ the service

/** One TransactItems entry: its single action (`Put`, `Update`, ...) and that action's request. */
function transactEntry(entry: unknown, i: number, actions: readonly string[]): [string, Input] {
  const keys = entry !== null && typeof entry === 'object' ? Object.keys(entry).filter((k) => (entry as Input)[k] !== undefined) : [];
  if (keys.length !== 1 || !actions.includes(keys[0]!)) throw validation(`TransactItems[${i + 1}] must have exactly one of ${actions.join(', ')}`);
  return [keys[0]!, (entry as Input)[keys[0]!] as Input];
}

function transactItems(input: Input): unknown[] {
  const items = input.TransactItems;
  if (!Array.isArray(items) || items.length === 0 || items.length > TRANSACT_LIMIT) {
    throw validation(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and ${TRANSACT_LIMIT}`);
  }
  return items;
}

/**
 * TransactWriteItems: every condition is checked first, on the items as they are; when one fails,
 * nothing is written and TransactionCanceledException gives a reason per item. Then every Put,
 * Update and Delete is written (each feeding the table's stream). Two actions on one item are refused.
 */
function transactWrite(rt: Runtime, input: Input, req: ApiRequest): Input {
  const ops = transactItems(input).map((entry, i) => {
    const [kind, body] = transactEntry(entry, i, ['Put', 'Update', 'Delete', 'ConditionCheck']);
    const table = tableOf(rt, body.TableName);
    const ctx = new ExpressionContext(body.ExpressionAttributeNames, body.ExpressionAttributeValues);
    const item = kind === 'Put' ? checkItem(table, body.Item) : undefined;
    const key = item ? keyOfItem(table, item) : checkKey(table, body.Key);
    const updateText = kind === 'Update' ? expression(body, 'UpdateExpression') : undefined;
    if (kind === 'Update' && updateText === undefined) throw validation(`TransactItems[${i + 1}].Update needs an UpdateExpression`);
    const actions = updateText === undefined ? [] : parseUpdate(updateText, ctx);
    const cond = conditionOf(body, ctx);
    if (kind === 'ConditionCheck' && !cond) throw validation(`TransactItems[${i + 1}].ConditionCheck needs a ConditionExpression`);
    ctx.checkUnused();
    const apply =
      kind === 'Put'
        ? () => item!
        : kind === 'Delete'
          ? () => undefined
          : kind === 'Update'
            ? (o: Item | undefined) => {
                const next = applyUpdate(actions, o ?? key);
                if (attributesSize(next) > MAX_ITEM_BYTES) throw validation('Item size to update has exceeded the maximum allowed size');
                return next;
              }
            : undefined;
    return { table, key, cond, apply, returnOld: body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' };
  });
  const seen = new Set<string>();
  for (const op of ops) {
    const id = `${op.table.id}\0${JSON.stringify(keyOfItem(op.table, op.key))}`;
    if (seen.has(id)) throw validation('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  const reasons = ops.map((op) => {
    const old = rt.streams.getItem(op.table.id, op.key);
    if (!op.cond || evaluateCondition(op.cond, old ?? {})) return { Code: 'None' };
    return { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(op.returnOld && old ? { Item: old } : {}) };
  });
  if (reasons.some((r) => r.Code !== 'None')) throw new TransactionCanceled(reasons);
  for (const op of ops) if (op.apply) rt.streams.writeItem(op.table.id, op.key, op.apply, writeInput(rt, req, op.table));
  return {};
}

/** TransactGetItems: the items (projected), in the order asked, an empty response for a missing one. */
function transactGet(rt: Runtime, input: Input): Input {
  const responses = transactItems(input).map((entry, i) => {
    const [, body] = transactEntry(entry, i, ['Get']);
    const table = tableOf(rt, body.TableName);
    const key = checkKey(table, body.Key);
    const ctx = new ExpressionContext(body.ExpressionAttributeNames, body.ExpressionAttributeValues);
    const projection = projectionOf(body, ctx);
    ctx.checkUnused();
    const item = rt.streams.getItem(table.id, key);
    return item ? { Item: projection ? project(item, projection) : item } : {};
  });
  return { Responses: responses };
}

/**
 * PutItem (`put`: the item) and DeleteItem (the key): one item written under the request's
 * condition; the old item when `ReturnValues: ALL_OLD` asks for it.
 */
function writeOne(rt: Runtime, input: Record<string, unknown>, req: ApiRequest, table: PlanTable, op: 'PutItem' | 'DeleteItem', itemOrKey: Item, put: boolean): Record<string, unknown> {
  refuseLegacy(input, op, { Expected: 'ConditionExpression', ConditionalOperator: 'ConditionExpression' });
  const rv = returnValues(input, ['NONE', 'ALL_OLD'] as const);
  const returnOld = returnOldOnFailure(input);
  const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
  const cond = conditionOf(input, ctx);
  ctx.checkUnused();
  const { old } = rt.streams.writeItem(
    table.id,
    itemOrKey,
    (o) => {
      check(cond, o, returnOld);
      return put ? itemOrKey : undefined;
    },
    writeInput(rt, req, table),
  );
  return { ...(rv === 'ALL_OLD' && old ? { Attributes: old } : {}), ...consumed(input, table, put ? writeUnits(old, itemOrKey) : writeUnits(old)) };
}

const API = jsonService({
  signingName: 'dynamodb',
  title: 'DynamoDB',
  targetPrefix: 'DynamoDB_20120810',
  version: '1.0',
  errorNamespace: ERROR_NAMESPACE,
  operations: {
    PutItem: (rt, input, req) => {
      const table = tableOf(rt, input.TableName);
      return writeOne(rt, input, req, table, 'PutItem', checkItem(table, input.Item), true);
    },

    GetItem(rt, input) {
      const table = tableOf(rt, input.TableName);
      refuseLegacy(input, 'GetItem', { AttributesToGet: 'ProjectionExpression' });
      const key = checkKey(table, input.Key);
      const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
      const projection = projectionOf(input, ctx);
      ctx.checkUnused();
      const item = rt.streams.getItem(table.id, key);
      const units = readUnits(item ? attributesSize(item) : 0, input);
      return { ...(item ? { Item: projection ? project(item, projection) : item } : {}), ...consumed(input, table, units) };
    },

    UpdateItem(rt, input, req) {
      const table = tableOf(rt, input.TableName);
      refuseLegacy(input, 'UpdateItem', { AttributeUpdates: 'UpdateExpression', Expected: 'ConditionExpression', ConditionalOperator: 'ConditionExpression' });
      const key = checkKey(table, input.Key);
      const rv = returnValues(input, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] as const);
      const returnOld = returnOldOnFailure(input);
      const ctx = new ExpressionContext(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
      const updateText = expression(input, 'UpdateExpression');
      const actions = updateText === undefined ? [] : parseUpdate(updateText, ctx);
      const cond = conditionOf(input, ctx);
      ctx.checkUnused();
      for (const a of actions) {
        const name = a.path[0] as string;
        if (keyAttributes(table).some((k) => k.name === name)) throw validation(`One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`);
      }
      const { old, item } = rt.streams.updateItem(
        table.id,
        key,
        (o) => {
          check(cond, o, returnOld);
          const next = applyUpdate(actions, o ?? key);
          if (attributesSize(next) > MAX_ITEM_BYTES) throw validation('Item size to update has exceeded the maximum allowed size');
          return next;
        },
        writeInput(rt, req, table),
      );
      const paths = actions.map((a) => a.path);
      let attributes: Item | undefined;
      if (rv === 'ALL_OLD') attributes = old;
      else if (rv === 'ALL_NEW') attributes = item;
      else if (rv === 'UPDATED_OLD') attributes = old ? project(old, paths) : undefined;
      else if (rv === 'UPDATED_NEW') attributes = project(item, paths);
      return { ...(attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}), ...consumed(input, table, writeUnits(old, item)) };
    },

    DeleteItem: (rt, input, req) => {
      const table = tableOf(rt, input.TableName);
      return writeOne(rt, input, req, table, 'DeleteItem', checkKey(table, input.Key), false);
    },

    Query: (rt, input) => query(rt, input),
    Scan: (rt, input) => scan(rt, input),
    BatchGetItem: (rt, input) => batchGet(rt, input),
    BatchWriteItem: (rt, input, req) => batchWrite(rt, input, req),
    TransactWriteItems: (rt, input, req) => transactWrite(rt, input, req),
    TransactGetItems: (rt, input) => transactGet(rt, input),
  },
});

/**
 * DynamoDB on AWS JSON 1.0: PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem
 * and BatchWriteItem on the plan's tables, with condition, filter, key condition, update and
 * projection expressions; each write feeds the table's stream as DynamoDB Streams records it.
 * Errors as DynamoDB returns them: validation errors as `com.amazon.coral.validate#ValidationException`,
 * a failed condition with the item when ReturnValuesOnConditionCheckFailure is ALL_OLD.
 */
export const DYNAMODB_API: ServiceApi = {
  ...API,
  error(e, req) {
    const base = API.error(e, req);
    const type = e.code === 'ValidationException' ? 'com.amazon.coral.validate#ValidationException' : `${ERROR_NAMESPACE}${e.code}`;
    const body = { __type: type, message: e.message, ...(e instanceof ConditionalCheckFailed && e.item ? { Item: e.item } : {}), ...(e instanceof TransactionCanceled ? { CancellationReasons: e.reasons } : {}) };
    return { ...base, body: JSON.stringify(body) };
  },
};
