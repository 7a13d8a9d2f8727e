/**
 * Every accepted difference between the templates lambdaform and aws-cdk-lib synthesize from the
 * same parity app (test/parity/apps/<name>/), each with its reason. parity.test.ts fails on any
 * difference not listed here, and on an app entry that no longer happens, so the list stays true:
 * when lambdaform closes a gap, remove its entry.
 *
 * Three kinds of entries:
 * - accepted everywhere: what is not compared at all (asset locations, CDK's own bookkeeping,
 *   AWS defaults one side writes out), by resource type;
 * - id differences, per app: resources both sides write under different logical ids even with
 *   `new App({ logicalIds: 'cdk' })`; the pair is compared as one resource;
 * - known differences, per app: a property (or removal policy) of a paired resource whose value
 *   differs, with the reason: some on purpose, some gaps in lambdaform (marked "gap:").
 */

/** A property left out of the comparison on every resource of a type. */
export interface AcceptedProperty {
  readonly type: string;
  readonly property: string;
  /** Only when the value is this (an AWS default written out); always when absent. */
  readonly when?: (value: unknown) => boolean;
  readonly reason: string;
}

const is =
  (expected: unknown) =>
  (v: unknown): boolean =>
    JSON.stringify(v) === JSON.stringify(expected);

export const ACCEPTED_PROPERTIES: readonly AcceptedProperty[] = [
  {
    type: 'AWS::Lambda::Function',
    property: 'Code',
    reason:
      "asset locations: CDK uploads code to its bootstrap bucket (cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}) under CDK's hash of the asset; lambdaform to the AssetsBucket parameter under its own hash (NodejsFunction bundles differ too: the fixtures are synthesized without bundling)",
  },
  { type: 'AWS::Lambda::Function', property: 'Architectures', when: is(['x86_64']), reason: "lambdaform writes Lambda's default architecture out; CDK leaves it out (the same function)" },
  { type: 'AWS::Lambda::Function', property: 'MemorySize', when: is(128), reason: "lambdaform writes Lambda's default memory (128 MB) out; CDK leaves it out" },
  { type: 'AWS::Lambda::Function', property: 'Timeout', when: is(3), reason: "lambdaform writes Lambda's default timeout (3 s) out; CDK leaves it out" },
  { type: 'AWS::SQS::Queue', property: 'SqsManagedSseEnabled', when: is(true), reason: 'lambdaform writes SSE-SQS, the default encryption of a new queue, out; CDK leaves it out (QueueEncryption.SQS_MANAGED is its default too)' },
  { type: 'AWS::Events::Rule', property: 'State', when: is('ENABLED'), reason: "CDK writes a rule's default state (ENABLED) out; lambdaform leaves it out" },
  { type: 'AWS::Lambda::EventSourceMapping', property: 'Enabled', when: is(true), reason: "lambdaform writes a mapping's default (enabled) out; CDK leaves it out" },
  { type: 'AWS::Lambda::EventSourceMapping', property: 'MaximumRecordAgeInSeconds', when: is(-1), reason: "lambdaform writes a stream mapping's default (-1: records never expire) out; CDK leaves it out" },
  { type: 'AWS::Lambda::EventSourceMapping', property: 'MaximumRetryAttempts', when: is(-1), reason: "lambdaform writes a stream mapping's default (-1: retried until they expire) out; CDK leaves it out" },
  { type: 'AWS::Kinesis::Stream', property: 'StreamModeDetails', when: is({ StreamMode: 'PROVISIONED' }), reason: 'lambdaform writes the capacity mode of a stream with a shard count (PROVISIONED, the default) out; CDK leaves it out' },
  {
    type: 'AWS::S3::Bucket',
    property: 'PublicAccessBlockConfiguration',
    when: is({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }),
    reason: "lambdaform writes S3's default for a new bucket (all public access blocked, since April 2023) out; CDK leaves it out",
  },
  { type: 'AWS::ApiGatewayV2::Route', property: 'AuthorizationType', when: is('NONE'), reason: "CDK writes a route's default authorization (NONE) out; lambdaform leaves it out" },
];

/** `DeletionPolicy`/`UpdateReplacePolicy: Delete` is CloudFormation's default: CDK writes it on queues and streams, lambdaform leaves it out. Both are compared without it. */
export const DEFAULT_REMOVAL_POLICY = 'Delete';

/** A resource type only one side writes. */
export interface OneSidedType {
  readonly type: string;
  /** Dropped from every template before anything is compared (else only left out of the type counts). */
  readonly everywhere?: boolean;
  readonly reason: string;
}

export const CDK_ONLY_TYPES: readonly OneSidedType[] = [
  { type: 'AWS::CDK::Metadata', everywhere: true, reason: 'CDK Metadata: the CDK version and construct analytics; lambdaform writes none' },
  { type: 'AWS::IAM::Policy', reason: "CDK writes a role's grants as a separate AWS::IAM::Policy (<Role>DefaultPolicy); lambdaform writes them inline, in the role's Policies. compare.ts merges both into the role's statements, which are compared. A stack moved from CDK loses that policy resource and gets its statements in the role: no stateful resource is replaced" },
];

