import type { Construct, IConstruct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, describeValue, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { captureSource, formatSource } from '../core/source.js';
import { LIMITS } from '../model/defaults.js';
import type { LambdaFunctionProps } from './event-targets.js';
import { FunctionBase, type IEventSource, type IFunction } from './function-base.js';
import { Queue } from './queue.js';
import { Schedule } from './schedule-expression.js';
import { Topic } from './topic.js';

/**
 * An EventBridge event pattern in the shape CDK users write (`aws-cdk-lib/aws-events`
 * `EventPattern`): camelCase keys, each a list of values to match (or, for `detail`, an object
 * of patterns). Rendered with EventBridge's own keys (`detailType` becomes `detail-type`).
 */
export interface EventPattern {
  /** Event sources (`aws.s3`, `com.example.orders`). @default any */
  readonly source?: readonly string[];
  /** Detail types (`Object Created`). @default any */
  readonly detailType?: readonly string[];
  /** EventBridge's own spelling of `detailType`, accepted too (give one of them). @default any */
  readonly 'detail-type'?: readonly string[];
  /** Patterns on the event's detail. @default any */
  readonly detail?: Record<string, unknown>;
  /** Account ids. @default any */
  readonly account?: readonly string[];
  /** Regions. @default any */
  readonly region?: readonly string[];
  /** Resource ARNs. @default any */
  readonly resources?: readonly string[];
  /** Event ids. @default any */
  readonly id?: readonly string[];
  /** Event times. @default any */
  readonly time?: readonly string[];
  /** Event versions. @default any */
  readonly version?: readonly string[];
}

/** CDK's keys and EventBridge's. */
const PATTERN_KEYS: Readonly<Record<string, string>> = {
  source: 'source',
  detailType: 'detail-type',
  detail: 'detail',
  account: 'account',
  region: 'region',
  resources: 'resources',
  id: 'id',
  time: 'time',
  version: 'version',
};
const EVENTBRIDGE_KEYS = new Set(Object.values(PATTERN_KEYS));

/**
 * The pattern with EventBridge's keys (`detail-type`), and the problems found: unknown top-level
 * keys (with the known ones), a key given in both spellings, values that are not lists
 * (`detail` must be an object) and empty lists.
 */
export function eventPatternToEventBridge(pattern: Record<string, unknown>, path: string, property = 'eventPattern'): { pattern: Record<string, unknown>; problems: Problem[] } {
  const out: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const add = (code: string, message: string): void => void problems.push({ code, path, property, message });
  for (const [key, value] of Object.entries(pattern)) {
    if (value === undefined) continue;
    const real = PATTERN_KEYS[key] ?? (EVENTBRIDGE_KEYS.has(key) ? key : undefined);
    if (!real) {
      add('unknown-property', `${property} has the unknown key '${key}'; an EventBridge pattern has ${Object.keys(PATTERN_KEYS).join(', ')}`);
      continue;
    }
    if (real in out) {
      add('conflicting-properties', `${property} gives '${real}' twice (as '${key}' and as '${Object.keys(PATTERN_KEYS).find((k) => PATTERN_KEYS[k] === real)}'); keep one`);
      continue;
    }
    if (real === 'detail') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) add('wrong-type', `${property}.detail must be an object of patterns such as { status: ['FAILED'] }, got ${describeValue(value)}`);
    } else if (!Array.isArray(value)) {
      add('wrong-type', `${property}.${key} must be a list of values to match, such as ['${typeof value === 'string' ? value : 'aws.s3'}'], got ${describeValue(value)}`);
    } else if (value.length === 0) {
      add('empty-pattern', `${property}.${key} must not be an empty list (EventBridge refuses one); leave ${key} out to match any value`);
    }
    out[real] = value;
  }
  if (Object.keys(out).length === 0 && problems.length === 0) add('empty-pattern', `${property} must not be empty`);
  return { pattern: out, problems };
}


