import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaformError } from '../../core/errors.js';
import { LIMITS, REST_INTEGRATION_TIMEOUT } from '../../model/defaults.js';
import { StackGraph } from '../../model/graph.js';

/** The queue defaults AWS applies (lib/model/defaults.ts). */
const Q = LIMITS.queue;
import type { AppModel, AssetModel, DestinationEdge, FunctionNode, ModelNode, ModelValue, RuleTargetEdge, StackModel } from '../../model/types.js';
import { isExpr, isJoin, isPseudo, isRef, overriddenProperty, parameterRefOf } from '../../model/values.js';
import { DEFAULT_EVENT_BUS } from '../services/event-bus.js';
import { LocalNames } from './names.js';
import { extractedZipDir } from './zip-code.js';
import {
  type PlanJsonLogs,
  PLAN_VERSION,
  type Plan,
  type PlanApi,
  type PlanDestination,
  type PlanFunction,
  type PlanHandler,
  type PlanMapping,
  type PlanNotification,
  type PlanQueue,
  type PlanResource,
  type PlanRule,
  type PlanSubscription,
  type PlanTarget,
} from './types.js';

/** How a plan is made. */
export interface PlanOptions {
  /** The directory the app's asset paths are relative to (the working directory). */
  readonly appDir: string;
  /** The directory the plan's paths are made relative to (where plan.json is written). @default appDir */
  readonly planDir?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** @default "123456789012" */
  readonly account?: string;
  /** @default "http://localhost:4566" */
  readonly endpoint?: string;
}

/** The file extensions a handler module may have, in the order Lambda's Node.js runtime tries them (then TypeScript, run through tsx). */
export const HANDLER_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

/** Model → plan: every function, resource and trigger the local runtime simulates, references resolved to local values. */
export function toPlan(model: AppModel, options: PlanOptions): Plan {
  const names = new LocalNames(options.region ?? 'us-east-1', options.account ?? '123456789012', options.endpoint ?? 'http://localhost:4566');
  for (const s of model.stacks) names.addStack(s);
  const b = new PlanBuilder(names, options.appDir, options.planDir ?? options.appDir);
  for (const s of model.stacks) b.addStack(s);
  return b.plan(model.stacks.map((s) => s.name));
}

class PlanBuilder {
  private readonly functions: PlanFunction[] = [];
  private readonly queues: PlanQueue[] = [];
  private readonly topics: Plan['topics'][number][] = [];
  private readonly buckets: Plan['buckets'][number][] = [];
  private readonly tables: Plan['tables'][number][] = [];
  private readonly streams: Plan['streams'][number][] = [];
  private readonly rules: PlanRule[] = [];
  private readonly apis: PlanApi[] = [];
  private readonly mappings: PlanMapping[] = [];
  private readonly subscriptions: PlanSubscription[] = [];
  private readonly notifications: PlanNotification[] = [];
  private readonly warnings: string[] = [];

  public constructor(
    private readonly names: LocalNames,
    private readonly appDir: string,
    private readonly planDir: string,
  ) {}

  public plan(stacks: readonly string[]): Plan {
    return {
      version: PLAN_VERSION,
      region: this.names.region,
      account: this.names.account,
      endpoint: this.names.endpoint,
      stacks,
      functions: this.functions,
      queues: this.queues,
      topics: this.topics,
      buckets: this.buckets,
      tables: this.tables,
      streams: this.streams,
      rules: this.rules,
      apis: this.apis,
      mappings: this.mappings,
      subscriptions: this.subscriptions,
      notifications: this.notifications,
      warnings: this.warnings,
    };
  }

  /** The `CfnParameter`s of the stack being added: a value that is one runs locally with its default. */
  private parameters: StackModel['parameters'];

