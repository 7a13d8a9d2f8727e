/**
 * EventBridge schedule expressions ("Creating an Amazon EventBridge rule that runs on a
 * schedule"), for the local simulator's clock: `rate(value unit)` and
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, all in UTC, at minute precision.
 *
 * Rate: `value` is a whole number from 1; the unit is `minute`, `hour` or `day` when the value is
 * 1 and `minutes`, `hours` or `days` otherwise (AWS refuses `rate(1 minutes)` and
 * `rate(5 minute)`). A rate schedule runs relative to the time it was created: `next(t)` is
 * `t + period`, so the caller passes the creation time first, then each firing time in turn.
 *
 * Cron: six fields separated by white space.
 *
 * | Field        | Values             | Wildcards     |
 * | ------------ | ------------------ | ------------- |
 * | Minutes      | 0-59               | , - * /       |
 * | Hours        | 0-23               | , - * /       |
 * | Day-of-month | 1-31               | , - * ? / L W |
 * | Month        | 1-12 or JAN-DEC    | , - * /       |
 * | Day-of-week  | 1-7 or SUN-SAT     | , - * ? L #   |
 * | Year         | 1970-2199          | , - * /       |
 *
 * Exactly one of Day-of-month and Day-of-week is `?`. A range whose end is below its start wraps
 * (`20-2` in Hours is 20:00 to 02:00; AWS's own example). `a/n` counts from `a` in steps of `n`,
 * `*\/n` from the field's first value, `a-b/n` within the range. Day-of-month: `L` is the last day
 * of the month, `nW` the weekday nearest day n without leaving the month, `LW` the last weekday.
 * Day-of-week (1 = Sunday): `L` alone is Saturday, `nL` the last day n of the month, `n#k` the
 * k-th day n of the month (k 1-5, and alone in its field). Names are case-insensitive. Where the
 * AWS guide is silent the Quartz scheduler's rules apply (it is the syntax EventBridge uses): `W`
 * and `L` take no lists or ranges, and steps are at most the field's top value.
 */
import { LambdaformError } from '../core/errors.js';

/** A parsed schedule expression. */
export interface Schedule {
  readonly kind: 'rate' | 'cron';
  /** The expression as given. */
  readonly expression: string;
  /**
   * The next firing time (epoch ms, UTC) strictly after `afterMs`; undefined when the schedule
   * never fires again (a cron expression whose years are over, or that names a date that does
   * not exist). For rate expressions it is `afterMs` plus the period.
   */
  next(afterMs: number): number | undefined;
}

const CODE = 'local-bad-schedule';
const FORMS = 'rate(value unit) with a whole value from 1 and unit minute | minutes | hour | hours | day | days (singular for 1, plural otherwise), or cron(Minutes Hours Day-of-month Month Day-of-week Year)';

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE };

/** Parses a schedule expression; throws a LambdaformError (code `local-bad-schedule`) naming what is wrong. */
export function parseSchedule(expr: string): Schedule {
  if (typeof expr !== 'string') bad(String(expr), 'it is not a string');
  const text = expr.trim();
  const rate = /^rate\((.*)\)$/s.exec(text);
  if (rate) return parseRate(expr, rate[1]!);
  const cron = /^cron\((.*)\)$/s.exec(text);
  if (cron) return parseCron(expr, cron[1]!);
  return bad(expr, 'it is neither rate(...) nor cron(...)');
}

function bad(expr: string, why: string): never {
  throw new LambdaformError(undefined, `schedule expression ${JSON.stringify(expr)} is not valid: ${why}; allowed: ${FORMS}`, CODE);
}

function checkTime(afterMs: number): void {
  if (typeof afterMs !== 'number' || !Number.isFinite(afterMs)) {
    throw new LambdaformError(undefined, `next() takes a time in epoch milliseconds, got ${String(afterMs)}`, CODE);
  }
}

// ----- rate -------------------------------------------------------------------------------------

function parseRate(expr: string, inner: string): Schedule {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(inner);
  if (!m) return bad(expr, 'rate takes a value and a unit, such as rate(5 minutes)');
  const [, valueText, unit] = m as unknown as [string, string, string];
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) return bad(expr, `the rate value must be a whole number from 1, got ${JSON.stringify(valueText)}`);
  const value = Number(valueText);
  const singular = unit.replace(/s$/, '');
  if (!UNIT_MS[singular]) return bad(expr, `the rate unit must be minute(s), hour(s) or day(s), got ${JSON.stringify(unit)}`);
  const plural = unit.endsWith('s');
  if (value === 1 && plural) return bad(expr, `a value of 1 takes the singular unit: rate(1 ${singular})`);
  if (value !== 1 && !plural) return bad(expr, `a value above 1 takes the plural unit: rate(${value} ${singular}s)`);
  const period = value * UNIT_MS[singular]!;
  return {
    kind: 'rate',
    expression: expr,
    next(afterMs: number) {
      checkTime(afterMs);
      return afterMs + period;
    },
  };
}

// ----- cron -------------------------------------------------------------------------------------

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Whether `/` steps are allowed. */
  readonly steps: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const F_MINUTE: FieldSpec = { name: 'Minutes', min: 0, max: 59, steps: true };