/** Merges `src` into `dest` as CDK's `addEventPattern` does: lists joined without duplicates, objects merged key by key. */
function mergePattern(dest: Record<string, unknown>, src: Record<string, unknown>, at: string, problems: string[]): void {
  for (const [key, value] of Object.entries(src)) {
    if (value === undefined) continue;
    const current = dest[key];
    if (current === undefined) {
      dest[key] = value;
    } else if (Array.isArray(current) !== Array.isArray(value) || typeof value !== 'object' || value === null || typeof current !== 'object' || current === null) {
      problems.push(`${at}${key} is ${JSON.stringify(current)} in the rule's pattern and ${JSON.stringify(value)} in the added one; a field merges only with one of its own type (a list with a list, an object with an object)`);
    } else if (Array.isArray(value)) {
      const seen = new Set((current as unknown[]).map((v) => JSON.stringify(v)));
      dest[key] = [...(current as unknown[]), ...value.filter((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v)))];
    } else {
      const merged = { ...(current as Record<string, unknown>) };
      mergePattern(merged, value as Record<string, unknown>, `${at}${key}.`, problems);
      dest[key] = merged;
    }
  }
}

// ---------------------------------------------------------------- target input

/**
 * The input a rule sends to a target instead of the matched event (`aws-cdk-lib/aws-events`
 * `RuleTargetInput`): a JSON value (`fromObject`) or a text (`fromText`), written as the target's
 * `Input`. Strings may hold tokens (`queue.queueUrl`), resolved at deploy.
 */
export class RuleTargetInput {
  /** A JSON value (an object, a list, a string, a number, ...): the target gets it as JSON. */
  public static fromObject(obj: unknown): RuleTargetInput {
    return new RuleTargetInput('fromObject', obj);
  }

  /** A text: the target gets it as a JSON string (`'hello'` is sent as `"hello"`). For a JSON object use `fromObject`. */
  public static fromText(text: string): RuleTargetInput {
    return new RuleTargetInput('fromText', text);
  }

  /** Not supported yet: one JSON string per line is not modelled. Refused with the closest supported way. */
  public static fromMultilineText(_text: string): RuleTargetInput {
    throw unsupportedAt('RuleTargetInput.fromMultilineText', 'RuleTargetInput.fromMultilineText is not supported yet (lambdaform models a fixed input only); use RuleTargetInput.fromText(text) for one string, or RuleTargetInput.fromObject([...lines]) for a list');
  }

  /** Not supported yet: an `InputPath` is not modelled. Refused with the closest supported way. */
  public static fromEventPath(path: string): RuleTargetInput {
    throw unsupportedAt(
      'RuleTargetInput.fromEventPath',
      `RuleTargetInput.fromEventPath('${path}') is not supported yet (lambdaform models a fixed input only, not an InputPath); leave the target's input out to send the whole event and read ${path} in the handler`,
    );
  }

  private constructor(
    /** @internal How it was made, for messages. */
    public readonly _how: 'fromObject' | 'fromText',
    /** @internal The value sent (tokens unresolved). */
    public readonly _value: unknown,
  ) {}

  /** @internal Problems of the value, reported by the rule at `property`. */
  public _problems(path: string, property: string): Problem[] {
    if (this._how === 'fromText') {
      return typeof this._value === 'string' ? [] : [{ code: 'wrong-type', path, property, message: `${property}: RuleTargetInput.fromText expects a string, got ${describeValue(this._value)}` }];
    }
    return P.json().types(this._value, { path, property });
  }
}

/**
 * A field of the matched event for an input transformer (`aws-cdk-lib/aws-events` `EventField`).
 * Not supported yet: lambdaform does not model input transformers; each member refuses with the
 * closest supported way.
 */
