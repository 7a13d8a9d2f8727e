/**
 * DynamoDB's expression language as the local DynamoDB parses and evaluates it: conditions and
 * filters, key conditions, updates and projections, with their placeholders, and DynamoDB's
 * ValidationExceptions for what it refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  type AttributeValue,
  ExpressionContext,
  type Item,
  addNumbers,
  applyUpdate,
  checkValue,
  compareValues,
  evaluateCondition,
  normalizeNumber,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  parseUpdate,
  project,
  subtractNumbers,
  valuesEqual,
} from '../../../lib/local/endpoint/dynamodb-expressions.js';
import { ApiError } from '../../../lib/local/endpoint/protocol.js';

const ITEM: Item = {
  id: { S: 'order-1' },
  amount: { N: '42.5' },
  qty: { N: '3' },
  title: { S: 'Blue widget' },
  tags: { SS: ['red', 'blue'] },
  sizes: { NS: ['1', '2.5'] },
  bin: { B: Buffer.from([1, 2, 3]).toString('base64') },
  active: { BOOL: true },
  nothing: { NULL: true },
  entries: { L: [{ M: { sku: { S: 'A' }, n: { N: '1' } } }, { M: { sku: { S: 'B' }, n: { N: '2' } } }] },
  address: { M: { city: { S: 'Oslo' }, zip: { S: '0150' } } },
  'dotted.name': { S: 'literal' },
};

/** Whether ITEM (or `item`) satisfies a condition, with the values (`{ ':v': { N: '1' } }`) and names given. */
function holds(expr: string, values: Record<string, AttributeValue> = {}, names?: Record<string, string>, item: Item = ITEM): boolean {
  const ctx = new ExpressionContext(names, Object.keys(values).length > 0 ? values : undefined);
  const c = parseCondition(expr, ctx);
  ctx.checkUnused();
  return evaluateCondition(c, item);
}

/** The ValidationException message an action throws. */
function refusal(action: () => unknown): string {
  try {
    action();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('ValidationException');
    return (e as ApiError).message;
  }
  throw new Error('expected a ValidationException');
}

function condition(expr: string, values?: Record<string, AttributeValue>, names?: Record<string, string>) {
  return () => {
    const ctx = new ExpressionContext(names, values);
    parseCondition(expr, ctx);
    ctx.checkUnused();
  };
}

function update(expr: string, item: Item, values?: Record<string, AttributeValue>, names?: Record<string, string>): Item {
  const ctx = new ExpressionContext(names, values);
  const actions = parseUpdate(expr, ctx);
  ctx.checkUnused();
  return applyUpdate(actions, item);
}

describe('numbers', () => {
  it('normalises as DynamoDB stores them', () => {
    expect(['1.50', '0001', '-0', '1e3', '1.5E-2', '+7', '.5', '100', '-12.340'].map(normalizeNumber)).toEqual(['1.5', '1', '0', '1000', '0.015', '7', '0.5', '100', '-12.34']);
  });

  it('adds and subtracts exactly, as 38-digit decimals', () => {
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
    expect(addNumbers('9007199254740993', '1')).toBe('9007199254740994');
    expect(subtractNumbers('1', '1.000001')).toBe('-0.000001');
    expect(addNumbers('12345678901234567890123456789012345678', '1')).toBe('12345678901234567890123456789012345679');
  });

  it('refuses what DynamoDB does not store', () => {
    expect(refusal(() => normalizeNumber('abc'))).toBe('A value provided cannot be converted into a number');
    expect(refusal(() => normalizeNumber('1234567890123456789012345678901234567891'))).toBe('Attempting to store more than 38 significant digits in a Number');
    expect(refusal(() => normalizeNumber('1E+126'))).toBe('Number overflow. Attempting to store a number with magnitude larger than supported range');
    expect(refusal(() => normalizeNumber('1E-131'))).toBe('Number underflow. Attempting to store a number with magnitude smaller than supported range');
    expect(normalizeNumber('9.9999999999999999999999999999999999999E+125')).toMatch(/^9{38}0{88}$/);
  });

  it('orders numbers by value, strings and binary by bytes', () => {
    expect(compareValues({ N: '10' }, { N: '9' })).toBe(1);
    expect(compareValues({ N: '-1.5' }, { N: '-1.25' })).toBe(-1);
    // U+FF5E sorts after U+1F600 by UTF-16 code units, before it by UTF-8 bytes.
    expect(compareValues({ S: '\uff5e' }, { S: '\u{1f600}' })).toBe(-1);
    expect(compareValues({ B: Buffer.from([0x7f]).toString('base64') }, { B: Buffer.from([0x80]).toString('base64') })).toBe(-1);
    expect(compareValues({ N: '1' }, { S: '1' })).toBeUndefined();
  });
});

