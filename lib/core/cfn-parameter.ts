import { Construct } from 'constructs';
import { LIMITS, textProblem } from '../model/defaults.js';
import type { Problem } from './errors.js';
import { LambdaformError, throwProblems } from './errors.js';
import { CfnElement } from './cfn-element.js';
import type { StackModelBuilder } from './model-builder.js';
import { checkProps, P, type Fields } from './props.js';
import type { IModelContributor } from './resource.js';
import { Intrinsic, Token, type IResolvable, type ITemplateElement } from './tokens.js';

/** Properties of a `CfnParameter`, as aws-cdk-lib's. */
export interface CfnParameterProps {
  /**
   * The data type: `String`, `Number`, `List<Number>`, `CommaDelimitedList`, or an AWS-specific
   * type (`AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>`, `AWS::SSM::Parameter::Value<String>`).
   * @default 'String'
   */
  readonly type?: string;
  /**
   * The value used when none is given at deploy (and by the local runtime): a string, a number
   * (`Number`), or for list types a comma-separated string or a list. It must satisfy the
   * parameter's constraints.
   * @default no default: a value must be given at deploy
   */
  readonly default?: unknown;
  /** A regular expression the value must match (String and CommaDelimitedList types). @default no pattern */
  readonly allowedPattern?: string;
  /** The values allowed. @default any value */
  readonly allowedValues?: string[];
  /** The message CloudFormation shows when the value breaks a constraint. @default CloudFormation's own */
  readonly constraintDescription?: string;
  /** A description of the parameter (at most 4,000 characters). @default no description */
  readonly description?: string;
  /** The largest number of characters of the value (String types). @default no limit */
  readonly maxLength?: number;
  /** The largest value (Number types). @default no limit */
  readonly maxValue?: number;
  /** The smallest number of characters of the value (String types). @default no limit */
  readonly minLength?: number;
  /** The smallest value (Number types). @default no limit */
  readonly minValue?: number;
  /** Mask the value (`*****`) wherever CloudFormation describes the stack. @default false */
  readonly noEcho?: boolean;
}

const PARAMETER_PROPS: Fields = {
  type: P.string(),
  default: P.any(),
  allowedPattern: P.string(),
  allowedValues: P.array(P.string()),
  constraintDescription: P.string(),
  description: P.string(),
  maxLength: P.number({ integer: true }),
  maxValue: P.number(),
  minLength: P.number({ integer: true }),
  minValue: P.number(),
  noEcho: P.boolean(),
};

/** The types CloudFormation takes, besides the AWS-specific ones. */
const PLAIN_TYPES = ['String', 'Number', 'List<Number>', 'CommaDelimitedList'];
/** `AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>`, `AWS::SSM::Parameter::Name`, `AWS::SSM::Parameter::Value<List<String>>`. */
const AWS_TYPE_RE = /^(List<AWS::[A-Za-z0-9]+(::[A-Za-z0-9]+)+>|AWS::[A-Za-z0-9]+(::[A-Za-z0-9]+)+|AWS::SSM::Parameter::Value<[A-Za-z0-9:<>]+>)$/;

const isListType = (type: string): boolean => type.includes('List<') || type.includes('CommaDelimitedList');
const isNumberType = (type: string): boolean => type === 'Number';

/**
 * A template parameter, as aws-cdk-lib's: its value is given at deploy (`--parameter-overrides`,
 * or the default). Its logical id derives from its construct path (`Stage` for a parameter
 * created in the stack with the id `Stage`).
 */
export class CfnParameter extends CfnElement implements IModelContributor, ITemplateElement {
  /** The data type. @default 'String' */
  public type: string;
  /** The value used when none is given at deploy. */
  public default: unknown;
  /** A regular expression the value must match. */
  public allowedPattern: string | undefined;
  /** The values allowed. */
  public allowedValues: string[] | undefined;
  /** The message CloudFormation shows when the value breaks a constraint. */
  public constraintDescription: string | undefined;
  /** A description of the parameter. */
  public description: string | undefined;
  /** The largest number of characters of the value. */
  public maxLength: number | undefined;
  /** The largest value. */
  public maxValue: number | undefined;
  /** The smallest number of characters of the value. */
  public minLength: number | undefined;
  /** The smallest value. */
  public minValue: number | undefined;
  private _noEcho: boolean | undefined;