export class EventField {
  /** Not supported yet (the event id, `$.id`). */
  public static get eventId(): string {
    return EventField.fromPath('$.id');
  }
  /** Not supported yet (the detail type, `$.detail-type`). */
  public static get detailType(): string {
    return EventField.fromPath('$.detail-type');
  }
  /** Not supported yet (the source, `$.source`). */
  public static get source(): string {
    return EventField.fromPath('$.source');
  }
  /** Not supported yet (the account, `$.account`). */
  public static get account(): string {
    return EventField.fromPath('$.account');
  }
  /** Not supported yet (the time, `$.time`). */
  public static get time(): string {
    return EventField.fromPath('$.time');
  }
  /** Not supported yet (the region, `$.region`). */
  public static get region(): string {
    return EventField.fromPath('$.region');
  }
  /** Not supported yet: an input transformer is not modelled. */
  public static fromPath(path: string): string {
    throw unsupportedAt(
      'EventField',
      `EventField ('${path}') is not supported yet (lambdaform does not model input transformers); leave the target's input out to send the whole event and read ${path} in the handler, or send a fixed input with RuleTargetInput.fromObject({...})`,
    );
  }

  private constructor() {}
}

/** An error for an unsupported call outside any construct: it names the user's line. */
function unsupportedAt(what: string, message: string): LambdaformError {
  const at = captureSource();
  return new LambdaformError(at ? formatSource(at) : what, message, 'unsupported');
}

// ---------------------------------------------------------------- targets

/** A rule (`aws-cdk-lib/aws-events` `IRule`). */
export interface IRule extends IConstruct {
  /** The rule ARN (token). */
  readonly ruleArn: string;
  /** The rule name (token). */
  readonly ruleName: string;
}

/**
 * A rule target (`aws-cdk-lib/aws-events` `IRuleTarget`): the classes of
 * `lambdaform/aws-events-targets` (`new LambdaFunction(fn)`, `new SqsQueue(queue)`,
 * `new SnsTopic(topic)`). A rule models the targets it knows only; another implementation is refused.
 */
export interface IRuleTarget {
  /** The target's configuration for `rule`. @param id the id of the target in the rule */
  bind(rule: IRule, id?: string): RuleTargetConfig;
}

/** What a target gives the rule it is added to (`aws-cdk-lib/aws-events` `RuleTargetConfig`, the fields lambdaform models). */
export interface RuleTargetConfig {
  /** The target's ARN (token). */
  readonly arn: string;
  /** What the rule sends instead of the matched event. @default the matched event */
  readonly input?: RuleTargetInput;
  /** The resource behind the target. @default none */
  readonly targetResource?: IConstruct;
  /** @internal What lambdaform models of the target: the function invoked and its options as given (checked by the rule). */
  readonly _functionTarget?: FunctionTargetSpec;
  /** @internal What lambdaform models of a queue or topic target: the resource and its options as given (checked by the rule). */
  readonly _resourceTarget?: ResourceTargetSpec;
}

/** @internal A queue (`SqsQueue`) or topic (`SnsTopic`) target as given: the resource and its options, with the name of their props interface for messages. */
export interface ResourceTargetSpec {
  readonly kind: 'queue' | 'topic';
  readonly resource: unknown;
  readonly propsName: string;
  readonly props: unknown;
}

/** @internal A function target as given: the handler and its options, with the name of their props interface for messages. */
export interface FunctionTargetSpec {
  readonly handler: unknown;
  readonly propsName: string;
  readonly props: unknown;
}

/** The description of `LambdaFunctionProps` (the target's options; the event sources take them too). */
export const LAMBDA_TARGET_PROPS: Fields = {
  event: P.instance('RuleTargetInput', (v) => v instanceof RuleTargetInput, { example: 'RuleTargetInput.fromObject({ ... })' }),
  retryAttempts: P.number({ limit: LIMITS.rule.retryAttempts }),
  maxEventAge: P.duration({ limit: LIMITS.rule.maxEventAge, example: 'Duration.hours(2)' }),
  deadLetterQueue: P.instance('Queue', (v) => v instanceof Queue),
};

