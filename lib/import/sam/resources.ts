/**
 * The SAM resources other than functions: `AWS::Serverless::LayerVersion` (a layer node, its
 * `ContentUri` an asset), `AWS::Serverless::HttpApi` (an api node; the implicit
 * `ServerlessHttpApi` of HttpApi events without `ApiId` too), `AWS::Serverless::SimpleTable` (a
 * table node), and the rest (`Api`, `StateMachine`, `Application`, ...) as raw nodes, their
 * properties resolved (Globals merged).
 */
import type { ApiNodeProps, ModelNode, ModelValue, TableNodeProps } from '../../model/types.js';
import { sanitize } from '../../model/values.js';
import { dependsOnOf, tagsOf } from '../cfn/nodes.js';
import { PropertyReader } from '../props.js';
import { obj, same, splitOverrides, strings, type SamImport } from './common.js';
import { corsOf } from '../cfn/nodes.js';

/** `AWS::Serverless::LayerVersion`. */
export function importLayer(sam: SamImport, logicalId: string, props: Record<string, unknown>): void {
  const ctx = sam.ctx;
  const resource = { ...ctx.resources[logicalId]!, Properties: props };
  const r = new PropertyReader(ctx, logicalId, resource);
  // RetentionPolicy (SAM's default: Retain) becomes the layer version's DeletionPolicy: the model has no prop for it.
  const retention = r.raw('RetentionPolicy');
  if (retention !== undefined && ctx.literal(retention) !== 'Delete') sam.keep(logicalId, ['RetentionPolicy'], 'property', 'the model has no retention policy (the backends write layers deleted with the stack)', retention, ctx.idOf(logicalId));
  const layer = sanitize({
    layerName: r.string('LayerName', 'layerName'),
    description: r.string('Description', 'description'),
    code: sam.code(r, 'ContentUri'),
    compatibleRuntimes: strings(r.value('CompatibleRuntimes')),
    compatibleArchitectures: strings(r.value('CompatibleArchitectures')),
    license: r.string('LicenseInfo', 'license'),
  });
  const { overrides, rest } = splitOverrides(r, same('LayerName', 'Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo'));
  for (const o of rest) sam.keep(logicalId, [o.path], 'property', `${o.path} has no prop in the model`, props[o.path] ?? o.value, ctx.idOf(logicalId));
  sam.addNode({
    id: ctx.idOf(logicalId),
    kind: 'layer',
    logicalId,
    origin: ctx.origin(logicalId),
    tags: {},
    overrides,
    dependsOn: dependsOnOf(ctx, resource),
    props: layer,
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  } as ModelNode);
}

/** `AWS::Serverless::SimpleTable`: `PrimaryKey` (default `id`, String), on demand unless `ProvisionedThroughput`. */
export function importSimpleTable(sam: SamImport, logicalId: string, props: Record<string, unknown>): void {
  const ctx = sam.ctx;
  const resource = { ...ctx.resources[logicalId]!, Properties: props };
  const r = new PropertyReader(ctx, logicalId, resource);
  const key = obj(r.value('PrimaryKey'));
  const type = key?.Type === 'Number' ? 'N' : key?.Type === 'Binary' ? 'B' : 'S';
  const throughput = obj(r.value('ProvisionedThroughput'));
  const table: TableNodeProps = sanitize({
    tableName: r.string('TableName', 'tableName'),
    partitionKey: { name: typeof key?.Name === 'string' ? key.Name : 'id', type },
    billingMode: throughput ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    readCapacity: ctx.number(throughput?.ReadCapacityUnits),
    writeCapacity: ctx.number(throughput?.WriteCapacityUnits),
  }) as TableNodeProps;
  const tags = tagsOf(r, 'Tags');
  const { overrides, rest } = splitOverrides(r, same('TableName', 'SSESpecification', 'PointInTimeRecoverySpecification'));
  for (const o of rest) sam.keep(logicalId, [o.path], 'property', `${o.path} has no prop in the model`, props[o.path] ?? o.value, ctx.idOf(logicalId));
  sam.addNode({
    id: ctx.idOf(logicalId),
    kind: 'table',
    logicalId,
    origin: ctx.origin(logicalId),
    tags,
    overrides,
    dependsOn: dependsOnOf(ctx, resource),
    props: table,
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  } as ModelNode);
}

/** The props of an HTTP API from `AWS::Serverless::HttpApi` properties (or the implicit API's Globals). */
function httpApiProps(r: PropertyReader): ApiNodeProps {
  const corsValue = r.value('CorsConfiguration');
  let cors: ApiNodeProps['cors'];
  if (corsValue === true) cors = { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [] }; // SAM: "AllowOrigins: ['*']"
  else if (corsOf(corsValue)) cors = corsOf(corsValue);
  else if (corsValue !== undefined && corsValue !== false) r.markUnknown('cors', 'CorsConfiguration', corsValue);
  const settings = obj(r.value('DefaultRouteSettings'));
  const rate = typeof settings?.ThrottlingRateLimit === 'number' ? settings.ThrottlingRateLimit : undefined;
  const burst = typeof settings?.ThrottlingBurstLimit === 'number' ? settings.ThrottlingBurstLimit : undefined;
  return sanitize({
    apiName: r.string('Name', 'apiName'),
    description: r.string('Description', 'description'),
    stageName: r.string('StageName', 'stageName') ?? '$default',
    cors,
    throttling: rate !== undefined || burst !== undefined ? sanitize({ rateLimit: rate, burstLimit: burst }) : undefined,
  }) as ApiNodeProps;
}

/**
 * `AWS::Serverless::HttpApi`, or (`logicalId` `ServerlessHttpApi` without a resource) the API
 * SAM creates for HttpApi events that name none: its properties are Globals.HttpApi's.
 */
export function importHttpApi(sam: SamImport, logicalId: string, props: Record<string, unknown>, implicitAt?: { fn: string; event: string }): void {
  const ctx = sam.ctx;
  const resource = { ...(ctx.resources[logicalId] ?? { Type: 'AWS::Serverless::HttpApi' }), Properties: props };
  const r = new PropertyReader(ctx, logicalId, resource);
  const api = httpApiProps(r);
  const tags = tagsOf(r, 'Tags');
  const id = ctx.targetOf(logicalId)?.nodeId ?? logicalId;
  const { overrides, rest } = splitOverrides(r, same('Name', 'Description', 'DisableExecuteApiEndpoint', 'FailOnWarnings'));
  for (const o of rest) sam.keep(logicalId, [o.path], 'property', `${o.path} has no prop in the model`, props[o.path] ?? o.value, id);
  sam.addNode({
    id,
    kind: 'api',
    logicalId,
    origin: implicitAt ? sam.originAt(implicitAt.fn, id, 'Events', implicitAt.event) : ctx.origin(logicalId),
    tags,
    overrides,
    dependsOn: ctx.resources[logicalId] ? dependsOnOf(ctx, resource) : [],
    props: api,
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  } as ModelNode);
}

/** A SAM resource the model has no kind for: a raw node of its SAM type, properties resolved (Globals merged). */
export function importRaw(sam: SamImport, logicalId: string, props: Record<string, unknown>): void {
  const ctx = sam.ctx;
  const resource = ctx.resources[logicalId]!;
  const properties = (ctx.value(props, ['Resources', logicalId, 'Properties']) ?? {}) as Record<string, ModelValue>;
  sam.addNode({ id: ctx.idOf(logicalId), kind: 'raw', logicalId, origin: ctx.origin(logicalId), tags: {}, overrides: [], dependsOn: dependsOnOf(ctx, resource), props: { type: resource.Type, properties } });
}