const F_HOUR: FieldSpec = { name: 'Hours', min: 0, max: 23, steps: true };
const F_DOM: FieldSpec = { name: 'Day-of-month', min: 1, max: 31, steps: true };
const F_MONTH: FieldSpec = { name: 'Month', min: 1, max: 12, names: MONTHS, steps: true };
const F_DOW: FieldSpec = { name: 'Day-of-week', min: 1, max: 7, names: DAYS, steps: false };
const F_YEAR: FieldSpec = { name: 'Year', min: 1970, max: 2199, steps: true };

/** Day-of-month: a set of days, the last day, the last weekday, or the weekday nearest a day. */
type DomSpec = { kind: 'any' } | { kind: 'days'; days: ReadonlySet<number> } | { kind: 'last' } | { kind: 'lastWeekday' } | { kind: 'nearestWeekday'; day: number };

/** Day-of-week (1 = Sunday): a set of days, the last given day of the month, or the k-th one. */
type DowSpec = { kind: 'any' } | { kind: 'days'; days: ReadonlySet<number> } | { kind: 'last'; day: number } | { kind: 'nth'; day: number; n: number };

interface Cron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dom: DomSpec;
  readonly months: readonly number[];
  readonly dow: DowSpec;
  readonly years: readonly number[];
}

function parseCron(expr: string, inner: string): Schedule {
  const fields = inner.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 6) return bad(expr, `cron takes 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got ${fields.length}`);
  const [min, hour, dom, month, dow, year] = fields.map((f) => f.toUpperCase()) as [string, string, string, string, string, string];
  const fail = (why: string): never => bad(expr, why);
  if ((dom === '?') === (dow === '?')) {
    fail(`exactly one of Day-of-month and Day-of-week must be ? (got ${JSON.stringify(fields[2])} and ${JSON.stringify(fields[4])}); give a value or * in one and ? in the other`);
  }
  const cron: Cron = {
    minutes: parseList(min, F_MINUTE, fail),
    hours: parseList(hour, F_HOUR, fail),
    dom: parseDom(dom, fail),
    months: parseList(month, F_MONTH, fail),
    dow: parseDow(dow, fail),
    years: parseList(year, F_YEAR, fail),
  };
  return {
    kind: 'cron',
    expression: expr,
    next(afterMs: number) {
      checkTime(afterMs);
      return nextCron(cron, afterMs);
    },
  };
}

/** A field of values, ranges, steps and `*`: the sorted values it selects. */
function parseList(text: string, spec: FieldSpec, fail: (why: string) => never): number[] {
  if (text === '?') fail(`? is only allowed in Day-of-month and Day-of-week, not in ${spec.name}`);
  const out = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') fail(`${spec.name} has an empty item in ${JSON.stringify(text)}`);
    for (const v of parseItem(item, spec, fail)) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function parseItem(item: string, spec: FieldSpec, fail: (why: string) => never): number[] {
  const range = `${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}`;
  const [base, stepText, ...rest] = item.split('/');
  if (rest.length > 0) fail(`${spec.name} has ${JSON.stringify(item)}: one / at most`);
  let step = 1;
  if (stepText !== undefined) {
    if (!spec.steps) fail(`${spec.name} does not take / steps (got ${JSON.stringify(item)})`);
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(`${spec.name} has ${JSON.stringify(item)}: the step after / must be a whole number from 1`);
    step = Number(stepText);
    if (spec !== F_YEAR && step > spec.max) fail(`${spec.name} has ${JSON.stringify(item)}: the step must be at most ${spec.max}`);
  }
  let start: number;
  let end: number;
  if (base === '*') {
    start = spec.min;
    end = spec.max;
  } else {
    const [a, b, ...more] = base!.split('-');
    if (more.length > 0 || a === undefined) fail(`${spec.name} has ${JSON.stringify(item)}: a range is start-end`);
    start = parseValue(a!, spec, fail, range);
    if (b !== undefined) {
      end = parseValue(b, spec, fail, range);
      if (spec === F_YEAR && end < start) fail(`Year has ${JSON.stringify(item)}: a year range must not run backwards`);
    } else {
      // `a/n` runs from a to the top of the field; a lone value is just itself.
      end = stepText !== undefined ? spec.max : start;
    }
  }
  // A range whose end is below its start wraps around the top of the field (20-2 in Hours).
  const size = spec.max - spec.min + 1;
  const length = end >= start ? end - start : end - start + size;
  const values: number[] = [];
  for (let offset = 0; offset <= length; offset += step) values.push(((start - spec.min + offset) % size) + spec.min);
  return values;
}

function parseValue(text: string, spec: FieldSpec, fail: (why: string) => never, range: string): number {
  let n: number;
  if (/^\d+$/.test(text)) n = Number(text);
  else if (spec.names && spec.names.includes(text)) n = spec.names.indexOf(text) + spec.min;
  else return fail(`${spec.name} has ${JSON.stringify(text)}: allowed values are ${range}`);
  if (n < spec.min || n > spec.max) fail(`${spec.name} has ${JSON.stringify(text)}: allowed values are ${range}`);
  return n;
}

function parseDom(text: string, fail: (why: string) => never): DomSpec {
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'last' };
  if (text === 'LW') return { kind: 'lastWeekday' };
  const w = /^(\d+)W$/.exec(text);
  if (w) return { kind: 'nearestWeekday', day: parseValue(w[1]!, F_DOM, fail, '1-31') };
  if (/[LW#]/.test(text)) {
    fail(`Day-of-month has ${JSON.stringify(text)}: L, LW and nW (such as 15W) stand alone in the field, without lists or ranges; # belongs in Day-of-week`);
  }
  return { kind: 'days', days: new Set(parseList(text, F_DOM, fail)) };
}

function parseDow(text: string, fail: (why: string) => never): DowSpec {
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'days', days: new Set([7]) };
  const dayNames = `1-7 or SUN-SAT`;
  const isDay = (t: string) => /^[1-7]$/.test(t) || DAYS.includes(t);
  const last = /^(\w+)L$/.exec(text);
  if (last && isDay(last[1]!)) return { kind: 'last', day: parseValue(last[1]!, F_DOW, fail, dayNames) };
  const nth = /^(\w+)#(\w+)$/.exec(text);
  if (nth) {
    const n = nth[2]!;
    if (!/^[1-5]$/.test(n)) fail(`Day-of-week has ${JSON.stringify(text)}: the number after # must be 1-5`);
    return { kind: 'nth', day: parseValue(nth[1]!, F_DOW, fail, dayNames), n: Number(n) };
  }
  if (text.includes('#')) fail(`Day-of-week has ${JSON.stringify(text)}: with #, the field holds one expression such as 3#2 (no lists)`);
  if (text.split(/[,-]/).some((t) => t === 'L' || (t.endsWith('L') && isDay(t.slice(0, -1))))) {
    fail(`Day-of-week has ${JSON.stringify(text)}: L stands alone (Saturday) or after one day (5L, the last Thursday), without lists or ranges`);
  }
  if (text.includes('/')) fail(`Day-of-week does not take / steps (got ${JSON.stringify(text)})`);
  return { kind: 'days', days: new Set(parseList(text, F_DOW, fail)) };
}