/** The options every target takes (`TargetBaseProps`). */
const TARGET_BASE_PROPS: Fields = { retryAttempts: LAMBDA_TARGET_PROPS.retryAttempts!, maxEventAge: LAMBDA_TARGET_PROPS.maxEventAge!, deadLetterQueue: LAMBDA_TARGET_PROPS.deadLetterQueue! };

/** The description of `SqsQueueProps` and `SnsTopicProps`. */
const RESOURCE_TARGET_PROPS: Readonly<Record<ResourceTargetSpec['kind'], Fields>> = {
  queue: {
    message: P.instance('RuleTargetInput', (v) => v instanceof RuleTargetInput, { example: 'RuleTargetInput.fromObject({ ... })' }),
    messageGroupId: P.string(),
    ...TARGET_BASE_PROPS,
  },
  topic: {
    message: P.instance('RuleTargetInput', (v) => v instanceof RuleTargetInput, { example: 'RuleTargetInput.fromObject({ ... })' }),
    ...TARGET_BASE_PROPS,
  },
};

/** CDK props of `SnsTopicProps` lambdaform does not model, with what to do instead. */
const UNSUPPORTED_TOPIC_TARGET_PROPS: Readonly<Record<string, string>> = {
  role: "role is not supported yet: lambdaform lets EventBridge publish through the topic's policy (sns:Publish for events.amazonaws.com), not through a role; leave role out",
};

interface Target {
  /** The function, queue or topic the rule delivers to. */
  readonly to: IFunction | Queue | Topic;
  readonly event?: RuleTargetInput;
  readonly messageGroupId?: string;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
  readonly deadLetterQueue?: Queue;
}

// ---------------------------------------------------------------- rule

/** Properties of a `Rule` (`aws-cdk-lib/aws-events` `RuleProps`). */
export interface RuleProps {
  /** When the rule runs (`Schedule.rate(Duration.hours(1))`, `Schedule.cron({ minute: '0', hour: '6' })`); give this or `eventPattern`. @default none */
  readonly schedule?: Schedule;
  /**
   * The events the rule matches (`{ source: ['aws.s3'], detailType: ['Object Created'] }`); give
   * this or `schedule` (or add it with `addEventPattern`). @default none
   */
  readonly eventPattern?: EventPattern;
  /** Where matched events go (at most 5): `new LambdaFunction(fn)`, `new SqsQueue(queue)`, `new SnsTopic(topic)` from `lambdaform/aws-events-targets`. More with `addTarget`. @default none */
  readonly targets?: IRuleTarget[];
  /** A description of the rule's purpose (at most 512 characters). @default none */
  readonly description?: string;
  /** Whether the rule is enabled. @default true */
  readonly enabled?: boolean;
  /** The rule name (1-64 characters: letters, digits, `.`, `-`, `_`). @default generated by CloudFormation */
  readonly ruleName?: string;
}

/** The description of `RuleProps`. */
export const RULE_PROPS: Fields = {
  schedule: P.instance('Schedule', (v) => v instanceof Schedule, { example: 'Schedule.rate(Duration.hours(1))' }),
  eventPattern: P.jsonObject(),
  targets: P.array(P.instance('rule target', (v) => typeof (v as IRuleTarget | undefined)?.bind === 'function', { example: 'new LambdaFunction(fn)' })),
  description: P.string({ text: LIMITS.rule.description }),
  enabled: P.boolean(),
  ruleName: P.string({ text: LIMITS.rule.ruleName }),
};

/** CDK props lambdaform does not model, with what to do instead. */
const UNSUPPORTED_RULE_PROPS: Readonly<Record<string, string>> = {
  eventBus: 'eventBus is not supported yet: lambdaform models rules on the default event bus only; leave eventBus out (the rule then matches the events put on the default bus)',
  crossStackScope: 'crossStackScope is not supported: lambdaform does not model cross-stack references; put the rule and its targets in one stack',
};

