/**
 * aws-cdk-lib's helpers for event source filters: `FilterCriteria.filter({ eventName:
 * FilterRule.isEqual('INSERT') })` gives `{ pattern: '<JSON>' }`, which an event source's
 * `filters` takes as the pattern it holds. A plain pattern object (`{ eventName: ['INSERT'] }`)
 * works as well. The rules are EventBridge pattern matchers
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html).
 */

/** Matchers of an event source filter's fields. */
export class FilterRule {
  /** The field is null. */
  public static null(): null[] {
    return [null];
  }

  /** The field is an empty string. */
  public static empty(): string[] {
    return [''];
  }

  /** The field equals `item` (a number is compared numerically). */
  public static isEqual(item: string | number | boolean): unknown[] {
    return typeof item === 'number' ? [{ numeric: ['=', item] }] : [item];
  }

  /** The field is one of these values. */
  public static or(...elem: string[]): string[] {
    return elem;
  }

  /** The field is not `elem`. */
  public static notEquals(elem: string): Array<{ 'anything-but': string[] }> {
    return [{ 'anything-but': [elem] }];
  }

  /** The field is a number above `first` and at most `second`. */
  public static between(first: number, second: number): Array<{ numeric: Array<string | number> }> {
    return [{ numeric: ['>', first, '<=', second] }];
  }

  /** The field is present. */
  public static exists(): Array<{ exists: boolean }> {
    return [{ exists: true }];
  }

  /** The field is absent. */
  public static notExists(): Array<{ exists: boolean }> {
    return [{ exists: false }];
  }

  /** The field is a string that starts with `elem`. */
  public static beginsWith(elem: string): Array<{ prefix: string }> {
    return [{ prefix: elem }];
  }
}

/** An event source filter, as aws-cdk-lib writes it. */
export class FilterCriteria {
  /** The filter of a pattern: `{ pattern: JSON.stringify(filter) }`. */
  public static filter(filter: Readonly<Record<string, unknown>>): { pattern: string } {
    return { pattern: JSON.stringify(filter) };
  }
}
