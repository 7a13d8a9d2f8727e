import type { Construct } from 'constructs';
import { throwProblems } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { Aws } from '../core/tokens.js';
import type { IFunction } from './function-base.js';
import { ServicePrincipal } from './iam.js';

/** A resource-based permission, as `fn.addPermission(id, {...})` takes it. */
export interface PermissionOptions {
  /**
   * Who may invoke: a service (`new ServicePrincipal('s3.amazonaws.com')` or `'s3.amazonaws.com'`),
   * a 12-digit account id, or `'*'` (anyone, only with `allowPublic: true`).
   */
  readonly principal: ServicePrincipal | string;
  /** Only invocations on behalf of this resource ARN. @default any resource of `sourceAccount` */
  readonly sourceArn?: string;
  /**
   * Only invocations on behalf of resources of this account.
   * @default this stack's account (`AWS::AccountId`) for a service principal without `sourceArn`;
   * none for an account principal
   */
  readonly sourceAccount?: string;
  /** Allow `principal: '*'` (anyone on the internet). @default false */
  readonly allowPublic?: boolean;
}

/** Properties of a `Permission`. */
export interface PermissionProps extends PermissionOptions {
  /** The function, version or alias the permission is on. */
  readonly target: IFunction;
}

const SERVICE_RE = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

const FIELDS: Fields = {
  target: P.instance('Function, Version or Alias', (v) => typeof v === 'object' && v !== null && 'functionArn' in v, { required: true }),
  principal: P.any({ required: true }),
  sourceArn: P.string(),
  sourceAccount: P.string(),
  allowPublic: P.boolean(),
};

/**
 * A resource-based permission to invoke a function (`AWS::Lambda::Permission`). A service
 * principal is always scoped: to `sourceArn`, or to `sourceAccount` (this stack's account by
 * default), so no other account's bucket, topic or rule can invoke the function (confused deputy).
 */
export class Permission extends Resource {
  private readonly props: PermissionProps;
  /** The principal, as a string. */
  public readonly principal: string;

  constructor(scope: Construct, id: string, props: PermissionProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'PermissionProps', FIELDS, props);
    const principal = props?.principal instanceof ServicePrincipal ? props.principal.service : props?.principal;
    if (!hasTypeProblem(problems)) {
      if (typeof principal !== 'string' || !(SERVICE_RE.test(principal) || /^\d{12}$/.test(principal) || principal === '*')) {
        problems.push({ code: 'invalid-format', path, property: 'principal', message: `principal must be a service principal (s3.amazonaws.com) or a 12-digit account id, got '${String(principal)}'` });
      } else if (principal === '*' && props.allowPublic !== true) {
        problems.push({
          code: 'public-permission',
          path,
          property: 'principal',
          message: "principal '*' lets anyone invoke the function; give a service or an account, or pass allowPublic: true if the function is meant to be public",
        });
      }
    }
    throwProblems(path, problems);
    this.principal = principal as string;
    const isService = SERVICE_RE.test(this.principal);
    this.props = {
      ...props,
      ...(isService && props.sourceArn === undefined && props.sourceAccount === undefined ? { sourceAccount: Aws.ACCOUNT_ID } : {}),
    };
  }

  /** True when this permission grants exactly `service` from the given source. */
  public grants(service: string, source: { sourceArn?: string; sourceAccount?: string }): boolean {
    const account = source.sourceArn === undefined && source.sourceAccount === undefined ? Aws.ACCOUNT_ID : source.sourceAccount;
    return this.principal === service && this.props.sourceArn === source.sourceArn && this.props.sourceAccount === account;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const path = this.node.path;
    b.addEdge({
      kind: 'invokePermission',
      resource: this,
      from: `principal:${this.principal}`,
      to: this.props.target,
      props: {
        principal: this.principal,
        sourceArn: b.resolve(this.props.sourceArn, path),
        sourceAccount: b.resolve(this.props.sourceAccount, path),
      },
    });
  }
}
