import type { IConstruct } from 'constructs';
import { codePointLength, LIMITS, textProblem } from '../model/defaults.js';
import { throwProblems, type Problem } from './errors.js';
import { describeValue } from './props.js';
import { Token } from './tokens.js';

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
    // Most constructs have no tags anywhere above them: nothing to merge or sort.
    let tagged = false;
    for (let c: IConstruct | undefined = scope; c !== undefined && !tagged; c = c.node.scope) tagged = TAGS.has(c);
    if (!tagged) return {};
    const merged = new Map<string, string>();
    for (const s of scope.node.scopes) {
      for (const [k, v] of TAGS.get(s) ?? []) merged.set(k, v);
    }
    return Object.fromEntries([...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Adds a tag.
   * @param key 1-128 letters, digits, spaces and `_ . : / = + - @`, not starting with `aws:`
   * @param value 0-256 of the same characters
   */
  public add(key: string, value: string): void {
    const path = this.scope.node.path || '<app>';
    throwProblems(path, tagProblems(path, key, value));
    let map = TAGS.get(this.scope);
    if (!map) TAGS.set(this.scope, (map = new Map()));
    map.set(key, value);
  }
}

/** Why AWS would refuse a tag (key or value), as problems: length, characters, the reserved `aws:` prefix, deploy-time values. */
export function tagProblems(path: string, key: unknown, value: unknown): Problem[] {
  const out: Problem[] = [];
  const add = (message: string, code = 'invalid-format'): void => void out.push({ code, path, property: 'tags', message });
  if (typeof key !== 'string') return [{ code: 'wrong-type', path, property: 'tags', message: `tag key must be a string, got ${describeValue(key)}` }];
  if (typeof value !== 'string') return [{ code: 'wrong-type', path, property: `tags.${key}`, message: `tag value for '${key}' must be a string, got ${describeValue(value)}` }];
  // A deploy-time value is refused when the model is built, with the property's path.
  if (Token.isUnresolved(key) || Token.isUnresolved(value)) return out;
  const keyLength = codePointLength(key);
  const valueLength = codePointLength(value);
  if (keyLength < 1 || keyLength > LIMITS.tag.key.maxLength) add(`tag key must be 1-128 characters, got '${key}' (${keyLength})`);
  else if (!LIMITS.tag.key.pattern!.test(key)) add(textProblem('tag key', key, LIMITS.tag.key)!);
  if (key.toLowerCase().startsWith('aws:')) add(`tag key must not start with 'aws:' (reserved by AWS), got '${key}'`, 'reserved-name');
  if (valueLength > LIMITS.tag.value.maxLength) add(`tag value for '${key}' must be at most 256 characters, got ${valueLength}`);
  else if (!LIMITS.tag.value.pattern!.test(value)) add(`tag value for '${key}' must be ${LIMITS.tag.value.allowed}, got '${value}'`);
  return out;
}
