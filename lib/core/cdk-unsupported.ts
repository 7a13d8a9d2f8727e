/**
 * aws-cdk-lib props lambdaform does not support, by props interface, with the closest supported
 * way. A CDK app passing one (plain JavaScript, or a cast) gets a LambdaformError naming it and
 * that way, instead of "unknown property" (checkProps reads this table; a prop lambdaform has is
 * never looked up here).
 */
const OVERRIDE = (property: string, example: string): string => `write it with addPropertyOverride('${property}', ${example})`;
const VPC = "lambdaform models a function's VPC as vpc: { subnetIds, securityGroupIds } (no IVpc, subnets or security group constructs)";

const FUNCTION_PROPS: Readonly<Record<string, string>> = {
  vpcSubnets: VPC,
  securityGroups: VPC,
  allowAllOutbound: VPC,
  allowAllIpv6Outbound: VPC,
  allowPublicSubnet: VPC,
  ipv6AllowedForDualStack: OVERRIDE('VpcConfig.Ipv6AllowedForDualStack', 'true'),
  filesystem: OVERRIDE('FileSystemConfigs', "[{ Arn: accessPointArn, LocalMountPath: '/mnt/data' }]"),
  snapStart: OVERRIDE('SnapStart.ApplyOn', "'PublishedVersions'"),
  runtimeManagementMode: OVERRIDE('RuntimeManagementConfig.UpdateRuntimeOn', "'FunctionUpdate'"),
  codeSigningConfig: OVERRIDE('CodeSigningConfigArn', 'arn'),
  insightsVersion: 'Lambda Insights is a layer: add it with layers: [LayerVersion.fromLayerVersionArn(scope, id, insightsLayerArn)] and grant CloudWatchLambdaInsightsExecutionRolePolicy',
  paramsAndSecrets: 'the Parameters and Secrets extension is a layer: add it with layers: [LayerVersion.fromLayerVersionArn(scope, id, extensionArn)]',
  adotInstrumentation: 'ADOT is a layer: add it with layers: [LayerVersion.fromLayerVersionArn(scope, id, adotLayerArn)] and set AWS_LAMBDA_EXEC_WRAPPER in environment',
  profiling: 'CodeGuru Profiler is not modelled',
  profilingGroup: 'CodeGuru Profiler is not modelled',
  initialPolicy: 'call fn.addToRolePolicy(statement) for each statement',
  events: 'call fn.addEventSource(source) for each event source',
  currentVersionOptions: 'give the version its options with new Version(scope, id, { lambda: fn, ... })',
  logRetentionRole: 'lambdaform writes the log group itself (AWS::Logs::LogGroup), with no custom resource and so no role',
  logRetentionRetryOptions: 'lambdaform writes the log group itself (AWS::Logs::LogGroup), with no custom resource to retry',
};

/** aws-cdk-lib's `EventInvokeConfigOptions` on an alias or a version: one config per qualifier. */
const QUALIFIER_ASYNC =
  "asynchronous invocation settings per alias or version are not modelled: give onSuccess, onFailure, retryAttempts and maxEventAge in the Function's props; lambdaform writes them as the EventInvokeConfig of each qualifier the app invokes asynchronously (the alias a rule or topic invokes), else of $LATEST";
const EVENT_INVOKE_CONFIG: Readonly<Record<string, string>> = {
  onSuccess: QUALIFIER_ASYNC,
  onFailure: QUALIFIER_ASYNC,
  retryAttempts: QUALIFIER_ASYNC,
  maxEventAge: QUALIFIER_ASYNC,
};

