// Duration and Size: unit conversions, human-readable forms, and the LambdaformError every bad
// amount (negative, NaN, infinite) or non-whole `integral` conversion gives.
import { describe, expect, it } from 'vitest';
import { Duration, LambdaformError, Size } from '../../lib/all.js';
import { thrown } from '../helpers/errors.js';


describe('Duration', () => {
  it.each([
    ['millis(1500)', Duration.millis(1500), 1500],
    ['seconds(1.5)', Duration.seconds(1.5), 1500],
    ['minutes(5)', Duration.minutes(5), 300_000],
    ['hours(2)', Duration.hours(2), 7_200_000],
    ['days(1)', Duration.days(1), 86_400_000],
    ['seconds(0)', Duration.seconds(0), 0],
  ])('%s is %d milliseconds', (_name, d, ms) => {
    // GIVEN a duration in some unit / WHEN converted to milliseconds / THEN the value is exact
    expect(d.toMilliseconds()).toBe(ms);
  });

  it('converts between units', () => {
    // GIVEN durations in different units
    // WHEN converted / THEN each conversion is the exact arithmetic value
    expect(Duration.minutes(5).toSeconds()).toBe(300);
    expect(Duration.millis(1500).toSeconds()).toBe(1.5);
    expect(Duration.seconds(90).toMinutes()).toBe(1.5);
    expect(Duration.hours(2).toMinutes()).toBe(120);
    expect(Duration.days(2).toHours()).toBe(48);
    expect(Duration.minutes(90).toHours()).toBe(1.5);
    expect(Duration.days(1).toSeconds()).toBe(86_400);
  });

  it('integral conversions return whole numbers', () => {
    // GIVEN durations that are whole numbers of the target unit
    // WHEN converted with integral: true / THEN the whole number comes back
    expect(Duration.minutes(2).toSeconds({ integral: true })).toBe(120);
    expect(Duration.hours(3).toMinutes({ integral: true })).toBe(180);
    expect(Duration.days(1).toHours({ integral: true })).toBe(24);
    expect(Duration.seconds(0).toSeconds({ integral: true })).toBe(0);
  });

  it.each([
    ['1500 milliseconds', () => Duration.millis(1500).toSeconds({ integral: true }), 'seconds'],
    ['90 seconds', () => Duration.seconds(90).toMinutes({ integral: true }), 'minutes'],
    ['90 minutes', () => Duration.minutes(90).toHours({ integral: true }), 'hours'],
  ])('integral conversion of %s throws for a fraction', (human, convert, unit) => {
    // GIVEN a duration that is not a whole number of the target unit
    // WHEN converted with integral: true
    const err = thrown(convert);
    // THEN a LambdaformError names the duration and the unit
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).message).toBe(`${human} cannot be expressed as a whole number of ${unit}`);
    expect((err as LambdaformError).path).toBeUndefined();
  });

  it('the same fraction is fine without integral', () => {
    // GIVEN 90 seconds / WHEN converted to minutes without integral / THEN the fraction is returned
    expect(Duration.seconds(90).toMinutes({ integral: false })).toBe(1.5);
  });

  it.each([
    [Duration.minutes(5), '5 minutes'],
    [Duration.seconds(1), '1 second'],
    [Duration.seconds(1.5), '1.5 seconds'],
    [Duration.millis(1), '1 millisecond'],
    [Duration.millis(250), '250 milliseconds'],
    [Duration.hours(1), '1 hour'],
    [Duration.days(1), '1 day'],
    [Duration.days(14), '14 days'],
    [Duration.seconds(0), '0 seconds'],
  ])('toHumanString of %s', (d, text) => {
    // GIVEN a duration / WHEN shown to a human / THEN amount and (singular or plural) unit as given
    expect(d.toHumanString()).toBe(text);
    expect(String(d)).toBe(text);
    expect(`${d}`).toBe(text);
  });

  it.each([
    ['seconds(-1)', () => Duration.seconds(-1), 'seconds', '-1'],
    ['millis(-0.5)', () => Duration.millis(-0.5), 'milliseconds', '-0.5'],
    ['minutes(NaN)', () => Duration.minutes(NaN), 'minutes', 'NaN'],
    ['hours(Infinity)', () => Duration.hours(Infinity), 'hours', 'Infinity'],
    ['days(-Infinity)', () => Duration.days(-Infinity), 'days', '-Infinity'],
  ])('%s throws a LambdaformError', (_name, make, unit, got) => {
    // GIVEN a negative, NaN or infinite amount / WHEN a Duration is made
    const err = thrown(make);
    // THEN a LambdaformError says what is allowed and what was given
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe(`a Duration must be a finite, non-negative number of ${unit}, got ${got}`);
    // ... and points at the line of the user's code that made the value (there is no construct yet)
    expect((err as LambdaformError).path).toMatch(/^test\/core\/duration-size\.test\.ts:\d+$/);
  });
});

