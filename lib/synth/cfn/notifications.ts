/**
 * S3 notifications, as the backends write them, and the bucket helpers aws-cdk-lib writes with a
 * Lambda-backed custom resource:
 *
 * - a bucket's notifications go in its `NotificationConfiguration` (Lambda, Queue and Topic
 *   configurations), the bucket created after the permission or the destination's policy; unless
 *   that makes a dependency cycle (a notified function whose environment names the bucket, a queue
 *   or topic policy limited to the bucket's ARN): then they go in a `Custom::S3BucketNotifications`
 *   resource as aws-cdk-lib writes every bucket's, run by a handler function written here (inline
 *   Python calling PutBucketNotificationConfiguration). The model does not change: only the rendering.
 * - `autoDeleteObjects`: a `Custom::S3AutoDeleteObjects` resource, its provider function (inline
 *   Node.js written here, emptying the bucket on Delete), a bucket policy statement for the provider's
 *   role and the tag `aws-cdk:auto-delete-objects`.
 *
 * With CDK's logical ids (`new App({ logicalIds: 'cdk' })`), these resources get the ids aws-cdk-lib gives them.
 */
import { capId, cdkChildId, cdkLogicalId, cdkStylePath } from '../../core/logical-id.js';
import type { BucketNode, NotificationEdge, StackModel } from '../../model/types.js';
import { findCycle } from '../cycles.js';
import type { RenderContext } from '../render-context.js';
import type { ResourceSet } from '../resource-set.js';
import type { Template } from '../template.js';

/** The construct id aws-cdk-lib gives the notifications handler (a singleton per stack). */
export const CDK_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';
/** The construct id aws-cdk-lib gives the auto-delete provider (a singleton per stack). */
export const CDK_AUTO_DELETE_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
/** The custom resource types. */
export const BUCKET_NOTIFICATIONS_TYPE = 'Custom::S3BucketNotifications';
export const AUTO_DELETE_TYPE = 'Custom::S3AutoDeleteObjects';
/** The tag aws-cdk-lib puts on a bucket whose objects its provider may delete (the provider checks it). */
export const AUTO_DELETE_TAG = 'aws-cdk:auto-delete-objects';
/** Metadata marking a resource lambdaform generates for a bucket (not the user's): its role. */
export const GENERATED_METADATA = 'lambdaform:generated';

/** The kind of destination a notification goes to. */
export function notificationTargetKind(e: NotificationEdge, ctx: RenderContext): 'function' | 'queue' | 'topic' {
  const k = e.to === undefined ? undefined : ctx.graph.find(e.to)?.kind;
  return k === 'queue' ? 'queue' : k === 'topic' ? 'topic' : 'function';
}

/** The S3 key filter rules of a notification (`prefix`, `suffix`), as `{ Name, Value }`. */
function filterRules(e: NotificationEdge): Array<{ Name: string; Value: string }> {
  return [...(e.props.prefix !== undefined ? [{ Name: 'prefix', Value: e.props.prefix }] : []), ...(e.props.suffix !== undefined ? [{ Name: 'suffix', Value: e.props.suffix }] : [])];
}

/**
 * A bucket's notifications in `AWS::S3::Bucket` form (`NotificationConfiguration`'s
 * LambdaConfigurations, QueueConfigurations, TopicConfigurations): one entry per event type.
 */
export function bucketConfigurations(notifications: readonly NotificationEdge[], ctx: RenderContext): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const e of notifications) {
    const kind = notificationTargetKind(e, ctx);
    const [list, key] = kind === 'queue' ? ['QueueConfigurations', 'Queue'] : kind === 'topic' ? ['TopicConfigurations', 'Topic'] : ['LambdaConfigurations', 'Function'];
    const rules = filterRules(e);
    for (const event of e.props.events) (out[list] ??= []).push({ Event: event, [key]: ctx.arn(e.to!), Filter: rules.length ? { S3Key: { Rules: rules } } : undefined });
  }
  return out;
}

