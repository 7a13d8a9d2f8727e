// EventBridge event patterns: every filter of "Content filtering in Amazon EventBridge event
// patterns", arrays, null and empty values, $or, invalid patterns, and Lambda FilterCriteria.
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import { checkEventPattern, matchesEventPattern, matchesFilterCriteria } from '../../../lib/local/match/event-pattern.js';

/** The EC2 state-change event of the EventBridge user guide. */
const EC2 = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const m = (pattern: unknown, event: unknown) => matchesEventPattern(pattern, event);
/** Matches `pattern` against `{ v: value }` for each value; the results in order. */
const each = (rule: unknown[], values: unknown[]) => values.map((v) => m({ v: rule }, { v }));

describe('matchesEventPattern: exact values, AND and OR', () => {
  it("the guide's EC2 pattern matches the EC2 event; a different state does not", () => {
    const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };
    expect(m(pattern, EC2)).toBe(true);
    expect(m(pattern, { ...EC2, detail: { ...EC2.detail, state: 'running' } })).toBe(false);
  });

  it('an empty pattern matches every event, even a non-object', () => {
    for (const e of [EC2, {}, 'text', 42, null, [1, 2]]) expect(m({}, e)).toBe(true);
  });

  it('fields are ANDed: every field must match, a missing field fails', () => {
    expect(m({ source: ['aws.ec2'], region: ['us-west-1'] }, EC2)).toBe(true);
    expect(m({ source: ['aws.ec2'], region: ['eu-west-1'] }, EC2)).toBe(false);
    expect(m({ source: ['aws.ec2'], nothing: ['x'] }, EC2)).toBe(false);
  });

  it('values of a field are ORed', () => {
    expect(each(['aws.ec2', 'aws.fargate'], ['aws.ec2', 'aws.fargate', 'aws.s3'])).toEqual([true, true, false]);
  });

  it('strings match exactly: case and whitespace count', () => {
    expect(each(['Alice'], ['Alice', 'alice', 'Alice ', ''])).toEqual([true, false, false, false]);
  });

  it('numbers compare numerically: 300 and 3.0e2 are equal, "300" (a string) is not', () => {
    const event = JSON.parse('{"v": 3.0e2, "w": 300.0, "s": "300"}') as unknown;
    expect(m(JSON.parse('{"v": [300]}'), event)).toBe(true);
    expect(m(JSON.parse('{"w": [3e2]}'), event)).toBe(true);
    expect(m({ s: [300] }, event)).toBe(false);
    expect(m({ v: ['300'] }, event)).toBe(false);
  });

  it('true, false and null match only themselves; null and "" are not interchangeable', () => {
    expect(each([true], [true, false, 'true', 1])).toEqual([true, false, false, false]);
    expect(each([false], [false, 0, null])).toEqual([true, false, false]);
    expect(each([null], [null, '', 'null', false])).toEqual([true, false, false, false]);
    expect(each([''], ['', null])).toEqual([true, false]);
    expect(m({ v: [null] }, {})).toBe(false);
  });

  it('nested objects: the fields must appear with the same nesting', () => {
    expect(m({ detail: { state: ['terminated'] } }, EC2)).toBe(true);
    expect(m({ detail: { state: ['terminated'] } }, { state: 'terminated' })).toBe(false);
    expect(m({ detail: { state: ['terminated'] } }, { detail: 'terminated' })).toBe(false);
    expect(m({ a: { b: { c: [1] } } }, { a: { b: { c: 1, d: 2 } } })).toBe(true);
  });
});

