import { Construct, type IConstruct } from 'constructs';
import { LambdaformError, ProblemList, throwProblems, type Problem } from '../core/errors.js';
import { Annotations } from '../core/annotations.js';
import { checkProps, describeValue, P, type Fields, type Spec } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { captureSource, formatSource, recordSource, type SourceLocation } from '../core/source.js';
import { Aws, Token } from '../core/tokens.js';
import type { EdgeInput, StackModelBuilder } from '../core/model-builder.js';
import { LIMITS } from '../model/defaults.js';
import { collectRefs } from '../model/values.js';
import type { ModelValue } from '../model/types.js';

/** The user's line, for errors of values made outside any construct (principals, managed policies). */
function userLine(): string | undefined {
  const at = captureSource();
  return at ? formatSource(at) : undefined;
}

/**
 * Who a role trusts or a function's permission names, as aws-cdk-lib's `IPrincipal`. lambdaform's
 * roles are trusted by services only (`ServicePrincipal`, or a `CompositePrincipal` of them).
 */
export interface IPrincipal {
  /** The action the principal uses to assume a role: `sts:AssumeRole`. */
  readonly assumeRoleAction: string;
}

/** The base of the principals, as aws-cdk-lib's `PrincipalBase`. */
export abstract class PrincipalBase implements IPrincipal {
  public readonly assumeRoleAction: string = 'sts:AssumeRole';
  /** How the principal is named in messages: `ServicePrincipal('lambda.amazonaws.com')`. */
  public abstract toString(): string;
}

/** A service that can be trusted by a role or allowed to invoke a function: `new ServicePrincipal('lambda.amazonaws.com')`. */
export class ServicePrincipal extends PrincipalBase {
  /**
   * @param service the service's principal name, `<service>.amazonaws.com`
   * @param opts aws-cdk-lib's `ServicePrincipalOpts` (conditions, region): not supported, refused
   */
  constructor(
    public readonly service: string,
    opts?: unknown,
  ) {
    super();
    if (typeof service !== 'string' || !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(service)) {
      // No construct yet: the error points at the user's line.
      throw new LambdaformError(userLine(), `a service principal looks like 'lambda.amazonaws.com', got ${typeof service === 'string' ? `'${service}'` : describeValue(service)}`, 'invalid-format');
    }
    if (opts !== undefined) {
      throw new LambdaformError(userLine(), `new ServicePrincipal('${service}', opts): the options (aws-cdk-lib's ServicePrincipalOpts: conditions, region) are not supported by lambdaform; give the service alone, new ServicePrincipal('${service}') (a function's permission is scoped with sourceArn or sourceAccount instead)`, 'unsupported-property');
    }
  }

  public toString(): string {
    return this.service;
  }
}

/**
 * An AWS account: `new AccountPrincipal('123456789012')`. lambdaform's model holds it as the
 * principal of a function's permission (`fn.addPermission(id, { principal: '123456789012' })`);
 * a Role cannot be trusted by it (refused).
 */
export class AccountPrincipal extends PrincipalBase {
  /** @param accountId a 12-digit account id (or a token) */
  constructor(public readonly accountId: string) {
    super();
    if (typeof accountId !== 'string' || !(Token.isUnresolved(accountId) || /^\d{12}$/.test(accountId))) {
      throw new LambdaformError(userLine(), `an account principal is a 12-digit account id, got ${typeof accountId === 'string' ? `'${accountId}'` : describeValue(accountId)}`, 'invalid-format');
    }
  }

  public toString(): string {
    return `AccountPrincipal(${this.accountId})`;
  }
}

/** The account the stack deploys to, as aws-cdk-lib's `AccountRootPrincipal` (`AWS::AccountId`). A Role cannot be trusted by it (refused). */
export class AccountRootPrincipal extends AccountPrincipal {
  constructor() {
    super(Aws.ACCOUNT_ID);
  }

  public override toString(): string {
    return 'AccountRootPrincipal()';
  }
}

/** An IAM user, role or account root by ARN: `new ArnPrincipal('arn:aws:iam::123456789012:role/deployer')`. A Role cannot be trusted by it (refused). */
export class ArnPrincipal extends PrincipalBase {
  /** @param arn the principal's ARN (`arn:...`, or a token) */
  constructor(public readonly arn: string) {
    super();
    if (typeof arn !== 'string' || !(Token.isUnresolved(arn) || arn.startsWith('arn:'))) {
      throw new LambdaformError(userLine(), `an ARN principal is an ARN (arn:aws:iam::123456789012:role/name), got ${typeof arn === 'string' ? `'${arn}'` : describeValue(arn)}`, 'invalid-format');
    }
  }

  public toString(): string {
    return `ArnPrincipal(${this.arn})`;
  }
}

