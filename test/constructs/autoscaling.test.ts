// Provisioned-concurrency autoscaling of an alias, as aws-cdk-lib's alias.addAutoScaling():
// the scalable target (bounds, scheduled actions) and the utilization target-tracking policy, in
// both formats; each limit at the edge and past it.
import { describe, expect, it } from 'vitest';
import { Duration } from '../../lib/all.js';
import { Schedule } from '../../lib/modules/aws-applicationautoscaling.js';
import { Template } from '../../lib/testing/index.js';
import { newFunction, newStack } from '../helpers/app.js';
import { errorMessage } from '../helpers/errors.js';

function aliasOf() {
  const stack = newStack();
  const alias = newFunction(stack, 'Fn').addAlias('live');
  return { stack, alias };
}

function resourcesOfType(stack: ReturnType<typeof newStack>, type: string, format: 'cfn' | 'sam' = 'cfn'): Array<[string, { Properties: Record<string, unknown>; DependsOn?: unknown }]> {
  return Object.entries(Template.fromStack(stack, format).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }>).filter(([, r]) => r.Type === type);
}


describe('alias.addAutoScaling', () => {
  it('writes the scalable target of the alias provisioned concurrency and the utilization policy, in both formats', () => {
    const { stack, alias } = aliasOf();
    const scaling = alias.addAutoScaling({ minCapacity: 2, maxCapacity: 50 });
    scaling.scaleOnUtilization({ utilizationTarget: 0.7, scaleInCooldown: Duration.minutes(2) });
    for (const format of ['cfn', 'sam'] as const) {
      const [[targetId, target]] = resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalableTarget', format) as [[string, { Properties: Record<string, unknown>; DependsOn?: unknown }]];
      expect(target.Properties).toEqual({
        MaxCapacity: 50,
        MinCapacity: 2,
        ResourceId: { 'Fn::Sub': 'function:${Fn}:live' },
        RoleARN: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency' },
        ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        ServiceNamespace: 'lambda',
      });
      expect(target.DependsOn).toEqual(['FnAliaslive']);
      const [[, policy]] = resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalingPolicy', format) as [[string, { Properties: Record<string, unknown> }]];
      expect(policy.Properties).toEqual({
        PolicyName: 'TestFnAliasliveAliasScalingTargetTracking385B64AA',
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: targetId },
        TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' }, ScaleInCooldown: 120, TargetValue: 0.7 },
      });
    }
  });

  it('scheduled actions change the bounds: cron, rate and at, with a time zone', () => {
    const { stack, alias } = aliasOf();
    const scaling = alias.addAutoScaling({ maxCapacity: 10 });
    scaling.scaleOnSchedule('Morning', { schedule: Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 5, timeZone: 'Europe/Paris' });
    scaling.scaleOnSchedule('Hourly', { schedule: Schedule.rate(Duration.hours(1)), maxCapacity: 20 });
    scaling.scaleOnSchedule('Launch', { schedule: Schedule.at(new Date('2026-12-01T09:30:00Z')), minCapacity: 8, maxCapacity: 8 });
    const [[, target]] = resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalableTarget') as [[string, { Properties: Record<string, unknown> }]];
    expect(target.Properties.MinCapacity).toBe(1);
    expect(target.Properties.ScheduledActions).toEqual([
      { ScheduledActionName: 'Morning', Schedule: 'cron(0 8 * * ? *)', ScalableTargetAction: { MinCapacity: 5 }, Timezone: 'Europe/Paris' },
      { ScheduledActionName: 'Hourly', Schedule: 'rate(1 hour)', ScalableTargetAction: { MaxCapacity: 20 } },
      { ScheduledActionName: 'Launch', Schedule: 'at(2026-12-01T09:30:00)', ScalableTargetAction: { MinCapacity: 8, MaxCapacity: 8 } },
    ]);
  });

  it('utilizationTarget 0.1 and 0.9 are accepted, 0.09 and 0.91 refused', () => {
    for (const ok of [0.1, 0.9]) expect(() => aliasOf().alias.addAutoScaling({ maxCapacity: 5 }).scaleOnUtilization({ utilizationTarget: ok })).not.toThrow();
    for (const bad of [0.09, 0.91]) {
      expect(errorMessage(() => aliasOf().alias.addAutoScaling({ maxCapacity: 5 }).scaleOnUtilization({ utilizationTarget: bad }))).toBe(
        `Test/Fn/Aliaslive/AliasScaling: utilizationTarget must be between 0.1 and 0.9 (a share of the provisioned concurrency), got ${bad}`,
      );
    }
  });

  it('bounds: minCapacity 0 and maxCapacity 1 are accepted; -1, 0 and min above max are refused; a second addAutoScaling too', () => {
    expect(() => aliasOf().alias.addAutoScaling({ minCapacity: 0, maxCapacity: 1 })).not.toThrow();
    expect(errorMessage(() => aliasOf().alias.addAutoScaling({ minCapacity: -1, maxCapacity: 1 }))).toBe('Test/Fn/Aliaslive/AliasScaling: minCapacity must be at least 0, got -1');
    expect(errorMessage(() => aliasOf().alias.addAutoScaling({ minCapacity: 0, maxCapacity: 0 }))).toBe('Test/Fn/Aliaslive/AliasScaling: maxCapacity must be at least 1, got 0');
    expect(errorMessage(() => aliasOf().alias.addAutoScaling({ minCapacity: 6, maxCapacity: 5 }))).toBe('Test/Fn/Aliaslive/AliasScaling: minCapacity (6) must not be greater than maxCapacity (5)');
    const { alias } = aliasOf();
    alias.addAutoScaling({ maxCapacity: 5 });
    expect(errorMessage(() => alias.addAutoScaling({ maxCapacity: 5 }))).toBe('Test/Fn/Aliaslive: AutoScaling already enabled for this alias');
  });

  it('a scheduled action needs a bound and a valid schedule, and a unique name', () => {
    const scaling = aliasOf().alias.addAutoScaling({ maxCapacity: 5 });
    expect(errorMessage(() => scaling.scaleOnSchedule('Empty', { schedule: Schedule.rate(Duration.hours(1)) }))).toBe('Test/Fn/Aliaslive/AliasScaling/Empty: a scheduled action must set minCapacity, maxCapacity or both');
    expect(errorMessage(() => scaling.scaleOnSchedule('Bad', { schedule: Schedule.expression('cron(0 8 * * *)'), minCapacity: 1 }))).toContain('cron needs 6 fields');
    scaling.scaleOnSchedule('Once', { schedule: Schedule.rate(Duration.days(1)), minCapacity: 1 });
    expect(errorMessage(() => scaling.scaleOnSchedule('Once', { schedule: Schedule.rate(Duration.days(1)), minCapacity: 2 }))).toBe("Test/Fn/Aliaslive/AliasScaling/Once: a scheduled action named 'Once' exists already");
  });
});
