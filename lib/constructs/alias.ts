import type { Construct } from 'constructs';
import { ScalableFunctionAttribute, type EnableScalingProps, type IScalableFunctionAttribute } from './autoscaling.js';
import { LambdaformError, ProblemList, throwProblems, type Problem } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, hasTypeProblem, P, rangeProblem, type Fields } from '../core/props.js';
import { Aws, Token } from '../core/tokens.js';
import { LIMITS } from '../model/defaults.js';
import { DeploymentPreference, hookProblem, type DeploymentOptions } from './deployment.js';
import { FunctionBase, provisionedProblems, type ILambdaFunction } from './function-base.js';
import type { IVersion } from './version.js';

/** A version that receives a share of an alias's traffic. */
export interface VersionWeight {
  /** A published version of the same function. */
  readonly version: IVersion;
  /** Share of invocations, 0.0-1.0. */
  readonly weight: number;
}

/** Options of an alias. */
export interface AliasOptions {
  /** Description (at most 256 characters). @default none */
  readonly description?: string;
  /** One additional version with a weight (canary traffic). @default none */
  readonly additionalVersions?: readonly VersionWeight[];
  /** Pre-initialised execution environments for the alias; never on `$LATEST`. @default none */
  readonly provisionedConcurrentExecutions?: number;
  /** Gradual deployment of new versions with CodeDeploy (see `fn.deploy()`). @default none (the alias moves at once) */
  readonly deployment?: DeploymentOptions;
}

/** Properties of an `Alias`. */
export interface AliasProps extends AliasOptions {
  /** The alias name: 1-128 letters, digits, `-` or `_`, not only digits. */
  readonly aliasName: string;
  /** The version the alias points at (a published version or `fn.latestVersion`), never another alias. */
  readonly version: IVersion;
}

const isVersion = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as IVersion).isLatest === 'boolean' && typeof (v as IVersion).lambda === 'object';
const isLambda = (v: unknown): boolean => typeof v === 'object' && v !== null && (v as ILambdaFunction).lambda === v;

/** The description of `AliasProps`. */
export const ALIAS_PROPS: Fields = {
  aliasName: P.string({ required: true, text: { ...LIMITS.alias.aliasName, allowed: "letters, digits, '-' or '_' and not only digits" } }),
  version: P.instance('Version', (v) => isVersion(v) || v instanceof Alias, { required: true, example: 'fn.currentVersion' }),
  description: P.string({ text: LIMITS.alias.description }),
  additionalVersions: P.array(P.object('VersionWeight', { version: P.instance('Version', (v) => isVersion(v) || v instanceof Alias, { required: true }), weight: P.number({ required: true }) }), { limit: LIMITS.alias.additionalVersions, noun: 'entry' }),
  provisionedConcurrentExecutions: P.number({ integer: true }),
  deployment: P.object('DeploymentOptions', {
    preference: P.instance('DeploymentPreference', (v) => v instanceof DeploymentPreference, { required: true, example: 'DeploymentPreference.canary10Percent5Minutes()' }),
    alarms: P.array(P.instance('Alarm or alarm name', (v) => typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as { alarmName?: unknown }).alarmName === 'string'), { example: 'new Alarm(stack, id, { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 1 })' })),
    preTraffic: P.instance('Function', isLambda),
    postTraffic: P.instance('Function', isLambda),
  }),
};

/** A named pointer to a function version, with optional weighted routing to a second version. */
export class Alias extends FunctionBase {
  /** The alias ARN `arn:...:function:name:alias` (token). */
  public readonly functionArn: string;
  public readonly aliasName: string;
  public readonly lambda: ILambdaFunction;
  /** The version it points at. */
  public readonly version: IVersion;

  private readonly props: AliasProps;

  constructor(scope: Construct, id: string, props: AliasProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'AliasProps', ALIAS_PROPS, props);
    if (!hasTypeProblem(problems)) problems.push(...aliasRules(path, props));
    throwProblems(path, problems);
    this.lambda = props.version.lambda;
    this.version = props.version;
    this.props = props;
    this.functionArn = this.attribute('Arn');
    this.aliasName = props.aliasName;

    // A hook reports its result to CodeDeploy, for deployments of this stack's deployment application only.
    const application = Token.forAttribute(this, 'DeploymentApplication');
    for (const hook of [props.deployment?.preTraffic, props.deployment?.postTraffic]) {
      hook?.role.addToPolicy(
        { actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'], resources: [`arn:${Aws.PARTITION}:codedeploy:${Aws.REGION}:${Aws.ACCOUNT_ID}:deploymentgroup:${application}/*`] },
        'deployment hook',
      );
    }
  }

