/**
 * SAM connectors (`AWS::Serverless::Connector` resources and the `Connectors` attribute of a
 * resource) whose source is a function: SAM gives the function's role a policy with the
 * statements of its connector profile (`samtranslator/model/connector_profiles/profiles.json`,
 * the `SourcePolicy` profiles of `AWS::Lambda::Function`) for each destination and each access
 * category (`Read`, `Write`). They become grant edges of the function's role, as `Policies` do, so
 * the rules that read grants (recursive-loop, iam-wildcard, ...) see them.
 *
 * A connector resource stays a raw node, written as it was: its grants are `partOf` it. The grants
 * of an embedded connector (no resource of its own) are the role's, written with its other
 * statements. Connectors whose source is not a function (an SNS topic to a queue, a rule to a
 * function: resource policies and permissions), or whose destination is of a type below not
 * listed, make no edge.
 */
import type { ModelValue } from '../../model/types.js';
import { obj, strings, type SamImport } from './common.js';
import { grant } from './policies.js';

type Arn = (arn: unknown) => unknown[];
const exact: Arn = (arn) => [arn];
const withObjects: Arn = (arn) => [arn, { 'Fn::Join': ['', [arn, '/*']] }];
const withIndexes: Arn = (arn) => [arn, { 'Fn::Join': ['', [arn, '/index/*']] }];

/** A profile's statements per access category: the actions, on the resources made from the destination's ARN. */
type Profile = Readonly<Record<string, ReadonlyArray<{ readonly actions: readonly string[]; readonly resources: Arn }>>>;

/** The profiles of a function source, by destination type (SAM's own types read as the CloudFormation ones they become). */
const FUNCTION_PROFILES: Readonly<Record<string, Profile>> = {
  'AWS::Lambda::Function': { Write: [{ actions: ['lambda:InvokeAsync', 'lambda:InvokeFunction'], resources: exact }] },
  'AWS::S3::Bucket': {
    Read: [
      {
        actions: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectTorrent', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTorrent', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions', 's3:ListMultipartUploadParts'],
        resources: withObjects,
      },
    ],
    Write: [{ actions: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:RestoreObject'], resources: withObjects }],
  },
  'AWS::DynamoDB::Table': {
    Read: [{ actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect'], resources: withIndexes }],
    Write: [{ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'], resources: withIndexes }],
  },
  'AWS::SQS::Queue': {
    Read: [{ actions: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'], resources: exact }],
    Write: [{ actions: ['sqs:DeleteMessage', 'sqs:SendMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'], resources: exact }],
  },
  'AWS::SNS::Topic': { Write: [{ actions: ['sns:Publish'], resources: exact }] },
  'AWS::Events::EventBus': { Write: [{ actions: ['events:PutEvents'], resources: exact }] },
};

/** SAM's resource types as the CloudFormation types connectors read them as. */
const AS_CFN: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
};

/** How SAM writes `%{Destination.Arn}` of a resource of the template, by type: `Ref` or `Fn::GetAtt ... Arn`. */
const ARN_BY_REF: ReadonlySet<string> = new Set(['AWS::SNS::Topic', 'AWS::StepFunctions::StateMachine']);

/** The grants of every connector among `ids` whose source is a function of the template with a role of the template. */
export function importConnectors(sam: SamImport, ids: readonly string[]): void {
  const ctx = sam.ctx;
  for (const id of ids) {
    const r = ctx.resources[id]!;
    if (r.Type === 'AWS::Serverless::Connector') {
      const p = obj(r.Properties) ?? {};
      connect(sam, obj(p.Source), p.Destination, p.Permissions, { logicalId: id, at: ['Resources', id], partOf: ctx.idOf(id), name: id });
    }
    for (const [name, c] of Object.entries(obj(r.Connectors) ?? {})) {
      const p = obj(obj(c)?.Properties) ?? {};
      connect(sam, { Id: id }, p.Destination, p.Permissions, { logicalId: id, at: ['Resources', id, 'Connectors', name], name: `${id}${name}` });
    }
  }
}

interface Where {
  /** The resource that declares the connector. */
  readonly logicalId: string;
  readonly at: ReadonlyArray<string | number>;
  /** The connector resource's node, which writes the policy. */
  readonly partOf?: string;
  /** The connector's logical id (an embedded one: the resource's and the connector's names). */
  readonly name: string;
}

function connect(sam: SamImport, source: Record<string, unknown> | undefined, destinations: unknown, permissions: unknown, where: Where): void {
  const ctx = sam.ctx;
  const role = sourceRole(sam, source);
  if (role === undefined) return;
  const categories = strings(permissions);
  const list = Array.isArray(destinations) ? destinations : [destinations];
  for (const d of list) {
    const dest = obj(d);
    if (!dest) continue;
    const id = typeof dest.Id === 'string' && ctx.resources[dest.Id] !== undefined ? dest.Id : undefined;
    const written = id !== undefined ? ctx.resources[id]!.Type : ctx.literal(dest.Type);
    const type = written === undefined ? undefined : (AS_CFN[written] ?? written);
    const profile = type !== undefined ? FUNCTION_PROFILES[type] : undefined;
    if (!profile) continue;
    const arn = id !== undefined ? (ARN_BY_REF.has(type!) ? { Ref: id } : { 'Fn::GetAtt': [id, 'Arn'] }) : dest.Arn;
    if (arn === undefined) continue;
    const source = ctx.locate([...where.at]);
    const origin = { path: where.name, ...(source ? { source } : {}) };
    for (const category of categories) {
      for (const st of profile[category] ?? []) {
        const statement = ctx.value({ Effect: 'Allow', Action: [...st.actions], Resource: st.resources(arn) });
        grant(sam, role, statement as Record<string, ModelValue>, `SAM connector ${where.name} (${category})`, origin, where.partOf);
      }
    }
  }
}

/** The node id of the role of a connector's source, when the source is a function of the template (a SAM function's generated role, or the role its `Role` names). */
function sourceRole(sam: SamImport, source: Record<string, unknown> | undefined): string | undefined {
  const ctx = sam.ctx;
  const id = typeof source?.Id === 'string' ? source.Id : undefined;
  if (id === undefined || ctx.resources[id] === undefined) return undefined;
  const plan = sam.functions.get(id);
  if (plan?.generatedRole) return plan.generatedRole.id;
  const r = ctx.resources[id]!;
  if (r.Type !== 'AWS::Serverless::Function' && r.Type !== 'AWS::Lambda::Function') return undefined;
  const roleId = ctx.nodeIdIn((plan?.props ?? obj(r.Properties) ?? {}).Role);
  return roleId !== undefined && sam.kindOf(roleId) === 'role' ? roleId : undefined;
}
