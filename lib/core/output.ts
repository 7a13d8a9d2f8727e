import { Construct } from 'constructs';
import { LIMITS, textProblem } from '../model/defaults.js';
import { LambdaformError, throwProblems } from './errors.js';
import { checkProps, describeValue, P } from './props.js';
import { cdkLogicalId, logicalIdFromPath, logicalIdStyle, pathBelow } from './logical-id.js';
import type { IModelContributor } from './resource.js';
import { recordSource, type SourceLocation } from './source.js';
import { Stack } from './stack.js';
import type { StackModelBuilder } from './model-builder.js';

/** Properties of a `CfnOutput`. */
export interface CfnOutputProps {
  /** The value: a string (tokens allowed), number or boolean. */
  readonly value: string | number | boolean;
  /** Description shown by CloudFormation (at most 1,024 characters). @default none */
  readonly description?: string;
  /** Export name, for `Fn::ImportValue` from other stacks. @default not exported */
  readonly exportName?: string;
}

/** A stack output. */
export class CfnOutput extends Construct implements IModelContributor {
  private readonly props: CfnOutputProps;
  private readonly source: SourceLocation | undefined;

  constructor(scope: Construct, id: string, props: CfnOutputProps) {
    super(scope, id);
    const fields = { value: P.any({ required: true }), description: P.string(), exportName: P.string() };
    throwProblems(this.node.path, checkProps(this.node.path, 'CfnOutputProps', fields, props));
    if (props.value === null || !['string', 'number', 'boolean'].includes(typeof props.value)) {
      throw new LambdaformError(this.node.path, `value must be a string (tokens allowed), a number or a boolean, got ${describeValue(props.value)}`, 'wrong-type');
    }
    const description = props.description === undefined ? undefined : textProblem('description', props.description, LIMITS.stack.outputDescription);
    if (description) throw new LambdaformError(this.node.path, description, 'too-long');
    this.props = props;
    this.source = recordSource();
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const below = pathBelow(this, Stack.of(this));
    b.addOutput({
      // With `logicalIds: 'cdk'`: aws-cdk-lib's id, the makeUniqueId of the output's own path (it is an L1).
      logicalId: logicalIdStyle(this) === 'cdk' ? cdkLogicalId(below, this.node.path) : logicalIdFromPath(below, this.node.path),
      path: this.node.path,
      source: this.source,
      value: this.props.value,
      description: this.props.description,
      exportName: this.props.exportName,
    });
  }
}
