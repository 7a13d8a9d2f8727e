// SNS subscription filter policies: both scopes, the attribute data types, the operators SNS
// documents (and those it does not support), with the examples of the SNS developer guide.
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../../lib/core/errors.js';
import { checkFilterPolicy, matchesFilterPolicy } from '../../../lib/local/match/filter-policy.js';

type Attrs = Record<string, { Type: string; Value: string }>;

/** The example message of the guide, as attributes. */
const ATTRS: Attrs = {
  customer_interests: { Type: 'String.Array', Value: '["soccer", "rugby", "hockey"]' },
  store: { Type: 'String', Value: 'example_corp' },
  event: { Type: 'String', Value: 'order_placed' },
  price_usd: { Type: 'Number', Value: '210.75' },
};
/** The same message with the properties in its body. */
const BODY = JSON.stringify({ customer_interests: ['soccer', 'rugby', 'hockey'], store: 'example_corp', event: 'order_placed', price_usd: 210.75 });

const byAttrs = (policy: unknown, attributes: Attrs = ATTRS) => matchesFilterPolicy(policy, 'MessageAttributes', { body: 'unused', attributes });
const byBody = (policy: unknown, body: string = BODY) => matchesFilterPolicy(policy, 'MessageBody', { body, attributes: {} });
const attr = (Type: string, Value: string): Attrs => ({ a: { Type, Value } });

describe('matchesFilterPolicy: the guide example', () => {
  const accepts = { store: ['example_corp'], event: [{ 'anything-but': 'order_cancelled' }], customer_interests: ['rugby', 'football', 'baseball'], price_usd: [{ numeric: ['>=', 100] }] };
  const rejects = { store: ['example_corp'], event: ['order_cancelled'], encrypted: [false], customer_interests: ['basketball', 'baseball'] };

  it('accepts and rejects by attributes', () => {
    expect(byAttrs(accepts)).toBe(true);
    expect(byAttrs(rejects)).toBe(false);
  });

  it('accepts and rejects by body', () => {
    expect(byBody(accepts)).toBe(true);
    expect(byBody(rejects)).toBe(false);
  });

  it('an empty policy lets every message through, in either scope', () => {
    expect(byAttrs({}, {})).toBe(true);
    expect(byBody({}, 'not json')).toBe(true);
  });

  it('a policy key whose attribute is absent rejects the message', () => {
    expect(byAttrs({ encrypted: [false] })).toBe(false);
    expect(byAttrs({ encrypted: [{ 'anything-but': 'x' }] })).toBe(false);
  });
});

