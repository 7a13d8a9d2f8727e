/**
 * AWS limits and defaults, in one table, each with where it comes from. Constructs validate
 * against it, the backends leave out values equal to the AWS default, the model checks and (later)
 * the linter and the local runtime read the same numbers. A limit that changes is changed here.
 *
 * Values in force in 2025-2026 (see LAMBDA-FACTS.md); `source` names the AWS documentation page.
 */

/** A numeric limit: the allowed range of one setting, its unit and (when AWS has one) the default. */
export interface Limit {
  readonly min: number;
  readonly max: number;
  /** Unit in messages (`seconds`, `MiB`, `bytes`, or '' for a count). */
  readonly unit: string;
  /** Only whole numbers are allowed. */
  readonly integer: boolean;
  /** What AWS uses when the setting is absent. */
  readonly default?: number;
  /** Where the numbers come from. */
  readonly source: string;
}

/** A string length limit (characters) and, when there is one, the allowed form. */
export interface TextLimit {
  readonly minLength: number;
  readonly maxLength: number;
  /** The allowed characters, anchored; undefined when any character is allowed. */
  readonly pattern?: RegExp;
  /** The pattern in words, for messages: "letters, digits, hyphens or underscores". */
  readonly allowed?: string;
  readonly source: string;
}

const LAMBDA_QUOTAS = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
const LAMBDA_FUNCTION = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html';
const LAMBDA_ASYNC = 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html';
const LAMBDA_ALIAS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-alias.html';
const LAMBDA_LAYER = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-layerversion.html';
const LAMBDA_ESM = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html';
const SQS_QUOTAS = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html';
const SQS_QUEUE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html';
const KINESIS_STREAM = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-stream.html';
const DYNAMODB_TABLE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html';
const SNS_TOPIC = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html';
const EVENTS_RULE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html';
const EVENTS_TARGET = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-events-rule-target.html';
const APIGW_QUOTAS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
const CFN_QUOTAS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html';
const TAGGING = 'https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html';
const S3_NAMING = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html';

const range = (min: number, max: number, unit: string, source: string, extra: { default?: number; integer?: boolean } = {}): Limit => ({
  min,
  max,
  unit,
  integer: extra.integer ?? true,
  ...(extra.default !== undefined ? { default: extra.default } : {}),
  source,
});
const text = (minLength: number, maxLength: number, source: string, pattern?: RegExp, allowed?: string): TextLimit => ({
  minLength,
  maxLength,
  ...(pattern ? { pattern } : {}),
  ...(allowed ? { allowed } : {}),
  source,
});