  constructor(scope: Construct, id: string, props: CfnParameterProps = {}) {
    super(scope, id);
    const path = this.node.path;
    throwProblems(path, checkProps(path, 'CfnParameterProps', PARAMETER_PROPS, props));
    this.type = props.type || 'String';
    this.default = props.default;
    this.allowedPattern = props.allowedPattern;
    this.allowedValues = props.allowedValues;
    this.constraintDescription = props.constraintDescription;
    this.description = props.description;
    this.maxLength = props.maxLength;
    this.maxValue = props.maxValue;
    this.minLength = props.minLength;
    this.minValue = props.minValue;
    this._noEcho = props.noEcho;
    throwProblems(path, this.problems());
  }

  /** Whether the value is masked wherever CloudFormation describes the stack. */
  public get noEcho(): boolean {
    return !!this._noEcho;
  }

  public set noEcho(echo: boolean) {
    this._noEcho = echo;
  }

  /** The parameter's value (`Ref`), for `Token.asString`/`asNumber`/`asList` or an `Fn` function. */
  public get value(): IResolvable {
    return new Intrinsic('Ref', undefined, this);
  }

  /** The value as a string token (String, Number and AWS-specific single-value types). */
  public get valueAsString(): string {
    if (isListType(this.type)) throw new LambdaformError(this.node.path, `Parameter type (${this.type}) is not a string or number type; use valueAsList`, 'wrong-type');
    return Token.asString(this.value);
  }

  /** The value as a number token (the `Number` type). */
  public get valueAsNumber(): number {
    if (!isNumberType(this.type)) throw new LambdaformError(this.node.path, `Parameter type (${this.type}) is not a number type; give the parameter type 'Number'`, 'wrong-type');
    return Token.asNumber(this.value);
  }

  /** The value as a list token (list types: `List<Number>`, `CommaDelimitedList`, `List<AWS::...>`). */
  public get valueAsList(): string[] {
    if (!isListType(this.type)) throw new LambdaformError(this.node.path, `Parameter type (${this.type}) is not a string list type; give the parameter a list type such as 'CommaDelimitedList'`, 'wrong-type');
    return Token.asList(this.value);
  }

  /** The problems of the parameter's settings (checked at construction and again at synthesis: the settings are mutable, as in aws-cdk-lib). */
  private problems(): Problem[] {
    const path = this.node.path;
    const out: Problem[] = [];
    const add = (property: string, message: string, code = 'invalid-value') => out.push({ code, path, property, message });
    const type = this.type;
    if (typeof type !== 'string' || (!PLAIN_TYPES.includes(type) && !AWS_TYPE_RE.test(type))) {
      add('type', `type must be 'String', 'Number', 'List<Number>', 'CommaDelimitedList' or an AWS-specific type such as 'AWS::EC2::VPC::Id', 'List<AWS::EC2::Subnet::Id>' or 'AWS::SSM::Parameter::Value<String>', got ${JSON.stringify(type)}`);
      return out;
    }
    if (this.description !== undefined) {
      const m = textProblem('description', this.description, LIMITS.stack.parameterDescription);
      if (m) add('description', m, 'too-long');
    }
    for (const [name, v] of [['allowedPattern', this.allowedPattern], ['constraintDescription', this.constraintDescription], ['description', this.description]] as const) {
      if (typeof v === 'string' && Token.isUnresolved(v)) add(name, `${name} must be a literal string; a template's Parameters section cannot hold deploy-time values`, 'token-not-allowed');
    }
    const stringType = !isNumberType(type);
    if (!stringType && (this.minLength !== undefined || this.maxLength !== undefined || this.allowedPattern !== undefined)) {
      add(this.allowedPattern !== undefined ? 'allowedPattern' : this.minLength !== undefined ? 'minLength' : 'maxLength', `minLength, maxLength and allowedPattern apply to String types, not to type '${type}'; use minValue and maxValue`);
    }
    if (stringType && (this.minValue !== undefined || this.maxValue !== undefined)) {
      add(this.minValue !== undefined ? 'minValue' : 'maxValue', `minValue and maxValue apply to the Number type, not to type '${type}'; use minLength and maxLength, or type 'Number'`);
    }
    if (this.minLength !== undefined && this.minLength < 0) add('minLength', `minLength must be at least 0, got ${this.minLength}`, 'out-of-range');
    if (this.minLength !== undefined && this.maxLength !== undefined && this.minLength > this.maxLength) add('maxLength', `maxLength (${this.maxLength}) must be at least minLength (${this.minLength})`, 'out-of-range');
    if (this.minValue !== undefined && this.maxValue !== undefined && this.minValue > this.maxValue) add('maxValue', `maxValue (${this.maxValue}) must be at least minValue (${this.minValue})`, 'out-of-range');
    if (this.allowedValues !== undefined && this.allowedValues.length === 0) add('allowedValues', 'allowedValues must hold at least one value; leave it out to allow any value');
    if (out.length === 0 && this.default !== undefined) out.push(...this.defaultProblems());
    return out;
  }

