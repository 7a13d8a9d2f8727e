import { Construct } from 'constructs';
import { LambdaformError } from './errors.js';
import { markCondition, type ICfnConditionExpression } from './fn.js';
import { CfnElement } from './cfn-element.js';
import type { StackModelBuilder } from './model-builder.js';
import { checkProps, P } from './props.js';
import type { IModelContributor } from './resource.js';
import { Intrinsic, Token, type ITemplateElement } from './tokens.js';

/** Properties of a `CfnCondition`, as aws-cdk-lib's. */
export interface CfnConditionProps {
  /**
   * The condition's expression: `Fn.conditionEquals(param.valueAsString, 'prod')`,
   * `Fn.conditionAnd(...)`, `Fn.conditionOr(...)`, `Fn.conditionNot(...)`, another `CfnCondition`.
   * It must be set before synthesis.
   * @default none (set `expression` later)
   */
  readonly expression?: ICfnConditionExpression;
}

/**
 * A template condition, as aws-cdk-lib's: written to the template's Conditions section under
 * its logical id, for `Fn.conditionIf(condition.logicalId, a, b)` and other conditions.
 * (`resource.cfnOptions.condition`, which creates a resource only when the condition holds, is
 * not supported: lambdaform's resources have no `cfnOptions`.)
 */
export class CfnCondition extends CfnElement implements IModelContributor, ITemplateElement, ICfnConditionExpression {
  /** The condition's expression. */
  public expression: ICfnConditionExpression | undefined;

  constructor(scope: Construct, id: string, props: CfnConditionProps = {}) {
    super(scope, id);
    markCondition(this);
    const fields = { expression: P.instance('a condition expression (Fn.conditionEquals(...), Fn.conditionAnd(...), a CfnCondition)', isExpression) };
    const problems = checkProps(this.node.path, 'CfnConditionProps', fields, props);
    if (problems.length) throw LambdaformError.of(this.node.path, problems);
    this.expression = props.expression;
  }

  /** A string token of `{ Condition: <logical id> }` (aws-cdk-lib's CfnCondition resolves to it). */
  public override toString(): string {
    return Token.asString(new Intrinsic('Condition', undefined, this));
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const e = this.expression;
    if (e === undefined) throw new LambdaformError(this.node.path, 'a CfnCondition needs an expression (expression: Fn.conditionEquals(param.valueAsString, \'prod\')); set it before synthesis', 'missing-property');
    if (!isExpression(e)) throw new LambdaformError(this.node.path, 'expression must be a condition expression (Fn.conditionEquals(...), Fn.conditionAnd(...), a CfnCondition)', 'wrong-type');
    const expression = e instanceof CfnCondition ? new Intrinsic('Condition', undefined, e) : e;
    b.addCondition(this.logicalId, this.node.path, expression, this.source);
  }
}

function isExpression(x: unknown): boolean {
  return x instanceof CfnCondition || (Intrinsic.isIntrinsic(x) && CONDITION_FUNCTIONS.has(x.name));
}

const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition']);
