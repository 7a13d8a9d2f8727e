import type { Construct } from 'constructs';
import { LambdaformError } from '../core/errors.js';
import { Resource } from '../core/resource.js';
import type { StackModelBuilder } from '../model/builder.js';
import type { IFunction } from './function.js';

/** Properties of a `Permission`. */
export interface PermissionProps {
  /** The function, version or alias the permission is on. */
  readonly target: IFunction;
  /** The principal allowed to invoke: a service (`s3.amazonaws.com`) or an account id. */
  readonly principal: string;
  /** Only invocations on behalf of this resource ARN. @default any source */
  readonly sourceArn?: string;
  /** Only invocations on behalf of resources of this account. @default any account */
  readonly sourceAccount?: string;
}

/** A resource-based permission to invoke a function (`AWS::Lambda::Permission`). */
export class Permission extends Resource {
  private readonly props: PermissionProps;

  constructor(scope: Construct, id: string, props: PermissionProps) {
    super(scope, id);
    if (!/^([a-z0-9.-]+\.amazonaws\.com(\.cn)?|\d{12}|\*)$/.test(props.principal)) {
      throw new LambdaformError(this.node.path, `principal must be a service principal (s3.amazonaws.com) or a 12-digit account id, got '${props.principal}'`);
    }
    this.props = props;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const path = this.node.path;
    b.addEdge({
      kind: 'invokePermission',
      resource: this,
      from: `principal:${this.props.principal}`,
      to: this.props.target,
      props: {
        principal: this.props.principal,
        ...(this.props.sourceArn !== undefined ? { sourceArn: b.resolve(this.props.sourceArn, path) } : {}),
        ...(this.props.sourceAccount !== undefined ? { sourceAccount: b.resolve(this.props.sourceAccount, path) } : {}),
      },
    });
  }
}
