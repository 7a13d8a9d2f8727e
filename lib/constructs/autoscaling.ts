/**
 * Provisioned-concurrency autoscaling of an alias, as aws-cdk-lib's `alias.addAutoScaling()`:
 * an Application Auto Scaling scalable target for the alias's provisioned concurrency
 * (`AWS::ApplicationAutoScaling::ScalableTarget`, with its scheduled actions), and target
 * tracking on provisioned-concurrency utilization (`AWS::ApplicationAutoScaling::ScalingPolicy`).
 * Both are written as they are in both formats; the local runtime and lint do not read them.
 */
import { Construct } from 'constructs';
import type { Duration } from '../core/duration.js';
import { CfnResource } from '../core/cfn-resource.js';
import { LambdaformError, throwProblems, type Problem } from '../core/errors.js';
import { checkProps, hasTypeProblem, P, type Fields } from '../core/props.js';
import { cdkLogicalId } from '../core/logical-id.js';
import { Aws } from '../core/tokens.js';
import { Schedule as EventsSchedule, scheduleProblem } from './schedule-expression.js';
import type { Alias } from './alias.js';
import type { CronOptions } from './schedule-expression.js';

/** A schedule of Application Auto Scaling (aws-cdk-lib/aws-applicationautoscaling's `Schedule`). */
export class Schedule {
  /** Every `duration`, a whole number of minutes, at least 1 (`rate(1 hour)`), as EventBridge's. */
  public static rate(duration: Duration): Schedule {
    const e = EventsSchedule.rate(duration);
    return new Schedule(e.expressionString, e.problem);
  }

  /** A cron schedule from its fields, as EventBridge's (unset fields are `*`; day of week `?`, and day of month `?` when `weekDay` is set). */
  public static cron(options: CronOptions): Schedule {
    const e = EventsSchedule.cron(options);
    return new Schedule(e.expressionString, e.problem);
  }

  /** Once, at a moment (`at(2026-12-01T08:00:00)`, in the scheduled action's time zone, UTC by default). */
  public static at(moment: Date): Schedule {
    if (!(moment instanceof Date) || Number.isNaN(moment.getTime())) return new Schedule('at(?)', 'Schedule.at needs a valid Date');
    return new Schedule(`at(${moment.toISOString().slice(0, 19)})`);
  }

  /** A literal expression: `rate(...)`, `cron(...)` or `at(...)`. */
  public static expression(expression: string): Schedule {
    if (/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(expression)) return new Schedule(expression);
    return new Schedule(expression, scheduleProblem(expression));
  }

  private constructor(
    /** The expression, as Application Auto Scaling takes it. */
    public readonly expressionString: string,
    /** Why it is invalid, when it is: the scheduled action that uses it refuses it. */
    public readonly problem: string | undefined = undefined,
  ) {}
}

/** The fields of a cron schedule (Application Auto Scaling's six-field cron, as EventBridge's). */
export type { CronOptions } from './schedule-expression.js';

/** Bounds of the alias's provisioned concurrency (aws-cdk-lib's `EnableScalingProps`). */
export interface EnableScalingProps {
  /** The lowest provisioned concurrency. @default 1 */
  readonly minCapacity?: number;
  /** The highest provisioned concurrency. */
  readonly maxCapacity: number;
}

/** Target tracking on provisioned-concurrency utilization (aws-cdk-lib's `UtilizationScalingOptions`). */
export interface UtilizationScalingOptions {
  /** The utilization to keep, 0.1 to 0.9 (the share of provisioned concurrency in use). */
  readonly utilizationTarget: number;
  /** How long after a scale-in before another. @default Application Auto Scaling's default (5 minutes for Lambda) */
  readonly scaleInCooldown?: Duration;
  /** How long after a scale-out before another. @default Application Auto Scaling's default */
  readonly scaleOutCooldown?: Duration;
  /** Never scale in. @default false */
  readonly disableScaleIn?: boolean;
  /** The policy's name. @default derived from the construct path */
  readonly policyName?: string;
}

