import type { Construct, IConstruct } from 'constructs';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import { Annotations } from '../core/annotations.js';
import { checkProps, describeValue, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { captureSource, formatSource, type SourceLocation } from '../core/source.js';
import { Token } from '../core/tokens.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { LIMITS } from '../model/defaults.js';
import { collectRefs } from '../model/values.js';

/** A service that can be trusted by a role or allowed to invoke a function: `new ServicePrincipal('lambda.amazonaws.com')`. */
export class ServicePrincipal {
  constructor(public readonly service: string) {
    if (typeof service !== 'string' || !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(service)) {
      // No construct yet: the error points at the user's line.
      const at = captureSource();
      throw new LambdaformError(at ? formatSource(at) : undefined, `a service principal looks like 'lambda.amazonaws.com', got ${typeof service === 'string' ? `'${service}'` : describeValue(service)}`, 'invalid-format');
    }
  }

  public toString(): string {
    return this.service;
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
    this._conditions = structuredClone(props.conditions ?? {}) as Conditions;
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
    const out: Problem[] = [];
    const add = (code: string, message: string, property?: string): void => void out.push({ code, path, ...(property ? { property } : {}), message: `${reason}: ${message}` });
    if (this._actions.length && this._notActions.length) add('conflicting-properties', 'give actions or notActions, not both', 'actions');
    if (!this._actions.length && !this._notActions.length) add('missing-property', 'a statement needs at least one action (actions or notActions)', 'actions');
    if (this._resources.length && this._notResources.length) add('conflicting-properties', 'give resources or notResources, not both', 'resources');
    if (!this._resources.length && !this._notResources.length) add('missing-property', 'a statement needs at least one resource (resources or notResources)', 'resources');
    for (const a of [...this._actions, ...this._notActions]) {
      if (!ACTION_RE.test(a)) add('invalid-format', `IAM action must look like 'service:Action' (wildcards * and ? allowed), got '${a}'`, 'actions');
    }
    for (const r of [...this._resources, ...this._notResources]) {
      if (!Token.isUnresolved(r) && r !== '*' && !r.startsWith('arn:')) add('invalid-format', `a resource must be an ARN (arn:...) or '*', got '${r}'`, 'resources');
    }
    for (const [op, body] of Object.entries(this._conditions)) {
      if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length === 0) {
        add('invalid-format', `condition ${op} must map condition keys to values, e.g. { StringEquals: { 'aws:SourceAccount': '123456789012' } }`, 'conditions');
      }
    }
    return out;
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

/** Properties of a `Role`. */
export interface RoleProps {
  /** The service allowed to assume the role. */
  readonly assumedBy: ServicePrincipal;
  /** AWS managed policy names (`service-role/AWSLambdaBasicExecutionRole`). @default none */
  readonly managedPolicies?: readonly string[];
  /** A fixed role name (1-64 characters). @default generated by CloudFormation */
  readonly roleName?: string;
}

const ROLE_FIELDS: Fields = {
  assumedBy: P.instance('ServicePrincipal', (v) => v instanceof ServicePrincipal, { required: true, example: "new ServicePrincipal('lambda.amazonaws.com')" }),
  managedPolicies: P.array(P.string()),
  roleName: P.string({ text: LIMITS.role.roleName }),
};

interface Grant {
  readonly source: SourceLocation | undefined;
  readonly statement: PolicyStatement;
  readonly target: IConstruct | undefined;
  readonly reason: string;
}

/** An IAM role with an inline policy built from grants and statements. */
export class Role extends Resource implements IGrantable {
  /** The role ARN (token). */
  public readonly roleArn: string;
  /** The role name (token). */
  public readonly roleName: string;
  public readonly grantPrincipal: Role = this;

  private readonly assumedBy: ServicePrincipal;
  private readonly managedPolicies = new Set<string>();
  private readonly grants: Grant[] = [];
  private readonly fixedName: string | undefined;

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    throwProblems(this.node.path, checkProps(this.node.path, 'RoleProps', ROLE_FIELDS, props));
    this.assumedBy = props.assumedBy;
    this.fixedName = props.roleName;
    for (const p of props.managedPolicies ?? []) this.addManagedPolicy(p);
    this.roleArn = this.attribute('Arn');
    this.roleName = this.attribute('Name');
  }

  /** Attaches an AWS managed policy by name (`service-role/AWSLambdaVPCAccessExecutionRole`). */
  public addManagedPolicy(name: string): void {
    this.managedPolicies.add(name);
  }

  /**
   * Adds a statement to the role's inline policy: a `PolicyStatement`, or its props as a plain
   * object (unknown keys are refused). A statement with a `*` action is allowed and reported as a
   * warning (the linter reports it too).
   * @param reason what the statement is for, kept in the model (`grantConsumeMessages`)
   * @param target the resource construct the statement is about, when it is one
   */
  public addToPolicy(statement: PolicyStatement | PolicyStatementProps, reason = 'addToPolicy', target?: IConstruct): void {
    const path = this.node.path;
    let s: PolicyStatement;
    if (statement instanceof PolicyStatement) s = statement;
    else {
      const problems = checkProps(path, 'PolicyStatementProps', STATEMENT_FIELDS, statement);
      throwProblems(path, problems.map((p) => ({ ...p, message: `${reason}: ${p.message}` })));
      s = new PolicyStatement(statement);
    }
    throwProblems(path, s.problems(path, reason));
    if (s.effect === Effect.ALLOW && s.actions.includes('*')) {
      Annotations.of(this).addWarning(`${reason}: the statement allows every action ('*') on ${s.resources.join(', ') || 'the resources'}; list the actions the code needs`, 'wildcard-action');
    } else if (s.effect === Effect.ALLOW && s.notActions.length > 0) {
      Annotations.of(this).addWarning(`${reason}: the statement allows every action but ${s.notActions.join(', ')} (notActions) on ${s.resources.join(', ') || 'the resources'}; list the actions the code needs`, 'wildcard-action');
    }
    this.grants.push({ statement: s, target, reason, source: captureSource() });
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const partition = { $pseudo: 'AWS::Partition' } as const;
    b.addNode(this, {
      kind: 'role',
      props: {
        roleName: this.fixedName,
        assumedBy: [this.assumedBy.service],
        managedPolicies: [...this.managedPolicies].sort().map((name) => ({ $join: ['arn:', partition, `:iam::aws:policy/${name}`] })),
      },
    });
    this.grants.forEach((g, i) => {
      const s = g.statement;
      const resolve = (list: readonly string[]) => (list.length ? list.map((r) => b.resolve(r, this.node.path)) : undefined);
      const resources = resolve(s.resources);
      const notResources = resolve(s.notResources);
      // The resource the statement is about: the given target, else the one node its resources reference.
      const referenced = [...collectRefs([resources ?? [], notResources ?? []])];
      const to = g.target ?? (referenced.length === 1 ? referenced[0] : undefined);
      b.addEdge({
        kind: 'grant',
        id: `${this.node.path}#grant${i}`,
        from: this,
        to,
        source: g.source,
        props: {
          sid: s.sid,
          effect: s.effect,
          actions: s.actions.length ? [...new Set(s.actions)].sort() : undefined,
          notActions: s.notActions.length ? [...new Set(s.notActions)].sort() : undefined,
          resources,
          notResources,
          conditions: Object.keys(s.conditions).length ? b.resolve(s.conditions, this.node.path) : undefined,
          reason: g.reason,
        },
      });
    });
  }
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
