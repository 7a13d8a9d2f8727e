/**
 * Plain CloudFormation resources (and parts of resources) that become model edges: event source
 * mappings, subscriptions, S3 notifications, rule targets, destinations, grants, API routes and
 * invoke permissions. Permissions and queue policies that the backends write for an edge are
 * recognised as such and taken in by the edge, so a synthesized template comes back the same.
 */
import type { EdgeKind, EdgeOfKind, EventSourceMappingEdgeProps, ModelEdge, ModelNode, ModelValue, Origin } from '../../model/types.js';
import { collectRefs, isJoin, isPseudo, sanitize } from '../../model/values.js';
import type { ImportContext, TemplateResourceData } from '../context.js';
import { PropertyReader } from '../props.js';
import { obj, parseJson, subscriptionDeadLetterQueue, type Mutable } from '../values.js';


/** Adds an edge; its origin is the resource's (its Metadata path when lambdaform wrote it). */
function add<K extends EdgeKind>(ctx: ImportContext, e: Omit<EdgeOfKind<K>, 'origin'> & { origin?: Origin }, logicalIdForOrigin?: string): EdgeOfKind<K> {
  const origin = e.origin ?? (logicalIdForOrigin ? ctx.origin(logicalIdForOrigin, ctx.displayPath(e.id)) : { path: ctx.displayPath(e.id) });
  const edge = { ...e, origin } as unknown as EdgeOfKind<K>;
  ctx.edges.push(edge as ModelEdge);
  return edge;
}

function nodeOf(ctx: ImportContext, id: string | undefined): ModelNode | undefined {
  return ctx.node(id);
}

/** True for a node a mapping, subscription or rule can invoke: a function, version or alias. */
function invocable(n: ModelNode | undefined): boolean {
  return n?.kind === 'function' || n?.kind === 'version' || n?.kind === 'alias';
}

/** The function node id behind a function, version or alias node id. */
function functionIdOf(ctx: ImportContext, id: string | undefined): string | undefined {
  const n = nodeOf(ctx, id);
  return n?.kind === 'function' ? n.id : n?.kind === 'version' || n?.kind === 'alias' ? n.props.functionId : undefined;
}

