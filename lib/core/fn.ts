/**
 * `Fn`, as aws-cdk-lib's: CloudFormation intrinsic functions. What can be worked out before deploy
 * is (`Fn.join` of a literal list is that string, with any tokens in it; `Fn.select` of a literal
 * list is the element); the rest becomes a token the model holds as the template expression
 * (`{ $expr }`, unknown until deploy) and both backends write as it is.
 *
 * Arguments may be literals, parameters (`param.valueAsString`), pseudo parameters (`Aws.REGION`)
 * and other `Fn` results. A reference to a resource of the app (`queue.queueArn`) can be
 * concatenated (`Fn.join`, `Fn.sub`, a template literal) but not passed to a function the
 * template evaluates (`Fn.select`, `Fn.split`, `Fn.base64`, `Fn.conditionIf`, ...): the model
 * builder refuses it, naming the function.
 */
import type { IConstruct } from 'constructs';
import { LambdaformError } from './errors.js';
import { Aws, Intrinsic, Token, type IResolvable, type ITemplateElement } from './tokens.js';

/** A condition expression (`Fn.conditionEquals(...)`, a `CfnCondition`), as aws-cdk-lib's. */
export type ICfnConditionExpression = IResolvable;
/** A condition expression usable in rules, as aws-cdk-lib's (every condition expression here). */
export type ICfnRuleConditionExpression = ICfnConditionExpression;

const CONDITION_SYMBOL = Symbol.for('lambdaform.CfnCondition');

/** Marks a `CfnCondition`, so `Fn` takes it as `{ Condition: <logical id> }`. */
export function markCondition(c: ITemplateElement): void {
  Object.defineProperty(c, CONDITION_SYMBOL, { value: true });
}

function isCondition(x: unknown): x is ITemplateElement {
  return typeof x === 'object' && x !== null && CONDITION_SYMBOL in x;
}

/** A value as an intrinsic's argument: a `CfnCondition` as its `Condition`, a number token as its expression, anything else as it is. */
function arg(x: unknown): unknown {
  if (isCondition(x)) return new Intrinsic('Condition', undefined, x);
  if (Array.isArray(x) && !Token.isUnresolved(x)) return x.map(arg);
  return x;
}

function conditionArg(fn: string, x: unknown): unknown {
  if (isCondition(x) || Intrinsic.isIntrinsic(x)) return arg(x);
  throw new LambdaformError(undefined, `${fn} takes condition expressions (Fn.conditionEquals(...), Fn.conditionAnd(...), a CfnCondition), got ${x === null ? 'null' : typeof x === 'string' ? `the string '${x}'` : typeof x}`, 'wrong-type');
}

/** The text of a list element: number tokens as string tokens (JavaScript would write them as -1.9e+289). */
function element(x: unknown): string {
  if (typeof x === 'number') return Token.asString(x);
  if (typeof x === 'string') return x;
  if (Intrinsic.isIntrinsic(x)) return x.toString();
  throw new LambdaformError(undefined, `Fn.join takes a list of strings, got an element of type ${x === null ? 'null' : typeof x}`, 'wrong-type');
}

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Region': Aws.REGION,
  'AWS::AccountId': Aws.ACCOUNT_ID,
  'AWS::Partition': Aws.PARTITION,
  'AWS::URLSuffix': Aws.URL_SUFFIX,
  'AWS::StackName': Aws.STACK_NAME,
};

/** CloudFormation intrinsic functions, as aws-cdk-lib's `Fn`. */
export class Fn {
  /** `Ref` of a template element by logical id (a parameter, a resource, a pseudo parameter), as a string token. */
  public static ref(logicalName: string): string {
    if (typeof logicalName !== 'string' || logicalName === '') throw new LambdaformError(undefined, `Fn.ref takes a logical id, got ${JSON.stringify(logicalName)}`, 'wrong-type');
    return PSEUDO[logicalName] ?? Token.asString(new Intrinsic('Ref', logicalName));
  }

