// toPlan: the plan of an app built with constructs and of imported SAM/CloudFormation templates,
// entry by entry: names, local URLs and ARNs, AWS's defaults, handler files, versions and
// aliases, async settings, API routes, what cannot run locally and why.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpApi,
  HttpLambdaIntegration,
  App,
  AttributeType,
  Bucket,
  Code,
  Duration,
  DynamoEventSource,
  EventType,
  Function,
  KinesisEventSource,
  LayerVersion,
  Queue,
  RecursiveLoop,
  Runtime,
  S3EventSource,
  SnsEventSource,
  ScheduleEventSource,
  Size,
  SqsEventSource,
  Stack,
  StartingPosition,
  Stream,
  StreamViewType,
  Table,
  Topic,
} from '../../../lib/all.js';
import { Schedule } from '../../../lib/modules/aws-events.js';
import { ApplicationLogLevel, LoggingFormat, SystemLogLevel } from '../../../lib/modules/aws-lambda.js';
import { HttpMethod, PayloadFormatVersion } from '../../../lib/modules/aws-apigatewayv2.js';
import { LambdaDestination, SnsDestination, SqsDestination } from '../../../lib/modules/aws-lambda-destinations.js';
import { SqsDlq } from '../../../lib/modules/aws-lambda-event-sources.js';
import { SubscriptionFilter } from '../../../lib/modules/aws-sns.js';
import { LambdaSubscription, SqsSubscription } from '../../../lib/modules/aws-sns-subscriptions.js';
import { importTemplateFiles } from '../../../lib/import/index.js';
import { toPlan } from '../../../lib/local/plan/build.js';
import { referenceProblems, schemaProblems } from '../../../lib/local/plan/read.js';
import type { Plan, PlanFunction } from '../../../lib/local/plan/types.js';
import type { AppModel } from '../../../lib/model/types.js';
import { ROOT } from '../../helpers/examples.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-plan-build-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** Writes `files` below `dir` (created) and returns `dir`. */
function write(dir: string, files: Readonly<Record<string, string>>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const ACCOUNT = '123456789012';
const FN_ARN = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const QUEUE_ARN = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
/** Where an app construct was written: this file, at some line. */
const HERE = expect.stringMatching(/^test\/local\/plan\/build\.test\.ts:\d+$/);

/** The app of most tests: one stack (Shop) with a resource of every kind and a trigger of every kind. */
function shopApp(root: string): AppModel {
  write(root, {
    'worker/src/handler.cjs': 'exports.main = async () => 1;\n',
    // .js is what Lambda tries first: the plan names the file that exists, not the first extension.
    'audit/index.mjs': 'export const handler = async () => 1;\n',
    'layer/nodejs/node_modules/shared/index.js': 'module.exports = 1;\n',
    'nested/index.js': 'exports.handlers = { main: async () => 1 };\n',
    'empty/other.js': 'exports.handler = async () => 1;\n',
    'py/app.py': 'def handler(event, context):\n    return 1\n',
  });
  const app = new App();
  const stack = new Stack(app, 'Shop');
  const failures = new Queue(stack, 'Failures');
  const dlq = new Queue(stack, 'Dlq', { retentionPeriod: Duration.days(14) });
  const jobs = new Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
  const orders = new Queue(stack, 'Orders', { fifo: true, contentBasedDeduplication: true, visibilityTimeout: Duration.seconds(120), deliveryDelay: Duration.seconds(5) });
  const events = new Topic(stack, 'Events');
  const uploads = new Bucket(stack, 'Uploads');
  const items = new Table(stack, 'Items', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.NUMBER }, stream: StreamViewType.NEW_AND_OLD_IMAGES });
  const clicks = new Stream(stack, 'Clicks', { shardCount: 3, retentionPeriod: Duration.hours(48) });
  const shared = new LayerVersion(stack, 'Shared', { code: Code.fromAsset(path.join(root, 'layer')), compatibleRuntimes: [Runtime.NODEJS_22_X] });
  const audit = new Function(stack, 'Audit', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromAsset(path.join(root, 'audit')),
    deadLetterQueue: failures,
    onSuccess: new SnsDestination(events),
    recursiveLoop: RecursiveLoop.ALLOW,
  });
  const worker = new Function(stack, 'Worker', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'src/handler.main',
    code: Code.fromAsset(path.join(root, 'worker')),
    memorySize: Size.mebibytes(256),
    timeout: Duration.seconds(20),
    layers: [shared],
    reservedConcurrentExecutions: 5,
    retryAttempts: 1,
    maxEventAge: Duration.hours(1),
    onSuccess: new LambdaDestination(audit),
    onFailure: new SqsDestination(failures),
    environment: {
      JOBS_URL: jobs.queueUrl,
      ORDERS_URL: orders.queueUrl,
      JOBS_ARN: jobs.queueArn,
      EVENTS_ARN: events.topicArn,
      TABLE: items.tableName,
      BUCKET: uploads.bucketName,
      PLAIN: 'as written',
    },
  });
  worker.addEventSource(new SqsEventSource(jobs));
  worker.addEventSource(new SqsEventSource(orders, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 4 }));
  worker.addEventSource(new KinesisEventSource(clicks, { startingPosition: StartingPosition.LATEST, onFailure: new SqsDlq(failures) }));
  worker.addEventSource(new DynamoEventSource(items, { startingPosition: StartingPosition.TRIM_HORIZON, batchSize: 50, retryAttempts: 3, bisectBatchOnError: true }));
  worker.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))));
  worker.addEventSource(new S3EventSource(uploads, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'in/', suffix: '.jpg' }] }));
  const v1 = worker.addVersion('V1');
  const v2 = worker.addVersion('V2', { provisionedConcurrentExecutions: 2 });
  const live = worker.addAlias('live', { version: v2, additionalVersions: [{ version: v1, weight: 0.1 }] });
  const api = new HttpApi(stack, 'Api');
  api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('List', live, { timeout: Duration.seconds(5) }) });
  api.addRoutes({ path: '/items', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('Create', worker, { payloadFormatVersion: PayloadFormatVersion.VERSION_1_0 }) });
  events.addSubscription(new LambdaSubscription(audit, { filterPolicy: { kind: SubscriptionFilter.stringFilter({ allowlist: ['created'] }) } }));
  events.addSubscription(new SqsSubscription(jobs, { rawMessageDelivery: true }));
  new Function(stack, 'Nested', { runtime: Runtime.NODEJS_22_X, handler: 'index.handlers.main', code: Code.fromAsset(path.join(root, 'nested')) });
  new Function(stack, 'NoFile', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset(path.join(root, 'empty')) });
  new Function(stack, 'Py', { runtime: Runtime.PYTHON_3_12, handler: 'app.handler', code: Code.fromAsset(path.join(root, 'py')) });
  new Function(stack, 'InS3', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromBucket({ bucketName: 'artifacts' }, 'fn.zip') });
  return app.synth();
}