  public addStack(stack: StackModel): void {
    this.parameters = stack.parameters;
    const g = StackGraph.of(stack);
    const base = (n: { id: string; logicalId?: string; origin: ModelNode['origin'] }): PlanResource => ({
      id: n.id,
      logicalId: n.logicalId ?? n.id,
      stack: stack.name,
      ...(n.origin.source ? { definedAt: `${n.origin.source.file}:${n.origin.source.line}` } : {}),
    });
    for (const n of stack.nodes) {
      if (n.partOf !== undefined) continue;
      switch (n.kind) {
        case 'function':
          this.functions.push(this.fn(stack, g, n, base(n)));
          break;
        case 'queue': {
          const p = n.props;
          this.queues.push({
            ...base(n),
            name: this.names.name(n.id),
            url: this.names.attr(n.id, 'Url'),
            arn: this.names.attr(n.id, 'Arn'),
            fifo: p.fifo,
            contentBasedDeduplication: p.contentBasedDeduplication ?? false,
            visibilityTimeoutSeconds: p.visibilityTimeoutSeconds ?? Q.visibilityTimeout.default!,
            retentionPeriodSeconds: p.retentionPeriodSeconds ?? Q.retentionPeriod.default!,
            delaySeconds: p.deliveryDelaySeconds ?? Q.deliveryDelay.default!,
            receiveWaitTimeSeconds: p.receiveWaitTimeSeconds ?? Q.receiveMessageWaitTime.default!,
            maxMessageSizeBytes: p.maxMessageSizeBytes ?? Q.maxMessageSize.default!,
            ...(p.deadLetter ? { deadLetter: { queue: p.deadLetter.queue, maxReceiveCount: p.deadLetter.maxReceiveCount } } : {}),
          });
          break;
        }
        case 'topic':
          this.topics.push({ ...base(n), name: this.names.name(n.id), arn: this.names.attr(n.id, 'Arn'), fifo: n.props.fifo });
          break;
        case 'bucket':
          this.buckets.push({ ...base(n), name: this.names.name(n.id), arn: this.names.attr(n.id, 'Arn') });
          break;
        case 'table': {
          const p = n.props;
          this.tables.push({
            ...base(n),
            name: this.names.name(n.id),
            arn: this.names.attr(n.id, 'Arn'),
            partitionKey: p.partitionKey,
            ...(p.sortKey ? { sortKey: p.sortKey } : {}),
            ...(p.streamViewType ? { stream: { arn: this.names.attr(n.id, 'StreamArn'), viewType: p.streamViewType } } : {}),
          });
          break;
        }
        case 'stream':
          this.streams.push({
            ...base(n),
            name: this.names.name(n.id),
            arn: this.names.attr(n.id, 'Arn'),
            shardCount: n.props.mode === 'ON_DEMAND' ? 4 : (n.props.shardCount ?? LIMITS.stream.shardCount.default!),
            retentionHours: n.props.retentionHours,
          });
          break;
        case 'schedule': {
          const p = n.props;
          const targets = g.edgesFrom(n.id, 'ruleTarget').filter((e) => e.partOf === undefined);
          this.rules.push({
            ...base(n),
            name: this.names.name(n.id),
            arn: this.names.attr(n.id, 'Arn'),
            ...(p.scheduleExpression !== undefined ? { schedule: p.scheduleExpression } : {}),
            ...(p.eventPattern !== undefined ? { eventPattern: this.data(p.eventPattern, `${n.id}: event pattern`) } : {}),
            enabled: p.enabled,
            targets: targets.flatMap((e) => this.ruleTarget(g, e)),
          });
          break;
        }
        case 'api':
          this.apis.push({
            ...base(n),
            name: typeof n.props.apiName === 'string' ? n.props.apiName : n.logicalId,
            type: 'http',
            stage: n.props.stageName,
            routes: [],
            ...(n.props.cors ? { cors: n.props.cors } : {}),
            ...(n.props.throttling ? { throttling: n.props.throttling } : {}),
          });
          break;
        default:
          break;
      }
    }
    for (const e of stack.edges) {
      switch (e.kind) {
        case 'eventSourceMapping': {
          const target = this.target(g, e.to, `${e.id}: mapping target`);
          if (!target) break;
          const p = e.props;
          const sqs = p.sourceType === 'sqs';
          this.mappings.push({
            ...base({ id: e.id, logicalId: e.logicalId, origin: e.origin }),
            ...target,
            sourceType: p.sourceType,
            source: e.from,
            enabled: p.enabled,
            batchSize: p.batchSize ?? (sqs ? LIMITS.sqsMapping.batchSize.default! : LIMITS.streamMapping.batchSize.default!),
            maxBatchingWindowSeconds: p.maxBatchingWindowSeconds ?? LIMITS.sqsMapping.maxBatchingWindow.default!,
            ...(sqs ? {} : { startingPosition: p.startingPosition ?? 'TRIM_HORIZON' }),
            bisectBatchOnError: p.bisectBatchOnError ?? false,
            maxRetryAttempts: p.maxRetryAttempts ?? -1,
            maxRecordAgeSeconds: p.maxRecordAgeSeconds ?? -1,
            parallelizationFactor: p.parallelizationFactor ?? LIMITS.streamMapping.parallelizationFactor.default!,
            reportBatchItemFailures: p.reportBatchItemFailures,
            ...(p.maxConcurrency !== undefined ? { maxConcurrency: p.maxConcurrency } : {}),
            filters: p.filters.map((f, i) => this.data(f, `${e.id}: filter ${i + 1}`)),
            ...(p.onFailure ? { onFailure: this.destination(g, p.onFailure) } : {}),
          });
          break;
        }
        case 'subscription': {
          if (e.props.endpoint !== undefined) {
            // An email address or a URL, outside the app: deliveries are recorded, nothing is sent.
            this.subscriptions.push({
              ...base({ id: e.id, logicalId: e.logicalId, origin: e.origin }),
              topic: e.from,
              protocol: e.props.protocol,
              endpoint: String(this.data(e.props.endpoint, `${e.id}: endpoint`)),
              ...(e.props.filterPolicy !== undefined ? { filterPolicy: this.data(e.props.filterPolicy, `${e.id}: filter policy`) } : {}),
              filterPolicyScope: 'MessageAttributes',
              rawMessageDelivery: e.props.rawMessageDelivery ?? false,
              ...(e.props.deadLetterQueue ? { deadLetterQueue: e.props.deadLetterQueue } : {}),
            });
            break;
          }
          const to = e.to === undefined ? undefined : g.find(e.to);
          const queue = to?.kind === 'queue';
          const target = queue ? undefined : this.target(g, e.to, `${e.id}: subscription target`);
          if (!queue && !target) break;
          this.subscriptions.push({
            ...base({ id: e.id, logicalId: e.logicalId, origin: e.origin }),
            topic: e.from,
            protocol: queue ? 'sqs' : 'lambda',
            ...(queue ? { queue: to.id } : { target }),
            ...(e.props.filterPolicy !== undefined ? { filterPolicy: this.data(e.props.filterPolicy, `${e.id}: filter policy`) } : {}),
            filterPolicyScope: 'MessageAttributes',
            rawMessageDelivery: e.props.rawMessageDelivery ?? false,
            ...(e.props.deadLetterQueue ? { deadLetterQueue: e.props.deadLetterQueue } : {}),
          });
          break;
        }
        case 'notification': {
          // A queue or topic gets the S3 event as its message; a function is invoked with it.
          const to = e.to === undefined ? undefined : g.find(e.to);
          const destination = to?.kind === 'queue' ? { queue: to.id } : to?.kind === 'topic' ? { topic: to.id } : this.target(g, e.to, `${e.id}: notification target`);
          if (!destination) break;
          this.notifications.push({
            ...base({ id: e.id, logicalId: e.logicalId, origin: e.origin }),
            ...destination,
            bucket: e.from,
            events: e.props.events,
            ...(e.props.prefix !== undefined ? { prefix: e.props.prefix } : {}),
            ...(e.props.suffix !== undefined ? { suffix: e.props.suffix } : {}),
          });
          break;
        }
        case 'apiRoute': {
          const target = this.target(g, e.to, `${e.id}: route target`);
          if (!target) break;
          const api = this.apiOf(stack, g, e.from, e.props.api === 'rest');
          const limit = (api.type === 'rest' ? REST_INTEGRATION_TIMEOUT : LIMITS.api.integrationTimeout).max;
          (api.routes as PlanApi['routes'][number][]).push({
            ...target,
            method: e.props.method,
            path: e.props.path,
            payloadFormatVersion: api.type === 'rest' ? '1.0' : e.props.payloadFormatVersion,
            timeoutMillis: Math.min(e.props.timeoutMillis ?? limit, limit),
          });
          break;
        }
        default:
          break;
      }
    }
  }