describe('attribute values', () => {
  it('checks and normalises values', () => {
    expect(checkValue({ M: { n: { N: '01.0' }, s: { NS: ['2.0', '3'] } } })).toEqual({ M: { n: { N: '1' }, s: { NS: ['2', '3'] } } });
    expect(refusal(() => checkValue({}))).toBe('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    expect(refusal(() => checkValue({ S: 'a', N: '1' }))).toBe('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
    expect(refusal(() => checkValue({ SS: [] }))).toBe('One or more parameter values were invalid: An string set  may not be empty');
    expect(refusal(() => checkValue({ NS: ['1', '1.0'] }))).toBe('One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates.');
    expect(refusal(() => checkValue({ NULL: false }))).toBe('One or more parameter values were invalid: Null attribute value types must have the value of true');
  });

  it('compares sets unordered, maps and lists deeply', () => {
    expect(valuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] })).toBe(true);
    expect(valuesEqual({ NS: ['1.0'] }, { NS: ['1'] })).toBe(true);
    expect(valuesEqual({ M: { a: { L: [{ N: '1' }] } } }, { M: { a: { L: [{ N: '1' }] } } })).toBe(true);
    expect(valuesEqual({ L: [{ N: '1' }, { N: '2' }] }, { L: [{ N: '2' }, { N: '1' }] })).toBe(false);
  });
});

