import { LambdaformError } from './errors.js';

/**
 * aws-cdk-lib methods lambdaform does not implement, by class, with the closest supported way
 * (or the reason there is none). A CDK app calling one from plain JavaScript (or through a cast)
 * gets a LambdaformError (`unsupported-cdk-method`) naming the class, the method and that way,
 * instead of "x.addFunctionUrl is not a function". The methods are installed on the prototypes
 * (instance methods) and constructors (`static:` entries) by `installCdkUnsupportedMethods`, never
 * over a method the class has, and never in the TypeScript types: a TypeScript app still gets a
 * compile error. Lists from aws-cdk-lib 2.276 (public methods, inherited ones with the class that
 * declares them: FunctionBase for every function, Resource for every resource).
 */
export type CdkMethodTable = Readonly<Record<string, string>>;

const OVERRIDE = (property: string, example: string): string => `write it with addPropertyOverride('${property}', ${example})`;
const CFN = (type: string): string => `write the ${type} with new CfnResource(scope, id, { type: '${type}', properties: {...} })`;
const METRIC = (namespace: string, dimension: string, value: string): string =>
  `build it with new Metric({ namespace: '${namespace}', metricName, dimensionsMap: { ${dimension}: ${value} } }) (aws-cloudwatch)`;
const GRANT = (what: string): string => `grant it with ${what}`;
const KMS = "grants on a KMS key are made by the resources that use it (a queue's or topic's grants include its key)";
const NO_LOOKUPS = 'lambdaform does not look resources up in an account';

const metrics = (names: readonly string[], way: string): Record<string, string> => Object.fromEntries(names.map((n) => [n, way]));

/** IFunction's and FunctionBase's methods: every function (Function, Alias, Version, imported). */
const FUNCTION_BASE: CdkMethodTable = {
  addToRolePolicy: "the role is the function's: call fn.addToRolePolicy(statement) on the Function",
  addEventSourceMapping: 'write it with new EventSourceMapping(scope, id, { target: fn, source, ... }) or fn.addEventSource(new SqsEventSource(queue))',
  addFunctionUrl: 'function URLs are not modelled: serve the function through an HttpApi with HttpLambdaIntegration',
  grantInvokeUrl: 'function URLs are not modelled: serve the function through an HttpApi with HttpLambdaIntegration',
  grantInvokeLatestVersion: 'call fn.grantInvoke(grantee) on the Function',
  grantInvokeVersion: 'call version.grantInvoke(grantee) on the Version',
  grantInvokeCompositePrincipal: 'call fn.grantInvoke(principal) for each principal of the CompositePrincipal',
  configureAsyncInvoke: "asynchronous invocation settings are the function's: call fn.configureAsyncInvoke(options) on the Function, or pass retryAttempts, maxEventAge, onSuccess and onFailure in its props",
  considerWarningOnInvokeFunctionPermissions: 'lambdaform adds no such warning: grant on the alias or version you invoke',
};

const FUNCTION: CdkMethodTable = {
  invalidateVersionBasedOn: 'lambdaform hashes the function configuration for currentVersion itself: change the version description to force a new version',
  'static:classifyVersionProperty': 'lambdaform decides which properties make a new version itself',
  ...metrics(
    ['metricAll', 'metricAllErrors', 'metricAllDuration', 'metricAllInvocations', 'metricAllThrottles', 'metricAllConcurrentExecutions', 'metricAllUnreservedConcurrentExecutions'].map((n) => `static:${n}`),
    "build the account-wide metric with new Metric({ namespace: 'AWS/Lambda', metricName }) (aws-cloudwatch)",
  ),
};

const QUALIFIED = {
  configureAsyncInvoke: "asynchronous invocation settings are the function's: call fn.configureAsyncInvoke(options) on the Function, or pass retryAttempts, maxEventAge, onSuccess and onFailure in its props",
};

const ALIAS: CdkMethodTable = {
  ...QUALIFIED,
  'static:fromAliasAttributes': 'aliases of functions outside the app are not modelled: give the alias ARN where an ARN is taken',
};

