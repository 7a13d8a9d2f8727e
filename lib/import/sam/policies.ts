/**
 * The execution role SAM generates for a function without `Role` (`<Function>Role`), as the SAM
 * translator 1.110 builds it (`SamFunction._construct_role`, `construct_role_for_resource`, the
 * event sources' `_link_policy`):
 *
 * - trust: `AssumeRolePolicyDocument`, or `lambda.amazonaws.com`;
 * - managed policies: `AWSLambdaBasicExecutionRole` (`AWSLambdaBasicDurableExecutionRolePolicy`
 *   with `DurableConfig`), `AWSXrayWriteOnlyAccess` with `Tracing` (not `Disabled`),
 *   `AWSLambdaVPCAccessExecutionRole` with `VpcConfig`, then the `Policies` that name managed
 *   policies, then those the pull event sources add (`AWSLambdaSQSQueueExecutionRole` for SQS,
 *   `AWSLambdaKinesisExecutionRole`, `AWSLambdaDynamoDBExecutionRole`, `AWSLambdaMSKExecutionRole`);
 * - statements (grant edges): the `Policies` documents and policy templates, the dead-letter
 *   queue's, the async destinations', the stream events' on-failure destinations';
 * - `PermissionsBoundary` and `RolePath` as the role's overrides, the function's tags as its tags.
 *
 * The managed policies of the pull event sources grant their actions on every resource (`*`). So
 * that rules asking "may this role read that queue" see it as they do for lambdaform's own event
 * sources, each such event also gets a grant edge with the actions of the managed policy that
 * concern its source, on the source's ARN (the same actions lambdaform's `SqsEventSource`,
 * `KinesisEventSource` and `DynamoEventSource` grant); its reason names the managed policy.
 */
import type { ModelValue, PseudoValue } from '../../model/types.js';
import { collectRefs } from '../../model/values.js';
import { importGrants } from '../cfn/edges.js';
import type { ImportContext } from '../context.js';
import { obj, strings, type FunctionPlan, type SamImport } from './common.js';
import { isIntrinsic } from './globals.js';
import { MANAGED_POLICY_PATHS } from './managed-policies.js';
import { POLICY_TEMPLATES } from './policy-templates.js';

const PARTITION: PseudoValue = { $pseudo: 'AWS::Partition' };

/** The ARN of an AWS managed policy named with its path (`service-role/AWSLambdaBasicExecutionRole`), as lambdaform's roles hold it. */
export function managedPolicyArn(nameWithPath: string): ModelValue {
  return { $join: ['arn:', PARTITION, `:iam::aws:policy/${nameWithPath}`] };
}

/** A statement of the generated role, with why it is there and where it is written. */
interface PlannedStatement {
  readonly statement: Record<string, ModelValue>;
  readonly reason: string;
  /** Path below the function's Properties of what the statement comes from. */
  readonly at: ReadonlyArray<string | number>;
}

/** The generated role of one function, built up while its properties and events are read. */
export class GeneratedRole {
  private readonly managed: ModelValue[] = [];
  /** Statements and policy documents, in SAM's order. */
  private readonly entries: Array<PlannedStatement | { readonly document: ModelValue | undefined }> = [];

  constructor(
    private readonly sam: SamImport,
    public readonly fn: FunctionPlan,
    public readonly id: string,
    public readonly logicalId: string,
  ) {}

  /** Adds a managed policy ARN (once). */
  public addManaged(arn: ModelValue): void {
    const key = JSON.stringify(arn);
    if (!this.managed.some((m) => JSON.stringify(m) === key)) this.managed.push(arn);
  }

  /** Adds a statement (template form or resolved): its `Resource` names the node it is about. */
  public addStatement(statement: Record<string, ModelValue>, reason: string, at: ReadonlyArray<string | number>): void {
    this.entries.push({ statement, reason, at });
  }

