import type { Construct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import type { StackModelBuilder } from '../core/model-builder.js';
import { checkProps, describeValue, hasTypeProblem, P, type Fields } from '../core/props.js';
import { Resource } from '../core/resource.js';
import { LIMITS } from '../model/defaults.js';
import type { IEventSource, IFunction } from './function-base.js';
import { Queue } from './queue.js';
import { ScheduleExpression } from './schedule-expression.js';

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
 * keys (with the known ones), a key given in both spellings, and values that are not lists
 * (`detail` must be an object).
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
    }
    out[real] = value;
  }
  if (Object.keys(out).length === 0 && problems.length === 0) add('empty-pattern', `${property} must not be empty`);
  return { pattern: out, problems };
}

/** Options of a rule target. */
export interface RuleTargetOptions {
  /** A fixed input instead of the event (a JSON object). @default the matched event */
  readonly input?: Record<string, unknown>;
  /** Retries of a failed delivery, 0-185. @default 185 (the EventBridge default) */
  readonly retryAttempts?: number;
  /** How long to keep retrying, 60 seconds to 24 hours. @default 24 hours */
  readonly maxEventAge?: Duration;
  /** Where events that could not be delivered go (an SQS queue). @default dropped */
  readonly deadLetterQueue?: Queue;
}

/** Properties of a `Rule`. */
export interface RuleProps {
  /** A schedule (`ScheduleExpression.rate(...)`, `ScheduleExpression.cron(...)`); give this or `eventPattern`. @default none */
  readonly schedule?: ScheduleExpression;
  /** An EventBridge event pattern (`{ source: ['aws.s3'], detailType: ['Object Created'] }`); give this or `schedule`. @default none */
  readonly eventPattern?: EventPattern;
  /** Description (at most 512 characters). @default none */
  readonly description?: string;
  /** Whether the rule is enabled. @default true */
  readonly enabled?: boolean;
  /** Rule name (1-64 characters). @default generated by CloudFormation */
  readonly ruleName?: string;
}

interface Target extends RuleTargetOptions {
  readonly fn: IFunction;
}

/** The description of `RuleTargetOptions`. */
export const RULE_TARGET_OPTIONS: Fields = {
  input: P.jsonObject(),
  retryAttempts: P.number({ limit: LIMITS.rule.retryAttempts }),
  maxEventAge: P.duration({ limit: LIMITS.rule.maxEventAge, example: 'Duration.hours(2)' }),
  deadLetterQueue: P.instance('Queue', (v) => v instanceof Queue),
};

/** The description of `RuleProps`. */
export const RULE_PROPS: Fields = {
  schedule: P.instance('ScheduleExpression', (v) => v instanceof ScheduleExpression, { example: 'ScheduleExpression.rate(Duration.hours(1))' }),
  eventPattern: P.jsonObject(),
  description: P.string({ text: LIMITS.rule.description }),
  enabled: P.boolean(),
  ruleName: P.string({ text: LIMITS.rule.ruleName }),
};

/** An EventBridge rule on the default bus: a schedule or an event pattern, delivering to functions. */
export class Rule extends Resource {
  /** The rule ARN (token). */
  public readonly ruleArn: string;
  private readonly props: RuleProps;
  private readonly pattern: Record<string, unknown> | undefined;
  private readonly targets: Target[] = [];

  constructor(scope: Construct, id: string, props: RuleProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'RuleProps', RULE_PROPS, props);
    let pattern: Record<string, unknown> | undefined;
    if (!hasTypeProblem(problems)) {
      if (!props.schedule === !props.eventPattern) problems.push({ code: 'conflicting-properties', path, property: 'schedule', message: 'give exactly one of schedule or eventPattern' });
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
  }