/** A scheduled change of the bounds (aws-cdk-lib's `ScalingSchedule`). */
export interface ScalingSchedule {
  /** When. */
  readonly schedule: Schedule;
  /** The new lowest provisioned concurrency. @default unchanged */
  readonly minCapacity?: number;
  /** The new highest provisioned concurrency. @default unchanged */
  readonly maxCapacity?: number;
  /** From when the schedule applies. @default now */
  readonly startTime?: Date;
  /** Until when the schedule applies. @default forever */
  readonly endTime?: Date;
  /** The time zone of a cron or at expression (an IANA name, `Europe/Paris`). @default UTC */
  readonly timeZone?: string;
}

/** The scaling of an alias's provisioned concurrency, as `alias.addAutoScaling()` returns it. */
export interface IScalableFunctionAttribute {
  /** Keeps provisioned-concurrency utilization at a target. */
  scaleOnUtilization(options: UtilizationScalingOptions): void;
  /** Changes the bounds on a schedule. */
  scaleOnSchedule(id: string, action: ScalingSchedule): void;
}

const SCALING_PROPS: Fields = {
  minCapacity: P.number({ integer: true }),
  maxCapacity: P.number({ integer: true, required: true }),
};

const UTILIZATION_OPTIONS: Fields = {
  utilizationTarget: P.number({ required: true }),
  scaleInCooldown: P.duration(),
  scaleOutCooldown: P.duration(),
  disableScaleIn: P.boolean(),
  policyName: P.string(),
};

const SCHEDULE_OPTIONS: Fields = {
  schedule: P.instance('Schedule', (v) => v instanceof Schedule, { required: true, example: 'Schedule.cron({ hour: "8", minute: "0" })' }),
  minCapacity: P.number({ integer: true }),
  maxCapacity: P.number({ integer: true }),
  startTime: P.date(),
  endTime: P.date(),
  timeZone: P.string(),
};

