/**
 * The local execution plan (`plan.json`): everything the local runtime needs to run an app, and
 * nothing else. The runtime reads only this document, so a plan written by hand runs too.
 * Format documented in docs/plan.md; JSON Schema in lib/local/plan/plan.schema.json (generated from this
 * file by `npm run plan-schema`; a test keeps them equal).
 *
 * Resources are named by `id` (the construct path, or the logical id of an imported template);
 * references between them use these ids. Paths are relative to the plan file's directory (or to
 * the working directory for a plan made in memory). Durations are in seconds unless named
 * otherwise; sizes in MB (MiB) or bytes as named.
 */

/** The format version this library writes and reads. */
export const PLAN_VERSION = 1;

export interface Plan {
  /** The JSON Schema of this document, for editors. */
  readonly $schema?: string;
  /** Format version: 1. */
  readonly version: 1;
  /** The region in local ARNs and `AWS_REGION`. @default "us-east-1" */
  readonly region: string;
  /** The account in local ARNs. @default "123456789012" */
  readonly account: string;
  /** Base URL of local service endpoints (queue URLs start with it). @default "http://localhost:4566" */
  readonly endpoint: string;
  /** The stacks the plan was made from, by name, in app order. */
  readonly stacks: readonly string[];
  readonly functions: readonly PlanFunction[];
  readonly queues: readonly PlanQueue[];
  readonly topics: readonly PlanTopic[];
  readonly buckets: readonly PlanBucket[];
  readonly tables: readonly PlanTable[];
  readonly streams: readonly PlanStream[];
  /** EventBridge rules: schedules and event patterns, with their targets. */
  readonly rules: readonly PlanRule[];
  readonly apis: readonly PlanApi[];
  /** Event source mappings (SQS, Kinesis, DynamoDB streams). */
  readonly mappings: readonly PlanMapping[];
  /** SNS subscriptions (to functions and queues). */
  readonly subscriptions: readonly PlanSubscription[];
  /** S3 event notifications to functions, queues and topics. */
  readonly notifications: readonly PlanNotification[];
  /** What the plan could not resolve to a local value (a value known only at deploy), with where it is used. */
  readonly warnings: readonly string[];
}

/** Common to every resource of the plan. */
export interface PlanResource {
  /** Unique id: the construct path (`Stack/Jobs`), or the logical id of an imported template. */
  readonly id: string;
  /** The CloudFormation logical id (scenarios may name resources by it). */
  readonly logicalId: string;
  /** The stack the resource belongs to. */
  readonly stack: string;
  /** Where the resource was written: `file:line` of the app or template, when known. */
  readonly definedAt?: string;
}

/** A function to invoke (function, version or alias) and what it runs. */
export interface PlanTarget {
  /** Function id. */
  readonly function: string;
  /** `$LATEST`, a version number or an alias name. @default "$LATEST" */
  readonly qualifier?: string;
}

/** Where a destination or dead-letter record goes. */
export interface PlanDestination {
  readonly type: 'sqs' | 'sns' | 'lambda' | 'eventbridge' | 's3';
  /** The resource id in the plan (queue, topic, function, bucket); absent for a resource outside the plan. */
  readonly id?: string;
  /** Its local ARN. */
  readonly arn: string;
}

export interface PlanHandler {
  /** The directory of the function's code (`LAMBDA_TASK_ROOT`). */
  readonly codeDir: string;
  /** The entry file, relative to `codeDir` (`index.mjs`, `src/app.ts`). */
  readonly file: string;
  /** The exported function's name (`handler`); dots name nested properties. */
  readonly export: string;
}

export interface PlanLayer {
  /** The layer's ARN (local for layers of the app). */
  readonly arn: string;
  /** The layer's directory (what is mounted at /opt); absent for a layer outside the app, which cannot run locally. */
  readonly dir?: string;
}

export interface PlanVersion {
  /** The version number (`1`, `2`, ...), in the order the app publishes them. */
  readonly version: string;
  /** The version's id (construct path or logical id). */
  readonly id: string;
  /** Pre-initialised execution environments of this version. */
  readonly provisionedConcurrency?: number;
}

export interface PlanAlias {
  readonly name: string;
  /** The alias's id (construct path or logical id). */
  readonly id: string;
  /** The version it points at (`$LATEST` or a number). */
  readonly version: string;
  /** At most one additional version with its weight (0-1): the share of invocations it gets. */
  readonly additionalVersions: ReadonlyArray<PlanWeightedVersion>;
  /** Pre-initialised execution environments of this alias. */
  readonly provisionedConcurrency?: number;
}

/** A version an alias routes a share of its invocations to. */
export interface PlanWeightedVersion {
  readonly version: string;
  /** The share of invocations, 0-1. @minimum 0 @maximum 1 */
  readonly weight: number;
}