/** Several principals as one, as aws-cdk-lib's `CompositePrincipal`: `new CompositePrincipal(new ServicePrincipal('lambda.amazonaws.com'), new ServicePrincipal('edgelambda.amazonaws.com'))`. */
export class CompositePrincipal extends PrincipalBase {
  private readonly _principals: IPrincipal[] = [];

  constructor(...principals: IPrincipal[]) {
    super();
    this.addPrincipals(...principals);
  }

  /** Adds principals (a CompositePrincipal given is flattened). */
  public addPrincipals(...principals: IPrincipal[]): this {
    for (const p of principals) {
      if (!(p instanceof PrincipalBase)) {
        throw new LambdaformError(userLine(), `CompositePrincipal takes principals such as new ServicePrincipal('lambda.amazonaws.com'), got ${describeValue(p)}`, 'wrong-type');
      }
      if (p instanceof CompositePrincipal) this._principals.push(...p.principals);
      else this._principals.push(p);
    }
    return this;
  }

  /** The principals, flattened. */
  public get principals(): readonly IPrincipal[] {
    return this._principals;
  }

  public toString(): string {
    return `CompositePrincipal(${this._principals.map(String).join(', ')})`;
  }
}

/** Whether a statement allows or denies. */
export enum Effect {
  ALLOW = 'Allow',
  DENY = 'Deny',
}

/** Conditions of a statement: operator → condition key → value(s), as IAM writes them. */
export type Conditions = Record<string, Record<string, unknown>>;

/** Properties of a `PolicyStatement` (IAM identity policy statement). */
export interface PolicyStatementProps {
  /** Statement id. @default none */
  readonly sid?: string;
  /** Allow or deny. @default Effect.ALLOW */
  readonly effect?: Effect;
  /** IAM actions, `service:Action` (`sqs:SendMessage`; wildcards such as `s3:Get*` allowed). Give this or `notActions`. @default none */
  readonly actions?: readonly string[];
  /** Every action except these. Give this or `actions`. @default none */
  readonly notActions?: readonly string[];
  /** Resource ARNs (tokens allowed). Give this or `notResources`. @default none */
  readonly resources?: readonly string[];
  /** Every resource except these. Give this or `resources`. @default none */
  readonly notResources?: readonly string[];
  /** Conditions: `{ StringEquals: { 'aws:SourceAccount': '123456789012' } }`. @default none */
  readonly conditions?: Conditions;
}

const ACTION_RE = /^([a-zA-Z0-9-]+:[A-Za-z0-9*?]+|\*)$/;

