import { LambdaformError } from '../core/errors.js';
import type { ILambdaFunction } from './function-base.js';

/**
 * How CodeDeploy shifts traffic to a new version of an alias: all at once, a canary of 10% for a
 * while then the rest, or 10% more at fixed intervals.
 */
export class DeploymentPreference {
  /** Everything at once. */
  public static allAtOnce(): DeploymentPreference {
    return new DeploymentPreference('AllAtOnce');
  }
  /** 10% for 5 minutes, then the rest. */
  public static canary10Percent5Minutes(): DeploymentPreference {
    return new DeploymentPreference('Canary10Percent5Minutes');
  }
  /** 10% for 10 minutes, then the rest. */
  public static canary10Percent10Minutes(): DeploymentPreference {
    return new DeploymentPreference('Canary10Percent10Minutes');
  }
  /** 10% for 15 minutes, then the rest. */
  public static canary10Percent15Minutes(): DeploymentPreference {
    return new DeploymentPreference('Canary10Percent15Minutes');
  }
  /** 10% for 30 minutes, then the rest. */
  public static canary10Percent30Minutes(): DeploymentPreference {
    return new DeploymentPreference('Canary10Percent30Minutes');
  }
  /** 10% more every minute. */
  public static linear10PercentEvery1Minute(): DeploymentPreference {
    return new DeploymentPreference('Linear10PercentEvery1Minute');
  }
  /** 10% more every 2 minutes. */
  public static linear10PercentEvery2Minutes(): DeploymentPreference {
    return new DeploymentPreference('Linear10PercentEvery2Minutes');
  }
  /** 10% more every 3 minutes. */
  public static linear10PercentEvery3Minutes(): DeploymentPreference {
    return new DeploymentPreference('Linear10PercentEvery3Minutes');
  }
  /** 10% more every 10 minutes. */
  public static linear10PercentEvery10Minutes(): DeploymentPreference {
    return new DeploymentPreference('Linear10PercentEvery10Minutes');
  }

  /** Every predefined type, as SAM names them. */
  public static readonly TYPES = [
    'AllAtOnce',
    'Canary10Percent5Minutes',
    'Canary10Percent10Minutes',
    'Canary10Percent15Minutes',
    'Canary10Percent30Minutes',
    'Linear10PercentEvery1Minute',
    'Linear10PercentEvery2Minutes',
    'Linear10PercentEvery3Minutes',
    'Linear10PercentEvery10Minutes',
  ] as const;

  /** A type by its SAM name (`Canary10Percent5Minutes`). */
  public static of(type: string): DeploymentPreference {
    if (!(DeploymentPreference.TYPES as readonly string[]).includes(type)) {
      throw new LambdaformError(undefined, `unknown deployment preference '${type}'; one of ${DeploymentPreference.TYPES.join(', ')}`);
    }
    return new DeploymentPreference(type);
  }

  private constructor(
    /** The SAM type name; CodeDeploy's configuration is `CodeDeployDefault.Lambda<type>`. */
    public readonly type: string,
  ) {}
}

/** An alarm, by its name (aws-cdk-lib's `IAlarm`: `Alarm` has it). */
export interface IAlarm {
  readonly alarmName: string;
}

/** A gradual deployment of an alias. */
export interface DeploymentOptions {
  /** How traffic shifts. */
  readonly preference: DeploymentPreference;
  /** CloudWatch alarms (an `Alarm`, or an alarm's name) that roll the deployment back when they fire. @default none */
  readonly alarms?: ReadonlyArray<string | IAlarm>;
  /** Function run before traffic shifts; its name must start with `CodeDeployHook_`. @default none */
  readonly preTraffic?: ILambdaFunction;
  /** Function run after traffic shifted; its name must start with `CodeDeployHook_`. @default none */
  readonly postTraffic?: ILambdaFunction;
}

/** Options of `fn.deploy()`. */
export interface DeployOptions extends DeploymentOptions {
  /** The alias whose traffic CodeDeploy shifts (`live`). */
  readonly alias: string;
  /** Provisioned concurrency of the alias. @default none */
  readonly provisionedConcurrentExecutions?: number;
}

/** Why a hook function cannot be used, or undefined. */
export function hookProblem(which: string, hook: ILambdaFunction | undefined): string | undefined {
  if (!hook) return undefined;
  const name = hook.fixedFunctionName;
  if (name === undefined || !name.startsWith('CodeDeployHook_')) {
    return `${which} hook ${hook.node.path} must have a functionName starting with 'CodeDeployHook_' (the CodeDeploy service role may only invoke those), got ${name === undefined ? 'a generated name' : `'${name}'`}`;
  }
  return undefined;
}