/** A bucket's notifications in the S3 API's form (PutBucketNotificationConfiguration, the custom resource's property): one entry per notification. */
export function apiConfigurations(notifications: readonly NotificationEdge[], ctx: RenderContext): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const e of notifications) {
    const kind = notificationTargetKind(e, ctx);
    const [list, key] = kind === 'queue' ? ['QueueConfigurations', 'QueueArn'] : kind === 'topic' ? ['TopicConfigurations', 'TopicArn'] : ['LambdaFunctionConfigurations', 'LambdaFunctionArn'];
    const rules = filterRules(e);
    (out[list] ??= []).push({ Events: [...e.props.events], Filter: rules.length ? { Key: { FilterRules: rules } } : undefined, [key]: ctx.arn(e.to!) });
  }
  return out;
}

/** The logical id of a queue's or topic's resource policy (`<Queue>Policy`; CDK's `<Queue>/Policy`). */
export function resourcePolicyId(nodeId: string, ctx: RenderContext): string {
  const n = ctx.node(nodeId);
  return cdkChildId(ctx.stack.path, n, ['Policy', 'Resource']) ?? capId(n.logicalId, 'Policy');
}

/** The statement a queue's or topic's policy holds for a notification from a bucket (aws-cdk-lib's). */
export function notificationPolicyStatement(e: NotificationEdge, ctx: RenderContext): Record<string, unknown> {
  const queue = notificationTargetKind(e, ctx) === 'queue';
  return {
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: queue ? ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] : 'sns:Publish',
    Resource: ctx.arn(e.to!),
    Condition: { ArnLike: { 'aws:SourceArn': ctx.arn(e.from) } },
  };
}

// ---------------------------------------------------------------- which buckets use the custom resource

/** The buckets of a stack whose notifications are written as `Custom::S3BucketNotifications` (by node id). */
const CUSTOM = new WeakMap<StackModel, ReadonlySet<string>>();

/**
 * Whether a bucket's notifications are written as a `Custom::S3BucketNotifications` resource: only
 * when writing them in the bucket would make a dependency cycle. Decided once per stack by
 * rendering it (`render`, without the cycle check): a cycle through a bucket with notifications
 * moves that bucket's notifications to the custom resource, until no such cycle is left.
 */
export function usesNotificationsResource(ctx: RenderContext, bucketId: string): boolean {
  return CUSTOM.get(ctx.stack)?.has(bucketId) ?? false;
}

/** Decides (once per stack) which buckets need the custom resource; `render` renders the stack's resources. */
export function decideNotificationResources(stack: StackModel, render: (stack: StackModel) => Template): void {
  if (CUSTOM.has(stack)) return;
  const notified = new Map<string, string>();
  for (const e of stack.edges) {
    if (e.kind !== 'notification' || e.partOf !== undefined) continue;
    const b = stack.nodes.find((n) => n.id === e.from);
    if (b?.kind === 'bucket' && b.partOf === undefined) notified.set(b.logicalId, b.id);
  }
  const chosen = new Set<string>();
  CUSTOM.set(stack, chosen);
  if (notified.size === 0) return;
  for (;;) {
    let template: Template;
    try {
      template = render(stack);
    } catch {
      return; // the error comes again from the real rendering
    }
    const cycle = findCycle(template);
    const buckets = (cycle ?? []).map((id) => notified.get(id)).filter((id): id is string => id !== undefined && !chosen.has(id));
    if (buckets.length === 0) return;
    for (const b of buckets) chosen.add(b);
  }
}

// ---------------------------------------------------------------- Custom::S3BucketNotifications

/**
 * The handler of `Custom::S3BucketNotifications` (Python, inline): puts the bucket's notification
 * configuration. `Managed` (a bucket of the stack): the configuration is the resource's (none on
 * Delete). Otherwise the configurations it does not manage (those not in its old properties) are
 * kept. Answers CloudFormation at the response URL.
 */
