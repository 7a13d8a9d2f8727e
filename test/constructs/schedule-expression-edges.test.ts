// The edges of every EventBridge cron field, generated from CRON_FIELDS: each field's minimum and
// maximum (and first and last name) accepted, one past either end refused, with the other fields
// valid; and the special forms (L, W, #) at the same edges. Tested through a Rule, so a refusal
// names the rule's construct path; an accepted schedule must also synthesize.
import { describe, expect, it } from 'vitest';
import { CRON_FIELDS, Duration, LambdaformError, Rule, type FieldSpec } from '../../lib/all.js';
import { Schedule } from '../../lib/modules/aws-events.js';
import { Template } from '../../lib/testing/index.js';
import { newStack } from '../helpers/app.js';

const DAY_OF_MONTH = CRON_FIELDS.findIndex((f) => f.name === 'day-of-month');
const DAY_OF_WEEK = CRON_FIELDS.findIndex((f) => f.name === 'day-of-week');

/** Valid fields at their minimum (day-of-week '?'), with field `i` set to `value`. */
function cronWith(i: number, value: string): string {
  const fields = CRON_FIELDS.map((f) => String(f.min));
  fields[DAY_OF_WEEK] = '?';
  fields[i] = value;
  // Exactly one of the day fields is '?': the other one when day-of-week is tested.
  if (i === DAY_OF_WEEK) fields[DAY_OF_MONTH] = '?';
  return `cron(${fields.join(' ')})`;
}

function ruleWith(expression: string): { error?: LambdaformError } {
  const stack = newStack();
  try {
    new Rule(stack, 'R', { schedule: Schedule.expression(expression) });
    Template.fromStack(stack);
    return {};
  } catch (e) {
    if (e instanceof LambdaformError) return { error: e };
    throw e;
  }
}

function expectAccepted(expression: string): void {
  const { error } = ruleWith(expression);
  expect(error?.message ?? 'accepted').toBe('accepted');
}

/** Refused at the rule, naming the expression, the field and the item (and, when given, the range). */
function expectRefused(expression: string, field: string, item: string, range?: FieldSpec): void {
  const { error } = ruleWith(expression);
  expect(error, `${expression} was accepted`).toBeInstanceOf(LambdaformError);
  expect(error!.path).toBe('Test/R');
  expect(error!.detail).toContain(`invalid schedule '${expression}'`);
  expect(error!.detail).toContain(`${field}: '${item}'`);
  if (range) expect(error!.detail).toContain(`${range.min}-${range.max}`);
}

describe.each(CRON_FIELDS.map((f, i) => [f.name, f, i] as const))('cron field %s', (name, f, i) => {
  const accepted = [String(f.min), String(f.max), `${f.min}-${f.max}`, ...(f.names ? [f.names[0]!, f.names[f.names.length - 1]!, `${f.names[0]}-${f.names[f.names.length - 1]}`] : [])];
  it.each(accepted)(`'%s' is accepted`, (v) => expectAccepted(cronWith(i, v)));

  // One past either end, alone and as the end of a range. (min - 1 of the minutes and hours is -1,
  // which is not a number form at all: refused as "not a valid value", still naming the range.)
  it.each([String(f.min - 1), String(f.max + 1)])(`'%s' is refused`, (v) => expectRefused(cronWith(i, v), name, v, f));
  it(`the range '${f.min}-${f.max + 1}' is refused`, () => expectRefused(cronWith(i, `${f.min}-${f.max + 1}`), name, `${f.min}-${f.max + 1}`));

  if (f.special.includes('W')) {
    it.each([`${f.min}W`, `${f.max}W`])(`the nearest weekday '%s' is accepted`, (v) => expectAccepted(cronWith(i, v)));
    it.each([`${f.min - 1}W`, `${f.max + 1}W`])(`the nearest weekday '%s' is refused`, (v) => expectRefused(cronWith(i, v), name, v, f));
  }
  if (f.special.includes('#')) {
    // The nth weekday of the month: the day at its edges, n from 1 to 5.
    it.each([`${f.min}#1`, `${f.max}#5`, ...(f.names ? [`${f.names[f.names.length - 1]}#5`] : [])])(`the nth weekday '%s' is accepted`, (v) => expectAccepted(cronWith(i, v)));
    it.each([`${f.min - 1}#1`, `${f.max + 1}#1`, `${f.min}#0`, `${f.min}#6`])(`the nth weekday '%s' is refused`, (v) => expectRefused(cronWith(i, v), name, v));
  }
  if (f.special.includes('L') && i === DAY_OF_WEEK) {
    it.each([`${f.min}L`, `${f.max}L`])(`the last weekday '%s' is accepted`, (v) => expectAccepted(cronWith(i, v)));
    it.each([`${f.min - 1}L`, `${f.max + 1}L`])(`the last weekday '%s' is refused`, (v) => expectRefused(cronWith(i, v), name, v));
  }
});