/** The Role Application Auto Scaling uses for Lambda (its service-linked role). */
const SERVICE_LINKED_ROLE = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency`;

/** @internal What `alias.addAutoScaling()` makes: the scalable target, and its policies and scheduled actions. */
export class ScalableFunctionAttribute extends Construct implements IScalableFunctionAttribute {
  private readonly targetScope: Construct;
  private readonly target: CfnResource;
  private readonly scheduled: Array<Record<string, unknown>> = [];
  private tracking = false;

  constructor(scope: Construct, id: string, alias: Alias, props: EnableScalingProps) {
    super(scope, id);
    const path = this.node.path;
    const problems = checkProps(path, 'EnableScalingProps', SCALING_PROPS, props);
    const min = props?.minCapacity ?? 1;
    if (!hasTypeProblem(problems)) {
      if (min < 0) problems.push({ code: 'out-of-range', path, property: 'minCapacity', message: `minCapacity must be at least 0, got ${min}` });
      if (props.maxCapacity < 1) problems.push({ code: 'out-of-range', path, property: 'maxCapacity', message: `maxCapacity must be at least 1, got ${props.maxCapacity}` });
    }
    if (!hasTypeProblem(problems) && min > props.maxCapacity) {
      problems.push({ code: 'conflicting-properties', path, property: 'minCapacity', message: `minCapacity (${min}) must not be greater than maxCapacity (${props.maxCapacity})` });
    }
    throwProblems(path, problems);
    // aws-cdk-lib's tree: <alias>/AliasScaling/Target (a ScalableTarget) with its Resource, and the
    // tracking policy under the target: the same logical ids, and policy name, as CDK's.
    this.targetScope = new Construct(this, 'Target');
    this.target = new CfnResource(this.targetScope, 'Resource', {
      type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      properties: {
        MaxCapacity: props.maxCapacity,
        MinCapacity: min,
        ResourceId: `function:${alias.lambda.functionName}:${alias.aliasName}`,
        RoleARN: SERVICE_LINKED_ROLE,
        ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        ServiceNamespace: 'lambda',
      },
    });
    // The alias must exist before its provisioned concurrency can be registered.
    this.target.addDependency(alias);
  }

  public scaleOnUtilization(options: UtilizationScalingOptions): void {
    const path = this.node.path;
    const problems: Problem[] = checkProps(path, 'UtilizationScalingOptions', UTILIZATION_OPTIONS, options);
    if (!hasTypeProblem(problems) && !(options.utilizationTarget >= 0.1 && options.utilizationTarget <= 0.9)) {
      problems.push({ code: 'out-of-range', path, property: 'utilizationTarget', message: `utilizationTarget must be between 0.1 and 0.9 (a share of the provisioned concurrency), got ${options.utilizationTarget}` });
    }
    throwProblems(path, problems);
    if (this.tracking) throw new LambdaformError(path, 'scaleOnUtilization was already called: an alias has one target-tracking policy', 'duplicate');
    this.tracking = true;
    const tracking = new Construct(this.targetScope, 'Tracking');
    new CfnResource(tracking, 'Resource', {
      type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      properties: {
        // aws-cdk-lib's: the construct's unique id (its path without separators, with a hash).
        PolicyName: options.policyName ?? cdkLogicalId(tracking.node.path.split('/'), tracking.node.path),
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: this.target.ref,
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
          TargetValue: options.utilizationTarget,
          ...(options.scaleInCooldown ? { ScaleInCooldown: options.scaleInCooldown.toSeconds() } : {}),
          ...(options.scaleOutCooldown ? { ScaleOutCooldown: options.scaleOutCooldown.toSeconds() } : {}),
          ...(options.disableScaleIn !== undefined ? { DisableScaleIn: options.disableScaleIn } : {}),
        },
      },
    });
  }

  public scaleOnSchedule(id: string, action: ScalingSchedule): void {
    const path = `${this.node.path}/${id}`;
    const problems = checkProps(path, 'ScalingSchedule', SCHEDULE_OPTIONS, action);
    if (!hasTypeProblem(problems)) {
      if (action.schedule.problem) problems.push({ code: 'invalid-format', path, property: 'schedule', message: action.schedule.problem });
      for (const k of ['minCapacity', 'maxCapacity'] as const) {
        if ((action[k] ?? 0) < 0) problems.push({ code: 'out-of-range', path, property: k, message: `${k} must be at least 0, got ${action[k]}` });
      }
      if (action.minCapacity === undefined && action.maxCapacity === undefined) {
        problems.push({ code: 'missing-property', path, property: 'minCapacity', message: 'a scheduled action must set minCapacity, maxCapacity or both' });
      }
      if (action.minCapacity !== undefined && action.maxCapacity !== undefined && action.minCapacity > action.maxCapacity) {
        problems.push({ code: 'conflicting-properties', path, property: 'minCapacity', message: `minCapacity (${action.minCapacity}) must not be greater than maxCapacity (${action.maxCapacity})` });
      }
      if (this.scheduled.some((s) => s.ScheduledActionName === id)) problems.push({ code: 'duplicate', path, property: 'id', message: `a scheduled action named '${id}' exists already` });
    }
    throwProblems(path, problems);
    this.scheduled.push({
      ScheduledActionName: id,
      Schedule: action.schedule.expressionString,
      ScalableTargetAction: { ...(action.minCapacity !== undefined ? { MinCapacity: action.minCapacity } : {}), ...(action.maxCapacity !== undefined ? { MaxCapacity: action.maxCapacity } : {}) },
      ...(action.startTime ? { StartTime: action.startTime.toISOString() } : {}),
      ...(action.endTime ? { EndTime: action.endTime.toISOString() } : {}),
      ...(action.timeZone ? { Timezone: action.timeZone } : {}),
    });
    this.target.addPropertyOverride('ScheduledActions', this.scheduled.map((s) => ({ ...s })));
  }
}
