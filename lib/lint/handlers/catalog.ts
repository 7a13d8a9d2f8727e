/**
 * The calls handler analysis recognises, as tables: what creates a client, connection or agent
 * (by module and export path), and what sends to an AWS resource (SDK v3 commands, SDK v2 and v3
 * aggregated-client methods). Extend the tables to teach the analyzer a library.
 */
import type { ConstructionKind, SendService } from './types.js';

/**
 * A way to create something costly: `new` or a call of an export path of a module. The export
 * path is what follows the module (`['Pool']` for `new pg.Pool()`, `new Pool()` imported from
 * 'pg', or `new (require('pg').Pool)()`; `[]` for the module's default export itself, as
 * `knex(...)` or `new Redis()` from 'ioredis').
 */
export interface ConstructionEntry {
  readonly kind: ConstructionKind;
  readonly modules: readonly string[];
  readonly how: 'new' | 'call';
  readonly paths: ReadonlyArray<readonly string[]>;
}

export const CONSTRUCTIONS: readonly ConstructionEntry[] = [
  // Databases: each creates a connection or a pool of them.
  { kind: 'database', modules: ['pg', '@neondatabase/serverless'], how: 'new', paths: [['Pool'], ['Client'], ['native', 'Pool'], ['native', 'Client']] },
  { kind: 'database', modules: ['mysql', 'mysql2', 'mysql2/promise'], how: 'call', paths: [['createConnection'], ['createPool'], ['createPoolCluster']] },
  { kind: 'database', modules: ['mongodb'], how: 'new', paths: [['MongoClient']] },
  { kind: 'database', modules: ['mongodb'], how: 'call', paths: [['MongoClient', 'connect']] },
  { kind: 'database', modules: ['mongoose'], how: 'call', paths: [['connect'], ['createConnection']] },
  { kind: 'database', modules: ['@prisma/client'], how: 'new', paths: [['PrismaClient']] },
  { kind: 'database', modules: ['ioredis'], how: 'new', paths: [[], ['Redis'], ['Cluster'], ['Redis', 'Cluster']] },
  { kind: 'database', modules: ['redis', '@redis/client'], how: 'call', paths: [['createClient'], ['createCluster']] },
  { kind: 'database', modules: ['knex'], how: 'call', paths: [[], ['knex']] },
  { kind: 'database', modules: ['sequelize', '@sequelize/core'], how: 'new', paths: [[], ['Sequelize']] },
  { kind: 'database', modules: ['postgres'], how: 'call', paths: [[]] },
  // HTTP clients and agents: each keeps its own pool of connections.
  { kind: 'http', modules: ['axios'], how: 'call', paths: [['create']] },
  { kind: 'http', modules: ['http', 'https', 'node:http', 'node:https'], how: 'new', paths: [['Agent']] },
  { kind: 'http', modules: ['got'], how: 'call', paths: [['extend']] },
  { kind: 'http', modules: ['undici'], how: 'new', paths: [['Agent'], ['Pool'], ['Client']] },
];

/** SDK v3 modules whose `X.from(...)` wraps a client in another (the DynamoDB document client). */
export const V3_CLIENT_FACTORIES: Readonly<Record<string, readonly string[]>> = {
  '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'DynamoDBDocument'],
};

/** An SDK v3 export of `@aws-sdk/client-*` that `new` makes a client of: `S3Client`, or an aggregated client (`S3`, `Lambda`). */
export function isV3ClientName(name: string): boolean {
  return /^[A-Z]/.test(name) && !/(Command|Exception|Error|Paginator|Input|Output)$/.test(name);
}

/** SDK v2 exports that are not service clients (configuration, credentials). */
const V2_NOT_CLIENTS = new Set(['Config', 'Endpoint', 'Credentials', 'CredentialProviderChain', 'Request', 'Response', 'Service', 'MetadataService']);