  protected invokeArns(): string[] {
    return [this.functionArn];
  }

  protected override metricDimensions(): Record<string, string> {
    return { FunctionName: this.lambda.functionName, Resource: `${this.lambda.functionName}:${this.aliasName}` };
  }

  private scaling: ScalableFunctionAttribute | undefined;

  /**
   * Scales the alias's provisioned concurrency with Application Auto Scaling, between the bounds:
   * then `scaleOnUtilization` and `scaleOnSchedule` on what this returns (aws-cdk-lib's `addAutoScaling`).
   */
  public addAutoScaling(options: EnableScalingProps): IScalableFunctionAttribute {
    if (this.scaling) throw new LambdaformError(this.node.path, 'AutoScaling already enabled for this alias', 'duplicate');
    this.scaling = new ScalableFunctionAttribute(this, 'AliasScaling', this, options);
    return this.scaling;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    const d = p.deployment;
    b.addNode(this, {
      kind: 'alias',
      props: {
        functionId: this.lambda.node.path,
        aliasName: p.aliasName,
        version: versionId(p.version),
        additionalVersions: (p.additionalVersions ?? []).map((w) => ({ version: versionId(w.version), weight: w.weight })),
        provisionedConcurrency: p.provisionedConcurrentExecutions,
        description: p.description,
        deployment: d && {
          type: d.preference.type,
          alarms: (d.alarms ?? []).map((a) => b.resolve(typeof a === 'string' ? a : a.alarmName, this.node.path)),
          preTraffic: d.preTraffic?.node.path,
          postTraffic: d.postTraffic?.node.path,
        },
      },
    });
  }
}

function versionId(v: IVersion): string {
  return v.versionNode ? v.versionNode.node.path : '$LATEST';
}

/** Whether a version given to an alias is an alias. */
function isAlias(v: IVersion): boolean {
  return (v as unknown) instanceof Alias;
}

/** The checks of an alias's props that involve more than one property. */
function aliasRules(path: string, props: AliasProps): Problem[] {
  const out = new ProblemList(path);
  const lambda = props.version.lambda;
  if (isAlias(props.version)) out.add('alias-of-alias', 'version', `version must be a version; an alias cannot point at another alias (got ${(props.version as unknown as Alias).node.path})`);
  const extra = props.additionalVersions ?? [];
  for (const w of extra) {
    if (isAlias(w.version)) out.add('alias-of-alias', 'additionalVersions', `additionalVersions must be a version; an alias cannot point at another alias (got ${(w.version as unknown as Alias).node.path})`);
    if (!Number.isFinite(w.weight) || w.weight < LIMITS.alias.weight.min || w.weight > LIMITS.alias.weight.max) {
      out.list.push(rangeProblem(path, 'additionalVersions weight', LIMITS.alias.weight, w.weight));
    }
    if (w.version.isLatest) out.add('latest-not-allowed', 'additionalVersions', 'additionalVersions must be published versions, got $LATEST');
    else if (w.version.lambda !== lambda) out.add('foreign-version', 'additionalVersions', `additionalVersions must be versions of ${lambda.node.path}, got a version of ${w.version.lambda.node.path}`);
    if (w.version.versionNode === props.version.versionNode) out.add('same-version', 'additionalVersions', 'the additional version must differ from the main version');
  }
  if (props.provisionedConcurrentExecutions !== undefined && props.version.isLatest) {
    out.add('latest-not-allowed', 'provisionedConcurrentExecutions', 'provisionedConcurrentExecutions cannot be set on an alias of $LATEST; point the alias at a published version (fn.currentVersion)');
  } else out.list.push(...provisionedProblems(path, props.provisionedConcurrentExecutions, lambda));
  const d = props.deployment;
  if (d) {
    if (props.version.isLatest) out.add('latest-not-allowed', 'deployment', 'a gradual deployment needs a published version; point the alias at fn.currentVersion, not $LATEST');
    if (extra.length) out.add('conflicting-properties', 'deployment', 'a gradual deployment manages the alias routing itself; do not set additionalVersions');
    for (const [which, hook] of [['preTraffic', d.preTraffic], ['postTraffic', d.postTraffic]] as const) {
      const problem = hookProblem(which, hook);
      if (problem) out.add('invalid-hook', `deployment.${which}`, problem);
      if (hook && hook === lambda) out.add('invalid-hook', `deployment.${which}`, `the ${which} hook cannot be the deployed function itself`);
    }
  }
  return out.list;
}