  /**
   * A REST API of an imported template is a raw node, or no node at all (SAM's implicit
   * `ServerlessRestApi`): it gets its plan entry when its first route is found.
   */
  private apiOf(stack: StackModel, g: StackGraph, id: string, rest: boolean): PlanApi {
    const found = this.apis.find((a) => a.id === id && a.stack === stack.name);
    if (found) return found;
    const n = g.find(id);
    const api: PlanApi = {
      id,
      logicalId: n?.logicalId ?? id,
      stack: stack.name,
      ...(n?.origin.source ? { definedAt: `${n.origin.source.file}:${n.origin.source.line}` } : {}),
      name: n?.logicalId ?? id,
      type: rest ? 'rest' : 'http',
      stage: rest ? 'Prod' : '$default',
      routes: [],
    };
    this.apis.push(api);
    return api;
  }

  private fn(stack: StackModel, g: StackGraph, n: FunctionNode, base: PlanResource): PlanFunction {
    const p = n.props;
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.environment)) environment[k] = this.str(v, `${n.id}: environment variable ${k}`);
    const code = this.code(stack, n);
    const versions = g.versionsOf(n.id).map((v, i) => ({
      version: String(i + 1),
      id: v.id,
      ...(v.props.provisionedConcurrency !== undefined ? { provisionedConcurrency: v.props.provisionedConcurrency } : {}),
    }));
    const versionOf = (id: string): string => (id === '$LATEST' ? '$LATEST' : (versions.find((v) => v.id === id)?.version ?? '$LATEST'));
    const d = g.destinations(n.id);
    return {
      ...base,
      name: this.names.name(n.id),
      arn: this.names.attr(n.id, 'Arn'),
      runtime: p.runtime,
      handlerSetting: p.handler,
      ...code,
      memoryMb: p.memorySizeMb,
      timeoutSeconds: p.timeoutSeconds,
      ephemeralStorageMb: p.ephemeralStorageMb,
      environment,
      layers: p.layers.map((l) => this.layer(stack, g, l, n.id)),
      ...(p.reservedConcurrency !== undefined ? { reservedConcurrency: p.reservedConcurrency } : {}),
      versions,
      aliases: g.aliasesOf(n.id).map((a) => ({
        name: a.props.aliasName,
        id: a.id,
        version: versionOf(a.props.version),
        additionalVersions: a.props.additionalVersions.map((x) => ({ version: versionOf(x.version), weight: x.weight })),
        ...(a.props.provisionedConcurrency !== undefined ? { provisionedConcurrency: a.props.provisionedConcurrency } : {}),
      })),
      async: {
        maxRetryAttempts: p.retryAttempts ?? LIMITS.function.retryAttempts.default!,
        maxEventAgeSeconds: p.maxEventAgeSeconds ?? LIMITS.function.maxEventAge.default!,
        ...this.dest('onSuccess', g, d.onSuccess),
        ...this.dest('onFailure', g, d.onFailure),
        ...this.dest('deadLetter', g, d.deadLetter),
      },
      recursiveLoop: p.recursiveLoop ?? 'Terminate',
      ...jsonLogsOf(n),
    };
  }

  private dest(key: string, g: StackGraph, e: DestinationEdge | undefined): Record<string, PlanDestination> {
    // The account's default event bus (EventBridgeDestination): the bus the plan's rules are on.
    if (e?.props.eventBus === 'default') return { [key]: { type: 'eventbridge', id: DEFAULT_EVENT_BUS, arn: `arn:aws:events:${this.names.region}:${this.names.account}:event-bus/default` } };
    if (!e?.to) return {};
    return { [key]: this.destination(g, e.to) };
  }

  private destination(g: StackGraph, id: string): PlanDestination {
    const n = g.find(id);
    const type = n?.kind === 'queue' ? 'sqs' : n?.kind === 'topic' ? 'sns' : n?.kind === 'function' || n?.kind === 'alias' || n?.kind === 'version' ? 'lambda' : n?.kind === 'bucket' ? 's3' : 'eventbridge';
    const fnId = n && type === 'lambda' ? (g.functionOf(n.id)?.id ?? n.id) : undefined;
    return { type, ...(n ? { id: fnId ?? n.id } : {}), arn: n ? this.names.attr(n.id, 'Arn') : id };
  }

  private code(stack: StackModel, n: FunctionNode): Pick<PlanFunction, 'handler' | 'inlineSource' | 'unavailable'> {
    const p = n.props;
    if (n.imported) return { unavailable: 'it is imported (Function.fromFunctionArn and the like): it exists outside the app, and its code is not part of it' };
    if (!p.runtime.startsWith('nodejs')) return { unavailable: `runtime ${p.runtime}: only Node.js functions run locally` };
    // As Lambda's Node.js runtime reads it: the module is the last path segment up to its first
    // dot, the rest names the export (`index.handlers.main` is `handlers.main` of index).
    const base = p.handler.lastIndexOf('/') + 1;
    const dot = p.handler.indexOf('.', base);
    if (dot <= base || dot === p.handler.length - 1) return { unavailable: `handler '${p.handler}' is not <file>.<export>` };
    if (p.code.kind === 'inline') return { inlineSource: p.code.source };
    if (p.code.kind === 'bucket') return { unavailable: 'its code is in S3: point Code (CodeUri) at a local directory to run it' };
    const assetId = p.code.assetId;
    const asset = stack.assets.find((a) => a.id === assetId);
    if (!asset) return { unavailable: `its code asset ${assetId} is not in the stack` };
    const dir = this.assetDir(asset);
    const modulePath = p.handler.slice(0, dot);
    const file = HANDLER_EXTENSIONS.map((x) => `${modulePath}${x}`).find((f) => fs.existsSync(path.join(dir, f)));
    if (!file) return { unavailable: `no ${modulePath}${HANDLER_EXTENSIONS.join('|')} in ${this.rel(dir)}` };
    const handler: PlanHandler = { codeDir: this.rel(dir), file, export: p.handler.slice(dot + 1) };
    return { handler };
  }

  /** The directory an asset's code runs from: its directory, or where its `.zip` file is extracted (once). */
  private assetDir(asset: AssetModel): string {
    const abs = path.resolve(this.appDir, asset.path);
    // A zip that is not there (a template planned without its code) is named as a missing directory would be.
    return asset.zipFile && fs.existsSync(abs) ? extractedZipDir(abs, asset.id, this.appDir, asset.path) : abs;
  }

  private layer(stack: StackModel, g: StackGraph, v: ModelValue, fnId: string): Plan['functions'][number]['layers'][number] {
    if (isRef(v)) {
      const n = g.find(v.$ref);
      if (n?.kind === 'layer' && n.props.code.kind === 'asset') {
        const assetId = n.props.code.assetId;
        const asset = stack.assets.find((a) => a.id === assetId);
        if (asset) return { arn: this.names.attr(n.id, 'Arn'), dir: this.rel(this.assetDir(asset)) };
      }
    }
    const arn = this.str(v, `${fnId}: layer`);
    this.warnings.push(`${fnId}: layer ${arn} is not part of the app: a handler that imports from it fails locally`);
    return { arn };
  }

  private ruleTarget(g: StackGraph, e: RuleTargetEdge): PlanRule['targets'][number][] {
    // A queue gets the event (or the input) as its message body, a topic as its message; a function is invoked with it.
    const to = e.to === undefined ? undefined : g.find(e.to);
    const target = to?.kind === 'queue' ? { queue: to.id } : to?.kind === 'topic' ? { topic: to.id } : this.target(g, e.to, `${e.id}: rule target`);
    if (!target) return [];
    return [
      {
        ...target,
        ...(e.props.messageGroupId !== undefined ? { messageGroupId: e.props.messageGroupId } : {}),
        ...(e.props.input !== undefined ? { input: this.data(e.props.input, `${e.id}: input`) } : {}),
        retryAttempts: e.props.retryAttempts ?? LIMITS.rule.retryAttempts.default!,
        maxEventAgeSeconds: e.props.maxEventAgeSeconds ?? LIMITS.rule.maxEventAge.default!,
        ...(e.props.deadLetterQueue ? { deadLetterQueue: e.props.deadLetterQueue } : {}),
      },
    ];
  }

  /** The function (and qualifier) behind an edge's target; undefined (with a warning) when it is no function of the app. */
  private target(g: StackGraph, id: string | undefined, what: string): PlanTarget | undefined {
    const n = id === undefined ? undefined : g.find(id);
    const fn = n ? g.functionOf(n.id) : undefined;
    if (!n || !fn) {
      this.warnings.push(`${what} is not a function of the app (${id ?? 'outside the app'}): it is left out of the plan`);
      return undefined;
    }
    if (n.kind === 'alias') return { function: fn.id, qualifier: n.props.aliasName };
    if (n.kind === 'version') return { function: fn.id, qualifier: String(g.versionsOf(fn.id).findIndex((v) => v.id === n.id) + 1) };
    return { function: fn.id };
  }

  /** A model value as the local string it stands for; deploy-time values become '' with a warning. */
  private str(v: ModelValue, where: string): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (isRef(v)) return this.names.attr(v.$ref, v.attr);
    if (isPseudo(v)) return this.names.pseudo(v.$pseudo);
    if (isJoin(v)) return v.$join.map((part) => this.str(part as ModelValue, where)).join('');
    const param = parameterRefOf(v);
    const byDefault = param !== undefined && this.parameters && Object.hasOwn(this.parameters, param) ? this.parameters[param]!.default : undefined;
    if (byDefault !== undefined) return String(byDefault);
    if (isExpr(v)) {
      this.warnings.push(`${where}: ${JSON.stringify(v.$expr)} is known only at deploy; it is '' locally`);
      return '';
    }
    return JSON.stringify(this.data(v, where));
  }

  /** User data (filters, patterns, inputs) with references resolved. */
  private data(v: ModelValue, where: string): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (isRef(v) || isPseudo(v) || isJoin(v) || isExpr(v)) return this.str(v, where);
    if (Array.isArray(v)) return v.map((x) => this.data(x as ModelValue, where));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, ModelValue>)) out[k.startsWith('$$') ? k.slice(1) : k] = this.data(x, where);
    return out;
  }

  private rel(abs: string): string {
    const r = path.relative(this.planDir, abs).split(path.sep).join('/');
    return r === '' ? '.' : r;
  }
}