  /** `Fn::GetAtt` of a resource of the template by logical id. */
  public static getAtt(logicalNameOfResource: string, attributeName: string): IResolvable {
    if (typeof logicalNameOfResource !== 'string' || typeof attributeName !== 'string' || !logicalNameOfResource || !attributeName) {
      throw new LambdaformError(undefined, `Fn.getAtt takes a logical id and an attribute name, got ${JSON.stringify(logicalNameOfResource)} and ${JSON.stringify(attributeName)}; for a construct of the app use its attributes (queue.queueArn)`, 'wrong-type');
    }
    return new Intrinsic('Fn::GetAtt', [logicalNameOfResource, attributeName]);
  }

  /**
   * The elements of a list joined with a delimiter. A literal list is joined now (tokens in it
   * stay tokens of the string); a list token (`param.valueAsList`) becomes `Fn::Join`.
   */
  public static join(delimiter: string, listOfValues: string[]): string {
    if (typeof delimiter !== 'string') throw new LambdaformError(undefined, `Fn.join takes a delimiter string, got ${typeof delimiter}`, 'wrong-type');
    if (!Array.isArray(listOfValues)) throw new LambdaformError(undefined, `Fn.join takes a list of values, got ${listOfValues === null ? 'null' : typeof listOfValues}`, 'wrong-type');
    if (Token.listTarget(listOfValues)) return Token.asString(new Intrinsic('Fn::Join', [delimiter, listOfValues]));
    if (listOfValues.length === 0) throw new LambdaformError(undefined, 'Fn.join takes a list of at least one value, got an empty list', 'invalid-value');
    return listOfValues.map(element).join(delimiter);
  }

  /** A string split at a delimiter: a literal string now, a token (`param.valueAsString`) as `Fn::Split`; with `assumedLength`, that many `Fn::Select`s of it. */
  public static split(delimiter: string, source: string, assumedLength?: number): string[] {
    if (typeof delimiter !== 'string' || delimiter === '') throw new LambdaformError(undefined, `Fn.split takes a non-empty delimiter, got ${JSON.stringify(delimiter)}`, 'invalid-value');
    if (typeof source !== 'string') throw new LambdaformError(undefined, `Fn.split takes a string, got ${source === null ? 'null' : typeof source}`, 'wrong-type');
    if (!Token.isUnresolved(source)) return source.split(delimiter);
    const list = Token.asList(new Intrinsic('Fn::Split', [delimiter, source]));
    if (assumedLength === undefined) return list;
    if (!Number.isInteger(assumedLength) || assumedLength < 1) throw new LambdaformError(undefined, `Fn.split's assumedLength must be a whole number of at least 1, got ${assumedLength}`, 'invalid-value');
    return Array.from({ length: assumedLength }, (_, i) => Fn.select(i, list));
  }

  /** The element of a list at an index: of a literal list now, of a list token as `Fn::Select`. */
  public static select(index: number, array: string[]): string {
    if (!Number.isInteger(index) || index < 0) throw new LambdaformError(undefined, `Fn.select's index must be a whole number of at least 0, got ${index}`, 'invalid-value');
    if (!Array.isArray(array)) throw new LambdaformError(undefined, `Fn.select takes a list, got ${array === null ? 'null' : typeof array}`, 'wrong-type');
    if (Token.listTarget(array)) return Token.asString(new Intrinsic('Fn::Select', [index, array]));
    if (index >= array.length) throw new LambdaformError(undefined, `Fn.select's index ${index} is past the end of a list of ${array.length}`, 'out-of-range');
    return element(array[index]);
  }