/** Asynchronous invocation settings (EventInvokeConfig, the function's DLQ). */
export interface PlanAsync {
  /** Retries after a function error, 0-2. @default 2 @minimum 0 @maximum 2 @asType integer */
  readonly maxRetryAttempts: number;
  /** How long an event may wait to be processed, 60-21,600 seconds. @default 21600 @minimum 60 @maximum 21600 @asType integer */
  readonly maxEventAgeSeconds: number;
  readonly onSuccess?: PlanDestination;
  readonly onFailure?: PlanDestination;
  /** The function's dead-letter queue (SQS or SNS): events that failed every try. */
  readonly deadLetter?: PlanDestination;
}

export interface PlanFunction extends PlanResource {
  /** The function name (`AWS_LAMBDA_FUNCTION_NAME`). */
  readonly name: string;
  /** Its unqualified local ARN. */
  readonly arn: string;
  /** `nodejs22.x`, ...; only Node.js runtimes run locally. */
  readonly runtime: string;
  /** The handler as configured (`index.handler`). */
  readonly handlerSetting: string;
  /** What the handler setting names; absent when the code cannot run locally (see `unavailable`). */
  readonly handler?: PlanHandler;
  /** Inline source (`ZipFile`), run as `index.js` (CommonJS) in a directory of its own. */
  readonly inlineSource?: string;
  /** Why the function cannot run locally (code in S3, a runtime other than Node.js, an entry file that does not exist). */
  readonly unavailable?: string;
  /** MB, 128-10,240. @minimum 128 @maximum 10240 @asType integer */
  readonly memoryMb: number;
  /** Seconds, 1-900. @minimum 1 @maximum 900 */
  readonly timeoutSeconds: number;
  /** /tmp size in MB. @minimum 512 @maximum 10240 @asType integer */
  readonly ephemeralStorageMb: number;
  /** The environment, references resolved to local values. */
  readonly environment: Readonly<Record<string, string>>;
  readonly layers: readonly PlanLayer[];
  /** Reserved concurrency (0 disables the function); absent: the unreserved account pool. @minimum 0 @asType integer */
  readonly reservedConcurrency?: number;
  readonly versions: readonly PlanVersion[];
  readonly aliases: readonly PlanAlias[];
  readonly async: PlanAsync;
  /** What Lambda does with a detected recursive loop. @default "Terminate" */
  readonly recursiveLoop: 'Terminate' | 'Allow';
  /**
   * JSON logs (`LoggingConfig.LogFormat: JSON`): the handler's console lines are JSON objects, and
   * those below `applicationLogLevel` are not written. Absent: text logs, every level.
   */
  readonly jsonLogs?: PlanJsonLogs;
}

/** A function's JSON log settings (`LoggingConfig`). */
export interface PlanJsonLogs {
  /** The lowest level of the function's own lines written. @default "INFO" */
  readonly applicationLogLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  /** The lowest level of Lambda's own lines (START, END, REPORT are INFO): WARN leaves them out. @default "INFO" */
  readonly systemLogLevel: 'DEBUG' | 'INFO' | 'WARN';
}

export interface PlanQueue extends PlanResource {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** Seconds, 0-43,200. @default 30 @minimum 0 @maximum 43200 @asType integer */
  readonly visibilityTimeoutSeconds: number;
  /** Seconds, 60-1,209,600. @default 345600 @minimum 60 @maximum 1209600 @asType integer */
  readonly retentionPeriodSeconds: number;
  /** Seconds, 0-900. @default 0 @minimum 0 @maximum 900 @asType integer */
  readonly delaySeconds: number;
  /** Seconds, 0-20. @default 0 @minimum 0 @maximum 20 @asType integer */
  readonly receiveWaitTimeSeconds: number;
  /** Bytes, 1,024-1,048,576. @default 1048576 @minimum 1024 @maximum 1048576 @asType integer */
  readonly maxMessageSizeBytes: number;
  /** The redrive policy: the dead-letter queue's id and how many receives a message gets before it moves there. */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
}

export interface PlanTopic extends PlanResource {
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** FIFO topics: a publish without a deduplication id is deduplicated on its message's SHA-256 (else refused). @default false */
  readonly contentBasedDeduplication?: boolean;
}

export interface PlanBucket extends PlanResource {
  readonly name: string;
  readonly arn: string;
}

