import type { Construct, IDependable } from 'constructs';
import { LambdaformError, throwProblems } from '../core/errors.js';
import { pascal, pathBelow } from '../core/logical-id.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, describeValue, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { Token } from '../core/tokens.js';
import { LIMITS } from '../model/defaults.js';
import type { IDeliveryTarget } from './destination.js';
import type { IEventSource, IFunction } from './function-base.js';
import { grant, type IGrantable } from './iam.js';

/** S3 event types a notification can subscribe to (aws-cdk-lib's names and values). */
export enum EventType {
  /** Any object creation (PUT, POST, COPY, multipart upload). */
  OBJECT_CREATED = 's3:ObjectCreated:*',
  /** An object created by PUT. */
  OBJECT_CREATED_PUT = 's3:ObjectCreated:Put',
  /** An object created by POST. */
  OBJECT_CREATED_POST = 's3:ObjectCreated:Post',
  /** An object created by COPY. */
  OBJECT_CREATED_COPY = 's3:ObjectCreated:Copy',
  /** An object created by completing a multipart upload. */
  OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD = 's3:ObjectCreated:CompleteMultipartUpload',
  /** Any object removal. */
  OBJECT_REMOVED = 's3:ObjectRemoved:*',
  /** An object deleted, or a version permanently deleted. */
  OBJECT_REMOVED_DELETE = 's3:ObjectRemoved:Delete',
  /** A delete marker created for a versioned object. */
  OBJECT_REMOVED_DELETE_MARKER_CREATED = 's3:ObjectRemoved:DeleteMarkerCreated',
  /** Any restore event (not in aws-cdk-lib's enum; S3 accepts it). */
  OBJECT_RESTORE = 's3:ObjectRestore:*',
  /** A restore from an archive storage class started. */
  OBJECT_RESTORE_POST = 's3:ObjectRestore:Post',
  /** A restore from an archive storage class completed. */
  OBJECT_RESTORE_COMPLETED = 's3:ObjectRestore:Completed',
  /** The temporary copy of a restored object expired. */
  OBJECT_RESTORE_DELETE = 's3:ObjectRestore:Delete',
  /** An object of the Reduced Redundancy storage class was lost. */
  REDUCED_REDUNDANCY_LOST_OBJECT = 's3:ReducedRedundancyLostObject',
  /** An object eligible for Replication Time Control failed to replicate. */
  REPLICATION_OPERATION_FAILED_REPLICATION = 's3:Replication:OperationFailedReplication',
  /** An object eligible for Replication Time Control exceeded the 15-minute threshold. */
  REPLICATION_OPERATION_MISSED_THRESHOLD = 's3:Replication:OperationMissedThreshold',
  /** An object eligible for Replication Time Control replicated after the 15-minute threshold. */
  REPLICATION_OPERATION_REPLICATED_AFTER_THRESHOLD = 's3:Replication:OperationReplicatedAfterThreshold',
  /** An object eligible for Replication Time Control is no longer tracked by replication metrics. */
  REPLICATION_OPERATION_NOT_TRACKED = 's3:Replication:OperationNotTracked',
  /** Any deletion by an S3 Lifecycle configuration. */
  LIFECYCLE_EXPIRATION = 's3:LifecycleExpiration:*',
  /** An object (or version) deleted by an S3 Lifecycle configuration. */
  LIFECYCLE_EXPIRATION_DELETE = 's3:LifecycleExpiration:Delete',
  /** A delete marker created by an S3 Lifecycle configuration. */
  LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED = 's3:LifecycleExpiration:DeleteMarkerCreated',
  /** An object transitioned to another storage class by an S3 Lifecycle configuration. */
  LIFECYCLE_TRANSITION = 's3:LifecycleTransition',
  /** An object of S3 Intelligent-Tiering moved to an archive access tier. */
  INTELLIGENT_TIERING = 's3:IntelligentTiering',
  /** Any tagging event. */
  OBJECT_TAGGING = 's3:ObjectTagging:*',
  /** A tag put on an object (or changed). */
  OBJECT_TAGGING_PUT = 's3:ObjectTagging:Put',
  /** A tag removed from an object. */
  OBJECT_TAGGING_DELETE = 's3:ObjectTagging:Delete',
  /** An ACL put on an object (or changed). */
  OBJECT_ACL_PUT = 's3:ObjectAcl:Put',
}

