import type { Construct, IDependable } from 'constructs';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import type { Duration } from '../core/duration.js';
import { pascal, pathBelow } from '../core/logical-id.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, describeValue, hasTypeProblem, P, type Fields } from '../core/props.js';
import { RemovalPolicy } from '../core/removal-policy.js';
import { Resource } from '../core/resource.js';
import { Aws, Token } from '../core/tokens.js';
import { LIMITS } from '../model/defaults.js';
import { isDeliveryTarget, type IDeliveryTarget } from './destination.js';
import type { IEventSource, IFunction } from './function-base.js';
import { grant, type IGrantable } from './iam.js';
import { ARN_SHAPES, checkArn, construct, importPath, refuseOnImported, takeImport, type ImportedAttributes } from './imported.js';

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

/** Kinds of bucket notification destinations (aws-cdk-lib's): a function, an SQS queue, an SNS topic. */
export enum BucketNotificationDestinationType {
  LAMBDA,
  QUEUE,
  TOPIC,
}

/** What `IBucketNotificationDestination.bind` returns. */
export interface BucketNotificationDestinationConfig {
  /** The kind of destination. */
  readonly type: BucketNotificationDestinationType;
  /** The destination's ARN: a function's `functionArn` (a Function, Version or Alias of the app), a Queue's `queueArn` or a Topic's `topicArn`. */
  readonly arn: string;
  /** What the notification must be created after (the backends write the dependencies they need). @default none */
  readonly dependencies?: IDependable[];
}

/** A destination of bucket notifications: `new LambdaDestination(fn)`, `new SqsDestination(queue)`, `new SnsDestination(topic)` (lambdaform/aws-s3-notifications). */
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

/** Default encryption of a bucket's objects (aws-cdk-lib's names and values). */
export enum BucketEncryption {
  /** No default encryption written: S3 encrypts new objects with SSE-S3 (Amazon S3 managed keys) anyway. */
  UNENCRYPTED = 'UNENCRYPTED',
  /** SSE-KMS with the AWS managed key `aws/s3` (SSEAlgorithm `aws:kms`). */
  KMS_MANAGED = 'KMS_MANAGED',
  /** SSE-S3 with Amazon S3 managed keys (SSEAlgorithm `AES256`). */
  S3_MANAGED = 'S3MANAGED',
  /** SSE-KMS with a key of yours. Not supported (a key of yours is supported for queues, topics and function environments, not yet here): refused, naming KMS_MANAGED. */
  KMS = 'KMS',
  /** DSSE-KMS (dual-layer) with the AWS managed key `aws/s3` (SSEAlgorithm `aws:kms:dsse`). */
  DSSE_MANAGED = 'DSSE_MANAGED',
  /** DSSE-KMS with a key of yours. Not supported (a key of yours is supported for queues, topics and function environments, not yet here): refused, naming DSSE_MANAGED. */
  DSSE = 'DSSE',
}

/** The settings of `BlockPublicAccess`. */
export interface BlockPublicAccessOptions {
  /** Refuse requests that set public ACLs. @default not written (false) */
  readonly blockPublicAcls?: boolean;
  /** Refuse bucket policies that grant public access. @default not written (false) */
  readonly blockPublicPolicy?: boolean;
  /** Ignore public ACLs on the bucket and its objects. @default not written (false) */
  readonly ignorePublicAcls?: boolean;
  /** Restrict access under a public policy to AWS services and the bucket owner's account. @default not written (false) */
  readonly restrictPublicBuckets?: boolean;
}

/** The description of `BlockPublicAccessOptions`. */
const BLOCK_PUBLIC_ACCESS_OPTIONS: Fields = {
  blockPublicAcls: P.boolean(),
  blockPublicPolicy: P.boolean(),
  ignorePublicAcls: P.boolean(),
  restrictPublicBuckets: P.boolean(),
};