describe('Size', () => {
  it.each([
    ['bytes(2048)', Size.bytes(2048), 2048, 2, 2 / 1024],
    ['kibibytes(1536)', Size.kibibytes(1536), 1536 * 1024, 1536, 1.5],
    ['mebibytes(512)', Size.mebibytes(512), 512 * 1024 * 1024, 512 * 1024, 512],
    ['gibibytes(10)', Size.gibibytes(10), 10 * 1024 ** 3, 10 * 1024 * 1024, 10_240],
    ['bytes(0)', Size.bytes(0), 0, 0, 0],
  ])('%s converts to bytes, KiB and MiB', (_name, s, bytes, kib, mib) => {
    // GIVEN a size / WHEN converted / THEN the binary (1024-based) values come back
    expect(s.toBytes()).toBe(bytes);
    expect(s.toKibibytes()).toBe(kib);
    expect(s.toMebibytes()).toBe(mib);
  });

  it('MiB may be fractional', () => {
    // GIVEN one byte / WHEN shown in MiB / THEN the exact fraction is returned
    expect(Size.bytes(1).toMebibytes()).toBe(1 / (1024 * 1024));
  });

  it.each([
    [Size.mebibytes(512), '512 mebibytes'],
    [Size.gibibytes(10), '10 gibibytes'],
    [Size.kibibytes(64), '64 kibibytes'],
    [Size.bytes(2048), '2048 bytes'],
  ])('toHumanString of %s', (s, text) => {
    // GIVEN a size / WHEN shown to a human / THEN amount and unit as given
    expect(s.toHumanString()).toBe(text);
    expect(String(s)).toBe(text);
  });

  it.each([
    ['mebibytes(-1)', () => Size.mebibytes(-1), 'mebibytes', '-1'],
    ['bytes(NaN)', () => Size.bytes(NaN), 'bytes', 'NaN'],
    ['gibibytes(Infinity)', () => Size.gibibytes(Infinity), 'gibibytes', 'Infinity'],
    ['kibibytes(-0.25)', () => Size.kibibytes(-0.25), 'kibibytes', '-0.25'],
  ])('%s throws a LambdaformError', (_name, make, unit, got) => {
    // GIVEN a negative, NaN or infinite amount / WHEN a Size is made
    const err = thrown(make);
    // THEN a LambdaformError says what is allowed and what was given
    expect(err).toBeInstanceOf(LambdaformError);
    expect((err as LambdaformError).detail).toBe(`a Size must be a finite, non-negative number of ${unit}, got ${got}`);
    // ... and points at the line of the user's code that made the value (there is no construct yet)
    expect((err as LambdaformError).path).toMatch(/^test\/core\/duration-size\.test\.ts:\d+$/);
  });
});

describe('binary floating point', () => {
  it.each([
    [Duration.minutes(4.1), 246],
    [Duration.minutes(0.7), 42],
    [Duration.hours(0.1), 360],
  ])('%s is a whole number of seconds', (d, seconds) => {
    expect(d.toSeconds({ integral: true })).toBe(seconds);
  });

  it('Size uses the singular for one unit', () => {
    expect(Size.bytes(1).toHumanString()).toBe('1 byte');
    expect(Size.gibibytes(1).toHumanString()).toBe('1 gibibyte');
    expect(Size.gibibytes(2).toHumanString()).toBe('2 gibibytes');
  });
});

describe('Duration.toDays (aws-cdk-lib has it: lifecycle rules are in days)', () => {
  it('converts to days, fractional unless integral is asked for', () => {
    expect(Duration.days(30).toDays()).toBe(30);
    expect(Duration.hours(48).toDays({ integral: true })).toBe(2);
    expect(Duration.hours(36).toDays()).toBe(1.5);
    expect(() => Duration.hours(36).toDays({ integral: true })).toThrow('36 hours cannot be expressed as a whole number of days');
  });
});