const VERSION: CdkMethodTable = {
  ...QUALIFIED,
  addAlias: 'write it with new Alias(scope, id, { aliasName, version })',
  'static:fromVersionArn': 'versions of functions outside the app are not modelled: give the version ARN where an ARN is taken',
  'static:fromVersionAttributes': 'versions of functions outside the app are not modelled: give the version ARN where an ARN is taken',
};

const LAYER_VERSION: CdkMethodTable = {
  addPermission: CFN('AWS::Lambda::LayerVersionPermission'),
  'static:fromLayerVersionAttributes': 'import it with LayerVersion.fromLayerVersionArn(scope, id, arn)',
};

const QUEUE: CdkMethodTable = {
  addToResourcePolicy: `lambdaform writes the queue policies its grants and subscriptions need; for others ${CFN('AWS::SQS::QueuePolicy')}`,
  grantOnKey: KMS,
  ...metrics(
    ['metricApproximateNumberOfMessagesOutstanding'],
    "metric math is not modelled: alarm on queue.metricApproximateNumberOfMessagesVisible() and queue.metricApproximateNumberOfMessagesNotVisible() separately",
  ),
};

const TOPIC: CdkMethodTable = {
  addToResourcePolicy: `lambdaform writes the topic policies its grants need; for others ${CFN('AWS::SNS::TopicPolicy')}`,
  addLoggingConfig: OVERRIDE('DeliveryStatusLogging', '[...]'),
  grantOnKey: KMS,
  grantSubscribe: GRANT("role.addToPolicy(new PolicyStatement({ actions: ['sns:Subscribe'], resources: [topic.topicArn] }))"),
  bindAsNotificationRuleTarget: 'CodeStar notification rules are not modelled',
  'static:fromTopicAttributes': 'import it with Topic.fromTopicArn(scope, id, arn)',
  ...metrics(
    ['metric', 'metricPublishSize', 'metricNumberOfMessagesPublished', 'metricNumberOfNotificationsDelivered', 'metricNumberOfNotificationsFailed', 'metricNumberOfNotificationsFilteredOut', 'metricNumberOfNotificationsFilteredOutNoMessageAttributes', 'metricNumberOfNotificationsFilteredOutInvalidAttributes', 'metricSMSMonthToDateSpentUSD', 'metricSMSSuccessRate'],
    METRIC('AWS/SNS', 'TopicName', 'topic.topicName'),
  ),
};

const BUCKET: CdkMethodTable = {
  addLifecycleRule: OVERRIDE('LifecycleConfiguration.Rules', "[{ Status: 'Enabled', ExpirationInDays: 30 }]"),
  addMetric: OVERRIDE('MetricsConfigurations', '[...]'),
  addCorsRule: OVERRIDE('CorsConfiguration.CorsRules', '[{ AllowedMethods: [...], AllowedOrigins: [...] }]'),
  addInventory: OVERRIDE('InventoryConfigurations', '[...]'),
  addToResourcePolicy: CFN('AWS::S3::BucketPolicy'),
  addReplicationPolicy: OVERRIDE('ReplicationConfiguration', '{ Role: roleArn, Rules: [...] }'),
  grantOnKey: KMS,
  grantPutAcl: GRANT("role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'], resources: [bucket.arnForObjects('*')] }))"),
  grantPublicAccess: 'lambdaform buckets block public access',
  grantReplicationPermission: 'replication is not modelled: grant its actions with role.addToPolicy(new PolicyStatement({ ... }))',
  enableEventBridgeNotification: OVERRIDE('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', 'true'),
  onCloudTrailEvent: 'CloudTrail events are not modelled: write a Rule with an eventPattern',
  onCloudTrailPutObject: 'CloudTrail events are not modelled: write a Rule with an eventPattern',
  onCloudTrailWriteObject: 'CloudTrail events are not modelled: write a Rule with an eventPattern',
  urlForObject: 'build the URL with Fn.join from bucket.bucketName and Aws.URL_SUFFIX',
  virtualHostedUrlForObject: 'build the URL with Fn.join from bucket.bucketName and Aws.URL_SUFFIX',
  s3UrlForObject: "build the URL with Fn.join('', ['s3://', bucket.bucketName, '/', key])",
  transferAccelerationUrlForObject: 'transfer acceleration is not modelled',
  'static:fromCfnBucket': 'CfnBucket is not modelled: write the bucket with new Bucket(scope, id, props)',
  'static:validateBucketName': 'lambdaform checks a bucket name when the Bucket is constructed',
};

