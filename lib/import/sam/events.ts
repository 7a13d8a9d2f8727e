/**
 * The `Events` of an `AWS::Serverless::Function` as the edges (and rule nodes) lambdaform's event
 * sources make; the reverse of `lib/synth/sam/events.ts` for what that backend writes. Events
 * invoke the `AutoPublishAlias` when there is one, as SAM routes them. What SAM names after the
 * event keeps SAM's name: the mapping, subscription, S3 notification and rule are
 * `<Function><Event>` (an HTTP route: the event's name when lambdaform wrote the template, since
 * its SAM backend names route events after the route's logical id).
 *
 * Modelled: SQS, Kinesis, DynamoDB (mappings), SNS (a subscription; with `SqsSubscription` a
 * queue, a subscription to it and a mapping from it), S3 (a notification), Schedule, ScheduleV2,
 * EventBridgeRule and CloudWatchEvent (a schedule node and a rule target), HttpApi (a route of the
 * API, `ServerlessHttpApi` when the event names none). Anything else (Api (REST), IoTRule,
 * Cognito, AlexaSkill, MQ, MSK, SelfManagedKafka, DocumentDB, CloudWatchLogs, ... and a pull or
 * push event whose source is outside the template) is kept as unmodelled: the function imports
 * all the same.
 */
import type { EventSourceMappingEdgeProps, ModelValue, PropertyOverride } from '../../model/types.js';
import { sanitize } from '../../model/values.js';
import { PropertyReader } from '../props.js';
import { subscriptionDeadLetterQueue } from '../values.js';
import { addGeneratedNode, obj, parseJson, same, splitOverrides, strings, type FunctionPlan, type SamImport } from './common.js';
import { addDestinationStatements, managedPolicyArn, type GeneratedRole } from './policies.js';
import { mappingSettings } from '../cfn/edges.js';

/** One event being imported. */
interface Ev {
  readonly sam: SamImport;
  readonly plan: FunctionPlan;
  readonly role: GeneratedRole | undefined;
  readonly name: string;
  readonly type: string;
  /** The event's Properties as written. */
  readonly p: Record<string, unknown>;
}