/** The limits, by resource. */
export const LIMITS = {
  function: {
    memorySize: range(128, 10_240, 'MiB', LAMBDA_QUOTAS, { default: 128 }),
    timeout: range(1, 900, 'seconds', LAMBDA_QUOTAS, { default: 3 }),
    ephemeralStorage: range(512, 10_240, 'MiB', LAMBDA_QUOTAS, { default: 512 }),
    /** Keys + values of all environment variables, in bytes. */
    environmentBytes: range(0, 4096, 'bytes', LAMBDA_QUOTAS),
    layers: range(0, 5, '', LAMBDA_QUOTAS),
    /**
     * No upper bound here: what can be reserved is the account's concurrency limit (1,000 by
     * default, raised on request) minus the 100 that must stay unreserved, which only the account
     * knows; the reserved-concurrency-budget lint rule checks it against the limit it is given.
     */
    reservedConcurrency: range(0, Infinity, '', LAMBDA_QUOTAS),
    /** Function code and all its layers, unzipped: 250 MB. */
    unzippedCodeBytes: range(0, 262_144_000, 'bytes', LAMBDA_QUOTAS),
    /** CloudFormation `ZipFile` inline code. */
    inlineCodeBytes: range(1, 4 * 1024 * 1024, 'bytes', LAMBDA_FUNCTION),
    retryAttempts: range(0, 2, '', LAMBDA_ASYNC, { default: 2 }),
    maxEventAge: range(60, 21_600, 'seconds', LAMBDA_ASYNC, { default: 21_600 }),
    subnetIds: range(1, 16, '', LAMBDA_FUNCTION),
    securityGroupIds: range(1, 5, '', LAMBDA_FUNCTION),
    functionName: text(1, 64, LAMBDA_FUNCTION, /^[a-zA-Z0-9_-]+$/, 'letters, digits, hyphens or underscores'),
    description: text(0, 256, LAMBDA_FUNCTION),
    handler: text(1, 128, LAMBDA_FUNCTION, /^\S+$/, 'characters other than spaces'),
  },
  version: {
    description: text(0, 256, 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html'),
    /** At most the function's reserved concurrency when it has one; otherwise bounded by the account's limit only (see reservedConcurrency). */
    provisionedConcurrency: range(1, Infinity, '', LAMBDA_QUOTAS),
  },
  alias: {
    aliasName: text(1, 128, LAMBDA_ALIAS, /^(?!^[0-9]+$)[a-zA-Z0-9_-]+$/, "letters, digits, '-' or '_', not only digits"),
    description: text(0, 256, LAMBDA_ALIAS),
    additionalVersions: range(0, 1, '', LAMBDA_ALIAS),
    weight: range(0, 1, '', LAMBDA_ALIAS, { integer: false }),
  },
  layer: {
    compatibleRuntimes: range(0, 15, '', LAMBDA_LAYER),
    compatibleArchitectures: range(0, 2, '', LAMBDA_LAYER),
    license: text(0, 512, LAMBDA_LAYER),
    description: text(0, 256, LAMBDA_LAYER),
    layerName: text(1, 140, LAMBDA_LAYER, /^[a-zA-Z0-9_-]+$/, "letters, digits, '-' or '_'"),
  },
  queue: {
    visibilityTimeout: range(0, 43_200, 'seconds', SQS_QUOTAS, { default: 30 }),
    retentionPeriod: range(60, 1_209_600, 'seconds', SQS_QUOTAS, { default: 345_600 }),
    deliveryDelay: range(0, 900, 'seconds', SQS_QUOTAS, { default: 0 }),
    receiveMessageWaitTime: range(0, 20, 'seconds', SQS_QUOTAS, { default: 0 }),
    maxMessageSize: range(1024, 1_048_576, 'bytes', SQS_QUEUE, { default: 1_048_576 }),
    maxReceiveCount: range(1, 1000, '', SQS_QUEUE),
    queueName: text(1, 80, SQS_QUEUE, /^[a-zA-Z0-9_-]+(\.fifo)?$/, "letters, digits, '-' or '_' (plus '.fifo')"),
  },
  sqsMapping: {
    batchSize: range(1, 10_000, '', LAMBDA_ESM, { default: 10 }),
    batchSizeFifo: range(1, 10, '', LAMBDA_ESM),
    /** Above this batch size a standard queue mapping needs a batching window of at least 1 second. */
    batchSizeWithoutWindow: range(1, 10, '', LAMBDA_ESM),
    maxBatchingWindow: range(0, 300, 'seconds', LAMBDA_ESM, { default: 0 }),
    maxConcurrency: range(2, 1000, '', LAMBDA_ESM),
  },
  streamMapping: {
    batchSize: range(1, 10_000, '', LAMBDA_ESM, { default: 100 }),
    maxBatchingWindow: range(0, 300, 'seconds', LAMBDA_ESM, { default: 0 }),
    retryAttempts: range(0, 10_000, '', LAMBDA_ESM),
    maxRecordAge: range(60, 604_800, 'seconds', LAMBDA_ESM),
    parallelizationFactor: range(1, 10, '', LAMBDA_ESM, { default: 1 }),
    tumblingWindow: range(0, 900, 'seconds', LAMBDA_ESM),
  },
  mapping: {
    filters: range(0, 5, '', LAMBDA_ESM),
  },
  stream: {
    retentionPeriod: range(24, 8760, 'hours', KINESIS_STREAM, { default: 24 }),
    shardCount: range(1, 100_000, '', KINESIS_STREAM, { default: 1 }),
    streamName: text(1, 128, KINESIS_STREAM, /^[a-zA-Z0-9_.-]+$/, "letters, digits, '_', '.' or '-'"),
  },
  table: {
    capacity: range(1, 40_000, '', DYNAMODB_TABLE, { default: 5 }),
    tableName: text(3, 255, DYNAMODB_TABLE, /^[a-zA-Z0-9_.-]+$/, "letters, digits, '_', '.' or '-'"),
    keyName: text(1, 255, DYNAMODB_TABLE),
  },
  topic: {
    topicName: text(1, 256, SNS_TOPIC, /^[A-Za-z0-9_-]+(\.fifo)?$/, "letters, digits, '-' or '_' (plus '.fifo')"),
    displayName: text(0, 100, SNS_TOPIC),
  },
  bucket: {
    bucketName: text(3, 63, S3_NAMING),
    /** A notification's key filter prefix or suffix. */
    keyFilter: text(1, 1024, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html'),
  },
  rule: {
    targets: range(0, 5, '', EVENTS_RULE),
    retryAttempts: range(0, 185, '', EVENTS_TARGET, { default: 185 }),
    maxEventAge: range(60, 86_400, 'seconds', EVENTS_TARGET, { default: 86_400 }),
    description: text(0, 512, EVENTS_RULE),
    ruleName: text(1, 64, EVENTS_RULE, /^[.\-_A-Za-z0-9]+$/, "letters, digits, '.', '-' or '_'"),
    /** A target `Id`. */
    targetId: text(1, 64, EVENTS_TARGET, /^[.\-_A-Za-z0-9]+$/, "letters, digits, '.', '-' or '_'"),
  },
  api: {
    integrationTimeout: range(50, 30_000, 'milliseconds', APIGW_QUOTAS, { default: 30_000 }),
    apiName: text(1, 128, 'https://docs.aws.amazon.com/apigateway/latest/api/API_CreateApi.html'),
    corsMaxAge: range(0, 86_400, 'seconds', 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigatewayv2-api-cors.html'),
    description: text(0, 1024, 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html'),
  },
  role: {
    roleName: text(1, 64, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html', /^[\w+=,.@-]+$/, 'letters, digits and +=,.@_-'),
  },
  stack: {
    stackName: text(1, 128, CFN_QUOTAS, /^[A-Za-z][A-Za-z0-9-]*$/, 'letters, digits and hyphens, starting with a letter'),
    description: text(0, 1024, CFN_QUOTAS),
    /** Resources in one template. */
    resources: range(1, 500, '', CFN_QUOTAS),
    outputs: range(0, 200, '', CFN_QUOTAS),
    /** A logical id: letters and digits (the ids lambdaform derives also start with a letter). */
    logicalId: text(1, 255, CFN_QUOTAS, /^[A-Za-z0-9]+$/, 'letters and digits'),
    /** An output's description. */
    outputDescription: text(0, 1024, CFN_QUOTAS),
    /** Parameters in one template. */
    parameters: range(0, 200, '', CFN_QUOTAS),
    /** A parameter's description. */
    parameterDescription: text(0, 4000, CFN_QUOTAS),
  },
  tag: {
    key: text(1, 128, TAGGING, /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'letters, digits, spaces and _ . : / = + - @'),
    value: text(0, 256, TAGGING, /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'letters, digits, spaces and _ . : / = + - @'),
  },
} as const;

/**
 * A REST API's (API Gateway v1) integration timeout, in milliseconds: 50 ms to 29 s, 29 s by
 * default (a quota increase can raise it for Regional and private APIs). Not in LIMITS: no
 * construct makes REST APIs (they come only from imported templates, as routes with
 * `api: 'rest'`), so the api-timeout rule and the local runtime's plan apply it, not the model check.
 */
export const REST_INTEGRATION_TIMEOUT: Limit = range(50, 29_000, 'milliseconds', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html', { default: 29_000 });

/** Environment variable names Lambda reserves. */
export const RESERVED_ENVIRONMENT_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** "must be between 1 and 900 seconds, got 901": the one form of every range message. */
export function rangeMessage(property: string, limit: Pick<Limit, 'min' | 'max' | 'unit'>, got: string | number): string {
  const u = limit.unit ? ` ${limit.unit}` : '';
  if (limit.max === Infinity) return `${property} must be at least ${limit.min}${u}, got ${got}`;
  return `${property} must be between ${limit.min} and ${limit.max}${u}, got ${got}`;
}

/** A limit's range in words for `allowed`: "1-900 seconds", or "at least 0" when it has no upper bound. */
export function rangeText(limit: Pick<Limit, 'min' | 'max' | 'unit'>): string {
  const u = limit.unit ? ` ${limit.unit}` : '';
  return limit.max === Infinity ? `at least ${limit.min}${u}` : `${limit.min}-${limit.max}${u}`;
}

/** The concurrency limit of a new account in a region (Lambda quotas); raised on request. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** The concurrency Lambda keeps unreserved for the functions without a reservation. */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

/**
 * The number of characters (Unicode code points) in `s`, as `[...s].length` counts them (a lone
 * surrogate is one), without making an array of them: the length in UTF-16 units less one for each
 * surrogate pair.
 */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Why a string breaks a text limit, or undefined: "must be 1-64 letters, digits, hyphens or underscores, got 'x y'". */
export function textProblem(property: string, value: string, limit: TextLimit): string | undefined {
  const length = codePointLength(value);
  const badLength = length < limit.minLength || length > limit.maxLength;
  if (!limit.pattern) {
    if (!badLength) return undefined;
    const size = limit.minLength === 0 ? `at most ${limit.maxLength}` : `${limit.minLength}-${limit.maxLength}`;
    return `${property} must be ${size} characters, got ${length}`;
  }
  if (!badLength && limit.pattern.test(value)) return undefined;
  const shown = length > 80 ? `${[...value].slice(0, 80).join('')}...' (${length} characters)` : `${value}'`;
  return `${property} must be ${limit.minLength}-${limit.maxLength} ${limit.allowed ?? 'characters'}, got '${shown}`;
}
