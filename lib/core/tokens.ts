import { randomBytes } from 'node:crypto';
import type { IConstruct } from 'constructs';
import type { PseudoParameter } from '../model/types.js';

export type { PseudoParameter };

/**
 * Tokens: strings (numbers, lists) that stand for a value known only at deploy time (an ARN, a
 * queue URL, a parameter's value).
 *
 * A typed property such as `queue.queueUrl` returns a string like `${Token[lf-1a2b3c4d-3]}`; it
 * type-checks wherever a string is expected, can be concatenated (`` `${api.url}items` ``), and the
 * model builder turns it back into a symbolic reference that each backend resolves
 * (`Ref`/`Fn::GetAtt` in templates, a local value in the plan).
 *
 * A number token (`param.valueAsNumber`) is a double from a range no real value uses (as
 * aws-cdk-lib encodes them); a list token (`param.valueAsList`) is a list of one string token.
 *
 * The marker in the middle is random per process: a user's own string can never be taken for a
 * token (tokens never reach any output, so the output stays deterministic).
 */

/**
 * A value resolved at deploy time that is not a string: a parameter's `value`, `Fn.getAtt`,
 * `Fn.conditionIf`. `Token.asString(x)` (or `` `${x}` ``) makes a string token of it.
 */
export interface IResolvable {
  /** A string token standing for the value. */
  toString(): string;
}

/** A construct a template names by its logical id (a parameter, a condition). */
export interface ITemplateElement extends IConstruct {
  /** The logical id in the template. */
  readonly logicalId: string;
}

/**
 * A CloudFormation intrinsic function over user values (`Fn::Select`, `Fn::If`, `Ref`), or a
 * reference to a template element (`Ref` of a parameter, `Condition` of a condition). What
 * `Fn` returns; the model builder writes it as the template expression it is.
 */
export class Intrinsic implements IResolvable {
  /**
   * @param name the intrinsic's key (`Fn::Select`, `Ref`, `Condition`)
   * @param args its argument: user values (tokens allowed), or the element it refers to
   */
  constructor(
    public readonly name: string,
    public readonly args: unknown,
    /** For `Ref`/`Condition` of a template element: the element. */
    public readonly element?: ITemplateElement,
  ) {}

  /** True for an `Intrinsic` (across copies of the library). */
  public static isIntrinsic(x: unknown): x is Intrinsic {
    return typeof x === 'object' && x !== null && INTRINSIC_SYMBOL in x;
  }

  public toString(): string {
    return Token.asString(this);
  }

  /** `JSON.stringify` of an intrinsic: its string token, as aws-cdk-lib's tokens do. */
  public toJSON(): string {
    return this.toString();
  }
}
const INTRINSIC_SYMBOL = Symbol.for('lambdaform.Intrinsic');
Object.defineProperty(Intrinsic.prototype, INTRINSIC_SYMBOL, { value: true });

/** What a token stands for. */
export type TokenTarget =
  | { readonly kind: 'ref'; readonly target: IConstruct; readonly attr: string }
  | { readonly kind: 'pseudo'; readonly name: PseudoParameter }
  /** An intrinsic (a parameter's `Ref`, an `Fn` function); `list` for a list token. */
  | { readonly kind: 'expr'; readonly expr: Intrinsic; readonly list?: boolean };

const REGISTRY: TokenTarget[] = [];
const MARKER_BYTES = randomBytes(4);
const MARKER = `lf-${MARKER_BYTES.toString('hex')}`;
const PREFIX = `\${Token[${MARKER}-`;
const TOKEN_RE = new RegExp(`\\$\\{Token\\[${MARKER}-(\\d+)\\]\\}`, 'g');
const WHOLE_TOKEN_RE = new RegExp(`^\\$\\{Token\\[${MARKER}-(\\d+)\\]\\}$`);

// Number tokens: the high 16 bits 0xFBFF (a negative number near -1.9e289, as aws-cdk-lib's),
// 16 bits of this process's marker, the registry index in the low 32 bits.
const NUMBER_HIGH = (0xfbff << 16) | MARKER_BYTES.readUInt16BE(0);

function numberToken(index: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, NUMBER_HIGH >>> 0);
  view.setUint32(4, index);
  return view.getFloat64(0);
}

function numberIndex(n: number): number | undefined {
  if (typeof n !== 'number' || !(n < -1e288)) return undefined;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  if (view.getUint32(0) !== NUMBER_HIGH >>> 0) return undefined;
  const i = view.getUint32(4);
  return REGISTRY[i] ? i : undefined;
}