  /**
   * `Fn::Sub`: `${Name}` is a parameter or a resource of the template (`Ref`), `${Name.Attr}` an
   * attribute (`Fn::GetAtt`), `${AWS::Region}` a pseudo parameter, a name in `variables` its value
   * (tokens allowed), and `${!Literal}` the text `${Literal}`.
   */
  public static sub(body: string, variables?: { [key: string]: string }): string {
    if (typeof body !== 'string') throw new LambdaformError(undefined, `Fn.sub takes a string, got ${body === null ? 'null' : typeof body}`, 'wrong-type');
    const vars = variables ?? {};
    let out = '';
    let last = 0;
    for (const m of body.matchAll(/\$\{([^}]*)\}/g)) {
      out += body.slice(last, m.index);
      last = (m.index ?? 0) + m[0].length;
      const name = m[1]!.trim();
      if (name.startsWith('!')) out += `\${${name.slice(1)}}`;
      else if (Object.hasOwn(vars, name)) out += element(vars[name]);
      else if (name === '') throw new LambdaformError(undefined, `Fn.sub: '\${}' names nothing in ${JSON.stringify(body)}; write \${!} for a literal '\${'`, 'invalid-value');
      else if (PSEUDO[name] !== undefined || name.startsWith('AWS::')) out += Fn.ref(name);
      else if (name.includes('.')) out += Fn.getAtt(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)).toString();
      else out += Fn.ref(name);
    }
    return out + body.slice(last);
  }

  /** `Fn::Base64` of a string. */
  public static base64(data: string): string {
    if (typeof data !== 'string') throw new LambdaformError(undefined, `Fn.base64 takes a string, got ${data === null ? 'null' : typeof data}`, 'wrong-type');
    return Token.asString(new Intrinsic('Fn::Base64', data));
  }

  /** `Fn::GetAZs`: the Availability Zones of a region (the stack's by default), as a list token. */
  public static getAzs(region?: string): string[] {
    return Token.asList(new Intrinsic('Fn::GetAZs', region ?? ''));
  }

  /** `Fn::ImportValue`: the value another stack exports under a name, as a string token. */
  public static importValue(sharedValueToImport: string): string {
    if (typeof sharedValueToImport !== 'string' || sharedValueToImport === '') throw new LambdaformError(undefined, `Fn.importValue takes an export name, got ${JSON.stringify(sharedValueToImport)}`, 'wrong-type');
    return Token.asString(new Intrinsic('Fn::ImportValue', sharedValueToImport));
  }

  /** `Fn::Cidr`: CIDR address blocks of a block, as a list token. */
  public static cidr(ipBlock: string, count: number, sizeMask?: string): string[] {
    return Token.asList(new Intrinsic('Fn::Cidr', [ipBlock, count, sizeMask ?? '8']));
  }

  /** `Fn::If`: one value when the named condition is true, the other when it is false. */
  public static conditionIf(conditionId: string, valueIfTrue: unknown, valueIfFalse: unknown): ICfnRuleConditionExpression {
    const id = isCondition(conditionId) ? (conditionId as ITemplateElement).logicalId : conditionId;
    if (typeof id !== 'string' || id === '') throw new LambdaformError(undefined, `Fn.conditionIf takes the logical id of a CfnCondition (condition.logicalId), got ${JSON.stringify(conditionId)}`, 'wrong-type');
    return new Intrinsic('Fn::If', [id, arg(valueIfTrue), arg(valueIfFalse)]);
  }

  /** `Fn::Equals` of two values. */
  public static conditionEquals(lhs: unknown, rhs: unknown): ICfnRuleConditionExpression {
    return new Intrinsic('Fn::Equals', [arg(lhs), arg(rhs)]);
  }

  /** `Fn::And` of 2 to 10 conditions (one condition is itself). */
  public static conditionAnd(...conditions: ICfnConditionExpression[]): ICfnRuleConditionExpression {
    return Fn.combine('Fn::And', 'Fn.conditionAnd', conditions);
  }

  /** `Fn::Or` of 2 to 10 conditions (one condition is itself). */
  public static conditionOr(...conditions: ICfnConditionExpression[]): ICfnRuleConditionExpression {
    return Fn.combine('Fn::Or', 'Fn.conditionOr', conditions);
  }

  /** `Fn::Not` of a condition. */
  public static conditionNot(condition: ICfnConditionExpression): ICfnRuleConditionExpression {
    return new Intrinsic('Fn::Not', [conditionArg('Fn.conditionNot', condition)]);
  }

  private static combine(name: string, fn: string, conditions: readonly unknown[]): ICfnRuleConditionExpression {
    if (conditions.length === 0 || conditions.length > 10) throw new LambdaformError(undefined, `${fn} takes 1 to 10 conditions (CloudFormation's limit), got ${conditions.length}`, 'out-of-range');
    const args = conditions.map((c) => conditionArg(fn, c));
    if (args.length === 1) return args[0] as ICfnRuleConditionExpression;
    return new Intrinsic(name, args);
  }

  /** Not supported: lambdaform has no `CfnMapping`. */
  public static findInMap(..._args: unknown[]): never {
    throw unsupported('Fn.findInMap', 'lambdaform has no CfnMapping; choose the value in code (a lookup object keyed by a context value), or with Fn.conditionIf on a CfnParameter');
  }

  /** Not supported: lambdaform writes no `Fn::Transform`. */
  public static transform(..._args: unknown[]): never {
    throw unsupported('Fn.transform', 'lambdaform writes no macros; compute the value in code');
  }

  /** Not supported: rule-only functions (lambdaform has no CfnRule). */
  public static conditionContains(..._args: unknown[]): never {
    throw unsupported('Fn.conditionContains', 'it is for template Rules, which lambdaform does not write; use allowedValues of the CfnParameter');
  }

  /** Not supported: rule-only functions (lambdaform has no CfnRule). */
  public static conditionEachMemberEquals(..._args: unknown[]): never {
    throw unsupported('Fn.conditionEachMemberEquals', 'it is for template Rules, which lambdaform does not write; use allowedValues of the CfnParameter');
  }

  /** Not supported: rule-only functions (lambdaform has no CfnRule). */
  public static conditionEachMemberIn(..._args: unknown[]): never {
    throw unsupported('Fn.conditionEachMemberIn', 'it is for template Rules, which lambdaform does not write; use allowedValues of the CfnParameter');
  }

  /** Not supported: rule-only functions (lambdaform has no CfnRule). */
  public static refAll(..._args: unknown[]): never {
    throw unsupported('Fn.refAll', 'it is for template Rules, which lambdaform does not write');
  }

  /** Not supported: rule-only functions (lambdaform has no CfnRule). */
  public static valueOf(..._args: unknown[]): never {
    throw unsupported('Fn.valueOf', 'it is for template Rules, which lambdaform does not write');
  }

  /** Not supported: rule-only functions (lambdaform has no CfnRule). */
  public static valueOfAll(..._args: unknown[]): never {
    throw unsupported('Fn.valueOfAll', 'it is for template Rules, which lambdaform does not write');
  }

  /** Not supported: needs the AWS::LanguageExtensions transform. */
  public static len(..._args: unknown[]): never {
    throw unsupported('Fn.len', 'it needs the AWS::LanguageExtensions transform, which lambdaform does not write; use the length of a literal list in code');
  }

  /** Not supported: needs the AWS::LanguageExtensions transform. */
  public static toJsonString(..._args: unknown[]): never {
    throw unsupported('Fn.toJsonString', 'it needs the AWS::LanguageExtensions transform, which lambdaform does not write; use JSON.stringify of a literal value (tokens in it are kept)');
  }

  /** Not supported. */
  public static parseDomainName(..._args: unknown[]): never {
    throw unsupported('Fn.parseDomainName', 'split the URL with Fn.select and Fn.split instead');
  }

  /** Not supported. */
  public static splitAll(..._args: unknown[]): never {
    throw unsupported('Fn.splitAll', 'use Fn.split');
  }
}

function unsupported(what: string, instead: string): LambdaformError {
  return new LambdaformError(undefined, `${what} is not supported by lambdaform: ${instead}`, 'unsupported-intrinsic');
}

/** For `CfnCondition`: the construct type's marker check (the construct itself is in cfn-condition.ts). */
export function isCfnCondition(x: unknown): x is ITemplateElement & IConstruct {
  return isCondition(x);
}
