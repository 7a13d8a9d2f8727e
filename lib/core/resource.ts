import { Construct } from 'constructs';
import { LambdaformError } from './errors.js';
import { RemovalPolicy } from './removal-policy.js';
import { cdkLogicalId, checkLogicalId, logicalIdFromPath, logicalIdStyle, pathBelow } from './logical-id.js';
import { recordSource, type SourceLocation } from './source.js';
import { recordForManyKeys } from './util.js';
import { Stack } from './stack.js';
import { Token } from './tokens.js';
import type { PropertyOverride } from '../model/types.js';
import type { StackModelBuilder } from './model-builder.js';

/** Anything that puts nodes, edges or outputs into the AppModel. */
export interface IModelContributor {
  /** @internal Called once by the model builder. */
  _toModel(builder: StackModelBuilder): void;
}

export function isModelContributor(x: unknown): x is IModelContributor {
  return typeof x === 'object' && x !== null && typeof (x as IModelContributor)._toModel === 'function';
}

/**
 * Makes the object in which `constructs` keeps a construct's children by id a hash table from the
 * start (as `recordForManyKeys` does). Otherwise, in V8, the first child's id becomes a hidden-class
 * transition of every empty object literal: ids that differ from resource to resource (an
 * alias's `SqsEventSource<Queue>` mapping, one per function) fill that transition table, and past
 * its limit (about 1,500) every plain object the program builds afterwards gets a hidden class of
 * its own, which made model building at 2,000 functions several times slower than at 1,000.
 * Nothing else changes: the object is an ordinary one, with the same keys in the same order.
 */
function childrenAsTable(c: Construct): void {
  const node = c.node as unknown as { _children?: object };
  if (node._children === undefined) node._children = recordForManyKeys();
}

/**
 * Base class of every construct that becomes a resource (a node of the AppModel).
 * It owns the escape hatches every resource has: `overrideLogicalId`, `addPropertyOverride`,
 * `addDependency`.
 */
export abstract class Resource extends Construct implements IModelContributor {
  /** The stack the resource belongs to. */
  public readonly stack: Stack;
  /** The line of user code that created the resource. */
  public readonly source: SourceLocation | undefined;

  protected logicalIdOverride: string | undefined;
  private removalPolicy: RemovalPolicy | undefined;
  private readonly propertyOverrides: PropertyOverride[] = [];
  private readonly dependencies = new Set<Resource>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stack = Stack.of(this);
    this.source = recordSource();
    childrenAsTable(this);
  }

  /**
   * The CloudFormation logical id: derived from the construct path unless overridden; with
   * `new App({ logicalIds: 'cdk' })`, the id aws-cdk-lib gives the L1 of the same construct
   * (`cdkLogicalIdPath()`).
   */
  public get logicalId(): string {
    if (this.logicalIdOverride !== undefined) return this.logicalIdOverride;
    // Derived from the path, the App's style and `_cdkPath`, which do not change once set: derived once.
    return (this.derivedLogicalId ??= this.deriveLogicalId());
  }

  private derivedLogicalId: string | undefined;

  private deriveLogicalId(): string {
    const below = pathBelow(this, this.stack);
    if (logicalIdStyle(this) === 'cdk') return cdkLogicalId(this.cdkPath ?? this.cdkLogicalIdPath(below), this.node.path);
    return logicalIdFromPath(below, this.node.path);
  }

  /**
   * The construct path, below the stack, of the L1 aws-cdk-lib creates for this resource: an L2's
   * `Resource` child (`Worker/Resource`). A resource that is itself an L1 in CDK (a
   * `CfnResource`) must override this to return its own path.
   */
  protected cdkLogicalIdPath(pathBelowStack: readonly string[]): string[] {
    return [...pathBelowStack, 'Resource'];
  }

  /**
   * @internal The path, below the stack, of the L1 aws-cdk-lib creates where it names the
   * construct otherwise than lambdaform (an event source's mapping is CDK's
   * `<Function>/SqsEventSource:<queue's unique id>/Resource`); set by the construct that creates
   * this one. Used with `logicalIds: 'cdk'` only, instead of `cdkLogicalIdPath()`.
   */
  public get _cdkPath(): readonly string[] | undefined {
    return this.cdkPath;
  }

  public set _cdkPath(path: readonly string[] | undefined) {
    this.cdkPath = path;
    this.derivedLogicalId = undefined;
  }

  private cdkPath: readonly string[] | undefined;

  /** Replaces the derived logical id (the escape hatch when a resource must keep an old id). */
  public overrideLogicalId(id: string): void {
    checkLogicalId(this.node.path, id);
    this.logicalIdOverride = id;
  }

  /**
   * Sets (or, with `undefined`, deletes) a raw property of the synthesized resource, for anything
   * lambdaform does not model: `fn.addPropertyOverride('SnapStart.ApplyOn', 'PublishedVersions')`.
   * @param path dot-separated path below `Properties`
   */
  public addPropertyOverride(path: string, value: unknown): void {
    if (!/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(path)) {
      throw new LambdaformError(this.node.path, `property override path must be dot-separated property names, got '${path}'`);
    }
    this.propertyOverrides.push({ path, value: value as PropertyOverride['value'] });
  }

  /**
   * What happens to the resource when it leaves the stack or is replaced: its DeletionPolicy and
   * UpdateReplacePolicy, as aws-cdk-lib's `applyRemovalPolicy`.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    const allowed = Object.values(RemovalPolicy) as string[];
    if (!allowed.includes(policy as string)) {
      throw new LambdaformError(this.node.path, `removal policy must be RemovalPolicy.DESTROY, RETAIN or RETAIN_ON_UPDATE_OR_DELETE, got ${JSON.stringify(policy)}`);
    }
    if (policy === RemovalPolicy.SNAPSHOT) {
      throw new LambdaformError(this.node.path, 'RemovalPolicy.SNAPSHOT: CloudFormation snapshots only databases and volumes (RDS, EBS, ElastiCache, Redshift, Neptune, DocumentDB), not this resource; use RemovalPolicy.RETAIN to keep it, or DESTROY');
    }
    this.removalPolicy = policy;
  }

  /** @internal The removal policy: the one applied, else the resource's default (none, but for data CDK retains). */
  public get _removalPolicy(): RemovalPolicy | undefined {
    return this.removalPolicy ?? this.defaultRemovalPolicy();
  }

  /** The removal policy when none is applied: aws-cdk-lib's default for the resource (none: CloudFormation deletes it). */
  protected defaultRemovalPolicy(): RemovalPolicy | undefined {
    return undefined;
  }

  /** Makes this resource be created after `other`. */
  public addDependency(other: Resource): void {
    if (other === this) throw new LambdaformError(this.node.path, 'a resource cannot depend on itself');
    this.dependencies.add(other);
  }

  /** @internal The overrides, in the order they were added. */
  public get _overrides(): readonly PropertyOverride[] {
    return this.propertyOverrides;
  }

  /** @internal Explicit dependencies. */
  public get _dependencies(): readonly Resource[] {
    return [...this.dependencies];
  }

  /** @internal */
  public abstract _toModel(builder: StackModelBuilder): void;

  /** A string token for one of this resource's attributes (`Arn`, `Name`, `Url`, ...). */
  protected attribute(attr: string): string {
    return Token.forAttribute(this, attr);
  }
}
