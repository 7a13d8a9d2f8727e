// EventBridge schedule expressions: rate and cron, their firing times (UTC, strictly after the
// time given), the special characters L, W and #, leap years, and the expressions AWS refuses.
import { describe, expect, it } from 'vitest';
import { LambdaformError } from '../../lib/core/errors.js';
import { parseSchedule } from '../../lib/local/schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace(':00.000Z', 'Z'));

/** The first `count` firings of `expr` after `from`, as ISO strings without seconds. */
function firings(expr: string, from: string, count: number): (string | undefined)[] {
  const schedule = parseSchedule(expr);
  const out: (string | undefined)[] = [];
  let t = at(from);
  for (let i = 0; i < count; i++) {
    const n = schedule.next(t);
    out.push(iso(n));
    if (n === undefined) break;
    expect(n).toBeGreaterThan(t);
    t = n;
  }
  return out;
}

const error = (expr: string): LambdaformError => {
  try {
    parseSchedule(expr);
  } catch (e) {
    if (e instanceof LambdaformError) return e;
    throw e;
  }
  throw new Error(`${expr} was accepted`);
};

describe('rate expressions', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(3 days)', 259_200_000],
  ])('%s fires every %i ms, counted from the time given', (expr, period) => {
    const s = parseSchedule(expr);
    expect(s.kind).toBe('rate');
    expect(s.expression).toBe(expr);
    const created = at('2026-11-22T10:20:30.456Z');
    expect(s.next(created)).toBe(created + period);
    expect(s.next(created + period)).toBe(created + 2 * period);
  });

  it('the first firing is one period after creation, not on a clock boundary', () => {
    expect(firings('rate(1 hour)', '2026-11-22T10:20:30Z', 3)).toEqual(['2026-11-22T11:20:30.000Z', '2026-11-22T12:20:30.000Z', '2026-11-22T13:20:30.000Z']);
  });

  it.each([
    ['rate(1 minutes)', 'a value of 1 takes the singular unit: rate(1 minute)'],
    ['rate(5 minute)', 'a value above 1 takes the plural unit: rate(5 minutes)'],
    ['rate(1 hours)', 'rate(1 hour)'],
    ['rate(2 day)', 'rate(2 days)'],
    ['rate(0 minutes)', 'the rate value must be a whole number from 1, got "0"'],
    ['rate(-5 minutes)', 'the rate value must be a whole number from 1, got "-5"'],
    ['rate(1.5 hours)', 'got "1.5"'],
    ['rate(five minutes)', 'got "five"'],
    ['rate(5 weeks)', 'the rate unit must be minute(s), hour(s) or day(s), got "weeks"'],
    ['rate(5 seconds)', 'got "seconds"'],
    ['rate(5 Minutes)', 'got "Minutes"'],
    ['rate(5)', 'rate takes a value and a unit, such as rate(5 minutes)'],
    ['rate()', 'rate takes a value and a unit'],
    ['rate(5 minutes later)', 'rate takes a value and a unit'],
  ])('refuses %s', (expr, why) => {
    const e = error(expr);
    expect(e.code).toBe('local-bad-schedule');
    expect(e.message).toContain(`schedule expression ${JSON.stringify(expr)} is not valid: `);
    expect(e.message).toContain(why);
    expect(e.message).toContain('allowed: rate(value unit)');
  });
});

