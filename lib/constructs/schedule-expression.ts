import type { Duration } from '../core/duration.js';

/**
 * The fields of a cron schedule (`Schedule.cron`), as strings so ranges, lists and steps can be
 * given (`'MON-FRI'`, `'0/15'`). Times are UTC.
 */
export interface CronOptions {
  /** The minute, 0-59. @default '*' (every minute) */
  readonly minute?: string;
  /** The hour, 0-23 (UTC). @default '*' (every hour) */
  readonly hour?: string;
  /** The day of the month, 1-31 (or `L`, `W`). @default '*' (every day), '?' when weekDay is set */
  readonly day?: string;
  /** The month, 1-12 or JAN-DEC. @default '*' (every month) */
  readonly month?: string;
  /** The year, 1970-2199. @default '*' (every year) */
  readonly year?: string;
  /** The day of the week, 1-7 or SUN-SAT (or `L`, `#`). @default '?' (any day of the week) */
  readonly weekDay?: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra forms allowed: ? (no value), L (last), W (weekday), # (nth). */
  readonly special: string;
}

/** The six fields of an EventBridge cron expression, with their ranges and special forms (the spec tests generate edge cases from). */
export const CRON_FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59, special: '' },
  { name: 'hours', min: 0, max: 23, special: '' },
  { name: 'day-of-month', min: 1, max: 31, special: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: '?L#' },
  { name: 'year', min: 1970, max: 2199, special: '' },
];

/**
 * A schedule for scheduled rules (`aws-cdk-lib/aws-events` `Schedule`): `rate(5 minutes)` or
 * `cron(0 12 * * ? *)`. The expression is checked when a rule uses it, so a mistake fails at
 * construction (naming the rule) instead of at deploy. Rates cannot be fractions of minutes.
 */
export class Schedule {
  /**
   * Every `duration`: a whole number of minutes, at least 1 (written in days or hours when whole,
   * as EventBridge takes it: `Duration.hours(24)` is `rate(1 day)`).
   */
  public static rate(duration: Duration): Schedule {
    const minutes = duration.toMinutes();
    if (!Number.isInteger(minutes) || minutes < 1) {
      return new Schedule(`rate(${duration.toHumanString()})`, `a rate must be a whole number of minutes, at least 1, got ${duration.toHumanString()}`);
    }
    const [n, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
    return new Schedule(`rate(${n} ${unit}${n === 1 ? '' : 's'})`);
  }

  /** A cron schedule (UTC) from its fields; unset fields are `*` (day of week `?`, and day of month `?` when `weekDay` is set). */
  public static cron(options: CronOptions): Schedule {
    const weekDay = options.weekDay ?? '?';
    const day = options.day ?? (options.weekDay !== undefined ? '?' : '*');
    const fields = [options.minute ?? '*', options.hour ?? '*', day, options.month ?? '*', weekDay, options.year ?? '*'];
    return Schedule.expression(`cron(${fields.join(' ')})`);
  }

  /** A literal expression (`rate(...)` or `cron(...)`); checked by the rule that uses it (so the error names the rule's path). */
  public static expression(expression: string): Schedule {
    return new Schedule(expression, scheduleProblem(expression));
  }

  private constructor(
    /** The expression, as EventBridge takes it. */
    public readonly expressionString: string,
    /** Why the expression is invalid, when it is (lambdaform's: the rule that uses it refuses it). */
    public readonly problem: string | undefined = undefined,
  ) {}

  public toString(): string {
    return this.expressionString;
  }
}

/** Why an expression is invalid, or undefined when it is valid. */
export function scheduleProblem(expression: string): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) {
    const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1]!);
    if (!m) return `invalid schedule '${expression}': a rate is 'rate(<positive integer> minute(s)|hour(s)|day(s))'`;
    const n = Number(m[1]);
    if (n < 1) return `invalid schedule '${expression}': the rate value must be at least 1`;
    const plural = m[2]!.endsWith('s');
    if (n === 1 && plural) return `invalid schedule '${expression}': use the singular unit for 1 ('rate(1 ${m[2]!.slice(0, -1)})')`;
    if (n > 1 && !plural) return `invalid schedule '${expression}': use the plural unit for ${n} ('rate(${n} ${m[2]}s)')`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) {
      return `invalid schedule '${expression}': cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
    }
    for (let i = 0; i < 6; i++) {
      const problem = fieldProblem(fields[i]!, CRON_FIELDS[i]!);
      if (problem) return `invalid schedule '${expression}': ${problem}`;
    }
    const [dom, dow] = [fields[2]!, fields[4]!];
    if ((dom === '?') === (dow === '?')) {
      return `invalid schedule '${expression}': exactly one of day-of-month and day-of-week must be '?' (got '${dom}' and '${dow}')`;
    }
    return undefined;
  }
  return `invalid schedule '${expression}': must be 'rate(...)' or 'cron(...)'`;
}

function fieldProblem(field: string, spec: FieldSpec): string | undefined {
  for (const item of field.split(',')) {
    if (item === '*') continue;
    if (item === '?' && spec.special.includes('?')) continue;
    if (item === 'L' && spec.special.includes('L')) continue;
    if (spec.special.includes('W') && (item === 'LW' || /^\d+W$/.test(item))) {
      if (item !== 'LW' && !inRange(item.slice(0, -1), spec)) return `${spec.name}: '${item}' is out of range ${spec.min}-${spec.max}`;
      continue;
    }
    if (spec.special.includes('#') && /^[A-Za-z0-9]+#[1-5]$/.test(item)) {
      if (!inRange(item.split('#')[0]!, spec)) return `${spec.name}: '${item}' is out of range ${spec.min}-${spec.max}`;
      continue;
    }
    if (spec.special.includes('L') && /^[A-Za-z0-9]+L$/.test(item) && spec.name === 'day-of-week') {
      if (!inRange(item.slice(0, -1), spec)) return `${spec.name}: '${item}' is out of range ${spec.min}-${spec.max}`;
      continue;
    }
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(item);
    if (!m) return `${spec.name}: '${item}' is not a valid value (allowed: numbers ${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}, '*', ranges a-b, steps /n${spec.special ? `, ${spec.special.split('').join(' ')}` : ''})`;
    if (m[1] !== '*' && !inRange(m[1]!, spec)) return `${spec.name}: '${m[1]}' is out of range ${spec.min}-${spec.max}`;
    if (m[2] !== undefined && (m[1] === '*' || !inRange(m[2], spec))) return `${spec.name}: '${item}' is not a valid range`;
    if (m[3] !== undefined && Number(m[3]) < 1) return `${spec.name}: the step in '${item}' must be at least 1`;
  }
  return undefined;
}

function inRange(v: string, spec: FieldSpec): boolean {
  if (/^\d+$/.test(v)) return Number(v) >= spec.min && Number(v) <= spec.max;
  return spec.names?.includes(v.toUpperCase()) ?? false;
}