/** CDK props the user gave that lambdaform does not model, as problems. */
function unsupportedProblems(path: string, props: unknown, unsupported: Readonly<Record<string, string>>): { problems: Problem[]; rest: unknown } {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return { problems: [], rest: props };
  const rest: Record<string, unknown> = { ...(props as Record<string, unknown>) };
  const problems: Problem[] = [];
  for (const [key, message] of Object.entries(unsupported)) {
    if (rest[key] === undefined) continue;
    problems.push({ code: 'unsupported-property', path, property: key, message });
    delete rest[key];
  }
  return { problems, rest };
}

/**
 * An EventBridge rule on the default bus (`aws-cdk-lib/aws-events` `Rule`): a schedule or an event
 * pattern, delivering to functions (`new LambdaFunction(fn)` from `lambdaform/aws-events-targets`).
 */
export class Rule extends Resource implements IRule {
  /** Not supported yet: lambdaform models the rules of the app only. Refused with the closest supported way. */
  public static fromEventRuleArn(scope: Construct, id: string, eventRuleArn: string): IRule {
    throw new LambdaformError(
      `${scope.node.path}/${id}`,
      `Rule.fromEventRuleArn('${eventRuleArn}') is not supported yet: lambdaform models the rules defined in the app only; define the rule with new Rule(...)`,
      'unsupported',
    );
  }

  /** The rule ARN (token). */
  public readonly ruleArn: string;
  /** The rule name (token). */
  public readonly ruleName: string;
  private readonly props: RuleProps;
  /** The event pattern with EventBridge's keys, once there is one. */
  private pattern: Record<string, unknown> | undefined;
  private readonly targets: Target[] = [];

  constructor(scope: Construct, id: string, props: RuleProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const { problems, rest } = unsupportedProblems(path, props, UNSUPPORTED_RULE_PROPS);
    problems.push(...checkProps(path, 'RuleProps', RULE_PROPS, rest));
    let pattern: Record<string, unknown> | undefined;
    if (!hasTypeProblem(problems)) {
      if (props.schedule && props.eventPattern) problems.push({ code: 'conflicting-properties', path, property: 'schedule', message: 'give exactly one of schedule or eventPattern' });
      if (props.schedule?.problem) problems.push({ code: 'invalid-schedule', path, property: 'schedule', message: props.schedule.problem });
      if (props.eventPattern) {
        const converted = eventPatternToEventBridge(props.eventPattern as Record<string, unknown>, path);
        problems.push(...converted.problems);
        pattern = converted.pattern;
      }
    }
    throwProblems(path, problems);
    this.props = props;
    this.pattern = pattern;
    this.ruleArn = this.attribute('Arn');
    this.ruleName = this.attribute('Name');
    // Neither is refused once the tree is complete: `addEventPattern` may still give the pattern.
    this.node.addValidation({ validate: () => (!this.props.schedule && !this.pattern ? ['give exactly one of schedule or eventPattern'] : []) });
    for (const target of props.targets ?? []) this.addTarget(target);
  }

  /**
   * Adds an event pattern; merged into the rule's pattern as CDK merges it: the values of a field
   * given in both are joined (without duplicates), `detail` merged key by key.
   */
  public addEventPattern(eventPattern?: EventPattern): void {
    if (eventPattern === undefined) return;
    const path = this.node.path;
    const problems = checkProps(path, 'addEventPattern', { eventPattern: P.jsonObject() }, { eventPattern });
    if (!hasTypeProblem(problems)) {
      if (this.props.schedule) problems.push({ code: 'conflicting-properties', path, property: 'eventPattern', message: 'give exactly one of schedule or eventPattern: this rule has a schedule' });
      const converted = eventPatternToEventBridge(eventPattern as Record<string, unknown>, path);
      problems.push(...converted.problems);
      if (problems.length === 0) {
        const merged = { ...(this.pattern ?? {}) };
        const conflicts: string[] = [];
        mergePattern(merged, converted.pattern, 'eventPattern.', conflicts);
        problems.push(...conflicts.map((message) => ({ code: 'conflicting-properties', path, property: 'eventPattern', message })));
        if (problems.length === 0) this.pattern = merged;
      }
    }
    throwProblems(path, problems);
  }