/** Refuses what no plan can hold: two resources with the same id in different stacks. */
export function checkPlanIds(plan: Plan): void {
  const seen = new Map<string, string>();
  for (const list of [plan.functions, plan.queues, plan.topics, plan.buckets, plan.tables, plan.streams, plan.rules, plan.apis]) {
    for (const r of list) {
      const other = seen.get(r.id);
      if (other !== undefined) throw new LambdaformError(r.id, `two resources have the id '${r.id}' (stacks ${other} and ${r.stack}): give the templates' resources distinct logical ids`, 'plan-duplicate-id');
      seen.set(r.id, r.stack);
    }
  }
}

/**
 * A function's JSON log settings, from its `LoggingConfig` (an escape-hatch override: the
 * constructs write `LoggingConfig.LogFormat` and the levels one by one, an imported template the
 * whole object); nothing for text logs, or for a format known only at deploy.
 */
function jsonLogsOf(n: FunctionNode): { jsonLogs?: PlanJsonLogs } {
  const written = overriddenProperty(n.overrides, 'LoggingConfig');
  const config = (typeof written === 'object' && written !== null ? written : {}) as Record<string, unknown>;
  if (config.LogFormat !== 'JSON') return {};
  const app = config.ApplicationLogLevel;
  const sys = config.SystemLogLevel;
  const APP = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
  const SYS = ['DEBUG', 'INFO', 'WARN'] as const;
  return {
    jsonLogs: {
      applicationLogLevel: APP.find((l) => l === app) ?? 'INFO',
      systemLogLevel: SYS.find((l) => l === sys) ?? 'INFO',
    },
  };
}