const TABLE: CdkMethodTable = {
  addGlobalSecondaryIndex: OVERRIDE('GlobalSecondaryIndexes', "[{ IndexName, KeySchema, Projection: { ProjectionType: 'ALL' } }]") + ' (and its AttributeDefinitions)',
  addLocalSecondaryIndex: OVERRIDE('LocalSecondaryIndexes', "[{ IndexName, KeySchema, Projection: { ProjectionType: 'ALL' } }]") + ' (and its AttributeDefinitions)',
  addToResourcePolicy: OVERRIDE('ResourcePolicy.PolicyDocument', '{ Version: "2012-10-17", Statement: [...] }'),
  autoScaleReadCapacity: 'table auto scaling is not modelled: use billingMode: BillingMode.PAY_PER_REQUEST',
  autoScaleWriteCapacity: 'table auto scaling is not modelled: use billingMode: BillingMode.PAY_PER_REQUEST',
  autoScaleGlobalSecondaryIndexReadCapacity: 'table auto scaling is not modelled: use billingMode: BillingMode.PAY_PER_REQUEST',
  autoScaleGlobalSecondaryIndexWriteCapacity: 'table auto scaling is not modelled: use billingMode: BillingMode.PAY_PER_REQUEST',
  schema: 'read the keys from the props you gave (partitionKey, sortKey)',
  schemaV2: 'read the keys from the props you gave (partitionKey, sortKey)',
  grantOnKey: KMS,
  grantStream: 'call table.grantStreamRead(grantee), or grant other actions with role.addToPolicy(new PolicyStatement({ resources: [table.tableStreamArn] }))',
  grantTableListStreams: GRANT("role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }))"),
  grantFullAccess: "call table.grant(grantee, 'dynamodb:*')",
  'static:grantListStreams': GRANT("role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }))"),
  ...metrics(
    ['metricThrottledRequests', 'metricThrottledRequestsForOperations', 'metricSystemErrorsForOperations'],
    "metric math is not modelled: alarm on table.metricThrottledRequestsForOperation('PutItem') or table.metricSystemErrors({ dimensionsMap: { Operation: 'PutItem' } }) per operation",
  ),
};

const STREAM: CdkMethodTable = {
  addToResourcePolicy: CFN('AWS::Kinesis::ResourcePolicy'),
  'static:fromStreamAttributes': 'import it with Stream.fromStreamArn(scope, id, arn)',
  ...metrics(
    ['metric', 'metricGetRecordsBytes', 'metricGetRecordsIteratorAgeMilliseconds', 'metricGetRecordsSuccess', 'metricGetRecords', 'metricGetRecordsLatency', 'metricPutRecordBytes', 'metricPutRecordLatency', 'metricPutRecordSuccess', 'metricPutRecordsBytes', 'metricPutRecordsLatency', 'metricPutRecordsSuccess', 'metricPutRecordsTotalRecords', 'metricPutRecordsSuccessfulRecords', 'metricPutRecordsFailedRecords', 'metricPutRecordsThrottledRecords', 'metricIncomingBytes', 'metricIncomingRecords', 'metricReadProvisionedThroughputExceeded', 'metricWriteProvisionedThroughputExceeded'],
    METRIC('AWS/Kinesis', 'StreamName', 'stream.streamName'),
  ),
};

/** Rule implements all of aws-cdk-lib's Rule methods; Resource's are in RESOURCE. */
const RULE: CdkMethodTable = {};

const HTTP_API: CdkMethodTable = {
  addVpcLink: 'VPC links (private integrations) are not modelled',
  'static:fromHttpApiAttributes': 'HTTP APIs outside the app are not modelled',
  ...metrics(['metric', 'metricClientError', 'metricServerError', 'metricDataProcessed', 'metricCount', 'metricIntegrationLatency', 'metricLatency'], METRIC('AWS/ApiGateway', 'ApiId', 'api.apiId')),
};