/** `AWS::Lambda::EventSourceMapping` from a queue, stream or table of the template: an edge; false when the source is elsewhere. */
export function importMapping(ctx: ImportContext, logicalId: string, resource: TemplateResourceData): boolean {
  const r = new PropertyReader(ctx, logicalId, resource);
  const arn = r.props.EventSourceArn;
  // A Kinesis enhanced fan-out consumer (`!GetAtt Consumer.ConsumerARN`) reads its stream: the
  // mapping is the stream's in the model, and its EventSourceArn (the consumer's) stays as written.
  const consumerId = (arn as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt']?.[0];
  const consumer = typeof consumerId === 'string' && ctx.resources[consumerId]?.Type === 'AWS::Kinesis::StreamConsumer' ? ctx.resources[consumerId] : undefined;
  if (!consumer) r.consume('EventSourceArn');
  const from = consumer ? ctx.nodeIdIn(consumer.Properties?.StreamARN) : ctx.nodeIdIn(arn);
  const to = ctx.nodeIdIn(r.raw('FunctionName'));
  const source = nodeOf(ctx, from);
  if (!source || !invocable(nodeOf(ctx, to))) return false;
  const sourceType = source.kind === 'queue' ? 'sqs' : source.kind === 'stream' ? 'kinesis' : source.kind === 'table' ? 'dynamodb' : undefined;
  if (!sourceType) return false;
  const { props, destination } = mappingSettings(ctx, r, sourceType);
  r.consume('ScalingConfig', 'FunctionResponseTypes', 'FilterCriteria', 'DestinationConfig');
  if (props.onFailure === undefined && destination !== undefined) r.markUnknown('onFailure', 'DestinationConfig', r.value('DestinationConfig'));
  const id = ctx.idOf(logicalId);
  add<'eventSourceMapping'>(ctx, { id, kind: 'eventSourceMapping', from: from!, to: to!, logicalId, props, ...extras(ctx, r, resource) }, logicalId);
  return true;
}

/**
 * A mapping's settings in CloudFormation's property names: an `AWS::Lambda::EventSourceMapping`,
 * or a SAM SQS/Kinesis/DynamoDB event (SAM uses the same names). `destination` is the
 * `DestinationConfig` as written, for the caller to keep when its target is outside the template.
 */
export function mappingSettings(ctx: ImportContext, r: PropertyReader, sourceType: EventSourceMappingEdgeProps['sourceType']): { props: EventSourceMappingEdgeProps; destination?: Record<string, unknown> } {
  const scaling = obj(r.value('ScalingConfig'));
  const types = r.value('FunctionResponseTypes');
  const criteria = obj(r.value('FilterCriteria'));
  const filters = (Array.isArray(criteria?.Filters) ? criteria.Filters : []).map((f) => parseJson(obj(f)?.Pattern as ModelValue | undefined) ?? {});
  const destination = obj(r.value('DestinationConfig'));
  const onFailure = ctx.nodeIdIn(obj(destination?.OnFailure)?.Destination);
  const position = r.string('StartingPosition', 'startingPosition');
  const props = sanitize({
    sourceType,
    enabled: r.boolean('Enabled', 'enabled') ?? true,
    batchSize: r.number('BatchSize', 'batchSize'),
    maxBatchingWindowSeconds: r.number('MaximumBatchingWindowInSeconds', 'maxBatchingWindowSeconds'),
    startingPosition: position === 'TRIM_HORIZON' || position === 'LATEST' || position === 'AT_TIMESTAMP' ? position : undefined,
    startingPositionTimestamp: r.number('StartingPositionTimestamp', 'startingPositionTimestamp'),
    bisectBatchOnError: r.boolean('BisectBatchOnFunctionError', 'bisectBatchOnError'),
    maxRetryAttempts: r.number('MaximumRetryAttempts', 'maxRetryAttempts'),
    maxRecordAgeSeconds: r.number('MaximumRecordAgeInSeconds', 'maxRecordAgeSeconds'),
    parallelizationFactor: r.number('ParallelizationFactor', 'parallelizationFactor'),
    tumblingWindowSeconds: r.number('TumblingWindowInSeconds', 'tumblingWindowSeconds'),
    reportBatchItemFailures: Array.isArray(types) && types.includes('ReportBatchItemFailures'),
    maxConcurrency: ctx.number(scaling?.MaximumConcurrency),
    filters,
    onFailure,
  }) as EventSourceMappingEdgeProps;
  return { props, ...(destination ? { destination } : {}) };
}

/** The subscription protocols whose endpoint is outside the app (an email address, a URL). */
const OUTSIDE_PROTOCOLS: ReadonlySet<string> = new Set(['email', 'email-json', 'http', 'https']);

/** Whether a model value is the ARN of the account's default event bus (`arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default`). */
export function isDefaultEventBusArn(v: ModelValue | undefined): boolean {
  const text = (x: ModelValue): string | undefined => (typeof x === 'string' ? x : isPseudo(x) ? `\${${x.$pseudo}}` : undefined);
  const parts = isJoin(v) ? v.$join.map(text) : [v === undefined ? undefined : text(v)];
  return !parts.includes(undefined) && parts.join('') === 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default';
}

/** `AWS::SNS::Subscription` of a topic of the template to a function or queue of the template, or to an email address or URL; false otherwise. */
export function importSubscription(ctx: ImportContext, logicalId: string, resource: TemplateResourceData): boolean {
  const r = new PropertyReader(ctx, logicalId, resource);
  const from = ctx.nodeIdIn(r.raw('TopicArn'));
  const to = ctx.nodeIdIn(r.raw('Endpoint'));
  const protocol = r.string('Protocol', 'protocol');
  const target = nodeOf(ctx, to);
  if (nodeOf(ctx, from)?.kind !== 'topic') return false;
  if (OUTSIDE_PROTOCOLS.has(protocol as string) && to === undefined) {
    // An email address or a URL: outside the app, the edge has no target (as EmailSubscription, UrlSubscription write it).
    const outside = { protocol, endpoint: r.value('Endpoint'), filterPolicy: r.value('FilterPolicy'), rawMessageDelivery: r.boolean('RawMessageDelivery', 'rawMessageDelivery'), deadLetterQueue: deadLetterQueueOf(ctx, r) };
    add<'subscription'>(ctx, { id: ctx.idOf(logicalId), kind: 'subscription', from: from!, to: undefined, logicalId, props: sanitize(outside) as EdgeOfKind<'subscription'>['props'], ...extras(ctx, r, resource) }, logicalId);
    return true;
  }
  if (!(protocol === 'lambda' && invocable(target)) && !(protocol === 'sqs' && target?.kind === 'queue')) return false;
  const props = { protocol, filterPolicy: r.value('FilterPolicy'), rawMessageDelivery: r.boolean('RawMessageDelivery', 'rawMessageDelivery'), deadLetterQueue: deadLetterQueueOf(ctx, r) };
  if (protocol === 'lambda') {
    const permission = findPermission(ctx, 'sns.amazonaws.com', to!, (source) => source === undefined || ctx.nodeIdIn(source) === from);
    if (permission) ctx.handled.add(permission);
  }
  add<'subscription'>(ctx, { id: ctx.idOf(logicalId), kind: 'subscription', from: from!, to: to!, logicalId, props: sanitize(props) as EdgeOfKind<'subscription'>['props'], ...extras(ctx, r, resource) }, logicalId);
  return true;
}

/** A subscription's dead-letter queue (`RedrivePolicy`), a queue of the template; else the property stays unread (kept as written). */
function deadLetterQueueOf(ctx: ImportContext, r: PropertyReader): string | undefined {
  const policy = r.value('RedrivePolicy');
  const dlq = subscriptionDeadLetterQueue(policy, (v) => ctx.nodeIdIn(v), (id) => nodeOf(ctx, id)?.kind === 'queue');
  if (dlq === undefined && policy !== undefined) r.unconsume('RedrivePolicy');
  return dlq;
}

/**
 * The subscriptions an `AWS::SNS::Topic` lists in its own `Subscription` property: edges `partOf`
 * the topic (it writes them, as they were), to the functions and queues of the template.
 */
export function importInlineSubscriptions(ctx: ImportContext, topicLogicalId: string, resource: TemplateResourceData): void {
  const topicId = ctx.idOf(topicLogicalId);
  const list = ctx.value((resource.Properties ?? {}).Subscription, ['Resources', topicLogicalId, 'Properties', 'Subscription']);
  (Array.isArray(list) ? list : []).forEach((sub, i) => {
    const o = sub as Record<string, ModelValue>;
    const to = ctx.nodeIdIn(o?.Endpoint);
    const protocol = o?.Protocol;
    const target = nodeOf(ctx, to);
    if (!(protocol === 'lambda' && invocable(target)) && !(protocol === 'sqs' && target?.kind === 'queue')) return;
    const id = `${topicId}#subscription${i}`;
    const source = ctx.locate(['Resources', topicLogicalId, 'Properties', 'Subscription', i]);
    add<'subscription'>(ctx, { id, kind: 'subscription', from: topicId, to: to!, partOf: topicId, props: { protocol }, origin: { path: ctx.displayPath(id), ...(source ? { source } : {}) } });
  });
}

/** One notification configuration of a bucket, in either form (the bucket's, the S3 API's of `Custom::S3BucketNotifications`). */
interface RawNotification {
  readonly to: ModelValue | undefined;
  readonly events: readonly ModelValue[];
  readonly rules: ReadonlyArray<{ Name?: ModelValue; Value?: ModelValue }>;
}

/** The S3 key filter rules of a configuration: the bucket's `Filter.S3Key.Rules` or the API's `Filter.Key.FilterRules`. */
function rulesOf(filter: unknown): Array<{ Name?: ModelValue; Value?: ModelValue }> {
  const f = filter as { S3Key?: { Rules?: unknown }; Key?: { FilterRules?: unknown } } | undefined;
  const list = f?.S3Key?.Rules ?? f?.Key?.FilterRules;
  return Array.isArray(list) ? (list as Array<{ Name?: ModelValue; Value?: ModelValue }>) : [];
}

/** A bucket's `NotificationConfiguration` (`AWS::S3::Bucket` form) as raw notifications. */
export function bucketFormNotifications(config: unknown): RawNotification[] {
  const c = (config ?? {}) as Record<string, unknown>;
  const out: RawNotification[] = [];
  for (const [list, key] of [['LambdaConfigurations', 'Function'], ['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']] as const) {
    for (const x of Array.isArray(c[list]) ? (c[list] as Array<Record<string, ModelValue>>) : []) out.push({ to: x?.[key], events: [x?.Event as ModelValue], rules: rulesOf(x?.Filter) });
  }
  return out;
}

/** A `Custom::S3BucketNotifications` resource's `NotificationConfiguration` (the S3 API's form) as raw notifications. */
export function apiFormNotifications(config: unknown): RawNotification[] {
  const c = (config ?? {}) as Record<string, unknown>;
  const out: RawNotification[] = [];
  for (const [list, key] of [['LambdaFunctionConfigurations', 'LambdaFunctionArn'], ['QueueConfigurations', 'QueueArn'], ['TopicConfigurations', 'TopicArn']] as const) {
    for (const x of Array.isArray(c[list]) ? (c[list] as Array<Record<string, ModelValue>>) : []) out.push({ to: x?.[key], events: Array.isArray(x?.Events) ? (x.Events as ModelValue[]) : [], rules: rulesOf(x?.Filter) });
  }
  return out;
}

/** S3 notifications of a bucket of the template (its NotificationConfiguration). */
export function importNotifications(ctx: ImportContext, bucketLogicalId: string, resource: TemplateResourceData): void {
  const config = ctx.value((resource.Properties ?? {}).NotificationConfiguration, ['Resources', bucketLogicalId, 'Properties', 'NotificationConfiguration']);
  addNotifications(ctx, bucketLogicalId, bucketFormNotifications(config));
}

/**
 * S3 notifications to functions, queues and topics of the template: one edge per destination and
 * filter, its events together; the permission for S3 to invoke a function is taken in by its edge.
 */
export function addNotifications(ctx: ImportContext, bucketLogicalId: string, list: readonly RawNotification[]): void {
  const bucketId = ctx.idOf(bucketLogicalId);
  const groups = new Map<string, { to: string; events: string[]; prefix?: string; suffix?: string }>();
  for (const c of list) {
    const to = ctx.nodeIdIn(c.to as ModelValue);
    const target = nodeOf(ctx, to);
    if (!(invocable(target) || target?.kind === 'queue' || target?.kind === 'topic')) continue;
    const rule = (name: string) => {
      const v = c.rules.find((x) => typeof x?.Name === 'string' && x.Name.toLowerCase() === name)?.Value;
      return typeof v === 'string' ? v : undefined;
    };
    const prefix = rule('prefix');
    const suffix = rule('suffix');
    const key = JSON.stringify([to, prefix ?? null, suffix ?? null]);
    const g = groups.get(key) ?? { to: to!, events: [], prefix, suffix };
    for (const event of c.events) if (typeof event === 'string' && !g.events.includes(event)) g.events.push(event);
    if (g.events.length) groups.set(key, g);
  }
  for (const g of groups.values()) {
    const fn = invocable(nodeOf(ctx, g.to));
    const permission = fn ? findPermission(ctx, 's3.amazonaws.com', g.to, (source) => source === undefined || ctx.nodeIdIn(source) === bucketId || isArnOfBucket(ctx, source, bucketId)) : undefined;
    const logicalId = permission ? permission.slice(0, permission.length - 'Permission'.length) || permission : `${bucketLogicalId}${nodeOf(ctx, g.to)!.logicalId}Notification`;
    if (permission) ctx.handled.add(permission);
    const id = permission ? ctx.idOf(permission) : `${bucketId}/${logicalId}`;
    add<'notification'>(ctx, { id, kind: 'notification', from: bucketId, to: g.to, logicalId, props: sanitize({ events: g.events, prefix: g.prefix, suffix: g.suffix }) as EdgeOfKind<'notification'>['props'] }, permission ?? bucketLogicalId);
  }
}

/** True when `source` is the ARN of the bucket node (a `$join` ending in its fixed name). */
export function isArnOfBucket(ctx: ImportContext, source: ModelValue, bucketId: string): boolean {
  const b = nodeOf(ctx, bucketId);
  if (b?.kind !== 'bucket' || b.props.bucketName === undefined) return false;
  const parts = typeof source === 'object' && source !== null && '$join' in source ? (source.$join as unknown[]) : [source];
  const last = parts[parts.length - 1];
  return typeof last === 'string' && last.endsWith(`:s3:::${b.props.bucketName}`);
}

/** Rule targets that invoke functions of the template, or send to its queues or publish to its topics. */
export function importRuleTargets(ctx: ImportContext, ruleLogicalId: string, resource: TemplateResourceData): void {
  const ruleId = ctx.idOf(ruleLogicalId);
  const targets = ctx.value((resource.Properties ?? {}).Targets, ['Resources', ruleLogicalId, 'Properties', 'Targets']);
  for (const t of Array.isArray(targets) ? targets : []) {
    const o = t as Record<string, ModelValue>;
    const to = ctx.nodeIdIn(o?.Arn);
    const kind = nodeOf(ctx, to)?.kind;
    const resource = kind === 'queue' || kind === 'topic';
    if (!resource && !invocable(nodeOf(ctx, to))) continue;
    // (a queue's or topic's policy statement for the rule is taken in by its policy: queue-policy.ts)
    const sqs = o.SqsParameters as { MessageGroupId?: unknown } | undefined;
    if (o.SqsParameters !== undefined && (kind !== 'queue' || typeof sqs?.MessageGroupId !== 'string' || Object.keys(sqs).length !== 1)) continue;
    const retry = o.RetryPolicy as { MaximumRetryAttempts?: unknown; MaximumEventAgeInSeconds?: unknown } | undefined;
    const dlq = ctx.nodeIdIn((o.DeadLetterConfig as { Arn?: ModelValue } | undefined)?.Arn);
    const permission = resource ? undefined : findPermission(ctx, 'events.amazonaws.com', to!, (source) => source === undefined || ctx.nodeIdIn(source) === ruleId);
    if (permission) ctx.handled.add(permission);
    const input = parseJson(o.Input);
    const id = permission ? ctx.idOf(permission) : `${ruleId}/${typeof o.Id === 'string' ? o.Id : to}`;
    add<'ruleTarget'>(
      ctx,
      { id, kind: 'ruleTarget', from: ruleId, to: to!, props: sanitize({ input, messageGroupId: sqs?.MessageGroupId, retryAttempts: ctx.number(retry?.MaximumRetryAttempts), maxEventAgeSeconds: ctx.number(retry?.MaximumEventAgeInSeconds), deadLetterQueue: dlq }) as EdgeOfKind<'ruleTarget'>['props'] },
      permission ?? ruleLogicalId,
    );
  }
}

/**
 * The logical id of an `AWS::Lambda::Permission` for `principal` to invoke the function behind
 * `fnId` whose SourceArn passes `source`, not yet taken by another edge.
 */
function findPermission(ctx: ImportContext, principal: string, targetId: string, source: (arn: ModelValue | undefined) => boolean): string | undefined {
  const fn = functionIdOf(ctx, targetId);
  for (const id of ctx.permissionsFor(principal)) {
    if (ctx.handled.has(id)) continue;
    const p = ctx.resources[id]!.Properties ?? {};
    const target = ctx.nodeIdIn(p.FunctionName);
    if (target !== targetId && functionIdOf(ctx, target) !== fn) continue;
    if (!source(ctx.value(p.SourceArn))) continue;
    return id;
  }
  return undefined;
}

/** `AWS::Lambda::Permission` not written for another edge: an invoke permission edge. */
export function importPermission(ctx: ImportContext, logicalId: string, resource: TemplateResourceData): boolean {
  const r = new PropertyReader(ctx, logicalId, resource);
  const to = ctx.nodeIdIn(r.raw('FunctionName'));
  const principal = r.string('Principal', 'principal');
  if (!invocable(nodeOf(ctx, to)) || principal === undefined) return false;
  r.consume('Action');
  const props = { principal, sourceArn: r.value('SourceArn'), sourceAccount: r.value('SourceAccount') };
  add<'invokePermission'>(ctx, { id: ctx.idOf(logicalId), kind: 'invokePermission', from: `principal:${principal}`, to: to!, logicalId, props: sanitize(props) as EdgeOfKind<'invokePermission'>['props'], ...extras(ctx, r, resource) }, logicalId);
  return true;
}


/** A function's async settings and destinations from `AWS::Lambda::EventInvokeConfig`. */
export function importEventInvokeConfig(ctx: ImportContext, logicalId: string, resource: TemplateResourceData): boolean {
  const p = resource.Properties ?? {};
  const fnId = functionIdOf(ctx, ctx.nodeIdIn(p.FunctionName));
  const fn = nodeOf(ctx, fnId);
  if (fn?.kind !== 'function') return false;
  const props = fn.props as Mutable<typeof fn.props>;
  const retry = ctx.number(p.MaximumRetryAttempts);
  const age = ctx.number(p.MaximumEventAgeInSeconds);
  if (retry !== undefined) props.retryAttempts = retry;
  if (age !== undefined) props.maxEventAgeSeconds = age;
  const dest = ctx.value(p.DestinationConfig) as { OnSuccess?: { Destination?: ModelValue }; OnFailure?: { Destination?: ModelValue } } | undefined;
  for (const condition of ['onSuccess', 'onFailure'] as const) {
    const target = dest?.[condition === 'onSuccess' ? 'OnSuccess' : 'OnFailure']?.Destination;
    const to = ctx.nodeIdIn(target);
    if (to !== undefined) addDestination(ctx, fn.id, to, condition, logicalId);
    else if (isDefaultEventBusArn(target)) addDestination(ctx, fn.id, undefined, condition, logicalId);
    // A destination outside the template: there is one, but no node for it.
    else if (target !== undefined) (fn as { unknown?: readonly string[] }).unknown = [...new Set([...(fn.unknown ?? []), condition])];
  }
  return true;
}

/** A function's dead-letter queue or topic (`DeadLetterConfig`). */
export function importDeadLetter(ctx: ImportContext, fnLogicalId: string, resource: TemplateResourceData): void {
  const fnId = ctx.idOf(fnLogicalId);
  const to = ctx.nodeIdIn((ctx.value((resource.Properties ?? {}).DeadLetterConfig) as { TargetArn?: ModelValue } | undefined)?.TargetArn);
  if (to !== undefined) addDestination(ctx, fnId, to, 'deadLetter', fnLogicalId);
}

function addDestination(ctx: ImportContext, fnId: string, to: string | undefined, condition: 'deadLetter' | 'onSuccess' | 'onFailure', logicalId: string): void {
  // The ids the model builder gives destinations and grants.
  const id = `${fnId}#${condition}`;
  if (ctx.handled.has(`edge:${id}`)) return;
  ctx.handled.add(`edge:${id}`);
  // No target: the account's default event bus (EventBridgeDestination).
  add<'destination'>(ctx, { id, kind: 'destination', from: fnId, to, props: to === undefined ? { condition, eventBus: 'default' } : { condition } }, logicalId);
}

/** Grants: the statements of a role's inline policies, and of `AWS::IAM::Policy`/`ManagedPolicy` resources attached to roles of the template. */
export function importGrants(ctx: ImportContext, roleId: string, documents: readonly unknown[], originLogicalId: string): void {
  for (const doc of documents) {
    const statements = (doc as { Statement?: unknown } | undefined)?.Statement;
    for (const s of Array.isArray(statements) ? statements : statements !== undefined ? [statements] : []) {
      const st = s as Record<string, ModelValue>;
      if (typeof st !== 'object' || st === null) continue;
      const list = (v: ModelValue | undefined) => (v === undefined ? undefined : Array.isArray(v) ? (v as ModelValue[]) : [v]);
      const actions = list(st.Action)?.filter((a): a is string => typeof a === 'string').sort();
      const notActions = list(st.NotAction)?.filter((a): a is string => typeof a === 'string').sort();
      const resources = list(st.Resource);
      const notResources = list(st.NotResource);
      // The granted node: the first resource that names one (a `$join` ARN such as `${Bucket.Arn}/*` too).
      const to = resources?.map((x) => ctx.nodeIdIn(x) ?? [...collectRefs(x)][0]).find((x) => x !== undefined);
      const index = ctx.nextGrant(roleId);
      add<'grant'>(
        ctx,
        {
          id: `${roleId}#grant${index}`,
          kind: 'grant',
          from: roleId,
          ...(to !== undefined ? { to } : {}),
          props: sanitize({ sid: typeof st.Sid === 'string' ? st.Sid : undefined, effect: st.Effect === 'Deny' ? 'Deny' : 'Allow', actions, notActions, resources, notResources, conditions: st.Condition, reason: `the template's policy (${ctx.displayPath(originLogicalId)})` }) as EdgeOfKind<'grant'>['props'],
        },
        originLogicalId,
      );
    }
  }
}

/** DependsOn and overrides of an edge's resource. */
function extras(ctx: ImportContext, r: PropertyReader, resource: TemplateResourceData): { overrides?: ModelEdge['overrides']; dependsOn?: string[]; unknown?: string[] } {
  const overrides = r.overrides();
  const d = resource.DependsOn;
  const ids = (typeof d === 'string' ? [d] : Array.isArray(d) ? d : []).flatMap((x) => {
    // A queue policy is taken in by the edges it allows; the backends write a subscription's dependency on it themselves.
    if (typeof x === 'string' && ctx.resources[x]?.Type === 'AWS::SQS::QueuePolicy' && resource.Type === 'AWS::SNS::Subscription') return [];
    const t = typeof x === 'string' ? ctx.targetOf(x) : undefined;
    return t ? [t.nodeId] : [];
  });
  return { ...(overrides.length ? { overrides } : {}), ...(ids.length ? { dependsOn: ids } : {}), ...(r.unknown.length ? { unknown: [...r.unknown] } : {}) };
}

