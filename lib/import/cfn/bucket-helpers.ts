/**
 * The bucket helpers aws-cdk-lib (and lambdaform, for the write-back pattern and
 * `autoDeleteObjects`) writes with Lambda-backed custom resources:
 *
 * - `Custom::S3BucketNotifications` (CDK writes every bucket's notifications so): read back as the
 *   bucket's notification edges; its handler function, the handler's role and its policies are
 *   taken in (they are no function of the user's);
 * - `Custom::S3AutoDeleteObjects`: read back as the bucket's `autoDeleteObjects`, with its provider
 *   function and role, the bucket policy statement for that role and the `aws-cdk:auto-delete-objects` tag.
 *
 * Only for a bucket of the template (a `Ref` to its `AWS::S3::Bucket`); anything else stays as written.
 */
import { stableJson } from '../../core/util.js';
import type { ModelNode } from '../../model/types.js';
import { AUTO_DELETE_TAG, AUTO_DELETE_TYPE, BUCKET_NOTIFICATIONS_TYPE } from '../../synth/cfn/notifications.js';
import { bucketSslStatement } from '../../synth/cfn/push.js';
import type { ImportContext } from '../context.js';
import { addNotifications, apiFormNotifications } from './edges.js';

/** What `claimBucketHelpers` found, for `importBucketHelpers` once the nodes are imported. */
export interface BucketHelpers {
  readonly notifications: ReadonlyArray<{ readonly id: string; readonly bucket: string }>;
  readonly autoDelete: ReadonlyArray<{ readonly bucket: string; readonly ssl: boolean }>;
}

function refOf(v: unknown): string | undefined {
  const ref = (v as { Ref?: unknown } | undefined)?.Ref;
  return v && typeof v === 'object' && Object.keys(v).length === 1 && typeof ref === 'string' ? ref : undefined;
}

function getAttArn(v: unknown): string | undefined {
  const g = (v as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(g) && g.length === 2 && typeof g[0] === 'string' && g[1] === 'Arn' ? g[0] : undefined;
}

/** Claims the custom resources, their functions, roles and policies before any node is imported. */
export function claimBucketHelpers(ctx: ImportContext, ids: readonly string[]): BucketHelpers {
  const notifications: Array<{ id: string; bucket: string }> = [];
  const autoDelete: Array<{ bucket: string; ssl: boolean }> = [];
  const type = (id: string | undefined) => (id === undefined ? undefined : ctx.resources[id]?.Type);
  /** The function behind a ServiceToken and its role, when both are resources of the template. */
  const provider = (token: unknown): { fn: string; role: string } | undefined => {
    const fn = getAttArn(token);
    if (type(fn) !== 'AWS::Lambda::Function') return undefined;
    const role = getAttArn(ctx.resources[fn!]!.Properties?.Role);
    return type(role) === 'AWS::IAM::Role' ? { fn: fn!, role: role! } : undefined;
  };
  for (const id of ids) {
    const r = ctx.resources[id]!;
    if (ctx.handled.has(id) || (r.Type !== BUCKET_NOTIFICATIONS_TYPE && r.Type !== AUTO_DELETE_TYPE) || r.Condition !== undefined) continue;
    const p = r.Properties ?? {};
    const bucket = refOf(p.BucketName);
    const by = provider(p.ServiceToken);
    if (!bucket || type(bucket) !== 'AWS::S3::Bucket' || !by) continue;
    if (r.Type === BUCKET_NOTIFICATIONS_TYPE) {
      if (Object.keys(p).some((k) => !['ServiceToken', 'BucketName', 'NotificationConfiguration', 'Managed', 'SkipDestinationValidation'].includes(k))) continue;
      if (String(p.Managed) !== 'true' || String(p.SkipDestinationValidation ?? 'false') !== 'false') continue;
      notifications.push({ id, bucket });
      // The handler's policies (s3:PutBucketNotification on the buckets it serves).
      for (const pid of ids) {
        const x = ctx.resources[pid]!;
        const roles = x.Properties?.Roles;
        if (x.Type === 'AWS::IAM::Policy' && Array.isArray(roles) && roles.length === 1 && refOf(roles[0]) === by.role) ctx.handled.add(pid);
      }
    } else {
      if (Object.keys(p).some((k) => k !== 'ServiceToken' && k !== 'BucketName')) continue;
      // The bucket policy: enforceSSL's statement (optional), then the provider role's.
      const policy = ids.find((pid) => ctx.resources[pid]!.Type === 'AWS::S3::BucketPolicy' && refOf(ctx.resources[pid]!.Properties?.Bucket) === bucket);
      const statements = (ctx.resources[policy ?? '']?.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined)?.Statement;
      if (!policy || !Array.isArray(statements) || statements.length < 1 || statements.length > 2) continue;
      const ssl = statements.length === 2;
      if (ssl && stableJson(statements[0]) !== stableJson(bucketSslStatement(bucket))) continue;
      const last = statements[statements.length - 1] as { Principal?: { AWS?: unknown }; Effect?: unknown; Action?: unknown };
      if (last?.Effect !== 'Allow' || getAttArn(last.Principal?.AWS) !== by.role || !Array.isArray(last.Action) || !last.Action.includes('s3:DeleteObject*')) continue;
      ctx.handled.add(policy);
      autoDelete.push({ bucket, ssl });
    }
    ctx.handled.add(id).add(by.fn).add(by.role);
  }
  return { notifications, autoDelete };
}

/** Reads the claimed custom resources of one bucket (its logical id) into its node and notification edges. */
export function importBucketHelpers(ctx: ImportContext, found: BucketHelpers, bucketLogicalId: string): void {
  found = { notifications: found.notifications.filter((x) => x.bucket === bucketLogicalId), autoDelete: found.autoDelete.filter((x) => x.bucket === bucketLogicalId) };
  const update = (logicalId: string, change: (n: Extract<ModelNode, { kind: 'bucket' }>) => ModelNode) => {
    const i = ctx.nodes.findIndex((n) => n.logicalId === logicalId && n.kind === 'bucket');
    if (i >= 0) ctx.replaceNode(i, change(ctx.nodes[i] as Extract<ModelNode, { kind: 'bucket' }>));
  };
  for (const { id, bucket } of found.notifications) {
    const config = ctx.value(ctx.resources[id]!.Properties?.NotificationConfiguration, ['Resources', id, 'Properties', 'NotificationConfiguration']);
    addNotifications(ctx, bucket, apiFormNotifications(config));
    if (config && typeof config === 'object' && 'EventBridgeConfiguration' in config) update(bucket, (n) => ({ ...n, props: { ...n.props, eventBridgeEnabled: true } }));
  }
  for (const { bucket, ssl } of found.autoDelete) {
    update(bucket, (n) => {
      const { [AUTO_DELETE_TAG]: _tag, ...tags } = n.tags;
      return { ...n, tags, props: { ...n.props, autoDeleteObjects: true, ...(ssl ? { enforceSSL: true } : {}) } };
    });
  }
}
