/**
 * SNS subscription filter policies ("Amazon SNS message filtering" in the SNS developer guide), as
 * the local simulator applies them before delivering a message to a subscription.
 *
 * A policy is an event pattern (`event-pattern.ts`) restricted to the operators SNS documents:
 * exact strings and numbers (and `true`, `false`, `null`), `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but` (a value, a list of only strings or only numbers, or
 * `{ "prefix": string }`), `numeric`, `exists`, `cidr`, and `$or`. Not supported, and refused:
 * `wildcard`, the `equals-ignore-case` forms of `prefix` / `suffix`, and `anything-but` with
 * `suffix`, `wildcard` or `equals-ignore-case`. Numeric operands lie in -1e9..1e9 with at most
 * five decimals. An empty policy (`{}`) is no policy: every message passes.
 *
 * Scope `MessageAttributes`: the policy's top-level keys are attribute names (no nesting). An
 * attribute is seen by its data type: `String` as its string, `Number` as a number (so `300`
 * equals `3.0e2`), `String.Array` (and `Number.Array`) as the JSON array in its value, matching
 * when any element does; a custom type label (`Number.float`) counts as its base type. `Binary`
 * attributes are ignored, as if absent. A policy key whose attribute is absent does not match,
 * except through `{ "exists": false }` (`anything-but` needs the attribute to be there).
 * `exists: true` matches any attribute that is there, even an empty `String.Array`.
 *
 * Scope `MessageBody`: the body parsed as JSON must be an object, matched as an event pattern
 * (nested keys allowed); a body that is not a JSON object matches no (non-empty) policy.
 */
import { LambdaformError } from '../../core/errors.js';
import { compileCached, isPlainObject, type FieldView, type Leaf } from './event-pattern.js';

/** Where a policy looks: the message attributes (SNS's default) or the JSON message body. */
export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** An SNS message attribute, as in the Publish API. */
export interface MessageAttribute {
  readonly Type: string;
  readonly Value: string;
}

/** The parts of a published message a filter policy reads. */
export interface FilterableMessage {
  readonly body: string;
  readonly attributes: Record<string, MessageAttribute>;
}

/**
 * Whether `message` passes the subscription filter `policy` (an object, as parsed from JSON) in
 * `scope`. Throws a LambdaformError (code `local-bad-filter-policy`) when the policy is not valid.
 */
export function matchesFilterPolicy(
  policy: unknown,
  scope: FilterPolicyScope,
  message: { body: string; attributes: Record<string, { Type: string; Value: string }> },
): boolean {
  const compiled = compileCached(policy, dialectOf(scope), label(scope));
  if (compiled.empty) return true;
  if (scope === 'MessageBody') {
    let body: unknown;
    try {
      body = JSON.parse(message.body) as unknown;
    } catch {
      return false;
    }
    return isPlainObject(body) && compiled.matches(body);
  }
  const attributes = message.attributes;
  return compiled.matches(undefined, { rootField: (name) => attributeView(Object.hasOwn(attributes, name) ? attributes[name] : undefined) });
}

/** What is wrong with an SNS filter policy for `scope`, or undefined when it is valid. */
export function checkFilterPolicy(policy: unknown, scope: FilterPolicyScope): string | undefined {
  try {
    compileCached(policy, dialectOf(scope), label(scope));
    return undefined;
  } catch (e) {
    if (e instanceof LambdaformError) return e.detail;
    throw e;
  }
}

function dialectOf(scope: FilterPolicyScope): 'sns-attributes' | 'sns-body' {
  if (scope !== 'MessageAttributes' && scope !== 'MessageBody') {
    throw new LambdaformError(undefined, `filter policy scope must be MessageAttributes or MessageBody, got ${JSON.stringify(scope)}`, 'local-bad-filter-policy');
  }
  return scope === 'MessageAttributes' ? 'sns-attributes' : 'sns-body';
}

function label(scope: FilterPolicyScope): string {
  return `filter policy (${scope})`;
}

const ABSENT: FieldView = { present: false, values: [] };

/** How a policy sees one message attribute. */
function attributeView(attr: MessageAttribute | undefined): FieldView {
  if (!attr || typeof attr.Type !== 'string') return ABSENT;
  const [base, label] = attr.Type.split('.');
  const value = String(attr.Value);
  if (base === 'Binary') return ABSENT;
  if (label === 'Array' && (base === 'String' || base === 'Number')) {
    const values: Leaf[] = [];
    try {
      collect(JSON.parse(value) as unknown, values);
    } catch {
      // Not a JSON array (SNS refuses such a message at publish): nothing to match but its presence.
    }
    return { present: true, values };
  }
  if (base === 'Number') {
    const n = value.trim() === '' ? NaN : Number(value);
    return { present: true, values: [Number.isFinite(n) ? n : value] };
  }
  return { present: true, values: [value] };
}

function collect(v: unknown, out: Leaf[]): void {
  if (Array.isArray(v)) for (const e of v) collect(e, out);
  else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(v);
}