export const NOTIFICATIONS_HANDLER_CODE = `import json
import urllib.request
import boto3

s3 = boto3.client("s3")
KINDS = ["TopicConfigurations", "QueueConfigurations", "LambdaFunctionConfigurations"]


def key(c):
    arn = c.get("TopicArn") or c.get("QueueArn") or c.get("LambdaFunctionArn")
    rules = c.get("Filter", {}).get("Key", {}).get("FilterRules", [])
    return json.dumps([arn, sorted(c.get("Events", [])), sorted((r["Name"].lower(), r["Value"]) for r in rules)])


def configuration(event):
    props = event["ResourceProperties"]
    ours = {} if event["RequestType"] == "Delete" else props.get("NotificationConfiguration", {})
    if props.get("Managed") == "true":
        return ours
    old = props if event["RequestType"] == "Delete" else event.get("OldResourceProperties", {})
    old = old.get("NotificationConfiguration", {})
    current = s3.get_bucket_notification_configuration(Bucket=props["BucketName"])
    out = {}
    for kind in KINDS:
        managed = set(key(c) for c in old.get(kind, []))
        kept = [c for c in current.get(kind, []) if key(c) not in managed]
        for c in kept:
            c.pop("Id", None)
        if kept + ours.get(kind, []):
            out[kind] = kept + ours.get(kind, [])
    if "EventBridgeConfiguration" in ours or ("EventBridgeConfiguration" in current and "EventBridgeConfiguration" not in old):
        out["EventBridgeConfiguration"] = {}
    return out


def handler(event, context):
    status, reason = "SUCCESS", ""
    props = event["ResourceProperties"]
    try:
        s3.put_bucket_notification_configuration(
            Bucket=props["BucketName"],
            NotificationConfiguration=configuration(event),
            SkipDestinationValidation=props.get("SkipDestinationValidation") == "true",
        )
    except Exception as e:
        print(e)
        if event["RequestType"] != "Delete":
            status, reason = "FAILED", str(e)
    body = json.dumps({
        "Status": status,
        "Reason": reason or "See CloudWatch log stream " + context.log_stream_name,
        "PhysicalResourceId": event.get("PhysicalResourceId") or event["LogicalResourceId"],
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": "", "Content-Length": str(len(body))})
    urllib.request.urlopen(request)
`;

/** The ids of the notifications handler's function and role. */
export function notificationsHandlerIds(ctx: RenderContext, bucket: BucketNode): { fn: string; role: string } {
  if (cdkStylePath(ctx.stack.path, bucket)) {
    return { fn: cdkLogicalId([CDK_NOTIFICATIONS_HANDLER, 'Resource'], ctx.stack.path), role: cdkLogicalId([CDK_NOTIFICATIONS_HANDLER, 'Role', 'Resource'], ctx.stack.path) };
  }
  return { fn: 'BucketNotificationsHandler', role: 'BucketNotificationsHandlerRole' };
}

/** The logical ids of a bucket's `Custom::S3BucketNotifications` resource and of its handler's policy on the bucket. */
export function notificationsResourceIds(ctx: RenderContext, bucket: BucketNode): { resource: string; policy: string } {
  return {
    resource: cdkChildId(ctx.stack.path, bucket, ['Notifications', 'Resource']) ?? capId(bucket.logicalId, 'Notifications'),
    policy: cdkChildId(ctx.stack.path, bucket, ['Notifications', 'HandlerPolicy', 'Resource']) ?? capId(bucket.logicalId, 'NotificationsHandlerPolicy'),
  };
}

const BASIC_EXECUTION_ROLE = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] };
const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/**
 * A bucket's notifications as `Custom::S3BucketNotifications` (aws-cdk-lib's resource): created
 * after the permissions and destination policies (`dependsOn`) and the handler's policy, with the
 * handler (one per stack) and its policy allowing `s3:PutBucketNotification` on this bucket.
 */