  /**
   * Adds a target: `rule.addTarget(new LambdaFunction(fn, { retryAttempts: 2 }))` invokes the
   * function asynchronously with the matched event, with the permission to do so. Nothing happens
   * for `undefined` (as in CDK).
   */
  public addTarget(target?: IRuleTarget): void {
    if (target === undefined) return;
    const path = this.node.path;
    if (typeof target !== 'object' || target === null || typeof (target as IRuleTarget).bind !== 'function') {
      throw new LambdaformError(path, `addTarget expects a rule target such as new LambdaFunction(fn) (lambdaform/aws-events-targets), got ${describeValue(target)}`, 'wrong-type');
    }
    const config = target.bind(this, `Target${this.targets.length}`);
    if (config?._resourceTarget) return this._addResourceTarget(config._resourceTarget);
    const spec = config?._functionTarget;
    if (!spec) {
      throw new LambdaformError(
        path,
        `addTarget: the rule target ${describeValue(target)} is not supported: lambdaform models the targets of lambdaform/aws-events-targets (new LambdaFunction(fn), new SqsQueue(queue), new SnsTopic(topic))`,
        'unsupported-target',
      );
    }
    this._addFunctionTarget(spec);
  }

  /** @internal Adds a function target from its options as given (the targets' and the event sources' one way in). */
  public _addFunctionTarget(spec: FunctionTargetSpec): void {
    const path = this.node.path;
    const fn = spec.handler;
    const problems: Problem[] = fn instanceof FunctionBase ? [] : [{ code: 'wrong-type', path, property: 'handler', message: `LambdaFunction expects a Function, Version or Alias (new LambdaFunction(fn)), got ${describeValue(fn)}` }];
    problems.push(...checkProps(path, spec.propsName, LAMBDA_TARGET_PROPS, spec.props));
    const options = (spec.props ?? {}) as LambdaFunctionProps;
    if (!hasTypeProblem(problems)) {
      problems.push(...(options.event?._problems(path, 'event') ?? []));
      problems.push(...this.commonTargetProblems(fn as IFunction, options.deadLetterQueue as Queue | undefined));
    }
    throwProblems(path, problems);
    this.targets.push({ to: fn as IFunction, event: options.event, retryAttempts: options.retryAttempts, maxEventAge: options.maxEventAge, deadLetterQueue: options.deadLetterQueue as Queue | undefined });
  }