/** The first name after `aws-sdk` of `new AWS.<name>...()`: a service client unless it is configuration. */
export function isV2ClientName(name: string): boolean {
  return /^[A-Z]/.test(name) && !V2_NOT_CLIENTS.has(name) && !name.endsWith('Credentials');
}

/** How a send names its target and, for S3, the object key, in its parameters. */
export interface SendShape {
  readonly service: SendService;
  /** The parameter naming the target, first found wins (`TopicArn`, then `TargetArn`). */
  readonly target: readonly string[];
  /** The parameter holding the object key (S3 writes). */
  readonly key?: string;
  /** The value when the target parameter is absent (PutEvents: the default event bus). */
  readonly defaultTarget?: string;
  /** The parameters are a list of entries under this name (PutEvents `Entries`): the first entry is read. */
  readonly entries?: string;
}

const LAMBDA: SendShape = { service: 'lambda', target: ['FunctionName'] };
const SQS: SendShape = { service: 'sqs', target: ['QueueUrl'] };
const SNS: SendShape = { service: 'sns', target: ['TopicArn', 'TargetArn'] };
const S3_WRITE: SendShape = { service: 's3', target: ['Bucket'], key: 'Key' };
const EVENTS: SendShape = { service: 'events', target: ['EventBusName'], defaultTarget: 'default', entries: 'Entries' };

/** SDK v3 commands that send, by class name, with the module they come from. */
export const SEND_COMMANDS: Readonly<Record<string, SendShape & { readonly module: string }>> = {
  InvokeCommand: { ...LAMBDA, module: '@aws-sdk/client-lambda' },
  InvokeAsyncCommand: { ...LAMBDA, module: '@aws-sdk/client-lambda' },
  InvokeWithResponseStreamCommand: { ...LAMBDA, module: '@aws-sdk/client-lambda' },
  SendMessageCommand: { ...SQS, module: '@aws-sdk/client-sqs' },
  SendMessageBatchCommand: { ...SQS, module: '@aws-sdk/client-sqs' },
  PublishCommand: { ...SNS, module: '@aws-sdk/client-sns' },
  PublishBatchCommand: { ...SNS, module: '@aws-sdk/client-sns' },
  PutObjectCommand: { ...S3_WRITE, module: '@aws-sdk/client-s3' },
  CopyObjectCommand: { ...S3_WRITE, module: '@aws-sdk/client-s3' },
  CompleteMultipartUploadCommand: { ...S3_WRITE, module: '@aws-sdk/client-s3' },
  PutEventsCommand: { ...EVENTS, module: '@aws-sdk/client-eventbridge' },
};

/** `new Upload({ client, params: { Bucket, Key, Body } })` of @aws-sdk/lib-storage: an S3 write, its parameters under `params`. */
export const UPLOAD = { module: '@aws-sdk/lib-storage', name: 'Upload', params: 'params', shape: S3_WRITE } as const;

/**
 * Methods that send, of SDK v2 clients (`sqs.sendMessage({ QueueUrl }).promise()`) and SDK v3
 * aggregated clients (`await sqs.sendMessage({ QueueUrl })`). A call counts when its first
 * argument is an object with the target parameter (or PutEvents' `Entries`), which keeps
 * unrelated methods of the same name (`emitter.publish(...)`) out.
 */
export const SEND_METHODS: Readonly<Record<string, SendShape>> = {
  invoke: LAMBDA,
  invokeAsync: LAMBDA,
  invokeWithResponseStream: LAMBDA,
  sendMessage: SQS,
  sendMessageBatch: SQS,
  publish: SNS,
  publishBatch: SNS,
  putObject: S3_WRITE,
  copyObject: S3_WRITE,
  upload: S3_WRITE,
  completeMultipartUpload: S3_WRITE,
  putEvents: EVENTS,
};

/** Calls that wrap a handler and return it wrapped (a `.use(...)` chain is followed to its `middy(fn)`). */
export const WRAPPER_CHAIN_METHODS: ReadonlySet<string> = new Set(['use', 'before', 'after', 'onError']);