  /** The role node and its grants (SAM's order: Policies, then what the function's settings and events add). */
  public emit(tags: Readonly<Record<string, string>>): void {
    const ctx = this.sam.ctx;
    const props = this.fn.props;
    const trust = obj(ctx.value(props.AssumeRolePolicyDocument));
    const services = trust
      ? (Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]).flatMap((s) => strings(obj(obj(s)?.Principal)?.Service))
      : ['lambda.amazonaws.com'];
    const overrides = [
      ...(trust ? [{ path: 'AssumeRolePolicyDocument', value: trust as ModelValue }] : []),
      ...(props.PermissionsBoundary !== undefined ? [{ path: 'PermissionsBoundary', value: ctx.value(props.PermissionsBoundary)! }] : []),
      ...(props.RolePath !== undefined ? [{ path: 'Path', value: ctx.value(props.RolePath)! }] : []),
    ].filter((o) => o.value !== undefined);
    this.sam.addNode({
      id: this.id,
      kind: 'role',
      logicalId: this.logicalId,
      origin: this.sam.originAt(this.fn.logicalId, this.id, ...(props.Policies !== undefined ? ['Policies'] : [])),
      tags,
      overrides,
      dependsOn: [],
      props: { assumedBy: services, managedPolicies: [...this.managed] },
    });
    for (const e of this.entries) {
      if ('document' in e) importGrants(ctx, this.id, [e.document], this.fn.logicalId);
      else grant(this.sam, this.id, e.statement, e.reason, this.sam.originAt(this.fn.logicalId, '', ...e.at));
    }
  }

  /** Reads `Policies` (run once, first): managed policies, documents and templates. */
  public readPolicies(): void {
    const ctx = this.sam.ctx;
    const fn = this.fn;
    const raw = fn.props.Policies;
    if (raw === undefined || raw === null) return;
    const list = Array.isArray(raw) ? raw : [raw];
    list.forEach((entry, i) => {
      const at = Array.isArray(raw) ? ['Policies', i] : ['Policies'];
      const p = chooseIf(ctx, entry);
      if (p === NOTHING) return;
      if (p === UNKNOWN) return this.sam.keep(fn.logicalId, at, 'property', 'a policy under a condition whose value is not known before deploy', entry, fn.id);
      if (typeof p === 'string' || isIntrinsic(p)) {
        const v = ctx.value(p);
        if (typeof v === 'string' && !v.startsWith('arn:')) this.addManaged(managedPolicyArn(`${MANAGED_POLICY_PATHS.get(v) ?? ''}${v}`));
        else if (v !== undefined) this.addManaged(v);
        return;
      }
      const o = obj(p);
      if (o && 'Statement' in o) {
        this.entries.push({ document: ctx.value(o) });
        return;
      }
      const name = o && Object.keys(o).length === 1 ? Object.keys(o)[0]! : undefined;
      const template = name !== undefined ? POLICY_TEMPLATES[name] : undefined;
      if (!template) return this.sam.keep(fn.logicalId, at, 'property', 'not a managed policy, a policy document or a SAM policy template this version knows', entry, fn.id);
      const given = obj(o![name!]) ?? {};
      const missing = template.parameters.filter((k) => !Object.hasOwn(given, k));
      if (missing.length) return this.sam.keep(fn.logicalId, at, 'property', `policy template ${name} lacks its parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, entry, fn.id);
      const statements = substitute(template.statements, given) as unknown[];
      for (const st of statements) {
        const resolved = obj(ctx.value(st));
        if (resolved) this.addStatement(resolved as Record<string, ModelValue>, `SAM policy template ${name}`, at);
      }
    });
  }
}

const NOTHING = Symbol('nothing');
const UNKNOWN = Symbol('unknown');

/** A policy entry with top-level `Fn::If`s decided (SAM types each branch); NOTHING for `AWS::NoValue`. */
function chooseIf(ctx: ImportContext, v: unknown): unknown {
  const o = obj(v);
  if (!o) return v;
  if (Object.keys(o).length === 1 && o.Ref === 'AWS::NoValue') return NOTHING;
  if (Object.keys(o).length !== 1 || !Array.isArray(o['Fn::If'])) return v;
  const [cond, yes, no] = o['Fn::If'] as unknown[];
  const c = typeof cond === 'string' ? ctx.condition(cond) : undefined;
  return c === undefined ? UNKNOWN : chooseIf(ctx, c ? yes : no);
}

/** A policy template's definition with each `{ Ref: <Parameter> }` replaced by the parameter's value (as SAM's template processor does). */
function substitute(v: unknown, values: Record<string, unknown>): unknown {
  if (Array.isArray(v)) return v.map((x) => substitute(x, values));
  const o = obj(v);
  if (!o) return v;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof o.Ref === 'string' && Object.hasOwn(values, o.Ref)) return values[o.Ref];
  return Object.fromEntries(keys.map((k) => [k, substitute(o[k], values)]));
}

/** One statement as a grant edge of a role (`<role>#grant<i>`, numbered as the model builder and the CloudFormation importer number them). */
export function grant(sam: SamImport, roleId: string, st: Record<string, ModelValue>, reason: string, origin: ReturnType<SamImport['originAt']>, partOf?: string): void {
  const list = (v: ModelValue | undefined) => (v === undefined ? undefined : Array.isArray(v) ? (v as ModelValue[]) : [v]);
  const names = (v: ModelValue | undefined) => {
    const l = list(v)?.filter((a): a is string => typeof a === 'string');
    return l && [...new Set(l)].sort();
  };
  const resources = list(st.Resource);
  const notResources = list(st.NotResource);
  // The resource the statement is about: the one node its resources reference.
  const referenced = [...collectRefs([resources ?? [], notResources ?? []])];
  const id = `${roleId}#grant${sam.ctx.nextGrant(roleId)}`;
  sam.addEdge<'grant'>({
    id,
    kind: 'grant',
    from: roleId,
    ...(referenced.length === 1 ? { to: referenced[0]! } : {}),
    origin: { ...origin, path: id },
    ...(partOf !== undefined ? { partOf } : {}),
    props: {
      ...(typeof st.Sid === 'string' ? { sid: st.Sid } : {}),
      effect: st.Effect === 'Deny' ? 'Deny' : 'Allow',
      ...(st.Action !== undefined ? { actions: names(st.Action)! } : {}),
      ...(st.NotAction !== undefined ? { notActions: names(st.NotAction)! } : {}),
      ...(resources ? { resources } : {}),
      ...(notResources ? { notResources } : {}),
      ...(st.Condition !== undefined ? { conditions: st.Condition } : {}),
      reason,
    },
  });
}

/** The statements SAM gives the generated role for each type of async destination (`IAMRolePolicies`). */
function destinationStatements(type: string | undefined, arn: unknown): unknown[] {
  switch (type) {
    case 'SQS':
      return [{ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arn }];
    case 'SNS':
      return [{ Action: 'sns:publish', Effect: 'Allow', Resource: arn }];
    case 'EventBridge':
      return [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: arn }];
    case 'Lambda':
      return [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arn }];
    case 'S3Bucket':
    case 'S3':
      return [
        { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['/', [arn, '*']] } },
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: arn },
      ];
    default:
      return [];
  }
}

/** Adds the statements SAM gives the generated role for a destination of `type`. */
export function addDestinationStatements(sam: SamImport, role: GeneratedRole | undefined, type: string | undefined, arn: unknown, reason: string, at: ReadonlyArray<string | number>): void {
  if (!role || arn === undefined) return;
  for (const st of destinationStatements(type, arn)) {
    const resolved = obj(sam.ctx.value(st));
    if (resolved) role.addStatement(resolved as Record<string, ModelValue>, reason, at);
  }
}
