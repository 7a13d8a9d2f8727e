import { Construct, type IConstruct } from 'constructs';
import { LIMITS } from '../model/defaults.js';
import { LambdaformError, throwProblems } from './errors.js';
import { checkProps, hasTypeProblem, P, type Fields } from './props.js';
import { recordSource, type SourceLocation } from './source.js';
import { Annotations } from './annotations.js';
import { tagProblems, Tags } from './tags.js';
import { Aws, Token } from './tokens.js';

/** The AWS account and region a stack is meant for (aws-cdk-lib's `Environment`). */
export interface Environment {
  /** The AWS account id (12 digits). @default the account of the deploy (the stack is account-agnostic) */
  readonly account?: string;
  /** The AWS region (`us-east-1`). @default the region of the deploy (the stack is region-agnostic) */
  readonly region?: string;
}

/** Properties of a `Stack`. */
export interface StackProps {
  /**
   * The account and region the stack is meant for, as in CDK (`{ account:
   * process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }`). Checked and kept
   * as `environment`; the template stays environment-agnostic: `stack.region` and `stack.account`
   * remain the `AWS::Region` and `AWS::AccountId` pseudo parameters, which are these values once
   * the stack is deployed there.
   * @default environment-agnostic
   */
  readonly env?: Environment;
  /**
   * Whether the stack is protected from deletion. A stack setting, not part of the template:
   * lambdaform writes templates, so it warns that the deploy must turn it on
   * (`aws cloudformation update-termination-protection`).
   * @default false
   */
  readonly terminationProtection?: boolean;
  /** Description of the template (at most 1,024 characters). @default no description */
  readonly description?: string;
  /** The CloudFormation stack name. @default the construct id */
  readonly stackName?: string;
  /** Tags applied to every taggable resource of the stack. @default no tags */
  readonly tags?: Record<string, string>;
  /**
   * aws-cdk-lib's switch for the stack's `AWS::CDK::Metadata` resource. lambdaform writes no such
   * resource: accepted so a CDK app moves over, with no effect on the templates.
   * @default the App's analyticsReporting (no effect in lambdaform)
   */
  readonly analyticsReporting?: boolean;
}

const STACK_SYMBOL = Symbol.for('lambdaform.Stack');

/** The description of `StackProps`. */
export const STACK_PROPS: Fields = {
  description: P.string({ text: LIMITS.stack.description }),
  stackName: P.string({ text: LIMITS.stack.stackName }),
  tags: P.record(P.string()),
  env: P.object('Environment', { account: P.string(), region: P.string() }),
  terminationProtection: P.boolean(),
  analyticsReporting: P.boolean(),
};

/** An account id, and a region name (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-central-2`). */
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

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
  /**
   * The environment the stack is meant for, as CDK writes it: `aws://<account>/<region>`, with
   * `unknown-account` and `unknown-region` for what `env` leaves to the deploy.
   */
  public readonly environment: string;
  /** Whether the stack should be protected from deletion (see `StackProps.terminationProtection`). */
  public readonly terminationProtection: boolean;
  /** The template description. */
  public readonly description: string | undefined;
  /** The line of user code that created the stack. */
  public readonly source: SourceLocation | undefined;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
    this.source = recordSource();
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
      const { account, region } = props.env ?? {};
      if (account !== undefined && account !== '' && !Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
        problems.push({ code: 'invalid-format', path, property: 'env.account', message: `env.account must be an AWS account id of 12 digits, got '${account}'` });
      }
      if (region !== undefined && region !== '' && !Token.isUnresolved(region) && !REGION.test(region)) {
        problems.push({ code: 'invalid-format', path, property: 'env.region', message: `env.region must be an AWS region name such as us-east-1, got '${region}'` });
      }
    }
    throwProblems(path, problems);
    this.stackName = props.stackName ?? id;
    this.description = props.description;
    this.environment = `aws://${props.env?.account || 'unknown-account'}/${props.env?.region || 'unknown-region'}`;
    this.terminationProtection = props.terminationProtection ?? false;
    if (this.terminationProtection) {
      Annotations.of(this).addWarning(
        `terminationProtection is a setting of the deployed stack, not part of its template: turn it on where you deploy it (aws cloudformation update-termination-protection --enable-termination-protection --stack-name ${this.stackName}); sam deploy and aws cloudformation deploy have no option for it`,
        'termination-protection',
      );
    }
    for (const [k, v] of Object.entries(props.tags ?? {})) Tags.of(this).add(k, v);
  }
}
