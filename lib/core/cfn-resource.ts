import type { Construct } from 'constructs';
import { LambdaformError, throwProblems } from './errors.js';
import { checkProps, P } from './props.js';
import { Resource } from './resource.js';
import type { StackModelBuilder } from './model-builder.js';

/** Properties of a `CfnResource`. */
export interface CfnResourceProps {
  /** The CloudFormation resource type, `Service::Provider::Type` (`AWS::SSM::Parameter`). */
  readonly type: string;
  /** The resource's `Properties`, as CloudFormation takes them; tokens may be used. @default no properties */
  readonly properties?: Record<string, unknown>;
}

/** `AWS::Service::Type`, a third-party `Org::Service::Type`, a module `Org::Service::Type::MODULE`, or a custom resource `Custom::Name`. */
const TYPE_RE = /^([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::MODULE)?|Custom::[A-Za-z0-9_@-]{1,60})$/;

/** A raw CloudFormation resource, for anything lambdaform does not model. */
export class CfnResource extends Resource {
  /** The resource type. */
  public readonly type: string;
  private readonly properties: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: CfnResourceProps) {
    super(scope, id);
    throwProblems(this.node.path, checkProps(this.node.path, 'CfnResourceProps', { type: P.string({ required: true }), properties: P.instance('object of properties', (v) => typeof v === 'object' && v !== null && !Array.isArray(v)) }, props));
    if (!TYPE_RE.test(props.type)) {
      throw new LambdaformError(this.node.path, `type must look like 'AWS::Service::Type', 'Org::Service::Type::MODULE' or 'Custom::Name', got '${props.type}'`, 'invalid-format');
    }
    this.type = props.type;
    this.properties = { ...(props.properties ?? {}) };
  }

  /** An L1: aws-cdk-lib names it after its own path (no `Resource` child), with `logicalIds: 'cdk'`. */
  protected override cdkLogicalIdPath(pathBelowStack: readonly string[]): string[] {
    return [...pathBelowStack];
  }

  /** `Ref` of the resource, as a string token. */
  public get ref(): string {
    return this.attribute('Ref');
  }

  /** `Fn::GetAtt` of an attribute, as a string token. */
  public getAtt(attributeName: string): string {
    return this.attribute(attributeName);
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const properties = b.resolve(this.properties, this.node.path) as Record<string, never>;
    b.addNode(this, { kind: 'raw', props: { type: this.type, properties } });
  }
}
