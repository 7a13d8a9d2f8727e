import type { Problem } from '../core/errors.js';

/**
 * The AppModel: the one intermediate representation between the constructs (or an imported
 * template) and every output (SAM, CloudFormation, local plan, lint). Plain, serializable data:
 * `JSON.parse(JSON.stringify(model))` is the same model.
 */

/** Where in the user's code (or in a template) something was created. */
export interface SourceLocation {
  /** File path, relative to the working directory when it lies below it. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

/** A lint rule the user has acknowledged for a node or edge, and why (the finding is suppressed). */
export interface Acknowledgement {
  /** The rule id. */
  readonly rule: string;
  /** Why the finding is acceptable here; an empty reason is itself a finding. */
  readonly reason: string;
}

/** Where a node or edge came from. */
export interface Origin {
  /** Construct path (`MyStack/Worker`), or the resource's logical id for imported templates. */
  readonly path: string;
  /** The user's source file:line that created it, or the template file and line when imported. */
  readonly source?: SourceLocation;
  /** Lint rules acknowledged for it (`Lint.acknowledge` in code, or the template's Metadata). */
  readonly acknowledged?: readonly Acknowledgement[];
}

// ---------------------------------------------------------------- values

/**
 * A symbolic reference to an attribute of another node (`{ $ref: 'MyStack/Jobs', attr: 'Arn' }`).
 *
 * Symbolic values are the only objects in a model whose keys start with a single `$`: a key of
 * user data that starts with `$` is stored with one more `$` in front (`$schema` as `$$schema`),
 * see `values.ts`. So any JSON a user writes survives, and a `$ref` is always lambdaform's own.
 */
export interface RefValue {
  readonly $ref: string;
  /** Backend-neutral attribute name: Arn, Name, Url, Id, Endpoint, StreamArn, Version, ... */
  readonly attr: string;
}
/** The CloudFormation pseudo parameters a model value can stand for. */
export type PseudoParameter = 'AWS::Region' | 'AWS::AccountId' | 'AWS::Partition' | 'AWS::URLSuffix' | 'AWS::StackName';
/** A deploy-time pseudo parameter (region, account, partition, ...). */
export interface PseudoValue {
  readonly $pseudo: PseudoParameter;
}
/** A string made of literal parts and references (or deploy-time expressions such as a parameter's `Ref`), concatenated. */
export interface JoinValue {
  readonly $join: ReadonlyArray<string | RefValue | PseudoValue | ExprValue>;
}
/**
 * A value of an imported template that cannot be known before deploy and is none of the forms
 * above: a parameter without a value, `Fn::ImportValue`, a condition whose inputs are unknown, an
 * attribute of something outside the template. `$expr` is the template's own expression (long-form
 * intrinsics, the template's logical ids), written back unchanged; readers treat it as unknown.
 */
export interface ExprValue {
  readonly $expr: unknown;
}
/** Any property value in the model. Plain objects are data (their `$` keys escaped); the `$`-keyed forms above are symbolic. */
export type ModelValue =
  | string
  | number
  | boolean
  | null
  | RefValue
  | PseudoValue
  | JoinValue
  | ExprValue
  | readonly ModelValue[]
  | { readonly [key: string]: ModelValue };

/** A raw property override (`addPropertyOverride('VpcConfig.Ipv6AllowedForDualStack', true)`). */
export interface PropertyOverride {
  /** Dot-separated path below the resource's `Properties`. */
  readonly path: string;
  /** The value; absent deletes the property. */
  readonly value?: ModelValue;
}

// ---------------------------------------------------------------- nodes

interface NodeBase<K extends string, P> {
  /** Unique id in the stack: the construct path, or the logical id when imported. */
  readonly id: string;
  readonly kind: K;
  /** The CloudFormation logical id of the node's primary resource. */
  readonly logicalId: string;
  readonly origin: Origin;
  /** Effective tags (stack tags merged with the node's own), sorted by key. */
  readonly tags: Readonly<Record<string, string>>;
  /** Escape-hatch overrides, applied last by the template backends. */
  readonly overrides: readonly PropertyOverride[];
  /** Node ids this node must be created after (beyond the references in its properties). */
  readonly dependsOn: readonly string[];
  /**
   * What happens to the node's resource when it leaves the stack or is replaced (aws-cdk-lib's
   * RemovalPolicy), written as its DeletionPolicy and UpdateReplacePolicy. Absent: neither is written.
   */
  readonly removalPolicy?: 'destroy' | 'retain' | 'snapshot' | 'retain-on-update-or-delete';
  readonly props: P;
  /**
   * Props whose value an imported template leaves unknown until deploy (`Timeout: !Ref Param`
   * without a value): the prop holds AWS's default as a placeholder, which readers must not
   * trust, and the template's expression is kept in `overrides`. See `isKnown` (`values.ts`).
   */
  readonly unknown?: readonly string[];
  /**
   * For a node an imported template writes as part of another resource (the rule of a SAM state
   * machine's Schedule event; for edges also a REST API method's route, a topic's own subscription):
   * that resource's node id. The backends write nothing for it: the other resource carries it.
   */
  readonly partOf?: string;
  /**
   * For a resource that exists outside the stack (aws-cdk-lib's `Queue.fromQueueArn`,
   * `Function.fromFunctionAttributes`, ...): what is known of it. The backends write no resource
   * for it, and a `$ref` to one of its attributes stands for the value given here. Its typed
   * props are placeholders, every one but its name listed in `unknown`.
   */
  readonly imported?: ImportedResource;
}

/** What is known of a resource outside the stack (the model's `imported`). */
export interface ImportedResource {
  /** Its attributes (`Arn`, `Name`, `Url`, `StreamArn`, ...) by the backend-neutral names `$ref` uses. */
  readonly attributes: Readonly<Record<string, ModelValue>>;
  /** A function only: the backends write no `AWS::Lambda::Permission` for it (aws-cdk-lib's `skipPermissions`, or `sameEnvironment: false`). */
  readonly skipPermissions?: boolean;
}

/** Function code. */
export type CodeModel =
  | { readonly kind: 'asset'; readonly assetId: string }
  | { readonly kind: 'inline'; readonly source: string }
  | { readonly kind: 'bucket'; readonly bucket: ModelValue; readonly key: ModelValue; readonly objectVersion?: string };

export interface FunctionNodeProps {
  readonly functionName?: ModelValue;
  readonly description?: string;
  readonly runtime: string;
  readonly handler: string;
  readonly code: CodeModel;
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  readonly ephemeralStorageMb: number;
  readonly environment: Readonly<Record<string, ModelValue>>;
  readonly environmentKmsKeyArn?: ModelValue;
  /** Layer ARNs (references to layer nodes, or literal ARNs). */
  readonly layers: readonly ModelValue[];
  readonly architecture: 'x86_64' | 'arm64';
  readonly reservedConcurrency?: number;
  readonly tracing?: 'Active' | 'PassThrough';
  readonly vpc?: { readonly subnetIds: readonly ModelValue[]; readonly securityGroupIds: readonly ModelValue[] };
  /** The execution role's ARN. */
  readonly role: ModelValue;
  /** Async invocation: retries after a function error, 0-2. Undefined: the Lambda default (2). */
  readonly retryAttempts?: number;
  /** Async invocation: maximum event age in seconds, 60-21600. Undefined: the Lambda default (21600). */
  readonly maxEventAgeSeconds?: number;
  /** What Lambda does in a detected recursive loop. Undefined: the Lambda default (`Terminate`). */
  readonly recursiveLoop?: 'Allow' | 'Terminate';
}

export interface VersionNodeProps {
  readonly functionId: string;
  readonly description?: string;
  readonly provisionedConcurrency?: number;
  /** Hash of the function's code and configuration: a new hash is a new version. */
  readonly configHash: string;
}

export interface AliasNodeProps {
  readonly functionId: string;
  readonly aliasName: string;
  /** The version node id, or '$LATEST'. */
  readonly version: string;
  readonly additionalVersions: ReadonlyArray<{ readonly version: string; readonly weight: number }>;
  readonly provisionedConcurrency?: number;
  readonly description?: string;
  /** Gradual deployment with CodeDeploy, when the alias was created by `fn.deploy()`. */
  readonly deployment?: DeploymentModel;
}

export interface DeploymentModel {
  /** CodeDeploy predefined configuration name without the `CodeDeployDefault.Lambda` prefix: `Canary10Percent5Minutes`. */
  readonly type: string;
  /** Alarm names or references that roll the deployment back. */
  readonly alarms: readonly ModelValue[];
  /** Function node id of the pre-traffic hook. */
  readonly preTraffic?: string;
  /** Function node id of the post-traffic hook. */
  readonly postTraffic?: string;
}

export interface LayerNodeProps {
  readonly layerName?: string;
  readonly description?: string;
  readonly code: CodeModel;
  readonly compatibleRuntimes: readonly string[];
  readonly compatibleArchitectures: readonly string[];
  readonly license?: string;
}

export interface QueueNodeProps {
  readonly queueName?: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication?: boolean;
  /** Seconds; undefined = the SQS default (30). */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds; undefined = the SQS default (345600, 4 days). */
  readonly retentionPeriodSeconds?: number;
  readonly deliveryDelaySeconds?: number;
  readonly receiveWaitTimeSeconds?: number;
  readonly maxMessageSizeBytes?: number;
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
  readonly encryption: 'none' | 'sqs-managed' | 'kms-managed' | 'kms';
  readonly kmsKeyArn?: ModelValue;
  /** A queue policy statement denies every `sqs:*` request not made over TLS (aws-cdk-lib's `enforceSSL`). */
  readonly enforceSSL?: boolean;
}

export interface TopicNodeProps {
  readonly topicName?: string;
  readonly displayName?: string;
  readonly fifo: boolean;
  /** FIFO only: deduplicate by a SHA-256 of the body. */
  readonly contentBasedDeduplication?: boolean;
  /** A topic policy statement denies `sns:Publish` not made over TLS (aws-cdk-lib's `enforceSSL`). */
  readonly enforceSSL?: boolean;
  /** The KMS key messages are encrypted with (KmsMasterKeyId: a key ARN or alias ARN). Undefined: not encrypted. */
  readonly kmsMasterKeyId?: ModelValue;
}

export interface BucketNodeProps {
  readonly bucketName?: string;
  readonly versioned: boolean;
  /** The bucket's PublicAccessBlockConfiguration, each setting as written; undefined: none written (S3's defaults). */
  readonly blockPublicAccess?: {
    readonly blockPublicAcls?: boolean;
    readonly blockPublicPolicy?: boolean;
    readonly ignorePublicAcls?: boolean;
    readonly restrictPublicBuckets?: boolean;
  };
  /** Default encryption written as BucketEncryption: SSE-S3 (`AES256`), SSE-KMS or DSSE-KMS with the AWS managed key. Undefined: none written (S3 encrypts with SSE-S3). */
  readonly encryption?: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  /** A bucket policy statement denies every `s3:*` request not made over TLS (aws-cdk-lib's `enforceSSL`). */
  readonly enforceSSL?: boolean;
  /** Object events go to EventBridge's default bus (NotificationConfiguration.EventBridgeConfiguration). */
  readonly eventBridgeEnabled?: boolean;
  /**
   * Every object (and object version) is deleted when the bucket is deleted, by a custom resource
   * (`Custom::S3AutoDeleteObjects`) the backends write with its provider function, as aws-cdk-lib's
   * `autoDeleteObjects`.
   */
  readonly autoDeleteObjects?: boolean;
}

export interface TableNodeProps {
  readonly tableName?: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' | 'B' };
  readonly sortKey?: { readonly name: string; readonly type: 'S' | 'N' | 'B' };
  readonly billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readonly readCapacity?: number;
  readonly writeCapacity?: number;
  readonly streamViewType?: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';
  /** SSESpecification.SSEEnabled: false (an AWS owned key, DynamoDB's default) or true (the AWS managed key `aws/dynamodb`). Undefined: none written. */
  readonly sseEnabled?: boolean;
  /** PointInTimeRecoverySpecification; undefined: none written (disabled). */
  readonly pointInTimeRecovery?: { readonly enabled: boolean; readonly recoveryPeriodInDays?: number };
  /** The TTL attribute (TimeToLiveSpecification, enabled). */
  readonly timeToLiveAttribute?: string;
  readonly deletionProtection?: boolean;
  readonly tableClass?: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
}

export interface StreamNodeProps {
  readonly streamName?: string;
  readonly mode: 'PROVISIONED' | 'ON_DEMAND';
  readonly shardCount?: number;
  readonly retentionHours: number;
  readonly encrypted: boolean;
}

export interface ApiNodeProps {
  readonly apiName?: string;
  readonly description?: string;
  readonly stageName: string;
  readonly cors?: {
    readonly allowOrigins: readonly string[];
    readonly allowMethods: readonly string[];
    readonly allowHeaders: readonly string[];
    readonly exposeHeaders: readonly string[];
    readonly allowCredentials?: boolean;
    readonly maxAgeSeconds?: number;
  };
  readonly throttling?: { readonly rateLimit?: number; readonly burstLimit?: number };
}

export interface ScheduleNodeProps {
  readonly ruleName?: string;
  readonly description?: string;
  /** `rate(...)` or `cron(...)`, for a schedule rule. */
  readonly scheduleExpression?: string;
  /** EventBridge event pattern, for a pattern rule. */
  readonly eventPattern?: ModelValue;
  readonly enabled: boolean;
}

export interface RoleNodeProps {
  readonly roleName?: string;
  /** The service principals that may assume the role (`lambda.amazonaws.com`). */
  readonly assumedBy: readonly string[];
  /** AWS managed policy names (`service-role/AWSLambdaBasicExecutionRole`) or ARNs. */
  readonly managedPolicies: readonly ModelValue[];
}

export interface RawNodeProps {
  /** The CloudFormation resource type (`AWS::SSM::Parameter`). */
  readonly type: string;
  readonly properties: Readonly<Record<string, ModelValue>>;
}

export type FunctionNode = NodeBase<'function', FunctionNodeProps>;
export type VersionNode = NodeBase<'version', VersionNodeProps>;
export type AliasNode = NodeBase<'alias', AliasNodeProps>;
export type LayerNode = NodeBase<'layer', LayerNodeProps>;
export type QueueNode = NodeBase<'queue', QueueNodeProps>;
export type TopicNode = NodeBase<'topic', TopicNodeProps>;
export type BucketNode = NodeBase<'bucket', BucketNodeProps>;
export type TableNode = NodeBase<'table', TableNodeProps>;
export type StreamNode = NodeBase<'stream', StreamNodeProps>;
export type ApiNode = NodeBase<'api', ApiNodeProps>;
export type ScheduleNode = NodeBase<'schedule', ScheduleNodeProps>;
export type RoleNode = NodeBase<'role', RoleNodeProps>;
export type RawNode = NodeBase<'raw', RawNodeProps>;

export type ModelNode =
  | FunctionNode
  | VersionNode
  | AliasNode
  | LayerNode
  | QueueNode
  | TopicNode
  | BucketNode
  | TableNode
  | StreamNode
  | ApiNode
  | ScheduleNode
  | RoleNode
  | RawNode;

export type NodeKind = ModelNode['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<ModelNode, { kind: K }>;

// ---------------------------------------------------------------- edges

interface EdgeBase<K extends string, P> {
  /** Unique id in the stack. */
  readonly id: string;
  readonly kind: K;
  /** Source node id (the event source, the caller, the role holding a grant), or `principal:<name>` for a principal outside the model. */
  readonly from: string;
  /** Target node id (the function, the destination, the granted resource); undefined for resources outside the model. */
  readonly to?: string;
  /**
   * Logical id of the construct the edge comes from, when it is one (mapping, subscription, S3
   * notification, permission); the backends name the resources it becomes after it.
   */
  readonly logicalId?: string;
  /**
   * Logical ids of the resources the backends derive from the edge, by role (`integration` and
   * `permission` of a route, `permission` of a Lambda subscription), when they are not named after
   * `logicalId`: with `new App({ logicalIds: 'cdk' })`, the ids aws-cdk-lib gives them.
   * @default each named `logicalId` + its role (`Integration`, `Permission`)
   */
  readonly derivedLogicalIds?: Readonly<Record<string, string>>;
  readonly origin: Origin;
  /** Escape-hatch overrides of the edge's resource, when it becomes one. */
  readonly overrides?: readonly PropertyOverride[];
  /** Node ids the edge's resource must be created after. */
  readonly dependsOn?: readonly string[];
  readonly props: P;
  /** Props whose value an imported template leaves unknown until deploy (see the nodes' `unknown`). */
  readonly unknown?: readonly string[];
  /** For an edge an imported template writes as part of another resource: that resource's node id (see the nodes' `partOf`). */
  readonly partOf?: string;
}

export interface EventSourceMappingEdgeProps {
  readonly sourceType: 'sqs' | 'kinesis' | 'dynamodb';
  readonly enabled: boolean;
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  readonly startingPositionTimestamp?: number;
  readonly bisectBatchOnError?: boolean;
  readonly maxRetryAttempts?: number;
  readonly maxRecordAgeSeconds?: number;
  readonly parallelizationFactor?: number;
  readonly tumblingWindowSeconds?: number;
  readonly reportBatchItemFailures: boolean;
  readonly maxConcurrency?: number;
  /** EventBridge-style filter patterns (objects). */
  readonly filters: readonly ModelValue[];
  /** Node id of the on-failure destination (SQS, SNS, S3). */
  readonly onFailure?: string;
}

export interface DestinationProps {
  /** Which outcome goes there: the async dead-letter queue, or an async destination. */
  readonly condition: 'deadLetter' | 'onSuccess' | 'onFailure';
  /** `default`: the account's default event bus (an `EventBridgeDestination` without a bus), outside the app (`to` undefined). */
  readonly eventBus?: 'default';
}

/** One statement of a role's identity policy: a grant method's or a user's `PolicyStatement`. */
export interface GrantProps {
  /** Statement id, when the user gave one. */
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** IAM actions, sorted; a user-written statement may hold `*` (reported as a warning). Absent when `notActions` is given. */
  readonly actions?: readonly string[];
  /** Every action but these, sorted. */
  readonly notActions?: readonly string[];
  /** Resource ARNs the statement applies to. Absent when `notResources` is given. */
  readonly resources?: readonly ModelValue[];
  /** Every resource but these. */
  readonly notResources?: readonly ModelValue[];
  /** IAM conditions: operator → condition key → value(s). */
  readonly conditions?: ModelValue;
  /** Why the statement exists (for lint messages and docs): `grantConsumeMessages`, `SqsEventSource`, `addToRolePolicy`. */
  readonly reason: string;
}

export interface InvokePermissionProps {
  /** The principal allowed to invoke (`apigateway.amazonaws.com`, an account id). */
  readonly principal: string;
  readonly sourceArn?: ModelValue;
  readonly sourceAccount?: ModelValue;
}

export interface ApiRouteProps {
  readonly method: string;
  readonly path: string;
  readonly payloadFormatVersion: '1.0' | '2.0';
  /** Integration timeout in milliseconds (50-30000). */
  readonly timeoutMillis?: number;
  /**
   * `rest` for a route of a REST API (API Gateway v1) of an imported template (its 29 s limit): the
   * API's own resources stay raw nodes (the edge starts at the `AWS::ApiGateway::RestApi` one, or at
   * the SAM `AWS::Serverless::Api`) and the edge is `partOf` what writes it. Undefined: an HTTP API.
   */
  readonly api?: 'rest';
}

export interface SubscriptionEdgeProps {
  /** `lambda` and `sqs` deliver to the edge's `to`; `email`, `email-json`, `http` and `https` to `endpoint`, outside the app (`to` undefined). */
  readonly protocol: 'lambda' | 'sqs' | 'email' | 'email-json' | 'http' | 'https';
  /** The email address or URL of an `email`, `email-json`, `http` or `https` subscription. */
  readonly endpoint?: ModelValue;
  readonly filterPolicy?: ModelValue;
  readonly rawMessageDelivery?: boolean;
  /** Node id of the queue the subscription sends what SNS cannot deliver to (its `RedrivePolicy`). */
  readonly deadLetterQueue?: string;
}

/** An S3 notification: from a bucket to a function (version, alias), a queue or a topic. */
export interface NotificationProps {
  readonly events: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
}

/** A rule target: from a rule (a `schedule` node) to a function (version, alias), a queue or a topic. */
export interface RuleTargetProps {
  readonly input?: ModelValue;
  /** A queue target's message group id (`SqsParameters.MessageGroupId`). */
  readonly messageGroupId?: string;
  readonly retryAttempts?: number;
  readonly maxEventAgeSeconds?: number;
  /** Node id of a queue used as the target's dead-letter queue. */
  readonly deadLetterQueue?: string;
}

export type EventSourceMappingEdge = EdgeBase<'eventSourceMapping', EventSourceMappingEdgeProps>;
export type DestinationEdge = EdgeBase<'destination', DestinationProps>;
export type GrantEdge = EdgeBase<'grant', GrantProps>;
export type InvokePermissionEdge = EdgeBase<'invokePermission', InvokePermissionProps>;
export type ApiRouteEdge = EdgeBase<'apiRoute', ApiRouteProps>;
export type SubscriptionEdge = EdgeBase<'subscription', SubscriptionEdgeProps>;
export type NotificationEdge = EdgeBase<'notification', NotificationProps>;
export type RuleTargetEdge = EdgeBase<'ruleTarget', RuleTargetProps>;

export type ModelEdge =
  | EventSourceMappingEdge
  | DestinationEdge
  | GrantEdge
  | InvokePermissionEdge
  | ApiRouteEdge
  | SubscriptionEdge
  | NotificationEdge
  | RuleTargetEdge;

export type EdgeKind = ModelEdge['kind'];
export type EdgeOfKind<K extends EdgeKind> = Extract<ModelEdge, { kind: K }>;

// ---------------------------------------------------------------- stack and app

export interface OutputModel {
  readonly logicalId: string;
  readonly value: ModelValue;
  readonly description?: string;
  readonly exportName?: ModelValue;
  readonly origin: Origin;
}

/** A directory deployed as a zip, or a `.zip` file deployed as it is (function or layer code). */
export interface AssetModel {
  /**
   * Content hash of the directory (sha256, hex, over paths, modes and contents): the same files give
   * the same id everywhere. For a `.zip` file, sha256 over a fixed prefix and the file's bytes
   * (`hashZipFile` in `core/asset.ts`), never a directory's id.
   */
  readonly id: string;
  /** The directory (or the `.zip` file), relative to the app's working directory (with `/` separators). */
  readonly path: string;
  /**
   * True when `path` is a `.zip` file, deployed as it is: the CloudFormation output copies it, the
   * local runtime runs it extracted, lint does not read it; `exclude`, `include` and
   * `followSymlinks` do not apply (the patterns are empty). @default false: a directory
   */
  readonly zipFile?: boolean;
  /**
   * Patterns of what the zip leaves out, in `.gitignore` syntax (a pattern without glob
   * characters is anchored at the directory): the default excludes, then the user's. Everything
   * needed, with `include` and `followSymlinks`, to list the same files again at zip time.
   */
  readonly exclude: readonly string[];
  /** Patterns of what the zip keeps although `exclude` leaves it out (same syntax). */
  readonly include: readonly string[];
  /** How symbolic links are handled: a `SymlinkFollowMode` value. */
  readonly followSymlinks: 'never' | 'always' | 'external' | 'internal-only';
  /** Sum of the sizes of the zip's entries in bytes: what the asset takes once unzipped (for a `.zip` file, as its entries record it). */
  readonly unzippedBytes: number;
  /**
   * For a bundle (`NodejsFunction`): the source entry it was bundled from, relative to the app's
   * working directory. Lint analyses it instead of the bundle, so findings point at the source.
   */
  readonly bundledFrom?: string;
}

export interface StackModel {
  readonly name: string;
  /** Construct path of the stack. */
  readonly path: string;
  /** Where the stack was created (its construct path again, the user's file:line, acknowledged lint rules), for findings about the stack as a whole. */
  readonly origin?: Origin;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly nodes: readonly ModelNode[];
  readonly edges: readonly ModelEdge[];
  readonly outputs: readonly OutputModel[];
  readonly assets: readonly AssetModel[];
  /** Warnings that do not stop synthesis (a deprecated runtime, a `*` action), in tree order. */
  readonly warnings?: readonly Problem[];
  /** For a stack imported from a template: the template file and the sections the model does not hold, written back as they were. */
  readonly imported?: ImportedTemplate;
  /**
   * The stack's own template parameters (`CfnParameter`), by logical id, in tree order. A value
   * that is a parameter is `{ $expr: { Ref: <logical id> } }`: unknown until deploy.
   */
  readonly parameters?: Readonly<Record<string, ParameterModel>>;
  /**
   * The stack's own template conditions (`CfnCondition`), by logical id: each the template
   * expression CloudFormation evaluates (`{ "Fn::Equals": [{ "Ref": "Stage" }, "prod"] }`).
   */
  readonly conditions?: Readonly<Record<string, ConditionModel>>;
}

/** A template parameter of a stack (aws-cdk-lib's `CfnParameter`), as the template's Parameters section writes it. */
export interface ParameterModel {
  /** `String`, `Number`, `List<Number>`, `CommaDelimitedList`, or an AWS-specific type (`AWS::EC2::VPC::Id`, `AWS::SSM::Parameter::Value<String>`). */
  readonly type: string;
  /** The value used when none is given at deploy: a string, a number, or (list types) a list. */
  readonly default?: string | number | readonly (string | number)[];
  readonly allowedPattern?: string;
  readonly allowedValues?: readonly (string | number)[];
  readonly constraintDescription?: string;
  readonly description?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxValue?: number;
  readonly minValue?: number;
  readonly noEcho?: boolean;
  readonly origin: Origin;
}

/** A template condition of a stack (aws-cdk-lib's `CfnCondition`). */
export interface ConditionModel {
  /** The condition's template expression (`Fn::Equals`, `Fn::And`, ..., `Condition`), written as it is. */
  readonly expression: unknown;
  readonly origin: Origin;
}

/** Something of an imported template the model does not hold (a SAM event of a type it does not model, a SAM property such as `FunctionUrlConfig`). */
export interface UnmodelledItem {
  /** Logical id of the resource it belongs to. */
  readonly resource: string;
  /** The node the resource became, when it became one. */
  readonly nodeId?: string;
  /** Where below the resource's Properties: `Events.Upload`, `FunctionUrlConfig`. */
  readonly path: string;
  /** The event type (`IoTRule`), or `property`. */
  readonly type: string;
  /** Why the model does not hold it. */
  readonly reason: string;
  /** Where it is written, when it is written in the template (not only in Globals). */
  readonly source?: SourceLocation;
}

/** What an imported template holds beyond its resources and outputs. */
export interface ImportedTemplate {
  /** The template file, relative to the working directory when it lies below it. */
  readonly file: string;
  /** `AWSTemplateFormatVersion`, `Transform`, `Parameters`, `Mappings`, `Conditions`, `Rules`, `Metadata`, `Hooks`, ...: the template's own, unchanged. */
  readonly sections: Readonly<Record<string, unknown>>;
  /** Parameter values the model was resolved with (defaults, or given on the command line). */
  readonly parameters: Readonly<Record<string, string>>;
  /** The template file's size in bytes: what CloudFormation's template size limits apply to. */
  readonly bytes?: number;
  /** How many resources the template declares (before any transform adds its own). */
  readonly resourceCount?: number;
  /** SAM template: what SAM's transform makes beyond the CloudFormation template of the model (events from sources outside the template, ...; `import/sam/generated.ts`). */
  readonly samResourceDelta?: number;
  /**
   * What the template holds that the model does not (SAM events of types it does not model, such
   * as `IoTRule` or `Api`; SAM properties such as `FunctionUrlConfig`), named for findings.
   */
  readonly unmodelled?: readonly UnmodelledItem[];
}

/** The format version of model documents this library writes and reads. */
export const MODEL_VERSION = 2;

export interface AppModel {
  /** Format version of this document. */
  readonly version: typeof MODEL_VERSION;
  readonly stacks: readonly StackModel[];
}