/** A bucket's block public access settings (its PublicAccessBlockConfiguration), as aws-cdk-lib's. */
export class BlockPublicAccess {
  /** Every public access blocked (lambdaform's default for a bucket). */
  public static readonly BLOCK_ALL = new BlockPublicAccess({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  /** Public ACLs blocked and ignored; the other settings not written. @deprecated as in aws-cdk-lib: use BLOCK_ACLS_ONLY */
  public static readonly BLOCK_ACLS = new BlockPublicAccess({ blockPublicAcls: true, ignorePublicAcls: true });
  /** Public ACLs blocked and ignored; public policies allowed (blockPublicPolicy and restrictPublicBuckets false). */
  public static readonly BLOCK_ACLS_ONLY = new BlockPublicAccess({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false });

  public readonly blockPublicAcls: boolean | undefined;
  public readonly blockPublicPolicy: boolean | undefined;
  public readonly ignorePublicAcls: boolean | undefined;
  public readonly restrictPublicBuckets: boolean | undefined;

  constructor(options: BlockPublicAccessOptions) {
    throwProblems('BlockPublicAccess', checkProps('BlockPublicAccess', 'BlockPublicAccessOptions', BLOCK_PUBLIC_ACCESS_OPTIONS, options));
    this.blockPublicAcls = options.blockPublicAcls;
    this.blockPublicPolicy = options.blockPublicPolicy;
    this.ignorePublicAcls = options.ignorePublicAcls;
    this.restrictPublicBuckets = options.restrictPublicBuckets;
  }
}

/** Properties of a `Bucket`. */
/** The HTTP methods of a CORS rule (aws-cdk-lib's `HttpMethods`). */
export enum HttpMethods {
  GET = 'GET',
  PUT = 'PUT',
  HEAD = 'HEAD',
  POST = 'POST',
  DELETE = 'DELETE',
}

/** A CORS rule of a bucket (aws-cdk-lib's `CorsRule`), written as an entry of `CorsConfiguration.CorsRules`. */
export interface CorsRule {
  /** A unique identifier for the rule. @default no id */
  readonly id?: string;
  /** How long, in seconds, a browser may cache the preflight response. @default no caching */
  readonly maxAge?: number;
  /** Headers allowed in a preflight request (`Access-Control-Request-Headers`). @default none */
  readonly allowedHeaders?: string[];
  /** The methods the origins may use. */
  readonly allowedMethods: HttpMethods[];
  /** The origins allowed (`https://example.com`, `*`). */
  readonly allowedOrigins: string[];
  /** Response headers the browser may read. @default none */
  readonly exposedHeaders?: string[];
}

/**
 * A lifecycle rule of a bucket (aws-cdk-lib's `LifecycleRule`), written as an entry of
 * `LifecycleConfiguration.Rules`. Storage class transitions, tag filters and object size filters
 * are refused (write them with `addPropertyOverride('LifecycleConfiguration.Rules', [...])`).
 */
export interface LifecycleRule {
  /** A unique identifier for the rule. @default no id */
  readonly id?: string;
  /** Whether the rule is applied. @default true */
  readonly enabled?: boolean;
  /** The key prefix of the objects the rule applies to. @default all objects */
  readonly prefix?: string;
  /** Objects expire this long after creation (whole days). @default no expiration */
  readonly expiration?: Duration;
  /** Objects expire on this date (midnight UTC). @default no expiration date */
  readonly expirationDate?: Date;
  /** Incomplete multipart uploads are aborted this long after they start (whole days). @default not aborted */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
  /** Noncurrent object versions expire this long after they become noncurrent (whole days). @default not expired */
  readonly noncurrentVersionExpiration?: Duration;
  /** How many noncurrent versions `noncurrentVersionExpiration` keeps. @default none kept */
  readonly noncurrentVersionsToRetain?: number;
  /** Removes delete markers that have no noncurrent version left. @default false */
  readonly expiredObjectDeleteMarker?: boolean;
}

export interface BucketProps {
  /** Bucket name: 3-63 lowercase letters, digits, dots, hyphens. @default generated by CloudFormation */
  readonly bucketName?: string;
  /** Keep every version of every object. @default false */
  readonly versioned?: boolean;
  /**
   * What happens to the bucket when it leaves the stack or is replaced (its DeletionPolicy and UpdateReplacePolicy).
   * CloudFormation can delete only an empty bucket: with DESTROY, empty it before the stack deletes it.
   * @default RemovalPolicy.RETAIN, as aws-cdk-lib (the bucket and its objects stay when it leaves the stack)
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Block public access settings: `BlockPublicAccess.BLOCK_ALL`, `BLOCK_ACLS_ONLY`, or
   * `new BlockPublicAccess({ ... })`.
   * @default BlockPublicAccess.BLOCK_ALL (lambdaform's default; aws-cdk-lib writes none and leaves S3's defaults, which block all for new buckets)
   */
  readonly blockPublicAccess?: BlockPublicAccess;
  /**
   * Default encryption of objects: `BucketEncryption.S3_MANAGED`, `KMS_MANAGED`, `DSSE_MANAGED`
   * or `UNENCRYPTED` (nothing written: S3 encrypts with SSE-S3). `KMS` and `DSSE` (a key of
   * yours) are refused.
   * @default BucketEncryption.UNENCRYPTED (nothing written; S3 encrypts new objects with SSE-S3)
   */
  readonly encryption?: BucketEncryption;
  /**
   * Deny every request not made over TLS: a bucket policy statement (`s3:*` on the bucket and its
   * objects denied to any principal when `aws:SecureTransport` is false), as aws-cdk-lib writes it.
   * @default false
   */
  readonly enforceSSL?: boolean;
  /** Send the bucket's object events to EventBridge (the account's default event bus). @default false */
  readonly eventBridgeEnabled?: boolean;
  /**
   * Delete every object (and every object version) when the bucket is deleted from the stack, so
   * CloudFormation can delete it: a `Custom::S3AutoDeleteObjects` resource run by a provider function
   * (inline Node.js, written by lambdaform) that empties the bucket on Delete, with a bucket policy
   * letting the provider's role do so, and the tag `aws-cdk:auto-delete-objects: true`, as aws-cdk-lib
   * writes them. Requires `removalPolicy: RemovalPolicy.DESTROY`.
   * @default false
   */
  readonly autoDeleteObjects?: boolean;
  /** The bucket's CORS rules (`CorsConfiguration`). @default no CORS configuration */
  readonly cors?: CorsRule[];
  /** The bucket's lifecycle rules (`LifecycleConfiguration`). @default no lifecycle rules */
  readonly lifecycleRules?: LifecycleRule[];
}


interface RegisteredNotification extends NotificationSpec {
  readonly path: string;
}

/** The description of `BucketProps`. */
export const BUCKET_PROPS: Fields = {
  bucketName: P.string(),
  versioned: P.boolean(),
  removalPolicy: P.enumOf(RemovalPolicy, 'RemovalPolicy'),
  blockPublicAccess: P.instance('BlockPublicAccess', (v) => v instanceof BlockPublicAccess, { example: 'BlockPublicAccess.BLOCK_ALL or new BlockPublicAccess({ blockPublicPolicy: true })' }),
  encryption: P.enumOf(BucketEncryption, 'BucketEncryption'),
  enforceSSL: P.boolean(),
  eventBridgeEnabled: P.boolean(),
  autoDeleteObjects: P.boolean(),
  cors: P.array(
    P.object('CorsRule', {
      id: P.string(),
      maxAge: P.number({ integer: true }),
      allowedHeaders: P.array(P.string()),
      allowedMethods: P.array(P.enumOf(HttpMethods, 'HttpMethods'), { required: true }),
      allowedOrigins: P.array(P.string(), { required: true }),
      exposedHeaders: P.array(P.string()),
    }),
  ),
  lifecycleRules: P.array(
    P.object('LifecycleRule', {
      id: P.string(),
      enabled: P.boolean(),
      prefix: P.string(),
      expiration: P.duration({ example: 'Duration.days(30)' }),
      expirationDate: P.date(),
      abortIncompleteMultipartUploadAfter: P.duration({ example: 'Duration.days(7)' }),
      noncurrentVersionExpiration: P.duration({ example: 'Duration.days(30)' }),
      noncurrentVersionsToRetain: P.number({ integer: true }),
      expiredObjectDeleteMarker: P.boolean(),
      // aws-cdk-lib's, refused with the way to write them (lifecycleRulesOf)
      transitions: P.any(),
      noncurrentVersionTransitions: P.any(),
      tagFilters: P.any(),
      objectSizeGreaterThan: P.any(),
      objectSizeLessThan: P.any(),
    }),
  ),
};

/** The SSEAlgorithm written for each supported encryption; undefined: nothing written. */
const SSE_ALGORITHMS: Partial<Record<BucketEncryption, 'AES256' | 'aws:kms' | 'aws:kms:dsse'>> = {
  [BucketEncryption.S3_MANAGED]: 'AES256',
  [BucketEncryption.KMS_MANAGED]: 'aws:kms',
  [BucketEncryption.DSSE_MANAGED]: 'aws:kms:dsse',
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
  target: P.instance('Function, Version, Alias, Queue or Topic', (v) => typeof v === 'object' && v !== null && ('functionArn' in v || 'queueArn' in v || 'topicArn' in v), { required: true }),
};

/** An S3 bucket (public access blocked) that can notify functions of object events. */
export class Bucket extends Resource implements IDeliveryTarget {
  /** An existing bucket by name (aws-cdk-lib's `Bucket.fromBucketName`): a destination and in grants; notifications are refused. */
  public static fromBucketName(scope: Construct, id: string, bucketName: string): IBucket {
    return Bucket.fromBucketAttributes(scope, id, { bucketName });
  }

  /** An existing bucket by ARN (aws-cdk-lib's `Bucket.fromBucketArn`). */
  public static fromBucketArn(scope: Construct, id: string, bucketArn: string): IBucket {
    return Bucket.fromBucketAttributes(scope, id, { bucketArn });
  }

  /** An existing bucket by its attributes (aws-cdk-lib's `Bucket.fromBucketAttributes`: `bucketName` and/or `bucketArn`). */
  public static fromBucketAttributes(scope: Construct, id: string, attrs: BucketAttributes): IBucket {
    const path = importPath(scope, id);
    const parsed = attrs?.bucketArn === undefined ? undefined : checkArn(path, 'Bucket.fromBucketAttributes', 'bucketArn', attrs.bucketArn, ARN_SHAPES.bucket);
    const name = attrs?.bucketName ?? parsed?.name;
    if (name === undefined) throw new LambdaformError(path, 'Bucket.fromBucketAttributes: give bucketName or a literal bucketArn (the name cannot be taken from an ARN known only at deploy)', 'missing-property');
    if (typeof name !== 'string' || (!Token.isUnresolved(name) && bucketNameProblem(name))) {
      throw new LambdaformError(path, `Bucket.fromBucketAttributes: bucketName ${typeof name === 'string' ? `${bucketNameProblem(name)}, got '${name}'` : `must be a string, got ${describeValue(name)}`}`, 'invalid-format');
    }
    const arn = attrs.bucketArn ?? `arn:${Aws.PARTITION}:s3:::${name}`;
    return construct<Bucket, ImportedAttributes>({ attributes: { Arn: arn, Name: name }, name: Token.isUnresolved(name) ? undefined : name }, () => new Bucket(scope, id));
  }

  /** @internal Set for a bucket outside the stack (`Bucket.fromBucketName`). */
  public readonly _imported: ImportedAttributes | undefined;
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
    const imported = takeImport<ImportedAttributes>();
    if (imported) {
      this._imported = imported;
      this.props = {};
      this.bucketArn = imported.attributes.Arn!;
      this.bucketName = imported.attributes.Name!;
      this.destinationArn = this.bucketArn;
      return;
    }
    const path = this.node.path;
    const problems = checkProps(path, 'BucketProps', BUCKET_PROPS, props);
    const name = props?.bucketName;
    if (!hasTypeProblem(problems) && name !== undefined) {
      const problem = bucketNameProblem(name);
      if (problem) problems.push({ code: 'invalid-format', path, property: 'bucketName', message: `bucketName ${problem}, got '${name}'` });
    }
    const encryption = props?.encryption;
    if (!hasTypeProblem(problems) && (encryption === BucketEncryption.KMS || encryption === BucketEncryption.DSSE)) {
      const managed = encryption === BucketEncryption.KMS ? 'KMS_MANAGED' : 'DSSE_MANAGED';
      problems.push({
        code: 'unsupported-property',
        path,
        property: 'encryption',
        message: `BucketEncryption.${encryption} is not supported: it needs a KMS key of yours, which lambdaform does not model; use BucketEncryption.${managed} (the AWS managed key aws/s3) or S3_MANAGED`,
      });
    }
    if (!hasTypeProblem(problems) && props?.autoDeleteObjects && props.removalPolicy !== RemovalPolicy.DESTROY) {
      problems.push({ code: 'conflicting-properties', path, property: 'autoDeleteObjects', message: "Cannot use 'autoDeleteObjects' property on a bucket without setting removal policy to 'DESTROY'." });
    }
    const rules = hasTypeProblem(problems) ? [] : lifecycleRulesOf(path, props?.lifecycleRules ?? [], problems);
    throwProblems(path, problems);
    if (props?.removalPolicy !== undefined) this.applyRemovalPolicy(props.removalPolicy);
    this.props = props ?? {};
    if (props?.cors?.length) {
      this.addPropertyOverride('CorsConfiguration.CorsRules', props.cors.map((r) => dropUndefined({ AllowedHeaders: r.allowedHeaders, AllowedMethods: r.allowedMethods, AllowedOrigins: r.allowedOrigins, ExposedHeaders: r.exposedHeaders, Id: r.id, MaxAge: r.maxAge })));
    }
    if (rules.length) this.addPropertyOverride('LifecycleConfiguration.Rules', rules);
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

  /**
   * Allows writing objects: `s3:PutObject`, `s3:AbortMultipartUpload`, `s3:DeleteObject` on objects
   * under the pattern.
   * @param keyPattern the objects' key pattern (`'uploads/*'`)
   * @default '*'
   * @param allowedActionPatterns the actions to grant instead (aws-cdk-lib's
   * `allowedActionPatterns`: `['s3:PutObject']`), on the objects under the pattern
   * @default - `s3:PutObject`, `s3:AbortMultipartUpload`, `s3:DeleteObject`
   */
  public grantWrite(grantee: IGrantable, keyPattern = '*', allowedActionPatterns: string[] = []): void {
    if (!Array.isArray(allowedActionPatterns) || allowedActionPatterns.some((a) => typeof a !== 'string' || !/^s3:[A-Za-z*?]+$/.test(a))) {
      throw new LambdaformError(this.node.path, `grantWrite: allowedActionPatterns must be a list of S3 actions such as ['s3:PutObject'], got ${describeValue(allowedActionPatterns)}`, 'wrong-type');
    }
    this.grantWriteFor(grantee, keyPattern, 'grantWrite', allowedActionPatterns.length > 0 ? allowedActionPatterns : undefined);
  }

  private grantWriteFor(grantee: IGrantable, keyPattern: string, reason: string, actions = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject']): void {
    grant(grantee, actions, [this.arnForObjects(keyPattern)], reason, this);
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
    this.grantWriteFor(grantee, keyPattern, 'grantReadWrite');
  }

  public grantDeliver(grantee: IGrantable, reason: string): void {
    grant(grantee, ['s3:PutObject'], [this.arnForObjects('*')], reason, this);
    grant(grantee, ['s3:ListBucket'], [this.bucketArn], reason, this);
  }

  /**
   * Sends the bucket's `event` events for keys matching `filters` to `dest`:
   * `bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'in/' })`.
   * A function is invoked asynchronously, with a permission for S3; a queue (`SqsDestination`) or
   * topic (`SnsDestination`) gets the S3 event as its message, with a statement in its resource
   * policy allowing S3 to send it (from this bucket only). S3 refuses two notifications
   * whose event types and key filters overlap; so does this.
   * @param filters each a `prefix` and/or a `suffix`; together at most one prefix and one suffix
   */
  public addEventNotification(event: EventType, dest: IBucketNotificationDestination, ...filters: NotificationKeyFilter[]): void {
    const path = this.node.path;
    if (this._imported) {
      refuseOnImported(path, 'addEventNotification', "aws-cdk-lib writes an imported bucket's notifications with a custom resource (Custom::S3BucketNotifications and its Lambda function), which lambdaform does not write: configure them in the app that owns the bucket, or route the bucket's events through EventBridge (enable it on the bucket there, and use a Rule with an S3 event pattern here)");
    }
    if (!dest || typeof (dest as IBucketNotificationDestination).bind !== 'function') {
      throw new LambdaformError(path, `addEventNotification expects a notification destination such as new LambdaDestination(fn) (lambdaform/aws-s3-notifications), got ${describeValue(dest)}${typeof event !== 'string' && typeof (event as { functionArn?: unknown })?.functionArn === 'string' ? '; the event type comes first: addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix })' : ''}`, 'wrong-type');
    }
    const config = dest.bind(this, this);
    const type = config?.type;
    if (type !== BucketNotificationDestinationType.LAMBDA && type !== BucketNotificationDestinationType.QUEUE && type !== BucketNotificationDestinationType.TOPIC) {
      throw new LambdaformError(path, `a notification destination's bind() must return a type of BucketNotificationDestinationType (LAMBDA, QUEUE or TOPIC), got ${describeValue(type)}`, 'invalid-destination');
    }
    const target = destinationOf(config.arn, type);
    if (!target) {
      const what = type === BucketNotificationDestinationType.LAMBDA ? 'a Function, Version or Alias of this app (its functionArn)' : type === BucketNotificationDestinationType.QUEUE ? 'a Queue of this app (its queueArn)' : 'a Topic of this app (its topicArn)';
      throw new LambdaformError(path, `a notification destination must name ${what}, got ${typeof config.arn === 'string' && !Token.isUnresolved(config.arn) ? `'${config.arn}'` : 'a value that names none'}`, 'invalid-destination');
    }
    // A queue or topic encrypted with an AWS managed key: S3 cannot send to it (its test message fails the deploy).
    const kms = isDeliveryTarget(target) ? target.serviceDeliveryProblem?.('S3') : undefined;
    if (kms) throw new LambdaformError(path, kms, 'invalid-destination');
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
   * @internal One notification of several events to a function, queue or topic (S3EventSource's,
   * with one SAM event for all its events); problems are reported at the target's path.
   */
  public _addNotification(target: NotificationTarget, props: S3EventSourceProps): BucketNotification {
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
  protected override defaultRemovalPolicy(): RemovalPolicy {
    return RemovalPolicy.RETAIN;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    if (this._imported) {
      b.addImportedNode(this, { kind: 'bucket', props: { bucketName: this._imported.name, versioned: false }, known: ['bucketName'], attributes: this._imported.attributes });
      return;
    }
    const p = this.props;
    const block = p.blockPublicAccess ?? BlockPublicAccess.BLOCK_ALL;
    b.addNode(this, {
      kind: 'bucket',
      props: {
        bucketName: p.bucketName,
        versioned: p.versioned ?? false,
        blockPublicAccess: {
          blockPublicAcls: block.blockPublicAcls,
          blockPublicPolicy: block.blockPublicPolicy,
          ignorePublicAcls: block.ignorePublicAcls,
          restrictPublicBuckets: block.restrictPublicBuckets,
        },
        encryption: p.encryption === undefined ? undefined : SSE_ALGORITHMS[p.encryption],
        enforceSSL: p.enforceSSL || undefined,
        eventBridgeEnabled: p.eventBridgeEnabled || undefined,
        autoDeleteObjects: p.autoDeleteObjects || undefined,
      },
    });
  }
}

/** Properties of a `BucketNotification`. */
export interface BucketNotificationProps extends NotificationSpec {
  readonly bucket: Bucket;
  /** A Function, Version or Alias, a Queue or a Topic of the app. */
  readonly target: NotificationTarget;
}

/** What a notification may go to: a Function, Version or Alias, a Queue (`queueArn`) or a Topic (`topicArn`). */
export type NotificationTarget = IFunction | (Resource & { readonly queueArn: string }) | (Resource & { readonly topicArn: string });

/**
 * One notification of a bucket to a function (with the permission for S3 to invoke it), a queue or
 * a topic (with a statement for S3 in its resource policy).
 */
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

/** The construct a destination ARN names (a Function, Version or Alias, a Queue or a Topic of the app, as `type` says), or undefined. */
function destinationOf(arn: unknown, type: BucketNotificationDestinationType): NotificationTarget | undefined {
  if (typeof arn !== 'string' || !Token.isUnresolved(arn)) return undefined;
  const parts = Token.split(arn);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (!only || typeof only === 'string' || only.kind !== 'ref' || only.attr !== 'Arn') return undefined;
  const t = only.target as Partial<IFunction> & { queueArn?: unknown; topicArn?: unknown };
  if (type === BucketNotificationDestinationType.LAMBDA) return typeof t.functionArn === 'string' && t.lambda !== undefined ? (t as IFunction) : undefined;
  if (!(t instanceof Resource)) return undefined;
  const r = t as Resource & { queueArn?: unknown; topicArn?: unknown };
  if (type === BucketNotificationDestinationType.QUEUE) return typeof r.queueArn === 'string' ? (r as Resource & { queueArn: string }) : undefined;
  return typeof r.topicArn === 'string' ? (r as Resource & { topicArn: string }) : undefined;
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

/** What `Bucket.fromBucketAttributes` takes (aws-cdk-lib's `BucketAttributes`, the common fields). */
export interface BucketAttributes {
  /** The bucket's name. @default the name in `bucketArn` */
  readonly bucketName?: string;
  /** The bucket's ARN. @default `arn:<partition>:s3:::<bucketName>` */
  readonly bucketArn?: string;
}

/** A bucket: one of this stack (`new Bucket`) or an existing one (`Bucket.fromBucketName`), aws-cdk-lib's `IBucket`. */
export type IBucket = Bucket;

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The lifecycle rules as CloudFormation's `LifecycleConfiguration.Rules`, checked as aws-cdk-lib checks them; problems are pushed. */
function lifecycleRulesOf(path: string, rules: readonly LifecycleRule[], problems: Problem[]): Record<string, unknown>[] {
  const days = (property: string, d: Duration | undefined): number | undefined => {
    if (d === undefined) return undefined;
    const n = d.toDays();
    if (Number.isInteger(n) && n >= 1) return n;
    problems.push({ code: 'invalid-input', path, property, message: `${property} must be a whole number of days, at least 1, got ${d.toHumanString()}` });
    return undefined;
  };
  return rules.map((r, i) => {
    const at = `lifecycleRules[${i}]`;
    const unsupported = ['transitions', 'noncurrentVersionTransitions', 'tagFilters', 'objectSizeGreaterThan', 'objectSizeLessThan'].filter((k) => (r as unknown as Record<string, unknown>)[k] !== undefined);
    for (const k of unsupported) {
      problems.push({ code: 'unsupported-property', path, property: `${at}.${k}`, message: `${at}.${k} (aws-cdk-lib's LifecycleRule.${k}) is not supported by lambdaform: write the bucket's rules with addPropertyOverride('LifecycleConfiguration.Rules', [...])` });
    }
    if (r.expiredObjectDeleteMarker && (r.expiration !== undefined || r.expirationDate !== undefined)) {
      problems.push({ code: 'conflicting-properties', path, property: `${at}.expiredObjectDeleteMarker`, message: 'ExpiredObjectDeleteMarker cannot be specified with expiration, ExpirationDate, or TagFilters.' });
    }
    const actions = ['abortIncompleteMultipartUploadAfter', 'expiration', 'expirationDate', 'expiredObjectDeleteMarker', 'noncurrentVersionExpiration', 'noncurrentVersionsToRetain'] as const;
    if (unsupported.length === 0 && actions.every((k) => r[k] === undefined)) {
      problems.push({ code: 'missing-property', path, property: at, message: 'All rules for `lifecycleRules` must have at least one of the following properties: `abortIncompleteMultipartUploadAfter`, `expiration`, `expirationDate`, `expiredObjectDeleteMarker`, `noncurrentVersionExpiration` or `noncurrentVersionsToRetain`' });
    }
    const abort = days(`${at}.abortIncompleteMultipartUploadAfter`, r.abortIncompleteMultipartUploadAfter);
    const noncurrent = days(`${at}.noncurrentVersionExpiration`, r.noncurrentVersionExpiration);
    return dropUndefined({
      AbortIncompleteMultipartUpload: abort === undefined ? undefined : { DaysAfterInitiation: abort },
      // As aws-cdk-lib writes a Date (dateToCloudFormation): to the second.
      ExpirationDate: r.expirationDate?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ExpirationInDays: days(`${at}.expiration`, r.expiration),
      ExpiredObjectDeleteMarker: r.expiredObjectDeleteMarker,
      Id: r.id,
      NoncurrentVersionExpiration: noncurrent === undefined ? undefined : dropUndefined({ NewerNoncurrentVersions: r.noncurrentVersionsToRetain, NoncurrentDays: noncurrent }),
      Prefix: r.prefix,
      Status: r.enabled === false ? 'Disabled' : 'Enabled',
    });
  });
}