export const LAMBDAFORM_ONLY_TYPES: readonly OneSidedType[] = [];

/**
 * Entries of Parameters, Conditions, Rules and Outputs that one side writes as its own machinery,
 * left out before the sections are compared (section → id → reason). Every other entry is compared
 * whole; a difference is listed per app in KNOWN_DIFFERENCES with `at` the section.
 */
export const ONE_SIDED_ENTRIES: Readonly<Partial<Record<'Parameters' | 'Conditions' | 'Rules' | 'Outputs', Readonly<Record<string, string>>>>> = {
  Parameters: {
    BootstrapVersion: "CDK's: its bootstrap stack's version, read from SSM (/cdk-bootstrap/hnb659fds/version); lambdaform needs no bootstrap stack",
    AssetsBucket: "lambdaform's: the bucket its code assets are uploaded to (as Code, whose locations are not compared); CDK uses its bootstrap bucket",
  },
  Rules: { CheckBootstrapVersion: "CDK's: checks BootstrapVersion; lambdaform needs no bootstrap stack" },
  Conditions: { CDKMetadataAvailable: "CDK's: for AWS::CDK::Metadata (dropped everywhere, see CDK_ONLY_TYPES)" },
};

/**
 * `Resources` (Type, Properties, DeletionPolicy, UpdateReplacePolicy) and the entries of
 * Parameters, Conditions, Rules and Outputs are compared. Left out, with the reason:
 */
export const NOT_COMPARED = {
  Metadata: "resource Metadata: CDK's aws:cdk:path and aws:asset:* (written when its CLI asks), lambdaform's lambdaform:path and lint acknowledgements",
  DependsOn: "CDK makes a function depend on its role's separate DefaultPolicy (an AWS::IAM::Policy); lambdaform's roles hold their policies inline",
} as const;

/**
 * Resources both write under different logical ids with `logicalIds: 'cdk'`: CDK id → lambdaform
 * id, each with its reason in a comment. Event source mappings, SNS subscriptions, HTTP API routes
 * (with their integrations and permissions) and the S3 notification permission get CDK's ids. An
 * entry here pairs the two resources, which are then compared as one.
 */
export const ID_DIFFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  autoscaling: {
    // A function's current version: CDK's id ends with a hash of the function's properties, which
    // include its code location (the asset hash, an accepted difference: see Code above); lambdaform
    // hashes its own. Both change when the function changes, so a new version is published.
    ApiCurrentVersion8C3844611899740b517ab17b553fa451a3102504: 'ApiCurrentVersion8C3844616173C44743',
  },
};

/** Resources only CDK writes, per app (CDK logical id → reason); left out before anything is compared. */
export const CDK_ONLY_RESOURCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  's3-trigger': {
    UploadsNotifications8DBDDF22:
      "CDK writes a bucket's notifications with a custom resource (Custom::S3BucketNotifications, run by a Lambda function of its own); lambdaform writes them in the bucket's NotificationConfiguration",
    BucketNotificationsHandler050a0587b7544547bf325f094a3db8347ECC3691: "the function behind CDK's Custom::S3BucketNotifications (see UploadsNotifications)",
    BucketNotificationsHandler050a0587b7544547bf325f094a3db834RoleB6FB88EC: "the role of the function behind CDK's Custom::S3BucketNotifications",
  },
};

/** A difference of one paired resource (or output) that is known, with its reason. */
export interface KnownDifference {
  /** CDK logical id (or output id). */
  readonly resource: string;
  /** `Properties.<name>`, `DeletionPolicy`, `UpdateReplacePolicy`, `missing` (CDK only), `extra` (lambdaform only), or a section (`Parameters`, `Conditions`, `Rules`, `Outputs`: `resource` is the entry's id). */
  readonly at: string;
  readonly reason: string;
}

const SQS_CONSUME = 'lambdaform grants an SQS event source sqs:ReceiveMessage, DeleteMessage and GetQueueAttributes (what Lambda needs to poll); CDK grantConsumeMessages adds ChangeMessageVisibility and GetQueueUrl';

const SQS_SEND = 'lambdaform grants an SQS destination sqs:SendMessage; CDK grantSendMessages adds GetQueueAttributes and GetQueueUrl';
const TABLE_READ = "CDK's Table.grantReadData also grants dynamodb:GetRecords and GetShardIterator on the table's ARN (a statement CDK keeps for tables with streams); lambdaform does not";
const S3_READ = "lambdaform's Bucket.grantRead grants s3:GetObject on the objects and s3:ListBucket on the bucket; CDK grants s3:GetObject*, GetBucket* and List* on both";
const S3_WRITE = "lambdaform's Bucket.grantWrite grants fewer actions than CDK's (s3:PutObject*, Abort*, DeleteObject* on bucket and objects)";

