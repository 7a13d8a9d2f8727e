import type { IConstruct } from 'constructs';
import { LambdaformError } from './errors.js';

const TAGS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Tags applied to a construct and everything below it: `Tags.of(stack).add('team', 'payments')`.
 * A tag set lower in the tree wins over the same key set higher up.
 */
export class Tags {
  /** The tag manager of a scope. */
  public static of(scope: IConstruct): Tags {
    return new Tags(scope);
  }

  /** The effective tags of a construct: every ancestor's tags merged, nearest last. Sorted by key. */
  public static effective(scope: IConstruct): Record<string, string> {
    const merged = new Map<string, string>();
    for (const s of scope.node.scopes) {
      for (const [k, v] of TAGS.get(s) ?? []) merged.set(k, v);
    }
    return Object.fromEntries([...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Adds a tag.
   * @param key 1-128 characters, not starting with `aws:`
   * @param value 0-256 characters
   */
  public add(key: string, value: string): void {
    const path = this.scope.node.path || '<app>';
    if (key.length < 1 || key.length > 128) throw new LambdaformError(path, `tag key must be 1-128 characters, got '${key}' (${key.length})`);
    if (key.toLowerCase().startsWith('aws:')) throw new LambdaformError(path, `tag key must not start with 'aws:' (reserved by AWS), got '${key}'`);
    if (value.length > 256) throw new LambdaformError(path, `tag value for '${key}' must be at most 256 characters, got ${value.length}`);
    let map = TAGS.get(this.scope);
    if (!map) TAGS.set(this.scope, (map = new Map()));
    map.set(key, value);
  }
}