/** Token helpers, as aws-cdk-lib's `Token`. */
export const Token = {
  /** Encodes a reference to an attribute of a construct as a string token. */
  forAttribute(target: IConstruct, attr: string): string {
    return register({ kind: 'ref', target, attr });
  },

  /** A string token for a value resolved at deploy time (an `IResolvable` such as `Fn.getAtt(...)`); a string comes back unchanged. */
  asString(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && numberIndex(value) !== undefined) return register(REGISTRY[numberIndex(value)!]!);
    if (Intrinsic.isIntrinsic(value)) return register({ kind: 'expr', expr: value });
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new TypeError(`Token.asString takes a string, a number or a deploy-time value (such as Fn.getAtt(...) or a CfnParameter's value), got ${value === null ? 'null' : typeof value}`);
  },

  /** A number token for a value resolved at deploy time (a number parameter's `value`); a number comes back unchanged. */
  asNumber(value: unknown): number {
    if (typeof value === 'number') return value;
    const target = typeof value === 'string' ? Token.targetOf(value) : undefined;
    if (target) return numberToken(REGISTRY.push(target) - 1);
    if (Intrinsic.isIntrinsic(value)) return numberToken(REGISTRY.push({ kind: 'expr', expr: value }) - 1);
    throw new TypeError(`Token.asNumber takes a number or a deploy-time value (such as a CfnParameter's value), got ${value === null ? 'null' : typeof value}`);
  },

  /** A list token for a list resolved at deploy time (a list parameter's `value`, `Fn.split(...)`); a list comes back unchanged. */
  asList(value: unknown): string[] {
    if (Array.isArray(value)) return value as string[];
    if (Intrinsic.isIntrinsic(value)) return [register({ kind: 'expr', expr: value, list: true })];
    throw new TypeError(`Token.asList takes a list or a deploy-time value (such as a CfnParameter's value), got ${value === null ? 'null' : typeof value}`);
  },

  /** True when the value is or contains a token: a string holding one, a number token, a list token, an `IResolvable`. */
  isUnresolved(value: unknown): boolean {
    if (typeof value === 'number') return numberIndex(value) !== undefined;
    if (Intrinsic.isIntrinsic(value)) return true;
    if (Array.isArray(value)) return Token.listTarget(value) !== undefined;
    if (typeof value !== 'string' || !value.includes(PREFIX)) return false;
    // exec over the shared expression, not matchAll (which copies the expression for every call).
    TOKEN_RE.lastIndex = 0;
    let found = false;
    for (let m = TOKEN_RE.exec(value); m !== null && !found; m = TOKEN_RE.exec(value)) found = REGISTRY[Number(m[1])] !== undefined;
    TOKEN_RE.lastIndex = 0;
    return found;
  },

  /** What a number token stands for; undefined for any other number. */
  numberTarget(value: number): TokenTarget | undefined {
    const i = numberIndex(value);
    return i === undefined ? undefined : REGISTRY[i];
  },

  /** What a string that is exactly one token stands for; undefined otherwise. */
  targetOf(value: string): TokenTarget | undefined {
    const m = WHOLE_TOKEN_RE.exec(value);
    return m ? REGISTRY[Number(m[1])] : undefined;
  },

  /** What a list token (`[token]`) stands for; undefined for any other list. */
  listTarget(value: readonly unknown[]): TokenTarget | undefined {
    if (value.length !== 1 || typeof value[0] !== 'string') return undefined;
    const t = Token.targetOf(value[0]);
    return t?.kind === 'expr' && t.list ? t : undefined;
  },

  /**
   * Splits a string into literal parts and token targets, in order.
   * `"https://${Token[lf-…-1]}/x"` gives `['https://', <target 1>, '/x']`.
   */
  split(value: string): Array<string | TokenTarget> {
    const parts: Array<string | TokenTarget> = [];
    let last = 0;
    TOKEN_RE.lastIndex = 0;
    for (let m = TOKEN_RE.exec(value); m !== null; m = TOKEN_RE.exec(value)) {
      const index = m.index;
      const target = REGISTRY[Number(m[1])];
      // Text that merely looks like a token (a user's string) stays text.
      if (!target) continue;
      if (index > last) parts.push(value.slice(last, index));
      parts.push(target);
      last = index + m[0].length;
    }
    TOKEN_RE.lastIndex = 0;
    if (last < value.length) parts.push(value.slice(last));
    return parts;
  },
};

function register(target: TokenTarget): string {
  REGISTRY.push(target);
  return `${PREFIX}${REGISTRY.length - 1}]}`;
}

/** Pseudo parameters as string tokens: `Aws.REGION`, `Aws.ACCOUNT_ID`, ... */
export class Aws {
  public static readonly REGION = register({ kind: 'pseudo', name: 'AWS::Region' });
  public static readonly ACCOUNT_ID = register({ kind: 'pseudo', name: 'AWS::AccountId' });
  public static readonly PARTITION = register({ kind: 'pseudo', name: 'AWS::Partition' });
  public static readonly URL_SUFFIX = register({ kind: 'pseudo', name: 'AWS::URLSuffix' });
  public static readonly STACK_NAME = register({ kind: 'pseudo', name: 'AWS::StackName' });
}