describe('cron expressions: the examples of the EventBridge guide', () => {
  it('cron(0 12 * * ? *): every day at 12:00 UTC, strictly after the time given', () => {
    expect(firings('cron(0 12 * * ? *)', '2026-11-22T11:59:59Z', 3)).toEqual(['2026-11-22T12:00Z', '2026-11-23T12:00Z', '2026-11-24T12:00Z']);
    expect(firings('cron(0 12 * * ? *)', '2026-11-22T12:00:00Z', 1)).toEqual(['2026-11-23T12:00Z']);
    expect(firings('cron(0 12 * * ? *)', '2026-12-31T12:00:00.001Z', 1)).toEqual(['2027-01-01T12:00Z']);
  });

  it('cron(15 10 ? * 6L 2026): the last Friday of each month of 2026, then never', () => {
    expect(firings('cron(15 10 ? * 6L 2026)', '2026-09-01T00:00:00Z', 5)).toEqual(['2026-09-25T10:15Z', '2026-10-30T10:15Z', '2026-11-27T10:15Z', '2026-12-25T10:15Z', undefined]);
    expect(parseSchedule('cron(15 10 ? * 6L 2026)').next(at('2025-06-01T00:00:00Z'))).toBe(at('2026-01-30T10:15:00Z'));
  });

  it('cron(15 10 ? * 6L 2019-2022) has nothing left after 2022', () => {
    expect(parseSchedule('cron(15 10 ? * 6L 2019-2022)').next(at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('cron(0 8 1W * ? *): the weekday nearest the 1st, never leaving the month', () => {
    // 2026-08-01 is a Saturday: the Friday before is in July, so Monday the 3rd.
    expect(firings('cron(0 8 1W * ? *)', '2026-07-15T00:00:00Z', 3)).toEqual(['2026-08-03T08:00Z', '2026-09-01T08:00Z', '2026-10-01T08:00Z']);
    // 2026-11-01 is a Sunday: Monday the 2nd.
    expect(firings('cron(0 8 1W * ? *)', '2026-10-15T00:00:00Z', 1)).toEqual(['2026-11-02T08:00Z']);
  });

  it('cron(0/15 * * * ? *): every quarter hour', () => {
    expect(firings('cron(0/15 * * * ? *)', '2026-11-22T23:31:10Z', 4)).toEqual(['2026-11-22T23:45Z', '2026-11-23T00:00Z', '2026-11-23T00:15Z', '2026-11-23T00:30Z']);
  });

  it('cron(0 18 ? * MON-FRI *): weekdays at 18:00, skipping the weekend', () => {
    // 2026-11-27 is a Friday.
    expect(firings('cron(0 18 ? * MON-FRI *)', '2026-11-26T18:00:00Z', 3)).toEqual(['2026-11-27T18:00Z', '2026-11-30T18:00Z', '2026-12-01T18:00Z']);
  });

  it('cron(0 8 1 * ? *) and cron(5,35 14 * * ? *)', () => {
    expect(firings('cron(0 8 1 * ? *)', '2026-11-22T00:00:00Z', 2)).toEqual(['2026-12-01T08:00Z', '2027-01-01T08:00Z']);
    expect(firings('cron(5,35 14 * * ? *)', '2026-11-22T14:05:00Z', 3)).toEqual(['2026-11-22T14:35Z', '2026-11-23T14:05Z', '2026-11-23T14:35Z']);
  });

  it('cron(0/30 20-2 ? * MON-FRI *): an hour range wraps past midnight', () => {
    // Friday evening, then nothing on Saturday morning, then Monday from midnight.
    expect(firings('cron(0/30 20-2 ? * MON-FRI *)', '2026-11-27T23:00:00Z', 3)).toEqual(['2026-11-27T23:30Z', '2026-11-30T00:00Z', '2026-11-30T00:30Z']);
    expect(firings('cron(0/30 20-2 ? * MON-FRI *)', '2026-11-30T02:00:00Z', 2)).toEqual(['2026-11-30T02:30Z', '2026-11-30T20:00Z']);
  });
});

describe('cron expressions: L, W and #', () => {
  it('cron(0 0 L * ? *): the last day of each month, leap years included', () => {
    expect(firings('cron(0 0 L * ? *)', '2024-01-31T00:00:00Z', 3)).toEqual(['2024-02-29T00:00Z', '2024-03-31T00:00Z', '2024-04-30T00:00Z']);
    expect(firings('cron(0 0 L * ? *)', '2026-01-31T00:00:00Z', 1)).toEqual(['2026-02-28T00:00Z']);
    expect(firings('cron(0 0 L 2 ? *)', '2099-03-01T00:00:00Z', 2)).toEqual(['2100-02-28T00:00Z', '2101-02-28T00:00Z']);
    expect(firings('cron(0 0 L 2 ? *)', '1999-03-01T00:00:00Z', 1)).toEqual(['2000-02-29T00:00Z']);
  });

  it('the 29th of February waits for the next leap year; the 31st skips short months', () => {
    expect(firings('cron(0 0 29 2 ? *)', '2024-03-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00Z', '2032-02-29T00:00Z']);
    expect(firings('cron(0 0 31 * ? *)', '2026-03-31T00:00:00Z', 2)).toEqual(['2026-05-31T00:00Z', '2026-07-31T00:00Z']);
  });

  it('a date that never exists never fires', () => {
    expect(parseSchedule('cron(0 0 30 2 ? *)').next(at('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(parseSchedule('cron(0 0 31 4,6,9,11 ? *)').next(at('1970-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('nW: Saturday goes to Friday, Sunday to Monday, never out of the month', () => {
    // 2026-03-15 is a Sunday, 2026-02-28 a Saturday, 2026-05-31 a Sunday (the last day).
    expect(firings('cron(0 9 15W * ? *)', '2026-03-01T00:00:00Z', 1)).toEqual(['2026-03-16T09:00Z']);
    expect(firings('cron(0 9 28W 2 ? *)', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-02-27T09:00Z']);
    expect(firings('cron(0 9 31W * ? *)', '2026-04-01T00:00:00Z', 1)).toEqual(['2026-05-29T09:00Z']);
    expect(firings('cron(0 9 10W * ? *)', '2026-11-01T00:00:00Z', 1)).toEqual(['2026-11-10T09:00Z']);
  });

  it('LW: the last weekday of the month', () => {
    // 2026-10-31 is a Saturday, 2027-01-31 a Sunday.
    expect(firings('cron(0 17 LW * ? *)', '2026-10-01T00:00:00Z', 4)).toEqual(['2026-10-30T17:00Z', '2026-11-30T17:00Z', '2026-12-31T17:00Z', '2027-01-29T17:00Z']);
  });

  it('n#k: the k-th given weekday; a fifth one is skipped in months without it', () => {
    expect(firings('cron(0 0 ? * 3#2 *)', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-13T00:00Z', '2026-02-10T00:00Z']);
    expect(firings('cron(0 0 ? * MON#1 *)', '2026-11-22T00:00:00Z', 1)).toEqual(['2026-12-07T00:00Z']);
    // Fifth Sundays of 2026 after November: 2027-01-31 is the next one.
    expect(firings('cron(0 0 ? * 1#5 *)', '2026-11-30T00:00:00Z', 1)).toEqual(['2027-01-31T00:00Z']);
  });

  it('L alone in Day-of-week is Saturday; 2L is the last Monday', () => {
    expect(firings('cron(0 0 ? * L *)', '2026-11-22T00:00:00Z', 2)).toEqual(['2026-11-28T00:00Z', '2026-12-05T00:00Z']);
    expect(firings('cron(0 0 ? * MONL *)', '2026-11-22T00:00:00Z', 1)).toEqual(['2026-11-30T00:00Z']);
    expect(firings('cron(0 0 ? * 2L *)', '2026-12-01T00:00:00Z', 1)).toEqual(['2026-12-28T00:00Z']);
  });
});

describe('cron expressions: values, ranges, steps and names', () => {
  it('names are case-insensitive and ranges of names work', () => {
    expect(firings('cron(0 0 1 jan-mar ? *)', '2026-02-15T00:00:00Z', 2)).toEqual(['2026-03-01T00:00Z', '2027-01-01T00:00Z']);
    expect(firings('cron(0 0 ? * sat,SUN *)', '2026-11-23T00:00:00Z', 2)).toEqual(['2026-11-28T00:00Z', '2026-11-29T00:00Z']);
  });

  it('a day-of-week range wraps (FRI-MON)', () => {
    expect(firings('cron(0 0 ? * FRI-MON *)', '2026-11-24T00:00:00Z', 4)).toEqual(['2026-11-27T00:00Z', '2026-11-28T00:00Z', '2026-11-29T00:00Z', '2026-11-30T00:00Z']);
  });

  it('steps: a/n, */n and a-b/n in every field that takes them', () => {
    expect(firings('cron(5/20 * * * ? *)', '2026-11-22T10:46:00Z', 3)).toEqual(['2026-11-22T11:05Z', '2026-11-22T11:25Z', '2026-11-22T11:45Z']);
    expect(firings('cron(0 */6 * * ? *)', '2026-11-22T07:00:00Z', 2)).toEqual(['2026-11-22T12:00Z', '2026-11-22T18:00Z']);
    expect(firings('cron(0 0 1/10 * ? *)', '2026-11-22T00:00:00Z', 3)).toEqual(['2026-12-01T00:00Z', '2026-12-11T00:00Z', '2026-12-21T00:00Z']);
    expect(firings('cron(0 0 1 2/4 ? *)', '2026-07-01T00:00:00Z', 2)).toEqual(['2026-10-01T00:00Z', '2027-02-01T00:00Z']);
    expect(firings('cron(0 9-17/4 * * ? *)', '2026-11-22T10:00:00Z', 3)).toEqual(['2026-11-22T13:00Z', '2026-11-22T17:00Z', '2026-11-23T09:00Z']);
    expect(firings('cron(0 0 1 1 ? 2030/10)', '2026-01-01T00:00:00Z', 2)).toEqual(['2030-01-01T00:00Z', '2040-01-01T00:00Z']);
  });

  it('extra white space between fields is fine', () => {
    expect(firings('cron( 0  12 * *   ? * )', '2026-11-22T00:00:00Z', 1)).toEqual(['2026-11-22T12:00Z']);
  });

  it('years end at 2199: nothing after, and before 1970 it starts in 1970', () => {
    expect(parseSchedule('cron(0 0 1 1 ? *)').next(at('2199-01-01T00:00:00Z'))).toBeUndefined();
    expect(parseSchedule('cron(0 0 1 1 ? *)').next(at('2199-12-31T23:59:00Z'))).toBeUndefined();
    expect(iso(parseSchedule('cron(0 0 1 1 ? *)').next(at('1960-06-01T00:00:00Z')))).toBe('1970-01-01T00:00Z');
  });
});

describe('cron expressions: next() against a minute-by-minute reference', () => {
  const weekday = (d: Date) => d.getUTCDay() + 1; // 1 = Sunday, as AWS counts
  const lastDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  const cases: [string, (d: Date) => boolean][] = [
    ['cron(0/15 * * * ? *)', (d) => d.getUTCMinutes() % 15 === 0],
    ['cron(0 18 ? * MON-FRI *)', (d) => d.getUTCMinutes() === 0 && d.getUTCHours() === 18 && weekday(d) >= 2 && weekday(d) <= 6],
    ['cron(30 1,13 L * ? *)', (d) => d.getUTCMinutes() === 30 && [1, 13].includes(d.getUTCHours()) && d.getUTCDate() === lastDay(d)],
    ['cron(0 0 ? * 6L *)', (d) => d.getUTCMinutes() === 0 && d.getUTCHours() === 0 && weekday(d) === 6 && d.getUTCDate() + 7 > lastDay(d)],
    ['cron(0 0 ? * 3#2 *)', (d) => d.getUTCMinutes() === 0 && d.getUTCHours() === 0 && weekday(d) === 3 && Math.ceil(d.getUTCDate() / 7) === 2],
    ['cron(10 22-3 ? * SUN *)', (d) => d.getUTCMinutes() === 10 && (d.getUTCHours() >= 22 || d.getUTCHours() <= 3) && weekday(d) === 1],
  ];

  it.each(cases)('%s', (expr, fires) => {
    const schedule = parseSchedule(expr);
    const from = at('2026-02-20T00:00:00Z');
    // Walk back minute by minute; `expected` is the first firing after the minute t.
    // Mismatches are collected and compared once: an expect per minute made this file slow.
    let expected: number | undefined;
    let checked = 0;
    const wrong: string[] = [];
    for (let t = at('2026-04-02T00:00:00Z'); t >= from; t -= 60_000) {
      if (expected !== undefined) {
        if (schedule.next(t) !== expected) wrong.push(`next(${iso(t)}) = ${iso(schedule.next(t))}, not ${iso(expected)}`);
        const justBefore = fires(new Date(t)) ? t : expected;
        if (schedule.next(t - 1) !== justBefore) wrong.push(`next(${iso(t)} - 1 ms) = ${iso(schedule.next(t - 1))}, not ${iso(justBefore)}`);
        checked++;
      }
      if (fires(new Date(t))) expected = t;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(20_000);
  });
});

describe('cron expressions: chained firings', () => {
  it('5,000 chained next() calls each give the next firing of a weekday schedule', () => {
    const s = parseSchedule('cron(0/5 8-17 ? * MON-FRI *)');
    let t = at('2026-11-22T00:00:00Z');
    let fired = 0;
    for (let i = 0; i < 5_000; i++) {
      const n = s.next(t);
      if (n === undefined) break;
      t = n;
      fired++;
    }
    expect(fired).toBe(5_000);
  });

  it('an expression that never fires answers undefined (it does not search minute by minute for ever)', () => {
    expect(parseSchedule('cron(* * 30 2 ? *)').next(at('1970-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('malformed cron expressions', () => {
  it.each([
    ['cron(0 12 * * ?)', 'cron takes 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got 5'],
    ['cron(0 0 12 * * ? *)', 'got 7'],
    ['cron()', 'got 0'],
    ['cron(0 12 * * * *)', 'exactly one of Day-of-month and Day-of-week must be ? (got "*" and "*")'],
    ['cron(0 12 ? * ? *)', 'exactly one of Day-of-month and Day-of-week must be ?'],
    ['cron(0 12 1 * MON *)', 'exactly one of Day-of-month and Day-of-week must be ?'],
    ['cron(? 12 * * ? *)', '? is only allowed in Day-of-month and Day-of-week, not in Minutes'],
    ['cron(60 12 * * ? *)', 'Minutes has "60": allowed values are 0-59'],
    ['cron(0 24 * * ? *)', 'Hours has "24": allowed values are 0-23'],
    ['cron(0 12 0 * ? *)', 'Day-of-month has "0": allowed values are 1-31'],
    ['cron(0 12 32 * ? *)', 'Day-of-month has "32"'],
    ['cron(0 12 * 13 ? *)', 'Month has "13": allowed values are 1-12 or JAN-DEC'],
    ['cron(0 12 * JANUARY ? *)', 'Month has "JANUARY"'],
    ['cron(0 12 ? * 8 *)', 'Day-of-week has "8": allowed values are 1-7 or SUN-SAT'],
    ['cron(0 12 ? * 0 *)', 'Day-of-week has "0"'],
    ['cron(0 12 ? * MON-FUN *)', 'Day-of-week has "FUN"'],
    ['cron(0 12 * * ? 1969)', 'Year has "1969": allowed values are 1970-2199'],
    ['cron(0 12 * * ? 2200)', 'Year has "2200"'],
    ['cron(0 12 * * ? 2030-2020)', 'a year range must not run backwards'],
    ['cron(-5 12 * * ? *)', 'Minutes has ""'],
    ['cron(1-2-3 12 * * ? *)', 'a range is start-end'],
    ['cron(1,,2 12 * * ? *)', 'Minutes has an empty item'],
    ['cron(0/0 12 * * ? *)', 'the step after / must be a whole number from 1'],
    ['cron(0/60 12 * * ? *)', 'the step must be at most 59'],
    ['cron(0/5/5 12 * * ? *)', 'one / at most'],
    ['cron(0 12 ? * MON/2 *)', 'Day-of-week does not take / steps'],
    ['cron(0 12 ? * 3#1,6#3 *)', 'with #, the field holds one expression such as 3#2 (no lists)'],
    ['cron(0 12 ? * 3#6 *)', 'the number after # must be 1-5'],
    ['cron(0 12 ? * 9#2 *)', 'Day-of-week has "9"'],
    ['cron(0 12 ? * 1,6L *)', 'L stands alone (Saturday) or after one day (5L, the last Thursday)'],
    ['cron(0 12 ? * MON-L *)', 'L stands alone'],
    ['cron(0 12 ? * JUL *)', 'Day-of-week has "JUL": allowed values are 1-7 or SUN-SAT'],
    ['cron(0 12 1,L * ? *)', 'L, LW and nW (such as 15W) stand alone in the field'],
    ['cron(0 12 1-5W * ? *)', 'L, LW and nW'],
    ['cron(0 12 L-3 * ? *)', 'L, LW and nW'],
    ['cron(0 12 32W * ? *)', 'Day-of-month has "32"'],
    ['cron(0 12 3#2 * ? *)', '# belongs in Day-of-week'],
    ['cron(0 12 * * W *)', 'exactly one of Day-of-month and Day-of-week must be ?'],
    ['0 12 * * ? *', 'it is neither rate(...) nor cron(...)'],
    ['at(2026-11-22T10:00:00)', 'it is neither rate(...) nor cron(...)'],
    ['', 'it is neither rate(...) nor cron(...)'],
  ])('refuses %s', (expr, why) => {
    const e = error(expr);
    expect(e.code).toBe('local-bad-schedule');
    expect(e.message).toContain(`schedule expression ${JSON.stringify(expr)} is not valid: `);
    expect(e.message).toContain(why);
    expect(e.message).toContain('or cron(Minutes Hours Day-of-month Month Day-of-week Year)');
  });

  it('next() refuses a time that is not a number', () => {
    expect(() => parseSchedule('cron(0 12 * * ? *)').next(Number.NaN)).toThrow(/next\(\) takes a time in epoch milliseconds, got NaN/);
    expect(() => parseSchedule('rate(1 day)').next(Number.POSITIVE_INFINITY)).toThrow(LambdaformError);
  });
});
