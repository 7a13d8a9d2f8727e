import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import { LambdaformError, throwProblems } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, hasTypeProblem, P, type Fields } from '../core/props.js';
import { capId } from '../core/logical-id.js';
import { stableJson } from '../core/util.js';
import { LIMITS } from '../model/defaults.js';
import type { FunctionNodeProps } from '../model/types.js';
import { FunctionBase, provisionedProblems, type ILambdaFunction } from './function-base.js';

/** A published version, or `$LATEST` (`fn.latestVersion`). */
export interface IVersion {
  /** The function the version belongs to. */
  readonly lambda: ILambdaFunction;
  /** True for `$LATEST`, the mutable unpublished version. */
  readonly isLatest: boolean;
  /** The `Version` construct, for published versions. */
  readonly versionNode: Version | undefined;
}

/** Options of a published version. */
export interface VersionOptions {
  /** Description of the version (at most 256 characters). @default none */
  readonly description?: string;
  /** Pre-initialised execution environments kept for this version (no cold starts). @default none */
  readonly provisionedConcurrentExecutions?: number;
}

/** Properties of a `Version`. */
export interface VersionProps extends VersionOptions {
  /** The function to publish. */
  readonly lambda: ILambdaFunction;
}

/** The description of `VersionProps`. */
export const VERSION_PROPS: Fields = {
  lambda: P.instance('Function', (v) => typeof v === 'object' && v !== null && (v as ILambdaFunction).lambda === v, { required: true }),
  description: P.string({ text: LIMITS.version.description }),
  provisionedConcurrentExecutions: P.number({ integer: true }),
};

/** Function properties that are not part of a published version (they are per function or per qualifier). */
const UNVERSIONED: ReadonlySet<keyof FunctionNodeProps> = new Set(['reservedConcurrency', 'retryAttempts', 'maxEventAgeSeconds', 'recursiveLoop'] as const);

/**
 * An immutable snapshot of a function's code and configuration. Its logical id carries a hash of
 * that code and configuration, so any change publishes a new version.
 */
export class Version extends FunctionBase implements IVersion {
  /** The qualified ARN `arn:...:function:name:N` (token). */
  public readonly functionArn: string;
  /** The version number (token). */
  public readonly version: string;
  public readonly lambda: ILambdaFunction;
  public readonly isLatest = false;
  public readonly versionNode: Version = this;

  private readonly options: VersionOptions;
  private configHash: string | undefined;

  constructor(scope: Construct, id: string, props: VersionProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'VersionProps', VERSION_PROPS, props);
    if (!hasTypeProblem(problems)) problems.push(...provisionedProblems(path, props.provisionedConcurrentExecutions, props.lambda));
    throwProblems(path, problems);
    this.lambda = props.lambda;
    this.options = props;
    this.functionArn = this.attribute('Arn');
    this.version = this.attribute('Version');
  }

  /** The derived logical id followed by the configuration hash (once the model is built). */
  public override get logicalId(): string {
    const base = super.logicalId;
    if (this.logicalIdOverride !== undefined || !this.configHash) return base;
    return capId(base, this.configHash.slice(0, 10).toUpperCase());
  }

  protected invokeArns(): string[] {
    return [this.functionArn];
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const fn = b.getNode(this.lambda.node.path);
    if (!fn || fn.kind !== 'function') throw new LambdaformError(this.node.path, `the function ${this.lambda.node.path} is not in this stack`, 'cross-stack-reference');
    const versioned: Record<string, unknown> = Object.fromEntries(Object.entries(fn.props).filter(([k]) => !UNVERSIONED.has(k as keyof FunctionNodeProps)));
    // A layer in this stack is referenced symbolically; its content must count, or a new layer would not publish a new version.
    versioned.layers = this.lambda._layerIdentities();
    this.configHash = createHash('sha256').update(stableJson({ versioned, description: this.options.description })).digest('hex');
    b.addNode(this, {
      kind: 'version',
      props: {
        functionId: fn.id,
        description: this.options.description,
        provisionedConcurrency: this.options.provisionedConcurrentExecutions,
        configHash: this.configHash,
      },
    });
  }
}
