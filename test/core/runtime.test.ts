// Runtimes: the lifecycle table decides, on the app's date, whether a runtime may still be used
// for new functions; the date comes from `new App({ now })`, else LAMBDAFORM_NOW, else today.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App, Code, Function, LambdaformError, NOW_ENV, Runtime, Stack } from '../../lib/all.js';
import { newFunction, newStack } from '../helpers/app.js';
import { thrown } from '../helpers/errors.js';


/** A Node.js 20 function in a fresh app made with `props`. */
function node20Function(props: { now?: Date } = {}): Function {
  const stack = new Stack(new App(props), 'Test');
  return new Function(stack, 'Fn', { runtime: Runtime.NODEJS_20_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') });
}

const BLOCKED_NODE20 = 'runtime nodejs20.x can no longer be used for new functions (AWS blocks creation since 2027-02-01); use nodejs24.x instead';

describe('the app date decides', () => {
  it('accepts nodejs20.x on 2026-11-22: deprecated, but creation is not blocked yet', () => {
    // GIVEN an app dated 2026-11-22
    const now = new Date('2026-11-22T00:00:00Z');
    // WHEN a nodejs20.x function is created
    const fn = node20Function({ now });
    // THEN it is accepted, although the runtime is deprecated on that date
    expect(fn.runtime.name).toBe('nodejs20.x');
    expect(Runtime.NODEJS_20_X.isDeprecatedOn(now)).toBe(true);
    expect(Runtime.NODEJS_20_X.isCreateBlockedOn(now)).toBe(false);
    const model = App.of(fn).synth();
    expect(model.stacks[0]!.nodes.find((n) => n.id === 'Test/Fn')!.props).toMatchObject({ runtime: 'nodejs20.x' });
  });

  it('accepts it on the last day before the create-block date', () => {
    // GIVEN an app dated one second before 2027-02-01 (UTC) / WHEN a function is created / THEN it is accepted
    expect(node20Function({ now: new Date('2027-01-31T23:59:59Z') }).runtime.name).toBe('nodejs20.x');
  });

  it('refuses nodejs20.x on 2027-02-01, naming the successor nodejs24.x', () => {
    // GIVEN an app dated 2027-02-01
    // WHEN a nodejs20.x function is created
    const err = thrown(() => node20Function({ now: new Date('2027-02-01T00:00:00Z') }));
    // THEN a LambdaformError names the construct, the block date and the successor
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBe('Test/Fn');
    expect((err as LambdaformError).message).toBe(`Test/Fn: ${BLOCKED_NODE20}`);
  });

  it('the same date allows a runtime whose block date is later', () => {
    // GIVEN an app dated 2027-02-01 / WHEN a nodejs24.x function is created / THEN it is accepted
    const stack = new Stack(new App({ now: new Date('2027-02-01T00:00:00Z') }), 'Test');
    expect(newFunction(stack, 'Fn', { runtime: Runtime.NODEJS_24_X }).runtime.name).toBe('nodejs24.x');
  });

  it('newStack() apps are dated 2026-11-22', () => {
    // GIVEN the test helper / WHEN its app date is read / THEN it is the fixed test date
    expect(App.of(newStack()).now.toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });
});

describe('LAMBDAFORM_NOW', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[NOW_ENV];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[NOW_ENV];
    else process.env[NOW_ENV] = saved;
  });

  it('is the variable name the app reads', () => {
    expect(NOW_ENV).toBe('LAMBDAFORM_NOW');
  });

  it('sets the date when `now` is not given', () => {
    // GIVEN LAMBDAFORM_NOW=2027-02-01
    process.env[NOW_ENV] = '2027-02-01';
    // WHEN an app is created without `now`
    const app = new App();
    // THEN its date is the variable's, and a nodejs20.x function is refused
    expect(app.now.toISOString()).toBe('2027-02-01T00:00:00.000Z');
    const err = thrown(() => node20Function());
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe(BLOCKED_NODE20);
  });

  it('an earlier LAMBDAFORM_NOW accepts the runtime', () => {
    // GIVEN LAMBDAFORM_NOW=2026-11-22 / WHEN a nodejs20.x function is created / THEN it is accepted
    process.env[NOW_ENV] = '2026-11-22';
    expect(new App().now.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(node20Function().runtime.name).toBe('nodejs20.x');
  });

  it('`now` wins over LAMBDAFORM_NOW', () => {
    // GIVEN LAMBDAFORM_NOW on the block date and an explicit earlier `now`
    process.env[NOW_ENV] = '2027-02-01';
    const now = new Date('2026-11-22T00:00:00Z');
    // WHEN an app is created with `now` / THEN `now` is used
    expect(new App({ now }).now).toBe(now);
    expect(node20Function({ now }).runtime.name).toBe('nodejs20.x');
  });

  it('without either, the date is the current date', () => {
    // GIVEN no LAMBDAFORM_NOW
    delete process.env[NOW_ENV];
    // WHEN an app is created / THEN its date is now
    const before = Date.now();
    const app = new App();
    expect(app.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(app.now.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it.each(['not-a-date', '2026-13-01', 'yesterday', '12', '2026-02-31', 'Nov 22 2026', '2026-11-22T10:00:00+02:00'])('an invalid value %j throws', (value) => {
    // GIVEN an unparsable LAMBDAFORM_NOW
    process.env[NOW_ENV] = value;
    // WHEN an app is created
    const err = thrown(() => new App());
    // THEN a LambdaformError says what is expected and what was given
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).path).toBeUndefined();
    expect((err as LambdaformError).message).toBe(`LAMBDAFORM_NOW must be an ISO date such as 2026-11-22 (or a UTC time such as 2026-11-22T09:30:00Z), got '${value}'`);
  });
});

describe('Runtime.of', () => {
  it('returns a runtime for a known identifier', () => {
    // GIVEN identifiers of the table / WHEN looked up / THEN name and family are set
    expect(Runtime.of('nodejs22.x').name).toBe('nodejs22.x');
    expect(Runtime.of('nodejs22.x').family).toBe('nodejs');
    expect(Runtime.of('python3.12').family).toBe('python');
    expect(Runtime.of('java21').family).toBe('java');
    expect(Runtime.of('dotnet8').family).toBe('dotnet');
    expect(Runtime.of('ruby3.4').family).toBe('ruby');
    expect(Runtime.of('provided.al2023').family).toBe('provided');
    expect(Runtime.of('go1.x').family).toBe('go');
    expect(String(Runtime.of('python3.13'))).toBe('python3.13');
  });

  it('throws for an identifier Lambda never had, listing the known runtimes', () => {
    // GIVEN an unknown identifier
    // WHEN looked up
    const err = thrown(() => Runtime.of('nodejs99.x'));
    // THEN the error names it and lists every known runtime, sorted
    expect(err).toBeInstanceOf(LambdaformError);
    const message = (err as LambdaformError).message;
    expect(message).toMatch(/^unknown Lambda runtime 'nodejs99\.x'; known runtimes: /);
    const listed = message.slice(message.indexOf('known runtimes: ') + 'known runtimes: '.length).split(', ');
    expect(listed).toEqual(Runtime.knownNames());
    expect(listed).toEqual(expect.arrayContaining(['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.13', 'provided.al2023']));
    expect(listed).toEqual([...listed].sort());
  });

  it('knownNames() is the sorted lifecycle table', () => {
    // GIVEN the table / WHEN listed / THEN sorted, without duplicates, with the constants' names
    const names = Runtime.knownNames();
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const r of [Runtime.NODEJS_20_X, Runtime.NODEJS_22_X, Runtime.NODEJS_24_X, Runtime.PYTHON_3_14, Runtime.JAVA_25, Runtime.DOTNET_10, Runtime.RUBY_3_4, Runtime.PROVIDED_AL2023]) {
      expect(names).toContain(r.name);
    }
  });
});

describe('isDeprecatedOn / isCreateBlockedOn', () => {
  it('nodejs20.x: deprecated from 2026-04-30, create-blocked from 2027-02-01', () => {
    // GIVEN the table entry of nodejs20.x
    const r = Runtime.NODEJS_20_X;
    expect(r.lifecycle).toMatchObject({ deprecated: '2026-04-30', 'create-block': '2027-02-01', successor: 'nodejs24.x' });
    // WHEN asked on the days around each date / THEN each date is the first day it applies
    expect(r.isDeprecatedOn(new Date('2026-04-29T23:59:59Z'))).toBe(false);
    expect(r.isDeprecatedOn(new Date('2026-04-30T00:00:00Z'))).toBe(true);
    expect(r.isCreateBlockedOn(new Date('2027-01-31T12:00:00Z'))).toBe(false);
    expect(r.isCreateBlockedOn(new Date('2027-02-01T00:00:00Z'))).toBe(true);
    expect(r.isCreateBlockedOn(new Date('2030-01-01T00:00:00Z'))).toBe(true);
    // the last millisecond before the day (UTC), and the first of it
    expect(r.isDeprecatedOn(new Date(Date.UTC(2026, 3, 30) - 1))).toBe(false);
    expect(r.isDeprecatedOn(new Date(Date.UTC(2026, 3, 30)))).toBe(true);
    // the day is UTC's, whatever the offset the date was written with
    expect(r.isDeprecatedOn(new Date('2026-04-30T01:30:00+02:00'))).toBe(false);
    expect(r.isDeprecatedOn(new Date('2026-04-29T22:30:00-02:00'))).toBe(true);
  });

  it('refuses a date that is not a valid Date with a clear error', () => {
    const err = thrown(() => Runtime.NODEJS_20_X.isDeprecatedOn(new Date('not a date')));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe("a runtime's lifecycle is read on a date: expected a valid Date, got Invalid Date");
    // a runtime without the date refuses nothing: there is nothing to compare
    expect(Runtime.of('dotnet9').isCreateBlockedOn(new Date('not a date'))).toBe(false);
  });

  it('a long-blocked runtime is refused by Function, naming its successor', () => {
    // GIVEN nodejs14.x, blocked since 2024-01-09
    expect(Runtime.of('nodejs14.x').isCreateBlockedOn(new Date('2024-01-09T00:00:00Z'))).toBe(true);
    expect(Runtime.of('nodejs14.x').isCreateBlockedOn(new Date('2024-01-08T00:00:00Z'))).toBe(false);
    // WHEN a function uses it / THEN it is refused
    const err = thrown(() => newFunction(newStack(), 'Fn', { runtime: Runtime.of('nodejs14.x') }));
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe('runtime nodejs14.x can no longer be used for new functions (AWS blocks creation since 2024-01-09); use nodejs24.x instead');
  });

  it('a runtime without announced dates is never deprecated nor blocked', () => {
    // GIVEN dotnet9, whose create-block date is not announced (null)
    const r = Runtime.of('dotnet9');
    expect(r.lifecycle['create-block']).toBeNull();
    // WHEN asked about a far future date / THEN it is deprecated (announced) but not blocked
    expect(r.isCreateBlockedOn(new Date('2099-01-01T00:00:00Z'))).toBe(false);
    expect(r.isDeprecatedOn(new Date('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('a current runtime is neither deprecated nor blocked on the test date', () => {
    // GIVEN nodejs24.x on 2026-11-22 / WHEN asked / THEN both are false
    const today = new Date('2026-11-22T00:00:00Z');
    expect(Runtime.NODEJS_24_X.isDeprecatedOn(today)).toBe(false);
    expect(Runtime.NODEJS_24_X.isCreateBlockedOn(today)).toBe(false);
  });
});

describe("aws-cdk-lib's runtime names", () => {
  it('every runtime of the lifecycle table has its CDK name (java8.al2 is JAVA_8_CORRETTO), and NODEJS_LATEST is the newest Node.js', () => {
    const statics = Object.entries(Runtime).filter(([, v]) => v instanceof Runtime) as Array<[string, Runtime]>;
    expect(new Set(statics.filter(([k]) => k !== 'NODEJS_LATEST').map(([, r]) => r.name))).toEqual(new Set(Runtime.knownNames()));
    const names = Object.fromEntries(statics.map(([k, r]) => [k, r.name]));
    expect(names).toMatchObject({ NODEJS_18_X: 'nodejs18.x', NODEJS_22_X: 'nodejs22.x', PYTHON_3_9: 'python3.9', JAVA_8_CORRETTO: 'java8.al2', JAVA_8: 'java8', DOTNET_CORE_3_1: 'dotnetcore3.1', DOTNET_8: 'dotnet8', GO_1_X: 'go1.x', PROVIDED_AL2023: 'provided.al2023', RUBY_3_3: 'ruby3.3', NODEJS: 'nodejs', NODEJS_4_3: 'nodejs4.3' });
    expect(Runtime.NODEJS_LATEST.name).toBe('nodejs24.x');
  });
});