/** The first firing strictly after `afterMs`, searching month by month. */
function nextCron(cron: Cron, afterMs: number): number | undefined {
  // The first whole minute after afterMs.
  const start = new Date(Math.floor(afterMs / MINUTE) * MINUTE + MINUTE);
  const y0 = start.getUTCFullYear();
  const m0 = start.getUTCMonth() + 1;
  const d0 = start.getUTCDate();
  const h0 = start.getUTCHours();
  const min0 = start.getUTCMinutes();
  if (!(y0 <= F_YEAR.max)) return undefined;
  for (const year of cron.years) {
    if (year < y0) continue;
    for (const month of cron.months) {
      if (year === y0 && month < m0) continue;
      const sameMonth = year === y0 && month === m0;
      for (const day of daysOf(cron, year, month)) {
        if (sameMonth && day < d0) continue;
        const sameDay = sameMonth && day === d0;
        for (const hour of cron.hours) {
          if (sameDay && hour < h0) continue;
          const sameHour = sameDay && hour === h0;
          const minute = sameHour ? cron.minutes.find((m) => m >= min0) : cron.minutes[0];
          if (minute !== undefined) return Date.UTC(year, month - 1, day, hour, minute);
        }
      }
    }
  }
  return undefined;
}

/** The days of `month` (1-12) of `year` the expression fires on, ascending. */
function daysOf(cron: Cron, year: number, month: number): number[] {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  /** Day of week of `day`, 1 = Sunday. */
  const weekday = (day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
  const dom = cron.dom;
  const dow = cron.dow;
  switch (dom.kind) {
    case 'days':
      return [...dom.days].filter((d) => d <= last).sort((a, b) => a - b);
    case 'last':
      return [last];
    case 'lastWeekday': {
      const wd = weekday(last);
      return [wd === 7 ? last - 1 : wd === 1 ? last - 2 : last];
    }
    case 'nearestWeekday': {
      const d = dom.day;
      if (d > last) return [];
      const wd = weekday(d);
      if (wd === 7) return [d === 1 ? 3 : d - 1]; // Saturday: the Friday before, or Monday the 3rd
      if (wd === 1) return [d === last ? d - 2 : d + 1]; // Sunday: the Monday after, or the Friday before
      return [d];
    }
    case 'any':
      break;
  }
  switch (dow.kind) {
    case 'days': {
      const out: number[] = [];
      for (let d = 1; d <= last; d++) if (dow.days.has(weekday(d))) out.push(d);
      return out;
    }
    case 'last': {
      const shift = (weekday(last) - dow.day + 7) % 7;
      return [last - shift];
    }
    case 'nth': {
      const first = 1 + ((dow.day - weekday(1) + 7) % 7);
      const d = first + 7 * (dow.n - 1);
      return d <= last ? [d] : [];
    }
    case 'any':
      return [];
  }
}
