import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import { checkInteger, checkRange, LambdaformError } from '../core/errors.js';
import { Resource } from '../core/resource.js';
import type { StackModelBuilder } from '../model/builder.js';
import type { FunctionNodeProps } from '../model/types.js';
import { grantInvokeOf, type Function, type IEventSource, type IFunction } from './function.js';
import type { IGrantable, ServicePrincipal } from './iam.js';
import { LIMITS } from './limits.js';
import { stableJson } from '../core/util.js';

/** A published version, or `$LATEST` (`fn.latestVersion`). */
export interface IVersion {
  /** The function the version belongs to. */
  readonly lambda: Function;
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
  readonly lambda: Function;
}

/** Function properties that are not part of a published version (they are per function or per qualifier). */
const UNVERSIONED: ReadonlySet<keyof FunctionNodeProps> = new Set(['reservedConcurrency', 'retryAttempts', 'maxEventAgeSeconds'] as const);

/**
 * An immutable snapshot of a function's code and configuration. Its logical id carries a hash of
 * that code and configuration, so any change publishes a new version.
 */
export class Version extends Resource implements IVersion, IFunction {
  /** The qualified ARN `arn:...:function:name:N` (token). */
  public readonly functionArn: string;
  /** The version number (token). */
  public readonly version: string;
  public readonly lambda: Function;
  public readonly isLatest = false;
  public readonly versionNode: Version = this;

  private readonly options: VersionOptions;
  private configHash: string | undefined;

  constructor(scope: Construct, id: string, props: VersionProps) {
    super(scope, id);
    this.lambda = props.lambda;
    this.options = props;
    if (props.description !== undefined && props.description.length > 256) {
      throw new LambdaformError(this.node.path, `description must be at most 256 characters, got ${props.description.length}`);
    }
    checkProvisioned(this.node.path, props.provisionedConcurrentExecutions, props.lambda);
    this.functionArn = this.attribute('Arn');
    this.version = this.attribute('Version');
  }

  /** The derived logical id followed by the configuration hash (once the model is built). */
  public override get logicalId(): string {
    const base = super.logicalId;
    return this.logicalIdOverride === undefined && this.configHash ? `${base}${this.configHash.slice(0, 10).toUpperCase()}` : base;
  }

  public addEventSource(source: IEventSource): void {
    source.bind(this);
  }

  public grantInvoke(grantee: IGrantable | ServicePrincipal): void {
    grantInvokeOf(this, [this.functionArn], grantee);
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const fn = b.getNode(this.lambda.node.path);
    if (!fn || fn.kind !== 'function') throw new LambdaformError(this.node.path, `the function ${this.lambda.node.path} is not in this stack`);
    const versioned: Record<string, unknown> = Object.fromEntries(Object.entries(fn.props).filter(([k]) => !UNVERSIONED.has(k as keyof FunctionNodeProps)));
    // A layer in this stack is referenced symbolically; its content must count, or a new layer would not publish a new version.
    versioned.layers = this.lambda._layerIdentities();
    this.configHash = createHash('sha256').update(stableJson({ versioned, description: this.options.description })).digest('hex');
    b.addNode(this, {
      kind: 'version',
      props: {
        functionId: fn.id,
        ...(this.options.description !== undefined ? { description: this.options.description } : {}),
        ...(this.options.provisionedConcurrentExecutions !== undefined ? { provisionedConcurrency: this.options.provisionedConcurrentExecutions } : {}),
        configHash: this.configHash,
      },
    });
  }
}

/** Checks a provisioned concurrency value: a whole number, at least 1, within the function's reservation. */
export function checkProvisioned(path: string, value: number | undefined, fn: Function): void {
  if (value === undefined) return;
  checkInteger(path, 'provisionedConcurrentExecutions', value);
  const reserved = fn.reservedConcurrentExecutions;
  const max = reserved ?? LIMITS.function.reservedConcurrencyMax;
  checkRange(path, 'provisionedConcurrentExecutions', value, 1, max);
}