  private defaultProblems(): Problem[] {
    const path = this.node.path;
    const d = this.default;
    const bad = (message: string, code = 'invalid-value'): Problem[] => [{ code, path, property: 'default', message }];
    if (Token.isUnresolved(d) || (Array.isArray(d) && d.some((x) => Token.isUnresolved(x)))) return bad('default must be a literal value; a template\'s Parameters section cannot hold deploy-time values', 'token-not-allowed');
    const list = isListType(this.type);
    if (list ? !(typeof d === 'string' || (Array.isArray(d) && d.every((x) => typeof x === 'string' || typeof x === 'number'))) : !(typeof d === 'string' || typeof d === 'number')) {
      return bad(`default of a ${this.type} parameter must be ${list ? 'a comma-separated string or a list of strings' : isNumberType(this.type) ? 'a number' : 'a string'}, got ${JSON.stringify(d) ?? String(d)}`, 'wrong-type');
    }
    const text = Array.isArray(d) ? d.join(',') : String(d);
    const items = list ? text.split(',') : [text];
    if (isNumberType(this.type) || this.type === 'List<Number>') {
      const nan = items.find((x) => x.trim() === '' || !Number.isFinite(Number(x)));
      if (nan !== undefined) return bad(`default of a ${this.type} parameter must be ${list ? 'numbers' : 'a number'}, got ${JSON.stringify(d)}`, 'wrong-type');
    }
    if (this.allowedValues && !this.allowedValues.includes(text)) return bad(`default ${JSON.stringify(text)} is not one of the allowedValues (${this.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`);
    if (this.minValue !== undefined && Number(text) < this.minValue) return bad(`default ${text} is less than minValue (${this.minValue})`, 'out-of-range');
    if (this.maxValue !== undefined && Number(text) > this.maxValue) return bad(`default ${text} is more than maxValue (${this.maxValue})`, 'out-of-range');
    if (this.minLength !== undefined && text.length < this.minLength) return bad(`default ${JSON.stringify(text)} is shorter than minLength (${this.minLength})`, 'out-of-range');
    if (this.maxLength !== undefined && text.length > this.maxLength) return bad(`default ${JSON.stringify(text)} is longer than maxLength (${this.maxLength})`, 'out-of-range');
    if (this.allowedPattern !== undefined) {
      let re: RegExp | undefined;
      try {
        // CloudFormation matches the whole value (Java regular expressions); a pattern JavaScript cannot read is not checked here.
        re = new RegExp(`^(?:${this.allowedPattern})$`, 'u');
      } catch {
        re = undefined;
      }
      const miss = re ? items.find((x) => !re.test(x)) : undefined;
      if (miss !== undefined) return bad(`default ${JSON.stringify(text)} does not match allowedPattern ${this.allowedPattern}`);
    }
    return [];
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const path = this.node.path;
    throwProblems(path, this.problems());
    const d = this.default;
    b.addParameter(this.logicalId, {
      type: this.type,
      default: d === undefined ? undefined : Array.isArray(d) ? d.join(',') : (d as string | number),
      allowedPattern: this.allowedPattern,
      allowedValues: this.allowedValues,
      constraintDescription: this.constraintDescription,
      description: this.description,
      maxLength: this.maxLength,
      minLength: this.minLength,
      maxValue: this.maxValue,
      minValue: this.minValue,
      noEcho: this._noEcho,
      origin: { path, ...(this.source ? { source: this.source } : {}) },
    });
  }
}