export function renderNotificationsResource(n: BucketNode, configuration: Record<string, unknown>, dependsOn: readonly string[], ctx: RenderContext, out: ResourceSet): void {
  const handler = notificationsHandlerIds(ctx, n);
  const ids = notificationsResourceIds(ctx, n);
  const generated = { [GENERATED_METADATA]: 'bucket-notifications' };
  renderProvider(out, handler, `${ctx.stack.path}/${CDK_NOTIFICATIONS_HANDLER}/Role`, `${ctx.stack.path}/${CDK_NOTIFICATIONS_HANDLER}`, generated, {
    Description: 'AWS CloudFormation handler for "Custom::S3BucketNotifications" resources (written by lambdaform)',
    Code: { ZipFile: NOTIFICATIONS_HANDLER_CODE },
    Handler: 'index.handler',
    Runtime: 'python3.13',
    Timeout: 300,
  });
  out.add(ids.policy, `${n.origin.path}/Notifications/HandlerPolicy`, {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: ids.policy,
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutBucketNotification', Resource: ctx.arn(n.id) }] },
      Roles: [{ Ref: handler.role }],
    },
    Metadata: generated,
  });
  out.add(ids.resource, `${n.origin.path}/Notifications`, {
    Type: BUCKET_NOTIFICATIONS_TYPE,
    Properties: {
      ServiceToken: { 'Fn::GetAtt': [handler.fn, 'Arn'] },
      BucketName: { Ref: n.logicalId },
      NotificationConfiguration: configuration,
      Managed: true,
      SkipDestinationValidation: false,
    },
    DependsOn: [...new Set([...dependsOn, ids.policy])].sort(),
    Metadata: generated,
  });
}

/**
 * A custom resource's provider, once per stack (the first bucket that needs it writes it): an
 * inline function (`props`, without its role) and the role it runs with (basic execution only).
 */
function renderProvider(out: ResourceSet, ids: { readonly role: string; readonly fn: string }, rolePath: string, fnPath: string, generated: Record<string, string>, props: Record<string, unknown>): void {
  if (out.has(ids.fn)) return;
  out.add(ids.role, rolePath, {
    Type: 'AWS::IAM::Role',
    Properties: { AssumeRolePolicyDocument: LAMBDA_TRUST, ManagedPolicyArns: [BASIC_EXECUTION_ROLE] },
    Metadata: generated,
  });
  out.add(ids.fn, fnPath, {
    Type: 'AWS::Lambda::Function',
    Properties: { ...props, Role: { 'Fn::GetAtt': [ids.role, 'Arn'] } },
    DependsOn: [ids.role],
    Metadata: generated,
  });
}

// ---------------------------------------------------------------- Custom::S3AutoDeleteObjects

/**
 * The provider of `Custom::S3AutoDeleteObjects` (Node.js, inline, with the `cfn-response` module
 * CloudFormation provides to inline code): on Delete, when the bucket still exists and carries the
 * tag `aws-cdk:auto-delete-objects: true`, deletes every object version and delete marker, a page
 * (at most 1000) at a time. Nothing on Create and Update.
 */