/** Kinds of bucket notification destinations (aws-cdk-lib's). Lambdaform models `LAMBDA`; `QUEUE` and `TOPIC` are refused. */
export enum BucketNotificationDestinationType {
  LAMBDA,
  QUEUE,
  TOPIC,
}

/** What `IBucketNotificationDestination.bind` returns. */
export interface BucketNotificationDestinationConfig {
  /** The kind of destination. */
  readonly type: BucketNotificationDestinationType;
  /** The destination's ARN: a function's `functionArn` (a Function, Version or Alias of the app). */
  readonly arn: string;
  /** What the notification must be created after (the backends write the dependencies they need). @default none */
  readonly dependencies?: IDependable[];
}

/** A destination of bucket notifications: `new LambdaDestination(fn)` (lambdaform/aws-s3-notifications). */
export interface IBucketNotificationDestination {
  /** Registers the destination for the bucket's notifications. */
  bind(scope: Construct, bucket: Bucket): BucketNotificationDestinationConfig;
}

/** Key filters of a notification. */
export interface NotificationKeyFilter {
  /** Only keys starting with this (`uploads/`). @default any key */
  readonly prefix?: string;
  /** Only keys ending with this (`.jpg`). @default any key */
  readonly suffix?: string;
}

/** Properties of an `S3EventSource`. */
export interface S3EventSourceProps {
  /** The event types that invoke the function (at least one). */
  readonly events: EventType[];
  /**
   * Key filters: each gives a `prefix` and/or a `suffix`; together at most one prefix and one suffix.
   * @default every key
   */
  readonly filters?: NotificationKeyFilter[];
}

/** The events and the key filter of one notification. */
interface NotificationSpec {
  readonly events: readonly EventType[];
  readonly prefix?: string;
  readonly suffix?: string;
}

/** Properties of a `Bucket`. */
export interface BucketProps {
  /** Bucket name: 3-63 lowercase letters, digits, dots, hyphens. @default generated by CloudFormation */
  readonly bucketName?: string;
  /** Keep every version of every object. @default false */
  readonly versioned?: boolean;
}

interface RegisteredNotification extends NotificationSpec {
  readonly path: string;
}

/** The description of `BucketProps`. */
export const BUCKET_PROPS: Fields = {
  bucketName: P.string(),
  versioned: P.boolean(),
};

/** The description of a `NotificationKeyFilter`. */
const KEY_FILTER: Fields = {
  prefix: P.string({ text: LIMITS.bucket.keyFilter }),
  suffix: P.string({ text: LIMITS.bucket.keyFilter }),
};