export interface PlanTable extends PlanResource {
  readonly name: string;
  readonly arn: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' | 'B' };
  readonly sortKey?: { readonly name: string; readonly type: 'S' | 'N' | 'B' };
  /** The table's stream, when it has one (one shard locally). */
  readonly stream?: { readonly arn: string; readonly viewType: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY' };
}

export interface PlanStream extends PlanResource {
  readonly name: string;
  readonly arn: string;
  /** Shards (an on-demand stream starts with 4). @minimum 1 @asType integer */
  readonly shardCount: number;
  /** Hours a record stays in the stream. @default 24 */
  readonly retentionHours: number;
}

/** A rule target: a function (`function`, `qualifier`), a queue (`queue`) or a topic (`topic`), exactly one. */
export interface PlanRuleTarget extends Partial<PlanTarget> {
  /** For a queue target: the queue id (the event, or `input`, is the message body). */
  readonly queue?: string;
  /** For a topic target: the topic id (the event, or `input`, is the message). */
  readonly topic?: string;
  /** For a queue target: the message group id of the messages sent (a FIFO queue's). */
  readonly messageGroupId?: string;
  /** The input sent instead of the event, when the rule gives one. */
  readonly input?: unknown;
  /** Retries of an event the function throttles or cannot take (EventBridge's own retry policy). @default 185 */
  readonly retryAttempts: number;
  /** Seconds. @default 86400 */
  readonly maxEventAgeSeconds: number;
  /** The target's dead-letter queue id. */
  readonly deadLetterQueue?: string;
}

export interface PlanRule extends PlanResource {
  readonly name: string;
  readonly arn: string;
  /** `rate(...)` or `cron(...)`. */
  readonly schedule?: string;
  /** EventBridge event pattern. */
  readonly eventPattern?: unknown;
  readonly enabled: boolean;
  readonly targets: readonly PlanRuleTarget[];
}

export interface PlanRoute extends PlanTarget {
  /** `GET`, `POST`, ..., or `ANY`. */
  readonly method: string;
  /** `/items/{id}`, `/{proxy+}`, or `$default`. */
  readonly path: string;
  readonly payloadFormatVersion: '1.0' | '2.0';
  /** Integration timeout in milliseconds (HTTP API 50-30,000; REST 50-29,000). @minimum 50 @maximum 30000 @asType integer */
  readonly timeoutMillis: number;
}

export interface PlanApi extends PlanResource {
  readonly name: string;
  /** `http` (API Gateway v2 HTTP API) or `rest` (v1 REST API). */
  readonly type: 'http' | 'rest';
  readonly stage: string;
  readonly routes: readonly PlanRoute[];
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

export interface PlanMapping extends PlanResource, PlanTarget {
  readonly sourceType: 'sqs' | 'kinesis' | 'dynamodb';
  /** The queue, stream or table id it reads. */
  readonly source: string;
  readonly enabled: boolean;
  /** Records per batch. @default 10 (SQS), 100 (streams) @minimum 1 @maximum 10000 @asType integer */
  readonly batchSize: number;
  /** Seconds to gather a batch. @default 0 @minimum 0 @maximum 300 */
  readonly maxBatchingWindowSeconds: number;
  /** Streams only. @default "TRIM_HORIZON" */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  /** Streams only: retry a failed batch split in two. @default false */
  readonly bisectBatchOnError: boolean;
  /** Streams only: retries of a failed batch; -1 = until the records expire. @default -1 @minimum -1 @maximum 10000 @asType integer */
  readonly maxRetryAttempts: number;
  /** Streams only: seconds; -1 = no limit. @default -1 @minimum -1 @maximum 604800 @asType integer */
  readonly maxRecordAgeSeconds: number;
  /** Streams only: concurrent batches per shard, 1-10. @default 1 @minimum 1 @maximum 10 @asType integer */
  readonly parallelizationFactor: number;
  /** The handler returns `batchItemFailures`. @default false */
  readonly reportBatchItemFailures: boolean;
  /** SQS only: most concurrent invocations, 2-1,000. @minimum 2 @maximum 1000 @asType integer */
  readonly maxConcurrency?: number;
  /** FilterCriteria patterns: a record passes when it matches one. */
  readonly filters: readonly unknown[];
  /** Streams only: where discarded batches are described. */
  readonly onFailure?: PlanDestination;
}

export interface PlanSubscription extends PlanResource {
  /** The topic id. */
  readonly topic: string;
  /** `email`, `email-json`, `http` and `https` go outside the app: a delivery is recorded in the ledger, nothing is sent. */
  readonly protocol: 'lambda' | 'sqs' | 'email' | 'email-json' | 'http' | 'https';
  /** For `email`, `email-json`, `http`, `https`: the email address or URL. */
  readonly endpoint?: string;
  /** For `lambda`: the function (and qualifier) invoked. */
  readonly target?: PlanTarget;
  /** For `sqs`: the queue id. */
  readonly queue?: string;
  readonly filterPolicy?: unknown;
  /** What the filter policy applies to. @default "MessageAttributes" */
  readonly filterPolicyScope: 'MessageAttributes' | 'MessageBody';
  /** SQS: the message body is the published message itself, not the SNS envelope. @default false */
  readonly rawMessageDelivery: boolean;
  /** The queue id of the subscription's dead-letter queue (`RedrivePolicy`): what SNS cannot deliver goes there. */
  readonly deadLetterQueue?: string;
}

/**
 * An S3 event notification: to a function (`function`, `qualifier`: invoked asynchronously with the
 * S3 event), a queue (`queue`: the S3 event JSON is the message body) or a topic (`topic`: the S3
 * event JSON is the published message). Exactly one of `function`, `queue`, `topic`.
 */
export interface PlanNotification extends PlanResource, Partial<PlanTarget> {
  /** For a queue destination: the queue id. */
  readonly queue?: string;
  /** For a topic destination: the topic id. */
  readonly topic?: string;
  /** The bucket id. */
  readonly bucket: string;
  /** `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`, ... */
  readonly events: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
}