const ROLE: CdkMethodTable = {
  addToPrincipalPolicy: 'call role.addToPolicy(statement)',
  grantPassRole: GRANT("otherRole.addToPolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }))"),
  grantAssumeRole: GRANT("otherRole.addToPolicy(new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [role.roleArn] }))"),
  withoutPolicyUpdates: 'roles outside the app are not modelled: give the role ARN where an ARN is taken',
  'static:fromRoleArn': 'roles outside the app are not modelled: give the role ARN where an ARN is taken',
  'static:fromRoleName': 'roles outside the app are not modelled: give the role ARN where an ARN is taken',
  'static:fromLookup': NO_LOOKUPS,
  'static:isRole': 'test it with x instanceof Role',
  'static:customizeRoles': 'pre-created roles are not modelled: give a function its role with the role prop',
};

const LOG_GROUP: CdkMethodTable = {
  addStream: CFN('AWS::Logs::LogStream'),
  addSubscriptionFilter: CFN('AWS::Logs::SubscriptionFilter'),
  addMetricFilter: CFN('AWS::Logs::MetricFilter'),
  addTransformer: CFN('AWS::Logs::Transformer'),
  extractMetric: CFN('AWS::Logs::MetricFilter'),
  addToResourcePolicy: CFN('AWS::Logs::ResourcePolicy'),
  grant: GRANT('role.addToPolicy(new PolicyStatement({ actions, resources: [logGroup.logGroupArn] }))'),
  grantRead: GRANT("role.addToPolicy(new PolicyStatement({ actions: ['logs:FilterLogEvents', 'logs:GetLogEvents', ...], resources: [logGroup.logGroupArn] }))"),
  grantWrite: GRANT("role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }))"),
  logGroupPhysicalName: 'read logGroup.logGroupName',
  'static:fromLogGroupArn': 'log groups outside the app are not modelled: give the ARN where an ARN is taken',
  'static:fromLogGroupName': 'log groups outside the app are not modelled: give the name where a name is taken',
  ...metrics(['metric', 'metricIncomingLogEvents', 'metricIncomingBytes'], METRIC('AWS/Logs', 'LogGroupName', 'logGroup.logGroupName')),
};

/** Resource's methods: every resource. */
const RESOURCE: CdkMethodTable = {
  applyCrossStackReferenceStrength: 'cross-stack references are not modelled: share values between stacks with CfnOutput exportName and Fn.importValue',
  'static:isResource': 'test it with x instanceof Resource',
  'static:isOwnedResource': 'test it with x instanceof Resource',
};

const STACK: CdkMethodTable = {
  addDependency: 'stacks are deployed separately and cross-stack dependencies are not modelled: deploy the stacks in order',
  addStackDependency: 'stacks are deployed separately and cross-stack dependencies are not modelled: deploy the stacks in order',
  addTransform: 'lambdaform writes the Transform itself (AWS::Serverless-2016-10-31 in SAM output); other transforms are not modelled',
  addMetadata: 'template Metadata is not modelled',
  addFileAsset: 'assets come from Code.fromAsset',
  addDockerImageAsset: 'container images are not modelled',
  addStackTag: 'tag the stack with Tags.of(stack).add(key, value)',
  removeStackTag: 'tag the stack with Tags.of(stack).add(key, value)',
  resolve: 'lambdaform resolves tokens when it synthesizes: read the template with Template.fromStack(stack) (assertions)',
  toJsonString: "build the string with Fn.join or Fn.sub",
  toYamlString: 'build the string with Fn.join or Fn.sub',
  reportMissingContext: NO_LOOKUPS,
  reportMissingContextKey: NO_LOOKUPS,
  renameLogicalId: "call resource.overrideLogicalId(newId) on the resource, or use new App({ logicalIds: 'cdk' }) for aws-cdk-lib's ids",
  getLogicalId: 'read resource.logicalId',
  formatArn: "build the ARN with Fn.join(':', ['arn', Aws.PARTITION, service, Aws.REGION, Aws.ACCOUNT_ID, resource])",
  parseArn: "split the ARN with Fn.select(i, Fn.split(':', arn))",
  splitArn: "split the ARN with Fn.select(i, Fn.split(':', arn))",
  regionalFact: 'region facts are not modelled: read stack.urlSuffix, stack.partition or Aws.*',
  exportValue: 'write the export with new CfnOutput(stack, id, { value, exportName })',
  exportStringListValue: "write the export with new CfnOutput(stack, id, { value: Fn.join(',', list), exportName })",
  prepareCrossReference: 'cross-stack references are not modelled: share values between stacks with CfnOutput exportName and Fn.importValue',
  'static:consumeReference': 'cross-stack references are not modelled: share values between stacks with CfnOutput exportName and Fn.importValue',
  'static:consumeListReference': 'cross-stack references are not modelled: share values between stacks with CfnOutput exportName and Fn.importValue',
};