describe('condition expressions', () => {
  it('compares with = <> < <= > >=, numbers by value', () => {
    expect(holds('amount = :v', { ':v': { N: '42.50' } })).toBe(true);
    expect(holds('amount <> :v', { ':v': { N: '42.5' } })).toBe(false);
    expect(holds('qty < :v', { ':v': { N: '10' } })).toBe(true);
    expect(holds('qty <= :v', { ':v': { N: '3' } })).toBe(true);
    expect(holds('qty > :v', { ':v': { N: '3' } })).toBe(false);
    expect(holds('qty >= :v', { ':v': { N: '3' } })).toBe(true);
    expect(holds('title < :v', { ':v': { S: 'C' } })).toBe(true);
    // Values of different types are not equal, and not ordered.
    expect(holds('qty = :v', { ':v': { S: '3' } })).toBe(false);
    expect(holds('qty < :v', { ':v': { S: '9' } })).toBe(false);
  });

  it('treats a missing attribute as unequal to anything and not ordered', () => {
    expect(holds('gone = :v', { ':v': { N: '1' } })).toBe(false);
    expect(holds('gone <> :v', { ':v': { N: '1' } })).toBe(true);
    expect(holds('gone < :v', { ':v': { N: '1' } })).toBe(false);
  });

  it('evaluates BETWEEN and IN', () => {
    expect(holds('amount BETWEEN :lo AND :hi', { ':lo': { N: '40' }, ':hi': { N: '42.5' } })).toBe(true);
    expect(holds('amount between :lo and :hi', { ':lo': { N: '43' }, ':hi': { N: '50' } })).toBe(false);
    expect(holds('qty IN (:a, :b, :c)', { ':a': { N: '1' }, ':b': { N: '3' }, ':c': { S: 'x' } })).toBe(true);
    expect(holds('qty IN (:a)', { ':a': { N: '4' } })).toBe(false);
  });

  it('applies NOT before AND before OR, and parentheses first', () => {
    const v = { ':t': { BOOL: true }, ':f': { BOOL: false } };
    // active = true: a OR b AND c with a true, b true, c false.
    expect(holds('active = :t OR active = :t AND active = :f', v)).toBe(true);
    expect(holds('(active = :t OR active = :t) AND active = :f', v)).toBe(false);
    expect(holds('NOT active = :f AND active = :t', v)).toBe(true);
    expect(holds('NOT (active = :f OR active = :t)', v)).toBe(false);
    expect(holds('((active = :t))', { ':t': { BOOL: true } })).toBe(true);
    expect(holds('(qty) = :v', { ':v': { N: '3' } })).toBe(true);
    expect(holds('(size(title)) > :n AND (size(tags) = :two)', { ':n': { N: '10' }, ':two': { N: '2' } })).toBe(true);
  });

  it('reads document paths with dots and list indexes, and names given by placeholders', () => {
    expect(holds('address.city = :v', { ':v': { S: 'Oslo' } })).toBe(true);
    expect(holds('entries[1].sku = :v', { ':v': { S: 'B' } })).toBe(true);
    expect(holds('entries[2].sku = :v', { ':v': { S: 'B' } })).toBe(false);
    expect(holds('#a.#c = :v', { ':v': { S: 'Oslo' } }, { '#a': 'address', '#c': 'city' })).toBe(true);
    // A name with a dot, given by a placeholder, is one top-level attribute.
    expect(holds('#d = :v', { ':v': { S: 'literal' } }, { '#d': 'dotted.name' })).toBe(true);
    expect(holds('attribute_exists(address.zip) AND attribute_not_exists(address.country)')).toBe(true);
  });

  it('evaluates the functions', () => {
    expect(holds('attribute_exists(id)')).toBe(true);
    expect(holds('attribute_not_exists(id)')).toBe(false);
    expect(holds('attribute_not_exists(id)', {}, undefined, {})).toBe(true);
    expect(holds('attribute_type(tags, :t)', { ':t': { S: 'SS' } })).toBe(true);
    expect(holds('attribute_type(entries, :t)', { ':t': { S: 'M' } })).toBe(false);
    expect(holds('begins_with(title, :p)', { ':p': { S: 'Blue' } })).toBe(true);
    expect(holds('begins_with(bin, :p)', { ':p': { B: Buffer.from([1, 2]).toString('base64') } })).toBe(true);
    expect(holds('begins_with(qty, :p)', { ':p': { S: '3' } })).toBe(false);
    expect(holds('contains(title, :s)', { ':s': { S: 'wid' } })).toBe(true);
    expect(holds('contains(tags, :s)', { ':s': { S: 'red' } })).toBe(true);
    expect(holds('contains(sizes, :n)', { ':n': { N: '2.50' } })).toBe(true);
    expect(holds('contains(tags, :s)', { ':s': { S: 're' } })).toBe(false);
    expect(holds('contains(entries, :m)', { ':m': { M: { n: { N: '2' }, sku: { S: 'B' } } } })).toBe(true);
    expect(holds('size(title) = :n', { ':n': { N: '11' } })).toBe(true);
    expect(holds('size(tags) = :n AND size(entries) = :n AND size(address) = :n', { ':n': { N: '2' } })).toBe(true);
    expect(holds('size(bin) > :n', { ':n': { N: '2' } })).toBe(true);
    // size of a number has no value: the comparison is false.
    expect(holds('size(qty) > :n', { ':n': { N: '0' } })).toBe(false);
  });

  it('refuses a syntax error, naming the token', () => {
    expect(refusal(condition('qty = = :v', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"');
    expect(refusal(condition('qty >'))).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ">"');
    expect(refusal(condition('qty = :v AND', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"');
    expect(refusal(condition('qty ! :v', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: Syntax error; token: "!", near: "qty !"');
    expect(refusal(condition('(qty = :v', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"');
    expect(refusal(condition('entries[x] = :v', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: Syntax error; token: "x", near: "[x]"');
    expect(refusal(condition(''))).toBe('Invalid ConditionExpression: The expression can not be empty;');
  });

  it('refuses undefined and unused placeholders, reserved words and misused functions', () => {
    expect(refusal(condition('#x = :v', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x');
    expect(refusal(condition('qty = :w', { ':v': { N: '1' } }))).toBe('Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w');
    expect(refusal(condition('qty = :v', { ':v': { N: '1' }, ':extra': { N: '2' } }))).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}');
    expect(refusal(condition('qty = :v', { ':v': { N: '1' } }, { '#n': 'name' }))).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}');
    expect(refusal(condition('status = :v', { ':v': { S: 'x' } }))).toBe('Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status');
    expect(refusal(condition('attribute_exist(qty)'))).toBe('Invalid ConditionExpression: Invalid function name; function: attribute_exist');
    expect(refusal(condition('ATTRIBUTE_EXISTS(qty)'))).toBe('Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS');
    expect(refusal(condition('size(qty)'))).toBe('Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size');
    expect(refusal(condition('begins_with(title, :p) = :t', { ':p': { S: 'a' }, ':t': { BOOL: true } }))).toBe('Invalid ConditionExpression: Syntax error; token: "=", near: ") = :t"');
    expect(refusal(condition('qty = attribute_exists(id)'))).toBe('Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists');
    expect(refusal(condition('attribute_exists(:v)', { ':v': { S: 'x' } }))).toBe('Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists');
    expect(refusal(condition('attribute_type(qty, :t)', { ':t': { S: 'NUMBER' } }))).toBe('Invalid ConditionExpression: Invalid attribute type name found; type: NUMBER, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}');
    expect(refusal(condition('begins_with(title, :n)', { ':n': { N: '1' } }))).toBe('Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
    expect(refusal(condition('contains(qty)'))).toBe('Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1');
    expect(refusal(condition('qty = qty'))).toBe('Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [qty]');
    expect(refusal(condition('qty BETWEEN :hi AND :lo', { ':lo': { N: '1' }, ':hi': { N: '5' } }))).toBe(
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}',
    );
    expect(refusal(() => new ExpressionContext(undefined, { ':s': { SS: [] } }))).toBe('ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :s');
    expect(refusal(() => new ExpressionContext({}, undefined))).toBe('ExpressionAttributeNames must not be empty');
    // Names or values without any expression.
    expect(refusal(() => new ExpressionContext({ '#a': 'a' }, undefined).checkUnused())).toBe('ExpressionAttributeNames can only be specified when using expressions');
    expect(refusal(() => new ExpressionContext(undefined, { ':a': { N: '1' } }).checkUnused())).toBe('ExpressionAttributeValues can only be specified when using expressions');
  });
});

describe('key condition expressions', () => {
  const key = { partition: { name: 'pk', type: 'S' as const }, sort: { name: 'sk', type: 'N' as const } };
  const parse = (expr: string, values: Record<string, AttributeValue>, names?: Record<string, string>) => parseKeyCondition(expr, new ExpressionContext(names, values), key);

  it('takes partition key equality and one sort key condition', () => {
    expect(parse('pk = :p', { ':p': { S: 'a' } })).toEqual({ partition: { S: 'a' } });
    expect(parse('pk = :p AND sk >= :s', { ':p': { S: 'a' }, ':s': { N: '1' } })).toEqual({ partition: { S: 'a' }, sort: { op: '>=', value: { N: '1' } } });
    expect(parse('(#s BETWEEN :a AND :b) AND (#p = :p)', { ':p': { S: 'a' }, ':a': { N: '1' }, ':b': { N: '2' } }, { '#s': 'sk', '#p': 'pk' })).toEqual({
      partition: { S: 'a' },
      sort: { op: 'BETWEEN', lo: { N: '1' }, hi: { N: '2' } },
    });
    // A value on the left: the comparison turned around.
    expect(parse(':p = pk AND :s < sk', { ':p': { S: 'a' }, ':s': { N: '1' } })).toEqual({ partition: { S: 'a' }, sort: { op: '>', value: { N: '1' } } });
  });

  it("refuses what DynamoDB's Query does not take", () => {
    const v = { ':p': { S: 'a' }, ':s': { N: '1' } };
    expect(refusal(() => parse('sk = :s', { ':s': { N: '1' } }))).toBe('Query condition missed key schema element: pk');
    expect(refusal(() => parse('pk = :p OR sk = :s', v))).toBe('Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR');
    expect(refusal(() => parse('pk < :p', { ':p': { S: 'a' } }))).toBe('Query key condition not supported');
    expect(refusal(() => parse('pk = :p AND sk <> :s', v))).toBe('Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>');
    expect(refusal(() => parse('pk = :p AND extra = :s', v))).toBe('Query condition missed key schema element');
    expect(refusal(() => parse('pk = :s', { ':s': { N: '1' } }))).toBe('One or more parameter values were invalid: Condition parameter type does not match schema type');
    expect(refusal(() => parse('pk = :p AND begins_with(sk, :s)', v))).toBe('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
  });
});

describe('update expressions', () => {
  const base: Item = { id: { S: 'k' }, n: { N: '5' }, l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }] }, s: { SS: ['x', 'y'] }, m: { M: { deep: { N: '1' } } } };

  it('SETs values, sums and differences, if_not_exists and list_append, computed from the item as it was', () => {
    expect(update('SET n = n + :one, o = n', base, { ':one': { N: '1' } })).toMatchObject({ n: { N: '6' }, o: { N: '5' } });
    expect(update('SET c = if_not_exists(c, :zero) + :one', base, { ':zero': { N: '0' }, ':one': { N: '1' } }).c).toEqual({ N: '1' });
    expect(update('SET n = if_not_exists(n, :zero) - :one', base, { ':zero': { N: '0' }, ':one': { N: '1' } }).n).toEqual({ N: '4' });
    expect(update('SET l = list_append(l, :more)', base, { ':more': { L: [{ S: 'd' }] } }).l).toEqual({ L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }] });
    expect(update('SET l = list_append(:first, l)', base, { ':first': { L: [{ S: '0' }] } }).l).toEqual({ L: [{ S: '0' }, { S: 'a' }, { S: 'b' }, { S: 'c' }] });
    expect(update('SET nl = list_append(if_not_exists(nl, :empty), :more)', base, { ':empty': { L: [] }, ':more': { L: [{ N: '1' }] } }).nl).toEqual({ L: [{ N: '1' }] });
    expect(update('SET m.deep = :v, l[1] = :v, l[9] = :v', base, { ':v': { S: 'new' } })).toMatchObject({ m: { M: { deep: { S: 'new' } } }, l: { L: [{ S: 'a' }, { S: 'new' }, { S: 'c' }, { S: 'new' }] } });
  });

  it('REMOVEs attributes and list elements (indexes as before the update)', () => {
    const out = update('REMOVE n, l[0], l[2], m.deep, absent', base);
    expect(out).toEqual({ id: { S: 'k' }, l: { L: [{ S: 'b' }] }, s: { SS: ['x', 'y'] }, m: { M: {} } });
  });

  it('ADDs to numbers and sets, DELETEs from sets (an emptied set is removed)', () => {
    const values = { ':n': { N: '-2' }, ':s': { SS: ['y', 'z'] } };
    expect(update('ADD n :n, s :s, fresh :n', base, values)).toMatchObject({ n: { N: '3' }, s: { SS: ['x', 'y', 'z'] }, fresh: { N: '-2' } });
    expect(update('DELETE s :s', base, { ':s': { SS: ['y', 'z'] } }).s).toEqual({ SS: ['x'] });
    expect(update('DELETE s :s', base, { ':s': { SS: ['x', 'y'] } }).s).toBeUndefined();
    expect(update('set a = :n add b :n remove c delete s :s', base, values)).toMatchObject({ a: { N: '-2' }, b: { N: '-2' }, s: { SS: ['x'] } });
  });

  it('refuses what DynamoDB refuses', () => {
    const u = (expr: string, values?: Record<string, AttributeValue>, names?: Record<string, string>) => () => update(expr, base, values, names);
    expect(refusal(u('SET n = gone + :one', { ':one': { N: '1' } }))).toBe('The provided expression refers to an attribute that does not exist in the item');
    expect(refusal(u('SET n = s + :one', { ':one': { N: '1' } }))).toBe('An operand in the update expression has an incorrect data type');
    expect(refusal(u('SET n = n + :s', { ':s': { S: '1' } }))).toBe('Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S');
    expect(refusal(u('SET absent.x = :one', { ':one': { N: '1' } }))).toBe('The document path provided in the update expression is invalid for update');
    expect(refusal(u('ADD s :s', { ':s': { S: 'x' } }))).toBe('Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING');
    expect(refusal(u('DELETE n :n', { ':n': { N: '1' } }))).toBe('Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER');
    expect(refusal(u('ADD n :s', { ':s': { SS: ['a'] } }))).toBe('An operand in the update expression has an incorrect data type');
    expect(refusal(u('SET a = :v SET b = :v', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: The "SET" section can only be used once in an update expression;');
    expect(refusal(u('SET m = :v REMOVE m.deep', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, deep]');
    expect(refusal(u('SET a = :v, b = attribute_exists(a)', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: The function is not allowed in an update expression; function: attribute_exists');
    expect(refusal(u('SET a = if_not_exists(:v, :v)', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists');
    expect(refusal(u('SET #name = :v', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #name');
    expect(refusal(u('SET name = :v', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name');
    expect(refusal(u('SET a :v', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: Syntax error; token: ":v", near: "a :v"');
    expect(refusal(u('UPSERT a = :v', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: Syntax error; token: "UPSERT", near: "UPSERT a"');
    expect(refusal(u('SET a = :v + :v + :v', { ':v': { N: '1' } }))).toBe('Invalid UpdateExpression: Syntax error; token: "+", near: ":v + :v"');
  });
});

describe('projection expressions', () => {
  it('keeps the paths named, nested as in the item', () => {
    const ctx = new ExpressionContext({ '#a': 'address' }, undefined);
    const paths = parseProjection('id, #a.city, entries[1].sku, entries[0], gone, tags', ctx);
    ctx.checkUnused();
    expect(project(ITEM, paths)).toEqual({
      id: { S: 'order-1' },
      address: { M: { city: { S: 'Oslo' } } },
      entries: { L: [{ M: { sku: { S: 'A' }, n: { N: '1' } } }, { M: { sku: { S: 'B' } } }] },
      tags: { SS: ['red', 'blue'] },
    });
  });

  it('refuses overlapping paths', () => {
    expect(refusal(() => parseProjection('address, address.city', new ExpressionContext()))).toBe(
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [address], path two: [address, city]',
    );
  });
});