export const AUTO_DELETE_HANDLER_CODE = `const response = require('cfn-response');
const { S3Client, GetBucketTaggingCommand, ListObjectVersionsCommand, DeleteObjectsCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});

async function tagged(bucket) {
  try {
    const { TagSet } = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    return (TagSet || []).some((t) => t.Key === '${AUTO_DELETE_TAG}' && t.Value === 'true');
  } catch (e) {
    if (e.name === 'NoSuchBucket' || e.name === 'NoSuchTagSet') return false;
    throw e;
  }
}

async function empty(bucket) {
  let page = {};
  do {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker }));
    const objects = [...(listed.Versions || []), ...(listed.DeleteMarkers || [])].map((o) => ({ Key: o.Key, VersionId: o.VersionId }));
    if (objects.length > 0) {
      const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (deleted.Errors && deleted.Errors.length > 0) throw new Error('could not delete ' + deleted.Errors.map((x) => x.Key + ': ' + x.Message).join(', '));
    }
    page = listed;
  } while (page.IsTruncated);
}

exports.handler = (event, context) => {
  const bucket = event.ResourceProperties.BucketName;
  const id = event.PhysicalResourceId || bucket;
  const work = event.RequestType === 'Delete' ? tagged(bucket).then((yes) => (yes ? empty(bucket) : undefined)) : Promise.resolve();
  work.then(
    () => response.send(event, context, response.SUCCESS, {}, id),
    (e) => {
      console.log(e);
      response.send(event, context, response.FAILED, { Error: String(e) }, id);
    },
  );
};
`;

/** The ids of the auto-delete provider's function and role (one per stack). */
export function autoDeleteProviderIds(ctx: RenderContext, bucket: BucketNode): { fn: string; role: string } {
  if (cdkStylePath(ctx.stack.path, bucket)) {
    return { fn: cdkLogicalId([CDK_AUTO_DELETE_PROVIDER, 'Handler'], ctx.stack.path), role: cdkLogicalId([CDK_AUTO_DELETE_PROVIDER, 'Role'], ctx.stack.path) };
  }
  return { fn: 'CustomS3AutoDeleteObjectsProviderHandler', role: 'CustomS3AutoDeleteObjectsProviderRole' };
}

/** The logical id of a bucket's `Custom::S3AutoDeleteObjects` resource. */
export function autoDeleteResourceId(ctx: RenderContext, bucket: BucketNode): string {
  return cdkChildId(ctx.stack.path, bucket, ['AutoDeleteObjectsCustomResource', 'Default']) ?? capId(bucket.logicalId, 'AutoDeleteObjects');
}

/** The statement of the bucket's policy that lets the auto-delete provider's role empty it (aws-cdk-lib's). */
export function autoDeleteStatement(ctx: RenderContext, bucket: BucketNode): Record<string, unknown> {
  const arn = { 'Fn::GetAtt': [bucket.logicalId, 'Arn'] };
  return {
    Effect: 'Allow',
    Principal: { AWS: { 'Fn::GetAtt': [autoDeleteProviderIds(ctx, bucket).role, 'Arn'] } },
    Action: ['s3:PutBucketPolicy', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*'],
    Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
  };
}

/** A bucket's `Custom::S3AutoDeleteObjects`, created after the bucket policy, and the provider (one per stack). */
export function renderAutoDelete(n: BucketNode, policyId: string, ctx: RenderContext, out: ResourceSet): void {
  const provider = autoDeleteProviderIds(ctx, n);
  const generated = { [GENERATED_METADATA]: 'auto-delete-objects' };
  renderProvider(out, provider, `${ctx.stack.path}/${CDK_AUTO_DELETE_PROVIDER}/Role`, `${ctx.stack.path}/${CDK_AUTO_DELETE_PROVIDER}/Handler`, generated, {
    // aws-cdk-lib's description, naming the first bucket that uses the provider.
    Description: { 'Fn::Join': ['', ['Lambda function for auto-deleting objects in ', { Ref: n.logicalId }, ' S3 bucket.']] },
    Code: { ZipFile: AUTO_DELETE_HANDLER_CODE },
    Handler: 'index.handler',
    MemorySize: 128,
    Runtime: 'nodejs24.x',
    Timeout: 900,
  });
  out.add(autoDeleteResourceId(ctx, n), `${n.origin.path}/AutoDeleteObjectsCustomResource`, {
    Type: AUTO_DELETE_TYPE,
    Properties: { ServiceToken: { 'Fn::GetAtt': [provider.fn, 'Arn'] }, BucketName: { Ref: n.logicalId } },
    DependsOn: [policyId],
    Metadata: generated,
  });
}