const STATEMENT_FIELDS: Fields = {
  sid: P.string({ text: { minLength: 1, maxLength: 128, pattern: /^[A-Za-z0-9]+$/, allowed: 'letters and digits', source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html' } }),
  effect: P.enumOf(Effect as unknown as Record<string, string>, 'Effect'),
  actions: P.array(P.string()),
  notActions: P.array(P.string()),
  resources: P.array(P.string()),
  notResources: P.array(P.string()),
  conditions: P.jsonObject(),
};

/** Properties of a `PolicyDocument`. */
export interface PolicyDocumentProps {
  /**
   * Initial statements to add to the policy document.
   * @default - no statements
   */
  readonly statements?: PolicyStatement[];
}

/**
 * A list of IAM statements, as aws-cdk-lib's `PolicyDocument`: the value of an entry of
 * `RoleProps.inlinePolicies`.
 */
export class PolicyDocument {
  private readonly _statements: PolicyStatement[] = [];

  constructor(props: PolicyDocumentProps = {}) {
    const problems = checkProps('PolicyDocument', 'PolicyDocumentProps', { statements: P.array(P.instance('a PolicyStatement', (v) => v instanceof PolicyStatement)) }, props);
    throwProblems(undefined, problems.map((p) => ({ ...p, path: undefined, message: `PolicyDocument: ${p.message}` })));
    this._statements.push(...(props.statements ?? []));
  }

  /** Adds statements to the document. */
  public addStatements(...statements: PolicyStatement[]): void {
    this._statements.push(...statements);
  }

  /** The statements, in the order they were added. */
  public get statements(): readonly PolicyStatement[] {
    return [...this._statements];
  }

  /** The number of statements. */
  public get statementCount(): number {
    return this._statements.length;
  }

  /** Whether the document has no statements. */
  public get isEmpty(): boolean {
    return this._statements.length === 0;
  }
}

/** An IAM statement, as in `aws-cdk-lib/aws-iam`: `new PolicyStatement({ actions: [...], resources: [...] })`. */
export class PolicyStatement {
  public readonly sid: string | undefined;
  public readonly effect: Effect;
  private readonly _actions: string[];
  private readonly _notActions: string[];
  private readonly _resources: string[];
  private readonly _notResources: string[];
  private readonly _conditions: Conditions;

  constructor(props: PolicyStatementProps = {}) {
    const problems = checkProps('PolicyStatement', 'PolicyStatementProps', STATEMENT_FIELDS, props);
    throwProblems(undefined, problems.map((p) => ({ ...p, path: undefined, message: `PolicyStatement: ${p.message}` })));
    this.sid = props.sid;
    this.effect = props.effect ?? Effect.ALLOW;
    this._actions = [...(props.actions ?? [])];
    this._notActions = [...(props.notActions ?? [])];
    this._resources = [...(props.resources ?? [])];
    this._notResources = [...(props.notResources ?? [])];
    // A copy of the caller's conditions (most statements have none: no structured clone of nothing for every grant).
    this._conditions = props.conditions === undefined ? {} : (structuredClone(props.conditions) as Conditions);
  }

  /** Adds actions. */
  public addActions(...actions: string[]): void {
    this._actions.push(...actions);
  }
  /** Adds resources. */
  public addResources(...arns: string[]): void {
    this._resources.push(...arns);
  }
  /** Makes the statement apply to every resource (`*`). */
  public addAllResources(): void {
    this._resources.push('*');
  }
  /** Adds a condition: `addCondition('StringLike', { 's3:prefix': ['reports/*'] })`. */
  public addCondition(operator: string, value: Record<string, unknown>): void {
    this._conditions[operator] = { ...(this._conditions[operator] ?? {}), ...value };
  }

  public get actions(): readonly string[] {
    return this._actions;
  }
  public get notActions(): readonly string[] {
    return this._notActions;
  }
  public get resources(): readonly string[] {
    return this._resources;
  }
  public get notResources(): readonly string[] {
    return this._notResources;
  }
  public get conditions(): Readonly<Conditions> {
    return this._conditions;
  }

  /** Why IAM would refuse the statement (for messages), one problem per issue. */
  public problems(path: string, reason: string): Problem[] {
    const out = new ProblemList(path, `${reason}: `);
    if (this._actions.length && this._notActions.length) out.add('conflicting-properties', 'actions', 'give actions or notActions, not both');
    if (!this._actions.length && !this._notActions.length) out.add('missing-property', 'actions', 'a statement needs at least one action (actions or notActions)');
    if (this._resources.length && this._notResources.length) out.add('conflicting-properties', 'resources', 'give resources or notResources, not both');
    if (!this._resources.length && !this._notResources.length) out.add('missing-property', 'resources', 'a statement needs at least one resource (resources or notResources)');
    for (const a of [...this._actions, ...this._notActions]) {
      if (!ACTION_RE.test(a)) out.add('invalid-format', 'actions', `IAM action must look like 'service:Action' (wildcards * and ? allowed), got '${a}'`);
    }
    for (const r of [...this._resources, ...this._notResources]) {
      if (!Token.isUnresolved(r) && r !== '*' && !r.startsWith('arn:')) out.add('invalid-format', 'resources', `a resource must be an ARN (arn:...) or '*', got '${r}'`);
    }
    for (const [op, body] of Object.entries(this._conditions)) {
      if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length === 0) {
        out.add('invalid-format', 'conditions', `condition ${op} must map condition keys to values, e.g. { StringEquals: { 'aws:SourceAccount': '123456789012' } }`);
      }
    }
    return out.list;
  }

  /** The statement as a plain object (for `addToRolePolicy({...})` callers and tests). */
  public toJSON(): PolicyStatementProps {
    return {
      ...(this.sid !== undefined ? { sid: this.sid } : {}),
      effect: this.effect,
      ...(this._actions.length ? { actions: [...this._actions] } : {}),
      ...(this._notActions.length ? { notActions: [...this._notActions] } : {}),
      ...(this._resources.length ? { resources: [...this._resources] } : {}),
      ...(this._notResources.length ? { notResources: [...this._notResources] } : {}),
      ...(Object.keys(this._conditions).length ? { conditions: this._conditions } : {}),
    };
  }
}

/** Something that can be granted permissions (a function grants through its execution role). */
export interface IGrantable {
  /** The role that receives the statements. */
  readonly grantPrincipal: Role;
}

/** A managed policy, as aws-cdk-lib's `IManagedPolicy`: what `role.addManagedPolicy` and `managedPolicies` take. */
export interface IManagedPolicy {
  /** The policy's ARN (may hold tokens). */
  readonly managedPolicyArn: string;
}

/**
 * Managed policies by name or ARN, as aws-cdk-lib's `ManagedPolicy`:
 * `role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'))`.
 * A new customer managed policy (`new ManagedPolicy(scope, id, {...})`, an `AWS::IAM::ManagedPolicy`)
 * is not supported: a `Policy` attached to the role holds the same statements.
 */
export class ManagedPolicy implements IManagedPolicy {
  /**
   * A policy AWS manages, by its name with its path: `service-role/AWSLambdaBasicExecutionRole`,
   * `AWSXRayDaemonWriteAccess`. Its ARN is `arn:<partition>:iam::aws:policy/<name>`.
   */
  public static fromAwsManagedPolicyName(managedPolicyName: string): IManagedPolicy {
    if (typeof managedPolicyName !== 'string' || !/^[\w+=,.@/-]{1,512}$/.test(managedPolicyName) || managedPolicyName.startsWith('arn:')) {
      throw new LambdaformError(
        userLine(),
        `ManagedPolicy.fromAwsManagedPolicyName takes the name of an AWS managed policy with its path ('service-role/AWSLambdaBasicExecutionRole'), got ${typeof managedPolicyName === 'string' ? `'${managedPolicyName}'` : describeValue(managedPolicyName)}${typeof managedPolicyName === 'string' && managedPolicyName.startsWith('arn:') ? '; for an ARN use ManagedPolicy.fromManagedPolicyArn(scope, id, arn)' : ''}`,
        'invalid-format',
      );
    }
    return Object.freeze({ managedPolicyArn: `arn:${Aws.PARTITION}:iam::aws:policy/${managedPolicyName}` });
  }

  /** A managed policy by ARN (an AWS managed one, or a customer managed one made elsewhere). */
  public static fromManagedPolicyArn(scope: Construct, id: string, managedPolicyArn: string): IManagedPolicy {
    if (typeof managedPolicyArn !== 'string' || !(Token.isUnresolved(managedPolicyArn) || /^arn:[^:]+:iam::(aws|\d{12}):policy\/.+$/.test(managedPolicyArn))) {
      throw new LambdaformError(
        scope?.node ? `${scope.node.path}/${id}` : userLine(),
        `a managed policy ARN looks like 'arn:aws:iam::123456789012:policy/name', got ${typeof managedPolicyArn === 'string' ? `'${managedPolicyArn}'` : describeValue(managedPolicyArn)}`,
        'invalid-format',
      );
    }
    // As in aws-cdk-lib, the import takes its id in the scope (the same id twice is refused).
    new Construct(scope, id);
    return Object.freeze({ managedPolicyArn });
  }

  /** A customer managed policy of this stack's account, by name (`arn:<partition>:iam::<account>:policy/<name>`). */
  public static fromManagedPolicyName(scope: Construct, id: string, managedPolicyName: string): IManagedPolicy {
    if (typeof managedPolicyName !== 'string' || !(Token.isUnresolved(managedPolicyName) || /^[\w+=,.@-]{1,128}$/.test(managedPolicyName))) {
      throw new LambdaformError(scope?.node ? `${scope.node.path}/${id}` : userLine(), `a managed policy name is 1-128 letters, digits and +=,.@_-, got ${typeof managedPolicyName === 'string' ? `'${managedPolicyName}'` : describeValue(managedPolicyName)}`, 'invalid-format');
    }
    return ManagedPolicy.fromManagedPolicyArn(scope, id, `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${managedPolicyName}`);
  }

  /** Never set: a new managed policy is refused. */
  public readonly managedPolicyArn: string = '';

  /** Refused: lambdaform does not create customer managed policies (`AWS::IAM::ManagedPolicy`). */
  constructor(scope: Construct, id: string, _props?: unknown) {
    throw new LambdaformError(
      scope?.node ? `${scope.node.path}/${id}` : userLine(),
      "new ManagedPolicy(scope, id, {...}) (a customer managed policy, AWS::IAM::ManagedPolicy) is not supported by lambdaform: put the statements in a Policy attached to the role (new Policy(scope, id, { statements, roles: [role] }), or fn.addToRolePolicy(statement)); attach existing managed policies with ManagedPolicy.fromAwsManagedPolicyName(name) or ManagedPolicy.fromManagedPolicyArn(scope, id, arn)",
      'unsupported-construct',
    );
  }
}

const isManagedPolicy = (v: unknown): v is IManagedPolicy => typeof v === 'object' && v !== null && typeof (v as IManagedPolicy).managedPolicyArn === 'string' && (v as IManagedPolicy).managedPolicyArn !== '';
const MANAGED_POLICY_EXAMPLE = "ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')";

/** A prop aws-cdk-lib has and lambdaform does not model: refused with why and the closest supported way. */
function unsupported(message: string): Spec {
  return { expected: 'nothing', required: false, types: (_v, at) => [{ code: 'unsupported-property', path: at.path, property: at.property, message }], values: () => [] };
}

/** Properties of a `Role`. */
export interface RoleProps {
  /**
   * Who may assume the role: a service (`new ServicePrincipal('lambda.amazonaws.com')`), or
   * several services (`new CompositePrincipal(...)`). Accounts and ARNs are refused: lambdaform's
   * roles are execution roles, trusted by services.
   */
  readonly assumedBy: IPrincipal;
  /** Managed policies: `[ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')]`. @default none */
  readonly managedPolicies?: readonly IManagedPolicy[];
  /** A fixed role name (1-64 characters). @default generated by CloudFormation */
  readonly roleName?: string;
  /**
   * Policies to put in the role, by name: `{ s3: new PolicyDocument({ statements: [...] }) }`.
   * lambdaform adds their statements to the role's own inline policy (the one its grants and
   * `addToPolicy` write), where aws-cdk-lib writes one inline policy per name: the same permissions.
   * @default none
   */
  readonly inlinePolicies?: { readonly [name: string]: PolicyDocument };
}

const OVERRIDE = (property: string, example: string): string => `write it with role.addPropertyOverride('${property}', ${example})`;

const ROLE_FIELDS: Fields = {
  assumedBy: P.instance('IPrincipal', (v) => v instanceof PrincipalBase, { required: true, example: "new ServicePrincipal('lambda.amazonaws.com')" }),
  managedPolicies: P.array(P.instance('IManagedPolicy', isManagedPolicy, { example: MANAGED_POLICY_EXAMPLE })),
  roleName: P.string({ text: LIMITS.role.roleName }),
  inlinePolicies: P.record(P.instance('PolicyDocument', (v) => v instanceof PolicyDocument, { example: 'new PolicyDocument({ statements: [...] })' })),
  externalIds: unsupported("externalIds (aws-cdk-lib's RoleProps.externalIds) is not supported by lambdaform: its roles are trusted by services, which give no external id"),
  externalId: unsupported("externalId (aws-cdk-lib's RoleProps.externalId) is not supported by lambdaform: its roles are trusted by services, which give no external id"),
  permissionsBoundary: unsupported(`permissionsBoundary (aws-cdk-lib's RoleProps.permissionsBoundary) is not supported by lambdaform: ${OVERRIDE('PermissionsBoundary', 'policyArn')}`),
  path: unsupported(`path (aws-cdk-lib's RoleProps.path) is not supported by lambdaform: ${OVERRIDE('Path', "'/service/'")}`),
  maxSessionDuration: unsupported(`maxSessionDuration (aws-cdk-lib's RoleProps.maxSessionDuration) is not supported by lambdaform: ${OVERRIDE('MaxSessionDuration', '3600')}`),
  description: unsupported(`description (aws-cdk-lib's RoleProps.description) is not supported by lambdaform: ${OVERRIDE('Description', "'...'")}`),
};

/** The services a role may be assumed by, or the problem with `assumedBy`. */
function trustedServices(path: string, assumedBy: IPrincipal): { services: string[]; problem?: Problem } {
  const all = assumedBy instanceof CompositePrincipal ? assumedBy.principals : [assumedBy];
  const other = all.find((p) => !(p instanceof ServicePrincipal));
  if (other !== undefined || all.length === 0) {
    return {
      services: [],
      problem: {
        code: 'unsupported-principal',
        path,
        property: 'assumedBy',
        message: `assumedBy: lambdaform's roles are trusted by services only (its model holds service principals), got ${other !== undefined ? String(other) : 'an empty CompositePrincipal'}; give new ServicePrincipal('lambda.amazonaws.com'), or new CompositePrincipal(...) of service principals (an AccountPrincipal or ArnPrincipal can be given a function's permission: fn.addPermission(id, { principal: '123456789012' }))`,
      },
    };
  }
  return { services: [...new Set(all.map((p) => (p as ServicePrincipal).service))] };
}

interface Grant {
  readonly source: SourceLocation | undefined;
  readonly statement: PolicyStatement;
  readonly target: IConstruct | undefined;
  readonly reason: string;
}

/**
 * Checks a statement as IAM would (throws the problems) and warns, on `scope`, about one that
 * allows every action.
 */
function checkStatement(scope: IConstruct, s: PolicyStatement, reason: string): void {
  const path = scope.node.path;
  throwProblems(path, s.problems(path, reason));
  if (s.effect === Effect.ALLOW && s.actions.includes('*')) {
    Annotations.of(scope).addWarning(`${reason}: the statement allows every action ('*') on ${s.resources.join(', ') || 'the resources'}; list the actions the code needs`, 'wildcard-action');
  } else if (s.effect === Effect.ALLOW && s.notActions.length > 0) {
    Annotations.of(scope).addWarning(`${reason}: the statement allows every action but ${s.notActions.join(', ')} (notActions) on ${s.resources.join(', ') || 'the resources'}; list the actions the code needs`, 'wildcard-action');
  }
}

/** A statement as the props of a grant edge, and the node it is about. */
/** Resources of a statement as model values; undefined when there are none. */
function resolveAll(b: StackModelBuilder, path: string, list: readonly string[]): ModelValue[] | undefined {
  return list.length ? list.map((r) => b.resolve(r, path)) : undefined;
}

function grantEdge(b: StackModelBuilder, path: string, g: Grant): { to: IConstruct | string | undefined; props: EdgeInput<'grant'>['props'] } {
  const s = g.statement;
  const resources = resolveAll(b, path, s.resources);
  const notResources = resolveAll(b, path, s.notResources);
  // The resource the statement is about: the given target, else the one node its resources reference.
  const referenced = [...collectRefs([resources ?? [], notResources ?? []])];
  return {
    to: g.target ?? (referenced.length === 1 ? referenced[0] : undefined),
    props: {
      sid: s.sid,
      effect: s.effect,
      actions: s.actions.length ? [...new Set(s.actions)].sort() : undefined,
      notActions: s.notActions.length ? [...new Set(s.notActions)].sort() : undefined,
      resources,
      notResources,
      conditions: Object.keys(s.conditions).length ? b.resolve(s.conditions, path) : undefined,
      reason: g.reason,
    },
  };
}

/** An IAM role with an inline policy built from grants and statements. */
export class Role extends Resource implements IGrantable {
  /** The role ARN (token). */
  public readonly roleArn: string;
  /** The role name (token). */
  public readonly roleName: string;
  public readonly grantPrincipal: Role = this;

  private readonly services: readonly string[];
  /** By ARN: the same policy twice is attached once. */
  private readonly managedPolicies = new Map<string, IManagedPolicy>();
  private readonly grants: Grant[] = [];
  private readonly attachedPolicies: Policy[] = [];
  private readonly fixedName: string | undefined;

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'RoleProps', ROLE_FIELDS, props);
    const trust = problems.length ? undefined : trustedServices(path, props.assumedBy);
    if (trust?.problem) problems.push(trust.problem);
    throwProblems(path, problems);
    this.services = trust!.services;
    this.fixedName = props.roleName;
    for (const p of props.managedPolicies ?? []) this.addManagedPolicy(p);
    for (const [name, doc] of Object.entries(props.inlinePolicies ?? {})) {
      for (const statement of doc.statements) this.addToPolicy(statement, `inlinePolicies.${name}`);
    }
    this.roleArn = this.attribute('Arn');
    this.roleName = this.attribute('Name');
  }

  /** Attaches a managed policy: `role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'))`. */
  public addManagedPolicy(policy: IManagedPolicy): void {
    if (!isManagedPolicy(policy)) {
      const hint = typeof policy === 'string' ? ` (a name is written ManagedPolicy.fromAwsManagedPolicyName('${String(policy)}'))` : '';
      throw new LambdaformError(this.node.path, `addManagedPolicy takes an IManagedPolicy such as ${MANAGED_POLICY_EXAMPLE}, got ${describeValue(policy)}${hint}`, 'wrong-type');
    }
    if (!this.managedPolicies.has(policy.managedPolicyArn)) this.managedPolicies.set(policy.managedPolicyArn, policy);
  }

  /**
   * Attaches a `Policy` (an `AWS::IAM::Policy` naming this role); its statements are the role's
   * as much as those of `addToPolicy`.
   */
  public attachInlinePolicy(policy: Policy): void {
    if (!(policy instanceof Policy)) {
      throw new LambdaformError(this.node.path, `attachInlinePolicy takes a Policy (new Policy(scope, id, { statements })), got ${describeValue(policy)}`, 'wrong-type');
    }
    policy.attachToRole(this);
  }

  /** @internal Records a policy attached by `policy.attachToRole(this)`: its name must be free on this role. */
  public _attachPolicy(policy: Policy): void {
    const name = policy.policyName;
    const same = this.attachedPolicies.find((p) => p.policyName === name);
    if (same) throw new LambdaformError(policy.node.path, `a policy named '${name}' is already attached to ${this.node.path} (${same.node.path}); give the policies different policyName values`, 'duplicate-name');
    if (RESERVED_POLICY_NAMES.has(name)) {
      throw new LambdaformError(policy.node.path, `policyName '${name}' is the name of ${this.node.path}'s own inline policy (its grants and addToPolicy statements), which it would replace; give the Policy another policyName`, 'reserved-name');
    }
    this.attachedPolicies.push(policy);
  }

  /**
   * Adds a statement to the role's inline policy: a `PolicyStatement`, or its props as a plain
   * object (unknown keys are refused). A statement with a `*` action is allowed and reported as a
   * warning (the linter reports it too). Returns true (the statement was added), as aws-cdk-lib.
   * @param reason what the statement is for, kept in the model (`grantConsumeMessages`)
   * @param target the resource construct the statement is about, when it is one
   */
  public addToPolicy(statement: PolicyStatement | PolicyStatementProps, reason = 'addToPolicy', target?: IConstruct): boolean {
    const path = this.node.path;
    let s: PolicyStatement;
    if (statement instanceof PolicyStatement) s = statement;
    else {
      const problems = checkProps(path, 'PolicyStatementProps', STATEMENT_FIELDS, statement);
      throwProblems(path, problems.map((p) => ({ ...p, message: `${reason}: ${p.message}` })));
      s = new PolicyStatement(statement);
    }
    checkStatement(this, s, reason);
    this.grants.push({ statement: s, target, reason, source: recordSource() });
    return true;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const path = this.node.path;
    b.addNode(this, {
      kind: 'role',
      props: {
        roleName: this.fixedName,
        assumedBy: [...this.services],
        // Sorted by ARN (AWS managed ones by name), so the template does not depend on the order of calls.
        managedPolicies: [...this.managedPolicies.keys()].sort().map((arn) => b.resolve(arn, path)),
      },
    });
    this.grants.forEach((g, i) => {
      const { to, props } = grantEdge(b, path, g);
      b.addEdge({ kind: 'grant', id: `${path}#grant${i}`, from: this, to, source: g.source, props });
    });
  }
}