  /** Delivers matched events to a function (asynchronous invocation), with the permission to do so. */
  public addTarget(fn: IFunction, options: RuleTargetOptions = {}): void {
    const path = this.node.path;
    const problems = checkProps(path, 'RuleTargetOptions', RULE_TARGET_OPTIONS, options);
    if (!hasTypeProblem(problems)) {
      if (this.targets.length >= LIMITS.rule.targets.max) problems.push({ code: 'out-of-range', path, property: 'targets', message: `a rule has at most ${LIMITS.rule.targets.max} targets, got ${this.targets.length + 1}` });
      if (this.targets.some((t) => t.fn === fn)) problems.push({ code: 'duplicate-target', path, message: `${fn.node.path} is already a target of this rule` });
      const dlq = options.deadLetterQueue;
      const kms = dlq?.serviceDeliveryProblem('EventBridge');
      if (kms) problems.push({ code: 'invalid-destination', path, property: 'deadLetterQueue', message: kms });
      if (dlq?.fifo) problems.push({ code: 'invalid-destination', path, property: 'deadLetterQueue', message: `deadLetterQueue must be a standard queue, got the FIFO queue ${dlq.node.path}` });
    }
    throwProblems(path, problems);
    this.targets.push({ fn, ...options });
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
        id: `${path}#target:${t.fn.node.path}`,
        from: this,
        to: t.fn,
        source: this.source,
        props: {
          input: b.resolve(t.input, path),
          retryAttempts: t.retryAttempts,
          maxEventAgeSeconds: t.maxEventAge?.toSeconds(),
          deadLetterQueue: t.deadLetterQueue?.node.path,
        },
      });
    }
  }
}

/** Properties of a `Schedule`. */
export interface ScheduleProps extends Omit<RuleProps, 'schedule' | 'eventPattern'> {
  /** When the schedule fires. */
  readonly schedule: ScheduleExpression;
}

/** An EventBridge schedule rule (`rate(...)`/`cron(...)`). */
export class Schedule extends Rule {
  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id, props);
  }
}

/** Options of `ScheduleEventSource`. */
export interface ScheduleEventSourceProps extends RuleTargetOptions, Omit<RuleProps, 'schedule' | 'eventPattern'> {
  /** Construct id of the schedule under the function. @default 'Schedule' */
  readonly id?: string;
}

/** A schedule that invokes the function: `fn.addEventSource(new ScheduleEventSource(ScheduleExpression.rate(Duration.hours(1))))`. */
export class ScheduleEventSource implements IEventSource {
  /** The schedule rule, once bound. */
  public rule: Schedule | undefined;

  constructor(
    private readonly schedule: ScheduleExpression,
    private readonly props: ScheduleEventSourceProps = {},
  ) {}

  public bind(target: IFunction): void {
    checkEventSourceProps(target, 'ScheduleEventSourceProps', this.props);
    const { id, input, retryAttempts, maxEventAge, deadLetterQueue, ...ruleProps } = this.props;
    this.rule = new Schedule(target, childId(target, id, 'Schedule'), { ...ruleProps, schedule: this.schedule });
    this.rule.addTarget(target, { input, retryAttempts, maxEventAge, deadLetterQueue });
  }
}

/** Options of `EventBridgeEventSource`. */
export interface EventBridgeEventSourceProps extends RuleTargetOptions, Omit<RuleProps, 'schedule' | 'eventPattern'> {
  /** Construct id of the rule under the function. @default 'EventRule' */
  readonly id?: string;
}

/** An event pattern rule that invokes the function. */
export class EventBridgeEventSource implements IEventSource {
  /** The rule, once bound. */
  public rule: Rule | undefined;

  constructor(
    private readonly eventPattern: EventPattern,
    private readonly props: EventBridgeEventSourceProps = {},
  ) {}

  public bind(target: IFunction): void {
    checkEventSourceProps(target, 'EventBridgeEventSourceProps', this.props);
    const { id, input, retryAttempts, maxEventAge, deadLetterQueue, ...ruleProps } = this.props;
    this.rule = new Rule(target, childId(target, id, 'EventRule'), { ...ruleProps, eventPattern: this.eventPattern });
    this.rule.addTarget(target, { input, retryAttempts, maxEventAge, deadLetterQueue });
  }
}

/** The props of a rule event source: the rule's (but its schedule or pattern), the target's, and the rule's construct id. */
const EVENT_SOURCE_PROPS: Fields = {
  ...RULE_TARGET_OPTIONS,
  description: RULE_PROPS.description!,
  enabled: RULE_PROPS.enabled!,
  ruleName: RULE_PROPS.ruleName!,
  id: P.string(),
};

/** Unknown keys and wrong types, at the target; ranges are checked by the rule and its target, at the rule. */
function checkEventSourceProps(target: IFunction, name: string, props: unknown): void {
  const problems = checkProps(target.node.path, name, EVENT_SOURCE_PROPS, props);
  throwProblems(target.node.path, hasTypeProblem(problems) ? problems : []);
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
