/**
 * `aws-sns`' `SubscriptionFilter`: the conditions of one message attribute in a subscription's
 * filter policy (`filterPolicy: { color: SubscriptionFilter.stringFilter({ allowlist: ['red'] }) }`).
 * Its name collides with `aws-logs`' `SubscriptionFilter`, so this file is exported only from
 * `lib/modules/aws-sns.ts`, never from `lib/constructs/index.ts`.
 */
import { LambdaformError } from '../core/errors.js';

/** Conditions on a string attribute. */
export interface StringConditions {
  /** Match one or more values. @deprecated use `allowlist` @default none */
  readonly whitelist?: string[];
  /** Match any value that is none of these. @deprecated use `denylist` @default none */
  readonly blacklist?: string[];
  /** Match one or more values. @default none */
  readonly allowlist?: string[];
  /** Match any value that is none of these (`anything-but`). @default none */
  readonly denylist?: string[];
  /** Match values that begin with one of these prefixes. @default none */
  readonly matchPrefixes?: string[];
  /** Match values that end with one of these suffixes. @default none */
  readonly matchSuffixes?: string[];
}

/** A range of a numeric attribute. */
export interface BetweenCondition {
  /** The start of the range. */
  readonly start: number;
  /** The end of the range. */
  readonly stop: number;
}

/** Conditions on a numeric attribute. */
export interface NumericConditions {
  /** Match one or more values. @deprecated use `allowlist` @default none */
  readonly whitelist?: number[];
  /** Match one or more values (`numeric: ['=', v]`). @default none */
  readonly allowlist?: number[];
  /** Match values greater than this. @default none */
  readonly greaterThan?: number;
  /** Match values greater than or equal to this. @default none */
  readonly greaterThanOrEqualTo?: number;
  /** Match values less than this. @default none */
  readonly lessThan?: number;
  /** Match values less than or equal to this. @default none */
  readonly lessThanOrEqualTo?: number;
  /** Match values in the range, ends included. @default none */
  readonly between?: BetweenCondition;
  /** Match values in the range, ends excluded. @default none */
  readonly betweenStrict?: BetweenCondition;
}

/** The conditions of one attribute of an SNS filter policy, written as aws-cdk-lib writes them. */
export class SubscriptionFilter {
  /** A filter of a string attribute: allowed values, `anything-but` values, prefixes, suffixes. */
  public static stringFilter(stringConditions: StringConditions): SubscriptionFilter {
    const c = stringConditions ?? {};
    if (c.whitelist && c.allowlist) throw new LambdaformError(undefined, '`whitelist` is deprecated; please use `allowlist` instead', 'conflicting-properties');
    if (c.blacklist && c.denylist) throw new LambdaformError(undefined, '`blacklist` is deprecated; please use `denylist` instead', 'conflicting-properties');
    const conditions: unknown[] = [];
    const allowlist = c.allowlist ?? c.whitelist;
    const denylist = c.denylist ?? c.blacklist;
    if (allowlist) conditions.push(...allowlist);
    if (denylist) conditions.push({ 'anything-but': denylist });
    if (c.matchPrefixes) conditions.push(...c.matchPrefixes.map((prefix) => ({ prefix })));
    if (c.matchSuffixes) conditions.push(...c.matchSuffixes.map((suffix) => ({ suffix })));
    return new SubscriptionFilter(conditions);
  }

  /** A filter of a numeric attribute: values, bounds and ranges. */
  public static numericFilter(numericConditions: NumericConditions): SubscriptionFilter {
    const c = numericConditions ?? {};
    if (c.whitelist && c.allowlist) throw new LambdaformError(undefined, '`whitelist` is deprecated; please use `allowlist` instead', 'conflicting-properties');
    const conditions: unknown[] = [];
    const allowlist = c.allowlist ?? c.whitelist;
    if (allowlist) conditions.push(...allowlist.map((v) => ({ numeric: ['=', v] })));
    if (c.greaterThan !== undefined) conditions.push({ numeric: ['>', c.greaterThan] });
    if (c.greaterThanOrEqualTo !== undefined) conditions.push({ numeric: ['>=', c.greaterThanOrEqualTo] });
    if (c.lessThan !== undefined) conditions.push({ numeric: ['<', c.lessThan] });
    if (c.lessThanOrEqualTo !== undefined) conditions.push({ numeric: ['<=', c.lessThanOrEqualTo] });
    if (c.between) conditions.push({ numeric: ['>=', c.between.start, '<=', c.between.stop] });
    if (c.betweenStrict) conditions.push({ numeric: ['>', c.betweenStrict.start, '<', c.betweenStrict.stop] });
    return new SubscriptionFilter(conditions);
  }

  /** The attribute is present (`exists: true`). */
  public static existsFilter(): SubscriptionFilter {
    return new SubscriptionFilter([{ exists: true }]);
  }

  /** The attribute is absent (`exists: false`). */
  public static notExistsFilter(): SubscriptionFilter {
    return new SubscriptionFilter([{ exists: false }]);
  }

  /** @param conditions the attribute's conditions, as the filter policy holds them */
  constructor(public readonly conditions: unknown[] = []) {}
}