/** The names of the inline policies a role writes itself (`synth/cfn/role.ts`): a Policy of that name would replace it. */
const RESERVED_POLICY_NAMES: ReadonlySet<string> = new Set(['default', 'notification-sources']);

/** Properties of a `Policy`. */
export interface PolicyProps {
  /**
   * The policy's name, unique among the policies of each of its roles: 1-128 letters, digits and
   * +=,.@_- .
   * @default the logical id of the policy (its last 128 characters), as aws-cdk-lib
   */
  readonly policyName?: string;
  /** Statements of the policy; more with `addStatements`. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** Roles to attach the policy to; more with `attachToRole`. @default none */
  readonly roles?: readonly Role[];
}

const POLICY_FIELDS: Fields = {
  policyName: P.string({ text: { minLength: 1, maxLength: 128, pattern: /^[\w+=,.@-]+$/, allowed: 'letters, digits and +=,.@_-', source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html' } }),
  statements: P.array(P.instance('PolicyStatement', (v) => v instanceof PolicyStatement, { example: "new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] })" })),
  roles: P.array(P.instance('Role', (v) => v instanceof Role, { example: 'fn.role' })),
  users: unsupported("users (aws-cdk-lib's PolicyProps.users) is not supported by lambdaform: IAM users are not modelled; attach the policy to roles (roles: [fn.role], or policy.attachToRole(role))"),
  groups: unsupported("groups (aws-cdk-lib's PolicyProps.groups) is not supported by lambdaform: IAM groups are not modelled; attach the policy to roles (roles: [fn.role], or policy.attachToRole(role))"),
  document: unsupported("document (aws-cdk-lib's PolicyProps.document) is not supported by lambdaform: give the statements, statements: [new PolicyStatement({...})], or add them with policy.addStatements(...)"),
  force: unsupported("force (aws-cdk-lib's PolicyProps.force) is not supported by lambdaform: a Policy is written when it has statements and a role, as aws-cdk-lib does without force; give it both"),
};

/**
 * An inline IAM policy attached to roles, as aws-cdk-lib's `Policy`: an `AWS::IAM::Policy`
 * (`PolicyName`, `PolicyDocument`, `Roles`). Its statements are in the model as the grants
 * of each role, so the linter reads them as it reads `addToRolePolicy`'s. A policy without
 * statements or without a role is not written, as in aws-cdk-lib.
 */
export class Policy extends Resource {
  private readonly fixedName: string | undefined;
  private readonly statements: Grant[] = [];
  private readonly roles: Role[] = [];

  constructor(scope: Construct, id: string, props: PolicyProps = {}) {
    super(scope, id);
    throwProblems(this.node.path, checkProps(this.node.path, 'PolicyProps', POLICY_FIELDS, props));
    this.fixedName = props.policyName;
    for (const r of props.roles ?? []) this.attachToRole(r);
    if (props.statements?.length) this.addStatements(...props.statements);
  }

  /** The policy's name: the one given, else the last 128 characters of its logical id. */
  public get policyName(): string {
    return this.fixedName ?? this.logicalId.slice(-128);
  }

  /** Adds statements to the policy. */
  public addStatements(...statements: PolicyStatement[]): void {
    const source = recordSource();
    statements.forEach((s, i) => {
      if (!(s instanceof PolicyStatement)) {
        throw new LambdaformError(this.node.path, `addStatements takes PolicyStatement objects (new PolicyStatement({ actions, resources })), got ${describeValue(s)} at position ${i}`, 'wrong-type');
      }
    });
    for (const s of statements) {
      checkStatement(this, s, this.reason);
      this.statements.push({ statement: s, target: undefined, reason: this.reason, source });
    }
  }

  /** Attaches the policy to a role (once; the role's other policies must have other names). */
  public attachToRole(role: Role): void {
    if (!(role instanceof Role)) {
      throw new LambdaformError(this.node.path, `attachToRole takes a Role (fn.role, or new Role(...)), got ${describeValue(role)}`, 'wrong-type');
    }
    if (this.roles.includes(role)) return;
    role._attachPolicy(this);
    this.roles.push(role);
  }

  /** Why its statements exist, in lint messages. */
  private get reason(): string {
    return `Policy ${this.node.path}`;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    // As aws-cdk-lib: a policy with no statement or no role would have no effect, and is left out.
    if (this.statements.length === 0 || this.roles.length === 0) return;
    const path = this.node.path;
    b.addNode(this, {
      kind: 'raw',
      props: {
        type: 'AWS::IAM::Policy',
        properties: {
          PolicyName: b.resolve(this.policyName, path),
          PolicyDocument: { Version: '2012-10-17', Statement: documentStatements(b, path, this.statements.map((g) => g.statement)) },
          Roles: this.roles.map((r) => b.resolve(r.roleName, path)),
        } as Record<string, ModelValue>,
      },
    });
    // The statements as grants of each role, written by this policy (partOf): the roles' own policies leave them out.
    for (const role of this.roles) {
      this.statements.forEach((g, i) => {
        const { to, props } = grantEdge(b, path, g);
        const id = this.roles.length === 1 ? `${path}#grant${i}` : `${path}#${role.node.path}#grant${i}`;
        b.addEdge({ kind: 'grant', id, from: role, to, source: g.source, partOf: this, props });
      });
    }
  }
}

/**
 * The statements of a policy document, as IAM writes them (a list of one as the one value);
 * plain statements (no `Sid`, actions on resources) with the same effect, resources and conditions
 * are merged into one with their actions sorted, as the role's own policy merges them.
 */
function documentStatements(b: StackModelBuilder, path: string, statements: readonly PolicyStatement[]): ModelValue[] {
  const one = (v: ModelValue[] | undefined): ModelValue | undefined => (v === undefined ? undefined : v.length === 1 ? v[0] : v);
  const out: Array<{ key?: string; actions: string[]; s: PolicyStatement }> = [];
  for (const s of statements) {
    const plain = s.sid === undefined && s.actions.length > 0 && s.resources.length > 0;
    const key = plain ? JSON.stringify([s.effect, s.resources, s.conditions]) : undefined;
    const existing = key === undefined ? undefined : out.find((o) => o.key === key);
    if (existing) existing.actions = [...new Set([...existing.actions, ...s.actions])].sort();
    else out.push({ key, actions: [...new Set(s.actions)].sort(), s });
  }
  return out.map(({ actions, s }) => {
    const list = (l: readonly string[]) => (l.length ? l.map((x) => b.resolve(x, path)) : undefined);
    const statement: Record<string, ModelValue | undefined> = {
      Sid: s.sid,
      Effect: s.effect,
      Action: one(actions.length ? actions : undefined),
      NotAction: one(s.notActions.length ? [...new Set(s.notActions)].sort() : undefined),
      Resource: one(list(s.resources)),
      NotResource: one(list(s.notResources)),
      Condition: Object.keys(s.conditions).length ? b.resolve(s.conditions, path) : undefined,
    };
    return Object.fromEntries(Object.entries(statement).filter(([, v]) => v !== undefined)) as ModelValue;
  });
}

/**
 * Adds `actions` on `resources` to the grantee's role: the one place every grant method goes
 * through.
 * @param conditions IAM conditions narrowing the grant (`{ StringLike: { 's3:prefix': ['reports/*'] } }`)
 */
export function grant(grantee: IGrantable, actions: readonly string[], resources: readonly string[], reason: string, target?: IConstruct, conditions?: Conditions): void {
  if (!grantee || !(grantee.grantPrincipal instanceof Role)) {
    throw new LambdaformError(target?.node.path, `${reason}: the grantee must be a Function or a Role (something with a grantPrincipal), got ${describeValue(grantee)}`, 'wrong-type');
  }
  grantee.grantPrincipal.addToPolicy(new PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }), reason, target);
}