const APP: CdkMethodTable = {
  'static:isStage': 'lambdaform has no Stage: test it with App.isApp(x)',
};

/** The tables, by the name of the lambdaform class they are installed on. */
export const CDK_UNSUPPORTED_METHODS: Readonly<Record<string, CdkMethodTable>> = {
  FunctionBase: FUNCTION_BASE,
  Function: FUNCTION,
  Alias: ALIAS,
  Version: VERSION,
  LayerVersion: LAYER_VERSION,
  Queue: QUEUE,
  Topic: TOPIC,
  Bucket: BUCKET,
  Table: TABLE,
  Stream: STREAM,
  Rule: RULE,
  HttpApi: HTTP_API,
  Role: ROLE,
  LogGroup: LOG_GROUP,
  Resource: RESOURCE,
  Stack: STACK,
  App: APP,
};

/** Marks the functions `installCdkUnsupportedMethods` installed (tests tell them from real methods). */
export const UNSUPPORTED_METHOD = Symbol.for('lambdaform.unsupportedCdkMethod');

// The installed classes (prototype or constructor → table name), to name the most derived one a
// call was made on: `Function.addFunctionUrl` on a Function, not FunctionBase.
const installed = new Map<object, string>();

function className(target: unknown, fallback: string): string {
  for (let o: unknown = target; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
    const name = installed.get(o as object);
    if (name !== undefined) return name;
  }
  return fallback;
}

function constructPath(self: unknown): string | undefined {
  const node = (self as { node?: { path?: unknown } } | undefined)?.node;
  return typeof node?.path === 'string' && node.path !== '' ? node.path : undefined;
}

/**
 * Installs the tables on the classes given by name: instance entries on the prototype, `static:`
 * entries on the constructor, each a non-enumerable function that throws. A method the class (or a
 * base class) has is left alone. Run once, after every class is defined.
 * @returns the entries installed, as `Class.method` / `Class.static:method`
 */
export function installCdkUnsupportedMethods(classes: Readonly<Record<string, abstract new (...args: never[]) => unknown>>): string[] {
  const done: string[] = [];
  for (const [name, table] of Object.entries(CDK_UNSUPPORTED_METHODS)) {
    const cls = classes[name];
    if (cls === undefined) continue;
    installed.set(cls.prototype as object, name);
    installed.set(cls, name);
    for (const [key, way] of Object.entries(table)) {
      const isStatic = key.startsWith('static:');
      const method = isStatic ? key.slice('static:'.length) : key;
      const target: object = isStatic ? cls : (cls.prototype as object);
      // A real method (own or inherited) is never replaced; a base class's installed one is.
      const existing = (target as Record<string, unknown>)[method] as { [UNSUPPORTED_METHOD]?: string } | undefined;
      const inheritedStub = typeof existing === 'function' && existing[UNSUPPORTED_METHOD] !== undefined && !Object.prototype.hasOwnProperty.call(target, method);
      if (method in target && !inheritedStub) continue;
      const stub = function (this: unknown): never {
        const owner = className(isStatic ? this : Object.getPrototypeOf(this ?? {}), name);
        throw new LambdaformError(isStatic ? undefined : constructPath(this), `${owner}.${method} is not supported by lambdaform: ${way}`, 'unsupported-cdk-method');
      };
      Object.defineProperty(stub, 'name', { value: method });
      Object.defineProperty(stub, UNSUPPORTED_METHOD, { value: `${name}.${key}` });
      Object.defineProperty(target, method, { value: stub, writable: true, configurable: true, enumerable: false });
      done.push(`${name}.${key}`);
    }
  }
  return done;
}