  /**
   * @internal Adds a queue (`SqsQueue`) or topic (`SnsTopic`) target from its options as given: the
   * rule sends the matched event (or `message`) to the queue, or publishes it to the topic, with the
   * queue's or topic's policy letting EventBridge do so.
   */
  public _addResourceTarget(spec: ResourceTargetSpec): void {
    const path = this.node.path;
    const queue = spec.kind === 'queue';
    const resource = spec.resource;
    const problems: Problem[] = [];
    if (queue ? !(resource instanceof Queue) : !(resource instanceof Topic)) {
      const expected = queue ? 'SqsQueue expects a Queue (new SqsQueue(queue))' : 'SnsTopic expects a Topic (new SnsTopic(topic))';
      problems.push({ code: 'wrong-type', path, property: queue ? 'queue' : 'topic', message: `${expected}, got ${describeValue(resource)}` });
    }
    const { problems: unsupported, rest } = queue ? { problems: [], rest: spec.props } : unsupportedProblems(path, spec.props, UNSUPPORTED_TOPIC_TARGET_PROPS);
    problems.push(...unsupported, ...checkProps(path, spec.propsName, RESOURCE_TARGET_PROPS[spec.kind], rest));
    const options = (spec.props ?? {}) as { message?: RuleTargetInput; messageGroupId?: string; retryAttempts?: number; maxEventAge?: Duration; deadLetterQueue?: Queue };
    if (!hasTypeProblem(problems)) {
      problems.push(...(options.message?._problems(path, 'message') ?? []));
      if (resource instanceof Queue) {
        const kms = resource.serviceDeliveryProblem('EventBridge');
        if (kms) problems.push({ code: 'invalid-destination', path, property: 'queue', message: kms });
        if (resource.fifo && options.messageGroupId === undefined) {
          problems.push({ code: 'missing-property', path, property: 'messageGroupId', message: `messageGroupId is required for the FIFO queue ${resource.node.path}: EventBridge sends to a FIFO queue in a message group (new SqsQueue(queue, { messageGroupId: 'events' }))` });
        }
      }
      if (resource instanceof Topic) {
        const kms = resource.serviceDeliveryProblem('EventBridge');
        if (kms) problems.push({ code: 'invalid-destination', path, property: 'topic', message: kms });
      }
      if (resource instanceof Topic && resource.fifo) {
        problems.push({ code: 'invalid-destination', path, property: 'topic', message: `SnsTopic cannot publish to the FIFO topic ${resource.node.path}: EventBridge needs a message group id for it, which SnsTopic does not give; use a standard topic` });
      }
      problems.push(...this.commonTargetProblems(resource as Queue | Topic, options.deadLetterQueue));
    }
    throwProblems(path, problems);
    this.targets.push({
      to: resource as Queue | Topic,
      event: options.message,
      messageGroupId: options.messageGroupId,
      retryAttempts: options.retryAttempts,
      maxEventAge: options.maxEventAge,
      deadLetterQueue: options.deadLetterQueue,
    });
  }

  /** What every target is checked for: the rule's number of targets, a target given twice, its dead-letter queue. */
  private commonTargetProblems(to: IFunction | Queue | Topic, dlq: Queue | undefined): Problem[] {
    const path = this.node.path;
    const problems: Problem[] = [];
    if (this.targets.length >= LIMITS.rule.targets.max) problems.push({ code: 'out-of-range', path, property: 'targets', message: `a rule has at most ${LIMITS.rule.targets.max} targets, got ${this.targets.length + 1}` });
    if (this.targets.some((t) => t.to === to)) problems.push({ code: 'duplicate-target', path, message: `${to.node.path} is already a target of this rule` });
    const kms = dlq?.serviceDeliveryProblem('EventBridge');
    if (kms) problems.push({ code: 'invalid-destination', path, property: 'deadLetterQueue', message: kms });
    if (dlq?.fifo) problems.push({ code: 'invalid-destination', path, property: 'deadLetterQueue', message: `deadLetterQueue must be a standard queue, got the FIFO queue ${dlq.node.path}` });
    return problems;
  }

  /** @internal */
  public _toModel(b: StackModelBuilder): void {
    const p = this.props;
    const path = this.node.path;
    b.addNode(this, {
      kind: 'schedule',
      props: {
        ruleName: p.ruleName,
        description: p.description,
        scheduleExpression: p.schedule?.expressionString,
        eventPattern: b.resolve(this.pattern, path),
        enabled: p.enabled ?? true,
      },
    });
    for (const t of this.targets) {
      b.addEdge({
        kind: 'ruleTarget',
        id: `${path}#target:${t.to.node.path}`,
        from: this,
        to: t.to,
        source: this.source,
        props: {
          input: t.event ? b.resolve(t.event._value, path) : undefined,
          messageGroupId: t.messageGroupId,
          retryAttempts: t.retryAttempts,
          maxEventAgeSeconds: t.maxEventAge?.toSeconds(),
          deadLetterQueue: t.deadLetterQueue?.node.path,
        },
      });
    }
  }
}

// ---------------------------------------------------------------- event sources (lambdaform's)

/** The rule's props an event source takes (but its schedule or pattern, and its targets). */
type EventSourceRuleProps = Omit<RuleProps, 'schedule' | 'eventPattern' | 'targets'>;

