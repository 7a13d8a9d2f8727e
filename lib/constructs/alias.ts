import type { Construct } from 'constructs';
import { checkRange, LambdaformError } from '../core/errors.js';
import { Resource } from '../core/resource.js';
import type { StackModelBuilder } from '../model/builder.js';
import { grantInvokeOf, type Function, type IEventSource, type IFunction } from './function.js';
import type { IGrantable, ServicePrincipal } from './iam.js';
import { LIMITS } from './limits.js';
import { hookProblem, type DeploymentOptions } from './deployment.js';
import { Aws } from '../core/tokens.js';
import { checkProvisioned, type IVersion } from './version.js';

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

const ALIAS_NAME_RE = /^(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}$/;

/** A named pointer to a function version, with optional weighted routing to a second version. */
export class Alias extends Resource implements IFunction {
  /** The alias ARN `arn:...:function:name:alias` (token). */
  public readonly functionArn: string;
  public readonly aliasName: string;
  public readonly lambda: Function;
  /** The version it points at. */
  public readonly version: IVersion;

  private readonly props: AliasProps;

  constructor(scope: Construct, id: string, props: AliasProps) {
    super(scope, id);
    const path = this.node.path;
    if (!ALIAS_NAME_RE.test(props.aliasName)) {
      throw new LambdaformError(path, `aliasName must be 1-128 letters, digits, '-' or '_' and not only digits, got '${props.aliasName}'`);
    }
    checkVersionTarget(path, 'version', props.version);
    this.lambda = props.version.lambda;
    this.version = props.version;
    const extra = props.additionalVersions ?? [];
    if (extra.length > LIMITS.alias.additionalVersionsMax) {
      throw new LambdaformError(path, `additionalVersions must have at most ${LIMITS.alias.additionalVersionsMax} entry, got ${extra.length}`);
    }
    for (const w of extra) {
      checkVersionTarget(path, 'additionalVersions', w.version);
      checkRange(path, 'additionalVersions weight', w.weight, 0, 1);
      if (w.version.isLatest) throw new LambdaformError(path, 'additionalVersions must be published versions, got $LATEST');
      if (w.version.lambda !== this.lambda) {
        throw new LambdaformError(path, `additionalVersions must be versions of ${this.lambda.node.path}, got a version of ${w.version.lambda.node.path}`);
      }
      if (w.version.versionNode === props.version.versionNode) throw new LambdaformError(path, 'the additional version must differ from the main version');
    }
    if (props.provisionedConcurrentExecutions !== undefined && props.version.isLatest) {
      throw new LambdaformError(path, 'provisionedConcurrentExecutions cannot be set on an alias of $LATEST; point the alias at a published version (fn.currentVersion)');
    }
    checkProvisioned(path, props.provisionedConcurrentExecutions, this.lambda);
    if (props.deployment) {
      if (props.version.isLatest) throw new LambdaformError(path, 'a gradual deployment needs a published version; point the alias at fn.currentVersion, not $LATEST');
      if (extra.length) throw new LambdaformError(path, 'a gradual deployment manages the alias routing itself; do not set additionalVersions');
      for (const [which, hook] of [['preTraffic', props.deployment.preTraffic], ['postTraffic', props.deployment.postTraffic]] as const) {
        const problem = hookProblem(which, hook);
        if (problem) throw new LambdaformError(path, problem);
        if (hook === this.lambda) throw new LambdaformError(path, `the ${which} hook cannot be the deployed function itself`);
        // A hook reports its result to CodeDeploy.
        hook?.addToRolePolicy({
          actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
          resources: [`arn:${Aws.PARTITION}:codedeploy:${Aws.REGION}:${Aws.ACCOUNT_ID}:deploymentgroup:*`],
        });
      }
    }
    if (props.description !== undefined && props.description.length > 256) {
      throw new LambdaformError(path, `description must be at most 256 characters, got ${props.description.length}`);
    }
    this.props = props;
    this.functionArn = this.attribute('Arn');
    this.aliasName = props.aliasName;
  }

  public addEventSource(source: IEventSource): void {
    source.bind(this);
  }

  public grantInvoke(grantee: IGrantable | ServicePrincipal): void {
    grantInvokeOf(this, [this.functionArn], grantee);
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    b.addNode(this, {
      kind: 'alias',
      props: {
        functionId: this.lambda.node.path,
        aliasName: p.aliasName,
        version: versionId(p.version),
        additionalVersions: (p.additionalVersions ?? []).map((w) => ({ version: versionId(w.version), weight: w.weight })),
        ...(p.provisionedConcurrentExecutions !== undefined ? { provisionedConcurrency: p.provisionedConcurrentExecutions } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(p.deployment
          ? {
              deployment: {
                type: p.deployment.preference.type,
                alarms: (p.deployment.alarms ?? []).map((a) => b.resolve(a, this.node.path)),
                ...(p.deployment.preTraffic ? { preTraffic: p.deployment.preTraffic.node.path } : {}),
                ...(p.deployment.postTraffic ? { postTraffic: p.deployment.postTraffic.node.path } : {}),
              },
            }
          : {}),
      },
    });
  }
}

function versionId(v: IVersion): string {
  return v.versionNode ? v.versionNode.node.path : '$LATEST';
}

function checkVersionTarget(path: string, property: string, v: IVersion): void {
  if ((v as unknown) instanceof Alias) {
    throw new LambdaformError(path, `${property} must be a version; an alias cannot point at another alias (got ${(v as unknown as Alias).node.path})`);
  }
}