describe('matchesFilterPolicy: MessageAttributes', () => {
  it('String: exact, case-sensitive', () => {
    expect(byAttrs({ a: ['rugby', 'tennis'] }, attr('String', 'rugby'))).toBe(true);
    expect(byAttrs({ a: ['rugby', 'tennis'] }, attr('String', 'Rugby'))).toBe(false);
  });

  it('String.Array: matches when any element does', () => {
    expect(byAttrs({ a: ['rugby', 'tennis'] }, attr('String.Array', '["rugby", "tennis"]'))).toBe(true);
    expect(byAttrs({ a: ['rugby', 'tennis'] }, attr('String.Array', '["baseball"]'))).toBe(false);
    expect(byAttrs({ a: [{ prefix: 'bas' }] }, attr('String.Array', '["rugby", "basketball"]'))).toBe(true);
  });

  it('anything-but over an array: matches when some element is not excluded', () => {
    expect(byAttrs({ a: [{ 'anything-but': ['rugby', 'tennis'] }] }, attr('String.Array', '["rugby", "baseball"]'))).toBe(true);
    expect(byAttrs({ a: [{ 'anything-but': ['rugby', 'tennis'] }] }, attr('String.Array', '["rugby", "tennis"]'))).toBe(false);
    expect(byAttrs({ a: [{ 'anything-but': ['rugby', 'tennis'] }] }, attr('String', 'rugby'))).toBe(false);
    expect(byAttrs({ a: [{ 'anything-but': [100, 500] }] }, attr('Number.Array', '[100, 50]'))).toBe(true);
  });

  it('Number: numeric matching, 301.5 equals 3.015e2', () => {
    expect(byAttrs({ a: [{ numeric: ['=', 301.5] }] }, attr('Number', '301.5'))).toBe(true);
    expect(byAttrs({ a: [{ numeric: ['=', 301.5] }] }, attr('Number', '3.015e2'))).toBe(true);
    expect(byAttrs({ a: [301.5] }, attr('Number', '3.015e2'))).toBe(true);
    expect(byAttrs({ a: [{ numeric: ['>', 0, '<=', 150] }] }, attr('Number', '150'))).toBe(true);
    expect(byAttrs({ a: [{ numeric: ['>', 0, '<=', 150] }] }, attr('Number', '150.5'))).toBe(false);
    expect(byAttrs({ a: [{ numeric: ['<', 0] }] }, attr('Number', '-1'))).toBe(true);
  });

  it('a custom type label counts as its base type', () => {
    expect(byAttrs({ a: [{ numeric: ['>', 1] }] }, attr('Number.float', '2.5'))).toBe(true);
    expect(byAttrs({ a: ['x'] }, attr('String.label', 'x'))).toBe(true);
  });

  it('a String attribute is a string: it does not satisfy numeric', () => {
    expect(byAttrs({ a: [{ numeric: ['>', 1] }] }, attr('String', '5'))).toBe(false);
    expect(byAttrs({ a: [5] }, attr('String', '5'))).toBe(false);
  });

  it('anything-but on numbers', () => {
    const policy = { price: [{ 'anything-but': [100, 500] }] };
    expect(byAttrs(policy, { price: { Type: 'Number', Value: '101' } })).toBe(true);
    expect(byAttrs(policy, { price: { Type: 'Number', Value: '100.1' } })).toBe(true);
    expect(byAttrs(policy, { price: { Type: 'Number', Value: '100' } })).toBe(false);
  });

  it('anything-but with a prefix', () => {
    const policy = { event: [{ 'anything-but': { prefix: 'order-' } }] };
    expect(byAttrs(policy, { event: { Type: 'String', Value: 'data-entry' } })).toBe(true);
    expect(byAttrs(policy, { event: { Type: 'String', Value: 'order_number' } })).toBe(true);
    expect(byAttrs(policy, { event: { Type: 'String', Value: 'order-cancelled' } })).toBe(false);
  });

  it('prefix, suffix, equals-ignore-case and cidr', () => {
    expect(byAttrs({ a: [{ prefix: 'bas' }] }, attr('String', 'baseball'))).toBe(true);
    expect(byAttrs({ a: [{ prefix: 'bas' }] }, attr('String', 'rugby'))).toBe(false);
    expect(byAttrs({ a: [{ suffix: 'ball' }] }, attr('String', 'baseball'))).toBe(true);
    expect(byAttrs({ a: [{ 'equals-ignore-case': 'RUGBY' }] }, attr('String', 'Rugby'))).toBe(true);
    expect(byAttrs({ source_ip: [{ cidr: '10.0.0.0/24' }] }, { source_ip: { Type: 'String', Value: '10.0.0.255' } })).toBe(true);
    expect(byAttrs({ source_ip: [{ cidr: '10.0.0.0/24' }] }, { source_ip: { Type: 'String', Value: '10.1.1.0' } })).toBe(false);
  });

  it('exists: true needs the attribute key, whatever its value; exists: false its absence', () => {
    expect(byAttrs({ store: [{ exists: true }] })).toBe(true);
    expect(byAttrs({ store: [{ exists: true }] }, { customer_interests: ATTRS['customer_interests']! })).toBe(false);
    expect(byAttrs({ a: [{ exists: true }] }, attr('String.Array', '[]'))).toBe(true);
    expect(byAttrs({ store: [{ exists: false }] })).toBe(false);
    expect(byAttrs({ store: [{ exists: false }] }, { customer_interests: ATTRS['customer_interests']! })).toBe(true);
  });

  it('anything-but combined with exists: false also passes messages without the attribute', () => {
    const policy = { a: [{ 'anything-but': ['rugby'] }, { exists: false }] };
    expect(byAttrs(policy, {})).toBe(true);
    expect(byAttrs(policy, attr('String', 'tennis'))).toBe(true);
    expect(byAttrs(policy, attr('String', 'rugby'))).toBe(false);
  });

  it('Binary attributes are ignored, as if absent', () => {
    expect(byAttrs({ a: [{ exists: true }] }, attr('Binary', 'AAEC'))).toBe(false);
    expect(byAttrs({ a: [{ exists: false }] }, attr('Binary', 'AAEC'))).toBe(true);
    expect(byAttrs({ a: ['AAEC'] }, attr('Binary', 'AAEC'))).toBe(false);
  });

  it('$or across attributes', () => {
    const policy = { store: ['example_corp'], $or: [{ event: ['order_cancelled'] }, { price_usd: [{ numeric: ['>', 200] }] }] };
    expect(byAttrs(policy)).toBe(true);
    expect(byAttrs({ ...policy, $or: [{ event: ['order_cancelled'] }, { price_usd: [{ numeric: ['>', 300] }] }] })).toBe(false);
  });

  it('AND across keys, OR across values', () => {
    expect(byAttrs({ customer_interests: ['rugby'], price_usd: [{ numeric: ['>', 100] }] })).toBe(true);
    expect(byAttrs({ customer_interests: ['rugby'], price_usd: [{ numeric: ['>', 300] }] })).toBe(false);
  });
});