/** Options of `ScheduleEventSource`: the rule's, the target's (as `LambdaFunction` takes them), and the rule's construct id. */
export interface ScheduleEventSourceProps extends LambdaFunctionProps, EventSourceRuleProps {
  /** Construct id of the schedule rule under the function. @default 'Schedule' */
  readonly id?: string;
}

/** A schedule that invokes the function: `fn.addEventSource(new ScheduleEventSource(Schedule.rate(Duration.hours(1))))`. */
export class ScheduleEventSource implements IEventSource {
  /** The schedule rule, once bound. */
  public rule: Rule | undefined;

  constructor(
    private readonly schedule: Schedule,
    private readonly props: ScheduleEventSourceProps = {},
  ) {}

  public bind(target: IFunction): void {
    checkEventSourceProps(target, 'ScheduleEventSourceProps', this.props);
    const { id, event, retryAttempts, maxEventAge, deadLetterQueue, ...ruleProps } = this.props;
    this.rule = new Rule(target, childId(target, id, 'Schedule'), { ...ruleProps, schedule: this.schedule });
    this.rule._addFunctionTarget({ handler: target, propsName: 'ScheduleEventSourceProps', props: { event, retryAttempts, maxEventAge, deadLetterQueue } });
  }
}

/** Options of `EventBridgeEventSource`: the rule's, the target's (as `LambdaFunction` takes them), and the rule's construct id. */
export interface EventBridgeEventSourceProps extends LambdaFunctionProps, EventSourceRuleProps {
  /** Construct id of the rule under the function. @default 'EventRule' */
  readonly id?: string;
}

/** An event pattern rule that invokes the function: `fn.addEventSource(new EventBridgeEventSource({ source: ['aws.s3'] }))`. */
export class EventBridgeEventSource implements IEventSource {
  /** The rule, once bound. */
  public rule: Rule | undefined;

  constructor(
    private readonly eventPattern: EventPattern,
    private readonly props: EventBridgeEventSourceProps = {},
  ) {}

  public bind(target: IFunction): void {
    checkEventSourceProps(target, 'EventBridgeEventSourceProps', this.props);
    const { id, event, retryAttempts, maxEventAge, deadLetterQueue, ...ruleProps } = this.props;
    this.rule = new Rule(target, childId(target, id, 'EventRule'), { ...ruleProps, eventPattern: this.eventPattern });
    this.rule._addFunctionTarget({ handler: target, propsName: 'EventBridgeEventSourceProps', props: { event, retryAttempts, maxEventAge, deadLetterQueue } });
  }
}

/** The props of a rule event source: the rule's (but its schedule, pattern and targets), the target's, and the rule's construct id. */
const EVENT_SOURCE_PROPS: Fields = {
  ...LAMBDA_TARGET_PROPS,
  description: RULE_PROPS.description!,
  enabled: RULE_PROPS.enabled!,
  ruleName: RULE_PROPS.ruleName!,
  id: P.string(),
};

/** Unknown keys and wrong types (and CDK's rule props lambdaform does not model), at the target; ranges are checked by the rule and its target, at the rule. */
function checkEventSourceProps(target: IFunction, name: string, props: unknown): void {
  const { problems: unsupported, rest } = unsupportedProblems(target.node.path, props, UNSUPPORTED_RULE_PROPS);
  const problems = checkProps(target.node.path, name, EVENT_SOURCE_PROPS, rest);
  throwProblems(target.node.path, [...unsupported, ...(hasTypeProblem(problems) ? problems : [])]);
}

/** The construct id of a rule under its target: the given id (which must be free), or the default, numbered when taken. */
function childId(target: IFunction, id: string | undefined, fallback: string): string {
  if (id !== undefined) {
    if (target.node.tryFindChild(id)) throw new LambdaformError(target.node.path, `already has a child named '${id}'; give the event source another id`);
    return id;
  }
  let unique = fallback;
  for (let i = 2; target.node.tryFindChild(unique); i++) unique = `${fallback}${i}`;
  return unique;
}