describe('matchesEventPattern: arrays in the event', () => {
  it('a value matches when any element of the event array does (the intersection is non-empty)', () => {
    const pattern = { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] };
    const event = { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b', 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] };
    expect(m(pattern, event)).toBe(true);
    expect(m(pattern, { resources: ['arn:other'] })).toBe(false);
    expect(m(pattern, { resources: [] })).toBe(false);
  });

  it('nested arrays of values count too', () => {
    expect(m({ v: [3] }, { v: [[1, 2], [3]] })).toBe(true);
  });

  it('a nested pattern matches one element of an array of objects, all its fields from that element', () => {
    const event = { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] };
    expect(m({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(m({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    expect(m({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    expect(m({ employees: { firstName: ['Anna'] } }, { employees: [[{ firstName: 'John' }], [{ firstName: 'Anna' }]] })).toBe(true);
  });
});

describe('matchesEventPattern: prefix and suffix', () => {
  it('prefix matches the start of a string value', () => {
    expect(each([{ prefix: '2017-10-02' }], ['2017-10-02T18:43:48Z', '2017-10-03T00:00:00Z', '2017-10-0'])).toEqual([true, false, false]);
  });

  it('prefix and suffix only match strings', () => {
    expect(each([{ prefix: '12' }], [123, '123'])).toEqual([false, true]);
    expect(each([{ suffix: '3' }], [123, '123'])).toEqual([false, true]);
  });

  it('an empty prefix matches every string', () => {
    expect(each([{ prefix: '' }], ['', 'x', 1])).toEqual([true, true, false]);
  });

  it('prefix with equals-ignore-case', () => {
    expect(each([{ prefix: { 'equals-ignore-case': 'EventB' } }], ['eventbridge', 'EVENTBRIDGE', 'events'])).toEqual([true, true, false]);
  });

  it('suffix, and suffix with equals-ignore-case', () => {
    expect(each([{ suffix: '.png' }], ['image.png', 'image.PNG', 'png'])).toEqual([true, false, false]);
    expect(each([{ suffix: { 'equals-ignore-case': 'tBridge' } }], ['EventBridge', 'EVENTBRIDGE', 'bridge'])).toEqual([true, true, false]);
  });
});

describe('matchesEventPattern: equals-ignore-case and wildcard', () => {
  it('equals-ignore-case compares strings without case', () => {
    expect(each([{ 'equals-ignore-case': 'alice' }], ['Alice', 'ALICE', 'alice', 'Alicia', null])).toEqual([true, true, true, false, false]);
  });

  it('wildcard: * matches any run of characters, including none', () => {
    expect(each([{ wildcard: '*.png' }], ['a.png', '.png', 'a.png.gz'])).toEqual([true, true, false]);
    expect(each([{ wildcard: 'dir/*.png' }], ['dir/a.png', 'dir/sub/a.png', 'other/a.png'])).toEqual([true, true, false]);
    expect(each([{ wildcard: '*Title*' }], ['A Title here', 'Title', 'title'])).toEqual([true, true, false]);
    expect(each([{ wildcard: 'a*b*c' }], ['abc', 'aXbYc', 'acb', 'abcbc', 'ab'])).toEqual([true, true, false, true, false]);
    expect(each([{ wildcard: 'exact' }], ['exact', 'exactly'])).toEqual([true, false]);
  });

  it('wildcard escapes: \\* is a star, \\\\ a backslash', () => {
    expect(each([{ wildcard: 'a\\*b' }], ['a*b', 'axb'])).toEqual([true, false]);
    expect(each([{ wildcard: 'a\\\\*' }], ['a\\', 'a\\bc', 'abc'])).toEqual([true, true, false]);
  });

  it('wildcard only matches strings', () => {
    expect(each([{ wildcard: '*' }], ['', 'x', 5, null])).toEqual([true, true, false, false]);
  });
});

describe('matchesEventPattern: anything-but', () => {
  it('a single string or number', () => {
    expect(each([{ 'anything-but': 'initializing' }], ['running', 'initializing'])).toEqual([true, false]);
    expect(each([{ 'anything-but': 123 }], [124, 123, 1.23e2])).toEqual([true, false, false]);
  });

  it('a list of strings or of numbers', () => {
    expect(each([{ 'anything-but': ['stopped', 'overloaded'] }], ['running', 'stopped', 'overloaded'])).toEqual([true, false, false]);
    expect(each([{ 'anything-but': [100, 200, 300] }], [150, 100, 300])).toEqual([true, false, false]);
  });

  it('values of another type are not excluded', () => {
    expect(each([{ 'anything-but': 'x' }], [1, true, null])).toEqual([true, true, true]);
    expect(each([{ 'anything-but': [100] }], ['100'])).toEqual([true]);
  });

  it('an absent field never matches anything-but', () => {
    expect(m({ state: [{ 'anything-but': 'initializing' }] }, {})).toBe(false);
    expect(m({ state: [{ 'anything-but': 'initializing' }] }, { state: [] })).toBe(false);
  });

  it('an event array matches when one element is not excluded', () => {
    expect(each([{ 'anything-but': [100, 500] }], [[100, 50], [100, 500]])).toEqual([true, false]);
  });

  it('prefix and suffix', () => {
    expect(each([{ 'anything-but': { prefix: 'init' } }], ['running', 'initializing', 7])).toEqual([true, false, true]);
    expect(each([{ 'anything-but': { suffix: '.png' } }], ['a.jpg', 'a.png'])).toEqual([true, false]);
    expect(each([{ 'anything-but': { prefix: ['us-', 'eu-'] } }], ['ap-south-1', 'us-east-1', 'eu-west-1'])).toEqual([true, false, false]);
  });

  it('wildcard', () => {
    expect(each([{ 'anything-but': { wildcard: '*/lib/*' } }], ['src/index.ts', 'node/lib/x.js'])).toEqual([true, false]);
    expect(each([{ 'anything-but': { wildcard: ['*.png', '*.jpg'] } }], ['a.gif', 'a.png', 'a.jpg'])).toEqual([true, false, false]);
  });

  it('equals-ignore-case, one or a list', () => {
    expect(each([{ 'anything-but': { 'equals-ignore-case': 'initializing' } }], ['running', 'INITIALIZING', 'Initializing'])).toEqual([true, false, false]);
    expect(each([{ 'anything-but': { 'equals-ignore-case': ['a', 'B'] } }], ['c', 'A', 'b'])).toEqual([true, false, false]);
  });
});

describe('matchesEventPattern: numeric', () => {
  it("the guide's ranges", () => {
    const pattern = { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } };
    expect(m(pattern, { detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 } })).toBe(true);
    expect(m(pattern, { detail: { 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 } })).toBe(false);
    expect(m(pattern, { detail: { 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 } })).toBe(false);
    expect(m(pattern, { detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.81 } })).toBe(false);
  });

  it('each operator and its boundary', () => {
    const at = (op: string, n: number) => each([{ numeric: [op, 10] }], [n])[0];
    expect([at('=', 10), at('=', 10.000001), at('<', 10), at('<', 9.999999), at('<=', 10), at('>', 10), at('>', 10.5), at('>=', 10)]).toEqual([true, false, false, true, true, false, true, true]);
    expect(each([{ numeric: ['>=', 0, '<', 1] }], [0, 0.5, 1])).toEqual([true, true, false]);
  });

  it('only JSON numbers match: not numeric strings, booleans or null', () => {
    expect(each([{ numeric: ['>', 0] }], ['5', true, null, 5])).toEqual([false, false, false, true]);
  });

  it('event values beyond -5.0e9..5.0e9 never satisfy numeric', () => {
    expect(each([{ numeric: ['>', 0] }], [5e9, 5e9 + 1])).toEqual([true, false]);
  });
});

describe('matchesEventPattern: exists', () => {
  it('exists: true matches a present leaf (null included)', () => {
    expect(each([{ exists: true }], ['pending', '', null, 0, false])).toEqual([true, true, true, true, true]);
    expect(m({ detail: { state: [{ exists: true }] } }, EC2)).toBe(true);
    expect(m({ detail: { state: [{ exists: true }] } }, { detail: { 'c-count': { c1: 100 } } })).toBe(false);
  });

  it('exists: false matches a missing field, including under a missing parent', () => {
    expect(m({ detail: { 'c-count': [{ exists: false }] } }, { detail: { state: 'x' } })).toBe(true);
    expect(m({ detail: { 'c-count': [{ exists: false }] } }, {})).toBe(true);
    expect(m({ detail: { 'c-count': [{ exists: false }] } }, { detail: { 'c-count': 5 } })).toBe(false);
  });

  it('exists works on leaves only: an object is not a leaf', () => {
    const event = { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } };
    expect(m({ detail: { 'c-count': [{ exists: false }] } }, event)).toBe(true);
    expect(m({ detail: { 'c-count': [{ exists: true }] } }, event)).toBe(false);
  });

  it('an empty array holds no leaf', () => {
    expect(m({ v: [{ exists: true }] }, { v: [] })).toBe(false);
    expect(m({ v: [{ exists: false }] }, { v: [] })).toBe(true);
  });

  it('combines with other values: missing or "x"', () => {
    expect(each([{ exists: false }, 'x'], ['x', 'y'])).toEqual([true, false]);
    expect(m({ v: [{ exists: false }, 'x'] }, {})).toBe(true);
  });
});

describe('matchesEventPattern: cidr', () => {
  it('IPv4 blocks', () => {
    expect(each([{ cidr: '10.0.0.0/24' }], ['10.0.0.0', '10.0.0.255', '10.0.1.0', '9.255.255.255', 'not an ip', 167772161])).toEqual([true, true, false, false, false, false]);
    expect(each([{ cidr: '0.0.0.0/0' }], ['255.255.255.255', '::1'])).toEqual([true, false]);
  });

  it('IPv6 blocks, in any spelling', () => {
    expect(each([{ cidr: '2001:db8::/32' }], ['2001:db8::1', '2001:0DB8:ffff:0:0:0:0:1', '2001:db9::1', '10.0.0.1'])).toEqual([true, true, false, false]);
  });

  it('an exact IP address also matches its other spellings', () => {
    expect(each(['::1'], ['::1', '0:0:0:0:0:0:0:1', '::2'])).toEqual([true, true, false]);
    expect(each(['10.0.0.1'], ['10.0.0.1', '10.0.0.2'])).toEqual([true, false]);
  });
});

describe('matchesEventPattern: $or', () => {
  it('source AND (metricName OR namespace)', () => {
    const pattern = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] };
    expect(m(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(m(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(m(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/S3' })).toBe(false);
    expect(m(pattern, { source: 'aws.s3', metricName: 'ReadLatency' })).toBe(false);
  });

  it('$or under a nested field, and $or nested in $or', () => {
    const pattern = {
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
      $or: [{ metricName: ['CPU'] }, { metricType: ['MetricType'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }],
    };
    expect(m(pattern, { detail: { source: 'aws.cloudwatch' }, metricName: 'CPU' })).toBe(true);
    expect(m(pattern, { detail: { 'detail-type': 'CloudWatch Alarm State Change' }, metricType: 'MetricType', spaceId: 1000 })).toBe(true);
    expect(m(pattern, { detail: { 'detail-type': 'CloudWatch Alarm State Change' }, metricType: 'MetricType', spaceId: 1 })).toBe(false);
    expect(m(pattern, { detail: { source: 'aws.ec2' }, metricName: 'CPU' })).toBe(false);
  });
});

describe('checkEventPattern', () => {
  it('accepts every form of the guide', () => {
    const ok: unknown[] = [
      {},
      { source: ['aws.ec2'], detail: { state: ['terminated'] } },
      { a: ['x', 1, true, false, null, { prefix: 'p' }, { suffix: 's' }, { 'equals-ignore-case': 'e' }, { wildcard: 'w*' }, { exists: false }, { cidr: '10.0.0.0/8' }] },
      { a: [{ prefix: { 'equals-ignore-case': 'p' } }, { suffix: { 'equals-ignore-case': 's' } }] },
      { a: [{ 'anything-but': 'x' }, { 'anything-but': 1 }, { 'anything-but': ['x', 'y'] }, { 'anything-but': [1, 2] }] },
      { a: [{ 'anything-but': { prefix: 'p' } }, { 'anything-but': { suffix: 's' } }, { 'anything-but': { wildcard: '*x' } }, { 'anything-but': { 'equals-ignore-case': ['a'] } }] },
      { a: [{ numeric: ['=', 1] }, { numeric: ['>=', -5e9] }, { numeric: ['>', 0, '<', 0.000001] }, { numeric: ['>=', 1, '<=', 2] }] },
      { $or: [{ a: ['x'] }, { b: { c: [1] } }] },
    ];
    for (const p of ok) expect(checkEventPattern(p), JSON.stringify(p)).toBeUndefined();
  });

  it.each([
    [null, 'must be a JSON object of fields, got null'],
    [['x'], 'must be a JSON object of fields, got ["x"]'],
    [{ source: 'aws.ec2' }, 'field "source" has "aws.ec2": a field\'s value must be an array of values to match (e.g. ["aws.ec2"]) or an object of nested fields'],
    [{ a: 5 }, 'field "a" has 5'],
    [{ a: null }, 'field "a" has null'],
    [{ a: [] }, 'field "a" has an empty array'],
    [{ detail: {} }, 'field "detail" is an empty object'],
    [{ a: [['x']] }, 'list items are strings, numbers, true, false, null or an operator object'],
    [{ a: [{ prefix: 'x', suffix: 'y' }] }, 'an operator object has exactly one key'],
    [{ a: [{}] }, 'an operator object has exactly one key'],
    [{ a: [{ regex: 'x' }] }, 'uses the unknown operator "regex"; allowed: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr'],
    [{ a: [{ prefix: 5 }] }, 'prefix takes a string or {"equals-ignore-case": string}'],
    [{ a: [{ prefix: { other: 'x' } }] }, 'prefix takes a string'],
    [{ a: [{ 'equals-ignore-case': 1 }] }, 'equals-ignore-case takes a string'],
    [{ a: [{ exists: 'yes' }] }, 'exists takes true or false'],
    [{ a: [{ wildcard: 'a**b' }] }, 'consecutive * are not allowed'],
    [{ a: [{ wildcard: 'a\\b' }] }, 'a backslash may only escape * or \\'],
    [{ a: [{ wildcard: 'a\\' }] }, 'a backslash may only escape * or \\'],
    [{ a: [{ cidr: '10.0.0.0' }] }, 'a CIDR block is an address and a prefix length'],
    [{ a: [{ cidr: '10.0.0.256/8' }] }, '"10.0.0.256" is not an IPv4 or IPv6 address'],
    [{ a: [{ cidr: '10.0.0.0/33' }] }, 'the prefix length must be 0-31 for IPv4, got 33'],
    [{ a: [{ cidr: 'fe80::/x' }] }, 'the prefix length must be a whole number'],
    [{ a: [{ numeric: ['>', '5'] }] }, 'the numeric operand "5": it must be a number'],
    [{ a: [{ numeric: ['!=', 5] }] }, 'numeric takes ["=", n]'],
    [{ a: [{ numeric: ['<', 10, '>', 0] }] }, 'numeric takes ["=", n]'],
    [{ a: [{ numeric: ['>', 10, '<', 5] }] }, 'the lower bound must be less than the upper bound'],
    [{ a: [{ numeric: ['>', 0, '<', 5, '<', 6] }] }, 'numeric takes'],
    [{ a: [{ numeric: 5 }] }, 'numeric takes'],
    [{ a: [{ numeric: ['>', 6e9] }] }, 'numbers must be between -5.0e+9 and 5.0e+9 with at most 6 digits after the decimal point'],
    [{ a: [{ numeric: ['=', 0.1234567] }] }, 'at most 6 digits after the decimal point'],
    [{ a: [{ 'anything-but': [] }] }, 'the list is empty'],
    [{ a: [{ 'anything-but': ['x', 1] }] }, 'the list mixes types'],
    [{ a: [{ 'anything-but': null }] }, 'anything-but takes a string, a number, a list of only strings or only numbers'],
    [{ a: [{ 'anything-but': true }] }, 'anything-but takes'],
    [{ a: [{ 'anything-but': { numeric: ['>', 1] } }] }, '"numeric" cannot be used inside anything-but'],
    [{ a: [{ 'anything-but': { prefix: '' } }] }, 'an empty prefix cannot be excluded'],
    [{ a: [{ 'anything-but': { prefix: 1 } }] }, 'prefix inside anything-but takes a string or a non-empty list of strings'],
    [{ $or: [{ a: ['x'] }] }, '$or with 1 object(s): $or takes an array of at least two objects of fields'],
    [{ $or: { a: ['x'] } }, '$or takes an array of at least two objects'],
    [{ $or: [{ a: ['x'] }, ['b']] }, 'item 2 is ["b"]: each item of $or must be an object of fields'],
    [{ $or: [{ a: ['x'] }, {}] }, 'item 2 is an empty object'],
    [{ $or: [{ numeric: [1] }, { prefix: ['abc'] }] }, 'uses "numeric" as a field name inside $or'],
    [{ d: { $or: [{ a: ['x'] }] } }, '$or under "d" with 1 object(s)'],
  ])('refuses %j', (pattern, message) => {
    const problem = checkEventPattern(pattern);
    expect(problem).toContain(message);
    expect(problem).toMatch(/^event pattern /);
  });

  it('matchesEventPattern throws the problem as a LambdaformError', () => {
    let error: unknown;
    try {
      matchesEventPattern({ source: 'aws.ec2' }, EC2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LambdaformError);
    expect(error).toMatchObject({ code: 'local-bad-pattern', message: expect.stringContaining('field "source" has "aws.ec2"') });
  });

  it('a field named like an operator is fine outside $or', () => {
    expect(checkEventPattern({ prefix: ['x'], numeric: { exists: [{ exists: true }] } })).toBeUndefined();
    expect(m({ prefix: ['x'] }, { prefix: 'x' })).toBe(true);
  });

  it('the same pattern object is checked once and gives the same answers', () => {
    const pattern = { detail: { state: ['terminated'] } };
    for (let i = 0; i < 3; i++) expect(m(pattern, EC2)).toBe(true);
  });
});

describe('matchesFilterCriteria', () => {
  const record = { messageId: 'm1', body: { RequestCode: 'BBBB', RecordNumber: 12000 }, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {} };

  it('no filters let every record through', () => {
    expect(matchesFilterCriteria([], record)).toBe(true);
  });

  it('filters are ORed', () => {
    const a = { body: { RequestCode: ['AAAA'] } };
    const b = { body: { RecordNumber: [{ numeric: ['>', 9999] }] } };
    expect(matchesFilterCriteria([a], record)).toBe(false);
    expect(matchesFilterCriteria([a, b], record)).toBe(true);
  });

  it('takes pattern objects, their JSON text and the API shape { Pattern }', () => {
    expect(matchesFilterCriteria(['{ "body" : { "RequestCode" : [ "BBBB" ] } }'], record)).toBe(true);
    expect(matchesFilterCriteria([{ Pattern: '{ "body" : { "RequestCode" : [ "AAAA" ] } }' }], record)).toBe(false);
    expect(matchesFilterCriteria([{ Pattern: '{ "attributes" : { "ApproximateReceiveCount" : [ "1" ] } }' }], record)).toBe(true);
  });

  it('SQS: a JSON body pattern never matches a plain-string body', () => {
    const plain = { ...record, body: 'hello world' };
    expect(matchesFilterCriteria([{ body: { RequestCode: ['BBBB'] } }], plain)).toBe(false);
    expect(matchesFilterCriteria([{ body: { RequestCode: [{ exists: false }] } }], plain)).toBe(false);
  });

  it('SQS: a plain-string body pattern matches plain strings, never a JSON body', () => {
    const plain = { ...record, body: 'Result: ok' };
    expect(matchesFilterCriteria([{ body: [{ prefix: 'Result: ' }] }], plain)).toBe(true);
    expect(matchesFilterCriteria([{ body: [{ 'anything-but': 'x' }] }], record)).toBe(false);
    expect(matchesFilterCriteria([{ body: [{ exists: true }] }], record)).toBe(false);
  });

  it('SQS: a filter without body looks at the other fields only', () => {
    expect(matchesFilterCriteria([{ attributes: { ApproximateReceiveCount: ['1'] } }], { ...record, body: 'not json' })).toBe(true);
  });

  it('Kinesis and DynamoDB: nested data patterns match the decoded data', () => {
    const kinesis = { partitionKey: '1', data: { City: 'Seattle', Temperature: 55 } };
    expect(matchesFilterCriteria([{ partitionKey: ['1'], data: { Temperature: [{ numeric: ['>', 50, '<=', 60] }] } }], kinesis)).toBe(true);
    const dynamodb = { eventName: 'INSERT', dynamodb: { Keys: { Id: { N: '101' } } } };
    expect(matchesFilterCriteria([{ dynamodb: { Keys: { Id: { N: ['101'] } } } }], dynamodb)).toBe(true);
    expect(matchesFilterCriteria([{ dynamodb: { Keys: { Id: { N: ['102'] } } } }], dynamodb)).toBe(false);
  });

  it('refuses a filter that is not JSON or not a valid pattern', () => {
    expect(() => matchesFilterCriteria(['{ body: '], record)).toThrow(/filter 1 is not valid JSON: \{ body: ; a filter pattern is a JSON object/);
    expect(() => matchesFilterCriteria([{ body: 'x' }], record)).toThrow(LambdaformError);
    expect(() => matchesFilterCriteria([{ Pattern: '{"a": []}' }], record)).toThrow(/field "a" has an empty array/);
  });
});