/** The description of `S3EventSourceProps`. */
export const S3_EVENT_SOURCE_PROPS: Fields = {
  events: P.array(P.enumOf(EventType, 'EventType'), { required: true }),
  // Each filter's prefix and suffix are checked as the filter's own props (keyFilter).
  filters: P.array(P.instance('NotificationKeyFilter object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v))),
};

const NOTIFICATION_PROPS: Fields = {
  events: S3_EVENT_SOURCE_PROPS.events!,
  ...KEY_FILTER,
  bucket: P.instance('Bucket', (v) => v instanceof Bucket, { required: true }),
  target: P.instance('Function, Version or Alias', (v) => typeof v === 'object' && v !== null && 'functionArn' in v, { required: true }),
};

/** An S3 bucket (public access blocked) that can notify functions of object events. */
export class Bucket extends Resource implements IDeliveryTarget {
  /** The bucket ARN (token). */
  public readonly bucketArn: string;
  /** The bucket name (token). */
  public readonly bucketName: string;
  public readonly destinationType = 's3' as const;
  public readonly destinationArn: string;
  private readonly props: BucketProps;
  private readonly notifications: RegisteredNotification[] = [];

  constructor(scope: Construct, id: string, props: BucketProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'BucketProps', BUCKET_PROPS, props);
    const name = props?.bucketName;
    if (!hasTypeProblem(problems) && name !== undefined) {
      const problem = bucketNameProblem(name);
      if (problem) problems.push({ code: 'invalid-format', path, property: 'bucketName', message: `bucketName ${problem}, got '${name}'` });
    }
    throwProblems(path, problems);
    this.props = props ?? {};
    this.bucketArn = this.attribute('Arn');
    this.bucketName = this.attribute('Name');
    this.destinationArn = this.bucketArn;
  }

  /** The ARN of objects under a key pattern (`uploads/*`), for grants. */
  public arnForObjects(keyPattern: string): string {
    return `${this.bucketArn}/${keyPattern}`;
  }

  /**
   * Allows reading objects under a key pattern: `s3:GetObject` on those objects, and `s3:ListBucket`
   * on the bucket limited (with an `s3:prefix` condition) to listing under the same pattern.
   * @param keyPattern `*` (every object) or a prefix pattern such as `reports/*`
   */
  public grantRead(grantee: IGrantable, keyPattern = '*', reason = 'grantRead'): void {
    grant(grantee, ['s3:GetObject'], [this.arnForObjects(keyPattern)], reason, this);
    const list = keyPattern === '*' ? undefined : { StringLike: { 's3:prefix': [keyPattern] } };
    grant(grantee, ['s3:ListBucket'], [this.bucketArn], reason, this, list);
  }

  /** Allows writing objects: `s3:PutObject`, `s3:AbortMultipartUpload`, `s3:DeleteObject` on objects under the pattern. */
  public grantWrite(grantee: IGrantable, keyPattern = '*', reason = 'grantWrite'): void {
    grant(grantee, ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'], [this.arnForObjects(keyPattern)], reason, this);
  }

  /** Allows putting objects only: `s3:PutObject` on objects under the pattern (narrower than CDK's, which adds `s3:Abort*` and the object-lock actions). */
  public grantPut(grantee: IGrantable, keyPattern = '*'): void {
    grant(grantee, ['s3:PutObject'], [this.arnForObjects(keyPattern)], 'grantPut', this);
  }

  /** Allows deleting objects: `s3:DeleteObject` on objects under the pattern. */
  public grantDelete(grantee: IGrantable, keyPattern = '*'): void {
    grant(grantee, ['s3:DeleteObject'], [this.arnForObjects(keyPattern)], 'grantDelete', this);
  }

  /** Allows reading and writing objects: `grantRead` and `grantWrite` together. */
  public grantReadWrite(grantee: IGrantable, keyPattern = '*'): void {
    this.grantRead(grantee, keyPattern, 'grantReadWrite');
    this.grantWrite(grantee, keyPattern, 'grantReadWrite');
  }

  public grantDeliver(grantee: IGrantable, reason: string): void {
    grant(grantee, ['s3:PutObject'], [this.arnForObjects('*')], reason, this);
    grant(grantee, ['s3:ListBucket'], [this.bucketArn], reason, this);
  }

  /**
   * Sends the bucket's `event` events for keys matching `filters` to `dest`:
   * `bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'in/' })`.
   * A function is invoked asynchronously, with a permission for S3. S3 refuses two notifications
   * whose event types and key filters overlap; so does this.
   * @param filters each a `prefix` and/or a `suffix`; together at most one prefix and one suffix
   */
  public addEventNotification(event: EventType, dest: IBucketNotificationDestination, ...filters: NotificationKeyFilter[]): void {
    const path = this.node.path;
    if (!dest || typeof (dest as IBucketNotificationDestination).bind !== 'function') {
      throw new LambdaformError(path, `addEventNotification expects a notification destination such as new LambdaDestination(fn) (lambdaform/aws-s3-notifications), got ${describeValue(dest)}${typeof event !== 'string' && typeof (event as { functionArn?: unknown })?.functionArn === 'string' ? '; the event type comes first: addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix })' : ''}`, 'wrong-type');
    }
    const config = dest.bind(this, this);
    if (config?.type !== BucketNotificationDestinationType.LAMBDA) {
      const kind = config?.type === BucketNotificationDestinationType.QUEUE ? 'an SQS queue' : config?.type === BucketNotificationDestinationType.TOPIC ? 'an SNS topic' : `a destination of type ${describeValue(config?.type)}`;
      throw new LambdaformError(path, unsupportedNotificationMessage(kind), 'unsupported-destination');
    }
    const target = functionOf(config.arn);
    if (!target) throw new LambdaformError(path, `a notification destination must name a Function, Version or Alias of this app (its functionArn), got ${typeof config.arn === 'string' && !Token.isUnresolved(config.arn) ? `'${config.arn}'` : 'a value that names none'}`, 'invalid-destination');
    this._addNotification(target, { events: [event], filters });
  }

  /** `addEventNotification(EventType.OBJECT_CREATED, dest, ...filters)`. */
  public addObjectCreatedNotification(dest: IBucketNotificationDestination, ...filters: NotificationKeyFilter[]): void {
    this.addEventNotification(EventType.OBJECT_CREATED, dest, ...filters);
  }

  /** `addEventNotification(EventType.OBJECT_REMOVED, dest, ...filters)`. */
  public addObjectRemovedNotification(dest: IBucketNotificationDestination, ...filters: NotificationKeyFilter[]): void {
    this.addEventNotification(EventType.OBJECT_REMOVED, dest, ...filters);
  }

  /**
   * @internal One notification of several events to a function (S3EventSource's, with one
   * SAM event for all its events); problems are reported at the function's path.
   */
  public _addNotification(target: IFunction, props: S3EventSourceProps): BucketNotification {
    const at = target.node.path;
    throwProblems(at, checkProps(at, 'S3EventSourceProps', S3_EVENT_SOURCE_PROPS, props));
    const spec = { events: props.events, ...keyFilter(at, props.filters ?? []) };
    const id = `S3EventSource${pascal(pathBelow(this, this.stack).join('-'))}`;
    let unique = id;
    for (let i = 2; target.node.tryFindChild(unique); i++) unique = `${id}${i}`;
    const notification = new BucketNotification(target, unique, { ...spec, bucket: this, target });
    this.register(notification.node.path, spec);
    return notification;
  }

  private register(path: string, props: NotificationSpec): void {
    if (props.events.length === 0) throw new LambdaformError(path, 'events must list at least one S3 event type');
    props.events.forEach((a, i) =>
      props.events.slice(i + 1).forEach((b) => {
        if (eventsOverlap(a, b)) throw new LambdaformError(path, `events ${a} and ${b} overlap; S3 refuses overlapping notifications: keep only ${a.endsWith(':*') ? a : b}`);
      }),
    );
    for (const other of this.notifications) {
      const shared = props.events.filter((e) => other.events.some((o) => eventsOverlap(e, o)));
      if (shared.length && keysOverlap(props, other)) {
        throw new LambdaformError(
          path,
          `overlaps the notification ${other.path} on ${this.node.path}: both receive ${shared.join(', ')} for keys matching ${describeFilter(props)} and ${describeFilter(other)}; S3 refuses overlapping notifications: use disjoint prefixes or suffixes`,
        );
      }
    }
    this.notifications.push({ ...props, path });
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    b.addNode(this, { kind: 'bucket', props: { bucketName: this.props.bucketName, versioned: this.props.versioned ?? false } });
  }
}

/** Properties of a `BucketNotification`. */
export interface BucketNotificationProps extends NotificationSpec {
  readonly bucket: Bucket;
  readonly target: IFunction;
}

/** One notification of a bucket to a function, with the permission for S3 to invoke it. */
export class BucketNotification extends Resource {
  private readonly props: BucketNotificationProps;

  constructor(scope: Construct, id: string, props: BucketNotificationProps) {
    super(scope, id);
    throwProblems(this.node.path, checkProps(this.node.path, 'BucketNotificationProps', NOTIFICATION_PROPS, props));
    this.props = props;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    b.addEdge({
      kind: 'notification',
      resource: this,
      from: p.bucket,
      to: p.target,
      props: { events: [...new Set(p.events)], prefix: p.prefix, suffix: p.suffix },
    });
  }
}

/**
 * A bucket whose object events invoke the function:
 * `fn.addEventSource(new S3EventSource(bucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/' }] }))`.
 * One notification for all the events (one SAM `S3` event).
 */
export class S3EventSource implements IEventSource {
  constructor(
    readonly bucket: Bucket,
    private readonly props: S3EventSourceProps,
  ) {}

  public bind(target: IFunction): void {
    if (!(this.bucket instanceof Bucket)) throw new LambdaformError(target.node.path, `S3EventSource expects a Bucket (new S3EventSource(bucket, { events: [...] })), got ${describeValue(this.bucket)}`, 'wrong-type');
    this.bucket._addNotification(target, this.props);
  }
}

/** Why lambdaform refuses a notification to a queue or topic: what the model, backends and local runtime lack. */
export function unsupportedNotificationMessage(kind: string): string {
  return `S3 notifications to ${kind} are not supported: lambdaform's notification edge ends at a function (the backends write only LambdaConfigurations and no queue or topic policy for s3.amazonaws.com, and the local runtime delivers S3 events only to functions); notify a function with new LambdaDestination(fn), which may forward to the queue or topic`;
}

/** The function a destination ARN names (a Function, Version or Alias of the app), or undefined. */
function functionOf(arn: unknown): IFunction | undefined {
  if (typeof arn !== 'string' || !Token.isUnresolved(arn)) return undefined;
  const parts = Token.split(arn);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (!only || typeof only === 'string' || only.kind !== 'ref' || only.attr !== 'Arn') return undefined;
  const t = only.target as Partial<IFunction>;
  return typeof t.functionArn === 'string' && t.lambda !== undefined ? (t as IFunction) : undefined;
}

/** The one prefix and one suffix of a notification's key filters, as aws-cdk-lib combines them. */
function keyFilter(path: string, filters: readonly NotificationKeyFilter[]): { prefix?: string; suffix?: string } {
  let prefix: string | undefined;
  let suffix: string | undefined;
  filters.forEach((f, i) => {
    if (typeof f !== 'object' || f === null) throw new LambdaformError(path, `filters[${i}] expects a NotificationKeyFilter object ({ prefix, suffix }), got ${describeValue(f)}`, 'wrong-type');
    throwProblems(path, checkProps(path, 'NotificationKeyFilter', KEY_FILTER, f));
    if (f.prefix === undefined && f.suffix === undefined) throw new LambdaformError(path, 'NotificationKeyFilter must specify `prefix` and/or `suffix`', 'missing-property');
    if (f.suffix !== undefined) {
      if (suffix !== undefined) throw new LambdaformError(path, 'Cannot specify more than one suffix rule in a filter.', 'conflicting-properties');
      suffix = f.suffix;
    }
    if (f.prefix !== undefined) {
      if (prefix !== undefined) throw new LambdaformError(path, 'Cannot specify more than one prefix rule in a filter.', 'conflicting-properties');
      prefix = f.prefix;
    }
  });
  return { ...(prefix !== undefined ? { prefix } : {}), ...(suffix !== undefined ? { suffix } : {}) };
}

function eventsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (e: string) => e.split(':').slice(0, 2).join(':');
  return family(a) === family(b) && (a.endsWith(':*') || b.endsWith(':*'));
}

function keysOverlap(a: NotificationKeyFilter, b: NotificationKeyFilter): boolean {
  const prefixes = (a.prefix ?? '').startsWith(b.prefix ?? '') || (b.prefix ?? '').startsWith(a.prefix ?? '');
  const suffixes = (a.suffix ?? '').endsWith(b.suffix ?? '') || (b.suffix ?? '').endsWith(a.suffix ?? '');
  return prefixes && suffixes;
}

function describeFilter(f: NotificationKeyFilter): string {
  return `prefix '${f.prefix ?? ''}' suffix '${f.suffix ?? ''}'`;
}

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why S3 would refuse a bucket name (general purpose bucket naming rules), or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return 'must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix '${prefix}'`;
  const suffix = RESERVED_SUFFIXES.find((p) => name.endsWith(p));
  if (suffix) return `must not end with the reserved suffix '${suffix}'`;
  return undefined;
}