export const KNOWN_DIFFERENCES: Readonly<Record<string, readonly KnownDifference[]>> = {
  'async-destinations': [{ resource: 'TaskServiceRoleBF55F61E', at: 'Properties.Policies', reason: SQS_SEND }],
  autoscaling: [
    {
      resource: 'ApiCurrentVersion8C3844611899740b517ab17b553fa451a3102504',
      at: 'DeletionPolicy',
      reason: "lambdaform retains a function's published versions (DeletionPolicy and UpdateReplacePolicy Retain: an alias or a deployment may still shift traffic from the old one); CDK's currentVersion has no removal policy (deleted when replaced)",
    },
    { resource: 'ApiCurrentVersion8C3844611899740b517ab17b553fa451a3102504', at: 'UpdateReplacePolicy', reason: 'as DeletionPolicy: lambdaform retains a replaced version, CDK does not' },
    {
      resource: 'ApiAliasliveAliasScalingTargetE49FB394',
      at: 'Properties.ResourceId',
      reason: "the same value written two ways: lambdaform's function:${Function}:live from the function's name, CDK's the function name taken from the alias ARN (Fn::Select 6 of Fn::Split ':'), which also makes the target depend on the alias (lambdaform writes that dependency as DependsOn)",
    },
  ],
  'dynamo-stream': [
    {
      resource: 'ProjectorServiceRoleEDCE38C8',
      at: 'Properties.Policies',
      reason: `lambdaform grants a DynamoDB stream mapping dynamodb:ListStreams on the stream's ARN, CDK on '*' in a statement of its own; for the on-failure queue: ${SQS_SEND}`,
    },
  ],
  'http-api': [
    { resource: 'ListItemsServiceRoleE17B29F0', at: 'Properties.Policies', reason: TABLE_READ },
    { resource: 'CreateItemServiceRole5BCD6ABF', at: 'Properties.Policies', reason: TABLE_READ },
    { resource: 'ItemsApiGETitemsListItemsIntegrationPermissionF0AC3E1F', at: 'Properties.SourceArn', reason: "lambdaform lets API Gateway invoke a route's function from the route's method only (…/*/GET/items); CDK from any method (…/*/*/items)" },
    { resource: 'ItemsApiPOSTitemsCreateItemIntegrationPermission8A9F609B', at: 'Properties.SourceArn', reason: "as for the GET route: lambdaform's source ARN names the route's method" },
  ],
  'kinesis-stream': [
    {
      resource: 'Clicks81B5095A',
      at: 'Properties.StreamEncryption',
      reason: 'CDK leaves the default KMS encryption out in regions without it (a condition, AwsCdkKinesisEncryptedStreamsUnsupportedRegions: cn-north-1, cn-northwest-1); lambdaform always writes it',
    },
    { resource: 'ConsumerServiceRoleF0394C51', at: 'Properties.Policies', reason: "CDK's Kinesis event source also grants kinesis:DescribeStreamConsumer and ListStreams; lambdaform does not" },
    { resource: 'AwsCdkKinesisEncryptedStreamsUnsupportedRegions', at: 'Conditions', reason: "the condition CDK's StreamEncryption (above) is written under; lambdaform writes the encryption unconditionally, so has no condition" },
  ],
  'removal-policies': [
    { resource: 'ExporterServiceRole7D9D9589', at: 'Properties.Policies', reason: `${TABLE_READ}; ${S3_WRITE}; ${SQS_CONSUME}` },
  ],
  's3-trigger': [
    { resource: 'Uploads4F6EB0FD', at: 'Properties.NotificationConfiguration', reason: 'lambdaform writes the notification in the bucket; CDK in its Custom::S3BucketNotifications resource (CDK_ONLY_RESOURCES)' },
    { resource: 'OnUploadServiceRole367BD428', at: 'Properties.Policies', reason: S3_READ },
    {
      resource: 'UploadsAllowBucketNotificationsToS3TriggerOnUpload37BF6454E1A4CEC3',
      at: 'Properties.SourceArn',
      reason: "lambdaform's permission for S3 to invoke a notified function names the account only (SourceAccount), not the bucket's ARN, unless the bucket has a fixed name: the bucket references the function in its NotificationConfiguration, so a reference back would be a cycle (CDK's custom resource has none)",
    },
  ],
  's3-sns-sqs': [
    {
      resource: 'BucketNotificationsHandler050a0587b7544547bf325f094a3db8347ECC3691',
      at: 'Properties.Description',
      reason: "the handler of Custom::S3BucketNotifications is lambdaform's own code (Code, an accepted difference, is its inline Python), and its description says so instead of naming aws-cdk-lib's @aws-cdk/aws-s3",
    },
    { resource: 'IndexerServiceRoleA8070EF8', at: 'Properties.Policies', reason: SQS_CONSUME },
    { resource: 'WriterServiceRoleC734D21E', at: 'Properties.Policies', reason: `${S3_READ}; ${S3_WRITE}` },
  ],
  'sns-fanout': [{ resource: 'ProcessorServiceRole5039D372', at: 'Properties.Policies', reason: SQS_CONSUME }],
  'sqs-worker': [{ resource: 'WorkerServiceRole8543584E', at: 'Properties.Policies', reason: SQS_CONSUME }],
};
