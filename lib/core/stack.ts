import { Construct, type IConstruct } from 'constructs';
import { LIMITS } from '../model/defaults.js';
import { LambdaformError, throwProblems } from './errors.js';
import { checkProps, hasTypeProblem, P, type Fields } from './props.js';
import { captureSource, type SourceLocation } from './source.js';
import { tagProblems, Tags } from './tags.js';
import { Aws, Token } from './tokens.js';

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

/** The description of `StackProps`. */
export const STACK_PROPS: Fields = {
  description: P.string({ text: LIMITS.stack.description }),
  stackName: P.string({ text: LIMITS.stack.stackName }),
  tags: P.record(P.string()),
};

/** A deployment unit: one template. */
export class Stack extends Construct {
  /** True for any Stack (across copies of the library). */
  public static isStack(x: unknown): x is Stack {
    return typeof x === 'object' && x !== null && STACK_SYMBOL in x;
  }

  /** The stack a construct belongs to; throws when it is not inside one. */
  public static of(construct: IConstruct): Stack {
    // The nearest stack above (or at) the construct: up the parents, allocating nothing.
    for (let c: IConstruct | undefined = construct; c !== undefined; c = c.node.scope) {
      if (Stack.isStack(c)) return c;
    }
    throw new LambdaformError(construct.node.path || '<app>', 'this construct is not inside a Stack; create it with a Stack (or a construct inside one) as its scope');
  }

  /** The CloudFormation stack name. */
  public readonly stackName: string;

  /** The region the stack is deployed to: `AWS::Region`, known at deploy time (a token, as for CDK's environment-agnostic stacks). */
  public get region(): string {
    return Aws.REGION;
  }

  /** The account the stack is deployed to: `AWS::AccountId` (a token). */
  public get account(): string {
    return Aws.ACCOUNT_ID;
  }

  /** The partition (`aws`, `aws-cn`, `aws-us-gov`): `AWS::Partition` (a token). */
  public get partition(): string {
    return Aws.PARTITION;
  }

  /** The domain suffix of the region's endpoints (`amazonaws.com`): `AWS::URLSuffix` (a token). */
  public get urlSuffix(): string {
    return Aws.URL_SUFFIX;
  }
  /** The template description. */
  public readonly description: string | undefined;
  /** The line of user code that created the stack. */
  public readonly source: SourceLocation | undefined;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
    this.source = captureSource();
    const path = this.node.path;
    const problems = checkProps(path, 'StackProps', STACK_PROPS, props);
    if (!hasTypeProblem(problems)) {
      if (props.stackName === undefined) {
        const problem = LIMITS.stack.stackName.pattern!.test(id) && id.length <= 128 ? undefined : `the construct id is the stack name, which must start with a letter and contain only letters, digits and hyphens (at most 128 characters), got '${id}'; give a stackName`;
        if (problem) problems.push({ code: 'invalid-format', path, property: 'stackName', message: problem });
      }
      if (props.description !== undefined && Token.isUnresolved(props.description)) {
        problems.push({ code: 'token-not-allowed', path, property: 'description', message: 'description must be a literal string; a template description cannot hold deploy-time values (a token such as queue.queueName)' });
      }
      for (const [k, v] of Object.entries(props.tags ?? {})) problems.push(...tagProblems(path, k, v));
    }
    throwProblems(path, problems);
    this.stackName = props.stackName ?? id;
    this.description = props.description;
    for (const [k, v] of Object.entries(props.tags ?? {})) Tags.of(this).add(k, v);
  }
}