describe('matchesFilterPolicy: MessageBody', () => {
  it('nested properties', () => {
    const body = JSON.stringify({ order: { customer: { tier: 'gold' }, total: 120 } });
    expect(byBody({ order: { customer: { tier: ['gold', 'platinum'] }, total: [{ numeric: ['>=', 100] }] } }, body)).toBe(true);
    expect(byBody({ order: { customer: { tier: ['silver'] } } }, body)).toBe(false);
  });

  it('arrays in the body: any element', () => {
    expect(byBody({ customer_interests: ['rugby'] })).toBe(true);
    expect(byBody({ price: [{ 'anything-but': [100, 500] }] }, '{"price": [100, 50]}')).toBe(true);
    expect(byBody({ price: [{ 'anything-but': [100, 500] }] }, '{"price": 100}')).toBe(false);
    expect(byBody({ price_usd: [{ numeric: ['=', 301.5] }] }, '{"price_usd": 3.015e2}')).toBe(true);
  });

  it('exists in the body', () => {
    expect(byBody({ store: [{ exists: true }] })).toBe(true);
    expect(byBody({ store: [{ exists: false }] }, '{"customer_interests": ["baseball"]}')).toBe(true);
    expect(byBody({ store: [{ exists: false }] })).toBe(false);
  });

  it('a body that is not a JSON object matches no policy', () => {
    expect(byBody({ store: [{ exists: false }] }, 'plain text')).toBe(false);
    expect(byBody({ store: [{ exists: false }] }, '[1, 2]')).toBe(false);
    expect(byBody({ store: [{ exists: false }] }, '"text"')).toBe(false);
  });
});

describe('checkFilterPolicy', () => {
  it('accepts the SNS operators in both scopes', () => {
    const policy = {
      a: ['x', 1, true, null, { prefix: 'p' }, { suffix: 's' }, { 'equals-ignore-case': 'e' }, { cidr: '10.0.0.0/8' }, { exists: true }],
      b: [{ 'anything-but': 'x' }, { 'anything-but': [1, 2] }, { 'anything-but': { prefix: 'p' } }, { numeric: ['>', -1e9, '<=', 1e9] }],
      $or: [{ c: ['1'] }, { d: ['2'] }],
    };
    expect(checkFilterPolicy(policy, 'MessageAttributes')).toBeUndefined();
    expect(checkFilterPolicy(policy, 'MessageBody')).toBeUndefined();
    expect(checkFilterPolicy({ a: { b: { c: ['x'] } } }, 'MessageBody')).toBeUndefined();
  });

  it.each([
    [{ a: { b: ['x'] } }, 'MessageAttributes', 'nests fields under "a": a policy on message attributes names attributes at the top level only (use the MessageBody scope to filter on nested fields)'],
    [{ a: [{ wildcard: '*x' }] }, 'MessageBody', 'uses the operator "wildcard", which SNS filter policies do not support; allowed: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr'],
    [{ a: [{ prefix: { 'equals-ignore-case': 'x' } }] }, 'MessageAttributes', 'prefix takes a string'],
    [{ a: [{ 'anything-but': { suffix: 'x' } }] }, 'MessageBody', '"suffix" cannot be used inside anything-but in an SNS filter policy'],
    [{ a: [{ 'anything-but': { prefix: ['x', 'y'] } }] }, 'MessageBody', 'prefix inside anything-but takes a string'],
    [{ a: [{ numeric: ['>', 2e9] }] }, 'MessageAttributes', 'numbers must be between -1.0e+9 and 1.0e+9 with at most 5 digits after the decimal point'],
    [{ a: [{ numeric: ['=', 1.123456] }] }, 'MessageBody', 'at most 5 digits after the decimal point'],
    [{ a: 'x' }, 'MessageAttributes', 'field "a" has "x"'],
    ['{"a": ["x"]}', 'MessageAttributes', 'must be a JSON object of fields'],
  ] as const)('refuses %j (%s)', (policy, scope, message) => {
    const problem = checkFilterPolicy(policy, scope);
    expect(problem).toContain(message);
    expect(problem).toMatch(new RegExp(`^filter policy \\(${scope}\\) `));
  });

  it('matchesFilterPolicy throws a LambdaformError for a bad policy or scope', () => {
    expect(() => byAttrs({ a: [{ wildcard: '*' }] })).toThrow(LambdaformError);
    let error: unknown;
    try {
      byAttrs({ a: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'local-bad-filter-policy', message: expect.stringContaining('field "a" has an empty array') });
    expect(() => matchesFilterPolicy({}, 'Body' as 'MessageBody', { body: '', attributes: {} })).toThrow(/scope must be MessageAttributes or MessageBody, got "Body"/);
  });
});