/** The mapping's source kind, SAM's managed policy for it, and the actions of that policy that concern the source. */
const PULL = {
  sqs: { kind: 'queue', type: 'SQS', key: 'Queue', policy: 'service-role/AWSLambdaSQSQueueExecutionRole', actions: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'] },
  kinesis: {
    kind: 'stream',
    type: 'Kinesis',
    key: 'Stream',
    policy: 'service-role/AWSLambdaKinesisExecutionRole',
    actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard'],
  },
  dynamodb: { kind: 'table', type: 'DynamoDB', key: 'Stream', policy: 'service-role/AWSLambdaDynamoDBExecutionRole', actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'] },
} as const;

/** SAM event properties of a mapping that are `AWS::Lambda::EventSourceMapping` properties the model has no prop for. */
const MAPPING_PASSTHROUGH = same('KmsKeyArn', 'MetricsConfig', 'ProvisionedPollerConfig', 'LoggingConfig', 'SourceAccessConfigurations');

export function importEvents(sam: SamImport, plan: FunctionPlan, role: GeneratedRole | undefined): void {
  const events = obj(plan.props.Events);
  if (!events) return;
  // In SAM's order (`SamFunction.order_events`: by Path, else by name), which is the order of what
  // the events add to the generated role.
  const key = ([name, ev]: [string, unknown]): string => {
    const path = obj(obj(ev)?.Properties)?.Path;
    return typeof path === 'string' ? path : name;
  };
  const ordered = Object.entries(events).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const [name, raw] of ordered) {
    const ev = obj(raw);
    const type = typeof ev?.Type === 'string' ? ev.Type : '';
    const e: Ev = { sam, plan, role, name, type, p: obj(ev?.Properties) ?? {} };
    switch (type) {
      case 'SQS':
        mapping(e, 'sqs');
        break;
      case 'Kinesis':
        mapping(e, 'kinesis');
        break;
      case 'DynamoDB':
        mapping(e, 'dynamodb');
        break;
      case 'SNS':
        sns(e);
        break;
      case 'S3':
        s3(e);
        break;
      case 'Schedule':
      case 'ScheduleV2':
      case 'EventBridgeRule':
      case 'CloudWatchEvent':
        rule(e);
        break;
      case 'HttpApi':
        httpApi(e);
        break;
      case 'Api':
        restApi(e);
        break;
      case 'MSK':
        role?.addManaged(managedPolicyArn('service-role/AWSLambdaMSKExecutionRole'));
        keepEvent(e, 'event type MSK is not modelled (the model has no Kafka cluster)');
        break;
      default:
        keepEvent(e, type === '' ? 'the event has no Type' : `event type ${type} is not modelled${type === 'MQ' || type === 'SelfManagedKafka' || type === 'DocumentDB' ? " (nor the statements SAM adds to the generated role for it)" : ''}`);
    }
  }
}

/**
 * The id of what an event makes (a mapping, subscription, notification or rule), SAM's
 * `<Function><Event>`: its logical id, as any resource of an imported template. In a template
 * lambdaform wrote, the construct path it came from: `<function path>/<Event>`, or below the
 * alias when the event's name starts with it (lambdaform's logical ids join the path's parts).
 */
export function eventId(plan: FunctionPlan, name: string): string {
  if (!plan.written) return `${plan.logicalId}${name}`;
  if (plan.alias) {
    const prefix = `Alias${plan.alias.name}`;
    if (name.startsWith(prefix) && name.length > prefix.length) return `${plan.alias.id}/${name.slice(prefix.length)}`;
  }
  return `${plan.id}/${name}`;
}

function keepEvent(e: Ev, reason: string): void {
  e.sam.keep(e.plan.logicalId, ['Events', e.name], e.type || 'event', reason, { Type: e.type, Properties: e.p }, e.plan.id);
}

function reader(e: Ev): PropertyReader {
  return new PropertyReader(e.sam.ctx, e.plan.logicalId, { Type: e.type, Properties: e.p });
}

function origin(e: Ev, id: string, ...below: Array<string | number>) {
  return e.sam.originAt(e.plan.logicalId, id, 'Events', e.name, ...below);
}

/** What a reader left unread: overrides (renamed to CloudFormation) on the resource, the rest kept as unmodelled. */
function leftovers(e: Ev, r: PropertyReader, cfnNames: Readonly<Record<string, string>>): PropertyOverride[] {
  const { overrides, rest } = splitOverrides(r, cfnNames);
  for (const o of rest) {
    const key = o.path.split('.')[0]!;
    e.sam.keep(e.plan.logicalId, ['Events', e.name, 'Properties', key], e.type, `${e.type} event property ${key} has no prop in the model`, e.p[key] ?? o.value, e.plan.id);
  }
  return overrides;
}

/** SQS, Kinesis and DynamoDB events: an event source mapping from the queue, stream or table. */
function mapping(e: Ev, sourceType: EventSourceMappingEdgeProps['sourceType']): void {
  const { sam, plan, p } = e;
  const ctx = sam.ctx;
  const pull = PULL[sourceType];
  const r = reader(e);
  const from = ctx.nodeIdIn(r.raw(pull.key));
  const arn = ctx.value(p[pull.key]);
  if (e.role) {
    e.role.addManaged(managedPolicyArn(pull.policy));
    if (arn !== undefined) e.role.addStatement({ Effect: 'Allow', Action: [...pull.actions], Resource: arn }, `SAM ${pull.type} event ${e.name} (${pull.policy.split('/')[1]} allows these on every ${pull.kind})`, ['Events', e.name]);
  }
  const onFailureRaw = obj(obj(p.DestinationConfig)?.OnFailure);
  if (onFailureRaw) {
    const type = ctx.literal(onFailureRaw.Type);
    addDestinationStatements(sam, e.role, type, onFailureRaw.Destination, `SAM ${pull.type} event ${e.name} OnFailure (${type ?? 'no Type'})`, ['Events', e.name, 'Properties', 'DestinationConfig', 'OnFailure']);
  }
  if (from === undefined || sam.kindOf(from) !== pull.kind) return keepEvent(e, `the ${pull.key.toLowerCase()} is not a ${pull.kind === 'table' ? 'DynamoDB table' : pull.kind} of this template`);
  const id = eventId(plan, e.name);
  const { props, unknown, overrides } = mappingProps(e, r, sourceType);
  sam.addEdge<'eventSourceMapping'>({
    id,
    kind: 'eventSourceMapping',
    from,
    to: plan.target,
    logicalId: `${plan.logicalId}${e.name}`,
    origin: origin(e, id),
    props,
    ...(overrides.length ? { overrides } : {}),
    ...(unknown.length ? { unknown } : {}),
  });
}

/** A mapping's settings, as `importMapping` reads an `AWS::Lambda::EventSourceMapping` (SAM's names are the same). */
function mappingProps(e: Ev, r: PropertyReader, sourceType: EventSourceMappingEdgeProps['sourceType']): { props: EventSourceMappingEdgeProps; unknown: string[]; overrides: PropertyOverride[] } {
  const { props, destination } = mappingSettings(e.sam.ctx, r, sourceType);
  const onFailure = props.onFailure;
  if (destination && onFailure === undefined) {
    // A destination outside the template: kept as the mapping's DestinationConfig (without SAM's Type).
    const { Type: _type, ...failure } = obj(destination.OnFailure) ?? {};
    r.markUnknown('onFailure', 'DestinationConfig', { ...destination, OnFailure: failure } as ModelValue);
  }
  const names = { ...MAPPING_PASSTHROUGH, ...same('BatchSize', 'Enabled', 'MaximumBatchingWindowInSeconds', 'StartingPosition', 'StartingPositionTimestamp', 'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'ParallelizationFactor', 'TumblingWindowInSeconds', 'DestinationConfig') };
  return { props, unknown: [...r.unknown], overrides: leftovers(e, r, names) };
}

/** SNS: a subscription of the topic, to the function or (SqsSubscription) to a queue the function reads. */
function sns(e: Ev): void {
  const { sam, plan } = e;
  const ctx = sam.ctx;
  const r = reader(e);
  const topic = ctx.nodeIdIn(r.raw('Topic'));
  const sqs = r.raw('SqsSubscription');
  const viaQueue = sqs !== undefined && ctx.boolean(sqs) !== false;
  if (topic === undefined || sam.kindOf(topic) !== 'topic') return keepEvent(e, 'the topic is not a topic of this template');
  const filterPolicy = r.value('FilterPolicy');
  const id = eventId(plan, e.name);
  const logicalId = `${plan.logicalId}${e.name}`;
  // The subscription's dead-letter queue (RedrivePolicy), a queue of the template; else kept as written.
  const redrive = r.value('RedrivePolicy');
  const deadLetterQueue = subscriptionDeadLetterQueue(redrive, (v) => ctx.nodeIdIn(v), (q) => sam.kindOf(q) === 'queue');
  if (deadLetterQueue === undefined && redrive !== undefined) r.unconsume('RedrivePolicy');
  if (!viaQueue) {
    const overrides = leftovers(e, r, same('FilterPolicyScope', 'Region', 'RedrivePolicy', 'DeliveryPolicy', 'ReplayPolicy'));
    sam.addEdge<'subscription'>({ id, kind: 'subscription', from: topic, to: plan.target, logicalId, origin: origin(e, id), props: sanitize({ protocol: 'lambda', filterPolicy, deadLetterQueue }), ...(overrides.length ? { overrides } : {}), ...(r.unknown.length ? { unknown: [...r.unknown] } : {}) });
    return;
  }
  // SNS -> SQS -> Lambda: the queue SAM creates, or the one SqsSubscription names.
  const given = obj(sqs);
  let queue: string | undefined;
  if (given) queue = ctx.nodeIdIn(given.QueueArn);
  else {
    const topicLogicalId = Object.keys(ctx.resources).find((k) => ctx.targetOf(k)?.nodeId === topic);
    const fifo = topicLogicalId !== undefined && ctx.boolean(ctx.resources[topicLogicalId]?.Properties?.FifoTopic) === true;
    queue = addGeneratedNode(sam, plan, `${logicalId}Queue`, 'queue', ['Events', e.name, 'Properties', 'SqsSubscription'], fifo);
  }
  const queueArn = given ? ctx.value(given.QueueArn) : { $ref: queue!, attr: 'Arn' };
  if (e.role) {
    e.role.addManaged(managedPolicyArn(PULL.sqs.policy));
    if (queueArn !== undefined) e.role.addStatement({ Effect: 'Allow', Action: [...PULL.sqs.actions], Resource: queueArn }, `SAM SNS event ${e.name} SqsSubscription (AWSLambdaSQSQueueExecutionRole allows these on every queue)`, ['Events', e.name]);
  }
  if (queue === undefined || sam.kindOf(queue) !== 'queue') return keepEvent(e, 'SqsSubscription names a queue that is not a queue of this template');
  const overrides = leftovers(e, r, same('FilterPolicyScope', 'Region', 'RedrivePolicy', 'DeliveryPolicy', 'ReplayPolicy'));
  sam.addEdge<'subscription'>({ id, kind: 'subscription', from: topic, to: queue, logicalId, origin: origin(e, id), props: sanitize({ protocol: 'sqs', filterPolicy, deadLetterQueue }), ...(overrides.length ? { overrides } : {}) });
  // SAM's mapping from the queue: BatchSize (default 10) of SqsSubscription, always enabled.
  const mappingId = eventId(plan, `${e.name}EventSourceMapping`);
  sam.addEdge<'eventSourceMapping'>({
    id: mappingId,
    kind: 'eventSourceMapping',
    from: queue,
    to: plan.target,
    logicalId: `${logicalId}EventSourceMapping`,
    origin: origin(e, mappingId, 'Properties', 'SqsSubscription'),
    props: { sourceType: 'sqs', enabled: true, batchSize: (given ? ctx.number(given.BatchSize) : undefined) ?? 10, reportBatchItemFailures: false, filters: [] },
  });
}

/** S3: a notification from the bucket. */
function s3(e: Ev): void {
  const { sam, plan } = e;
  const ctx = sam.ctx;
  const r = reader(e);
  const bucket = ctx.nodeIdIn(r.raw('Bucket'));
  if (bucket === undefined || sam.kindOf(bucket) !== 'bucket') return keepEvent(e, 'the bucket is not a bucket of this template');
  const filter = obj(r.value('Filter'));
  const rules = obj(filter?.S3Key)?.Rules;
  const rule = (name: string): string | undefined => {
    const v = (Array.isArray(rules) ? rules : []).map(obj).find((x) => typeof x?.Name === 'string' && x.Name.toLowerCase() === name)?.Value;
    return typeof v === 'string' ? v : undefined;
  };
  const events = strings(r.value('Events'));
  const id = eventId(plan, e.name);
  leftovers(e, r, {});
  sam.addEdge<'notification'>({
    id,
    kind: 'notification',
    from: bucket,
    to: plan.target,
    logicalId: `${plan.logicalId}${e.name}`,
    origin: origin(e, id),
    props: sanitize({ events, prefix: rule('prefix'), suffix: rule('suffix') }),
  });
}

/**
 * Schedule, ScheduleV2, EventBridgeRule and CloudWatchEvent: a schedule node (the rule SAM makes,
 * `<Function><Event>`) and its target. ScheduleV2 is an EventBridge Scheduler schedule
 * (`AWS::Scheduler::Schedule`), not a rule: it invokes through a role SAM generates for it rather
 * than a resource-based permission, and has a time zone, a flexible window, start and end dates
 * that a rule has not. The model has one kind of schedule, so it becomes a schedule node too (its
 * expression, state, input and retry policy), and what only Scheduler has is kept as unmodelled;
 * the backends would write it back as an EventBridge rule.
 */
function rule(e: Ev): void {
  const { sam, plan } = e;
  const ctx = sam.ctx;
  const r = reader(e);
  const ruleLogicalId = `${plan.logicalId}${e.name}`;
  const ruleId = ctx.targetOf(ruleLogicalId)?.nodeId ?? eventId(plan, e.name);
  const pattern = e.type === 'EventBridgeRule' || e.type === 'CloudWatchEvent';
  const enabledFlag = r.boolean('Enabled', 'enabled');
  const state = r.string('State', 'enabled');
  const retry = obj(r.value('RetryPolicy'));
  const dlc = obj(r.raw('DeadLetterConfig'));
  let deadLetterQueue: string | undefined;
  if (dlc?.Arn !== undefined) deadLetterQueue = ctx.nodeIdIn(dlc.Arn);
  else if (dlc && ctx.literal(dlc.Type) === 'SQS') {
    // SAM creates the dead-letter queue (`QueueLogicalId`, or `<Rule>Queue`) with its queue policy.
    deadLetterQueue = addGeneratedNode(sam, plan, ctx.literal(dlc.QueueLogicalId) ?? `${ruleLogicalId}Queue`, 'queue', ['Events', e.name, 'Properties', 'DeadLetterConfig']);
  }
  if (dlc && deadLetterQueue === undefined) sam.keep(plan.logicalId, ['Events', e.name, 'Properties', 'DeadLetterConfig'], e.type, 'the dead-letter queue is not a queue of this template', dlc, plan.id);
  const props = sanitize({
    ruleName: r.string(pattern ? 'RuleName' : 'Name', 'ruleName'),
    description: pattern ? undefined : r.string('Description', 'description'),
    scheduleExpression: pattern ? undefined : r.string(e.type === 'ScheduleV2' ? 'ScheduleExpression' : 'Schedule', 'scheduleExpression'),
    eventPattern: pattern ? r.value('Pattern') : undefined,
    enabled: enabledFlag ?? state !== 'DISABLED',
  });
  const input = parseJson(r.value('Input'));
  const retryAttempts = ctx.number(retry?.MaximumRetryAttempts);
  const maxEventAgeSeconds = ctx.number(retry?.MaximumEventAgeInSeconds);
  // What the rule resource takes as it is (a Scheduler schedule's settings are not a rule's).
  const ruleNames: Record<string, string> = e.type === 'ScheduleV2' ? {} : { Schedule: 'ScheduleExpression', Name: 'Name', RuleName: 'Name', Description: 'Description', State: 'State', Pattern: 'EventPattern', EventBusName: 'EventBusName' };
  const overrides = leftovers(e, r, ruleNames);
  sam.addNode({
    id: ruleId,
    kind: 'schedule',
    logicalId: ruleLogicalId,
    origin: origin(e, ruleId),
    tags: {},
    overrides,
    dependsOn: [],
    props,
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  });
  const targetId = `${ruleId}#target:${plan.target}`;
  sam.addEdge<'ruleTarget'>({ id: targetId, kind: 'ruleTarget', from: ruleId, to: plan.target, origin: origin(e, targetId), props: sanitize({ input, retryAttempts, maxEventAgeSeconds, deadLetterQueue }) });
}

/**
 * A REST API (API Gateway v1) event: a route edge marked `api: 'rest'`, with its
 * `TimeoutInMillis`, from the `AWS::Serverless::Api` it names (a raw node) or from SAM's implicit
 * `ServerlessRestApi` (no node of the model), so the rules see the route (the 29 s REST timeout).
 * The backends do not write REST APIs: the event is also kept as unmodelled.
 */
function restApi(e: Ev): void {
  const { sam, plan } = e;
  const ctx = sam.ctx;
  const r = reader(e);
  const apiRaw = r.raw('RestApiId');
  const api = apiRaw === undefined ? 'ServerlessRestApi' : ctx.nodeIdIn(apiRaw);
  keepEvent(e, 'a REST API (API Gateway v1) event: linted as a route, but lambdaform does not write REST APIs, so synth of the imported model leaves it out');
  if (api === undefined) return;
  const path = r.string('Path', 'path') ?? '/';
  const method = (r.string('Method', 'method') ?? 'ANY').toUpperCase();
  // SAM writes it as the method's integration timeout (29 s without it).
  const timeout = r.number('TimeoutInMillis', 'timeoutMillis');
  const id = `${api}#route:${method} ${path}`;
  sam.addEdge<'apiRoute'>({
    id,
    kind: 'apiRoute',
    from: api,
    to: plan.target,
    origin: origin(e, id),
    // The function's event in the template (kept as unmodelled): no backend writes the route.
    partOf: plan.id,
    props: sanitize({ method: method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method, path, payloadFormatVersion: '1.0', timeoutMillis: timeout, api: 'rest' }),
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  });
}

/** HttpApi: a route of the API the event names, or of `ServerlessHttpApi`. */
function httpApi(e: Ev): void {
  const { sam, plan } = e;
  const ctx = sam.ctx;
  const r = reader(e);
  const apiRaw = r.raw('ApiId');
  const api = apiRaw === undefined ? ctx.targetOf('ServerlessHttpApi')?.nodeId : ctx.nodeIdIn(apiRaw);
  if (api === undefined || sam.kindOf(api) !== 'api') return keepEvent(e, 'ApiId is not an AWS::Serverless::HttpApi of this template');
  const rawPath = r.string('Path', 'path');
  const rawMethod = r.string('Method', 'method');
  // No Path and no Method: the API's $default route.
  const path = rawPath ?? '$default';
  const upper = (rawMethod ?? 'ANY').toUpperCase();
  const method = path === '$default' || upper === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : upper;
  const format = r.string('PayloadFormatVersion', 'payloadFormatVersion');
  const timeout = r.number('TimeoutInMillis', 'timeoutMillis');
  leftovers(e, r, {});
  const id = `${api}#route:${method} ${path}`;
  sam.addEdge<'apiRoute'>({
    id,
    kind: 'apiRoute',
    from: api,
    to: plan.target,
    // lambdaform's SAM backend names a route event after the route's logical id; SAM names what it makes `<Function><Event>`.
    logicalId: plan.written ? e.name : `${plan.logicalId}${e.name}`,
    origin: origin(e, id),
    props: sanitize({ method, path, payloadFormatVersion: format === '1.0' ? '1.0' : '2.0', timeoutMillis: timeout }),
    ...(r.unknown.length ? { unknown: [...r.unknown] } : {}),
  });
}