describe('every field at its edge at once', () => {
  const max = CRON_FIELDS.map((f) => String(f.max));
  max[DAY_OF_WEEK] = '?';
  const min = CRON_FIELDS.map((f) => String(f.min));
  min[DAY_OF_WEEK] = '?';
  it('the generated extremes are the ones of the issue', () => {
    expect(`cron(${max.join(' ')})`).toBe('cron(59 23 31 12 ? 2199)');
    expect(`cron(${min.join(' ')})`).toBe('cron(0 0 1 1 ? 1970)');
  });
  it.each([
    `cron(${max.join(' ')})`,
    `cron(${min.join(' ')})`,
    'cron(0 0 ? JAN SUN 1970)',
    'cron(59 23 ? DEC SAT 2199)',
    'cron(0 0 ? 1 1 *)',
    'cron(59 23 ? 12 7 *)',
  ])('%s is accepted', (expression) => expectAccepted(expression));
});

describe('rate expressions: at least 1', () => {
  it.each(['rate(1 minute)', 'rate(1 hour)', 'rate(1 day)', 'rate(2 minutes)'])('%s is accepted', (e) => expectAccepted(e));
  it('rate(0 minutes) is refused', () => {
    const { error } = ruleWith('rate(0 minutes)');
    expect(error?.path).toBe('Test/R');
    expect(error?.detail).toBe("invalid schedule 'rate(0 minutes)': the rate value must be at least 1");
  });
  it('Schedule.rate: 1 minute is accepted', () => {
    const stack = newStack();
    new Rule(stack, 'R', { schedule: Schedule.rate(Duration.minutes(1)) });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
  it('Schedule.rate: 59 seconds is refused at the rule', () => {
    expect(() => new Rule(newStack(), 'R', { schedule: Schedule.rate(Duration.seconds(59)) })).toThrow(/^Test\/R: a rate must be a whole number of minutes, at least 1, got 59 seconds$/);
  });
});

describe('Schedule.rate and Schedule.cron build the expression a rule takes', () => {
  it.each([
    [Duration.minutes(1), 'rate(1 minute)'],
    [Duration.seconds(120), 'rate(2 minutes)'],
    [Duration.minutes(60), 'rate(1 hour)'],
    [Duration.minutes(1439), 'rate(1439 minutes)'],
    [Duration.minutes(1440), 'rate(1 day)'],
    [Duration.hours(25), 'rate(25 hours)'],
  ])('rate(%s) is %s, accepted by a rule', (d, expression) => {
    expect(Schedule.rate(d).expressionString).toBe(expression);
    const stack = newStack();
    new Rule(stack, 'R', { schedule: Schedule.rate(d) });
    expect(Template.fromStack(stack).findResources('AWS::Events::Rule').R!.Properties).toEqual({ ScheduleExpression: expression });
  });

  it.each([
    [Duration.seconds(0), '0 seconds'],
    [Duration.seconds(59), '59 seconds'],
    [Duration.seconds(61), '61 seconds'],
  ])('rate(%s) is refused at the rule', (d, shown) => {
    const { error } = (() => {
      try {
        new Rule(newStack(), 'R', { schedule: Schedule.rate(d) });
        return {};
      } catch (e) {
        return { error: e as LambdaformError };
      }
    })();
    expect(error?.path).toBe('Test/R');
    expect(error?.detail).toBe(`a rate must be a whole number of minutes, at least 1, got ${shown}`);
  });

  it("cron with both day and weekDay is refused: exactly one of them must be '?'", () => {
    expect(Schedule.cron({ minute: '0', day: '1', weekDay: 'MON' }).expressionString).toBe('cron(0 * 1 * MON *)');
    expect(() => new Rule(newStack(), 'R', { schedule: Schedule.cron({ minute: '0', day: '1', weekDay: 'MON' }) })).toThrow(
      "Test/R: invalid schedule 'cron(0 * 1 * MON *)': exactly one of day-of-month and day-of-week must be '?' (got '1' and 'MON')",
    );
  });

  it('cron fills the fields it is not given', () => {
    expect(Schedule.cron({}).expressionString).toBe('cron(* * * * ? *)');
    expect(Schedule.cron({ minute: '0', hour: '6', weekDay: 'MON-FRI' }).expressionString).toBe('cron(0 6 ? * MON-FRI *)');
    expect(Schedule.cron({ minute: '15', hour: '3', day: 'L', month: 'DEC', year: '2030' }).expressionString).toBe('cron(15 3 L DEC ? 2030)');
  });
});
