import { randomBytes } from 'node:crypto';
import type { IConstruct } from 'constructs';
import type { PseudoParameter } from '../model/types.js';

export type { PseudoParameter };

/**
 * Tokens: strings that stand for a value known only at deploy time (an ARN, a queue URL).
 *
 * A typed property such as `queue.queueUrl` returns a string like `${Token[lf-1a2b3c4d-3]}`; it
 * type-checks wherever a string is expected, can be concatenated (`` `${api.url}items` ``), and the
 * model builder turns it back into a symbolic reference that each backend resolves
 * (`Ref`/`Fn::GetAtt` in templates, a local value in the plan).
 *
 * The marker in the middle is random per process: a user's own string can never be taken for a
 * token (tokens never reach any output, so the output stays deterministic).
 */

/** What a token stands for. */
export type TokenTarget =
  | { readonly kind: 'ref'; readonly target: IConstruct; readonly attr: string }
  | { readonly kind: 'pseudo'; readonly name: PseudoParameter };


const REGISTRY: TokenTarget[] = [];
const MARKER = `lf-${randomBytes(4).toString('hex')}`;
const PREFIX = `\${Token[${MARKER}-`;
const TOKEN_RE = new RegExp(`\\$\\{Token\\[${MARKER}-(\\d+)\\]\\}`, 'g');

/** Token helpers. */
export const Token = {
  /** Encodes a reference to an attribute of a construct as a string token. */
  forAttribute(target: IConstruct, attr: string): string {
    return register({ kind: 'ref', target, attr });
  },

  /** True when the string contains at least one token. */
  isUnresolved(value: unknown): boolean {
    if (typeof value !== 'string' || !value.includes(PREFIX)) return false;
    for (const m of value.matchAll(TOKEN_RE)) if (REGISTRY[Number(m[1])]) return true;
    return false;
  },

  /**
   * Splits a string into literal parts and token targets, in order.
   * `"https://${Token[lf-…-1]}/x"` gives `['https://', <target 1>, '/x']`.
   */
  split(value: string): Array<string | TokenTarget> {
    const parts: Array<string | TokenTarget> = [];
    let last = 0;
    for (const m of value.matchAll(TOKEN_RE)) {
      const index = m.index ?? 0;
      const target = REGISTRY[Number(m[1])];
      // Text that merely looks like a token (a user's string) stays text.
      if (!target) continue;
      if (index > last) parts.push(value.slice(last, index));
      parts.push(target);
      last = index + m[0].length;
    }
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