export const CDK_UNSUPPORTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  StackProps: {
    synthesizer: "lambdaform writes its own templates (no bootstrap bucket or roles): --format cfn takes an AssetsBucket parameter for the code, --format sam points CodeUri at it; leave it out",
    crossRegionReferences: 'cross-stack references are not modelled: share values between stacks with CfnOutput exportName and Fn.importValue',
    notificationArns: 'a setting of the deployed stack, not of its template: give it to the deploy (aws cloudformation deploy --notification-arns)',
    permissionsBoundary: "write it on each role with role.addPropertyOverride('PermissionsBoundary', policyArn) (fn.role for a function's role)",
    suppressTemplateIndentation: 'lambdaform writes YAML by default; synth --json writes JSON',
  },
  AliasProps: EVENT_INVOKE_CONFIG,
  VersionProps: {
    ...EVENT_INVOKE_CONFIG,
    removalPolicy: 'lambdaform retains every published version (DeletionPolicy and UpdateReplacePolicy Retain), so an alias or a deployment can still shift traffic from it; leave it out',
    codeSha256: "lambdaform publishes a new version when the function's code or configuration changes (the version's logical id carries their hash); leave it out",
  },
  AppProps: {
    defaultStackSynthesizer: "lambdaform writes its own templates (no bootstrap bucket or roles): --format cfn takes an AssetsBucket parameter for the code, --format sam points CodeUri at it; leave it out",
    policyValidationBeta1: 'policy validation plugins are not run by lambdaform: lambdaform lint reports its own findings on the templates',
  },
  FunctionProps: FUNCTION_PROPS,
  NodejsFunctionProps: FUNCTION_PROPS,
  QueueProps: {
    dataKeyReuse: OVERRIDE('KmsDataKeyReusePeriodSeconds', '300'),
    deduplicationScope: OVERRIDE('DeduplicationScope', "'messageGroup'"),
    fifoThroughputLimit: OVERRIDE('FifoThroughputLimit', "'perMessageGroupId'"),
  },
  TableProps: {
    encryptionKey: 'a key of yours (kms.Key.fromKeyArn) is not supported here yet: use the AWS managed key',
    replicationRegions: 'global tables are not modelled',
    replicationTimeout: 'global tables are not modelled',
    kinesisStream: OVERRIDE('KinesisStreamSpecification.StreamArn', 'stream.streamArn'),
    contributorInsightsEnabled: OVERRIDE('ContributorInsightsSpecification.Enabled', 'true'),
    importSource: 'importing from S3 is not modelled',
    waitForReplicationToFinish: 'global tables are not modelled',
  },
  TopicProps: {
    loggingConfigs: OVERRIDE('DeliveryStatusLogging', '[...]'),
    messageRetentionPeriodInDays: OVERRIDE('ArchivePolicy.MessageRetentionPeriod', '7'),
    signatureVersion: OVERRIDE('SignatureVersion', "'2'"),
    tracingConfig: OVERRIDE('TracingConfig', "'Active'"),
  },
  BucketProps: {
    websiteIndexDocument: 'static website hosting is not modelled: lambdaform buckets block public access',
    websiteErrorDocument: 'static website hosting is not modelled: lambdaform buckets block public access',
    websiteRedirect: 'static website hosting is not modelled: lambdaform buckets block public access',
    publicReadAccess: 'lambdaform buckets block public access',
    serverAccessLogsBucket: OVERRIDE('LoggingConfiguration.DestinationBucketName', 'logs.bucketName'),
    serverAccessLogsPrefix: OVERRIDE('LoggingConfiguration.LogFilePrefix', "'logs/'"),
    objectOwnership: OVERRIDE('OwnershipControls.Rules', "[{ ObjectOwnership: 'BucketOwnerEnforced' }]"),
    encryptionKey: 'a key of yours (kms.Key.fromKeyArn) is not supported here yet: use the S3 or AWS managed key',
    bucketKeyEnabled: 'a key of yours (kms.Key.fromKeyArn) is not supported here yet: use the S3 or AWS managed key',
    transferAcceleration: OVERRIDE('AccelerateConfiguration.AccelerationStatus', "'Enabled'"),
    intelligentTieringConfigurations: OVERRIDE('IntelligentTieringConfigurations', '[...]'),
    inventories: OVERRIDE('InventoryConfigurations', '[...]'),
    metrics: OVERRIDE('MetricsConfigurations', '[...]'),
  },
  StreamProps: {
    encryptionKey: 'a key of yours (kms.Key.fromKeyArn) is not supported here yet: use the AWS managed key (encryption: StreamEncryption.MANAGED)',
  },
};
