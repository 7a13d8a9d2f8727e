import { Construct, type IConstruct } from 'constructs';
import { LambdaformError } from './errors.js';
import { Tags } from './tags.js';

/** Properties of a `Stack`. */
export interface StackProps {
  /** Description of the template (at most 1,024 characters). @default no description */
  readonly description?: string;
  /** The CloudFormation stack name. @default the construct id */
  readonly stackName?: string;
  /** Tags applied to every taggable resource of the stack. @default no tags */
  readonly tags?: Record<string, string>;
}

const STACK_SYMBOL = Symbol.for('lambdaform.Stack');
const STACK_NAME_RE = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** A deployment unit: one template. */
export class Stack extends Construct {
  /** True for any Stack (across copies of the library). */
  public static isStack(x: unknown): x is Stack {
    return typeof x === 'object' && x !== null && STACK_SYMBOL in x;
  }

  /** The stack a construct belongs to; throws when it is not inside one. */
  public static of(construct: IConstruct): Stack {
    for (const s of [...construct.node.scopes].reverse()) {
      if (Stack.isStack(s)) return s;
    }
    throw new LambdaformError(construct.node.path || '<app>', 'this construct is not inside a Stack; create it with a Stack (or a construct inside one) as its scope');
  }

  /** The CloudFormation stack name. */
  public readonly stackName: string;
  /** The template description. */
  public readonly description: string | undefined;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
    this.stackName = props.stackName ?? id;
    this.description = props.description;
    if (!STACK_NAME_RE.test(this.stackName)) {
      throw new LambdaformError(this.node.path, `stackName must start with a letter and contain only letters, digits and hyphens (at most 128 characters), got '${this.stackName}'`);
    }
    if (this.description !== undefined && this.description.length > 1024) {
      throw new LambdaformError(this.node.path, `description must be at most 1024 characters, got ${this.description.length}`);
    }
    for (const [k, v] of Object.entries(props.tags ?? {})) Tags.of(this).add(k, v);
  }
}