describe('the plan of an app built with constructs', () => {
  let root: string;
  let plan: Plan;
  const fn = (id: string): PlanFunction => plan.functions.find((f) => f.id === id)!;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(TMP, 'shop-'));
    // The plan is written into the app's folder: its paths are relative to it.
    plan = toPlan(shopApp(root), { appDir: process.cwd(), planDir: root });
  });

  it('is a valid plan whose references all resolve, without warnings', () => {
    expect(schemaProblems(JSON.parse(JSON.stringify(plan)))).toEqual([]);
    expect(referenceProblems(plan)).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect({ version: plan.version, region: plan.region, account: plan.account, endpoint: plan.endpoint, stacks: plan.stacks }).toEqual({ version: 1, region: 'us-east-1', account: ACCOUNT, endpoint: 'http://localhost:4566', stacks: ['Shop'] });
  });

  it('a function: its handler file as found, environment references as local values, layers, concurrency, versions, aliases and async settings', () => {
    expect(fn('Shop/Worker')).toEqual({
      id: 'Shop/Worker',
      logicalId: 'Worker',
      stack: 'Shop',
      definedAt: HERE,
      name: 'Shop-Worker',
      arn: FN_ARN('Shop-Worker'),
      runtime: 'nodejs22.x',
      handlerSetting: 'src/handler.main',
      handler: { codeDir: 'worker', file: 'src/handler.cjs', export: 'main' },
      memoryMb: 256,
      timeoutSeconds: 20,
      ephemeralStorageMb: 512,
      environment: {
        JOBS_URL: `http://localhost:4566/${ACCOUNT}/Shop-Jobs`,
        ORDERS_URL: `http://localhost:4566/${ACCOUNT}/Shop-Orders.fifo`,
        JOBS_ARN: QUEUE_ARN('Shop-Jobs'),
        EVENTS_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:Shop-Events`,
        TABLE: 'Shop-Items',
        BUCKET: 'shop-uploads',
        PLAIN: 'as written',
      },
      layers: [{ arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:Shop-Shared:1`, dir: 'layer' }],
      reservedConcurrency: 5,
      versions: [
        { version: '1', id: 'Shop/Worker/V1' },
        { version: '2', id: 'Shop/Worker/V2', provisionedConcurrency: 2 },
      ],
      aliases: [{ name: 'live', id: 'Shop/Worker/Aliaslive', version: '2', additionalVersions: [{ version: '1', weight: 0.1 }] }],
      async: {
        maxRetryAttempts: 1,
        maxEventAgeSeconds: 3600,
        onSuccess: { type: 'lambda', id: 'Shop/Audit', arn: FN_ARN('Shop-Audit') },
        onFailure: { type: 'sqs', id: 'Shop/Failures', arn: QUEUE_ARN('Shop-Failures') },
      },
      recursiveLoop: 'Terminate',
    });
  });

  it('defaults of a function left to AWS; its dead-letter queue; an .mjs entry file', () => {
    expect(fn('Shop/Audit')).toMatchObject({
      handler: { codeDir: 'audit', file: 'index.mjs', export: 'handler' },
      memoryMb: 128,
      timeoutSeconds: 3,
      ephemeralStorageMb: 512,
      environment: {},
      layers: [],
      versions: [],
      aliases: [],
      async: {
        maxRetryAttempts: 2,
        maxEventAgeSeconds: 21_600,
        onSuccess: { type: 'sns', id: 'Shop/Events', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:Shop-Events` },
        deadLetter: { type: 'sqs', id: 'Shop/Failures', arn: QUEUE_ARN('Shop-Failures') },
      },
      recursiveLoop: 'Allow',
    });
    expect(fn('Shop/Audit').reservedConcurrency).toBeUndefined();
    expect(fn('Shop/Audit').async.onFailure).toBeUndefined();
  });

  it('a handler naming a nested export: the module is the part before the first dot, as Lambda reads it', () => {
    expect(fn('Shop/Nested').handler).toEqual({ codeDir: 'nested', file: 'index.js', export: 'handlers.main' });
  });

  it('what cannot run locally is unavailable, with the reason', () => {
    const unavailable = (id: string) => ({ handler: fn(id).handler, unavailable: fn(id).unavailable });
    expect(unavailable('Shop/NoFile')).toEqual({ handler: undefined, unavailable: 'no index.js|.mjs|.cjs|.ts|.mts|.cts in empty' });
    expect(unavailable('Shop/Py')).toEqual({ handler: undefined, unavailable: 'runtime python3.12: only Node.js functions run locally' });
    expect(unavailable('Shop/InS3')).toEqual({ handler: undefined, unavailable: 'its code is in S3: point Code (CodeUri) at a local directory to run it' });
  });

  it('queues: names, URLs and ARNs; AWS defaults; FIFO names end with .fifo; the redrive policy', () => {
    const common = { stack: 'Shop', definedAt: HERE, contentBasedDeduplication: false, delaySeconds: 0, receiveWaitTimeSeconds: 0, maxMessageSizeBytes: 1_048_576 };
    const q = (id: string) => plan.queues.find((x) => x.id === id);
    expect(q('Shop/Jobs')).toEqual({
      ...common,
      id: 'Shop/Jobs',
      logicalId: 'Jobs',
      name: 'Shop-Jobs',
      url: `http://localhost:4566/${ACCOUNT}/Shop-Jobs`,
      arn: QUEUE_ARN('Shop-Jobs'),
      fifo: false,
      visibilityTimeoutSeconds: 30,
      retentionPeriodSeconds: 345_600,
      deadLetter: { queue: 'Shop/Dlq', maxReceiveCount: 3 },
    });
    expect(q('Shop/Dlq')).toMatchObject({ retentionPeriodSeconds: 1_209_600, visibilityTimeoutSeconds: 30 });
    expect(q('Shop/Orders')).toEqual({
      ...common,
      id: 'Shop/Orders',
      logicalId: 'Orders',
      name: 'Shop-Orders.fifo',
      url: `http://localhost:4566/${ACCOUNT}/Shop-Orders.fifo`,
      arn: QUEUE_ARN('Shop-Orders.fifo'),
      fifo: true,
      contentBasedDeduplication: true,
      visibilityTimeoutSeconds: 120,
      retentionPeriodSeconds: 345_600,
      delaySeconds: 5,
    });
  });

  it('topics, buckets, tables with their stream, streams with shards', () => {
    expect(plan.topics).toEqual([{ id: 'Shop/Events', logicalId: 'Events', stack: 'Shop', definedAt: HERE, name: 'Shop-Events', arn: `arn:aws:sns:us-east-1:${ACCOUNT}:Shop-Events`, fifo: false }]);
    expect(plan.buckets).toEqual([{ id: 'Shop/Uploads', logicalId: 'Uploads', stack: 'Shop', definedAt: HERE, name: 'shop-uploads', arn: 'arn:aws:s3:::shop-uploads' }]);
    expect(plan.tables).toEqual([
      {
        id: 'Shop/Items',
        logicalId: 'Items',
        stack: 'Shop',
        definedAt: HERE,
        name: 'Shop-Items',
        arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Shop-Items`,
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'sk', type: 'N' },
        stream: { arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Shop-Items/stream/1970-01-01T00:00:00.000`, viewType: 'NEW_AND_OLD_IMAGES' },
      },
    ]);
    expect(plan.streams).toEqual([{ id: 'Shop/Clicks', logicalId: 'Clicks', stack: 'Shop', definedAt: HERE, name: 'Shop-Clicks', arn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/Shop-Clicks`, shardCount: 3, retentionHours: 48 }]);
  });

  it('mappings: SQS defaults (batch 10), settings as given, stream defaults (batch 100, retries until the records expire) and failure destinations', () => {
    const base = { stack: 'Shop', definedAt: HERE, function: 'Shop/Worker', enabled: true, filters: [] };
    const m = (id: string) => plan.mappings.find((x) => x.id === id);
    expect(m('Shop/Worker/SqsEventSourceJobs')).toEqual({
      ...base,
      id: 'Shop/Worker/SqsEventSourceJobs',
      logicalId: 'WorkerSqsEventSourceJobs',
      sourceType: 'sqs',
      source: 'Shop/Jobs',
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      bisectBatchOnError: false,
      maxRetryAttempts: -1,
      maxRecordAgeSeconds: -1,
      parallelizationFactor: 1,
      reportBatchItemFailures: false,
    });
    expect(m('Shop/Worker/SqsEventSourceOrders')).toMatchObject({ source: 'Shop/Orders', batchSize: 5, maxBatchingWindowSeconds: 0, reportBatchItemFailures: true, maxConcurrency: 4 });
    expect(m('Shop/Worker/SqsEventSourceOrders')?.startingPosition).toBeUndefined();
    expect(m('Shop/Worker/KinesisEventSourceClicks')).toEqual({
      ...base,
      id: 'Shop/Worker/KinesisEventSourceClicks',
      logicalId: 'WorkerKinesisEventSourceClicks',
      sourceType: 'kinesis',
      source: 'Shop/Clicks',
      batchSize: 100,
      maxBatchingWindowSeconds: 0,
      startingPosition: 'LATEST',
      bisectBatchOnError: false,
      maxRetryAttempts: -1,
      maxRecordAgeSeconds: -1,
      parallelizationFactor: 1,
      reportBatchItemFailures: false,
      onFailure: { type: 'sqs', id: 'Shop/Failures', arn: QUEUE_ARN('Shop-Failures') },
    });
    expect(m('Shop/Worker/DynamoEventSourceItems')).toMatchObject({ sourceType: 'dynamodb', source: 'Shop/Items', batchSize: 50, startingPosition: 'TRIM_HORIZON', maxRetryAttempts: 3, bisectBatchOnError: true });
    expect(plan.mappings).toHaveLength(4);
  });

  it('an HTTP API: routes with their target, payload format and integration timeout (30 s by default)', () => {
    expect(plan.apis).toEqual([
      {
        id: 'Shop/Api',
        logicalId: 'Api',
        stack: 'Shop',
        definedAt: HERE,
        name: 'Api',
        type: 'http',
        stage: '$default',
        routes: [
          { function: 'Shop/Worker', qualifier: 'live', method: 'GET', path: '/items', payloadFormatVersion: '2.0', timeoutMillis: 5000 },
          { function: 'Shop/Worker', method: 'POST', path: '/items', payloadFormatVersion: '1.0', timeoutMillis: 30_000 },
        ],
      },
    ]);
  });

  it('a schedule rule with its target, S3 notifications with filters, SNS subscriptions to a function and a queue', () => {
    expect(plan.rules).toEqual([
      {
        id: 'Shop/Worker/Schedule',
        logicalId: 'WorkerSchedule',
        stack: 'Shop',
        definedAt: HERE,
        name: 'Shop-WorkerSchedule',
        arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/Shop-WorkerSchedule`,
        schedule: 'rate(1 hour)',
        enabled: true,
        targets: [{ function: 'Shop/Worker', retryAttempts: 185, maxEventAgeSeconds: 86_400 }],
      },
    ]);
    expect(plan.notifications).toEqual([
      { id: 'Shop/Worker/S3EventSourceUploads', logicalId: 'WorkerS3EventSourceUploads', stack: 'Shop', definedAt: HERE, function: 'Shop/Worker', bucket: 'Shop/Uploads', events: ['s3:ObjectCreated:*'], prefix: 'in/', suffix: '.jpg' },
    ]);
    const subs = [...plan.subscriptions].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(subs).toEqual([
      { id: 'Shop/Audit/SnsEventSourceEvents', logicalId: 'AuditSnsEventSourceEvents', stack: 'Shop', definedAt: HERE, topic: 'Shop/Events', protocol: 'lambda', target: { function: 'Shop/Audit' }, filterPolicy: { kind: ['created'] }, filterPolicyScope: 'MessageAttributes', rawMessageDelivery: false },
      { id: 'Shop/Events/SubscriptionJobs', logicalId: 'EventsSubscriptionJobs', stack: 'Shop', definedAt: HERE, topic: 'Shop/Events', protocol: 'sqs', queue: 'Shop/Jobs', filterPolicyScope: 'MessageAttributes', rawMessageDelivery: true },
    ]);
  });

  it('paths are relative to the plan directory: the working directory by default, another one when given', () => {
    const model = shopApp(fs.mkdtempSync(path.join(TMP, 'shop-')));
    const atCwd = toPlan(model, { appDir: process.cwd() });
    const worker = atCwd.functions.find((f) => f.id === 'Shop/Worker')!;
    const assetDir = path.resolve(process.cwd(), model.stacks[0]!.assets.find((a) => a.path.endsWith('/worker'))!.path);
    expect(worker.handler!.codeDir).toBe(path.relative(process.cwd(), assetDir).split(path.sep).join('/'));
    expect(worker.handler!.codeDir.startsWith('../')).toBe(true);
    // The same plan written two levels below the app's folder.
    const deeper = path.join(path.dirname(assetDir), 'out', 'plan');
    const there = toPlan(model, { appDir: process.cwd(), planDir: deeper });
    expect(there.functions.find((f) => f.id === 'Shop/Worker')!.handler!.codeDir).toBe('../../worker');
    expect(there.functions.find((f) => f.id === 'Shop/Worker')!.layers).toEqual([{ arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:Shop-Shared:1`, dir: '../../layer' }]);
    expect(there.functions.find((f) => f.id === 'Shop/NoFile')!.unavailable).toBe('no index.js|.mjs|.cjs|.ts|.mts|.cts in ../../empty');
    // Everything else is the same plan.
    const strip = (p: Plan) => JSON.stringify({ ...p, functions: p.functions.map(({ handler: _h, layers: _l, unavailable: _u, ...rest }) => rest) });
    expect(strip(there)).toBe(strip(atCwd));
  });
});

describe('the plan of an imported SAM template', () => {
  const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    CodeUri: src/
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          GREETING: hello
          SHARED_URL: !ImportValue shared-url
      Events:
        Get:
          Type: Api
          Properties:
            Path: /items
            Method: get
  Slow:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Timeout: 60
  InS3:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      CodeUri: s3://artifacts-bucket/fn.zip
  Py:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
  Missing:
    Type: AWS::Serverless::Function
    Properties:
      Handler: gone.handler
  ReportsApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: reports
  ReportsResource:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref ReportsApi
      ParentId: !GetAtt ReportsApi.RootResourceId
      PathPart: reports
  SlowMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref ReportsApi
      ResourceId: !Ref ReportsResource
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        TimeoutInMillis: 60000
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Slow.Arn}/invocations
  QuickMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref ReportsApi
      ResourceId: !Ref ReportsResource
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        TimeoutInMillis: 8000
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
`;
  let dir: string;
  let plan: Plan;
  beforeAll(() => {
    dir = write(fs.mkdtempSync(path.join(TMP, 'sam-')), {
      't.yaml': TEMPLATE,
      'src/app.mjs': 'export const handler = async (event) => ({ greeting: process.env.GREETING, shared: process.env.SHARED_URL, event });\n',
    });
    plan = toPlan(importTemplateFiles(['t.yaml'], { cwd: dir }), { appDir: dir });
  });
  const fn = (id: string): PlanFunction => plan.functions.find((f) => f.id === id)!;

  it('is a valid plan; a CodeUri of local code gives the handler file; names come from the stack (the file name) and the logical id', () => {
    expect(schemaProblems(JSON.parse(JSON.stringify(plan)))).toEqual([]);
    expect(referenceProblems(plan)).toEqual([]);
    expect(plan.stacks).toEqual(['t']);
    expect(fn('Fn')).toMatchObject({ logicalId: 'Fn', stack: 't', definedAt: 't.yaml:8', name: 't-Fn', arn: FN_ARN('t-Fn'), handlerSetting: 'app.handler', handler: { codeDir: 'src', file: 'app.mjs', export: 'handler' } });
  });

  it('a value known only at deploy is empty in the environment, with a warning naming it', () => {
    expect(fn('Fn').environment).toEqual({ GREETING: 'hello', SHARED_URL: '' });
    expect(plan.warnings).toEqual([`Fn: environment variable SHARED_URL: {"Fn::ImportValue":"shared-url"} is known only at deploy; it is '' locally`]);
  });

  it('REST APIs (SAM implicit and CloudFormation): type rest, payload 1.0, integration timeouts capped at 29 s', () => {
    expect(plan.apis.map((a) => ({ id: a.id, type: a.type, stage: a.stage, routes: a.routes }))).toEqual([
      { id: 'ServerlessRestApi', type: 'rest', stage: 'Prod', routes: [{ function: 'Fn', method: 'GET', path: '/items', payloadFormatVersion: '1.0', timeoutMillis: 29_000 }] },
      {
        id: 'ReportsApi',
        type: 'rest',
        stage: 'Prod',
        routes: [
          { function: 'Slow', method: 'GET', path: '/reports', payloadFormatVersion: '1.0', timeoutMillis: 29_000 },
          { function: 'Fn', method: 'POST', path: '/reports', payloadFormatVersion: '1.0', timeoutMillis: 8000 },
        ],
      },
    ]);
  });

  it('code in S3, a runtime other than Node.js, a handler file that does not exist: unavailable, with the reason', () => {
    expect(fn('InS3')).toMatchObject({ unavailable: 'its code is in S3: point Code (CodeUri) at a local directory to run it' });
    expect(fn('Py')).toMatchObject({ unavailable: 'runtime python3.12: only Node.js functions run locally' });
    expect(fn('Missing')).toMatchObject({ unavailable: 'no gone.js|.mjs|.cjs|.ts|.mts|.cts in src' });
    for (const id of ['InS3', 'Py', 'Missing']) expect(fn(id).handler).toBeUndefined();
  });

  it('runs: `lambdaform invoke Fn --template t.yaml` returns what the handler returns', () => {
    fs.writeFileSync(path.join(dir, 'event.json'), '{"id": 7}');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'lambdaform.mjs'), 'invoke', 'Fn', '--template', 't.yaml', '--event', 'event.json'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ greeting: 'hello', shared: '', event: { id: 7 } });
    expect(r.stderr).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
  });
});

describe('toPlan: JSON logs (LoggingConfig)', () => {
  it('from the constructs: jsonLogs with the levels (INFO where unset); text logs give none', () => {
    const app = new App({ now: new Date('2026-01-01T00:00:00Z') });
    const stack = new Stack(app, 'Logs');
    const code = Code.fromInline('exports.handler = async () => 1;');
    new Function(stack, 'Json', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code, loggingFormat: LoggingFormat.JSON, applicationLogLevelV2: ApplicationLogLevel.DEBUG });
    new Function(stack, 'Quiet', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code, loggingFormat: LoggingFormat.JSON, systemLogLevelV2: SystemLogLevel.WARN });
    new Function(stack, 'Text', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code, loggingFormat: LoggingFormat.TEXT });
    const plan = toPlan(app.synth(), { appDir: TMP });
    const of = (id: string) => plan.functions.find((f) => f.id === id)!.jsonLogs;
    expect(of('Logs/Json')).toEqual({ applicationLogLevel: 'DEBUG', systemLogLevel: 'INFO' });
    expect(of('Logs/Quiet')).toEqual({ applicationLogLevel: 'INFO', systemLogLevel: 'WARN' });
    expect(of('Logs/Text')).toBeUndefined();
    expect(schemaProblems(plan)).toEqual([]);
  });

  it("from a SAM template's LoggingConfig, in the function or its Globals", () => {
    const dir = write(fs.mkdtempSync(path.join(TMP, 'logs-')), {
      't.yaml': `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    LoggingConfig:
      LogFormat: JSON
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      InlineCode: exports.handler = async () => 1;
      LoggingConfig:
        LogFormat: JSON
        ApplicationLogLevel: ERROR
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      InlineCode: exports.handler = async () => 1;
`,
    });
    const plan = toPlan(importTemplateFiles(['t.yaml'], { cwd: dir }), { appDir: dir });
    expect(plan.functions.find((f) => f.name.includes('Fn'))?.jsonLogs).toEqual({ applicationLogLevel: 'ERROR', systemLogLevel: 'INFO' });
    expect(plan.functions.find((f) => f.name.includes('Other'))?.jsonLogs).toEqual({ applicationLogLevel: 'INFO', systemLogLevel: 'INFO' });
  });
});

describe("toPlan: a subscription's dead-letter queue", () => {
  it('carries the queue id of deadLetterQueue (SqsSubscription and SnsEventSource)', () => {
    const app = new App({ now: new Date('2026-01-01T00:00:00Z') });
    const stack = new Stack(app, 'Subs');
    const topic = new Topic(stack, 'Orders');
    const dlq = new Queue(stack, 'Undelivered');
    topic.addSubscription(new SqsSubscription(new Queue(stack, 'Jobs'), { deadLetterQueue: dlq }));
    new Function(stack, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1;') }).addEventSource(new SnsEventSource(topic, { deadLetterQueue: dlq }));
    const plan = toPlan(app.synth(), { appDir: TMP });
    expect(plan.subscriptions.map((s) => [s.protocol, s.deadLetterQueue])).toEqual([
      ['sqs', 'Subs/Undelivered'],
      ['lambda', 'Subs/Undelivered'],
    ]);
    expect(schemaProblems(plan)).toEqual([]);
    expect(referenceProblems(plan)).toEqual([]);
  });
});
