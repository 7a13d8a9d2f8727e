/**
 * What `Function`, `Version` and `Alias` share (as aws-cdk's `aws-lambda/lib/function-base.ts`):
 * the interfaces of an invocable target, and one definition of `addEventSource`, `grantInvoke`
 * and `addPermission`. The siblings import this file, never each other's.
 */
import type { IConstruct } from 'constructs';
import { Metric, Stats, type MetricProps } from './cloudwatch.js';
import type { Duration } from '../core/duration.js';
import { LambdaformError, type Problem } from '../core/errors.js';
import { checkProps, P } from '../core/props.js';
import { LIMITS } from '../model/defaults.js';
import { pascal } from '../core/logical-id.js';
import { Resource } from '../core/resource.js';
import type { Runtime } from '../core/runtime.js';
import { grant, ServicePrincipal, type IGrantable, type PolicyStatement, type PolicyStatementProps, type Role } from './iam.js';
import { Permission, type PermissionOptions } from './permission.js';

/** A function, a version or an alias: anything that can be invoked and be an event target. */
export interface IFunction extends IConstruct {
  /** The ARN to invoke (qualified for versions and aliases). */
  readonly functionArn: string;
  /** The function behind the target (the function itself for a `Function`). */
  readonly lambda: ILambdaFunction;
  /** Adds an event source (an SQS queue, a stream, ...) that invokes this target. */
  addEventSource(source: IEventSource): void;
  /**
   * Allows a role (`lambda:InvokeFunction`) or a service (a resource-based permission) to invoke
   * this target. A service is limited to `options.sourceArn`/`sourceAccount`; without them, to
   * resources of this account.
   */
  grantInvoke(grantee: IGrantable | ServicePrincipal, options?: GrantInvokeOptions): void;
  /** Adds a resource-based permission (`AWS::Lambda::Permission`) with its own construct id. */
  addPermission(id: string, permission: PermissionOptions): Permission;
}

/** What versions, aliases and event sources read of the function behind them. */
export interface ILambdaFunction extends IFunction, IGrantable {
  /** The function name (token). */
  readonly functionName: string;
  /** The resolved timeout. */
  readonly timeout: Duration;
  /** The runtime. */
  readonly runtime: Runtime;
  /** Reserved concurrency, when set. */
  readonly reservedConcurrentExecutions: number | undefined;
  /** The `functionName` given in props, if any. */
  readonly fixedFunctionName: string | undefined;
  /** The execution role. */
  readonly role: Role;
  /** Adds a statement to the execution role. */
  addToRolePolicy(statement: PolicyStatement | PolicyStatementProps): void;
  /** @internal The content identity of each layer, in order (for version hashes). */
  _layerIdentities(): unknown[];
}

/** An event source that binds to a function: `new SqsEventSource(queue, {...})`. */
export interface IEventSource {
  /** Creates what connects the source to `target` (mapping, subscription, permission, grants). */
  bind(target: IFunction): void;
}

/** Where a service may invoke from, when granted with `grantInvoke(servicePrincipal, ...)`. */
export interface GrantInvokeOptions {
  /** Only on behalf of this resource (a bucket's, topic's or rule's ARN). @default any resource of `sourceAccount` */
  readonly sourceArn?: string;
  /** Only on behalf of resources of this account. @default this stack's account (`AWS::AccountId`) when no `sourceArn` is given */
  readonly sourceAccount?: string;
}

/** The base of `Function`, `Version` and `Alias`. */
export abstract class FunctionBase extends Resource implements IFunction {
  public abstract readonly functionArn: string;
  public abstract readonly lambda: ILambdaFunction;

  /** The ARNs a role's `grantInvoke` covers (a function: itself and its qualifiers). */
  protected abstract invokeArns(): string[];

  public addEventSource(source: IEventSource): void {
    if (!source || typeof (source as IEventSource).bind !== 'function') {
      throw new LambdaformError(this.node.path, `addEventSource expects an event source such as new SqsEventSource(queue), got ${source === undefined ? 'undefined' : typeof source}`, 'wrong-type');
    }
    source.bind(this);
  }

  public grantInvoke(grantee: IGrantable | ServicePrincipal, options: GrantInvokeOptions = {}): void {
    if (grantee instanceof ServicePrincipal) {
      // The same grant twice is one permission; another source of the same service gets its own.
      const base = `InvokePermission${pascal(grantee.service.split('.')[0]!)}`;
      let id = base;
      for (let i = 2; this.node.tryFindChild(id); i++) {
        const existing = this.node.tryFindChild(id);
        if (existing instanceof Permission && existing.grants(grantee.service, options)) return;
        id = `${base}${i}`;
      }
      this.addPermission(id, { principal: grantee, ...options });
      return;
    }
    grant(grantee, ['lambda:InvokeFunction'], this.invokeArns(), 'grantInvoke', this);
  }

  public addPermission(id: string, permission: PermissionOptions): Permission {
    return new Permission(this, id, { ...permission, target: this });
  }

  /** The dimensions of this function's metrics (a version or an alias adds its `Resource`). */
  protected metricDimensions(): Record<string, string> {
    return { FunctionName: this.lambda.functionName };
  }

  /** A metric of this function in `AWS/Lambda` (aws-cdk-lib's `metric`). */
  public metric(metricName: string, props: Partial<Omit<MetricProps, 'namespace' | 'metricName'>> = {}): Metric {
    return new Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: this.metricDimensions(), ...props });
  }

  /** Invocations that ended in an error, summed over 5 minutes by default. */
  public metricErrors(props: Partial<Omit<MetricProps, 'namespace' | 'metricName'>> = {}): Metric {
    return this.metric('Errors', { statistic: Stats.SUM, ...props });
  }

  /** Invocations, summed over 5 minutes by default. */
  public metricInvocations(props: Partial<Omit<MetricProps, 'namespace' | 'metricName'>> = {}): Metric {
    return this.metric('Invocations', { statistic: Stats.SUM, ...props });
  }

  /** Throttled invocation requests, summed over 5 minutes by default. */
  public metricThrottles(props: Partial<Omit<MetricProps, 'namespace' | 'metricName'>> = {}): Metric {
    return this.metric('Throttles', { statistic: Stats.SUM, ...props });
  }

  /** How long invocations take, averaged over 5 minutes by default. */
  public metricDuration(props: Partial<Omit<MetricProps, 'namespace' | 'metricName'>> = {}): Metric {
    return this.metric('Duration', { statistic: Stats.AVERAGE, ...props });
  }
}

/** Problems of a provisioned concurrency value: a whole number, at least 1, within the function's reservation. */
export function provisionedProblems(path: string, value: number | undefined, fn: ILambdaFunction): Problem[] {
  if (value === undefined) return [];
  const max = fn.reservedConcurrentExecutions ?? LIMITS.version.provisionedConcurrency.max;
  return checkProps(path, 'provisioned concurrency', { provisionedConcurrentExecutions: P.number({ limit: { ...LIMITS.version.provisionedConcurrency, max } }) }, { provisionedConcurrentExecutions: value });
}
